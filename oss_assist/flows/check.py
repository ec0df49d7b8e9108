"""``flow check``: every flow file loads, and every value it names exists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from oss_assist.errors import FlowError
from oss_assist.flows import values
from oss_assist.flows.loader import flow_files, load_flow, load_portal_rules
from oss_assist.flows.model import (
    Check,
    Choose,
    Fill,
    Flow,
    PickDate,
    PortalRules,
    Repeat,
    Step,
    Upload,
    Value,
    iter_steps,
)
from oss_assist.i18n import Text


def _value_problems(value: Value | None, model: type[BaseModel], item: Any) -> list[str]:
    if value is None:
        return []
    if value.path is not None and not values.path_exists(model, _strip(value.path), item):
        return [f"value path '{value.path}' is not a field of the profile"]
    if value.derived is not None and value.derived not in values.DERIVED:
        known = ", ".join(sorted(values.DERIVED))
        return [f"derived value '{value.derived}' is unknown (known: {known})"]
    return []


def _strip(path: str) -> str:
    """``kegiatan.kbli`` (the current activity) checks as ``kegiatan.0.kbli``."""
    parts = path.split(".")
    if parts[0] == "kegiatan" and len(parts) > 1 and not parts[1].isdigit():
        parts.insert(1, "0")
    return ".".join(parts)


def _step_problems(step: Step, model: type[BaseModel], item: Any) -> list[str]:
    problems: list[str] = []
    for attr in ("value",):
        problems += _value_problems(getattr(step, attr, None), model, item)
    for read in getattr(step, "items", []) or []:
        problems += _value_problems(read.value, model, item)
        if read.when and not values.path_exists(model, _strip(read.when.removeprefix("not:")),
                                                item):
            problems.append(f"read item '{read.label}': 'when' path '{read.when}' is not a "
                            "field of the profile")
    for table in getattr(step, "tables", []) or []:
        inner = values.list_item_model(model, _strip(table.over))
        if inner is None:
            problems.append(f"table '{table.label}': 'over' path '{table.over}' is not a list "
                            "in the profile")
        for column in table.columns:
            problems += [f"table '{table.label}': {p}"
                         for p in _value_problems(column.value, model, inner)]
    if step.when:
        cond = step.when.removeprefix("not:")
        if not cond.startswith("fact:") and not values.path_exists(model, _strip(cond), item):
            problems.append(f"'when' path '{step.when}' is not a field of the profile")
    if isinstance(step, Repeat):
        inner = values.list_item_model(model, _strip(step.over))
        if inner is None:
            problems.append(f"'over' path '{step.over}' is not a list in the profile")
        for sub in step.steps:
            problems += [f"{sub.id}: {p}" for p in _step_problems(sub, model, inner)]
    return problems


def flow_problems(flow: Flow, model: type[BaseModel], known_flows: set[str]
                  ) -> list[tuple[int | None, str]]:
    """What is wrong with a loaded flow: (line number when known, what), one each."""
    problems: list[tuple[int | None, str]] = [
        (None, f"requires unknown flow '{r}'") for r in flow.requires if r not in known_flows]
    for section in flow.sections:
        for step in [*section.recover, *section.steps]:
            key = f"{section.id}/{step.id}"
            problems += [(flow.line_of(key), f"step '{key}': {p}")
                         for p in _step_problems(step, model, None)]
    return problems


def is_field_step(step: Step) -> bool:
    """A step that types or chooses an applicant's value into a field of the portal."""
    if isinstance(step, Check):
        return bool(step.field) and not step.binding
    return isinstance(step, Fill | Choose | PickDate | Upload)


def flow_warnings(flow: Flow) -> list[tuple[int | None, Text]]:
    """What works but is fragile: a field step whose target has a single locator stops the
    run the day the portal renames that field."""
    warnings: list[tuple[int | None, Text]] = []
    for section in flow.sections:
        for step in iter_steps([*section.recover, *section.steps]):
            target = getattr(step, "target", None)
            if is_field_step(step) and target is not None and not target.fallbacks:
                key = f"{section.id}/{step.id}"
                shown = target.describe().replace("'", '"')  # the portal's words, quoted
                warnings.append((flow.line_of(key), Text(
                    f"langkah '{key}': target kolom {shown} hanya punya satu lokator; "
                    "tambahkan fallbacks",
                    f"step '{key}': field target {shown} has a single locator; add "
                    "fallbacks")))
    return warnings


def check_folder(folder: Path, model: type[BaseModel]
                 ) -> tuple[list[str], list[Flow], PortalRules | None]:
    """Problems of every flow file in the folder (``file[:line]: ...`` lines), the good
    flows, and the portal rules (None when they do not load)."""
    problems: list[str] = []
    rules: PortalRules | None = None
    try:
        rules = load_portal_rules(folder)
    except FlowError as exc:
        problems.append(exc.render("en"))
    loaded: list[tuple[Path, Flow]] = []
    for path in flow_files(folder):
        try:
            loaded.append((path, load_flow(path)))
        except FlowError as exc:
            problems.extend(exc.render("en").splitlines())
    names = {flow.name for _, flow in loaded}
    sessions = [flow.name for _, flow in loaded if flow.session]
    if len(sessions) > 1:
        problems.append(f"{folder}: more than one log-in flow (session: true): "
                        f"{', '.join(sessions)}")
    good = []
    for path, flow in loaded:
        found = flow_problems(flow, model, names)
        problems.extend(f"{path}:{line}: {what}" if line else f"{path}: {what}"
                        for line, what in found)
        if not found:
            good.append(flow)
    return problems, good, rules


def load_checked(folder: Path, model: type[BaseModel]) -> tuple[PortalRules, dict[str, Flow]]:
    """The portal rules and every flow, all checked: a broken flow file is refused here,
    before a browser opens, never halfway through an applicant's case."""
    problems, good, rules = check_folder(folder, model)
    if problems or rules is None:
        listed = "\n  ".join(problems)
        raise FlowError(Text(
            "berkas alur bermasalah; perbaiki lalu jalankan `oss-assist flow check`:\n  " + listed,
            "the flow files have problems; fix them, then run `oss-assist flow check`:\n  "
            + listed,
        ))
    return rules, {flow.name: flow for flow in good}
