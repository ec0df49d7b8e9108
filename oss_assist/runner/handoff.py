"""The operator finishes one step by hand when no locator finds its element; the run goes on.

Two ways on, offered in the panel and the terminal: **point at it** (the operator clicks
the element; the engine does the step there and records the locator for the flow file)
or **do it by hand** (the operator does it, then Lanjut). Either way the step's outcome is
checked before the run goes on, and the audit log records a ``manual_step``. A run allows
only a few such steps: past that the portal has changed too much to go on.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator

from oss_assist.audit import Actor, Event
from oss_assist.errors import Cancelled, PageMismatch, PortalError
from oss_assist.flows import values
from oss_assist.flows.model import Check, Choose, Click, Fill, Flow, Section, Upload
from oss_assist.i18n import Text
from oss_assist.runner import actions, locate
from oss_assist.runner.operator import CheckpointRequest

if TYPE_CHECKING:
    from oss_assist.runner.engine import Engine

#: Steps an operator may finish by hand (binding steps are always his already).
HandStep = Fill | Choose | Check | Click | Upload
TRIES = 3

#: What kind of element the picked one is: field, choice (checkbox/radio), file, button.
_KIND_JS = """e => {
  const tag = e.tagName.toLowerCase(), type = (e.getAttribute('type') || '').toLowerCase();
  const role = (e.getAttribute('role') || '').toLowerCase();
  if (tag === 'label') return 'label';
  if (tag === 'input' && type === 'file') return 'file';
  if (tag === 'input' && ['checkbox', 'radio'].includes(type)) return 'choice';
  if (['checkbox', 'radio', 'switch'].includes(role)) return 'choice';
  if (tag === 'button' || tag === 'a' || role === 'button' || role === 'link' ||
      (tag === 'input' && ['button', 'submit'].includes(type))) return 'button';
  if (tag === 'textarea' || tag === 'select' || e.isContentEditable ||
      ['textbox', 'combobox', 'searchbox', 'spinbutton'].includes(role) ||
      (tag === 'input' &&
       !['hidden', 'checkbox', 'radio', 'file', 'button', 'submit'].includes(type)))
    return 'field';
  return 'other';
}"""
_WANTED = {Fill: "field", Choose: "field", Check: "choice", Upload: "file", Click: "button"}
_KIND_WORDS = {"field": ("kolom isian", "a field"), "choice": ("kotak centang/pilihan",
               "a checkbox or radio"), "file": ("kolom unggah berkas", "a file field"),
               "button": ("tombol", "a button"), "label": ("label (tulisan) sebuah kolom",
               "a field's label"), "other": ("bagian halaman biasa", "plain page content")}
_HOLDS_VALUE_JS = """text => [...document.querySelectorAll('input, textarea')].some(
  i => i.type !== 'hidden' && i.value.trim().toLowerCase().includes(text.trim().toLowerCase()))"""
_HAS_FILE_JS = "() => [...document.querySelectorAll('input[type=file]')].some(i => i.files.length)"


def can_hand_off(step: Any) -> bool:
    return isinstance(step, HandStep) and not getattr(step, "binding", False) \
        and not getattr(step, "new_page", False)


def selector_of(picked: Locator) -> str:
    """The selector Playwright built for the element the operator pointed at."""
    found = re.search(r"selector='(.*)'>?$", repr(picked))
    return found.group(1) if found else repr(picked)


def applicant_strings(scope: values.Scope) -> list[str]:
    """The applicant's own data (4 characters or more): never kept in a flow file."""
    out: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list | tuple):
            for x in v:
                walk(x)
        elif isinstance(v, str | int) and not isinstance(v, bool) and len(str(v)) >= 4:
            out.append(str(v).casefold())

    walk(scope.profile.model_dump())
    return out


def problem_with(picked: Locator, step: HandStep, scope: values.Scope) -> Text | None:
    """Why the pointed-at element cannot be used for the step (None: it can)."""
    try:
        if picked.count() != 1:
            return Text("yang ditunjuk bukan satu elemen; tunjuk tepat pada kolomnya",
                        "what was pointed at is not one element; point right at it")
        kind: str = picked.evaluate(_KIND_JS)
    except PlaywrightError:
        return Text("elemen yang ditunjuk tidak dapat dibaca; coba lagi",
                    "the element pointed at cannot be read; try again")
    wanted = _WANTED[type(step)]
    if kind != wanted:
        got, want = _KIND_WORDS[kind], _KIND_WORDS[wanted]
        return Text(f"yang ditunjuk adalah {got[0]}, padahal langkah ini memerlukan "
                    f"{want[0]}; tidak ada yang diketik. Tunjuk lagi.",
                    f"what was pointed at is {got[1]}, but this step needs {want[1]}; nothing "
                    "was typed. Point again.")
    selector = selector_of(picked).casefold()
    if any(s in selector for s in applicant_strings(scope)):
        return Text("lokator elemen itu memuat data pemohon (isinya, bukan namanya), jadi tidak "
                    "dapat dicatat; tunjuk kolom yang masih kosong, atau kerjakan dengan tangan",
                    "that element's locator holds the applicant's data (its content, not its "
                    "name), so it cannot be recorded; point at the field while empty, or do it "
                    "by hand")
    return None


def hand_off(engine: Engine, flow: Flow, section: Section, step: HandStep,
             reason: str) -> None:
    """Ask the operator to finish the step (point at it, or do it by hand), check its
    outcome, record it; raise when the run's allowance of such steps is spent."""
    ctx = engine.ctx
    if ctx.manual_steps >= ctx.max_manual_steps:
        raise PortalError(Text(
            "portal sudah terlalu banyak berubah: {n} langkah sudah dikerjakan operator dalam "
            "jalan ini dan langkah '{s}' juga tidak ditemukan. Jalankan `oss-assist flow "
            "probe`, perbaiki berkas alur, lalu lanjutkan kasus ini.",
            "the portal has changed too much: {n} steps were already done by the operator in "
            "this run and step '{s}' is not found either. Run `oss-assist flow probe`, mend "
            "the flow files, then resume this case.",
        ).format(n=ctx.manual_steps, s=f"{flow.name}/{step.id}"))
    target = engine.target_of(step) if isinstance(step, Check) else step.target
    value = _value(engine, step)
    shown = f" = '{value}'" if value and isinstance(step, Fill | Choose) else ""
    what = Text("Alat ini tidak menemukan {w} untuk langkah '{t}'{v}. Tunjuk elemennya di "
                "halaman (Tunjuk), atau kerjakan sendiri lalu tekan Lanjut.",
                "The tool cannot find {w} for step '{t}'{v}. Point at the element in the "
                "page (Point), or do it yourself, then press Lanjut.",
                ).format(w=target.describe(), t=step.title, v=shown)
    part = (step.capture.response if step.capture else step.wait_for) \
        if isinstance(step, Click) else None
    answers: list[Any] = []

    def seen(response: Any) -> None:
        if part and part in response.url:
            answers.append(response)

    page = engine.page
    page.on("response", seen)
    try:
        for _ in range(TRIES):
            request = CheckpointRequest(flow.name, step.id, "manual", what, value=value,
                                        hint=target)
            ctx.audit.info(Event.CHECKPOINT_REACHED, flow=flow.name, step=step.id,
                           kind="manual", reason=reason)
            decision = ctx.operator.at_checkpoint(page, request)
            if not decision.proceed:
                raise Cancelled(Text(
                    "operator membatalkan pada langkah '{s}'; kasus dapat dilanjutkan nanti",
                    "the operator cancelled at step '{s}'; the case can be resumed later",
                ).format(s=f"{flow.name}/{step.id}"))
            problem = _finish(engine, section, step, decision, value, answers, part)
            if problem is None:
                ctx.manual_steps += 1
                ctx.operator_actions += 1
                fields: dict[str, Any] = {}
                if decision.picked is not None:
                    fields["locator"] = selector_of(decision.picked)
                    engine.say(Text(
                        "catatan: langkah '{s}' ditunjuk operator: {l}; perbaiki berkas alur",
                        "note: the operator pointed at step '{s}': {l}; mend the flow file",
                    ).format(s=f"{flow.name}/{step.id}", l=fields["locator"]))
                ctx.audit.warning(Event.MANUAL_STEP, flow=flow.name, step=step.id,
                                  operator=decision.actor, how=decision.how, reason=reason,
                                  actor=Actor.SCRIPTED if decision.scripted else Actor.PERSON,
                                  **fields)
                engine.screenshot(step.id, f"{step.title} (operator)")
                return
            what = problem
    finally:
        page.remove_listener("response", seen)
    raise PageMismatch(Text("langkah '{s}' belum selesai setelah {n} kali diserahkan ke "
                            "operator", "step '{s}' is not done after {n} hand-offs")
                       .format(s=f"{flow.name}/{step.id}", n=TRIES))


def _value(engine: Engine, step: HandStep) -> str:
    value = getattr(step, "value", None)
    if value is None:
        return ""
    return values.as_text(values.resolve(value, engine.ctx.scope))


def _finish(engine: Engine, section: Section, step: HandStep, decision: Any, value: str,
            answers: list[Any], part: str | None) -> Text | None:
    """Do the step at the pointed-at element, or check what the operator did by hand;
    what is wrong, or None when the step's outcome is there."""
    ctx, page = engine.ctx, engine.page
    picked = decision.picked
    try:
        if picked is not None:
            problem = problem_with(picked, step, ctx.scope)
            if problem is not None:
                return problem
            _act_at(engine, section, step, picked, value)
        if part:
            deadline = time.monotonic() + ctx.timeout_s
            while not answers and time.monotonic() < deadline:
                page.wait_for_timeout(50)
            if not answers:
                return Text("portal belum menerima klik itu; klik lagi, lalu Lanjut",
                            "the portal has not received that click; click again, then Lanjut")
            for key, fact in actions.answer_facts(answers[-1], getattr(step, "capture", None),
                                                  part).items():
                engine.set_fact(key, fact)
        elif isinstance(step, Fill | Choose) and value and not page.evaluate(_HOLDS_VALUE_JS,
                                                                             value):
            return Text("belum ada kolom yang berisi '{v}'; isi dulu, lalu Lanjut",
                        "no field holds '{v}' yet; fill it in, then Lanjut").format(v=value)
        elif isinstance(step, Upload) and not page.evaluate(_HAS_FILE_JS):
            return Text("belum ada berkas yang dipilih; pilih berkasnya, lalu Lanjut",
                        "no file is chosen yet; choose the file, then Lanjut")
    except PlaywrightError as exc:
        return Text("langkah belum berhasil: {e}", "the step did not work: {e}").format(
            e=str(exc).splitlines()[0][:160])
    return None


def _act_at(engine: Engine, section: Section, step: HandStep, picked: Locator,
            value: str) -> None:
    """The step's action at the element the operator pointed at."""
    page = engine.page
    if isinstance(step, Fill):
        picked.fill(value)
        if step.press:
            picked.press(step.press)
    elif isinstance(step, Choose):
        actions.choose(page, picked, value, search=step.search, match=step.match,
                       wait_for=step.wait_for, timeout_ms=engine.ctx.timeout_ms)
    elif isinstance(step, Check):
        actions.check(page, picked)
    elif isinstance(step, Upload):
        picked.set_input_files(str(engine.ctx.scope.base_dir / value))
    elif isinstance(step, Click):
        picked.click()


def missing(engine: Engine, step: Any) -> bool:
    """Whether no locator of the step finds its element now (after the step's waits)."""
    if not can_hand_off(step):
        return False
    target = engine.target_of(step) if isinstance(step, Check) else step.target
    return locate.find_now(engine.page, target) is None
