"""The case's facts as a flow run sees them, and the flow's placeholders filled from them:
``{fact.x}`` in a path or a target, ``{value}`` and ``{item.FIELD}`` in a target."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from oss_assist.errors import PortalError
from oss_assist.flows import values
from oss_assist.flows.model import Section, Step, Target
from oss_assist.i18n import Text


def sent_fact(section: Section) -> str:
    """The fact that says the section's data was sent and its answer not yet recorded."""
    return "dikirim_" + section.id.replace("-", "_")


def with_item(target: Any, item: Any) -> Any:
    """The target with ``{item.FIELD}`` replaced by the item's values."""
    fields = {"{item." + n + "}": values.as_text(getattr(item, n))
              for n in getattr(type(item), "model_fields", {})}
    return templated(target, fields)


def with_value(target: Any, text: str) -> Any:
    """The target with ``{value}`` in its name, label or text replaced."""
    return templated(target, {"{value}": text})


_FACT = re.compile(r"\{fact\.([a-z0-9_]+)\}")


def with_facts(step: Step, facts: Mapping[str, Any]) -> Step:
    """The step with ``{fact.NAME}`` in its target filled from the case's facts."""
    target = getattr(step, "target", None)
    if not isinstance(target, Target):
        return step
    names = {n for text in _texts(target) if "{fact." in text for n in _FACT.findall(text)}
    if not names:
        return step
    fields = {"{fact." + n + "}": str(getattr(FactPath(facts), n)) for n in names}
    return step.model_copy(update={"target": templated(target, fields)})


#: The texts of a target that placeholders may stand in (its within and fallbacks too).
_TEMPLATED = ("name", "label", "text", "placeholder", "testid", "css")


def _texts(target: Any) -> Iterator[str]:
    yield from (getattr(target, k) for k in _TEMPLATED if getattr(target, k))
    yield from target.has_text
    for inner in ([target.within] if target.within is not None else []) + target.fallbacks:
        yield from _texts(inner)


def templated(target: Any, fields: dict[str, str]) -> Any:
    def fill(text: str) -> str:
        for placeholder, value in fields.items():
            text = text.replace(placeholder, value)
        return text

    update: dict[str, Any] = {k: fill(getattr(target, k)) for k in _TEMPLATED
                              if getattr(target, k)}
    if target.has_text:
        update["has_text"] = [fill(t) for t in target.has_text]
    if target.within is not None:
        update["within"] = templated(target.within, fields)
    if target.fallbacks:
        update["fallbacks"] = [templated(f, fields) for f in target.fallbacks]
    return target.model_copy(update=update)


class ActivityFacts(Mapping[str, Any]):
    """The case's facts as one run of a flow sees them: a per-activity flow's own facts
    under their plain names (``id_proyek`` is ``id_proyek_kegiatan2`` for the second
    activity), so that two activities never share a location, a project or a step done."""

    def __init__(self, case: Any, suffix: str) -> None:
        self._case = case
        self._suffix = suffix

    def name(self, plain: str) -> str:
        """The name the case record keeps this fact under."""
        return plain + self._suffix

    def __getitem__(self, plain: str) -> Any:
        return self._case.facts[self.name(plain)]

    def __iter__(self) -> Iterator[str]:
        names = list(self._case.facts)
        if not self._suffix:
            return iter(names)
        return (n.removesuffix(self._suffix) for n in names if n.endswith(self._suffix))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class FactPath:
    """Lets flow paths say ``{fact.id_proyek}``."""

    def __init__(self, facts: Mapping[str, Any]) -> None:
        self._facts = facts

    def __getattr__(self, name: str) -> Any:
        if name not in self._facts:
            raise PortalError(Text("fakta kasus '{f}' belum ada", "case fact '{f}' is missing")
                              .format(f=name))
        return self._facts[name]
