"""The command line: parses, calls the library, prints, and maps errors to exit codes.

Each command group lives in its own module with a ``register(subparsers)`` function.
Group modules import nothing heavy at module level (no Playwright, no tables), so
``oss-assist --help`` and the commands that need no browser start fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import typing
from collections.abc import Sequence

from oss_assist import __version__
from oss_assist.errors import OssAssistError
from oss_assist.i18n import Lang

#: Command-group modules under ``oss_assist.cli``, in the order ``--help`` lists them.
GROUPS = ("profile", "case", "flow", "run", "recap", "web", "user", "sandbox", "audit",
          "browser")


class _Parser(argparse.ArgumentParser):
    """argparse, with its refusals said in both languages and exit code 2."""

    def error(self, message: str) -> typing.NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: perintah tidak dapat dibaca / cannot read the command: "
                     f"{message}\nLihat / see: {self.prog} --help\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
    from oss_assist.settings import load_settings

    return load_settings().lang


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
    except BrokenPipeError:
        # the reader went away (``oss-assist audit show | head``): not an error of ours;
        # point stdout at nothing so that Python's own flush at exit stays quiet too
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
