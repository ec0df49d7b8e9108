"""The one settings model, read from the environment and a ``.env`` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from oss_assist.errors import ConfigError
from oss_assist.i18n import Lang, Text

#: The live portal's hosts (oss-portal.md §1.1).
LIVE_PORTAL_URL = "https://oss.go.id"
LIVE_LOGIN_URL = "https://ui-login.oss.go.id"
LIVE_PERIZINAN_URL = "https://perizinan.oss.go.id"
LIVE_BERANDA_URL = "https://beranda.oss.go.id"
LIVE_AMDALNET_URL = "https://amdalnet.kemenlh.go.id"

DEFAULT_ARCHIVE_DIR = Path("screenshots")
DEFAULT_AUDIT_LOG = Path("screenshots") / "audit.jsonl"
DEFAULT_OFFICE = "Kecamatan Ranuyoso, Kabupaten Lumajang"

ScalePolicy = Literal["sop", "pp7"]


class Settings(BaseSettings):
    """Every setting of oss-assist; environment variables are ``OSS_ASSIST_<NAME>``."""

    model_config = SettingsConfigDict(
        env_prefix="OSS_ASSIST_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    portal_url: str = Field(LIVE_PORTAL_URL, description="Public portal home")
    login_url: str = Field(LIVE_LOGIN_URL, description="Login and registration host")
    perizinan_url: str = Field(LIVE_PERIZINAN_URL, description="Post-login dashboard host")
    beranda_url: str = Field(LIVE_BERANDA_URL, description="Business-management app host")
    amdalnet_url: str = Field(LIVE_AMDALNET_URL, description="Environmental screening host")
    archive_dir: Path = Field(DEFAULT_ARCHIVE_DIR, description="Evidence folders, one per case")
    audit_log: Path = Field(DEFAULT_AUDIT_LOG, description="The hash-chained audit log")
    operator_name: str = Field("", description="The operator named in the audit log")
    office: str = Field(DEFAULT_OFFICE, description="The office named in the audit log")
    lang: Lang = Field("id", description="Language of messages: id or en")
    scale_policy: ScalePolicy = Field("sop", description="sop (office standard) or pp7")
    browser_path: Path | None = Field(None, description="Chromium/Chrome to use; wins over all")
    headless: bool = Field(False, description="Run the browser without a window")
    slow_mo_ms: int = Field(0, ge=0, description="Pause between browser actions, for watching")
    step_timeout_s: float = Field(30.0, gt=0, description="How long one step waits for the page")
    retries: int = Field(3, ge=0, description="Retries of a transient portal error")
    max_manual_steps: int = Field(
        3, ge=0, description="Steps the operator may finish by hand in one run (no locator "
        "found them) before the run stops: the portal has changed too much")

    def portal_urls(self) -> dict[str, str]:
        """Base URL of each portal host, by the name flows use for it."""
        return {
            "portal": self.portal_url.rstrip("/"),
            "login": self.login_url.rstrip("/"),
            "perizinan": self.perizinan_url.rstrip("/"),
            "beranda": self.beranda_url.rstrip("/"),
            "amdalnet": self.amdalnet_url.rstrip("/"),
        }


def load_settings(**overrides: object) -> Settings:
    """Read the settings; keyword arguments win over the environment and ``.env``.

    A wrong value or an unreadable ``.env`` is a :class:`ConfigError` naming the variable.
    """
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"OSS_ASSIST_{'_'.join(str(p) for p in e['loc']).upper()}={e['input']!r}: {e['msg']}"
            for e in exc.errors()
        )
        raise ConfigError(Text(
            "pengaturan tidak sah ({p}). Perbaiki berkas .env atau variabel lingkungannya.",
            "invalid settings ({p}). Fix the .env file or the environment variable.",
        ).format(p=problems)) from exc
    except (UnicodeDecodeError, OSError) as exc:
        raise ConfigError(Text(
            "berkas .env tidak dapat dibaca ({e}); simpan sebagai teks UTF-8.",
            "the .env file cannot be read ({e}); save it as UTF-8 text.",
        ).format(e=type(exc).__name__)) from exc
