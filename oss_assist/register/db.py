"""The register's tables, and the one way to open its database (SQLite or PostgreSQL).

SQLite in the archive folder is the default: nothing to install on the office PC. A
Kabupaten keeping one register for all its kecamatan sets ``OSS_ASSIST_DATABASE_URL`` to
``postgresql+psycopg://...``. Either way the schema is Alembic's (``migrations/``) and is
brought up to date when the register is opened.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from oss_assist.errors import ConfigError
from oss_assist.i18n import Text as Words

SQLITE_FILE = "register.sqlite3"
#: How long a writer waits for another one before saying the database is busy.
BUSY_TIMEOUT_S = 10


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every database (SQLite keeps no time zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the register")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


class CaseRow(Base):
    """One application, from the counter to the recap. Never deleted."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_no: Mapped[str] = mapped_column(String(40), unique=True)
    office: Mapped[str] = mapped_column(String(16))
    stage: Mapped[str] = mapped_column(String(16))
    #: bumped by every move: two people moving one case at once cannot both win
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: keyed hash of the NIK (as the evidence case id): finds the applicant's open case
    applicant_key: Mapped[str] = mapped_column(String(64))
    #: the applicant's key while the case is open, else NULL: one open case per applicant
    open_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    nik_masked: Mapped[str] = mapped_column(String(20))
    sex: Mapped[str] = mapped_column(String(1))  # L or P, from the NIK
    business_name: Mapped[str] = mapped_column(String(200))
    desa: Mapped[str] = mapped_column(String(100))
    kbli: Mapped[str] = mapped_column(String(200))  # the activities' codes, comma-separated
    kbli_section: Mapped[str] = mapped_column(String(1))  # of the first activity
    scale: Mapped[str] = mapped_column(String(20))
    scale_policy: Mapped[str] = mapped_column(String(8))
    risk: Mapped[str | None] = mapped_column(String(40))
    profile_path: Mapped[str] = mapped_column(Text)
    profile_sha256: Mapped[str] = mapped_column(String(64))
    requirements: Mapped[dict[str, bool]] = mapped_column(JSON)
    sku_number: Mapped[str | None] = mapped_column(String(100))
    sku_date: Mapped[date | None] = mapped_column(Date)
    sku_desa: Mapped[str | None] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    validated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    nib_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handed_over_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # returned or cancelled
    received_by: Mapped[str] = mapped_column(String(100))
    nib: Mapped[str | None] = mapped_column(String(13))
    nib_by_hand: Mapped[bool] = mapped_column(Boolean, default=False)
    seal_sha256: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)  # why returned or cancelled
    late_entry: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("ix_cases_office_stage", "office", "stage"),
        Index("ix_cases_office_received_at", "office", "received_at"),
        Index("ix_cases_due_at", "due_at"),
        Index("ix_cases_handed_over_at", "handed_over_at"),
        Index("ix_cases_applicant_key", "applicant_key"),
    )


class TransitionRow(Base):
    """One move of a case: who, when (and when it was written down), what; and the audit
    line that records it."""

    __tablename__ = "transitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    from_stage: Mapped[str | None] = mapped_column(String(16))
    to_stage: Mapped[str] = mapped_column(String(16))
    by: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    late_entry: Mapped[bool] = mapped_column(Boolean, default=False)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    audit_seq: Mapped[int] = mapped_column(Integer)
    audit_hash: Mapped[str] = mapped_column(String(64))


class SecretRow(Base):
    """Secrets every PC of the register shares, e.g. the key applicants are found by."""

    __tablename__ = "register_secrets"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))


class CounterRow(Base):
    """The last case number given, per office and year."""

    __tablename__ = "case_numbers"

    office: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


def database_url(setting: str, archive_dir: Path) -> str:
    """The URL to open: the setting, else SQLite in the archive folder."""
    if setting.strip():
        return setting.strip()
    return f"sqlite:///{(archive_dir / SQLITE_FILE).as_posix()}"


def open_engine(url: str) -> Engine:
    """An engine on ``url`` with the schema brought up to date."""
    try:
        if url.startswith("sqlite"):
            engine = _sqlite_engine(url)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        _migrate(engine)
        _private(url)
    except SQLAlchemyError as exc:
        raise unavailable(url, exc) from exc
    except ModuleNotFoundError as exc:
        raise ConfigError(Words(
            "Driver basis data tidak terpasang ({m}). Untuk PostgreSQL pasang "
            "`pip install oss-assist[postgres]`.",
            "The database driver is not installed ({m}). For PostgreSQL install "
            "`pip install oss-assist[postgres]`.").format(m=exc.name)) from exc
    return engine


def _sqlite_engine(url: str) -> Engine:
    path = url.removeprefix("sqlite:///")
    if path and path != ":memory:":
        folder = Path(path).parent
        if not folder.is_dir():
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _: Any) -> None:
        # the driver's own transaction handling is switched off so that BEGIN IMMEDIATE
        # below takes the write lock at the start of every transaction: two writers
        # queue instead of both reading the same version and one failing at commit
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # readers do not queue behind writers (WAL); a writer takes the lock at once
        immediate = connection.get_execution_options().get("immediate")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _private(url: str) -> None:
    """The SQLite files hold applicants' names: readable by their owner only. (On Windows
    the archive folder's own permissions protect them.)"""
    if not url.startswith("sqlite:///") or sys.platform == "win32":
        return
    path = Path(url.removeprefix("sqlite:///"))
    for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if name.exists() and name.stat().st_mode & 0o077:
            name.chmod(0o600)


def _migrate(engine: Engine) -> None:
    """Bring the schema to Alembic's head; cheap when it is there already."""
    from oss_assist.register.migrations import HEAD

    with engine.connect() as connection:
        if inspect(connection).has_table("alembic_version"):
            current = connection.execute(text("select version_num from alembic_version")
                                         ).scalar()
            if current == HEAD:
                return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location",
                           str(Path(__file__).with_name("migrations").as_posix()))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def unavailable(url: str, exc: Exception) -> ConfigError:
    """The register's database cannot be used: say which and what to do."""
    shown = _safe_url(url)
    reason = str(getattr(exc, "orig", None) or exc).splitlines()[0][:200]
    if "locked" in reason or "busy" in reason:
        return ConfigError(Words(
            "Register ({u}) sedang dikunci oleh proses lain terlalu lama ({r}). Tunggu "
            "sebentar lalu coba lagi; bila terus terjadi, tutup oss-assist lain yang "
            "terbuka.",
            "The register ({u}) is locked by another process for too long ({r}). Wait a "
            "moment and try again; if it persists, close the other oss-assist.",
        ).format(u=shown, r=reason))
    return ConfigError(Words(
        "Register ({u}) tidak dapat dibuka ({r}). Periksa OSS_ASSIST_DATABASE_URL, "
        "jaringan ke server basis data, dan hak akses foldernya.",
        "The register ({u}) cannot be opened ({r}). Check OSS_ASSIST_DATABASE_URL, the "
        "network to the database server, and the folder's permissions.",
    ).format(u=shown, r=reason))


def _safe_url(url: str) -> str:
    """The URL without its password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # a malformed URL is shown by its scheme only
        return url.split(":", 1)[0]
