"""Which of a step's ranked locators the engine uses, and saying so when it is a fallback.

The search itself is ``locate``'s; this module applies the flow's rules to it: a target
without fallbacks is left to the action (no cost), a fallback's use is logged and said so
the flow file can be mended, and a binding step is never found by a fallback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from oss_assist.audit import Event
from oss_assist.errors import TargetMissing
from oss_assist.flows.model import Check, Checkpoint, Click, Flow, Read, Step, Target
from oss_assist.i18n import Text
from oss_assist.runner import locate

if TYPE_CHECKING:
    from oss_assist.runner.engine import Engine


def step_target(engine: Engine, flow: Flow, step: Step) -> Step:
    """The step with its target narrowed to the one of its ranked locators that finds the
    element (a target without fallbacks, a binding step, a checkpoint: as is)."""
    target = getattr(step, "target", None)
    if (not isinstance(target, Target) or not target.fallbacks
            or isinstance(step, Checkpoint) or getattr(step, "binding", False)):
        return step
    if isinstance(step, Check | Read):
        target = engine.target_of(step)
    if step.optional:  # nothing to wait for: absent, the step is skipped
        found = locate.find_now(engine.page, target)
        if found is None:
            return step
    else:
        found = locate.find(engine.page, target, engine.ctx.timeout_ms)
    if found is None:
        engine.screenshot(step.id, "target missing", kind="failure")
        raise TargetMissing(Text(
            "langkah '{s}': tidak ada lokator yang menemukan {w} di halaman; portal mungkin "
            "berubah",
            "step '{s}': no locator finds {w} on the page; the portal may have changed",
        ).format(s=f"{flow.name}/{step.id}", w=target.describe()))
    if found.rank:
        fallback_used(engine, flow, step.id, found)
    return step.model_copy(update={"target": found.target})


def fallback_used(engine: Engine, flow: Flow, step_id: str, found: locate.Found) -> None:
    """Say, in the audit log and to the operator, which step needed which fallback, so that
    the flow file can be mended; the run goes on."""
    where = found.target.describe()
    engine.ctx.fallbacks_used.append((flow.name, step_id, found.rank, where))
    engine.ctx.audit.warning(Event.LOCATOR_FALLBACK, flow=flow.name, step=step_id,
                             rank=found.rank, locator=where)
    engine.say(Text(
        "catatan: langkah '{s}' memakai lokator cadangan #{r} ({w}); lokator pertamanya tidak "
        "lagi cocok dengan portal: perbaiki berkas alur",
        "note: step '{s}' used fallback locator #{r} ({w}); its first locator no longer "
        "matches the portal: mend the flow file",
    ).format(s=f"{flow.name}/{step_id}", r=found.rank, w=where))


def binding_target(engine: Engine, flow: Flow, step: Check | Click
                   ) -> tuple[Target | None, Target, Text | None]:
    """For a binding step: what to outline (only what its first locator finds), what to
    watch for the operator's click (never clicked), and, when nothing is outlined, the
    instruction that asks the operator to find the control himself."""
    target = step.target
    if not target.fallbacks:
        return target, target, None
    found = locate.find(engine.page, target, engine.ctx.timeout_ms)
    watch = found.target if found is not None else target
    if found is not None and found.rank == 0:
        return found.target, watch, None
    engine.ctx.audit.warning(Event.LOCATOR_FALLBACK, flow=flow.name, step=step.id,
                             rank=found.rank if found else -1, locator="(operator finds it)")
    return None, watch, Text(
        "Langkah mengikat secara hukum: {t}. Alat ini tidak dapat memastikan letak '{w}' "
        "(portal berubah). Periksa bersama pemohon, cari tombolnya sendiri, lalu klik di "
        "browser.",
        "Legally binding step: {t}. The tool cannot be sure where '{w}' is (the portal "
        "changed). Check with the applicant, find the control yourself and click it in the "
        "browser.",
    ).format(t=Text(step.title, step.title_en or step.title), w=target.describe())
