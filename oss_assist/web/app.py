"""The web desk's ASGI application: the desk's shared state, rendering, the error pages
and security headers, and the routes each page module brings."""

from __future__ import annotations

import importlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from oss_assist.errors import OssAssistError
from oss_assist.i18n import Lang, Text
from oss_assist.register import CaseNotFound, Register, open_register
from oss_assist.settings import Settings
from oss_assist.web.auth import CSRF_FIELD, Forbidden, NeedLogin, TooLarge, visitor
from oss_assist.web.permissions import ROLE_LABELS, Permission, may

#: The page modules, each bringing its ``ROUTES``.
PAGES = ("login", "cases", "survey", "case", "evidence", "intake", "recap", "audit")
KEY_FILE = ".web-session.key"
LANG_COOKIE = "bahasa"
_log = logging.getLogger("oss_assist.web")
_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; "
     b"style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; "
     b"base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


@dataclass
class Desk:
    """What every page shares: the settings, the register, the cookie key, templates."""

    settings: Settings
    register: Register
    secret: bytes
    templates: Jinja2Templates
    idle: timedelta
    secure: bool = False
    #: seconds a failed sign-in's answer is held back, doubled per failure in a row
    login_delay: float = 0.5
    #: how long a case page waits for the chain's verification when the log has grown
    chain_wait: float = 0.05
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def engine(self) -> Engine:
        return self.register.engine

    def now(self) -> datetime:
        return self.register.now()


def session_secret(archive_dir: Path) -> bytes:
    """The key that signs session cookies, made on first use (0600, in the archive)."""
    from oss_assist.evidence import write_private_file

    path = archive_dir / KEY_FILE
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    except FileNotFoundError:
        pass
    if not archive_dir.is_dir():
        archive_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    data = secrets.token_bytes(32)
    write_private_file(path, data)
    return data


def lang_of(request: Request) -> Lang:
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in ("id", "en"):
        return "en" if chosen == "en" else "id"
    desk: Desk = request.app.state.desk
    return desk.settings.lang


def render(request: Request, name: str, *, status: int = 200, public: bool = False,
           **data: Any) -> Response:
    """A page: its template with the page's data, the visitor, the language and ``t``.
    A ``public`` page (the applicant's survey) shows nothing of a signed-in visitor: on
    the counter's screen the applicant gets no way into the desk."""
    desk: Desk = request.app.state.desk
    lang = lang_of(request)
    who = None if public else visitor(request)

    def t(id_text: str, en_text: str) -> str:
        return en_text if lang == "en" else id_text

    context = {"lang": lang, "t": t, "visitor": who, "csrf_field": CSRF_FIELD,
               "csrf": who.csrf if who else "", "P": Permission,
               "can": (lambda p: who is not None and who.may(p)),
               "role_label": (ROLE_LABELS[who.staff.role].render(lang) if who else ""),
               "office": desk.settings.office_name, "path": request.url.path,
               "survey_on": desk.settings.web_survey, **data}
    response = desk.templates.TemplateResponse(request, name, context, status_code=status)
    response.headers["cache-control"] = "no-store"
    return response


def say(request: Request, text: Text) -> str:
    return text.render(lang_of(request))


def _error(request: Request, status: int, title: Text, detail: Text | None = None
           ) -> Response:
    return render(request, "error.html", status=status, title=say(request, title),
                  detail=say(request, detail) if detail else "")


async def _need_login(request: Request, exc: Exception) -> Response:
    return RedirectResponse("/masuk", status_code=303)


async def _forbidden(request: Request, exc: Exception) -> Response:
    return _error(request, 403, Text("Tidak diizinkan", "Not allowed"), Text(
        "Peran Anda tidak boleh melakukan ini, atau formulirnya sudah kedaluwarsa: muat "
        "ulang halamannya lalu coba lagi.",
        "Your role may not do this, or the form has expired: reload the page and try "
        "again."))


async def _not_found(request: Request, exc: Exception) -> Response:
    if isinstance(exc, CaseNotFound):
        return _error(request, 404, Text("Kasus tidak ditemukan", "Case not found"),
                      Text("Tidak ada kasus dengan nomor itu di register.",
                           "There is no case with that number in the register."))
    status = exc.status_code if isinstance(exc, HTTPException) else 404
    if status == 405:
        return _error(request, 405, Text("Cara membuka halaman ini salah",
                                         "Wrong way to open this page"))
    return _error(request, 404, Text("Halaman tidak ditemukan", "Page not found"))


async def _too_large(request: Request, exc: Exception) -> Response:
    return _error(request, 413, Text("Berkas terlalu besar", "File too large"))


async def _failed(request: Request, exc: Exception) -> Response:
    # the type only: a message may hold personal data, a traceback the machine's paths
    _log.error("web_request_failed error=%s", type(exc).__name__)
    message = exc.text if isinstance(exc, OssAssistError) else None
    if isinstance(exc, OssAssistError):
        return _error(request, 400 if exc.exit_code == 2 else 409,
                      Text("Tidak dapat dilakukan", "Cannot be done"), message)
    return _error(request, 500, Text("Terjadi kesalahan di server", "Server error"), Text(
        "Tidak ada yang berubah karena kesalahan ini. Coba lagi; bila terulang, laporkan "
        "waktunya kepada pengelola.",
        "Nothing was changed by this error. Try again; if it happens again, tell the "
        "administrator the time."))


class SecurityHeaders:
    """Adds the security headers to every response, and answers an unexpected error with
    the error page itself: nothing of it (a traceback, a message holding personal data)
    reaches the server's log or the browser."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = list(message.get("headers", [])) + _HEADERS
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:
            if started:
                raise
            response = await _failed(Request(scope, receive), exc)
            await response(scope, receive, sending)


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(files("oss_assist.web") / "templates")),
        autoescape=True, undefined=jinja2.StrictUndefined)
    return Jinja2Templates(env=env)


def build_app(settings: Settings, *, register: Register | None = None,
              clock: Callable[[], datetime] | None = None, secure: bool = False,
              login_delay: float = 0.5, chain_wait: float = 0.05) -> Starlette:
    """The web desk on the register the settings name (or the one given)."""
    from starlette.middleware import Middleware

    reg = register or open_register(settings, clock=clock)
    desk = Desk(settings=settings, register=reg, secret=session_secret(settings.archive_dir),
                templates=_templates(), idle=timedelta(minutes=settings.web_session_minutes),
                secure=secure, login_delay=login_delay, chain_wait=chain_wait)
    static = StaticFiles(directory=str(files("oss_assist.web") / "static"))
    routes: list[BaseRoute] = [Mount("/static", static, name="static")]
    for name in PAGES:
        routes += importlib.import_module(f"oss_assist.web.{name}").ROUTES
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)],
                    exception_handlers={NeedLogin: _need_login, Forbidden: _forbidden,
                                        CaseNotFound: _not_found, 404: _not_found,
                                        405: _not_found, TooLarge: _too_large,
                                        OssAssistError: _failed})
    app.state.desk = desk
    from oss_assist.web.evidence import audit_log

    audit_log(desk).warm(desk.now())
    return app


__all__ = ["Desk", "build_app", "lang_of", "may", "render", "say"]
