"""The operator at a checkpoint: a person (panel in the page, or the terminal) or, in the
sandbox only, a scripted stand-in that the audit log names as such.

The runner never performs a step marked binding and never types a password, an OTP or a
CAPTCHA: it hands a ``CheckpointRequest`` to the operator and waits for a ``Decision``.
"""

from __future__ import annotations

import contextlib
import json
import queue
import secrets
import string
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol
from urllib.parse import quote, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from oss_assist.errors import ConfigError, PageMismatch, PortalError
from oss_assist.flows.model import CheckpointKind, Landmark, Target
from oss_assist.i18n import Lang, Text
from oss_assist.runner import actions
from oss_assist.runner.panel import (
    MARK_TARGET_JS,
    PANEL_JS,
    PANEL_REMOVE_JS,
    PANEL_STATE_JS,
    PANEL_TYPED_JS,
)


@dataclass(frozen=True)
class ReviewRow:
    """One line of the read-back: what the profile says beside what the portal holds."""

    field: str
    label: str
    profile: str
    portal: str
    same: bool


@dataclass
class CheckpointRequest:
    """What the operator is asked to do, where, and how the runner sees it is done."""

    flow: str
    step_id: str
    kind: CheckpointKind | Literal["manual"]  # manual: a step no locator found
    instruction: Text
    target: Target | None = None
    done_when: Landmark | None = None
    value: Any = field(default=None, repr=False)  # for the scripted operator only
    review: list[ReviewRow] = field(default_factory=list)
    #: for a binding step: whether the portal has seen the operator's own action (the
    #: box ticked, the request sent); the operator's turn ends then, with no Lanjut
    done: Callable[[], bool] | None = field(default=None, repr=False)
    #: where the element probably is when ``target`` is withheld (a binding step's first
    #: locator found nothing): for the sandbox's scripted operator only, never outlined
    hint: Target | None = field(default=None, repr=False)
    #: at a hand-off of a read step: the operator may type the value the page shows
    asks_value: bool = False


@dataclass(frozen=True)
class Decision:
    proceed: bool
    actor: str
    scripted: bool
    how: str = ""  # panel, terminal, page (the page showed the step done), script, pick
    #: at a hand-off: the element the operator pointed at (None: he did the step by hand)
    picked: Any = field(default=None, compare=False)
    #: at a hand-off of a read step done by hand: the value the operator typed
    typed: str = field(default="", compare=False)


class Operator(Protocol):
    name: str
    scripted: bool

    def at_checkpoint(self, page: Page, request: CheckpointRequest) -> Decision: ...


def review_table(rows: list[ReviewRow], lang: Lang) -> str:
    """The read-back as a terminal table, differences marked."""
    head = ("Isian", "Profil", "Portal") if lang == "id" else ("Field", "Profile", "Portal")
    width = max([len(head[0]), *(len(r.label) for r in rows)])
    out = [f"   {head[0]:<{width}}  {head[1]:<34}  {head[2]}"]
    for r in rows:
        mark = "   " if r.same else "!! "
        out.append(f"{mark}{r.label:<{width}}  {r.profile[:34]:<34}  {r.portal}")
    return "\n".join(out)


_CANCEL_WORDS = {"batal", "cancel", "b", "c"}
_POINT_WORDS = {"tunjuk", "point", "t", "p"}
BROWSER_GONE = Text(
    "browser ditutup saat menunggu operator; jalankan perintah yang sama lagi untuk "
    "melanjutkan kasus ini",
    "the browser was closed while waiting for the operator; run the same command again to "
    "resume this case",
)


class PanelOperator:
    """A person at the office PC: answers in the page's panel or in the terminal.

    For a binding step there is no Lanjut: the person makes the click in the page (the
    panel marks the control and keeps clear of it), and the turn ends when the portal has
    seen it; Batal, or 'batal' in the terminal, cancels.
    """

    scripted = False

    def __init__(self, name: str, lang: Lang = "id", poll_s: float = 0.25) -> None:
        self.name = name
        self.lang = lang
        self.poll_s = poll_s

    def at_checkpoint(self, page: Page, request: CheckpointRequest) -> Decision:
        text = request.instruction.render(self.lang)
        binding = request.done is not None
        differs = [r for r in request.review if not r.same]
        print("\n" + "=" * 72)
        print(("PERLU TINDAKAN OPERATOR: " if self.lang == "id" else "OPERATOR ACTION: ") + text)
        if request.review:
            print(review_table(request.review, self.lang))
            if differs:
                print(("!! berbeda: " if self.lang == "id" else "!! differs: ")
                      + ", ".join(r.label for r in differs))
        manual = request.kind == "manual"
        if binding:
            print("Klik sendiri di browser; ketik 'batal' di sini untuk berhenti."
                  if self.lang == "id" else
                  "Click it yourself in the browser; type 'cancel' here to stop.")
        elif manual and request.asks_value:
            print("Tunjuk (di panel, atau ketik 'tunjuk' di sini) lalu klik elemennya di halaman;"
                  " atau ketik nilainya (di panel, atau di sini lalu Enter); 'batal' untuk "
                  "berhenti." if self.lang == "id" else
                  "Point (in the panel, or type 'point' here), then click the element in the "
                  "page; or type the value (in the panel, or here, then Enter); 'cancel' to "
                  "stop.")
        elif manual:
            print("Tunjuk (di panel, atau ketik 'tunjuk' di sini) lalu klik elemennya di halaman;"
                  " atau kerjakan sendiri lalu Lanjut/Enter; 'batal' untuk berhenti."
                  if self.lang == "id" else
                  "Point (in the panel, or type 'point' here), then click the element in the "
                  "page; or do it yourself, then Lanjut/Enter; 'cancel' to stop.")
        else:
            print("Tekan Lanjut di browser, atau Enter di sini (ketik 'batal' untuk berhenti)."
                  if self.lang == "id" else
                  "Press Lanjut in the browser, or Enter here (type 'cancel' to stop).")
        panel = {
            "text": text,
            "rows": [vars(r) for r in request.review],
            "lang": self.lang,
            "binding": binding,
            "manual": manual,
            "ask": manual and request.asks_value,
        }
        lines = terminal_lines()
        while True:
            _require_open(page)
            answer = self._panel_answer(page, panel, request.target)
            if answer == "tunjuk":
                return self._pick(page)
            if answer is not None:
                typed = _typed_in_panel(page) if answer == "lanjut" and panel["ask"] else ""
                return Decision(answer == "lanjut", self.name, False, "panel", typed=typed)
            if request.done is not None and request.done():
                self._remove_panel(page)
                return Decision(True, self.name, False, "page")
            if request.done_when and request.kind != "review" and actions.landmark_now(
                page, request.done_when
            ):
                self._remove_panel(page)
                return Decision(True, self.name, False, "page")
            with contextlib.suppress(queue.Empty):
                line = lines.get_nowait()
                if manual and line.strip().lower() in _POINT_WORDS:
                    self._remove_panel(page)
                    return self._pick(page)
                if line.strip().lower() in _CANCEL_WORDS:
                    self._remove_panel(page)
                    return Decision(False, self.name, False, "terminal")
                if not binding:
                    self._remove_panel(page)
                    typed = line.strip() if panel["ask"] else ""
                    return Decision(True, self.name, False, "terminal", typed=typed)
                print("Belum: portal belum menerima klik itu." if self.lang == "id"
                      else "Not yet: the portal has not received that click.")
            time.sleep(self.poll_s)

    def _pick(self, page: Page) -> Decision:
        """The operator clicks the element in the page; Playwright gives its locator."""
        print("Klik elemennya di halaman." if self.lang == "id" else
              "Click the element in the page.")
        picked = page.pick_locator()
        return Decision(True, self.name, False, "pick", picked=picked)

    @staticmethod
    def _panel_answer(page: Page, panel: dict[str, Any],
                      target: Target | None = None) -> str | None:
        try:
            state: str | None = page.evaluate(PANEL_STATE_JS)
            if state is None:
                page.evaluate(PANEL_JS, {**panel, "avoid": _box_of(page, target)})
                return None
        except PlaywrightError:
            return None  # the page is navigating; try again on the next poll
        if state in ("lanjut", "batal", "tunjuk"):
            PanelOperator._remove_panel(page)
            return state
        return None

    @staticmethod
    def _remove_panel(page: Page) -> None:
        with contextlib.suppress(PlaywrightError):
            page.evaluate(PANEL_REMOVE_JS)


def _typed_in_panel(page: Page) -> str:
    """What the operator typed in the panel's value box (kept when the panel went)."""
    try:
        typed = page.evaluate(PANEL_TYPED_JS)
    except PlaywrightError:
        return ""
    return str(typed or "")


def _box_of(page: Page, target: Target | None) -> dict[str, float] | None:
    """Where the control the operator must use is, in the window (scrolled into view and
    marked), so the panel can keep clear of it."""
    if target is None:
        return None
    try:
        loc = actions.locate(page, target).first
        loc.scroll_into_view_if_needed(timeout=1000)
        loc.evaluate(MARK_TARGET_JS)
        box = loc.bounding_box(timeout=1000)
    except PlaywrightError:
        return None
    if box is None:
        return None
    return {"x": box["x"], "y": box["y"], "width": box["width"], "height": box["height"]}


def _require_open(page: Page) -> None:
    """PortalError when the browser or its page is gone: waiting on would wait for ever."""
    browser = page.context.browser
    if page.is_closed() or (browser is not None and not browser.is_connected()):
        raise PortalError(BROWSER_GONE)


_lines: queue.Queue[str] | None = None


def terminal_lines() -> queue.Queue[str]:
    """Lines typed in the terminal (or piped in), read by one background thread: a
    checkpoint never blocks on the terminal, and answers work without a TTY too."""
    global _lines
    if _lines is None:
        _lines = queue.Queue()
        if sys.stdin is not None and not sys.stdin.closed:
            threading.Thread(target=_read_lines, args=(_lines,), daemon=True,
                             name="operator-terminal").start()
    return _lines


def _read_lines(into: queue.Queue[str]) -> None:
    with contextlib.suppress(OSError, ValueError):
        for line in sys.stdin:
            into.put(line)


class ScriptedOperator:
    """The sandbox's stand-in for a person: reads the OTP from the sandbox mailbox, types
    an applicant's new password, confirms an identical read-back, clicks binding buttons.

    It refuses to work against anything but a sandbox on this machine. Passwords live in
    its memory only, for the length of the run.
    """

    scripted = True
    name = "operator skrip sandbox"

    def __init__(self, mail_url: str, login_url: str, timeout_s: float = 20.0) -> None:
        for url in (mail_url, login_url):
            if urlsplit(url).hostname not in {"127.0.0.1", "localhost"}:
                raise ConfigError(Text(
                    "operator skrip hanya boleh dipakai pada sandbox lokal",
                    "the scripted operator may only be used against the local sandbox"))
        self.mail_url = mail_url.rstrip("/")
        self.login_url = login_url.rstrip("/")
        self.timeout_s = timeout_s
        self._passwords: dict[str, str] = {}

    def password_for(self, who: str) -> str:
        if who not in self._passwords:
            alphabet = string.ascii_letters + string.digits
            core = "".join(secrets.choice(alphabet) for _ in range(10))
            self._passwords[who] = "Aa1!" + core
        return self._passwords[who]

    def _mark(self, note: str) -> None:
        body = json.dumps({"actor": self.name, "note": note}).encode()
        req = urllib.request.Request(  # noqa: S310 - the sandbox on loopback only
            self.login_url + "/__sandbox__/mark", data=body,
            headers={"content-type": "application/json"})
        with urllib.request.urlopen(req, timeout=5) as resp:  # noqa: S310 - loopback only
            resp.read()

    def _latest_otp(self, email: str, since: float) -> str:
        deadline = time.monotonic() + self.timeout_s
        url = f"{self.mail_url}/__sandbox__/mailbox?to={quote(email)}"
        while time.monotonic() < deadline:
            with urllib.request.urlopen(url, timeout=5) as resp:  # noqa: S310 - loopback only
                mails = json.loads(resp.read())
            codes = [m for m in mails if m.get("code") and m.get("sent_at", 0) >= since - 1]
            if codes:
                return str(max(codes, key=lambda m: m["sent_at"])["code"])
            time.sleep(0.2)
        raise TimeoutError("no OTP arrived in the sandbox mailbox")

    def at_checkpoint(self, page: Page, request: CheckpointRequest) -> Decision:
        started = time.time()
        kind = request.kind
        if kind == "manual":  # a person finds what the flow could not; a script cannot
            raise PageMismatch(Text(
                "operator skrip sandbox tidak mengerjakan langkah dengan tangan: {i}",
                "the sandbox's scripted operator does not do steps by hand: {i}",
            ).format(i=request.instruction.render("en")))
        # the flow models make sure an OTP, password or CAPTCHA checkpoint has a target
        fields = (actions.locate_in(page, request.target, every=True)
                  if request.target is not None else None)
        if kind == "otp" and fields is not None:
            code = self._latest_otp(str(request.value), started - 120)
            for i, digit in enumerate(code):  # one box per digit
                fields.nth(i).fill(digit)
        elif kind == "password" and fields is not None:
            secret = self.password_for(str(request.value))
            for i in range(fields.count()):  # the password and its confirmation
                fields.nth(i).fill(secret)
        elif kind == "captcha" and fields is not None:
            # the sandbox's CAPTCHA is a sum it prints; a live one is for a person
            question = page.get_by_test_id("captcha-question").first.inner_text()
            fields.first.fill(_solve(question))
        elif kind == "review":
            if any(not r.same for r in request.review):
                return Decision(False, self.name, True, "script")
        elif kind == "binding":
            where = request.target or request.hint
            if where is None:
                raise ConfigError(Text("checkpoint binding tanpa target",
                                       "a binding checkpoint without a target"))
            self._mark(f"{request.flow}/{request.step_id}")
            actions.locate(page, where).click()
        if request.done_when and not actions.landmark_visible(
            page, request.done_when, self.timeout_s * 1000
        ):
            return Decision(False, self.name, True, "script")
        return Decision(True, self.name, True, "script")


def _solve(question: str) -> str:
    """The sandbox CAPTCHA is a sum such as ``3 + 4``."""
    parts = [p for p in question.replace("=", " ").split() if p.strip("+").isdigit() or p == "+"]
    numbers = [int(p) for p in parts if p.isdigit()]
    return str(sum(numbers))
