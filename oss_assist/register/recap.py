"""Step 10: the recap to the Camat, for a month or any range of dates, from the register.

The PDF, the XLSX and the JSON are drawn from the one ``Recap`` this module builds, so
they show the same numbers. A period runs from 00:00 of its first day to 24:00 of its
last, in the office's time zone.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, or_, select

from oss_assist.errors import InputError
from oss_assist.i18n import Lang, Text
from oss_assist.register.db import CaseRow, TransitionRow
from oss_assist.register.reportdata import Breakdown, Letterhead, Reason, Recap, WeekRow
from oss_assist.register.service import Register

ALL_OFFICES = "*"
_BLOCK = 1 << 16
_TS = re.compile(rb'"ts":\s*"([^"]+)"')
_MONTH = re.compile(r"(\d{4})-(\d{2})\Z")

SEX_LABELS = {"L": "Laki-laki", "P": "Perempuan", "?": "Tidak diketahui"}
#: KBLI 2020 sections, as the recap names them.
SECTIONS = {
    "A": "Pertanian, Kehutanan dan Perikanan", "B": "Pertambangan dan Penggalian",
    "C": "Industri Pengolahan", "D": "Pengadaan Listrik dan Gas",
    "E": "Pengadaan Air dan Pengelolaan Sampah", "F": "Konstruksi",
    "G": "Perdagangan Besar dan Eceran; Reparasi Kendaraan",
    "H": "Pengangkutan dan Pergudangan", "I": "Penyediaan Akomodasi dan Makan Minum",
    "J": "Informasi dan Komunikasi", "K": "Jasa Keuangan dan Asuransi", "L": "Real Estat",
    "M": "Jasa Profesional, Ilmiah dan Teknis", "N": "Jasa Persewaan dan Penunjang Usaha",
    "O": "Administrasi Pemerintahan", "P": "Jasa Pendidikan",
    "Q": "Jasa Kesehatan dan Kegiatan Sosial", "R": "Kesenian, Hiburan dan Rekreasi",
    "S": "Kegiatan Jasa Lainnya", "T": "Jasa Perorangan Rumah Tangga",
    "U": "Kegiatan Badan Internasional",
}


def month_period(text: str) -> tuple[date, date]:
    """``2026-11`` → (1 November 2026, 30 November 2026)."""
    found = _MONTH.match(text.strip())
    month = int(found.group(2)) if found else 0
    if not found or not 1 <= month <= 12:
        raise InputError(Text(
            f"Bulan '{text}' tidak dapat dibaca; tulis TAHUN-BULAN, misalnya 2026-11.",
            f"Cannot read the month '{text}'; write YEAR-MONTH, e.g. 2026-11."))
    first = date(int(found.group(1)), month, 1)
    following = date(first.year + (month == 12), month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def parse_day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InputError(Text(
            f"Tanggal {option} '{text}' tidak dapat dibaca; tulis TAHUN-BULAN-TANGGAL, "
            "misalnya 2026-11-01.",
            f"{option} '{text}' is not a date; write YEAR-MONTH-DAY, e.g. 2026-11-01.",
        )) from exc


def build_recap(register: Register, start: date, end: date, *, letterhead: Letterhead,
                office: str | None = None, signer: str = "Kepala Seksi Pelayanan") -> Recap:
    """The recap of ``start``..``end`` (inclusive) for this office, another, or all."""
    if end < start:
        raise InputError(Text("Tanggal akhir lebih awal dari tanggal awal; tukar --from dan --to.",
                              "The end date is before the start date; swap --from and --to."))
    calendar = register.calendar
    lo = datetime.combine(start, time(0), calendar.tz).astimezone(UTC)
    hi = datetime.combine(end + timedelta(days=1), time(0), calendar.tz).astimezone(UTC)
    scope = register.office.code if office is None else office

    def within(moment: datetime | None) -> bool:
        return moment is not None and lo <= moment < hi

    query = select(CaseRow).where(
        CaseRow.received_at < hi,
        or_(CaseRow.handed_over_at.is_(None), CaseRow.handed_over_at >= lo),
        or_(CaseRow.closed_at.is_(None), CaseRow.closed_at >= lo),
    )
    late_query = (select(CaseRow.case_no).join(TransitionRow, TransitionRow.case_id == CaseRow.id)
                  .where(and_(TransitionRow.late_entry, TransitionRow.at >= lo,
                              TransitionRow.at < hi)).distinct())
    if scope != ALL_OFFICES:
        query = query.where(CaseRow.office == scope)
        late_query = late_query.where(CaseRow.office == scope)
    with register.engine.connect() as connection:
        rows = list(connection.execute(query))
        entered_late = sorted(r.case_no for r in connection.execute(late_query))

    received = [r for r in rows if r.due_at is not None and within(r.received_at)]
    returned = [r for r in rows if r.stage == "returned" and within(r.closed_at)]
    handed = [r for r in rows if within(r.handed_over_at)]
    issued = [r for r in rows if within(r.nib_at)]
    on_time = [r for r in handed if r.due_at is not None and r.handed_over_at <= r.due_at]
    # open at the end of the period, or now if the period has not ended yet
    cutoff = min(hi, register.now())
    overdue = [r for r in rows if r.due_at is not None and r.due_at < cutoff
               and (r.handed_over_at is None or r.handed_over_at >= cutoff)
               and (r.closed_at is None or r.closed_at >= cutoff)]
    on_time_ids = {r.id for r in on_time}
    to_hand = [calendar.working_hours(r.received_at, r.handed_over_at)
               for r in handed if r.due_at is not None]
    to_nib = [calendar.working_hours(r.received_at, r.nib_at)
              for r in issued if r.due_at is not None]
    reasons: Counter[str] = Counter()
    for r in returned:
        for part in (r.reason or "-").split("; "):
            reasons[part] += 1

    def breakdown(key: Callable[[Any], str]) -> tuple[Breakdown, ...]:
        table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        for group, index in ((received, 0), (issued, 1), (handed, 2), (on_time, 3)):
            for r in group:
                table[key(r)][index] += 1
        for r in handed:
            if r.id not in on_time_ids:
                table[key(r)][4] += 1
        return tuple(Breakdown(label, *counts)
                     for label, counts in sorted(table.items(), key=lambda kv: (-kv[1][0],
                                                                                 kv[0])))

    return Recap(
        letterhead=letterhead,
        office_scope=("Semua kecamatan" if scope == ALL_OFFICES else letterhead.office
                      if scope == register.office.code else scope),
        period_start=start, period_end=end,
        generated_at=calendar.local(register.now()),
        received=len(received), returned=len(returned),
        returned_reasons=tuple(Reason(k, v) for k, v in reasons.most_common()),
        validated=sum(1 for r in rows if within(r.validated_at)),
        nib_issued=len(issued), handed_over=len(handed),
        cancelled=sum(1 for r in rows if r.stage == "cancelled" and within(r.closed_at)),
        on_time=len(on_time), late=len(handed) - len(on_time), open_overdue=len(overdue),
        median_hours=_median(to_hand), p90_hours=_p90(to_hand),
        median_hours_to_nib=_median(to_nib), p90_hours_to_nib=_p90(to_nib),
        by_desa=breakdown(lambda r: r.desa),
        by_kbli_section=breakdown(_section_label),
        by_scale=breakdown(lambda r: r.scale),
        by_risk=breakdown(lambda r: r.risk or "belum tercatat"),
        by_sex=breakdown(lambda r: SEX_LABELS.get(r.sex, r.sex)),
        weeks=_weeks(start, end, handed, calendar.local),
        entered_late=len(entered_late), entered_late_cases=tuple(entered_late),
        # the audit log on this PC is this office's: another office's head is in its own
        **(_audit_head(register, hi) if scope == register.office.code else _NO_HEAD),
        sla_rule=calendar.describe(register.sla_days, register.due_rule).id,
        signer_title=signer,
    )


_NO_HEAD: dict[str, Any] = {"audit_head_seq": None, "audit_head_hash": None,
                            "checkpoint_text": None}


def _section_label(row: Any) -> str:
    return f"{row.kbli_section} {SECTIONS.get(row.kbli_section, '')}".strip()


def _weeks(start: date, end: date, handed: Iterable[Any],
           local: Callable[[datetime], datetime]) -> tuple[WeekRow, ...]:
    monday = start - timedelta(days=start.weekday())
    weeks: dict[date, list[int]] = {}
    while monday <= end:
        weeks[monday] = [0, 0, 0]
        monday += timedelta(days=7)
    for r in handed:
        day = local(r.handed_over_at).date()
        week = weeks[day - timedelta(days=day.weekday())]
        week[0] += 1
        week[1 if r.handed_over_at <= r.due_at else 2] += 1
    return tuple(WeekRow(w, *counts) for w, counts in weeks.items())


def _audit_head(register: Register, until: datetime) -> dict[str, Any]:
    """The last audit line written before ``until`` (its seq and hash), and the signed
    checkpoint that covers it: the first one written after ``until`` (the close of the
    period's last day is signed by the next day's first move), else the last before it.

    Read backwards from the end of the log; a line is parsed only when it matters (the
    log's timestamps are fixed-width UTC, so they compare as text)."""
    bound = until.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    after: dict[str, Any] | None = None
    head: dict[str, Any] | None = None
    for line in _backwards(register.audit_log):
        found = _TS.search(line, 0, 64)
        stamp = found.group(1).decode("ascii", "replace") if found else ""
        is_checkpoint = b'"audit_checkpoint"' in line
        if head is None and stamp >= bound:
            if is_checkpoint:
                after = _event(line)
            continue
        if head is None:
            head = _event(line)
            if head is None:
                continue
            covered = int(after.get("covers_seq", 0)) if after is not None else -1
            if covered >= int(head.get("seq") or 0):
                break
            after = None
        if is_checkpoint:
            after = _event(line)
            break
    text = str(after.get("checkpoint") or "") if after is not None else ""
    return {"audit_head_seq": head.get("seq") if head else None,
            "audit_head_hash": head.get("hash") if head else None,
            "checkpoint_text": text or None}


def _backwards(path: Path) -> Iterator[bytes]:
    """The log's lines from the last to the first, read in blocks from the end."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return
    with handle:
        handle.seek(0, 2)
        position = handle.tell()
        rest = b""
        while position > 0:
            size = min(_BLOCK, position)
            position -= size
            handle.seek(position)
            lines = (handle.read(size) + rest).split(b"\n")
            rest = lines[0]
            yield from (line for line in reversed(lines[1:]) if line)
        if rest:
            yield rest


def _event(line: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def _p90(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    # nearest rank: the smallest value with at least 90% of the values at or below it
    rank = max(1, -(-len(ordered) * 9 // 10))
    return round(ordered[rank - 1], 2)


def recap_json(recap: Recap) -> dict[str, Any]:
    """The recap as plain JSON values."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if isinstance(value, datetime | date):
            return value.isoformat()
        return value

    data: dict[str, Any] = plain(asdict(recap))
    return data


def summary_rows(recap: Recap) -> list[tuple[Text, Any]]:
    """The recap's main numbers, labelled: the terminal and the web desk show these."""
    return [
        (Text("Berkas diterima lengkap", "Complete files received"), recap.received),
        (Text("Berkas dikembalikan", "Files returned"), recap.returned),
        (Text("Divalidasi", "Validated"), recap.validated),
        (Text("NIB terbit", "NIBs issued"), recap.nib_issued),
        (Text("NIB diserahkan", "NIBs handed over"), recap.handed_over),
        (Text("Dibatalkan", "Cancelled"), recap.cancelled),
        (Text("Tepat waktu", "On time"), recap.on_time),
        (Text("Terlambat", "Late"), recap.late),
        (Text("Masih terbuka melewati tenggat", "Open past due"), recap.open_overdue),
        (Text("Median / P90 jam kerja sampai diserahkan",
              "Median / P90 working hours to hand-over"),
         f"{_num(recap.median_hours)} / {_num(recap.p90_hours)}"),
        (Text("Median / P90 jam kerja sampai NIB", "Median / P90 working hours to NIB"),
         f"{_num(recap.median_hours_to_nib)} / {_num(recap.p90_hours_to_nib)}"),
        (Text("Dicatat terlambat", "Entered late"), recap.entered_late),
    ]


def recap_text(recap: Recap, lang: Lang) -> str:
    """The recap's main numbers for the terminal."""
    rows = [
        (Text("Periode", "Period"), f"{recap.period_start} – {recap.period_end}"),
        (Text("Lingkup", "Scope"), recap.office_scope),
        *summary_rows(recap),
        (Text("Kepala log audit", "Audit log head"),
         f"{recap.audit_head_seq} {recap.audit_head_hash or '-'}"),
    ]
    width = max(len(label.render(lang)) for label, _ in rows)
    return "\n".join(f"{label.render(lang):<{width}}  {value}" for label, value in rows)


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
