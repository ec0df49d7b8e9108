"""Fixtures for the profile tests: the bundled examples, broken copies, and the CLI."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from oss_assist.cli import main
from oss_assist.profiles.issues import Report
from oss_assist.profiles.loader import parse_profile
from oss_assist.profiles.validate import validate_profile

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "profiles"
#: Checks that depend on the date run on this day, so they never drift.
TODAY = date(2026, 11, 25)

Data = dict[str, Any]


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture
def example() -> Callable[[str], Data]:
    """A fresh, mutable copy of an example's data: ``example("siti-aminah-warung")``."""
    cache: dict[str, Data] = {}

    def load(name: str) -> Data:
        if name not in cache:
            text = (EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8")
            cache[name] = yaml.safe_load(text)
        return copy.deepcopy(cache[name])

    return load


@pytest.fixture
def siti(example: Callable[[str], Data]) -> Data:
    return example("siti-aminah-warung")


@pytest.fixture
def check() -> Callable[..., Report]:
    """Validate data as the CLI would (schema, then rules), on the fixed day."""

    def run(data: Data, **kwargs: Any) -> Report:
        profile, issues = parse_profile(data)
        if profile is None:
            return Report(issues=issues)
        kwargs.setdefault("today", TODAY)
        return validate_profile(profile, **kwargs)

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write data (or raw text/bytes) as a profile file in a temp folder, with the
    examples' location PDFs beside it."""
    if not (tmp_path / "dokumen").exists():
        shutil.copytree(EXAMPLES / "dokumen", tmp_path / "dokumen")

    def save(content: Data | str | bytes, name: str = "profil.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
        return path

    return save


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run ``oss-assist ARGS`` in-process: (exit code, stdout, stderr), never a traceback."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return run


def paths_of(report: Report, severity: str | None = None) -> list[str]:
    return [i.path for i in report.issues if severity is None or i.severity == severity]


@pytest.fixture
def issue_paths() -> Callable[..., list[str]]:
    return paths_of
