"""Who may do what on the web desk: the one place that decides it. Every view asks
``may`` (through ``require`` in ``web.auth``); a button hidden in the page is a courtesy,
never the check."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from oss_assist.i18n import Text


class Role(StrEnum):
    """A member of staff's role, after the office's service standard."""

    COUNTER = "loket"  # petugas loket: receives files, hands NIBs over
    SECTION_HEAD = "kasi"  # Kepala Seksi: validates or returns, makes the recap
    OPERATOR = "operator"  # works on the portal; records an NIB finished by hand
    SECRETARIAT = "sekretariat"  # archives and seals the evidence
    HEAD = "pimpinan"  # the Camat and supervisors: read-only, plus the recap


class Permission(StrEnum):
    """What someone may do on the web desk."""

    VIEW = "view"  # the register, the case pages, the evidence
    RECEIVE = "receive"
    VALIDATE = "validate"  # and return, the other way of step 3
    RECORD_NIB = "record_nib"
    ARCHIVE = "archive"
    HAND_OVER = "hand_over"
    CANCEL = "cancel"
    PRINT_RECEIPT = "print_receipt"
    RECAP = "recap"
    AUDIT = "audit"
    SURVEY_LINK = "survey_link"


ROLE_LABELS: Final[dict[Role, Text]] = {
    Role.COUNTER: Text("Petugas Loket", "Counter officer"),
    Role.SECTION_HEAD: Text("Kepala Seksi", "Section head"),
    Role.OPERATOR: Text("Operator", "Operator"),
    Role.SECRETARIAT: Text("Sekretariat", "Secretariat"),
    Role.HEAD: Text("Pimpinan", "Head of office"),
}

_ALL = frozenset(Role)
#: The whole matrix: each permission and the roles that hold it.
GRANTS: Final[dict[Permission, frozenset[Role]]] = {
    Permission.VIEW: _ALL,
    Permission.RECEIVE: frozenset({Role.COUNTER}),
    Permission.VALIDATE: frozenset({Role.SECTION_HEAD}),
    Permission.RECORD_NIB: frozenset({Role.OPERATOR}),
    Permission.ARCHIVE: frozenset({Role.SECRETARIAT}),
    Permission.HAND_OVER: frozenset({Role.COUNTER}),
    Permission.CANCEL: frozenset({Role.SECTION_HEAD}),
    Permission.PRINT_RECEIPT: frozenset({Role.COUNTER, Role.SECTION_HEAD}),
    Permission.RECAP: frozenset({Role.SECTION_HEAD, Role.HEAD}),
    Permission.AUDIT: frozenset({Role.SECTION_HEAD, Role.SECRETARIAT, Role.HEAD}),
    Permission.SURVEY_LINK: frozenset({Role.COUNTER}),
}


def may(role: Role | str | None, permission: Permission) -> bool:
    """Whether someone of ``role`` may do ``permission`` (no role: nothing)."""
    if role is None:
        return False
    try:
        return Role(role) in GRANTS[permission]
    except ValueError:
        return False


def parse_role(text: str) -> Role:
    """A role by its name (``loket``, ``kasi``, ...) or its English alias."""
    aliases = {"counter": Role.COUNTER, "section_head": Role.SECTION_HEAD,
               "secretariat": Role.SECRETARIAT, "head": Role.HEAD}
    key = text.strip().lower().replace("-", "_")
    if key in aliases:
        return aliases[key]
    return Role(key)
