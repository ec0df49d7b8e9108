"""A readable listing of a flow, for ``oss-assist flow show``."""

from __future__ import annotations

from oss_assist.flows.model import Flow, Repeat, Step, Value
from oss_assist.i18n import Lang, Text

_BINDING = Text("MENGIKAT: operator yang mengklik", "BINDING: the operator clicks")
_SHOT = Text("tangkapan layar", "screenshot")
_WHEN = Text("bila {w}", "when {w}")
_REQUIRES = Text("memerlukan: {r}", "requires: {r}")
_RECOVER = Text("setelah jalan yang berhenti sebelum jawaban portal, lebih dulu:",
                "after a run that stopped before the portal's answer, first:")
_CHECKED = Text("{name}: ok ({sections} bagian, {steps} langkah)",
                "{name}: ok ({sections} sections, {steps} steps)")


def _value(v: Value | None) -> str:
    if v is None:
        return ""
    if v.path:
        return f" ← {v.path}"
    if v.derived:
        return f" ← derived:{v.derived}"
    if v.fact:
        return f" ← fact:{v.fact}"
    return f" ← '{v.literal}'"


def _line(step: Step, indent: str, lang: Lang) -> list[str]:
    target = getattr(step, "target", None)
    where = f" [{target.describe()}]" if target is not None else ""
    flags = []
    if getattr(step, "binding", False):
        flags.append(_BINDING.render(lang))
    if step.screenshot:
        flags.append(_SHOT.render(lang))
    if step.when:
        flags.append(_WHEN.format(w=step.when).render(lang))
    extra = f"  ({'; '.join(flags)})" if flags else ""
    title = (step.title_en or step.title) if lang == "en" else step.title
    lines = [f"{indent}{step.id:<28} {step.action:<10} {title}{where}"
             f"{_value(getattr(step, 'value', None))}{extra}"]
    if isinstance(step, Repeat):
        for sub in step.steps:
            lines += _line(sub, indent + "    ", lang)
    return lines


def flow_title(flow: Flow, lang: Lang) -> str:
    """The flow's title in the chosen language."""
    return (flow.title_en or flow.title) if lang == "en" else flow.title


def checked_line(flow: Flow, lang: Lang) -> str:
    """One line of ``flow check`` for a flow that passed."""
    steps = sum(len(s.steps) for s in flow.sections)
    return _CHECKED.format(name=flow.name, sections=len(flow.sections), steps=steps).render(lang)


def describe_flow(flow: Flow, lang: Lang = "id") -> str:
    """The flow's sections and steps in the chosen language (a target is the portal's
    own words, in Indonesian)."""
    out = [f"{flow.name}: {flow_title(flow, lang)}"]
    description = flow.description_en if lang == "en" else flow.description
    if description:
        out.append(description.strip())
    if flow.requires:
        out.append(_REQUIRES.format(r=", ".join(flow.requires)).render(lang))
    for section in flow.sections:
        title = (section.title_en or section.title) if lang == "en" else section.title
        out.append(f"\n[{section.id}] {title}")
        if section.recover:
            out.append("  " + _RECOVER.render(lang))
            for step in section.recover:
                out += _line(step, "    ", lang)
        for step in section.steps:
            out += _line(step, "  ", lang)
    return "\n".join(out)
