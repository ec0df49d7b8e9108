"""The sandbox mailbox: the applicant's e-mails, read as on a phone."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from oss_assist.sandbox import Faults, Sandbox


def send_otp(sb: Sandbox, email: str, nik: str = "3508205204820001") -> str:
    r = httpx.post(sb.urls["login"] + "/api/register/send-otp",
                   json={"jenis_pelaku_usaha": "02", "nik": nik, "email": email})
    rid: str = r.json()["registration_id"]
    return rid


def test_index_lists_the_addresses_that_received_mail(sandbox: Sandbox) -> None:
    empty = httpx.get(sandbox.urls["mail"] + "/")
    assert "Belum ada email" in empty.text
    send_otp(sandbox, "siti@contoh.test")
    send_otp(sandbox, "fauzi@contoh.test", nik="3508201708850003")
    page = httpx.get(sandbox.urls["mail"] + "/").text
    assert page.index("fauzi@contoh.test") < page.index("siti@contoh.test")  # newest first
    assert "Kode OTP Pendaftaran Akun OSS" in page


@pytest.mark.browser
def test_inbox_shows_the_otp_newest_first(page: Page, sandbox: Sandbox) -> None:
    rid = send_otp(sandbox, "siti@contoh.test")
    sandbox.state.clock_offset = 61
    httpx.post(sandbox.urls["login"] + "/api/register/resend-otp", json={"registration_id": rid})
    first, second = (m.code for m in sandbox.state.mailbox("siti@contoh.test"))
    page.goto(sandbox.urls["mail"] + "/")
    page.get_by_role("link", name="siti@contoh.test").click()
    expect(page.get_by_role("heading", name="Kotak Masuk: siti@contoh.test")).to_be_visible()
    expect(page.get_by_test_id("otp-code")).to_have_text([second, first])
    expect(page.get_by_test_id("mail-item").first).to_contain_text(f"Kode OTP Anda: {second}")
    expect(page.get_by_text("JANGAN berikan kode ini").first).to_be_visible()


@pytest.mark.browser
def test_inbox_shows_new_mail_by_itself(page: Page, sandbox: Sandbox) -> None:
    page.goto(sandbox.urls["mail"] + "/inbox?to=siti@contoh.test")
    expect(page.get_by_text("Belum ada email untuk alamat ini.")).to_be_visible()
    send_otp(sandbox, "siti@contoh.test")
    expect(page.get_by_test_id("otp-code")).to_have_text(re.compile(r"^\d{6}$"))


def test_inbox_json(sandbox: Sandbox) -> None:
    send_otp(sandbox, "siti@contoh.test")
    rows = httpx.get(sandbox.urls["mail"] + "/api/inbox", params={"to": "SITI@contoh.test"}).json()
    assert len(rows) == 1
    assert rows[0]["from"] == "Lembaga OSS <noreply@oss.go.id>"
    assert rows[0]["body"].startswith(f"Kode OTP Anda: {rows[0]['code']}")


def test_the_mailbox_is_the_applicants_phone_not_the_portal_so_it_has_no_faults(
    sandbox: Sandbox,
) -> None:
    sandbox.set_faults(Faults.custom("none", popup_probability=1, stuck_spinner_probability=1,
                                     latency_ms=300).profile)
    for path in ("/", "/inbox?to=siti@contoh.test"):
        r = httpx.get(sandbox.urls["mail"] + path)
        assert r.elapsed.total_seconds() < 0.3
        assert "data-page-popup" not in r.text and "page-loader--stuck" not in r.text
