"""Sandbox host 'amdalnet': the environmental screening opened in a new tab from OSS.

    GET  /?kd_izin=…&id_izin=…          the screening page (Element-UI look)
    GET  /api/list-proyek?page=N         the account's activities to screen, a page of them
    GET  /api/business?id_izin=…         the sectors and activity types ("Sektor" opened)
    GET  /api/check-license-status?id_izin=…   (once the activity is ticked)
    POST /api/penapisan-kewenangan       the outcome for the answers (nothing kept)
    POST /api/projects                   keep the outcome: binding, cannot be changed

The screen follows oss-portal.md §5.7 and, where it does not contradict §5.7, the fuller
screen of §18. The sector option reads "Multi Sektor" (§5.7, what the current automation
clicks; §18's "Multisektor" is from an older version of it).

Amdalnet is another domain: it learns the OSS session from the ``?auth-code=`` that OSS
opens it with (then keeps it in its own cookie, ``oss_token_amdalnet``), or by the single
sign-on bounce through the login host when it has none.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from oss_assist.sandbox import business, workflow
from oss_assist.sandbox.app import Context
from oss_assist.sandbox.state import Account, Project

#: Activities per page of "Daftar Proyek" (list-proyek).
PAGE_SIZE = 5
#: The rows of the parameter table (§18): key, name.
PARAMETERS = (("luas_bangunan", "Luas bangunan terbangun"),
              ("luas_lahan", "Luas lahan terbangun"))
#: The units the "Satuan" select offers for an area.
SATUAN_LUAS = ("m2", "ha")

SECTORS = (
    "Multi Sektor",
    "Perdagangan",
    "Perindustrian",
    "Pariwisata",
    "Pertanian",
    "Kelautan dan Perikanan",
)


def _summary(ctx: Context, project: Project) -> dict[str, Any]:
    env = project.data.get("lingkungan") or {}
    loc = ctx.state.locations.get(project.id_proyek_lokasi)
    ld = loc.data if loc else {}
    return {
        "id_izin": env.get("id_izin"),
        "kd_izin": env.get("kd_izin"),
        "id_proyek": project.id_proyek,
        "nama_usaha": project.data.get("nama_usaha", ""),
        "kbli": project.kbli,
        "judul_kbli": project.data.get("kbli_judul", ""),
        "jenis_kegiatan": f"{project.kbli} - {project.data.get('kbli_judul', '')}",
        "lokasi": ", ".join(
            x for x in (ld.get("alamat"), ld.get("kelurahan_nama"), ld.get("kecamatan_nama"),
                        ld.get("kabupaten_nama")) if x
        ),
        "luas_lahan": ld.get("luas_lahan"),
        "status": env.get("status"),
        "hasil": env.get("hasil"),
        "kewenangan": env.get("kewenangan"),
        "nomor_sppl": env.get("nomor_sppl"),
    }


def routes(ctx: Context) -> list[BaseRoute]:
    state = ctx.state

    async def page(request: Request, account: Account) -> Response:
        id_izin = request.query_params.get("id_izin", "")
        with state.lock:
            try:
                project = workflow.project_by_izin(state, account, id_izin)
            except workflow.NotFound:
                project = None
            summary = _summary(ctx, project) if project else None
        return ctx.render(
            request,
            "amdalnet/penapisan.html",
            summary=summary,
            id_izin=id_izin,
            kd_izin=request.query_params.get("kd_izin", ""),
            tapak=workflow.TAPAK,
            parameters=PARAMETERS,
            back_url=(
                f"{ctx.urls['beranda']}/persetujuan-lingkungan?id_proyek={project.id_proyek}"
                if project else f"{ctx.urls['beranda']}/kegiatan-usaha"
            ),
        )

    def target(account: Account, data: dict[str, Any]) -> Project:
        return workflow.project_by_izin(state, account, workflow.text(data.get("id_izin")))

    def list_proyek(request: Request, account: Account, data: dict[str, Any]) -> Any:
        mine = sorted((p for p in state.projects.values() if p.account_id == account.id
                       and (p.data.get("lingkungan") or {}).get("id_izin")),
                      key=lambda p: p.id_proyek)
        page_no = max(1, workflow.number(data.get("page")) or 1)
        rows = mine[(page_no - 1) * PAGE_SIZE:page_no * PAGE_SIZE]
        return {"status": 200, "page": page_no, "size": PAGE_SIZE, "total": len(mine),
                "data": [_summary(ctx, p) for p in rows]}

    def business_types(request: Request, account: Account, data: dict[str, Any]) -> Any:
        summary = _summary(ctx, target(account, data))
        return {"status": 200, "data": {"sektor": list(SECTORS),
                                        "jenis_kegiatan": [summary["jenis_kegiatan"]],
                                        "satuan": list(SATUAN_LUAS)}}

    def license_status(request: Request, account: Account, data: dict[str, Any]) -> Any:
        summary = _summary(ctx, target(account, data))
        return {
            "status": 200,
            "data": {
                "id_izin": summary["id_izin"],
                "status": summary["status"],
                "hasil": summary["hasil"],
                "terkunci": bool(summary["hasil"]),
            },
        }

    def kewenangan(request: Request, account: Account, data: dict[str, Any]) -> Any:
        return {"status": 200, "data": workflow.screening(target(account, data), data)}

    def save(request: Request, account: Account, data: dict[str, Any]) -> Any:
        env = workflow.save_screening(state, target(account, data), data)
        return {
            "status": 200,
            "message": "Data berhasil disimpan",
            "data": {
                "hasil": env["hasil"],
                "status": env["status"],
                "kewenangan": env["kewenangan"],
                "nomor_sppl": env.get("nomor_sppl"),
            },
        }

    def a(path: str, handler: business.ApiHandler, method: str) -> Route:
        return Route("/api/" + path, business.api_endpoint(ctx, handler), methods=[method])

    return [
        Route("/", business.page_endpoint(ctx, page)),
        a("list-proyek", list_proyek, "GET"),
        a("business", business_types, "GET"),
        a("check-license-status", license_status, "GET"),
        a("penapisan-kewenangan", kewenangan, "POST"),
        a("projects", save, "POST"),
    ]

