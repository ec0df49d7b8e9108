"""Each host keeps its own session, as the live portal's domains do, and learns it by single
sign-on through the login host (oss-portal.md §1.1, §4.3, §14 #12 and #13)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest
from playwright.sync_api import Page, expect

from oss_assist.sandbox import Sandbox

DEWI = {"username": "dewi.lestari@contoh.test", "password": "Latihan#2026"}
DEWI_PHONE = "081234500007"
BUDI = {"username": "budi.santoso@contoh.test", "password": "Latihan#2026"}  # renew_email
XHR = {"X-Requested-With": "XMLHttpRequest", "Accept": "application/json"}
EXPIRED = "Sesi Anda telah berakhir, silakan masuk kembali"
CAPTCHA = 'placeholder="Masukkan kode Captcha"'


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[httpx.Client]:
    """A cookie-keeping client for every host (httpx, like a browser, ignores the port)."""
    with httpx.Client() as c:
        yield c


def log_in(client: httpx.Client, sandbox: Sandbox, **form: str) -> httpx.Response:
    return client.post(sandbox.urls["login"] + "/login", data={**DEWI, **form})


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def bounce_url(sandbox: Sandbox, page_url: str, *, expired: bool = False) -> str:
    return (sandbox.urls["login"] + "/login?" + ("expired=1&" if expired else "")
            + "next=" + quote(page_url, safe=""))


def fill_login(page: Page, username: str, password: str) -> None:
    page.get_by_placeholder("Contoh: 081xxxxxxxxx atau email").fill(username)
    page.get_by_placeholder("Masukkan kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def dewi_in_a_browser(page: Page, sandbox: Sandbox) -> None:
    """Dewi logs in at "Masuk" and lands on the dashboard."""
    page.set_default_timeout(5000)
    page.goto(sandbox.urls["login"] + "/login")
    fill_login(page, DEWI["username"], DEWI["password"])
    page.wait_for_url(re.compile(re.escape(sandbox.urls["perizinan"]) + r"/#/dashboard$"))


# -- one cookie per host ---------------------------------------------------------------------


def test_the_login_hosts_cookie_never_opens_beranda_or_amdalnet(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    login = log_in(client, sandbox)
    token = login.headers["location"].split("auth-code=", 1)[1]
    assert dict(client.cookies) == {"oss_token_login": token}
    for role, path in (("beranda", "/lokasi-usaha"), ("amdalnet", "/?id_izin=I-1")):
        page = client.get(sandbox.urls[role] + path)
        assert "oss_token_login=" in page.request.headers["cookie"]  # sent, and ignored
        assert page.status_code == 303
        assert page.headers["location"] == bounce_url(sandbox, sandbox.urls[role] + path)
    for role, path in (("beranda", "/api/listLokasi"), ("amdalnet", "/api/list-proyek"),
                       ("perizinan", "/api/profile")):
        xhr = client.get(sandbox.urls[role] + path, headers=XHR)
        assert xhr.status_code == 401
        assert xhr.json() == {"status": 401, "message": EXPIRED, "expired": False}


def test_the_bounce_comes_back_with_the_auth_code_which_becomes_the_hosts_cookie(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    token = log_in(client, sandbox).headers["location"].split("auth-code=", 1)[1]
    page_url = sandbox.urls["beranda"] + "/lokasi-usaha/tambah-lokasi?x=1"
    bounce = client.get(page_url).headers["location"]
    back = client.get(bounce)
    assert back.status_code == 303
    assert back.headers["location"] == page_url + "&auth-code=" + token
    page = client.get(back.headers["location"])
    assert page.status_code == 200 and "Tambah Posisi Lokasi" in page.text
    assert client.cookies.get("oss_token_beranda") == token
    # From now on beranda knows the session by its own cookie: no more bounces.
    assert client.get(sandbox.urls["beranda"] + "/kegiatan-usaha").status_code == 200
    assert client.get(sandbox.urls["beranda"] + "/api/listLokasi", headers=XHR).status_code == 200
    # The server-side log keeps the auth-code out, and knows whose requests they were.
    with sandbox.state.lock:
        rows = [r for r in sandbox.state.requests if r.host == "beranda"]
    assert [r.status for r in rows] == [303, 200, 200, 200]
    assert rows[1].query == "x=1&auth-code=[rahasia]" and rows[2].account_id is not None


def test_an_auth_code_in_the_url_replaces_an_old_one(client: httpx.Client,
                                                      sandbox: Sandbox) -> None:
    token = log_in(client, sandbox).headers["location"].split("auth-code=", 1)[1]
    stale = sandbox.urls["beranda"] + "/kegiatan-usaha?auth-code=mati&refresh-code=x"
    bounce = client.get(stale)
    assert bounce.headers["location"] == bounce_url(
        sandbox, sandbox.urls["beranda"] + "/kegiatan-usaha", expired=True)
    back = client.get(bounce.headers["location"]).headers["location"]
    assert back == sandbox.urls["beranda"] + "/kegiatan-usaha?auth-code=" + token


@pytest.mark.browser
def test_a_browser_reaches_beranda_by_the_bounce_after_logging_in(
    page: Page, sandbox: Sandbox
) -> None:
    dewi_in_a_browser(page, sandbox)
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "oss_token_login")
    hops: list[str] = []
    page.on("request", lambda r: hops.append(r.url) if r.is_navigation_request() else None)
    page.goto(sandbox.urls["beranda"] + "/lokasi-usaha")
    assert hops == [
        sandbox.urls["beranda"] + "/lokasi-usaha",
        bounce_url(sandbox, sandbox.urls["beranda"] + "/lokasi-usaha"),
        sandbox.urls["beranda"] + "/lokasi-usaha?auth-code=" + token,
    ]
    expect(page.get_by_role("heading", name="Daftar Lokasi Usaha")).to_be_visible()
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies["oss_token_beranda"] == token
    assert {"oss_token_login", "oss_token_perizinan", "oss_token_beranda"} <= set(cookies)


@pytest.mark.browser
def test_the_dashboard_without_its_own_session_signs_on_through_the_login_host(
    page: Page, sandbox: Sandbox
) -> None:
    page.set_default_timeout(5000)
    client = httpx.Client()
    token = log_in(client, sandbox).headers["location"].split("auth-code=", 1)[1]
    client.close()
    page.context.add_cookies([{"name": "oss_token_login", "value": token,
                               "url": sandbox.urls["login"]}])
    page.goto(sandbox.urls["perizinan"] + "/#/dashboard")
    page.wait_for_url(sandbox.urls["perizinan"] + "/#/dashboard")
    expect(page.get_by_test_id("dashboard-nama")).to_have_text("DEWI LESTARI")
    assert "auth-code" not in page.url


# -- the bounce refuses strangers --------------------------------------------------------------


@pytest.mark.parametrize("target", [
    "http://evil.example/lokasi-usaha",
    "//evil.example/lokasi-usaha",
    "javascript:alert(1)",
    "/lokasi-usaha",
    "{beranda_netloc}@evil.example/",
    "http://evil.example/?{beranda}",
    "{login}/renew-email",
    "{portal}/kbli",
    "{mail}/inbox?to=dewi.lestari@contoh.test",
    "{beranda}\\@evil.example/",
    "{beranda}/x\r\nLocation: http://evil.example/",
])
def test_the_bounce_goes_back_only_to_the_sandboxs_own_apps(
    client: httpx.Client, sandbox: Sandbox, target: str
) -> None:
    netloc = urlsplit(sandbox.urls["beranda"]).netloc
    target = target.format(beranda_netloc="http://" + netloc, **sandbox.urls)
    log_in(client, sandbox)
    page = client.get(sandbox.urls["login"] + "/login", params={"next": target})
    assert page.status_code == 200  # the login page as usual, no redirect
    assert 'name="next"' not in page.text and "evil" not in page.text
    # Logging in with a refused next goes to the dashboard, as without one.
    r = log_in(client, sandbox, next=target)
    assert r.status_code == 303
    assert r.headers["location"].startswith(sandbox.urls["perizinan"] + "/#/?auth-code=")


# -- sessions that ended ------------------------------------------------------------------------


def test_a_dead_token_bounces_with_expired_and_the_login_page_shows_the_toast(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    token = log_in(client, sandbox).headers["location"].split("auth-code=", 1)[1]
    page_url = sandbox.urls["beranda"] + "/kegiatan-usaha"
    client.get(client.get(client.get(page_url).headers["location"]).headers["location"])
    assert client.cookies.get("oss_token_beranda") == token
    sandbox.state.clock_offset = 901  # idle longer than the portal's 15 minutes
    bounce = client.get(page_url)
    assert bounce.headers["location"] == bounce_url(sandbox, page_url, expired=True)
    login_page = client.get(bounce.headers["location"])
    assert login_page.status_code == 200
    assert EXPIRED in login_page.text
    assert f'name="next" value="{page_url}"' in login_page.text
    xhr = client.post(sandbox.urls["beranda"] + "/api/prosesLokasi", json={}, headers=XHR)
    assert xhr.status_code == 401
    assert xhr.json() == {"status": 401, "message": EXPIRED, "expired": True}


def test_a_login_host_session_outlives_a_hosts_stale_token(client: httpx.Client,
                                                           sandbox: Sandbox) -> None:
    """A newer login: the host's dead token is replaced by single sign-on, no toast."""
    first = log_in(client, sandbox).headers["location"].split("auth-code=", 1)[1]
    page_url = sandbox.urls["beranda"] + "/kegiatan-usaha"
    client.get(page_url + "?auth-code=" + first)
    second = log_in(client, sandbox).headers["location"].split("auth-code=", 1)[1]
    assert second != first and list(sandbox.state.sessions) == [second]
    bounce = client.get(page_url).headers["location"]
    assert query_of(bounce)["expired"] == ["1"]
    back = client.get(bounce)
    assert back.headers["location"] == page_url + "?auth-code=" + second
    assert client.get(back.headers["location"]).status_code == 200
    assert client.cookies.get("oss_token_beranda") == second


def test_logging_out_ends_the_session_on_every_host(client: httpx.Client,
                                                    sandbox: Sandbox) -> None:
    token = log_in(client, sandbox).headers["location"].split("auth-code=", 1)[1]
    for role, path in (("beranda", "/kegiatan-usaha"), ("perizinan", "/api/profile")):
        assert client.get(f"{sandbox.urls[role]}{path}?auth-code={token}").status_code == 200
    r = client.get(sandbox.urls["login"] + "/logout")
    assert r.status_code == 303 and sandbox.state.sessions == {}
    assert "oss_token_login" not in client.cookies
    page = client.get(sandbox.urls["beranda"] + "/kegiatan-usaha")
    assert query_of(page.headers["location"])["expired"] == ["1"]
    assert client.get(sandbox.urls["perizinan"] + "/api/profile", headers=XHR).status_code == 401


def test_keluar_with_the_pages_token_ends_it_without_the_login_cookie(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    token = log_in(client, sandbox).headers["location"].split("auth-code=", 1)[1]
    client.cookies.clear()
    r = client.get(sandbox.urls["login"] + "/logout", params={"auth-code": token})
    assert r.status_code == 303 and sandbox.state.sessions == {}


@pytest.mark.browser
def test_after_the_session_ended_logging_in_returns_to_the_page(
    page: Page, sandbox: Sandbox
) -> None:
    dewi_in_a_browser(page, sandbox)
    tambah = sandbox.urls["beranda"] + "/lokasi-usaha/tambah-lokasi"
    page.goto(tambah)
    expect(page.get_by_role("button", name="Tambah Posisi Lokasi")).to_be_visible()
    sandbox.state.clock_offset = 901
    page.goto(tambah)
    expect(page.get_by_role("heading", name="Masuk")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=EXPIRED)).to_be_visible()
    assert page.url == bounce_url(sandbox, tambah, expired=True)
    fill_login(page, DEWI["username"], DEWI["password"])
    page.wait_for_url(re.compile(re.escape(tambah) + r"\?auth-code=[\w-]+$"))
    expect(page.get_by_role("button", name="Tambah Posisi Lokasi")).to_be_visible()
    (token,) = sandbox.state.sessions
    assert page.url == tambah + "?auth-code=" + token


@pytest.mark.browser
def test_an_xhr_401_sends_the_page_to_login_with_next(app: Page, sandbox: Sandbox) -> None:
    lokasi = sandbox.urls["beranda"] + "/lokasi-usaha/tambah-lokasi"
    app.goto(lokasi)
    expect(app.get_by_role("button", name="Tambah Posisi Lokasi")).to_be_visible()
    sandbox.state.clock_offset = 901
    app.evaluate("() => { OSS.api('/api/listLokasi').catch(() => {}); }")
    app.wait_for_url(re.compile(re.escape(sandbox.urls["login"]) + r"/login\?"))
    assert query_of(app.url) == {"expired": ["1"], "next": [lokasi]}
    expect(app.get_by_role("status").filter(has_text=EXPIRED)).to_be_visible()


# -- the other ways in keep next ------------------------------------------------------------------


def test_takeover_and_renew_email_return_to_next(client: httpx.Client,
                                                 sandbox: Sandbox) -> None:
    page_url = sandbox.urls["beranda"] + "/lokasi-usaha"
    # A second session of DEWI is refused; the takeover goes on to next.
    log_in(client, sandbox)
    with httpx.Client() as other:
        refused = log_in(other, sandbox, next=page_url)
        assert refused.status_code == 409
        assert f'name="next" value="{page_url}"' in refused.text
        ticket = re.search(r'name="ticket" value="([\w-]+)"', refused.text)
        assert ticket
        r = other.post(sandbox.urls["login"] + "/login/takeover",
                       data={"ticket": ticket[1], "next": page_url})
        (token,) = sandbox.state.sessions
        assert r.headers["location"] == page_url + "?auth-code=" + token
    # BUDI must renew his e-mail first; "Menuju Dashboard" then goes on to next.
    with httpx.Client() as budi:
        r = budi.post(sandbox.urls["login"] + "/login", data={**BUDI, "next": page_url})
        assert r.headers["location"] == "/renew-email?next=" + quote(page_url, safe="")
        form = budi.get(sandbox.urls["login"] + r.headers["location"])
        assert f'name="next" value="{page_url}"' in form.text
        saved = budi.post(sandbox.urls["login"] + "/renew-email",
                          data={"email": "budi.baru@contoh.test", "next": page_url})
        token = budi.cookies["oss_token_login"]
        assert f'href="{page_url}?auth-code={token}"' in saved.text


# -- CAPTCHA per account ------------------------------------------------------------------------


def test_captcha_counts_failures_per_account_whether_email_or_phone(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    for _ in range(3):
        assert log_in(client, sandbox, password="Salah#2026").status_code == 401
    by_phone = log_in(client, sandbox, username=DEWI_PHONE, password="Salah#2026")
    assert CAPTCHA in by_phone.text
    r = log_in(client, sandbox, username="+62 812-3450-0007")
    assert r.status_code == 400 and "Masukkan kode Captcha" in r.text


def test_captcha_counts_per_typed_text_when_it_names_no_account(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    for _ in range(3):
        r = log_in(client, sandbox, username="tidak.ada@contoh.test")
    assert CAPTCHA in r.text
    assert CAPTCHA in log_in(client, sandbox, username="TIDAK.ADA@contoh.test").text
    assert CAPTCHA not in log_in(client, sandbox, username="lain@contoh.test").text
    # An existing account is counted as itself, not by other texts' failures.
    assert log_in(client, sandbox).status_code == 303
