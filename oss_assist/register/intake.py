"""The counter's check of a file: the four requirements, the offline profile check, and
what the register keeps of the applicant (masked where it is personal)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from oss_assist.errors import InputError
from oss_assist.i18n import Text
from oss_assist.masking import mask_nik
from oss_assist.profiles import ScalePolicy, check_file, parse_nik
from oss_assist.profiles.check import FileCheck
from oss_assist.profiles.loader import parse_yaml, read_text
from oss_assist.register.stages import REQUIREMENTS

MAX_TEXT = 100
#: the requirement names ``--missing`` takes
REQUIREMENT_NAMES = tuple(REQUIREMENTS)


@dataclass(frozen=True)
class Sku:
    """The Surat Keterangan Usaha as the counter records it."""

    number: str | None = None
    date: date | None = None
    desa: str | None = None

    @property
    def complete(self) -> bool:
        return bool(self.number and self.date and self.desa)


@dataclass
class Intake:
    """What the counter found in one file."""

    profile_path: Path
    profile_sha256: str
    nik: str  # as written; used only for the applicant key, never stored
    nik_masked: str
    sex: str  # "L" or "P"; "?" when the NIK cannot tell
    name: str
    business_name: str
    desa: str
    kbli: list[str]
    kbli_section: str
    scale: str
    scale_policy: ScalePolicy
    requirements: dict[str, bool]
    sku: Sku
    #: why the file cannot be received as complete; empty when it can
    problems: list[Text] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.problems


def check_intake(profile_path: Path, *, policy: ScalePolicy, missing: set[str],
                 sku: Sku, today: date | None = None,
                 checked: FileCheck | None = None) -> Intake:
    """Check a file at the counter. Raises ``InputError`` when the profile cannot be read
    at all (then there is no applicant to record); a profile that breaks the rules gives
    an ``Intake`` with its problems, to be received as returned. ``checked``: the file's
    check, when the caller has just shown it (not run twice)."""
    import hashlib

    unknown = sorted(missing - set(REQUIREMENT_NAMES))
    if unknown:
        raise InputError(Text(
            "Persyaratan tidak dikenal: {u}; pilih dari: {k}",
            "Unknown requirement: {u}; choose from: {k}",
        ).format(u=", ".join(unknown), k=", ".join(REQUIREMENT_NAMES)))
    for option, value in (("--sku-number", sku.number), ("--sku-desa", sku.desa)):
        if value and len(value) > MAX_TEXT:
            raise InputError(Text(
                f"Isian {option} terlalu panjang ({len(value)} huruf; paling banyak {MAX_TEXT}).",
                f"{option} is too long ({len(value)} characters; {MAX_TEXT} at most)."))
    result = checked or check_file(profile_path, policy=policy, today=today)
    if result.unreadable is not None:
        raise result.unreadable
    report = result.report
    raw = _raw(profile_path)
    profile = report.profile
    found = raw.get("identitas")
    ident: dict[str, Any] = found if isinstance(found, dict) else {}
    nik = "".join(str(ident.get("nik", "")).split())
    try:
        parsed = parse_nik(nik)
        sex = "P" if parsed.female else "L"
    except ValueError:
        sex = "?"
    kelengkapan = profile.kelengkapan if profile is not None else None
    form_sku = kelengkapan.surat_keterangan_usaha if kelengkapan else None
    merged = Sku(
        number=(sku.number or (form_sku.nomor if form_sku else None) or "")[:MAX_TEXT] or None,
        date=sku.date or (form_sku.tanggal if form_sku else None),
        desa=(sku.desa or (_desa_name(form_sku.desa) if form_sku and form_sku.desa else None)
              or "")[:MAX_TEXT] or None,
    )
    requirements = {
        "formulir": bool(kelengkapan and kelengkapan.formulir_oss),
        "ktp": bool(kelengkapan and kelengkapan.ktp_aktif),
        "email": bool(kelengkapan and kelengkapan.email_dikonfirmasi),
        "sku": merged.complete,
    }
    for name in missing:
        requirements[name] = False
    problems: list[Text] = []
    for name, present in requirements.items():
        if not present:
            problems.append(Text(f"belum ada: {REQUIREMENTS[name].id}",
                                 f"missing: {REQUIREMENTS[name].en}"))
    # the checklist is judged above, from the counter's own answers
    for issue in report.sorted_issues():
        if issue.path.startswith("kelengkapan"):
            continue
        if issue.severity == "warning" and report.valid:
            continue  # the section head weighs warnings; the operator accepts them
        problems.append(Text(f"{issue.path}: {issue.text.id}", f"{issue.path}: {issue.text.en}"))
    activities = profile.kegiatan if profile is not None else []
    codes = [a.kbli for a in activities]
    verdict = report.scale[0] if report.scale else None
    first = activities[0] if activities else None
    return Intake(
        profile_path=profile_path,
        profile_sha256=hashlib.sha256(profile_path.read_bytes()).hexdigest(),
        nik=nik,
        nik_masked=mask_nik(nik),
        sex=sex,
        name=(profile.identitas.nama_sesuai_ktp if profile is not None
              else str(ident.get("nama_sesuai_ktp") or "")).strip()[:200] or "-",
        business_name=(first.nama_usaha if first is not None else "-")[:200],
        desa=_desa_of(first) if first is not None else "-",
        kbli=codes,
        kbli_section=_section(codes[0]) if codes else "-",
        scale=(verdict.skala_pp7 if verdict else "-"),
        scale_policy=policy,
        requirements=requirements,
        sku=merged,
        problems=problems,
    )


def _raw(path: Path) -> dict[str, Any]:
    try:
        return parse_yaml(read_text(path), str(path))
    except InputError:
        return {}


def _desa_of(activity: Any) -> str:
    """The business location's desa, by the region table's name."""
    from oss_assist.profiles import check_address

    resolved, _ = check_address(activity.lokasi)
    return resolved.desa.name if resolved is not None else str(activity.lokasi.desa)


def _desa_name(written: str) -> str:
    """A desa written by Kemendagri code or by name, as the region table names it."""
    from oss_assist.refdata import digits, region

    found = region(digits(written)) if any(c.isdigit() for c in written) else None
    return found.name if found is not None else written.strip()


def _section(kbli: str) -> str:
    """The KBLI 2020 section letter (A–U) of a 5-digit code."""
    division = int(kbli[:2]) if kbli[:2].isdigit() else -1
    for letter, (low, high) in _SECTIONS.items():
        if low <= division <= high:
            return letter
    return "-"


#: KBLI 2020 sections by their two-digit divisions.
_SECTIONS = {
    "A": (1, 3), "B": (5, 9), "C": (10, 33), "D": (35, 35), "E": (36, 39), "F": (41, 43),
    "G": (45, 47), "H": (49, 53), "I": (55, 56), "J": (58, 63), "K": (64, 66), "L": (68, 68),
    "M": (69, 75), "N": (77, 82), "O": (84, 84), "P": (85, 85), "Q": (86, 88), "R": (90, 93),
    "S": (94, 96), "T": (97, 98), "U": (99, 99),
}
