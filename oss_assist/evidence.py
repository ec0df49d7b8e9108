"""A case's evidence folder: screenshots and documents, hashed and listed in its manifest.

    folder = case_folder(settings.archive_dir, case.id)        # 0700
    shot = save_screenshot(folder, 3, "isi data akun", png, page.url, flow="registrasi")
    log.info(Event.SCREENSHOT_SAVED, **shot.log_fields())
    save_document(folder, "nib.pdf", pdf_bytes, step_name="unduh NIB")
    report = verify_case(folder, audit_log=settings.audit_log)

Files are written whole (temporary file, then rename) and readable by their owner only
(0600). Names are ``NNN-<flow>-<step>.png``, numbered across all runs of the case.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, ValidationError

from oss_assist.audit import SECRET_PLACEHOLDER, Event, is_secret_key, read_events
from oss_assist.errors import ConfigError, InputError
from oss_assist.i18n import Text, os_reason
from oss_assist.masking import mask_text, mask_value

MANIFEST = "manifest.json"
#: Files of a case folder that are kept up to date, so are not evidence themselves.
CASE_RECORD = "case.json"
CASE_LOCK = ".case.lock"
#: Written when the secretariat archives the case: from then on nothing may be added.
SEAL = "seal.json"
_NOT_EVIDENCE = frozenset({MANIFEST, CASE_RECORD, CASE_LOCK, SEAL})

EvidenceKind = Literal["step", "failure", "document"]
EvidenceProblemKind = Literal["missing", "changed", "unlisted", "exposed", "manifest"]

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_NUMBERED = re.compile(r"(\d+)-")
_CASE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\Z")


class EvidenceFile(BaseModel):
    """One file of a case's manifest."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    sha256: str
    size: int
    kind: EvidenceKind
    flow: str = ""
    #: the step's index or id in its flow
    step: int | str | None = None
    step_name: str = ""
    time: datetime
    url: str = ""
    #: what was hidden for the shot because it covered the form and did not go in time
    hidden: list[str] = []

    def log_fields(self) -> dict[str, Any]:
        """The fields of the ``screenshot_saved``/``document_saved`` audit event."""
        fields: dict[str, Any] = {"file": self.name, "sha256": self.sha256, "kind": self.kind}
        if self.flow:
            fields["flow"] = self.flow
        if self.step is not None:
            fields["step"] = self.step
        if self.hidden:
            fields["hidden"] = list(self.hidden)
        return fields


class Manifest(BaseModel):
    """``manifest.json``: every evidence file of the case, in the order it was saved."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    files: list[EvidenceFile] = []


@dataclass(frozen=True)
class EvidenceProblem:
    """One thing wrong with a case folder."""

    kind: EvidenceProblemKind
    name: str
    text: Text


@dataclass(frozen=True)
class EvidenceReport:
    """What ``verify_case`` found."""

    case_dir: Path
    files: int
    problems: tuple[EvidenceProblem, ...]

    @property
    def intact(self) -> bool:
        return not self.problems


# --- folders and files ---------------------------------------------------------------


def case_folder(archive_dir: Path, case_id: str) -> Path:
    """The case's folder ``<archive_dir>/<case_id>/``, created if needed, always 0700."""
    if not _CASE_ID.match(case_id):
        raise ValueError(f"not a case id: {case_id!r}")
    folder = archive_dir / case_id
    try:
        if not archive_dir.is_dir():
            archive_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            archive_dir.chmod(0o700)
        folder.mkdir(mode=0o700, exist_ok=True)
        folder.chmod(0o700)
    except OSError as exc:
        raise unwritable(folder, exc) from exc
    return folder


def write_private_file(path: Path, data: bytes) -> None:
    """Write ``path`` whole, readable by its owner only (0600): a crash leaves the old
    file or the new one, never half of one. Raises ``ConfigError`` if it cannot."""
    # unique per thread too: the web desk writes from several threads of one process
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(tmp, flags, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        tmp.chmod(0o600)
        tmp.replace(path)
        _fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise unwritable(path, exc) from exc


def create_private_file(path: Path, data: bytes) -> bool:
    """Write ``path`` (0600, its folder made 0700) only if it does not exist yet: of
    several threads or processes making it at once, one wins and the others keep its
    file. False when it was there already. Raises ``ConfigError`` if it cannot."""
    folder = path.parent
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        if not folder.is_dir():
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            folder.chmod(0o700)
        write_private_file(tmp, data)
        try:
            # link, unlike rename, fails if the file was made meanwhile
            os.link(tmp, path)
        except FileExistsError:
            return False
        finally:
            tmp.unlink()
    except OSError as exc:
        raise unwritable(path, exc) from exc
    return True


def unwritable(path: Path, exc: OSError) -> ConfigError:
    """The error for an archive file or folder that cannot be written."""
    return ConfigError(
        Text(
            "arsip tidak dapat ditulis ({err}). Periksa setelan OSS_ASSIST_ARCHIVE_DIR, hak "
            "akses foldernya dan sisa ruang disk.",
            "the archive cannot be written ({err}). Check the OSS_ASSIST_ARCHIVE_DIR setting, "
            "its folder's permissions and the free disk space.",
        ).format(err=os_reason(exc)),
        where=str(path),
    )


def _fsync_dir(path: Path) -> None:
    # makes the rename itself survive a crash
    if sys.platform == "win32":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- saving --------------------------------------------------------------------------


def save_screenshot(
    case_dir: Path,
    step_index: int | str,
    step_name: str,
    png_bytes: bytes,
    url: str,
    kind: EvidenceKind = "step",
    *,
    flow: str = "",
    hidden: list[str] | None = None,
) -> EvidenceFile:
    """Save a PNG screenshot as the case's next numbered file and list it in the manifest.

    ``step_index`` is the step's position (or id) in its flow and goes into the manifest;
    the file number counts on across every run of the case, so a resumed run never reuses
    or reorders names. ``kind`` is ``"failure"`` for a screenshot taken when a step failed.
    """
    if not png_bytes.startswith(_PNG_SIGNATURE):
        raise ValueError("save_screenshot expects PNG bytes (page.screenshot(type='png'))")
    manifest = read_manifest(case_dir)
    number = _next_number(case_dir, manifest)
    slug = _slug(mask_text(f"{flow} {step_name}")) or "langkah"
    if kind == "failure":
        slug += "-gagal"
    name = f"{number:03d}-{slug}.png"
    return _save(case_dir, manifest, name, png_bytes, kind, flow, step_index, step_name, url,
                 hidden=hidden or [])


def save_document(
    case_dir: Path,
    name: str,
    data: bytes,
    *,
    kind: EvidenceKind = "document",
    flow: str = "",
    step: int | str | None = None,
    step_name: str = "",
    url: str = "",
) -> EvidenceFile:
    """Save a document (the NIB PDF, a text file with the NIB number) under a readable name.

    Saving the same bytes again returns the entry already listed; different bytes under a
    name already used get ``-2``, ``-3``... so no evidence is ever overwritten.
    """
    stem, dot, suffix = Path(name).name.rpartition(".")
    if not dot:
        stem, suffix = suffix, ""
    stem = _slug(stem) or "dokumen"
    suffix = re.sub(r"[^a-z0-9]", "", suffix.lower())
    ending = f".{suffix}" if suffix else ""
    manifest = read_manifest(case_dir)
    digest = hashlib.sha256(data).hexdigest()
    for counter in range(1, 1000):
        candidate = (stem if counter == 1 else f"{stem}-{counter}") + ending
        listed = next((f for f in manifest.files if f.name == candidate), None)
        if listed is not None and listed.sha256 == digest:
            return listed
        free = candidate not in _NOT_EVIDENCE and not (case_dir / candidate).exists()
        if listed is None and free:
            return _save(case_dir, manifest, candidate, data, kind, flow, step, step_name, url)
    raise ValueError(f"too many documents named {name!r}")


def read_manifest(case_dir: Path) -> Manifest:
    """The case's manifest; an empty one if none was written yet."""
    path = case_dir / MANIFEST
    try:
        return Manifest.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        return Manifest()
    except (OSError, ValidationError) as exc:
        raise InputError(
            Text(
                "manifest kasus tidak terbaca ({err}). Jalankan `oss-assist audit evidence` "
                "untuk folder ini dan laporkan kepada atasan.",
                "the case manifest cannot be read ({err}). Run `oss-assist audit evidence` "
                "on this folder and tell your supervisor.",
            ).format(err=_reason(exc)),
            where=str(path),
        ) from exc


def _save(
    case_dir: Path,
    manifest: Manifest,
    name: str,
    data: bytes,
    kind: EvidenceKind,
    flow: str,
    step: int | str | None,
    step_name: str,
    url: str,
    *,
    hidden: list[str] | None = None,
) -> EvidenceFile:
    if (case_dir / SEAL).exists():
        raise InputError(_SEALED, where=str(case_dir))
    write_private_file(case_dir / name, data)
    entry = EvidenceFile(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        kind=kind,
        flow=mask_text(flow),
        step=step,
        step_name=mask_text(step_name),
        time=datetime.now(UTC),
        url=clean_url(url),
        hidden=hidden or [],
    )
    manifest.files.append(entry)
    write_private_file(case_dir / MANIFEST, manifest.model_dump_json(indent=2).encode() + b"\n")
    return entry


def _next_number(case_dir: Path, manifest: Manifest) -> int:
    # files on disk count too: one written just before a crash must not be overwritten
    names = [f.name for f in manifest.files] + [p.name for p in case_dir.iterdir()]
    numbers = [int(m.group(1)) for n in names if (m := _NUMBERED.match(n))]
    return max(numbers, default=0) + 1


def _slug(text: str) -> str:
    text = text.lower().replace("_", " ")
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:48].rstrip("-")


def clean_url(url: str) -> str:
    """A URL fit for the archive: no credentials, secret parameters withheld, personal
    data masked."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    query = _clean_params(parts.query)
    fragment = _clean_params(parts.fragment) if "=" in parts.fragment else parts.fragment
    return mask_text(urlunsplit((parts.scheme, netloc, parts.path, query, fragment)))


def _clean_params(text: str) -> str:
    pairs = parse_qsl(text, keep_blank_values=True)
    if not pairs:
        return text
    # masked on the decoded values: an e-mail arrives as siti%40example.com
    cleaned = [
        (key, SECRET_PLACEHOLDER if is_secret_key(key) else str(mask_value(key, value)))
        for key, value in pairs
    ]
    return urlencode(cleaned, safe="[]@*")


# --- sealing -------------------------------------------------------------------------


def seal_case(case_dir: Path, *, by: str, at: datetime) -> str:
    """Seal an archived case: nothing may be added to it afterwards. Returns the SHA-256
    of its manifest, which the register keeps; ``verify_case`` then finds any change to
    the manifest too."""
    if (case_dir / SEAL).exists():
        raise InputError(_SEALED, where=str(case_dir))
    try:
        manifest = (case_dir / MANIFEST).read_bytes()
    except FileNotFoundError:
        manifest = b""
    except OSError as exc:
        raise unwritable(case_dir / MANIFEST, exc) from exc
    digest = hashlib.sha256(manifest).hexdigest()
    record = {"manifest_sha256": digest, "files": len(read_manifest(case_dir).files),
              "sealed_by": mask_text(by), "sealed_at": at.astimezone(UTC).isoformat()}
    write_private_file(case_dir / SEAL, (json.dumps(record, indent=2) + "\n").encode())
    return digest


def seal_of(case_dir: Path) -> str | None:
    """The manifest hash the case was sealed with, or None when it is not sealed."""
    try:
        data = json.loads((case_dir / SEAL).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise InputError(Text("segel kasus tidak terbaca; laporkan kepada atasan.",
                              "the case seal cannot be read; tell your supervisor."),
                         where=str(case_dir / SEAL)) from exc
    return str(data.get("manifest_sha256", ""))


# --- verifying -----------------------------------------------------------------------


def verify_case(case_dir: Path, *, audit_log: Path | None = None,
                events: Iterable[tuple[int, dict[str, Any]]] | None = None) -> EvidenceReport:
    """Re-hash every file of a case folder against its manifest.

    Finds listed files that are missing or changed, files that are not listed, and files
    others can read. With ``audit_log``, also checks each file against the hash its
    ``screenshot_saved``/``document_saved`` line recorded, which an edited manifest cannot
    hide (``events``: the case's audit lines, when the caller has read them already).
    Raises ``InputError`` when the folder does not exist.
    """
    if not case_dir.is_dir():
        raise InputError(
            Text(
                "Folder kasus tidak ditemukan. Folder kasus ada di dalam folder arsip "
                "(setelan OSS_ASSIST_ARCHIVE_DIR), bernama nomor kasus: periksa nomornya.",
                "The case folder was not found. Case folders are in the archive folder "
                "(setting OSS_ASSIST_ARCHIVE_DIR), named by case number: check the number.",
            ),
            where=str(case_dir),
        )
    found: dict[tuple[str, str], EvidenceProblem] = {}

    def add(kind: EvidenceProblemKind, name: str, text: Text) -> None:
        found.setdefault((kind, name), EvidenceProblem(kind, name, text))

    try:
        files = read_manifest(case_dir).files
    except InputError as exc:
        add("manifest", MANIFEST, exc.text)
        files = []
    on_disk = {p.name: p for p in case_dir.iterdir()}
    try:
        sealed = seal_of(case_dir)
    except InputError as exc:
        add("manifest", SEAL, exc.text)
        sealed = None
    if sealed is not None:
        manifest_path = on_disk.get(MANIFEST)
        now = _sha256(manifest_path) if manifest_path else hashlib.sha256(b"").hexdigest()
        if now != sealed:
            add("manifest", MANIFEST, _RESEALED)
    hashes: dict[str, str] = {}
    for entry in files:
        path = on_disk.get(entry.name)
        if path is None or not path.is_file():
            add("missing", entry.name, _MISSING.format(name=entry.name))
            continue
        hashes[entry.name] = _sha256(path)
        if hashes[entry.name] != entry.sha256:
            add("changed", entry.name, _CHANGED.format(name=entry.name))
    listed = {entry.name for entry in files}
    for name in sorted(set(on_disk) - listed - _NOT_EVIDENCE):
        add("unlisted", name, _UNLISTED.format(name=name))
    if events is None and audit_log is not None:
        events = read_events(audit_log, case_id=case_dir.name)
    if events is not None:
        for line, event in events:
            if event.get("event") not in (Event.SCREENSHOT_SAVED, Event.DOCUMENT_SAVED):
                continue
            name = str(event.get("file", ""))
            path = on_disk.get(name)
            if path is None or not path.is_file():
                add("missing", name, _MISSING_LOGGED.format(name=name, line=line))
                continue
            if name not in hashes:
                hashes[name] = _sha256(path)
            if hashes[name] != event.get("sha256"):
                add("changed", name, _CHANGED_LOGGED.format(name=name, line=line))
    if sys.platform != "win32":
        for name, path in [(".", case_dir), *sorted(on_disk.items())]:
            mode = path.stat().st_mode & 0o777
            if mode & 0o077:
                add("exposed", name, _EXPOSED.format(name=name, mode=f"{mode:04o}"))
    problems = sorted(found.values(), key=lambda p: (p.name, p.kind))
    return EvidenceReport(case_dir=case_dir, files=len(files), problems=tuple(problems))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _reason(exc: Exception) -> Text | str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "manifest"
        return f"{where}: {first['msg']}"
    if isinstance(exc, OSError):
        return os_reason(exc)
    return str(exc)


_SEALED = Text(
    "kasus ini sudah diarsipkan dan disegel; tidak ada yang boleh ditambahkan. Bila memang "
    "perlu, catat sebagai kasus baru.",
    "this case is archived and sealed; nothing may be added. If it is really needed, record "
    "it as a new case.",
)
_RESEALED = Text(
    "manifest berubah setelah kasus disegel", "the manifest changed after the case was sealed"
)
_MISSING = Text("{name}: tercatat di manifest tetapi tidak ada", "{name}: listed but missing")
_CHANGED = Text(
    "{name}: isinya berubah (hash tidak sama dengan manifest)",
    "{name}: its content changed (hash differs from the manifest)",
)
_UNLISTED = Text("{name}: tidak tercatat di manifest", "{name}: not listed in the manifest")
_MISSING_LOGGED = Text(
    "{name}: tercatat di log audit baris {line} tetapi tidak ada",
    "{name}: recorded in audit log line {line} but missing",
)
_CHANGED_LOGGED = Text(
    "{name}: hash tidak sama dengan log audit baris {line}",
    "{name}: hash differs from audit log line {line}",
)
_EXPOSED = Text(
    "{name}: dapat dibaca pengguna lain (mode {mode}); seharusnya 0600, folder 0700",
    "{name}: readable by other users (mode {mode}); should be 0600, folder 0700",
)
