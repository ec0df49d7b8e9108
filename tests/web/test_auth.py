"""Signing in and out, sessions, CSRF, lockout, and the rule that every page but the
sign-in needs a session."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from oss_assist.register import Register
from oss_assist.web.accounts import LOCK_AFTER, disable_user, failure_delay, set_password
from oss_assist.web.auth import COOKIE

from .conftest import PASSWORD, Clock, SignIn, csrf_of, masuk


def test_sign_in_sets_a_signed_httponly_samesite_cookie_that_expires(
        anonymous: TestClient) -> None:
    answer = masuk(anonymous, "kasi", PASSWORD)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = next(c for c in answer.headers.get_list("set-cookie")
                  if c.startswith(f"{COOKIE}="))
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie and "Max-Age=43200" in cookie
    page = anonymous.get("/")
    assert page.status_code == 200 and "Kasi Pelayanan" in page.text


def test_a_forged_or_tampered_cookie_is_no_session(anonymous: TestClient) -> None:
    masuk(anonymous, "kasi", PASSWORD)
    value = anonymous.cookies[COOKIE]
    token, _, signature = value.partition(".")
    anonymous.cookies.set(COOKIE, f"{token[:-1]}x.{signature}")
    assert anonymous.get("/").status_code == 303
    anonymous.cookies.set(COOKIE, "abc.def")
    assert anonymous.get("/").headers["location"] == "/masuk"


def test_a_wrong_password_or_name_says_the_same_and_signs_nobody_in(
        anonymous: TestClient) -> None:
    wrong = masuk(anonymous, "kasi", "salah-sekali-12")
    nobody = masuk(anonymous, "tidakada", PASSWORD)
    assert wrong.status_code == nobody.status_code == 401
    assert "Nama pengguna atau kata sandi salah." in wrong.text
    assert "Nama pengguna atau kata sandi salah." in nobody.text
    assert COOKIE not in anonymous.cookies


def test_repeated_failures_are_slowed_then_lock_the_account(
        anonymous: TestClient, clock: Clock) -> None:
    assert failure_delay(1, 0.5) == 0.5 and failure_delay(3, 0.5) == 2.0
    assert failure_delay(20, 0.5) == 4.0
    for _ in range(LOCK_AFTER):
        masuk(anonymous, "kasi", "tebakan-salah-1")
    locked = masuk(anonymous, "kasi", PASSWORD)
    assert locked.status_code == 401 and "dikunci sampai" in locked.text
    clock.advance(minutes=16)
    assert masuk(anonymous, "kasi", PASSWORD).status_code == 303


def test_a_disabled_users_open_session_ends(sign_in: SignIn, register: Register) -> None:
    client = sign_in("loket1")
    assert client.get("/").status_code == 200
    disable_user(register.engine, "loket1")
    assert client.get("/").headers["location"] == "/masuk"
    again = masuk(client, "loket1", PASSWORD)
    assert again.status_code == 401


def test_a_new_password_ends_open_sessions(sign_in: SignIn, register: Register) -> None:
    client = sign_in("loket1")
    set_password(register.engine, "loket1", "kata-sandi-baru-99", now=register.now())
    assert client.get("/").status_code == 303


def test_an_idle_session_expires(sign_in: SignIn, clock: Clock) -> None:
    client = sign_in("kasi")
    clock.advance(minutes=20)
    assert client.get("/").status_code == 200
    clock.advance(minutes=20)  # 20 minutes since the last request: still alive
    assert client.get("/").status_code == 200
    clock.advance(minutes=31)
    assert client.get("/").status_code == 303


def test_sessions_nobody_came_back_to_are_deleted_at_the_next_sign_in(
        sign_in: SignIn, register: Register, clock: Clock) -> None:
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from oss_assist.web.tables import SessionRow

    def live() -> int:
        with Session(register.engine) as session:
            return session.scalar(select(func.count()).select_from(SessionRow)) or 0

    walked_away = sign_in("loket1")
    sign_in("kasi")
    assert live() == 2
    clock.advance(minutes=31)  # both idle past the timeout; neither came back
    sign_in("sekretariat")
    assert live() == 1  # only the new one: the idle rows went with this sign-in
    assert walked_away.get("/").status_code == 303


def test_logout_needs_the_csrf_token_and_ends_the_session(sign_in: SignIn) -> None:
    client = sign_in("kasi")
    client.post("/keluar", data={})
    value = client.cookies.get(COOKIE)
    assert value is None  # the browser forgets the cookie either way...
    client2 = sign_in("kasi")
    token = csrf_of(client2)
    kept = client2.cookies[COOKIE]
    client2.post("/keluar", data={"csrf": token})
    client2.cookies.set(COOKIE, kept)  # ...and the server ended the session itself
    assert client2.get("/").status_code == 303


def test_every_page_but_the_sign_in_needs_a_session(app: Starlette,
                                                     anonymous: TestClient) -> None:
    public = {"/masuk", "/bahasa/{lang}", "/survei/{token}"}
    checked = 0
    for route in app.routes:
        if isinstance(route, Mount) or not isinstance(route, Route):
            continue
        if route.path in public:
            continue
        path = (route.path.replace("{case_no}", "RNY-2026-00001")
                .replace("{name}", "001-x.png").replace("{kind}", "berkas")
                .replace("{move}", "validasi").replace("{month}", "2026-11")
                .replace("{fmt}", "pdf"))
        for method in sorted(route.methods or ()):
            if method == "HEAD":
                continue
            answer = anonymous.request(method, path)
            assert answer.status_code == 303, (method, path)
            assert answer.headers["location"] == "/masuk"
            checked += 1
    assert checked >= 1


def test_pages_carry_security_headers_and_are_not_cached(sign_in: SignIn) -> None:
    page = sign_in("kasi").get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["cache-control"] == "no-store"


def test_the_language_switch_goes_back_to_a_local_page_only(anonymous: TestClient) -> None:
    answer = anonymous.get("/bahasa/en", params={"ke": "https://example.com/"})
    assert answer.headers["location"] == "/"
    answer = anonymous.get("/bahasa/en", params={"ke": "//example.com/"})
    assert answer.headers["location"] == "/"
    assert "Sign in" in anonymous.get("/masuk").text


def test_the_session_key_is_private(app: Starlette, tmp_path: Path) -> None:
    key = tmp_path / "arsip" / ".web-session.key"
    assert key.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("name", ["../etc", "A B", "x"])
def test_user_names_are_checked(register: Register, name: str) -> None:
    from oss_assist.web.accounts import AccountError, add_user
    from oss_assist.web.permissions import Role

    with pytest.raises(AccountError):
        add_user(register.engine, name, role=Role.COUNTER, password=PASSWORD,
                 full_name="", now=register.now())


def test_the_sign_in_form_needs_its_own_token(anonymous: TestClient) -> None:
    """No session yet: a double-submit token (cookie and field) guards the form."""
    forged = anonymous.post("/masuk", data={"nama": "kasi", "sandi": PASSWORD})
    assert forged.status_code == 403 and COOKIE not in anonymous.cookies
    anonymous.get("/masuk")
    wrong = anonymous.post("/masuk", data={"csrf": "lain", "nama": "kasi", "sandi": PASSWORD})
    assert wrong.status_code == 403 and "kedaluwarsa" in wrong.text
    assert masuk(anonymous, "kasi", PASSWORD).status_code == 303
