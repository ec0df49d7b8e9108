"""Signed checkpoints: the office's signature on the audit log's head, so that lines cut
from the end of the log, or a rewritten history, show against it.

The office closes each working day with an ``audit_checkpoint`` line holding the ``seq``
and ``hash`` of the last line before it, signed with the office's Ed25519 key
(``office_key``). The checkpoint covers the entries before its own line. Its text is
printed in the monthly recap (as text and QR code) or kept by the Kabupaten, and
``verify_against`` (``audit.verdict``) later says whether a log is intact, truncated or
forked against it.

The text, one line (``Checkpoint.text``)::

    OSSCP1;office=Kecamatan+Ranuyoso,+Kabupaten+Lumajang;seq=1234;at=20261130T090000Z;
    head=<64 hex, in 8 groups of 8 joined by ".">;key=<16 hex, 2 groups>;
    sig=<Ed25519 signature, 86 base64url characters, in groups of 8 joined by ".">

(shown wrapped here; the real text has no line breaks). ``office`` is URL-encoded
(``+`` for a space), ``at`` is the signing time in UTC, ``key`` the signing key's
fingerprint. The groups keep every run of digits shorter than a phone number or a NIK,
so the audit log's masking never alters the text, and they make it easier to type from
paper. ``parse_checkpoint`` ignores all whitespace (a wrapped text joined back), the
dots, and the case of the hex fields.

What is signed (UTF-8): ``OSSCP1|<seq>|<head>|<at>|<key>|<office>``, the hex without
dots, the office as written: every field of the text, so any change to it is found.
"""

from __future__ import annotations

import base64
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Final
from urllib.parse import quote_plus, unquote_plus

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from oss_assist.audit.chain import _Line, _lock_file, _raw_lines, _read_tail
from oss_assist.audit.events import Event
from oss_assist.audit.logger import audit_logger
from oss_assist.audit.office_key import public_key_fingerprint
from oss_assist.errors import ConfigError, InputError, TamperedError
from oss_assist.i18n import Text, os_reason

VERSION: Final = "OSSCP1"

_FIELDS = ("office", "seq", "at", "head", "key", "sig")
_AT_FORMAT = "%Y%m%dT%H%M%SZ"
_HEX64 = re.compile(r"[0-9a-f]{64}\Z")
_HEX16 = re.compile(r"[0-9a-f]{16}\Z")
_SIG = re.compile(r"[A-Za-z0-9_-]{86}\Z")
_SEQ = re.compile(r"[0-9]{1,15}\Z")
_GROUP = 8
_CLOSING = threading.Lock()


@dataclass(frozen=True)
class Checkpoint:
    """The office's signature on the log's head: entry ``seq`` had hash ``head`` at ``at``."""

    office: str
    #: ``seq`` of the last entry covered (the checkpoint's own line comes after it)
    seq: int
    head: str
    #: when it was signed, in UTC, to the second
    at: datetime
    key_id: str
    signature: bytes

    @property
    def message(self) -> bytes:
        """The bytes the signature is made over."""
        at = self.at.astimezone(UTC).strftime(_AT_FORMAT)
        return f"{VERSION}|{self.seq}|{self.head}|{at}|{self.key_id}|{self.office}".encode()

    @property
    def text(self) -> str:
        """The one-line text printed on paper and in the QR code (see the module's doc)."""
        sig = base64.urlsafe_b64encode(self.signature).rstrip(b"=").decode("ascii")
        fields = {
            "office": quote_plus(self.office, safe=","),
            "seq": str(self.seq),
            "at": self.at.astimezone(UTC).strftime(_AT_FORMAT),
            "head": _grouped(self.head),
            "key": _grouped(self.key_id),
            "sig": _grouped(sig),
        }
        return ";".join([VERSION, *(f"{name}={value}" for name, value in fields.items())])


# --- the text ------------------------------------------------------------------------


def parse_checkpoint(text: str) -> Checkpoint:
    """The checkpoint a text stands for; raises ``InputError`` naming what is wrong."""
    compact = "".join(text.split())
    if not compact:
        raise _malformed(_EMPTY)
    version, _, rest = compact.partition(";")
    if version.upper() != VERSION:
        if version.upper().startswith(VERSION[:-1]):
            raise _malformed(_VERSION.format(version=version, known=VERSION))
        raise _malformed(_NOT_A_CHECKPOINT.format(start=version[:12]))
    fields: dict[str, str] = {}
    for part in filter(None, rest.split(";")):
        name, sep, value = part.partition("=")
        name = name.lower()
        if not sep or name not in _FIELDS:
            raise _malformed(_UNKNOWN_FIELD.format(part=part[:20]))
        if name in fields:
            raise _malformed(_TWICE.format(name=name))
        fields[name] = value
    missing = [name for name in _FIELDS if not fields.get(name)]
    if missing:
        raise _malformed(_MISSING.format(names=", ".join(missing)))
    head = fields["head"].replace(".", "").lower()
    key_id = fields["key"].replace(".", "").lower()
    sig = fields["sig"].replace(".", "")
    if not _SEQ.match(fields["seq"]) or int(fields["seq"]) < 1:
        raise _malformed(_BAD_FIELD.format(name="seq", want=_WANT_SEQ))
    if not _HEX64.match(head):
        raise _malformed(_BAD_FIELD.format(name="head", want=_WANT_HEX.format(n=64)))
    if not _HEX16.match(key_id):
        raise _malformed(_BAD_FIELD.format(name="key", want=_WANT_HEX.format(n=16)))
    if not _SIG.match(sig):
        raise _malformed(_BAD_FIELD.format(name="sig", want=_WANT_SIG))
    try:
        at = datetime.strptime(fields["at"].upper(), _AT_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise _malformed(_BAD_FIELD.format(name="at", want=_WANT_AT)) from None
    try:
        office = unquote_plus(fields["office"], errors="strict")
    except UnicodeDecodeError:
        raise _malformed(_BAD_FIELD.format(name="office", want=_WANT_OFFICE)) from None
    return Checkpoint(
        office=office,
        seq=int(fields["seq"]),
        head=head,
        at=at,
        key_id=key_id,
        signature=base64.urlsafe_b64decode(sig + "=="),
    )


def _grouped(value: str) -> str:
    return ".".join(value[i : i + _GROUP] for i in range(0, len(value), _GROUP))


def _malformed(reason: Text) -> InputError:
    return InputError(
        Text(
            f"teks titik periksa tidak sah: {reason.id}. Salin ulang teksnya secara utuh dari "
            "rekap atau salinan Kabupaten (atau ketik ulang dengan teliti).",
            f"the checkpoint text is not valid: {reason.en}. Copy the text again, whole, "
            "from the recap or the Kabupaten's copy (or retype it carefully).",
        )
    )


# --- writing -------------------------------------------------------------------------


def write_checkpoint(
    log_path: Path,
    key: Ed25519PrivateKey,
    *,
    office: str,
    operator: str = "",
    at: datetime | None = None,
) -> Checkpoint:
    """Sign the log's current head and append it as an ``audit_checkpoint`` line.

    ``at`` (aware; default: now) is kept to the second. An empty or missing log has
    nothing to sign: ``InputError``. A last line that cannot be read: ``TamperedError``.
    """
    if at is not None and at.tzinfo is None:
        raise ValueError("at must be an aware datetime")
    if not office.strip():
        raise ConfigError(_NO_OFFICE)
    when = (at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    head = _head(log_path)
    if head is None:
        raise InputError(_NOTHING_TO_SIGN, where=str(log_path))
    if head.record is None:
        raise TamperedError(_UNREADABLE_HEAD, where=str(log_path))
    unsigned = Checkpoint(office, head.seq, head.hash, when, _key_id(key), b"")
    checkpoint = Checkpoint(
        office, head.seq, head.hash, when, unsigned.key_id, key.sign(unsigned.message)
    )
    text = checkpoint.text
    audit_logger(log_path, operator=operator, office=office).info(
        Event.AUDIT_CHECKPOINT,
        covers_seq=checkpoint.seq,
        # the log masks digit runs in free text but never *_sha256 values; the text, and
        # the signature as grouped in it, are safe from masking by their format
        head_sha256=checkpoint.head,
        key_sha256=checkpoint.key_id,
        signed_at=checkpoint.at.isoformat().replace("+00:00", "Z"),
        signature=text.rpartition("sig=")[2],
        checkpoint=text,
    )
    return checkpoint


def close_previous_day(
    log_path: Path,
    key: Ed25519PrivateKey,
    *,
    office: str,
    tz: tzinfo,
    now: datetime,
    operator: str = "",
) -> Checkpoint | None:
    """Close the last working day: if the log's last line is an entry (not a checkpoint)
    from a local date before ``now``'s, sign it now; otherwise do nothing (None).

    Meant to run before every transition: it reads only the log's tail. A missing or
    empty log, or an unreadable last line, is left alone (None); the next write reports it.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    if not _day_to_close(log_path, tz, now):
        return None
    with _closing(log_path):
        # another process may have closed the day while this one waited
        if not _day_to_close(log_path, tz, now):
            return None
        return write_checkpoint(log_path, key, office=office, operator=operator, at=now)


def last_checkpoint(log_path: Path, *, until: datetime | None = None) -> Checkpoint | None:
    """The last checkpoint line of the log signed at or before ``until`` (default: any).

    Reads the whole log. A checkpoint line whose text no longer parses is skipped:
    ``verify`` names it as edited.
    """
    found: Checkpoint | None = None
    for _, raw, _ in _raw_lines(log_path):
        if Event.AUDIT_CHECKPOINT.value.encode() not in raw:
            continue
        line = _Line.parse(0, raw)
        record = line.record
        if record is None or record.get("event") != Event.AUDIT_CHECKPOINT:
            continue
        try:
            checkpoint = parse_checkpoint(str(record.get("checkpoint", "")))
        except InputError:
            continue
        if until is None or checkpoint.at <= until:
            found = checkpoint
    return found


def _key_id(key: Ed25519PrivateKey) -> str:
    return public_key_fingerprint(key.public_key())


def _head(log_path: Path) -> _Line | None:
    """The log's last line, read from its tail; None for a missing or empty log."""
    try:
        fd = os.open(log_path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError(
            _UNREADABLE_LOG.format(err=os_reason(exc)), where=str(log_path)
        ) from exc
    try:
        size = os.fstat(fd).st_size
        if size == 0:
            return None
        last, partial, _ = _read_tail(fd, size)
    finally:
        os.close(fd)
    if partial:
        whole = _Line.parse(0, partial)
        if whole.sealed:
            return whole  # only its newline is missing
    return _Line.parse(0, last) if last is not None else None


def _day_to_close(log_path: Path, tz: tzinfo, now: datetime) -> bool:
    head = _head(log_path)
    if head is None or head.record is None:
        return False
    if head.record.get("event") == Event.AUDIT_CHECKPOINT:
        return False
    try:
        written = datetime.fromisoformat(str(head.record.get("ts")))
    except ValueError:
        return False
    if written.tzinfo is None:
        return False
    return written.astimezone(tz).date() < now.astimezone(tz).date()


@contextmanager
def _closing(log_path: Path) -> Iterator[None]:
    """One closer at a time, across threads and (where files lock) processes."""
    lock_path = log_path.with_name(f".{log_path.name}.checkpoint-lock")
    with _CLOSING:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            # the lock only spares a second checkpoint of the same day; if the folder
            # cannot be written, the checkpoint's own write says so clearly
            yield
            return
        try:
            _lock_file(fd)
            yield
        finally:
            os.close(fd)


_EMPTY = Text("teksnya kosong", "it is empty")
_NOT_A_CHECKPOINT = Text(
    "teks ini bukan titik periksa (diawali '{start}', seharusnya '" + VERSION + ";')",
    "this is not a checkpoint (it starts with '{start}', not '" + VERSION + ";')",
)
_VERSION = Text(
    "versi {version} tidak dikenal (yang dikenal: {known}); perbarui oss-assist",
    "version {version} is unknown (known: {known}); update oss-assist",
)
_UNKNOWN_FIELD = Text("bagian '{part}' tidak dikenal", "the part '{part}' is unknown")
_TWICE = Text("kolom {name} muncul dua kali", "the field {name} appears twice")
_MISSING = Text("kolom {names} tidak ada", "the field(s) {names} are missing")
_BAD_FIELD = Text("kolom {name} seharusnya {want}", "the field {name} should be {want}")
_WANT_SEQ = Text("bilangan bulat positif", "a positive whole number")
_WANT_HEX = Text("{n} karakter heksadesimal (0-9, a-f)", "{n} hexadecimal characters (0-9, a-f)")
_WANT_SIG = Text("86 karakter base64url", "86 base64url characters")
_WANT_AT = Text("waktu UTC seperti 20261130T090000Z", "a UTC time like 20261130T090000Z")
_WANT_OFFICE = Text("teks UTF-8 yang dikodekan URL", "URL-encoded UTF-8 text")
_NO_OFFICE = Text(
    "nama kantor kosong; isi setelan OSS_ASSIST_OFFICE.",
    "the office name is empty; set OSS_ASSIST_OFFICE.",
)
_NOTHING_TO_SIGN = Text(
    "log audit kosong atau belum ada: belum ada yang dapat ditandatangani.",
    "the audit log is empty or missing: there is nothing to sign yet.",
)
_UNREADABLE_HEAD = Text(
    "baris terakhir log audit tidak terbaca, jadi tidak dapat ditandatangani. Jalankan "
    "`oss-assist audit verify` dan laporkan kepada atasan.",
    "the last line of the audit log cannot be read, so it cannot be signed. Run "
    "`oss-assist audit verify` and tell your supervisor.",
)
_UNREADABLE_LOG = Text(
    "log audit tidak dapat dibaca ({err}). Periksa hak akses berkas itu.",
    "the audit log cannot be read ({err}). Check the file's permissions.",
)
