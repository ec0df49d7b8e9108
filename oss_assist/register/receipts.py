"""The counter's two receipts as one-page A4 PDFs: the tanda terima berkas at intake and the
tanda terima NIB at hand-over."""

from __future__ import annotations

from typing import Any

from oss_assist.register.pdfdoc import (
    FONT,
    finish,
    hari_tanggal,
    new_doc,
    place_of,
    tanggal,
    tanggal_jam,
)
from oss_assist.register.reportdata import HandoverReceipt, IntakeReceipt, Letterhead

SERVICE = "Fasilitasi Pendaftaran Izin Usaha Mikro melalui OSS"
FREE = "Tidak dipungut biaya."
AUDIT_NOTE = "dapat diperiksa di log audit kantor"


def _verification_line(code: str) -> str:
    return f"Kode verifikasi: {code or '-'} — {AUDIT_NOTE}"


def _title(doc: Any, title: str, subtitle: str) -> None:
    doc.set_font(FONT, "B", 15)
    doc.cell(0, 8, title, align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(FONT, "", 9.5)
    doc.lines(subtitle, 5, align="C", x=doc.l_margin)
    doc.ln(3)


def _complaints(doc: Any, letterhead: Letterhead) -> None:
    channels = letterhead.complaints or (
        (f"Telepon kantor {letterhead.phone}",) if letterhead.phone else ()
    )
    if not channels:
        return
    doc.set_font(FONT, "B", 8.5)
    doc.cell(0, 4.5, "Pengaduan layanan:", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(FONT, "", 8.5)
    for i, channel in enumerate(channels, start=1):
        doc.lines(f"{i}. {channel}", 4.2, x=doc.l_margin + 3)
    doc.ln(1.5)


def _requirements(doc: Any, requirements: tuple[tuple[str, bool], ...]) -> None:
    doc.set_font(FONT, "B", 10)
    doc.cell(0, 6, "Kelengkapan persyaratan:", new_x="LMARGIN", new_y="NEXT")
    status_w = 30.0
    text_w = doc.content_w - 8 - status_w
    for i, (name, present) in enumerate(requirements, start=1):
        doc.set_font(FONT, "", 9.5)
        text_lines = doc.wrap(name, text_w)
        height = max(len(text_lines) * 4.6, 5.6)
        doc.ensure_space(height)
        y = doc.get_y()
        doc.set_xy(doc.l_margin, y)
        doc.cell(8, 4.6, f"{i}.")
        for j, line in enumerate(text_lines):
            doc.set_xy(doc.l_margin + 8, y + j * 4.6)
            doc.cell(text_w, 4.6, line)
        box_x = doc.l_margin + 8 + text_w
        doc.tick(box_x, y + 0.4, 3.8, present)
        doc.set_xy(box_x + 5, y)
        doc.set_font(FONT, "" if present else "B", 9.5)
        doc.cell(status_w - 5, 4.6, "ada" if present else "belum ada")
        doc.set_xy(doc.l_margin, y + height + 0.6)
    doc.ln(1.5)


def _late_note(doc: Any, note: str) -> None:
    if note:
        doc.para(f"Catatan: {note}", size=8.5, style="I")


def _verification(doc: Any, code: str) -> None:
    doc.set_font(FONT, "", 8.5)
    doc.lines(_verification_line(code), 4.4, x=doc.l_margin)


def intake_receipt_pdf(r: IntakeReceipt) -> bytes:
    """The tanda terima berkas, one A4 page: what was received, when it is due, or why it
    went back."""
    footer = f"Tanda terima berkas {r.case_no} · kode verifikasi {r.verification_code or '-'}"
    doc = new_doc(r.letterhead, f"Tanda Terima Berkas {r.case_no}", footer, r.received_at)
    _title(doc, "TANDA TERIMA BERKAS", f"Layanan {SERVICE}")
    doc.boxed("Nomor Berkas", r.case_no, size=16, border=0.6, width=110)
    if r.returned:
        doc.boxed("", "BERKAS DIKEMBALIKAN", size=15, border=1.0)
        doc.set_font(FONT, "B", 10)
        doc.cell(0, 5.5, "Alasan pengembalian:", new_x="LMARGIN", new_y="NEXT")
        doc.set_font(FONT, "", 9.5)
        for i, reason in enumerate(r.return_reasons or ("(tidak disebutkan)",), start=1):
            doc.lines(f"{i}. {reason}", 4.8, x=doc.l_margin + 3)
        doc.ln(1)
        doc.para(
            "Berkas dikembalikan kepada pemohon untuk dilengkapi. Waktu penyelesaian 1 (satu) "
            "hari kerja dihitung sejak berkas lengkap diterima.",
            size=9,
        )
    doc.fields(
        (
            ("Nama Pemohon", r.applicant_name),
            ("NIK", r.nik_masked),
            ("Nama Usaha", r.business_name),
            ("Desa", r.desa),
            ("Diterima", tanggal_jam(r.received_at)),
            ("Surat Keterangan Usaha", r.sku or "belum ada"),
        ),
        bold=("Nama Pemohon",),
    )
    doc.ln(2)
    _requirements(doc, r.requirements)
    if not r.returned:
        due = tanggal_jam(r.due_at) if r.due_at else "belum ditetapkan"
        doc.boxed("", f"Selesai paling lambat: {due}", size=12, border=0.6)
        doc.set_y(doc.get_y() - 1.5)
        doc.para("Waktu penyelesaian 1 (satu) hari kerja sejak berkas lengkap diterima.",
                 size=8.5)
    doc.para(FREE, size=10.5, style="B")
    _late_note(doc, r.late_entry_note)
    _complaints(doc, r.letterhead)
    doc.ensure_space(48)
    width = 78.0
    y = doc.signature(
        doc.w - doc.r_margin - width, doc.get_y() + 2, width,
        (f"{place_of(r.letterhead)}, {tanggal(r.received_at)}", "Petugas Loket,"),
        r.officer, space=18,
    )
    doc.set_y(y + 3)
    _verification(doc, r.verification_code)
    return finish(doc)


def handover_receipt_pdf(r: HandoverReceipt) -> bytes:
    """The tanda terima NIB, one A4 page, signed by the counter officer and the applicant."""
    footer = f"Tanda terima NIB {r.case_no} · kode verifikasi {r.verification_code or '-'}"
    doc = new_doc(r.letterhead, f"Tanda Terima NIB {r.case_no}", footer, r.handed_over_at)
    _title(doc, "TANDA TERIMA NIB",
           "Penyerahan Nomor Induk Berusaha (NIB) dan Izin Usaha Mikro melalui OSS")
    doc.boxed("Nomor Berkas", r.case_no, size=16, border=0.6, width=110)
    doc.fields(
        (
            ("Nama Pemohon", r.applicant_name),
            ("NIK", r.nik_masked),
            ("Nama Usaha", r.business_name),
            ("Diserahkan", tanggal_jam(r.handed_over_at)),
        ),
        bold=("Nama Pemohon",),
    )
    doc.ln(1)
    doc.boxed("Nomor Induk Berusaha (NIB)", r.nib, size=18, border=0.6, width=110)
    doc.set_font(FONT, "B", 10)
    doc.cell(0, 6, "Yang diserahkan:", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(FONT, "", 9.5)
    for i, item in enumerate(r.items or (f"NIB {r.nib}",), start=1):
        doc.lines(f"{i}. {item}", 4.8, x=doc.l_margin + 3)
    doc.ln(2)
    doc.para(
        f"Pada hari {hari_tanggal(r.handed_over_at)} pukul {r.handed_over_at:%H.%M}, Petugas "
        f"Loket {r.letterhead.office} telah menyerahkan dokumen tersebut di atas kepada "
        "pemohon / pelaku usaha, dan pemohon telah menerimanya. " + FREE,
        size=9.5,
    )
    _late_note(doc, r.late_entry_note)
    doc.ensure_space(52)
    width = 78.0
    top = doc.get_y() + 3
    doc.set_font(FONT, "", 10)
    doc.set_xy(doc.w - doc.r_margin - width, top)
    doc.cell(width, 5, f"{place_of(r.letterhead)}, {tanggal(r.handed_over_at)}", align="C")
    top += 5
    left = doc.signature(doc.l_margin, top, width, ("Yang menyerahkan,", "Petugas Loket"),
                         r.officer, space=20)
    right = doc.signature(doc.w - doc.r_margin - width, top, width,
                          ("Yang menerima,", "Pemohon / Pelaku Usaha"), r.applicant_name,
                          space=20)
    doc.set_y(max(left, right) + 3)
    _complaints(doc, r.letterhead)
    _verification(doc, r.verification_code)
    return finish(doc)
