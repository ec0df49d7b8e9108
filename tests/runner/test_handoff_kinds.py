"""Hand-offs of a date pick, a read and a download: each kind pointed at, refused at the
wrong kind of element, done by hand, asked again while its outcome is not there, and
counted against the run's allowance. What is read or downloaded lands as the normal
step's would (the fact, the evidence manifest, the audit log)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from oss_assist import evidence
from oss_assist.audit import read_events
from oss_assist.errors import PageMismatch, PortalError
from oss_assist.flows.loader import load_flow, load_portal_rules
from oss_assist.flows.model import Read
from oss_assist.runner import actions
from oss_assist.runner.handoff_steps import first_group, typed_value
from oss_assist.runner.operator import CheckpointRequest, Decision
from oss_assist.sandbox import Sandbox
from oss_assist.settings import Settings

from .conftest import FLOWS, READ_NIB_STEP, TEST_FLOW, engine_on
from .test_handoff import Answer, Operator, point

pytestmark = pytest.mark.browser

DATE_STEP = """
      - id: tanggal-mulai
        action: pick_date
        title: Tanggal mulai usaha
        target: {testid: date-time-picker-tgl-berjalan}
        value: {path: kegiatan.tanggal_mulai_usaha}
        field: tanggal_mulai_usaha
"""
DOWNLOAD_STEP = """
      - id: unduh-nib
        action: download
        title: Unduh dokumen NIB
        target: {testid: download-nib}
        document: nib.pdf
        fact: nib_pdf
"""
SHOWN = "01/03/2014"  # Siti's tanggal_mulai_usaha (2014-03-01) as the portal shows it
NIB = "9120301234567"
PDF = b"%PDF-1.4\n% NIB uji\n"


def _flow(tmp_path: Path, *steps: str) -> Any:
    path = tmp_path / "uji-tangan.yaml"
    path.write_text(TEST_FLOW + "".join(steps), encoding="utf-8")
    return load_flow(path)


def _events(settings: Settings, name: str) -> list[dict[str, Any]]:
    return [e for _, e in read_events(settings.audit_log) if e["event"] == name]


def _said(operator: Operator, n: int) -> str:
    return operator.requests[n].instruction.render("en")


def by_hand(act: Any = None, typed: str = "") -> Answer:
    """The operator does the step himself (``act(page)``), then Lanjut."""
    def answer(page: Any, _: CheckpointRequest) -> Decision:
        if act is not None:
            act(page)
        return Decision(True, "uji", False, "panel", typed=typed)
    return answer


# -- a date pick: the sandbox's own click-only picker, its test id renamed ----------------

def _date_page(page: Any, sandbox: Sandbox) -> None:
    base = sandbox.urls["beranda"]
    page.set_content(f"""
<h1>Data Kegiatan Usaha</h1>
<div class="v-input-wrapper">
<div class="v-input v-date-input" data-datepicker="date" data-name="tgl" data-field="tgl"
     data-value="">
  <label class="v-label" for="dp-tgl">Tanggal Mulai Usaha</label>
  <div class="v-field v-field--appended" data-testid="tanggal-mulai-baru">
    <input class="v-field__input" id="dp-tgl" type="text" readonly placeholder="Pilih tanggal"
           data-testid="tanggal-mulai-baru" autocomplete="off">
  </div>
  <div class="v-messages"></div>
</div>
</div>
<p id="catatan">Isi sesuai SKU.</p>
<script src="{base}/static/portal.js"></script>
<script src="{base}/static/beranda.js"></script>
""")


def _pick_by_hand(page: Any) -> None:
    """What the operator does in the portal's calendar: year, month, day."""
    picker = load_portal_rules(FLOWS).date_picker
    assert picker is not None
    actions.pick_date(page, page.locator("#dp-tgl"), date(2014, 3, 1), month_only=False,
                      picker=picker)


def test_a_date_pointed_at_is_picked_in_the_portals_calendar(
    page: Any, sandbox: Sandbox, settings: Settings, tmp_path: Path
) -> None:
    _date_page(page, sandbox)
    operator = Operator(point("#dp-tgl"))
    with engine_on(page, settings, operator, timeout_s=2) as (engine, _):
        engine.run(_flow(tmp_path, DATE_STEP))
    assert page.locator("#dp-tgl").input_value() == SHOWN
    assert page.locator("[data-name=tgl]").get_attribute("data-value") == "2014-03-01"
    assert f"'Tanggal mulai usaha' = '{SHOWN}'" in _said(operator, 0)
    assert "pick that date yourself in the portal's calendar" in _said(operator, 0)
    assert "kalender portal" in operator.requests[0].instruction.render("id")
    (event,) = _events(settings, "manual_step")
    assert event["how"] == "pick" and event["locator"] == "#dp-tgl"


def test_a_date_pointed_at_a_label_or_plain_text_is_refused_and_nothing_picked(
    page: Any, sandbox: Sandbox, settings: Settings, tmp_path: Path
) -> None:
    _date_page(page, sandbox)
    seen: list[str] = []

    def then_check(selector: str) -> Answer:
        def answer(p: Any, r: CheckpointRequest) -> Decision:
            seen.append(p.locator("#dp-tgl").input_value())  # nothing picked so far
            return point(selector)(p, r)
        return answer

    operator = Operator(point("label"), then_check("#catatan"), then_check("#dp-tgl"))
    with engine_on(page, settings, operator, timeout_s=2) as (engine, _):
        engine.run(_flow(tmp_path, DATE_STEP))
    assert ("a field's label, but this step needs a date field (or its calendar button); "
            "nothing was picked") in _said(operator, 1)
    assert "plain page content, but this step needs a date field" in _said(operator, 2)
    assert "Yang ditunjuk adalah label" in operator.requests[1].instruction.render("id")
    assert seen == ["", ""]
    assert page.locator("#dp-tgl").input_value() == SHOWN


def test_a_date_picked_by_hand_is_checked_and_asked_again_until_shown(
    page: Any, sandbox: Sandbox, settings: Settings, tmp_path: Path
) -> None:
    _date_page(page, sandbox)
    operator = Operator(by_hand(), by_hand(_pick_by_hand))
    with engine_on(page, settings, operator, timeout_s=2) as (engine, _):
        engine.run(_flow(tmp_path, DATE_STEP))
    assert f"No field shows the date {SHOWN} yet" in _said(operator, 1)
    assert "Belum ada kolom yang menampilkan tanggal" in operator.requests[1].instruction.render(
        "id")
    (event,) = _events(settings, "manual_step")
    assert event["how"] == "panel" and "locator" not in event


# -- a read: the NIB's number under a renamed test id -------------------------------------

READ_PAGE = f"""
<h1>Penerbitan NIB</h1>
<p>Nomor Induk Berusaha: <strong data-testid="nomor-nib-baru">{NIB}</strong></p>
<p id="tanggal">Tanggal terbit: 2 November 2026</p>
<label for="cari">Cari</label><input id="cari" value="{NIB}">
<a id="bantuan" href="#">Bantuan</a>
"""


def test_a_value_pointed_at_is_read_with_the_steps_pattern_and_kept_as_the_read_keeps_it(
    page: Any, settings: Settings, tmp_path: Path
) -> None:
    page.set_content(READ_PAGE)
    operator = Operator(point("[data-testid=nomor-nib-baru]"))
    with engine_on(page, settings, operator, timeout_s=1) as (engine, said):
        engine.run(_flow(tmp_path, READ_NIB_STEP))
        assert engine.ctx.case.facts["nib"] == NIB
    assert "Point at the text that shows the value" in _said(operator, 0)
    assert operator.requests[0].asks_value
    (read,) = _events(settings, "value_read")
    assert read["step"] == "nomor-nib" and read["nib"] == NIB
    (event,) = _events(settings, "manual_step")
    assert event["how"] == "pick" and event["locator"] == "[data-testid=nomor-nib-baru]"
    assert any(f"recorded nib = '{NIB}' (read from the element pointed at)" in s for s in said)


def test_a_read_pointed_at_a_field_or_at_text_not_matching_is_refused(
    page: Any, settings: Settings, tmp_path: Path
) -> None:
    page.set_content(READ_PAGE)
    operator = Operator(point("#cari"), point("#tanggal"), point("[data-testid=nomor-nib-baru]"))
    with engine_on(page, settings, operator, timeout_s=1) as (engine, _):
        engine.run(_flow(tmp_path, READ_NIB_STEP))
        assert engine.ctx.case.facts["nib"] == NIB
    assert ("a field, but this step needs the text that shows the value (not a form field); "
            "nothing was read") in _said(operator, 1)
    assert ("The text pointed at ('Tanggal terbit: 2 November 2026') is not what this step "
            "looks for") in _said(operator, 2)
    assert "tidak sesuai dengan yang dicari" in operator.requests[2].instruction.render("id")
    assert len(_events(settings, "value_read")) == 1  # only the right one


def test_a_value_typed_by_hand_must_be_exactly_what_the_step_keeps(
    page: Any, settings: Settings, tmp_path: Path
) -> None:
    page.set_content(READ_PAGE)
    nik = "3508084904820003"  # 16 digits: it holds 13, but is not a NIB
    operator = Operator(by_hand(), by_hand(typed=nik), by_hand(typed=f" {NIB} "))
    with engine_on(page, settings, operator, timeout_s=1) as (engine, said):
        engine.run(_flow(tmp_path, READ_NIB_STEP))
        assert engine.ctx.case.facts["nib"] == NIB
    assert "Type the value exactly as the page shows it" in _said(operator, 1)
    assert "Type the value exactly as the page shows it" in _said(operator, 2)
    (event,) = _events(settings, "manual_step")
    assert event["typed"] is True and event["how"] == "panel"
    assert any("(typed by the operator)" in s for s in said)


def test_the_typed_value_is_checked_against_the_patterns_first_group() -> None:
    assert first_group(r"(\d{13})") == r"\d{13}"
    assert first_group(r"ID Lokasi: (\S+)") == r"\S+"
    assert first_group(r"(?:No\.)\s*([A-Z](\d+))") == r"[A-Z](\d+)"
    assert first_group(r"Tingkat Risiko\s+(Rendah|Menengah Rendah)") == "Rendah|Menengah Rendah"
    assert first_group(r"[(]x[)]") is None
    step = Read(action="read", id="r", title="r", target={"testid": "x"}, fact="f",  # type: ignore[arg-type]
                pattern=r"ID Lokasi: (\S+)")
    assert typed_value(step, "LOK-123") == "LOK-123"
    assert typed_value(step, "LOK 123") is None
    assert typed_value(step, "") is None


# -- a download: the NIB document under a renamed test id ---------------------------------

def _download_page(page: Any) -> None:
    page.route("**/unduh/nib.pdf", lambda route: route.fulfill(
        body=PDF, headers={"content-type": "application/pdf",
                           "content-disposition": 'attachment; filename="nib.pdf"'}))
    page.set_content("""
<h1>Penerbitan NIB</h1>
<ul><li><a href="https://oss.uji/unduh/nib.pdf" data-testid="unduh-dokumen-nib">Unduh NIB</a>
</li></ul>
<p id="catatan">Dokumen ditandatangani secara elektronik.</p>
""")


def _document_landed(settings: Settings, case_folder: Path) -> None:
    (saved,) = _events(settings, "document_saved")
    listed = [f for f in evidence.read_manifest(case_folder).files if f.name == "nib.pdf"]
    assert listed and listed[0].sha256 == saved["sha256"]
    assert (case_folder / "nib.pdf").read_bytes() == PDF


def test_a_download_link_pointed_at_is_clicked_and_the_document_kept_as_evidence(
    page: Any, settings: Settings, tmp_path: Path
) -> None:
    _download_page(page)
    operator = Operator(point("a"))
    with engine_on(page, settings, operator, timeout_s=2) as (engine, _):
        engine.run(_flow(tmp_path, DOWNLOAD_STEP))
        assert engine.ctx.case.facts["nib_pdf"] == "nib.pdf"
        _document_landed(settings, engine.ctx.case.folder)
    assert "the document is kept as evidence" in _said(operator, 0)
    (event,) = _events(settings, "manual_step")
    assert event["how"] == "pick" and event["locator"] == "a"


def test_a_download_pointed_at_plain_text_is_refused_and_nothing_downloaded(
    page: Any, settings: Settings, tmp_path: Path
) -> None:
    _download_page(page)
    operator = Operator(point("#catatan"), point("h1"), point("a"))
    with engine_on(page, settings, operator, timeout_s=2) as (engine, _):
        engine.run(_flow(tmp_path, DOWNLOAD_STEP))
    assert ("plain page content, but this step needs a download link or button; nothing was "
            "downloaded") in _said(operator, 1)
    assert "tautan atau tombol unduh" in operator.requests[1].instruction.render("id")
    assert len(_events(settings, "document_saved")) == 1  # only from the link


def test_a_download_by_hand_is_captured_and_asked_again_until_it_came(
    page: Any, settings: Settings, tmp_path: Path
) -> None:
    _download_page(page)
    operator = Operator(by_hand(), by_hand(lambda p: p.get_by_text("Unduh NIB").click()))
    with engine_on(page, settings, operator, timeout_s=1) as (engine, _):
        engine.run(_flow(tmp_path, DOWNLOAD_STEP))
        assert engine.ctx.case.facts["nib_pdf"] == "nib.pdf"
        _document_landed(settings, engine.ctx.case.folder)
    assert "No document has been downloaded yet" in _said(operator, 1)
    assert "Belum ada dokumen yang diunduh" in operator.requests[1].instruction.render("id")
    (event,) = _events(settings, "manual_step")
    assert event["how"] == "panel"


# -- every kind: the run's allowance --------------------------------------------------

@pytest.mark.parametrize("step", [DATE_STEP, READ_NIB_STEP, DOWNLOAD_STEP],
                         ids=["pick_date", "read", "download"])
def test_past_the_allowance_no_kind_is_handed_off(
    page: Any, settings: Settings, tmp_path: Path, step: str
) -> None:
    page.set_content("<h1>Kosong</h1>")
    operator = Operator()
    with engine_on(page, settings, operator, timeout_s=0.5, max_manual=0) as (engine, _), \
            pytest.raises(PortalError) as caught:
        engine.run(_flow(tmp_path, step))
    assert "changed too much" in caught.value.render("en")
    assert operator.requests == [] and _events(settings, "manual_step") == []


def test_a_binding_step_not_found_is_never_handed_off_to_be_done_for_the_operator(
    page: Any, settings: Settings, tmp_path: Path
) -> None:
    page.set_content('<h1>Penerbitan NIB</h1>'
                     '<button id="b" onclick="window.clicks = 1">Terbitkan</button>')
    binding = """
      - id: terbitkan-nib
        action: click
        title: Terbitkan NIB
        target: {role: button, name: "Terbitkan NIB"}
        binding: true
        done_when: {text: "NIB berhasil diterbitkan"}
"""
    operator = Operator(point("#b"))  # were it a hand-off, the engine would click there
    with engine_on(page, settings, operator, timeout_s=0.5) as (engine, _), \
            pytest.raises(PageMismatch):
        engine.run(_flow(tmp_path, binding))
    assert [r.kind for r in operator.requests] == ["binding"]
    assert _events(settings, "manual_step") == []
    assert page.evaluate("window.clicks") is None  # nothing clicked it
