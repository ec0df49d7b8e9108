"""Benchmark of the sandbox portal: readiness of ``oss-assist sandbox``, and the latency of
every page and background request of every host at the default fault profile.

Run it with the project's Python: ``.venv/bin/python benchmarks/bench_sandbox.py``
(``--walk`` also times the fidelity script, registration to NIB, in headless Chromium).
Targets: ready in under 2 s from the command; each page and XHR under 50 ms. It prints
the first call (cold), median, p95 and max per request and marks those whose worst call
is over target; it asserts nothing, so a slow shared machine never fails a build. Traffic
goes to 127.0.0.1 only, bounded in count.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
READY_TARGET_S = 2.0
LATENCY_TARGET_MS = 50.0
XHR = {"X-Requested-With": "XMLHttpRequest", "Accept": "application/json"}
TRAINING = (("dewi.lestari@contoh.test", "Latihan#2026"),
            ("joko.prasetyo@contoh.test", "Latihan#2026"),
            ("budi.santoso@contoh.test", "Latihan#2026"))
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

Samples = dict[str, list[float]]


def command() -> list[str]:
    exe = Path(sys.executable).with_name("oss-assist")
    return [str(exe), "sandbox"] if exe.exists() else [sys.executable, "-m", "oss_assist",
                                                       "sandbox"]


@contextlib.contextmanager
def sandbox_process() -> Iterator[tuple[dict[str, str], float]]:
    """Start ``oss-assist sandbox``; yield its URLs and the seconds until it answered."""
    start = time.perf_counter()
    proc = subprocess.Popen(command(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, cwd=ROOT)
    try:
        urls: dict[str, str] = {}
        assert proc.stdout is not None
        while "mail" not in urls:
            line = proc.stdout.readline()
            if not line:
                raise RuntimeError("oss-assist sandbox stopped before printing its URLs")
            match = re.match(r"\s+(\w+)\s+(http://127\.0\.0\.1:\d+)\s*$", line)
            if match:
                urls[match.group(1)] = match.group(2)
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(urls["login"] + "/login", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the sandbox did not answer within 20 s")
            time.sleep(0.005)
        yield urls, time.perf_counter() - start
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Timer:
    """An HTTP client per host that records how long each named request took."""

    def __init__(self, urls: dict[str, str], samples: Samples) -> None:
        self.urls = urls
        self.samples = samples
        self.client = httpx.Client(timeout=10, follow_redirects=False)

    def call(self, name: str, method: str, host: str, path: str, **kw: Any) -> httpx.Response:
        url = self.urls[host] + path
        t0 = time.perf_counter()
        response = self.client.request(method, url, **kw)
        self.samples[name].append((time.perf_counter() - t0) * 1000)
        if response.status_code >= 500:
            raise RuntimeError(f"{name}: HTTP {response.status_code}")
        return response

    def api(self, name: str, method: str, host: str, path: str, **kw: Any) -> Any:
        response = self.call(name, method, host, path, headers=XHR, **kw)
        if response.status_code != 200:
            raise RuntimeError(f"{name}: HTTP {response.status_code} {response.text[:200]}")
        return response.json()


def application(t: Timer) -> dict[str, str]:
    """Every XHR of one application, location to NIB, as the pages send them."""
    b = "beranda"
    t.api("beranda options/matra", "GET", b, "/api/options/matra")
    t.api("beranda geocode/search", "GET", b, "/api/geocode/search", params={"q": "jenggrong"})
    for level, parent, q in (("provinsi", "", "jawa"), ("kota", "35", "lumajang"),
                             ("kecamatan", "3508", "ranuyoso"), ("kelurahan", "350820", "jeng")):
        t.api(f"beranda region/{level}", "GET", b, f"/api/v1/ref/region/list/{level}",
              params={"parent": parent, "q": q} if parent else {"q": q})
    files = [t.api("beranda file/upload", "POST", b, "/api/file/upload",
                   files={"file": (f"doc{i}.pdf", PDF, "application/pdf")})["data"]["file_id"]
             for i in range(2)]
    location = {
        "matra": "01", "jenis_lokasi": "01", "persyaratan_dasar": True,
        "alamat_cari": "JENGGRONG", "lat": "-7.977", "lon": "113.275", "luas_lahan": "36",
        "alamat": "Dusun Krajan", "provinsi": "35", "kabupaten": "3508",
        "kecamatan": "350820", "kelurahan": "3508202001", "kode_pos": "67357",
        "dokumen_administrasi": files[0], "foto_tampak_depan": files[1], "psn": "Tidak",
    }
    loc = t.api("beranda prosesLokasi", "POST", b, "/api/prosesLokasi", json=location)
    lid = loc["data"]["id_proyek_lokasi"]
    t.api("beranda listLokasi", "GET", b, "/api/listLokasi", params={"q": "krajan"})
    t.api("beranda getListKBLI", "POST", b, "/api/getListKBLI", json={"q": "47112"})
    t.api("beranda getInfoKBLI", "POST", b, "/api/getInfoKBLI", json={"kbli": "47112"})
    t.api("beranda getListKBLI kbli_2020", "POST", b, "/api/getListKBLI",
          json={"kbli_2020": "56102"})
    made = t.api("beranda prosesBidangUsaha", "POST", b, "/api/prosesBidangUsaha", json={
        "id_proyek_lokasi": lid, "obvitnas": "Tidak", "psn": "Tidak", "perizinan_lama": "01",
        "jenis_kegiatan": "01", "kbli": "47112", "ruang_lingkup": "Seluruh",
        "bidang_usaha": "Perdagangan"})
    pid = made["data"]["id_proyek"]
    body = {"id_proyek": pid}
    t.api("beranda prosesProyek", "POST", b, "/api/prosesProyek",
          json={**body, "step": "kegiatan", "nama_usaha": "Warung Contoh"})
    t.api("beranda submitPernyataanMandiri", "POST", b, "/api/submitPernyataanMandiri",
          json={**body, "setuju": True})
    t.api("beranda detailPerizinan", "GET", b, "/api/detailPerizinan", params=body)
    t.api("beranda getSatuanProduk", "GET", b, "/api/getSatuanProduk/47112")
    t.api("beranda simpanProduk", "POST", b, "/api/simpanProduk", json={
        **body, "jenis_produk": "Sembako", "cakupan": "Tidak Mengajukan Fasilitas",
        "kapasitas": "300", "satuan": "Paket"})
    t.api("beranda getTableKBLIdanProduk", "GET", b, "/api/getTableKBLIdanProduk", params=body)
    t.api("beranda getDataKegiatan", "GET", b, "/api/getDataKegiatan", params=body)
    t.api("beranda prosesProyek", "POST", b, "/api/prosesProyek", json={
        **body, "step": "investasi", "status_berjalan": "Sudah Berjalan",
        "tgl_berjalan": "2019-03-15", "tanah": "0", "bangunan": "0", "mesin": "2000000",
        "investasi_lain": "1500000", "modal_kerja": "5000000",
        "sumber_pembiayaan": "Modal Sendiri", "pendapatan_tahunan": "60000000",
        "tk_laki_laki": "0", "tk_perempuan": "1"})
    t.api("beranda getResikoNonPesorangan", "POST", b, "/api/getResikoNonPesorangan", json=body)
    t.api("beranda getKriteriaKegiatan", "POST", b, "/api/getKriteriaKegiatan", json=body)
    t.api("beranda prosesProyek", "POST", b, "/api/prosesProyek", json={**body, "step": "risiko"})
    t.api("beranda submitLingkungan", "POST", b, "/api/submitLingkungan",
          json={**body, "punya_dokumen": "Belum"})
    t.api("beranda prosesProyek", "POST", b, "/api/prosesProyek",
          json={**body, "step": "lingkungan"})
    detail = t.api("beranda detailPerizinan", "GET", b, "/api/detailPerizinan", params=body)
    izin = re.search(r"id_izin=([^&]+)", detail["data"]["amdalnet_url"])
    assert izin is not None
    q = {"id_izin": izin.group(1)}
    screening = {**q, "dipilih": True, "sektor": "Multi Sektor",
                 "di_luar_kawasan_lindung": "Ya", "tapak": "satu", "luas_bangunan": "36"}
    t.call("amdalnet page /", "GET", "amdalnet", "/", params={"kd_izin": "029000000100", **q})
    t.api("amdalnet list-proyek", "GET", "amdalnet", "/api/list-proyek", params=q)
    t.api("amdalnet check-license-status", "GET", "amdalnet", "/api/check-license-status",
          params=q)
    t.api("amdalnet penapisan-kewenangan", "POST", "amdalnet", "/api/penapisan-kewenangan",
          json=screening)
    t.api("amdalnet api/projects", "POST", "amdalnet", "/api/projects", json=screening)
    nib = t.api("beranda terbitkanNib", "POST", b, "/api/terbitkanNib", json={
        **body, "pernyataan": {"kkpr_mikro": True, "k3l": True, "standar_usaha": True}})
    number = nib["data"]["nib"]
    t.call("beranda dokumen/nib.pdf", "GET", b, f"/dokumen/nib/{number}.pdf")
    return {"lid": lid, "pid": pid}


def pages(t: Timer, ids: dict[str, str]) -> None:
    """Every page of every host, once."""
    lid, pid = ids["lid"], ids["pid"]
    for host, path in (("portal", "/"), ("portal", "/kbli"), ("portal", "/berita"),
                       ("portal", "/faq"), ("portal", "/video"),
                       ("portal", "/informasi/kbli-berbasis-risiko?q=47112"),
                       ("login", "/login"), ("login", "/register"),
                       ("perizinan", "/"), ("mail", "/"),
                       ("mail", "/inbox?to=siti.aminah%40example.com")):
        t.call(f"{host} page {path.split('?')[0]}", "GET", host, path)
    t.api("perizinan api/profile", "GET", "perizinan", "/api/profile")
    for path in ("/lokasi-usaha", "/lokasi-usaha/tambah-lokasi", "/kegiatan-usaha",
                 "/kegiatan-usaha/tambah-kegiatan",
                 f"/kegiatan-usaha/tambah-kegiatan?id_proyek_lokasi={lid}",
                 f"/persyaratan-dasar-tata-ruang?id_proyek_lokasi={lid}&id_proyek={pid}",
                 f"/data-kegiatan-usaha?id_proyek={pid}",
                 f"/persetujuan-lingkungan?id_proyek={pid}",
                 f"/penerbitan-nib?id_proyek={pid}"):
        name = "beranda page " + path.split("?")[0] + (" (lokasi)" if "tambah-kegiatan?" in path
                                                         else "")
        t.call(name, "GET", "beranda", path)


def login(t: Timer, username: str, password: str) -> None:
    response = t.call("login POST /login", "POST", "login", "/login",
                      data={"username": username, "password": password})
    if response.status_code != 303:
        raise RuntimeError(f"login failed for {username}: HTTP {response.status_code}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(samples: Samples) -> int:
    over = 0
    print(f"{'request':<52} {'n':>4} {'first':>8} {'median':>8} {'p95':>8} {'max':>8}  (ms)")
    for name in sorted(samples):
        values = samples[name]
        med, p95, top = statistics.median(values), percentile(values, 0.95), max(values)
        flag = "  > 50 ms" if top > LATENCY_TARGET_MS else ""
        over += bool(flag)
        print(f"{name:<52} {len(values):>4} {values[0]:>8.1f} {med:>8.1f} {p95:>8.1f} "
              f"{top:>8.1f}{flag}")
    return over


def walk_once(urls: dict[str, str]) -> float:
    """Seconds the fidelity script takes, registration to NIB, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    from oss_assist.browser import launch_args, require_browser
    from oss_assist.settings import load_settings

    spec = importlib.util.spec_from_file_location(
        "fidelity", ROOT / "tests" / "sandbox" / "test_fidelity.py")
    assert spec is not None and spec.loader is not None
    fidelity = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fidelity)
    walk: Callable[..., dict[str, Any]] = fidelity.walk
    choice = require_browser(load_settings().browser_path)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(**launch_args(choice, headless=True))
        page = browser.new_context().new_page()
        page.set_default_timeout(15_000)
        t0 = time.perf_counter()
        result = walk(page, urls)
        seconds = time.perf_counter() - t0
        browser.close()
    print(f"fidelity walk: NIB {result['nib']} in {seconds:.1f} s")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=3, help="how many cold starts to time")
    parser.add_argument("--rounds", type=int, default=7,
                        help="applications per training account (3 accounts)")
    parser.add_argument("--walk", action="store_true", help="also time the fidelity script")
    args = parser.parse_args()

    ready: list[float] = []
    for _ in range(max(1, args.starts - 1)):
        with sandbox_process() as (_urls, seconds):
            ready.append(seconds)
    samples: Samples = defaultdict(list)
    with sandbox_process() as (urls, seconds):
        ready.append(seconds)
        print(f"sandbox ready: best {min(ready):.2f} s, median {statistics.median(ready):.2f} s,"
              f" worst {max(ready):.2f} s over {len(ready)} starts "
              f"(target < {READY_TARGET_S:.0f} s)")
        for username, password in TRAINING:
            timer = Timer(urls, samples)
            login(timer, username, password)
            ids = {}
            for _ in range(args.rounds):
                ids = application(timer)
                pages(timer, ids)
            timer.client.close()
        over = report(samples)
        print(f"{sum(len(v) for v in samples.values())} requests; "
              f"{over} of {len(samples)} kinds over {LATENCY_TARGET_MS:.0f} ms at their worst")
        if args.walk:
            walk_once(urls)
    return 0


if __name__ == "__main__":
    sys.exit(main())
