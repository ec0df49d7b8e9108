"""A case's stages, the actions that move it, and what the office's procedure allows.

    received ──validate──▶ validated ──start──▶ in_progress ──nib──▶ nib_issued
       │                      └─────────────nib (by hand)────────────▶ │
       └─return─▶ returned (at the counter, or by the section head)     ▼
                                         handed_over ◀──hand_over── archived ◀──archive──┘
    any stage before hand-over ──cancel──▶ cancelled

``receive`` makes a case ``received`` when the four requirements are there and the profile
is valid, ``returned`` otherwise. ``returned``, ``handed_over`` and ``cancelled`` end a
case; an applicant whose file was returned comes back with a new case.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from oss_assist.i18n import Text


class Stage(StrEnum):
    RECEIVED = "received"
    RETURNED = "returned"
    VALIDATED = "validated"
    IN_PROGRESS = "in_progress"
    NIB_ISSUED = "nib_issued"
    ARCHIVED = "archived"
    HANDED_OVER = "handed_over"
    CANCELLED = "cancelled"


class Action(StrEnum):
    RECEIVE = "receive"
    RETURN = "return"  # the section head sends the file back
    VALIDATE = "validate"
    START = "start"  # the operator's run begins (or resumes)
    NIB = "nib"  # the NIB was issued: by the run, or recorded by hand
    ARCHIVE = "archive"
    HAND_OVER = "hand_over"
    CANCEL = "cancel"


#: Stages that end a case: nothing moves it any more.
FINAL: Final = frozenset({Stage.RETURNED, Stage.HANDED_OVER, Stage.CANCELLED})
#: Stages in which the SLA clock runs.
OPEN: Final = frozenset({Stage.RECEIVED, Stage.VALIDATED, Stage.IN_PROGRESS,
                         Stage.NIB_ISSUED, Stage.ARCHIVED})

#: From which stages each action may be taken, and the stage it leads to.
MOVES: Final[dict[Action, tuple[frozenset[Stage], Stage]]] = {
    Action.RETURN: (frozenset({Stage.RECEIVED}), Stage.RETURNED),
    # again from validated only when the profile changed since (see procedure.validate)
    Action.VALIDATE: (frozenset({Stage.RECEIVED, Stage.VALIDATED}), Stage.VALIDATED),
    Action.START: (frozenset({Stage.VALIDATED, Stage.IN_PROGRESS}), Stage.IN_PROGRESS),
    Action.NIB: (frozenset({Stage.VALIDATED, Stage.IN_PROGRESS}), Stage.NIB_ISSUED),
    Action.ARCHIVE: (frozenset({Stage.NIB_ISSUED}), Stage.ARCHIVED),
    Action.HAND_OVER: (frozenset({Stage.ARCHIVED}), Stage.HANDED_OVER),
    Action.CANCEL: (OPEN, Stage.CANCELLED),
}

#: The audit event each action writes.
EVENTS: Final[dict[Action, str]] = {
    Action.RECEIVE: "case_received",
    Action.RETURN: "case_returned",
    Action.VALIDATE: "case_validated",
    Action.START: "case_work_started",
    Action.NIB: "case_nib_recorded",
    Action.ARCHIVE: "case_archived",
    Action.HAND_OVER: "case_handed_over",
    Action.CANCEL: "case_cancelled",
}

STAGE_LABELS: Final[dict[Stage, Text]] = {
    Stage.RECEIVED: Text("diterima loket", "received"),
    Stage.RETURNED: Text("dikembalikan", "returned"),
    Stage.VALIDATED: Text("divalidasi kasi", "validated"),
    Stage.IN_PROGRESS: Text("diproses operator", "in progress"),
    Stage.NIB_ISSUED: Text("NIB terbit", "NIB issued"),
    Stage.ARCHIVED: Text("diarsipkan", "archived"),
    Stage.HANDED_OVER: Text("diserahkan", "handed over"),
    Stage.CANCELLED: Text("dibatalkan", "cancelled"),
}

ACTION_LABELS: Final[dict[Action, Text]] = {
    Action.RECEIVE: Text("berkas diterima loket", "file received at the counter"),
    Action.RETURN: Text("berkas dikembalikan", "file returned"),
    Action.VALIDATE: Text("divalidasi Kepala Seksi", "validated by the section head"),
    Action.START: Text("operator mulai memproses", "operator started work"),
    Action.NIB: Text("NIB terbit", "NIB issued"),
    Action.ARCHIVE: Text("diarsipkan sekretariat", "archived by the secretariat"),
    Action.HAND_OVER: Text("NIB diserahkan kepada pemohon", "NIB handed to the applicant"),
    Action.CANCEL: Text("kasus dibatalkan", "case cancelled"),
}

#: What comes next from each stage, said to whoever tried the wrong move.
NEXT: Final[dict[Stage, Text]] = {
    Stage.RECEIVED: Text(
        "berikutnya: validasi oleh Kepala Seksi (`oss-assist case validate {id}`)",
        "next: the section head's validation (`oss-assist case validate {id}`)"),
    Stage.VALIDATED: Text(
        "berikutnya: operator memproses di portal (`oss-assist run PROFIL`)",
        "next: the operator works on the portal (`oss-assist run PROFILE`)"),
    Stage.IN_PROGRESS: Text(
        "berikutnya: NIB terbit (`oss-assist run PROFIL` untuk melanjutkan, atau "
        "`oss-assist case nib {id} NOMOR --pdf BERKAS`)",
        "next: the NIB (`oss-assist run PROFILE` to resume, or "
        "`oss-assist case nib {id} NUMBER --pdf FILE`)"),
    Stage.NIB_ISSUED: Text(
        "berikutnya: pengarsipan oleh sekretariat (`oss-assist case archive {id}`)",
        "next: archiving by the secretariat (`oss-assist case archive {id}`)"),
    Stage.ARCHIVED: Text(
        "berikutnya: penyerahan NIB di loket (`oss-assist case hand-over {id}`)",
        "next: hand-over at the counter (`oss-assist case hand-over {id}`)"),
    Stage.RETURNED: Text(
        "kasus ini sudah selesai (berkas dikembalikan); bila pemohon kembali dengan berkas "
        "lengkap, terima sebagai kasus baru",
        "this case has ended (file returned); when the applicant comes back with a complete "
        "file, receive it as a new case"),
    Stage.HANDED_OVER: Text("kasus ini sudah selesai (NIB sudah diserahkan)",
                            "this case has ended (the NIB was handed over)"),
    Stage.CANCELLED: Text("kasus ini sudah dibatalkan", "this case was cancelled"),
}


def refusal(case_no: str, stage: Stage, action: Action) -> Text:
    """Why ``action`` cannot be taken on a case in ``stage``, and what comes next."""
    now = STAGE_LABELS[stage]
    wanted = ACTION_LABELS[action]
    return Text(
        f"Kasus {case_no}: langkah '{wanted.id}' tidak dapat dicatat sekarang; tahapnya "
        f"sekarang '{now.id}'; "
        + NEXT[stage].id.format(id=case_no) + ".",
        f"Case {case_no}: '{wanted.en}' cannot be recorded now; it is now '{now.en}'; "
        + NEXT[stage].en.format(id=case_no) + ".",
    )


#: The four requirements of the service standard, in its order.
REQUIREMENTS: Final[dict[str, Text]] = {
    "formulir": Text("Formulir Data Informasi Usaha Mikro (isian OSS)",
                     "the OSS data form (Data Informasi Usaha Mikro)"),
    "ktp": Text("Fotokopi KTP yang sudah diaktivasi", "a copy of an activated KTP"),
    "email": Text("E-mail pribadi atau usaha yang aktif", "an active personal or business e-mail"),
    "sku": Text("Surat Keterangan Usaha dari kepala desa/lurah",
                "the Surat Keterangan Usaha from the kepala desa/lurah"),
}
