"""The settings model: defaults, ``.env``, the environment winning, clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from oss_assist.errors import ConfigError
from oss_assist.settings import LIVE_LOGIN_URL, Settings, load_settings

ENV_EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No OSS_ASSIST_* variable of the machine, and a working folder with no .env."""
    import os

    for name in list(os.environ):
        if name.startswith("OSS_ASSIST_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_defaults_point_at_the_live_portal() -> None:
    settings = load_settings()
    assert settings.login_url == LIVE_LOGIN_URL
    assert settings.lang == "id"
    assert settings.scale_policy == "sop"
    assert settings.headless is False
    assert settings.browser_path is None


def test_dotenv_is_read_and_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text(
        "OSS_ASSIST_LANG=en\nOSS_ASSIST_OPERATOR_NAME=Operator Loket\n"
        "OSS_ASSIST_SCALE_POLICY=pp7\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("OSS_ASSIST_SCALE_POLICY", "sop")
    settings = load_settings()
    assert settings.lang == "en"
    assert settings.operator_name == "Operator Loket"
    assert settings.scale_policy == "sop"


def test_a_wrong_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OSS_ASSIST_SLOW_MO_MS", "-1")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "OSS_ASSIST_SLOW_MO_MS='-1'" in caught.value.render("id")
    assert caught.value.exit_code == 2


def test_a_binary_dotenv_is_refused_clearly(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(b"\xff\xfe\x00OSS_ASSIST_LANG=en")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert ".env" in caught.value.render("en")


def test_every_setting_is_documented_in_env_example_and_readme() -> None:
    example = ENV_EXAMPLE.read_text(encoding="utf-8")
    readme = (ENV_EXAMPLE.parent / "README.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        variable = f"OSS_ASSIST_{name.upper()}"
        assert variable in example, variable
        assert f"`{variable}`" in readme, variable
