"""The audit log's vocabulary: stable event names, who acted, and what each event must carry."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from oss_assist.i18n import Text


class Event(StrEnum):
    """Stable snake_case names of audit events; supervisors search the log by them."""

    CASE_OPENED = "case_opened"
    #: A run refused before the portal was reached (no screen, no browser, bad flows).
    RUN_REFUSED = "run_refused"
    FLOW_STARTED = "flow_started"
    FIELD_FILLED = "field_filled"
    CHECKPOINT_REACHED = "checkpoint_reached"
    OPERATOR_DECISION = "operator_decision"
    SCREENSHOT_SAVED = "screenshot_saved"
    DOCUMENT_SAVED = "document_saved"
    PORTAL_ERROR = "portal_error"
    RETRY = "retry"
    POPUP_CLOSED = "popup_closed"
    STEP_COMPLETED = "step_completed"
    STEP_SKIPPED = "step_skipped"
    NIB_ISSUED = "nib_issued"
    FLOW_FINISHED = "flow_finished"
    PROFILE_CHANGED = "profile_changed"
    VALUE_READ = "value_read"
    READ_BACK = "read_back"
    #: A step's element was found by a fallback locator: the flow file needs mending.
    LOCATOR_FALLBACK = "locator_fallback"
    #: The operator did a step by hand (or pointed at its element) when no locator found it.
    MANUAL_STEP = "manual_step"
    #: Written by the log itself when it finds a line cut short by a crash.
    LOG_RECOVERED = "log_recovered"
    #: The office's signature on the log's head (see ``audit.checkpoint``).
    AUDIT_CHECKPOINT = "audit_checkpoint"


class Actor(StrEnum):
    """Who made an operator decision: a person, or the sandbox's scripted operator."""

    PERSON = "person"
    SCRIPTED = "scripted_operator"


#: Fields an event must carry (from the bound context or the call), checked on every write.
#: Events not listed here, and fields beyond these, are free.
REQUIRED: Final[dict[str, frozenset[str]]] = {
    Event.CASE_OPENED: frozenset({"case_id"}),
    Event.RUN_REFUSED: frozenset({"case_id", "reason", "detail"}),
    Event.FLOW_STARTED: frozenset({"flow"}),
    Event.FIELD_FILLED: frozenset({"field"}),
    Event.CHECKPOINT_REACHED: frozenset({"step"}),
    # actor: an Actor value; proceed: True for Lanjut, False for Batal
    Event.OPERATOR_DECISION: frozenset({"step", "operator", "actor", "proceed"}),
    Event.SCREENSHOT_SAVED: frozenset({"file", "sha256"}),
    Event.DOCUMENT_SAVED: frozenset({"file", "sha256"}),
    Event.PORTAL_ERROR: frozenset({"error"}),
    Event.STEP_COMPLETED: frozenset({"flow"}),
    Event.STEP_SKIPPED: frozenset({"flow"}),
    Event.NIB_ISSUED: frozenset({"nib"}),
    Event.FLOW_FINISHED: frozenset({"flow", "outcome"}),
    Event.LOCATOR_FALLBACK: frozenset({"flow", "step", "rank", "locator"}),
    Event.MANUAL_STEP: frozenset({"flow", "step", "operator", "how", "reason"}),
    Event.LOG_RECOVERED: frozenset({"damaged_line", "damaged_sha256"}),
    # covers_seq and head_sha256: the last line signed (the checkpoint's own line follows)
    Event.AUDIT_CHECKPOINT: frozenset(
        {"covers_seq", "head_sha256", "signed_at", "key_sha256", "signature", "checkpoint"}
    ),
}

#: What each event is called in the timeline ``audit show`` prints.
LABELS: Final[dict[str, Text]] = {
    Event.CASE_OPENED: Text("kasus dibuka", "case opened"),
    Event.RUN_REFUSED: Text("jalan ditolak sebelum portal", "run refused before the portal"),
    Event.POPUP_CLOSED: Text("pop-up informasi ditutup", "information pop-up closed"),
    Event.FLOW_STARTED: Text("alur dimulai", "flow started"),
    Event.FIELD_FILLED: Text("kolom diisi", "field filled"),
    Event.CHECKPOINT_REACHED: Text("menunggu operator", "checkpoint reached"),
    Event.OPERATOR_DECISION: Text("keputusan operator", "operator decision"),
    Event.SCREENSHOT_SAVED: Text("tangkapan layar", "screenshot saved"),
    Event.DOCUMENT_SAVED: Text("dokumen disimpan", "document saved"),
    Event.PORTAL_ERROR: Text("galat portal", "portal error"),
    Event.RETRY: Text("coba lagi", "retry"),
    Event.STEP_COMPLETED: Text("langkah selesai", "step completed"),
    Event.STEP_SKIPPED: Text("langkah dilewati", "step skipped"),
    Event.NIB_ISSUED: Text("NIB terbit", "NIB issued"),
    Event.FLOW_FINISHED: Text("alur selesai", "flow finished"),
    Event.PROFILE_CHANGED: Text("profil berubah sejak jalan sebelumnya",
                                "profile changed since the last run"),
    Event.VALUE_READ: Text("nilai dibaca dari portal", "value read from the portal"),
    Event.READ_BACK: Text("data portal dibacakan ulang", "portal data read back"),
    Event.LOCATOR_FALLBACK: Text("lokator cadangan dipakai", "fallback locator used"),
    Event.MANUAL_STEP: Text("langkah dikerjakan operator", "step done by the operator"),
    Event.LOG_RECOVERED: Text("log dipulihkan", "log recovered"),
    Event.AUDIT_CHECKPOINT: Text("titik periksa ditandatangani", "checkpoint signed"),
    # the register's moves (``oss_assist.register.stages.EVENTS``)
    "case_received": Text("register: berkas diterima loket", "register: file received"),
    "case_returned": Text("register: berkas dikembalikan", "register: file returned"),
    "case_validated": Text("register: divalidasi Kepala Seksi",
                           "register: validated by the section head"),
    "case_work_started": Text("register: operator mulai memproses",
                              "register: operator started work"),
    "case_nib_recorded": Text("register: NIB dicatat", "register: NIB recorded"),
    "case_archived": Text("register: diarsipkan dan disegel", "register: archived and sealed"),
    "case_handed_over": Text("register: NIB diserahkan", "register: NIB handed over"),
    "case_cancelled": Text("register: kasus dibatalkan", "register: case cancelled"),
    "case_move_void": Text("register: langkah batal (basis data menolak)",
                           "register: move void (refused by the database)"),
}
