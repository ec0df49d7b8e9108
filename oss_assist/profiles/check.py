"""Checking profile files: each file read, validated, and given a one-line verdict.

Exit codes (``profile check``): 0 when every file is valid and complete; 1 when any is
invalid or incomplete (or, with ``strict``, has warnings); 2 when any cannot be read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from oss_assist.errors import InputError
from oss_assist.i18n import Lang, Text, os_reason
from oss_assist.profiles.issues import Report
from oss_assist.profiles.loader import load_profile, profile_files
from oss_assist.profiles.scale import ScalePolicy
from oss_assist.profiles.validate import kbli_title, validate_profile

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_UNREADABLE = 2
_TITLE_WIDTH = 48


@dataclass
class FileCheck:
    """The outcome for one file: unreadable, or a report (which may hold schema errors)."""

    shown: str  # the file's name as the operator gave it
    report: Report = field(default_factory=Report)
    unreadable: InputError | None = None

    @property
    def exit_code(self) -> int:
        return self.code(strict=False)

    def code(self, *, strict: bool) -> int:
        if self.unreadable is not None:
            return EXIT_UNREADABLE
        if not (self.report.valid and self.report.complete):
            return EXIT_INVALID
        if strict and self.report.warnings:
            return EXIT_INVALID
        return EXIT_OK

    def lines(self, lang: Lang = "id", *, strict: bool = False) -> list[str]:
        """``file: field.path: TAG: message`` for each problem, then the verdict line."""
        if self.unreadable is not None:
            verdict = Text("TIDAK DAPAT DIBACA", "CANNOT BE READ").render(lang)
            return [
                f"{self.shown}: {self.unreadable.text.render(lang)}",
                f"{self.shown}: {verdict}",
            ]
        out = [f"{self.shown}: {issue.render(lang)}" for issue in self.report.sorted_issues()]
        out.append(f"{self.shown}: {self.verdict(strict=strict).render(lang)}")
        return out

    def verdict(self, *, strict: bool = False) -> Text:
        """What the check found, agreeing with :meth:`code` for the same ``strict``."""
        report = self.report
        counts = _counts(report)
        if strict and report.valid and report.complete and report.warnings:
            return Text(f"GAGAL karena --ketat: {len(report.warnings)} peringatan",
                        f"FAILS under --strict: {len(report.warnings)} warning(s)")
        if not report.valid:
            return (
                Text("TIDAK SAH", "INVALID")
                if not counts.id
                else Text(f"TIDAK SAH ({counts.id})", f"INVALID ({counts.en})")
            )
        if not report.complete:
            return Text(f"SAH, BELUM LENGKAP ({counts.id})", f"VALID, NOT COMPLETE ({counts.en})")
        head = Text("SAH DAN LENGKAP", "VALID AND COMPLETE")
        details = [d for d in (_scale_note(report), _kbli_note(report), counts) if d.id]
        if not details:
            return head
        return Text(
            f"{head.id} — " + "; ".join(d.id for d in details),
            f"{head.en} — " + "; ".join(d.en for d in details),
        )


def _counts(report: Report) -> Text:
    parts_id: list[str] = []
    parts_en: list[str] = []
    for issues, word_id, word_en in (
        (report.errors, "galat", "error(s)"),
        (report.missing, "belum lengkap", "not complete"),
        (report.warnings, "peringatan", "warning(s)"),
    ):
        if issues:
            parts_id.append(f"{len(issues)} {word_id}")
            parts_en.append(f"{len(issues)} {word_en}")
    return Text(", ".join(parts_id), ", ".join(parts_en))


def _scale_note(report: Report) -> Text:
    if not report.scale:
        return Text("", "")
    rule = report.scale[0].rule_name
    return Text(f"usaha mikro menurut {rule.id}", f"micro business under {rule.en}")


def _kbli_note(report: Report) -> Text:
    if report.profile is None:
        return Text("", "")
    parts = []
    for kegiatan in report.profile.kegiatan:
        title = kbli_title(kegiatan.kbli)
        if title and len(title) > _TITLE_WIDTH:
            title = title[: _TITLE_WIDTH - 1].rstrip() + "…"
        parts.append(f"{kegiatan.kbli} {title}" if title else kegiatan.kbli)
    listed = ", ".join(parts)
    return Text(f"KBLI {listed}", f"KBLI {listed}")


def check_file(
    path: Path | str,
    *,
    shown: str | None = None,
    policy: ScalePolicy = "sop",
    today: date | None = None,
) -> FileCheck:
    """Read and validate one file; never raises for bad input."""
    name = shown or str(path)
    try:
        profile, issues = load_profile(path, name)
    except InputError as exc:
        return FileCheck(name, unreadable=exc)
    if profile is None:
        return FileCheck(name, Report(issues=issues))
    return FileCheck(
        name, validate_profile(profile, policy=policy, today=today, base_dir=Path(path).parent)
    )


def expand(paths: Iterable[str]) -> list[tuple[Path, str] | FileCheck]:
    """Files as given, and each folder's ``*.yaml``/``*.yml`` files; an empty folder is
    reported as unreadable."""
    out: list[tuple[Path, str] | FileCheck] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            try:
                found = profile_files(path)
            except OSError as exc:
                found = []
                reason = Text(
                    f"folder tidak dapat dibaca ({os_reason(exc).id}).",
                    f"the folder cannot be read ({os_reason(exc).en}).",
                )
            else:
                reason = Text(
                    "folder ini tidak berisi berkas profil (*.yaml atau *.yml).",
                    "this folder holds no profile files (*.yaml or *.yml).",
                )
            if not found:
                out.append(FileCheck(given, unreadable=InputError(reason, where=given)))
            out.extend((file, str(path / file.name)) for file in found)
        else:
            out.append((path, given))
    return out


def check_paths(
    paths: Iterable[str], *, policy: ScalePolicy = "sop", today: date | None = None
) -> list[FileCheck]:
    """Check every file and every folder's profiles, in the order given."""
    results: list[FileCheck] = []
    for item in expand(paths):
        if isinstance(item, FileCheck):
            results.append(item)
        else:
            file, shown = item
            results.append(check_file(file, shown=shown, policy=policy, today=today))
    return results


def overall_exit_code(results: Iterable[FileCheck], *, strict: bool = False) -> int:
    """2 if any file is unreadable, else 1 if any is not valid and complete, else 0."""
    return max((r.code(strict=strict) for r in results), default=EXIT_OK)


def summary(results: list[FileCheck], *, strict: bool = False) -> Text:
    """``6 berkas: 5 sah dan lengkap, 1 tidak sah``."""
    good = sum(1 for r in results if r.code(strict=strict) == EXIT_OK)
    unreadable = sum(1 for r in results if r.unreadable is not None)
    invalid = sum(1 for r in results if r.unreadable is None and not r.report.valid)
    warned = sum(1 for r in results if r.unreadable is None and r.report.valid
                 and r.report.complete and r.code(strict=strict) != EXIT_OK)
    incomplete = len(results) - good - unreadable - invalid - warned
    parts = [
        (good, "sah dan lengkap", "valid and complete"),
        (warned, "gagal karena peringatan (--ketat)", "failed on warnings (--strict)"),
        (incomplete, "belum lengkap", "not complete"),
        (invalid, "tidak sah", "invalid"),
        (unreadable, "tidak dapat dibaca", "cannot be read"),
    ]
    shown = [(n, i, e) for n, i, e in parts if n]
    return Text(
        f"{len(results)} berkas: " + ", ".join(f"{n} {i}" for n, i, _ in shown),
        f"{len(results)} file(s): " + ", ".join(f"{n} {e}" for n, _, e in shown),
    )
