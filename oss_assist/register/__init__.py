"""The office's case register: one record per application, from the file handed in at the
counter to the recap to the Camat, each move signed, audited and measured against the
1-working-day service time.

    register = open_register(settings)
    case, intake = receive(register, Path("profiles/siti.yaml"), by="Loket 1", policy="sop")
    validate(register, case.case_no, by="Kasi Pelayanan", policy="sop")
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from oss_assist.register.calendar import Sla, WorkCalendar, build_calendar
from oss_assist.register.procedure import (
    NotAllowed,
    archive,
    cancel,
    hand_over,
    receive,
    record_nib,
    return_file,
    start_work,
    validate,
)
from oss_assist.register.service import CaseNotFound, Conflict, Office, Register, StageError
from oss_assist.register.stages import Action, Stage
from oss_assist.register.views import CaseView, TransitionView
from oss_assist.settings import Settings

__all__ = [
    "Action",
    "CaseNotFound",
    "CaseView",
    "Conflict",
    "NotAllowed",
    "Office",
    "Register",
    "Sla",
    "Stage",
    "StageError",
    "TransitionView",
    "WorkCalendar",
    "archive",
    "calendar_of",
    "cancel",
    "hand_over",
    "open_register",
    "receive",
    "record_nib",
    "return_file",
    "start_work",
    "validate",
]


def calendar_of(settings: Settings) -> WorkCalendar:
    """The office's working calendar, as the settings describe it."""
    return build_calendar(timezone=settings.timezone, weekdays=settings.work_days,
                          hours=settings.office_hours, extra_file=settings.holidays_file)


def open_register(settings: Settings, *, clock: Callable[[], datetime] | None = None
                  ) -> Register:
    """The register the settings point at (SQLite in the archive folder by default)."""
    from oss_assist.register.db import database_url, open_engine

    engine = open_engine(database_url(settings.database_url, settings.archive_dir))
    calendar = calendar_of(settings)

    def close_day(now: datetime) -> None:
        """The first move of a day signs the log as the previous day left it."""
        from oss_assist.audit.checkpoint import close_previous_day
        from oss_assist.audit.office_key import office_key

        close_previous_day(settings.audit_log, office_key(settings.archive_dir),
                           office=settings.office, tz=calendar.tz, now=now)

    return Register(engine, office=Office(settings.office_code, settings.office),
                    archive_dir=settings.archive_dir, audit_log=settings.audit_log,
                    calendar=calendar, sla_days=settings.sla_working_days,
                    due_rule=settings.sla_due, clock=clock, before_move=close_day)
