"""``profile new``'s questionnaire, fed answers: each bad answer re-asked with its message."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml

from oss_assist.i18n import Lang
from oss_assist.profiles.issues import Report
from oss_assist.profiles.loader import parse_profile, parse_yaml
from oss_assist.profiles.questionnaire import Questionnaire, to_yaml
from oss_assist.profiles.scale import ScalePolicy

TODAY = date(2026, 11, 25)


class Operator:
    """Types the given answers in order; records every prompt and every message."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []
        self.said: list[str] = []

    def ask(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if not self.answers:
            raise EOFError
        return self.answers.pop(0)

    def say(self, text: str) -> None:
        self.said.append(text)

    def run(self, lang: Lang = "id", policy: ScalePolicy = "sop") -> tuple[dict[str, Any], Report]:
        questionnaire = Questionnaire(
            self.ask, self.say, lang=lang, policy=policy, today=TODAY, operator="Petugas Loket 1"
        )
        self.answers.append("y")  # the review: save
        result = questionnaire.run()
        assert self.answers == [], f"unused answers: {self.answers}"
        return result


OWNER = [
    "3508205204820001", "Siti Aminah", "", "Lumajang", "",
    "siti.aminah@example.com", "0812-0000-0001",
    "Dusun Krajan", "2", "1", "", "", "", "Jenggrong", "",
]  # fmt: skip
BUSINESS = [
    "Warung Bu Siti", "47112", "", "", "36", "",
    "dokumen/pernyataan.pdf", "dokumen/foto.pdf", "y", "01/03/2014",
    "0", "25000000", "4000000", "3500000", "15000000", "144000000", "",
    "0", "1", "Sembako", "300", "Paket", "", "24", "", "",
]  # fmt: skip
OFFICE = ["y", "y", "y", "y", "474/015/427.20.01/2026", "02/11/2026", "", "y", "", ""]


def test_the_happy_path_accepting_defaults() -> None:
    operator = Operator(OWNER + BUSINESS + OFFICE)
    data, report = operator.run()
    assert report.ready, [i.render("en") for i in report.issues]
    assert data["identitas"] == {
        "nik": "3508205204820001",
        "nama_sesuai_ktp": "SITI AMINAH",
        "jenis_kelamin": "Perempuan",  # offered from the NIK
        "tempat_lahir": "Lumajang",
        "tanggal_lahir": date(1982, 4, 12),  # offered from the NIK
    }
    assert data["alamat_ktp"]["kabupaten_kota"] == "Kabupaten Lumajang"
    assert data["alamat_ktp"]["kode_pos"] == "67357"
    assert data["kegiatan"][0]["lokasi"]["desa"] == "Jenggrong"
    assert data["persetujuan"] == {"tanggal": TODAY, "dicatat_oleh": "Petugas Loket 1"}
    assert "Jenis kelamin (L/P) [Perempuan]: " in operator.prompts
    assert "Tanggal lahir (dd/mm/yyyy) [12/04/1982]: " in operator.prompts
    assert any(s.startswith("KBLI 47112: Perdagangan Eceran") for s in operator.said)
    assert any("usaha mikro menurut SOP Kecamatan" in s for s in operator.said)


def test_the_yaml_written_loads_back_to_the_same_profile() -> None:
    data, report = Operator(OWNER + BUSINESS + OFFICE).run()
    text = to_yaml(data, TODAY)
    assert text.startswith(
        "# Profil pemohon, dibuat dengan 'oss-assist profile new' pada 2026-11-25."
    )
    profile, issues = parse_profile(parse_yaml(text, "baru.yaml"))
    assert issues == [] and profile == report.profile
    assert "36.0" not in text and "luas_lahan_m2: 36" in text


def test_each_bad_answer_is_asked_again_with_its_message() -> None:
    answers = [
        "350820520482001",
        "9908205204820001",
        "3508205204820001",  # short, no such province
        "Siti Aminah 2",
        "Siti Aminah",  # a digit in the name
        "L",
        "",  # gender against the NIK
        "",
        "Lumajang",  # place of birth required
        "13/04/1982",
        "",  # birth date against the NIK
        "siti.aminah@",
        "siti.aminah@example.com",
        "0334-441306",
        "0812-0000-0001",  # a landline
        "Dusun Krajan",
        "0",
        "2",
        "1",
        "",
        "Jakarta Timur",
        "Lumajang",  # a kabupaten of another province
        "",
        "Jengrong",
        "Jenggrong",  # a misspelt desa
        "67356",
        "",  # the desa's own postcode
    ]
    operator = Operator(answers + BUSINESS + OFFICE)
    _, report = operator.run()
    assert report.ready
    said = "\n".join(operator.said)
    for message in [
        "NIK harus 16 angka",
        "bukan kode provinsi",
        "huruf, spasi",
        "NIK ini milik perempuan",
        "Wajib diisi",
        "tetapi tanggal lahir tertulis 13/04/1982",
        "alamat e-mail 'siti.aminah@' tidak sah",
        "bukan nomor HP",
        "Tulis 1 sampai 3 angka",
        "tidak ditemukan di provinsi Jawa Timur",
        "Mungkin maksudnya: Jenggrong?",
        "Kode pos desa Jenggrong adalah 67357",
    ]:
        assert message in said, message


def test_under_seventeen_is_asked_again() -> None:
    answers = ["3508206611090001", "Adik", "", "Lumajang", ""]  # born 26/11/2009
    operator = Operator(answers)
    with pytest.raises(EOFError):
        operator.run()
    assert any("baru berumur 16 tahun" in s for s in operator.said)


def test_business_answers_checked_as_typed() -> None:
    business = [
        "Warung Bu Siti", "4711", "47119", "t", "47112",  # short code; unknown, not kept
        "t", "Jalan Raya", "", "", "", "Meninjo", "67356", "", "0", "40",
        "7.9, 113.3", "-7.9, 113.3",  # north of the equator
        "foto.jpg", "dokumen/pernyataan.pdf", "dokumen/foto.pdf",  # a photo must be a PDF
        "y", "01/01/2030", "01/03/2014",  # a start in the future
        "0", "0", "0", "0", "1000000", "100000000", "200000000",  # other investment 0
        "0", "0", "0", "1000000", "60000000", "200000000",  # over the office's limit
        "0", "0", "0", "1000000", "20000000", "200000000",
        "pinjam", "2",
        "x", "1", "", "Sembako", "0", "300", "", "Paket", "mungkin", "", "24", "y", "t", "",
    ]  # fmt: skip
    operator = Operator(OWNER + business + OFFICE)
    data, report = operator.run()
    assert report.ready, [i.render("en") for i in report.issues]
    kegiatan = data["kegiatan"][0]
    assert kegiatan["kbli"] == "47112" and "kbli_diterima_operator" not in kegiatan
    assert kegiatan["lokasi"]["desa"] == "Meninjo" and kegiatan["lokasi"]["alamat"] == "Jalan Raya"
    assert (kegiatan["lokasi"]["lat"], kegiatan["lokasi"]["lon"]) == (-7.9, 113.3)
    assert kegiatan["investasi"]["modal_kerja"] == 20_000_000
    assert kegiatan["sumber_pembiayaan"] == "Pinjaman"
    # the letter's desa is offered from the business location
    assert data["kelengkapan"]["surat_keterangan_usaha"]["desa"] == "Meninjo"
    said = "\n".join(operator.said)
    for message in [
        "Kode KBLI 5 angka",
        "KBLI 47119 tidak ada di tabel",
        "Kode pos desa Meninjo adalah 67357",
        "Titik itu di luar Indonesia",
        "Tanggal itu belum terjadi",
        "Portal menolak nilai 0",
        "Rp 61.000.000",  # the capital over the limit, shown
        "tetap usaha mikro",
        "Isi lagi investasi dan penjualan",
        "Jawab Modal Sendiri atau Pinjaman",
        "Jawab y (ya) atau t (tidak)",
        "Tulis bilangan bulat",
        "Wajib diisi",
        "Harus lebih dari 0",
        "hanya menangani usaha tanpa dokumen lingkungan",
    ]:
        assert message in said, message


def test_unknown_kbli_kept_by_the_operator_and_not_running_yet() -> None:
    business = [
        "Warung Bu Siti", "47119", "y", "", "", "36", "", "d/a.pdf", "d/b.pdf", "t",
        "2027-13", "1/2027",
        "0", "25000000", "4000000", "3500000", "15000000", "144000000", "",
        "0", "1", "Sembako", "300", "Paket", "", "24", "", "y",
    ]  # fmt: skip
    second = [
        "Warung Makan", "56102", "", "", "20", "", "d/c.pdf", "d/d.pdf", "t", "2027-02",
        "0", "0", "1000000", "1000000", "1000000", "10000000", "",
        "0", "0", "Nasi", "100", "Porsi", "", "10", "", "",
    ]  # fmt: skip
    operator = Operator(OWNER + business + second + OFFICE)
    data, report = operator.run()
    first = data["kegiatan"][0]
    assert first["kbli_diterima_operator"] is True
    assert first["status_berjalan"] == "Belum Berjalan"
    assert first["perkiraan_mulai_operasional"] == "2027-01"
    assert "tanggal_mulai_usaha" not in first
    assert len(data["kegiatan"]) == 2
    assert report.ready, [i.render("en") for i in report.issues]


def test_missing_papers_give_a_valid_but_incomplete_profile() -> None:
    office = ["t", "y", "t", "t", "t"]
    data, report = Operator(OWNER + BUSINESS + office).run()
    assert report.valid and not report.complete
    assert [i.path for i in report.missing] == [
        "kelengkapan.ktp_aktif",
        "kelengkapan.formulir_oss",
        "kelengkapan.surat_keterangan_usaha",
        "persetujuan.tanggal",
        "persetujuan.dicatat_oleh",
    ]
    assert yaml.safe_load(to_yaml(data))["persetujuan"] == {}


def test_questions_in_english() -> None:
    operator = Operator(["x", "3508205204820001"])
    with pytest.raises(EOFError):
        operator.run(lang="en")
    assert operator.prompts[:2] == ["NIK (16 digits): ", "NIK (16 digits): "]
    assert operator.said[1] == "— A. Owner (as on the KTP) —"
    assert "A NIK has digits only" in operator.said[2]


def test_pp7_policy_accepts_larger_capital() -> None:
    business = list(BUSINESS)
    business[business.index("15000000")] = "500000000"
    _, report = Operator(OWNER + business + OFFICE).run(policy="pp7")
    assert report.ready and report.scale[0].policy == "pp7"


def test_documents_left_for_later_make_the_file_incomplete() -> None:
    business = list(BUSINESS)
    at = business.index("dokumen/pernyataan.pdf")
    business[at : at + 2] = ["-", "-"]
    data, report = Operator(OWNER + business + OFFICE).run()
    assert "dokumen" not in data["kegiatan"][0]["lokasi"]
    assert not report.ready
    assert any(i.path == "kegiatan.0.lokasi.dokumen" and i.severity == "incomplete"
               for i in report.issues)


def test_going_back_asks_the_previous_question_again_with_its_answer_offered() -> None:
    answers = ["3508205204820001", "Siti Aminah", "<", "Siti Aminah Rahayu", "<", "<", "",
               "", *OWNER[2:]]
    operator = Operator(answers + BUSINESS + OFFICE)
    data, report = operator.run()
    assert report.ready
    assert data["identitas"]["nama_sesuai_ktp"] == "SITI AMINAH RAHAYU"
    nik_prompts = [p for p in operator.prompts if p.startswith("NIK")]
    assert nik_prompts[1] == "NIK (16 angka) [3508205204820001]: "  # its answer offered
    assert "Nama sesuai KTP [Siti Aminah Rahayu]: " in operator.prompts
    assert len(nik_prompts) == 2


def test_back_at_the_first_question_says_there_is_none() -> None:
    operator = Operator(["<", *OWNER, *BUSINESS, *OFFICE])
    _, report = operator.run()
    assert report.ready
    assert "Ini pertanyaan pertama; tidak ada yang sebelumnya." in operator.said


def test_the_review_shows_everything_before_saving_and_changes_one_part() -> None:
    owner_again = [""] * len(OWNER)
    owner_again[5] = "siti.baru@example.com"  # only the e-mail changes
    operator = Operator(OWNER + BUSINESS + OFFICE + ["x", "A", *owner_again])
    data, report = operator.run()
    assert report.ready
    assert data["email"] == "siti.baru@example.com"
    assert data["kegiatan"][0]["nama_usaha"] == "Warung Bu Siti"  # kept, not asked again
    assert sum(p.startswith("Nama usaha") for p in operator.prompts) == 1
    assert "NIK (16 angka) [3508205204820001]: " in operator.prompts
    review = [s for s in operator.said if s.startswith("— Periksa semua jawaban")]
    assert len(review) == 2
    assert any("SITI AMINAH" in s and "Warung Bu Siti" in s for s in operator.said)
    assert "Jawab y, A, B, C, D atau <." in operator.said


def test_back_from_the_review_asks_the_last_question_again() -> None:
    operator = Operator(OWNER + BUSINESS + OFFICE + ["<", "Petugas Loket 2"])
    data, _ = operator.run()
    assert data["persetujuan"]["dicatat_oleh"] == "Petugas Loket 2"
    assert operator.prompts.count("Dicatat oleh (nama petugas) [Petugas Loket 1]: ") == 2


def test_dates_in_words_and_the_phone_in_one_form() -> None:
    owner = list(OWNER)
    owner[4] = "12 April 1982"
    owner[6] = "62 812 0000 0001"
    business = list(BUSINESS)
    business[9] = "1 Maret 2014"
    data, report = Operator(owner + business + OFFICE).run()
    assert report.ready
    assert data["identitas"]["tanggal_lahir"] == date(1982, 4, 12)
    assert data["kegiatan"][0]["tanggal_mulai_usaha"] == date(2014, 3, 1)
    assert data["nomor_hp"] == "+6281200000001"
    owner[6] = "0812-0000-0001"
    assert Operator(owner + BUSINESS + OFFICE).run()[0]["nomor_hp"] == "+6281200000001"


@pytest.mark.parametrize(("text", "day"), [
    ("1 Maret 2019", date(2019, 3, 1)),
    ("01 mar. 2019", date(2019, 3, 1)),
    ("17 Agustus 1945", date(1945, 8, 17)),
    ("5 Nopember 2020", date(2020, 11, 5)),
    ("31 Februari 2019", None),
    ("1 Maretan 2019", None),
])
def test_indonesian_dates_in_words(text: str, day: date | None) -> None:
    from oss_assist.profiles.model import parse_date

    assert parse_date(text) == day
