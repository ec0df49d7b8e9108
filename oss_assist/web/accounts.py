"""Staff accounts of the web desk: add, list, disable, change a password, and sign in
with argon2-hashed passwords, slowed and then locked after repeated failures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from oss_assist.errors import InputError
from oss_assist.i18n import Text
from oss_assist.web.permissions import Role
from oss_assist.web.tables import SessionRow, UserRow

MIN_PASSWORD = 10
MAX_PASSWORD = 200
#: Failed sign-ins in a row that lock an account, and for how long.
LOCK_AFTER = 5
LOCK_FOR = timedelta(minutes=15)
_LOGIN = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}\Z")
_HASHER = PasswordHasher()
#: Verified against when the name is unknown, so that a wrong name takes as long as a
#: wrong password and does not tell which names exist.
_DUMMY_HASH = _HASHER.hash("tidak-ada-pengguna-ini")


@dataclass(frozen=True)
class Staff:
    """A member of staff as the desk knows them (no password hash)."""

    id: int
    login: str
    full_name: str
    role: Role
    active: bool
    locked_until: datetime | None


class AccountError(InputError):
    """A user command that cannot be done (exit 2)."""


def _staff(row: UserRow) -> Staff:
    return Staff(row.id, row.login, row.full_name, Role(row.role), row.active,
                 row.locked_until)


def check_password(password: str) -> str:
    """The password if it is acceptable, else AccountError saying why."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(Text(f"kata sandi minimal {MIN_PASSWORD} karakter.",
                                f"a password has at least {MIN_PASSWORD} characters."))
    if len(password) > MAX_PASSWORD:
        raise AccountError(Text(f"kata sandi maksimal {MAX_PASSWORD} karakter.",
                                f"a password has at most {MAX_PASSWORD} characters."))
    return password


def _login(name: str) -> str:
    login = name.strip().lower()
    if not _LOGIN.match(login):
        raise AccountError(Text(
            f"nama pengguna '{name[:40]}' tidak sah: 2–64 huruf kecil, angka, titik, garis "
            "bawah atau tanda hubung, diawali huruf atau angka.",
            f"user name '{name[:40]}' is not valid: 2–64 lower-case letters, digits, dots, "
            "underscores or hyphens, starting with a letter or digit."))
    return login


def add_user(engine: Engine, name: str, *, role: Role, password: str, full_name: str,
             now: datetime) -> Staff:
    login = _login(name)
    shown = " ".join(full_name.split())[:100] or login
    row = UserRow(login=login, full_name=shown, role=role.value,
                  password_hash=_HASHER.hash(check_password(password)), active=True,
                  failed_logins=0, locked_until=None, created_at=now,
                  password_changed_at=now)
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            session.add(row)
    except IntegrityError as exc:
        raise AccountError(Text(f"pengguna '{login}' sudah ada.",
                                f"user '{login}' already exists.")) from exc
    return _staff(row)


def list_users(engine: Engine) -> list[Staff]:
    with Session(engine, expire_on_commit=False) as session:
        return [_staff(r) for r in session.scalars(select(UserRow).order_by(UserRow.login))]


def get_user(engine: Engine, user_id: int) -> Staff | None:
    with Session(engine, expire_on_commit=False) as session:
        row = session.get(UserRow, user_id)
        return None if row is None else _staff(row)


def _find(session: Session, name: str) -> UserRow:
    row = session.scalars(select(UserRow).where(UserRow.login == name.strip().lower())
                          ).one_or_none()
    if row is None:
        raise AccountError(Text(f"pengguna '{name[:40]}' tidak ada (lihat `oss-assist user "
                                "list`).", f"no user '{name[:40]}' (see `oss-assist user "
                                "list`)."))
    return row


def disable_user(engine: Engine, name: str) -> Staff:
    """Disable an account and end its open sessions at once."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        row = _find(session, name)
        row.active = False
        session.execute(delete(SessionRow).where(SessionRow.user_id == row.id))
        return _staff(row)


def set_password(engine: Engine, name: str, password: str, *, now: datetime) -> Staff:
    """A new password; unlocks the account and ends its open sessions."""
    hashed = _HASHER.hash(check_password(password))
    with Session(engine, expire_on_commit=False) as session, session.begin():
        row = _find(session, name)
        row.password_hash, row.password_changed_at = hashed, now
        row.failed_logins, row.locked_until = 0, None
        session.execute(delete(SessionRow).where(SessionRow.user_id == row.id))
        return _staff(row)


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt."""

    staff: Staff | None  # set when the password was right and the account may sign in
    locked_until: datetime | None = None  # set when the account is locked
    failures: int = 0  # failed attempts in a row, for slowing the answer down


def sign_in(engine: Engine, name: str, password: str, *, now: datetime) -> SignIn:
    """Check a name and password. A locked account is refused without looking at the
    password; the ``LOCK_AFTER``-th failure in a row locks it for ``LOCK_FOR``."""
    login = name.strip().lower()[:64]
    with Session(engine, expire_on_commit=False) as session, session.begin():
        row = session.scalars(select(UserRow).where(UserRow.login == login)).one_or_none()
        if row is None:
            _verify(_DUMMY_HASH, password)
            return SignIn(None)
        if row.locked_until is not None and row.locked_until > now:
            return SignIn(None, locked_until=row.locked_until, failures=row.failed_logins)
        if not _verify(row.password_hash, password) or not row.active:
            row.failed_logins += 1
            if row.failed_logins >= LOCK_AFTER:
                row.locked_until = now + LOCK_FOR
                return SignIn(None, locked_until=row.locked_until,
                              failures=row.failed_logins)
            return SignIn(None, failures=row.failed_logins)
        row.failed_logins, row.locked_until = 0, None
        if _HASHER.check_needs_rehash(row.password_hash):
            row.password_hash = _HASHER.hash(password)
        return SignIn(_staff(row))


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password[:MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        return False


def failure_delay(failures: int, unit: float) -> float:
    """How long to hold back the answer to a failed sign-in: growing, at most 8 units."""
    return float(min(unit * 2.0 ** max(failures - 1, 0), unit * 8))
