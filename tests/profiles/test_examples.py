"""The six bundled examples: the agreed synthetic identities, each ready, each different."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from oss_assist.profiles import load_ready_profile, value_at
from oss_assist.profiles.issues import Report

Data = dict[str, Any]

IDENTITIES = [
    ("siti-aminah-warung", "SITI AMINAH", "Perempuan", "1982-04-12", "3508205204820001",
     "3508202001", "47112", "Warung Bu Siti", "siti.aminah@example.com", "81200000001",
     ("Sembako", 300, "Paket")),
    ("suparmi-warung-makan", "SUPARMI", "Perempuan", "1975-11-03", "3508204311750002",
     "3508202007", "56102", "Warung Makan Bu Parmi", "suparmi@example.com", "81200000002",
     ("Nasi rames", 3000, "Porsi")),
    ("ahmad-fauzi-sapi", "AHMAD FAUZI", "Laki-laki", "1985-08-17", "3508201708850003",
     "3508202011", "01411", "Ternak Sapi Fauzi", "ahmad.fauzi@example.com", "81200000003",
     ("Sapi potong", 10, "Ekor")),
    ("nur-hasanah-jahit", "NUR HASANAH", "Perempuan", "1990-02-21", "3508206102900004",
     "3508202005", "14120", "Penjahit Nur", "nur.hasanah@example.com", "81200000004",
     ("Pakaian jahitan", 200, "Potong")),
    ("slamet-riyadi-keripik", "SLAMET RIYADI", "Laki-laki", "1978-06-09", "3508200906780005",
     "3508202002", "10794", "Keripik Pisang Slamet", "slamet.riyadi@example.com", "81200000005",
     ("Keripik pisang", 1200, "Kilogram")),
    ("muhammad-rizki-pangkas", "MUHAMMAD RIZKI", "Laki-laki", "1999-01-30", "3508203001990006",
     "3508202003", "96111", "Pangkas Rambut Rizki", "muhammad.rizki@example.com", "81200000006",
     ("Jasa pangkas rambut", 1500, "Orang")),
]  # fmt: skip


def test_exactly_these_six(examples_dir: Path) -> None:
    assert sorted(p.stem for p in examples_dir.glob("*.yaml")) == sorted(i[0] for i in IDENTITIES)


@pytest.mark.parametrize("row", IDENTITIES, ids=[i[0] for i in IDENTITIES])
def test_identity_and_business(examples_dir: Path, row: tuple[Any, ...]) -> None:
    name, nama, jk, born, nik, desa, kbli, usaha, email, hp, (produk, kapasitas, satuan) = row
    profile = load_ready_profile(examples_dir / f"{name}.yaml")
    assert value_at(profile, "identitas.nama_sesuai_ktp") == nama
    assert profile.identitas.jenis_kelamin == jk
    assert profile.identitas.tanggal_lahir.isoformat() == born
    assert profile.identitas.nik == nik
    assert profile.email == email and profile.email.endswith("@example.com")
    assert profile.nomor_hp_portal == hp
    assert len(profile.kegiatan) == 1
    kegiatan = profile.kegiatan[0]
    assert (kegiatan.kbli, kegiatan.nama_usaha) == (kbli, usaha)
    wilayah = kegiatan.lokasi.wilayah
    assert wilayah.desa.code == desa
    assert wilayah.portal_names()[:3] == ("JAWA TIMUR", "KAB. LUMAJANG", "RANUYOSO")
    assert kegiatan.lokasi.kode_pos == "67357"
    assert [(p.jenis_produk_jasa, p.kapasitas, p.satuan) for p in kegiatan.produk] == [
        (produk, kapasitas, satuan)
    ]
    assert kegiatan.investasi.modal_usaha <= 50_000_000
    assert 0 < kegiatan.penjualan_tahunan <= 300_000_000
    assert kegiatan.investasi.investasi_lain > 0


def test_the_examples_vary(example: Callable[[str], Data], check: Callable[..., Report]) -> None:
    data = {row[0]: example(row[0]) for row in IDENTITIES}
    reports = {name: check(d) for name, d in data.items()}
    assert all(r.ready for r in reports.values())
    # one written with region codes
    assert data["ahmad-fauzi-sapi"]["kegiatan"][0]["lokasi"]["desa"] == "3508202011"
    # one with a variant spelling of the desa
    assert data["nur-hasanah-jahit"]["alamat_ktp"]["desa"] == "Alun Alun"
    # one running with a start date, one not running yet
    statuses = {n: r.profile.kegiatan[0].status_berjalan for n, r in reports.items() if r.profile}
    assert statuses["slamet-riyadi-keripik"] == "Belum Berjalan"
    assert list(statuses.values()).count("Sudah Berjalan") == 5
    # one with workers of both sexes
    workers = data["suparmi-warung-makan"]["kegiatan"][0]["tenaga_kerja"]
    assert workers["laki_laki"] > 0 and workers["perempuan"] > 0
    # one with coordinates
    assert "lat" in data["muhammad-rizki-pangkas"]["kegiatan"][0]["lokasi"]
