"""The new-case page: the live check, receiving a complete file, returning an incomplete
one, and profiles that are huge, binary or a YAML bomb."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from oss_assist.register import Register, Stage

from .conftest import SITI, SignIn, csrf_of

ALL_THERE = {"ada_formulir": "1", "ada_ktp": "1", "ada_email": "1", "ada_sku": "1"}


def _files(profiles: Path, name: str = SITI) -> list[tuple[str, tuple[str, bytes, str]]]:
    stem = name.removesuffix(".yaml")
    docs = [profiles / "dokumen" / f"{stem}-{k}.pdf"
            for k in ("pernyataan-lokasi", "foto-tampak-depan")]
    return [("profil", (name, (profiles / name).read_bytes(), "text/yaml"))] + [
        ("dokumen", (d.name, d.read_bytes(), "application/pdf")) for d in docs]


def test_the_live_check_says_complete_or_what_is_missing(sign_in: SignIn,
                                                         profiles: Path) -> None:
    counter = sign_in("loket1")
    token = csrf_of(counter, "/kasus-baru")
    ok = counter.post("/kasus-baru/periksa", data={"csrf": token, **ALL_THERE},
                      files=_files(profiles))
    assert ok.status_code == 200 and "LENGKAP" in ok.text and "SITI AMINAH" in ok.text
    no_ktp = {k: v for k, v in ALL_THERE.items() if k != "ada_ktp"}
    short = counter.post("/kasus-baru/periksa", data={"csrf": token, **no_ktp},
                         files=_files(profiles)[:1])
    assert "AKAN DIKEMBALIKAN" in short.text and "KTP" in short.text
    assert "tidak ada di samping profil" in short.text  # the PDFs were not sent
    typed = (profiles / SITI).read_text().replace('nik: "3508205204820001"', 'nik: "12"')
    wrong = counter.post("/kasus-baru/periksa", data={"csrf": token, "profil_teks": typed,
                                                       **ALL_THERE})
    assert "identitas.nik" in wrong.text


def test_a_complete_file_is_received_kept_privately_and_its_receipt_printed(
        sign_in: SignIn, profiles: Path, register: Register) -> None:
    counter = sign_in("loket1")
    answer = counter.post("/kasus-baru", data={"csrf": csrf_of(counter, "/kasus-baru"),
                                               **ALL_THERE}, files=_files(profiles))
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/kasus/RNY-2026-00001?selesai=terima"
    case = register.get("RNY-2026-00001")
    assert case.stage is Stage.RECEIVED and case.received_by == "Petugas Loket Satu"
    kept = Path(case.profile_path)
    assert kept.is_relative_to(register.archive_dir / "profil")
    assert kept.stat().st_mode & 0o777 == 0o600
    assert kept.parent.stat().st_mode & 0o777 == 0o700
    assert len(list(kept.parent.rglob("*.pdf"))) == 2
    page = counter.get(answer.headers["location"]).text
    assert "Berkas diterima" in page and "Cetak tanda terima berkas" in page
    receipt = counter.get("/kasus/RNY-2026-00001/tanda-terima/berkas")
    assert receipt.content.startswith(b"%PDF-")
    assert (register.archive_dir / "tanda-terima" /
            "RNY-2026-00001-tanda-terima-berkas.pdf").exists()


def test_a_missing_requirement_returns_the_file(sign_in: SignIn, profiles: Path,
                                                register: Register) -> None:
    counter = sign_in("loket1")
    data = {"csrf": csrf_of(counter, "/kasus-baru"), "ada_formulir": "1", "ada_ktp": "1",
            "ada_email": "1"}
    answer = counter.post("/kasus-baru", data=data, files=_files(profiles))
    assert answer.headers["location"].endswith("selesai=kembali")
    assert register.get("RNY-2026-00001").stage is Stage.RETURNED


def test_a_second_open_case_for_one_applicant_is_refused(sign_in: SignIn,
                                                         profiles: Path) -> None:
    counter = sign_in("loket1")
    token = csrf_of(counter, "/kasus-baru")
    counter.post("/kasus-baru", data={"csrf": token, **ALL_THERE}, files=_files(profiles))
    again = counter.post("/kasus-baru", data={"csrf": token, **ALL_THERE},
                         files=_files(profiles))
    assert again.status_code == 409 and "RNY-2026-00001" in again.text


def _bad(counter: TestClient, content: bytes) -> str:
    token = csrf_of(counter, "/kasus-baru")
    checked = counter.post("/kasus-baru/periksa", data={"csrf": token, **ALL_THERE},
                           files={"profil": ("p.yaml", content, "text/yaml")})
    assert checked.status_code == 200 and "tidak dapat dibaca" in checked.text
    answer = counter.post("/kasus-baru", data={"csrf": token, **ALL_THERE},
                          files={"profil": ("p.yaml", content, "text/yaml")})
    assert answer.status_code == 400 and "Traceback" not in answer.text
    return answer.text


def test_a_huge_binary_or_bomb_profile_gets_a_clear_message(
        sign_in: SignIn, register: Register) -> None:
    counter = sign_in("loket1")
    assert "terlalu besar" in _bad(counter, b"a: " + b"x" * 1_100_000)
    assert "bukan berkas teks" in _bad(counter, b"\x89PNG\r\n\x1a\n\x00\x00binary")
    bomb = b'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for i in range(1, 10):
        bomb += f"{chr(97 + i)}: &{chr(97 + i)} [*{chr(96 + i)}" .encode() + \
            (f",*{chr(96 + i)}" * 8).encode() + b"]\n"
    assert "Traceback" not in _bad(counter, bomb)
    assert counter.get("/").status_code == 200  # the server is unharmed
    assert not (register.archive_dir / "profil").exists()  # nothing unreadable was kept


def test_only_the_counter_receives(sign_in: SignIn, profiles: Path) -> None:
    kasi = sign_in("kasi")
    assert kasi.get("/kasus-baru").status_code == 403
    token = csrf_of(kasi)
    answer = kasi.post("/kasus-baru", data={"csrf": token, **ALL_THERE},
                       files=_files(profiles))
    assert answer.status_code == 403
