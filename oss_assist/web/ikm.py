"""The public-service satisfaction survey after Permenpan RB 14/2017 (Pedoman Penyusunan
Survei Kepuasan Masyarakat): its nine elements, each answered 1–4, and the index.

    IKM = (Σ element average × 1/9) × 25

every element weighted equally (1/9); the index is banded A 88.31–100 (sangat baik),
B 76.61–88.30 (baik), C 65.00–76.60 (kurang baik), D 25.00–64.99 (tidak baik).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from oss_assist.i18n import Text


@dataclass(frozen=True)
class Element:
    key: str
    label: Text
    answers: tuple[Text, Text, Text, Text]  # for 1, 2, 3 and 4


def _four(a: str, b: str, c: str, d: str, en: tuple[str, str, str, str]
          ) -> tuple[Text, Text, Text, Text]:
    return (Text(a, en[0]), Text(b, en[1]), Text(c, en[2]), Text(d, en[3]))


_FIT = ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")
_FIT_EN = ("Not suitable", "Hardly suitable", "Suitable", "Very suitable")
_EASY = ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah")
_EASY_EN = ("Not easy", "Hardly easy", "Easy", "Very easy")
_GOOD = ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten")
_GOOD_EN = ("Not competent", "Hardly competent", "Competent", "Very competent")

#: The nine elements (unsur) U1–U9, in the regulation's order.
ELEMENTS: Final[tuple[Element, ...]] = (
    Element("persyaratan", Text("Persyaratan", "Requirements"), _four(*_FIT, _FIT_EN)),
    Element("prosedur", Text("Sistem, mekanisme dan prosedur",
                             "System, mechanism and procedure"), _four(*_EASY, _EASY_EN)),
    Element("waktu", Text("Waktu penyelesaian", "Time to completion"),
            _four("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat",
                  ("Not fast", "Hardly fast", "Fast", "Very fast"))),
    Element("biaya", Text("Biaya/tarif", "Cost/fee"),
            _four("Sangat mahal", "Cukup mahal", "Murah", "Gratis",
                  ("Very expensive", "Rather expensive", "Cheap", "Free"))),
    Element("produk", Text("Produk spesifikasi jenis pelayanan",
                           "The service's product as specified"), _four(*_FIT, _FIT_EN)),
    Element("kompetensi", Text("Kompetensi pelaksana", "Staff competence"),
            _four(*_GOOD, _GOOD_EN)),
    Element("perilaku", Text("Perilaku pelaksana", "Staff conduct"),
            _four("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah",
                  "Sangat sopan dan ramah",
                  ("Not polite or friendly", "Hardly polite or friendly",
                   "Polite and friendly", "Very polite and friendly"))),
    Element("pengaduan", Text("Penanganan pengaduan, saran dan masukan",
                              "Handling of complaints, suggestions and input"),
            _four("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal",
                  "Dikelola dengan baik",
                  ("None", "There but not working", "Working, not fully",
                   "Well managed"))),
    Element("sarana", Text("Sarana dan prasarana", "Facilities"),
            _four("Buruk", "Cukup", "Baik", "Sangat baik",
                  ("Poor", "Fair", "Good", "Very good"))),
)
KEYS: Final = tuple(e.key for e in ELEMENTS)

#: (lowest index, band, quality), highest first.
BANDS: Final[tuple[tuple[float, str, Text], ...]] = (
    (88.31, "A", Text("Sangat baik", "Very good")),
    (76.61, "B", Text("Baik", "Good")),
    (65.00, "C", Text("Kurang baik", "Poor")),
    (25.00, "D", Text("Tidak baik", "Bad")),
)


@dataclass(frozen=True)
class Ikm:
    """The index of a set of answered surveys."""

    respondents: int
    averages: dict[str, float]  # element key -> average answer (1–4)
    index: float | None  # 25–100 to two decimals, None without answers
    band: str  # A–D, "" without answers
    quality: Text | None


def band_of(index: float) -> tuple[str, Text]:
    """The band of an index, judged on the index as reported, to two decimals (the bounds
    are given so): 88.305 is reported 88.31, so A; 88.304 is 88.30, so B."""
    rounded = round(index, 2)
    for low, band, quality in BANDS:
        if rounded >= low:
            return band, quality
    return BANDS[-1][1], BANDS[-1][2]


def valid_answers(answers: Mapping[str, object]) -> dict[str, int] | None:
    """The nine answers as integers 1–4, or None when one is missing or out of range."""
    out: dict[str, int] = {}
    for key in KEYS:
        value = answers.get(key)
        text = str(value).strip() if value is not None else ""
        if text not in ("1", "2", "3", "4"):
            return None
        out[key] = int(text)
    return out


def ikm(surveys: Iterable[Mapping[str, int]]) -> Ikm:
    """IKM = (Σ element average × 1/9) × 25."""
    rows = [s for s in surveys if valid_answers(s) is not None]
    if not rows:
        return Ikm(0, {}, None, "", None)
    averages = {k: sum(int(r[k]) for r in rows) / len(rows) for k in KEYS}
    index = round(sum(averages[k] * (1 / len(KEYS)) for k in KEYS) * 25, 2)
    band, quality = band_of(index)
    return Ikm(len(rows), averages, index, band, quality)
