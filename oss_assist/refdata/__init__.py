"""Bundled reference data: Indonesian regions (Kemendagri) and KBLI 2020 codes.

The tables are read on first use, never at import, so commands that do not need them
start fast. Rebuild them with ``scripts/build_refdata.py``.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Literal

Level = Literal["provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan"]
LEVELS: tuple[Level, ...] = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")
_LEVEL_BY_LENGTH: dict[int, Level] = {
    2: "provinsi",
    4: "kabupaten_kota",
    6: "kecamatan",
    10: "desa_kelurahan",
}
_LENGTH_BY_LEVEL: dict[Level, int] = {level: n for n, level in _LEVEL_BY_LENGTH.items()}
_PARENT_LENGTH = {4: 2, 6: 4, 10: 6}

# Names the portal and people use for a province besides the Kemendagri name.
_PROVINCE_ALIASES = {
    "daerahkhususibukotajakarta": ("dkijakarta", "jakarta"),
    "daerahistimewayogyakarta": ("diyogyakarta", "yogyakarta", "diy"),
}
_PROVINCE_PORTAL = {
    "Daerah Khusus Ibukota Jakarta": "DKI JAKARTA",
    "Daerah Istimewa Yogyakarta": "DI YOGYAKARTA",
}
# A prefix without its dot needs a space after it ("Kotabaru" is a name, not "Kota Baru").
_KABKOTA_PREFIX = re.compile(
    r"^(?:(?:kab|kota adm)\.\s*|(?:kabupaten|kab|kota administrasi|kota adm|kota)\s+)", re.I
)
_PROVINSI_PREFIX = re.compile(r"^(?:prov\.\s*|(?:provinsi|prov)\s+)", re.I)
_KECAMATAN_PREFIX = re.compile(r"^(?:kec\.\s*|(?:kecamatan|kec)\s+)", re.I)
_DESA_PREFIX = re.compile(r"^(?:kel\.\s*|(?:desa|kelurahan|kel)\s+)", re.I)


@dataclass(frozen=True, slots=True)
class Region:
    """One provinsi, kabupaten/kota, kecamatan or desa/kelurahan."""

    code: str  # digits only: 35, 3508, 350820, 3508202001
    name: str  # as Kemendagri writes it: "Kabupaten Lumajang", "Alun-Alun"
    postcode: str | None

    @property
    def level(self) -> Level:
        return _LEVEL_BY_LENGTH[len(self.code)]

    @property
    def parent_code(self) -> str | None:
        length = _PARENT_LENGTH.get(len(self.code))
        return self.code[:length] if length else None

    @property
    def dotted(self) -> str:
        """The Kemendagri notation: ``35.08.20.2001``."""
        c = self.code
        return ".".join(p for p in (c[:2], c[2:4], c[4:6], c[6:]) if p)

    @property
    def portal_name(self) -> str:
        """The name as the portal's dropdowns show it: ``KAB. LUMAJANG``, ``ALUN-ALUN``."""
        if self.level == "provinsi":
            return _PROVINCE_PORTAL.get(self.name, self.name.upper())
        if self.level == "kabupaten_kota":
            name = self.name
            for prefix, short in (
                ("Kabupaten ", "KAB. "),
                ("Kota Administrasi ", "KOTA ADM. "),
                ("Kota ", "KOTA "),
            ):
                if name.startswith(prefix):
                    return short + name[len(prefix) :].upper()
        return self.name.upper()


@dataclass(frozen=True, slots=True)
class Kbli:
    """One KBLI 2020 code with its title; ``verified`` when checked against the publication."""

    code: str
    title: str
    verified: bool

    @property
    def label(self) -> str:
        """As the portal lists it: ``47112 - Perdagangan Eceran ...``."""
        return f"{self.code} - {self.title}"


def digits(code: str) -> str:
    """``35.08.20.2001`` → ``3508202001``; digits pass through."""
    return code.replace(".", "").strip()


def name_key(name: str, level: Level | None = None) -> str:
    """The form of a name used for matching: case, punctuation, spaces and prefixes ignored."""
    text = name.strip()
    if level in (None, "provinsi"):
        text = _PROVINSI_PREFIX.sub("", text)
    if level in (None, "kabupaten_kota"):
        text = _KABKOTA_PREFIX.sub("", text)
    if level in (None, "kecamatan"):
        text = _KECAMATAN_PREFIX.sub("", text)
    if level in (None, "desa_kelurahan"):
        text = _DESA_PREFIX.sub("", text)
    return re.sub(r"[^0-9a-z]", "", text.lower())


def _kabkota_kind(name: str) -> str | None:
    """``kota`` or ``kabupaten`` when the name is written with its prefix, else None."""
    prefix = _KABKOTA_PREFIX.match(name.strip())
    if prefix is None:
        return None
    return "kota" if prefix.group().lower().startswith("kota") else "kabupaten"


@cache
def _table() -> dict[str, str]:
    """Code → ``name<TAB>postcode``; Region objects are built only when asked for."""
    raw = files("oss_assist.refdata").joinpath("wilayah.tsv.gz").read_bytes()
    table: dict[str, str] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        code, _, rest = line.partition("\t")
        table[code] = rest
    return table


@cache
def _children_codes() -> dict[str, list[str]]:
    kids: dict[str, list[str]] = {}
    for code in _table():
        parent = code[: _PARENT_LENGTH[len(code)]] if len(code) in _PARENT_LENGTH else ""
        kids.setdefault(parent, []).append(code)
    return kids


def _make(code: str, rest: str) -> Region:
    name, _, postcode = rest.partition("\t")
    return Region(code, name, postcode or None)


def region(code: str) -> Region | None:
    """The region with this code (dotted or digits), or None."""
    key = digits(code)
    rest = _table().get(key)
    return _make(key, rest) if rest is not None else None


def names_by_code(*levels: Level) -> list[tuple[str, str]]:
    """(code, portal name) of every kecamatan and/or desa/kelurahan, in code order: a
    search index without building a Region for each of the 91,000."""
    lengths = {_LENGTH_BY_LEVEL[level] for level in levels}
    if lengths - {6, 10}:
        raise ValueError("only kecamatan and desa_kelurahan names are their upper case")
    return [(code, rest.partition("\t")[0].upper()) for code, rest in _table().items()
            if len(code) in lengths]


def children(parent_code: str = "") -> list[Region]:
    """The regions directly under ``parent_code`` (the provinces under ``""``), by code."""
    table = _table()
    return [_make(c, table[c]) for c in _children_codes().get(digits(parent_code), [])]


@cache
def _keys_of(name: str, level: Level) -> frozenset[str]:
    keys = {name_key(name, level)}
    keys.update(_PROVINCE_ALIASES.get(name_key(name), ()))
    return frozenset(keys)


def find_child(parent_code: str, name: str) -> list[Region]:
    """Regions under the parent whose name matches, ignoring case, punctuation and prefixes.

    More than one match means the name is ambiguous (``Malang``: Kabupaten and Kota); a
    prefix in ``name`` (``Kota Malang``) picks the one of that kind, and a prefix of the
    other kind matches nothing (there is no ``Kota Lumajang``).
    """
    parent = digits(parent_code)
    level = _LEVEL_BY_LENGTH[{0: 2, 2: 4, 4: 6, 6: 10}[len(parent)]]
    wanted = name_key(name, level)
    found = [r for r in children(parent) if wanted in _keys_of(r.name, r.level)]
    kind = _kabkota_kind(name) if level == "kabupaten_kota" else None
    if kind:
        found = [r for r in found if _kabkota_kind(r.name) == kind]
    return found


def search(parent_code: str, query: str) -> list[Region]:
    """Children of the parent whose portal name contains the query (autocomplete)."""
    q = query.strip().upper()
    return [r for r in children(parent_code) if q in r.portal_name]


@cache
def _kbli() -> dict[str, Kbli]:
    text = files("oss_assist.refdata").joinpath("kbli2020.tsv").read_text(encoding="utf-8")
    table: dict[str, Kbli] = {}
    for line in text.splitlines():
        code, title, verified = line.split("\t")
        table[code] = Kbli(code, title, verified == "1")
    return table


def kbli(code: str) -> Kbli | None:
    """The KBLI 2020 entry for a five-digit code, or None when not known locally."""
    return _kbli().get(code.strip())


def kbli_search(query: str, limit: int = 20) -> list[Kbli]:
    """KBLI entries whose code starts with, or whose title contains, the query."""
    q = query.strip().lower()
    if not q:
        return []
    table = _kbli()
    hits = [k for k in table.values() if k.code.startswith(q) or q in k.title.lower()]
    return hits[:limit]
