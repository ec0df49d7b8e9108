"""Steps 4–7 on the register: the operator's run belongs to a validated case, and its NIB
is recorded there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
    has not validated; resumes a case already in progress.
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
            f"pemohon ini belum punya kasus yang berjalan di register. Terima berkasnya di "
            f"loket dulu (`oss-assist case receive {profile_path}`), lalu minta validasi "
            "Kepala Seksi.",
            f"this applicant has no open case in the register. Receive the file at the "
            f"counter first (`oss-assist case receive {profile_path}`), then have the "
            "section head validate it."))
    if case.stage not in (Stage.VALIDATED, Stage.IN_PROGRESS):
        raise StageError(refusal(case.case_no, case.stage, Action.START))
    changed = hashlib.sha256(profile_path.read_bytes()).hexdigest() != case.profile_sha256
    if changed and case.stage is Stage.VALIDATED:
        # what the operator files must be what the section head validated
        raise NotAllowed(Text(
            f"berkas profil berubah sesudah divalidasi Kepala Seksi. Minta validasi ulang: "
            f"`oss-assist case validate {case.case_no}`.",
            f"the profile file changed after the section head validated it. Have it "
            f"validated again: `oss-assist case validate {case.case_no}`."))
    # corrections made with the applicant during the work (step 7) are recorded as such
    start_work(register, case.case_no, by=operator.name, profile_changed=changed)
    earlier = [*register.previous_cases(key),
               case_id_for(nik, archive_key(settings.archive_dir))]
    result = run_case(profile_path, settings=settings, operator=operator, flows_dir=flows_dir,
                      flow_names=flow_names, headless=headless, page=page,
                      case_id=case.case_no, seed_from=earlier)
    if result.nib:
        case = record_nib(register, case.case_no, result.nib, by=operator.name, by_run=True,
                          risk=result.risk)
    else:
        case = register.get(case.case_no)
    return case, result
