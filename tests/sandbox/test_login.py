"""The sandbox's login host: "Masuk", CAPTCHA, the e-mail interstitial, sessions (§4)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from oss_assist.sandbox import Sandbox

DEWI = ("dewi.lestari@contoh.test", "Latihan#2026")  # training accounts (population.yaml)
BUDI = ("budi.santoso@contoh.test", "Latihan#2026")  # flagged renew_email
USERNAME = "Contoh: 081xxxxxxxxx atau email"
PASSWORD = "Masukkan kata sandi"
FAILED = "Kombinasi akun dan kata sandi tidak sesuai"


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.urls["login"]) as c:
        yield c


def login_form(client: httpx.Client, username: str, password: str,
               **extra: str) -> httpx.Response:
    return client.post("/login", data={"username": username, "password": password, **extra})


def fill_login(page: Page, username: str, password: str) -> None:
    page.get_by_placeholder(USERNAME).fill(username)
    page.get_by_placeholder(PASSWORD).fill(password)
    page.get_by_role("button", name="Masuk").click()


@pytest.mark.browser
def test_masuk_is_disabled_while_a_field_is_empty(page: Page, sandbox: Sandbox) -> None:
    page.goto(sandbox.urls["login"] + "/login")
    expect(page.get_by_role("heading", name="Masuk")).to_be_visible()
    masuk = page.get_by_role("button", name="Masuk")
    expect(masuk).to_be_disabled()
    page.get_by_role("textbox", name=USERNAME).fill("081234500007")
    expect(masuk).to_be_disabled()
    page.get_by_placeholder(PASSWORD).fill("x")
    expect(masuk).to_be_enabled()
    page.get_by_role("textbox", name=USERNAME).fill("")
    expect(masuk).to_be_disabled()
    expect(page.locator('input[placeholder*="Captcha"]')).to_have_count(0)


@pytest.mark.browser
def test_wrong_password_stays_on_masuk_with_the_message(page: Page, sandbox: Sandbox) -> None:
    page.goto(sandbox.urls["login"] + "/login")
    fill_login(page, DEWI[0], "Salah#2026")
    expect(page.get_by_text(FAILED)).to_be_visible()
    expect(page.get_by_role("heading", name="Masuk")).to_be_visible()
    assert page.url.startswith(sandbox.urls["login"])
    expect(page.get_by_placeholder(USERNAME)).to_have_value(DEWI[0])
    assert sandbox.state.sessions == {}


@pytest.mark.browser
def test_right_password_lands_on_perizinan_with_the_auth_code(page: Page, sandbox: Sandbox) -> None:
    page.goto(sandbox.urls["login"] + "/login")
    expect(page.get_by_text(FAILED)).to_have_count(0)
    fill_login(page, "0812-3450-0007", DEWI[1])
    page.wait_for_url(re.compile(re.escape(sandbox.urls["perizinan"]) + r"/#/\?auth-code=.+"))
    token = page.url.split("auth-code=", 1)[1]
    session = sandbox.state.sessions[token]
    assert sandbox.state.accounts[session.account_id].email == DEWI[0]
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["oss_token_login"]["value"] == token
    assert cookies["oss_token_login"]["path"] == "/"


@pytest.mark.parametrize("login", ["dewi.lestari@contoh.test", "DEWI.LESTARI@contoh.test",
                                   "081234500007", "6281234500007", "+62 812-3450-0007",
                                   "81234500007"])
def test_login_accepts_email_or_the_phone_in_any_form(client: httpx.Client, login: str) -> None:
    r = login_form(client, login, DEWI[1])
    assert r.status_code == 303
    assert "/#/?auth-code=" in r.headers["location"]


def test_a_pending_or_unknown_account_cannot_log_in(client: httpx.Client) -> None:
    r = login_form(client, "tidak.ada@contoh.test", DEWI[1])
    assert r.status_code == 401
    assert FAILED in r.text


def test_captcha_appears_after_three_failures_and_is_checked(client: httpx.Client) -> None:
    for attempt in range(1, 4):
        r = login_form(client, DEWI[0], "Salah#2026")
        assert FAILED in r.text
        assert ('placeholder="Masukkan kode Captcha"' in r.text) == (attempt >= 3)
    # the right password without the CAPTCHA is not enough now
    r = login_form(client, DEWI[0], DEWI[1])
    assert r.status_code == 400 and "Masukkan kode Captcha" in r.text
    cid = re.search(r'name="captcha_id" value="(\w+)"', r.text)
    question = re.search(r"(\d+) \+ (\d+) = \?", r.text)
    assert cid and question
    answer = int(question[1]) + int(question[2])
    r = login_form(client, DEWI[0], DEWI[1], captcha=str(answer + 1), captcha_id=cid[1])
    assert r.status_code == 400 and "Kode Captcha tidak sesuai" in r.text
    cid = re.search(r'name="captcha_id" value="(\w+)"', r.text)
    question = re.search(r"(\d+) \+ (\d+) = \?", r.text)
    assert cid and question
    r = login_form(client, DEWI[0], DEWI[1], captcha=str(int(question[1]) + int(question[2])),
                   captcha_id=cid[1])
    assert r.status_code == 303
    # success forgets the failures: no CAPTCHA next time
    r = login_form(client, DEWI[0], "Salah#2026")
    assert "Captcha" not in r.text


@pytest.mark.browser
def test_captcha_in_the_browser_after_failures(page: Page, sandbox: Sandbox) -> None:
    page.goto(sandbox.urls["login"] + "/login")
    for _ in range(3):
        fill_login(page, DEWI[0], "Salah#2026")
        expect(page.get_by_text(FAILED)).to_be_visible()
    captcha = page.locator('input[placeholder*="Captcha"]')
    expect(captcha).to_be_visible()
    expect(captcha).to_have_attribute("name", "captcha")
    page.get_by_placeholder(PASSWORD).fill(DEWI[1])
    masuk = page.get_by_role("button", name="Masuk")
    expect(masuk).to_be_disabled()
    a, b = re.findall(r"\d+", page.get_by_test_id("captcha-question").inner_text())
    captcha.fill(str(int(a) + int(b)))
    masuk.click()
    page.wait_for_url(re.compile(re.escape(sandbox.urls["perizinan"])))


@pytest.mark.browser
def test_renew_email_interstitial(page: Page, sandbox: Sandbox) -> None:
    page.goto(sandbox.urls["login"] + "/login")
    fill_login(page, *BUDI)
    expect(page.get_by_role("heading", name="Perbarui Email Anda")).to_be_visible()
    assert page.url == sandbox.urls["login"] + "/renew-email"
    email = page.get_by_placeholder("Contoh: nama@email.com")
    email.fill("dewi.lestari@contoh.test")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Email sudah terdaftar")).to_be_visible()
    page.get_by_placeholder("Contoh: nama@email.com").fill("budi.baru@contoh.test")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Email Berhasil Disimpan")).to_be_visible()
    page.get_by_role("button", name="Menuju Dashboard").click()
    page.wait_for_url(re.compile(re.escape(sandbox.urls["perizinan"]) + r"/#/\?auth-code="))
    account = sandbox.state.account_by_login("budi.baru@contoh.test")
    assert account is not None and not account.renew_email


def test_renew_email_needs_a_session_and_only_shows_to_flagged_accounts(
    client: httpx.Client,
) -> None:
    r = client.get("/renew-email")
    assert r.status_code == 303 and r.headers["location"].endswith("/login?expired=1")
    login_form(client, *DEWI)
    r = client.get("/renew-email")
    assert r.status_code == 303 and "/#/?auth-code=" in r.headers["location"]


@pytest.mark.browser
def test_expired_shows_the_session_toast(page: Page, sandbox: Sandbox) -> None:
    page.goto(sandbox.urls["login"] + "/login")
    expect(page.get_by_text("Sesi Anda telah berakhir")).to_have_count(0)
    page.goto(sandbox.urls["login"] + "/login?expired=1")
    expect(page.get_by_role("status").filter(
        has_text="Sesi Anda telah berakhir, silakan masuk kembali")).to_be_visible()


@pytest.mark.browser
def test_a_second_session_is_refused_then_can_take_over(
    browser: Browser, page: Page, sandbox: Sandbox
) -> None:
    page.goto(sandbox.urls["login"] + "/login")
    fill_login(page, *DEWI)
    page.wait_for_url(re.compile(re.escape(sandbox.urls["perizinan"])))
    first_token = page.url.split("auth-code=", 1)[1]

    other = browser.new_context()
    try:
        second = other.new_page()
        second.goto(sandbox.urls["login"] + "/login")
        fill_login(second, *DEWI)
        expect(second.get_by_text("Akun sedang digunakan pada sesi lain")).to_be_visible()
        assert list(sandbox.state.sessions) == [first_token]
        second.get_by_role("button", name="Akhiri sesi lain dan masuk").click()
        second.wait_for_url(re.compile(re.escape(sandbox.urls["perizinan"])))
        second_token = second.url.split("auth-code=", 1)[1]
        assert list(sandbox.state.sessions) == [second_token]
    finally:
        other.close()


def test_an_idle_session_does_not_block_a_new_login(client: httpx.Client,
                                                    sandbox: Sandbox) -> None:
    login_form(client, *DEWI)
    with httpx.Client(base_url=sandbox.urls["login"]) as other:
        assert login_form(other, *DEWI).status_code == 409
        sandbox.state.clock_offset = 901
        assert login_form(other, *DEWI).status_code == 303
    assert len(sandbox.state.sessions) == 1


def test_the_same_browser_logging_in_again_is_not_a_second_session(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    assert login_form(client, *DEWI).status_code == 303
    assert login_form(client, *DEWI).status_code == 303
    assert len(sandbox.state.sessions) == 1


def test_a_takeover_ticket_works_once(client: httpx.Client, sandbox: Sandbox) -> None:
    login_form(client, *DEWI)
    with httpx.Client(base_url=sandbox.urls["login"]) as other:
        r = login_form(other, *DEWI)
        ticket = re.search(r'name="ticket" value="([\w-]+)"', r.text)
        assert ticket
        assert other.post("/login/takeover", data={"ticket": ticket[1]}).status_code == 303
        r = other.post("/login/takeover", data={"ticket": ticket[1]})
        assert r.status_code == 400 and "Waktu konfirmasi habis" in r.text


def test_logout_ends_the_session(client: httpx.Client, sandbox: Sandbox) -> None:
    login_form(client, *DEWI)
    assert len(sandbox.state.sessions) == 1
    r = client.get("/logout")
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert sandbox.state.sessions == {}
    assert "oss_token_login" not in client.cookies
