"""The register's printed documents: the two receipts, the recap PDF and the recap XLSX show
what their data says, on A4, whatever the names, and the XLSX keeps numbers as numbers."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time
import zipfile
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from oss_assist.register.pdfdoc import angka, latin, periode, tanggal, tanggal_jam
from oss_assist.register.recap_pdf import TITLE, recap_pdf, summary_rows
from oss_assist.register.recap_xlsx import recap_xlsx
from oss_assist.register.receipts import handover_receipt_pdf, intake_receipt_pdf
from oss_assist.register.reportdata import (
    Breakdown,
    HandoverReceipt,
    IntakeReceipt,
    Letterhead,
    Reason,
    Recap,
    WeekRow,
)

LETTERHEAD = Letterhead(
    office="Kecamatan Ranuyoso",
    parent="Pemerintah Kabupaten Lumajang",
    address="Jalan Raya Ranuyoso No. 80, Kecamatan Ranuyoso, Kabupaten Lumajang 67357",
    phone="(0334) 441306",
    website="https://ranuyoso.lumajangkab.go.id/",
    complaints=("Telepon kantor (0334) 441306", "HP pengaduan 0800-0000-0001"),
)
REQUIREMENTS = (
    ("Data Informasi Usaha Mikro (formulir pengisian OSS)", True),
    ("Fotokopi KTP yang sudah diaktivasi", True),
    ("Email pribadi atau email usaha yang aktif", True),
    ("Surat Keterangan Usaha dari kepala desa / lurah", True),
)
LONG_NAME = (
    "Raden Ayu Siti Nurhaliza Kusumawardhani binti Haji Abdurrahman Al-Mustafa – "
    "‘Mbak Siti’ Łucja Renée 漢字 🙂"
)
CHECKPOINT = (
    "oss-assist checkpoint v1\nkantor: Kecamatan Ranuyoso\nseq: 1501\nhash: " + "3e7a" * 16
    + "\nwaktu: 2026-11-30T16:00:00+07:00\ntanda tangan: " + "c2lnbmF0dXJl" * 7
)
NIK_16 = re.compile(r"(?<![0-9A-Za-z])\d{16}(?![0-9A-Za-z])")


def intake(**changes: object) -> IntakeReceipt:
    receipt = IntakeReceipt(
        letterhead=LETTERHEAD, case_no="RNY-2026-0142", applicant_name="Siti Aminah",
        nik_masked="3508**********0001", business_name="Warung Kopi Bu Siti", desa="Ranuyoso",
        received_at=datetime(2026, 12, 3, 9, 15), due_at=datetime(2026, 12, 4, 9, 15),
        requirements=REQUIREMENTS, sku="No. 470/12/2026, 2 Desember 2026, Desa Ranuyoso",
        officer="Dewi Lestari", verification_code="A0142-3F2A9C01",
    )
    return replace(receipt, **changes)  # type: ignore[arg-type]


def returned_intake() -> IntakeReceipt:
    return intake(
        returned=True, due_at=None, sku="",
        requirements=(*REQUIREMENTS[:3], (REQUIREMENTS[3][0], False)),
        return_reasons=("Surat Keterangan Usaha dari kepala desa belum ada",
                        "Email belum aktif"),
        late_entry_note="dicatat terlambat pada 5 Desember 2026 pukul 10.00 WIB",
    )


def handover(**changes: object) -> HandoverReceipt:
    receipt = HandoverReceipt(
        letterhead=LETTERHEAD, case_no="RNY-2026-0142", applicant_name="Siti Aminah",
        nik_masked="3508**********0001", business_name="Warung Kopi Bu Siti",
        nib="9120001234567", items=("NIB (Nomor Induk Berusaha) 9120001234567",
                                    "Izin Usaha Mikro"),
        handed_over_at=datetime(2026, 12, 4, 8, 40), officer="Dewi Lestari",
        verification_code="H0142-77AB10C2",
    )
    return replace(receipt, **changes)  # type: ignore[arg-type]


def breakdown(label: str, i: int) -> Breakdown:
    return Breakdown(label, received=10 + i, nib_issued=8 + i, handed_over=7 + i,
                     on_time=6 + i, late=1)


def make_recap(n_desa: int = 12, n_weeks: int = 5, checkpoint: str | None = CHECKPOINT,
               ) -> Recap:
    return Recap(
        letterhead=LETTERHEAD, office_scope="Kecamatan Ranuyoso",
        period_start=date(2026, 11, 1), period_end=date(2026, 11, 30),
        generated_at=datetime(2026, 12, 1, 10, 5), received=187, returned=19,
        returned_reasons=(Reason("Surat Keterangan Usaha belum ada", 11),
                          Reason("KTP belum diaktivasi", 8)),
        validated=185, nib_issued=180, handed_over=178, cancelled=2, on_time=171, late=7,
        open_overdue=3, median_hours=5.5, p90_hours=11.25, median_hours_to_nib=3.0,
        p90_hours_to_nib=7.5,
        by_desa=tuple(breakdown(f"Desa Contoh {i:03d}", i) for i in range(n_desa)),
        by_kbli_section=(breakdown("C - Industri Pengolahan", 1),
                         breakdown("G - Perdagangan Besar dan Eceran", 2)),
        by_scale=(breakdown("Usaha Mikro", 3),),
        by_risk=(breakdown("Rendah", 4), breakdown("Menengah Rendah", 5)),
        by_sex=(breakdown("Perempuan", 6), breakdown("Laki-laki", 7)),
        weeks=tuple(WeekRow(date(2026, 10, 26) + timedelta(weeks=i), 40 + i, 38 + i, 2)
                    for i in range(n_weeks)),
        entered_late=2, entered_late_cases=("RNY-2026-0101", "RNY-2026-0107"),
        audit_head_seq=1523, audit_head_hash="9f2c" + "ab1c" * 15,
        checkpoint_text=checkpoint,
        sla_rule="1 hari kerja (Senin–Jumat, tanpa libur nasional dan cuti bersama)",
    )


def assert_a4(pdf: bytes) -> int:
    """The PDF's page count, after checking every page box is A4 (595.28 x 841.89 pt)."""
    assert pdf.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert boxes
    assert all(abs(float(w) - 595.28) < 0.5 and abs(float(h) - 841.89) < 0.5
               for w, h in boxes)
    return len(re.findall(rb"/Type /Page(?!s)", pdf))


def pdf_text(pdf: bytes, tmp_path: Path, *, page: int | None = None, layout: bool = False
             ) -> str:
    """The PDF's text, by pypdf when installed, else poppler's pdftotext."""
    try:
        import pypdf  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        pass
    else:
        pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
        chosen = pages if page is None else [pages[page - 1]]
        return "\n".join(p.extract_text() for p in chosen)
    if not shutil.which("pdftotext"):
        pytest.skip("neither pypdf nor pdftotext (poppler-utils) is installed")
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf)
    args = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    done = subprocess.run([*args, str(source), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


# --- the helpers ---------------------------------------------------------------------


def test_dates_and_numbers_read_the_indonesian_way() -> None:
    assert tanggal(date(2026, 12, 3)) == "3 Desember 2026"
    assert tanggal_jam(datetime(2026, 12, 3, 9, 15)) == "3 Desember 2026 pukul 09.15 WIB"
    assert periode(date(2026, 11, 1), date(2026, 11, 30)) == (
        "November 2026 (1 s.d. 30 November 2026)"
    )
    assert periode(date(2026, 11, 3), date(2026, 12, 2)) == (
        "3 November 2026 s.d. 2 Desember 2026"
    )
    assert angka(5.5, "jam kerja") == "5,5 jam kerja"
    assert angka(1234) == "1.234"
    assert angka(None) == "-"


def test_latin_keeps_what_the_core_fonts_show_and_replaces_the_rest() -> None:
    assert latin("Siti – ’Renée’") == "Siti – ’Renée’"
    assert latin("Łucja Dvořák 漢") == "Lucja Dvorák ?"
    for start in range(0, 0x3000, 97):
        text = "".join(chr(c) for c in range(start, start + 97) if not 0xD800 <= c < 0xE000)
        latin(text).encode("windows-1252")


# --- the receipts --------------------------------------------------------------------


def test_intake_receipt_is_one_a4_page_with_its_facts(tmp_path: Path) -> None:
    pdf = intake_receipt_pdf(intake())
    assert assert_a4(pdf) == 1
    text = flat(pdf_text(pdf, tmp_path))
    for expected in ("TANDA TERIMA BERKAS", "RNY-2026-0142", "Siti Aminah",
                     "3508**********0001", "Warung Kopi Bu Siti", "Ranuyoso",
                     "3 Desember 2026 pukul 09.15 WIB",
                     "Selesai paling lambat: 4 Desember 2026 pukul 09.15 WIB",
                     "Tidak dipungut biaya", "No. 470/12/2026", "Dewi Lestari",
                     "Petugas Loket", "HP pengaduan 0800-0000-0001",
                     "Kode verifikasi: A0142-3F2A9C01 — dapat diperiksa di log audit kantor",
                     *(name for name, _ in REQUIREMENTS)):
        assert expected in text, expected
    assert "BERKAS DIKEMBALIKAN" not in text
    assert "belum ada" not in text
    assert not NIK_16.search(text)


def test_returned_receipt_says_so_with_its_reasons(tmp_path: Path) -> None:
    pdf = intake_receipt_pdf(returned_intake())
    assert assert_a4(pdf) == 1
    text = flat(pdf_text(pdf, tmp_path))
    for expected in ("BERKAS DIKEMBALIKAN", "Surat Keterangan Usaha dari kepala desa belum ada",
                     "Email belum aktif", "belum ada", "RNY-2026-0142", "3508**********0001",
                     "dicatat terlambat pada 5 Desember 2026", "A0142-3F2A9C01"):
        assert expected in text, expected
    assert "Selesai paling lambat" not in text


def test_handover_receipt_is_one_a4_page_signed_by_both(tmp_path: Path) -> None:
    pdf = handover_receipt_pdf(handover())
    assert assert_a4(pdf) == 1
    text = flat(pdf_text(pdf, tmp_path))
    for expected in ("TANDA TERIMA NIB", "RNY-2026-0142", "3508**********0001", "Siti Aminah",
                     "Warung Kopi Bu Siti", "9120001234567", "Izin Usaha Mikro",
                     "4 Desember 2026 pukul 08.40 WIB", "Petugas Loket", "Dewi Lestari",
                     "Pemohon / Pelaku Usaha", "H0142-77AB10C2", "Tidak dipungut biaya"):
        assert expected in text, expected
    assert not NIK_16.search(text)


@pytest.mark.parametrize("name", [LONG_NAME, "Ni Luh Putu Ayu Ṣāliḥah", "Siti\tAminah\x00",
                                  "", "W" * 120])
def test_any_name_gives_a_one_page_receipt(name: str) -> None:
    assert assert_a4(intake_receipt_pdf(intake(applicant_name=name, business_name=name))) == 1
    assert assert_a4(handover_receipt_pdf(handover(applicant_name=name))) == 1


def test_latin_1_punctuation_and_accents_survive(tmp_path: Path) -> None:
    text = pdf_text(intake_receipt_pdf(intake(applicant_name="Renée – ‘Mbak’ Siti")), tmp_path)
    assert "Renée – ‘Mbak’ Siti" in text


# --- the recap PDF -------------------------------------------------------------------


def test_recap_pdf_holds_every_number_and_every_desa(tmp_path: Path) -> None:
    recap = make_recap()
    pdf = recap_pdf(recap)
    assert assert_a4(pdf) >= 2
    text = flat(pdf_text(pdf, tmp_path))
    assert flat(TITLE.upper()) in text
    assert "November 2026 (1 s.d. 30 November 2026)" in text
    for label, value, _ in summary_rows(recap):
        assert re.search(rf"{re.escape(label)}.*?{re.escape(value)}", text), (label, value)
    for row in (*recap.by_desa, *recap.by_kbli_section, *recap.by_scale, *recap.by_risk,
                *recap.by_sex):
        assert row.label in text
    for reason in recap.returned_reasons:
        assert reason.reason in text
    for case in recap.entered_late_cases:
        assert case in text
    assert "nomor urut 1523" in text
    assert str(recap.audit_head_hash) in text.replace(" ", "")
    assert "Senin–Jumat" in text
    assert "Ranuyoso, 1 Desember 2026" in text
    assert "Kepala Seksi Pelayanan" in text
    assert not NIK_16.search(text)


def test_recap_pdf_tables_repeat_their_header_on_every_page(tmp_path: Path) -> None:
    pdf = recap_pdf(make_recap(n_desa=90, n_weeks=52))
    pages = assert_a4(pdf)
    row = re.compile(r"Desa Contoh \d{3}(\s+\d+){5}\s*$", re.M)
    head = re.compile(r"Desa\s+Diterima\s+NIB terbit\s+Diserahkan\s+Tepat waktu\s+Terlambat")
    with_rows = 0
    for page in range(1, pages + 1):
        text = pdf_text(pdf, tmp_path, page=page, layout=True)
        assert len(text.split()) > 20, f"page {page} is almost empty"
        if row.search(text):
            with_rows += 1
            assert head.search(text), f"page {page} has desa rows and no header"
    assert with_rows >= 2


def test_recap_qr_code_holds_the_checkpoint_text(tmp_path: Path) -> None:
    pdf = recap_pdf(make_recap())
    text = pdf_text(pdf, tmp_path)
    assert "".join(CHECKPOINT.split()) in "".join(text.split())
    if not (shutil.which("pdftoppm") and shutil.which("zbarimg")):
        pytest.skip("no QR decoder (zbarimg) or renderer (pdftoppm); the text was checked")
    (tmp_path / "recap.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "110", "-png", str(tmp_path / "recap.pdf"),
                    str(tmp_path / "page")], check=True)
    decoded = []
    for image in sorted(tmp_path.glob("page*.png")):
        done = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True)
        if done.returncode == 0:
            decoded.append(done.stdout.decode("utf-8").rstrip("\n"))
    assert CHECKPOINT in decoded


def test_recap_without_checkpoint_says_so(tmp_path: Path) -> None:
    pdf = recap_pdf(make_recap(n_desa=1, n_weeks=1, checkpoint=None))
    text = flat(pdf_text(pdf, tmp_path))
    assert "Tidak ada checkpoint bertanda tangan untuk periode ini." in text


def test_an_empty_recap_still_prints() -> None:
    recap = replace(make_recap(n_desa=0, n_weeks=0, checkpoint=None), by_kbli_section=(),
                    by_scale=(), by_risk=(), by_sex=(), returned_reasons=(),
                    entered_late_cases=(), median_hours=None, p90_hours=None,
                    median_hours_to_nib=None, p90_hours_to_nib=None, audit_head_seq=None,
                    audit_head_hash=None)
    assert assert_a4(recap_pdf(recap)) >= 1
    assert recap_xlsx(recap).startswith(b"PK")


# --- the recap XLSX ------------------------------------------------------------------


def load(data: bytes) -> Any:
    openpyxl = pytest.importorskip("openpyxl")
    return openpyxl.load_workbook(io.BytesIO(data))


def test_recap_xlsx_has_the_recap_numbers_as_numbers() -> None:
    recap = make_recap()
    wb = load(recap_xlsx(recap))
    assert wb.sheetnames == ["Ringkasan", "Per Desa", "Per KBLI", "Per Skala", "Per Risiko",
                             "Per Jenis Kelamin", "Per Minggu", "Alasan Pengembalian",
                             "Dicatat Terlambat"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert all(cell.font.bold for cell in ws[1])
        assert ws.column_dimensions["A"].width > 5
    values = {row[0]: row[1] for row in wb["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    expected = {
        "Berkas lengkap diterima": recap.received, "Berkas dikembalikan": recap.returned,
        "Divalidasi Kepala Seksi": recap.validated, "NIB terbit": recap.nib_issued,
        "NIB diserahkan": recap.handed_over, "Dibatalkan": recap.cancelled,
        "Diserahkan tepat waktu": recap.on_time, "Diserahkan terlambat": recap.late,
        "Belum diserahkan dan lewat batas waktu": recap.open_overdue,
        "Median jam kerja sampai NIB diserahkan": recap.median_hours,
        "P90 jam kerja sampai NIB diserahkan": recap.p90_hours,
        "Median jam kerja sampai NIB terbit": recap.median_hours_to_nib,
        "P90 jam kerja sampai NIB terbit": recap.p90_hours_to_nib,
        "Dicatat terlambat": recap.entered_late,
        "Ujung rantai log audit (nomor urut)": recap.audit_head_seq,
    }
    for label, value in expected.items():
        assert values[label] == value, label
        assert isinstance(values[label], int | float), label
    assert values["Ujung rantai log audit (hash)"] == recap.audit_head_hash
    assert values["Checkpoint bertanda tangan terakhir"] == CHECKPOINT
    assert values["Cakupan"] == recap.office_scope
    assert values["Periode mulai"].date() == recap.period_start

    for sheet, rows in (("Per Desa", recap.by_desa), ("Per KBLI", recap.by_kbli_section),
                        ("Per Skala", recap.by_scale), ("Per Risiko", recap.by_risk),
                        ("Per Jenis Kelamin", recap.by_sex)):
        got = list(wb[sheet].iter_rows(min_row=2, values_only=True))
        assert got == [(b.label, b.received, b.nib_issued, b.handed_over, b.on_time, b.late)
                       for b in rows], sheet
    weeks = list(wb["Per Minggu"].iter_rows(min_row=2, values_only=True))
    assert [(d.date(), *rest) for d, *rest in weeks] == [
        (w.week_start, w.handed_over, w.on_time, w.late) for w in recap.weeks
    ]
    reasons = list(wb["Alasan Pengembalian"].iter_rows(min_row=2, values_only=True))
    assert reasons == [(i, x.reason, x.count) for i, x in enumerate(recap.returned_reasons, 1)]
    late = list(wb["Dicatat Terlambat"].iter_rows(min_row=2, values_only=True))
    assert [case for _, case in late] == list(recap.entered_late_cases)


def test_recap_xlsx_is_the_same_bytes_for_the_same_recap(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    recap = make_recap()
    first = recap_xlsx(recap)
    later = time.time() + 3 * 86400
    monkeypatch.setattr(time, "time", lambda: later)
    assert recap_xlsx(recap) == first
    core = zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml").decode()
    stamps = re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]+)<", core)
    assert stamps == ["2026-12-01T03:05:00Z", "2026-12-01T03:05:00Z"]
    assert recap_xlsx(replace(recap, received=188)) != first
