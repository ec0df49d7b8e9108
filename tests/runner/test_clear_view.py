"""Evidence screenshots show the form: a spinner is waited for, a toast is hidden for the
shot at once; what was hidden is named; nothing stays hidden afterwards."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page

from oss_assist.evidence import read_manifest, save_screenshot
from oss_assist.runner.clear_view import MARK, clear_view, covering_now, restore_view

FORM = """<html><body style="margin:0;font:16px sans-serif">
<label>Provinsi <input name="provinsi" value="JAWA TIMUR"></label>
<div class="v-snackbar-container" style="position:fixed;top:0;left:0">%s</div>
</body></html>"""
TOAST = ('<div class="v-snackbar" style="background:#222;color:#fff;width:400px;height:60px">'
         "NIB berhasil diterbitkan</div>")
SPINNER = ('<div class="page-loader" style="position:fixed;top:0;left:0;width:400px;'
           'height:60px;background:#888"></div>')


@pytest.mark.browser
def test_a_toast_is_hidden_for_the_shot_at_once_and_shown_again(page: Page) -> None:
    page.set_content(FORM % "")
    clean = page.screenshot()
    page.set_content(FORM % TOAST)
    assert page.screenshot() != clean  # the toast covers the Provinsi field
    started = time.monotonic()
    hidden = clear_view(page, [".v-snackbar"], [".page-loader"], wait_s=5)
    assert time.monotonic() - started < 2  # not waited out
    assert hidden == [".v-snackbar"]
    assert page.screenshot() == clean
    restore_view(page)
    assert covering_now(page, [".v-snackbar"]) == [".v-snackbar"]
    assert page.locator(f"[{MARK}]").count() == 0


@pytest.mark.browser
def test_a_spinner_that_goes_is_waited_for(page: Page) -> None:
    page.set_content(FORM % SPINNER)
    page.evaluate("() => setTimeout(() => document.querySelector('.page-loader').remove(), 300)")
    started = time.monotonic()
    assert clear_view(page, [".v-snackbar"], [".page-loader"], wait_s=5) == []
    assert 0.25 < time.monotonic() - started < 4


@pytest.mark.browser
def test_a_spinner_that_stays_is_hidden_after_the_wait(page: Page) -> None:
    page.set_content(FORM % "")
    clean = page.screenshot()
    page.set_content(FORM % (SPINNER + TOAST))
    started = time.monotonic()
    hidden = clear_view(page, [".v-snackbar"], [".page-loader"], wait_s=0.3)
    assert time.monotonic() - started >= 0.3
    assert sorted(hidden) == [".page-loader", ".v-snackbar"]
    assert page.screenshot() == clean
    restore_view(page)
    assert page.locator(f"[{MARK}]").count() == 0


def test_the_manifest_says_what_was_hidden(tmp_path) -> None:  # type: ignore[no-untyped-def]
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    saved = save_screenshot(tmp_path, 1, "Data usaha", png, "http://127.0.0.1/",
                            hidden=[".v-snackbar"])
    assert read_manifest(tmp_path).files[0].hidden == [".v-snackbar"]
    assert saved.log_fields()["hidden"] == [".v-snackbar"]
    plain = save_screenshot(tmp_path, 2, "Data usaha", png, "http://127.0.0.1/")
    assert "hidden" not in plain.log_fields()
