"""The audit logger: a structlog logger bound to one hash-chained JSON-lines file."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import structlog
from structlog.typing import EventDict, FilteringBoundLogger, WrappedLogger

from oss_assist.audit.chain import ChainWriter
from oss_assist.audit.processors import audit_processors

_BoundLogger = structlog.make_filtering_bound_logger(logging.NOTSET)


def audit_logger(
    path: Path,
    *,
    case_id: str | None = None,
    operator: str = "",
    office: str = "",
    **context: Any,
) -> FilteringBoundLogger:
    """A logger whose every event becomes one sealed line of the audit log at ``path``.

    It carries its own processors and writer, so it works the same whatever global
    structlog configuration the application or a test has set; several may be open at
    once, on one file or on several. ``operator`` and ``office`` (and ``case_id`` when
    given) go into every line; ``bind`` adds more.
    """
    initial: dict[str, Any] = {"operator": operator, "office": office, **context}
    if case_id is not None:
        initial["case_id"] = case_id
    logger: FilteringBoundLogger = structlog.wrap_logger(
        ChainWriter(path),
        processors=[*audit_processors(), _hand_over],
        wrapper_class=_BoundLogger,
        context_class=dict,
        cache_logger_on_first_use=False,
    ).bind(**initial)
    return logger


def _hand_over(
    _: WrappedLogger, __: str, event_dict: EventDict
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """Pass the finished event to ``ChainWriter.write`` as one argument."""
    return (dict(event_dict),), {}
