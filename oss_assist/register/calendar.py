"""The office's working calendar: which days it is open, when a case is due, how late it is.

A working day is one of the office's weekdays (Monday–Friday unless set otherwise) that is
neither a national holiday nor a cuti bersama day. Both come from the ``holidays`` package
(Indonesia, categories ``public`` and ``government``: the government category holds the
cuti bersama of the joint ministerial decree of each year). The office adds its own
closures, or days it opens despite a cuti bersama, in a YAML file::

    tutup:                      # closed, besides the national calendar
      2026-12-31: Cuti bersama tambahan (SKB 2026 revisi)
    buka:                       # open although the national calendar says otherwise
      - 2026-12-24

A case is due at the same clock time on the next working day (``same_time``), or at the
office's closing time of that day (``close``), counted from the moment its complete file
was received; a file received outside working time starts its clock when the office
next opens.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from oss_assist.errors import ConfigError, InputError
from oss_assist.i18n import Text

DueRule = Literal["same_time", "close"]
SlaState = Literal["on_time", "due_today", "late", "met", "missed", "none"]

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
#: How far ahead the due time is looked for before the calendar is called broken.
_MAX_DAYS_AHEAD = 60


@dataclass(frozen=True)
class WorkCalendar:
    """The office's week, hours, and closed days, in its own time zone."""

    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Jakarta"))
    weekdays: frozenset[int] = frozenset(range(5))  # 0 = Monday
    opens: time = time(8, 0)
    closes: time = time(16, 0)
    closed: Mapping[date, str] = field(default_factory=dict)
    opened: frozenset[date] = frozenset()
    national: bool = True

    def holiday(self, day: date) -> str | None:
        """Why the office is closed on ``day`` beyond its weekly days off, or None."""
        if day in self.opened:
            return None
        if day in self.closed:
            return self.closed[day]
        if self.national:
            return _national(day.year).get(day)
        return None

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.weekdays and self.holiday(day) is None

    def next_working_day(self, day: date) -> date:
        """The first working day after ``day``."""
        for n in range(1, _MAX_DAYS_AHEAD + 1):
            candidate = day + timedelta(days=n)
            if self.is_working_day(candidate):
                return candidate
        raise ConfigError(_NO_WORKING_DAY.format(days=_MAX_DAYS_AHEAD, day=day.isoformat()))

    def local(self, moment: datetime) -> datetime:
        """``moment`` in the office's time zone."""
        return _aware(moment).astimezone(self.tz)

    def clock_start(self, moment: datetime) -> datetime:
        """When the SLA clock starts for a file received at ``moment``: then, if the office
        is open; else when it next opens."""
        here = self.local(moment)
        day = here.date()
        if self.is_working_day(day):
            if here.time() < self.opens:
                return datetime.combine(day, self.opens, self.tz)
            if here.time() < self.closes:
                return here
        return datetime.combine(self.next_working_day(day), self.opens, self.tz)

    def due(self, received: datetime, days: int = 1, rule: DueRule = "same_time") -> datetime:
        """When a file received at ``received`` must be done (UTC)."""
        start = self.clock_start(received)
        day = start.date()
        for _ in range(max(days, 0)):
            day = self.next_working_day(day)
        at = start.timetz().replace(tzinfo=None) if rule == "same_time" else self.closes
        return datetime.combine(day, at, self.tz).astimezone(UTC)

    def working_hours(self, start: datetime, end: datetime) -> float:
        """Office hours on working days between ``start`` and ``end`` (0 if end ≤ start)."""
        begin, finish = self.local(start), self.local(end)
        if finish <= begin:
            return 0.0
        seconds = 0.0
        day = begin.date()
        while day <= finish.date():
            if self.is_working_day(day):
                opens = datetime.combine(day, self.opens, self.tz)
                closes = datetime.combine(day, self.closes, self.tz)
                lo, hi = max(begin, opens), min(finish, closes)
                if hi > lo:
                    seconds += (hi - lo).total_seconds()
            day += timedelta(days=1)
        return seconds / 3600

    def describe(self, days: int = 1, rule: DueRule = "same_time") -> Text:
        """The SLA rule in words, for the recap."""
        week = _week_words(self.weekdays)
        hours = f"{self.opens:%H.%M}–{self.closes:%H.%M}"
        return Text(
            f"{days} hari kerja ({week}, pukul {hours}; tanpa libur nasional dan cuti "
            "bersama); " + ("jatuh tempo pada jam yang sama di hari kerja berikutnya"
                            if rule == "same_time" else "jatuh tempo pada jam tutup kantor"),
            f"{days} working day(s) ({_week_words(self.weekdays, 'en')}, {hours}; national "
            "holidays and cuti bersama excluded); " + (
                "due at the same clock time on the next working day" if rule == "same_time"
                else "due at the office's closing time"),
        )


@dataclass(frozen=True)
class Sla:
    """A case's standing against its due time."""

    state: SlaState
    late_hours: float = 0.0  # working hours past due (late or missed)

    def label(self) -> Text:
        hours = _hours(self.late_hours)
        en = hours.replace(",", ".")
        return {
            "on_time": Text("tepat waktu", "on time"),
            "due_today": Text("jatuh tempo hari ini", "due today"),
            "late": Text(f"terlambat {hours} jam kerja", f"late by {en} working hours"),
            "met": Text("selesai tepat waktu", "done on time"),
            "missed": Text(f"selesai terlambat {hours} jam kerja",
                           f"done {en} working hours late"),
            "none": Text("—", "—"),
        }[self.state]


def sla_of(calendar: WorkCalendar, due: datetime | None, done: datetime | None,
           now: datetime, *, open_case: bool) -> Sla:
    """The SLA state of a case due at ``due``, done (handed over) at ``done`` if it was."""
    if due is None:
        return Sla("none")
    if done is not None:
        if done <= due:
            return Sla("met")
        return Sla("missed", calendar.working_hours(due, done))
    if not open_case:
        return Sla("none")
    if now > due:
        return Sla("late", calendar.working_hours(due, now))
    if calendar.local(now).date() == calendar.local(due).date():
        return Sla("due_today")
    return Sla("on_time")


def build_calendar(*, timezone: str, weekdays: str, hours: str,
                   extra_file: Path | None) -> WorkCalendar:
    """The calendar the settings describe; ``ConfigError`` naming the setting if wrong."""
    try:
        tz = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(_BAD_SETTING.format(name="OSS_ASSIST_TIMEZONE", value=timezone,
                                              hint="Asia/Jakarta")) from exc
    days = parse_weekdays(weekdays)
    opens, closes = parse_hours(hours)
    closed: dict[date, str] = {}
    opened: frozenset[date] = frozenset()
    if extra_file is not None:
        closed, opened = load_office_days(extra_file)
    return WorkCalendar(tz=tz, weekdays=days, opens=opens, closes=closes, closed=closed,
                        opened=opened)


def parse_weekdays(text: str) -> frozenset[int]:
    """``mon,tue,wed,thu,fri`` or ``mon-fri`` → {0, 1, 2, 3, 4}."""
    days: set[int] = set()
    for part in text.lower().split(","):
        if not part.strip():
            continue
        ends = [end.strip()[:3] for end in part.split("-")]
        if len(ends) > 2 or any(end not in WEEKDAY_NAMES for end in ends):
            days.clear()
            break
        first, last = WEEKDAY_NAMES.index(ends[0]), WEEKDAY_NAMES.index(ends[-1])
        days.update(range(first, last + 1))
    if not days:
        raise ConfigError(_BAD_SETTING.format(name="OSS_ASSIST_WORK_DAYS", value=text,
                                              hint="mon-fri"))
    return frozenset(days)


def parse_hours(text: str) -> tuple[time, time]:
    """``08:00-16:00`` → (08:00, 16:00)."""
    try:
        first, second = (time.fromisoformat(p.strip().replace(".", ":"))
                         for p in text.split("-"))
    except ValueError as exc:
        raise ConfigError(_BAD_SETTING.format(name="OSS_ASSIST_OFFICE_HOURS", value=text,
                                              hint="08:00-16:00")) from exc
    if second <= first:
        raise ConfigError(_BAD_SETTING.format(name="OSS_ASSIST_OFFICE_HOURS", value=text,
                                              hint="08:00-16:00"))
    return first, second


def load_office_days(path: Path) -> tuple[dict[date, str], frozenset[date]]:
    """The office's own closed and open days (see the module docstring)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(_BAD_FILE.format(err=type(exc).__name__), where=str(path)) from exc
    if not isinstance(data, dict) or set(data) - {"tutup", "buka"}:
        raise InputError(_BAD_FILE.format(err="tutup/buka"), where=str(path))
    closed: dict[date, str] = {}
    for key, reason in (data.get("tutup") or {}).items():
        closed[_day(key, path)] = str(reason or "Kantor tutup")
    opened = frozenset(_day(key, path) for key in (data.get("buka") or []))
    return closed, opened


def _day(value: object, path: Path) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise InputError(_BAD_FILE.format(err=f"{value!r}: YYYY-MM-DD"),
                         where=str(path)) from exc


@functools.lru_cache(maxsize=32)
def _national(year: int) -> Mapping[date, str]:
    import holidays

    table = holidays.country_holidays("ID", years=year, categories=("public", "government"),
                                      language="id")
    return dict(table.items())


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _hours(value: float) -> str:
    """Working hours for a label; a case past due is never shown as 0 hours late."""
    if value < 0.05:
        return "< 0,1"
    return f"{value:.1f}".replace(".", ",") if value % 1 else f"{value:.0f}"


def _week_words(days: Iterable[int], lang: str = "id") -> str:
    ordered = sorted(days)
    names = _HARI if lang == "id" else ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 2:
        return f"{names[ordered[0]]}–{names[ordered[-1]]}"
    return ", ".join(names[d] for d in ordered)


_NO_WORKING_DAY = Text(
    "Tidak ada hari kerja dalam {days} hari setelah {day}. Periksa OSS_ASSIST_WORK_DAYS "
    "dan berkas hari libur kantor.",
    "No working day within {days} days after {day}. Check OSS_ASSIST_WORK_DAYS and the "
    "office's holiday file.",
)
_BAD_SETTING = Text(
    "Pengaturan {name}={value!r} tidak sah; contoh yang benar: {hint}. Perbaiki berkas .env.",
    "Invalid setting {name}={value!r}; a correct example: {hint}. Fix the .env file.",
)
_BAD_FILE = Text(
    "Berkas hari libur kantor tidak terbaca ({err}). Tulis tanggal sebagai YYYY-MM-DD di "
    "bawah 'tutup:' (dengan keterangan) atau 'buka:'.",
    "The office's holiday file cannot be read ({err}). Write dates as YYYY-MM-DD under "
    "'tutup:' (with a reason) or 'buka:'.",
)
