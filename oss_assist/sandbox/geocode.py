"""Offline stand-in for the address search ("Cari alamat...") of the location form.

The live portal asks nominatim.openstreetmap.org; the sandbox never calls the internet.
It matches the query against the bundled region table (desa and kecamatan names), or
reads it as ``"lat, lon"``. The coordinates it gives are approximate: a few hand-placed
centroids around Kecamatan Ranuyoso, otherwise the province's or Indonesia's centre,
nudged per region code so that different villages get different points.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from functools import cache

from oss_assist import refdata

#: Indonesia's bounding box (lat, lon), as the portal notes give it.
LAT_RANGE = (-11.0, 6.0)
LON_RANGE = (95.0, 141.0)
_COORDS = re.compile(r"^\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")

# Approximate centroids (synthetic, for practice only).
_CENTROIDS: dict[str, tuple[float, float]] = {
    "": (-2.5, 118.0),
    "35": (-7.54, 112.24),
    "3508": (-8.13, 113.22),
    "350810": (-8.13, 113.22),
    "350819": (-7.99, 113.25),
    "350820": (-7.96, 113.27),
}


@dataclass(frozen=True)
class Place:
    """One search result, shaped like nominatim's."""

    place_id: str
    display_name: str
    lat: float
    lon: float
    region_code: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "place_id": self.place_id,
            "display_name": self.display_name,
            "lat": f"{self.lat:.6f}",
            "lon": f"{self.lon:.6f}",
            "region_code": self.region_code,
        }


def _nudge(code: str) -> tuple[float, float]:
    digest = hashlib.sha256(code.encode()).digest()
    return ((digest[0] - 128) / 128 * 0.02, (digest[1] - 128) / 128 * 0.02)


def point_of(code: str) -> tuple[float, float]:
    """An approximate point for a region: its nearest known centroid, nudged by its code."""
    for length in (len(code), 6, 4, 2, 0):
        base = _CENTROIDS.get(code[:length])
        if base is not None:
            if length == len(code):
                return base
            dlat, dlon = _nudge(code)
            return (round(base[0] + dlat, 6), round(base[1] + dlon, 6))
    return _CENTROIDS[""]


def display_name(code: str) -> str:
    """``JENGGRONG, RANUYOSO, KAB. LUMAJANG, JAWA TIMUR, 67357`` for a desa code."""
    names: list[str] = []
    postcode = ""
    current = refdata.region(code)
    while current is not None:
        names.append(current.portal_name)
        postcode = postcode or (current.postcode or "")
        parent = current.parent_code
        current = refdata.region(parent) if parent else None
    return ", ".join(names + ([postcode] if postcode else []))


_INDEX_LOCK = threading.Lock()


def warm() -> None:
    """Build the search index in the background (the location form calls this on open:
    the first build takes about half a second, typing an address takes longer)."""
    if _index.cache_info().currsize == 0:
        threading.Thread(target=_index, name="geocode-index", daemon=True).start()


@cache
def _index() -> list[tuple[str, str]]:
    """(code, UPPER name) of every kecamatan and desa, built once."""
    with _INDEX_LOCK:
        return _build_index()


def _build_index() -> list[tuple[str, str]]:
    return refdata.names_by_code("kecamatan", "desa_kelurahan")


def _in_indonesia(lat: float, lon: float) -> bool:
    return LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]


def search(query: str, limit: int = 8) -> list[Place]:
    """Places matching the query: a coordinate pair, or region names (all words)."""
    match = _COORDS.match(query)
    if match:
        lat, lon = float(match.group(1)), float(match.group(2))
        if not _in_indonesia(lat, lon):
            return []
        near = min(
            (c for c in _CENTROIDS if len(c) == 6),
            key=lambda c: (_CENTROIDS[c][0] - lat) ** 2 + (_CENTROIDS[c][1] - lon) ** 2,
        )
        dist = (_CENTROIDS[near][0] - lat) ** 2 + (_CENTROIDS[near][1] - lon) ** 2
        label = f"{lat:.6f}, {lon:.6f}"
        if dist < 0.01:
            label += f" (sekitar {display_name(near)})"
        return [Place(f"coord:{lat:.6f},{lon:.6f}", label, lat, lon, near if dist < 0.01 else "")]
    words = [w for w in re.split(r"[\s,]+", query.upper()) if w]
    if not words or len(words[0]) < 3:
        return []
    first, rest = words[0], words[1:]
    places: list[Place] = []
    for code, name in _index():
        if first not in name:
            continue
        full = display_name(code)
        if all(w in full for w in rest):
            lat, lon = point_of(code)
            places.append(Place(f"region:{code}", full, lat, lon, code))
            if len(places) >= limit:
                break
    return places
