"""The profile filled in field by field on the new-case page: the same check, its
messages beside the fields, and a complete file received from the fields alone."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from oss_assist.register import Register, Stage
from oss_assist.web.profileform import FIELDS

from .conftest import SITI, SignIn, browser_sign_in, csrf_of

ALL_THERE = {"ada_formulir": "1", "ada_ktp": "1", "ada_email": "1", "ada_sku": "1"}


def _fields(profiles: Path) -> dict[str, str]:
    """Siti's profile as the officer would type it into the fields."""
    data = yaml.safe_load((profiles / SITI).read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for field in FIELDS:
        node = data
        for key in field.path.split("."):
            node = node[int(key)] if isinstance(node, list) else node.get(key)
            if node is None:
                break
        if node is not None:
            out[field.name] = str(node).lower() if isinstance(node, bool) else str(node)
    return out


def _scans(profiles: Path) -> dict[str, tuple[str, bytes, str]]:
    docs = profiles / "dokumen"
    return {"dok_pernyataan": ("p.pdf", (docs / "siti-aminah-warung-pernyataan-lokasi.pdf")
                               .read_bytes(), "application/pdf"),
            "dok_foto": ("f.pdf", (docs / "siti-aminah-warung-foto-tampak-depan.pdf")
                         .read_bytes(), "application/pdf")}


def test_the_fields_make_a_profile_that_is_received(sign_in: SignIn, profiles: Path,
                                                    register: Register) -> None:
    counter = sign_in("loket1")
    token = csrf_of(counter, "/kasus-baru")
    fields = _fields(profiles)
    assert len(fields) >= 35
    data = {"csrf": token, **ALL_THERE, **fields, "persetujuan": "1",
            "sku_nomor": "474/015/427.20.01/2026", "sku_tanggal": "2026-11-02",
            "sku_desa": "Jenggrong"}
    checked = counter.post("/kasus-baru/periksa", data=data, files=_scans(profiles))
    assert "LENGKAP" in checked.text, checked.text
    answer = counter.post("/kasus-baru", data=data, files=_scans(profiles))
    assert answer.status_code == 303
    case = register.get("RNY-2026-00001")
    assert case.stage is Stage.RECEIVED and case.name == "SITI AMINAH"
    kept = yaml.safe_load(Path(case.profile_path).read_text(encoding="utf-8"))
    assert kept["identitas"]["nik"] == "3508205204820001"
    assert kept["kegiatan"][0]["produk"][0]["kapasitas"] == 300
    assert kept["persetujuan"] == {"tanggal": "2026-11-02",
                                   "dicatat_oleh": "Petugas Loket Satu"}


def test_each_message_is_given_for_its_field(sign_in: SignIn, profiles: Path) -> None:
    counter = sign_in("loket1")
    token = csrf_of(counter, "/kasus-baru")
    wrong_nik = _fields(profiles) | {"f.identitas.nik": "12345"}
    checked = counter.post("/kasus-baru/periksa",
                           data={"csrf": token, **ALL_THERE, **wrong_nik})
    assert '<li data-path="identitas.nik">' in checked.text
    fields = _fields(profiles)
    fields.pop("f.kegiatan.0.nama_usaha")
    checked = counter.post("/kasus-baru/periksa", data={"csrf": token, **ALL_THERE, **fields})
    assert '<li data-path="kegiatan.0.nama_usaha">wajib diisi' in checked.text
    sent = counter.post("/kasus-baru", data={"csrf": csrf_of(counter, "/kasus-baru"),
                                             **ALL_THERE, **fields})
    assert sent.status_code == 303  # returned: the profile fails its check
    assert sent.headers["location"].endswith("selesai=kembali")


@pytest.mark.browser
def test_the_message_appears_beside_the_field_as_the_officer_types(
        page: Page, desk_url: str, profiles: Path) -> None:
    page.set_default_timeout(15_000)
    browser_sign_in(page, desk_url, "loket1")
    page.goto(f"{desk_url}/kasus-baru")
    page.get_by_text("isi formulir data usaha mikro di sini").click()
    kinds = {f.name: f.kind for f in FIELDS}
    for name, value in _fields(profiles).items():
        field = page.locator(f'[name="{name}"]')
        if kinds[name] in ("sex", "status", "bool"):
            field.select_option(value)
        else:
            field.fill(value)
    page.get_by_label("NIK", exact=True).fill("12345")
    expect(page.locator("#msg-f-identitas-nik")).to_contain_text("16")
    page.get_by_label("NIK", exact=True).fill("3508205204820001")
    expect(page.locator("#msg-f-identitas-nik")).to_have_text("")
