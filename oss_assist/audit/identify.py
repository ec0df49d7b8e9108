"""What a path given to ``audit`` is: an audit log, a case folder, or neither (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

from oss_assist.errors import InputError
from oss_assist.i18n import Text, os_reason

#: How many lines are read to decide whether a file is an audit log.
SNIFF_LINES = 50

_FOLDER = Text(
    "Ini sebuah folder, bukan log audit. Berikan berkas log audit (biasanya audit.jsonl "
    "di folder arsip; setelan OSS_ASSIST_AUDIT_LOG).",
    "This is a folder, not an audit log. Give the audit log file (usually audit.jsonl in "
    "the archive folder; the setting OSS_ASSIST_AUDIT_LOG).",
)
_NOT_LOG = Text(
    "Berkas ini bukan log audit: tidak satu pun dari {n} baris pertamanya adalah baris log "
    "audit. Berikan berkas log audit (biasanya audit.jsonl di folder arsip; setelan "
    "OSS_ASSIST_AUDIT_LOG).",
    "This file is not an audit log: none of its first {n} lines is an audit line. Give the "
    "audit log file (usually audit.jsonl in the archive folder; the setting "
    "OSS_ASSIST_AUDIT_LOG).",
)
_NOT_READABLE = Text(
    "Berkas tidak dapat dibaca ({why}). Periksa nama dan hak aksesnya.",
    "The file cannot be read ({why}). Check its name and permissions.",
)
_FILE_NOT_CASE = Text(
    "Ini sebuah berkas, bukan folder kasus. Berikan folder kasus (di folder arsip, bernama "
    "nomor kasus) atau nomor kasusnya saja.",
    "This is a file, not a case folder. Give a case folder (in the archive folder, named "
    "by its case number) or just the case number.",
)
_NOT_CASE = Text(
    "Folder ini bukan folder kasus: tidak ada manifest.json atau case.json di dalamnya. "
    "Berikan folder kasus (di folder arsip, bernama nomor kasus) atau nomor kasusnya saja.",
    "This folder is not a case folder: it holds no manifest.json or case.json. Give a case "
    "folder (in the archive folder, named by its case number) or just the case number.",
)


def _is_audit_line(raw: bytes) -> bool:
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return (isinstance(record, dict) and type(record.get("seq")) is int
            and isinstance(record.get("prev"), str) and isinstance(record.get("hash"), str)
            and isinstance(record.get("event"), str))


def require_audit_log(path: Path) -> None:
    """Raise ``InputError`` (exit 2) unless ``path`` is a missing file (the reader says so),
    an empty file, or a file with an audit line among its first lines."""
    if path.is_dir():
        raise InputError(_FOLDER, where=str(path))
    if not path.exists():
        return
    seen = 0
    try:
        with path.open("rb") as f:
            for raw in f:
                if not raw.strip():
                    continue
                if _is_audit_line(raw.rstrip(b"\r\n")):
                    return
                seen += 1
                if seen >= SNIFF_LINES:
                    break
    except OSError as exc:
        raise InputError(_NOT_READABLE.format(why=os_reason(exc)), where=str(path)) from exc
    if seen:
        raise InputError(_NOT_LOG.format(n=seen), where=str(path))


def require_case_folder(path: Path) -> None:
    """Raise ``InputError`` (exit 2) when an existing ``path`` is a file, or a folder with
    neither a manifest nor a case record."""
    from oss_assist.evidence import CASE_RECORD, MANIFEST

    if path.is_file():
        raise InputError(_FILE_NOT_CASE, where=str(path))
    if path.is_dir() and not ((path / MANIFEST).exists() or (path / CASE_RECORD).exists()):
        raise InputError(_NOT_CASE, where=str(path))


def find_case_folder(archive_dir: Path, case_id: str) -> Path | None:
    """The folder of case ``case_id``: in the archive, or in one of the demo's archives in
    it (the newest first)."""
    direct = archive_dir / case_id
    if direct.is_dir():
        return direct
    if not archive_dir.is_dir():
        return None
    nested = sorted((p / case_id for p in archive_dir.iterdir() if p.is_dir()),
                    key=lambda p: p.parent.name, reverse=True)
    return next((p for p in nested if p.is_dir()), None)
