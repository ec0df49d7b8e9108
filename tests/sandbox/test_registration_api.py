"""The registration XHRs of the sandbox's login host, called directly (no browser)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from oss_assist.sandbox import Sandbox
from oss_assist.sandbox.login import nik_problem, password_problems

SITI_NIK = "3508205204820001"
PROFILE = {
    "phone": "81234567890",
    "name": "siti  aminah",
    "gender": "Perempuan",
    "birth_date": "12/04/1982",
    "address": "Dusun Krajan",
    "provinsi": "35",
    "kota": "3508",
    "kecamatan": "350820",
    "kelurahan": "3508202001",
    "agree": True,
}


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.urls["login"]) as c:
        yield c


def post(client: httpx.Client, what: str, **body: Any) -> httpx.Response:
    return client.post(f"/api/register/{what}", json=body)


def start(client: httpx.Client, sb: Sandbox, nik: str = SITI_NIK,
          email: str = "siti@contoh.test") -> str:
    """A registration through OTP and password; returns its id."""
    r = post(client, "send-otp", jenis_pelaku_usaha="02", nik=nik, email=email)
    assert r.status_code == 200, r.text
    rid: str = r.json()["registration_id"]
    code = sb.state.mailbox(email)[-1].code
    assert post(client, "verify-otp", registration_id=rid, otp=code).status_code == 200
    r = post(client, "set-password", registration_id=rid, password="Rahasia#123",
             password_confirmation="Rahasia#123")
    assert r.status_code == 200, r.text
    return rid


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("350820520482000", "NIK harus 16 digit angka"),
        ("35082052048200a1", "NIK harus 16 digit angka"),
        ("0508205204820001", "NIK tidak valid"),
        ("9908205204820001", "NIK tidak valid"),  # no province 99
        ("3508208004820001", "NIK tidak valid"),  # day 80
        ("3508205213820001", "NIK tidak valid"),  # month 13
        ("3508205204820000", "NIK tidak valid"),  # serial 0000
        ("3508205409880007", "NIK sudah terdaftar"),  # a training account's
        (SITI_NIK, ""),
    ],
)
def test_check_nik(client: httpx.Client, nik: str, message: str) -> None:
    assert post(client, "check-nik", nik=nik).json() == {"status": not message, "message": message}


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("siti", "Format email tidak valid"),
        ("siti@contoh", "Format email tidak valid"),
        ("DEWI.LESTARI@contoh.test", "Email sudah terdaftar"),
        ("siti@contoh.test", ""),
    ],
)
def test_check_email(client: httpx.Client, email: str, message: str) -> None:
    r = post(client, "check-email", email=email).json()
    assert r == {"status": not message, "message": message}


def test_send_otp_is_for_orang_perseorangan_with_a_free_nik_and_email(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    r = post(client, "send-otp", jenis_pelaku_usaha="01", nik=SITI_NIK, email="s@contoh.test")
    assert r.status_code == 422
    r = post(client, "send-otp", jenis_pelaku_usaha="02", nik=SITI_NIK,
             email="dewi.lestari@contoh.test")
    assert (r.status_code, r.json()["message"]) == (422, "Email sudah terdaftar")
    assert sandbox.state.mails == []


def test_five_wrong_codes_lock_the_otp_until_a_new_one_is_sent(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    rid = post(client, "send-otp", jenis_pelaku_usaha="02", nik=SITI_NIK,
               email="siti@contoh.test").json()["registration_id"]
    code = sandbox.state.mails[-1].code
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        r = post(client, "verify-otp", registration_id=rid, otp=wrong)
        assert r.json()["message"] == "Kode OTP salah atau tidak valid"
    r = post(client, "verify-otp", registration_id=rid, otp=code)
    assert r.status_code == 400
    assert "kirim ulang" in r.json()["message"]


def test_resend_waits_60_seconds_and_replaces_the_code(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    rid = post(client, "send-otp", jenis_pelaku_usaha="02", nik=SITI_NIK,
               email="siti@contoh.test").json()["registration_id"]
    old = sandbox.state.mails[-1].code
    sandbox.state.clock_offset = 59
    r = post(client, "resend-otp", registration_id=rid)
    assert (r.status_code, r.json()["resend_after"]) == (429, 1)
    sandbox.state.clock_offset = 60
    assert post(client, "resend-otp", registration_id=rid).status_code == 200
    new = sandbox.state.mails[-1].code
    assert len(sandbox.state.mails) == 2
    if new != old:
        assert post(client, "verify-otp", registration_id=rid, otp=old).status_code == 400
    assert post(client, "verify-otp", registration_id=rid, otp=new).status_code == 200


def test_password_needs_a_verified_otp_the_rules_and_a_matching_confirmation(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    rid = post(client, "send-otp", jenis_pelaku_usaha="02", nik=SITI_NIK,
               email="siti@contoh.test").json()["registration_id"]
    body = {"registration_id": rid, "password": "Rahasia#123",
            "password_confirmation": "Rahasia#123"}
    assert post(client, "set-password", **body).status_code == 410
    post(client, "verify-otp", registration_id=rid, otp=sandbox.state.mails[-1].code)
    r = post(client, "set-password", **{**body, "password": "rahasia123"})
    assert r.json()["rules"] == [
        "Menggunakan huruf besar dan huruf kecil",
        "Menggunakan karakter spesial (!@#$%^&*_-)",
    ]
    r = post(client, "set-password", **{**body, "password_confirmation": "Rahasia#124"})
    assert r.json()["message"] == "Konfirmasi kata sandi tidak sama"
    assert post(client, "set-password", **body).status_code == 200
    assert "Rahasia#123" not in str(sandbox.state.pending)


def test_profile_is_checked_before_dukcapil(client: httpx.Client, sandbox: Sandbox) -> None:
    rid = start(client, sandbox)
    bad = {**PROFILE, "phone": "0812345678", "birth_date": "1982-04-12", "kecamatan": "350819",
           "kelurahan": "3508202001", "agree": False, "name": ""}
    r = post(client, "submit", registration_id=rid, **bad)
    assert r.status_code == 422
    assert r.json()["errors"] == {
        "name": "Wajib diisi",
        "phone": "Nomor HP tidak valid. Tulis tanpa 0 atau 62 di depan, contoh: 81234567890",
        "birth_date": "Format tanggal harus dd/mm/yyyy",
        "kelurahan": "Wilayah tidak valid",  # 3508202001 is in Ranuyoso, not Klakah
        "agree": "Anda harus menyetujui Syarat dan Ketentuan",
    }
    r = post(client, "submit", registration_id=rid, **{**PROFILE, "phone": "81234500007"})
    assert r.json()["errors"] == {"phone": "Nomor HP sudah terdaftar"}


def test_an_unknown_nik_fails_dukcapil(client: httpx.Client, sandbox: Sandbox) -> None:
    rid = start(client, sandbox, nik="3508205204820099")
    r = post(client, "submit", registration_id=rid, **PROFILE)
    assert (r.status_code, r.json()["message"]) == (422, "Data tidak sesuai KTP")


def test_success_creates_one_active_account_and_mails_the_applicant(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    rid = start(client, sandbox)
    r = post(client, "submit", registration_id=rid, **PROFILE)
    assert r.json() == {"status": True, "message": "Registrasi berhasil. Silakan masuk dengan "
                        "akun Anda.", "login_url": "/login"}
    account = sandbox.state.account_by_nik(SITI_NIK)
    assert account is not None and account.status == "active" and account.name == "SITI AMINAH"
    assert sandbox.state.mails[-1].subject == "Pendaftaran Hak Akses OSS Berhasil"
    again = post(client, "submit", registration_id=rid, nik=SITI_NIK, **PROFILE)
    assert again.json()["message"] == "NIK sudah terdaftar"
    assert [a.nik for a in sandbox.state.accounts.values()].count(SITI_NIK) == 1


def test_two_registrations_of_one_nik_make_one_account(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    first = start(client, sandbox, email="siti@contoh.test")
    second = start(client, sandbox, email="siti2@contoh.test")
    assert post(client, "submit", registration_id=first, **PROFILE).status_code == 200
    r = post(client, "submit", registration_id=second, **{**PROFILE, "phone": "81299998888"})
    assert (r.status_code, r.json()["message"]) == (409, "NIK sudah terdaftar")
    assert [a.nik for a in sandbox.state.accounts.values()].count(SITI_NIK) == 1


def test_rules_as_pure_functions() -> None:
    assert nik_problem("3508204503900002") is None  # oss-portal.md §10's example woman
    assert password_problems("Rahasia#123") == []
    assert password_problems("") == [
        "Minimal 8 karakter",
        "Menggunakan huruf besar dan huruf kecil",
        "Menggunakan angka",
        "Menggunakan karakter spesial (!@#$%^&*_-)",
    ]
