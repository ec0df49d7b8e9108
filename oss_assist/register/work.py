"""Steps 4–7 on the register: the operator's run belongs to a validated case, and its NIB
is recorded there."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from oss_assist.errors import BrowserError, FlowError
from oss_assist.i18n import Text
from oss_assist.register.procedure import NotAllowed, record_nib, start_work
from oss_assist.register.service import Register, StageError
from oss_assist.register.stages import Action, Stage, refusal
from oss_assist.register.views import CaseView
from oss_assist.runner.case_run import CaseResult, run_case
from oss_assist.settings import Settings


def run_registered(register: Register, profile_path: Path, *, settings: Settings,
                   operator: Any, flows_dir: Path, flow_names: list[str] | None = None,
                   headless: bool | None = None, page: Any = None
                   ) -> tuple[CaseView, CaseResult]:
    """Find the applicant's validated case, run the flows for it, record the NIB.

    Refuses a profile with no open case (receive it first) and a case the section head
    has not validated; resumes a case already in progress. The flows are checked and the
    browser started before the case moves to in_progress: a run that cannot reach the
    portal (no screen, no browser, a broken flow file) says why in the audit log
    (``run_refused``) and leaves the case as it was.
    """
    import hashlib

    from oss_assist.cases import archive_key, case_id_for
    from oss_assist.profiles import load_ready_profile

    profile = load_ready_profile(profile_path, policy=settings.scale_policy)
    nik = profile.identitas.nik
    key = register.applicant_key(nik)
    case = register.open_case_of(key)
    if case is None:
        raise NotAllowed(Text(
            f"Pemohon ini belum punya kasus yang berjalan di register. Terima berkasnya di "
            f"loket dulu (`oss-assist case receive {profile_path}`), lalu minta validasi "
            "Kepala Seksi.",
            f"This applicant has no open case in the register. Receive the file at the "
            f"counter first (`oss-assist case receive {profile_path}`), then have the "
            "section head validate it."))
    if case.stage not in (Stage.VALIDATED, Stage.IN_PROGRESS):
        raise StageError(refusal(case.case_no, case.stage, Action.START))
    changed = hashlib.sha256(profile_path.read_bytes()).hexdigest() != case.profile_sha256
    if changed and case.stage is Stage.VALIDATED:
        # what the operator files must be what the section head validated
        raise NotAllowed(Text(
            f"Berkas profil berubah sesudah divalidasi Kepala Seksi. Minta validasi ulang: "
            f"`oss-assist case validate {case.case_no}`.",
            f"The profile file changed after the section head validated it. Have it "
            f"validated again: `oss-assist case validate {case.case_no}`."))
    earlier = [*register.previous_cases(key),
               case_id_for(nik, archive_key(settings.archive_dir))]
    with _ready_page(settings, case.case_no, operator.name, headless, page,
                     flows_dir) as live:
        # corrections made with the applicant during the work (step 7) are recorded
        start_work(register, case.case_no, by=operator.name, profile_changed=changed)
        result = run_case(profile_path, settings=settings, operator=operator,
                          flows_dir=flows_dir, flow_names=flow_names, headless=headless,
                          page=live, case_id=case.case_no, seed_from=earlier)
    if result.nib:
        case = record_nib(register, case.case_no, result.nib, by=operator.name, by_run=True,
                          risk=result.risk)
    else:
        case = register.get(case.case_no)
    return case, result


@contextmanager
def _ready_page(settings: Settings, case_no: str, operator: str, headless: bool | None,
                page: Any, flows_dir: Path) -> Iterator[Any]:
    """The page the run will use, made ready before anything is recorded: flows checked,
    a screen there for a headed browser, the browser started. A failure is logged as
    ``run_refused`` with its reason and raised."""
    from oss_assist.audit import Event, audit_logger
    from oss_assist.browser import require_display
    from oss_assist.flows.check import load_checked
    from oss_assist.flows.derivations import PROFILE_MODEL
    from oss_assist.runner.case_run import browser_page

    stack = ExitStack()
    reason = "flows"
    try:
        load_checked(flows_dir, PROFILE_MODEL)
        live = page
        if page is None:
            headed = not (settings.headless if headless is None else headless)
            reason = "no_screen"
            if headed:
                require_display()
            reason = "browser"
            live = stack.enter_context(browser_page(settings, headless=not headed))
    except (BrowserError, FlowError) as exc:
        audit = audit_logger(settings.audit_log, case_id=case_no, operator=operator,
                             office=settings.office)
        audit.warning(Event.RUN_REFUSED, case_id=case_no, reason=reason,
                      detail=exc.render("en"))
        raise
    with stack:
        yield live
