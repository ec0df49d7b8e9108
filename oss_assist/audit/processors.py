"""structlog processors for the audit log: check, stamp, strip secrets, mask personal data.

Each is a plain callable ``(logger, method_name, event_dict) -> event_dict``; the
application's own console logging may reuse ``drop_secrets`` and ``mask_personal`` too.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from oss_assist.audit.events import REQUIRED, Actor, Event
from oss_assist.masking import SECRET_PLACEHOLDER, is_secret_key, mask_value

#: Keys whose values are hashes, counters or identifiers made by oss-assist. The phone
#: pattern in ``mask_text`` would otherwise eat digit runs in them (an NIB starts with 8).
UNMASKED_KEYS = frozenset(
    {"ts", "seq", "prev", "hash", "sha256", "case_id", "file", "nib", "damaged_line"}
)

_VALUE_KEYS = frozenset({"value", "values", "text", "typed", "input"})
_FIELD_NAME_KEYS = ("field", "name", "label")
_EVENT_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")


def check_event(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """Refuse an event that is not snake_case or lacks the fields its name requires."""
    name = event_dict.get("event")
    if not isinstance(name, str) or not _EVENT_NAME.match(name):
        raise ValueError(f"audit event name must be snake_case, got {name!r}")
    missing = [key for key in sorted(REQUIRED.get(name, ())) if event_dict.get(key) in (None, "")]
    if missing:
        raise ValueError(f"audit event {name!r} lacks {', '.join(missing)}")
    if name == Event.OPERATOR_DECISION and event_dict["actor"] not in set(Actor):
        raise ValueError(f"operator_decision actor must be one of {[a.value for a in Actor]}")
    return event_dict


def summarize_exception(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """Replace ``exc_info`` by one line (type and message): tracebacks do not belong here."""
    exc_info = event_dict.pop("exc_info", None)
    if not exc_info:
        return event_dict
    if isinstance(exc_info, BaseException):
        exc: BaseException | None = exc_info
    elif isinstance(exc_info, tuple):
        exc = exc_info[1]
    else:
        exc = sys.exc_info()[1]
    if exc is not None:
        event_dict.setdefault("exception", f"{type(exc).__name__}: {exc}")
    return event_dict


def add_timestamp(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """Stamp the event with the current time, ISO 8601 in UTC; a caller cannot set it."""
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    event_dict["ts"] = now.replace("+00:00", "Z")
    return event_dict


def drop_secrets(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """Replace the value of every secret key, and the typed value of a secret field."""
    return _without_secrets(event_dict)


def mask_personal(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """Mask NIK, phone and e-mail, by key and inside free text, at any depth."""
    return {
        key: value if key in UNMASKED_KEYS or key.endswith("sha256") else _mask(key, value)
        for key, value in event_dict.items()
    }


def audit_processors() -> list[Processor]:
    """The audit pipeline in order, without the final hand-over to the file writer."""
    return [
        check_event,
        summarize_exception,
        structlog.processors.add_log_level,
        add_timestamp,
        drop_secrets,
        mask_personal,
    ]


def _without_secrets(data: Mapping[str, Any]) -> dict[str, Any]:
    secret_field = any(
        isinstance(data.get(key), str) and is_secret_key(data[key]) for key in _FIELD_NAME_KEYS
    )
    out: dict[str, Any] = {}
    for key, value in data.items():
        if is_secret_key(str(key)) or (secret_field and key in _VALUE_KEYS):
            out[key] = SECRET_PLACEHOLDER
        elif isinstance(value, Mapping):
            out[key] = _without_secrets(value)
        elif isinstance(value, list | tuple):
            out[key] = [_without_secrets(v) if isinstance(v, Mapping) else v for v in value]
        else:
            out[key] = value
    return out


def _mask(key: str, value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _mask(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_mask(key, v) for v in value]
    return mask_value(key, value)
