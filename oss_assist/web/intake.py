"""The new-case page (steps 1–2 at the counter): the profile uploaded or written in the
browser with its location PDFs, checked as ``profile check`` checks it while the officer
works, the four requirements ticked, then received; the intake receipt to print."""

from __future__ import annotations

import asyncio
import hashlib
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from oss_assist.errors import InputError, OssAssistError
from oss_assist.evidence import write_private_file
from oss_assist.i18n import Lang, Text
from oss_assist.profiles.loader import MAX_PROFILE_BYTES, parse_yaml
from oss_assist.register import receive
from oss_assist.register.intake import REQUIREMENT_NAMES, Intake, Sku, check_intake
from oss_assist.register.stages import REQUIREMENTS
from oss_assist.web.app import Desk, lang_of, render
from oss_assist.web.auth import require, require_form
from oss_assist.web.permissions import Permission
from oss_assist.web.profileform import (
    CHOICES,
    CONSENT,
    DOCUMENTS,
    FIELDS,
    SECTIONS,
    filled,
    profile_data,
    profile_yaml,
)

PROFILES_DIR = "profil"
MAX_DOCUMENT = 10 * 1024 * 1024
_DOC_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._ -]{0,120}\.pdf\Z", re.IGNORECASE)


@dataclass(frozen=True)
class Submitted:
    """What the form sent: the profile's bytes and the location PDFs by file name."""

    profile: bytes
    name: str
    documents: dict[str, bytes]
    missing: set[str]
    sku: Sku


@dataclass(frozen=True)
class Checked:
    """The counter's check of a submitted file, for the page."""

    unreadable: str  # why the profile cannot be read at all; empty when it can
    problems: list[str]  # why the file would be returned
    warnings: list[str]  # what the section head will weigh
    name: str
    complete: bool
    #: the profile check's messages by field path, to show beside the form's fields
    by_path: dict[str, list[str]] = field(default_factory=dict)


async def _read(form: FormData, *, today: date, officer: str) -> Submitted:
    """The form's profile (an upload, else the text field), PDFs and ticks; at most
    ``MAX_PROFILE_BYTES`` of profile and ``MAX_DOCUMENT`` per PDF are read."""
    upload = form.get("profil")
    name = "profil.yaml"
    present = {k for k in REQUIREMENT_NAMES if form.get(f"ada_{k}") == "1"}
    documents: dict[str, bytes] = {}
    for item in form.getlist("dokumen"):
        if isinstance(item, UploadFile) and item.filename:
            documents[PurePosixPath(item.filename.replace("\\", "/")).name] = \
                await item.read(MAX_DOCUMENT + 1)
    for key, where in DOCUMENTS.items():
        scan = form.get(key)
        if isinstance(scan, UploadFile) and scan.filename:
            documents[PurePosixPath(where).name] = await scan.read(MAX_DOCUMENT + 1)
    text = str(form.get("profil_teks", ""))
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(MAX_PROFILE_BYTES + 1)
        name = _safe_name(upload.filename, ".yaml")
    elif not text.strip() and filled(form):
        data = profile_yaml(profile_data(
            form, requirements=present,
            documents=all(PurePosixPath(w).name in documents for w in DOCUMENTS.values()),
            consent=(today, officer) if form.get(CONSENT) == "1" else None))
    else:
        data = text.encode("utf-8")[:MAX_PROFILE_BYTES + 1]
    sku_date = str(form.get("sku_tanggal", "")).strip()
    try:
        day = date.fromisoformat(sku_date) if sku_date else None
    except ValueError:
        day = None
    sku = Sku(str(form.get("sku_nomor", "")).strip()[:100] or None, day,
              str(form.get("sku_desa", "")).strip()[:100] or None)
    return Submitted(data, name, documents, set(REQUIREMENT_NAMES) - present, sku)


def _safe_name(filename: str, suffix: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", PurePosixPath(filename.replace("\\", "/")).stem)
    return (stem.strip(".-")[:60] or "profil") + suffix


def lay_out(folder: Path, sent: Submitted) -> Path:
    """Write the profile and the PDFs it names into ``folder`` (0700, files 0600), each
    PDF where the profile says it lies; a name that would leave the folder is skipped
    (the check then says the PDF is missing). Returns the profile's path."""
    profile = folder / sent.name
    write_private_file(profile, sent.profile)
    for wanted in _named_documents(sent.profile):
        rel = PurePosixPath(wanted.replace("\\", "/"))
        if rel.is_absolute() or ".." in rel.parts or not _DOC_NAME.match(rel.name):
            continue
        data = sent.documents.get(rel.name)
        if data is None or len(data) > MAX_DOCUMENT:
            continue
        target = folder.joinpath(*rel.parts)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_private_file(target, data)
    return profile


def _named_documents(raw: bytes) -> list[str]:
    """The location PDFs a profile names (none when it cannot be read)."""
    try:
        data = parse_yaml(raw.decode("utf-8-sig"), "profil")
    except (InputError, UnicodeDecodeError):
        return []
    names: list[str] = []
    activities = data.get("kegiatan")
    for activity in activities if isinstance(activities, list) else []:
        lokasi = activity.get("lokasi") if isinstance(activity, dict) else None
        dokumen = lokasi.get("dokumen") if isinstance(lokasi, dict) else None
        if isinstance(dokumen, dict):
            names += [str(v) for v in dokumen.values() if isinstance(v, str)]
    return names


def check_submitted(desk: Desk, sent: Submitted, lang: Lang) -> Checked:
    """The same check ``receive`` makes, on a private temporary copy."""
    if len(sent.profile) > MAX_PROFILE_BYTES:
        return Checked(_too_big().render(lang), [], [], "", False)
    with tempfile.TemporaryDirectory(prefix="oss-masuk-") as tmp:
        path = lay_out(Path(tmp), sent)
        try:
            intake = check_intake(path, policy=desk.settings.scale_policy,
                                  missing=sent.missing, sku=sent.sku)
        except OssAssistError as exc:
            return Checked(exc.text.render(lang), [], [], "", False)
        return _checked(intake, path, desk, lang)


def _checked(intake: Intake, path: Path, desk: Desk, lang: Lang) -> Checked:
    from oss_assist.profiles import check_file

    report = check_file(path, policy=desk.settings.scale_policy).report
    warnings = [i.render(lang) for i in report.sorted_issues() if i.severity == "warning"]
    by_path: dict[str, list[str]] = {}
    for issue in report.sorted_issues():
        by_path.setdefault(issue.path, []).append(issue.text.render(lang))
    return Checked("", [p.render(lang) for p in intake.problems], warnings, intake.name,
                   intake.complete, by_path)


def _too_big() -> Text:
    return Text(f"profil terlalu besar; paling besar {MAX_PROFILE_BYTES // 1000} KB. "
                "Pastikan ini berkas profil YAML yang benar.",
                f"the profile is too big; at most {MAX_PROFILE_BYTES // 1000} KB. Make "
                "sure this is the right YAML profile.")


def keep(desk: Desk, sent: Submitted) -> Path:
    """The submitted file kept under ``<archive>/profil/<hash>/`` (0700/0600): the
    register keeps the profile's path, and the operator's run reads it there."""
    digest = hashlib.sha256(sent.profile).hexdigest()[:16]
    stamp = desk.register.calendar.local(desk.now()).strftime("%Y%m%d-%H%M%S")
    root = desk.settings.archive_dir / PROFILES_DIR
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder = root / f"{stamp}-{digest}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(mode=0o700)
    return lay_out(folder, sent)


def _today(desk: Desk) -> date:
    return desk.register.calendar.local(desk.now()).date()


def _page(request: Request, *, status: int = 200, checked: Checked | None = None,
          error: str = "", text: str = "", form: FormData | None = None) -> Response:
    lang = lang_of(request)
    values = ({f.name: str(form.get(f.name, "")) for f in FIELDS}
              | {CONSENT: str(form.get(CONSENT, ""))} if form else {})
    return render(request, "new_case.html", status=status, checked=checked, error=error,
                  profile_text=text, values=values, sections=SECTIONS, choices=CHOICES,
                  messages=checked.by_path if checked else {},
                  requirements=[(k, v.render(lang)) for k, v in REQUIREMENTS.items()])


async def new_case_page(request: Request) -> Response:
    require(request, Permission.RECEIVE)
    return _page(request)


async def check_view(request: Request) -> Response:
    """The live check: a fragment that replaces the panel beside the form."""
    who, form = await require_form(request, Permission.RECEIVE)
    desk: Desk = request.app.state.desk
    sent = await _read(form, today=_today(desk), officer=who.staff.full_name)
    checked = await asyncio.to_thread(check_submitted, desk, sent, lang_of(request))
    return render(request, "_checks.html", checked=checked)


async def receive_view(request: Request) -> Response:
    who, form = await require_form(request, Permission.RECEIVE)
    desk: Desk = request.app.state.desk
    sent = await _read(form, today=_today(desk), officer=who.staff.full_name)
    text = str(form.get("profil_teks", ""))[:MAX_PROFILE_BYTES]
    checked = await asyncio.to_thread(check_submitted, desk, sent, lang_of(request))
    if checked.unreadable:
        return _page(request, status=400, checked=checked, error=checked.unreadable,
                     text=text, form=form)

    def run() -> Any:
        path = keep(desk, sent)
        case, _ = receive(desk.register, path, by=who.staff.full_name,
                          policy=desk.settings.scale_policy, missing=sent.missing,
                          sku=sent.sku)
        return case

    try:
        case = await asyncio.to_thread(run)
    except OssAssistError as exc:
        return _page(request, status=409 if exc.exit_code == 3 else 400, checked=checked,
                     error=exc.text.render(lang_of(request)), text=text, form=form)
    outcome = "terima" if case.due_at is not None else "kembali"
    return RedirectResponse(f"/kasus/{case.case_no}?selesai={outcome}", status_code=303)


ROUTES = [
    Route("/kasus-baru", new_case_page, methods=["GET"]),
    Route("/kasus-baru/periksa", check_view, methods=["POST"]),
    Route("/kasus-baru", receive_view, methods=["POST"]),
]
