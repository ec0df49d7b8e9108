"""The register: every move of a case, checked against the procedure, signed by who made
it, written to the hash-chained audit log and to the database as one step.

    register = open_register(settings)
    case = register.receive(Path("profiles/siti.yaml"), by="Petugas Loket 1")
    register.validate(case.case_no, by="Kasi Pelayanan")

A move takes the case's row lock (SQLite: the write lock, taken at BEGIN), checks the
stage, writes the audit line, then records the transition with that line's ``seq`` and
``hash`` and commits. Two people moving one case at once: the second waits, then finds
the case already moved and is told so. Nothing is half-written: if the database refuses
the commit after the audit line was written, a ``case_move_void`` line says so.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from oss_assist.errors import ConfigError, InputError, OssAssistError
from oss_assist.i18n import Text
from oss_assist.register.calendar import DueRule, WorkCalendar
from oss_assist.register.db import CaseRow, CounterRow, SecretRow, TransitionRow, unavailable
from oss_assist.register.stages import EVENTS, MOVES, Action, Stage, refusal
from oss_assist.register.views import CaseView, TransitionView, case_view, transition_view

#: An ``--at`` may be this far ahead of the clock (two PCs' clocks differ a little).
CLOCK_SKEW = timedelta(minutes=5)
VOID_EVENT = "case_move_void"


class StageError(OssAssistError):
    """The case is not in a stage that allows the move (exit 3)."""

    exit_code = 3


class CaseNotFound(InputError):
    """No case with that number (exit 4)."""

    exit_code = 4


class Conflict(OssAssistError):
    """Someone else moved the case at the same moment (exit 5)."""

    exit_code = 5


@dataclass(frozen=True)
class Office:
    """Who keeps this register, as its records and letterhead name it."""

    code: str  # the case-number prefix, e.g. RNY
    name: str  # as the audit log names the office


class Register:
    """The case register of one office (on a database that may hold several)."""

    def __init__(self, engine: Engine, *, office: Office, archive_dir: Path, audit_log: Path,
                 calendar: WorkCalendar, sla_days: int = 1, due_rule: DueRule = "same_time",
                 clock: Callable[[], datetime] | None = None,
                 before_move: Callable[[datetime], None] | None = None) -> None:
        self.engine = engine
        #: moves take SQLite's write lock when they begin; reads do not
        self._writer = engine.execution_options(immediate=True)
        self.office = office
        self.archive_dir = archive_dir
        self.audit_log = audit_log
        self.calendar = calendar
        self.sla_days = sla_days
        self.due_rule = due_rule
        self._clock = clock or (lambda: datetime.now(UTC))
        #: called with the current time before each move (closes the previous day's log)
        self._before_move = before_move

    def now(self) -> datetime:
        return self._clock()

    # --- reading ----------------------------------------------------------------------

    def get(self, case_no: str) -> CaseView:
        with self._session() as session:
            return case_view(self._row(session, case_no), self.calendar, self.now())

    def history(self, case_no: str) -> list[TransitionView]:
        """The case's moves, oldest first."""
        with self._session() as session:
            row = self._row(session, case_no)
            found = session.scalars(select(TransitionRow).where(TransitionRow.case_id == row.id)
                                    .order_by(TransitionRow.id))
            return [transition_view(t) for t in found]

    def applicant_key(self, nik: str) -> str:
        """The applicant's key in the register: keyed by a secret kept in the register's
        database, so every PC of a shared register finds the same applicant, and the key
        does not give the NIK away (the masked NIK hides only the birth date)."""
        return applicant_key(nik, self._secret("applicant_key"))

    def _secret(self, name: str) -> bytes:
        import secrets

        with self._session() as session:
            found = session.get(SecretRow, name)
        if found is None:
            try:
                with self._session(write=True) as session:
                    session.add(SecretRow(name=name, value=secrets.token_hex(32)))
            except Conflict:
                pass  # another PC made it first: theirs is the one
            with self._session() as session:
                found = session.get(SecretRow, name)
        assert found is not None
        return bytes.fromhex(found.value)

    def previous_cases(self, applicant_key: str) -> list[str]:
        """The applicant's earlier cases, newest first."""
        with self._session() as session:
            return list(session.scalars(select(CaseRow.case_no)
                                        .where(CaseRow.applicant_key == applicant_key)
                                        .order_by(CaseRow.id.desc())))

    def open_case_of(self, applicant_key: str) -> CaseView | None:
        """The applicant's open case, if there is one."""
        with self._session() as session:
            row = session.scalars(select(CaseRow).where(CaseRow.open_key == applicant_key)
                                  ).one_or_none()
            return None if row is None else case_view(row, self.calendar, self.now())

    def cases(self, *, stage: Stage | None = None, late: bool = False,
              office: str | None = None, limit: int | None = None,
              since: datetime | None = None) -> list[CaseView]:
        """Cases, newest first: of this office unless ``office`` is ``"*"``."""
        now = self.now()
        query = select(CaseRow).order_by(CaseRow.received_at.desc(), CaseRow.id.desc())
        scope = self.office.code if office is None else office
        if scope != "*":
            query = query.where(CaseRow.office == scope)
        if stage is not None:
            query = query.where(CaseRow.stage == stage.value)
        if late:
            query = query.where(CaseRow.open_key.is_not(None), CaseRow.due_at < now)
        if since is not None:
            query = query.where(CaseRow.received_at >= since)
        if limit is not None:
            query = query.limit(limit)
        with self._session() as session:
            return [case_view(r, self.calendar, now) for r in session.scalars(query)]

    # --- the moves --------------------------------------------------------------------

    def create(self, fields: dict[str, Any], *, received: bool, by: str,
               at: datetime | None, detail: dict[str, Any], applicant_key: str) -> CaseView:
        """Record a file handed in at the counter: ``received``, or ``returned`` at once."""
        now = self.now()
        when, late = self._when(at, now)
        stage = Stage.RECEIVED if received else Stage.RETURNED
        self._close_day(now)
        with self._session(write=True) as session:
            if received:
                taken = session.scalars(select(CaseRow.case_no)
                                        .where(CaseRow.open_key == applicant_key)).first()
                if taken is not None:
                    raise StageError(Text(
                        f"Pemohon ini sudah punya kasus yang masih berjalan: {taken}. "
                        f"Lanjutkan kasus itu (`oss-assist case show {taken}`), atau batalkan "
                        "dulu dengan alasannya.",
                        f"This applicant already has an open case: {taken}. Carry on with "
                        f"that one (`oss-assist case show {taken}`), or cancel it first with "
                        "a reason."))
            row = CaseRow(
                **fields, case_no=self._next_number(session, when), office=self.office.code,
                stage=stage.value, version=1, applicant_key=applicant_key,
                open_key=applicant_key if received else None, received_at=when,
                received_by=by, late_entry=late, nib_by_hand=False,
                due_at=(self.calendar.due(when, self.sla_days, self.due_rule)
                        if received else None),
                closed_at=None if received else when,
            )
            session.add(row)
            session.flush()
            self._record(session, row, Action.RECEIVE, None, stage, by=by, when=when,
                         now=now, late=late, detail=detail)
            return case_view(row, self.calendar, now)

    def move(self, case_no: str, action: Action, *, by: str, at: datetime | None = None,
             detail: dict[str, Any] | None = None,
             change: Callable[[CaseRow, datetime], None] | None = None,
             check: Callable[[CaseRow], None] | None = None) -> CaseView:
        """Take ``action`` on a case if its stage allows it; ``check`` may refuse it
        first, ``change`` sets the row's other fields."""
        now = self.now()
        when, late = self._when(at, now)
        self._close_day(now)
        with self._session(write=True) as session:
            row = self._row(session, case_no, lock=True)
            froms, to = MOVES[action]
            stage = Stage(row.stage)
            if stage not in froms:
                raise StageError(refusal(row.case_no, stage, action))
            if check is not None:
                check(row)
            previous = session.scalar(select(func.max(TransitionRow.at))
                                      .where(TransitionRow.case_id == row.id))
            if previous is not None and when < previous:
                raise InputError(_BEFORE_PREVIOUS.format(
                    at=self.calendar.local(when).strftime("%Y-%m-%d %H:%M"),
                    prev=self.calendar.local(previous).strftime("%Y-%m-%d %H:%M")))
            version = row.version
            if change is not None:
                change(row, when)
            row.stage = to.value
            row.late_entry = row.late_entry or late
            if to not in (Stage.RECEIVED, Stage.VALIDATED, Stage.IN_PROGRESS,
                          Stage.NIB_ISSUED, Stage.ARCHIVED):
                row.open_key = None
            moved = _count(session.execute(
                update(CaseRow).where(CaseRow.id == row.id, CaseRow.version == version)
                .values(version=version + 1)))
            if moved != 1:
                raise Conflict(_CONFLICT.format(case=row.case_no))
            row.version = version + 1
            self._record(session, row, action, stage, to, by=by, when=when, now=now,
                         late=late, detail=detail or {})
            return case_view(row, self.calendar, now)

    # --- internals --------------------------------------------------------------------

    @contextmanager
    def _session(self, *, write: bool = False) -> Iterator[Session]:
        """One transaction, committed at the end; the database's own errors become one
        clear message. When the commit fails after a move's audit line was written, a
        ``case_move_void`` line says that move did not happen."""
        session = Session(self._writer if write else self.engine, expire_on_commit=False)
        try:
            session.begin()
            yield session
            session.commit()
        except BaseException as exc:
            session.rollback()
            written = session.info.get("sealed")
            if written is not None:
                log, seq = written
                log.warning(VOID_EVENT, void_seq=seq, reason=type(exc).__name__)
            if isinstance(exc, IntegrityError):
                raise _clash(exc) from exc
            if isinstance(exc, DataError):
                raise InputError(_TOO_LONG) from exc
            if isinstance(exc, SQLAlchemyError):
                raise unavailable(str(self.engine.url), exc) from exc
            raise
        finally:
            session.close()

    def _row(self, session: Session, case_no: str, *, lock: bool = False) -> CaseRow:
        query = select(CaseRow).where(CaseRow.case_no == case_no.strip().upper())
        if lock:
            query = query.with_for_update()
        row = session.scalars(query).one_or_none()
        if row is None:
            raise CaseNotFound(Text(
                f"Kasus {case_no} tidak ada di register. Lihat daftarnya dengan "
                "`oss-assist case list`.",
                f"Case {case_no} is not in the register. See the list with "
                "`oss-assist case list`."))
        return row

    def _when(self, at: datetime | None, now: datetime) -> tuple[datetime, bool]:
        """When the move really happened, and whether it is being written down late."""
        if at is None:
            return now, False
        if at.tzinfo is None:
            at = at.replace(tzinfo=self.calendar.tz)
        at = at.astimezone(UTC)
        if at > now + CLOCK_SKEW:
            raise InputError(Text(
                "Waktu --at ada di masa depan. Tulis waktu kejadian yang sebenarnya, "
                "misalnya --at '2026-11-30 09:15'.",
                "The --at time is in the future. Give the real time it happened, e.g. "
                "--at '2026-11-30 09:15'."))
        return at, True

    def _next_number(self, session: Session, when: datetime) -> str:
        year = self.calendar.local(when).year
        code = self.office.code
        bumped = _count(session.execute(update(CounterRow)
                                        .where(CounterRow.office == code,
                                               CounterRow.year == year)
                                        .values(last=CounterRow.last + 1)))
        if not bumped:
            session.add(CounterRow(office=code, year=year, last=1))
            session.flush()
        last = session.scalar(select(CounterRow.last).where(CounterRow.office == code,
                                                            CounterRow.year == year))
        return f"{code}-{year}-{last:05d}"

    def _record(self, session: Session, row: CaseRow, action: Action, from_stage: Stage | None,
                to: Stage, *, by: str, when: datetime, now: datetime, late: bool,
                detail: dict[str, Any]) -> None:
        """Write the audit line, then the transition that points at it, then commit."""
        from oss_assist.audit import audit_logger

        log = audit_logger(self.audit_log, case_id=row.case_no, operator=by,
                           office=self.office.name)
        fields: dict[str, Any] = {"stage_from": from_stage.value if from_stage else None,
                                  "stage_to": to.value, "at": when.isoformat(), **detail}
        if late:
            fields["entered_late"] = True
            fields["entered_at"] = now.isoformat()
        session.flush()  # the database's checks first: a refused row writes no audit line
        sealed = log.info(EVENTS[action], **fields)
        session.info["sealed"] = (log, sealed.seq)
        session.add(TransitionRow(
            case_id=row.id, action=action.value,
            from_stage=from_stage.value if from_stage else None, to_stage=to.value, by=by,
            at=when, entered_at=now, late_entry=late, detail=detail,
            audit_seq=sealed.seq, audit_hash=sealed.hash))

    def _close_day(self, now: datetime) -> None:
        if self._before_move is not None:
            self._before_move(now)


def _clash(exc: IntegrityError) -> OssAssistError:
    """Two people did the same at once: say what the other one did."""
    if "open_key" in str(exc.orig):
        return Conflict(Text(
            "Pemohon ini baru saja diterima di loket lain; tidak ada yang tersimpan dari "
            "perintah ini. Lihat `oss-assist case list`.",
            "This applicant was just received at another counter; nothing of this command "
            "was saved. See `oss-assist case list`."))
    return Conflict(Text(
        "Orang lain mencatat pada saat yang sama; tidak ada yang tersimpan dari perintah "
        "ini. Ulangi perintahnya.",
        "Someone else recorded at the same moment; nothing of this command was saved. "
        "Repeat the command."))


def _count(result: Any) -> int:
    """The rows an UPDATE changed."""
    return int(result.rowcount)


def applicant_key(nik: str, key: bytes) -> str:
    """The applicant's key in the register: keyed, so it does not give the NIK away."""
    return hmac.new(key, nik.strip().encode("ascii", "replace"), hashlib.sha256).hexdigest()


def ensure_db_ready(engine: Engine) -> None:
    """Fail early, with a clear message, when the database cannot be reached."""
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("select 1")
    except SQLAlchemyError as exc:
        raise unavailable(str(engine.url), exc) from exc


_CONFLICT = Text(
    "Kasus {case} baru saja diubah oleh orang lain pada saat yang sama; tidak ada yang "
    "tersimpan dari perintah ini. Lihat keadaannya sekarang (`oss-assist case show {case}`) "
    "lalu ulangi bila masih perlu.",
    "Case {case} was changed by someone else at the same moment; nothing of this command "
    "was saved. Look at it now (`oss-assist case show {case}`) and repeat if still needed.",
)
_TOO_LONG = Text(
    "Isian terlalu panjang untuk register (nomor SKU, desa: paling banyak 100 huruf); "
    "perbaiki lalu ulangi.",
    "A value is too long for the register (SKU number, desa: 100 characters at most); "
    "correct it and repeat.",
)
_BEFORE_PREVIOUS = Text(
    "Waktu {at} lebih awal dari langkah sebelumnya kasus ini ({prev}); periksa --at.",
    "The time {at} is earlier than this case's previous step ({prev}); check --at.",
)
__all__ = ["CaseNotFound", "ConfigError", "Conflict", "Office", "Register", "StageError"]
