"""The sandbox's population register (being built)."""

from __future__ import annotations

from oss_assist.sandbox.state import Person


def load_population() -> list[Person]:
    return []
