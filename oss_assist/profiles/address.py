"""Region chains: provinsi → kabupaten/kota → kecamatan → desa, given by name or by code.

Each level may be written as a Kemendagri code (``35.08.20.2005`` or ``3508202005``) or as
a name. Names match ignoring case, punctuation, spaces, the prefixes "Kab."/"Kabupaten"/
"Kota"/"Kec."/"Desa"/"Kel.", and a few known spelling variants, so "Alun Alun",
"alun-alun" and "ALUN-ALUN" are all Alun-Alun, and "Ranu Bedali" is Ranubedali.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal, Protocol

from oss_assist import refdata
from oss_assist.errors import ProfileInvalid
from oss_assist.i18n import Text
from oss_assist.profiles.issues import Issue, error, join
from oss_assist.refdata import Region

AddressLevel = Literal["provinsi", "kabupaten_kota", "kecamatan", "desa"]
#: The four fields of an address, from the top of the chain down.
LEVELS: tuple[AddressLevel, ...] = ("provinsi", "kabupaten_kota", "kecamatan", "desa")
_CODE_LENGTH: dict[AddressLevel, int] = {
    "provinsi": 2,
    "kabupaten_kota": 4,
    "kecamatan": 6,
    "desa": 10,
}
_LEVEL_OF_LENGTH = {length: level for level, length in _CODE_LENGTH.items()}
LEVEL_LABELS: dict[AddressLevel, Text] = {
    "provinsi": Text("provinsi", "province"),
    "kabupaten_kota": Text("kabupaten/kota", "kabupaten/kota"),
    "kecamatan": Text("kecamatan", "kecamatan"),
    "desa": Text("desa/kelurahan", "desa/kelurahan"),
}
# Spellings seen in use that the bundled names do not cover by ignoring spaces and
# punctuation alone (oss-portal.md §11.1): name key as written → name key in the table.
SPELLING_VARIANTS = {
    "pasujambe": "pasrujambe",
}
_CODE = re.compile(r"^[0-9]+(\.[0-9]+)*$")
_POSTCODE = re.compile(r"^[0-9]{5}$")
_MAX_CHOICES = 25


class AddressParts(Protocol):
    """Anything with the four region fields (the profile's address models)."""

    @property
    def provinsi(self) -> str: ...
    @property
    def kabupaten_kota(self) -> str: ...
    @property
    def kecamatan(self) -> str: ...
    @property
    def desa(self) -> str: ...


@dataclass(frozen=True, slots=True)
class ResolvedAddress:
    """The four regions of an address, each a :class:`Region` (so its ``portal_name``)."""

    provinsi: Region
    kabupaten_kota: Region
    kecamatan: Region
    desa: Region

    @property
    def postcode(self) -> str | None:
        """The desa's postcode where the table has one."""
        return self.desa.postcode

    def portal_names(self) -> tuple[str, str, str, str]:
        """As the portal's four dropdowns show them, top down."""
        return (
            self.provinsi.portal_name,
            self.kabupaten_kota.portal_name,
            self.kecamatan.portal_name,
            self.desa.portal_name,
        )

    def label(self) -> str:
        """``ALUN-ALUN, RANUYOSO, KAB. LUMAJANG, JAWA TIMUR``."""
        return ", ".join(reversed(self.portal_names()))


def is_code(value: str) -> bool:
    """Whether a region field holds a code (digits, maybe dotted) rather than a name."""
    return bool(_CODE.match(value.strip()))


def _label(level: AddressLevel) -> Text:
    return LEVEL_LABELS[level]


def _region_level(region: Region) -> AddressLevel:
    return _LEVEL_OF_LENGTH[len(region.code)]


def _describe(region: Region) -> Text:
    """``kecamatan Klakah (35.08.19)``."""
    label = _label(_region_level(region))
    return Text(
        f"{label.id} {region.name} ({region.dotted})",
        f"{label.en} {region.name} ({region.dotted})",
    )


def _choices(parent_code: str, wanted: str) -> Text:
    """What to offer when a name is not found: close names, or the whole (short) list."""
    names = [r.name for r in refdata.children(parent_code)]
    close = difflib.get_close_matches(wanted, names, n=3, cutoff=0.6)
    if not close:
        lowered = {n.lower(): n for n in names}
        close = [lowered[n] for n in difflib.get_close_matches(wanted.lower(), list(lowered), n=3)]
    if close:
        listed = ", ".join(close)
        return Text(f"Mungkin maksudnya: {listed}?", f"Did you mean: {listed}?")
    if len(names) <= _MAX_CHOICES:
        listed = ", ".join(names)
        return Text(f"Pilihannya: {listed}.", f"The choices are: {listed}.")
    return Text(
        "Periksa ejaannya, atau tulis kode wilayahnya.",
        "Check the spelling, or write the region's code instead.",
    )


def match_region(parent: Region | None, level: AddressLevel, value: str) -> Region | Text:
    """The region at ``level`` under ``parent`` that ``value`` names or codes, else why not.

    ``parent`` is None only for the provinsi.
    """
    written = value.strip()
    parent_code = parent.code if parent else ""
    if is_code(written):
        return _match_code(parent, level, written)
    found = refdata.find_child(parent_code, written)
    if not found:
        variant = SPELLING_VARIANTS.get(refdata.name_key(written))
        if variant:
            found = [
                r for r in refdata.children(parent_code) if refdata.name_key(r.name) == variant
            ]
    if len(found) == 1:
        return found[0]
    if found:
        listed = ", ".join(f"{r.name} ({r.dotted})" for r in found)
        return Text(
            f"{written!r} cocok dengan lebih dari satu {_label(level).id}: {listed}. Tulis "
            "lebih lengkap (misalnya 'Kab. Malang' atau 'Kota Malang') atau pakai kodenya.",
            f"{written!r} matches more than one {_label(level).en}: {listed}. Write it in "
            "full (for example 'Kab. Malang' or 'Kota Malang') or use its code.",
        )
    where = (
        Text(f" di {_describe(parent).id}", f" in {_describe(parent).en}")
        if parent
        else Text("", "")
    )
    return join(
        Text(
            f"{_label(level).id.capitalize()} {written!r} tidak ditemukan{where.id}.",
            f"{_label(level).en.capitalize()} {written!r} was not found{where.en}.",
        ),
        _choices(parent_code, written),
    )


def _match_code(parent: Region | None, level: AddressLevel, written: str) -> Region | Text:
    code = refdata.digits(written)
    found = refdata.region(code) if len(code) in _LEVEL_OF_LENGTH else None
    if found is None:
        return Text(
            f"Kode wilayah {written} tidak ada dalam data wilayah Kemendagri. Periksa "
            f"kodenya, atau tulis nama {_label(level).id}.",
            f"Region code {written} is not in the Kemendagri region table. Check the code, "
            f"or write the {_label(level).en}'s name instead.",
        )
    actual = _region_level(found)
    if actual != level:
        return Text(
            f"{written} adalah kode {_describe(found).id}, bukan kode {_label(level).id}. "
            f"Tulis kode {_label(level).id} ({_CODE_LENGTH[level]} angka) atau namanya.",
            f"{written} is the code of {_describe(found).en}, not of a {_label(level).en}. "
            f"Write the {_label(level).en}'s code ({_CODE_LENGTH[level]} digits) or its name.",
        )
    if parent is not None and found.parent_code != parent.code:
        real_parent = refdata.region(found.parent_code or "")
        lies_in = _describe(real_parent) if real_parent else Text("?", "?")
        return Text(
            f"{_describe(found).id} tidak berada di {_describe(parent).id}, melainkan di "
            f"{lies_in.id}. Periksa kedua isian itu.",
            f"{_describe(found).en} is not in {_describe(parent).en} but in {lies_in.en}. "
            "Check both fields.",
        )
    return found


def check_address(
    parts: AddressParts, path: str = "", kode_pos: str | None = None
) -> tuple[ResolvedAddress | None, list[Issue]]:
    """Resolve the chain top-down; at the first level that fails, say why and stop there.

    ``path`` prefixes the field names in the issues (``alamat_ktp`` → ``alamat_ktp.desa``).
    ``kode_pos``, when given, must be five digits and agree with the desa where known.
    """
    prefix = f"{path}." if path else ""
    issues: list[Issue] = []
    parent: Region | None = None
    chain: list[Region] = []
    for level in LEVELS:
        result = match_region(parent, level, getattr(parts, level))
        if isinstance(result, Text):
            issues.append(error(prefix + level, result))
            break
        chain.append(result)
        parent = result
    resolved = ResolvedAddress(*chain) if len(chain) == len(LEVELS) else None
    if kode_pos is not None:
        issues.extend(check_postcode(kode_pos, resolved, prefix + "kode_pos"))
    return resolved, issues


def check_postcode(kode_pos: str, resolved: ResolvedAddress | None, path: str) -> list[Issue]:
    """Five digits, and the desa's own postcode when the table knows it."""
    value = kode_pos.strip()
    if not _POSTCODE.match(value):
        return [
            error(
                path,
                Text(
                    f"Kode pos harus 5 angka, tertulis {value!r}. Tulis kode pos desa, "
                    "misalnya 67357.",
                    f"A postcode has 5 digits; got {value!r}. Write the desa's postcode, "
                    "for example 67357.",
                ),
            )
        ]
    if resolved is None or not resolved.postcode or value == resolved.postcode:
        return []
    known, desa = resolved.postcode, resolved.desa.name
    return [
        error(
            path,
            Text(
                f"Kode pos {value} tidak cocok dengan desa {desa} (kode posnya {known}). "
                f"Tulis {known}, atau periksa desanya.",
                f"Postcode {value} does not match desa {desa} (its postcode is {known}). "
                f"Write {known}, or check the desa.",
            ),
        )
    ]


def resolve_address(parts: AddressParts) -> ResolvedAddress:
    """The four regions of an address; raises ProfileInvalid saying which level fails."""
    resolved, issues = check_address(parts)
    if resolved is None:
        first = issues[0]
        raise ProfileInvalid(first.text, where=first.path)
    return resolved
