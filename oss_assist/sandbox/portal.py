"""Sandbox host 'portal': the public oss.go.id home, the public KBLI search, news and FAQ.

    GET /            home: hero "Lancar dan aman kelola usaha dengan NIB", "Cek Sekarang",
                     Masuk/Daftar links to the login host, the announcement pop-up (faults)
    GET /kbli        public KBLI 2020 search (?q=kode atau judul), server-rendered
    GET /api/kbli    the same search as JSON: {"data": [{"kode", "judul"}]}
    GET /berita      announcements;  GET /faq  questions and answers;  GET /video  tutorials
    GET /informasi/kbli-berbasis-risiko   risk and permit of a KBLI at each scale (?q=),
                     from the table the sandbox applies
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from oss_assist import refdata
from oss_assist.sandbox import licensing
from oss_assist.sandbox.app import Context

TITLE = "OSS RBA - Sistem Perizinan Berusaha Terintegrasi Secara Elektronik"

NEWS = (
    ("12 Januari 2026", "Penyesuaian layanan perizinan berusaha dengan PP 28 Tahun 2025",
     "Lembaga OSS melakukan penyesuaian layanan sesuai PP Nomor 28 Tahun 2025 tentang "
     "Penyelenggaraan Perizinan Berusaha Berbasis Risiko. Pelaku usaha yang sudah memiliki "
     "NIB tidak perlu mendaftar ulang."),
    ("3 Oktober 2025", "Masa transisi KBLI 2025",
     "Permohonan baru akan menggunakan KBLI 2025. Selama masa transisi, sistem menawarkan "
     "konversi dari KBLI 2020 pada saat pengisian kegiatan usaha."),
    ("20 Agustus 2025", "Waspada penipuan atas nama OSS",
     "Layanan OSS tidak dipungut biaya. Jangan memberikan kata sandi atau kode OTP Anda "
     "kepada siapa pun, termasuk yang mengaku petugas."),
)

FAQ = (
    ("Apa itu NIB?",
     "Nomor Induk Berusaha (NIB) adalah identitas pelaku usaha yang diterbitkan oleh "
     "Lembaga OSS. Untuk usaha mikro dan kecil berisiko rendah, NIB sekaligus berlaku "
     "sebagai perizinan tunggal."),
    ("Apa saja yang perlu disiapkan untuk mendaftar?",
     "NIK sesuai KTP elektronik, alamat email aktif, nomor HP aktif, dan data usaha "
     "(lokasi, kegiatan usaha/KBLI, modal usaha, jumlah tenaga kerja)."),
    ("Apakah pendaftaran dipungut biaya?", "Tidak. Seluruh layanan OSS gratis."),
    ("Kode OTP tidak masuk ke email saya, apa yang harus dilakukan?",
     "Periksa folder spam. Jika tetap tidak ada, tunggu 60 detik lalu pilih "
     "\"Kirim ulang kode\"."),
    ("Bagaimana cara mengetahui KBLI usaha saya?",
     "Gunakan menu Cek KBLI (tombol \"Cek Sekarang\") dan cari dengan kata kunci kegiatan "
     "usaha, misalnya \"warung\" atau \"kue\"."),
)

VIDEOS = (
    ("Cara membuat akun OSS", "Pendaftaran hak akses dengan NIK dan email, kode OTP, dan "
     "kata sandi."),
    ("Cara mengajukan NIB usaha mikro", "Lokasi usaha, kegiatan usaha (KBLI), data investasi "
     "dan produk, sampai NIB terbit."),
    ("Mengenal KBLI 2025", "Konversi KBLI 2020 ke KBLI 2025 pada saat pengisian kegiatan usaha."),
)


def risk_rows(code: str) -> list[tuple[str, str, str]]:
    """(scale, risk, permit) of a KBLI at each scale, as the sandbox decides them."""
    rows: list[tuple[str, str, str]] = []
    for scale in licensing.SCALES:
        risk = licensing.risk_of(code, scale)
        rows.append((licensing.SCALE_LABELS[scale], risk, licensing.permit_of(risk)[0]))
    return rows


def routes(ctx: Context) -> list[BaseRoute]:
    async def home(request: Request) -> Response:
        announcements = ctx.faults.popups("portal/home")
        return ctx.render(
            request, "portal/home.html", title=TITLE, announcements=announcements, popups=0
        )

    async def kbli_page(request: Request) -> Response:
        query = request.query_params.get("q", "").strip()
        results = refdata.kbli_search(query, limit=50) if query else []
        return ctx.render(request, "portal/kbli.html", title=TITLE, query=query, results=results)

    async def kbli_api(request: Request) -> Response:
        query = request.query_params.get("q", "")
        hits = refdata.kbli_search(query, limit=50)
        return JSONResponse({"data": [{"kode": k.code, "judul": k.title} for k in hits]})

    async def berita(request: Request) -> Response:
        return ctx.render(request, "portal/berita.html", title=TITLE, news=NEWS)

    async def faq(request: Request) -> Response:
        return ctx.render(request, "portal/faq.html", title=TITLE, faq=FAQ)

    async def video(request: Request) -> Response:
        return ctx.render(request, "portal/video.html", title=TITLE, videos=VIDEOS)

    async def kbli_risiko(request: Request) -> Response:
        query = request.query_params.get("q", "").strip()
        hits = refdata.kbli_search(query, limit=20) if query else []
        results = [{"code": k.code, "title": k.title, "rows": risk_rows(k.code)} for k in hits]
        return ctx.render(request, "portal/kbli_risiko.html", title=TITLE, query=query,
                          results=results)

    return [
        Route("/", home),
        Route("/video", video),
        Route("/informasi/kbli-berbasis-risiko", kbli_risiko),
        Route("/kbli", kbli_page),
        Route("/api/kbli", kbli_api),
        Route("/berita", berita),
        Route("/faq", faq),
    ]
