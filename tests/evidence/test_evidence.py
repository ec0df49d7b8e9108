"""Evidence folders: named, numbered, private, hashed, and verified against manifest and log."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from oss_assist.audit import Event, audit_logger
from oss_assist.errors import ConfigError, InputError
from oss_assist.evidence import (
    MANIFEST,
    case_folder,
    clean_url,
    read_manifest,
    save_document,
    save_screenshot,
    verify_case,
    write_private_file,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CASE = "RNY-0a1b2c3d4e"


def png(n: int) -> bytes:
    return PNG + n.to_bytes(4, "big")


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return case_folder(tmp_path / "arsip", CASE)


def kinds(report) -> list[tuple[str, str]]:
    return [(p.kind, p.name) for p in report.problems]


# --- folders and files ---------------------------------------------------------------


def test_the_case_folder_and_a_new_archive_folder_are_0700(tmp_path):
    folder = case_folder(tmp_path / "arsip", CASE)
    assert folder == tmp_path / "arsip" / CASE
    assert mode(folder) == 0o700
    assert mode(folder.parent) == 0o700


def test_an_existing_case_folder_is_tightened(tmp_path):
    (tmp_path / CASE).mkdir(mode=0o755)
    (tmp_path / CASE).chmod(0o755)
    assert mode(case_folder(tmp_path, CASE)) == 0o700


def test_a_case_id_cannot_point_outside_the_archive(tmp_path):
    with pytest.raises(ValueError):
        case_folder(tmp_path, "../elsewhere")


def test_private_files_are_0600_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        write_private_file(tmp_path / "a.txt", b"isi")
    finally:
        os.umask(old)
    assert mode(tmp_path / "a.txt") == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left


# --- screenshots ---------------------------------------------------------------------


def test_a_screenshot_is_saved_0600_named_and_listed(folder):
    shot = save_screenshot(
        folder, 3, "Isi data akun", png(1), "https://ui-login.oss.go.id/daftar", flow="registrasi"
    )
    assert shot.name == "001-registrasi-isi-data-akun.png"
    path = folder / shot.name
    assert path.read_bytes() == png(1)
    assert mode(path) == 0o600
    assert mode(folder / MANIFEST) == 0o600
    (entry,) = json.loads((folder / MANIFEST).read_text())["files"]
    assert entry["name"] == shot.name
    assert entry["sha256"] == hashlib.sha256(png(1)).hexdigest()
    assert entry["step"] == 3
    assert entry["step_name"] == "Isi data akun"
    assert entry["flow"] == "registrasi"
    assert entry["url"] == "https://ui-login.oss.go.id/daftar"
    assert entry["kind"] == "step"
    assert entry["time"].endswith("Z")


def test_numbers_go_on_across_runs_and_names_sort_in_order(folder):
    save_screenshot(folder, 0, "beranda", png(1), "https://oss.go.id/", flow="registrasi")
    save_screenshot(folder, 1, "daftar", png(2), "https://oss.go.id/", flow="registrasi")
    # a resumed run: nothing carried over in memory, only what is on disk
    save_screenshot(folder, 1, "daftar", png(3), "https://oss.go.id/", "failure", flow="masuk")
    save_screenshot(folder, 2, "lokasi usaha", png(4), "https://oss.go.id/", flow="nib-umk")
    names = [f.name for f in read_manifest(folder).files]
    assert names == [
        "001-registrasi-beranda.png",
        "002-registrasi-daftar.png",
        "003-masuk-daftar-gagal.png",
        "004-nib-umk-lokasi-usaha.png",
    ]
    assert sorted(p.name for p in folder.glob("*.png")) == names


def test_a_file_left_unlisted_by_a_crash_is_never_overwritten(folder):
    save_screenshot(folder, 0, "beranda", png(1), "https://oss.go.id/")
    (folder / "002-beranda.png").write_bytes(png(2))  # written, then the crash
    shot = save_screenshot(folder, 1, "daftar", png(3), "https://oss.go.id/")
    assert shot.name == "003-daftar.png"
    assert (folder / "002-beranda.png").read_bytes() == png(2)


def test_a_step_id_may_stand_for_the_index(folder):
    shot = save_screenshot(folder, "isi-email", "Isi e-mail", png(1), "https://oss.go.id/")
    assert read_manifest(folder).files[0].step == "isi-email"
    assert shot.log_fields() == {
        "file": "001-isi-e-mail.png",
        "sha256": hashlib.sha256(png(1)).hexdigest(),
        "kind": "step",
        "step": "isi-email",
    }


def test_only_png_bytes_are_accepted(folder):
    with pytest.raises(ValueError, match="PNG"):
        save_screenshot(folder, 0, "beranda", b"\xff\xd8\xff jpeg", "https://oss.go.id/")
    assert list(folder.iterdir()) == []


def test_secrets_and_personal_data_stay_out_of_the_manifest(folder):
    url = (
        "https://ui-login.oss.go.id/verifikasi?otp=482913&email=siti.aminah@example.com"
        "&nik=3508201708850003#access_token=eyJhbGciOi"
    )
    save_screenshot(folder, 0, "verifikasi OTP", png(1), url, flow="registrasi")
    manifest = (folder / MANIFEST).read_text()
    for secret in ("482913", "siti.aminah", "3508201708850003", "eyJhbGciOi"):
        assert secret not in manifest
    assert "otp=[rahasia]" in manifest


def test_credentials_in_a_url_are_dropped():
    assert clean_url("https://budi:Rahasia-91@oss.go.id/x?a=1") == "https://oss.go.id/x?a=1"
    assert clean_url("https://oss.go.id/kbli?q=warung") == "https://oss.go.id/kbli?q=warung"


# --- documents -----------------------------------------------------------------------


def test_the_nib_pdf_and_number_are_saved_under_readable_names(folder):
    pdf = save_document(folder, "nib.pdf", b"%PDF-1.4 nib", step="unduh", flow="nib-umk")
    text = save_document(folder, "nib.txt", b"8120207730001\n")
    assert (pdf.name, text.name) == ("nib.pdf", "nib.txt")
    assert mode(folder / "nib.pdf") == 0o600
    assert [f.kind for f in read_manifest(folder).files] == ["document", "document"]


def test_the_same_document_twice_is_listed_once_and_a_new_one_never_overwrites(folder):
    first = save_document(folder, "nib.pdf", b"%PDF-1.4 one")
    again = save_document(folder, "nib.pdf", b"%PDF-1.4 one")
    other = save_document(folder, "nib.pdf", b"%PDF-1.4 two")
    assert again == first
    assert other.name == "nib-2.pdf"
    assert (folder / "nib.pdf").read_bytes() == b"%PDF-1.4 one"
    assert len(read_manifest(folder).files) == 2


def test_a_document_name_cannot_leave_the_folder_or_replace_the_manifest(folder):
    assert save_document(folder, "../../luar.pdf", b"x").name == "luar.pdf"
    assert save_document(folder, "manifest.json", b"{}").name == "manifest-2.json"
    assert (folder / "luar.pdf").exists()


# --- verifying -----------------------------------------------------------------------


@pytest.fixture
def filled(folder: Path) -> Path:
    save_screenshot(folder, 0, "beranda", png(1), "https://oss.go.id/")
    save_screenshot(folder, 1, "daftar", png(2), "https://oss.go.id/")
    save_document(folder, "nib.pdf", b"%PDF-1.4 nib")
    return folder


def test_an_untouched_case_verifies(filled):
    report = verify_case(filled)
    assert report.intact
    assert report.files == 3


def test_a_changed_file_is_found(filled):
    (filled / "002-daftar.png").write_bytes(png(99))
    assert kinds(verify_case(filled)) == [("changed", "002-daftar.png")]


def test_a_missing_file_is_found(filled):
    (filled / "nib.pdf").unlink()
    report = verify_case(filled)
    assert kinds(report) == [("missing", "nib.pdf")]
    assert report.problems[0].text.render("id") == (
        "nib.pdf: tercatat di manifest tetapi tidak ada"
    )


def test_an_extra_file_is_found(filled):
    (filled / "003-tambahan.png").write_bytes(png(3))
    (filled / "003-tambahan.png").chmod(0o600)
    assert kinds(verify_case(filled)) == [("unlisted", "003-tambahan.png")]


def test_a_file_readable_by_others_is_found(filled):
    (filled / "001-beranda.png").chmod(0o644)
    assert kinds(verify_case(filled)) == [("exposed", "001-beranda.png")]


def test_a_broken_manifest_is_reported_with_every_file_unlisted(filled):
    (filled / MANIFEST).write_text("{", encoding="utf-8")
    (filled / MANIFEST).chmod(0o600)
    assert kinds(verify_case(filled)) == [
        ("unlisted", "001-beranda.png"),
        ("unlisted", "002-daftar.png"),
        ("manifest", "manifest.json"),
        ("unlisted", "nib.pdf"),
    ]


def test_a_file_changed_together_with_its_manifest_entry_is_caught_by_the_audit_log(
    folder, tmp_path
):
    log_path = tmp_path / "audit.jsonl"
    log = audit_logger(log_path, case_id=CASE, operator="Budi")
    shot = save_screenshot(folder, 0, "beranda", png(1), "https://oss.go.id/")
    log.info(Event.SCREENSHOT_SAVED, **shot.log_fields())
    pdf = save_document(folder, "nib.pdf", b"%PDF-1.4 nib")
    log.info(Event.DOCUMENT_SAVED, **pdf.log_fields())
    assert verify_case(folder, audit_log=log_path).intact

    (folder / shot.name).write_bytes(png(2))
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["files"][0]["sha256"] = hashlib.sha256(png(2)).hexdigest()
    write_private_file(folder / MANIFEST, json.dumps(manifest).encode())
    (folder / "nib.pdf").unlink()
    manifest["files"].pop()
    write_private_file(folder / MANIFEST, json.dumps(manifest).encode())

    assert verify_case(folder).intact  # the manifest alone was fooled
    report = verify_case(folder, audit_log=log_path)
    assert kinds(report) == [("changed", shot.name), ("missing", "nib.pdf")]
    assert report.problems[0].text.render("en") == (
        f"{shot.name}: hash differs from audit log line 1"
    )


def test_other_cases_in_the_log_are_ignored(folder, tmp_path):
    log_path = tmp_path / "audit.jsonl"
    audit_logger(log_path, case_id="RNY-ffffffffff").info(
        Event.SCREENSHOT_SAVED, file="001-lain.png", sha256="0" * 64
    )
    assert verify_case(folder, audit_log=log_path).intact


def test_a_missing_case_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        verify_case(tmp_path / "RNY-tidakada00")


def test_an_archive_that_cannot_be_written_is_a_config_error(tmp_path):
    (tmp_path / "berkas").write_text("bukan folder", encoding="utf-8")
    with pytest.raises(ConfigError, match="archive cannot be written"):
        case_folder(tmp_path / "berkas", CASE)
    with pytest.raises(ConfigError):
        write_private_file(tmp_path / "berkas" / "a.txt", b"x")
