"""Commands that need no browser never import Playwright (it costs the start-up time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "profiles" / "siti-aminah-warung.yaml"

PROBE = """
import contextlib, sys
from oss_assist.cli import main
with contextlib.suppress(SystemExit):
    main(sys.argv[1:])
heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('playwright', 'uvicorn', 'fpdf'))
print('HEAVY', ','.join(heavy))
"""


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["profile", "check", str(EXAMPLE)],
        ["profile", "show", str(EXAMPLE)],
        ["profile", "schema"],
        ["flow", "check"],
    ],
)
def test_no_browser_library_is_loaded(argv: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, cwd=ROOT,
        timeout=60, check=False,
    )
    heavy = [line for line in result.stdout.splitlines() if line.startswith("HEAVY")]
    assert heavy == ["HEAVY "], result.stdout[-500:] + result.stderr[-500:]
