"""The recap to the Camat as a PDF to sign: summary, returned reasons, charts per desa and per
week, breakdown tables, late entries, the audit chain's state and the signature place."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from oss_assist.register.pdfdoc import (
    FONT,
    MONO,
    angka,
    finish,
    new_doc,
    periode,
    place_of,
    tanggal,
    tanggal_jam,
)
from oss_assist.register.reportdata import Breakdown, Recap, WeekRow

TITLE = "Rekapitulasi Layanan Fasilitasi Pendaftaran NIB Usaha Mikro melalui OSS"
BREAKDOWN_HEAD = ("Diterima", "NIB terbit", "Diserahkan", "Tepat waktu", "Terlambat")
DARK, LIGHT = 60, 200


def percent(part: int, whole: int) -> str:
    """``91,0%`` of the whole, or '' when the whole is zero."""
    return f"{angka(round(100 * part / whole, 1))}%" if whole else ""


def summary_rows(r: Recap) -> list[tuple[str, str, str]]:
    """The summary table: what, how many, a note."""
    done = r.on_time + r.late
    return [
        ("Berkas lengkap diterima", angka(r.received), ""),
        ("Berkas dikembalikan", angka(r.returned), "di loket atau oleh Kepala Seksi"),
        ("Divalidasi Kepala Seksi", angka(r.validated), ""),
        ("NIB terbit", angka(r.nib_issued), ""),
        ("NIB diserahkan", angka(r.handed_over), ""),
        ("Dibatalkan", angka(r.cancelled), ""),
        ("Diserahkan tepat waktu", angka(r.on_time), percent(r.on_time, done)),
        ("Diserahkan terlambat", angka(r.late), percent(r.late, done)),
        ("Belum diserahkan dan lewat batas waktu", angka(r.open_overdue),
         f"pada akhir periode ({tanggal(r.period_end)})"),
        ("Median waktu sampai NIB diserahkan", angka(r.median_hours, "jam kerja"),
         "sejak berkas lengkap"),
        ("P90 waktu sampai NIB diserahkan", angka(r.p90_hours, "jam kerja"),
         "90% berkas selesai dalam waktu ini"),
        ("Median waktu sampai NIB terbit", angka(r.median_hours_to_nib, "jam kerja"),
         "sejak berkas lengkap"),
        ("P90 waktu sampai NIB terbit", angka(r.p90_hours_to_nib, "jam kerja"), ""),
        ("Dicatat terlambat", angka(r.entered_late), "catatan dibuat setelah kejadian"),
    ]


def _ticks(top: int) -> tuple[int, int]:
    """A round step for the axis and the axis' end, so that 4-6 ticks cover ``top``."""
    raw = max(top, 1) / 5
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return int(step), int(step * math.ceil(max(top, 1) / step))


def _legend(doc: Any, items: Sequence[tuple[int, str]], x: float, y: float) -> None:
    doc.set_font(FONT, "", 8)
    for shade, label in items:
        doc.set_fill_color(shade)
        doc.rect(x, y + 0.7, 5, 3, style="DF")
        doc.set_xy(x + 6, y)
        doc.cell(doc.get_string_width(label) + 3, 4.4, label)
        x += 6 + doc.get_string_width(label) + 8


def desa_chart(doc: Any, title: str, rows: Sequence[Breakdown]) -> None:
    """Horizontal bars per desa: files received (light) and NIBs handed over (dark), each
    labelled; kept on one page when it fits one, else broken with its axis drawn again."""
    label_w, number_w, row_h = 42.0, 14.0, 7.0
    whole = 10 + row_h * len(rows) + 5
    usable = doc.page_break_trigger - doc.t_margin - 20
    doc.heading(title, room=12 + (whole if whole <= usable else 10 + 2 * row_h))
    if not rows:
        doc.para("Belum ada data per desa untuk periode ini.", size=9)
        return
    bar_x = doc.l_margin + label_w
    bar_w = doc.content_w - label_w - number_w
    step, end = _ticks(max(max(b.received, b.handed_over) for b in rows))

    def axis() -> None:
        _legend(doc, ((LIGHT, "Berkas diterima"), (DARK, "NIB diserahkan")), doc.l_margin,
                doc.get_y())
        doc.set_y(doc.get_y() + 6)
        y = doc.get_y()
        doc.set_font(FONT, "", 7)
        doc.set_draw_color(150)
        for value in range(0, end + 1, step):
            x = bar_x + bar_w * value / end
            doc.set_xy(x - 6, y)
            doc.cell(12, 3.5, str(value), align="C")
        doc.set_draw_color(0)
        doc.set_y(y + 4)

    axis()
    for b in rows:
        if doc.get_y() + row_h > doc.page_break_trigger:
            doc.add_page()
            axis()
        y = doc.get_y()
        doc.set_font(FONT, "", 8.5)
        doc.set_xy(doc.l_margin, y + 1)
        doc.cell(label_w, 5, doc.fit(b.label, label_w))
        doc.set_draw_color(190)
        for value in range(0, end + 1, step):
            x = bar_x + bar_w * value / end
            doc.line(x, y, x, y + row_h)
        doc.set_draw_color(0)
        longest = 0.0
        for offset, value, shade in ((0.8, b.received, LIGHT), (3.6, b.handed_over, DARK)):
            width = bar_w * value / end
            if value:
                doc.set_fill_color(shade)
                doc.rect(bar_x, y + offset, width, 2.6, style="DF")
            longest = max(longest, width)
        doc.set_font(FONT, "", 7.5)
        doc.set_xy(bar_x + longest + 0.5, y + 1.2)
        doc.cell(number_w, 4.5, f"{b.received} / {b.handed_over}")
        doc.set_y(y + row_h)
    doc.set_font(FONT, "I", 7.5)
    doc.cell(0, 4.5, "Angka di ujung batang: berkas diterima / NIB diserahkan.",
             new_x="LMARGIN", new_y="NEXT")
    doc.ln(2)


def week_chart(doc: Any, weeks: Sequence[WeekRow]) -> None:
    """Stacked bars per week: handed over on time (dark) under late (light)."""
    if not weeks:
        doc.para("Belum ada data per minggu untuk periode ini.", size=9)
        return
    axis_w, height = 10.0, 55.0
    doc.ensure_space(6 + height + 12)
    _legend(doc, ((DARK, "Tepat waktu"), (LIGHT, "Terlambat")), doc.l_margin, doc.get_y())
    top = doc.get_y() + 8
    left = doc.l_margin + axis_w
    width = doc.content_w - axis_w
    highest = max(w.on_time + w.late for w in weeks)
    step, end = _ticks(highest)
    if end - highest < step / 2:
        end += step  # room for the numbers over the highest bar
    doc.set_font(FONT, "", 7)
    for value in range(0, end + 1, step):
        y = top + height - height * value / end
        doc.set_draw_color(190)
        doc.line(left, y, left + width, y)
        doc.set_xy(doc.l_margin, y - 1.75)
        doc.cell(axis_w - 1, 3.5, str(value), align="R")
    doc.set_draw_color(0)
    doc.line(left, top + height, left + width, top + height)
    slot = width / len(weeks)
    bar = min(slot * 0.7, 16.0)
    every = max(1, math.ceil(11 / slot))
    for i, w in enumerate(weeks):
        x = left + i * slot + (slot - bar) / 2
        base = top + height
        for value, shade in ((w.on_time, DARK), (w.late, LIGHT)):
            if value:
                h = height * value / end
                doc.set_fill_color(shade)
                doc.rect(x, base - h, bar, h, style="DF")
                base -= h
        if slot >= 6:
            doc.set_font(FONT, "", 7)
            doc.set_xy(x - 2, base - 4)
            doc.cell(bar + 4, 3.5, f"{w.on_time}/{w.late}", align="C")
        if i % every == 0:
            doc.set_font(FONT, "", 6.5)
            doc.set_xy(left + i * slot + slot / 2 - 8, top + height + 0.8)
            doc.cell(16, 3.5, f"{w.week_start.day}/{w.week_start.month}", align="C")
    doc.set_xy(doc.l_margin, top + height + 5)
    doc.set_font(FONT, "I", 7.5)
    note = "Sumbu datar: tanggal Senin awal minggu."
    if slot >= 6:
        note += " Angka di atas batang: tepat waktu / terlambat."
    doc.cell(0, 4.5, note, new_x="LMARGIN", new_y="NEXT")
    doc.ln(2)


def breakdown_table(doc: Any, title: str, label: str, rows: Sequence[Breakdown]) -> None:
    doc.heading(title, size=10, room=min(12 + 6.1 * (len(rows) + 1), 90))
    if not rows:
        doc.para("Tidak ada data.", size=9)
        return
    num_w = 22.0
    doc.table(
        (doc.content_w - 5 * num_w, *(num_w,) * 5),
        (label, *BREAKDOWN_HEAD),
        [(b.label, *(angka(v) for v in (b.received, b.nib_issued, b.handed_over, b.on_time,
                                         b.late))) for b in rows],
        aligns="LRRRRR",
    )


def _qr_size(text: str) -> float | None:
    """The printed size of the text's QR code (0.55 mm a module), None when too long."""
    import segno

    try:
        modules = segno.make(text, error="m", micro=False).symbol_size(border=0)[0]
    except segno.DataOverflowError:
        return None
    return max(30.0, modules * 0.55)


def audit_section(doc: Any, r: Recap) -> None:
    doc.heading("7. Rantai Log Audit", room=40)
    head = "tidak ada catatan" if r.audit_head_seq is None else f"nomor urut {r.audit_head_seq}"
    doc.fields((("Ujung rantai pada akhir periode", head),), label_w=58, size=9)
    doc.set_font(FONT, "", 9)
    doc.cell(58, 5, "Hash ujung rantai")
    doc.cell(4, 5, ":")
    doc.set_font(MONO, "", 7.5)
    doc.lines(r.audit_head_hash or "-", 5, width=doc.content_w - 62)
    doc.ln(2)
    if r.checkpoint_text is None:
        doc.para("Tidak ada checkpoint bertanda tangan untuk periode ini.", size=9.5,
                 style="B")
        return
    size = _qr_size(r.checkpoint_text)
    text_w = doc.content_w - (size + 5 if size else 0)
    doc.set_font(MONO, "", 7.5)
    text_lines = doc.wrap(r.checkpoint_text, text_w)
    block = max(len(text_lines) * 3.4, size or 0) + 4
    doc.ensure_space(min(block + 10, doc.page_break_trigger - doc.t_margin - 20))
    doc.para("Checkpoint bertanda tangan terakhir dalam periode ini, teks lengkapnya"
             + (" dan kode QR berisi teks yang sama:" if size else
                " (terlalu panjang untuk kode QR):"), size=9)
    top = doc.get_y()
    if size:
        doc.qr(r.checkpoint_text, doc.w - doc.r_margin - size, top + 1, min_size=size)
    doc.set_font(MONO, "", 7.5)
    for line in text_lines:
        doc.set_x(doc.l_margin)
        doc.cell(text_w, 3.4, line, new_x="LMARGIN", new_y="NEXT")
    doc.set_y(max(doc.get_y(), top + (size or 0) + 2) + 2)


def recap_pdf(r: Recap) -> bytes:
    """The recap PDF, A4, the letterhead on its first page and the signature place last."""
    made = tanggal_jam(r.generated_at)
    span = periode(r.period_start, r.period_end)
    doc = new_doc(r.letterhead, "Rekapitulasi Layanan NIB",
                  f"Rekapitulasi {span} · dibuat {made}", r.generated_at)
    doc.set_font(FONT, "B", 13)
    doc.lines(TITLE.upper(), 6.5, align="C", x=doc.l_margin)
    doc.ln(2)
    doc.fields((("Periode", span),
                ("Cakupan", r.office_scope), ("Dibuat", made)), label_w=30, size=10)

    doc.heading("1. Ringkasan")
    doc.table((88, 26, doc.content_w - 114), ("Uraian", "Jumlah", "Keterangan"),
              summary_rows(r), aligns="LRL", size=9)

    doc.heading("2. Alasan Pengembalian Berkas")
    if r.returned_reasons:
        doc.table((10, doc.content_w - 36, 26), ("No", "Alasan", "Jumlah"),
                  [(str(i), x.reason, angka(x.count))
                   for i, x in enumerate(r.returned_reasons, 1)], aligns="RLR")
    else:
        doc.para("Tidak ada berkas yang dikembalikan dalam periode ini.", size=9)

    desa_chart(doc, "3. Berkas Diterima dan NIB Diserahkan per Desa", r.by_desa)
    doc.heading("4. Ketepatan Waktu per Minggu", room=85)
    week_chart(doc, r.weeks)
    if r.weeks:
        doc.table((doc.content_w - 3 * 28, 28, 28, 28),
                  ("Minggu (mulai Senin)", "Diserahkan", "Tepat waktu", "Terlambat"),
                  [(tanggal(w.week_start), angka(w.handed_over), angka(w.on_time),
                    angka(w.late)) for w in r.weeks], aligns="LRRR")

    doc.heading("5. Rincian")
    for title, label, rows in (
        ("5.1 Per Desa", "Desa", r.by_desa),
        ("5.2 Per Kategori KBLI", "Kategori KBLI", r.by_kbli_section),
        ("5.3 Per Skala Usaha", "Skala usaha", r.by_scale),
        ("5.4 Per Tingkat Risiko", "Tingkat risiko", r.by_risk),
        ("5.5 Per Jenis Kelamin", "Jenis kelamin", r.by_sex),
    ):
        breakdown_table(doc, title, label, rows)

    doc.heading("6. Berkas yang Dicatat Terlambat")
    if r.entered_late_cases:
        doc.para(f"{angka(r.entered_late)} catatan dibuat setelah kejadian (dicatat "
                 "terlambat) untuk berkas berikut:", size=9)
        doc.para(", ".join(r.entered_late_cases), size=9)
    else:
        doc.para(f"{angka(r.entered_late)} catatan dicatat terlambat.", size=9)

    audit_section(doc, r)
    # the rule, the notes and the signature place stay together: a signature alone on
    # the last page would sign nothing the reader can see
    doc.heading("8. Aturan Waktu Layanan", room=12 + 6 * (1 + len(r.notes)) + 62)
    doc.para(f"Waktu penyelesaian: {r.sla_rule}.", size=9.5)
    for note in r.notes:
        doc.para(f"Catatan: {note}", size=9)

    doc.ensure_space(55)
    width = 80.0
    doc.signature(doc.w - doc.r_margin - width, doc.get_y() + 6, width,
                  (f"{place_of(r.letterhead)}, {tanggal(r.generated_at)}", r.signer_title),
                  "", space=24, below=("NIP. ..............................",))
    return finish(doc)
