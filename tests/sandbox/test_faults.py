"""Fault injection: each fault shows when switched on, never when off, and repeats by seed."""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Error, Page, expect

from oss_assist.sandbox import Faults, Sandbox

SITI_NIK = "3508205204820001"
MAINTENANCE = "Sistem sedang dalam pemeliharaan"
PAGES = (("portal", "/"), ("login", "/login"), ("login", "/register"), ("mail", "/"))


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client() as c:
        yield c


def custom(sb: Sandbox, seed: int = 0, **overrides: Any) -> Faults:
    faults = Faults.custom("none", seed, **overrides)
    return sb.set_faults(faults.profile, seed)


def popups_in(html: str) -> int:
    return html.count("data-page-popup")


# -- off: the default profile --------------------------------------------------------------


def test_no_fault_appears_at_the_default_profile(client: httpx.Client, sandbox: Sandbox) -> None:
    assert sandbox.faults.profile.name == "none"
    for _ in range(5):
        for role, path in PAGES:
            r = client.get(sandbox.urls[role] + path)
            assert r.status_code == 200
            assert popups_in(r.text) == 0
            assert "page-loader--stuck" not in r.text
            assert MAINTENANCE not in r.text
            assert "Captcha" not in r.text
        r = client.post(sandbox.urls["login"] + "/api/register/check-nik", json={"nik": SITI_NIK})
        assert r.status_code == 200


# -- latency -------------------------------------------------------------------------------


def test_fixed_latency_slows_the_portal_but_not_the_mailbox(client: httpx.Client,
                                                            sandbox: Sandbox) -> None:
    custom(sandbox, latency_ms=1500)  # far apart, so a busy machine cannot blur the two
    started = time.perf_counter()
    client.get(sandbox.urls["login"] + "/login")
    assert time.perf_counter() - started >= 1.5
    started = time.perf_counter()
    client.get(sandbox.urls["mail"] + "/")
    assert time.perf_counter() - started < 1.0


def test_random_latency_repeats_with_the_seed() -> None:
    def run(seed: int) -> list[float]:
        faults = Faults("latency", seed)
        return [faults.latency_s("/login") for _ in range(10)]

    assert run(3) == run(3)
    assert run(3) != run(4)
    assert all(0.25 <= s <= 4.25 for s in run(3))
    assert max(run(3)) > 1.0  # "several seconds" at its worst


def test_latency_of_a_path_does_not_depend_on_other_requests_in_between() -> None:
    quiet, busy = Faults("latency", 5), Faults("latency", 5)
    alone = [quiet.latency_s("/api/getListKBLI") for _ in range(4)]
    mixed = []
    for _ in range(4):
        busy.latency_s("/static/beranda.js")  # a parallel request arriving first
        mixed.append(busy.latency_s("/api/getListKBLI"))
    assert alone == mixed


# -- pop-ups -------------------------------------------------------------------------------


@pytest.mark.browser
def test_information_popups_stack_and_each_mengerti_closes_one(page: Page,
                                                               sandbox: Sandbox) -> None:
    seed = next(s for s in range(50)
                if Faults.custom("none", s, popup_probability=1, popup_max_stack=3)
                .popups("login/login") == 3)
    custom(sandbox, seed, popup_probability=1, popup_max_stack=3)
    page.goto(sandbox.urls["login"] + "/login")
    stacked = page.locator(".v-overlay-container .v-dialog.popup-modal")
    expect(stacked).to_have_count(3)
    expect(page.get_by_role("dialog")).to_have_count(1)  # only the top one is exposed
    for left in (2, 1, 0):
        page.get_by_role("button", name="Mengerti").click()
        expect(stacked).to_have_count(left)
    page.get_by_placeholder("Masukkan kata sandi").fill("terbuka")


@pytest.mark.browser
def test_a_popup_blocks_the_page_until_dismissed(page: Page, sandbox: Sandbox) -> None:
    custom(sandbox, popup_probability=1)
    page.goto(sandbox.urls["login"] + "/login")
    with pytest.raises(Error):
        page.get_by_placeholder("Masukkan kata sandi").click(timeout=500)
    page.locator(".popup-modal").get_by_role("button", name="Mengerti").click()
    page.get_by_placeholder("Masukkan kata sandi").click(timeout=2000)


@pytest.mark.browser
def test_portal_announcement_has_an_x_and_shows_only_when_switched_on(
    page: Page, sandbox: Sandbox
) -> None:
    page.goto(sandbox.urls["portal"] + "/")
    expect(page.get_by_test_id("popup-pengumuman")).to_have_count(0)
    custom(sandbox, popup_probability=1)
    page.reload()
    announcement = page.get_by_role("dialog", name="Pengumuman")
    expect(announcement).to_be_visible()
    announcement.get_by_role("button", name="Tutup").click()
    expect(announcement).to_be_hidden()
    page.get_by_role("link", name="Cek Sekarang").click()
    expect(page).to_have_url(sandbox.urls["portal"] + "/kbli")


def test_popup_counts_repeat_with_the_seed(client: httpx.Client, sandbox: Sandbox) -> None:
    def run(seed: int) -> list[int]:
        sandbox.reset()
        sandbox.set_faults("popups", seed)
        return [popups_in(client.get(sandbox.urls["login"] + "/login").text) for _ in range(12)]

    first = run(21)
    assert first == run(21)
    assert first != run(22)
    assert max(first) > 1 and 0 in first


# -- the import-licence pop-up -------------------------------------------------------------

API_TITLE = "Informasi Angka Pengenal Impor (API)"


@pytest.mark.browser
def test_import_licence_popup_comes_back_until_acknowledged(page: Page, sandbox: Sandbox) -> None:
    custom(sandbox, import_licence_popup=True)
    page.goto(sandbox.urls["login"] + "/login")
    dialog = page.get_by_role("dialog", name=API_TITLE)
    expect(dialog).to_have_count(0)
    for _ in range(2):
        page.evaluate("void OSS.importLicence.maybeShow()")
        expect(dialog).to_be_visible()
        dialog.get_by_role("button", name="Mengerti").click()
        expect(dialog).to_have_count(0)
    page.evaluate("void OSS.importLicence.maybeShow()")
    dialog.get_by_label("Saya telah membaca dan memahami informasi ini").check()
    dialog.get_by_role("button", name="Mengerti").click()
    page.evaluate("void OSS.importLicence.maybeShow()")
    expect(dialog).to_have_count(0)
    assert page.evaluate("OSS.store['nib-profile'].dataPermohonan.dataNib.jenis_api") == "01"
    page.reload()  # acknowledged for the rest of the browser session
    page.evaluate("void OSS.importLicence.maybeShow()")
    expect(dialog).to_have_count(0)


@pytest.mark.browser
def test_import_licence_popup_never_shows_when_off_or_when_the_store_is_patched(
    page: Page, sandbox: Sandbox
) -> None:
    page.goto(sandbox.urls["login"] + "/login")
    page.evaluate("void OSS.importLicence.maybeShow()")
    expect(page.get_by_role("dialog")).to_have_count(0)
    custom(sandbox, import_licence_popup=True)
    page.reload()
    page.evaluate("OSS.store['nib-profile'].dataPermohonan.dataNib.jenis_api = '01'")
    page.evaluate("void OSS.importLicence.maybeShow()")
    expect(page.get_by_role("dialog")).to_have_count(0)


# -- the stuck spinner ---------------------------------------------------------------------


@pytest.mark.browser
def test_a_stuck_spinner_blocks_the_page_until_a_reload(page: Page, sandbox: Sandbox) -> None:
    page.goto(sandbox.urls["login"] + "/login")
    expect(page.locator(".page-loader")).to_have_count(0)
    custom(sandbox, stuck_spinner_probability=1)
    page.reload()
    expect(page.locator(".page-loader .v-progress-circular")).to_be_visible()
    page.wait_for_timeout(300)
    expect(page.locator(".page-loader")).to_be_visible()
    with pytest.raises(Error):
        page.get_by_placeholder("Masukkan kata sandi").click(timeout=500)
    page.reload()
    expect(page.locator(".page-loader")).to_have_count(0)
    page.get_by_placeholder("Masukkan kata sandi").click(timeout=2000)


def test_stuck_spinners_repeat_with_the_seed_and_never_twice_in_a_row(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    def run(seed: int) -> list[bool]:
        sandbox.reset()
        sandbox.set_faults("spinner", seed)
        url = sandbox.urls["login"] + "/register"
        return ["page-loader--stuck" in client.get(url).text for _ in range(16)]

    first = run(5)
    assert first == run(5) and first != run(6)
    assert any(first)
    assert not any(a and b for a, b in itertools.pairwise(first))


# -- Dukcapil outage -----------------------------------------------------------------------


def _registration(client: httpx.Client, sb: Sandbox) -> str:
    base = sb.urls["login"] + "/api/register/"
    rid: str = client.post(base + "send-otp", json={
        "jenis_pelaku_usaha": "02", "nik": SITI_NIK, "email": "siti@contoh.test"
    }).json()["registration_id"]
    client.post(base + "verify-otp", json={"registration_id": rid,
                                           "otp": sb.state.mails[-1].code})
    client.post(base + "set-password", json={"registration_id": rid, "password": "Rahasia#123",
                                             "password_confirmation": "Rahasia#123"})
    return rid


PROFILE = {"phone": "81234567890", "name": "SITI AMINAH X", "gender": "Perempuan",
           "birth_date": "12/04/1982", "address": "Dusun Krajan", "provinsi": "35",
           "kota": "3508", "kecamatan": "350820", "kelurahan": "3508202001", "agree": True}


def test_dukcapil_outage_repeats_with_the_seed(client: httpx.Client, sandbox: Sandbox) -> None:
    def run(seed: int) -> list[str]:
        sandbox.reset()
        rid = _registration(client, sandbox)
        sandbox.set_faults("dukcapil", seed)
        url = sandbox.urls["login"] + "/api/register/submit"
        return [client.post(url, json={"registration_id": rid, **PROFILE}).json()["message"]
                for _ in range(10)]

    first = run(1)
    assert set(first) == {"Gagal tersambung ke sistem dukcapil", "Data tidak sesuai KTP"}
    assert first == run(1) and first != run(2)


# -- HTTP 500/503 on chosen endpoints ------------------------------------------------------


def test_http_errors_hit_only_the_chosen_endpoints(client: httpx.Client,
                                                    sandbox: Sandbox) -> None:
    custom(sandbox, http_error_probability=1, http_error_paths=("/api/register/check-nik",))
    base = sandbox.urls["login"] + "/api/register/"
    codes = {client.post(base + "check-nik", json={"nik": SITI_NIK}).status_code
             for _ in range(12)}
    assert codes == {500, 503}
    assert client.post(base + "check-email", json={"email": "a@b.test"}).status_code == 200
    assert client.get(sandbox.urls["login"] + "/login").status_code == 200


def test_http_errors_repeat_with_the_seed(client: httpx.Client, sandbox: Sandbox) -> None:
    def run(seed: int) -> list[int]:
        sandbox.reset()
        custom(sandbox, seed, http_error_probability=0.5,
               http_error_paths=("/api/register/check-email",))
        url = sandbox.urls["login"] + "/api/register/check-email"
        return [client.post(url, json={"email": "a@b.test"}).status_code for _ in range(16)]

    first = run(8)
    assert first == run(8) and first != run(9)
    assert set(first) == {200, 500, 503}


@pytest.mark.browser
def test_a_failing_nik_check_shows_a_server_error_and_keeps_verifikasi_disabled(
    page: Page, sandbox: Sandbox
) -> None:
    custom(sandbox, http_error_probability=1, http_error_paths=("check-nik",))
    page.goto(sandbox.urls["login"] + "/register")
    page.get_by_role("textbox", name="Pilih jenis pelaku usaha").click()
    page.get_by_role("option", name="Orang Perseorangan").click()
    page.get_by_placeholder("Masukkan 16 digit NIK sesuai KTP").fill(SITI_NIK)
    page.get_by_placeholder("Contoh: nama@email.com").fill("siti@contoh.test")
    expect(page.get_by_role("alert").filter(
        has_text=re.compile(r"Terjadi kesalahan pada server \(50[03]\)"))).to_be_visible()
    expect(page.get_by_role("button", name="Verifikasi")).to_be_disabled()


# -- maintenance ---------------------------------------------------------------------------


def test_maintenance_page_on_every_portal_host_but_not_the_mailbox(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    sandbox.set_faults("maintenance")
    for role in ("portal", "login", "perizinan", "beranda", "amdalnet"):
        r = client.get(sandbox.urls[role] + "/")
        assert (r.status_code, MAINTENANCE in r.text) == (503, True), role
    r = client.get(sandbox.urls["beranda"] + "/api/v1/ref/region/list/provinsi")
    assert r.status_code == 503
    assert client.get(sandbox.urls["mail"] + "/").status_code == 200


@pytest.mark.browser
def test_maintenance_page_in_the_browser(page: Page, sandbox: Sandbox) -> None:
    sandbox.set_faults("maintenance")
    page.goto(sandbox.urls["login"] + "/login")
    expect(page.get_by_role("heading", name=MAINTENANCE)).to_be_visible()
    sandbox.set_faults("none")
    page.reload()
    expect(page.get_by_role("heading", name="Masuk")).to_be_visible()


# -- sessions ------------------------------------------------------------------------------

BUDI = {"username": "budi.santoso@contoh.test", "password": "Latihan#2026"}


def test_an_idle_session_expires(sandbox: Sandbox) -> None:
    sandbox.set_faults("idle")  # 60 idle seconds; the sandbox's clock is moved, not waited
    state = sandbox.state
    with httpx.Client(base_url=sandbox.urls["login"]) as c:
        assert c.post("/login", data=BUDI).headers["location"].startswith("/renew-email")
        assert c.get("/renew-email").status_code == 200
        state.clock_offset += 40
        assert c.get("/renew-email").status_code == 200  # activity keeps it alive
        state.clock_offset += 40
        assert c.get("/renew-email").status_code == 200  # 40 s idle again: still alive
        state.clock_offset += 61
        r = c.get("/renew-email")
        assert r.status_code == 303 and "/login?expired=1" in r.headers["location"]
        assert sandbox.state.sessions == {}
        c.post("/login", data=BUDI)
        state.clock_offset += 61
        r = c.get("/renew-email", headers={"Accept": "application/json"})
        assert r.status_code == 401
        assert r.json()["message"] == "Sesi Anda telah berakhir, silakan masuk kembali"


def test_a_session_ends_in_the_middle_of_a_form(sandbox: Sandbox) -> None:
    custom(sandbox, session_expire_every=3)
    with httpx.Client(base_url=sandbox.urls["login"]) as c:
        c.post("/login", data=BUDI)
        statuses = [c.get("/renew-email").status_code for _ in range(3)]
        r = c.post("/renew-email", data={"email": "budi.baru@contoh.test"})
        assert statuses == [200, 200, 200]
        assert r.status_code == 303 and r.headers["location"].endswith("/login?expired=1")
    account = sandbox.state.account_by_login("budi.santoso@contoh.test")
    assert account is not None and account.renew_email  # nothing was saved


@pytest.mark.browser
def test_an_expired_session_sends_the_browser_to_masuk_with_the_toast(
    page: Page, sandbox: Sandbox
) -> None:
    page.goto(sandbox.urls["login"] + "/login")
    page.get_by_placeholder("Contoh: 081xxxxxxxxx atau email").fill(BUDI["username"])
    page.get_by_placeholder("Masukkan kata sandi").fill(BUDI["password"])
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Perbarui Email Anda")).to_be_visible()
    sandbox.state.clock_offset = 901  # longer than the default 15-minute idle limit
    page.get_by_placeholder("Contoh: nama@email.com").fill("budi.baru@contoh.test")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Sesi Anda telah berakhir, silakan masuk kembali")).to_be_visible()
    expect(page.get_by_role("heading", name="Masuk")).to_be_visible()


# -- CAPTCHA -------------------------------------------------------------------------------


def test_the_captcha_profile_asks_at_every_login(client: httpx.Client, sandbox: Sandbox) -> None:
    url = sandbox.urls["login"] + "/login"
    assert "Captcha" not in client.get(url).text
    sandbox.set_faults("captcha")
    assert 'placeholder="Masukkan kode Captcha"' in client.get(url).text
    r = client.post(url, data=BUDI)
    assert r.status_code == 400 and "Masukkan kode Captcha" in r.text


# -- one seed, one run ---------------------------------------------------------------------


def test_a_mixed_run_repeats_exactly_with_the_same_seed(client: httpx.Client,
                                                        sandbox: Sandbox) -> None:
    overrides = {"popup_probability": 0.5, "popup_max_stack": 3,
                 "stuck_spinner_probability": 0.4, "http_error_probability": 0.4,
                 "http_error_paths": ["check-nik"]}

    def run(seed: int) -> list[tuple[int, bool, int]]:
        client.post(sandbox.urls["portal"] + "/__sandbox__/reset")
        client.post(sandbox.urls["portal"] + "/__sandbox__/faults",
                    json={"profile": "none", "seed": seed, "overrides": overrides})
        outcome = []
        for _ in range(10):
            html = client.get(sandbox.urls["login"] + "/register").text
            status = client.post(sandbox.urls["login"] + "/api/register/check-nik",
                                 json={"nik": SITI_NIK}).status_code
            outcome.append((popups_in(html), "page-loader--stuck" in html, status))
        return outcome

    first = run(42)
    assert first == run(42)
    assert first != run(43)


def test_both_resets_keep_the_runs_faults_and_start_their_draws_over(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    sandbox.set_faults("popups", 21)
    url = sandbox.urls["login"] + "/login"
    first = [popups_in(client.get(url).text) for _ in range(8)]
    client.post(sandbox.urls["portal"] + "/__sandbox__/reset")
    assert sandbox.faults.profile.name == "popups"
    assert [popups_in(client.get(url).text) for _ in range(8)] == first
    sandbox.reset()
    assert sandbox.faults.profile.name == "popups"
    assert [popups_in(client.get(url).text) for _ in range(8)] == first
