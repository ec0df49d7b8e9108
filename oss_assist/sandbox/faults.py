"""Fault injection for the sandbox portal: named profiles, repeatable by seed.

Every random decision is drawn from its own stream, keyed by the seed, the kind of
fault and how many times that kind was asked before. The same seed and the same
sequence of requests of one kind therefore give the same faults, whatever other
requests were interleaved.
"""

from __future__ import annotations

import hashlib
import random
import threading

from pydantic import BaseModel, ConfigDict, Field, field_validator

from oss_assist.sandbox import drift


class FaultProfile(BaseModel):
    """What goes wrong, and how often."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    latency_ms: int = Field(0, ge=0, description="fixed delay added to every response")
    latency_random_ms: int = Field(0, ge=0, description="random extra delay, up to this")
    popup_probability: float = Field(0.0, ge=0, le=1, description="info pop-up on a page")
    popup_max_stack: int = Field(1, ge=1, description="how many pop-ups may stack at once")
    import_licence_popup: bool = Field(False, description="recurring 'Informasi API' pop-up")
    stuck_spinner_probability: float = Field(0.0, ge=0, le=1, description="spinner until reload")
    dukcapil_outage_probability: float = Field(0.0, ge=0, le=1)
    http_error_probability: float = Field(0.0, ge=0, le=1, description="500/503 on endpoints")
    http_error_paths: tuple[str, ...] = Field((), description="path substrings that may fail")
    maintenance: bool = Field(False, description="every page answers the maintenance page")
    session_idle_s: float = Field(900.0, gt=0, description="idle time before a session ends")
    session_expire_every: int = Field(
        0, ge=0, description="end the session after this many authenticated requests (0: never)"
    )
    captcha_after_failures: int = Field(3, ge=1, description="failed logins before a CAPTCHA")
    captcha_always: bool = False
    drift: tuple[str, ...] = Field(
        (), description="labels, placeholders, test ids renamed (keys of sandbox.drift.POOL)")
    drift_drawn: int = Field(0, ge=0, description="how many more renames to draw by seed")

    @field_validator("drift")
    @classmethod
    def _known_renames(cls, keys: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [k for k in keys if k not in drift.POOL]
        if unknown:
            raise ValueError(f"unknown drift {', '.join(unknown)}; known: "
                             f"{', '.join(drift.POOL)}")
        return keys


PROFILES: dict[str, FaultProfile] = {
    p.name: p
    for p in (
        FaultProfile(name="none", description="no faults: fast, for tests"),
        FaultProfile(
            name="latency",
            description="every answer slowed by 0.25 s to 4.25 s, as on a bad day",
            latency_ms=250,
            latency_random_ms=4000,
        ),
        FaultProfile(
            name="popups",
            description="stacked information pop-ups and the recurring import-licence pop-up",
            popup_probability=0.6,
            popup_max_stack=3,
            import_licence_popup=True,
        ),
        FaultProfile(
            name="spinner",
            description="spinners that stick until the page is reloaded",
            stuck_spinner_probability=0.35,
        ),
        FaultProfile(
            name="dukcapil",
            description="the Dukcapil link fails half of the time",
            dukcapil_outage_probability=0.5,
        ),
        FaultProfile(
            name="errors",
            description="HTTP 500/503 on the business endpoints",
            http_error_probability=0.3,
            http_error_paths=(
                "prosesLokasi",
                "prosesBidangUsaha",
                "prosesProyek",
                "getListKBLI",
                "submitPernyataanMandiri",
                "getSatuanProduk",
            ),
        ),
        FaultProfile(
            name="session",
            description="sessions end after a few requests, in the middle of forms",
            session_expire_every=25,
        ),
        FaultProfile(
            name="idle",
            description="sessions end after 60 idle seconds (the live portal: about 15 min)",
            session_idle_s=60,
        ),
        FaultProfile(name="maintenance", description="the maintenance page", maintenance=True),
        FaultProfile(name="captcha", description="CAPTCHA at every login", captcha_always=True),
        FaultProfile(
            name="drift",
            description="a portal release: a few labels, placeholders and test ids renamed "
            "(which ones: by seed)",
            drift_drawn=drift.DRAWN,
        ),
        FaultProfile(
            name="chaos",
            description="a little of everything, for practice",
            latency_random_ms=600,
            popup_probability=0.3,
            popup_max_stack=2,
            import_licence_popup=True,
            dukcapil_outage_probability=0.3,
            http_error_probability=0.1,
            http_error_paths=("prosesLokasi", "prosesBidangUsaha", "getListKBLI"),
            session_expire_every=60,
        ),
    )
}


class Faults:
    """The faults of one sandbox run: a profile and a seed."""

    def __init__(self, profile: FaultProfile | str = "none", seed: int = 0) -> None:
        if isinstance(profile, str):
            if profile not in PROFILES:
                known = ", ".join(PROFILES)
                raise ValueError(f"unknown fault profile {profile!r}; known: {known}")
            profile = PROFILES[profile]
        self.profile = profile
        self.seed = seed
        self._counters: dict[str, int] = {}
        self._stuck: set[str] = set()  # pages whose last load had a stuck spinner
        self._lock = threading.Lock()

    @classmethod
    def custom(cls, base: str = "none", seed: int = 0, **overrides: object) -> Faults:
        """A named profile with some of its fields changed (e.g. which paths fail)."""
        if base not in PROFILES:
            raise ValueError(f"unknown fault profile {base!r}; known: {', '.join(PROFILES)}")
        data = PROFILES[base].model_dump()
        data.update(overrides)
        return cls(FaultProfile.model_validate(data), seed)

    def rng(self, kind: str) -> random.Random:
        """A generator for the next decision of this kind."""
        with self._lock:
            n = self._counters.get(kind, 0)
            self._counters[kind] = n + 1
        digest = hashlib.sha256(f"{self.seed}:{kind}:{n}".encode()).digest()
        return random.Random(int.from_bytes(digest[:8], "big"))

    def chance(self, kind: str, probability: float) -> bool:
        """True with the given probability; draws nothing when it is 0 or 1."""
        if probability <= 0:
            return False
        if probability >= 1:
            return True
        return self.rng(kind).random() < probability

    def latency_s(self, path: str) -> float:
        """The delay for this request: drawn per path, so that the order in which a
        browser's parallel requests arrive does not change which one is slow."""
        p = self.profile
        if not p.latency_random_ms:
            return p.latency_ms / 1000
        extra = self.rng(f"latency:{path}").randint(0, p.latency_random_ms)
        return (p.latency_ms + extra) / 1000

    def http_error(self, path: str) -> int | None:
        """500 or 503 when this path is one that fails and the draw says so."""
        p = self.profile
        if not any(s in path for s in p.http_error_paths):
            return None
        if not self.chance(f"http:{path}", p.http_error_probability):
            return None
        return 503 if self.rng(f"http-code:{path}").random() < 0.5 else 500

    def dukcapil_down(self) -> bool:
        return self.chance("dukcapil", self.profile.dukcapil_outage_probability)

    def popups(self, page: str) -> int:
        """How many information pop-ups to stack on this page load."""
        p = self.profile
        if not self.chance(f"popup:{page}", p.popup_probability):
            return 0
        return self.rng(f"popup-stack:{page}").randint(1, p.popup_max_stack)

    def stuck_spinner(self, page: str) -> bool:
        """Whether this page load's spinner sticks; never twice in a row, so a reload clears it."""
        with self._lock:
            if page in self._stuck:
                self._stuck.discard(page)
                return False
        stuck = self.chance(f"spinner:{page}", self.profile.stuck_spinner_probability)
        if stuck:
            with self._lock:
                self._stuck.add(page)
        return stuck

    def renames(self) -> list[drift.Rename]:
        """The renames in force: those named, then those drawn by the seed (the same for
        the whole run)."""
        p = self.profile
        keys = list(p.drift)
        if p.drift_drawn:
            rest = sorted(k for k in drift.POOL if k not in keys)
            digest = hashlib.sha256(f"{self.seed}:drift".encode()).digest()
            rng = random.Random(int.from_bytes(digest[:8], "big"))
            keys += rng.sample(rest, min(p.drift_drawn, len(rest)))
        return [drift.POOL[k] for k in keys]

    def login_captcha(self, failures: int) -> bool:
        """Whether the login form asks for a CAPTCHA after this many failed attempts."""
        p = self.profile
        return p.captcha_always or failures >= p.captcha_after_failures

    def reset(self) -> None:
        with self._lock:
            self._counters.clear()
            self._stuck.clear()
