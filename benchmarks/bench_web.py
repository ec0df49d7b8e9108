"""Benchmark of the web desk at a Kabupaten's scale: 20,000 cases and a year's audit log.

Run it with the project's Python: ``.venv/bin/python benchmarks/bench_web.py``.
It fills a register exactly as ``bench_register.py`` does (bulk inserts, a year's audit
log of 140,000 lines), gives one case 15 screenshots (1280×800 PNGs, listed in its
manifest and audit lines), signs a section head in, and times the pages by calling the
ASGI app in-process (Starlette's TestClient: the server's time plus well under a
millisecond of client), best and median of several runs after a warm-up. Targets: the
register page and a case page with 15 screenshots under 200 ms, the recap page under 1 s.
It is not a test: it asserts nothing, so a slow shared machine never fails a build.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_register as fill  # noqa: E402

from oss_assist.register import Register, WorkCalendar  # noqa: E402
from oss_assist.register.db import open_engine  # noqa: E402
from oss_assist.settings import load_settings  # noqa: E402

SHOTS = 15
PASSWORD = "sandi-bench-2026"  # noqa: S105 (a throwaway register)
TARGETS = {"register page (default)": 0.2, "register page (late, RNY)": 0.2,
           "register page (stage + desa)": 0.2, "search by name (POST)": 0.2,
           "case page, 15 screenshots": 0.2, "recap page 2026-06": 1.0,
           "case page, just after the log grew": 0.2}


def timed(call: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    result = call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def screenshot(index: int) -> bytes:
    """A 1280×800 page-like PNG (bands of colour and text-like stripes)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1280, 800), (245, 245, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1280, 70), fill=(20, 69, 47))
    for row in range(24):
        y = 100 + row * 28
        draw.rectangle((60, y, 60 + (index * 37 + row * 53) % 900 + 200, y + 12),
                       fill=(90, 90, 90))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def give_screenshots(archive: Path, log: Path, case_no: str) -> None:
    """15 screenshots in the case's folder and their lines at the end of the log."""
    from oss_assist.evidence import case_folder, save_screenshot

    folder = case_folder(archive, case_no)
    lines = log.read_bytes().rstrip(b"\n").rsplit(b"\n", 1)[-1]
    last = json.loads(lines)
    seq, prev = int(last["seq"]), str(last["hash"])
    with log.open("a", encoding="utf-8") as out:
        for i in range(SHOTS):
            shot = save_screenshot(folder, i, f"langkah {i}", screenshot(i),
                                   "https://oss.go.id/", flow="nib-umk")
            seq += 1
            record = {"seq": seq, "ts": "2026-12-31T02:30:00.000Z", "level": "info",
                      "event": "screenshot_saved", "case_id": case_no,
                      "operator": "Operator OSS 1", "office": fill.OFFICE.name,
                      **shot.log_fields(), "prev": prev, "hash": f"{seq:064x}"}
            prev = record["hash"]
            out.write(json.dumps(record, separators=(",", ":")) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    from starlette.testclient import TestClient

    from oss_assist.web import build_app
    from oss_assist.web.accounts import add_user
    from oss_assist.web.permissions import Role

    folder = Path(tempfile.mkdtemp(prefix="oss-assist-bench-web-"))
    try:
        calendar = WorkCalendar()
        start = time.perf_counter()
        data = fill.make_data(args.cases, args.seed, calendar)
        log = folder / "audit.jsonl"
        fill.write_audit_log(log, data, calendar, args.seed)
        url = f"sqlite:///{(folder / 'register.sqlite3').as_posix()}"
        engine = open_engine(url)
        fill.load(engine, data)
        archive = folder / "arsip"
        # the case with the screenshots: an RNY case at the NIB stage, as the secretariat
        # sees it before archiving
        chosen = next(c["case_no"] for c in reversed(data.cases)
                      if c["office"] == "RNY" and c["stage"] == "handed_over")
        give_screenshots(archive, log, chosen)
        print(f"filled {len(data.cases):,} cases, {data.audit_lines:,} audit lines "
              f"({log.stat().st_size / 2**20:.1f} MiB), {SHOTS} screenshots of {chosen} "
              f"in {time.perf_counter() - start:.1f} s (not counted)")

        settings = load_settings(archive_dir=archive, audit_log=log, database_url=url)
        register = Register(engine, office=fill.OFFICE, archive_dir=archive, audit_log=log,
                            calendar=calendar, clock=lambda: fill.NOW, before_move=None)
        add_user(engine, "kasi", role=Role.SECTION_HEAD, password=PASSWORD,
                 full_name="Kasi Pelayanan", now=fill.NOW)
        once = time.perf_counter()
        app = build_app(settings, register=register, login_delay=0)
        from oss_assist.web.evidence import audit_log

        log_reader = audit_log(app.state.desk)
        while log_reader.chain_soon(fill.NOW, wait=0.05) is None:
            pass
        took = time.perf_counter() - once
        figures: dict[str, tuple[float, float, str]] = {
            "start-up: the log indexed and its chain verified (background)": (
                took, took, f"{data.audit_lines:,} lines")}
        with TestClient(app) as client:
            sign_in = re.search(r'name="csrf" value="([^"]+)"', client.get("/masuk").text)
            client.post("/masuk", data={"csrf": sign_in.group(1) if sign_in else "",
                                        "nama": "kasi", "sandi": PASSWORD})
            csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)
            token = csrf.group(1) if csrf else ""

            once = time.perf_counter()
            first = client.get(f"/kasus/{chosen}")
            cold = time.perf_counter() - once
            figures["case page, first"] = (
                cold, cold, f"HTTP {first.status_code}")
            once = time.perf_counter()
            verdict = client.get("/audit")
            took = time.perf_counter() - once
            figures["audit page, first"] = (
                took, took, f"HTTP {verdict.status_code}")
            shots = re.findall(rf'/kasus/{chosen}/bukti/([^"?]+)\?ukuran=kecil', first.text)
            once = time.perf_counter()
            sizes = [len(client.get(f"/kasus/{chosen}/bukti/{n}",
                                    params={"ukuran": "kecil"}).content) for n in shots]
            made = time.perf_counter() - once
            figures[f"{len(shots)} thumbnails, first (made and cached)"] = (
                made, made, f"{sum(sizes) / 1024:.0f} KiB in all")

            pages: list[tuple[str, Callable[[], Any]]] = [
                ("register page (default)", lambda: client.get("/")),
                ("register page (late, RNY)", lambda: client.get("/?terlambat=1")),
                ("register page (stage + desa)",
                 lambda: client.get("/", params={"tahap": "handed_over", "desa": "Jenggrong"})),
                ("search by name (POST)",
                 lambda: client.post("/cari", data={"csrf": token, "cari": "siti"})),
                ("case page, 15 screenshots", lambda: client.get(f"/kasus/{chosen}")),
                ("one thumbnail (cached)", lambda: client.get(
                    f"/kasus/{chosen}/bukti/{shots[0]}", params={"ukuran": "kecil"})),
                ("one full screenshot", lambda: client.get(f"/kasus/{chosen}/bukti/{shots[0]}")),
                ("recap page 2026-06", lambda: client.get("/rekap", params={"bulan": "2026-06"})),
                ("audit page (newest 200 of the whole log)", lambda: client.get("/audit")),
            ]
            for label, call in pages:
                best, median, answer = timed(call, args.runs)
                note = f"HTTP {answer.status_code}, {len(answer.content) / 1024:.0f} KiB"
                figures[label] = (best, median, note)
            # a move elsewhere grows the log: the next case page shows the last verdict
            # at once while the chain is verified again in the background
            with log.open("a", encoding="utf-8") as out:
                out.write(json.dumps({"seq": 0, "event": "case_validated",
                                      "case_id": "RNY-2026-00001"}) + "\n")
            once = time.perf_counter()
            grown = client.get(f"/kasus/{chosen}")
            took = time.perf_counter() - once
            figures["case page, just after the log grew"] = (
                took, took, f"HTTP {grown.status_code} (chain re-verified in background)")
        width = max(len(k) for k in figures)
        print(f"\n{'what':<{width}}  {'best / median':>20}  target")
        print("-" * (width + 40))
        for label, (best, median, note) in figures.items():
            target = TARGETS.get(label)
            verdict = (f"< {target * 1000:.0f} ms  {'ok' if median < target else 'MISSED'}"
                       if target else "")
            print(f"{label:<{width}}  {best * 1000:7.1f} / {median * 1000:7.1f} ms  {verdict}"
                  f"   {note}")
        engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
