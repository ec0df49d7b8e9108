"""The audit log: one hash-chained JSON line per meaningful action, for supervisors.

Write::

    log = audit_logger(settings.audit_log, case_id=case.id,
                       operator=settings.operator_name, office=settings.office)
    log.info(Event.FLOW_STARTED, flow="registrasi")
    log.info(Event.OPERATOR_DECISION, flow="registrasi", step="kirim", proceed=True,
             actor=Actor.PERSON)

Read: ``verify(path)`` names every edited, inserted, deleted or moved line;
``show(path, case_id=...)`` gives a readable timeline; ``read_events`` the raw events.

Close the day: ``close_previous_day(path, office_key(archive_dir), office=..., tz=...,
now=...)`` before each transition signs the previous day's head (a checkpoint), so that
``verify_against(path, parse_checkpoint(text), load_public_key(pub))`` later finds lines
cut from the end, or a rewritten history.

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
from oss_assist.audit.checkpoint import (
    Checkpoint,
    close_previous_day,
    last_checkpoint,
    parse_checkpoint,
    write_checkpoint,
)
from oss_assist.audit.events import Actor, Event
from oss_assist.audit.logger import audit_logger
from oss_assist.audit.office_key import (
    PUBLIC_KEY_FILE,
    load_public_key,
    office_key,
    public_key_fingerprint,
)
from oss_assist.audit.processors import audit_processors
from oss_assist.audit.timeline import show
from oss_assist.audit.verdict import CheckpointState, CheckpointVerdict, verify_against
from oss_assist.masking import SECRET_PLACEHOLDER, is_secret_key

__all__ = [
    "PUBLIC_KEY_FILE",
    "SECRET_PLACEHOLDER",
    "Actor",
    "ChainReport",
    "Checkpoint",
    "CheckpointState",
    "CheckpointVerdict",
    "Event",
    "Problem",
    "ProblemKind",
    "Sealed",
    "audit_logger",
    "audit_processors",
    "close_previous_day",
    "is_secret_key",
    "last_checkpoint",
    "load_public_key",
    "office_key",
    "parse_checkpoint",
    "public_key_fingerprint",
    "read_events",
    "show",
    "verify",
    "verify_against",
    "write_checkpoint",
]
