"""What the sandbox portal remembers while it runs, and the log of what it was sent.

One ``PortalState`` per sandbox run. Handlers change it under ``state.lock``; tests read
it through the inspection API (``/__sandbox__/...``) or directly when in-process.
"""

from __future__ import annotations

import hashlib
import itertools
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Gender = Literal["Laki-laki", "Perempuan"]
#: Form fields whose values the request log never keeps.
SECRET_FIELDS = frozenset(
    {"password", "password_confirmation", "kata_sandi", "otp", "captcha", "ticket"}
)
#: Query parameters whose values the request log never keeps (session tokens).
SECRET_PARAMS = frozenset({"auth-code", "refresh-code"})


@dataclass
class Person:
    """One entry of the sandbox's population register (its stand-in for Dukcapil)."""

    nik: str
    name: str
    birth_date: date
    gender: Gender


@dataclass
class Account:
    """An OSS account (hak akses) of an Orang Perseorangan."""

    id: str
    nik: str
    email: str
    phone: str = ""
    name: str = ""
    gender: str = ""
    birth_date: str = ""  # dd/mm/yyyy as typed
    address: str = ""
    daerah_id: str = ""  # the desa's 10 digits
    password_hash: str = ""
    status: Literal["pending", "active"] = "pending"
    renew_email: bool = False  # show the "Perbarui Email Anda" interstitial at login
    failed_logins: int = 0
    training: bool = False  # a ready account the sandbox creates at start, for practice
    created_at: float = field(default_factory=time.time)


@dataclass
class TrainingAccount:
    """A ready, active account made at every reset from a person of the register."""

    nik: str
    email: str
    phone: str  # without 0/62: 81234500007
    password: str  # sandbox-only, printed by ``oss-assist sandbox``
    address: str = ""
    daerah_id: str = ""
    renew_email: bool = False


@dataclass
class Session:
    token: str
    account_id: str
    created_at: float
    last_seen: float
    requests: int = 0


@dataclass
class Mail:
    """An e-mail the portal sent, readable on the sandbox's mailbox page."""

    to: str
    subject: str
    body: str
    sent_at: float
    code: str = ""  # the OTP, when the mail carries one


@dataclass
class Location:
    id_proyek_lokasi: str
    account_id: str
    data: dict[str, Any]
    created_at: float = field(default_factory=time.time)


@dataclass
class Project:
    """A business activity (kegiatan usaha): one KBLI, one name, on one location."""

    id_proyek: str
    account_id: str
    id_proyek_lokasi: str
    kbli: str
    data: dict[str, Any] = field(default_factory=dict)
    status: str = "Draft"
    created_at: float = field(default_factory=time.time)


@dataclass
class Nib:
    nib: str
    account_id: str
    project_ids: list[str]
    issued_at: float
    pdf: bytes = b""


@dataclass
class RequestRecord:
    """One request the sandbox received, in order."""

    seq: int
    at: float
    host: str  # the portal host's role: portal, login, perizinan, beranda, amdalnet
    method: str
    path: str
    query: str
    status: int
    account_id: str | None
    body: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "host": self.host,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "status": self.status,
            "account_id": self.account_id,
            "body": self.body,
        }


def hash_password(password: str, salt: str) -> str:
    """A salted PBKDF2 hash (few rounds: the sandbox must answer in milliseconds)."""
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), 2000).hex()


def redact(body: dict[str, Any]) -> dict[str, Any]:
    """The body with secret fields replaced, as the request log keeps it."""
    return {k: ("[rahasia]" if k in SECRET_FIELDS else v) for k, v in body.items()}


def redact_query(query: str) -> str:
    """The query string with session tokens replaced, as the request log keeps it."""
    if not query:
        return query
    parts = []
    for part in query.split("&"):
        name, sep, _ = part.partition("=")
        parts.append(f"{name}=[rahasia]" if sep and name in SECRET_PARAMS else part)
    return "&".join(parts)


class PortalState:
    """Accounts, sessions, mail, locations, activities, NIBs, and the request log."""

    def __init__(
        self,
        population: list[Person] | None = None,
        training: list[TrainingAccount] | None = None,
    ) -> None:
        self.lock = threading.RLock()
        self.population: dict[str, Person] = {p.nik: p for p in population or []}
        self.training = list(training or [])
        self.salt = secrets.token_hex(8)
        #: each host's base URL, for what the portal prints (the NIB's verification link)
        self.urls: dict[str, str] = {}
        self.reset()

    def reset(self) -> None:
        """Forget everything but the population register; re-create the training accounts."""
        with self.lock:
            self.accounts: dict[str, Account] = {}
            self.sessions: dict[str, Session] = {}
            self.mails: list[Mail] = []
            self.locations: dict[str, Location] = {}
            self.projects: dict[str, Project] = {}
            self.nibs: dict[str, Nib] = {}
            self.requests: list[RequestRecord] = []
            self.marks: list[dict[str, Any]] = []
            self.pending: dict[str, dict[str, Any]] = {}  # registrations under way, by id
            # failed logins: "account:<id>", or "login:<typed text>" when it names none
            self.login_failures: dict[str, int] = {}
            self.captchas: dict[str, str] = {}  # challenge id -> expected answer
            self.login_tickets: dict[str, tuple[str, float]] = {}  # ticket -> (account, at)
            self.clock_offset = 0.0  # tests move the sandbox's clock forward with this
            self._seq = itertools.count(1)
            self._ids = itertools.count(1)
            for ready in self.training:
                self._add_training(ready)

    def _add_training(self, ready: TrainingAccount) -> None:
        if ready.nik in self.population:
            self.add_account(ready, training=True)

    def add_account(self, ready: TrainingAccount, *, training: bool = False) -> Account:
        """An active account for a person of the register, as if registered (tests, training)."""
        person = self.population[ready.nik]
        account = Account(
            id=self.new_id("P02-"),
            nik=person.nik,
            email=ready.email,
            phone=ready.phone,
            name=person.name,
            gender=person.gender,
            birth_date=person.birth_date.strftime("%d/%m/%Y"),
            address=ready.address,
            daerah_id=ready.daerah_id,
            status="active",
            renew_email=ready.renew_email,
            training=training,
        )
        self.set_password(account, ready.password)
        with self.lock:
            self.accounts[account.id] = account
        return account

    def set_password(self, account: Account, password: str) -> None:
        """Keep only a salted hash of the password."""
        account.password_hash = hash_password(password, self.salt + account.id)

    def check_password(self, account: Account, password: str) -> bool:
        expected = hash_password(password, self.salt + account.id)
        return bool(account.password_hash) and secrets.compare_digest(
            account.password_hash, expected
        )

    def now(self) -> float:
        """The sandbox's clock: wall time plus ``clock_offset`` (OTP and resend timers)."""
        return time.time() + self.clock_offset

    # -- identifiers -------------------------------------------------------------

    def next_seq(self) -> int:
        with self.lock:
            return next(self._seq)

    def new_id(self, prefix: str) -> str:
        """``R-`` + 17-digit timestamp + 4 digits, the portal's identifier shape."""
        with self.lock:
            n = next(self._ids)
        stamp = time.strftime("%Y%m%d%H%M%S") + f"{int(time.time() * 1000) % 1000:03d}"
        return f"{prefix}{stamp}{n:04d}"

    # -- accounts and sessions ---------------------------------------------------

    def account_by_nik(self, nik: str) -> Account | None:
        return next((a for a in self.accounts.values() if a.nik == nik), None)

    def account_by_email(self, email: str) -> Account | None:
        key = email.strip().lower()
        return next((a for a in self.accounts.values() if a.email.lower() == key), None)

    def account_by_login(self, login: str) -> Account | None:
        """The account whose e-mail or phone (08…, 62…, 8…) this is."""
        value = login.strip().lower()
        digits = "".join(ch for ch in value if ch.isdigit())
        for prefix in ("62", "0"):
            if digits.startswith(prefix):
                digits = digits[len(prefix) :]
                break
        for account in self.accounts.values():
            if account.email.lower() == value or (digits and account.phone == digits):
                return account
        return None

    def open_session(self, account_id: str) -> Session:
        now = self.now()
        session = Session(secrets.token_urlsafe(24), account_id, now, now)
        with self.lock:
            self.sessions[session.token] = session
        return session

    def sessions_of(self, account_id: str) -> list[Session]:
        return [s for s in self.sessions.values() if s.account_id == account_id]

    def end_session(self, token: str) -> None:
        with self.lock:
            self.sessions.pop(token, None)

    # -- mail ----------------------------------------------------------------------

    def send_mail(self, to: str, subject: str, body: str, code: str = "") -> Mail:
        mail = Mail(to, subject, body, time.time(), code)
        with self.lock:
            self.mails.append(mail)
        return mail

    def mailbox(self, address: str) -> list[Mail]:
        return [m for m in self.mails if m.to.lower() == address.strip().lower()]

    # -- the log -------------------------------------------------------------------

    def record(self, rec: RequestRecord) -> None:
        with self.lock:
            self.requests.append(rec)

    def mark(self, actor: str, note: str) -> int:
        """Put a marker in the request log (a scripted operator names its own actions)."""
        seq = self.next_seq()
        with self.lock:
            self.marks.append({"seq": seq, "at": time.time(), "actor": actor, "note": note})
        return seq

    def snapshot(self) -> dict[str, Any]:
        """Everything a test may want to check, as plain data."""
        with self.lock:
            return {
                "accounts": [
                    {k: v for k, v in vars(a).items() if k != "password_hash"}
                    for a in self.accounts.values()
                ],
                "sessions": len(self.sessions),
                "locations": [vars(loc) for loc in self.locations.values()],
                "projects": [vars(p) for p in self.projects.values()],
                "nibs": [
                    {k: v for k, v in vars(n).items() if k != "pdf"} for n in self.nibs.values()
                ],
                "mails": [vars(m) for m in self.mails],
                "marks": list(self.marks),
            }
