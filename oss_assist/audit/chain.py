"""The hash chain: how an audit line is sealed, appended, read back and verified.

Each line is one JSON object in a canonical form carrying ``seq`` (1, 2, 3...), ``prev``
(the ``hash`` of the line before, or 64 zeros) and ``hash`` (SHA-256 of the line's own
canonical form without ``hash``). Any change to a line's bytes breaks its hash or its
canonical form; any line removed, added or moved breaks ``seq`` and ``prev``.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from oss_assist.audit.events import Event
from oss_assist.audit.processors import add_timestamp
from oss_assist.errors import ConfigError, InputError, TamperedError
from oss_assist.filelock import lock, unlock
from oss_assist.i18n import Text, os_reason

#: ``prev`` of the first line.
GENESIS = "0" * 64

_HEAD_KEYS = ("seq", "ts", "level", "event", "case_id", "operator", "office")
_TAIL_KEYS = ("prev", "hash")
_READ_BLOCK = 64 * 1024

ProblemKind = Literal["edited", "inserted", "deleted", "moved", "truncated"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the log, attached to the line a reader should look at."""

    kind: ProblemKind
    line: int
    text: Text


@dataclass(frozen=True)
class ChainReport:
    """What ``verify`` found: the problems, notes that are not tampering, and the head."""

    path: Path
    lines: int
    problems: tuple[Problem, ...]
    notes: tuple[Text, ...]
    #: ``seq`` and ``hash`` of the last sound line; supervisors copy these into the recap,
    #: since lines cut from the end of the log leave no trace in the log itself.
    head_seq: int
    head_hash: str

    @property
    def intact(self) -> bool:
        return not self.problems


# --- sealing -------------------------------------------------------------------------


def seal(content: dict[str, Any], seq: int, prev: str) -> tuple[bytes, str]:
    """The line (with its newline) that records ``content`` at ``seq`` after ``prev``."""
    record = _plain(content)
    record.pop("hash", None)
    record["seq"] = seq
    record["prev"] = prev
    digest = _digest(record)
    record["hash"] = digest
    return _canonical(record) + b"\n", digest


def _plain(value: Any) -> Any:
    """JSON-ready data in one fixed shape, so that writing and re-reading agree byte for byte."""
    if isinstance(value, dict):
        return {str(k): _plain(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return str(value)


def _canonical(record: dict[str, Any]) -> bytes:
    plain = _plain(record)
    head = [k for k in _HEAD_KEYS if k in plain]
    tail = [k for k in _TAIL_KEYS if k in plain]
    rest = [k for k in plain if k not in _HEAD_KEYS and k not in _TAIL_KEYS]
    ordered = {k: plain[k] for k in head + rest + tail}
    text = json.dumps(ordered, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


def _digest(record: dict[str, Any]) -> str:
    body = {k: v for k, v in record.items() if k != "hash"}
    return hashlib.sha256(_canonical(body)).hexdigest()


# --- one line as read back -----------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    no: int
    raw: bytes
    record: dict[str, Any] | None
    sealed: bool

    @classmethod
    def parse(cls, no: int, raw: bytes) -> _Line:
        try:
            record = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return cls(no, raw, None, sealed=False)
        if not (
            isinstance(record, dict)
            and type(record.get("seq")) is int
            and isinstance(record.get("prev"), str)
            and isinstance(record.get("hash"), str)
        ):
            return cls(no, raw, None, sealed=False)
        try:
            sealed = _canonical(record) == raw and _digest(record) == record["hash"]
        except ValueError:
            sealed = False
        return cls(no, raw, record, sealed)

    @property
    def seq(self) -> int:
        return int(self.record["seq"]) if self.record else 0

    @property
    def prev(self) -> str:
        return str(self.record["prev"]) if self.record else ""

    @property
    def hash(self) -> str:
        return str(self.record["hash"]) if self.record else ""


def _raw_lines(path: Path) -> Iterator[tuple[int, bytes, bool]]:
    """Each line's number and bytes, and whether it ends with a newline; read as a stream
    so that a log of years stays cheap to check."""
    try:
        f = path.open("rb")
    except FileNotFoundError as exc:
        raise InputError(
            Text(
                "log audit tidak ditemukan. Periksa nama berkas atau setelan OSS_ASSIST_AUDIT_LOG.",
                "the audit log was not found. Check the file name or the "
                "OSS_ASSIST_AUDIT_LOG setting.",
            ),
            where=str(path),
        ) from exc
    except OSError as exc:
        raise InputError(
            Text(
                "log audit tidak dapat dibaca ({err}). Periksa hak akses berkas itu.",
                "the audit log cannot be read ({err}). Check the file's permissions.",
            ).format(err=os_reason(exc)),
            where=str(path),
        ) from exc
    with f:
        for no, raw in enumerate(f, start=1):
            whole = raw.endswith(b"\n")
            yield no, raw[:-1] if whole else raw, whole


def read_lines(path: Path) -> Iterator[tuple[int, dict[str, Any] | None]]:
    """Every line of a log with its number: the parsed event, or None if unreadable."""
    for no, raw, _ in _raw_lines(path):
        try:
            record = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            record = None
        yield no, record if isinstance(record, dict) else None


def read_events(path: Path, *, case_id: str | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """The readable events of a log with their line numbers, optionally one case's only."""
    for no, record in read_lines(path):
        if record is not None and (case_id is None or record.get("case_id") == case_id):
            yield no, record


# --- appending -----------------------------------------------------------------------


class Sealed(NamedTuple):
    """Where an event landed in the chain: its ``seq`` and ``hash``."""

    seq: int
    hash: str


class ChainWriter:
    """The 'logger' structlog hands each finished event to: appends it as a sealed line.

    The file is opened, locked, appended to, fsynced and closed for every line, so several
    loggers and processes may share one log, and a crash loses at most the line being
    written. A line cut short by a crash is kept and accounted for by a ``log_recovered``
    line before the next one.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        # (file size, seq, hash) right after this writer's last line; saves re-reading the
        # tail when no one else wrote in between.
        self._tail: tuple[int, int, str] | None = None

    def write(self, event: dict[str, Any]) -> Sealed:
        """Append one event as the next line of the chain; returns where it was sealed.

        Raises ``ConfigError`` when the log cannot be written (a wrong path, a full disk):
        a run must not go on unrecorded.
        """
        try:
            return self._append(event)
        except OSError as exc:
            raise ConfigError(
                Text(
                    "log audit tidak dapat ditulis ({err}). Periksa setelan "
                    "OSS_ASSIST_AUDIT_LOG, hak akses foldernya dan sisa ruang disk.",
                    "the audit log cannot be written ({err}). Check the OSS_ASSIST_AUDIT_LOG "
                    "setting, its folder's permissions and the free disk space.",
                ).format(err=os_reason(exc)),
                where=str(self.path),
            ) from exc

    def _append(self, event: dict[str, Any]) -> Sealed:
        with self._lock:
            created = _private_dir(self.path.parent) or not self.path.exists()
            flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
            fd = os.open(self.path, flags, 0o600)
            try:
                _lock_file(fd)
                stat = os.fstat(fd)
                if stat.st_mode & 0o077:
                    self.path.chmod(0o600)
                size = stat.st_size
                seq, prev, recovery = self._continue_from(fd, size)
                line, digest = seal(event, seq + 1, prev)
                data = recovery + line
                _write_all(fd, data)
                os.fsync(fd)
                self._tail = (size + len(data), seq + 1, digest)
            finally:
                unlock(fd)
                os.close(fd)
            if created:
                _fsync_dir(self.path.parent)
        return Sealed(seq + 1, digest)

    msg = debug = info = warning = warn = error = critical = fatal = exception = write

    def _continue_from(self, fd: int, size: int) -> tuple[int, str, bytes]:
        """``seq`` and ``hash`` to chain from, and any recovery bytes to write first."""
        if size == 0:
            return 0, GENESIS, b""
        if self._tail is not None and self._tail[0] == size:
            return self._tail[1], self._tail[2], b""
        last, partial, line_count = _read_tail(fd, size)
        seq, prev = 0, GENESIS
        if last is not None:
            line = _Line.parse(0, last)
            if line.record is None:
                raise TamperedError(
                    Text(
                        "baris terakhir log audit tidak terbaca, jadi rantainya tidak dapat "
                        "dilanjutkan. Jalankan `oss-assist audit verify`, laporkan kepada "
                        "atasan, lalu pindahkan berkas ini (jangan dihapus); log baru akan "
                        "dimulai.",
                        "the last line of the audit log cannot be read, so its chain cannot "
                        "be continued. Run `oss-assist audit verify`, tell your supervisor, "
                        "then move this file away (do not delete it); a new log will start.",
                    ),
                    where=str(self.path),
                )
            seq, prev = line.seq, line.hash
        if not partial:
            return seq, prev, b""
        whole = _Line.parse(0, partial)
        if whole.sealed and whole.seq == seq + 1 and whole.prev == prev:
            # only the newline is missing
            return whole.seq, whole.hash, b"\n"
        note: dict[str, Any] = {
            "level": "warning",
            "event": Event.LOG_RECOVERED,
            "damaged_line": line_count,
            "damaged_sha256": hashlib.sha256(partial).hexdigest(),
        }
        add_timestamp(None, "warning", note)
        recovery, digest = seal(note, seq + 1, prev)
        return seq + 1, digest, b"\n" + recovery


def _read_tail(fd: int, size: int) -> tuple[bytes | None, bytes, int]:
    """The last whole line (None if there is none), the cut-off bytes after it, and the
    number of the line the cut-off bytes are on (counted only when there are some)."""
    buf = b""
    pos = size
    while True:
        step = min(_READ_BLOCK, pos)
        pos -= step
        buf = _pread(fd, step, pos) + buf
        end = buf.rfind(b"\n")
        if end == -1 and pos > 0:
            continue
        partial = buf[end + 1 :]
        if end == -1:
            return None, partial, 1
        start = buf.rfind(b"\n", 0, end)
        if start == -1 and pos > 0:
            continue
        last = buf[start + 1 : end]
        line_no = _count_newlines(fd, size) + 1 if partial else 0
        return last, partial, line_no


def _count_newlines(fd: int, size: int) -> int:
    count = 0
    for offset in range(0, size, _READ_BLOCK):
        count += _pread(fd, _READ_BLOCK, offset).count(b"\n")
    return count


def _pread(fd: int, size: int, offset: int) -> bytes:
    # os.pread is Unix-only; with O_APPEND, moving the offset does not affect writes
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, size)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _lock_file(fd: int) -> None:
    # one writer at a time, on POSIX and Windows alike (released before the close)
    lock(fd)


def _private_dir(path: Path) -> bool:
    """Create the log's folder 0700 if missing (True); an existing folder is left as is."""
    if path.is_dir():
        return False
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return True


def _fsync_dir(path: Path) -> None:
    # makes the new file's name itself survive a crash
    if sys.platform == "win32":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- verifying -----------------------------------------------------------------------


def verify(path: Path) -> ChainReport:
    """Check every line of the log; name each edited, inserted, deleted or moved line.

    Raises ``InputError`` when the file cannot be read at all.
    """
    checker = _Checker()
    pending: _Line | None = None
    count = 0
    for no, raw, whole in _raw_lines(path):
        line = _Line.parse(no, raw)
        if pending is not None:
            checker.check(pending, line)
        pending, count = line, no
        checker.last_cut = not whole
    if pending is not None:
        checker.check(pending, None)
    return ChainReport(
        path=path,
        lines=count,
        problems=checker.problems(),
        notes=tuple(checker.notes) + _permission_notes(path),
        head_seq=checker.head_seq,
        head_hash=checker.head_hash,
    )


@dataclass
class _Gap:
    after: int
    before: int
    seqs: list[int]


@dataclass
class _Checker:
    """Walks the lines once, keeping what the next sound line must look like."""

    # whether the last line read lacks its newline
    last_cut: bool = False
    notes: list[Text] = field(default_factory=list)
    exp_seq: int = 1
    exp_prev: str = GENESIS
    # after a line too damaged to trust, the next line's ``prev`` cannot be checked
    lenient: bool = False
    last_ok: int = 0
    last_accepted: _Line | None = None
    before_last: tuple[int, str, bool, int] = (1, GENESIS, False, 0)
    head_seq: int = 0
    head_hash: str = GENESIS
    found: dict[tuple[str, int], Problem] = field(default_factory=dict)
    gaps: list[_Gap] = field(default_factory=list)
    strays: list[_Line] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)

    def _fits(self, line: _Line | None) -> bool:
        return (
            line is not None
            and line.sealed
            and line.seq == self.exp_seq
            and (self.lenient or line.prev == self.exp_prev)
        )

    def check(self, line: _Line, nxt: _Line | None) -> None:
        """Judge ``line``, peeking at the line after it (None at the end)."""
        if line.record is None:
            if nxt is None and self.last_cut:
                self._add("truncated", line.no, _TRUNCATED.format(n=line.no))
            elif self._recovered_by(nxt, line):
                self.notes.append(_RECOVERED.format(n=line.no))
            elif self._fits(nxt):
                self._add("inserted", line.no, _INSERTED.format(n=line.no))
            else:
                self._add("edited", line.no, _UNREADABLE.format(n=line.no))
                self._skip_slot(line)
            return
        if self._fits(line):
            self._accept(line)
        elif self._fits(nxt):
            self._stray(line)
        elif self._displaces_last(line, nxt):
            last = self.last_accepted
            assert last is not None
            self.exp_seq, self.exp_prev, self.lenient, self.last_ok = self.before_last
            self.seen.pop(last.hash, None)
            self._stray(last)
            self._accept(line)
        elif not line.sealed:
            self._add("edited", line.no, _EDITED.format(n=line.no))
            self._skip_slot(line)
        elif line.seq == self.exp_seq:
            # sound in itself but not linked: the line before was rewritten with a new hash
            blamed = self.last_ok or line.no
            self._add("edited", blamed, _REHASHED.format(n=blamed))
            self._accept(line)
        elif line.seq > self.exp_seq:
            self.gaps.append(_Gap(self.last_ok, line.no, list(range(self.exp_seq, line.seq))))
            self._accept(line)
        else:
            self._stray(line)

    def _recovered_by(self, nxt: _Line | None, line: _Line) -> bool:
        """Whether ``nxt`` is the writer's own account of ``line`` being cut by a crash."""
        if nxt is None or nxt.record is None or not self._fits(nxt):
            return False
        record = nxt.record
        return (
            record.get("event") == Event.LOG_RECOVERED
            and record.get("damaged_line") == line.no
            and record.get("damaged_sha256") == hashlib.sha256(line.raw).hexdigest()
        )

    def _displaces_last(self, line: _Line, nxt: _Line | None) -> bool:
        """Whether ``line`` and the last accepted line claim the same place, and the line
        after ``line`` shows ``line`` is the genuine one (the other was slipped in)."""
        last = self.last_accepted
        return (
            last is not None
            and line.sealed
            and line.seq == last.seq
            and line.prev == last.prev
            and nxt is not None
            and nxt.sealed
            and nxt.prev == line.hash
        )

    def _accept(self, line: _Line) -> None:
        self.before_last = (self.exp_seq, self.exp_prev, self.lenient, self.last_ok)
        self.last_accepted = line
        self.exp_seq = line.seq + 1
        self.exp_prev = line.hash
        self.lenient = False
        self.last_ok = line.no
        self.seen[line.hash] = line.no
        self.head_seq, self.head_hash = line.seq, line.hash

    def _skip_slot(self, line: _Line) -> None:
        """A damaged line still takes its place in the chain."""
        self.exp_seq += 1
        self.exp_prev = line.hash
        self.lenient = True
        self.last_ok = line.no
        self.last_accepted = None

    def _stray(self, line: _Line) -> None:
        original = self.seen.get(line.hash) if line.sealed else None
        if original is not None:
            self._add("inserted", line.no, _COPIED.format(n=line.no, of=original))
            return
        self._add("inserted", line.no, _INSERTED.format(n=line.no))
        if line.sealed:
            self.strays.append(line)

    def _add(self, kind: ProblemKind, line: int, text: Text) -> None:
        self.found[(kind, line)] = Problem(kind, line, text)

    def problems(self) -> tuple[Problem, ...]:
        """Everything found, in line order; call once, after the last line."""
        # a stray line whose seq is missing elsewhere was moved, not inserted
        for stray in self.strays:
            for gap in self.gaps:
                if stray.seq in gap.seqs:
                    gap.seqs.remove(stray.seq)
                    del self.found[("inserted", stray.no)]
                    text = _MOVED.format(n=stray.no, a=gap.after, b=gap.before)
                    if gap.after == 0:
                        text = _MOVED_FIRST.format(n=stray.no, b=gap.before)
                    self._add("moved", stray.no, text)
                    break
        # a stray that continues the chain from its head was moved up from the end
        for stray in sorted(self.strays, key=lambda line: line.seq):
            if ("inserted", stray.no) in self.found and (
                stray.seq == self.head_seq + 1 and stray.prev == self.head_hash
            ):
                del self.found[("inserted", stray.no)]
                self._add("moved", stray.no, _MOVED_LAST.format(n=stray.no, a=self.last_ok))
                self.head_seq, self.head_hash = stray.seq, stray.hash
        for gap in self.gaps:
            if not gap.seqs:
                continue
            count = len(gap.seqs)
            if gap.after == 0:
                text = _DELETED_FIRST.format(k=count, b=gap.before)
            elif count == 1:
                text = _DELETED_ONE.format(a=gap.after, b=gap.before)
            else:
                text = _DELETED.format(k=count, a=gap.after, b=gap.before)
            self._add("deleted", gap.before, text)
        return tuple(sorted(self.found.values(), key=lambda p: (p.line, p.kind)))


def _permission_notes(path: Path) -> tuple[Text, ...]:
    if sys.platform == "win32":
        return ()
    notes = []
    for target, wanted in ((path, 0o600), (path.resolve().parent, 0o700)):
        mode = target.stat().st_mode & 0o777
        if mode & 0o077:
            notes.append(_EXPOSED.format(path=target, mode=f"{mode:04o}", wanted=f"{wanted:04o}"))
    return tuple(notes)


_EDITED = Text("baris {n} diubah", "line {n} was changed")
_REHASHED = Text(
    "baris {n} diubah (hash-nya dihitung ulang)", "line {n} was changed (its hash recomputed)"
)
_UNREADABLE = Text(
    "baris {n} diubah: bukan lagi JSON yang sah", "line {n} was changed: no longer valid JSON"
)
_INSERTED = Text("baris {n} disisipkan", "line {n} was inserted")
_COPIED = Text(
    "baris {n} disisipkan (salinan baris {of})", "line {n} was inserted (a copy of line {of})"
)
_DELETED_ONE = Text("baris dihapus antara {a} dan {b}", "a line was deleted between {a} and {b}")
_DELETED = Text(
    "{k} baris dihapus antara {a} dan {b}", "{k} lines were deleted between {a} and {b}"
)
_DELETED_FIRST = Text("{k} baris dihapus sebelum baris {b}", "{k} line(s) deleted before line {b}")
_MOVED = Text(
    "baris {n} dipindahkan (tempat aslinya antara baris {a} dan {b})",
    "line {n} was moved (it belongs between lines {a} and {b})",
)
_MOVED_FIRST = Text(
    "baris {n} dipindahkan (tempat aslinya sebelum baris {b})",
    "line {n} was moved (it belongs before line {b})",
)
_MOVED_LAST = Text(
    "baris {n} dipindahkan (tempat aslinya setelah baris {a})",
    "line {n} was moved (it belongs after line {a})",
)
_TRUNCATED = Text(
    "baris {n} terpotong (baris terakhir tidak lengkap)",
    "line {n} was cut short (the last line is incomplete)",
)
_RECOVERED = Text(
    "baris {n} terpotong saat program berhenti mendadak; dicatat oleh baris sesudahnya",
    "line {n} was cut short when the program stopped abruptly; the next line records it",
)
_EXPOSED = Text(
    "{path} dapat dibaca pengguna lain (mode {mode}); seharusnya {wanted}",
    "{path} can be read by other users (mode {mode}); it should be {wanted}",
)
