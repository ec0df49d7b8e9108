"""The web desk as its people use it, role by role, in a browser against the running
server (uvicorn on a free 127.0.0.1 port, started and stopped by a fixture)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from oss_assist.register import Register, Stage

from .conftest import PASSWORD, SITI, browser_sign_in, operator_run

pytestmark = pytest.mark.browser


def test_a_case_through_the_desk_role_by_role(page: Page, desk_url: str, profiles: Path,
                                             register: Register) -> None:
    page.set_default_timeout(15_000)
    # the counter receives the file, watching the live check, and prints the receipt
    browser_sign_in(page, desk_url, "loket1")
    page.get_by_role("link", name="Kasus baru").click()
    docs = sorted((profiles / "dokumen").glob("siti-aminah-warung-*.pdf"))
    page.get_by_label("Berkas profil (YAML)").set_input_files(str(profiles / SITI))
    expect(page.locator("#checks")).to_contain_text("tidak ada di samping profil")
    page.get_by_label("Dua PDF lokasi").set_input_files([str(d) for d in docs])
    expect(page.locator("#checks")).to_contain_text("LENGKAP")
    page.get_by_label("Fotokopi KTP").uncheck()
    expect(page.locator("#checks")).to_contain_text("AKAN DIKEMBALIKAN")
    page.get_by_label("Fotokopi KTP").check()
    expect(page.locator("#checks")).to_contain_text("LENGKAP")
    page.get_by_role("button", name="Terima berkas").click()
    expect(page.get_by_role("status")).to_contain_text("Berkas diterima")
    case_no = "RNY-2026-00001"
    receipt = page.get_by_role("link", name="Cetak tanda terima berkas")
    pdf = page.request.get(desk_url + str(receipt.get_attribute("href")))
    assert pdf.ok and pdf.body().startswith(b"%PDF-")
    # the section head validates
    browser_sign_in(page, desk_url, "kasi")
    page.get_by_role("link", name=case_no).first.click()
    expect(page.get_by_role("button", name="Periksa bukti dan arsipkan")).to_have_count(0)
    page.get_by_role("button", name="Validasi dan teruskan ke operator").click()
    expect(page.get_by_role("status")).to_contain_text("Berkas divalidasi")
    # the operator's run, at the terminal, leaves its screenshots and the NIB
    operator_run(register, case_no, shots=2)
    # the secretariat sees the screenshots and the evidence, and archives
    browser_sign_in(page, desk_url, "sekretariat")
    page.goto(f"{desk_url}/kasus/{case_no}")
    thumbs = page.get_by_role("img", name="Tangkapan layar")
    expect(thumbs).to_have_count(2)
    thumbs.first.scroll_into_view_if_needed()  # the thumbnails load lazily, as people scroll
    first = thumbs.first.element_handle()
    # the thumbnail is made on its first request: wait until the browser has it
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=first)
    assert page.evaluate("img => img.naturalWidth", first) == 320
    expect(page.get_by_text("UTUH", exact=True)).to_be_visible()
    page.get_by_role("button", name="Periksa bukti dan arsipkan").click()
    expect(page.get_by_role("status")).to_contain_text("disegel")
    # the counter hands over
    browser_sign_in(page, desk_url, "loket2")
    page.goto(f"{desk_url}/kasus/{case_no}")
    page.get_by_role("button", name="Serahkan NIB kepada pemohon").click()
    expect(page.get_by_role("status")).to_contain_text("NIB diserahkan")
    assert register.get(case_no).stage is Stage.HANDED_OVER
    # the head downloads the recap
    browser_sign_in(page, desk_url, "camat")
    page.get_by_role("link", name="Rekap").click()
    expect(page.get_by_role("heading", name="Ringkasan")).to_be_visible()
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Unduh PDF").click()
    assert Path(pdf_download.value.path()).read_bytes().startswith(b"%PDF-")
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Unduh XLSX").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    assert [m.by for m in register.history(case_no)] == [
        "Petugas Loket Satu", "Kasi Pelayanan", "Operator Dua", "Operator Dua",
        "Sekretariat Tiga", "Petugas Loket Dua"]


def test_the_desk_by_keyboard_alone(page: Page, desk_url: str) -> None:
    page.set_default_timeout(15_000)
    page.goto(f"{desk_url}/masuk")
    expect(page.get_by_label("Nama pengguna")).to_be_focused()
    page.keyboard.type("kasi")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Kata sandi")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Register kasus")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Langsung ke isi")).to_be_focused()


def test_the_register_fits_a_phone(page: Page, desk_url: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    browser_sign_in(page, desk_url, "camat")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
