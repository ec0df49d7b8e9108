"""Benchmark of the case register at a Kabupaten's scale: 20,000 cases over one year (2026).

Run it with the project's Python: ``.venv/bin/python benchmarks/bench_register.py``.
It fills a register in a temporary folder by bulk inserts (SQLAlchemy Core, not 20,000
moves), with a year's audit log beside it, on SQLite and, when PostgreSQL's binaries are
found, on a throwaway PostgreSQL server too. It then times the late-case list, the default
case list, the month's and the year's recap and the recap's PDF + XLSX, and prints them
against the targets (``case list --late`` and a month's recap under 1 s on both
databases; recap PDF + XLSX under 3 s), best and median of several runs after a warm-up.
It is not a test: it asserts nothing, so a slow shared machine never fails a build.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, insert, text

from oss_assist.register import Office, Register, WorkCalendar
from oss_assist.register.db import CaseRow, TransitionRow, open_engine
from oss_assist.register.documents import letterhead
from oss_assist.register.recap import ALL_OFFICES, build_recap, month_period
from oss_assist.register.recap_pdf import recap_pdf
from oss_assist.register.recap_xlsx import recap_xlsx
from oss_assist.register.reportdata import Letterhead
from oss_assist.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
WIB = ZoneInfo("Asia/Jakarta")
YEAR = 2026
NOW = datetime(YEAR, 12, 31, 10, 0, tzinfo=WIB)
OFFICE = Office("RNY", "Kecamatan Ranuyoso, Kabupaten Lumajang")
#: The Kabupaten's 21 kecamatan; the register's own office (RNY) keeps most of the cases.
OFFICES = ["RNY", "LMJ", "SKD", "TMP", "PSN", "PRN", "KDG", "CDR", "PNG", "TKS", "SMB",
           "RWK", "YSW", "KLK", "JTR", "KLB", "GCK", "RDG", "PDM", "SNS", "TMK"]
RNY_SHARE = 0.55
DESA = ["Ranuyoso", "Wates Kulon", "Wates Wetan", "Jenggrong", "Alun-alun", "Penawungan",
        "Meninjo", "Sumberpetung", "Tegalbangsri", "Wonoayu", "Ranubedali", "Sumberejo",
        "Kalipenggung", "Barat", "Jatisari", "Kedungrejo", "Pakel", "Sukosari", "Sumberwringin",
        "Tunjung", "Kaliboto Lor", "Kaliboto Kidul", "Kebonan", "Wonokerto", "Kebonsari",
        "Bodang", "Sumbermujur", "Klakah", "Tempursari", "Randuagung"]
#: KBLI codes by how often a kecamatan's micro businesses register them (section first).
KBLI = [("G", "47111"), ("G", "47112"), ("I", "56102"), ("I", "56103"), ("A", "01411"),
        ("A", "01461"), ("C", "10794"), ("C", "10710"), ("C", "14120"), ("S", "96111"),
        ("S", "96200"), ("H", "49431"), ("F", "43302"), ("M", "74201"), ("N", "77292")]
KBLI_WEIGHTS = [22, 14, 12, 8, 7, 4, 6, 5, 3, 4, 3, 3, 2, 1, 1]
SCALES = (["Mikro", "Kecil", "Menengah"], [92, 7, 1])
RISKS = (["Rendah", "Menengah Rendah", "Menengah Tinggi", None], [78, 14, 3, 5])
FIRST = ["Siti", "Ahmad", "Nur", "Slamet", "Dewi", "Budi", "Sri", "Agus", "Rina", "Joko",
         "Sumiati", "Hasan", "Yuli", "Eko", "Wati", "Imam", "Lilik", "Bambang"]
LAST = ["Aminah", "Fauzi", "Hasanah", "Riyadi", "Lestari", "Santoso", "Wahyuni", "Rizki",
        "Suharto", "Rahayu", "Setiawan", "Maryam"]
SHOPS = ["Warung", "Toko", "Kedai", "Bengkel", "Jahit", "Kue", "Ternak", "Tani", "Salon"]
REASONS = ["Surat Keterangan Usaha belum ada", "KTP belum diaktivasi", "e-mail tidak aktif",
           "formulir OSS belum lengkap", "profil: kode pos tidak sesuai desa",
           "profil: modal usaha melebihi batas usaha mikro"]
OFFICERS = ["Petugas Loket 1", "Petugas Loket 2", "Kasi Pelayanan", "Operator OSS 1",
            "Operator OSS 2", "Sekretariat"]
#: The audit log's size for the year (case moves, the operator's runs, checkpoints).
AUDIT_LINES = 140_000
BATCH = 2_000


# --- the data ---------------------------------------------------------------------------


@dataclass
class Data:
    cases: list[dict[str, Any]] = field(default_factory=list)
    moves: list[dict[str, Any]] = field(default_factory=list)  # transition rows
    audit_lines: int = 0


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _move(case_id: int, action: str, frm: str | None, to: str, at: datetime, by: str,
          rng: random.Random) -> dict[str, Any]:
    late = rng.random() < 0.01
    entered = at + timedelta(hours=rng.uniform(2, 30)) if late else at
    return {"case_id": case_id, "action": action, "from_stage": frm, "to_stage": to, "by": by,
            "at": _utc(at), "entered_at": _utc(entered), "late_entry": late, "detail": {},
            "audit_seq": 0, "audit_hash": ""}


def make_data(count: int, seed: int, calendar: WorkCalendar) -> Data:
    """``count`` cases received on the working days of the year, with their moves."""
    rng = random.Random(seed)
    days = [date(YEAR, 1, 1) + timedelta(days=n) for n in range(365)]
    days = [d for d in days if calendar.is_working_day(d) and d <= NOW.date()]
    last_days = set(days[-2:])
    numbers: dict[str, int] = dict.fromkeys(OFFICES, 0)
    others = OFFICES[1:]
    received_list = sorted(
        datetime.combine(rng.choice(days), clock_time(8), WIB)
        + timedelta(minutes=rng.uniform(0, 7.5 * 60))
        for _ in range(count))
    data = Data()
    for index, received in enumerate(received_list, start=1):
        if received.date() == NOW.date() and received > NOW:
            received = NOW - timedelta(minutes=rng.uniform(5, 110))
        office = OFFICE.code if rng.random() < RNY_SHARE else rng.choice(others)
        numbers[office] += 1
        section, code = rng.choices(KBLI, KBLI_WEIGHTS)[0]
        kbli = code if rng.random() < 0.85 else f"{code},{rng.choice(KBLI)[1]}"
        desa = rng.choice(DESA)
        applicant = hashlib.sha256(f"nik-{index}".encode()).hexdigest()
        due = calendar.due(received)
        clerk = rng.choice(OFFICERS[:2])
        row: dict[str, Any] = {
            "id": index, "case_no": f"{office}-{YEAR}-{numbers[office]:05d}",
            "office": office, "stage": "handed_over", "version": 1,
            "applicant_key": applicant, "open_key": None,
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "nik_masked": f"3508{rng.randrange(10**4):04d}******{rng.randrange(10**4):04d}",
            "sex": "P" if rng.random() < 0.56 else "L",
            "business_name": f"{rng.choice(SHOPS)} {rng.choice(LAST)}", "desa": desa,
            "kbli": kbli, "kbli_section": section,
            "scale": rng.choices(*SCALES)[0], "scale_policy": "sop",
            "risk": rng.choices(*RISKS)[0],
            "profile_path": f"profiles/pemohon-{index:05d}.yaml",
            "profile_sha256": hashlib.sha256(f"profile-{index}".encode()).hexdigest(),
            "requirements": {"formulir": True, "ktp": True, "email": True, "sku": True},
            "sku_number": f"474/{rng.randrange(1, 400)}/{YEAR}",
            "sku_date": (received - timedelta(days=rng.randrange(1, 30))).date(),
            "sku_desa": desa, "received_at": _utc(received), "due_at": _utc(due),
            "validated_at": None, "started_at": None, "nib_at": None, "archived_at": None,
            "handed_over_at": None, "closed_at": None, "received_by": clerk, "nib": None,
            "nib_by_hand": False, "seal_sha256": None, "reason": None, "late_entry": False,
        }
        moves = _fill(row, received, due, received.date() in last_days, rng)
        row["version"] = len(moves)
        row["late_entry"] = any(m["late_entry"] for m in moves)
        data.cases.append(row)
        data.moves.extend(moves)
    return data


def _fill(row: dict[str, Any], received: datetime, due: datetime, recent: bool,
          rng: random.Random) -> list[dict[str, Any]]:
    """The case's fate: its stage, its times after ``received`` and its moves."""
    case_id = row["id"]
    roll = rng.random()
    if recent and roll < 0.7:
        fate = rng.choice(["received", "validated", "in_progress", "nib_issued", "archived"])
    elif roll < 0.03:
        fate = "returned_at_counter"
    elif roll < 0.05:
        fate = "returned"
    elif roll < 0.065:
        fate = "cancelled"
    elif roll < 0.085:
        # stuck: open, most of them long past due (the late list)
        fate = rng.choice(["received", "validated", "in_progress", "nib_issued", "archived"])
    else:
        fate = "handed_over"
    receive = _move(case_id, "receive", None, "received", received, row["received_by"], rng)
    if fate == "returned_at_counter":
        receive["to_stage"] = "returned"
        row.update(stage="returned", due_at=None, closed_at=_utc(received),
                   requirements={"formulir": True, "ktp": True, "email": True, "sku": False},
                   reason="; ".join(rng.sample(REASONS, rng.choice([1, 1, 2]))))
        return [receive]
    moves = [receive]
    if fate == "returned":
        at = received + timedelta(hours=rng.uniform(0.5, 4))
        row.update(stage="returned", closed_at=_utc(at), reason=rng.choice(REASONS))
        moves.append(_move(case_id, "return", "received", "returned", at, OFFICERS[2], rng))
        return moves
    late = rng.random() < 0.10
    total = (due - received + timedelta(hours=rng.uniform(1, 40)) if late
             else timedelta(hours=rng.uniform(1.5, 6)))
    if received + total > NOW:
        total = (NOW - received) * rng.uniform(0.3, 0.95)
    steps = [("validate", "received", "validated", "validated_at", 0.15, OFFICERS[2]),
             ("start", "validated", "in_progress", "started_at", 0.2, rng.choice(OFFICERS[3:5])),
             ("nib", "in_progress", "nib_issued", "nib_at", 0.7, rng.choice(OFFICERS[3:5])),
             ("archive", "nib_issued", "archived", "archived_at", 0.8, OFFICERS[5]),
             ("hand_over", "archived", "handed_over", "handed_over_at", 1.0, row["received_by"])]
    stop = {"received": 0, "validated": 1, "in_progress": 2, "nib_issued": 3, "archived": 4,
            "cancelled": rng.randrange(0, 3), "handed_over": 5}[fate]
    for action, frm, to, column, share, by in steps[:stop]:
        at = received + total * share
        row[column] = _utc(at)
        moves.append(_move(case_id, action, frm, to, at, by, rng))
        row["stage"] = to
        if action == "nib":
            row["nib"] = f"{rng.randrange(10**12, 10**13)}"
            row["nib_by_hand"] = rng.random() < 0.1
        if action == "archive":
            row["seal_sha256"] = hashlib.sha256(row["case_no"].encode()).hexdigest()
    if fate == "cancelled":
        at = received + total * 0.5
        moves.append(_move(case_id, "cancel", row["stage"], "cancelled", at, OFFICERS[2], rng))
        row.update(stage="cancelled", closed_at=_utc(at), reason="pemohon membatalkan")
    elif fate != "handed_over":
        row["open_key"] = row["applicant_key"]
    return moves


EVENTS = {"receive": "case_received", "return": "case_returned", "validate": "case_validated",
          "start": "case_work_started", "nib": "case_nib_recorded", "archive": "case_archived",
          "hand_over": "case_handed_over", "cancel": "case_cancelled"}
FILLER = ["run_started", "page_opened", "field_filled", "field_filled", "field_filled",
          "step_done", "screenshot_saved", "run_finished"]


def _ts(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def write_audit_log(path: Path, data: Data, calendar: WorkCalendar, seed: int) -> None:
    """The year's audit log: a line per case move (its ``seq`` and ``hash`` given back to
    the transition), the operator's run events in between, and an ``audit_checkpoint``
    at the end (23:59 WIB) of each working day. Fake hashes: no valid chain."""
    rng = random.Random(seed + 1)
    case_no = {c["id"]: c["case_no"] for c in data.cases}
    # (time, order, what): what is a transition dict, a filler event name, or None (checkpoint)
    events: list[tuple[datetime, int, Any]] = [(m["entered_at"], 1, m) for m in data.moves]
    days = sorted({calendar.local(m["at"]).date() for m in data.moves})
    filler = max(AUDIT_LINES - len(events) - len(days), 0)
    for _ in range(filler):
        day = rng.choice(days)
        at = datetime.combine(day, clock_time(8), WIB) + timedelta(minutes=rng.uniform(0, 480))
        if at <= NOW:
            events.append((_utc(at), 1, rng.choice(FILLER)))
    events += [(_utc(datetime.combine(d, clock_time(23, 59), WIB)), 2, None)
               for d in days if d < NOW.date()]
    events.sort(key=lambda e: (e[0], e[1]))
    prev = "0" * 64
    with path.open("w", encoding="utf-8") as out:
        for seq, (at, _, what) in enumerate(events, start=1):
            record: dict[str, Any] = {"seq": seq, "ts": _ts(at), "level": "info"}
            if what is None:
                record.update(event="audit_checkpoint", office=OFFICE.name,
                              covers_seq=seq - 1, head_sha256=prev,
                              checkpoint=f"oss-assist checkpoint {OFFICE.name} seq={seq - 1} "
                                         f"head={prev} sig=FAKE{seq:08d}")
            elif isinstance(what, str):
                record.update(event=what, case_id=f"RNY-run-{seq % 997}",
                              operator="Operator OSS 1", office=OFFICE.name)
            else:
                record.update(event=EVENTS[what["action"]], case_id=case_no[what["case_id"]],
                              operator=what["by"], office=OFFICE.name,
                              stage_from=what["from_stage"], stage_to=what["to_stage"],
                              at=what["at"].isoformat())
            digest = hashlib.sha256(f"{prev}{seq}".encode()).hexdigest()
            record.update(prev=prev, hash=digest)
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
            prev = digest
            if isinstance(what, dict):
                what["audit_seq"], what["audit_hash"] = seq, digest
    data.audit_lines = len(events)


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start:start + BATCH]


def load(engine: Engine, data: Data) -> None:
    """Bulk-insert the cases and their moves (the schema is already there)."""
    with engine.begin() as connection:
        for rows in _batches(data.cases):
            connection.execute(insert(CaseRow), rows)
        for rows in _batches(data.moves):
            connection.execute(insert(TransitionRow), rows)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text(
                "select setval(pg_get_serial_sequence('cases', 'id'), max(id)) from cases"))
            connection.execute(text("select setval(pg_get_serial_sequence('transitions', "
                                    "'id'), max(id)) from transitions"))
        # an office server's autovacuum would have analysed a year's tables long ago
        with engine.connect() as connection:
            connection.execute(text("analyze"))
            connection.commit()


# --- the timings ------------------------------------------------------------------------


@dataclass
class Figure:
    best: float
    median: float
    note: str = ""


def timed(call: Callable[[], Any], runs: int) -> tuple[Figure, Any]:
    result = call()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return Figure(min(times), statistics.median(times)), result


def measure(url: str, folder: Path, data: Data, head: Letterhead, runs: int
            ) -> dict[str, Figure]:
    calendar = WorkCalendar()
    start = time.perf_counter()
    engine = open_engine(url)
    made = time.perf_counter() - start
    start = time.perf_counter()
    load(engine, data)
    filled = time.perf_counter() - start
    engine.dispose()
    print(f"  schema in {made:.2f} s, {len(data.cases):,} cases and {len(data.moves):,} "
          f"moves bulk-inserted in {filled:.2f} s (not counted)")

    start = time.perf_counter()
    engine = open_engine(url)
    register = Register(engine, office=OFFICE, archive_dir=folder / "arsip",
                        audit_log=folder / "audit.jsonl", calendar=calendar,
                        clock=lambda: NOW, before_move=None)
    with engine.connect() as connection:  # the first query: the connection is made
        connection.execute(text("select 1"))
    figures = {"open the register (existing database, once)":
               Figure(time.perf_counter() - start, time.perf_counter() - start)}

    def late_list(office: str | None) -> Callable[[], Any]:
        return lambda: register.cases(late=True, office=office)

    for label, call in (("case list --late (RNY)", late_list(None)),
                        ("case list --late (all offices)", late_list(ALL_OFFICES)),
                        ("case list (default, limit 200)", lambda: register.cases(limit=200))):
        figure, found = timed(call, runs)
        figure.note = f"{len(found):,} cases"
        figures[label] = figure

    june = month_period(f"{YEAR}-06")
    year = (date(YEAR, 1, 1), date(YEAR, 12, 31))
    recaps: dict[str, Any] = {}
    for label, period, office in (("recap 2026-06 (RNY)", june, None),
                                  ("recap 2026-06 (all offices)", june, ALL_OFFICES),
                                  ("recap 2026 year (all offices)", year, ALL_OFFICES)):
        figure, recap = timed(lambda p=period, o=office: build_recap(
            register, *p, letterhead=head, office=o), runs)
        figure.note = (f"{recap.received:,} received, {recap.handed_over:,} handed over, "
                       f"head seq {recap.audit_head_seq}")
        figures[label] = figure
        recaps[label] = recap

    month = recaps["recap 2026-06 (RNY)"]
    figure, sizes = timed(lambda: (len(recap_pdf(month)), len(recap_xlsx(month))), runs)
    figure.note = f"PDF {sizes[0] / 1024:.0f} KiB, XLSX {sizes[1] / 1024:.0f} KiB"
    figures["recap PDF + XLSX (2026-06, RNY)"] = figure
    engine.dispose()
    return figures


TARGETS = {
    "case list --late (RNY)": 1.0,
    "case list --late (all offices)": 1.0,
    "recap 2026-06 (RNY)": 1.0,
    "recap 2026-06 (all offices)": 1.0,
    "recap PDF + XLSX (2026-06, RNY)": 3.0,
}


def report(sqlite: dict[str, Figure], postgres: dict[str, Figure] | None) -> None:
    width = max(len(k) for k in sqlite)
    print()
    print(f"{'what':<{width}}  {'SQLite best/median':>20}  {'PostgreSQL best/median':>24}  "
          "target")
    print("-" * (width + 62))
    for label, figure in sqlite.items():
        pg = postgres.get(label) if postgres else None
        both = f"{figure.best:.3f} / {figure.median:.3f} s"
        other = f"{pg.best:.3f} / {pg.median:.3f} s" if pg else "n/a"
        target = TARGETS.get(label)
        verdict = ""
        if target is not None:
            worst = max([figure.median] + ([pg.median] if pg else []))
            verdict = f"< {target:.0f} s  {'ok' if worst < target else 'MISSED'}"
        print(f"{label:<{width}}  {both:>20}  {other:>24}  {verdict}")
    print()
    for label, figure in sqlite.items():
        if figure.note:
            pg = postgres.get(label) if postgres else None
            same = "" if pg is None or pg.note == figure.note else f"  (PostgreSQL: {pg.note})"
            print(f"  {label}: {figure.note}{same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (after one)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="oss-assist-bench-register-"))
    server = None
    try:
        calendar = WorkCalendar()
        start = time.perf_counter()
        data = make_data(args.cases, args.seed, calendar)
        write_audit_log(folder / "audit.jsonl", data, calendar, args.seed)
        print(f"generated {len(data.cases):,} cases ({len(data.moves):,} moves) and an audit "
              f"log of {data.audit_lines:,} lines "
              f"({(folder / 'audit.jsonl').stat().st_size / 2**20:.1f} MiB) in "
              f"{time.perf_counter() - start:.1f} s (not counted)")
        head = letterhead(load_settings(archive_dir=folder / "arsip",
                                        audit_log=folder / "audit.jsonl"))

        print("SQLite:")
        sqlite = measure(f"sqlite:///{(folder / 'register.sqlite3').as_posix()}", folder,
                         data, head, args.runs)
        postgres = None
        if not args.no_postgres:
            sys.path.insert(0, str(ROOT))
            pg = importlib.import_module("tests.postgres")
            bin_dir = pg.find_bin_dir()
            if bin_dir is None:
                print("PostgreSQL: no initdb/postgres found; skipped")
            else:
                print(f"PostgreSQL ({bin_dir}):")
                server = pg.start_server(bin_dir)
                with server.connect() as conn:
                    conn.execute('CREATE DATABASE "bench_register"')
                postgres = measure(server.url("bench_register"), folder, data, head,
                                   args.runs)
        rny = sum(c["office"] == OFFICE.code for c in data.cases)
        still_open = sum(c["open_key"] is not None for c in data.cases)
        print(f"\n{len(data.cases):,} cases ({rny:,} of RNY, {still_open:,} open), "
              f"{len(data.moves):,} moves, {data.audit_lines:,} audit lines; clock at "
              f"{NOW:%Y-%m-%d %H:%M} WIB")
        report(sqlite, postgres)
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
