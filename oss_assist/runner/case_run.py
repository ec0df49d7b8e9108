"""One applicant's case, end to end: validate the profile, open the case, run the flows.

A profile that is not valid and complete never opens a browser. Flows run in order
(``registrasi`` → ``masuk`` → ``nib-umk`` by default); what the case record says is done
is skipped, so running again resumes; a flow that needs a session gets one first.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from oss_assist.audit import Event, audit_logger
from oss_assist.audit.timeline import is_sandbox
from oss_assist.errors import FlowError
from oss_assist.flows.check import load_checked
from oss_assist.flows.derivations import PROFILE_MODEL
from oss_assist.flows.model import Flow
from oss_assist.flows.values import Scope
from oss_assist.i18n import Text
from oss_assist.masking import mask_nik
from oss_assist.settings import Settings

DEFAULT_FLOWS = ("registrasi", "masuk", "nib-umk")


@dataclass
class CaseResult:
    """What the run achieved for one applicant, for the operator's table."""

    profile: Path
    case_id: str
    applicant: str  # masked NIK and the business name
    evidence_dir: Path
    nib: str | None = None
    seconds: float = 0.0
    operator_actions: int = 0
    outcome: str = "done"
    flows: list[str] = field(default_factory=list)
    #: what the portal said of the first activity's risk level, when it was read
    risk: str | None = None
    #: (flow, step, rank, locator) of each step found by a fallback locator
    fallbacks: list[tuple[str, str, int, str]] = field(default_factory=list)


def _ordered(flows: dict[str, Flow], wanted: list[str], finished: Callable[[str], bool]
             ) -> list[Flow]:
    """The wanted flows, each after what it ``requires`` (earlier in the list, finished in
    the case before, or the log-in flow, which runs whenever a session is needed)."""
    missing = [name for name in wanted if name not in flows]
    if missing:
        raise FlowError(Text("alur tidak dikenal: {n}", "unknown flow: {n}")
                        .format(n=", ".join(missing)))
    for i, name in enumerate(wanted):
        for needed in flows[name].requires:
            if not (needed in wanted[:i] or flows[needed].session or finished(needed)):
                raise FlowError(Text(
                    "alur '{f}' memerlukan alur '{r}' lebih dulu; jalankan dengan --flow {r} "
                    "--flow {f}",
                    "flow '{f}' needs flow '{r}' first; run with --flow {r} --flow {f}",
                ).format(f=name, r=needed))
    return [flows[name] for name in wanted]


@contextmanager
def browser_page(settings: Settings, *, headless: bool) -> Iterator[Any]:
    """A fresh browser and page for a case, as the settings describe them; closed after."""
    from oss_assist.browser import open_page

    with open_page(settings.browser_path, headless=headless, slow_mo_ms=settings.slow_mo_ms,
                   timeout_s=settings.step_timeout_s) as page:
        yield page


def run_case(
    profile_path: Path,
    *,
    settings: Settings,
    operator: Any,
    flows_dir: Path,
    flow_names: list[str] | None = None,
    headless: bool | None = None,
    page: Any = None,
    case_id: str | None = None,
    seed_from: list[str] | None = None,
) -> CaseResult:
    """Take one applicant through the flows; resumable; returns what was achieved.

    ``case_id``: the register's case number, which names the evidence folder and every
    audit line of the run."""
    from oss_assist.cases import open_case
    from oss_assist.profiles import load_ready_profile
    from oss_assist.runner.engine import Engine, RunContext

    profile = load_ready_profile(profile_path, policy=settings.scale_policy)
    rules, flows = load_checked(flows_dir, PROFILE_MODEL)
    wanted = list(flow_names or DEFAULT_FLOWS)
    session_flow = next((f for f in flows.values() if f.session), None)
    started = time.perf_counter()
    nik = profile.identitas.nik
    with open_case(settings.archive_dir, nik, profile_path, case_id=case_id,
                   seed_from=seed_from or ()) as case:
        ordered = _ordered(flows, wanted, case.is_finished)
        audit = audit_logger(settings.audit_log, case_id=case.id, operator=operator.name,
                             office=settings.office)
        audit.info(Event.CASE_OPENED, case_id=case.id, profile=profile_path.name,
                   nik=nik, flows=wanted, profile_changed=case.profile_changed,
                   portal=settings.portal_url, sandbox=is_sandbox(settings.portal_url))
        if case.profile_changed:
            audit.warning(Event.PROFILE_CHANGED, profile=profile_path.name)
            case.accept_profile()
        result = CaseResult(profile_path, case.id,
                            f"{mask_nik(nik)} {profile.kegiatan[0].nama_usaha}",
                            case.folder, flows=wanted)
        pending = [f for f in ordered if f.session or not case.is_finished(f.name)]
        if not any(not f.session for f in pending):
            for f in ordered:
                audit.info(Event.STEP_SKIPPED, flow=f.name, reason="finished_before")
            pending = []
        if pending:
            with _page(settings, page, headless) as live:
                ctx = RunContext(
                    page=live, urls=settings.portal_urls(), rules=rules, operator=operator,
                    case=case, audit=audit,
                    scope=Scope(profile, case.facts, base_dir=profile_path.parent),
                    timeout_s=settings.step_timeout_s, retries=settings.retries,
                    evidence_dir=case.folder,
                    say=lambda text: print(text.render(settings.lang), file=sys.stderr),
                    max_manual_steps=settings.max_manual_steps,
                )

                def relogin(run: RunContext) -> None:
                    if session_flow is not None:
                        Engine(run).run(session_flow)

                ctx.relogin = relogin
                engine = Engine(ctx)
                for flow in pending:
                    later = pending[pending.index(flow) + 1:]
                    if flow.session and later and all(f.session for f in later):
                        continue  # nothing left that needs a session
                    if flow.per_activity:
                        for index in range(len(profile.kegiatan)):
                            ctx.scope.activity = index
                            engine.run(flow)
                        case.flow_finished(flow.name)
                    else:
                        ctx.scope.activity = 0
                        engine.run(flow)
                result.operator_actions = ctx.operator_actions
                result.fallbacks = ctx.fallbacks_used
        risk = case.facts.get("tingkat_risiko")
        result.risk = risk if isinstance(risk, str) else None
        nib = case.facts.get("nib")
        if isinstance(nib, str):
            result.nib = nib
            if not case.facts.get("nib_logged"):
                from oss_assist.evidence import save_document

                saved = save_document(case.folder, "nib.txt", f"{nib}\n".encode(),
                                      flow="nib-umk", step_name="Nomor NIB")
                audit.info(Event.NIB_ISSUED, nib=nib, file=saved.name, sha256=saved.sha256)
                case.set_fact("nib_logged", True)
        result.seconds = time.perf_counter() - started
        return result


@contextmanager
def _page(settings: Settings, page: Any, headless: bool | None) -> Iterator[Any]:
    if page is not None:
        yield page
        return
    with browser_page(settings, headless=settings.headless if headless is None else headless
                      ) as fresh:
        yield fresh
