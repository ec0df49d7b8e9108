"""The recap to the Camat as an XLSX workbook for the Kabupaten: the same numbers as the PDF,
one sheet per table, numbers as numbers, and the same bytes for the same recap."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from oss_assist.register.pdfdoc import periode
from oss_assist.register.recap_pdf import TITLE
from oss_assist.register.reportdata import Breakdown, Recap

Cell = str | int | float | date | datetime | None
BREAKDOWN_HEAD = ("Diterima", "NIB terbit", "Diserahkan", "Tepat waktu", "Terlambat")
BREAKDOWN_SHEETS = (
    ("Per Desa", "Desa", "by_desa"),
    ("Per KBLI", "Kategori KBLI", "by_kbli_section"),
    ("Per Skala", "Skala usaha", "by_scale"),
    ("Per Risiko", "Tingkat risiko", "by_risk"),
    ("Per Jenis Kelamin", "Jenis kelamin", "by_sex"),
)


def summary(r: Recap) -> list[tuple[str, Cell]]:
    """The Ringkasan sheet's rows under its header: what, and its value."""
    return [
        ("Kantor", r.letterhead.office),
        ("Cakupan", r.office_scope),
        ("Periode", periode(r.period_start, r.period_end)),
        ("Periode mulai", r.period_start),
        ("Periode sampai dengan", r.period_end),
        ("Dibuat", r.generated_at.replace(tzinfo=None, second=0, microsecond=0)),
        ("Berkas lengkap diterima", r.received),
        ("Berkas dikembalikan", r.returned),
        ("Divalidasi Kepala Seksi", r.validated),
        ("NIB terbit", r.nib_issued),
        ("NIB diserahkan", r.handed_over),
        ("Dibatalkan", r.cancelled),
        ("Diserahkan tepat waktu", r.on_time),
        ("Diserahkan terlambat", r.late),
        ("Belum diserahkan dan lewat batas waktu", r.open_overdue),
        ("Median jam kerja sampai NIB diserahkan", r.median_hours),
        ("P90 jam kerja sampai NIB diserahkan", r.p90_hours),
        ("Median jam kerja sampai NIB terbit", r.median_hours_to_nib),
        ("P90 jam kerja sampai NIB terbit", r.p90_hours_to_nib),
        ("Dicatat terlambat", r.entered_late),
        ("Ujung rantai log audit (nomor urut)", r.audit_head_seq),
        ("Ujung rantai log audit (hash)", r.audit_head_hash),
        ("Checkpoint bertanda tangan terakhir",
         r.checkpoint_text if r.checkpoint_text is not None
         else "Tidak ada checkpoint bertanda tangan untuk periode ini."),
        ("Aturan waktu layanan", r.sla_rule),
        *(("Catatan", note) for note in r.notes),
    ]


def _breakdown_rows(rows: Sequence[Breakdown]) -> list[tuple[Cell, ...]]:
    return [(b.label, b.received, b.nib_issued, b.handed_over, b.on_time, b.late) for b in rows]


def _sheet(wb: Any, title: str, head: Sequence[str], rows: Sequence[Sequence[Cell]],
           widths: Sequence[float]) -> Any:
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    ws = wb.create_sheet(title)
    ws.append(list(head))
    for row in rows:
        ws.append(list(row))
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    ws.freeze_panes = "A2"
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = "0.0"
            elif isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str) and len(cell.value) > 60:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    return ws


def _utc(moment: datetime) -> datetime:
    """The time in UTC without its zone, as the document properties hold it; a naive time
    is the office's (WIB)."""
    if moment.tzinfo is None:
        return moment.replace(microsecond=0) - timedelta(hours=7)
    return moment.astimezone(UTC).replace(tzinfo=None, microsecond=0)


def _fixed_zip(data: bytes, moment: tuple[int, int, int, int, int, int],
               core: bytes) -> bytes:
    """The workbook re-packed with every entry stamped at one time and our own document
    properties, so that the same recap gives the same bytes (openpyxl stamps the time of
    saving in both)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=moment)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            body = core if info.filename == "docProps/core.xml" else src.read(info.filename)
            dst.writestr(entry, body)
    return out.getvalue()


def recap_xlsx(r: Recap) -> bytes:
    """The recap workbook: Ringkasan, the five breakdowns, Per Minggu, Alasan Pengembalian
    and Dicatat Terlambat; header rows bold and frozen."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.xml.functions import tostring  # type: ignore[import-untyped]

    wb = Workbook()
    wb.remove(wb.active)
    stamp = r.generated_at.replace(tzinfo=None, microsecond=0)
    wb.properties.creator = r.letterhead.office
    wb.properties.title = f"{TITLE} — {periode(r.period_start, r.period_end)}"
    wb.properties.created = _utc(r.generated_at)
    wb.properties.lastModifiedBy = r.letterhead.office

    _sheet(wb, "Ringkasan", ("Uraian", "Nilai"), summary(r), (44, 80))
    for title, label, attr in BREAKDOWN_SHEETS:
        _sheet(wb, title, (label, *BREAKDOWN_HEAD), _breakdown_rows(getattr(r, attr)),
               (40, 12, 12, 12, 13, 12))
    _sheet(wb, "Per Minggu", ("Minggu mulai (Senin)", "Diserahkan", "Tepat waktu", "Terlambat"),
           [(w.week_start, w.handed_over, w.on_time, w.late) for w in r.weeks], (22, 12, 13, 12))
    _sheet(wb, "Alasan Pengembalian", ("No", "Alasan", "Jumlah"),
           [(i, x.reason, x.count) for i, x in enumerate(r.returned_reasons, start=1)],
           (6, 60, 10))
    _sheet(wb, "Dicatat Terlambat", ("No", "Nomor berkas"),
           [(i, case) for i, case in enumerate(r.entered_late_cases, start=1)], (6, 24))

    raw = io.BytesIO()
    wb.save(raw)
    wb.properties.modified = wb.properties.created
    core = tostring(wb.properties.to_tree())
    moment = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute,
              stamp.second - stamp.second % 2)
    return _fixed_zip(raw.getvalue(), moment, core)
