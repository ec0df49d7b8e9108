"""Case records: one applicant's journey through the flows, so a run resumes, never repeats.

    with open_case(settings.archive_dir, profile.nik, profile_path) as case:
        if case.profile_changed:
            ...  # warn the operator; case.accept_profile() once they agree
        for step in flow.steps:
            if case.is_done("registrasi", step.id):
                continue
            ...  # run the step
            case.complete("registrasi", step.id)      # saved at once
        case.set_fact("account_registered", True)
        case.flow_finished("registrasi")

A case lives in ``<archive_dir>/<case id>/case.json`` (0600), beside its evidence. The
case id is derived from the NIK with a key kept in the archive folder, so the same
applicant always gets the same case while neither the folder name nor the id, even
beside the masked NIK, gives the NIK away.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from oss_assist.audit import is_secret_key
from oss_assist.errors import InputError
from oss_assist.evidence import (
    CASE_LOCK,
    CASE_RECORD,
    case_folder,
    create_private_file,
    unwritable,
    write_private_file,
)
from oss_assist.filelock import lock as lock_file
from oss_assist.filelock import unlock
from oss_assist.i18n import Text
from oss_assist.masking import PERSONAL_KEYS, mask_nik

CASE_ID_PREFIX = "RNY-"
#: The key case ids are derived with; back it up with the archive, or resumed runs of
#: old cases will not find them.
KEY_FILE = ".case-id.key"

CaseStatus = Literal["opened", "in_progress", "nib_issued"]
FactValue = str | int | float | bool | None

_NIK = re.compile(r"\d{16}\Z")
_CASE_ID_TEXT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\Z")
_NIB = re.compile(r"\d{13}\Z")
_FACT_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")


class StepDone(BaseModel):
    """A step of a flow that was completed, and when."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    step: str
    at: datetime


class FlowProgress(BaseModel):
    """How far the case got in one flow."""

    model_config = ConfigDict(extra="forbid")

    steps: list[StepDone] = []
    finished_at: datetime | None = None


class CaseRecord(BaseModel):
    """``case.json``: everything a later run needs to resume the case."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    case_id: str
    nik: str = Field(description="masked: region and last four digits only")
    profile_file: str
    profile_sha256: str
    opened_at: datetime
    updated_at: datetime
    status: CaseStatus = "opened"
    flows: dict[str, FlowProgress] = {}
    #: what the portal confirmed; see ``KNOWN_FACTS``, flow files may name more
    facts: dict[str, FactValue] = {}


def case_id_for(nik: str, key: bytes) -> str:
    """The applicant's case id, e.g. ``RNY-3f2a9c01b4``: the same for the same NIK and key."""
    digest = hmac.new(key, nik.strip().encode("ascii"), hashlib.sha256).hexdigest()
    return CASE_ID_PREFIX + digest[:10]


def archive_key(archive_dir: Path) -> bytes:
    """The archive's case-id key, made on first use (0600).

    A plain hash of the NIK would not do: the masked NIK hides only the birth date, so
    trying every date against the hash would give the NIK back within a second.
    """
    path = archive_dir / KEY_FILE
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        key = None
    except (OSError, ValueError) as exc:
        raise InputError(_BAD_KEY, where=str(path)) from exc
    if key is not None:
        if len(key) < 16:
            raise InputError(_BAD_KEY, where=str(path))
        return key
    create_private_file(path, secrets.token_hex(32).encode("ascii") + b"\n")
    return archive_key(archive_dir)


def open_case(archive_dir: Path, nik: str, profile_path: Path, *,
              case_id: str | None = None, seed_from: Sequence[str] = ()) -> Case:
    """Open the applicant's case, creating it on the first run; resume it on later runs.

    ``case_id`` is the register's case number when the run belongs to one; without it the
    id is derived from the NIK (``case_id_for``). A new case takes what the portal already
    has of the applicant (the flows' progress and facts) from the first of ``seed_from``
    (earlier cases of the same applicant) that has a record: an account registered or an
    application sent for a cancelled case is not sent again for the next one.

    Only one oss-assist may hold a case at a time: a second ``open_case`` for the same
    applicant fails with ``InputError`` until the first one is closed (or its process ends).
    """
    nik = nik.strip()
    if not _NIK.match(nik):
        raise InputError(
            Text(
                "NIK harus 16 angka; perbaiki NIK di berkas profil.",
                "the NIK must be 16 digits; correct it in the profile file.",
            ),
            where=str(profile_path),
        )
    profile_sha256 = _profile_hash(profile_path)
    case_id = case_id or case_id_for(nik, archive_key(archive_dir))
    folder = case_folder(archive_dir, case_id)
    lock = _lock(folder)
    seeds = [archive_dir / seed / CASE_RECORD for seed in seed_from
             if seed != case_id and _CASE_ID_TEXT.match(seed)]
    try:
        record, changed = _load_or_create(folder, case_id, nik, profile_path, profile_sha256,
                                          seeds)
    except BaseException:
        os.close(lock)
        raise
    return Case(folder, record, profile_changed=changed, profile_sha256=profile_sha256, lock=lock)


class Case:
    """One open case. Every change is written to ``case.json`` before the method returns."""

    def __init__(
        self,
        folder: Path,
        record: CaseRecord,
        *,
        profile_changed: bool,
        profile_sha256: str,
        lock: int | None,
    ) -> None:
        self.folder = folder
        self._record = record
        #: the profile file differs from the one the case was opened (or last accepted) with
        self.profile_changed = profile_changed
        self._profile_sha256 = profile_sha256
        self._lock = lock

    @property
    def id(self) -> str:
        return self._record.case_id

    @property
    def status(self) -> CaseStatus:
        return self._record.status

    @property
    def facts(self) -> Mapping[str, FactValue]:
        """The facts recorded so far (read-only); change them with ``set_fact``."""
        return MappingProxyType(dict(self._record.facts))

    @property
    def record(self) -> CaseRecord:
        """A copy of the whole record, for display."""
        return self._record.model_copy(deep=True)

    def is_done(self, flow: str, step_id: str) -> bool:
        """Whether the step was completed in this or an earlier run."""
        progress = self._record.flows.get(flow)
        return progress is not None and any(s.step == step_id for s in progress.steps)

    def completed(self, flow: str) -> list[str]:
        """The completed step ids of a flow, in the order they were completed."""
        progress = self._record.flows.get(flow)
        return [s.step for s in progress.steps] if progress else []

    def last_completed(self, flow: str) -> str | None:
        """The step id completed last in a flow, or None if none was."""
        done = self.completed(flow)
        return done[-1] if done else None

    def complete(self, flow: str, step_id: str) -> None:
        """Record a step as completed (again is a no-op), and save."""
        if not flow or not step_id:
            raise ValueError("flow and step_id must not be empty")
        if self.is_done(flow, step_id):
            return
        progress = self._record.flows.setdefault(flow, FlowProgress())
        progress.steps.append(StepDone(step=step_id, at=_now()))
        self._save()

    def flow_finished(self, flow: str) -> None:
        """Record that a flow ran to its end (again is a no-op), and save."""
        progress = self._record.flows.setdefault(flow, FlowProgress())
        if progress.finished_at is None:
            progress.finished_at = _now()
            self._save()

    def is_finished(self, flow: str) -> bool:
        """Whether a flow ran to its end in this or an earlier run."""
        progress = self._record.flows.get(flow)
        return progress is not None and progress.finished_at is not None

    def set_fact(self, name: str, value: FactValue | datetime) -> None:
        """Record what the portal confirmed (e.g. ``nib``), and save.

        Raises ``ValueError`` for a name that is not snake_case or that names a secret or
        personal data (those never go into the record), and for a value of the wrong kind
        for a ``KNOWN_FACTS`` name, such as an NIB that is not 13 digits.
        """
        value = _check_fact(name, value)
        if name in self._record.facts and self._record.facts[name] == value:
            return
        self._record.facts[name] = value
        self._save()

    def accept_profile(self) -> None:
        """Take the changed profile file as the case's profile from now on, and save."""
        self._record.profile_sha256 = self._profile_sha256
        self.profile_changed = False
        self._save()

    def close(self) -> None:
        """Let another run open the case."""
        if self._lock is not None:
            unlock(self._lock)
            os.close(self._lock)
            self._lock = None

    def __enter__(self) -> Case:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _save(self) -> None:
        record = self._record
        record.updated_at = _now()
        if record.facts.get("nib"):
            record.status = "nib_issued"
        elif any(p.steps or p.finished_at for p in record.flows.values()):
            record.status = "in_progress"
        _write(self.folder, record)


def _bool(value: object) -> FactValue:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _nib(value: object) -> FactValue:
    text = str(value).strip()
    if isinstance(value, bool) or not _NIB.match(text):
        raise ValueError("an NIB is 13 digits")
    return text


def _text(value: object) -> FactValue:
    if not isinstance(value, str) or not value:
        raise ValueError("must be a non-empty text")
    return value


#: Facts the runner relies on, and what their values must be.
KNOWN_FACTS: dict[str, Callable[[object], FactValue]] = {
    "account_registered": _bool,
    "logged_in_at": _text,
    "application_submitted": _bool,
    "nib": _nib,
    "nib_pdf": _text,  # the NIB PDF's file name in the case folder
}


def _check_fact(name: str, value: FactValue | datetime) -> FactValue:
    if not _FACT_NAME.match(name):
        raise ValueError(f"fact name must be snake_case: {name!r}")
    if is_secret_key(name) or name in PERSONAL_KEYS:
        raise ValueError(f"fact {name!r} would store a secret or personal data")
    if isinstance(value, datetime):
        value = value.astimezone(UTC).isoformat()
    if not isinstance(value, str | int | float | bool) and value is not None:
        raise ValueError(f"fact {name!r}: a text, number, true/false or null is needed")
    check = KNOWN_FACTS.get(name)
    if check is None:
        return value
    try:
        return check(value)
    except ValueError as exc:
        raise ValueError(f"fact {name!r}: {exc}") from None


def _load_or_create(
    folder: Path, case_id: str, nik: str, profile_path: Path, profile_sha256: str,
    seeds: Sequence[Path] = (),
) -> tuple[CaseRecord, bool]:
    path = folder / CASE_RECORD
    try:
        record = CaseRecord.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        now = _now()
        record = CaseRecord(
            case_id=case_id,
            nik=mask_nik(nik),
            profile_file=profile_path.name,
            profile_sha256=profile_sha256,
            opened_at=now,
            updated_at=now,
        )
        earlier = _earlier(seeds)
        if earlier is not None:
            record.flows, record.facts = earlier.flows, earlier.facts
            record.status = earlier.status
        _write(folder, record)
        return record, False
    except (OSError, ValidationError) as exc:
        raise InputError(_BAD_RECORD.format(err=_reason(exc)), where=str(path)) from exc
    if record.case_id != case_id:
        raise InputError(
            _BAD_RECORD.format(err=f"case_id {record.case_id} != {case_id}"), where=str(path)
        )
    return record, record.profile_sha256 != profile_sha256


def _earlier(seeds: Sequence[Path]) -> CaseRecord | None:
    """The first earlier record of the applicant that can be read."""
    for seed in seeds:
        try:
            return CaseRecord.model_validate_json(seed.read_bytes())
        except (OSError, ValidationError):
            continue
    return None


def _write(folder: Path, record: CaseRecord) -> None:
    write_private_file(folder / CASE_RECORD, record.model_dump_json(indent=2).encode() + b"\n")


def _profile_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise InputError(
            Text(
                "berkas profil tidak dapat dibaca ({err}).",
                "the profile file cannot be read ({err}).",
            ).format(err=exc.strerror or type(exc).__name__),
            where=str(path),
        ) from exc


def _lock(folder: Path) -> int:
    try:
        fd = os.open(folder / CASE_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise unwritable(folder / CASE_LOCK, exc) from exc
    try:
        lock_file(fd, wait=False)
    except BlockingIOError as exc:
        os.close(fd)
        raise InputError(
            Text(
                "kasus ini sedang dibuka oleh oss-assist lain (jendela atau terminal lain). "
                "Selesaikan atau tutup yang itu dulu, lalu coba lagi.",
                "this case is open in another oss-assist (another window or terminal). "
                "Finish or close that one first, then try again.",
            ),
            where=str(folder),
        ) from exc
    return fd


def _now() -> datetime:
    return datetime.now(UTC)


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        return ".".join(str(part) for part in first["loc"]) + ": " + first["msg"]
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc)


_BAD_RECORD = Text(
    "catatan kasus tidak terbaca ({err}). Jangan menjalankan alur untuk pemohon ini sebelum "
    "atasan memeriksanya: langkah yang sudah dikirim bisa terkirim dua kali.",
    "the case record cannot be read ({err}). Do not run a flow for this applicant before "
    "a supervisor has checked it: steps already submitted could be submitted twice.",
)
_BAD_KEY = Text(
    "kunci id kasus tidak terbaca. Pulihkan berkas ini dari cadangan arsip; tanpa kunci "
    "yang sama, kasus lama tidak dapat dilanjutkan.",
    "the case-id key cannot be read. Restore this file from the archive backup; without "
    "the same key, earlier cases cannot be resumed.",
)
