"""What the register shows of a case: a read-only snapshot with its SLA, for lists, pages
and receipts (personal data already masked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from oss_assist.i18n import Lang
from oss_assist.register.calendar import Sla, WorkCalendar, sla_of
from oss_assist.register.db import CaseRow, TransitionRow
from oss_assist.register.stages import OPEN, STAGE_LABELS, Action, Stage


@dataclass(frozen=True)
class TransitionView:
    """One move of a case."""

    action: Action
    from_stage: Stage | None
    to_stage: Stage
    by: str
    at: datetime
    entered_at: datetime
    late_entry: bool
    detail: dict[str, Any]
    audit_seq: int
    audit_hash: str

    @property
    def verification_code(self) -> str:
        """The short code a receipt carries: the audit line's number and hash prefix."""
        return f"A{self.audit_seq}-{self.audit_hash[:8].upper()}"


@dataclass(frozen=True)
class CaseView:
    """One case as the register knows it, with its SLA at ``now``."""

    case_no: str
    office: str
    stage: Stage
    version: int
    name: str
    nik_masked: str
    sex: str
    business_name: str
    desa: str
    kbli: tuple[str, ...]
    kbli_section: str
    scale: str
    scale_policy: str
    risk: str | None
    profile_path: str
    profile_sha256: str
    requirements: dict[str, bool]
    sku_number: str | None
    sku_date: Any
    sku_desa: str | None
    received_at: datetime
    received_by: str
    due_at: datetime | None
    validated_at: datetime | None
    started_at: datetime | None
    nib_at: datetime | None
    archived_at: datetime | None
    handed_over_at: datetime | None
    closed_at: datetime | None
    nib: str | None
    nib_by_hand: bool
    seal_sha256: str | None
    reason: str | None
    late_entry: bool
    sla: Sla
    hours_to_nib: float | None
    hours_to_hand_over: float | None

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN

    def stage_label(self, lang: Lang = "id") -> str:
        return STAGE_LABELS[self.stage].render(lang)

    def as_json(self) -> dict[str, Any]:
        """For ``--json``: plain values, times in ISO 8601 (UTC)."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, Sla):
                value = {"state": value.state, "late_working_hours": round(value.late_hours, 2)}
            elif isinstance(value, tuple):
                value = list(value)
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            out[name] = value
        out.pop("profile_path", None)  # a path of the counter's PC, not the case's
        return out


def case_view(row: CaseRow, calendar: WorkCalendar, now: datetime) -> CaseView:
    """The snapshot of a row at ``now``."""
    stage = Stage(row.stage)
    start = row.received_at
    return CaseView(
        case_no=row.case_no, office=row.office, stage=stage, version=row.version,
        name=row.name, nik_masked=row.nik_masked, sex=row.sex,
        business_name=row.business_name, desa=row.desa,
        kbli=tuple(k for k in row.kbli.split(",") if k), kbli_section=row.kbli_section,
        scale=row.scale, scale_policy=row.scale_policy, risk=row.risk,
        profile_path=row.profile_path, profile_sha256=row.profile_sha256,
        requirements=dict(row.requirements), sku_number=row.sku_number,
        sku_date=row.sku_date, sku_desa=row.sku_desa,
        received_at=row.received_at, received_by=row.received_by, due_at=row.due_at,
        validated_at=row.validated_at, started_at=row.started_at, nib_at=row.nib_at,
        archived_at=row.archived_at, handed_over_at=row.handed_over_at,
        closed_at=row.closed_at, nib=row.nib, nib_by_hand=row.nib_by_hand,
        seal_sha256=row.seal_sha256, reason=row.reason, late_entry=row.late_entry,
        sla=sla_of(calendar, row.due_at, row.handed_over_at, now, open_case=stage in OPEN),
        hours_to_nib=(calendar.working_hours(start, row.nib_at)
                      if row.nib_at and row.due_at else None),
        hours_to_hand_over=(calendar.working_hours(start, row.handed_over_at)
                            if row.handed_over_at and row.due_at else None),
    )


def transition_view(row: TransitionRow) -> TransitionView:
    return TransitionView(
        action=Action(row.action),
        from_stage=Stage(row.from_stage) if row.from_stage else None,
        to_stage=Stage(row.to_stage), by=row.by, at=row.at, entered_at=row.entered_at,
        late_entry=row.late_entry, detail=dict(row.detail), audit_seq=row.audit_seq,
        audit_hash=row.audit_hash,
    )
