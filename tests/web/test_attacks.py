"""Bad input and attacks: markup shown as text, evidence paths that try to leave the case
folder, cases that do not exist, and no personal data or secret in a URL, a log line or
an error page."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from oss_assist.register import Register, receive, validate

from .conftest import PASSWORD, SITI, SignIn, csrf_of, masuk, operator_run

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _hostile_profile(profiles: Path) -> Path:
    text = (profiles / SITI).read_text(encoding="utf-8")
    text = text.replace("nama_usaha: Warung Bu Siti", f"nama_usaha: '{SCRIPT}'")
    path = profiles / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_markup_in_a_profile_field_or_a_reason_is_shown_as_text(
        sign_in: SignIn, register: Register, profiles: Path) -> None:
    case, _ = receive(register, _hostile_profile(profiles), by="Petugas Loket Satu",
                      policy="sop")
    kasi = sign_in("kasi")
    answer = kasi.post(f"/kasus/{case.case_no}/kembalikan",
                       data={"csrf": csrf_of(kasi), "alasan": SCRIPT})
    assert answer.status_code == 303
    for path in ("/", f"/kasus/{case.case_no}", "/audit"):
        page = kasi.get(path).text
        assert "<script>alert" not in page and "<img src=x" not in page, path
        assert "&lt;script&gt;alert" in page, path
    typed = kasi.post("/cari", data={"csrf": csrf_of(kasi), "cari": SCRIPT[:40]}).text
    assert "<script>alert" not in typed


def test_markup_in_the_live_check_is_shown_as_text(sign_in: SignIn, profiles: Path) -> None:
    counter = sign_in("loket1")
    text = _hostile_profile(profiles).read_text(encoding="utf-8").replace(
        'nik: "3508205204820001"', f"nik: '{SCRIPT}'")
    checked = counter.post("/kasus-baru/periksa",
                           data={"csrf": csrf_of(counter, "/kasus-baru"), "profil_teks": text})
    assert checked.status_code == 200
    assert "<script>alert" not in checked.text and "<img src=x" not in checked.text


@pytest.fixture
def with_evidence(register: Register, profiles: Path) -> str:
    case, _ = receive(register, profiles / SITI, by="Petugas Loket Satu", policy="sop")
    validate(register, case.case_no, by="Kasi Pelayanan", policy="sop")
    operator_run(register, case.case_no, shots=1)
    (register.archive_dir / "rahasia.txt").write_text("jangan dibaca")
    return case.case_no


@pytest.mark.parametrize("name", [
    "..%2F..%2Frahasia.txt", "..%2Frahasia.txt", "%2Fetc%2Fpasswd", "...",
    "%2e%2e%2frahasia.txt", "..%5Crahasia.txt", "manifest.json", ".case.lock",
    "%00001.png", "001-nib-umk-langkah-0.png%00.txt",
])
def test_evidence_paths_that_leave_the_case_folder_are_refused(
        sign_in: SignIn, with_evidence: str, name: str) -> None:
    client = sign_in("camat")
    answer = client.get(f"/kasus/{with_evidence}/bukti/{name}")
    assert answer.status_code == 404
    assert "jangan dibaca" not in answer.text and "root:" not in answer.text


@pytest.mark.parametrize("name", ["..", "../rahasia.txt", "/etc/passwd", "../../rahasia.txt",
                                  "a/../../rahasia.txt", "..\\rahasia.txt", "", "."])
def test_the_evidence_lookup_itself_refuses_names_that_leave(
        app: Starlette, with_evidence: str, name: str) -> None:
    """What HTTP clients normalise away (``..``) is refused by the lookup too."""
    from oss_assist.web.evidence import evidence_path

    assert evidence_path(app.state.desk, with_evidence, name) is None


def test_a_listed_file_is_served_and_only_it(sign_in: SignIn, with_evidence: str,
                                             register: Register) -> None:
    client = sign_in("camat")
    name = next((register.archive_dir / with_evidence).glob("001-*.png")).name
    assert client.get(f"/kasus/{with_evidence}/bukti/{name}").status_code == 200
    other = f"/kasus/{with_evidence}/bukti/..%2F..%2F{with_evidence}%2F{name}"
    assert client.get(other).status_code == 404


@pytest.mark.parametrize("path", [
    "/kasus/RNY-2026-99999", "/kasus/RNY-2026-99999/bukti/001-x.png",
    "/kasus/RNY-2026-99999/tanda-terima/berkas", "/kasus/..%2F..%2Fetc",
    "/kasus/%3Cscript%3E", "/tidak-ada",
])
def test_a_case_that_does_not_exist_is_a_404_page(sign_in: SignIn, path: str) -> None:
    answer = sign_in("kasi").get(path)
    assert answer.status_code == 404
    assert "Traceback" not in answer.text and "<script>" not in answer.text
    assert "tidak ditemukan" in answer.text


def test_a_move_on_a_case_that_does_not_exist_is_a_404(sign_in: SignIn) -> None:
    kasi = sign_in("kasi")
    answer = kasi.post("/kasus/RNY-2026-99999/validasi", data={"csrf": csrf_of(kasi)})
    assert answer.status_code == 404 and "Traceback" not in answer.text


def test_an_unexpected_error_shows_no_detail_and_logs_the_type_only(
        sign_in: SignIn, register: Register, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    client = sign_in("kasi")

    def broken(case_no: str) -> None:
        raise RuntimeError("Siti Aminah 3508205204820001 /srv/arsip/register.sqlite3")

    monkeypatch.setattr(register, "get", broken)
    with caplog.at_level(logging.DEBUG):
        answer = client.get("/kasus/RNY-2026-00001")
    assert answer.status_code == 500
    for secret in ("Siti", "3508205204820001", "/srv/arsip", "Traceback"):
        assert secret not in answer.text
        assert secret not in caplog.text
    assert "RuntimeError" in caplog.text


def test_no_personal_data_or_secret_in_a_url_or_a_log_line(
        app: Starlette, register: Register, profiles: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    """A whole day at the desk, every request's URL and every log line read back."""
    urls: list[str] = []
    with caplog.at_level(logging.DEBUG), TestClient(app, follow_redirects=True) as client:
        client.event_hooks["request"] = [lambda r: urls.append(str(r.url))]
        masuk(client, "loket1", PASSWORD)
        token = csrf_of(client, "/kasus-baru")
        stem = "siti-aminah-warung"
        files = [("profil", (SITI, (profiles / SITI).read_bytes(), "text/yaml"))] + [
            ("dokumen", (f"{stem}-{k}.pdf", (profiles / "dokumen" / f"{stem}-{k}.pdf")
                         .read_bytes(), "application/pdf"))
            for k in ("pernyataan-lokasi", "foto-tampak-depan")]
        data = {"csrf": token, "ada_formulir": "1", "ada_ktp": "1", "ada_email": "1",
                "ada_sku": "1"}
        client.post("/kasus-baru/periksa", data=data, files=files)
        client.post("/kasus-baru", data=data, files=files)
        client.post("/cari", data={"csrf": token, "cari": "Siti Aminah"})
        client.get("/kasus/RNY-2026-00001/tanda-terima/berkas")
        masuk(client, "loket1", "salah-sandi-123")
    assert any("RNY-2026-00001" in u for u in urls)
    for secret in ("Siti", "siti", "Aminah", "3508205204820001", "example.com",
                   PASSWORD, "salah-sandi-123", "0812"):
        assert not [u for u in urls if secret in u], secret
        assert secret not in caplog.text, secret
