"""A readable summary of one profile (``profile show``), personal data masked.

NIK, mobile number and e-mail are always masked here: the summary is for the screen and
for printing, where others can read over a shoulder.
"""

from __future__ import annotations

from datetime import date

from oss_assist.i18n import Lang, Text, rupiah, value_word
from oss_assist.masking import mask_email, mask_nik, mask_phone
from oss_assist.profiles.address import check_address
from oss_assist.profiles.issues import Report
from oss_assist.profiles.model import Kegiatan, Profile, Wilayah, portal_date
from oss_assist.profiles.phone import PhoneError, normalise_phone
from oss_assist.profiles.scale import ScaleVerdict
from oss_assist.profiles.validate import age_on, kbli_title

_WIDTH = 24


def _row(label: Text, value: str, lang: Lang, indent: int = 2) -> str:
    return f"{' ' * indent}{label.render(lang):<{_WIDTH}}: {value}"


def _place(wilayah: Wilayah) -> str:
    resolved, _ = check_address(wilayah)
    if resolved is None:
        return ", ".join(
            (wilayah.desa, wilayah.kecamatan, wilayah.kabupaten_kota, wilayah.provinsi)
        )
    return resolved.label()


def _phone(nomor_hp: str) -> str:
    try:
        return "+62 " + mask_phone(normalise_phone(nomor_hp))
    except PhoneError:
        return mask_phone(nomor_hp)


def _yes(value: bool, lang: Lang) -> str:
    return (Text("sudah", "done") if value else Text("BELUM", "NOT YET")).render(lang)


def render_summary(report: Report, lang: Lang = "id", today: date | None = None) -> str:
    """The summary of a validated profile, followed by what the checks found."""
    profile = report.profile
    if profile is None:
        raise ValueError("render_summary needs a report with a profile")
    day = today or date.today()
    ident = profile.identitas
    ktp = profile.alamat_ktp
    lines = [
        Text("PEMOHON", "APPLICANT").render(lang),
        _row(Text("NIK", "NIK"), mask_nik(ident.nik), lang),
        _row(Text("Nama", "Name"), ident.nama_sesuai_ktp, lang),
        _row(Text("Jenis kelamin", "Gender"), value_word(ident.jenis_kelamin, lang), lang),
        _row(
            Text("Tempat, tanggal lahir", "Place, date of birth"),
            f"{ident.tempat_lahir}, {portal_date(ident.tanggal_lahir)} "
            + Text("({n} tahun)", "(age {n})")
            .format(n=age_on(ident.tanggal_lahir, day))
            .render(lang),
            lang,
        ),
        _row(Text("Nomor HP", "Mobile"), _phone(profile.nomor_hp), lang),
        _row(Text("E-mail", "E-mail"), mask_email(profile.email), lang),
        _row(
            Text("Alamat KTP", "KTP address"),
            f"{ktp.jalan}, RT {ktp.rt}/RW {ktp.rw}, {_place(ktp)}",
            lang,
        ),
    ]
    for index, kegiatan in enumerate(profile.kegiatan):
        verdict = report.scale[index] if index < len(report.scale) else None
        lines.append("")
        lines.extend(_kegiatan_lines(index, kegiatan, verdict, lang))
    lines.append("")
    lines.extend(_checklist_lines(profile, lang))
    lines.append("")
    lines.append(Text("HASIL PEMERIKSAAN", "CHECK RESULT").render(lang))
    if not report.issues:
        lines.append("  " + Text("sah dan lengkap", "valid and complete").render(lang))
    lines.extend(f"  {issue.render(lang)}" for issue in report.sorted_issues())
    return "\n".join(lines)


def _kegiatan_lines(
    index: int, kegiatan: Kegiatan, verdict: ScaleVerdict | None, lang: Lang
) -> list[str]:
    title = kbli_title(kegiatan.kbli)
    if title:
        kbli = f"{kegiatan.kbli} - {title}"
    elif kegiatan.kbli_diterima_operator:
        kbli = kegiatan.kbli + Text(
            " (tidak ada di tabel; diterima operator)", " (not in the table; accepted)"
        ).render(lang)
    else:
        kbli = kegiatan.kbli + Text(" (tidak ada di tabel)", " (not in the table)").render(lang)
    lokasi = kegiatan.lokasi
    where = f"{lokasi.alamat}, {_place(lokasi)} {lokasi.kode_pos}"
    if lokasi.lat is not None and lokasi.lon is not None:
        where += f" ({lokasi.lat}, {lokasi.lon})"
    if kegiatan.status_berjalan == "Sudah Berjalan" and kegiatan.tanggal_mulai_usaha:
        status = Text("Sudah Berjalan sejak {d}", "Already running since {d}").format(
            d=portal_date(kegiatan.tanggal_mulai_usaha)
        )
    else:
        status = Text(
            "Belum Berjalan, perkiraan mulai {m}", "Not running yet, expected to start {m}"
        ).format(m=kegiatan.perkiraan_mulai_operasional or "?")
    inv = kegiatan.investasi
    investasi = Text(
        "tanah {a}, bangunan {b}, mesin/peralatan {c}, investasi lain {d}, modal kerja {e}",
        "land {a}, buildings {b}, machinery {c}, other {d}, working capital {e}",
    ).format(
        a=rupiah(inv.tanah),
        b=rupiah(inv.bangunan),
        c=rupiah(inv.mesin_peralatan),
        d=rupiah(inv.investasi_lain),
        e=rupiah(inv.modal_kerja),
    )
    workers = Text("{m} laki-laki, {f} perempuan", "{m} men, {f} women").format(
        m=kegiatan.tenaga_kerja.laki_laki, f=kegiatan.tenaga_kerja.perempuan
    )
    lines = [
        Text("KEGIATAN {n}: {name}", "ACTIVITY {n}: {name}")
        .format(n=index + 1, name=kegiatan.nama_usaha)
        .render(lang),
        _row(Text("KBLI", "KBLI"), kbli, lang),
        _row(Text("Lokasi", "Location"), where, lang),
        _row(
            Text("Luas lahan/bangunan", "Land/building area"),
            f"{lokasi.luas_lahan_m2:g} m² / {kegiatan.lingkungan.luas_bangunan_m2:g} m²",
            lang,
        ),
        _row(Text("Status", "Status"), status.render(lang), lang),
        _row(Text("Investasi", "Investment"), investasi.render(lang), lang),
        _row(
            Text("Modal usaha", "Business capital"),
            rupiah(inv.modal_usaha)
            + Text(" (tanpa tanah dan bangunan)", " (excl. land and buildings)").render(lang),
            lang,
        ),
        _row(Text("Sumber pembiayaan", "Financing"),
             value_word(kegiatan.sumber_pembiayaan, lang), lang),
        _row(Text("Penjualan tahunan", "Annual sales"), rupiah(kegiatan.penjualan_tahunan), lang),
        _row(Text("Tenaga kerja", "Workers"), workers.render(lang), lang),
    ]
    for produk in kegiatan.produk:
        lines.append(
            _row(
                Text("Produk/jasa", "Product/service"),
                f"{produk.jenis_produk_jasa}: {produk.kapasitas:g} {produk.satuan}",
                lang,
            )
        )
    if verdict is not None:
        lines.append(
            _row(Text("Skala usaha", "Business scale"), verdict.summary().render(lang), lang)
        )
        lines.append(
            _row(
                Text("Menurut OSS (PP 7/2021)", "For OSS (PP 7/2021)"),
                value_word(verdict.skala_pp7, lang),
                lang,
            )
        )
    return lines


def _checklist_lines(profile: Profile, lang: Lang) -> list[str]:
    kel = profile.kelengkapan
    sku = kel.surat_keterangan_usaha
    if sku is None:
        sku_text = _yes(False, lang)
    else:
        sku_text = ", ".join(
            part
            for part in (
                sku.nomor or "?",
                portal_date(sku.tanggal) if sku.tanggal else "?",
                Text("desa {d}", "desa {d}").format(d=sku.desa or "?").render(lang),
            )
        )
    consent = profile.persetujuan
    consent_text = (
        Text("{d}, dicatat oleh {who}", "{d}, recorded by {who}")
        .format(
            d=portal_date(consent.tanggal) if consent.tanggal else "?",
            who=consent.dicatat_oleh or "?",
        )
        .render(lang)
        if consent.tanggal or consent.dicatat_oleh
        else _yes(False, lang)
    )
    return [
        Text("KELENGKAPAN BERKAS", "CHECKLIST").render(lang),
        _row(Text("KTP aktif", "Activated KTP"), _yes(kel.ktp_aktif, lang), lang),
        _row(
            Text("E-mail dikonfirmasi", "E-mail confirmed"),
            _yes(kel.email_dikonfirmasi, lang),
            lang,
        ),
        _row(Text("Formulir OSS", "OSS data form"), _yes(kel.formulir_oss, lang), lang),
        _row(Text("Surat Keterangan Usaha", "Business letter (SKU)"), sku_text, lang),
        _row(Text("Persetujuan pemohon", "Applicant's consent"), consent_text, lang),
    ]
