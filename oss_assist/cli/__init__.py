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
from collections.abc import Sequence

from oss_assist import __version__
from oss_assist.cli.parser import Parser, pick_lang, speaking
from oss_assist.errors import OssAssistError
from oss_assist.i18n import Lang, Text

#: Command-group modules under ``oss_assist.cli``, in the order ``--help`` lists them.
GROUPS = ("profile", "case", "flow", "run", "recap", "web", "user", "sandbox", "audit",
          "browser")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, speaking the language of the enclosing ``speaking``."""
    parser = Parser(
        prog="oss-assist",
        description=Text(
            "Asisten operator untuk pendaftaran NIB usaha mikro di portal OSS "
            "(Kecamatan Ranuyoso).",
            "The operator's assistant for micro-business NIB registration on the OSS portal "
            "(Kecamatan Ranuyoso).",
        ),
    )
    parser.add_argument("--version", action="version", version=f"oss-assist {__version__}",
                        help=Text("tampilkan versi program lalu keluar",
                                  "show the program's version and exit"))
    parser.add_argument(
        "--lang",
        choices=("id", "en"),
        default=None,
        help=Text("bahasa pesan (bawaan: pengaturan OSS_ASSIST_LANG, id)",
                  "language of messages (default: the setting OSS_ASSIST_LANG, id)"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in GROUPS:
        importlib.import_module(f"oss_assist.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    lang: Lang = pick_lang(words)
    with speaking(lang):
        return _main(words, lang)


def _main(argv: list[str], lang: Lang) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
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
