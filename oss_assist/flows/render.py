"""A readable listing of a flow, for ``oss-assist flow show``."""

from __future__ import annotations

from oss_assist.flows.model import Flow, Repeat, Step, Value


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


def _line(step: Step, indent: str) -> list[str]:
    target = getattr(step, "target", None)
    where = f" [{target.describe()}]" if target is not None else ""
    flags = []
    if getattr(step, "binding", False):
        flags.append("BINDING: operator clicks")
    if step.screenshot:
        flags.append("screenshot")
    if step.when:
        flags.append(f"when {step.when}")
    extra = f"  ({'; '.join(flags)})" if flags else ""
    lines = [f"{indent}{step.id:<28} {step.action:<10} {step.title}{where}"
             f"{_value(getattr(step, 'value', None))}{extra}"]
    if isinstance(step, Repeat):
        for sub in step.steps:
            lines += _line(sub, indent + "    ")
    return lines


def describe_flow(flow: Flow) -> str:
    out = [f"{flow.name}: {flow.title}"]
    if flow.description:
        out.append(flow.description.strip())
    if flow.requires:
        out.append("requires: " + ", ".join(flow.requires))
    for section in flow.sections:
        out.append(f"\n[{section.id}] {section.title}")
        if section.recover:
            out.append("  after a run that stopped before the portal's answer, first:")
            for step in section.recover:
                out += _line(step, "    ")
        for step in section.steps:
            out += _line(step, "  ")
    return "\n".join(out)
