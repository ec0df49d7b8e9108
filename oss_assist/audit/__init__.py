"""The audit log: one hash-chained JSON line per meaningful action, for supervisors.

Write::

    log = audit_logger(settings.audit_log, case_id=case.id,
                       operator=settings.operator_name, office=settings.office)
    log.info(Event.FLOW_STARTED, flow="registrasi")
    log.info(Event.OPERATOR_DECISION, flow="registrasi", step="kirim", proceed=True,
             actor=Actor.PERSON)

Read: ``verify(path)`` names every edited, inserted, deleted or moved line;
``show(path, case_id=...)`` gives a readable timeline; ``read_events`` the raw events.

Secrets (password, OTP, CAPTCHA, token; by key, or as the value of a field so named)
never reach the file; NIK, phone and e-mail are masked by key and inside free text.
"""

from oss_assist.audit.chain import (
    ChainReport,
    Problem,
    ProblemKind,
    Sealed,
    read_events,
    verify,
)
from oss_assist.audit.events import Actor, Event
from oss_assist.audit.logger import audit_logger
from oss_assist.audit.processors import audit_processors
from oss_assist.audit.timeline import show
from oss_assist.masking import SECRET_PLACEHOLDER, is_secret_key

__all__ = [
    "SECRET_PLACEHOLDER",
    "Actor",
    "ChainReport",
    "Event",
    "Problem",
    "ProblemKind",
    "Sealed",
    "audit_logger",
    "audit_processors",
    "is_secret_key",
    "read_events",
    "show",
    "verify",
]
