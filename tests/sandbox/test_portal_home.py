"""The public portal host: home, the KBLI search behind "Cek Sekarang", news and FAQ (§2)."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from oss_assist.sandbox import Sandbox

TITLE = "OSS RBA - Sistem Perizinan Berusaha Terintegrasi Secara Elektronik"


@pytest.mark.browser
def test_home_has_the_title_hero_and_cek_sekarang_leads_to_the_kbli_search(
    page: Page, sandbox: Sandbox
) -> None:
    page.goto(sandbox.urls["portal"] + "/")
    expect(page).to_have_title(TITLE)
    hero = page.get_by_role("heading", name="Lancar dan aman kelola usaha dengan NIB")
    expect(hero).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)
    page.get_by_role("link", name="Cek Sekarang").click()
    expect(page).to_have_url(sandbox.urls["portal"] + "/kbli")
    page.get_by_placeholder("Cari kode atau judul KBLI").fill("warung")
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_role("cell", name="56102")).to_be_visible()
    expect(page.get_by_role("cell", name="Rumah/Warung Makan")).to_be_visible()
    page.get_by_placeholder("Cari kode atau judul KBLI").fill("zzzz")
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_text("KBLI tidak ditemukan")).to_be_visible()


@pytest.mark.browser
@pytest.mark.parametrize(("link", "heading"), [("Masuk", "Masuk"),
                                               ("Daftar", "Pendaftaran Akun OSS")])
def test_masuk_and_daftar_lead_to_the_login_host(page: Page, sandbox: Sandbox, link: str,
                                                 heading: str) -> None:
    page.goto(sandbox.urls["portal"] + "/")
    page.get_by_role("banner").get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    assert page.url.startswith(sandbox.urls["login"])


def test_kbli_json_search(sandbox: Sandbox) -> None:
    r = httpx.get(sandbox.urls["portal"] + "/api/kbli", params={"q": "47112"})
    assert r.json()["data"][0]["kode"] == "47112"
    assert httpx.get(sandbox.urls["portal"] + "/api/kbli").json() == {"data": []}


@pytest.mark.parametrize(("path", "text"), [("/berita", "Masa transisi KBLI 2025"),
                                            ("/faq", "Apa itu NIB?")])
def test_news_and_faq_pages(sandbox: Sandbox, path: str, text: str) -> None:
    r = httpx.get(sandbox.urls["portal"] + path)
    assert r.status_code == 200 and text in r.text


def test_region_api_answers_on_every_host_in_the_portal_style(sandbox: Sandbox) -> None:
    base = "/api/v1/ref/region/list"
    for role in ("portal", "login", "perizinan", "beranda", "amdalnet"):
        provinces = httpx.get(sandbox.urls[role] + base + "/provinsi").json()
        assert {"region_id": "35", "nama": "JAWA TIMUR"} in provinces
    beranda = sandbox.urls["beranda"] + base
    assert httpx.get(beranda + "/kota", params={"parent": "35", "q": "lumajang"}).json() == [
        {"region_id": "3508", "nama": "KAB. LUMAJANG"}]
    kecamatan = httpx.get(beranda + "/kecamatan", params={"parent": "3508"}).json()
    assert len(kecamatan) == 21 and kecamatan[19] == {"region_id": "350820", "nama": "RANUYOSO"}
    desa = httpx.get(beranda + "/kelurahan", params={"parent": "350820"}).json()
    assert desa[0] == {"region_id": "3508202001", "nama": "JENGGRONG"} and len(desa) == 11
    assert httpx.get(beranda + "/kota", params={"parent": "3508"}).json() == []
    assert httpx.get(beranda + "/kota").status_code == 400
    assert httpx.get(beranda + "/negara").status_code == 404


@pytest.mark.browser
def test_every_public_page_is_reachable_from_the_menu_and_login_links_to_daftar(
    page: Page, sandbox: Sandbox
) -> None:
    page.goto(sandbox.urls["portal"] + "/")
    menu = page.get_by_role("navigation", name="Menu utama")
    for link, heading in (("Berita", "Berita"), ("FAQ", "Pertanyaan yang Sering Diajukan"),
                          ("Cek KBLI", "Cek KBLI"), ("Beranda", "Lancar dan aman")):
        menu.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    page.get_by_role("banner").get_by_role("link", name="Masuk", exact=True).click()
    page.get_by_role("link", name="Daftar").click()
    expect(page.get_by_role("heading", name="Pendaftaran Akun OSS")).to_be_visible()
    page.get_by_role("link", name="Masuk").click()
    expect(page.get_by_role("heading", name="Masuk")).to_be_visible()


def test_video_and_kbli_risk_pages(sandbox: Sandbox) -> None:
    with httpx.Client(base_url=sandbox.urls["portal"]) as client:
        assert "Video Tutorial" in client.get("/video").text
        page = client.get("/informasi/kbli-berbasis-risiko", params={"q": "10794"})
        assert page.status_code == 200
        assert "10794 - Industri Kerupuk" in page.text
        row = re.search(r"<td>Usaha Mikro</td><td>([^<]+)</td><td>([^<]+)</td>", page.text)
        assert row is not None
        assert row.groups() == ("Menengah Rendah", "NIB dan Sertifikat Standar")
        low = client.get("/informasi/kbli-berbasis-risiko", params={"q": "47112"}).text
        assert "<td>Usaha Mikro</td><td>Rendah</td><td>NIB</td>" in low
