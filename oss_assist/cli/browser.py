"""Commands: ``oss-assist doctor`` and ``oss-assist install-browser``."""

from __future__ import annotations

import argparse
import platform
import time
from importlib import metadata
from typing import Any

KEY_PACKAGES = ("playwright", "pydantic", "pydantic-settings", "structlog", "starlette", "uvicorn")


def register(sub: Any) -> None:
    """Add ``doctor`` and ``install-browser``."""
    p = sub.add_parser(
        "doctor",
        help="periksa Python, paket, dan browser / check Python, packages and the browser",
    )
    p.add_argument("--no-launch", action="store_true", help="do not try to start the browser")
    p.set_defaults(func=doctor)
    p = sub.add_parser(
        "install-browser",
        help="pasang Chromium bila belum ada / install Chromium when none is found",
    )
    p.set_defaults(func=install)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def doctor(args: argparse.Namespace) -> int:
    from oss_assist.browser import find_browser, launch
    from oss_assist.errors import BrowserError
    from oss_assist.settings import load_settings

    en = args.lang == "en"
    settings = load_settings()
    system = f"{platform.system()} {platform.machine()}"
    print(f"Python            {platform.python_version()} ({system})")
    for package in ("oss-assist", *KEY_PACKAGES):
        print(f"{package:<18}{_version(package)}")
    choice = find_browser(settings.browser_path)
    if choice is None:
        print("Browser           " + ("none found: run `oss-assist install-browser`" if en else
                                "tidak ditemukan: jalankan `oss-assist install-browser`"))
        return 3
    print(f"Browser           {choice.path} ({choice.source})")
    print(f"                  {choice.version() or '?'}")
    if args.no_launch:
        return 0
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    try:
        with sync_playwright() as p:
            browser = launch(p, choice, headless=True)
            page = browser.new_page()
            page.set_content("<title>ok</title>")
            assert page.title() == "ok"
            browser.close()
    except BrowserError:
        raise
    elapsed = time.perf_counter() - started
    ok = "starts and renders a page" if en else "berjalan dan menampilkan halaman"
    print(f"Launch            {ok} ({elapsed:.1f} s)")
    return 0


def install(args: argparse.Namespace) -> int:
    from oss_assist.browser import install_browser

    choice = install_browser()
    print(f"{choice.path} ({choice.source}) {choice.version()}".strip())
    return 0
