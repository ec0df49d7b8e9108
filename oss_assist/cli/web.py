"""Command: oss-assist web (serve the office's web desk)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from oss_assist.i18n import Text


def register(sub: Any) -> None:
    """Add ``web``."""
    from oss_assist.web.serve import DEFAULT_HOST, DEFAULT_PORT

    p = sub.add_parser(
        "web", help=Text("meja layanan di peramban", "the office's web desk in the browser"),
        description=Text(
            "Menyajikan Meja Layanan untuk petugas loket, Kepala Seksi, operator, "
            "sekretariat dan pimpinan. Bawaan hanya di komputer ini (127.0.0.1).",
            "Serves the web desk for the counter, the section head, the operator, the "
            "secretariat and the head. By default on this computer only (127.0.0.1)."))
    p.add_argument("--host", default=DEFAULT_HOST, help=Text(
        f"alamat (bawaan {DEFAULT_HOST}); di jaringan kantor perlu --tls-cert dan --tls-key",
        f"address (default {DEFAULT_HOST}); on the office network it needs --tls-cert and "
        "--tls-key"))
    p.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help=Text(f"port (bawaan {DEFAULT_PORT})", f"port (default {DEFAULT_PORT})"))
    p.add_argument("--tls-cert", type=Path, metavar="FILE",
                   help=Text("sertifikat TLS (PEM)", "the TLS certificate (PEM)"))
    p.add_argument("--tls-key", type=Path, metavar="FILE",
                   help=Text("kunci sertifikat TLS (PEM)", "the TLS certificate's key (PEM)"))
    p.add_argument("--kata-sandi-tanpa-enkripsi", "--passwords-unencrypted",
                   dest="plaintext", action="store_true", help=Text(
                       "buka di jaringan TANPA TLS: kata sandi lewat jaringan tanpa enkripsi",
                       "serve on the network WITHOUT TLS: passwords cross it unencrypted"))
    p.set_defaults(func=run_web)


def run_web(args: argparse.Namespace) -> int:
    from oss_assist.settings import load_settings
    from oss_assist.web.serve import plan, serve

    listen = plan(args.host, args.port, tls_cert=args.tls_cert, tls_key=args.tls_key,
                  plaintext_ok=args.plaintext)
    if args.plaintext and not listen.tls:
        print(Text("PERINGATAN: tanpa TLS, kata sandi petugas lewat jaringan tanpa enkripsi.",
                   "WARNING: without TLS, staff passwords cross the network unencrypted.")
              .render(args.lang))
    print(Text(f"Meja layanan: {listen.url} (Ctrl+C untuk berhenti)",
               f"Web desk: {listen.url} (Ctrl+C to stop)").render(args.lang))
    serve(load_settings(), listen)
    return 0
