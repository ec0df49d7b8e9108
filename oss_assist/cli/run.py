"""Commands: oss-assist run (being built)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    """Add this group's commands to the top-level parser."""
    del sub


def _unused(args: argparse.Namespace) -> int:
    return 0
