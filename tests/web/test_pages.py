"""The register page and the case page, as each role sees them (in-process, no browser)."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from oss_assist.register import Register, receive, validate

from .conftest import SITI, Clock, SignIn, csrf_of, masuk, operator_run


def _receive(register: Register, profiles: Path, name: str = SITI, **kw: object) -> str:
    case, _ = receive(register, profiles / name, by="Petugas Loket Satu", policy="sop",
                      **kw)  # type: ignore[arg-type]
    return case.case_no


def test_the_register_shows_todays_work_first_with_each_sla(
        sign_in: SignIn, register: Register, profiles: Path, clock: Clock) -> None:
    first = _receive(register, profiles)
    clock.advance(hours=26)  # Tuesday 11:00: the first is late
    second = _receive(register, profiles, "ahmad-fauzi-sapi.yaml")
    page = sign_in("camat").get("/")
    assert page.status_code == 200
    today, everything = page.text.split('id="h-all"')
    assert first in today and "terlambat" in today
    assert second not in today  # due tomorrow
    assert everything.index(second) < everything.index(first)  # newest first
    assert 'class="today"' in everything and "tepat waktu" in everything


def test_the_register_filters_by_stage_desa_late_and_date(
        sign_in: SignIn, register: Register, profiles: Path, clock: Clock) -> None:
    first = _receive(register, profiles)
    validate(register, first, by="Kasi Pelayanan", policy="sop")
    clock.advance(days=1, hours=1)
    second = _receive(register, profiles, "ahmad-fauzi-sapi.yaml")
    client = sign_in("kasi")
    page = client.get("/", params={"tahap": "validated"}).text
    assert first in page and second not in page.split('id="h-all"')[1]
    page = client.get("/", params={"tanggal": "2026-11-03"}).text.split('id="h-all"')[1]
    assert second in page and first not in page
    page = client.get("/", params={"terlambat": "1"}).text.split('id="h-all"')[1]
    assert first in page and second not in page
    desa = register.get(second).desa
    page = client.get("/", params={"desa": desa}).text.split('id="h-all"')[1]
    assert second in page
    assert client.get("/", params={"tahap": "bukan", "hal": "x"}).status_code == 200


def test_search_by_name_or_number_is_a_post_so_no_name_is_in_a_url(
        sign_in: SignIn, register: Register, profiles: Path) -> None:
    case_no = _receive(register, profiles)
    client = sign_in("loket1")
    token = csrf_of(client)
    found = client.post("/cari", data={"csrf": token, "cari": "siti"})
    assert found.status_code == 200 and case_no in found.text and "1 kasus" in found.text
    found = client.post("/cari", data={"csrf": token, "cari": case_no.lower()})
    assert case_no in found.text
    none = client.post("/cari", data={"csrf": token, "cari": "%"})
    assert "0 kasus" in none.text
    assert client.post("/cari", data={"cari": "siti"}).status_code == 403


def test_the_case_page_shows_stages_timeline_screenshots_read_back_and_evidence(
        sign_in: SignIn, register: Register, profiles: Path) -> None:
    case_no = _receive(register, profiles)
    validate(register, case_no, by="Kasi Pelayanan", policy="sop")
    operator_run(register, case_no, shots=2, differs=("nama_usaha",))
    client = sign_in("sekretariat")
    page = client.get(f"/kasus/{case_no}").text
    assert "Petugas Loket Satu" in page and "Kasi Pelayanan" in page
    assert "divalidasi Kepala Seksi" in page and "NIB terbit" in page
    assert page.count('?ukuran=kecil"') == 2
    assert "isian berbeda" in page and "nama_usaha" in page
    assert "UTUH" in page and "Rantai log audit utuh" in page
    assert "Periksa bukti dan arsipkan" in page  # the secretariat's move at this stage
    assert "Validasi dan teruskan" not in page and "Catat NIB" not in page
    name = page.split(f"/kasus/{case_no}/bukti/")[1].split('"')[0]
    thumb = client.get(f"/kasus/{case_no}/bukti/{name}", params={"ukuran": "kecil"})
    full = client.get(f"/kasus/{case_no}/bukti/{name}")
    assert thumb.headers["content-type"] == full.headers["content-type"] == "image/png"
    assert len(thumb.content) < len(full.content)
    from io import BytesIO

    from PIL import Image

    assert Image.open(BytesIO(thumb.content)).width == 320
    assert Image.open(BytesIO(full.content)).width == 900
    cached = list((register.archive_dir / ".thumbnails").iterdir())
    assert len(cached) == 1 and cached[0].stat().st_mode & 0o777 == 0o600


def test_a_changed_screenshot_shows_the_evidence_broken(
        sign_in: SignIn, register: Register, profiles: Path) -> None:
    case_no = _receive(register, profiles)
    validate(register, case_no, by="Kasi Pelayanan", policy="sop")
    operator_run(register, case_no, shots=1)
    shot = next((register.archive_dir / case_no).glob("001-*.png"))
    shot.write_bytes(shot.read_bytes() + b"x")
    page = sign_in("kasi").get(f"/kasus/{case_no}").text
    assert "TIDAK UTUH" in page and shot.name in page


def test_moves_from_the_case_page_are_signed_by_the_staff_member(
        sign_in: SignIn, register: Register, profiles: Path, tmp_path: Path) -> None:
    case_no = _receive(register, profiles)
    kasi = sign_in("kasi")
    answer = kasi.post(f"/kasus/{case_no}/validasi",
                       data={"csrf": csrf_of(kasi, f"/kasus/{case_no}")})
    assert answer.status_code == 303
    assert "Berkas divalidasi" in kasi.get(answer.headers["location"]).text
    operator = sign_in("operator")
    answer = operator.post(f"/kasus/{case_no}/nib",
                           data={"csrf": csrf_of(operator), "nib": "1234567890123"},
                           files={"pdf": ("nib.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")})
    assert answer.status_code == 303, answer.text
    secretariat = sign_in("sekretariat")
    assert secretariat.post(f"/kasus/{case_no}/arsip",
                            data={"csrf": csrf_of(secretariat)}).status_code == 303
    counter = sign_in("loket2")
    assert counter.post(f"/kasus/{case_no}/serahkan",
                        data={"csrf": csrf_of(counter)}).status_code == 303
    moves = register.history(case_no)
    assert [m.by for m in moves] == ["Petugas Loket Satu", "Kasi Pelayanan", "Operator Dua",
                                     "Sekretariat Tiga", "Petugas Loket Dua"]
    receipt = counter.get(f"/kasus/{case_no}/tanda-terima/nib")
    assert receipt.headers["content-type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF-")


def test_a_refused_move_says_why_on_the_page(sign_in: SignIn, register: Register,
                                            profiles: Path) -> None:
    case_no = _receive(register, profiles)
    counter = sign_in("loket1")
    early = counter.post(f"/kasus/{case_no}/serahkan", data={"csrf": csrf_of(counter)})
    assert early.status_code == 409 and "tahapnya sekarang" in early.text
    kasi = sign_in("kasi")
    bad = kasi.post(f"/kasus/{case_no}/batal", data={"csrf": csrf_of(kasi), "alasan": " "})
    assert bad.status_code == 400 and "Alasannya wajib" in bad.text


def test_the_person_who_received_may_not_validate(
        app: object, register: Register, profiles: Path) -> None:
    """Separation of duties holds on the web desk: names, not only roles."""
    from oss_assist.web.accounts import add_user
    from oss_assist.web.permissions import Role

    add_user(register.engine, "kasi2", role=Role.SECTION_HEAD, password="sandi-latihan-2026",
             full_name="Petugas Loket Satu", now=register.now())
    case_no = _receive(register, profiles)
    with TestClient(app, follow_redirects=False) as client:  # type: ignore[arg-type]
        masuk(client, "kasi2", "sandi-latihan-2026")
        answer = client.post(f"/kasus/{case_no}/validasi", data={"csrf": csrf_of(client)})
    assert answer.status_code == 403 and "tidak boleh juga memvalidasinya" in answer.text


def test_english_on_request(sign_in: SignIn, register: Register, profiles: Path) -> None:
    case_no = _receive(register, profiles)
    client = sign_in("kasi")
    client.get("/bahasa/en")
    page = client.get(f"/kasus/{case_no}").text
    assert "Validate and pass to the operator" in page and 'lang="en"' in page
