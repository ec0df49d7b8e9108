"""The profile commands, run in-process through ``main``: output, exit codes, masking."""

from __future__ import annotations

import io
import json
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

Data = dict[str, Any]
Cli = Callable[..., tuple[int, str, str]]


def test_check_accepts_the_examples(cli: Cli, examples_dir: Path) -> None:
    code, out, _ = cli("profile", "check", str(examples_dir))
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 7
    assert all("SAH DAN LENGKAP" in line for line in lines[:6])
    assert "usaha mikro menurut SOP Kecamatan" in lines[0]
    assert "KBLI 01411 Pembibitan Dan Budidaya Sapi Potong" in lines[0]
    assert lines[-1] == "6 berkas: 6 sah dan lengkap"


def test_check_one_file_in_english(cli: Cli, examples_dir: Path) -> None:
    path = str(examples_dir / "siti-aminah-warung.yaml")
    code, out, _ = cli("--lang", "en", "profile", "check", path)
    assert code == 0
    assert out.startswith(f"{path}: VALID AND COMPLETE — micro business under office standard")
    code, out, _ = cli("profile", "check", "--lang", "en", path)
    assert "VALID AND COMPLETE" in out


def test_check_rejects_a_broken_copy(cli: Cli, siti: Data, write: Callable[..., Path]) -> None:
    siti["identitas"]["nik"] = "3508201204820001"  # a man's day in a woman's NIK
    siti["nomor_hp"] = "0334-441306"
    siti["kegiatan"][0]["investasi"]["investasi_lain"] = 0
    siti["kegiatan"][0]["kbli"] = "47119"
    del siti["persetujuan"]
    path = write(siti, "rusak.yaml")
    code, out, _ = cli("profile", "check", str(path))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        f"{path}: identitas.jenis_kelamin: GALAT: angka ke-7 s.d. 12 NIK (120482) menunjukkan "
        "laki-laki lahir tanggal 12/04/..82, tetapi jenis kelamin tertulis Perempuan (bagi "
        "perempuan tanggal lahir di NIK ditambah 40). Cocokkan NIK, tanggal lahir dan jenis "
        "kelamin dengan KTP: salah satunya keliru."
    )
    tags = [line.split(": ")[2] for line in lines[:-1]]
    assert tags == ["GALAT"] * 3 + ["BELUM LENGKAP"] * 2 + ["PERINGATAN"]
    assert [line.split(": ")[1] for line in lines[:-1]] == [
        "identitas.jenis_kelamin",
        "nomor_hp",
        "kegiatan.0.investasi.investasi_lain",
        "persetujuan.tanggal",
        "persetujuan.dicatat_oleh",
        "kegiatan.0.kbli",
    ]
    assert lines[-1] == f"{path}: TIDAK SAH (3 galat, 2 belum lengkap, 1 peringatan)"


def test_incomplete_is_exit_1_and_says_so(cli: Cli, siti: Data, write: Callable[..., Path]) -> None:
    siti["kelengkapan"]["ktp_aktif"] = False
    path = write(siti)
    code, out, _ = cli("--lang", "en", "profile", "check", str(path))
    assert code == 1
    assert out.splitlines()[-1] == f"{path}: VALID, NOT COMPLETE (1 not complete)"


def test_warning_alone_passes_unless_strict(
    cli: Cli, siti: Data, write: Callable[..., Path]
) -> None:
    siti["kegiatan"][0]["kbli"] = "47119"
    path = str(write(siti))
    code, out, _ = cli("profile", "check", path)
    assert code == 0 and "SAH DAN LENGKAP" in out and "1 peringatan" in out
    code, _, _ = cli("profile", "check", "--ketat", path)
    assert code == 1
    code, _, _ = cli("profile", "check", "--strict", path)
    assert code == 1


def test_scale_policy_flag(cli: Cli, siti: Data, write: Callable[..., Path]) -> None:
    siti["kegiatan"][0]["investasi"]["modal_kerja"] = 100_000_000
    path = str(write(siti))
    code, out, _ = cli("profile", "check", path)
    assert code == 1 and "SOP Kecamatan" in out and "tetap usaha mikro" in out
    code, out, _ = cli("profile", "check", "--kebijakan-skala", "pp7", path)
    assert code == 0 and "menurut PP 7/2021" in out
    code, _, _ = cli("profile", "check", "--scale-policy", "pp7", path)
    assert code == 0


def test_scale_policy_from_settings(
    cli: Cli, siti: Data, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    siti["kegiatan"][0]["investasi"]["modal_kerja"] = 100_000_000
    path = str(write(siti))
    monkeypatch.setenv("OSS_ASSIST_SCALE_POLICY", "pp7")
    assert cli("profile", "check", path)[0] == 0
    assert cli("profile", "check", "--kebijakan-skala", "sop", path)[0] == 1


def test_bad_setting_is_a_clear_error(
    cli: Cli, examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OSS_ASSIST_SCALE_POLICY", "besar")
    code, _, err = cli("--lang", "id", "profile", "check", str(examples_dir))
    assert code == 2 and "OSS_ASSIST_" in err


BAD_INPUTS: list[tuple[str, bytes | None, str]] = [
    ("missing.yaml", None, "berkas tidak ditemukan"),
    ("empty.yaml", b"", "berkas kosong"),
    ("invalid.yaml", b"identitas: [\n  nik: 1\n", "bukan YAML yang sah"),
    ("list.yaml", b"- a\n- b\n", "isi berkas adalah daftar"),
    ("binary.yaml", bytes(range(256)) * 4, "bukan berkas teks"),
]


@pytest.mark.parametrize(("name", "raw", "says"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_unreadable_input_exit_2_one_line(
    cli: Cli, tmp_path: Path, name: str, raw: bytes | None, says: str
) -> None:
    path = tmp_path / name
    if raw is not None:
        path.write_bytes(raw)
    code, out, err = cli("profile", "check", str(path))
    assert code == 2
    assert err == ""
    first, verdict = out.splitlines()
    assert first.startswith(f"{path}: {says}")
    assert verdict == f"{path}: TIDAK DAPAT DIBACA"


def test_50_mb_file_exit_2(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "besar.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    code, out, _ = cli("profile", "check", str(path))
    assert code == 2 and "terlalu besar" in out


def test_unknown_keys_and_wrong_types_exit_1_one_line_each(
    cli: Cli, siti: Data, write: Callable[..., Path]
) -> None:
    siti["hobi"] = "mancing"
    siti["kegiatan"][0]["penjualan_tahunan"] = "banyak"
    siti["identitas"]["tanggal_lahir"] = "kemarin"
    path = write(siti)
    code, out, _ = cli("--lang", "en", "profile", "check", str(path))
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 4
    assert {line.split(": ")[1] for line in lines[:3]} == {
        "hobi",
        "kegiatan.0.penjualan_tahunan",
        "identitas.tanggal_lahir",
    }
    assert "unknown key 'hobi'" in out
    assert lines[-1] == f"{path}: INVALID (3 error(s))"


def test_mixed_files_worst_exit_code_wins(cli: Cli, examples_dir: Path, tmp_path: Path) -> None:
    good = str(examples_dir / "suparmi-warung-makan.yaml")
    code, out, _ = cli("profile", "check", good, str(tmp_path / "tidak-ada.yaml"))
    assert code == 2
    assert out.splitlines()[-1] == "2 berkas: 1 sah dan lengkap, 1 tidak dapat dibaca"


def test_folder_without_profiles(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "catatan.txt").write_text("bukan profil")
    code, out, _ = cli("profile", "check", str(tmp_path))
    assert code == 2 and "tidak berisi berkas profil" in out


def test_folder_takes_yaml_and_yml_only(cli: Cli, examples_dir: Path, tmp_path: Path) -> None:
    shutil.copytree(examples_dir / "dokumen", tmp_path / "dokumen")
    shutil.copy(examples_dir / "siti-aminah-warung.yaml", tmp_path / "a.yml")
    shutil.copy(examples_dir / "suparmi-warung-makan.yaml", tmp_path / "b.YAML")
    (tmp_path / "c.txt").write_text("- not a profile")
    code, out, _ = cli("profile", "check", str(tmp_path))
    assert code == 0
    assert out.splitlines()[-1] == "2 berkas: 2 sah dan lengkap"


def test_show_masks_personal_data(cli: Cli, examples_dir: Path) -> None:
    code, out, _ = cli("profile", "show", str(examples_dir / "siti-aminah-warung.yaml"))
    assert code == 0
    assert "3508205204820001" not in out and "350820******0001" in out
    assert "81200000001" not in out and "0812-0000-0001" not in out and "812*****001" in out
    assert "siti.aminah@example.com" not in out and "s***@example.com" in out
    assert "47112 - Perdagangan Eceran Berbagai Macam Barang" in out
    assert "usaha mikro menurut SOP Kecamatan" in out
    assert "SITI AMINAH" in out and "JENGGRONG, RANUYOSO, KAB. LUMAJANG, JAWA TIMUR" in out


def test_show_in_english_with_pp7(cli: Cli, examples_dir: Path) -> None:
    path = str(examples_dir / "slamet-riyadi-keripik.yaml")
    code, out, _ = cli("--lang", "en", "profile", "show", "--kebijakan-skala", "pp7", path)
    assert code == 0
    assert "Not running yet, expected to start 2027-01" in out
    assert "micro business under PP 7/2021" in out


def test_show_a_broken_file(
    cli: Cli, siti: Data, write: Callable[..., Path], tmp_path: Path
) -> None:
    siti["email"] = "bukan-email"
    code, out, _ = cli("profile", "show", str(write(siti)))
    assert code == 1
    assert "email: GALAT" in out and "s***" not in out
    siti["tambahan"] = 1
    code, out, _ = cli("profile", "show", str(write(siti)))
    assert code == 1 and "tambahan" in out
    code, out, _ = cli("profile", "show", str(tmp_path / "tidak-ada.yaml"))
    assert code == 2


def test_schema(cli: Cli) -> None:
    code, out, _ = cli("profile", "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"identitas", "email", "nomor_hp", "alamat_ktp", "kegiatan"}
    kegiatan = schema["$defs"]["Kegiatan"]["properties"]
    assert "kbli" in kegiatan and kegiatan["kbli"]["description_en"]


def test_profile_without_subcommand_prints_help(cli: Cli) -> None:
    code, out, _ = cli("profile")
    assert code == 0 and "check" in out and "schema" in out


#: What an operator types for Siti Aminah, accepting most defaults with Enter.
ANSWERS = "\n".join(
    [
        "3508205204820001", "Siti Aminah", "", "Lumajang", "",
        "siti.aminah@example.com", "0812-0000-0001",
        "Dusun Krajan", "2", "1", "", "", "", "Jenggrong", "",
        "Warung Bu Siti", "47112", "", "", "36", "",
        "dokumen/pernyataan.pdf", "dokumen/foto.pdf", "y", "01/03/2014",
        "0", "25000000", "4000000", "3500000", "15000000", "144000000", "",
        "0", "1", "Sembako", "300", "Paket", "", "24", "", "",
        "y", "y", "y", "y", "474/015/427.20.01/2026", "02/11/2026", "",
        "y", "09/11/2026", "Petugas Loket 1", "y", "",
    ]
)  # fmt: skip


def test_new_writes_a_private_valid_profile(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out_file = tmp_path / "baru.yaml"
    (tmp_path / "dokumen").mkdir()
    for name in ("pernyataan.pdf", "foto.pdf"):  # the scans the answers name
        (tmp_path / "dokumen" / name).write_bytes(b"%PDF-1.4\n%%EOF\n")
    monkeypatch.setattr("sys.stdin", io.StringIO(ANSWERS))
    code, out, err = cli("profile", "new", "-o", str(out_file))
    assert code == 0, err
    assert out == ""
    assert f"Profil ditulis ke {out_file}" in err
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    written = yaml.safe_load(out_file.read_text())
    assert written["identitas"]["nama_sesuai_ktp"] == "SITI AMINAH"
    code, out, _ = cli("profile", "check", str(out_file))
    assert code == 0, out


def test_new_without_output_prints_only_the_yaml(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(ANSWERS))
    code, out, err = cli("profile", "new")
    assert code == 0
    assert out.startswith("# Profil pemohon")
    assert yaml.safe_load(out)["kegiatan"][0]["kbli"] == "47112"
    assert "NIK (16 angka)" in err


def test_new_stops_cleanly_when_input_ends(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out_file = tmp_path / "baru.yaml"
    monkeypatch.setattr("sys.stdin", io.StringIO("3508205204820001\n"))
    code, _, err = cli("profile", "new", "-o", str(out_file))
    assert code == 1
    assert "tidak ada yang ditulis" in err
    assert not out_file.exists()


def test_new_refuses_to_overwrite(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "ada.yaml"
    target.write_text("# milik orang lain\n")
    code, _, err = cli("profile", "new", "-o", str(target))
    assert code == 2 and "--timpa" in err
    assert target.read_text() == "# milik orang lain\n"


def test_location_pdfs_must_be_there_and_be_pdfs(
    cli: Cli, siti: Data, write: Callable[..., Path], tmp_path: Path
) -> None:
    dokumen = siti["kegiatan"][0]["lokasi"]["dokumen"]
    dokumen["pernyataan_lokasi"] = "dokumen/tidak-ada.pdf"
    (tmp_path / "foto.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a pdf")
    dokumen["foto_tampak_depan"] = "foto.jpg"
    code, out, _ = cli("profile", "check", str(write(siti)))
    assert code == 1
    assert "kegiatan.0.lokasi.dokumen.pernyataan_lokasi: BELUM LENGKAP" in out
    assert "kegiatan.0.lokasi.dokumen.foto_tampak_depan: GALAT" in out
    assert "bukan PDF" in out


def test_new_refuses_a_missing_folder_before_asking_anything(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(ANSWERS))
    code, _, err = cli("profile", "new", "-o", str(tmp_path / "tidak-ada" / "baru.yaml"))
    assert code == 2
    assert "Folder untuk berkas ini tidak ada" in err
    assert "NIK" not in err  # no question was asked


@pytest.mark.parametrize("lang", ["id", "en"])
def test_strict_verdict_agrees_with_its_exit_code(
        cli: Cli, siti: Data, write: Callable[..., Path], lang: str) -> None:
    siti["kegiatan"][0]["kbli"] = "47119"  # not in the bundled table: a warning
    path = str(write(siti))
    code, out, _ = cli("--lang", lang, "profile", "check", path)
    assert code == 0 and ("SAH DAN LENGKAP" if lang == "id" else "VALID AND COMPLETE") in out
    code, out, _ = cli("--lang", lang, "profile", "check", "--ketat", path)
    verdict = out.splitlines()[-1]
    assert code == 1
    assert verdict.endswith("GAGAL karena --ketat: 1 peringatan" if lang == "id"
                            else "FAILS under --strict: 1 warning(s)")
    assert "SAH DAN LENGKAP" not in verdict and "VALID AND COMPLETE" not in verdict
    code, out, _ = cli("--lang", lang, "profile", "check", "--strict", path, path)
    assert code == 1
    assert out.splitlines()[-1] == ("2 berkas: 2 gagal karena peringatan (--ketat)" if lang == "id"
                                    else "2 file(s): 2 failed on warnings (--strict)")
