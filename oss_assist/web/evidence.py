"""A case's evidence on the web desk: its check (every file against the manifest and the
audit log, the chain intact), its screenshots as cached thumbnails or in full, and the
receipts to print."""

from __future__ import annotations

import asyncio
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from oss_assist.errors import InputError
from oss_assist.evidence import (
    EvidenceFile,
    EvidenceReport,
    read_manifest,
    verify_case,
    write_private_file,
)
from oss_assist.i18n import Text
from oss_assist.web.app import Desk, render, say
from oss_assist.web.auditlog import AuditLog, ChainState
from oss_assist.web.auth import require
from oss_assist.web.permissions import Permission

THUMBS_DIR = ".thumbnails"
THUMB_WIDTH = 320
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}\Z")
_MEDIA = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
          ".pdf": "application/pdf"}


@dataclass(frozen=True)
class EvidenceState:
    """What the case page shows of the evidence."""

    events: list[tuple[int, dict[str, Any]]]  # the case's audit lines
    files: list[EvidenceFile]  # the manifest
    report: EvidenceReport | None  # None: no evidence folder yet
    chain: ChainState | None  # None: the first verification is still running
    problem: str = ""  # the manifest could not be read


def audit_log(desk: Desk) -> AuditLog:
    found = desk.extras.get("audit_log")
    if not isinstance(found, AuditLog):
        found = desk.extras["audit_log"] = AuditLog(desk.settings.audit_log)
    return found


def evidence_state(desk: Desk, case_no: str) -> EvidenceState:
    log = audit_log(desk)
    events = log.case_events(case_no)
    folder = desk.settings.archive_dir / case_no
    files: list[EvidenceFile] = []
    report = None
    problem = ""
    if folder.is_dir():
        report = verify_case(folder, events=events)
        try:
            files = read_manifest(folder).files
        except InputError as exc:
            problem = exc.text.id
    return EvidenceState(events, files, report, log.chain_soon(desk.now(), desk.chain_wait),
                         problem)


def evidence_path(desk: Desk, case_no: str, name: str) -> tuple[Path, EvidenceFile] | None:
    """The file ``name`` of the case's evidence, only if the manifest lists it and it lies
    inside the case's folder; None for anything else (``../``, absolute, encoded)."""
    if not _SAFE_NAME.match(name) or ".." in name:
        return None
    folder = (desk.settings.archive_dir / case_no).resolve()
    try:
        listed = {f.name: f for f in read_manifest(folder).files}
    except InputError:
        return None
    entry = listed.get(name)
    if entry is None:
        return None
    path = (folder / name).resolve()
    if path.parent != folder or not path.is_file():
        return None
    return path, entry


def thumbnail(desk: Desk, path: Path, entry: EvidenceFile) -> Path:
    """A small PNG of a screenshot, made once and kept by the file's hash outside the
    case folders (which must hold their evidence only)."""
    from PIL import Image

    folder = desk.settings.archive_dir / THUMBS_DIR
    cached = folder / f"{entry.sha256}.png"
    if cached.is_file():
        return cached
    with Image.open(path) as image:
        image.thumbnail((THUMB_WIDTH, THUMB_WIDTH * 4))
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
    if not folder.is_dir():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_private_file(cached, out.getvalue())
    return cached


async def file_view(request: Request) -> Response:
    require(request, Permission.VIEW)
    desk: Desk = request.app.state.desk
    case = desk.register.get(request.path_params["case_no"])
    found = evidence_path(desk, case.case_no, request.path_params["name"])
    if found is None:
        return render(request, "error.html", status=404,
                      title=say(request, _NO_FILE), detail="")
    path, entry = found
    media = _MEDIA.get(path.suffix.lower(), "application/octet-stream")
    if request.query_params.get("ukuran") == "kecil" and media == "image/png":
        path = await asyncio.to_thread(thumbnail, desk, path, entry)
    headers = {"cache-control": "private, max-age=3600"}
    if media == "application/pdf":
        headers["content-disposition"] = f'attachment; filename="{entry.name}"'
    return FileResponse(path, media_type=media, headers=headers)


async def receipt_view(request: Request) -> Response:
    """The intake (``berkas``) or hand-over (``nib``) receipt, as the counter prints it."""
    from oss_assist.register.documents import (
        handover_receipt,
        intake_receipt,
        letterhead,
        save_receipt,
    )
    from oss_assist.register.receipts import handover_receipt_pdf, intake_receipt_pdf

    require(request, Permission.PRINT_RECEIPT)
    desk: Desk = request.app.state.desk
    case = desk.register.get(request.path_params["case_no"])
    kind = request.path_params["kind"]
    head = letterhead(desk.settings)

    def make() -> tuple[str, bytes]:
        if kind == "berkas":
            data = intake_receipt_pdf(intake_receipt(desk.register, case.case_no, head))
            return f"{case.case_no}-tanda-terima-berkas.pdf", data
        data = handover_receipt_pdf(handover_receipt(desk.register, case.case_no, head))
        return f"{case.case_no}-tanda-terima-nib.pdf", data

    if kind not in ("berkas", "nib"):
        return render(request, "error.html", status=404, title=say(request, _NO_FILE),
                      detail="")
    name, data = await asyncio.to_thread(make)
    await asyncio.to_thread(save_receipt, desk.settings.archive_dir, name, data)
    return Response(data, media_type="application/pdf", headers={
        "content-disposition": f'inline; filename="{name}"', "cache-control": "no-store"})

_NO_FILE = Text("Berkas bukti tidak ditemukan", "Evidence file not found")
ROUTES = [
    Route("/kasus/{case_no}/bukti/{name}", file_view, methods=["GET"]),
    Route("/kasus/{case_no}/tanda-terima/{kind}", receipt_view, methods=["GET"]),
]
