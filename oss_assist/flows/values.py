"""Values for flow steps: profile paths, derived values, case facts and literals.

A profile path is dotted (``identitas.nik``, ``kegiatan.0.kbli``). Inside a flow run for
one activity, ``kegiatan.`` means that activity; inside a ``repeat``, ``item.`` means
the current item. Derived values (the phone in the portal's form, dates as dd/mm/yyyy,
region names as the portal spells them) are registered functions of the profile.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from oss_assist.errors import FlowError
from oss_assist.flows.model import Value
from oss_assist.i18n import Text
from oss_assist.profiles.paths import value_at


@dataclass
class Scope:
    """What a value is read from during one run."""

    profile: BaseModel
    facts: Mapping[str, Any] = field(default_factory=dict)
    activity: int = 0
    item: Any = None
    base_dir: Path = Path()  # files named in the profile are relative to its folder


Derivation = Callable[[Scope], Any]
DERIVED: dict[str, Derivation] = {}


def derived(name: str) -> Callable[[Derivation], Derivation]:
    """Register a derived value under a name flows can use."""

    def register(fn: Derivation) -> Derivation:
        DERIVED[name] = fn
        return fn

    return register


def lookup(scope: Scope, path: str) -> Any:
    """The value at a dotted path, honouring ``kegiatan.`` and ``item.``."""
    parts = path.split(".")
    root: Any = scope.profile
    if parts[0] == "item":
        root, parts = scope.item, parts[1:]
    elif parts[0] == "kegiatan" and (len(parts) == 1 or not parts[1].isdigit()):
        parts = ["kegiatan", str(scope.activity), *parts[1:]]
    try:
        return value_at(root, ".".join(parts)) if parts else root
    except LookupError as exc:
        raise FlowError(
            Text("nilai '{p}' tidak ada di profil", "value '{p}' is not in the profile")
            .format(p=path)) from exc


def as_text(value: Any) -> str:
    """How a value is typed into the portal."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # "36", never "36.0": the portal drops the dot (→ 360)
    if hasattr(value, "value") and isinstance(value.value, str):  # enums
        return str(value.value)
    return str(value)


def resolve(value: Value, scope: Scope) -> Any:
    """The raw value a step uses."""
    if value.literal is not None:
        return value.literal
    if value.fact is not None:
        if value.fact not in scope.facts:
            raise FlowError(
                Text("fakta kasus '{f}' belum tercatat", "case fact '{f}' is not recorded yet")
                .format(f=value.fact))
        return scope.facts[value.fact]
    if value.derived is not None:
        fn = DERIVED.get(value.derived)
        if fn is None:
            raise FlowError(
                Text("nilai turunan '{d}' tidak dikenal", "unknown derived value '{d}'")
                .format(d=value.derived))
        return fn(scope)
    assert value.path is not None
    return lookup(scope, value.path)


def truthy(scope: Scope, condition: str) -> bool:
    """Evaluate a step's ``when``: a profile path or ``fact:NAME``, optionally ``not:``."""
    negate = condition.startswith("not:")
    cond = condition.removeprefix("not:")
    if cond.startswith("fact:"):
        result = bool(scope.facts.get(cond.removeprefix("fact:")))
    else:
        result = bool(lookup(scope, cond))
    return result != negate


# -- checking paths against the profile model, without a profile -------------------


def _unwrap(annotation: Any) -> Any:
    """``X | None`` → X."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    return annotation


_MISSING = object()


def _type_at(model: Any, parts: list[str]) -> Any:
    """The type at a dotted path below a model (list indexes allowed), or ``_MISSING``."""
    current: Any = model
    for part in parts:
        current = _unwrap(current)
        if typing.get_origin(current) in (list, tuple):
            current = _unwrap(typing.get_args(current)[0])
            if part.isdigit():
                continue
        attribute = _attribute_type(current, part)
        if attribute is None:
            return _MISSING
        current = attribute
    return current


def path_exists(model: type[BaseModel], path: str, item_model: Any = None) -> bool:
    """Whether a dotted path names a field or property of the model."""
    parts = path.split(".")
    if parts[0] == "item":
        if item_model is None:
            return False
        return _type_at(item_model, parts[1:]) is not _MISSING
    return _type_at(model, parts) is not _MISSING


def _attribute_type(owner: Any, name: str) -> Any:
    """The type of a field or property of a model or dataclass, or None."""
    if not isinstance(owner, type):
        return None
    if issubclass(owner, BaseModel) and name in owner.model_fields:
        return owner.model_fields[name].annotation
    prop = getattr(owner, name, None)
    if isinstance(prop, property) and prop.fget is not None:
        return typing.get_type_hints(prop.fget).get("return")
    fields = getattr(owner, "__dataclass_fields__", None)
    if fields and name in fields:
        return typing.get_type_hints(owner).get(name)
    return None


def list_item_model(model: type[BaseModel], path: str) -> Any:
    """The model of the items of the list at ``path`` (for ``repeat``), or None."""
    found = _unwrap(_type_at(model, path.split(".")))
    if found is _MISSING or typing.get_origin(found) not in (list, tuple):
        return None
    return _unwrap(typing.get_args(found)[0])
