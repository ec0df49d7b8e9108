"""The documents the sandbox issues, as real PDFs: the NIB, and for Menengah Rendah the
Sertifikat Standar and the two self-declarations.

The layout follows what public material says the NIB carries (header, the number, the
applicant, the KBLI table with risk, scale, PMDN, the issue date, a QR code, a footer
saying it was issued electronically by the OSS system); every page is marked
"SANDBOX — bukan dokumen resmi".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from fpdf import FPDF

SANDBOX_MARK = "SANDBOX — bukan dokumen resmi"
FOOTER_TEXT = (
    "Dokumen ini diterbitkan secara elektronik oleh sistem OSS (Online Single Submission) "
    "berdasarkan data dari Pelaku Usaha, tersimpan dalam sistem OSS, yang menjadi "
    "tanggung jawab Pelaku Usaha."
)
_MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)


@dataclass(frozen=True)
class Applicant:
    """The business actor as the documents print it (no NIK: it is not printed)."""

    name: str
    address: str
    phone: str
    email: str
    kind: str = "Orang Perseorangan"


@dataclass(frozen=True)
class Activity:
    """One KBLI row of the NIB."""

    id_proyek: str
    kbli: str
    title: str
    business_name: str
    location: str
    risk: str
    scale: str
    permit: str
    kbli_2025: str = ""


def tanggal(moment: datetime) -> str:
    """``25 November 2025``."""
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


def _clean(text: str) -> str:
    """Text the PDF's core font can show (Windows-1252), unknown characters as '?'."""
    return text.encode("windows-1252", "replace").decode("windows-1252")


class _Doc(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.core_fonts_encoding = "windows-1252"
        self.set_title(_clean(title))
        self.set_author("Sandbox OSS")
        self.set_creator("oss-assist sandbox")
        self.set_auto_page_break(auto=True, margin=28)
        self.set_margins(18, 16, 18)

    def header(self) -> None:
        self.set_font("Helvetica", "B", 8)
        self.set_text_color(180, 30, 30)
        self.cell(0, 5, _clean(SANDBOX_MARK), align="R", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-24)
        self.set_font("Helvetica", "I", 7.5)
        self.lines(FOOTER_TEXT, 3.6, align="C")
        self.set_font("Helvetica", "B", 7.5)
        self.set_text_color(180, 30, 30)
        self.cell(0, 4, _clean(f"{SANDBOX_MARK} · halaman {self.page_no()}"), align="C")
        self.set_text_color(0, 0, 0)

    def heading(self, lines: Iterable[tuple[str, float]]) -> None:
        for text, size in lines:
            self.set_font("Helvetica", "B", size)
            self.cell(0, size * 0.55, _clean(text), align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def wrap(self, text: str, width: float) -> list[str]:
        """The text cut into lines that fit the width in the current font."""
        from oss_assist.pdfdraw import wrap_lines

        return wrap_lines(self, _clean(text), width - 2 * self.c_margin)

    def lines(self, text: str, height: float, *, width: float = 0, align: str = "L") -> None:
        """Wrapped text from the current position down, each line a cell."""
        x = self.get_x()
        width = width or (self.w - self.r_margin - x)
        for line in self.wrap(text, width):
            self.set_x(x)
            self.cell(width, height, line, align=align, new_x="LMARGIN", new_y="NEXT")

    def para(self, text: str, size: float = 9.5, style: str = "") -> None:
        self.set_font("Helvetica", style, size)
        self.lines(text, size * 0.5)
        self.ln(1.5)

    def fields(self, rows: Iterable[tuple[str, str]], label_w: float = 58) -> None:
        self.set_font("Helvetica", "", 9.5)
        for i, (label, value) in enumerate(rows, start=1):
            self.cell(label_w, 5.5, _clean(f"{i}. {label}"))
            self.cell(4, 5.5, ":")
            self.lines(value, 5.5, width=self.w - self.r_margin - self.get_x())

    def grid(self, widths: tuple[float, ...], head: tuple[str, ...],
             rows: Iterable[tuple[str, ...]], line_h: float = 4.6) -> None:
        """A bordered table whose cells wrap; a new page when a row does not fit."""
        self.set_font("Helvetica", "B", 8.5)
        self.set_fill_color(225, 232, 242)
        for w, text in zip(widths, head, strict=True):
            self.cell(w, 7, text, border=1, fill=True)
        self.ln()
        self.set_font("Helvetica", "", 8.5)
        for row in rows:
            cells = [self.wrap(text, w) for w, text in zip(widths, row, strict=True)]
            height = line_h * max(len(c) for c in cells) + 1.5
            if self.get_y() + height > self.page_break_trigger:
                self.add_page()
            x, y = self.l_margin, self.get_y()
            for w, cell_lines in zip(widths, cells, strict=True):
                self.rect(x, y, w, height)
                for i, line in enumerate(cell_lines):
                    self.set_xy(x, y + 0.75 + i * line_h)
                    self.cell(w, line_h, line)
                x += w
            self.set_xy(self.l_margin, y + height)

    def qr(self, data: str, x: float, y: float, size: float) -> None:
        """A QR code drawn as filled squares, ``size`` mm wide."""
        from oss_assist.pdfdraw import draw_qr, modules

        draw_qr(self, data, x, y, cell=size / modules(data))


def warm() -> None:
    """Make one document, so that the first real one pays no first-use costs."""
    nib_document("0" * 13, Applicant("-", "-", "-", "-"), [], datetime.now(), "")


def nib_document(
    nib: str, applicant: Applicant, activities: list[Activity], issued: datetime,
    verify_url: str,
) -> bytes:
    """The Nomor Induk Berusaha, one page per twelve KBLI rows; its QR code carries the
    public verification link."""
    pdf = _Doc(f"Nomor Induk Berusaha {nib}")
    pdf.add_page()
    pdf.heading(
        (
            ("PEMERINTAH REPUBLIK INDONESIA", 13),
            ("PERIZINAN BERUSAHA BERBASIS RISIKO", 12),
            (f"NOMOR INDUK BERUSAHA: {nib}", 14),
        )
    )
    pdf.para(
        "Berdasarkan Undang-Undang Nomor 6 Tahun 2023 tentang Cipta Kerja, Pemerintah "
        "Republik Indonesia menerbitkan Nomor Induk Berusaha (NIB) kepada:"
    )
    scales = sorted({a.scale for a in activities}) or ["Usaha Mikro"]
    pdf.fields(
        (
            ("Nama Pelaku Usaha", applicant.name),
            ("Jenis Pelaku Usaha", applicant.kind),
            ("Alamat", applicant.address or "-"),
            ("Nomor Telepon", applicant.phone or "-"),
            ("Email", applicant.email or "-"),
            ("Status Penanaman Modal", "PMDN"),
            ("Skala Usaha", ", ".join(scales)),
        )
    )
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 9.5)
    pdf.cell(0, 6, "Kegiatan usaha (KBLI) yang didaftarkan:", new_x="LMARGIN", new_y="NEXT")
    pdf.grid(
        (8, 16, 62, 36, 30, 22),
        ("No", "KBLI", "Judul KBLI", "Nama Usaha", "Tingkat Risiko", "Skala"),
        (
            (str(i), a.kbli, a.title + (f" (KBLI 2025: {a.kbli_2025})" if a.kbli_2025 else ""),
             a.business_name, a.risk, a.scale)
            for i, a in enumerate(activities, start=1)
        ),
    )
    pdf.ln(4)
    pdf.para(
        "NIB ini berlaku di seluruh wilayah Republik Indonesia selama Pelaku Usaha "
        "menjalankan kegiatan usaha, dan berlaku juga sebagai Angka Pengenal Impor (API), "
        "hak akses kepabeanan, pendaftaran kepesertaan jaminan sosial kesehatan dan "
        "ketenagakerjaan, serta wajib lapor ketenagakerjaan untuk periode pertama.",
        size=8.5,
    )
    if any(a.risk == "Rendah" for a in activities):
        pdf.para(
            "Untuk kegiatan usaha dengan tingkat risiko Rendah, NIB merupakan perizinan "
            "tunggal yang berlaku juga sebagai Sertifikat Standar Nasional Indonesia dan "
            "pernyataan jaminan halal bagi Usaha Mikro dan Kecil.",
            size=8.5,
        )
    pdf.ln(2)
    y = pdf.get_y()
    pdf.qr(verify_url or f"OSS-SANDBOX|NIB:{nib}", pdf.l_margin, y, 28)
    pdf.set_xy(pdf.w - pdf.r_margin - 90, y)
    pdf.set_font("Helvetica", "", 9.5)
    pdf.lines(
        f"Diterbitkan di Jakarta\ntanggal: {tanggal(issued)}\n\n"
        "Lembaga Pengelola dan Penyelenggara OSS\n(ditandatangani secara elektronik)",
        5, width=90, align="C",
    )
    pdf.set_y(max(pdf.get_y(), y + 30))
    return bytes(pdf.output())


def sertifikat_standar(
    nib: str, applicant: Applicant, activity: Activity, obligations: Iterable[str],
    issued: datetime,
) -> bytes:
    """The Sertifikat Standar issued from the self-declaration (Menengah Rendah)."""
    pdf = _Doc(f"Sertifikat Standar {activity.id_proyek}")
    pdf.add_page()
    pdf.heading(
        (
            ("PEMERINTAH REPUBLIK INDONESIA", 13),
            ("PERIZINAN BERUSAHA BERBASIS RISIKO", 12),
            ("SERTIFIKAT STANDAR", 14),
            (f"Nomor: {nib}-{activity.kbli}", 10),
        )
    )
    pdf.para("Diberikan kepada Pelaku Usaha:")
    pdf.fields(
        (
            ("Nama Pelaku Usaha", applicant.name),
            ("Nomor Induk Berusaha", nib),
            ("Nomor Kegiatan Usaha", activity.id_proyek),
            ("KBLI", f"{activity.kbli} - {activity.title}"),
            ("Nama Usaha", activity.business_name),
            ("Lokasi Usaha", activity.location),
            ("Tingkat Risiko", activity.risk),
            ("Skala Usaha", activity.scale),
        )
    )
    pdf.ln(2)
    pdf.para(
        "Sertifikat Standar ini diterbitkan berdasarkan pernyataan mandiri Pelaku Usaha "
        "untuk memenuhi standar usaha berikut:"
    )
    for i, item in enumerate(obligations, start=1):
        pdf.para(f"{i}. {item}", size=9)
    pdf.para(f"Diterbitkan tanggal {tanggal(issued)}.")
    return bytes(pdf.output())


def pernyataan_mandiri(
    kind: str, nib: str, applicant: Applicant, activity: Activity, statements: Iterable[str],
    issued: datetime,
) -> bytes:
    """A signed self-declaration (K3L, or kesediaan memenuhi standar usaha)."""
    pdf = _Doc(f"Pernyataan Mandiri {kind}")
    pdf.add_page()
    pdf.heading((("PERNYATAAN MANDIRI", 13), (kind.upper(), 11)))
    pdf.para("Yang bertanda tangan di bawah ini:")
    pdf.fields(
        (
            ("Nama", applicant.name),
            ("Nomor Induk Berusaha", nib),
            ("KBLI", f"{activity.kbli} - {activity.title}"),
            ("Nama Usaha", activity.business_name),
            ("Lokasi Usaha", activity.location),
        )
    )
    pdf.ln(2)
    pdf.para("dengan ini menyatakan:")
    for i, item in enumerate(statements, start=1):
        pdf.para(f"{i}. {item}", size=9)
    pdf.para(
        "Pernyataan ini dibuat dengan sebenar-benarnya dan disetujui secara elektronik "
        f"melalui sistem OSS pada tanggal {tanggal(issued)}."
    )
    return bytes(pdf.output())
