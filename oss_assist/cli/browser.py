"""Commands: ``oss-assist doctor`` and ``oss-assist install-browser``."""

from __future__ import annotations

import argparse
import platform
import time
from importlib import metadata
from typing import Any

from oss_assist.i18n import Text

KEY_PACKAGES = ("playwright", "pydantic", "pydantic-settings", "structlog", "starlette", "uvicorn")


def register(sub: Any) -> None:
    """Add ``doctor`` and ``install-browser``."""
    p = sub.add_parser("doctor", help=Text("periksa Python, paket, layar, operator dan "
                                           "browser", "check Python, packages, the screen, "
                                           "the operator and the browser"))
    p.add_argument("--no-launch", action="store_true",
                   help=Text("jangan mencoba menjalankan browser", "do not try to start the "
                             "browser"))
    p.set_defaults(func=doctor)
    p = sub.add_parser("install-browser", help=Text("pasang Chromium bila belum ada",
                                                    "install Chromium when none is found"))
    p.set_defaults(func=install)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


_LABELS = {
    "screen": Text("Layar", "Screen"),
    "screen_ok": Text("ada (sesi desktop)", "present (a desktop session)"),
    "screen_none": Text(
        "TIDAK ADA: `run` tidak dapat dipakai di sini. Jalankan di komputer operator setelah "
        "masuk ke desktopnya.",
        "NONE: `run` cannot be used here. Run it on the operator's PC, signed in to its "
        "desktop."),
    "operator": Text("Operator", "Operator"),
    "operator_none": Text(
        "BELUM DIISI: `run` menolak tanpa nama. Isi OSS_ASSIST_OPERATOR_NAME di .env.",
        "NOT SET: `run` refuses without a name. Set OSS_ASSIST_OPERATOR_NAME in .env."),
    "browser": Text("Browser", "Browser"),
    "none": Text("TIDAK DITEMUKAN: jalankan `oss-assist install-browser`.",
                 "NONE FOUND: run `oss-assist install-browser`."),
    "launch": Text("Uji jalan", "Launch"),
    "ok": Text("berjalan dan menampilkan halaman ({s:.1f} dtk)",
               "starts and renders a page ({s:.1f} s)"),
}


def doctor(args: argparse.Namespace) -> int:
    """Exit 0 ready for `run`; 2 the operator's name is not set; 3 no screen or no working
    browser."""
    from oss_assist.browser import find_browser, launch
    from oss_assist.errors import BrowserError
    from oss_assist.settings import load_settings

    lang = args.lang
    settings = load_settings()
    system = f"{platform.system()} {platform.machine()}"
    print(f"{'Python':<18}{platform.python_version()} ({system})")
    for package in ("oss-assist", *KEY_PACKAGES):
        print(f"{package:<18}{_version(package)}")
    from oss_assist.browser import has_display

    code = 0
    screen = has_display()
    print(f"{_LABELS['screen'].render(lang):<18}"
          f"{_LABELS['screen_ok' if screen else 'screen_none'].render(lang)}")
    name = settings.operator_name.strip()
    print(f"{_LABELS['operator'].render(lang):<18}"
          f"{name or _LABELS['operator_none'].render(lang)}")
    if not name:
        code = 2
    if not screen:
        code = 3
    label = _LABELS["browser"].render(lang)
    choice = find_browser(settings.browser_path)
    if choice is None:
        print(f"{label:<18}{_LABELS['none'].render(lang)}")
        return 3
    print(f"{label:<18}{choice.path} ({choice.source})")
    print(f"{'':<18}{choice.version() or '?'}")
    if args.no_launch:
        return code
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    try:
        with sync_playwright() as p:
            browser = launch(p, choice, headless=True)
            page = browser.new_page()
            page.set_content("<title>ok</title>")
            title = page.title()
            browser.close()
    except PlaywrightError as exc:
        raise BrowserError(Text(
            "Browser {p} berjalan tetapi gagal menampilkan halaman: {e}. Jalankan "
            "`oss-assist install-browser`, atau isi OSS_ASSIST_BROWSER_PATH dengan browser lain.",
            "The browser {p} started but failed to render a page: {e}. Run "
            "`oss-assist install-browser`, or set OSS_ASSIST_BROWSER_PATH to another browser.",
        ).format(p=choice.path, e=str(exc).splitlines()[0])) from exc
    if title != "ok":
        raise BrowserError(Text(
            "Browser {p} tidak menampilkan halaman uji dengan benar. Isi "
            "OSS_ASSIST_BROWSER_PATH dengan browser lain.",
            "The browser {p} did not render the test page correctly. Set "
            "OSS_ASSIST_BROWSER_PATH to another browser.",
        ).format(p=choice.path))
    elapsed = time.perf_counter() - started
    print(f"{_LABELS['launch'].render(lang):<18}{_LABELS['ok'].render(lang).format(s=elapsed)}")
    return code


def install(args: argparse.Namespace) -> int:
    import sys

    from oss_assist.browser import install_browser
    from oss_assist.settings import load_settings

    lang = args.lang
    choice = install_browser(load_settings().browser_path,
                             say=lambda text: print(text.render(lang), file=sys.stderr))
    print(f"{choice.path} ({choice.source}) {choice.version()}".strip())
    return 0
