"""What the register's printed documents show: plain data, built by the register, drawn
by ``receipts`` (the two tanda terima) and ``recap_pdf`` / ``recap_xlsx`` (the recap).

Everything here is already what may be printed: the NIK is masked, names are the
applicant's own, times are the office's local time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Letterhead:
    """The office as its service standard prints it."""

    office: str  # e.g. "Kecamatan Ranuyoso"
    parent: str  # e.g. "Pemerintah Kabupaten Lumajang"
    address: str
    phone: str
    website: str = ""
    #: complaint channels of the service standard, one line each
    complaints: tuple[str, ...] = ()


@dataclass(frozen=True)
class IntakeReceipt:
    """Tanda terima berkas: given to the applicant when the counter receives the file."""

    letterhead: Letterhead
    case_no: str
    applicant_name: str
    nik_masked: str
    business_name: str
    desa: str
    received_at: datetime  # local time
    due_at: datetime | None  # local time; None when the file was returned
    #: each requirement of the standard, and whether it was handed in
    requirements: tuple[tuple[str, bool], ...]
    sku: str  # "No. 470/12/2026, 2 November 2026, Desa Ranuyoso" or ""
    officer: str
    returned: bool = False
    #: why the file went back, one line each (missing items, profile problems)
    return_reasons: tuple[str, ...] = ()
    #: short code tied to the audit chain, e.g. "A1234-3F2A9C01"
    verification_code: str = ""
    late_entry_note: str = ""  # "dicatat terlambat pada ..." or ""


@dataclass(frozen=True)
class HandoverReceipt:
    """Tanda terima NIB: signed by the officer and the applicant at hand-over."""

    letterhead: Letterhead
    case_no: str
    applicant_name: str
    nik_masked: str
    business_name: str
    nib: str
    #: what is handed over, one line each ("NIB (Nomor Induk Berusaha) ...", ...)
    items: tuple[str, ...]
    handed_over_at: datetime  # local time
    officer: str
    verification_code: str = ""
    late_entry_note: str = ""


@dataclass(frozen=True)
class Breakdown:
    """One row of a recap table: a desa, a KBLI section, a scale, a risk level or a sex."""

    label: str
    received: int = 0
    nib_issued: int = 0
    handed_over: int = 0
    on_time: int = 0
    late: int = 0


@dataclass(frozen=True)
class WeekRow:
    """One week of the period, for the SLA chart."""

    week_start: date  # the Monday
    handed_over: int
    on_time: int
    late: int


@dataclass(frozen=True)
class Reason:
    """Why files were returned, and how often."""

    reason: str
    count: int


@dataclass(frozen=True)
class Recap:
    """The recap to the Camat for one period; the PDF, the XLSX and the JSON show these
    same numbers."""

    letterhead: Letterhead
    office_scope: str  # the office, or "Semua kecamatan" for a Kabupaten's recap
    period_start: date
    period_end: date  # inclusive
    generated_at: datetime  # local time
    received: int  # complete files received in the period
    returned: int  # files returned in the period (at the counter or by the section head)
    returned_reasons: tuple[Reason, ...]
    validated: int
    nib_issued: int
    handed_over: int
    cancelled: int
    on_time: int  # of the cases handed over in the period
    late: int
    open_overdue: int  # not yet handed over at the end of the period and past due
    median_hours: float | None  # working hours, complete file → hand-over
    p90_hours: float | None
    median_hours_to_nib: float | None  # working hours, complete file → NIB
    p90_hours_to_nib: float | None
    by_desa: tuple[Breakdown, ...]
    by_kbli_section: tuple[Breakdown, ...]
    by_scale: tuple[Breakdown, ...]
    by_risk: tuple[Breakdown, ...]
    by_sex: tuple[Breakdown, ...]
    weeks: tuple[WeekRow, ...]
    entered_late: int  # records of the period entered after the fact (--at)
    entered_late_cases: tuple[str, ...]  # their case numbers
    audit_head_seq: int | None  # the audit chain's head at the end of the period
    audit_head_hash: str | None
    checkpoint_text: str | None  # the last signed checkpoint of the period
    sla_rule: str  # e.g. "1 hari kerja (Senin–Jumat, tanpa libur nasional dan cuti bersama)"
    signer_title: str = "Kepala Seksi Pelayanan"
    notes: tuple[str, ...] = field(default=())
