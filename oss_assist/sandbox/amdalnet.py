"""Sandbox host 'amdalnet': the environmental screening opened in a new tab from OSS.

    GET  /?kd_izin=…&id_izin=…          the screening page (Element-UI look)
    GET  /api/list-proyek?id_izin=…      the activity to screen
    GET  /api/check-license-status?id_izin=…
    POST /api/penapisan-kewenangan       the outcome for the answers (nothing kept)
    POST /api/projects                   keep the outcome: binding, cannot be changed

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
            sectors=SECTORS,
            tapak=workflow.TAPAK,
            back_url=(
                f"{ctx.urls['beranda']}/persetujuan-lingkungan?id_proyek={project.id_proyek}"
                if project else f"{ctx.urls['beranda']}/kegiatan-usaha"
            ),
        )

    def target(account: Account, data: dict[str, Any]) -> Project:
        return workflow.project_by_izin(state, account, workflow.text(data.get("id_izin")))

    def list_proyek(request: Request, account: Account, data: dict[str, Any]) -> Any:
        return {"status": 200, "data": [_summary(ctx, target(account, data))]}

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
        a("check-license-status", license_status, "GET"),
        a("penapisan-kewenangan", kewenangan, "POST"),
        a("projects", save, "POST"),
    ]

