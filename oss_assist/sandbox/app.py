"""The sandbox's ASGI application: one Starlette app per portal host, chosen by port.

Each portal host (portal, login, perizinan, beranda, amdalnet, mail) listens on a port of
its own, so each has its own origin and base URL, as on the live portal. The
``SandboxMiddleware`` in front of every host applies the run's faults and writes the
request log; ``/__sandbox__/`` on every host is the inspection API for tests.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from oss_assist.sandbox import drift, regions
from oss_assist.sandbox.faults import Faults
from oss_assist.sandbox.state import (
    SECRET_PARAMS,
    Account,
    PortalState,
    RequestRecord,
    Session,
    redact,
    redact_query,
)

ROLES = ("portal", "login", "perizinan", "beranda", "amdalnet", "mail")
#: Each host keeps its own session cookie, ``oss_token_<role>``: browsers do not separate
#: cookies by port, and on the live portal the hosts are different domains that share none.
SESSION_COOKIE_PREFIX = "oss_token"
#: The hosts whose pages need a session and learn it by single sign-on through the login
#: host (``{login}/login?next=…`` comes back with ``?auth-code=``).
SSO_ROLES = ("perizinan", "beranda", "amdalnet")
MAINTENANCE_TEXT = "Sistem sedang dalam pemeliharaan"
EXPIRED_TEXT = "Sesi Anda telah berakhir, silakan masuk kembali"
_UNLOGGED_PREFIXES = ("/static/", "/__sandbox__/", "/favicon")
_HTTP_ERRORS = {500: "Internal Server Error", 503: "Service Unavailable"}
_ROLE_KEY = "oss_assist.role"  # the ASGI scope key under which the middleware puts the host


def session_cookie(role: str) -> str:
    """The name of the session cookie that host ``role`` keeps (and only it reads)."""
    return f"{SESSION_COOKIE_PREFIX}_{role}"


def role_of(request: Request) -> str:
    """The host (portal role) the request arrived at."""
    return str(request.scope.get(_ROLE_KEY, ""))


def without_auth_code(url: str) -> str:
    """The URL without its ``auth-code``/``refresh-code`` query parameters."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k not in SECRET_PARAMS]
    return urlunsplit(parts._replace(query=urlencode(query)))


def with_auth_code(url: str, token: str) -> str:
    """The URL with ``auth-code=<token>`` in its query (any earlier one replaced)."""
    parts = urlsplit(without_auth_code(url))
    query = [*parse_qsl(parts.query, keep_blank_values=True), ("auth-code", token)]
    return urlunsplit(parts._replace(query=urlencode(query)))


@dataclass
class Context:
    """What every host's handlers share: the state, the faults, the URLs, the templates."""

    state: PortalState
    faults: Faults
    urls: dict[str, str]
    templates: Jinja2Templates

    def render(self, request: Request, name: str, **context: Any) -> HTMLResponse:
        """Render a template with the portal URLs and this page's pop-ups and spinner."""
        page = name.removesuffix(".html")
        context.setdefault("urls", self.urls)
        # Drawn only when the handler did not decide, so a page that opts out (the mailbox)
        # does not consume the run's seeded draws.
        if "popups" not in context:
            context["popups"] = self.faults.popups(page)
        if "stuck_spinner" not in context:
            context["stuck_spinner"] = self.faults.stuck_spinner(page)
        context.setdefault("import_licence_popup", self.faults.profile.import_licence_popup)
        response = self.templates.TemplateResponse(request, name, context)
        renames = self.faults.renames()
        if not renames:
            return response
        body = drift.apply(bytes(response.body).decode(), renames)
        return HTMLResponse(body, status_code=response.status_code)

    # -- sessions ------------------------------------------------------------------

    def token(self, request: Request) -> str:
        """The token the request presents: ``?auth-code=``, a Bearer header, or the cookie
        of the host it arrived at (never another host's)."""
        return (
            request.query_params.get("auth-code")
            or request.headers.get("authorization", "").removeprefix("Bearer ").strip()
            or request.cookies.get(session_cookie(role_of(request)), "")
        )

    def session(self, request: Request) -> Session | None:
        """The request's live session, or None when absent or expired (which ends it)."""
        return self.live_session(self.token(request))

    def live_session(self, token: str) -> Session | None:
        """The session of the token if it is live (counted as a request), else None; an
        idle or spent session is ended here."""
        if not token:
            return None
        state, profile = self.state, self.faults.profile
        with state.lock:
            session = state.sessions.get(token)
            if session is None:
                return None
            now = state.now()
            session.requests += 1
            idle = now - session.last_seen > profile.session_idle_s
            spent = (
                profile.session_expire_every > 0
                and session.requests > profile.session_expire_every
            )
            if idle or spent:
                state.end_session(token)
                return None
            session.last_seen = now
            return session

    def account(self, request: Request) -> Account | None:
        session = self.session(request)
        return self.state.accounts.get(session.account_id) if session else None

    @staticmethod
    def remember(role: str, response: Response, token: str) -> None:
        """Keep the token in the session cookie of host ``role`` (the one answering)."""
        response.set_cookie(session_cookie(role), token, path="/", httponly=True,
                            samesite="lax")

    def page_url(self, request: Request) -> str:
        """The page's full URL on its host's base URL, without session tokens."""
        base = self.urls.get(role_of(request), "")
        query = request.url.query
        return without_auth_code(base + request.url.path + ("?" + query if query else ""))

    def safe_next(self, url: str) -> str | None:
        """``url`` when it is a page of one of the sandbox's SSO hosts, else None (no open
        redirect): scheme, host and port must be exactly those of such a host."""
        if not url or "\\" in url or any(ord(ch) < 32 for ch in url):
            return None
        parts = urlsplit(url)
        for role in SSO_ROLES:
            base = urlsplit(self.urls.get(role, ""))
            if base.netloc and (parts.scheme, parts.netloc) == (base.scheme, base.netloc):
                return urlunsplit(parts._replace(path=parts.path or "/"))
        return None

    def to_login(self, request: Request, *, expired: bool = True, next_url: str = "") -> Response:
        """Send a page request to login (``expired``: with the expiry toast; ``next_url``:
        back there, with the auth-code, after logging in); an XHR gets 401 JSON."""
        if _wants_json(request):
            return JSONResponse(
                {"status": 401, "message": EXPIRED_TEXT, "expired": expired}, status_code=401
            )
        query = ([("expired", "1")] if expired else []) + ([("next", next_url)] if next_url
                                                            else [])
        url = self.urls["login"] + "/login" + ("?" + urlencode(query) if query else "")
        return RedirectResponse(url, status_code=303)

    def sso(self, request: Request) -> Response:
        """A request to an SSO host without a live session of its own. A page goes through
        the login host and back (``expired=1`` when a token was presented and is dead); an
        XHR gets 401 JSON (``"expired"``: whether a token was presented)."""
        return self.to_login(request, expired=bool(self.token(request)),
                             next_url=self.page_url(request))


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return (
        "application/json" in accept
        or request.headers.get("x-requested-with") == "XMLHttpRequest"
        or request.url.path.startswith("/api/")
    )


class SandboxMiddleware:
    """Faults (maintenance, latency, HTTP errors) and the request log, for one host."""

    def __init__(self, app: ASGIApp, *, role: str, ctx: Context) -> None:
        self.app = app
        self.role = role
        self.ctx = ctx

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope[_ROLE_KEY] = self.role
        path: str = scope["path"]
        if path.startswith(_UNLOGGED_PREFIXES):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []

        async def recording_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                chunks.append(message.get("body", b""))
            return message

        status_holder = [0]
        logged = [False]

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder[0] = message["status"]
            elif (message["type"] == "http.response.body" and not message.get("more_body")
                  and not logged[0]):
                # logged before the last byte leaves: whoever got the answer finds it logged
                logged[0] = True
                self._log(scope, b"".join(chunks), status_holder[0])
            await send(message)

        faults = self.ctx.faults
        error = None
        # The mailbox stands for the applicant's phone, not the portal: no portal faults.
        if self.role != "mail":
            delay = faults.latency_s(path)
            if delay:
                await asyncio.sleep(delay)
            if faults.profile.maintenance:
                error = _maintenance()
            elif (code := faults.http_error(path)) is not None:
                error = JSONResponse({"status": code, "message": _HTTP_ERRORS[code]}, code)
        if error is not None:
            await error(scope, recording_receive, recording_send)
        else:
            await self.app(scope, recording_receive, recording_send)
        if not logged[0]:
            self._log(scope, b"".join(chunks), status_holder[0])

    def _log(self, scope: Scope, raw: bytes, status: int) -> None:
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        state = self.ctx.state
        token = self.ctx.token(Request(scope))
        session = state.sessions.get(token) if token else None
        state.record(
            RequestRecord(
                seq=state.next_seq(),
                at=time.time(),
                host=self.role,
                method=scope["method"],
                path=scope["path"],
                query=redact_query(scope.get("query_string", b"").decode("latin-1")),
                status=status,
                account_id=session.account_id if session else None,
                body=redact(_parse_body(headers.get("content-type", ""), raw)),
            )
        )


def _parse_body(content_type: str, raw: bytes) -> dict[str, Any]:
    if not raw:
        return {}
    if content_type.startswith("application/json"):
        try:
            data = json.loads(raw)
        except ValueError:
            return {"_raw": raw[:200].decode("latin-1")}
        return data if isinstance(data, dict) else {"_json": data}
    if content_type.startswith("application/x-www-form-urlencoded"):
        return dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
    if content_type.startswith("multipart/form-data"):
        return {"_multipart_bytes": len(raw)}
    return {"_bytes": len(raw)}


#: The band of templates/_band.html, for the one page not made from a template.
BAND = (
    "<div data-testid='sandbox-band' aria-hidden='true' style='position:sticky;top:0;"
    "pointer-events:none;background:#ffd400;color:#111;font:700 12px/24px sans-serif;"
    "text-align:center;border-bottom:2px solid #111'>LATIHAN &middot; SANDBOX &mdash; bukan "
    "portal OSS asli (oss.go.id) &middot; practice only, not the live portal</div>"
)


def _maintenance() -> Response:
    html = (
        "<!doctype html><html lang='id'><head><title>Pemeliharaan - OSS</title></head>"
        f"<body>{BAND}<main><h1>{MAINTENANCE_TEXT}</h1>"
        "<p>Silakan coba beberapa saat lagi.</p></main></body></html>"
    )
    return HTMLResponse(html, status_code=503)


def _inspection_routes(ctx: Context) -> list[BaseRoute]:
    state = ctx.state

    async def snapshot(request: Request) -> Response:
        return JSONResponse(state.snapshot())

    async def requests(request: Request) -> Response:
        since = int(request.query_params.get("since", "0"))
        with state.lock:
            rows = [r.as_dict() for r in state.requests if r.seq > since]
        return JSONResponse(rows)

    async def reset(request: Request) -> Response:
        state.reset()
        ctx.faults.reset()
        return JSONResponse({"ok": True})

    async def mark(request: Request) -> Response:
        data = await request.json()
        seq = state.mark(str(data.get("actor", "")), str(data.get("note", "")))
        return JSONResponse({"seq": seq})

    async def set_faults(request: Request) -> Response:
        data = await request.json()
        try:
            ctx.faults = Faults.custom(
                str(data.get("profile", "none")),
                int(data.get("seed", 0)),
                **dict(data.get("overrides") or {}),
            )
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(
            {
                "profile": ctx.faults.profile.name,
                "seed": ctx.faults.seed,
                "settings": ctx.faults.profile.model_dump(),
            }
        )

    async def get_faults(request: Request) -> Response:
        return JSONResponse(
            {
                "profile": ctx.faults.profile.name,
                "seed": ctx.faults.seed,
                "settings": ctx.faults.profile.model_dump(),
            }
        )

    async def mailbox(request: Request) -> Response:
        to = request.query_params.get("to", "")
        return JSONResponse([vars(m) for m in state.mailbox(to)])

    return [
        Route("/__sandbox__/state", snapshot),
        Route("/__sandbox__/requests", requests),
        Route("/__sandbox__/reset", reset, methods=["POST"]),
        Route("/__sandbox__/mark", mark, methods=["POST"]),
        Route("/__sandbox__/faults", set_faults, methods=["POST"]),
        Route("/__sandbox__/faults", get_faults, methods=["GET"]),
        Route("/__sandbox__/mailbox", mailbox),
    ]


RoutesFactory = Callable[[Context], list[BaseRoute]]


def _host_routes() -> dict[str, RoutesFactory]:
    """Each host's routes, from the module that builds that host's screens."""
    from oss_assist.sandbox import amdalnet, business, login, mail, portal

    return {
        "portal": portal.routes,
        "login": login.routes,
        "perizinan": business.perizinan_routes,
        "beranda": business.beranda_routes,
        "amdalnet": amdalnet.routes,
        "mail": mail.routes,
    }


def _warm(templates: Jinja2Templates) -> None:
    """Read the region tables, compile the templates, index the geocoder and import the PDF
    library while the server starts up, so that no first request pays for them (a first
    "Terbitkan NIB" took 240 ms, most of it importing fpdf). It runs beside the server's
    own start-up; ``Sandbox.start`` reports ready once both are done."""
    regions.warm()
    for name in templates.env.list_templates(extensions=["html"]):
        templates.env.get_template(name)
    from oss_assist.sandbox import geocode, nib_pdf

    geocode.warm()
    nib_pdf.warm()


def build_app(state: PortalState, faults: Faults, urls: dict[str, str]) -> Dispatcher:
    """The ASGI app for all hosts; ``urls`` maps each role to its base URL."""
    templates = Jinja2Templates(directory=str(files("oss_assist.sandbox") / "templates"))
    ctx = Context(state, faults, urls, templates)
    state.urls = dict(urls)
    static = StaticFiles(directory=str(files("oss_assist.sandbox") / "static"))
    apps: dict[str, ASGIApp] = {}
    warming = threading.Thread(target=_warm, args=(templates,), daemon=True,
                               name="sandbox-warm")
    warming.start()
    for role, factory in _host_routes().items():
        routes = [
            *_inspection_routes(ctx),
            Mount("/static", static),
            *regions.routes(),
            *factory(ctx),
        ]
        apps[role] = SandboxMiddleware(Starlette(routes=routes), role=role, ctx=ctx)
    return Dispatcher(apps, urls, ctx, warming)


class Dispatcher:
    """Routes each connection to its host's app by the local port it arrived on."""

    def __init__(self, apps: dict[str, ASGIApp], urls: dict[str, str], ctx: Context,
                 warming: threading.Thread) -> None:
        self.ctx = ctx
        self.warming = warming
        self.by_port = {int(url.rsplit(":", 1)[1]): apps[role] for role, url in urls.items()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        port = scope["server"][1] if scope.get("server") else 0
        app = self.by_port.get(port)
        if app is None:
            await Response("unknown host", status_code=421)(scope, receive, send)
            return
        await app(scope, receive, send)
