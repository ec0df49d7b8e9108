"""The recap page and its downloads; the audit page with the chain's verdict and its
filters."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

from oss_assist.register import Register, archive, hand_over, receive, validate

from .conftest import SITI, Clock, SignIn, csrf_of, operator_run


def _handed_over(register: Register, profiles: Path, clock: Clock) -> str:
    case, _ = receive(register, profiles / SITI, by="Petugas Loket Satu", policy="sop")
    validate(register, case.case_no, by="Kasi Pelayanan", policy="sop")
    operator_run(register, case.case_no, shots=1)
    archive(register, case.case_no, by="Sekretariat Tiga")
    clock.advance(hours=2)
    hand_over(register, case.case_no, by="Petugas Loket Dua")
    return case.case_no


def test_the_recap_page_shows_the_months_numbers_and_chart(
        sign_in: SignIn, register: Register, profiles: Path, clock: Clock) -> None:
    _handed_over(register, profiles, clock)
    receive(register, profiles / "ahmad-fauzi-sapi.yaml", by="Petugas Loket Satu",
            policy="sop", missing={"sku"})
    page = sign_in("camat").get("/rekap", params={"bulan": "2026-11"})
    assert page.status_code == 200
    text = page.text
    assert "Rekap untuk Camat" in text and "2026-11-01" in text
    assert "<th scope=\"row\">NIB diserahkan</th><td>1</td>" in text
    assert "<th scope=\"row\">Berkas dikembalikan</th><td>1</td>" in text
    assert "<svg" in text and "<rect" in text and "Jenggrong" in text
    assert "belum ada: Surat Keterangan Usaha" in text


def test_the_recap_downloads_are_the_pdf_and_the_xlsx(
        sign_in: SignIn, register: Register, profiles: Path, clock: Clock) -> None:
    from openpyxl import load_workbook

    _handed_over(register, profiles, clock)
    head = sign_in("camat")
    pdf = head.get("/rekap/2026-11/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert "attachment" in pdf.headers["content-disposition"]
    xlsx = head.get("/rekap/2026-11/xlsx")
    book = load_workbook(BytesIO(xlsx.content))
    assert book.sheetnames
    assert head.get("/rekap/2026-13/pdf").status_code == 400
    assert head.get("/rekap/2026-11/doc").status_code == 400
    bad = head.get("/rekap", params={"bulan": "kemarin"})
    assert bad.status_code == 400 and "tidak dapat dibaca" in bad.text


def test_the_audit_page_says_the_chain_is_intact_and_filters(
        sign_in: SignIn, register: Register, profiles: Path, clock: Clock) -> None:
    case_no = _handed_over(register, profiles, clock)
    client = sign_in("sekretariat")
    page = client.get("/audit").text
    assert "UTUH" in page and "TIDAK UTUH" not in page
    assert "register: NIB diserahkan" in page
    token = csrf_of(client, "/audit")
    by_person = client.post("/audit", data={"csrf": token, "orang": "loket dua"}).text
    assert "register: NIB diserahkan" in by_person
    assert "register: divalidasi Kepala Seksi" not in by_person
    by_event = client.post("/audit", data={"csrf": token,
                                           "peristiwa": "case_validated"}).text
    assert "register: divalidasi Kepala Seksi" in by_event
    assert "register: NIB diserahkan" not in by_event
    by_case = client.post("/audit", data={"csrf": token, "kasus": case_no.lower()}).text
    assert by_case.count(f'href="/kasus/{case_no}"') >= 5


def test_the_audit_page_names_an_edited_line(
        sign_in: SignIn, register: Register, profiles: Path, clock: Clock) -> None:
    _handed_over(register, profiles, clock)
    log = register.audit_log
    lines = log.read_bytes().splitlines(keepends=True)
    record = json.loads(lines[2])
    record["operator"] = "Orang Lain"
    lines[2] = (json.dumps(record) + "\n").encode()
    log.write_bytes(b"".join(lines))
    page = sign_in("kasi").get("/audit").text
    assert "TIDAK UTUH" in page and "baris 3 (" in page


def test_only_the_section_head_and_the_head_see_the_recap(sign_in: SignIn) -> None:
    for login, status in (("kasi", 200), ("camat", 200), ("loket1", 403),
                          ("operator", 403), ("sekretariat", 403)):
        assert sign_in(login).get("/rekap").status_code == status, login
