"""The one loader of flow files: YAML to strict models, errors naming file, line and step."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from oss_assist.errors import FlowError
from oss_assist.flows.model import Flow, PortalRules
from oss_assist.i18n import Text, os_reason

PORTAL_RULES_FILE = "_portal.yaml"
MAX_FLOW_BYTES = 1_000_000
M = TypeVar("M", bound=BaseModel)
#: libyaml's loader when PyYAML was built with it (several times faster), else Python's
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _node_at(root: yaml.Node, loc: tuple[int | str, ...]) -> yaml.Node:
    """The deepest YAML node that the error location reaches."""
    node = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            nxt = node.value[part] if 0 <= part < len(node.value) else None
        else:
            nxt = None
        if nxt is None:
            break
        node = nxt
    return node


def _step_id(data: Any, loc: tuple[int | str, ...]) -> str | None:
    """The id of the innermost step (or section) on the error's path."""
    found: str | None = None
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            found = node["id"]
    return found


def _parse(path: Path, model: type[M]) -> M:
    return _parse_with_root(path, model)[0]


def _parse_with_root(path: Path, model: type[M]) -> tuple[M, yaml.Node]:
    try:
        size = path.stat().st_size
        if size > MAX_FLOW_BYTES:
            raise FlowError(
                Text("berkas alur terlalu besar ({size} bita)",
                     "flow file too large ({size} bytes)").format(size=size),
                where=str(path))
        text = path.read_text(encoding="utf-8")
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except OSError as exc:
        raise FlowError(
            Text("berkas alur tidak dapat dibaca: {e}", "cannot read the flow file: {e}")
            .format(e=os_reason(exc)), where=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise FlowError(Text("bukan teks UTF-8", "not UTF-8 text"), where=str(path)) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise FlowError(
            Text("YAML tidak valid: {p}", "invalid YAML: {p}").format(p=problem), where=where
        ) from exc
    if not isinstance(data, dict) or root is None:
        raise FlowError(
            Text("isi berkas alur harus berupa mapping", "a flow file must hold a mapping"),
            where=str(path))
    try:
        return model.model_validate(data), root
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            node = _node_at(root, loc)
            step = _step_id(data, loc)
            field = ".".join(str(p) for p in loc)
            at = f"{path}:{node.start_mark.line + 1}"
            named = f"step {step!r}: " if step else ""
            lines.append(f"{at}: {named}{field}: {err['msg']}")
        raise FlowError(Text("\n".join(lines), "\n".join(lines))) from exc


def _lines(root: yaml.Node) -> dict[str, int]:
    """Line of each section (``id``) and step (``section/step``, nested ones too)."""
    def get(node: yaml.Node, key: str) -> yaml.Node | None:
        if isinstance(node, yaml.MappingNode):
            return next((v for k, v in node.value if k.value == key), None)
        return None

    lines: dict[str, int] = {}

    def steps(section_id: str, node: yaml.Node | None) -> None:
        if not isinstance(node, yaml.SequenceNode):
            return
        for step in node.value:
            ident = get(step, "id")
            if ident is not None:
                lines[f"{section_id}/{ident.value}"] = step.start_mark.line + 1
            steps(section_id, get(step, "steps"))

    sections = get(root, "sections")
    for section in sections.value if isinstance(sections, yaml.SequenceNode) else []:
        ident = get(section, "id")
        if ident is not None:
            lines[str(ident.value)] = section.start_mark.line + 1
            steps(str(ident.value), get(section, "recover"))
            steps(str(ident.value), get(section, "steps"))
    return lines


def load_flow(path: Path) -> Flow:
    """Read and validate one flow file."""
    flow, root = _parse_with_root(path, Flow)
    flow._lines = _lines(root)
    if flow.name != path.stem:
        raise FlowError(
            Text("nama alur '{n}' harus sama dengan nama berkasnya",
                 "flow name '{n}' must equal its file name").format(n=flow.name),
            where=str(path))
    return flow


def load_portal_rules(folder: Path) -> PortalRules:
    return _parse(folder / PORTAL_RULES_FILE, PortalRules)


def flow_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.name != PORTAL_RULES_FILE)


def find_flows_dir(start: Path | None = None) -> Path:
    """The ``flows/`` folder: beside the current directory, else beside the package."""
    for base in (start or Path.cwd(), Path(__file__).resolve().parents[2]):
        if (base / "flows" / PORTAL_RULES_FILE).is_file():
            return base / "flows"
    raise FlowError(Text("folder flows/ tidak ditemukan", "the flows/ folder was not found"))
