"""Signing in and out, and the language switch."""

from __future__ import annotations

import asyncio
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from oss_assist.i18n import Text
from oss_assist.web.accounts import failure_delay, sign_in
from oss_assist.web.app import LANG_COOKIE, Desk, render, say
from oss_assist.web.auth import (
    COOKIE,
    end_session,
    open_session,
    session_cookie_args,
    visitor,
)

WRONG = Text("Nama pengguna atau kata sandi salah.", "Wrong user name or password.")
EXPIRED = Text("Formulir masuk sudah kedaluwarsa; isi sekali lagi.",
               "The sign-in form has expired; fill it in once more.")


#: Before there is a session the sign-in form is protected by a double-submit token: a
#: random value in a SameSite cookie that the form must send back.
LOGIN_COOKIE = "meja_masuk"


def _login_form(request: Request, *, status: int = 200, error: str = "",
                name: str = "") -> Response:
    desk: Desk = request.app.state.desk
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", status=status, error=error, login_name=name,
                      login_token=token)
    response.set_cookie(LOGIN_COOKIE, token, max_age=3600, httponly=True,
                        samesite="strict", secure=desk.secure, path="/masuk")
    return response


async def login_page(request: Request) -> Response:
    if visitor(request) is not None:
        return RedirectResponse("/", status_code=303)
    return _login_form(request)


async def login(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    form = await request.form(max_files=0, max_fields=10, max_part_size=4096)
    sent, kept = str(form.get("csrf", "")), request.cookies.get(LOGIN_COOKIE, "")
    if not kept or not hmac.compare_digest(sent.encode(), kept.encode()):
        return _login_form(request, status=403, error=say(request, EXPIRED))
    name, password = str(form.get("nama", ""))[:64], str(form.get("sandi", ""))
    outcome = await asyncio.to_thread(sign_in, desk.engine, name, password, now=desk.now())
    if outcome.staff is None:
        if outcome.locked_until is not None:
            until = desk.register.calendar.local(outcome.locked_until)
            error = say(request, Text(
                f"Terlalu banyak percobaan yang salah: akun ini dikunci sampai "
                f"{until:%H:%M}. Tunggu, atau minta pengelola mengganti kata sandinya.",
                f"Too many wrong attempts: this account is locked until {until:%H:%M}. "
                "Wait, or ask the administrator to reset the password."))
        else:
            error = say(request, WRONG)
        await asyncio.sleep(failure_delay(outcome.failures, desk.login_delay))
        return _login_form(request, status=401, error=error, name=name)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(LOGIN_COOKIE, path="/masuk")
    response.set_cookie(value=open_session(desk, outcome.staff),
                        **session_cookie_args(desk))  # type: ignore[arg-type]
    return response


async def logout(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    found = visitor(request)
    if found is not None:
        form = await request.form(max_files=0, max_fields=10, max_part_size=4096)
        if form.get("csrf") == found.csrf:
            end_session(desk, found.token_sha256)
    response = RedirectResponse("/masuk", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


async def language(request: Request) -> Response:
    chosen = request.path_params["lang"]
    target = request.query_params.get("ke", "/")
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = "/"
    response = RedirectResponse(target, status_code=303)
    if chosen in ("id", "en"):
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 86400, samesite="strict",
                            httponly=True)
    return response


ROUTES = [
    Route("/masuk", login_page, methods=["GET"]),
    Route("/masuk", login, methods=["POST"]),
    Route("/keluar", logout, methods=["POST"]),
    Route("/bahasa/{lang}", language, methods=["GET"]),
]
