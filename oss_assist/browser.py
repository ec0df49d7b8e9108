"""The browser boundary: which Chromium to use, installing one, and launching it.

Order of choice: the configured path (``OSS_ASSIST_BROWSER_PATH``) always wins; then
Playwright's own Chromium when it is installed; then a system Chromium or Chrome.
``install_browser`` tries Playwright's download first and Debian's ``chromium``
package (as root) second. Playwright is imported inside functions only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from oss_assist.errors import BrowserError
from oss_assist.i18n import Text

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

Source = Literal["configured", "playwright", "system"]

SYSTEM_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Flags that keep Chromium from calling home: this machine's network is closed, and an
#: operator's office network should not see the tool's browser talk to anyone but OSS.
QUIET_ARGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-quic",
)
INSTALL_TIMEOUT_S = 900

NO_BROWSER = Text(
    "Tidak ada browser Chromium/Chrome yang ditemukan. Jalankan `oss-assist install-browser`, "
    "atau isi OSS_ASSIST_BROWSER_PATH dengan lokasi browser.",
    "No Chromium/Chrome browser was found. Run `oss-assist install-browser`, "
    "or set OSS_ASSIST_BROWSER_PATH to a browser's location.",
)


NO_SCREEN = Text(
    "Tidak dapat mulai: `{c}` memerlukan sesi desktop; komputer ini tidak punya layar. "
    "Jalankan di komputer operator setelah masuk ke desktopnya (untuk latihan tanpa layar: "
    "`oss-assist demo`).",
    "Cannot start: `{c}` needs a desktop session; this machine has no screen. Run it on the "
    "operator's PC, signed in to its desktop (to practise without a screen: "
    "`oss-assist demo`).",
)


def has_display(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether a window can be shown: on Linux and other Unix an X or Wayland session
    (``DISPLAY``/``WAYLAND_DISPLAY``); Windows and macOS are taken to be a desktop."""
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "cygwin", "darwin")):
        return True
    env = os.environ if environ is None else environ
    return bool(env.get("DISPLAY", "").strip() or env.get("WAYLAND_DISPLAY", "").strip())


def require_display(environ: Mapping[str, str] | None = None,
                    platform: str | None = None, *, command: str = "run") -> None:
    """Refuse a headed browser where no window can be shown, saying so (naming the
    command that needs the window)."""
    if not has_display(environ, platform):
        raise BrowserError(NO_SCREEN.format(c=command))


@dataclass(frozen=True)
class BrowserChoice:
    """The browser that will be used and where it was found."""

    path: Path
    source: Source

    def version(self) -> str:
        """What the browser says its version is (empty when it cannot tell)."""
        try:
            out = subprocess.run(
                [str(self.path), "--version"], capture_output=True, text=True, timeout=20
            )
        except (OSError, subprocess.TimeoutExpired):
            return ""
        lines = [line for line in out.stdout.splitlines() if line.strip()]
        return lines[0].strip() if lines else ""


def playwright_chromium() -> Path | None:
    """Playwright's own Chromium, when it has been downloaded."""
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            path = Path(p.chromium.executable_path)
    except Exception:
        return None
    return path if path.is_file() else None


def system_chromium() -> Path | None:
    """A Chromium or Chrome found on the PATH."""
    for name in SYSTEM_BROWSERS:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def find_browser(configured: Path | None = None) -> BrowserChoice | None:
    """The browser to use, or None when there is none."""
    if configured is not None:
        if not Path(configured).is_file():
            raise BrowserError(
                Text(
                    "OSS_ASSIST_BROWSER_PATH menunjuk ke {path}, tetapi file itu tidak ada. "
                    "Perbaiki pengaturannya atau kosongkan.",
                    "OSS_ASSIST_BROWSER_PATH points to {path}, which does not exist. "
                    "Fix the setting or leave it empty.",
                ).format(path=configured)
            )
        return BrowserChoice(Path(configured), "configured")
    own = playwright_chromium()
    if own is not None:
        return BrowserChoice(own, "playwright")
    system = system_chromium()
    if system is not None:
        return BrowserChoice(system, "system")
    return None


def require_browser(configured: Path | None = None) -> BrowserChoice:
    choice = find_browser(configured)
    if choice is None:
        raise BrowserError(NO_BROWSER)
    return choice


_DOWNLOAD_FAILED = Text(
    "Unduhan Chromium milik Playwright tidak dapat dijangkau ({why}); mencoba cadangan.",
    "Playwright's Chromium download cannot be reached ({why}); trying the fallback.",
)
_DOWNLOADING = Text("Mengunduh Chromium milik Playwright (beberapa menit)…",
                    "Downloading Playwright's Chromium (a few minutes)…")
_APT = Text("Memasang Chromium dari Debian (apt-get)…", "Installing Debian's Chromium (apt-get)…")
_APT_FAILED = Text("Chromium dari Debian tidak dapat dipasang ({why}).",
                   "Debian's Chromium could not be installed ({why}).")


def failure_reason(output: str, limit: int = 160) -> str:
    """One short line saying why a tool failed, from its output (a stack trace's error
    line, not the trace)."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in lines:
        lowered = line.lower()
        if lowered.startswith(("error", "e:")) or "enotfound" in lowered or \
                "econnrefused" in lowered or "failed to" in lowered:
            return line[:limit]
    meaningful = [line for line in lines if not line.startswith(("at ", "File ", "|"))]
    return (meaningful[-1] if meaningful else "?")[:limit]


def _quiet_run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[bool, str]:
    """Run a set-up tool with its output kept back; (succeeded, why not)."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False,
                              timeout=INSTALL_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return False, f"no answer within {INSTALL_TIMEOUT_S} s"
    except OSError as exc:
        return False, str(exc)
    if done.returncode == 0:
        return True, ""
    return False, failure_reason((done.stderr or "") + "\n" + (done.stdout or ""))


def install_browser(configured: Path | None = None, *,
                    say: Callable[[Text], None] | None = None) -> BrowserChoice:
    """Make sure a browser is there: Playwright's download first, Debian's package second.

    A configured path wins here too: it is checked, never replaced by an installed one.
    The tools' own output is kept back: ``say`` gets one line per attempt and, when the
    download cannot be reached, one line saying so before the fallback is tried.
    """
    found = find_browser(configured)
    if found is not None:
        return found
    tell = say or (lambda _text: None)
    attempts: list[str] = []
    tell(_DOWNLOADING)
    ok, why = _quiet_run([sys.executable, "-m", "playwright", "install", "chromium"])
    if ok and (own := playwright_chromium()) is not None:
        return BrowserChoice(own, "playwright")
    tell(_DOWNLOAD_FAILED.format(why=why or "no browser after the download"))
    attempts.append("playwright install chromium")
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        tell(_APT)
        _quiet_run([apt, "update", "-qq"], env)
        ok, why = _quiet_run([apt, "install", "-y", "-qq", "chromium"], env)
        attempts.append("apt-get install chromium")
        if (system := system_chromium()) is not None:
            return BrowserChoice(system, "system")
        tell(_APT_FAILED.format(why=why or "no chromium after the install"))
    raise BrowserError(
        Text(
            "Browser tidak dapat dipasang (dicoba: {tried}). Pasang Chromium atau Google "
            "Chrome secara manual (di Debian/Ubuntu: `sudo apt-get install chromium`), atau "
            "jalankan `playwright install chromium` di komputer yang tersambung internet, "
            "lalu isi OSS_ASSIST_BROWSER_PATH bila perlu.",
            "The browser could not be installed (tried: {tried}). Install Chromium or Google "
            "Chrome by hand (on Debian/Ubuntu: `sudo apt-get install chromium`), or run "
            "`playwright install chromium` on a machine with internet, then set "
            "OSS_ASSIST_BROWSER_PATH if needed.",
        ).format(tried=", ".join(attempts))
    )


def launch_args(choice: BrowserChoice, *, headless: bool, slow_mo_ms: int = 0) -> dict[str, object]:
    """Keyword arguments for ``playwright.chromium.launch``."""
    args = list(QUIET_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox on
    kwargs: dict[str, object] = {"headless": headless, "args": args}
    if choice.source != "playwright":
        kwargs["executable_path"] = str(choice.path)
    if slow_mo_ms:
        kwargs["slow_mo"] = slow_mo_ms
    return kwargs


def launch(playwright: Playwright, choice: BrowserChoice, *, headless: bool,
           slow_mo_ms: int = 0) -> Browser:
    """Start the browser, translating Playwright's failure into a BrowserError."""
    from playwright.sync_api import Error

    try:
        return playwright.chromium.launch(**launch_args(choice, headless=headless,  # type: ignore[arg-type]
                                                        slow_mo_ms=slow_mo_ms))
    except Error as exc:
        raise BrowserError(
            Text(
                "Browser {path} tidak dapat dijalankan: {why}. Coba `oss-assist doctor`.",
                "The browser {path} could not be started: {why}. Try `oss-assist doctor`.",
            ).format(path=choice.path, why=str(exc).splitlines()[0])
        ) from exc


#: The window the flows and their screenshots are made for.
VIEWPORT = {"width": 1280, "height": 900}


@contextmanager
def open_browser(configured: Path | None, *, headless: bool,
                 slow_mo_ms: int = 0) -> Iterator[Browser]:
    """The browser oss-assist uses (see ``find_browser``), closed afterwards."""
    from playwright.sync_api import sync_playwright

    choice = require_browser(configured)
    with sync_playwright() as p:
        browser = launch(p, choice, headless=headless, slow_mo_ms=slow_mo_ms)
        try:
            yield browser
        finally:
            browser.close()


def case_page(browser: Browser, timeout_s: float = 30.0) -> Page:
    """A fresh context and page for one case: Indonesian locale, downloads accepted, the
    window the flows are made for (close it with ``page.context.close()``)."""
    context = browser.new_context(locale="id-ID", accept_downloads=True,
                                  viewport=VIEWPORT)  # type: ignore[arg-type]
    context.set_default_timeout(timeout_s * 1000)
    return context.new_page()


@contextmanager
def open_page(configured: Path | None, *, headless: bool, slow_mo_ms: int = 0,
              timeout_s: float = 30.0) -> Iterator[Page]:
    """A browser with one page for a case; closed after."""
    with open_browser(configured, headless=headless, slow_mo_ms=slow_mo_ms) as browser:
        yield case_page(browser, timeout_s)
