"""The readable timeline of an audit log that ``oss-assist audit show`` prints."""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from oss_assist.audit.chain import read_lines
from oss_assist.audit.events import LABELS, Event
from oss_assist.i18n import DEFAULT_LANG, Lang, Text

# Chain and context fields: in every line, so not repeated in the details.
_HIDDEN = frozenset({"ts", "seq", "prev", "hash", "level", "event", "case_id", "office"})
_UNREADABLE = Text("[baris tidak terbaca]", "[unreadable line]")
_NO_CASE = "-"


def show(
    path: Path,
    *,
    case_id: str | None = None,
    lang: Lang = DEFAULT_LANG,
    tz: tzinfo | None = None,
) -> list[str]:
    """One line per event: line number, local time, case, what happened, key details.

    ``tz`` defaults to the computer's own time zone (WIB at the office).
    """
    out: list[str] = []
    for no, record in read_lines(path):
        if record is None:
            if case_id is None:
                out.append(f"{no:>5}  {_UNREADABLE.render(lang)}")
            continue
        case = record.get("case_id") or _NO_CASE
        if case_id is not None and case != case_id:
            continue
        event = str(record.get("event", "?"))
        label = LABELS[event].render(lang) if event in LABELS else event
        time = _local_time(record.get("ts"), tz)
        details = _details(record)
        out.append(f"{no:>5}  {time}  {case:<14}  {label:<20}  {details}".rstrip())
    return out


def _local_time(value: Any, tz: tzinfo | None) -> str:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return "?".ljust(19)
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")


def _details(record: dict[str, Any]) -> str:
    keys = [k for k in record if k not in _HIDDEN]
    if record.get("event") != Event.OPERATOR_DECISION:
        # the operator is named where a decision was made, not on every line
        keys = [k for k in keys if k != "operator"]
    return " ".join(f"{key}={_value(key, record[key])}" for key in keys)


def _value(key: str, value: Any) -> str:
    if isinstance(value, str):
        if key.endswith("sha256") and len(value) > 12:
            return value[:12] + "…"
        if value and not any(ch.isspace() for ch in value) and '"' not in value:
            return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
