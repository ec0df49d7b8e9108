"""Amdalnet: the screening in a new tab, its warning, the SPPL, and OSS seeing it (§5.7)."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from oss_assist.sandbox import Sandbox, practice, workflow
from oss_assist.sandbox.state import Account, Project

from .conftest import posts

LOCKED = "Hasil penapisan sudah disimpan dan tidak dapat diubah."


def amdalnet_url(sandbox: Sandbox, project: Project) -> str:
    env = project.data["lingkungan"]
    return f"{sandbox.urls['amdalnet']}/?kd_izin={env['kd_izin']}&id_izin={env['id_izin']}"


def screen(page: Page, id_izin: str, *, inside_protected_area: bool = False) -> None:
    card = page.locator(f"#sub-project-card-{id_izin}")
    card.locator(".el-checkbox").first.click()
    card.locator(".el-switch").first.click()
    page.locator(f"#sector-select-{id_izin}").click()
    page.get_by_text("Multi Sektor").click()
    answer = "Tidak" if inside_protected_area else "Ya"
    page.locator(".el-radio").filter(has_text=re.compile(rf"^{answer}$")).first.click()
    page.get_by_role("radiogroup", name="daratan").get_by_text("Ya", exact=True).click()
    page.locator(".el-radio").filter(
        has_text=re.compile(r"tapak proyek berada di satu kabupaten/kota", re.I)).first.click()
    row = page.locator(".el-table__row").filter(has_text="luas bangunan terbangun")
    row.locator(".el-checkbox").click()
    row.get_by_role("textbox", name="Besaran").fill("36")
    row.get_by_role("textbox", name="Satuan").click()
    page.get_by_text("m2", exact=True).click()
    with page.expect_response(lambda r: "penapisan-kewenangan" in r.url):
        page.get_by_role("button", name="Selanjutnya").click()


@pytest.mark.browser
def test_screening_in_the_new_tab_issues_an_sppl_and_oss_sees_it(
    app: Page, sandbox: Sandbox, siti: Account
) -> None:
    project = practice.prepare(sandbox.state, siti, "amdalnet")
    app.goto(f"{sandbox.urls['beranda']}/persetujuan-lingkungan?id_proyek={project.id_proyek}")
    with app.context.expect_page() as opened:
        app.get_by_role("button", name="Proses Penapisan").click()
    amdal = opened.value
    amdal.set_default_timeout(5000)
    id_izin = project.data["lingkungan"]["id_izin"]
    screen(amdal, id_izin)
    expect(amdal.get_by_test_id("hasil-penapisan")).to_have_text("SPPL")
    assert posts(sandbox, "/api/projects") == []
    amdal.get_by_role("button", name="Simpan").first.click()
    box = amdal.locator(".el-message-box")
    expect(box).to_contain_text("tidak dapat diubah")
    with amdal.expect_response(lambda r: "api/projects" in r.url):
        box.get_by_role("button", name="Simpan").click()
    amdal.get_by_role("button", name="Oke, Mengerti").click()
    expect(amdal.get_by_text(LOCKED)).to_be_visible()
    sent = posts(sandbox, "/api/projects")
    assert len(sent) == 1 and sent[0]["host"] == "amdalnet" and sent[0]["account_id"] == siti.id
    assert project.data["lingkungan"]["status"] == "Izin Terbit/SS Terverifikasi"
    assert project.data["lingkungan"]["hasil"] == "SPPL"
    # Back in the OSS tab, without a reload.
    row = app.locator("tr", has_text="Persetujuan Lingkungan")
    expect(row).to_contain_text("Izin Terbit/SS Terverifikasi", timeout=6000)
    expect(app.get_by_role("button", name="Proses Penapisan")).to_have_count(0)
    app.get_by_role("tab", name="Perizinan Berusaha").click()
    expect(app.get_by_test_id("status-perizinan-berusaha")).to_have_text(
        "Proses Perizinan Berusaha")
    app.get_by_role("button", name="Lanjut").click()
    app.wait_for_url(re.compile(r"/penerbitan-nib\?id_proyek="))


@pytest.mark.browser
def test_screening_checks_the_answers_and_the_warning_can_be_cancelled(
    app: Page, sandbox: Sandbox, siti: Account
) -> None:
    project = practice.prepare(sandbox.state, siti, "amdalnet")
    app.goto(amdalnet_url(sandbox, project))
    id_izin = project.data["lingkungan"]["id_izin"]
    app.get_by_role("button", name="Selanjutnya").click()
    app.get_by_role("button", name="OK, SAYA MENGERTI").click()
    errors = app.locator(".el-form-item__error:visible")
    expect(errors).to_have_count(7)
    expect(errors.first).to_have_text("Wajib diisi")
    expect(app.get_by_text("Pilih kegiatan yang akan dilakukan penapisan")).to_be_visible()
    assert posts(sandbox, "penapisan-kewenangan") == []
    # The switch fills the business name and activity from OSS.
    expect(app.locator(f"#name-input-{id_izin}")).to_have_value("")
    screen(app, id_izin)
    expect(app.locator(f"#name-input-{id_izin}")).to_have_value("Warung Bu Siti")
    app.get_by_role("button", name="Simpan").first.click()
    app.locator(".el-message-box").get_by_role("button", name="Batal").click()
    expect(app.locator(".el-message-box")).to_have_count(0)
    assert posts(sandbox, "/api/projects") == []
    assert project.data["lingkungan"]["status"] == workflow.ENV_PENDING


@pytest.mark.browser
def test_a_saved_screening_is_locked(app: Page, sandbox: Sandbox, siti: Account) -> None:
    project = practice.prepare(sandbox.state, siti, "penerbitan")
    with app.expect_response(lambda r: "list-proyek" in r.url):
        app.goto(amdalnet_url(sandbox, project))
    expect(app.get_by_text(LOCKED)).to_be_visible()
    expect(app.get_by_role("button", name="Selanjutnya")).to_be_hidden()
    expect(app.get_by_test_id("hasil-penapisan")).to_have_text("SPPL")
    id_izin = project.data["lingkungan"]["id_izin"]
    expect(app.locator(f"#name-input-{id_izin}")).to_be_disabled()
    expect(app.get_by_role("textbox", name="Besaran Luas bangunan terbangun")).to_be_disabled()


def test_saving_twice_is_refused_and_recorded(sandbox: Sandbox, siti: Account,
                                              token: str) -> None:
    project = practice.prepare(sandbox.state, siti, "penerbitan")
    body = {**practice.EXAMPLE_SCREENING, "id_izin": project.data["lingkungan"]["id_izin"]}
    with httpx.Client(base_url=sandbox.urls["amdalnet"],
                      headers={"Authorization": f"Bearer {token}",
                               "X-Requested-With": "XMLHttpRequest"}) as client:
        again = client.post("/api/projects", json=body)
        status = client.get("/api/check-license-status",
                            params={"id_izin": body["id_izin"]}).json()["data"]
    assert again.status_code == 422
    assert again.json()["message"] == "Hasil penapisan sudah disimpan dan tidak dapat diubah"
    assert status == {"id_izin": body["id_izin"], "status": workflow.ENV_DONE,
                      "hasil": "SPPL", "terkunci": True}
    kinds = [s["jenis"] for s in project.data["submissions"]]
    assert kinds.count("api/projects") == 2


def test_inside_a_protected_area_needs_ukl_upl_and_oss_keeps_waiting(
    sandbox: Sandbox, siti: Account, token: str
) -> None:
    project = practice.prepare(sandbox.state, siti, "amdalnet")
    body = {**practice.EXAMPLE_SCREENING, "id_izin": project.data["lingkungan"]["id_izin"],
            "di_luar_kawasan_lindung": "Tidak"}
    with httpx.Client(base_url=sandbox.urls["amdalnet"],
                      headers={"Authorization": f"Bearer {token}",
                               "X-Requested-With": "XMLHttpRequest"}) as client:
        preview = client.post("/api/penapisan-kewenangan", json=body).json()["data"]
        saved = client.post("/api/projects", json=body).json()["data"]
        listed = client.get("/api/list-proyek", params={"id_izin": body["id_izin"]}).json()
    assert preview["hasil"] == "UKL-UPL" and preview["kewenangan"] == "Pemerintah Kabupaten/Kota"
    assert saved["hasil"] == "UKL-UPL"
    assert listed["data"][0]["nama_usaha"] == "Warung Bu Siti"
    assert workflow.detail(project)["lingkungan_selesai"] is False
    assert project.data["perizinan_status"] == workflow.LICENCE_WAITING


def test_amdalnet_needs_the_oss_session(sandbox: Sandbox, siti: Account) -> None:
    project = practice.prepare(sandbox.state, siti, "amdalnet")
    with httpx.Client() as client:
        page = client.get(amdalnet_url(sandbox, project))
    assert page.status_code == 303
    assert page.headers["location"].startswith(sandbox.urls["login"] + "/login")
