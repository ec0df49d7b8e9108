"""Benchmark of profile checking: 10,000 generated profiles, and the CLI's cold start.

Run it with the project's Python: ``.venv/bin/python benchmarks/bench_profiles.py``.
It prints its figures and the targets (10,000 profiles under 10 s; ``oss-assist --help``
and ``oss-assist profile check`` on one file under 0.5 s each, best of several runs).
It is not a test: it asserts nothing, so a slow shared machine never fails a build.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from oss_assist import refdata
from oss_assist.profiles.check import check_paths
from oss_assist.profiles.issues import Report
from oss_assist.profiles.loader import parse_profile
from oss_assist.profiles.nik import make_nik
from oss_assist.profiles.validate import validate_profile

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 25)
KBLI = ["47112", "56102", "01411", "14120", "10794", "96111", "10710", "56103", "96200"]
FIRST = ["Siti", "Ahmad", "Nur", "Slamet", "Dewi", "Budi", "Sri", "Agus", "Rina", "Joko"]
LAST = ["Aminah", "Fauzi", "Hasanah", "Riyadi", "Lestari", "Santoso", "Wahyuni", "Rizki"]
#: The location PDFs every generated profile names; the file benchmark writes them.
DOCUMENTS = {"pernyataan_lokasi": "dokumen/pernyataan.pdf", "foto_tampak_depan": "dokumen/foto.pdf"}
PRODUCTS = [("Sembako", "Paket"), ("Nasi rames", "Porsi"), ("Sapi potong", "Ekor")]


def _chain(rng: random.Random) -> list[refdata.Region]:
    """A random provinsi → kabupaten/kota → kecamatan → desa chain from the whole table."""
    chain: list[refdata.Region] = []
    parent = ""
    for _ in range(4):
        region = rng.choice(refdata.children(parent))
        chain.append(region)
        parent = region.code
    return chain


def _written(region: refdata.Region, rng: random.Random) -> str:
    """A region as people write it: its name in some case, or its code."""
    roll = rng.random()
    if roll < 0.15:
        return region.dotted
    if roll < 0.25:
        return region.code
    if roll < 0.4:
        return region.name.upper()
    return region.name


def _address(chain: list[refdata.Region], rng: random.Random) -> dict[str, Any]:
    provinsi, kabupaten, kecamatan, desa = chain
    return {
        "provinsi": _written(provinsi, rng),
        "kabupaten_kota": _written(kabupaten, rng),
        "kecamatan": _written(kecamatan, rng),
        "desa": _written(desa, rng),
    }


def make_profile(rng: random.Random) -> dict[str, Any]:
    """One synthetic applicant; about one in ten is broken in some way on purpose."""
    female = rng.random() < 0.5
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
    home = _chain(rng)
    nik = make_nik(home[2].code, born, female, rng.randrange(1, 10000))
    kegiatan = []
    places = []
    for _ in range(1 if rng.random() < 0.8 else 2):
        place = home if rng.random() < 0.7 else _chain(rng)
        places.append(place)
        running = rng.random() < 0.7
        product, unit = rng.choice(PRODUCTS)
        item: dict[str, Any] = {
            "kbli": rng.choice(KBLI),
            "nama_usaha": f"Usaha {rng.choice(LAST)}",
            "lokasi": {
                "alamat": "Dusun Krajan",
                **_address(place, rng),
                "kode_pos": place[3].postcode or "12345",
                "luas_lahan_m2": rng.randint(10, 500),
                "dokumen": dict(DOCUMENTS),
            },
            "status_berjalan": "Sudah Berjalan" if running else "Belum Berjalan",
            "investasi": {
                "tanah": rng.randrange(0, 50_000_000),
                "bangunan": rng.randrange(0, 50_000_000),
                "mesin_peralatan": rng.randrange(0, 8_000_000),
                "investasi_lain": rng.randrange(1, 5_000_000),
                "modal_kerja": rng.randrange(0, 10_000_000),
            },
            "sumber_pembiayaan": rng.choice(["Modal Sendiri", "Pinjaman"]),
            "penjualan_tahunan": rng.randrange(1_000_000, 140_000_000),
            "tenaga_kerja": {"laki_laki": rng.randrange(0, 4), "perempuan": rng.randrange(0, 4)},
            "produk": [
                {"jenis_produk_jasa": product, "kapasitas": rng.randint(1, 5000), "satuan": unit}
            ],
            "lingkungan": {"luas_bangunan_m2": rng.randint(6, 300)},
        }
        if running:
            item["tanggal_mulai_usaha"] = born + timedelta(days=365 * 20)
        else:
            item["perkiraan_mulai_operasional"] = "2027-03"
        if rng.random() < 0.05:
            item["lokasi"]["lat"], item["lokasi"]["lon"] = -7.9, 113.3
        kegiatan.append(item)
    data: dict[str, Any] = {
        "identitas": {
            "nik": nik,
            "nama_sesuai_ktp": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "jenis_kelamin": "Perempuan" if female else "Laki-laki",
            "tempat_lahir": home[1].name,
            "tanggal_lahir": born,
        },
        "email": f"pemohon{rng.randrange(10**6)}@example.com",
        "nomor_hp": rng.choice(["0812-0000-", "+62 812 0000 ", "62812000"])
        + f"{rng.randrange(10**4):04d}",
        "alamat_ktp": {"jalan": "Dusun Krajan", "rt": "001", "rw": "002", **_address(home, rng)},
        "kegiatan": kegiatan,
        "kelengkapan": {
            "ktp_aktif": True,
            "email_dikonfirmasi": True,
            "formulir_oss": True,
            "surat_keterangan_usaha": {
                "nomor": "474/1/2026",
                "tanggal": TODAY,
                "desa": places[0][3].name,
            },
        },
        "persetujuan": {"tanggal": TODAY, "dicatat_oleh": "Petugas Loket 1"},
    }
    _break(data, rng)
    return data


def _break(data: dict[str, Any], rng: random.Random) -> None:
    roll = rng.random()
    if roll < 0.02:
        nik = data["identitas"]["nik"]
        data["identitas"]["nik"] = nik[:-4] + "0000"
    elif roll < 0.04:
        data["kegiatan"][0]["investasi"]["modal_kerja"] = 60_000_000
    elif roll < 0.06:
        data["kegiatan"][0]["lokasi"]["kode_pos"] = "00000"
    elif roll < 0.08:
        del data["persetujuan"]
    elif roll < 0.09:
        data["identitas"]["email"] = "unknown key"
    elif roll < 0.10:
        data["kegiatan"][0]["kbli"] = "99999"


def check(data: dict[str, Any]) -> Report:
    profile, issues = parse_profile(data)
    if profile is None:
        return Report(issues=issues)
    return validate_profile(profile, today=TODAY)


def bench_in_memory(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    start = time.perf_counter()
    profiles = [make_profile(rng) for _ in range(count)]
    generated = time.perf_counter() - start
    start = time.perf_counter()
    reports = [check(p) for p in profiles]
    elapsed = time.perf_counter() - start
    ready = sum(r.ready for r in reports)
    invalid = sum(not r.valid for r in reports)
    incomplete = sum(r.valid and not r.complete for r in reports)
    warned = sum(r.valid and r.complete and not r.ready for r in reports)
    print(f"generated {count} profiles in {generated:.2f} s (not counted)")
    print(
        f"checked   {count} profiles in {elapsed:.2f} s: {elapsed / count * 1000:.3f} ms each, "
        f"{count / elapsed:,.0f} per second   [target: under 10 s]"
    )
    print(
        f"          {ready} ready, {invalid} invalid, {incomplete} not complete, "
        f"{warned} with warnings"
    )
    return profiles


def bench_files(profiles: list[dict[str, Any]], count: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="oss-assist-bench-"))
    try:
        (folder / "dokumen").mkdir()
        for name in DOCUMENTS.values():
            (folder / name).write_bytes(b"%PDF-1.4\n%%EOF\n")
        for index, data in enumerate(profiles[:count]):
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
            (folder / f"profil-{index:05d}.yaml").write_text(text, encoding="utf-8")
        start = time.perf_counter()
        results = check_paths([str(folder)], today=TODAY)
        elapsed = time.perf_counter() - start
        ready = sum(r.unreadable is None and r.report.ready for r in results)
        print(
            f"files     {len(results)} YAML files read and checked in {elapsed:.2f} s: "
            f"{elapsed / len(results) * 1000:.3f} ms each ({ready} ready)   [target: under 10 s]"
        )
    finally:
        shutil.rmtree(folder)


def _command() -> list[str]:
    script = Path(sys.executable).with_name("oss-assist")
    return [str(script)] if script.exists() else [sys.executable, "-m", "oss_assist"]


def bench_cold_start(runs: int) -> None:
    example = ROOT / "profiles" / "siti-aminah-warung.yaml"
    for label, args in (
        ("oss-assist --help", ["--help"]),
        ("oss-assist profile check <one file>", ["profile", "check", str(example)]),
    ):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run([*_command(), *args], capture_output=True, check=False, cwd=ROOT)
            times.append(time.perf_counter() - start)
            if done.returncode != 0:
                print(f"{label}: exit {done.returncode}: {done.stdout.decode()[:200]}")
                break
        print(
            f"cold start {label}: best {min(times):.3f} s, median {statistics.median(times):.3f} s "
            f"over {len(times)} runs   [target: under 0.5 s]"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=10_000,
                        help="how many to write as YAML files and check from disk")
    parser.add_argument("--runs", type=int, default=7, help="cold-start runs of each command")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    # Load the tables once, as any long-running check would; cold start is measured apart.
    refdata.region("35")
    refdata.kbli("47112")
    profiles = bench_in_memory(args.count, args.seed)
    bench_files(profiles, args.files)
    bench_cold_start(args.runs)


if __name__ == "__main__":
    main()
