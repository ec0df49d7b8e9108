"""Indonesian mobile numbers: any usual way of writing one, to the portal's form.

The portal shows a fixed ``+62`` and wants the rest without the leading 0 or 62
(oss-portal.md §3.4): ``0812-0000-0001``, ``+62 812 0000 0001``, ``6281200000001``,
``0062 812 0000 0001`` and ``+62 (0)812 0000 0001`` all become ``81200000001``.
"""

from __future__ import annotations

import re

from oss_assist.i18n import Text
from oss_assist.profiles.issues import join

#: The portal's form of a mobile number, as the sandbox also checks it.
PORTAL_PHONE = re.compile(r"^8[1-9][0-9]{6,10}$")
# What people put between digit groups; nothing else is tolerated.
_SEPARATORS = re.compile(r"[\s\-.()/]")


class PhoneError(ValueError):
    """A text that is not an Indonesian mobile number; ``text`` explains what to do."""

    def __init__(self, text: Text) -> None:
        self.text = text
        super().__init__(text.en)


_HOW = Text(
    "Tulis nomor HP seperti 0812-3456-7890 atau +62 812 3456 7890.",
    "Write the mobile number like 0812-3456-7890 or +62 812 3456 7890.",
)


def normalise_phone(text: str) -> str:
    """The number in the portal's form (``8…``), or :class:`PhoneError`."""
    compact = _SEPARATORS.sub("", text.strip())
    if not compact:
        raise PhoneError(join(Text("Nomor HP kosong.", "The mobile number is empty."), _HOW))
    if compact.startswith("+"):
        if not compact.startswith("+62"):
            raise PhoneError(
                join(
                    Text(
                        "{v} bukan nomor Indonesia (kode negara +62).",
                        "{v} is not an Indonesian number (country code +62).",
                    ).format(v=text.strip()[:30]),
                    _HOW,
                )
            )
        national = _after_country_code(compact[3:])
    elif compact.startswith("0062"):
        national = _after_country_code(compact[4:])
    elif compact.startswith("62"):
        national = _after_country_code(compact[2:])
    elif compact.startswith("0"):
        national = compact[1:]
    else:
        national = compact
    if not national.isascii() or not national.isdigit():
        raise PhoneError(
            join(
                Text(
                    "Nomor HP hanya berisi angka; tertulis {v!r}.",
                    "A mobile number has digits only; got {v!r}.",
                ).format(v=text.strip()[:30]),
                _HOW,
            )
        )
    if not national.startswith("8"):
        raise PhoneError(
            Text(
                "{v} bukan nomor HP: nomor HP Indonesia diawali 08 (telepon rumah tidak "
                "diterima portal). Minta nomor HP pemohon.",
                "{v} is not a mobile number: Indonesian mobile numbers start with 08 (the "
                "portal takes no landlines). Ask for the applicant's mobile number.",
            ).format(v=text.strip()[:30])
        )
    if not PORTAL_PHONE.match(national):
        raise PhoneError(
            Text(
                "Nomor HP {v} tidak lengkap atau terlalu panjang: ditulis dengan 0 di depan, "
                "nomor HP terdiri dari 9 sampai 13 angka, diawali 08 lalu angka 1–9. "
                "Periksa lagi dengan pemohon.",
                "The mobile number {v} is too short or too long: written with its leading "
                "0 it has 9 to 13 digits, starting 08 and then 1–9. Check it again with "
                "the applicant.",
            ).format(v=text.strip()[:30])
        )
    return national


def _after_country_code(rest: str) -> str:
    """``0812…`` after ``+62``: people keep the trunk 0, as in ``+62 (0)812…``."""
    return rest[1:] if rest.startswith("08") else rest


def e164(portal_form: str) -> str:
    """``81200000001`` → ``+6281200000001``."""
    return "+62" + portal_form
