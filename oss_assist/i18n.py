"""Texts shown to people, in Bahasa Indonesia first and English on request."""

from __future__ import annotations

from typing import Literal, NamedTuple

Lang = Literal["id", "en"]
DEFAULT_LANG: Lang = "id"


class Text(NamedTuple):
    """One message in both languages; ``render`` picks one."""

    id: str
    en: str

    def render(self, lang: Lang = DEFAULT_LANG) -> str:
        return self.en if lang == "en" else self.id

    def format(self, **values: object) -> Text:
        return Text(self.id.format(**values), self.en.format(**values))

    def __str__(self) -> str:
        return self.id


def rupiah(amount: int) -> str:
    """Format an amount the Indonesian way: ``Rp 50.000.000``."""
    return "Rp " + f"{amount:,}".replace(",", ".")
