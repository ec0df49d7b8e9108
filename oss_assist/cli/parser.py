"""argparse in one language: help texts given as ``Text``, argparse's own words translated.

The language is chosen before the parser is built (``pick_lang``): ``--lang`` on the
command line, else the setting ``OSS_ASSIST_LANG``, else Indonesian. ``speaking(lang)``
makes argparse say its own words (usage, section titles, "show this help message and
exit", its refusals) in that language while the parser is built and used.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import typing
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager

from oss_assist.i18n import DEFAULT_LANG, Lang, Text

_current: list[Lang] = [DEFAULT_LANG]

#: argparse's own strings (Python 3.11 to 3.13) in Indonesian; English is argparse's.
ARGPARSE_ID: dict[str, str] = {
    "usage: ": "pemakaian: ",
    "positional arguments": "argumen posisi",
    "options": "pilihan",
    "optional arguments": "pilihan",
    "subcommands": "subperintah",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi program lalu keluar",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "ignored explicit argument %r": "argumen %r diabaikan",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
    "expected one argument": "perlu satu nilai",
    "expected at most one argument": "paling banyak satu nilai",
    "expected at least one argument": "perlu sedikitnya satu nilai",
    "expected %s argument": "perlu %s nilai",
    "expected %s arguments": "perlu %s nilai",
    "ambiguous option: %(option)s could match %(matches)s":
        "pilihan %(option)s tidak jelas: bisa %(matches)s",
    "unexpected option string: %s": "pilihan tak terduga: %s",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "pilihan tidak sah: %(value)r (pilih dari %(choices)s)",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "perintah %(parser_name)r tidak dikenal (pilihan: %(choices)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s: galat: %(message)s\n",
    "can't open '%(filename)s': %(error)s": "tidak dapat membuka '%(filename)s': %(error)s",
}


def current_lang() -> Lang:
    """The language the parser speaks now."""
    return _current[-1]


def _translate(message: str) -> str:
    if current_lang() == "id":
        return ARGPARSE_ID.get(message, message)
    return message


def _ntranslate(singular: str, plural: str, n: int) -> str:
    return _translate(singular if n == 1 else plural)


@contextmanager
def speaking(lang: Lang) -> Iterator[None]:
    """argparse's own words in ``lang`` for the time of the block."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    _current.append(lang)
    argparse._ = _translate  # type: ignore[attr-defined]
    argparse.ngettext = _ntranslate  # type: ignore[attr-defined]
    try:
        yield
    finally:
        _current.pop()
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def pick_lang(argv: Sequence[str]) -> Lang:
    """``--lang`` in argv (anywhere), else the setting OSS_ASSIST_LANG, else Indonesian."""
    for i, arg in enumerate(argv):
        value = None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in ("id", "en"):
            chosen: Lang = typing.cast(Lang, value)
            return chosen
    env = os.environ.get("OSS_ASSIST_LANG", "").strip().lower()
    if env in ("id", "en"):
        return typing.cast(Lang, env)
    try:
        from oss_assist.settings import load_settings

        return load_settings().lang
    except Exception:  # a broken .env is reported by the command that reads it
        return DEFAULT_LANG


def say(text: Text | str | None) -> str | None:
    """A help text in the current language (a plain string stays as it is)."""
    if isinstance(text, Text):
        return text.render(current_lang())
    return text


def _rendered(action: argparse.Action) -> argparse.Action:
    if not isinstance(action.help, Text):
        return action
    shown = copy.copy(action)
    shown.help = say(action.help)
    return shown


class Formatter(argparse.HelpFormatter):
    """Renders ``Text`` help, descriptions and epilogs in the current language."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(_rendered(action))

    def _iter_indented_subactions(
        self, action: argparse.Action
    ) -> Generator[argparse.Action, None, None]:
        for sub in super()._iter_indented_subactions(action):
            yield _rendered(sub)

    def _format_text(self, text: str) -> str:
        return super()._format_text(say(typing.cast("Text | str", text)) or "")


class Parser(argparse.ArgumentParser):
    """argparse with ``Text`` help and its refusals in one language, exit code 2."""

    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def add_argument(self, *names: str, **kwargs: typing.Any) -> argparse.Action:
        """As argparse's, with ``help`` given as a ``Text`` (rendered when shown)."""
        return super().add_argument(*names, **kwargs)

    def error(self, message: str) -> typing.NoReturn:
        self.print_usage(sys.stderr)
        text = Text("{prog}: perintah tidak dapat dibaca: {m}\nLihat: {prog} --help\n",
                    "{prog}: cannot read the command: {m}\nSee: {prog} --help\n")
        self.exit(2, text.format(prog=self.prog, m=message).render(current_lang()))
