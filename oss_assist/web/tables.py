"""The web desk's own tables in the register's database: staff accounts, their open
sessions, and the one-time satisfaction-survey links (migration ``0002``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from oss_assist.register.db import Base, UTCDateTime


class UserRow(Base):
    """A member of staff who may sign in to the web desk. Never deleted: disabled."""

    __tablename__ = "web_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the login name, lower case
    login: Mapped[str] = mapped_column(String(64), unique=True)
    #: the name the audit log and the receipts give (the ``by`` of every move)
    full_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SessionRow(Base):
    """An open session of the web desk; its cookie carries the token, the row its hash."""

    __tablename__ = "web_sessions"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)


class SurveyRow(Base):
    """A one-time link to the satisfaction survey, given at hand-over; answered once."""

    __tablename__ = "web_surveys"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_no: Mapped[str] = mapped_column(String(40), index=True)
    office: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: the nine elements' answers, 1–4, by element key
    answers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
