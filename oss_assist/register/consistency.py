"""``case verify``: the register and the audit log must tell the same story.

Every move the register holds points at its audit line (``seq`` and ``hash``); every
register event in the log must be a move the register holds, unless a ``case_move_void``
line says the database refused it; each case's stage is where its last move took it; and
the log's own chain must be intact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from oss_assist.i18n import Text
from oss_assist.register.db import CaseRow, TransitionRow
from oss_assist.register.service import VOID_EVENT, Register
from oss_assist.register.stages import EVENTS, Action

_REGISTER_EVENTS = frozenset(EVENTS.values())


@dataclass(frozen=True)
class RegisterCheck:
    """What ``verify_register`` found."""

    cases: int
    moves: int
    audit_lines: int
    problems: tuple[Text, ...]
    #: register lines of the log that no move claims: written just before a crash that
    #: kept the move from being committed (``void_orphans`` marks them void)
    orphans: tuple[int, ...] = ()

    @property
    def consistent(self) -> bool:
        return not self.problems


def verify_register(register: Register) -> RegisterCheck:
    """Compare this office's cases and moves with the audit log."""
    from oss_assist.audit import read_events, verify

    problems: list[Text] = []
    chain = verify(register.audit_log)
    if not chain.intact:
        problems.append(Text(
            f"rantai log audit tidak utuh ({len(chain.problems)} masalah); jalankan "
            "`oss-assist audit verify`.",
            f"the audit log's chain is broken ({len(chain.problems)} problems); run "
            "`oss-assist audit verify`."))
    events: dict[int, dict[str, Any]] = {}
    voided: set[int] = set()
    for _, event in read_events(register.audit_log):
        seq = event.get("seq")
        if isinstance(seq, int):
            events[seq] = event
        if event.get("event") == VOID_EVENT and isinstance(event.get("void_seq"), int):
            voided.add(event["void_seq"])
    with register.engine.connect() as connection:
        cases = {row.id: row for row in connection.execute(
            select(CaseRow.id, CaseRow.case_no, CaseRow.stage)
            .where(CaseRow.office == register.office.code))}
        moves = list(connection.execute(
            select(TransitionRow.case_id, TransitionRow.action, TransitionRow.to_stage,
                   TransitionRow.audit_seq, TransitionRow.audit_hash)
            .where(TransitionRow.case_id.in_(select(CaseRow.id)
                                             .where(CaseRow.office == register.office.code)))
            .order_by(TransitionRow.id)))
    claimed: set[int] = set()
    last_stage: dict[int, str] = {}
    for move in moves:
        case_no = cases[move.case_id].case_no
        last_stage[move.case_id] = move.to_stage
        claimed.add(move.audit_seq)
        found = events.get(move.audit_seq)
        wanted = EVENTS[Action(move.action)]
        if found is None:
            problems.append(_NOT_IN_LOG.format(case=case_no, seq=move.audit_seq))
        elif (found.get("hash") != move.audit_hash or found.get("event") != wanted
              or found.get("case_id") != case_no):
            problems.append(_DIFFERS.format(case=case_no, seq=move.audit_seq))
        elif move.audit_seq in voided:
            problems.append(_VOIDED.format(case=case_no, seq=move.audit_seq))
    for case_id, row in cases.items():
        if last_stage.get(case_id) != row.stage:
            problems.append(_STAGE.format(case=row.case_no, stage=row.stage,
                                          last=last_stage.get(case_id, "-")))
    prefix = register.office.code + "-"
    orphans: list[int] = []
    for seq, event in sorted(events.items()):
        if (event.get("event") in _REGISTER_EVENTS
                and str(event.get("case_id", "")).startswith(prefix)
                and seq not in claimed and seq not in voided):
            orphans.append(seq)
            problems.append(_NOT_IN_REGISTER.format(seq=seq, case=event.get("case_id")))
    return RegisterCheck(cases=len(cases), moves=len(moves), audit_lines=len(events),
                         problems=tuple(problems), orphans=tuple(orphans))


def void_orphans(register: Register, check: RegisterCheck, *, by: str) -> int:
    """Mark void, in the log, the register lines no move claims (a crash between the audit
    line and the database's commit); the lines themselves stay. Returns how many."""
    from oss_assist.audit import audit_logger

    log = audit_logger(register.audit_log, operator=by, office=register.office.name)
    for seq in check.orphans:
        log.warning(VOID_EVENT, void_seq=seq, reason="not_in_register")
    return len(check.orphans)


_NOT_IN_LOG = Text(
    "kasus {case}: register menunjuk baris log audit {seq}, yang tidak ada di log",
    "case {case}: the register points at audit line {seq}, which the log does not have")
_DIFFERS = Text(
    "kasus {case}: baris log audit {seq} tidak sama dengan yang dicatat register",
    "case {case}: audit line {seq} is not the one the register recorded")
_VOIDED = Text(
    "kasus {case}: langkah di baris log {seq} dinyatakan batal di log, tetapi ada di register",
    "case {case}: the move at audit line {seq} is void in the log but in the register")
_STAGE = Text(
    "kasus {case}: tahapnya '{stage}', tetapi langkah terakhirnya menuju '{last}'",
    "case {case}: its stage is '{stage}' but its last move led to '{last}'")
_NOT_IN_REGISTER = Text(
    "baris log audit {seq} mencatat langkah kasus {case} yang tidak ada di register",
    "audit line {seq} records a move of case {case} that the register lacks")
