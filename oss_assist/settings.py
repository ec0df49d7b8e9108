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
DueRule = Literal["same_time", "close"]

#: The office as its service standard prints it (the letterhead of receipts and recaps).
DEFAULT_OFFICE_CODE = "RNY"
DEFAULT_OFFICE_NAME = "Kecamatan Ranuyoso"
DEFAULT_OFFICE_PARENT = "Pemerintah Kabupaten Lumajang"
DEFAULT_OFFICE_ADDRESS = "Jalan Raya Ranuyoso No. 80, Kecamatan Ranuyoso, Kabupaten Lumajang 67357"
DEFAULT_OFFICE_PHONE = "(0334) 441306"
DEFAULT_OFFICE_WEBSITE = "https://ranuyoso.lumajangkab.go.id/"
DEFAULT_COMPLAINTS = "Jl. Raya Ranuyoso No. 80; Telepon Kantor Kecamatan Ranuyoso (0334) 441306"


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
    # the case register
    database_url: str = Field("", description="The register's database; empty: SQLite in "
                              "the archive folder")
    office_code: str = Field(DEFAULT_OFFICE_CODE, pattern=r"^[A-Z][A-Z0-9]{1,15}$",
                             description="Short code of the office, the prefix of case numbers")
    office_name: str = Field(DEFAULT_OFFICE_NAME, description="Letterhead: the office")
    office_parent: str = Field(DEFAULT_OFFICE_PARENT, description="Letterhead: the government")
    office_address: str = Field(DEFAULT_OFFICE_ADDRESS, description="Letterhead: address")
    office_phone: str = Field(DEFAULT_OFFICE_PHONE, description="Letterhead: telephone")
    office_website: str = Field(DEFAULT_OFFICE_WEBSITE, description="Letterhead: website")
    office_complaints: str = Field(DEFAULT_COMPLAINTS, description="Complaint channels of the "
                                   "service standard, separated by ';'")
    recap_signer: str = Field("Kepala Seksi Pelayanan", description="Who signs the recap")
    timezone: str = Field("Asia/Jakarta", description="The office's time zone")
    work_days: str = Field("mon-fri", description="The office's working days")
    office_hours: str = Field("08:00-16:00", description="Opening hours on a working day")
    holidays_file: Path | None = Field(None, description="The office's own closed/open days "
                                       "(YAML), besides national holidays and cuti bersama")
    sla_working_days: int = Field(1, ge=1, le=30, description="Service time in working days")
    sla_due: DueRule = Field("same_time", description="same_time: due at the clock time of "
                             "receipt; close: at closing time")
    # the web desk
    web_session_minutes: int = Field(30, ge=5, le=720, description="A web desk session "
                                     "ends after this many minutes without a request")
    web_survey: bool = Field(False, description="Offer the satisfaction survey after "
                             "hand-over (Permenpan RB 14/2017)")
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
