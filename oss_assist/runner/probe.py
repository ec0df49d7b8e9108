"""``flow probe``: look for every step's element on the portal, read-only, before an
applicant is at the desk.

The probe opens each page the flows go to that can be reached without submitting anything
(a page whose address needs a case fact only when that fact is given), and checks there
every locator of every step that follows, on the page as loaded. Every request that is not
a GET is blocked, except the log-in itself, so the probe can never change the portal.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Route

from oss_assist.errors import PortalUnavailable
from oss_assist.flows.model import Checkpoint, Flow, Goto, Step, Target, iter_steps
from oss_assist.i18n import Text
from oss_assist.runner import actions

FOUND, FALLBACK, MISSING = "found", "fallback", "missing"
NOT_REACHED, SKIPPED = "not-reached", "skipped"
#: Hosts that need a session (the probe reaches them only after the operator logs in).
SESSION_HOSTS = ("perizinan", "beranda", "amdalnet")


@dataclass(frozen=True)
class ProbeRow:
    """One step's target on one page: found by its first locator, by a fallback, or not."""

    flow: str
    step: str
    locator: str
    status: str
    page: str = ""
    rank: int | None = None
    note: str = ""


@dataclass
class ProbeReport:
    rows: list[ProbeRow] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # "METHOD url" of requests refused
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        """0 every target found by its first locator, 1 fallbacks used, 2 something missing."""
        statuses = {r.status for r in self.rows}
        return 2 if MISSING in statuses else 1 if FALLBACK in statuses else 0

    def as_json(self) -> dict[str, Any]:
        return {"exit_code": self.exit_code, "seconds": round(self.seconds, 2),
                "pages": self.pages, "blocked": self.blocked,
                "rows": [asdict(r) for r in self.rows]}


def _count(page: Page, target: Target) -> int:
    try:
        return actions.locate_in(page, target, every=True, hidden=True).count()
    except PlaywrightError:
        return 0


def check_target(page: Page, target: Target) -> tuple[int, Target] | None:
    """The rank and locator of the first of the target's locators that finds its element
    in the page as loaded, shown or not yet (a form's later parts are hidden until the
    operator gets there); which of several is the visible one is the run's business."""
    for rank, candidate in enumerate(target.ranked()):
        if _count(page, candidate) >= 1:
            return rank, candidate
    return None


def _templated(target: Target) -> bool:
    texts = [target.name, target.label, target.text, target.placeholder, target.testid,
             target.css, *target.has_text]
    return (any(t and "{" in t for t in texts) or any(_templated(f) for f in target.fallbacks)
            or (target.within is not None and _templated(target.within)))


def _row(flow: str, step: Step, page_url: str, reached: bool, page: Page) -> ProbeRow | None:
    target = getattr(step, "target", None)
    if not isinstance(target, Target):
        return None
    where = target.describe()
    if not reached:
        return ProbeRow(flow, step.id, where, NOT_REACHED, page_url)
    if step.if_visible is not None:
        return ProbeRow(flow, step.id, where, SKIPPED, page_url, note="shown only sometimes")
    if not step.probe:
        return ProbeRow(flow, step.id, where, SKIPPED, page_url,
                        note="appears after an earlier step")
    if _templated(target):
        return ProbeRow(flow, step.id, where, SKIPPED, page_url,
                        note="depends on the applicant's data")
    found = check_target(page, target)
    if found is None:
        return ProbeRow(flow, step.id, where, MISSING, page_url)
    rank, candidate = found
    return ProbeRow(flow, step.id, candidate.describe(), FALLBACK if rank else FOUND,
                    page_url, rank)


_VALUE = re.compile(r'^(\s*- (?:textbox|combobox|searchbox|spinbutton)(?: "[^"]*")?[^:]*):.*$')


def form_snapshot(page: Page) -> str:
    """Playwright's ARIA snapshot of the page (roles, names, placeholders), every value a
    field holds left out."""
    text = page.locator("body").aria_snapshot()
    return "\n".join(_VALUE.sub(r"\1", line) for line in text.splitlines()) + "\n"


def _slug(url: str) -> str:
    parts = urlsplit(url)
    return re.sub(r"[^a-z0-9]+", "-", (parts.netloc + parts.path).lower()).strip("-")[:80]


class Probe:
    """One walk over the flows' pages; ``login`` lets the operator log in (or a test)."""

    def __init__(self, page: Page, urls: dict[str, str], *, facts: dict[str, str] | None = None,
                 login: Callable[[Page], None] | None = None, login_path: str = "/login",
                 snapshot_dir: Path | None = None, timeout_ms: float = 15_000) -> None:
        self.page = page
        self.urls = urls
        self.facts = facts or {}
        self.login = login
        self.login_url = urls["login"].rstrip("/") + login_path
        self.snapshot_dir = snapshot_dir
        self.timeout_ms = timeout_ms
        self.report = ProbeReport()
        self._logged_in = False
        self._logging_in = False

    def _guard(self, route: Route) -> None:
        request = route.request
        allowed = request.method in ("GET", "HEAD", "OPTIONS") or (
            self._logging_in and request.url.split("?")[0] == self.login_url)
        if allowed:
            route.continue_()
            return
        self.report.blocked.append(f"{request.method} {request.url}")
        route.abort("blockedbyclient")

    def _path(self, step: Goto) -> str | None:
        try:
            path = step.path.format(fact=_Facts(self.facts), auth="")
        except (KeyError, AttributeError):
            return None
        return path

    def _open(self, url: str) -> None:
        try:
            self.page.goto(url, timeout=self.timeout_ms)
        except PlaywrightError as exc:
            raise PortalUnavailable(Text(
                "portal tidak dapat dihubungi di {u}: {e}. Periksa jaringan dan alamat portal "
                "(OSS_ASSIST_*_URL), lalu coba lagi.",
                "the portal cannot be reached at {u}: {e}. Check the network and the portal's "
                "address (OSS_ASSIST_*_URL), then try again.",
            ).format(u=url, e=str(exc).splitlines()[0][:160])) from exc
        with contextlib.suppress(PlaywrightError):  # a page that keeps polling: look anyway
            self.page.wait_for_load_state("networkidle", timeout=5000)
        if self.snapshot_dir is not None:
            n = len(self.report.pages)
            self.snapshot_dir.mkdir(parents=True, exist_ok=True)
            (self.snapshot_dir / f"{n:02d}-{_slug(url)}.yml").write_text(
                form_snapshot(self.page), encoding="utf-8")

    def _session(self) -> bool:
        if self._logged_in or self.login is None:
            return self._logged_in
        self._logging_in = True
        try:
            self.login(self.page)
        finally:
            self._logging_in = False
        self._logged_in = True
        return True

    def run(self, flows: list[Flow]) -> ProbeReport:
        started = time.perf_counter()
        self.page.route("**/*", self._guard)
        try:
            for flow in flows:
                self._walk(flow)
        finally:
            self.page.unroute("**/*")
        self.report.seconds = time.perf_counter() - started
        return self.report

    def _walk(self, flow: Flow) -> None:
        url, reached = "", False
        for section in flow.sections:
            for step in iter_steps(section.steps):
                if isinstance(step, Goto):
                    path = self._path(step)
                    needs_session = step.host in SESSION_HOSTS
                    if path is None or (needs_session and not self._session()):
                        url, reached = step.host + step.path, False
                        continue
                    url, reached = self.urls[step.host].rstrip("/") + path, True
                    if url not in self.report.pages:
                        self._open(url)
                        self.report.pages.append(url)
                    elif self.page.url != url:
                        self.page.goto(url, timeout=self.timeout_ms)
                    continue
                if isinstance(step, Checkpoint) and step.kind in ("review", "info", "binding"):
                    continue
                row = _row(flow.name, step, url, reached, self.page)
                if row is not None:
                    self.report.rows.append(row)
                if getattr(step, "navigates", False) or getattr(step, "new_page", False):
                    # what follows is on the page this click leads to: not opened by a GET
                    url, reached = f"{url} → {step.id}", False


class _Facts:
    def __init__(self, facts: dict[str, str]) -> None:
        self._facts = facts

    def __getattr__(self, name: str) -> str:
        if name not in self._facts:
            raise KeyError(name)
        return self._facts[name]


def table(report: ProbeReport, lang: str = "id") -> str:
    """The probe's findings as a terminal table, then a one-line summary."""
    head = ("alur", "langkah", "lokator", "hasil") if lang == "id" else \
        ("flow", "step", "locator", "result")
    words = {FOUND: ("ditemukan", "found"), FALLBACK: ("cadangan #{r}", "fallback #{r}"),
             MISSING: ("TIDAK ADA", "MISSING"), NOT_REACHED: ("tidak dicapai", "not reached"),
             SKIPPED: ("dilewati", "skipped")}
    rows = [head] + [(r.flow, r.step, r.locator[:60],
                      words[r.status][0 if lang == "id" else 1].format(r=r.rank)
                      + (f" ({r.note})" if r.note else "")) for r in report.rows]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:<{widths[2]}}  {d}" for a, b, c, d in rows]
    counts = {s: sum(1 for r in report.rows if r.status == s) for s in words}
    summary = (f"{len(report.pages)} halaman, {report.seconds:.1f} s: {counts[FOUND]} ditemukan, "
               f"{counts[FALLBACK]} lewat cadangan, {counts[MISSING]} tidak ada, "
               f"{counts[NOT_REACHED]} tidak dicapai, {counts[SKIPPED]} dilewati; "
               f"{len(report.blocked)} permintaan non-GET diblokir"
               if lang == "id" else
               f"{len(report.pages)} pages, {report.seconds:.1f} s: {counts[FOUND]} found, "
               f"{counts[FALLBACK]} by fallback, {counts[MISSING]} missing, "
               f"{counts[NOT_REACHED]} not reached, {counts[SKIPPED]} skipped; "
               f"{len(report.blocked)} non-GET requests blocked")
    return "\n".join([*lines, summary])


def operator_login(landmark: Target, login_url: str, lang: str,
                   timeout_s: float = 600) -> Callable[[Page], None]:
    """The probe's log-in: the operator logs in with a real account in the browser (typing
    the password himself); the probe goes on once the page shows the landmark."""

    def login(page: Page) -> None:
        page.goto(login_url)
        print(Text(
            "Masuk ke portal di browser dengan akun sungguhan (ketik sendiri kata sandinya); "
            "pemeriksaan berlanjut setelah dasbor tampil.",
            "Log in to the portal in the browser with a real account (type the password "
            "yourself); the probe goes on once the dashboard shows.",
        ).render(lang))  # type: ignore[arg-type]
        actions.locate(page, landmark).wait_for(timeout=timeout_s * 1000)

    return login
