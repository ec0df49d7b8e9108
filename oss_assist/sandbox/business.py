"""Sandbox hosts 'perizinan' (the dashboard SPA) and 'beranda' (the business app).

Pages (beranda): /lokasi-usaha, /lokasi-usaha/tambah-lokasi (also /kelola-usaha/...),
/kegiatan-usaha, /kegiatan-usaha/tambah-kegiatan, /persyaratan-dasar-tata-ruang,
/data-kegiatan-usaha, /persetujuan-lingkungan, /penerbitan-nib, and the documents under
/dokumen/. Background requests live under /api/ with the live portal's path names
(prosesLokasi, getListKBLI, prosesBidangUsaha, prosesProyek, submitPernyataanMandiri,
detailPerizinan, getSatuanProduk/<kbli>, getTableKBLIdanProduk, getResikoNonPesorangan,
getKriteriaKegiatan, submitLingkungan, terbitkanNib, ...). Each handler checks the
session, then calls one function of ``workflow`` under the state's lock.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from oss_assist import refdata
from oss_assist.sandbox import geocode, issuance, licensing, workflow
from oss_assist.sandbox.app import Context, role_of
from oss_assist.sandbox.state import Account, Project
from oss_assist.sandbox.workflow import FormError, NotFound

Handler = Callable[[Request, Account], Awaitable[Response]]
ApiHandler = Callable[[Request, Account, dict[str, Any]], Any]

#: The KBLIs offered before the applicant types anything (typical rural micro businesses).
COMMON_KBLI = (
    "47112", "56102", "56103", "10794", "01411", "14120", "96111", "47241", "10792",
    "56303", "96200", "45407",
)


def page_endpoint(ctx: Context, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """A page that needs a session of this host's own (its cookie, or ``?auth-code=``,
    which then becomes its cookie); without one, single sign-on through the login host:
    ``{login}/login?next=<this page>`` comes back here with ``?auth-code=``."""

    async def endpoint(request: Request) -> Response:
        account = ctx.account(request)
        if account is None:
            return ctx.sso(request)
        response = await handler(request, account)
        code = request.query_params.get("auth-code")
        if code:
            ctx.remember(role_of(request), response, code)
        return response

    return endpoint


async def _body(request: Request) -> dict[str, Any]:
    if request.method == "GET":
        return dict(request.query_params)
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("application/json"):
        try:
            data = json.loads(await request.body() or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def api_endpoint(ctx: Context, handler: ApiHandler) -> Callable[[Request], Awaitable[Response]]:
    """An XHR: 401 without a session; FormError → 422 with field errors; NotFound → 404."""

    async def endpoint(request: Request) -> Response:
        account = ctx.account(request)
        if account is None:
            return ctx.sso(request)
        data = await _body(request)
        try:
            with ctx.state.lock:
                result = handler(request, account, data)
        except FormError as exc:
            return JSONResponse(
                {"status": 422, "message": exc.message, "errors": exc.errors}, status_code=422
            )
        except NotFound as exc:
            return JSONResponse({"status": 404, "message": str(exc)}, status_code=404)
        if isinstance(result, Response):
            return result
        return JSONResponse(result)

    return endpoint


def _menu_context(ctx: Context, request: Request, account: Account) -> dict[str, Any]:
    nib = workflow.nib_of(ctx.state, account.id)
    return {"token": ctx.token(request), "account": account, "nib": nib.nib if nib else ""}


# -- perizinan host ----------------------------------------------------------------------


def perizinan_routes(ctx: Context) -> list[BaseRoute]:
    """The post-login dashboard: a hash-routed shell that reads ``#/?auth-code=``.

    The server never sees the hash, so the shell itself is served without a session; its
    script asks ``/api/profile`` and, on 401, goes through ``{login}/login?next=…`` (the
    single sign-on), which comes back with ``?auth-code=``."""

    async def shell(request: Request) -> Response:
        response = ctx.render(request, "perizinan/dashboard.html")
        code = request.query_params.get("auth-code")
        if code and code in ctx.state.sessions:  # a look only: not counted as a request
            ctx.remember(role_of(request), response, code)
        return response

    async def profile(request: Request) -> Response:
        account = ctx.account(request)
        if account is None:
            return ctx.sso(request)
        nib = workflow.nib_of(ctx.state, account.id)
        response = JSONResponse(
            {
                "status": 200,
                "data": {
                    "nama": account.name,
                    "email": account.email,
                    "nib": nib.nib if nib else None,
                    "jumlah_kegiatan": len(workflow.projects_of(ctx.state, account)),
                },
            }
        )
        code = request.query_params.get("auth-code")
        if code:
            ctx.remember(role_of(request), response, code)
        return response

    return [Route("/", shell), Route("/api/profile", profile)]


# -- beranda host: pages -------------------------------------------------------------------


def _pages(ctx: Context) -> list[BaseRoute]:
    state = ctx.state

    def render(request: Request, account: Account, name: str, **kw: Any) -> Response:
        return ctx.render(request, name, **_menu_context(ctx, request, account), **kw)

    async def lokasi(request: Request, account: Account) -> Response:
        with state.lock:
            locs = workflow.locations_of(state, account)
        return render(request, account, "beranda/lokasi_usaha.html", locations=locs,
                      label=workflow.location_label)

    async def tambah_lokasi(request: Request, account: Account) -> Response:
        geocode.warm()
        with state.lock:
            locs = workflow.locations_of(state, account)
        return render(request, account, "beranda/tambah_lokasi.html", locations=locs,
                      label=workflow.location_label)

    async def kegiatan(request: Request, account: Account) -> Response:
        with state.lock:
            rows = [
                (p, state.locations.get(p.id_proyek_lokasi), issuance.next_path(p))
                for p in workflow.projects_of(state, account)
            ]
        return render(request, account, "beranda/kegiatan_usaha.html", rows=rows,
                      label=workflow.location_label)

    async def tambah_kegiatan(request: Request, account: Account) -> Response:
        project = None
        loc = None
        with state.lock:
            try:
                if request.query_params.get("id_proyek"):
                    project = workflow.project_of(state, account, request.query_params["id_proyek"])
                    loc = state.locations.get(project.id_proyek_lokasi)
                elif request.query_params.get("id_proyek_lokasi"):
                    loc = workflow.location_of(
                        state, account, request.query_params["id_proyek_lokasi"]
                    )
            except NotFound:
                return RedirectResponse("/kegiatan-usaha", status_code=303)
        return render(
            request, account, "beranda/tambah_kegiatan.html", project=project, location=loc,
            location_label=workflow.location_label(loc) if loc else "",
            jenis_kegiatan=licensing.JENIS_KEGIATAN,
        )

    def project_page(template: str, **extra: Any) -> Handler:
        async def page(request: Request, account: Account) -> Response:
            with state.lock:
                try:
                    project = workflow.project_of(
                        state, account, request.query_params.get("id_proyek", "")
                    )
                except NotFound:
                    return RedirectResponse("/kegiatan-usaha", status_code=303)
                loc = state.locations.get(project.id_proyek_lokasi)
                context = {
                    "project": project,
                    "location": loc,
                    "location_label": workflow.location_label(loc) if loc else "",
                    "step": project.data.get("step", "kegiatan"),
                    "detail": workflow.detail(project),
                    **extra,
                }
                if template == "beranda/data_kegiatan.html":
                    context["show_cakupan"] = licensing.shows_cakupan(project.kbli)
                if template == "beranda/penerbitan_nib.html":
                    context["review"] = issuance.review(state, account, project)
                    context["documents"] = issuance.documents(project)
                    context["obligations"] = licensing.obligations_of(project.kbli)
                    context["risk_level"] = (project.data.get("risiko") or {}).get(
                        "keterangan_resiko", ""
                    )
            return render(request, account, template, **context)

        return page

    async def document(request: Request, account: Account) -> Response:
        kind = request.path_params["kind"]
        key = request.path_params["key"]
        with state.lock:
            try:
                if kind == "nib":
                    nib = state.nibs.get(key)
                    if nib is None or nib.account_id != account.id:
                        raise NotFound("Dokumen tidak ditemukan")
                    content, name = nib.pdf, f"NIB-{nib.nib}.pdf"
                else:
                    project = workflow.project_of(state, account, key)
                    content = issuance.render_document(state, account, project, kind)
                    name = f"{kind}-{project.id_proyek}.pdf"
            except NotFound:
                return JSONResponse(
                    {"status": 404, "message": "Dokumen tidak ditemukan"}, status_code=404
                )
        return Response(
            content,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    async def uploaded(request: Request, account: Account) -> Response:
        upload = workflow.UPLOADS.get(request.path_params["file_id"], account.id)
        if upload is None:
            return JSONResponse({"status": 404, "message": "File tidak ditemukan"}, 404)
        return Response(upload.content, media_type="application/pdf")

    def p(path: str, handler: Handler) -> Route:
        return Route(path, page_endpoint(ctx, handler))

    return [
        Route("/", lambda request: RedirectResponse("/lokasi-usaha", status_code=303)),
        p("/lokasi-usaha", lokasi),
        p("/lokasi-usaha/tambah-lokasi", tambah_lokasi),
        p("/kelola-usaha/tambah-lokasi", tambah_lokasi),
        p("/kegiatan-usaha", kegiatan),
        p("/kegiatan-usaha/tambah-kegiatan", tambah_kegiatan),
        p("/persyaratan-dasar-tata-ruang", project_page("beranda/tata_ruang.html")),
        p("/data-kegiatan-usaha", project_page(
            "beranda/data_kegiatan.html",
            status_berjalan=licensing.STATUS_BERJALAN,
            cakupan=licensing.CAKUPAN_PRODUK,
            sumber=licensing.SUMBER_PEMBIAYAAN,
        )),
        p("/persetujuan-lingkungan", project_page("beranda/persetujuan_lingkungan.html")),
        p("/penerbitan-nib", project_page("beranda/penerbitan_nib.html")),
        p("/dokumen/{kind}/{key}.pdf", document),
        p("/api/file/{file_id}", uploaded),
    ]


# -- beranda host: background requests -------------------------------------------------------


def _apis(ctx: Context) -> list[BaseRoute]:
    state = ctx.state

    def project(account: Account, data: dict[str, Any]) -> Project:
        return workflow.project_of(state, account, workflow.text(data.get("id_proyek")))

    def matra(request: Request, account: Account, data: dict[str, Any]) -> Any:
        return [{"kode": code, "nama": name} for code, name in licensing.MATRA]

    def search_address(request: Request, account: Account, data: dict[str, Any]) -> Any:
        return [place.as_dict() for place in geocode.search(workflow.text(data.get("q")))]

    def proses_lokasi(request: Request, account: Account, data: dict[str, Any]) -> Any:
        loc = workflow.create_location(state, account, data)
        return {
            "status": 200,
            "data": {
                "id_proyek_lokasi": loc.id_proyek_lokasi,
                "label": workflow.location_label(loc),
                "rdtr": loc.data["rdtr"],
            },
        }

    def list_lokasi(request: Request, account: Account, data: dict[str, Any]) -> Any:
        q = workflow.text(data.get("q")).lower()
        rows = [
            {"id_proyek_lokasi": loc.id_proyek_lokasi, "label": workflow.location_label(loc)}
            for loc in workflow.locations_of(state, account)
        ]
        return {"data": [r for r in rows if q in r["label"].lower()]}

    def list_kbli(request: Request, account: Account, data: dict[str, Any]) -> Any:
        old = workflow.text(data.get("kbli_2020"))
        if old:
            return {
                "status": 200,
                "data": [
                    {"kode": code, "judul": title}
                    for code, title in licensing.kbli_2025_of(old)
                ],
            }
        q = workflow.text(data.get("q") or data.get("keyword"))
        if q:
            hits = refdata.kbli_search(q, limit=30)
        else:
            hits = [k for k in (refdata.kbli(c) for c in COMMON_KBLI) if k is not None]
        return {
            "status": 200,
            "data": [
                {"kode": k.code, "judul": k.title, "konversi_2025": bool(
                    licensing.kbli_2025_of(k.code)
                )}
                for k in hits
            ],
        }

    def kbli_info(request: Request, account: Account, data: dict[str, Any]) -> Any:
        code = workflow.text(data.get("kbli"))
        entry = refdata.kbli(code)
        if entry is None:
            raise NotFound("KBLI tidak ditemukan")
        return {
            "status": 200,
            "data": {
                "kode": entry.code,
                "judul": licensing.form_title(entry.code, entry.title),
                "konversi_2025": bool(licensing.kbli_2025_of(code)),
                "bidang_usaha": list(licensing.sectors_of(code)),
                "ruang_lingkup": list(licensing.RUANG_LINGKUP),
                "popups": ctx.faults.popups("kbli"),
            },
        }

    def proses_bidang(request: Request, account: Account, data: dict[str, Any]) -> Any:
        created = workflow.create_project(state, account, data)
        loc = state.locations[created.id_proyek_lokasi]
        return {
            "status": 200,
            "data": {
                "id_proyek": created.id_proyek,
                "id_proyek_lokasi": created.id_proyek_lokasi,
                "kbli": created.kbli,
                "judul": created.data["kbli_judul"],
                "jenis_kegiatan": created.data["jenis_kegiatan_nama"],
                "ruang_lingkup": created.data["ruang_lingkup"],
                "kbli_2025": created.data["kbli_2025"],
                "rdtr": loc.data.get("rdtr", False),
            },
        }

    def proses_proyek(request: Request, account: Account, data: dict[str, Any]) -> Any:
        target = project(account, data)
        step = workflow.text(data.get("step")) or "kegiatan"
        if step == "kegiatan":
            workflow.set_business_name(target, data.get("nama_usaha"))
        elif step == "investasi":
            workflow.save_investment(target, data)
        elif step == "risiko":
            workflow.confirm_risk(target, data.get("parameter"))
        elif step != "lingkungan":
            raise FormError({"step": "Langkah tidak dikenal"}, "Langkah tidak dikenal")
        return {
            "status": 200,
            "data": {
                "id_proyek": target.id_proyek,
                "id_proyek_lokasi": target.id_proyek_lokasi,
                "step": target.data.get("step"),
                "next": issuance.next_path(target),
            },
        }

    def hapus_proyek(request: Request, account: Account, data: dict[str, Any]) -> Any:
        workflow.delete_project(state, project(account, data))
        return {"status": 200, "message": "Berhasil menghapus data"}

    def submit_kkpr(request: Request, account: Account, data: dict[str, Any]) -> Any:
        target = project(account, data)
        workflow.submit_kkpr(target, data.get("setuju"))
        return {"status": 200, "message": "Pernyataan mandiri berhasil diproses"}

    def detail(request: Request, account: Account, data: dict[str, Any]) -> Any:
        target = project(account, data)
        info = workflow.detail(target)
        env = target.data.get("lingkungan") or {}
        if env.get("id_izin"):
            info["amdalnet_url"] = (
                f"{ctx.urls['amdalnet']}/?kd_izin={env['kd_izin']}&id_izin={env['id_izin']}"
            )
        return {"status": 200, "data": info}

    def satuan(request: Request, account: Account, data: dict[str, Any]) -> Any:
        code = request.path_params["kbli"]
        return {"status": 200, "data": [{"satuan_ukur": u} for u in licensing.units_of(code)]}

    def table(request: Request, account: Account, data: dict[str, Any]) -> Any:
        target = project(account, data)
        return {
            "status": 200,
            "data": [
                {
                    "id_proyek": target.id_proyek,
                    "kbli": target.kbli,
                    "judul": target.data.get("kbli_judul", ""),
                    "nama_usaha": target.data.get("nama_usaha", ""),
                    "produk": target.data.get("produk", []),
                }
            ],
        }

    def data_kegiatan(request: Request, account: Account, data: dict[str, Any]) -> Any:
        target = project(account, data)
        keys = (
            "status_berjalan", "tgl_berjalan", "jangka_waktu", "investasi",
            "sumber_pembiayaan", "pendapatan_tahunan", "tenaga_kerja", "skala_usaha",
            "modal_usaha", "jumlah_investasi", "risiko",
        )
        return {
            "status": 200,
            "data": {k: target.data.get(k) for k in keys} | {
                "kbli": target.kbli, "step": target.data.get("step"),
            },
        }

    def tambah_produk(request: Request, account: Account, data: dict[str, Any]) -> Any:
        product = workflow.add_product(project(account, data), data)
        return {"status": 200, "data": product}

    def hapus_produk(request: Request, account: Account, data: dict[str, Any]) -> Any:
        workflow.remove_product(project(account, data), data.get("id_produk"))
        return {"status": 200, "message": "Berhasil menghapus data"}

    def resiko(request: Request, account: Account, data: dict[str, Any]) -> Any:
        return workflow.risk(project(account, data))

    def kriteria(request: Request, account: Account, data: dict[str, Any]) -> Any:
        target = project(account, data)
        return {
            "status": 200,
            "data": [
                {"parameter_kewenangan": p} for p in licensing.kriteria_of(target.kbli)
            ],
        }

    def lingkungan(request: Request, account: Account, data: dict[str, Any]) -> Any:
        workflow.submit_environment(state, project(account, data), data)
        return {"status": 200, "message": "Persetujuan lingkungan diproses"}

    def terbitkan(request: Request, account: Account, data: dict[str, Any]) -> Any:
        declarations = data.get("pernyataan") or {}
        result = issuance.issue_nib(
            state, account, project(account, data), declarations, issuance.new_nib_number
        )
        return {"status": 200, "data": result}

    async def upload(request: Request) -> Response:
        account = ctx.account(request)
        if account is None:
            return ctx.sso(request)
        form = await request.form()
        item = form.get("file")
        if item is None or isinstance(item, str):
            return JSONResponse(
                {"status": 422, "message": WAJIB_FILE, "errors": {"file": WAJIB_FILE}}, 422
            )
        content = await item.read()
        name = item.filename or "dokumen.pdf"
        try:
            workflow.check_pdf(name, content)
        except FormError as exc:
            return JSONResponse(
                {"status": 422, "message": exc.message, "errors": exc.errors}, 422
            )
        file_id = state.new_id("F-")
        workflow.UPLOADS.add(workflow.Upload(file_id, account.id, name, content))
        return JSONResponse(
            {
                "status": 200,
                "data": {
                    "file_id": file_id,
                    "url": f"/api/file/{file_id}",
                    "nama_file": name,
                    "ukuran": len(content),
                },
            }
        )

    def a(path: str, handler: ApiHandler, methods: tuple[str, ...] = ("POST",)) -> Route:
        return Route("/api/" + path, api_endpoint(ctx, handler), methods=list(methods))

    get = ("GET",)
    return [
        a("options/matra", matra, get),
        a("geocode/search", search_address, get),
        Route("/api/file/upload", upload, methods=["POST"]),
        a("prosesLokasi", proses_lokasi),
        a("listLokasi", list_lokasi, get),
        a("getListKBLI", list_kbli),
        a("getInfoKBLI", kbli_info),
        a("prosesBidangUsaha", proses_bidang),
        a("prosesProyek", proses_proyek),
        a("hapusProyek", hapus_proyek),
        a("submitPernyataanMandiri", submit_kkpr),
        a("detailPerizinan", detail, get),
        a("getSatuanProduk/{kbli}", satuan, get),
        a("getTableKBLIdanProduk", table, get),
        a("getDataKegiatan", data_kegiatan, get),
        a("simpanProduk", tambah_produk),
        a("hapusProduk", hapus_produk),
        a("getResikoNonPesorangan", resiko),
        a("getKriteriaKegiatan", kriteria),
        a("submitLingkungan", lingkungan),
        a("terbitkanNib", terbitkan),
    ]


WAJIB_FILE = "File wajib diunggah"


def beranda_routes(ctx: Context) -> list[BaseRoute]:
    """The business app: locations, activities, requirements, data, risk, environment, NIB."""
    return [*_apis(ctx), *_pages(ctx)]
