"""Asking one question at a time, forgivingly: each answer checked as typed and asked
again with the message when wrong, ``<`` to go back to the previous question, and answers
kept when a group of questions is asked again.

How going back works: every accepted answer is recorded under a key (the group, the
question, and how many times it was asked in that group). Going back runs the form again
from the start, answering silently every question recorded before the one to change,
and offering the old answers as defaults. The form is a plain function of its answers,
so it reaches the same place without the person typing anything twice.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from oss_assist.i18n import Lang, Text
from oss_assist.profiles.issues import Issue
from oss_assist.profiles.model import parse_date, parse_rupiah

Ask = Callable[[str], str]
Say = Callable[[str], None]
T = TypeVar("T")
Key = tuple[str, str, int]

#: What a person types to go back to the previous question.
BACK = frozenset({"<", "kembali", "back"})
YES = frozenset({"y", "ya", "yes", "sudah", "benar"})
NO = frozenset({"t", "tidak", "n", "no", "belum"})

_BACK_HINT = Text("Ketik < untuk kembali ke pertanyaan sebelumnya.",
                  "Type < to go back to the previous question.")
_NOTHING_BEFORE = Text("Ini pertanyaan pertama; tidak ada yang sebelumnya.",
                       "This is the first question; there is none before it.")


class Retry(Exception):
    """An answer that must be given again; ``text`` says why."""

    def __init__(self, text: Text) -> None:
        self.text = text
        super().__init__(text.en)


class GoBack(Exception):
    """The person asked to go back to the previous question."""


def first_issue(issues: list[Issue]) -> None:
    """Ask again with the first issue's message, if there is one."""
    if issues:
        raise Retry(issues[0].text)


class Asker:
    """The questions' machinery; a form subclasses it and calls :meth:`pass_` through
    :meth:`navigate`."""

    def __init__(self, ask: Ask, say: Say, *, lang: Lang = "id",
                 today: date | None = None) -> None:
        self.ask_raw = ask
        self.say_raw = say
        self.lang = lang
        self.today = today or date.today()
        self.group = ""
        self._seen: dict[tuple[str, str], int] = {}
        #: this pass's answers, in the order given
        self.recorded: dict[Key, str] = {}
        #: answered without asking in this pass
        self._silent: dict[Key, str] = {}
        #: offered as the default when asked
        self._offer: dict[Key, str] = {}
        #: groups whose questions are asked in this pass even when answered before
        self._redo: tuple[str, ...] = ()
        self._last_silent = False

    # --- passes and navigation -----------------------------------------------------------

    def start_pass(self, *, silent: dict[Key, str], offer: dict[Key, str],
                   redo: tuple[str, ...] = ()) -> None:
        self._silent, self._offer, self._redo = dict(silent), dict(offer), redo
        self.recorded, self._seen, self.group = {}, {}, ""
        self._last_silent = bool(silent)

    def back_from_here(self) -> None:
        """After ``GoBack``: the next pass answers everything before the previous question
        silently and asks that one again, its old answer offered."""
        keys = list(self.recorded)
        offer = {**self._offer, **self.recorded}
        if not keys:
            self.say(_NOTHING_BEFORE)
            self.start_pass(silent={}, offer=offer)
            return
        silent = {k: self.recorded[k] for k in keys[:-1]}
        self.start_pass(silent=silent, offer=offer)

    def redo_groups(self, groups: tuple[str, ...]) -> None:
        """The next pass asks the questions of ``groups`` again (their answers offered) and
        answers every other question silently."""
        kept = dict(self.recorded)
        self.start_pass(silent={k: v for k, v in kept.items() if not k[0].startswith(groups)},
                        offer=kept, redo=groups)

    def enter(self, group: str, title: Text) -> None:
        """Start a group of questions (``A``, ``B1``, ...), saying its title."""
        self.group = group
        self.say(title)

    @property
    def quiet(self) -> bool:
        """Messages are not shown while questions are being answered silently."""
        if self._redo and self.group.startswith(self._redo):
            return False
        return self._last_silent and any(k not in self.recorded for k in self._silent)

    # --- asking --------------------------------------------------------------------------

    def say(self, text: Text) -> None:
        if not self.quiet:
            self.say_raw(text.render(self.lang))

    def question(self, prompt: Text, parse: Callable[[str], T], default: str | None = None) -> T:
        """Ask until ``parse`` accepts the answer; an empty answer takes the default."""
        counted = (self.group, prompt.id)
        self._seen[counted] = self._seen.get(counted, 0) + 1
        key: Key = (*counted, self._seen[counted])
        if key in self._silent:
            try:
                value = parse(self._silent[key])
            except Retry:
                pass  # an earlier answer no longer fits: ask
            else:
                self.recorded[key] = self._silent[key]
                self._last_silent = True
                return value
        self._last_silent = False
        default = self._offer.get(key, default)
        shown = prompt.render(self.lang) + (f" [{default}]" if default else "") + ": "
        while True:
            answer = self.ask_raw(shown).strip()
            if answer.lower() in BACK:
                raise GoBack
            if not answer and default is not None:
                answer = default
            try:
                value = parse(answer)
            except Retry as retry:
                self.say(retry.text)
                continue
            self.recorded[key] = answer
            return value

    def hint(self) -> None:
        self.say(_BACK_HINT)

    def text(self, prompt: Text, default: str | None = None) -> str:
        def parse(answer: str) -> str:
            if not answer:
                raise Retry(Text("Wajib diisi.", "This is required."))
            if len(answer) > 200:
                raise Retry(
                    Text("Terlalu panjang (paling banyak 200 huruf).", "Too long (max 200).")
                )
            return answer

        return self.question(prompt, parse, default)

    def yes_no(self, prompt: Text, default: bool | None = None) -> bool:
        def parse(answer: str) -> bool:
            word = answer.lower()
            if word in YES:
                return True
            if word in NO:
                return False
            raise Retry(Text("Jawab y (ya) atau t (tidak).", "Answer y (yes) or t (no)."))

        shown = Text(prompt.id + " (y/t)", prompt.en + " (y/t = yes/no)")
        marker = None if default is None else ("y" if default else "t")
        return self.question(shown, parse, marker)

    def amount(self, prompt: Text, *, positive: bool = False, default: str | None = None) -> int:
        def parse(answer: str) -> int:
            value = parse_rupiah(answer)
            if value is None:
                raise Retry(
                    Text(
                        "Tulis jumlah rupiah, misalnya 5000000 atau 5.000.000.",
                        "Write an amount of rupiah, for example 5000000 or 5.000.000.",
                    )
                )
            if positive and value == 0:
                raise Retry(
                    Text(
                        "Portal menolak nilai 0 di sini; tulis perkiraannya.",
                        "The portal refuses 0 here; write an estimate.",
                    )
                )
            return value

        return self.question(prompt, parse, default)

    def number(self, prompt: Text, *, default: str | None = None) -> float:
        def parse(answer: str) -> float:
            try:
                value = float(answer.replace(",", "."))
            except ValueError:
                raise Retry(Text("Tulis angka, misalnya 24.", "Write a number, e.g. 24.")) from None
            if not (math.isfinite(value) and value > 0):
                raise Retry(Text("Harus lebih dari 0.", "Must be more than 0."))
            # Whole numbers stay whole in the YAML: 36, not 36.0.
            return int(value) if value.is_integer() else value

        return self.question(prompt, parse, default)

    def count(self, prompt: Text, default: str = "0") -> int:
        def parse(answer: str) -> int:
            if not (answer.isascii() and answer.isdigit()):
                raise Retry(Text("Tulis bilangan bulat, misalnya 2.", "Write a whole number."))
            return int(answer)

        return self.question(prompt, parse, default)

    def day(self, prompt: Text, default: str | None = None, *, after: date | None = None) -> date:
        def parse(answer: str) -> date:
            value = parse_date(answer)
            if value is None:
                raise Retry(
                    Text(
                        "Tulis tanggal seperti 01/07/2024 atau 1 Juli 2024.",
                        "Write a date like 01/07/2024 or 1 Juli 2024.",
                    )
                )
            if value > self.today:
                raise Retry(Text("Tanggal itu belum terjadi.", "That date is in the future."))
            if after and value < after:
                raise Retry(
                    Text("Tanggal itu sebelum tanggal lahir.", "That date is before the birth.")
                )
            return value

        return self.question(prompt, parse, default)
