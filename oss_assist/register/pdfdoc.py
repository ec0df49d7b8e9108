"""Shared drawing pieces of the register's printed documents: an A4 page with the office's
letterhead and footer, Indonesian dates, safe text, tables, signature blocks and QR codes."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from oss_assist.register.reportdata import Letterhead

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_ZONES = {7: "WIB", 8: "WITA", 9: "WIT"}
#: letters that have no Windows-1252 form and no accent to strip
_FALLBACK = {
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ħ": "h", "Ħ": "H", "ŋ": "ng",
    "→": "->", "←": "<-", "≤": "<=", "≥": ">=", "≠": "!=", "✓": "v", "✔": "v", "\u2212": "-",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2015": "-", "\u2032": "'", "\u2033": '"',
}
FONT = "Helvetica"
MONO = "Courier"
MARGIN = 18.0


def latin(text: str) -> str:
    """The text as the PDF core fonts can show it (Windows-1252): accents stripped where
    needed, look-alikes for a few letters, '?' for the rest; never raises."""
    try:
        text.encode("windows-1252")
    except UnicodeEncodeError:
        pass
    else:
        return text.replace("\t", " ")
    out: list[str] = []
    for ch in text:
        try:
            ch.encode("windows-1252")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        if ch in _FALLBACK:
            out.append(_FALLBACK[ch])
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
        )
        try:
            base.encode("windows-1252")
            out.append(base or "?")
        except UnicodeEncodeError:
            out.append("?")
    return "".join(out).replace("\t", " ")


def tanggal(day: date) -> str:
    """``3 Desember 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def hari_tanggal(day: date) -> str:
    """``Kamis, 3 Desember 2026``."""
    return f"{DAYS[day.weekday()]}, {tanggal(day)}"


def zone(moment: datetime) -> str:
    """The Indonesian time zone's name; a naive time is the office's (WIB)."""
    offset = moment.utcoffset()
    if offset is None:
        return "WIB"
    hours = offset / timedelta(hours=1)
    if hours in _ZONES:
        return _ZONES[int(hours)]
    return f"UTC{hours:+g}"


def tanggal_jam(moment: datetime) -> str:
    """``3 Desember 2026 pukul 09.15 WIB``."""
    return f"{tanggal(moment)} pukul {moment:%H.%M} {zone(moment)}"


def periode(start: date, end: date) -> str:
    """The period in words: ``Desember 2026 (1 s.d. 31 Desember 2026)`` for a whole month,
    else ``3 November 2026 s.d. 2 Desember 2026``."""
    next_day = end + timedelta(days=1)
    if start.day == 1 and next_day.day == 1 and (start.year, start.month) == (end.year, end.month):
        return f"{MONTHS[start.month - 1]} {start.year} (1 s.d. {tanggal(end)})"
    if start == end:
        return tanggal(start)
    return f"{tanggal(start)} s.d. {tanggal(end)}"


def angka(value: float | None, unit: str = "") -> str:
    """A number the Indonesian way (decimal comma, thousands dot); '-' when there is none."""
    if value is None:
        return "-"
    if float(value).is_integer():
        text = f"{int(value):,}".replace(",", ".")
    else:
        text = f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{text} {unit}".strip()


def place_of(letterhead: Letterhead) -> str:
    """Where documents are signed: the office's name without its kind (``Ranuyoso``)."""
    name = letterhead.office.strip()
    for kind in ("Kecamatan ", "Kabupaten ", "Kota ", "Kelurahan ", "Desa "):
        if name.lower().startswith(kind.lower()):
            return name[len(kind):].strip()
    return name


def new_doc(letterhead: Letterhead, title: str, footer_left: str, made_at: datetime) -> Any:
    """A fresh A4 document of the office; the letterhead is drawn on its first page."""
    doc = _doc_class()(format="A4")
    doc.setup(letterhead, title, footer_left, made_at)
    return doc


@cache
def _doc_class() -> Any:
    from fpdf import FPDF

    class OfficeDoc(DocMixin, FPDF):  # type: ignore[misc]
        pass

    return OfficeDoc


class DocMixin:
    """Drawing helpers mixed into fpdf2's FPDF (kept apart so fpdf is imported late)."""

    letterhead: Letterhead
    doc_title: str
    footer_left: str

    def setup(
        self: Any, letterhead: Letterhead, title: str, footer_left: str, made_at: datetime
    ) -> None:
        self.letterhead = letterhead
        self.doc_title = title
        self.footer_left = footer_left
        self.core_fonts_encoding = "windows-1252"
        self.set_title(latin(title))
        self.set_author(latin(letterhead.office))
        self.set_creator("oss-assist")
        self.set_creation_date(made_at)
        self.set_margins(MARGIN, 14, MARGIN)
        self.set_auto_page_break(auto=True, margin=20)
        self.add_page()
        self.draw_letterhead()

    @property
    def content_w(self: Any) -> float:
        return float(self.w - self.l_margin - self.r_margin)

    def header(self: Any) -> None:
        if self.page_no() > 1:
            self.set_font(FONT, "", 7.5)
            self.set_text_color(70)
            self.cell(0, 4, latin(f"{self.letterhead.office} · {self.doc_title}"), align="L",
                      new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0)
            self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
            self.ln(4)

    def footer(self: Any) -> None:
        self.set_y(-14)
        self.set_draw_color(0)
        self.set_line_width(0.2)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1)
        self.set_font(FONT, "", 7.5)
        page = f"Halaman {self.page_no()} dari {{nb}}"
        room = self.content_w - self.get_string_width(page) - 4
        self.cell(room, 4, self.fit(self.footer_left, room))
        self.cell(0, 4, page, align="R")

    def draw_letterhead(self: Any) -> None:
        lh = self.letterhead
        self.set_font(FONT, "B", 11)
        self.cell(0, 5.5, latin(lh.parent.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "B", 17)
        self.cell(0, 8, latin(lh.office.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 8.5)
        self.lines(lh.address, 4, align="C")
        contact = " · ".join(p for p in (f"Telepon {lh.phone}" if lh.phone else "",
                                         lh.website) if p)
        if contact:
            self.lines(contact, 4, align="C")
        y = self.get_y() + 1.5
        self.set_line_width(0.8)
        self.line(self.l_margin, y, self.w - self.r_margin, y)
        self.set_line_width(0.2)
        self.line(self.l_margin, y + 1.2, self.w - self.r_margin, y + 1.2)
        self.set_y(y + 5)

    def fit(self: Any, text: str, width: float) -> str:
        """The text shortened with '...' so that it fits the width in the current font."""
        text = latin(text)
        if self.get_string_width(text) <= width - 2 * self.c_margin:
            return text
        while text and self.get_string_width(text + "...") > width - 2 * self.c_margin:
            text = text[:-1]
        return text + "..."

    def wrap(self: Any, text: str, width: float) -> list[str]:
        """The text cut into lines that fit the width in the current font; words longer
        than a line are cut too."""
        from oss_assist.pdfdraw import wrap_lines

        return wrap_lines(self, latin(text), width - 2 * self.c_margin)

    def lines(self: Any, text: str, height: float, *, width: float = 0, align: str = "L",
              x: float | None = None) -> None:
        """Wrapped text from the current position down, one cell per line."""
        x = self.get_x() if x is None else x
        width = width or (self.w - self.r_margin - x)
        for line in self.wrap(text, width):
            self.set_x(x)
            self.cell(width, height, line, align=align, new_x="LMARGIN", new_y="NEXT")

    def para(self: Any, text: str, size: float = 9.5, style: str = "", gap: float = 1.5) -> None:
        self.set_font(FONT, style, size)
        self.lines(text, size * 0.5, x=self.l_margin)
        self.ln(gap)

    def heading(self: Any, text: str, size: float = 11, room: float = 30) -> None:
        """A section heading, on a new page when less than ``room`` mm is left under it."""
        self.ensure_space(room)
        self.ln(2)
        self.set_font(FONT, "B", size)
        self.cell(0, size * 0.6, latin(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def ensure_space(self: Any, height: float) -> None:
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def fields(self: Any, rows: Sequence[tuple[str, str]], label_w: float = 48,
               size: float = 10, bold: Sequence[str] = ()) -> None:
        """``Label : value`` lines; values wrap under themselves."""
        for label, value in rows:
            self.set_font(FONT, "", size)
            self.set_x(self.l_margin)
            self.cell(label_w, size * 0.55, latin(label))
            self.cell(4, size * 0.55, ":")
            self.set_font(FONT, "B" if label in bold else "", size)
            self.lines(value or "-", size * 0.55, width=self.w - self.r_margin - self.get_x())
            self.ln(0.6)

    def boxed(self: Any, label: str, value: str, *, size: float = 15, border: float = 0.4,
              width: float = 0) -> None:
        """A framed line with a small label over a large value (case number, due time)."""
        width = width or self.content_w
        x, y = self.l_margin + (self.content_w - width) / 2, self.get_y()
        self.set_font(FONT, "B", size)
        value_lines = self.wrap(value, width)
        height = 5 + len(value_lines) * size * 0.5 + 2.5
        self.set_line_width(border)
        self.rect(x, y, width, height)
        self.set_line_width(0.2)
        self.set_xy(x, y + 1)
        if label:
            self.set_font(FONT, "", 8)
            self.cell(width, 4, latin(label), align="C")
        self.set_font(FONT, "B", size)
        for i, line in enumerate(value_lines):
            self.set_xy(x, y + 5 + i * size * 0.5)
            self.cell(width, size * 0.5, line, align="C")
        self.set_xy(self.l_margin, y + height + 3)

    def tick(self: Any, x: float, y: float, size: float, checked: bool) -> None:
        """A check box, ticked with two strokes (no font glyph needed)."""
        self.set_line_width(0.3)
        self.rect(x, y, size, size)
        if checked:
            self.set_line_width(0.6)
            self.line(x + size * 0.2, y + size * 0.55, x + size * 0.42, y + size * 0.8)
            self.line(x + size * 0.42, y + size * 0.8, x + size * 0.85, y + size * 0.2)
        self.set_line_width(0.2)

    def signature(self: Any, x: float, y: float, width: float, above: Sequence[str],
                  name: str, *, space: float = 20, below: Sequence[str] = ()) -> float:
        """A signature place: lines above, room to sign, the name underlined; returns the
        y under it."""
        self.set_font(FONT, "", 10)
        for line in above:
            self.set_xy(x, y)
            self.cell(width, 5, self.fit(line, width), align="C")
            y += 5
        y += space
        self.set_font(FONT, "B", 10)
        name_lines = self.wrap(name, width) if name.strip() else [""]
        for line in name_lines:
            self.set_xy(x, y)
            self.cell(width, 5, line, align="C")
            y += 5
        self.line(x + 4, y, x + width - 4, y)
        self.set_font(FONT, "", 9)
        for line in below:
            y += 0.5
            self.set_xy(x, y)
            self.cell(width, 4.5, self.fit(line, width), align="C")
            y += 4.5
        return y + 1

    def qr(self: Any, data: str, x: float, y: float, module: float = 0.5,
           min_size: float = 0) -> float:
        """A QR code drawn as filled squares at (x, y); returns its size in mm."""
        from oss_assist.pdfdraw import draw_qr, modules

        cell = max(module, min_size / modules(data))
        return draw_qr(self, data, x, y, cell=cell)

    def table(self: Any, widths: Sequence[float], head: Sequence[str],
              rows: Sequence[Sequence[str]], *, aligns: str = "", size: float = 8.5,
              line_h: float = 4.4, bold_rows: Sequence[int] = ()) -> None:
        """A bordered table whose cells wrap; on a page break the header is drawn again.
        ``aligns`` holds one of L/C/R per column (default left)."""
        aligns = aligns or "L" * len(widths)

        def row_cells(row: Sequence[str]) -> tuple[list[list[str]], float]:
            cells = [self.wrap(t, w) for w, t in zip(widths, row, strict=True)]
            return cells, line_h * max(len(c) for c in cells) + 1.6

        def draw(cells: list[list[str]], height: float, fill: bool) -> None:
            x, y = self.l_margin, self.get_y()
            for w, a, cell_lines in zip(widths, aligns, cells, strict=True):
                if fill:
                    self.set_fill_color(225)
                self.rect(x, y, w, height, style="DF" if fill else "D")
                for i, line in enumerate(cell_lines):
                    self.set_xy(x, y + 0.8 + i * line_h)
                    self.cell(w, line_h, line, align=a)
                x += w
            self.set_xy(self.l_margin, y + height)

        self.set_font(FONT, "B", size)
        head_cells, head_h = row_cells(head)
        self.set_line_width(0.2)
        self.set_draw_color(0)
        first = True
        for index, row in enumerate(rows):
            self.set_font(FONT, "B" if index in bold_rows else "", size)
            cells, height = row_cells(row)
            if first or self.get_y() + height > self.page_break_trigger:
                if self.get_y() + head_h + height > self.page_break_trigger:
                    self.add_page()
                self.set_font(FONT, "B", size)
                draw(head_cells, head_h, fill=True)
                self.set_font(FONT, "B" if index in bold_rows else "", size)
                first = False
            draw(cells, height, fill=False)
        self.ln(2)


def finish(doc: Any) -> bytes:
    """The document's bytes."""
    return bytes(doc.output())
