"""``profile new``: a guided questionnaire that writes a valid profile.

The questions follow the paper form (Data Informasi Usaha Mikro): the owner as on the KTP
and how to reach them, then each business activity (name, KBLI, location, status,
investment, sales, workers, products, building), then the counter officer's checklist and
the applicant's consent. Each answer is checked as it is typed, with the same rules as
``profile check``, and asked again with the message when it is wrong. Input and output are
injected (``ask``/``say``), so tests feed answers and read what was said.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from oss_assist.errors import InputError
from oss_assist.i18n import Lang, Text, os_reason
from oss_assist.profiles.address import LEVELS, AddressLevel, check_postcode, match_region
from oss_assist.profiles.asking import (
    BACK,
    NO,
    YES,
    Ask,
    Asker,
    GoBack,
    Retry,
    Say,
    first_issue,
)
from oss_assist.profiles.issues import Report
from oss_assist.profiles.loader import parse_profile
from oss_assist.profiles.model import normalise_name, parse_date, parse_month
from oss_assist.profiles.nik import Nik, NikError, parse_nik
from oss_assist.profiles.phone import PhoneError, normalise_phone
from oss_assist.profiles.scale import ScalePolicy, assess_scale
from oss_assist.profiles.validate import (
    check_birth_date,
    check_email,
    check_name,
    check_nik_agrees,
    check_nik_regions,
    kbli_title,
    scale_issues,
    validate_profile,
)
from oss_assist.refdata import Region

#: The office's own region, offered as the default answer for each level.
HOME_REGION: dict[AddressLevel, str] = {
    "provinsi": "Jawa Timur",
    "kabupaten_kota": "Kabupaten Lumajang",
    "kecamatan": "Ranuyoso",
}


_REGION_LABELS: dict[AddressLevel, Text] = {
    "provinsi": Text("Provinsi", "Province"),
    "kabupaten_kota": Text("Kabupaten/kota", "Kabupaten/kota"),
    "kecamatan": Text("Kecamatan", "Kecamatan"),
    "desa": Text("Desa/kelurahan", "Desa/kelurahan"),
}


class Questionnaire(Asker):
    """One run of the questions; :meth:`run` returns the profile's data and its report."""

    def __init__(
        self,
        ask: Ask,
        say: Say,
        *,
        lang: Lang = "id",
        policy: ScalePolicy = "sop",
        today: date | None = None,
        operator: str = "",
    ) -> None:
        super().__init__(ask, say, lang=lang, today=today)
        self.policy = policy
        self.operator = operator
        self.ktp_desa: Region | None = None

    # --- the form ----------------------------------------------------------------------

    def run(self) -> tuple[dict[str, Any], Report]:
        """Ask everything, let the person go back, review and change; return the profile
        data and the full check of it."""
        self.say(
            Text(
                "Data Informasi Usaha Mikro. Tekan Enter untuk menerima jawaban dalam [ ]; "
                "ketik < untuk kembali ke pertanyaan sebelumnya.",
                "Micro-business data form. Press Enter to accept the answer in [ ]; type < "
                "to go back to the previous question.",
            )
        )
        while True:
            try:
                data = self.form()
            except GoBack:
                self.back_from_here()
                continue
            report = self.check(data)
            choice = self.review(report)
            if choice == "save":
                return data, report
            if choice == "back":
                self.back_from_here()
            else:
                self.redo_groups((choice,))

    def form(self) -> dict[str, Any]:
        """One pass through the form, in the order of the paper."""
        self.enter("A", Text("— A. Data pemilik usaha (sesuai KTP) —",
                             "— A. Owner (as on the KTP) —"))
        identitas = self.identitas()
        email = self.question(Text("E-mail aktif", "Active e-mail"), self._email)
        nomor_hp = self.question(Text("Nomor HP", "Mobile number"), self._phone)
        alamat_ktp = self.alamat_ktp()
        kegiatan: list[dict[str, Any]] = []
        while True:
            number = len(kegiatan) + 1
            self.enter(f"B{number}", Text(f"— B. Kegiatan usaha {number} —",
                                          f"— B. Business activity {number} —"))
            kegiatan.append(self.kegiatan(alamat_ktp, identitas["tanggal_lahir"]))
            if not self.yes_no(Text("Tambah kegiatan lain?", "Add another activity?"), False):
                break
        self.enter("C", Text("— C. Kelengkapan berkas —", "— C. Checklist —"))
        kelengkapan = self.kelengkapan(kegiatan[0]["lokasi"]["desa"])
        self.enter("D", Text("— D. Persetujuan pemohon —", "— D. Consent —"))
        persetujuan = self.persetujuan()
        return {
            "identitas": identitas,
            "email": email,
            "nomor_hp": nomor_hp,
            "alamat_ktp": alamat_ktp,
            "kegiatan": kegiatan,
            "kelengkapan": kelengkapan,
            "persetujuan": persetujuan,
        }

    def check(self, data: dict[str, Any]) -> Report:
        profile, issues = parse_profile(data)
        if profile is None:
            return Report(issues=issues)
        return validate_profile(profile, policy=self.policy, today=self.today)

    def review(self, report: Report) -> str:
        """Show every answer before anything is written; ``save``, ``back`` or the group
        to ask again (``A``, ``B``, ``C``, ``D``)."""
        from oss_assist.profiles.summary import render_summary

        self.say_raw(Text("— Periksa semua jawaban —", "— Review all answers —")
                     .render(self.lang))
        if report.profile is not None:
            self.say_raw(render_summary(report, self.lang, today=self.today))
        for issue in report.sorted_issues():
            self.say_raw(issue.render(self.lang))
        prompt = Text(
            "Simpan? y = simpan; A, B, C atau D = ubah bagian itu (jawaban lama ditawarkan); "
            "< = kembali ke pertanyaan terakhir: ",
            "Save? y = save; A, B, C or D = change that part (the old answers are offered); "
            "< = back to the last question: ",
        ).render(self.lang)
        while True:
            answer = self.ask_raw(prompt).strip()
            word = answer.lower()
            if word in YES:
                return "save"
            if word in BACK:
                return "back"
            if word.upper() in ("A", "B", "C", "D"):
                return word.upper()
            self.say_raw(Text("Jawab y, A, B, C, D atau <.", "Answer y, A, B, C, D or <.")
                         .render(self.lang))

    def identitas(self) -> dict[str, Any]:
        nik = self.question(Text("NIK (16 angka)", "NIK (16 digits)"), self._nik)
        nama = self.question(Text("Nama sesuai KTP", "Name as on the KTP"), self._name)
        female_default = "Perempuan" if nik.female else "Laki-laki"

        def gender(answer: str) -> str:
            word = answer.lower().replace("-", " ")
            if word in {"l", "laki laki", "pria"}:
                value = "Laki-laki"
            elif word in {"p", "perempuan", "wanita"}:
                value = "Perempuan"
            else:
                raise Retry(Text("Jawab L atau P.", "Answer L or P."))
            if (value == "Perempuan") != nik.female:
                raise Retry(
                    Text(
                        f"NIK ini milik {female_default.lower()} (angka ke-7 dan ke-8: "
                        f"{nik.value[6:8]}; perempuan ditambah 40). Periksa NIK atau "
                        "jenis kelamin pada KTP.",
                        f"This NIK belongs to a {'woman' if nik.female else 'man'} (digits "
                        f"7 and 8: {nik.value[6:8]}; women add 40). Check the NIK or the "
                        "gender on the KTP.",
                    )
                )
            return value

        jenis_kelamin = self.question(
            Text("Jenis kelamin (L/P)", "Gender (L/P)"), gender, female_default
        )
        tempat = self.text(Text("Tempat lahir", "Place of birth"))
        guess = self._birth_guess(nik)

        def birth(answer: str) -> date:
            value = parse_date(answer)
            if value is None:
                raise Retry(Text("Tulis seperti 12/04/1982.", "Write it like 12/04/1982."))
            first_issue(check_birth_date(value, self.today))
            first_issue(check_nik_agrees(nik, value, jenis_kelamin == "Perempuan"))
            return value

        tanggal_lahir = self.question(
            Text("Tanggal lahir (dd/mm/yyyy)", "Date of birth (dd/mm/yyyy)"),
            birth,
            guess.strftime("%d/%m/%Y") if guess else None,
        )
        return {
            "nik": nik.value,
            "nama_sesuai_ktp": nama,
            "jenis_kelamin": jenis_kelamin,
            "tempat_lahir": tempat,
            "tanggal_lahir": tanggal_lahir,
        }

    def _birth_guess(self, nik: Nik) -> date | None:
        """The birth date the NIK says, in the latest century giving an adult."""
        for century in (2000, 1900):
            if century + nik.yy > self.today.year:
                continue
            born = nik.birth_date(century + nik.yy)
            if born and born <= self.today and self.today.year - born.year >= 17:
                return born
        return None

    def _nik(self, answer: str) -> Nik:
        try:
            nik = parse_nik(answer)
        except NikError as exc:
            raise Retry(exc.text) from None
        first_issue(check_nik_regions(nik))
        return nik

    def _name(self, answer: str) -> str:
        name = normalise_name(answer)
        if not name:
            raise Retry(Text("Wajib diisi.", "This is required."))
        first_issue(check_name(name, "identitas.nama_sesuai_ktp"))
        return name

    def _email(self, answer: str) -> str:
        first_issue(check_email(answer))
        return answer

    def _phone(self, answer: str) -> str:
        """The number in one form whatever way it was typed: ``+62`` and the national
        number (0812-…, 62812…, +62 812 … all become +62812…)."""
        try:
            return "+62" + normalise_phone(answer)
        except PhoneError as exc:
            raise Retry(exc.text) from None

    def regions(self, defaults: dict[AddressLevel, str]) -> tuple[dict[str, str], Region]:
        """The four levels top-down, each checked against the one above.

        A default is offered while the answers follow the defaults' own chain.
        """
        parent: Region | None = None
        chosen: dict[str, str] = {}
        offered = dict(defaults)
        for level in LEVELS:

            def parse(
                answer: str, level: AddressLevel = level, above: Region | None = parent
            ) -> Region:
                if not answer:
                    raise Retry(Text("Wajib diisi.", "This is required."))
                found = match_region(above, level, answer)
                if isinstance(found, Text):
                    raise Retry(found)
                return found

            default = offered.get(level)
            region = self.question(_REGION_LABELS[level], parse, default)
            if default is None or match_region(parent, level, default) != region:
                offered = {}  # the answer left the defaults' chain: they no longer apply
            chosen[level] = region.name
            parent = region
        if parent is None:
            raise AssertionError("LEVELS is never empty")
        return chosen, parent

    def alamat_ktp(self) -> dict[str, Any]:
        jalan = self.text(Text("Alamat KTP: jalan/dusun (tanpa RT/RW)", "KTP address: street"))
        rt = self.question(Text("RT", "RT"), self._rt_rw)
        rw = self.question(Text("RW", "RW"), self._rt_rw)
        chosen, desa = self.regions(HOME_REGION)
        self.ktp_desa = desa
        kode_pos = self.question(
            Text("Kode pos (boleh kosong)", "Postcode (may be empty)"),
            lambda answer: self._postcode(answer, desa, optional=True),
            desa.postcode,
        )
        out: dict[str, Any] = {"jalan": jalan, "rt": rt, "rw": rw, **chosen}
        if kode_pos:
            out["kode_pos"] = kode_pos
        return out

    def _rt_rw(self, answer: str) -> str:
        if (
            not (answer.isascii() and answer.isdigit() and 1 <= len(answer) <= 3)
            or int(answer) == 0
        ):
            raise Retry(
                Text("Tulis 1 sampai 3 angka, misalnya 003.", "Write 1 to 3 digits, e.g. 003.")
            )
        return answer.zfill(3)

    def _postcode(self, answer: str, desa: Region, *, optional: bool = False) -> str:
        if not answer and optional:
            return ""
        resolved_issues = check_postcode(answer, None, "kode_pos")
        first_issue(resolved_issues)
        if desa.postcode and answer != desa.postcode:
            raise Retry(
                Text(
                    f"Kode pos desa {desa.name} adalah {desa.postcode}.",
                    f"The postcode of desa {desa.name} is {desa.postcode}.",
                )
            )
        return answer

    def kegiatan(self, alamat_ktp: dict[str, Any], born: date) -> dict[str, Any]:
        nama_usaha = self.text(Text("Nama usaha", "Business name"))
        kbli, accepted = self.kbli()
        lokasi = self.lokasi(alamat_ktp)
        running = self.yes_no(Text("Usaha sudah berjalan?", "Is the business already running?"))
        timing: dict[str, Any]
        if running:
            start = self.day(
                Text("Tanggal mulai usaha (dd/mm/yyyy)", "Start date (dd/mm/yyyy)"), after=born
            )
            timing = {"status_berjalan": "Sudah Berjalan", "tanggal_mulai_usaha": start}
        else:

            def month(answer: str) -> str:
                value = parse_month(answer)
                if value is None:
                    raise Retry(Text("Tulis seperti 2026-10.", "Write it like 2026-10."))
                return value

            timing = {
                "status_berjalan": "Belum Berjalan",
                "perkiraan_mulai_operasional": self.question(
                    Text("Perkiraan mulai operasional (YYYY-MM)", "Expected start (YYYY-MM)"), month
                ),
            }
        investasi, penjualan = self.money()
        sumber = self.question(
            Text(
                "Sumber pembiayaan: Modal Sendiri / Pinjaman", "Financing: Modal Sendiri / Pinjaman"
            ),
            self._financing,
            "Modal Sendiri",
        )
        tenaga_kerja = {
            "laki_laki": self.count(Text("Tenaga kerja laki-laki", "Male workers")),
            "perempuan": self.count(Text("Tenaga kerja perempuan", "Female workers")),
        }
        produk = []
        while True:
            produk.append(
                {
                    "jenis_produk_jasa": self.text(Text("Jenis produk/jasa", "Product/service")),
                    "kapasitas": self.number(Text("Kapasitas per tahun", "Capacity per year")),
                    "satuan": self.text(
                        Text("Satuan (misalnya Paket, Porsi, Ekor)", "Unit (e.g. Paket, Porsi)")
                    ),
                }
            )
            if not self.yes_no(Text("Tambah produk/jasa lain?", "Add another product?"), False):
                break
        luas_bangunan = self.number(
            Text("Luas bangunan terbangun (m²)", "Built-up floor area (m²)")
        )

        def no_document(answer: str) -> bool:
            word = answer.lower()
            if word in NO:
                return False
            if word in YES:
                raise Retry(
                    Text(
                        "oss-assist hanya menangani usaha tanpa dokumen lingkungan; langkah itu "
                        "diisi operator sendiri. Jawab t bila belum punya.",
                        "oss-assist only handles businesses without an environmental "
                        "document; the operator fills that step by hand. Answer t if none.",
                    )
                )
            raise Retry(Text("Jawab y atau t.", "Answer y or t."))

        self.question(
            Text("Sudah punya dokumen lingkungan? (y/t)", "Has an environmental document? (y/t)"),
            no_document,
            "t",
        )
        out: dict[str, Any] = {"kbli": kbli, "nama_usaha": nama_usaha, "lokasi": lokasi, **timing}
        out.update(
            {
                "investasi": investasi,
                "sumber_pembiayaan": sumber,
                "penjualan_tahunan": penjualan,
                "tenaga_kerja": tenaga_kerja,
                "produk": produk,
                "lingkungan": {
                    "luas_bangunan_m2": luas_bangunan,
                    "punya_dokumen_lingkungan": False,
                },
            }
        )
        if accepted:
            out["kbli_diterima_operator"] = True
        return out

    def _financing(self, answer: str) -> str:
        word = answer.lower()
        if word in {"modal sendiri", "sendiri", "1"}:
            return "Modal Sendiri"
        if word in {"pinjaman", "2"}:
            return "Pinjaman"
        raise Retry(Text("Jawab Modal Sendiri atau Pinjaman.", "Answer Modal Sendiri or Pinjaman."))

    def kbli(self) -> tuple[str, bool]:
        while True:

            def parse(answer: str) -> str:
                if not (len(answer) == 5 and answer.isascii() and answer.isdigit()):
                    raise Retry(Text("Kode KBLI 5 angka, misalnya 47112.", "A 5-digit KBLI code."))
                return answer

            code = self.question(Text("Kode KBLI 2020 (5 angka)", "KBLI 2020 code"), parse)
            title = kbli_title(code)
            if title:
                self.say(Text(f"KBLI {code}: {title}", f"KBLI {code}: {title}"))
                return code, False
            self.say(
                Text(
                    f"KBLI {code} tidak ada di tabel KBLI 2020 bawaan.",
                    f"KBLI {code} is not in the bundled KBLI 2020 table.",
                )
            )
            if self.yes_no(
                Text(
                    "Kode sudah diperiksa di oss.go.id; tetap pakai?",
                    "Checked on oss.go.id; keep it?",
                ),
                False,
            ):
                return code, True

    def lokasi(self, alamat_ktp: dict[str, Any]) -> dict[str, Any]:
        same = Text("Lokasi usaha sama dengan alamat KTP?", "Business at the KTP address?")
        if self.ktp_desa is not None and self.yes_no(same, True):
            regions: dict[str, str] = {level: alamat_ktp[level] for level in LEVELS}
            desa = self.ktp_desa
            alamat = alamat_ktp["jalan"]
        else:
            alamat = self.text(Text("Alamat lengkap usaha (tanpa RT/RW)", "Business address"))
            defaults: dict[AddressLevel, str] = {
                level: alamat_ktp[level] for level in LEVELS if level != "desa"
            }
            regions, desa = self.regions(defaults)
        kode_pos = self.question(
            Text("Kode pos", "Postcode"), lambda a: self._postcode(a, desa), desa.postcode
        )
        out: dict[str, Any] = {"alamat": alamat, **regions, "kode_pos": kode_pos}
        out["luas_lahan_m2"] = self.number(Text("Luas lahan usaha (m²)", "Land area (m²)"))

        def coordinates(answer: str) -> tuple[float, float] | None:
            if not answer or answer == "-":
                return None
            parts = answer.replace(";", ",").split(",")
            try:
                lat, lon = (float(p) for p in parts)
            except ValueError:
                raise Retry(
                    Text("Tulis seperti -7.94, 113.28.", "Write like -7.94, 113.28.")
                ) from None
            if not (-11 <= lat <= 6 and 95 <= lon <= 141):
                raise Retry(
                    Text("Titik itu di luar Indonesia.", "That point is outside Indonesia.")
                )
            return lat, lon

        point = self.question(
            Text(
                "Titik koordinat 'lintang, bujur' (boleh kosong)",
                "Coordinates 'lat, lon' (optional)",
            ),
            coordinates,
            "-",
        )
        if point:
            out["lat"], out["lon"] = point

        def pdf(answer: str) -> str | None:
            if not answer or answer == "-":
                return None
            if not answer.lower().endswith(".pdf"):
                raise Retry(Text("Tulis nama berkas PDF, misalnya dokumen/foto.pdf, atau -.",
                                 "Write a PDF file name, e.g. dokumen/foto.pdf, or -."))
            return answer

        pernyataan = self.question(
            Text("Berkas PDF surat pernyataan lokasi (relatif ke profil; - bila belum ada)",
                 "PDF of the location statement (relative to the profile; - if not yet)"),
            pdf, "-")
        foto = self.question(
            Text("Berkas PDF foto tampak depan (relatif ke profil; - bila belum ada)",
                 "PDF of the front photo (relative to the profile; - if not yet)"),
            pdf, "-")
        if pernyataan and foto:
            out["dokumen"] = {"pernyataan_lokasi": pernyataan, "foto_tampak_depan": foto}
        return out

    def money(self) -> tuple[dict[str, int], int]:
        """The investment split and annual sales, asked again while not micro."""
        while True:
            investasi = {
                "tanah": self.amount(Text("Investasi tanah (Rp)", "Land (Rp)"), default="0"),
                "bangunan": self.amount(
                    Text("Investasi bangunan (Rp)", "Buildings (Rp)"), default="0"
                ),
                "mesin_peralatan": self.amount(
                    Text("Mesin dan peralatan (Rp)", "Machinery and equipment (Rp)"), default="0"
                ),
                "investasi_lain": self.amount(
                    Text("Investasi lain (Rp, tidak boleh 0)", "Other investment (Rp, not 0)"),
                    positive=True,
                ),
                "modal_kerja": self.amount(
                    Text("Modal kerja 3 bulan (Rp)", "Working capital (Rp)")
                ),
            }
            penjualan = self.amount(
                Text("Hasil penjualan tahunan (Rp, tidak boleh 0)", "Annual sales (Rp, not 0)"),
                positive=True,
            )
            verdict = assess_scale(
                mesin_peralatan=investasi["mesin_peralatan"],
                investasi_lain=investasi["investasi_lain"],
                modal_kerja=investasi["modal_kerja"],
                penjualan_tahunan=penjualan,
                policy=self.policy,
            )
            problems = scale_issues(verdict, "")
            if not problems:
                self.say(verdict.summary())
                return investasi, penjualan
            self.say(problems[0].text)
            self.say(
                Text("Isi lagi investasi dan penjualan.", "Enter the investment and sales again.")
            )

    def kelengkapan(self, desa: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ktp_aktif": self.yes_no(
                Text("Fotokopi KTP aktif diterima?", "Activated KTP copy received?")
            ),
            "email_dikonfirmasi": self.yes_no(
                Text("Pemohon memastikan e-mailnya aktif?", "Applicant confirmed the e-mail?")
            ),
            "formulir_oss": self.yes_no(Text("Formulir OSS sudah diisi?", "OSS data form filled?")),
        }
        if self.yes_no(
            Text(
                "Surat Keterangan Usaha dari desa diterima?",
                "Business letter from the desa received?",
            )
        ):
            out["surat_keterangan_usaha"] = {
                "nomor": self.text(Text("Nomor surat", "Letter number")),
                "tanggal": self.day(Text("Tanggal surat (dd/mm/yyyy)", "Letter date (dd/mm/yyyy)")),
                "desa": self.text(Text("Desa penerbit", "Issuing desa"), desa),
            }
        return out

    def persetujuan(self) -> dict[str, Any]:
        if not self.yes_no(
            Text(
                "Pemohon setuju kantor kecamatan mengisi datanya di OSS?",
                "Does the applicant agree that the office enters their data on OSS?",
            )
        ):
            return {}
        return {
            "tanggal": self.day(
                Text("Tanggal persetujuan", "Date of consent"), self.today.strftime("%d/%m/%Y")
            ),
            "dicatat_oleh": self.text(
                Text("Dicatat oleh (nama petugas)", "Recorded by (officer)"), self.operator or None
            ),
        }


def to_yaml(data: dict[str, Any], today: date | None = None) -> str:
    """The profile as YAML, with a header saying how it was made."""
    made = (today or date.today()).isoformat()
    header = f"# Profil pemohon, dibuat dengan 'oss-assist profile new' pada {made}.\n"
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return header + body


def check_output(path: Path, *, overwrite: bool = False) -> None:
    """InputError when ``path`` exists (a profile is never replaced unasked), or when its
    folder does not (said before the first question, not after the last)."""
    if not path.parent.is_dir():
        raise InputError(
            Text(
                "folder untuk berkas ini tidak ada. Buat foldernya dulu atau pilih folder lain.",
                "the folder for this file does not exist. Create it first or choose another.",
            ),
            where=str(path),
        )
    if path.exists() and not overwrite:
        raise InputError(
            Text(
                "berkas sudah ada. Pilih nama lain, atau tambahkan --timpa untuk menimpanya.",
                "the file already exists. Choose another name, or add --overwrite.",
            ),
            where=str(path),
        )


def write_profile(path: Path, text: str) -> None:
    """Write a profile readable by its owner only (0600): it holds personal data."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        if hasattr(os, "fchmod"):  # Windows before 3.13 has none, nor modes to tighten
            os.fchmod(fd, 0o600)  # also when an existing, more open file is replaced
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise InputError(
            Text(
                f"berkas tidak dapat ditulis ({os_reason(exc).id}).",
                f"the file cannot be written ({os_reason(exc).en}).",
            ),
            where=str(path),
        ) from exc
