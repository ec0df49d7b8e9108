"""``profile show``'s summary, and the ready-profile loader flows use."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from oss_assist.errors import InputError, ProfileInvalid
from oss_assist.profiles import load_ready_profile
from oss_assist.profiles.issues import Report
from oss_assist.profiles.summary import render_summary

TODAY = date(2026, 11, 25)

Data = dict[str, Any]


def test_nothing_personal_unmasked(siti: Data, check: Callable[..., Report]) -> None:
    siti["nomor_hp"] = "+62 812-3456-7890"
    siti["email"] = "aminah.siti@example.com"
    text = render_summary(check(siti), today=TODAY)
    assert not re.search(r"\d{16}", text)
    assert "3456" not in text and "+62 812*****890" in text
    assert "aminah.siti" not in text and "a***@example.com" in text
    assert "(44 tahun)" in text


def test_kbli_accepted_by_the_operator_is_marked(siti: Data, check: Callable[..., Report]) -> None:
    siti["kegiatan"][0]["kbli"] = "47119"
    siti["kegiatan"][0]["kbli_diterima_operator"] = True
    text = render_summary(check(siti), "en", today=TODAY)
    assert "47119 (not in the table; accepted)" in text


def test_missing_papers_shown(siti: Data, check: Callable[..., Report]) -> None:
    del siti["kelengkapan"]["surat_keterangan_usaha"]
    siti["kelengkapan"]["ktp_aktif"] = False
    text = render_summary(check(siti), today=TODAY)
    assert "KTP aktif               : BELUM" in text
    assert "Surat Keterangan Usaha  : BELUM" in text
    assert "kelengkapan.ktp_aktif: BELUM LENGKAP" in text


def test_summary_needs_a_profile() -> None:
    with pytest.raises(ValueError):
        render_summary(Report())


def test_load_ready_profile_lists_every_problem(siti: Data, write: Callable[..., Path]) -> None:
    siti["email"] = "x@"
    siti["kegiatan"][0]["kbli"] = "47119"
    with pytest.raises(ProfileInvalid) as caught:
        load_ready_profile(write(siti))
    message = caught.value.render("en")
    assert "not ready" in message
    assert "email: ERROR" in message and "kegiatan.0.kbli: WARNING" in message


def test_load_ready_profile_unreadable(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_ready_profile(tmp_path / "tidak-ada.yaml")
