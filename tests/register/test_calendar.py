"""Working days, due times and the SLA, without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from oss_assist.errors import ConfigError, InputError
from oss_assist.register.calendar import (
    WorkCalendar,
    build_calendar,
    parse_hours,
    parse_weekdays,
    sla_of,
)

WIB = ZoneInfo("Asia/Jakarta")
CAL = WorkCalendar()


def wib(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=WIB)


@pytest.mark.parametrize(("day", "closed"), [
    (date(2026, 12, 24), "Cuti Bersama"),  # cuti bersama Natal
    (date(2026, 12, 25), "Natal"),
    (date(2026, 3, 20), "Cuti Bersama"),  # Idul Fitri
    (date(2026, 8, 17), "Kemerdekaan"),
    (date(2026, 12, 23), None),
])
def test_national_holidays_and_cuti_bersama_are_closed(day: date, closed: str | None) -> None:
    reason = CAL.holiday(day)
    if closed is None:
        assert reason is None and CAL.is_working_day(day)
    else:
        assert reason is not None and closed.lower() in reason.lower()
        assert not CAL.is_working_day(day)


def test_weekends_are_not_working_days() -> None:
    assert not CAL.is_working_day(date(2026, 11, 7))  # Saturday
    assert CAL.next_working_day(date(2026, 11, 6)) == date(2026, 11, 9)


@pytest.mark.parametrize(("received", "due"), [
    (wib(2026, 11, 2, 10, 0), wib(2026, 11, 3, 10, 0)),   # Monday → Tuesday, same time
    (wib(2026, 11, 6, 14, 30), wib(2026, 11, 9, 14, 30)),  # Friday → Monday
    (wib(2026, 11, 7, 9, 0), wib(2026, 11, 10, 8, 0)),    # Saturday: the clock starts Monday
    (wib(2026, 11, 2, 17, 0), wib(2026, 11, 4, 8, 0)),    # after closing: starts Tuesday
    (wib(2026, 11, 2, 6, 30), wib(2026, 11, 3, 8, 0)),    # before opening: starts at 08:00
    (wib(2026, 12, 23, 10, 0), wib(2026, 12, 28, 10, 0)),  # over Christmas and the weekend
])
def test_due_is_the_same_clock_time_the_next_working_day(received: datetime,
                                                         due: datetime) -> None:
    assert CAL.due(received) == due.astimezone(UTC)


def test_the_office_may_rule_due_at_closing_time() -> None:
    assert CAL.due(wib(2026, 11, 2, 10, 0), 1, "close") == wib(2026, 11, 3, 16, 0)
    assert CAL.due(wib(2026, 11, 2, 10, 0), 2) == wib(2026, 11, 4, 10, 0)


def test_working_hours_count_only_office_hours_of_working_days() -> None:
    assert CAL.working_hours(wib(2026, 11, 2, 10), wib(2026, 11, 2, 12, 30)) == 2.5
    # Friday 15:00 → Monday 09:00: one hour on Friday, one on Monday
    assert CAL.working_hours(wib(2026, 11, 6, 15), wib(2026, 11, 9, 9)) == 2.0
    assert CAL.working_hours(wib(2026, 11, 3, 9), wib(2026, 11, 2, 9)) == 0.0


def test_sla_states() -> None:
    due = wib(2026, 11, 3, 10, 0)
    assert sla_of(CAL, due, None, wib(2026, 11, 2, 11), open_case=True).state == "on_time"
    assert sla_of(CAL, due, None, wib(2026, 11, 3, 8), open_case=True).state == "due_today"
    late = sla_of(CAL, due, None, wib(2026, 11, 4, 9), open_case=True)
    assert late.state == "late" and late.late_hours == 7.0
    assert "7 working hours" in late.label().en
    assert sla_of(CAL, due, wib(2026, 11, 3, 9), wib(2026, 11, 9), open_case=False).state == "met"
    missed = sla_of(CAL, due, wib(2026, 11, 3, 11), wib(2026, 11, 9), open_case=False)
    assert missed.state == "missed" and missed.late_hours == 1.0
    assert sla_of(CAL, None, None, wib(2026, 11, 3), open_case=False).state == "none"


def test_the_office_adds_its_own_closed_and_open_days(tmp_path: Path) -> None:
    extra = tmp_path / "libur.yaml"
    extra.write_text("tutup:\n  2026-11-05: Hari jadi Kabupaten\nbuka:\n  - 2026-12-24\n",
                     encoding="utf-8")
    cal = build_calendar(timezone="Asia/Jakarta", weekdays="mon-fri", hours="07:30-15:30",
                         extra_file=extra)
    assert cal.holiday(date(2026, 11, 5)) == "Hari jadi Kabupaten"
    assert cal.is_working_day(date(2026, 12, 24))
    assert cal.opens == time(7, 30)


@pytest.mark.parametrize("text", ["tutup: [", "lain: {}", "tutup:\n  besok: libur\n"])
def test_a_broken_holiday_file_is_a_clear_message(tmp_path: Path, text: str) -> None:
    extra = tmp_path / "libur.yaml"
    extra.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build_calendar(timezone="Asia/Jakarta", weekdays="mon-fri", hours="08:00-16:00",
                       extra_file=extra)
    assert "YYYY-MM-DD" in caught.value.render("en")


def test_settings_of_the_week_and_hours() -> None:
    assert parse_weekdays("mon-fri") == frozenset(range(5))
    assert parse_weekdays("mon,tue,sat") == frozenset({0, 1, 5})
    assert parse_hours("07.30-16.00") == (time(7, 30), time(16, 0))
    for bad in ("", "weekdays", "fri-mon"):
        with pytest.raises(ConfigError, match="OSS_ASSIST_WORK_DAYS"):
            parse_weekdays(bad)
    for bad in ("16:00-08:00", "8-16-20", "siang"):
        with pytest.raises(ConfigError, match="OSS_ASSIST_OFFICE_HOURS"):
            parse_hours(bad)
    with pytest.raises(ConfigError, match="OSS_ASSIST_TIMEZONE"):
        build_calendar(timezone="Mars/Olympus", weekdays="mon-fri", hours="08:00-16:00",
                       extra_file=None)


def test_a_week_with_no_working_day_is_refused() -> None:
    cal = WorkCalendar(weekdays=frozenset({6}), closed={})
    with pytest.raises(ConfigError):
        WorkCalendar(weekdays=frozenset()).next_working_day(date(2026, 11, 2))
    assert cal.next_working_day(date(2026, 11, 2)) == date(2026, 11, 8)


def test_a_case_past_due_is_never_shown_as_zero_hours_late() -> None:
    due = wib(2026, 11, 2, 15, 59)
    evening = sla_of(CAL, due, None, wib(2026, 11, 2, 20, 0), open_case=True)
    assert evening.state == "late"
    assert evening.label().id == "terlambat < 0,1 jam kerja"
    assert evening.label().en == "late by < 0.1 working hours"
    assert sla_of(CAL, due, None, wib(2026, 11, 4, 9, 30), open_case=True
                  ).label().en == "late by 9.5 working hours"
