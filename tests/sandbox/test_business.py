"""The business screens in a browser: dashboard menu, location, activity, KKPR, investment,
products, risk and environment, reached as a person reaches them (§5.1-§5.7, §14)."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from oss_assist.sandbox import FaultProfile, Sandbox, practice
from oss_assist.sandbox.state import Account

from .conftest import posts

pytestmark = pytest.mark.browser

PDF = practice.sample_pdf("Surat pernyataan lokasi")
OBVITNAS = "Apakah lokasi usaha berada di wilayah Objek Vital Nasional (Obvitnas)?"
PSN = "Apakah lokasi usaha berada di wilayah Proyek Strategis Nasional (PSN)?"


def test_dashboard_menu_leads_to_lokasi_usaha_with_the_auth_code(
    page: Page, sandbox: Sandbox, token: str
) -> None:
    page.set_default_timeout(5000)
    page.goto(f"{sandbox.urls['perizinan']}/#/?auth-code={token}")
    page.wait_for_url(re.compile(r"/#/dashboard$"))
    expect(page.get_by_test_id("dashboard-nama")).to_have_text("SITI AMINAH")
    expect(page.get_by_test_id("desktop-dropdown-panel")).to_have_count(0)
    page.get_by_test_id("top-menus").get_by_text("Perizinan Berusaha").hover()
    panel = page.get_by_test_id("desktop-dropdown-panel")
    expect(panel).to_be_visible()
    panel.get_by_text("Kelola Usaha").click()
    right = page.get_by_test_id("category-right-panel")
    link = right.get_by_role("link", name="Kegiatan Usaha")
    expect(link).to_have_attribute(
        "href", f"{sandbox.urls['beranda']}/kegiatan-usaha?auth-code={token}")
    right.get_by_role("link", name="Lokasi Usaha").click()
    page.wait_for_url(re.compile(re.escape(sandbox.urls["beranda"]) + r"/lokasi-usaha\?auth-code="))
    popup = page.get_by_role("dialog", name="Informasi Lokasi Usaha")
    expect(popup).to_be_visible()
    page.get_by_role("button", name="Mengerti").click()
    expect(popup).to_have_count(0)
    expect(page.get_by_role("heading", name="Daftar Lokasi Usaha")).to_be_visible()
    expect(page.get_by_test_id("top-menus").get_by_text("Perizinan Berusaha")).to_be_visible()


def test_dashboard_without_a_session_goes_to_login(page: Page, sandbox: Sandbox) -> None:
    page.goto(sandbox.urls["perizinan"] + "/#/dashboard")
    page.wait_for_url(re.compile(re.escape(sandbox.urls["login"]) + r"/login"))


def test_location_form_marks_missing_fields_and_posts_nothing(
    app: Page, sandbox: Sandbox
) -> None:
    app.goto(sandbox.urls["beranda"] + "/lokasi-usaha/tambah-lokasi")
    expect(app.get_by_role("textbox", name="Luas Lahan")).to_be_hidden()
    app.get_by_role("button", name="Tambah Posisi Lokasi").click()
    expect(app.get_by_role("radio", name="Darat")).to_be_visible()
    expect(app.locator(".v-input--error")).to_have_count(0)
    app.get_by_role("button", name="Simpan Posisi Lokasi").click()
    errors = app.locator(".v-input--error .v-messages__message")
    expect(errors.first).to_have_text("Wajib diisi")
    assert errors.count() >= 12
    app.get_by_role("textbox", name="Luas Lahan").fill("0")
    app.get_by_role("button", name="Simpan Posisi Lokasi").click()
    luas = app.locator(".v-input", has=app.get_by_role("textbox", name="Luas Lahan"))
    expect(luas.locator(".v-messages__message")).to_have_text("Nilai tidak boleh 0")
    assert posts(sandbox, "prosesLokasi") == []
    assert sandbox.state.locations == {}


def test_location_form_saves_a_card_and_leads_to_the_activity(
    app: Page, sandbox: Sandbox
) -> None:
    app.goto(sandbox.urls["beranda"] + "/lokasi-usaha/tambah-lokasi")
    app.get_by_role("button", name="Tambah Posisi Lokasi").click()
    app.get_by_role("radio", name="Darat").check()
    app.get_by_role("radio", name="Individual").check()
    app.get_by_role("checkbox", name="Permohonan persyaratan dasar").check()
    app.get_by_role("combobox", name="Cari alamat...").fill("-7.96, 113.27")
    app.get_by_role("option").first.click()
    expect(app.get_by_text("Titik koordinat: -7.960000, 113.270000")).to_be_visible()
    app.get_by_role("textbox", name="Luas Lahan").fill("36")
    app.get_by_role("textbox", name="Alamat lengkap").fill("Dusun Krajan, Jenggrong")
    kabupaten = app.get_by_placeholder("Kabupaten").locator("input")
    expect(kabupaten).to_be_disabled()
    app.get_by_role("combobox", name="Pilih provinsi").fill("jawa timur")
    app.get_by_role("option", name="JAWA TIMUR").click()
    kabupaten.fill("Lumajang")
    app.get_by_role("option", name="KAB. LUMAJANG").click()
    app.get_by_placeholder("Kecamatan").locator("input").fill("Ranuyoso")
    app.get_by_role("option", name="RANUYOSO").click()
    app.get_by_placeholder("Kelurahan").locator("input").fill("Jenggrong")
    app.get_by_role("option", name="JENGGRONG").click()
    app.get_by_role("textbox", name="Kode Pos").fill("67357")
    files = app.locator('input[type="file"]')
    expect(files).to_have_count(2)
    files.nth(0).set_input_files(
        {"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8"})
    expect(app.get_by_text("File harus berformat PDF")).to_be_visible()
    for i, name in enumerate(("pernyataan.pdf", "tampak-depan.pdf")):
        files.nth(i).set_input_files({"name": name, "mimeType": "application/pdf", "buffer": PDF})
    expect(app.get_by_text("tampak-depan.pdf terunggah")).to_be_visible()
    expect(app.get_by_text("File harus berformat PDF")).to_have_count(0)
    app.get_by_role("radio", name="Tidak").check()
    with app.expect_response(lambda r: "prosesLokasi" in r.url) as answer:
        app.get_by_role("button", name="Simpan Posisi Lokasi").click()
    lokasi_id = answer.value.json()["data"]["id_proyek_lokasi"]
    card = app.locator(".lokasi-usaha-card").first
    expect(card).to_contain_text("Darat - Dusun Krajan, Jenggrong, Jawa Timur")
    location = sandbox.state.locations[lokasi_id]
    assert location.data["kelurahan"] == "3508202001"
    assert location.data["lat"] == -7.96
    assert location.data["foto_tampak_depan"]["nama_file"] == "tampak-depan.pdf"
    lengkapi = app.get_by_role("button", name="Lengkapi Detail Kegiatan")
    expect(lengkapi).to_be_disabled()
    card.get_by_role("checkbox").click()
    lengkapi.click()
    app.wait_for_url(re.compile(rf"/kegiatan-usaha/tambah-kegiatan\?id_proyek_lokasi={lokasi_id}$"))
    expect(app.get_by_role("combobox", name="Pilih lokasi usaha")).to_have_value(
        "Darat - Dusun Krajan, Jenggrong, Jawa Timur")


def test_selanjutnya_waits_for_every_answer_given_by_a_click(
    app: Page, sandbox: Sandbox, siti: Account
) -> None:
    loc = practice.location(sandbox.state, siti)
    app.goto(sandbox.urls["beranda"] + "/kegiatan-usaha")
    app.get_by_role("button", name="Tambah Kegiatan Usaha").click()
    lokasi = app.get_by_role("combobox", name="Pilih lokasi usaha")
    lokasi.click()
    lokasi.press_sequentially("Jenggrong", delay=20)
    app.get_by_text("Darat - Dusun Krajan, Jenggrong, Jawa Timur").click()
    selanjutnya = app.get_by_role("button", name="Selanjutnya")
    expect(selanjutnya).to_be_disabled()
    app.get_by_text("Tidak", exact=True).nth(0).click()
    app.get_by_text("Tidak", exact=True).nth(1).click()
    expect(app.get_by_role("radio", name="Tidak").nth(1)).to_be_checked()
    expect(selanjutnya).to_be_disabled()
    # A script setting the radio does not move the page's state: only a click does.
    app.locator('input[type=radio][value="01"]').evaluate(
        "el => { el.checked = true; el.dispatchEvent(new Event('change', {bubbles: true})); }")
    expect(selanjutnya).to_be_disabled()
    app.locator('input[type=radio][value="01"]').click()
    expect(selanjutnya).to_be_enabled()
    with app.expect_response(lambda r: "getListKBLI" in r.url):
        selanjutnya.click()
    expect(app.get_by_test_id("jenis-kegiatan-select")).to_be_visible()
    expect(app.get_by_role("combobox", name="Pilih lokasi usaha")).to_be_disabled()
    assert loc.id_proyek_lokasi in sandbox.state.locations


def answer_location_questions(page: Page) -> None:
    page.get_by_role("radiogroup", name=OBVITNAS).get_by_text("Tidak").click()
    page.get_by_role("radiogroup", name=PSN).get_by_text("Tidak").click()
    page.locator('input[type=radio][value="01"]').click()
    with page.expect_response(lambda r: "getListKBLI" in r.url):
        page.get_by_role("button", name="Selanjutnya").click()


def choose_kbli(page: Page, code: str) -> None:
    page.get_by_test_id("jenis-kegiatan-select").click()
    page.get_by_role("option", name="Kegiatan Usaha Utama").click()
    page.get_by_test_id("kbli-select").first.click()
    page.get_by_placeholder("kode KBLI").press_sequentially(code, delay=20)
    page.get_by_role("option", name=re.compile(rf"^{code} - ")).click()
    expect(page.get_by_role("dialog", name="Informasi KBLI")).to_be_visible()
    page.get_by_role("button", name="Mengerti").click()


def test_kbli_bidang_usaha_rdtr_popup_lock_and_nama_usaha(
    app: Page, sandbox: Sandbox, siti: Account
) -> None:
    loc = practice.location(sandbox.state, siti)
    app.goto(f"{sandbox.urls['beranda']}/kegiatan-usaha/tambah-kegiatan?id_proyek_lokasi={loc.id_proyek_lokasi}")
    answer_location_questions(app)
    tambah = app.get_by_role("button", name="Tambah Bidang Usaha")
    tambah.click()
    expect(app.get_by_test_id("jenis-kegiatan-select").locator("xpath=..")
           .locator(".v-messages__message")).to_have_text("Wajib diisi")
    assert posts(sandbox, "prosesBidangUsaha") == []
    kbli = app.get_by_test_id("kbli-select")
    expect(kbli.locator("input")).to_be_disabled()
    app.get_by_test_id("jenis-kegiatan-select").click()
    app.get_by_role("option", name="Kegiatan Usaha Utama").click()
    kbli.click()
    app.get_by_placeholder("kode KBLI").press_sequentially("4711", delay=20)
    expect(app.get_by_role("option", name=re.compile(r"^47111 - Perdagangan Eceran"))
           ).to_be_visible()
    app.get_by_role("option", name=re.compile(r"^47112 - ")).click()
    app.get_by_role("button", name="Mengerti").click()
    app.get_by_role("combobox", name="Pilih ruang lingkup kegiatan").click()
    app.get_by_role("option", name="Seluruh").click()
    app.get_by_test_id("radio-bidang-usaha").get_by_role("radio").first.click()
    with app.expect_response(lambda r: "prosesBidangUsaha" in r.url) as answer:
        tambah.click()
    id_proyek = answer.value.json()["data"]["id_proyek"]
    rdtr = app.get_by_role("dialog", name="RDTR Tidak Tersedia")
    expect(rdtr).to_be_visible()
    app.get_by_role("button", name="Mengerti").click()
    expect(tambah).to_be_disabled()
    expect(kbli.locator("input")).to_be_disabled()
    expect(app.get_by_text("Satu kegiatan usaha hanya untuk satu KBLI")).to_be_visible()
    table = app.get_by_test_id("table-bidang-usaha")
    expect(table).to_contain_text("47112 - Perdagangan Eceran Berbagai Macam Barang")
    expect(table).to_contain_text("Kegiatan Usaha Utama")
    app.get_by_role("button", name="Selanjutnya").click()
    nama = app.get_by_role("textbox", name="Contoh : Restoran")
    expect(app.locator(".v-input", has=nama).locator(".v-messages__message")).to_have_text(
        "Wajib diisi")
    nama.fill("Warung Bu Siti")
    with app.expect_response(lambda r: "prosesProyek" in r.url):
        app.get_by_role("button", name="Selanjutnya").click()
    app.wait_for_url(re.compile(r"/persyaratan-dasar-tata-ruang\?id_proyek_lokasi=.+&id_proyek=R-"))
    project = sandbox.state.projects[id_proyek]
    assert project.kbli == "47112" and project.data["nama_usaha"] == "Warung Bu Siti"
    assert project.data["bidang_usaha"] == "Perdagangan" and project.status == "Draft"
    assert len(posts(sandbox, "prosesBidangUsaha")) == 1


def test_no_rdtr_popup_where_the_location_has_an_rdtr(
    app: Page, sandbox: Sandbox, siti: Account
) -> None:
    loc = practice.location(sandbox.state, siti, kecamatan="350810", kelurahan="3508101003",
                            kode_pos="67312")
    app.goto(f"{sandbox.urls['beranda']}/kegiatan-usaha/tambah-kegiatan?id_proyek_lokasi={loc.id_proyek_lokasi}")
    answer_location_questions(app)
    choose_kbli(app, "47112")
    app.get_by_role("combobox", name="Pilih ruang lingkup kegiatan").click()
    app.get_by_role("option", name="Seluruh").click()
    app.get_by_test_id("radio-bidang-usaha").get_by_role("radio").first.click()
    app.get_by_role("button", name="Tambah Bidang Usaha").click()
    expect(app.get_by_role("textbox", name="Contoh : Restoran")).to_be_visible()
    expect(app.get_by_text("RDTR Tidak Tersedia")).to_have_count(0)


def test_kbli_2025_conversion_modal_for_56102(
    app: Page, sandbox: Sandbox, siti: Account
) -> None:
    loc = practice.location(sandbox.state, siti)
    app.goto(f"{sandbox.urls['beranda']}/kegiatan-usaha/tambah-kegiatan?id_proyek_lokasi={loc.id_proyek_lokasi}")
    answer_location_questions(app)
    expect(app.get_by_test_id("kbli-select")).to_have_count(1)
    expect(app.get_by_test_id("button-modal-kembali-kbli-2025")).to_have_count(0)
    choose_kbli(app, "56102")
    modal = app.get_by_role("dialog", name="Penyesuaian KBLI 2025")
    expect(app.get_by_test_id("button-modal-kembali-kbli-2025")).to_be_visible()
    expect(app.get_by_test_id("kbli-select")).to_have_count(2)
    # Kembali: back to the KBLI field, nothing chosen.
    app.get_by_test_id("button-modal-kembali-kbli-2025").click()
    expect(modal).to_have_count(0)
    expect(app.get_by_test_id("kbli-select").locator("input")).to_have_value("")
    app.get_by_test_id("kbli-select").click()
    app.get_by_placeholder("kode KBLI").press_sequentially("56102", delay=20)
    with app.expect_request(
        lambda r: "getListKBLI" in r.url and "kbli_2020" in (r.post_data or "")
    ) as asked:
        app.get_by_role("option", name="56102 - Rumah/Warung Makan").click()
        app.get_by_role("button", name="Mengerti").click()
    assert json.loads(asked.value.post_data or "{}")["kbli_2020"] == "56102"
    modal.get_by_role("button", name="Simpan", exact=True).click()
    expect(modal.locator(".v-messages__message").first).to_have_text("Wajib diisi")
    app.get_by_test_id("kbli-select").nth(1).click()
    app.get_by_role("option", name="56112 - Warung Makan").click()
    modal.get_by_role("checkbox", name=re.compile(r"^Dengan ini saya menyatakan bahwa data")
                      ).check()
    modal.get_by_role("button", name="Simpan", exact=True).click()
    expect(modal).to_have_count(0)
    expect(app.get_by_text("KBLI 2025: 56112 - Warung Makan")).to_be_visible()
    app.get_by_role("combobox", name="Pilih ruang lingkup kegiatan").click()
    app.get_by_role("option", name="Seluruh").click()
    app.get_by_test_id("radio-bidang-usaha").get_by_role("radio").first.click()
    with app.expect_response(lambda r: "prosesBidangUsaha" in r.url) as answer:
        app.get_by_role("button", name="Tambah Bidang Usaha").click()
    project = sandbox.state.projects[answer.value.json()["data"]["id_proyek"]]
    assert project.data["kbli_2025"] == {"kode": "56112", "judul": "Warung Makan"}


def test_hapus_asks_for_confirmation_then_removes_the_activity(
    app: Page, sandbox: Sandbox, siti: Account
) -> None:
    keep = practice.prepare(sandbox.state, siti, "kkpr")
    gone = practice.prepare(sandbox.state, siti, "kkpr", business_name="Warung Kedua")
    app.goto(sandbox.urls["beranda"] + "/kegiatan-usaha")
    expect(app.get_by_role("heading", name="Daftar Kegiatan Usaha")).to_be_visible()
    top = app.locator("table tr").nth(1)
    expect(top).to_contain_text(f"Nomor Kegiatan Usaha: {gone.id_proyek}")
    top.get_by_role("button", name="Hapus").click()
    expect(app.get_by_role("heading", name="Konfirmasi Hapus Data")).to_be_visible()
    app.get_by_role("dialog").get_by_role("button", name="Batal").click()
    assert gone.id_proyek in sandbox.state.projects
    top.get_by_role("button", name="Hapus").click()
    app.get_by_role("dialog").get_by_role("button", name="Hapus").click()
    expect(app.get_by_text("Berhasil menghapus data")).to_be_visible()
    expect(app.locator("table tr").filter(has_text=gone.id_proyek)).to_have_count(0)
    assert list(sandbox.state.projects) == [keep.id_proyek]


def test_kkpr_self_declaration_is_one_binding_post(
    app: Page, sandbox: Sandbox, siti: Account
) -> None:
    project = practice.prepare(sandbox.state, siti, "kkpr")
    app.goto(f"{sandbox.urls['beranda']}/persyaratan-dasar-tata-ruang?"
             f"id_proyek_lokasi={project.id_proyek_lokasi}&id_proyek={project.id_proyek}")
    proses = app.get_by_role("button", name="Proses")
    expect(proses).to_be_disabled()
    app.locator("#agreement-checkbox").check()
    proses.click()
    modal = app.get_by_test_id("modal-proses")
    modal.get_by_role("button", name="Batal").click()
    assert posts(sandbox, "submitPernyataanMandiri") == []
    proses.click()
    with app.expect_response(lambda r: "detailPerizinan" in r.url):
        app.get_by_test_id("modal-proses").get_by_role("button", name="Proses").click()
    sent = posts(sandbox, "submitPernyataanMandiri")
    assert len(sent) == 1 and sent[0]["account_id"] == siti.id
    assert project.data["kkpr"]["status"] == "Terbit"
    app.get_by_role("tab", name="Perizinan Berusaha").click()
    app.get_by_role("button", name="Lanjut").click()
    app.wait_for_url(re.compile(r"/data-kegiatan-usaha\?id_proyek="))


def open_data_page(app: Page, sandbox: Sandbox, project_id: str) -> None:
    app.goto(f"{sandbox.urls['beranda']}/data-kegiatan-usaha?id_proyek={project_id}")
    app.locator(".page-loader").wait_for(state="detached")


def test_investment_validation_messages(app: Page, sandbox: Sandbox, siti: Account) -> None:
    project = practice.prepare(sandbox.state, siti, "investasi")
    open_data_page(app, sandbox, project.id_proyek)
    expect(app.locator(".v-input--error")).to_have_count(0)
    app.get_by_role("button", name="Selanjutnya").click()
    for testid in ("select-box-flag-berjalan", "input-investasi-lain", "input-modal-kerja",
                   "pendapatan_tahunan", "laborcard-labor-male"):
        field = app.locator(f'.v-input[data-testid="{testid}"], '
                            f'.v-input:has(> .v-field[data-testid="{testid}"])')
        expect(field).to_have_class(re.compile("v-input--error"))
        expect(field.locator(".v-messages__message")).to_have_text("Wajib diisi")
    expect(app.get_by_text("Produk/Jasa wajib diisi minimal satu")).to_be_visible()
    app.get_by_label("Pembelian dan Pematangan Tanah").fill("0")
    app.get_by_test_id("input-investasi-lain").locator("input").fill("0")
    app.get_by_test_id("pendapatan_tahunan").locator("input").fill("0")
    app.get_by_role("button", name="Selanjutnya").click()
    for testid in ("input-investasi-lain", "pendapatan_tahunan"):
        expect(app.get_by_test_id(testid).locator(".v-messages__message")).to_have_text(
            "Nilai tidak boleh 0")
    expect(app.get_by_test_id("input-pembelian-tanah").locator(".v-messages__message")).to_have_count(0)
    assert posts(sandbox, "prosesProyek") == []


def test_dates_are_picked_by_clicks_and_typing_is_refused(
    app: Page, sandbox: Sandbox, siti: Account
) -> None:
    project = practice.prepare(sandbox.state, siti, "investasi")
    open_data_page(app, sandbox, project.id_proyek)
    expect(app.get_by_test_id("date-time-picker-tgl-berjalan")).to_have_count(2)
    expect(app.get_by_test_id("date-time-picker-tgl-berjalan").nth(1)).to_be_hidden()
    app.get_by_test_id("select-box-flag-berjalan").click()
    app.get_by_role("option", name="Sudah Berjalan").click()
    field = app.get_by_test_id("date-time-picker-tgl-berjalan").nth(1)
    expect(field).to_be_visible()
    with pytest.raises(PlaywrightError, match=r"not editable|readonly"):
        field.fill("15/03/2019", timeout=1000)
    field.press_sequentially("15032019")
    expect(field).to_have_value("")
    field.click()
    picker = app.locator(".v-picker")
    app.get_by_test_id("year-btn").click()
    picker.get_by_role("button", name="2019", exact=True).click()
    expect(picker.get_by_role("button", name="Mar", exact=True)).to_be_visible()
    expect(picker.get_by_role("button", name="Jan", exact=True)).to_be_visible()
    picker.get_by_role("button", name="Mar", exact=True).click()
    picker.get_by_role("button", name="15", exact=True).click()
    expect(picker).to_have_count(0)
    expect(field).to_have_value("15/03/2019")
    app.get_by_test_id("select-box-flag-berjalan").locator("input").fill("Belum Berjalan")
    app.locator(".v-list-item").get_by_text("Belum Berjalan", exact=True).click()
    month = app.get_by_test_id("date-time-picker-jangka-waktu-penyelesaian").nth(1)
    month.click()
    app.get_by_test_id("year-btn").click()
    year = app.locator(".v-picker").get_by_role("button", name="2030", exact=True)
    year.click()
    app.locator(".v-picker").get_by_role("button", name="Jul", exact=True).click()
    expect(month).to_have_value("07/2030")


def test_products_offer_only_the_units_of_their_kbli_then_risk_is_shown(
    app: Page, sandbox: Sandbox, siti: Account
) -> None:
    project = practice.prepare(sandbox.state, siti, "investasi", kbli="10794")
    open_data_page(app, sandbox, project.id_proyek)
    with app.expect_response(lambda r: "getSatuanProduk/10794" in r.url):
        app.get_by_role("button", name="Tambah Produk/Jasa").click()
    app.get_by_test_id("product-service-card-product-type").locator("input").fill("Keripik Pisang")
    app.keyboard.press("Enter")
    app.get_by_placeholder("Masukan Cangkupan Produk Fasilitas Berusaha").click()
    app.get_by_role("option", name="Tidak Mengajukan Fasilitas").click()
    app.get_by_test_id("product-service-card-capacity").locator("input").fill("0")
    app.get_by_test_id("product-service-card-unit").locator("input").click()
    expect(app.get_by_role("option")).to_have_text(["Kilogram", "Ton", "Bungkus"])
    app.get_by_role("option", name="Bungkus").click()
    app.get_by_role("button", name="Simpan", exact=True).click()
    capacity = app.get_by_test_id("product-service-card-capacity")
    expect(capacity.locator(".v-messages__message")).to_have_text("Nilai tidak boleh 0")
    app.get_by_test_id("product-service-card-capacity").locator("input").fill("500")
    with app.expect_response(lambda r: "getTableKBLIdanProduk" in r.url):
        app.get_by_role("button", name="Simpan", exact=True).click()
    expect(app.get_by_test_id("table-produk")).to_contain_text("Keripik Pisang")
    app.get_by_test_id("select-box-flag-berjalan").click()
    app.get_by_role("option", name="Belum Berjalan").click()
    app.get_by_test_id("date-time-picker-jangka-waktu-penyelesaian").nth(1).click()
    app.locator(".v-picker").get_by_role("button", name="Dec", exact=True).click()
    for testid, value in (("input-pembelian-tanah", "0"), ("input-bangunan-gedung", "0"),
                          ("input-mesin-peralatan", "3000000"), ("input-investasi-lain", "500000"),
                          ("input-modal-kerja", "2000000"), ("pendapatan_tahunan", "48000000"),
                          ("laborcard-labor-male", "1"), ("laborcard-labor-female", "2")):
        app.get_by_test_id(testid).locator("input").fill(value)
    app.get_by_text("Pinjaman", exact=True).click()
    expect(app.get_by_text("Rp 5.500.000").first).to_be_visible()
    with app.expect_response(lambda r: "getKriteriaKegiatan" in r.url):
        app.get_by_role("button", name="Selanjutnya", exact=True).click()
    risk = app.get_by_test_id("parameter-risiko")
    expect(risk).to_contain_text("Menengah Rendah")
    expect(risk).to_contain_text("Usaha Mikro")
    expect(risk).to_contain_text("NIB dan Sertifikat Standar")
    assert project.data["produk"][0]["satuan"] == "Bungkus"
    assert project.data["skala_usaha"] == "Mikro"
    app.get_by_role("button", name="Selanjutnya", exact=True).click()
    app.wait_for_url(re.compile(r"/persetujuan-lingkungan\?id_proyek="))
    assert project.data["risiko"]["keterangan_resiko"] == "Menengah Rendah"


def test_cakupan_produk_is_shown_only_for_the_processing_industry_and_never_required(
    app: Page, sandbox: Sandbox, siti: Account
) -> None:
    """§5.5, §18: "Cakupan Produk" is shown only sometimes (the sandbox: KBLI 10-33)."""
    project = practice.prepare(sandbox.state, siti, "investasi")  # 47112, a shop
    open_data_page(app, sandbox, project.id_proyek)
    app.get_by_role("button", name="Tambah Produk/Jasa").click()
    app.get_by_test_id("product-service-card-product-type").locator("input").fill("Sembako")
    expect(app.get_by_test_id("product-service-card-capacity")).to_be_visible()
    expect(app.get_by_placeholder("Masukan Cangkupan Produk Fasilitas Berusaha")).to_have_count(0)
    expect(app.get_by_text("Cakupan Produk")).to_have_count(0)
    app.get_by_test_id("product-service-card-capacity").locator("input").fill("300")
    app.get_by_test_id("product-service-card-unit").locator("input").click()
    app.get_by_role("option", name="Paket", exact=True).click()
    with app.expect_response(lambda r: "getTableKBLIdanProduk" in r.url):
        app.get_by_role("button", name="Simpan", exact=True).click()
    assert project.data["produk"][-1]["cakupan"] == ""
    industri = practice.prepare(sandbox.state, siti, "investasi", kbli="10794")
    open_data_page(app, sandbox, industri.id_proyek)
    app.get_by_role("button", name="Tambah Produk/Jasa").click()
    expect(app.get_by_role("combobox", name="Masukan Cangkupan Produk Fasilitas Berusaha")
           ).to_be_visible()


def test_environment_belum_proses_then_screening_opens_in_a_new_tab(
    app: Page, sandbox: Sandbox, siti: Account, token: str
) -> None:
    project = practice.prepare(sandbox.state, siti, "lingkungan")
    app.goto(f"{sandbox.urls['beranda']}/persetujuan-lingkungan?id_proyek={project.id_proyek}")
    app.get_by_role("button", name="Proses").click()
    expect(app.locator(".v-messages__message")).to_have_text("Wajib diisi")
    app.get_by_role("radio", name="Belum").check()
    app.get_by_role("button", name="Proses").click()
    app.get_by_role("button", name="Batal").click()
    assert posts(sandbox, "submitLingkungan") == []
    app.get_by_role("button", name="Proses").click()
    with app.expect_response(lambda r: "prosesProyek" in r.url):
        app.get_by_role("button", name="Ya, Lanjut").click()
    app.get_by_role("tab", name="Persyaratan Dasar").click()
    row = app.locator("tr", has_text="Persetujuan Lingkungan")
    expect(row).to_contain_text("Penapisan Izin Lingkungan")
    app.get_by_role("tab", name="Perizinan Berusaha").click()
    expect(app.get_by_text("Menunggu Verifikasi Persyaratan Dasar")).to_be_visible()
    expect(app.get_by_role("button", name="Lanjut")).to_be_disabled()
    app.get_by_role("tab", name="Persyaratan Dasar").click()
    with app.context.expect_page() as opened:
        app.get_by_role("button", name="Proses Penapisan").click()
    amdal = opened.value
    env = project.data["lingkungan"]
    # Amdalnet is another domain: OSS opens it with the session's auth-code (SSO).
    assert amdal.url == (f"{sandbox.urls['amdalnet']}/?kd_izin={env['kd_izin']}"
                         f"&id_izin={env['id_izin']}&auth-code={token}")
    assert env["kd_izin"] == "029000000100" and env["id_izin"].startswith("I-")
    expect(amdal.locator(f"#sub-project-card-{env['id_izin']}")).to_be_visible()
    assert app.url.startswith(sandbox.urls["beranda"])


def test_import_licence_popup_returns_until_acknowledged_and_never_when_off(
    app: Page, sandbox: Sandbox, siti: Account
) -> None:
    loc = practice.location(sandbox.state, siti)
    url = (f"{sandbox.urls['beranda']}/kegiatan-usaha/tambah-kegiatan"
           f"?id_proyek_lokasi={loc.id_proyek_lokasi}")
    app.goto(url)
    expect(app.get_by_role("radiogroup", name=OBVITNAS)).to_be_visible()
    expect(app.get_by_test_id("modal-informasi-api")).to_have_count(0)
    sandbox.set_faults(FaultProfile(name="api", import_licence_popup=True))
    app.goto(url)
    popup = app.get_by_test_id("modal-informasi-api")
    expect(popup).to_be_visible()
    popup.get_by_role("button", name="Mengerti").click()
    expect(popup).to_have_count(0)
    answer_location_questions(app)
    expect(popup).to_be_visible()
    popup.get_by_role("checkbox", name="Saya telah membaca dan memahami informasi ini").check()
    popup.get_by_role("button", name="Mengerti").click()
    choose_kbli(app, "47112")
    expect(app.get_by_role("combobox", name="Pilih ruang lingkup kegiatan")).to_be_visible()
    expect(popup).to_have_count(0)


def test_kbli_list_and_form_labels_may_differ(app: Page, sandbox: Sandbox, siti: Account) -> None:
    """§18: the list option reads "- Periklanan"; after the pick the form shows "73100 -
    Aktivitas Periklanan" (§5.3's "<kode> - <judul>")."""
    loc = practice.location(sandbox.state, siti)
    app.goto(f"{sandbox.urls['beranda']}/kegiatan-usaha/tambah-kegiatan"
             f"?id_proyek_lokasi={loc.id_proyek_lokasi}")
    for question in (OBVITNAS, PSN):
        app.get_by_role("radiogroup", name=question).get_by_text("Tidak").click()
    app.locator('input[type=radio][value="01"]').click()
    app.get_by_role("button", name="Selanjutnya").click()
    app.get_by_test_id("jenis-kegiatan-select").locator("input").click()
    app.get_by_role("option", name="Kegiatan Usaha Utama").click()
    app.get_by_test_id("kbli-select").locator("input").press_sequentially("73100", delay=20)
    app.get_by_text("- Periklanan").first.click()
    app.get_by_role("button", name="Mengerti").click()
    expect(app.get_by_test_id("kbli-select").locator("input")).to_have_value(
        "73100 - Aktivitas Periklanan")
