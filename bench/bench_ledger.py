"""Benchmark: a province-scale ledger (1,000,000 pairs, 6,000,000 visits) on SQLite and PostgreSQL.

Builds the ledger of ``province_ledger.py`` in a temporary SQLite file and in a throwaway
PostgreSQL server (``tests/pg.py``), then measures on each, in one run on one machine:

1. Floors, written here without the library: a bare ``executemany`` of the imported
   units' visit rows (the 22 columns the import writes) into a table with no index or
   constraint, the same for narrow rows (unit, pair, date, mode), and ``COPY`` on
   PostgreSQL; and a hand-written window query (``LAG`` over each pair's visit rows) that
   finds every stretch longer than the shortest two months in the whole ledger.
2. ``import_visits`` from CSV: one file per county unit (a year of its visits, as clerks
   import them), about a million visits in all at ``--scale 1``, into the ledger that
   already holds the other units; the time in its ``executemany`` batches separately.
   And the whole ``activitymonth import visits`` command on one CSV of a million visits
   into an empty ledger (wall time and peak memory).
3. The rhythm rule for the whole province: ``gaps.long_stretches`` with the shortest
   length of 每两个月, then each candidate confirmed with ``tracking.too_long``.
4. One county plan (5,000 pairs) against the province ledger: ``tracking.track`` alone,
   the engine's rhythm rule (AM702, ``check --db``), and the whole ``activitymonth status``
   command (start-up, loading the plan and printing included).
5. Peak memory (``ru_maxrss``) of a fresh process for the province-wide rule, the status
   command and the import command, through ``bench_check.launch``.

Queries and ``status`` are best of ``--repeat``; the imports run once (a file is never
imported twice).

Usage: python bench/bench_ledger.py [--scale 1.0] [--repeat 2] [--seed 7]
       [--backends sqlite,postgresql] [--import-rows 1000000]
Prints a Markdown table with the goals beside the figures (rule ≤ 2× the window query on
the same database, status ≤ 5 s, import ≥ 250,000 visits/s, peak ≤ 500 MB). A missed goal
is reported, never an error. ``--scale 0.1`` (20 units) takes about two minutes; the full
run about twelve. The set-up (generating and bulk-loading the ledger) is not timed; its
duration is printed for information, with progress lines on standard error.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sqlite3
import sys
import tempfile
import time
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta

import activitymonth.ledger.visits_import as visits_import
from activitymonth.ledger import Ledger, PlanTargets, Source, import_visits, open_ledger
from activitymonth.ledger.gaps import long_stretches
from activitymonth.ledger.schema import visits
from activitymonth.load import LoadedPlan, load_plan
from activitymonth.rules import Config
from activitymonth.rules.engine import check
from activitymonth.schedule import Schedule, resolve
from activitymonth.tracking import shortest_days, too_long, track
from bench_check import Run, header, launch, verdict
from bench_load import best
from generate_county_plan import county_plan_text
from province_ledger import (
    CLERK,
    NOW,
    TODAY,
    Province,
    Variant,
    VisitRows,
    bulk_load,
    packed_visits,
    record_completions,
    variants,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from pg import PgServer, PgUnavailable, running_server

RULE_RATIO_GOAL = 2.0
STATUS_GOAL_S = 5.0
IMPORT_GOAL = 250_000
PEAK_GOAL_MB = 500.0
RHYTHM = relativedelta(months=2)
"""The county plan's pairing rhythm (每两个月至少一次)."""
RHYTHM_RULE = "AM702"
IMPORTED_SHARE = 1 / 6
"""Units whose visits go through ``import_visits``: 33 of 200, a million visits."""
COMMAND_ROWS = 1_000_000
"""Rows of the CSV the whole ``import visits`` command reads, at ``--scale 1``."""
COMMAND = Path(sys.executable).with_name("activitymonth")
PG_SETTINGS = {"shared_buffers": "1GB", "work_mem": "64MB", "max_wal_size": "4GB"}
"""A province server is given memory; PostgreSQL's defaults (128 MB, 4 MB) are for tiny
machines. ``fsync=off`` comes from tests/pg.py: the set-up is not what is measured."""

FLOOR_SQL = {
    "sqlite": (
        "SELECT unit, plan_id, pair_key, previous, visit_date FROM ("
        " SELECT unit, plan_id, pair_key, visit_date, LAG(visit_date) OVER ("
        "  PARTITION BY unit, plan_id, pair_key ORDER BY visit_date) AS previous"
        " FROM visits)"
        " WHERE julianday(visit_date) - julianday(previous) > :days"
    ),
    "postgresql": (
        "SELECT unit, plan_id, pair_key, previous, visit_date FROM ("
        " SELECT unit, plan_id, pair_key, visit_date, LAG(visit_date) OVER ("
        "  PARTITION BY unit, plan_id, pair_key ORDER BY visit_date) AS previous"
        " FROM visits) AS steps"
        " WHERE visit_date - previous > :days"
    ),
}
"""The floor: every stretch between consecutive visit rows of a pair longer than ``days``,
as one would write it by hand (every row counts, corrected and withdrawn ones too)."""


@dataclass
class Figures:
    """Everything measured on one database."""

    backend: str
    setup_s: float = 0.0
    rows: int = 0
    live: int = 0
    bare_insert: float = 0.0
    """rows/s of ``executemany`` of visit rows into an unindexed table"""
    bare_narrow: float = 0.0
    bare_copy: float | None = None
    floor_s: float = 0.0
    floor_found: int = 0
    imported: int = 0
    import_s: float = 0.0
    import_write_s: float = 0.0
    import_command: Run | None = None
    command_rows: int = 0
    candidates_s: float = 0.0
    candidates: int = 0
    confirm_s: float = 0.0
    confirmed: int = 0
    track_s: float = 0.0
    off_rhythm: int = 0
    engine_s: float = 0.0
    engine_findings: int = 0
    status: Run | None = None
    rule_peak: Run | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def rule_s(self) -> float:
        return self.candidates_s + self.confirm_s


@dataclass(frozen=True)
class Setting:
    """What every database of one run shares: the plan, the province, its packed visits."""

    folder: Path
    plan: Path
    loaded: LoadedPlan
    schedule: Schedule
    province: Province
    imported: range
    """Units whose visits come in through ``import_visits`` (timed)."""
    loaded_units: tuple[int, ...]
    """Units bulk-loaded (set-up), unit 0 (the county ``status`` reads) among them."""
    buckets: list[array[int]]
    table: tuple[Variant, ...]
    args: argparse.Namespace

    @classmethod
    def of(cls, folder: Path, args: argparse.Namespace) -> Setting:
        plan = folder / "county.yaml"
        plan.write_text(county_plan_text(1.0, args.seed), encoding="utf-8")
        loaded = load_plan(plan)
        schedule = resolve(loaded)
        province = Province.of(schedule, args.scale, args.seed)
        count = len(province.units)
        imported = range(1, 1 + max(1, round(count * IMPORTED_SHARE)))
        loaded_units = (0, *range(imported.stop, count))
        log(f"{count} units × {len(province.pairs)} pairs; generating visits")
        buckets = packed_visits(province, loaded_units)
        return cls(
            folder,
            plan,
            loaded,
            schedule,
            province,
            imported,
            loaded_units,
            buckets,
            variants(args.seed),
            args,
        )


# -- the measured steps ----------------------------------------------------------------


def province_rule(conn: sa.Connection) -> tuple[float, int, float, int]:
    """The rhythm rule over every pair of the province: database candidates, then the
    calendar check of each. Returns (query s, candidates, confirm s, confirmed)."""
    began = time.perf_counter()
    stretches = long_stretches(conn, longer_than=shortest_days(RHYTHM))
    queried = time.perf_counter() - began
    began = time.perf_counter()
    confirmed = sum(1 for s in stretches if too_long(s.previous, s.next, RHYTHM))
    return queried, len(stretches), time.perf_counter() - began, confirmed


def floor_query(conn: sa.Connection) -> list[Any]:
    sql = sa.text(FLOOR_SQL[conn.dialect.name])
    return conn.execute(sql, {"days": shortest_days(RHYTHM)}).all()


def bare_rates(ledger: Ledger, rows: list[tuple[Any, ...]]) -> tuple[float, float, float | None]:
    """rows/s of ``executemany`` into a table shaped like ``visits`` with no index or
    constraint, of the same into a table of four columns, and of ``COPY`` (PostgreSQL).
    The tables are ordinary ones in the ledger's database (a temporary table would skip
    the write-ahead log), created in one transaction that is rolled back."""
    columns = [c.name for c in visits.c if c.name != "id"]
    narrow_columns = ["unit", "pair_key", "visit_date", "mode"]
    narrow = [(r[1], r[7], r[9], r[10]) for r in rows]
    with ledger.engine.connect() as conn:
        raw: Any = conn.connection.dbapi_connection
        sqlite = isinstance(raw, sqlite3.Connection)
        cursor = raw.cursor()
        mark = "?" if sqlite else "%s"
        if sqlite:
            cursor.execute("BEGIN")
        for name, shape in (("bench_bare", columns), ("bench_narrow", narrow_columns)):
            cursor.execute(
                f"CREATE TABLE {name} AS SELECT {', '.join(shape)} FROM visits WHERE 1 = 0"
            )

        def rate(table: str, shape: list[str], data: list[tuple[Any, ...]]) -> float:
            marks = ", ".join(mark for _ in shape)
            sql = f"INSERT INTO {table} ({', '.join(shape)}) VALUES ({marks})"
            began = time.perf_counter()
            cursor.executemany(sql, data)
            return len(data) / (time.perf_counter() - began)

        wide = rate("bench_bare", columns, rows)
        slim = rate("bench_narrow", narrow_columns, narrow)
        copied = None
        if not sqlite:
            cursor.execute("TRUNCATE bench_bare")
            began = time.perf_counter()
            with cursor.copy(f"COPY bench_bare ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            copied = len(rows) / (time.perf_counter() - began)
        raw.rollback()
        cursor.close()
    return wide, slim, copied


@contextmanager
def timed_writes() -> Iterator[list[float]]:
    """Seconds spent in the import's ``executemany`` batches (``visits_import.write_batch``,
    a function of its own), so the import's time splits into checking and writing."""
    spent: list[float] = []
    original = visits_import.write_batch

    def write_batch(*args: Any) -> None:
        began = time.perf_counter()
        original(*args)
        spent.append(time.perf_counter() - began)

    visits_import.write_batch = write_batch  # type: ignore[assignment]
    try:
        yield spent
    finally:
        visits_import.write_batch = original


def unit_targets(schedule: Schedule, unit: str) -> PlanTargets:
    """The county plan as another unit of the province would have written it."""
    plan = schedule.plan.model_copy(update={"unit": unit})
    return PlanTargets(dataclasses.replace(schedule, plan=plan))


def import_units(ledger: Ledger, setting: Setting) -> tuple[int, float, float]:
    """``import_visits`` of each imported unit's CSV (written beforehand); returns
    (visits, seconds, seconds in executemany)."""
    province = setting.province
    files = []
    for unit in setting.imported:
        path = setting.folder / f"visits-{unit:03d}.csv"
        path.write_text(province.csv_text(unit, setting.table), encoding="utf-8")
        files.append((unit_targets(setting.schedule, province.units[unit]), path))
    total = 0
    seconds = 0.0
    with timed_writes() as writes:
        for targets, path in files:
            began = time.perf_counter()
            summary = import_visits(ledger, targets, Source.read(path), by=CLERK, now=NOW)
            seconds += time.perf_counter() - began
            total += summary.written
    for _, path in files:
        path.unlink()
    return total, seconds, sum(writes)


def engine_rule(setting: Setting, ledger: Ledger) -> list[Any]:
    """The engine's rhythm rule alone on the county plan, as ``check --db`` runs it (the
    plan's progress read from the ledger included)."""
    config = Config(select=(RHYTHM_RULE,))
    return check(setting.loaded, config, today=TODAY, schedule=setting.schedule, ledger=ledger)


# -- child processes (their peak memory is measured) -----------------------------------


def child(location: str) -> int:
    """The province-wide rule in a fresh process; prints what it found."""
    ledger = open_ledger(location)
    with ledger.read() as conn:
        _, candidates, _, confirmed = province_rule(conn)
    ledger.close()
    print(json.dumps({"candidates": candidates, "confirmed": confirmed}))
    return 0


def launched(command: list[str], output: Path, figures: Figures, what: str) -> Run:
    run = launch(command, output)
    if run.exit:
        figures.notes.append(f"{what} exited with {run.exit}")
    return run


# -- one database ----------------------------------------------------------------------


def measure(figures: Figures, location: str, scratch: str, setting: Setting) -> Figures:
    province, repeat, folder = setting.province, setting.args.repeat, setting.folder
    began = time.perf_counter()
    ledger = open_ledger(location)
    loaded = bulk_load(ledger, province, setting.loaded_units, setting.buckets, setting.table)
    record_completions(ledger, setting.schedule, province.seed)
    figures.setup_s = time.perf_counter() - began
    log(f"{figures.backend}: set-up {loaded.rows:,} rows in {figures.setup_s:.0f} s")

    # Floors of writing: the imported units' own rows, converted as the import converts them.
    maker = VisitRows(province, ledger, setting.table)
    codes = array("q", sorted(c for b in packed_visits(province, setting.imported) for c in b))
    audit_ids = dict.fromkeys(setting.imported, 1)
    rows = [row[1:] for row in maker.rows(codes, 1, audit_ids) if row[5] is None]
    figures.bare_insert, figures.bare_narrow, figures.bare_copy = bare_rates(ledger, rows)
    del rows, codes

    figures.imported, figures.import_s, figures.import_write_s = import_units(ledger, setting)
    log(f"{figures.backend}: import {figures.imported / figures.import_s:,.0f} visits/s")
    if ledger.dialect == "postgresql":  # what autovacuum does to an append-only table
        with ledger.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    with ledger.read() as conn:
        figures.rows = conn.execute(sa.select(sa.func.count()).select_from(visits)).scalar_one()
        figures.live = conn.execute(
            sa.text(
                "SELECT count(*) FROM visits v WHERE kind = 'done' AND NOT EXISTS "
                "(SELECT 1 FROM visits l WHERE l.supersedes = v.id)"
            )
        ).scalar_one()
        figures.floor_s, found = best(repeat, lambda: floor_query(conn))
        figures.floor_found = len(found)
        del found
        log(f"{figures.backend}: floor {figures.floor_s:.2f} s")
        runs = [province_rule(conn) for _ in range(repeat)]
        fastest = min(runs, key=lambda r: r[0] + r[2])
        figures.candidates_s, figures.candidates, figures.confirm_s, figures.confirmed = fastest
        log(f"{figures.backend}: rule {figures.rule_s:.2f} s")
        figures.track_s, progress = best(
            repeat, lambda: track(setting.schedule, setting.loaded.catalog, conn, TODAY)
        )
        figures.off_rhythm = len(progress.off_rhythm())
    figures.engine_s, findings = best(repeat, lambda: engine_rule(setting, ledger))
    figures.engine_findings = len(findings)
    ledger.close()

    status = [str(COMMAND), "status", str(setting.plan), "--db", location, "--today"]
    runs = [
        launched([*status, TODAY.isoformat()], folder / "status.out", figures, "status")
        for _ in range(repeat)
    ]
    figures.status = Run(
        max(run.exit for run in runs),
        min(run.wall for run in runs),
        max(run.peak_mb for run in runs),
    )
    rule = [sys.executable, __file__, "--child", "--db", location]
    figures.rule_peak = launched(rule, folder / "rule.out", figures, "the rule's process")

    # The whole import command on one large CSV, into an empty ledger of its own.
    big = folder / "visits-big.csv"
    big.write_text(
        province.repeated_csv_text(setting.args.import_rows, setting.table), encoding="utf-8"
    )
    command = [str(COMMAND), "import", "visits", str(setting.plan), str(big), "--db", scratch]
    figures.import_command = launched(
        [*command, "--by", CLERK], folder / "import.out", figures, "import visits"
    )
    figures.command_rows = setting.args.import_rows
    big.unlink()
    log(f"{figures.backend}: done")
    return figures


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- report ----------------------------------------------------------------------------


def report(results: Sequence[Figures], setting: Setting, load: str) -> None:
    args, province = setting.args, setting.province
    print(f"{header(args.repeat)}; load average {load}")
    print(
        f"Province at scale {args.scale:g}, seed {args.seed}: {len(province.units)} units × "
        f"{len(province.pairs):,} pairs, judged on {TODAY}; "
        f"{len(setting.imported)} unit(s) imported through `import_visits`"
    )
    print()
    print("| | " + " | ".join(f.backend for f in results) + " | goal |")
    print("| --- |" + " ---: |" * len(results) + " --- |")

    def row(name: str, cell: Callable[[Figures], str], goal: str = "") -> None:
        print(f"| {name} | " + " | ".join(cell(f) for f in results) + f" | {goal} |")

    def per_second(count: float, seconds: float) -> str:
        return f"{count / seconds:,.0f}/s"

    row("visit rows (live visits)", lambda f: f"{f.rows:,} ({f.live:,})")
    row("set-up, not measured", lambda f: f"{f.setup_s:.0f} s")
    row("floor: bare `executemany`, 22 columns", lambda f: f"{f.bare_insert:,.0f}/s")
    row("floor: bare `executemany`, 4 columns", lambda f: f"{f.bare_narrow:,.0f}/s")
    row("floor: bare `COPY`, 22 columns", lambda f: f"{f.bare_copy:,.0f}/s" if f.bare_copy else "–")
    row(
        "`import_visits`, a CSV per county",
        lambda f: (
            f"{per_second(f.imported, f.import_s)} {verdict(IMPORT_GOAL, f.imported / f.import_s)}"
        ),
        f"≥ {IMPORT_GOAL:,}/s",
    )
    row(
        "… checking the rows / `executemany`",
        lambda f: (
            f"{f.import_s - f.import_write_s:.1f} s / {f.import_write_s:.1f} s "
            f"({per_second(f.imported, f.import_write_s)})"
        ),
    )
    row("`activitymonth import visits`, one CSV, whole command", _command_rate)
    row(
        "floor: hand-written LAG query",
        lambda f: f"{f.floor_s:.2f} s ({f.floor_found:,} stretches)",
    )
    row(
        "rule: `long_stretches`, whole ledger",
        lambda f: f"{f.candidates_s:.2f} s ({f.candidates:,} candidates)",
    )
    row("rule: `too_long` on each", lambda f: f"{f.confirm_s:.2f} s ({f.confirmed:,} kept)")
    row(
        "rule / floor",
        lambda f: f"{f.rule_s / f.floor_s:.2f}× {verdict(f.rule_s / f.floor_s, RULE_RATIO_GOAL)}",
        f"≤ {RULE_RATIO_GOAL:g}×",
    )
    row(
        "`tracking.track`, one county",
        lambda f: f"{f.track_s:.2f} s ({f.off_rhythm:,} pairs off rhythm)",
    )
    row(
        f"engine rule {RHYTHM_RULE}, one county",
        lambda f: f"{f.engine_s:.2f} s ({f.engine_findings:,} findings)",
    )
    row(
        "`activitymonth status`, whole process",
        lambda f: (
            f"{f.status.wall:.2f} s {verdict(f.status.wall, STATUS_GOAL_S)}" if f.status else "–"
        ),
        f"≤ {STATUS_GOAL_S:g} s",
    )
    row(
        "peak MB: province rule / status / import",
        _peaks,
        f"≤ {PEAK_GOAL_MB:g} MB",
    )
    print()
    for f in results:
        for note in f.notes:
            print(f"- {f.backend}: {note}")


def _load() -> str:
    """The 1, 5 and 15 minute load averages: other work on the machine slows every figure."""
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def _command_rate(f: Figures) -> str:
    run = f.import_command
    if run is None or run.exit:
        return "failed"
    return f"{f.command_rows / run.wall:,.0f}/s ({f.command_rows:,} in {run.wall:.1f} s)"


def _peaks(f: Figures) -> str:
    runs = [run for run in (f.rule_peak, f.status, f.import_command) if run is not None]
    shown = " / ".join(f"{run.peak_mb:.0f}" for run in runs)
    return f"{shown} {verdict(max(run.peak_mb for run in runs), PEAK_GOAL_MB)}"


# -- main ------------------------------------------------------------------------------


@contextmanager
def postgres_server() -> Iterator[PgServer | None]:
    try:
        with running_server(PG_SETTINGS) as server:
            yield server
    except PgUnavailable as error:
        log(f"PostgreSQL left out: {error}")
        yield None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="200 units × scale")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--import-rows", type=int, default=None, metavar="N")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.db)
    if args.repeat < 1 or args.scale * 200 < 2:
        parser.error("--repeat must be at least 1 and --scale at least 0.01 (two units)")
    if args.import_rows is None:
        args.import_rows = max(1000, round(COMMAND_ROWS * min(args.scale, 1)))
    backends = {name.strip() for name in args.backends.split(",")}
    results: list[Figures] = []
    began = _load()
    with tempfile.TemporaryDirectory(prefix="am-bench-ledger-") as name:
        setting = Setting.of(Path(name), args)
        if "sqlite" in backends:
            folder = setting.folder
            ledger, scratch = folder / "province.sqlite", folder / "import.sqlite"
            results.append(measure(Figures("SQLite"), str(ledger), str(scratch), setting))
            for used in folder.glob("*.sqlite*"):
                used.unlink()
        if "postgresql" in backends:
            with postgres_server() as server:
                if server is not None:
                    location, scratch_db = server.new_database(), server.new_database()
                    figures = Figures("PostgreSQL")
                    results.append(
                        measure(figures, server.url(location), server.url(scratch_db), setting)
                    )
        report(results, setting, f"{began} at the start, {_load()} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
