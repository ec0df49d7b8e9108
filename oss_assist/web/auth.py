"""Sessions of the web desk: a signed, HttpOnly, SameSite cookie naming a server-side
session record (so that disabling a user ends their open sessions), its CSRF token, and
``require``: the check every view makes before it shows or does anything."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.requests import Request

from oss_assist.web.accounts import Staff, _staff
from oss_assist.web.permissions import Permission, may
from oss_assist.web.tables import SessionRow, UserRow

if TYPE_CHECKING:
    from oss_assist.web.app import Desk

COOKIE = "meja_sesi"
#: A session ends this long after sign-in, however busy.
MAX_AGE = timedelta(hours=12)
#: ``last_seen`` is written at most this often (a write per page would queue on SQLite).
TOUCH_EVERY = timedelta(seconds=60)
CSRF_FIELD = "csrf"
#: The largest body a desk form may send (a profile, its PDFs, an NIB PDF).
MAX_FORM_BYTES = 32 * 1024 * 1024


class NeedLogin(Exception):
    """No live session: the visitor is sent to the sign-in page."""


class Forbidden(Exception):
    """Signed in, but the role may not do this (or the form's CSRF token is wrong)."""


@dataclass(frozen=True)
class Visitor:
    """The signed-in member of staff behind a request."""

    staff: Staff
    csrf: str
    token_sha256: str

    def may(self, permission: Permission) -> bool:
        return may(self.staff.role, permission)


def _sign(secret: bytes, token: str) -> str:
    mac = hmac.new(secret, token.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def cookie_value(secret: bytes, token: str) -> str:
    return f"{token}.{_sign(secret, token)}"


def token_of(secret: bytes, value: str) -> str | None:
    """The session token in a cookie value, if its signature holds."""
    token, _, signature = value.partition(".")
    if not token or not signature or len(value) > 200:
        return None
    try:
        token.encode("ascii")
    except UnicodeEncodeError:
        return None
    if not hmac.compare_digest(_sign(secret, token), signature):
        return None
    return token


def open_session(desk: Desk, staff: Staff) -> str:
    """A new session for ``staff``; returns the cookie's value. Sessions nobody came back
    to (idle or past their cap) are deleted on the way, so the table holds live ones only."""
    token = secrets.token_urlsafe(32)
    now = desk.now()
    with Session(desk.engine, expire_on_commit=False) as session, session.begin():
        session.execute(delete(SessionRow).where(or_(SessionRow.last_seen < now - desk.idle,
                                                     SessionRow.created_at < now - MAX_AGE)))
        session.add(SessionRow(token_sha256=_digest(token), user_id=staff.id,
                               csrf=secrets.token_urlsafe(32), created_at=now, last_seen=now))
    return cookie_value(desk.secret, token)


def end_session(desk: Desk, token_sha256: str) -> None:
    with Session(desk.engine, expire_on_commit=False) as session, session.begin():
        session.execute(delete(SessionRow).where(SessionRow.token_sha256 == token_sha256))


def visitor(request: Request) -> Visitor | None:
    """The request's live session (looked up once per request), else None. An expired
    session, or one of a disabled or locked account, is ended here."""
    if "visitor" in request.scope:
        found: Visitor | None = request.scope["visitor"]
        return found
    desk: Desk = request.app.state.desk
    found = None
    token = token_of(desk.secret, request.cookies.get(COOKIE, ""))
    if token is not None:
        found = _lookup(desk, _digest(token))
    request.scope["visitor"] = found
    return found


def _lookup(desk: Desk, digest: str) -> Visitor | None:
    now = desk.now()
    with Session(desk.engine, expire_on_commit=False) as session, session.begin():
        pair = session.execute(select(SessionRow, UserRow)
                               .join(UserRow, UserRow.id == SessionRow.user_id)
                               .where(SessionRow.token_sha256 == digest)).one_or_none()
        if pair is None:
            return None
        row, user = pair
        idle = now - row.last_seen > desk.idle
        old = now - row.created_at > MAX_AGE
        locked = user.locked_until is not None and user.locked_until > now
        if idle or old or not user.active or locked:
            session.delete(row)
            return None
        if now - row.last_seen > TOUCH_EVERY:
            row.last_seen = now
        return Visitor(_staff(user), row.csrf, digest)


def require(request: Request, permission: Permission) -> Visitor:
    """The signed-in visitor, if their role holds ``permission``; else NeedLogin or
    Forbidden. Every view calls this (or ``require_form``) first."""
    found = visitor(request)
    if found is None:
        raise NeedLogin
    if not found.may(permission):
        raise Forbidden
    return found


async def require_form(request: Request, permission: Permission) -> tuple[Visitor, FormData]:
    """As ``require``, for a form sent with POST: the form, once its CSRF token matches
    the session's."""
    found = require(request, permission)
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_FORM_BYTES:
        raise TooLarge
    form = await request.form(max_files=9, max_fields=200, max_part_size=MAX_FORM_BYTES)
    sent = form.get(CSRF_FIELD)
    if not isinstance(sent, str) or not hmac.compare_digest(sent.encode(),
                                                            found.csrf.encode()):
        raise Forbidden
    return found, form


class TooLarge(Exception):
    """A request body beyond what a desk form ever needs."""


def session_cookie_args(desk: Desk) -> dict[str, object]:
    """How the session cookie is set: HttpOnly, SameSite, Secure over TLS, expiring."""
    return {"key": COOKIE, "httponly": True, "samesite": "strict", "secure": desk.secure,
            "max_age": int(MAX_AGE.total_seconds()), "path": "/"}
