"""The command line: parses, calls the library, prints, and maps errors to exit codes.

Each command group lives in its own module with a ``register(subparsers)`` function.
Group modules import nothing heavy at module level (no Playwright, no tables), so
``oss-assist --help`` and the commands that need no browser start fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from oss_assist import __version__
from oss_assist.errors import OssAssistError
from oss_assist.i18n import Lang

#: Command-group modules under ``oss_assist.cli``, in the order ``--help`` lists them.
GROUPS = ("profile", "flow", "run", "sandbox", "audit", "browser")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="oss-assist",
        description=(
            "Asisten operator untuk pendaftaran NIB usaha mikro di portal OSS "
            "(Kecamatan Ranuyoso). / Operator's assistant for OSS NIB registration."
        ),
    )
    parser.add_argument("--version", action="version", version=f"oss-assist {__version__}")
    parser.add_argument(
        "--lang",
        choices=("id", "en"),
        default=None,
        help="bahasa pesan / language of messages (default: setting OSS_ASSIST_LANG, id)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in GROUPS:
        importlib.import_module(f"oss_assist.cli.{name}").register(sub)
    return parser


def resolve_lang(args: argparse.Namespace) -> Lang:
    """The language asked for on the command line, else the setting's."""
    if args.lang:
        lang: Lang = args.lang
        return lang
    from pydantic import ValidationError

    from oss_assist.errors import ConfigError
    from oss_assist.i18n import Text
    from oss_assist.settings import load_settings

    try:
        return load_settings().lang
    except ValidationError as exc:
        problems = "; ".join(
            f"OSS_ASSIST_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            for e in exc.errors()
        )
        raise ConfigError(Text(
            "pengaturan tidak valid ({p}). Perbaiki .env atau variabel lingkungannya.",
            "invalid settings ({p}). Fix .env or the environment variable.",
        ).format(p=problems)) from exc


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    lang: Lang = args.lang or "id"
    try:
        lang = resolve_lang(args)
        args.lang = lang
        code: int = args.func(args)
        return code
    except OssAssistError as exc:
        print(exc.render(lang), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Dihentikan oleh operator." if lang == "id" else "Stopped by the operator.",
              file=sys.stderr)
        return 130
