"""The sandbox's registration page, walked in a browser with locators from oss-portal.md §3."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from oss_assist.sandbox import Faults, Sandbox, TrainingAccount

pytestmark = pytest.mark.browser

SITI = {"nik": "3508205204820001", "name": "Siti Aminah", "gender": "Perempuan",
        "birth": "12/04/1982"}
PASSWORD = "Rahasia#123"
OTP_ERROR = re.compile(r"salah|tidak valid|expired|tidak berlaku|otp", re.I)
REGIONS = (
    ("Pilih provinsi", "JAWA", "JAWA TIMUR"),
    ("Pilih kabupaten/kota", "LUMA", "KAB. LUMAJANG"),
    ("Pilih kecamatan", "RANU", "RANUYOSO"),
    ("Pilih desa/kelurahan", "WATES", "WATES WETAN"),
)


def choose_perseorangan(page: Page) -> None:
    page.get_by_role("textbox", name="Pilih jenis pelaku usaha").click()
    page.get_by_role("option", name="Orang Perseorangan").click()


def to_otp(page: Page, sb: Sandbox, nik: str = SITI["nik"],
           email: str = "siti@contoh.test") -> None:
    page.goto(sb.urls["login"] + "/register")
    choose_perseorangan(page)
    page.get_by_placeholder("Masukkan 16 digit NIK sesuai KTP").fill(nik)
    page.get_by_placeholder("Contoh: nama@email.com").fill(email)
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.locator("div:nth-child(1) > .otp-input2")).to_be_visible()


def type_otp(page: Page, code: str) -> None:
    for i, digit in enumerate(code, start=1):
        page.locator(f"div:nth-child({i}) > .otp-input2").fill(digit)


def accounts_with(sb: Sandbox, nik: str) -> int:
    return sum(a.nik == nik for a in sb.state.accounts.values())


def last_code(sb: Sandbox, email: str = "siti@contoh.test") -> str:
    return sb.state.mailbox(email)[-1].code


def to_profile(page: Page, sb: Sandbox, nik: str = SITI["nik"],
               email: str = "siti@contoh.test") -> None:
    to_otp(page, sb, nik, email)
    type_otp(page, last_code(sb, email))
    passwords = page.locator("input[type=password]")
    passwords.nth(0).fill(PASSWORD)
    passwords.nth(1).fill(PASSWORD)
    page.get_by_role("button", name="Lanjut").click()
    expect(page.get_by_placeholder("81x-xxxx-xxxxx")).to_be_visible()


def fill_profile(page: Page, *, name: str = SITI["name"], gender: str = SITI["gender"],
                 birth: str = SITI["birth"], phone: str = "81234567890") -> None:
    page.get_by_placeholder("81x-xxxx-xxxxx").fill(phone)
    page.get_by_placeholder("Masukkan nama sesuai KTP").fill(name)
    page.get_by_text(gender, exact=True).click()
    page.get_by_placeholder("dd/mm/yyyy").fill(birth)
    page.get_by_placeholder("Contoh: Jl. RUSA No. 1").fill("Dusun Krajan RT 01 RW 02")
    for placeholder, typed, option in REGIONS:
        page.get_by_role("combobox", name=placeholder).fill(typed)
        page.get_by_role("option", name=option, exact=True).click()
    page.get_by_label("Saya setuju dengan Syarat dan Ketentuan").check()


# -- step 1: jenis pelaku usaha, NIK, e-mail --------------------------------------------


def test_jenis_pelaku_usaha_lists_the_four_kinds_and_gates_the_nik_field(
    page: Page, sandbox: Sandbox
) -> None:
    page.goto(sandbox.urls["login"] + "/register")
    nik = page.get_by_placeholder("Masukkan 16 digit NIK sesuai KTP")
    expect(nik).to_be_hidden()
    expect(page.get_by_role("button", name="Verifikasi")).to_be_disabled()
    page.get_by_role("textbox", name="Pilih jenis pelaku usaha").click()
    expect(page.get_by_role("option")).to_have_text(
        ["Badan Usaha", "Orang Perseorangan", "Kantor Perwakilan", "Badan Usaha Luar Negeri"]
    )
    page.get_by_role("option", name="Badan Usaha", exact=True).click()
    expect(page.get_by_text("Layanan kecamatan ini hanya untuk")).to_be_visible()
    expect(nik).to_be_hidden()
    choose_perseorangan(page)
    expect(nik).to_be_visible()
    expect(page.get_by_text("Layanan kecamatan ini hanya untuk")).to_be_hidden()


def test_nik_and_email_checks_show_their_messages_and_gate_verifikasi(
    page: Page, sandbox: Sandbox
) -> None:
    page.goto(sandbox.urls["login"] + "/register")
    choose_perseorangan(page)
    nik = page.get_by_placeholder("Masukkan 16 digit NIK sesuai KTP")
    email = page.get_by_placeholder("Contoh: nama@email.com")
    verifikasi = page.get_by_role("button", name="Verifikasi")
    messages = page.locator(".v-messages__message")

    nik.fill("35082052048")
    expect(page.get_by_text("NIK harus 16 digit angka")).to_be_visible()
    nik.fill("3508205409880007")  # the training account DEWI LESTARI has it
    expect(page.get_by_text("NIK sudah terdaftar")).to_be_visible()
    email.fill("dewi.lestari@contoh.test")
    expect(page.get_by_text("Email sudah terdaftar")).to_be_visible()
    expect(verifikasi).to_be_disabled()

    email.fill("bukan-email")
    expect(page.get_by_text("Format email tidak valid")).to_be_visible()
    nik.fill(SITI["nik"])
    email.fill("siti@contoh.test")
    expect(verifikasi).to_be_enabled()
    expect(messages).to_have_count(0)
    expect(page.locator(".v-input--error")).to_have_count(0)


def test_verifikasi_mails_the_otp_and_the_boxes_advance_as_it_is_typed(
    page: Page, sandbox: Sandbox
) -> None:
    to_otp(page, sandbox)
    expect(page.get_by_text("s***@contoh.test")).to_be_visible()
    mails = sandbox.state.mailbox("siti@contoh.test")
    assert len(mails) == 1
    assert re.fullmatch(r"\d{6}", mails[0].code)
    assert f"Kode OTP Anda: {mails[0].code}" in mails[0].body
    expect(page.locator(".otp-input2")).to_have_count(6)
    page.locator("div:nth-child(1) > .otp-input2").click()
    page.keyboard.type(mails[0].code[:3], delay=20)
    expect(page.locator("div:nth-child(4) > .otp-input2")).to_be_focused()
    page.keyboard.type(mails[0].code[3:], delay=20)
    expect(page.locator("input[type=password]").first).to_be_visible()


# -- step 2: OTP ---------------------------------------------------------------------------


def test_wrong_otp_is_refused_with_an_otp_error_then_the_right_one_passes(
    page: Page, sandbox: Sandbox
) -> None:
    to_otp(page, sandbox)
    code = last_code(sandbox)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    type_otp(page, wrong)
    error = page.locator("#otp-messages .v-messages__message")
    expect(error).to_have_text(OTP_ERROR)
    expect(page.locator("input[type=password]").first).to_be_hidden()
    type_otp(page, code)
    expect(page.locator("input[type=password]").first).to_be_visible()
    expect(error).to_have_count(0)


def test_expired_otp_gives_the_expired_message(page: Page, sandbox: Sandbox) -> None:
    to_otp(page, sandbox)
    sandbox.state.clock_offset = 301
    type_otp(page, last_code(sandbox))
    expect(page.locator("#otp-messages")).to_contain_text("expired")
    expect(page.locator("#otp-messages")).to_have_text(OTP_ERROR)


def test_kirim_ulang_kode_waits_60_seconds_then_sends_a_new_code(
    page: Page, sandbox: Sandbox
) -> None:
    page.clock.install()
    to_otp(page, sandbox)
    resend = page.get_by_role("button", name="Kirim ulang kode")
    expect(resend).to_be_disabled()
    page.clock.fast_forward(30_000)
    expect(resend).to_be_disabled()
    sandbox.state.clock_offset = 61
    page.clock.fast_forward(31_000)
    expect(resend).to_be_enabled()
    resend.click()
    expect(page.get_by_text("Kode OTP baru telah dikirim ke email Anda")).to_be_visible()
    mails = sandbox.state.mailbox("siti@contoh.test")
    assert len(mails) == 2
    type_otp(page, mails[-1].code)
    expect(page.locator("input[type=password]").first).to_be_visible()


# -- step 3: password --------------------------------------------------------------------------


def test_password_checklist_follows_what_is_typed(page: Page, sandbox: Sandbox) -> None:
    to_otp(page, sandbox)
    type_otp(page, last_code(sandbox))
    password = page.locator("input[type=password]").nth(0)
    rules = {
        "Minimal 8 karakter": "length",
        "Menggunakan huruf besar dan huruf kecil": "case",
        "Menggunakan angka": "digit",
        "Menggunakan karakter spesial (!@#$%^&*_-)": "special",
    }
    for text in rules:
        expect(page.get_by_text(text, exact=True)).to_be_visible()

    def states() -> dict[str, str]:
        return {
            rule: page.locator(f"li[data-rule={rule}]").get_attribute("data-ok") or ""
            for rule in rules.values()
        }

    password.fill("abc")
    assert states() == {"length": "false", "case": "false", "digit": "false", "special": "false"}
    password.fill("abcdefgH")
    assert states() == {"length": "true", "case": "true", "digit": "false", "special": "false"}
    password.fill("abcdefgH1_")
    assert set(states().values()) == {"true"}
    expect(page.locator("li.rule--ok")).to_have_count(4)


def test_password_mismatch_is_reported_and_lanjut_waits_for_a_match(
    page: Page, sandbox: Sandbox
) -> None:
    to_otp(page, sandbox)
    type_otp(page, last_code(sandbox))
    passwords = page.locator("input[type=password]")
    lanjut = page.get_by_role("button", name="Lanjut")
    passwords.nth(0).fill("lemah")
    passwords.nth(1).fill("lemah")
    expect(lanjut).to_be_disabled()
    passwords.nth(0).fill(PASSWORD)
    passwords.nth(1).fill(PASSWORD + "x")
    expect(page.locator(".v-messages__message")).to_have_text(
        re.compile(r"tidak sama|tidak sesuai|tidak cocok|konfirmasi", re.I)
    )
    expect(lanjut).to_be_disabled()
    passwords.nth(1).fill(PASSWORD)
    expect(page.locator(".v-messages__message")).to_have_count(0)
    expect(lanjut).to_be_enabled()


# -- step 4: profile, Dukcapil, success ------------------------------------------------------------


def test_daftar_with_an_empty_form_marks_every_required_field(page: Page, sandbox: Sandbox) -> None:
    to_profile(page, sandbox)
    page.get_by_role("button", name="Daftar").click()
    expect(page.locator(".v-input--error")).to_have_count(10)
    expect(page.get_by_text("Wajib diisi")).to_have_count(9)
    expect(page.get_by_text("Anda harus menyetujui Syarat dan Ketentuan")).to_be_visible()
    page.get_by_placeholder("Masukkan nama sesuai KTP").fill("Siti")
    expect(page.locator(".v-input--error")).to_have_count(9)
    assert accounts_with(sandbox, SITI["nik"]) == 0


def test_region_autocompletes_cascade_and_stay_disabled_until_the_parent_is_chosen(
    page: Page, sandbox: Sandbox
) -> None:
    to_profile(page, sandbox)
    provinsi, kota, kecamatan, desa = (
        page.get_by_role("combobox", name=p) for p, _, _ in REGIONS
    )
    for child in (kota, kecamatan, desa):
        expect(child).to_be_disabled()
    with page.expect_response(re.compile(r"/provinsi\?q=JAWA")):
        provinsi.fill("JAWA")
    expect(page.get_by_role("option")).to_have_text(["JAWA BARAT", "JAWA TENGAH", "JAWA TIMUR"])
    page.get_by_role("option", name="JAWA TIMUR", exact=True).click()
    expect(kota).to_be_enabled()
    expect(kecamatan).to_be_disabled()
    with page.expect_response(re.compile(r"/kota\?parent=35&q=LUMA")):
        kota.fill("LUMA")
    page.get_by_role("option", name="KAB. LUMAJANG").click()
    expect(kecamatan).to_be_enabled()
    kecamatan.click()
    expect(page.get_by_role("option")).to_have_count(21)  # Lumajang's kecamatan
    page.get_by_role("option", name="RANUYOSO").click()
    expect(desa).to_be_enabled()
    desa.click()
    expect(page.get_by_role("option", name="WATES KULON")).to_be_visible()
    expect(page.get_by_role("option")).to_have_count(11)
    page.get_by_role("option", name="JENGGRONG").click()
    expect(desa).to_have_value("JENGGRONG")

    # choosing another province clears the chain and disables the grandchildren again
    provinsi.fill("BALI")
    page.get_by_role("option", name="BALI").click()
    expect(kota).to_be_enabled()
    expect(kota).to_have_value("")
    expect(kecamatan).to_be_disabled()
    expect(desa).to_be_disabled()
    expect(desa).to_have_value("")


def test_dukcapil_outage_and_mismatch_keep_the_form_and_daftar_can_be_pressed_again(
    page: Page, sandbox: Sandbox
) -> None:
    to_profile(page, sandbox)
    fill_profile(page, name="SITI AMINA")
    daftar = page.get_by_role("button", name="Daftar")
    sandbox.set_faults(Faults.custom("none", dukcapil_outage_probability=1).profile)
    daftar.click()
    outage = page.get_by_role("alert").filter(has_text="Gagal tersambung ke sistem dukcapil")
    expect(outage).to_be_visible()
    expect(page.get_by_placeholder("Masukkan nama sesuai KTP")).to_have_value("SITI AMINA")
    sandbox.set_faults("none")
    alert = page.get_by_role("alert").filter(has_text="Data tidak sesuai KTP")
    for field, wrong, right in (
        ("Masukkan nama sesuai KTP", None, SITI["name"]),
        ("dd/mm/yyyy", "13/04/1982", SITI["birth"]),
    ):
        if wrong:
            page.get_by_placeholder(field).fill(wrong)
        daftar.click()
        expect(alert).to_be_visible()
        expect(outage).to_have_count(0)
        assert accounts_with(sandbox, SITI["nik"]) == 0
        page.get_by_placeholder(field).fill(right)
    page.get_by_text("Laki-laki", exact=True).click()
    daftar.click()
    expect(alert).to_be_visible()
    expect(page.get_by_role("combobox", name="Pilih desa/kelurahan")).to_have_value("WATES WETAN")
    page.get_by_text("Perempuan", exact=True).click()
    daftar.click()
    expect(page.get_by_text("Registrasi berhasil. Silakan masuk")).to_be_visible()
    assert accounts_with(sandbox, SITI["nik"]) == 1


def test_registration_succeeds_and_leads_to_masuk(page: Page, sandbox: Sandbox) -> None:
    to_profile(page, sandbox)
    fill_profile(page, phone="81234567890")
    page.get_by_role("button", name="Daftar").click()
    expect(page.get_by_text("Registrasi berhasil. Silakan masuk dengan akun Anda.")).to_be_visible()
    account = sandbox.state.account_by_nik(SITI["nik"])
    assert account is not None
    assert (account.status, account.name, account.gender, account.phone, account.daerah_id) == (
        "active", "SITI AMINAH", "Perempuan", "81234567890", "3508202011"
    )
    assert PASSWORD not in account.password_hash
    assert sandbox.state.check_password(account, PASSWORD)
    everything = json.dumps([r.as_dict() for r in sandbox.state.requests]) + json.dumps(
        sandbox.state.snapshot()
    )
    assert PASSWORD not in everything
    page.get_by_role("link", name="Masuk").click()
    expect(page.get_by_role("heading", name="Masuk")).to_be_visible()


def test_a_registered_nik_cannot_register_again(page: Page, sandbox: Sandbox) -> None:
    sandbox.state.add_account(
        TrainingAccount(SITI["nik"], "siti@contoh.test", "81234567890", PASSWORD)
    )
    page.goto(sandbox.urls["login"] + "/register")
    choose_perseorangan(page)
    page.get_by_placeholder("Masukkan 16 digit NIK sesuai KTP").fill(SITI["nik"])
    page.get_by_placeholder("Contoh: nama@email.com").fill("siti.lain@contoh.test")
    expect(page.get_by_text("NIK sudah terdaftar")).to_be_visible()
    expect(page.get_by_role("button", name="Verifikasi")).to_be_disabled()
    assert accounts_with(sandbox, SITI["nik"]) == 1


def test_profile_fields_phone_rule_date_format_gender_and_terms(
    page: Page, sandbox: Sandbox
) -> None:
    to_profile(page, sandbox)
    phone = page.get_by_placeholder("81x-xxxx-xxxxx")
    expect(page.locator(".v-text-field__prefix", has_text="+62")).to_be_visible()
    phone.fill("081234567890")
    phone.blur()
    expect(page.get_by_text("Nomor HP tidak valid")).to_be_visible()
    phone.fill("812-3456-7890")
    phone.blur()
    expect(page.get_by_text("Nomor HP tidak valid")).to_have_count(0)
    birth = page.get_by_placeholder("dd/mm/yyyy")
    birth.fill("1982-04-12")
    birth.blur()
    expect(page.get_by_text("Format tanggal harus dd/mm/yyyy")).to_be_visible()
    birth.fill("12/04/1982")
    birth.blur()
    expect(page.get_by_text("Format tanggal harus dd/mm/yyyy")).to_have_count(0)

    # the gender's state follows clicks on the label or the radio, not a scripted .checked
    group = page.get_by_role("radiogroup", name="Jenis Kelamin")
    page.get_by_text("Laki-laki", exact=True).click()
    expect(group).to_have_attribute("data-value", "Laki-laki")
    page.get_by_label("Perempuan").check()
    expect(group).to_have_attribute("data-value", "Perempuan")
    page.evaluate("document.querySelector('input[value=\"Laki-laki\"]').checked = true")
    expect(group).to_have_attribute("data-value", "Perempuan")

    page.get_by_role("button", name="Baca Syarat dan Ketentuan").click()
    dialog = page.get_by_role("dialog", name="Syarat dan Ketentuan")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Tutup").click()
    expect(dialog).to_be_hidden()
