"""What a signed checkpoint says about an audit log: intact, truncated or forked.

Lines cut from the end of a log leave no trace in it, and a history rewritten with a new,
self-consistent chain passes ``verify``; only a checkpoint signed before (see
``audit.checkpoint``) shows either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from oss_assist.audit.chain import ChainReport, _Line, _raw_lines, verify
from oss_assist.audit.checkpoint import Checkpoint
from oss_assist.audit.office_key import public_key_fingerprint
from oss_assist.i18n import Text

CheckpointState = Literal["intact", "truncated", "forked", "bad_signature"]


@dataclass(frozen=True)
class CheckpointVerdict:
    """What ``verify_against`` found: the state, and an explanation to print."""

    state: CheckpointState
    text: Text
    checkpoint: Checkpoint
    #: the log's entry count (the ``seq`` of its last sound line); None when not read
    entries: int | None = None
    #: entries written after the one the checkpoint covers (when intact)
    after: int = 0
    #: the log's own chain check; None when the log was not read
    chain: ChainReport | None = None

    @property
    def intact(self) -> bool:
        return self.state == "intact"


def verify_against(
    log_path: Path,
    checkpoint: Checkpoint,
    public_key: Ed25519PublicKey,
    *,
    tz: tzinfo | None = None,
) -> CheckpointVerdict:
    """Whether the log still holds, unchanged, every entry the checkpoint covers.

    The signature is checked first, with the office's public key; then the log:
    the entry at the checkpoint's ``seq`` has its ``head`` hash (intact), the log ends
    before it (truncated), or it differs or is gone while later ones remain (forked).
    ``tz`` is where dates are shown (default: this computer's time zone).
    """
    when = checkpoint.at.astimezone(tz)
    given = public_key_fingerprint(public_key)
    try:
        public_key.verify(checkpoint.signature, checkpoint.message)
    except InvalidSignature:
        reason = _BAD_SIGNATURE
        if checkpoint.key_id != given:
            reason = _OTHER_KEY.format(key=checkpoint.key_id, given=given)
        return CheckpointVerdict("bad_signature", reason, checkpoint)
    chain = verify(log_path)
    entries = chain.head_seq
    hashes = _hashes_at(log_path, checkpoint.seq)
    if checkpoint.head in hashes:
        after = entries - checkpoint.seq
        text = _say(_INTACT, when=when, seq=checkpoint.seq, after=after)
        tail = _CHAIN_OK if chain.intact else _say(_CHAIN_BAD, k=len(chain.problems))
        return CheckpointVerdict(
            "intact", _join(text, tail), checkpoint, entries, after=after, chain=chain
        )
    if entries < checkpoint.seq:
        cut = checkpoint.seq - entries
        text = _say(_TRUNCATED, n=entries, when=when, seq=checkpoint.seq, cut=cut)
        return CheckpointVerdict("truncated", text, checkpoint, entries, chain=chain)
    if hashes:
        text = _say(
            _FORKED, seq=checkpoint.seq, when=when, found=hashes[0][:16], head=checkpoint.head[:16]
        )
    else:
        text = _say(_GONE, seq=checkpoint.seq, when=when)
    return CheckpointVerdict("forked", text, checkpoint, entries, chain=chain)


def _hashes_at(log_path: Path, seq: int) -> list[str]:
    """The hashes of the sound lines claiming ``seq`` (one, in a log that is intact)."""
    needle = b'"seq":%d,' % seq
    hashes = []
    for no, raw, _ in _raw_lines(log_path):
        # parsing every line would double the cost of ``verify``
        if needle not in raw:
            continue
        line = _Line.parse(no, raw)
        if line.sealed and line.seq == seq:
            hashes.append(line.hash)
    return hashes


_MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


def _say(template: Text, **values: object) -> Text:
    """Fill ``template``, writing numbers and dates the way each language does."""

    def each(value: object, lang: str) -> object:
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            text = f"{value:,}"
            return text.replace(",", ".") if lang == "id" else text
        if isinstance(value, datetime):
            if lang == "id":
                return f"{value.day} {_MONTHS[value.month - 1]} {value:%Y %H.%M}"
            return f"{value.day} {value:%B %Y %H:%M}"
        return value

    return Text(
        template.id.format(**{k: each(v, "id") for k, v in values.items()}),
        template.en.format(**{k: each(v, "en") for k, v in values.items()}),
    )


def _join(first: Text, second: Text) -> Text:
    return Text(f"{first.id} {second.id}", f"{first.en} {second.en}")


_BAD_SIGNATURE = Text(
    "TANDA TANGAN TIDAK SAH: tanda tangan tidak cocok dengan teks titik periksa; teksnya "
    "diubah setelah ditandatangani, atau salah ketik. Bandingkan huruf demi huruf dengan "
    "aslinya.",
    "BAD SIGNATURE: the signature does not match the checkpoint's text; the text was "
    "changed after signing, or mistyped. Compare it character by character with the "
    "original.",
)
_OTHER_KEY = Text(
    "TANDA TANGAN TIDAK SAH: titik periksa ini dibuat dengan kunci {key}, bukan dengan "
    "kunci publik yang diberikan ({given}). Gunakan kunci publik kantor yang benar "
    "(office-signing.pub, atau salinan Kabupaten).",
    "BAD SIGNATURE: this checkpoint was made with key {key}, not with the public key "
    "given ({given}). Use the office's right public key (office-signing.pub, or the "
    "Kabupaten's copy).",
)
_INTACT = Text(
    "UTUH terhadap titik periksa {when}: entri #{seq} masih sama dengan yang "
    "ditandatangani; {after} entri tercatat sesudahnya.",
    "INTACT against the checkpoint of {when}: entry #{seq} is still the one that was "
    "signed; {after} entries came after it.",
)
_CHAIN_OK = Text("Rantai log sendiri juga utuh.", "The log's own chain verifies too.")
_CHAIN_BAD = Text(
    "Namun rantai log sendiri punya {k} masalah (lihat `oss-assist audit verify`).",
    "But the log's own chain has {k} problem(s) (see `oss-assist audit verify`).",
)
_TRUNCATED = Text(
    "TERPOTONG: log berisi {n} entri, sedangkan titik periksa {when} mencakup {seq}: "
    "{cut} entri dipotong dari akhir log.",
    "TRUNCATED: the log has {n} entries; the checkpoint of {when} covers {seq}: "
    "{cut} entries were cut from the end.",
)
_FORKED = Text(
    "BERCABANG: entri #{seq} di log ini mempunyai hash lain ({found}…) daripada yang "
    "ditandatangani pada titik periksa {when} ({head}…): riwayat log sampai entri itu "
    "ditulis ulang.",
    "FORKED: entry #{seq} in this log has another hash ({found}…) than the one signed in "
    "the checkpoint of {when} ({head}…): the log's history up to that entry was rewritten.",
)
_GONE = Text(
    "BERCABANG: entri #{seq}, yang dicakup titik periksa {when}, tidak ada lagi di log, "
    "padahal entri sesudahnya ada: riwayat log diubah.",
    "FORKED: entry #{seq}, covered by the checkpoint of {when}, is no longer in the log "
    "although later entries are: the log's history was changed.",
)
