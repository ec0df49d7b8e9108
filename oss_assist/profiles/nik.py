"""The NIK (Nomor Induk Kependudukan): its parts, its own rules, and how to build one.

Layout (oss-portal.md §10): ``PP KK CC DDMMYY SSSS``: province, kabupaten/kota and
kecamatan where the NIK was first issued, the birth date (day + 40 for women, two-digit
year) and a serial. Pure functions: whether the region codes exist is the validator's job.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Literal

from oss_assist.i18n import Text

NIK_LENGTH = 16
FEMALE_DAY_OFFSET = 40

NikFault = Literal["empty", "characters", "length", "leading_zero", "day", "month", "serial"]


class NikError(ValueError):
    """A NIK that breaks its own layout; ``fault`` names the rule, ``text`` explains it."""

    def __init__(self, fault: NikFault, text: Text) -> None:
        self.fault = fault
        self.text = text
        super().__init__(text.en)


@dataclass(frozen=True, slots=True)
class Nik:
    """A NIK split into its parts. Build it with :func:`parse_nik`."""

    value: str
    province_code: str  # "35"
    kabupaten_code: str  # "3508"
    kecamatan_code: str  # "350820"
    day: int  # the real day of birth (1..31), the +40 removed
    month: int
    yy: int  # last two digits of the birth year
    female: bool
    serial: str  # "0001"

    @property
    def birth_digits(self) -> str:
        """Digits 7 to 12 as written: ``520482``."""
        return self.value[6:12]

    def birth_year(self, hint_year: int) -> int:
        """The four-digit year ending in ``yy`` that is nearest to ``hint_year``."""
        candidates = [century + self.yy for century in range(1800, 2200, 100)]
        return min(candidates, key=lambda year: abs(year - hint_year))

    def birth_date(self, hint_year: int) -> date | None:
        """The birth date, the century taken from ``hint_year``; None if no such day."""
        year = self.birth_year(hint_year)
        if self.day > calendar.monthrange(year, self.month)[1]:
            return None
        return date(year, self.month, self.day)

    def agrees_with(self, born: date, female: bool) -> bool:
        """Whether digits 7 to 12 say this birth date and this gender."""
        return (
            self.female == female
            and self.day == born.day
            and self.month == born.month
            and self.yy == born.year % 100
        )


def parse_nik(text: str) -> Nik:
    """Split a NIK into its parts, or raise :class:`NikError` saying what is wrong.

    Spaces are ignored (people copy the NIK in groups of four); nothing else is.
    """
    value = "".join(text.split())
    if not value:
        raise NikError(
            "empty",
            Text(
                "NIK kosong. Salin 16 angka NIK dari KTP pemohon.",
                "The NIK is empty. Copy the 16-digit NIK from the applicant's KTP.",
            ),
        )
    if not value.isascii() or not value.isdigit():
        raise NikError(
            "characters",
            Text(
                "NIK hanya berisi angka; tertulis {v!r}. Salin lagi 16 angka NIK dari KTP.",
                "A NIK has digits only; got {v!r}. Copy the 16-digit NIK from the KTP again.",
            ).format(v=value[:40]),
        )
    if len(value) != NIK_LENGTH:
        raise NikError(
            "length",
            Text(
                "NIK harus 16 angka, tertulis {n} angka. Salin lagi NIK dari KTP.",
                "A NIK has 16 digits; this one has {n}. Copy the NIK from the KTP again.",
            ).format(n=len(value)),
        )
    if value[0] == "0":
        raise NikError(
            "leading_zero",
            Text(
                "NIK tidak pernah diawali angka 0. Periksa angka pertama pada KTP.",
                "A NIK never starts with 0. Check the first digit on the KTP.",
            ),
        )
    raw_day, month, yy = int(value[6:8]), int(value[8:10]), int(value[10:12])
    female = raw_day > FEMALE_DAY_OFFSET
    day = raw_day - FEMALE_DAY_OFFSET if female else raw_day
    if not 1 <= day <= 31:
        raise NikError(
            "day",
            Text(
                "Angka ke-7 dan ke-8 NIK ({dd}) bukan tanggal lahir: harus 01–31 untuk "
                "laki-laki atau 41–71 untuk perempuan. Periksa NIK pada KTP.",
                "Digits 7 and 8 of the NIK ({dd}) are not a day of birth: they must be "
                "01–31 for a man or 41–71 for a woman. Check the NIK on the KTP.",
            ).format(dd=value[6:8]),
        )
    if not 1 <= month <= 12:
        raise NikError(
            "month",
            Text(
                "Angka ke-9 dan ke-10 NIK ({mm}) bukan bulan lahir (01–12). Periksa NIK pada KTP.",
                "Digits 9 and 10 of the NIK ({mm}) are not a month of birth (01–12). "
                "Check the NIK on the KTP.",
            ).format(mm=value[8:10]),
        )
    serial = value[12:]
    if serial == "0000":
        raise NikError(
            "serial",
            Text(
                "Empat angka terakhir NIK tidak boleh 0000. Periksa NIK pada KTP.",
                "The last four digits of a NIK are never 0000. Check the NIK on the KTP.",
            ),
        )
    return Nik(
        value=value,
        province_code=value[:2],
        kabupaten_code=value[:4],
        kecamatan_code=value[:6],
        day=day,
        month=month,
        yy=yy,
        female=female,
        serial=serial,
    )


def make_nik(kecamatan_code: str, born: date, female: bool, serial: int) -> str:
    """Build a NIK from its parts: for synthetic test data and the benchmark."""
    code = kecamatan_code.replace(".", "")
    if len(code) != 6 or not code.isdigit() or code[0] == "0":
        raise ValueError(f"not a kecamatan code: {kecamatan_code!r}")
    if not 1 <= serial <= 9999:
        raise ValueError(f"serial out of range: {serial}")
    day = born.day + (FEMALE_DAY_OFFSET if female else 0)
    return f"{code}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
