"""The readable timeline of an audit log that ``oss-assist audit show`` prints."""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from oss_assist.audit.chain import read_events, read_lines
from oss_assist.audit.events import LABELS, Event
from oss_assist.i18n import DEFAULT_LANG, Lang, Text

# Chain and context fields: in every line, so not repeated in the details.
_HIDDEN = frozenset({"ts", "seq", "prev", "hash", "level", "event", "case_id", "office"})
_UNREADABLE = Text("[baris tidak terbaca]", "[unreadable line]")
_NO_CASE = "-"


def show(
    path: Path,
    *,
    case_id: str | None = None,
    lang: Lang = DEFAULT_LANG,
    tz: tzinfo | None = None,
) -> list[str]:
    """One line per event: line number, local time, case, what happened, key details.

    ``tz`` defaults to the computer's own time zone (WIB at the office).
    """
    out: list[str] = []
    for no, record in read_lines(path):
        if record is None:
            if case_id is None:
                out.append(f"{no:>5}  {_UNREADABLE.render(lang)}")
            continue
        case = record.get("case_id") or _NO_CASE
        if case_id is not None and case != case_id:
            continue
        event = str(record.get("event", "?"))
        label = LABELS[event].render(lang) if event in LABELS else event
        time = _local_time(record.get("ts"), tz)
        details = _details(record)
        out.append(f"{no:>5}  {time}  {case:<14}  {label:<20}  {details}".rstrip())
    return out


def _local_time(value: Any, tz: tzinfo | None) -> str:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return "?".ljust(19)
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")


def _details(record: dict[str, Any]) -> str:
    keys = [k for k in record if k not in _HIDDEN]
    if record.get("event") != Event.OPERATOR_DECISION:
        # the operator is named where a decision was made, not on every line
        keys = [k for k in keys if k != "operator"]
    return " ".join(f"{key}={_value(key, record[key])}" for key in keys)


def _value(key: str, value: Any) -> str:
    if isinstance(value, str):
        if key.endswith("sha256") and len(value) > 12:
            return value[:12] + "…"
        if value and not any(ch.isspace() for ch in value) and '"' not in value:
            return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def is_sandbox(url: str) -> bool:
    """Whether a portal address is the local sandbox (loopback), not the live portal."""
    host = (urlsplit(url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


_HEAD = {
    "case": Text("Kasus", "Case"),
    "applicant": Text("Pemohon", "Applicant"),
    "nib": Text("NIB", "NIB"),
    "operator": Text("Operator", "Operator"),
    "portal": Text("Portal", "Portal"),
    "start": Text("Mulai", "Start"),
    "end": Text("Selesai", "End"),
    "outcome": Text("Hasil", "Outcome"),
}
_SANDBOX = Text("SANDBOX (latihan, bukan portal asli)", "SANDBOX (practice, not the live portal)")
_LIVE = Text("portal OSS asli", "the live OSS portal")
_NOT_RUN = Text("belum dijalankan", "not run yet")
_REFUSED = Text("jalan ditolak sebelum portal: {why}", "run refused before the portal: {why}")


def case_header(path: Path, case_id: str, *, lang: Lang = DEFAULT_LANG,
                tz: tzinfo | None = None) -> list[str]:
    """The case at a glance, for the top of ``audit show --case``: the applicant (masked),
    NIB, operator, live portal or sandbox, start, end and outcome. Empty when the log has
    nothing of the case."""
    from oss_assist.register.stages import STAGE_LABELS, Stage

    first = last = None
    applicant = nib = operator = ""
    portal: bool | None = None
    stage = ""
    refused = ""
    for _, record in read_events(path, case_id=case_id):
        event = record.get("event")
        first = first or record.get("ts")
        last = record.get("ts")
        if event in (Event.CASE_OPENED, "case_received") and record.get("profile"):
            nik = record.get("nik") or applicant.split(" ")[0]
            applicant = f"{nik} ({record['profile']})" if nik else f"({record['profile']})"
        if event == Event.CASE_OPENED:
            operator = str(record.get("operator") or operator)
            refused = ""
            if "sandbox" in record:
                portal = bool(record["sandbox"])
        if event == "case_work_started" and not operator:
            operator = str(record.get("operator") or "")
        if event == Event.RUN_REFUSED:
            refused = str(record.get("reason") or "?")
        if record.get("actor") == "scripted_operator":
            portal = True
        url = record.get("url")
        if portal is None and isinstance(url, str) and url.startswith("http"):
            portal = is_sandbox(url)
        if event in (Event.NIB_ISSUED, "case_nib_recorded") and record.get("nib"):
            nib = str(record["nib"])
        if record.get("stage_to"):
            stage = str(record["stage_to"])
    if first is None:
        return []
    outcome = STAGE_LABELS[Stage(stage)].render(lang) if stage in set(Stage) else "-"
    if refused:
        outcome += "; " + _REFUSED.format(why=refused).render(lang)
    where = (_NOT_RUN if portal is None else _SANDBOX if portal else _LIVE).render(lang)
    rows = [
        ("applicant", applicant or "-"), ("nib", nib or "-"), ("operator", operator or "-"),
        ("portal", where), ("start", _local_time(first, tz)), ("end", _local_time(last, tz)),
        ("outcome", outcome),
    ]
    out = [f"{_HEAD['case'].render(lang)} {case_id}"]
    out += [f"  {_HEAD[key].render(lang):<10}: {value}" for key, value in rows]
    return [*out, ""]
