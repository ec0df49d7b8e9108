"""Texts shown to people, in Bahasa Indonesia first and English on request."""

from __future__ import annotations

import errno
from typing import Literal, NamedTuple

Lang = Literal["id", "en"]
DEFAULT_LANG: Lang = "id"


class Text(NamedTuple):
    """One message in both languages; ``render`` picks one."""

    id: str
    en: str

    def render(self, lang: Lang = DEFAULT_LANG) -> str:
        return self.en if lang == "en" else self.id

    def format(self, **values: object) -> Text:
        """Fill the placeholders; a value that is itself a ``Text`` fills each language
        with its own wording."""
        ids = {k: v.id if isinstance(v, Text) else v for k, v in values.items()}
        ens = {k: v.en if isinstance(v, Text) else v for k, v in values.items()}
        return Text(self.id.format(**ids), self.en.format(**ens))

    def __str__(self) -> str:
        return self.id


def rupiah(amount: int) -> str:
    """Format an amount the Indonesian way: ``Rp 50.000.000``."""
    return "Rp " + f"{amount:,}".replace(",", ".")


_OS_REASONS: dict[int, Text] = {
    errno.ENOENT: Text("berkas atau folder tidak ada", "no such file or folder"),
    errno.EACCES: Text("tidak ada izin akses", "permission denied"),
    errno.EPERM: Text("tidak diizinkan", "not permitted"),
    errno.EISDIR: Text("ini sebuah folder", "it is a folder"),
    errno.ENOTDIR: Text("bukan folder", "not a folder"),
    errno.EEXIST: Text("sudah ada", "already exists"),
    errno.ENOSPC: Text("disk penuh", "the disk is full"),
    errno.EROFS: Text("disk hanya-baca", "the disk is read-only"),
    errno.EADDRINUSE: Text("port sudah dipakai", "the port is in use"),
    errno.EADDRNOTAVAIL: Text("alamat tidak tersedia", "the address is not available"),
}


def os_reason(exc: BaseException) -> Text:
    """Why an operating-system call failed, in words of both languages (the system's own
    ``strerror`` is English only)."""
    code = getattr(exc, "errno", None)
    if isinstance(code, int) and code in _OS_REASONS:
        return _OS_REASONS[code]
    detail = getattr(exc, "strerror", None) or type(exc).__name__
    return Text(f"galat sistem: {detail}", f"system error: {detail}")


#: Data values that are words (not names): shown in English in English mode.
VALUE_WORDS: dict[str, str] = {
    "Laki-laki": "Male",
    "Perempuan": "Female",
    "Modal Sendiri": "Own funds",
    "Pinjaman": "Loan",
    "Sudah Berjalan": "Already running",
    "Belum Berjalan": "Not yet running",
    "Mikro": "Micro",
    "Kecil": "Small",
    "Menengah": "Medium",
    "Besar": "Large",
    "Rendah": "Low",
    "Menengah Rendah": "Medium-low",
    "Menengah Tinggi": "Medium-high",
    "Tinggi": "High",
}


def value_word(value: str, lang: Lang = DEFAULT_LANG) -> str:
    """A data value in the chosen language when it is a word (``Perempuan`` → ``Female``);
    names and codes stay as they are."""
    return VALUE_WORDS.get(value, value) if lang == "en" else value
