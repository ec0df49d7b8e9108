"""Every rule a profile must meet, checked offline: one issue per problem found.

The rules are those the portal, Dukcapil and the office's service standard apply
(oss-portal.md §3, §5, §8, §10, §11, §15). Each message says what is wrong and what to do,
in Bahasa Indonesia and English. Nothing here raises on bad data: it is all reported.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from email_validator import EmailNotValidError, validate_email

from oss_assist import refdata
from oss_assist.i18n import Text, rupiah
from oss_assist.profiles.address import (
    SPELLING_VARIANTS,
    ResolvedAddress,
    check_address,
    is_code,
)
from oss_assist.profiles.issues import Issue, Report, error, incomplete, join, warning
from oss_assist.profiles.model import (
    DokumenLokasi,
    Identitas,
    Kegiatan,
    Kelengkapan,
    Persetujuan,
    Profile,
    portal_date,
)
from oss_assist.profiles.nik import Nik, NikError, parse_nik
from oss_assist.profiles.phone import PhoneError, normalise_phone
from oss_assist.profiles.scale import (
    PP7_MIKRO_LIMIT,
    SOP_CAPITAL_LIMIT,
    SOP_SALES_LIMIT,
    ScalePolicy,
    ScaleVerdict,
    assess_scale,
)

MIN_AGE = 17
MAX_AGE = 120
MAX_NAME_LENGTH = 100
#: Indonesia's bounding box (oss-portal.md §15): latitude and longitude.
LAT_RANGE = (-11.0, 6.0)
LON_RANGE = (95.0, 141.0)

_KBLI = re.compile(r"^[0-9]{5}$")
_RT_RW = re.compile(r"^[0-9]{3}$")
_NAME_PUNCTUATION = frozenset(" .,'-")


def validate_profile(
    profile: Profile,
    *,
    policy: ScalePolicy = "sop",
    today: date | None = None,
    base_dir: Path | None = None,
) -> Report:
    """Check every rule; the report lists errors, missing items and warnings.

    With ``base_dir`` (the profile's folder) the documents it names are checked too.
    """
    day = today or date.today()
    report = Report(profile=profile)
    issues = report.issues
    issues.extend(check_identitas(profile.identitas, day))
    issues.extend(check_email(profile.email))
    issues.extend(check_phone(profile.nomor_hp))
    _, address_issues = check_address(profile.alamat_ktp, "alamat_ktp", profile.alamat_ktp.kode_pos)
    issues.extend(address_issues)
    for field in ("rt", "rw"):
        value = getattr(profile.alamat_ktp, field)
        if not _RT_RW.match(value) or value == "000":
            issues.append(
                error(
                    f"alamat_ktp.{field}",
                    Text(
                        f"{field.upper()} harus 1 sampai 3 angka, bukan 000; tertulis {value!r}. "
                        "Salin dari KTP, misalnya 003.",
                        f"{field.upper()} must be 1 to 3 digits, not 000; got {value!r}. "
                        "Copy it from the KTP, for example 003.",
                    ),
                )
            )
    locations: list[ResolvedAddress | None] = []
    for index, kegiatan in enumerate(profile.kegiatan):
        path = f"kegiatan.{index}"
        resolved, kegiatan_issues, verdict = check_kegiatan(
            kegiatan, path, policy, day, profile.identitas.tanggal_lahir
        )
        locations.append(resolved)
        issues.extend(kegiatan_issues)
        report.scale.append(verdict)
    if len(profile.kegiatan) > 1:
        issues.extend(_check_total_scale(profile.kegiatan, policy))
    for index, kegiatan in enumerate(profile.kegiatan):
        if kegiatan.lokasi.dokumen is None:
            issues.append(
                incomplete(
                    f"kegiatan.{index}.lokasi.dokumen",
                    Text(
                        "dua berkas PDF lokasi belum dilampirkan (surat pernyataan lokasi dan "
                        "foto tampak depan). Pindai dari pemohon, simpan di samping profil, "
                        "lalu tulis lokasi.dokumen.pernyataan_lokasi dan foto_tampak_depan.",
                        "the location's two PDFs are missing (the signed location statement "
                        "and the front photo). Scan them from the applicant, keep them beside "
                        "the profile, then write lokasi.dokumen.pernyataan_lokasi and "
                        "foto_tampak_depan.",
                    ),
                )
            )
        elif base_dir is not None:
            issues.extend(check_documents(kegiatan.lokasi.dokumen, base_dir,
                                          f"kegiatan.{index}.lokasi.dokumen"))
    issues.extend(check_kelengkapan(profile.kelengkapan, locations, day))
    issues.extend(check_persetujuan(profile.persetujuan, day))
    return report


def check_documents(dokumen: DokumenLokasi, base_dir: Path, path: str) -> list[Issue]:
    """Each PDF the profile names is there, beside the profile, and is a PDF."""
    issues: list[Issue] = []
    for field in ("pernyataan_lokasi", "foto_tampak_depan"):
        name = getattr(dokumen, field)
        file = base_dir / name
        try:
            with file.open("rb") as handle:
                head = handle.read(5)
        except OSError:
            issues.append(incomplete(f"{path}.{field}", Text(
                f"berkas {name!r} tidak ada di samping profil. Pindai dari pemohon dan "
                "simpan dengan nama itu.",
                f"the file {name!r} is not beside the profile. Scan it from the applicant "
                "and save it under that name.",
            )))
            continue
        if head != b"%PDF-":
            issues.append(error(f"{path}.{field}", Text(
                f"berkas {name!r} bukan PDF; portal hanya menerima PDF. Simpan ulang "
                "pindaiannya sebagai PDF.",
                f"the file {name!r} is not a PDF; the portal takes PDFs only. Save the "
                "scan again as a PDF.",
            )))
    return issues


# --- identity ---------------------------------------------------------------------------


def check_identitas(identitas: Identitas, today: date) -> list[Issue]:
    issues = check_name(identitas.nama_sesuai_ktp, "identitas.nama_sesuai_ktp")
    issues.extend(check_birth_date(identitas.tanggal_lahir, today))
    try:
        nik = parse_nik(identitas.nik)
    except NikError as exc:
        issues.append(error("identitas.nik", exc.text))
        return issues
    issues.extend(check_nik_regions(nik))
    issues.extend(check_nik_agrees(nik, identitas.tanggal_lahir, identitas.perempuan))
    return issues


def check_name(name: str, path: str) -> list[Issue]:
    """Letters, spaces and . , ' - only (as on the KTP), at most 100 characters."""
    bad = sorted({c for c in name if not (c.isalpha() or c in _NAME_PUNCTUATION)})
    issues: list[Issue] = []
    if bad or not any(c.isalpha() for c in name):
        shown = " ".join(repr(c) for c in bad[:10])
        issues.append(
            error(
                path,
                Text(
                    f"nama hanya boleh berisi huruf, spasi dan tanda . , ' - "
                    f"(ada {shown or 'tanpa huruf'}). Tulis nama persis seperti di KTP.",
                    f"a name holds only letters, spaces and . , ' - "
                    f"(found {shown or 'no letters'}). Write the name exactly as on the KTP.",
                ),
            )
        )
    if len(name) > MAX_NAME_LENGTH:
        issues.append(
            error(
                path,
                Text(
                    f"nama terlalu panjang ({len(name)} huruf; paling banyak {MAX_NAME_LENGTH}).",
                    f"the name is too long ({len(name)} characters; at most {MAX_NAME_LENGTH}).",
                ),
            )
        )
    return issues


def age_on(born: date, today: date) -> int:
    """Completed years of age on ``today``."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def check_birth_date(born: date, today: date) -> list[Issue]:
    path = "identitas.tanggal_lahir"
    if born > today:
        return [
            error(
                path,
                Text(
                    f"tanggal lahir {portal_date(born)} belum terjadi. Salin dari KTP.",
                    f"the date of birth {portal_date(born)} is in the future. "
                    "Copy it from the KTP.",
                ),
            )
        ]
    age = age_on(born, today)
    if age < MIN_AGE:
        return [
            error(
                path,
                Text(
                    f"pemohon baru berumur {age} tahun; pendaftaran OSS perseorangan untuk "
                    f"yang berumur paling sedikit {MIN_AGE} tahun. Periksa tanggal lahir; bila "
                    "benar, usaha didaftarkan atas nama anggota keluarga yang dewasa.",
                    f"the applicant is only {age}; an individual OSS registration needs an "
                    f"age of at least {MIN_AGE}. Check the date of birth; if it is right, "
                    "register the business in the name of an adult family member.",
                ),
            )
        ]
    if age > MAX_AGE:
        return [
            error(
                path,
                Text(
                    f"umur {age} tahun tidak masuk akal. Periksa tahun lahir di KTP.",
                    f"an age of {age} is not plausible. Check the year of birth on the KTP.",
                ),
            )
        ]
    return []


def check_nik_regions(nik: Nik) -> list[Issue]:
    """The NIK's province, kabupaten and kecamatan codes exist (where it was first issued)."""
    levels = (
        (nik.province_code, Text("provinsi", "province")),
        (nik.kabupaten_code, Text("kabupaten/kota", "kabupaten/kota")),
        (nik.kecamatan_code, Text("kecamatan", "kecamatan")),
    )
    for code, label in levels:
        if refdata.region(code) is None:
            return [
                error(
                    "identitas.nik",
                    Text(
                        f"{len(code)} angka pertama NIK ({code}) bukan kode {label.id} yang "
                        "ada. Salin lagi NIK dari KTP.",
                        f"the first {len(code)} digits of the NIK ({code}) are not an existing "
                        f"{label.en} code. Copy the NIK from the KTP again.",
                    ),
                )
            ]
    return []


def check_nik_agrees(nik: Nik, born: date, female: bool) -> list[Issue]:
    """Digits 7 to 12 against the birth date and gender (day + 40 for women)."""
    issues: list[Issue] = []
    said = Text(
        f"angka ke-7 s.d. 12 NIK ({nik.birth_digits}) menunjukkan "
        f"{'perempuan' if nik.female else 'laki-laki'} lahir tanggal "
        f"{nik.day:02d}/{nik.month:02d}/..{nik.yy:02d}",
        f"NIK digits 7 to 12 ({nik.birth_digits}) say "
        f"{'a woman' if nik.female else 'a man'} born on "
        f"{nik.day:02d}/{nik.month:02d}/..{nik.yy:02d}",
    )
    fix = Text(
        "Cocokkan NIK, tanggal lahir dan jenis kelamin dengan KTP: salah satunya keliru.",
        "Compare the NIK, date of birth and gender with the KTP: one of them is wrong.",
    )
    if nik.female != female:
        issues.append(
            error(
                "identitas.jenis_kelamin",
                join(
                    Text(
                        f"{said.id}, tetapi jenis kelamin tertulis "
                        f"{'Perempuan' if female else 'Laki-laki'} (bagi perempuan tanggal "
                        "lahir di NIK ditambah 40).",
                        f"{said.en}, but the gender given is "
                        f"{'Perempuan' if female else 'Laki-laki'} (for women the NIK adds 40 "
                        "to the day).",
                    ),
                    fix,
                ),
            )
        )
    if (nik.day, nik.month, nik.yy) != (born.day, born.month, born.year % 100):
        issues.append(
            error(
                "identitas.tanggal_lahir",
                join(
                    Text(
                        f"{said.id}, tetapi tanggal lahir tertulis {portal_date(born)}.",
                        f"{said.en}, but the date of birth given is {portal_date(born)}.",
                    ),
                    fix,
                ),
            )
        )
    return issues


# --- contact ----------------------------------------------------------------------------


def check_email(email: str) -> list[Issue]:
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        return [
            error(
                "email",
                Text(
                    f"alamat e-mail {email!r} tidak sah. Periksa tanda @ dan nama domainnya "
                    "(contoh: nama@gmail.com), lalu pastikan dengan pemohon.",
                    f"the e-mail address {email!r} is not valid ({exc}). Check the @ and the "
                    "domain (e.g. name@gmail.com), then confirm it with the applicant.",
                ),
            )
        ]
    return []


def check_phone(nomor_hp: str) -> list[Issue]:
    try:
        normalise_phone(nomor_hp)
    except PhoneError as exc:
        return [error("nomor_hp", exc.text)]
    return []


# --- business activities ----------------------------------------------------------------


def check_kbli(kegiatan: Kegiatan, path: str) -> list[Issue]:
    code = kegiatan.kbli
    if not _KBLI.match(code):
        return [
            error(
                f"{path}.kbli",
                Text(
                    f"kode KBLI harus 5 angka, tertulis {code!r}. Bila diawali 0 (misalnya "
                    '01411), tulis dengan tanda kutip: kbli: "01411".',
                    f"a KBLI code has 5 digits; got {code!r}. If it starts with 0 (e.g. "
                    '01411), write it in quotes: kbli: "01411".',
                ),
            )
        ]
    if refdata.kbli(code) is None and not kegiatan.kbli_diterima_operator:
        return [
            warning(
                f"{path}.kbli",
                Text(
                    f"KBLI {code} tidak ada di tabel KBLI 2020 bawaan, jadi judulnya tidak "
                    "dapat ditampilkan. Periksa kodenya di oss.go.id (Cek KBLI); bila benar, "
                    "tulis 'kbli_diterima_operator: true' pada kegiatan ini.",
                    f"KBLI {code} is not in the bundled KBLI 2020 table, so its title cannot "
                    "be shown. Check the code on oss.go.id (Cek KBLI); if it is right, add "
                    "'kbli_diterima_operator: true' to this kegiatan.",
                ),
            )
        ]
    return []


def kbli_title(code: str) -> str | None:
    """The KBLI 2020 title of a code, or None when the bundled table lacks it."""
    entry = refdata.kbli(code)
    return entry.title if entry else None


def check_kegiatan(
    kegiatan: Kegiatan, path: str, policy: ScalePolicy, today: date, born: date
) -> tuple[ResolvedAddress | None, list[Issue], ScaleVerdict]:
    """One activity's rules; also returns its resolved location and scale verdict."""
    issues = check_kbli(kegiatan, path)
    lokasi = kegiatan.lokasi
    resolved, address_issues = check_address(lokasi, f"{path}.lokasi", lokasi.kode_pos)
    issues.extend(address_issues)
    issues.extend(_positive(lokasi.luas_lahan_m2, f"{path}.lokasi.luas_lahan_m2", _AREA))
    issues.extend(_check_coordinates(lokasi.lat, lokasi.lon, f"{path}.lokasi"))
    issues.extend(_check_running(kegiatan, path, today, born))
    issues.extend(_check_money(kegiatan, path))
    verdict = assess_scale(
        mesin_peralatan=kegiatan.investasi.mesin_peralatan,
        investasi_lain=kegiatan.investasi.investasi_lain,
        modal_kerja=kegiatan.investasi.modal_kerja,
        penjualan_tahunan=kegiatan.penjualan_tahunan,
        policy=policy,
    )
    issues.extend(scale_issues(verdict, path))
    for field in ("laki_laki", "perempuan"):
        if getattr(kegiatan.tenaga_kerja, field) < 0:
            issues.append(
                error(
                    f"{path}.tenaga_kerja.{field}",
                    Text("jumlah tenaga kerja tidak boleh negatif.", "a count cannot be negative."),
                )
            )
    for number, produk in enumerate(kegiatan.produk):
        issues.extend(_positive(produk.kapasitas, f"{path}.produk.{number}.kapasitas", _CAPACITY))
    issues.extend(
        _positive(
            kegiatan.lingkungan.luas_bangunan_m2, f"{path}.lingkungan.luas_bangunan_m2", _BUILDING
        )
    )
    if kegiatan.lingkungan.punya_dokumen_lingkungan:
        issues.append(
            error(
                f"{path}.lingkungan.punya_dokumen_lingkungan",
                Text(
                    "oss-assist hanya mengisi jalur usaha mikro tanpa dokumen lingkungan "
                    "(jawaban 'Belum', lalu SPPL lewat Amdalnet). Bila pemohon sudah punya "
                    "dokumen lingkungan, operator mengisi langkah itu sendiri; tulis false "
                    "bila belum punya.",
                    "oss-assist only fills the micro-business path without an environmental "
                    "document ('Belum', then an SPPL through Amdalnet). If the applicant has "
                    "one, the operator fills that step by hand; write false if not.",
                ),
            )
        )
    return resolved, issues, verdict


_AREA = Text(
    "luas lahan harus lebih dari 0 m². Ukur atau tanyakan luas tempat usaha.",
    "the land area must be more than 0 m². Measure or ask the size of the business site.",
)
_CAPACITY = Text(
    "kapasitas harus lebih dari 0. Tulis perkiraan jumlah produk/jasa per tahun.",
    "the capacity must be more than 0. Write the expected output per year.",
)
_BUILDING = Text(
    "luas bangunan harus lebih dari 0 m² (Amdalnet menanyakannya). Tanyakan pemohon; "
    "jangan mengarang.",
    "the building's floor area must be more than 0 m² (Amdalnet asks for it). Ask the "
    "applicant; never make it up.",
)


def _positive(value: float, path: str, text: Text) -> list[Issue]:
    return [] if value > 0 else [error(path, text)]


def _check_coordinates(lat: float | None, lon: float | None, path: str) -> list[Issue]:
    if lat is None and lon is None:
        return []
    if lat is None or lon is None:
        missing = "lat" if lat is None else "lon"
        return [
            error(
                f"{path}.{missing}",
                Text(
                    "tulis lintang (lat) dan bujur (lon) bersama-sama, atau hapus keduanya.",
                    "give latitude (lat) and longitude (lon) together, or remove both.",
                ),
            )
        ]
    issues: list[Issue] = []
    for name, value, (low, high) in (("lat", lat, LAT_RANGE), ("lon", lon, LON_RANGE)):
        if not low <= value <= high:
            issues.append(
                error(
                    f"{path}.{name}",
                    Text(
                        f"{name} {value} berada di luar Indonesia ({low} sampai {high}). "
                        "Periksa tanda minus dan urutan lintang/bujur.",
                        f"{name} {value} lies outside Indonesia ({low} to {high}). Check the "
                        "minus sign and that latitude and longitude are not swapped.",
                    ),
                )
            )
    return issues


def _check_running(kegiatan: Kegiatan, path: str, today: date, born: date) -> list[Issue]:
    start = kegiatan.tanggal_mulai_usaha
    if kegiatan.status_berjalan == "Sudah Berjalan":
        if start is None:
            return [
                error(
                    f"{path}.tanggal_mulai_usaha",
                    Text(
                        "usaha sudah berjalan, jadi portal menanyakan tanggal mulai usaha. "
                        "Tanyakan pemohon (perkiraan tanggal 1 bulannya boleh).",
                        "the business is already running, so the portal asks its start date. "
                        "Ask the applicant (the 1st of the month is fine as an estimate).",
                    ),
                )
            ]
        if start > today:
            return [
                error(
                    f"{path}.tanggal_mulai_usaha",
                    Text(
                        f"tanggal mulai {portal_date(start)} belum terjadi, padahal usaha "
                        "sudah berjalan. Perbaiki tanggalnya, atau ubah status ke Belum Berjalan.",
                        f"the start date {portal_date(start)} is in the future, yet the "
                        "business is running. Fix the date, or set Belum Berjalan.",
                    ),
                )
            ]
        if start < born:
            return [
                error(
                    f"{path}.tanggal_mulai_usaha",
                    Text(
                        f"tanggal mulai {portal_date(start)} lebih awal dari tanggal lahir "
                        "pemohon. Periksa tahunnya.",
                        f"the start date {portal_date(start)} is before the applicant's "
                        "birth. Check the year.",
                    ),
                )
            ]
        return []
    issues: list[Issue] = []
    if start is not None:
        issues.append(
            error(
                f"{path}.tanggal_mulai_usaha",
                Text(
                    "usaha belum berjalan, jadi tidak punya tanggal mulai. Hapus tanggal ini, "
                    "atau ubah status ke Sudah Berjalan.",
                    "the business is not running yet, so it has no start date. Remove the "
                    "date, or set Sudah Berjalan.",
                ),
            )
        )
    if kegiatan.perkiraan_mulai_operasional is None:
        issues.append(
            error(
                f"{path}.perkiraan_mulai_operasional",
                Text(
                    "usaha belum berjalan, jadi portal menanyakan perkiraan bulan mulai "
                    "operasional. Tulis misalnya 2026-10.",
                    "the business is not running yet, so the portal asks the expected month "
                    "it starts. Write for example 2026-10.",
                ),
            )
        )
    return issues


def _check_money(kegiatan: Kegiatan, path: str) -> list[Issue]:
    issues: list[Issue] = []
    investasi = kegiatan.investasi
    for field in ("tanah", "bangunan", "mesin_peralatan", "investasi_lain", "modal_kerja"):
        if getattr(investasi, field) < 0:
            issues.append(error(f"{path}.investasi.{field}", _NEGATIVE))
    if investasi.investasi_lain == 0:
        issues.append(
            error(
                f"{path}.investasi.investasi_lain",
                Text(
                    "portal menolak investasi lain bernilai 0. Tanyakan pemohon nilai "
                    "perlengkapan atau investasi kecil lainnya (misalnya etalase, rak, "
                    "timbangan) dan tulis perkiraannya.",
                    "the portal refuses other investment of 0. Ask the applicant the value "
                    "of fittings or other small investments (shelves, display case, scales) "
                    "and write an estimate.",
                ),
            )
        )
    if kegiatan.penjualan_tahunan < 0:
        issues.append(error(f"{path}.penjualan_tahunan", _NEGATIVE))
    elif kegiatan.penjualan_tahunan == 0:
        issues.append(
            error(
                f"{path}.penjualan_tahunan",
                Text(
                    "portal menolak hasil penjualan tahunan bernilai 0. Untuk usaha yang belum "
                    "berjalan, tulis perkiraan penjualan setahun.",
                    "the portal refuses annual sales of 0. For a business not running yet, "
                    "write the expected sales for a year.",
                ),
            )
        )
    return issues


_NEGATIVE = Text(
    "jumlah rupiah tidak boleh negatif. Tulis 0 bila tidak ada.",
    "an amount cannot be negative. Write 0 if there is none.",
)


def scale_issues(verdict: ScaleVerdict, path: str) -> list[Issue]:
    """An error when the business is not micro under the policy, figures and rule named."""
    if verdict.micro:
        return []
    if verdict.policy == "pp7":
        return [
            error(
                f"{path}.investasi",
                Text(
                    f"modal usaha tanpa tanah dan bangunan {rupiah(verdict.modal_usaha)} "
                    f"melebihi {rupiah(PP7_MIKRO_LIMIT)}: menurut PP 7/2021 ini usaha "
                    f"{verdict.skala_pp7}, bukan mikro. Layanan ini hanya untuk usaha mikro; "
                    "periksa angkanya bersama pemohon.",
                    f"business capital excluding land and buildings "
                    f"{rupiah(verdict.modal_usaha)} exceeds {rupiah(PP7_MIKRO_LIMIT)}: under "
                    f"PP 7/2021 this is a {verdict.skala_pp7} business, not micro. This "
                    "service is for micro businesses only; check the figures with the "
                    "applicant.",
                ),
            )
        ]
    over_id: list[str] = []
    over_en: list[str] = []
    if verdict.capital_over:
        over_id.append(
            f"modal tanpa tanah dan bangunan {rupiah(verdict.modal_usaha)} (mesin/peralatan "
            f"+ investasi lain + modal kerja) melebihi {rupiah(SOP_CAPITAL_LIMIT)}"
        )
        over_en.append(
            f"capital excluding land and buildings {rupiah(verdict.modal_usaha)} (machinery "
            f"+ other investment + working capital) exceeds {rupiah(SOP_CAPITAL_LIMIT)}"
        )
    if verdict.sales_over:
        over_id.append(
            f"penjualan tahunan {rupiah(verdict.penjualan_tahunan)} melebihi "
            f"{rupiah(SOP_SALES_LIMIT)}"
        )
        over_en.append(
            f"annual sales {rupiah(verdict.penjualan_tahunan)} exceed {rupiah(SOP_SALES_LIMIT)}"
        )
    if verdict.micro_under_pp7:
        pp7 = Text(
            f"Menurut PP 7/2021 (modal usaha paling banyak {rupiah(PP7_MIKRO_LIMIT)}, yang "
            "dipakai OSS) usaha ini tetap usaha mikro: bila angkanya benar, pemohon dapat "
            "mendaftar sendiri di OSS, atau Kepala Seksi dapat memakai kebijakan pp7 "
            "(--kebijakan-skala pp7).",
            f"Under PP 7/2021 (business capital at most {rupiah(PP7_MIKRO_LIMIT)}, which OSS "
            "uses) it is still a micro business: if the figures are right, the applicant can "
            "register on OSS directly, or the section head may apply the pp7 policy "
            "(--scale-policy pp7).",
        )
    else:
        pp7 = Text(
            f"Menurut PP 7/2021 pun ini usaha {verdict.skala_pp7}, bukan mikro.",
            f"Under PP 7/2021 too it is a {verdict.skala_pp7} business, not micro.",
        )
    field = "investasi" if verdict.capital_over else "penjualan_tahunan"
    return [
        error(
            f"{path}.{field}",
            join(
                Text(
                    "di luar kriteria SOP Kecamatan: " + "; ".join(over_id) + ".",
                    "outside the office standard (SOP): " + "; ".join(over_en) + ".",
                ),
                Text("Periksa angkanya bersama pemohon.", "Check the figures with the applicant."),
                pp7,
            ),
        )
    ]


def _check_total_scale(kegiatan: list[Kegiatan], policy: ScalePolicy) -> list[Issue]:
    """The NIB belongs to the person: several activities together must still be micro."""
    total = assess_scale(
        mesin_peralatan=sum(k.investasi.mesin_peralatan for k in kegiatan),
        investasi_lain=sum(k.investasi.investasi_lain for k in kegiatan),
        modal_kerja=sum(k.investasi.modal_kerja for k in kegiatan),
        penjualan_tahunan=sum(k.penjualan_tahunan for k in kegiatan),
        policy=policy,
    )
    if total.micro:
        return []
    return [
        Issue(
            "kegiatan",
            "error",
            join(
                Text(
                    f"Semua {len(kegiatan)} kegiatan dijumlahkan:",
                    f"All {len(kegiatan)} activities added together:",
                ),
                scale_issues(total, "kegiatan")[0].text,
            ),
        )
    ]


# --- the office's checklist and the consent ---------------------------------------------


def check_kelengkapan(
    kelengkapan: Kelengkapan, locations: list[ResolvedAddress | None], today: date
) -> list[Issue]:
    issues: list[Issue] = []
    path = "kelengkapan"
    if not kelengkapan.ktp_aktif:
        issues.append(
            incomplete(
                f"{path}.ktp_aktif",
                Text(
                    "fotokopi KTP yang sudah diaktivasi belum diterima. Minta dari pemohon, "
                    "lalu tulis ktp_aktif: true.",
                    "the copy of the activated KTP has not been received. Ask the applicant "
                    "for it, then write ktp_aktif: true.",
                ),
            )
        )
    if not kelengkapan.email_dikonfirmasi:
        issues.append(
            incomplete(
                f"{path}.email_dikonfirmasi",
                Text(
                    "pemohon belum memastikan e-mailnya aktif (kode OTP dikirim ke sana). "
                    "Minta pemohon membuka e-mailnya, lalu tulis email_dikonfirmasi: true.",
                    "the applicant has not confirmed the e-mail is active (the OTP goes "
                    "there). Have them open it, then write email_dikonfirmasi: true.",
                ),
            )
        )
    if not kelengkapan.formulir_oss:
        issues.append(
            incomplete(
                f"{path}.formulir_oss",
                Text(
                    "formulir Data Informasi Usaha Mikro belum diisi. Isi bersama pemohon, "
                    "lalu tulis formulir_oss: true.",
                    "the Data Informasi Usaha Mikro form is not filled. Fill it in with the "
                    "applicant, then write formulir_oss: true.",
                ),
            )
        )
    sku = kelengkapan.surat_keterangan_usaha
    sku_path = f"{path}.surat_keterangan_usaha"
    if sku is None:
        issues.append(
            incomplete(
                sku_path,
                Text(
                    "Surat Keterangan Usaha dari kepala desa/lurah belum ada. Catat nomor, "
                    "tanggal dan desa penerbitnya setelah surat diterima.",
                    "the Surat Keterangan Usaha from the kepala desa/lurah is missing. Record "
                    "its number, date and issuing desa once it is received.",
                ),
            )
        )
        return issues
    for field, id_text, en_text in (
        ("nomor", "nomor surat", "its number"),
        ("tanggal", "tanggal surat", "its date"),
        ("desa", "desa penerbit", "the issuing desa"),
    ):
        if not getattr(sku, field):
            issues.append(
                incomplete(
                    f"{sku_path}.{field}",
                    Text(
                        f"Surat Keterangan Usaha: {id_text} belum dicatat. Salin dari surat.",
                        f"Surat Keterangan Usaha: {en_text} is not recorded. Copy it from "
                        "the letter.",
                    ),
                )
            )
    if sku.tanggal and sku.tanggal > today:
        issues.append(
            error(
                f"{sku_path}.tanggal",
                Text(
                    f"tanggal surat {portal_date(sku.tanggal)} belum terjadi. Salin dari surat.",
                    f"the letter's date {portal_date(sku.tanggal)} is in the future. Copy it "
                    "from the letter.",
                ),
            )
        )
    if sku.desa:
        issues.extend(_check_sku_desa(sku.desa, locations, f"{sku_path}.desa"))
    return issues


def _desa_key(name: str) -> str:
    key = refdata.name_key(name, "desa_kelurahan")
    return SPELLING_VARIANTS.get(key, key)


def _check_sku_desa(desa: str, locations: list[ResolvedAddress | None], path: str) -> list[Issue]:
    """The letter should come from the desa where a business is (a warning: it may not)."""
    known = [loc.desa for loc in locations if loc is not None]
    if not known:
        return []
    if is_code(desa):
        matches = any(refdata.digits(desa) == region.code for region in known)
    else:
        matches = any(_desa_key(desa) == _desa_key(region.name) for region in known)
    if matches:
        return []
    names = ", ".join(sorted({region.name for region in known}))
    return [
        warning(
            path,
            Text(
                f"Surat Keterangan Usaha diterbitkan desa {desa!r}, tetapi usahanya di desa "
                f"{names}. Surat itu semestinya dari desa tempat usaha; periksa suratnya.",
                f"the Surat Keterangan Usaha was issued by desa {desa!r}, but the business is "
                f"in {names}. It should come from the desa where the business is; check it.",
            ),
        )
    ]


def check_persetujuan(persetujuan: Persetujuan, today: date) -> list[Issue]:
    issues: list[Issue] = []
    if persetujuan.tanggal is None:
        issues.append(
            incomplete(
                "persetujuan.tanggal",
                Text(
                    "persetujuan pemohon (bahwa kantor kecamatan mengisi datanya di OSS) belum "
                    "dicatat. Minta persetujuannya, lalu catat tanggalnya.",
                    "the applicant's consent (that the office enters their data on OSS) is "
                    "not recorded. Ask for it, then record the date.",
                ),
            )
        )
    elif persetujuan.tanggal > today:
        issues.append(
            error(
                "persetujuan.tanggal",
                Text(
                    f"tanggal persetujuan {portal_date(persetujuan.tanggal)} belum terjadi.",
                    f"the consent date {portal_date(persetujuan.tanggal)} is in the future.",
                ),
            )
        )
    if not (persetujuan.dicatat_oleh or "").strip():
        issues.append(
            incomplete(
                "persetujuan.dicatat_oleh",
                Text(
                    "belum dicatat siapa petugas yang menerima persetujuan pemohon. Tulis "
                    "nama petugasnya.",
                    "who recorded the applicant's consent is missing. Write the officer's name.",
                ),
            )
        )
    return issues
