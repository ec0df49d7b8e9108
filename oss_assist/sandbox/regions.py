"""The portal's region reference API (provinsi → kota → kecamatan → kelurahan), on every host.

    GET /api/v1/ref/region/list/provinsi
    GET /api/v1/ref/region/list/kota?parent=35
    GET /api/v1/ref/region/list/kecamatan?parent=3508
    GET /api/v1/ref/region/list/kelurahan?parent=350820
    optional q=<text>: only names containing it (case-insensitive; the live portal's
    autocompletes send what the user typed)

Each answers a JSON list ``[{"region_id": "3508", "nama": "KAB. LUMAJANG"}, ...]`` from
the bundled Kemendagri tables, names in the portal's UPPERCASE style, in code order. A
missing or wrong ``parent`` answers ``[]`` (400 when absent), as a proxy would.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from oss_assist import refdata

PREFIX = "/api/v1/ref/region/list"
#: The portal's level names and the length of the parent code each expects.
LEVELS: dict[str, int] = {"provinsi": 0, "kota": 2, "kecamatan": 4, "kelurahan": 6}


def region_list(level: str, parent: str = "", query: str = "") -> list[dict[str, str]]:
    """The items one region endpoint answers; ``[]`` for a parent of the wrong level."""
    want = LEVELS[level]
    parent = refdata.digits(parent)
    if len(parent) != want or (parent and not parent.isdigit()):
        return []
    q = " ".join(query.split()).upper()
    return [
        {"region_id": r.code, "nama": r.portal_name}
        for r in refdata.children(parent)
        if not q or q in r.portal_name
    ]


async def _list(request: Request) -> Response:
    level = request.path_params["level"]
    if level not in LEVELS:
        return JSONResponse({"status": 404, "message": "Not Found"}, status_code=404)
    parent = request.query_params.get("parent", "")
    if LEVELS[level] and not parent:
        return JSONResponse(
            {"status": 400, "message": "parameter parent wajib diisi"}, status_code=400
        )
    return JSONResponse(region_list(level, parent, request.query_params.get("q", "")))


def routes() -> list[BaseRoute]:
    """The region endpoints, mounted on every host."""
    return [Route(PREFIX + "/{level}", _list, methods=["GET"])]


def warm() -> None:
    """Read the region tables now, so the first request does not pay for it."""
    refdata.children("")
