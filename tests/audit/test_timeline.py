"""show(): one readable line per event, in either language, for one case or all."""

from __future__ import annotations

import re
from datetime import timedelta, timezone

from oss_assist.audit import Actor, Event, audit_logger, show

WIB = timezone(timedelta(hours=7))


def test_one_line_per_event_with_time_case_event_and_details(tmp_path):
    path = tmp_path / "audit.jsonl"
    log = audit_logger(path, case_id="RNY-0a1b2c3d4e", operator="Budi", office="Ranuyoso")
    log.info(Event.FLOW_STARTED, flow="registrasi")
    log.info(Event.OPERATOR_DECISION, step="kirim", proceed=True, actor=Actor.PERSON)
    log.info(Event.SCREENSHOT_SAVED, file="001-registrasi.png", sha256="ab" * 32)
    lines = show(path, tz=WIB)
    assert len(lines) == 3
    when = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"
    pattern = rf"\s+1  {when}  RNY-0a1b2c3d4e  alur dimulai\s+flow=registrasi"
    assert re.fullmatch(pattern, lines[0])
    assert "operator=Budi" in lines[1] and "actor=person" in lines[1] and "proceed=true" in lines[1]
    assert lines[2].endswith("file=001-registrasi.png sha256=abababababab…")
    # the operator is named on decisions only, the office never
    assert "operator=" not in lines[0] and "Ranuyoso" not in "".join(lines)


def test_english_labels(tmp_path):
    path = tmp_path / "audit.jsonl"
    audit_logger(path, case_id="RNY-0a1b2c3d4e").info(Event.NIB_ISSUED, nib="8120207730001")
    assert "NIB issued" in show(path, lang="en")[0]
    assert "NIB terbit" in show(path, lang="id")[0]


def test_times_are_shown_in_the_given_zone(tmp_path):
    path = tmp_path / "audit.jsonl"
    path.write_text(
        '{"seq":1,"ts":"2026-03-02T01:30:00.000Z","event":"retry","attempt":1,'
        '"prev":"0","hash":"0"}\n',
        encoding="utf-8",
    )
    assert "2026-03-02 08:30:00" in show(path, tz=WIB)[0]


def test_filtering_by_case(tmp_path):
    path = tmp_path / "audit.jsonl"
    audit_logger(path, case_id="RNY-aaaaaaaaaa").info(Event.FLOW_STARTED, flow="registrasi")
    audit_logger(path, case_id="RNY-bbbbbbbbbb").info(Event.FLOW_STARTED, flow="masuk")
    audit_logger(path).info(Event.RETRY, attempt=1)
    only_b = show(path, case_id="RNY-bbbbbbbbbb")
    assert len(only_b) == 1 and "flow=masuk" in only_b[0]
    assert len(show(path)) == 3
    assert "  -  " in show(path)[2]


def test_unreadable_lines_are_shown_as_such(tmp_path):
    path = tmp_path / "audit.jsonl"
    audit_logger(path).info(Event.RETRY, attempt=1)
    with path.open("a", encoding="utf-8") as f:
        f.write("rusak\n")
    assert show(path)[1].strip() == "2  [baris tidak terbaca]"
    assert show(path, lang="en")[1].strip() == "2  [unreadable line]"
