"""Benchmark: the constraint engine (``activitymonth check``) on county plans and a dense month.

Measures in one run on one machine (best of ``--repeat``, wall time, a full collection
before each timed call):

1. The county plan of ``generate_county_plan.py`` at each ``--scales`` (1, 2 and 10 by
   default): ``resolve(load_plan(path))`` for reference; ``check(loaded, Config(),
   today=...)``, every rule with the default configuration, which resolves the plan itself
   as the command does (the time beyond loading); the rules alone on a schedule resolved
   beforehand; the peak memory of a fresh process that loads and checks the plan
   (``ru_maxrss``); the findings by code; and how the check time grows with the scale.
2. The month plan of ``generate_month_plan.py`` (20,000 timed events, 5,000 people, planted
   clashes): the WHOLE ``activitymonth check FILE --format json`` process, start-up
   included (wall time and ``ru_maxrss``), the YAML floor of the file (``CSafeLoader``,
   collector paused and running), where the command's time goes, and whether every planted
   double booking is reported as AM303, no touching pair is, and every planted venue clash
   is reported as AM601.

Usage: python bench/bench_check.py [--scales 1,2,10] [--repeat 3] [--profile 25] [--seed 7]
Prints Markdown tables with the goals beside the figures (check ≤ 1.5 s at scale 1; doubling
the plan ≤ 2.3× the time; peak ≤ 500 MB; the month's whole command ≤ 3 s). A missed goal,
or a planted clash the checker misses, is reported, never an error: the exit status is
non-zero only when something fails to run.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import math
import os
import platform
import pstats
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from activitymonth.load import LoadedPlan, load_plan
from activitymonth.rules import Config
from activitymonth.rules.engine import check
from activitymonth.rules.output import json_format
from activitymonth.rules.rule import REGISTRY, load_builtin_rules
from activitymonth.rules.suppress import apply_suppressions
from activitymonth.schedule import Schedule, resolve
from bench_load import best, megabytes, parse_floor
from generate_county_plan import Counts, county_plan_text
from generate_month_plan import DOUBLE_BOOKINGS, TOUCHING, Kind, MonthPlan, month_plan

CHECK_GOAL_S = 1.5
DOUBLING_GOAL = 2.3
PEAK_GOAL_MB = 500.0
MONTH_GOAL_S = 3.0
SLOWEST = 4
"""How many of the slowest rules are named per scale."""
TODAY = date(2026, 7, 1)
"""The county plan covers 2026: judged at mid-year, the overdue rule (AM211) runs too."""
COMMAND = Path(sys.executable).with_name("activitymonth")

# Linux carries ``ru_maxrss`` across fork and exec: a child started straight from this
# process would report this process's peak. A small launcher runs the measured command
# instead and reports its wall time and its own children's peak.
_LAUNCHER = """
import json, resource, subprocess, sys, time
began = time.perf_counter()
with open(sys.argv[1], "wb") as out:
    code = subprocess.call(sys.argv[2:], stdout=out)
wall = time.perf_counter() - began
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"exit": code, "wall": wall, "peak_kb": peak}))
"""


@dataclass(frozen=True)
class Run:
    """One launched process: its exit status, wall time (start-up included) and peak."""

    exit: int
    wall: float
    peak_mb: float


def launch(command: list[str], output: Path) -> Run:
    """Run ``command`` through the launcher, its standard output into ``output``."""
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, str(output), *command],
        check=True,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return Run(figures["exit"], figures["wall"], megabytes(figures["peak_kb"]))


def verdict(value: float, goal: float) -> str:
    return "met" if value <= goal else "MISSED"


def header(repeat: int) -> str:
    return (
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"{date.today()}, best of {repeat}"
    )


# -- part 1: county plans --------------------------------------------------------------


@dataclass(frozen=True)
class CountyFigures:
    scale: float
    megabytes: float
    occurrences: int
    load_resolve: float
    check: float
    rules: float
    peak_mb: float
    findings: Counter[str]
    slowest: list[tuple[str, float, int]]


def peak_of(path: Path) -> int:
    """Child side of the memory measurement: load and check once, print the findings by
    code as JSON (the launcher reports the peak)."""
    findings = check(load_plan(path), Config(), today=TODAY)
    print(json.dumps(Counter(finding.code for finding in findings)))
    return 0


def time_check(path: Path, repeat: int) -> tuple[float, float]:
    """``check()`` on a loaded plan (it resolves the plan, as the command does), and the
    rules alone on a schedule resolved beforehand."""
    loaded = load_plan(path)
    check_time, _ = best(repeat, lambda: check(loaded, Config(), today=TODAY))
    resolved = resolve(loaded.plan, loaded.catalog, strict=False)
    rules_time, _ = best(repeat, lambda: check(loaded, Config(), today=TODAY, schedule=resolved))
    return check_time, rules_time


def measure_county(scale: float, seed: int, repeat: int, folder: Path) -> CountyFigures:
    path = folder / f"county-{scale:g}.yaml"
    text = county_plan_text(scale, seed)
    path.write_text(text, encoding="utf-8")
    load_resolve, schedule = best(repeat, lambda: resolve(load_plan(path)))
    occurrences = len(schedule.occurrences)
    del schedule
    check_time, rules_time = time_check(path, repeat)
    slowest = rule_times(load_plan(path), TODAY, 1)[:SLOWEST]
    gc.collect()
    counts = folder / "counts.json"
    run = launch([sys.executable, __file__, "--peak-of", str(path)], counts)
    if run.exit:
        raise RuntimeError(f"the memory run of scale {scale:g} failed (exit {run.exit})")
    findings = Counter(json.loads(counts.read_text(encoding="utf-8")))
    return CountyFigures(
        scale,
        len(text.encode("utf-8")) / 1e6,
        occurrences,
        load_resolve,
        check_time,
        rules_time,
        run.peak_mb,
        findings,
        slowest,
    )


def report_county(figures: list[CountyFigures], seed: int) -> None:
    print(f"## County plans (generate_county_plan.py, seed {seed}, check with today={TODAY})")
    print()
    print(
        "| scale | YAML | occurrences | load+resolve (s) | `check()` (s) | rules alone (s) "
        "| peak (MB) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for f in figures:
        counts = Counts.at(f.scale)
        print(
            f"| {f.scale:g} ({counts.people} people, {counts.activities} activities) "
            f"| {f.megabytes:.1f} MB | {f.occurrences} | {f.load_resolve:.3f} | {f.check:.3f} "
            f"| {f.rules:.3f} | {f.peak_mb:.0f} |"
        )
    print()
    base = next((f for f in figures if f.scale == 1), None)
    if base is not None:
        print(
            f"- `check()` at scale 1: {base.check:.3f} s "
            f"(goal ≤ {CHECK_GOAL_S:g} s: {verdict(base.check, CHECK_GOAL_S)})"
        )
        for f in figures:
            if f.scale <= 1:
                continue
            growth = f.check / base.check
            per_doubling = growth ** (1 / math.log2(f.scale))
            print(
                f"- time(scale {f.scale:g}) / time(scale 1): {growth:.2f}×, "
                f"{per_doubling:.2f}× per doubling "
                f"(goal ≤ {DOUBLING_GOAL:g}×: {verdict(per_doubling, DOUBLING_GOAL)})"
            )
    for f in figures:
        rules = ", ".join(f"{code} {sec:.2f} s ({n} findings)" for code, sec, n in f.slowest)
        print(f"- slowest rules at scale {f.scale:g} (each alone, one run): {rules}")
    worst = max(figures, key=lambda f: f.peak_mb)
    print(
        f"- largest peak: {worst.peak_mb:.0f} MB at scale {worst.scale:g} "
        f"(goal ≤ {PEAK_GOAL_MB:g} MB: {verdict(worst.peak_mb, PEAK_GOAL_MB)}); "
        + ", ".join(f"scale {f.scale:g}: {verdict(f.peak_mb, PEAK_GOAL_MB)}" for f in figures)
    )
    print()
    codes = sorted({code for f in figures for code in f.findings})
    print("Findings by code:")
    print()
    print("| code | " + " | ".join(f"scale {f.scale:g}" for f in figures) + " |")
    print("| --- | " + " | ".join("---:" for _ in figures) + " |")
    for code in codes:
        print(f"| {code} | " + " | ".join(str(f.findings[code]) for f in figures) + " |")
    print("| total | " + " | ".join(str(f.findings.total()) for f in figures) + " |")
    print()


# -- part 2: the month plan ------------------------------------------------------------

_TITLE = re.compile(r"「([^」]+)」")
_ITEM = re.compile(r"activities\[([^\]]+)\]")
OVERLAP_MARK = "同时又要参加"
"""In AM303's Chinese message for two activities at the same time."""
TRAVEL_MARK = "路上需要"
"""In AM303's Chinese message for too little time to travel between two places (the
rule's ``travel_buffer``): a different finding from a double booking."""


@dataclass(frozen=True)
class Verification:
    """What the command reported about each planted pair, and what it reported besides."""

    rows: list[tuple[str, int, str, int, int, int]]
    double_planted: int
    double_reported: int
    touching_planted: int
    touching_as_overlap: int
    travel_expected: int
    travel_reported: int
    venue_planted: int
    venue_reported: int
    unplanted: Counter[str]
    oracle_pairs: int
    oracle_matches: bool


def named(finding: dict[str, object], ids_by_title: dict[str, str]) -> frozenset[str]:
    """The events a finding names: by id in its path, by title in its message."""
    ids = set(_ITEM.findall(str(finding.get("path") or "")))
    message = str(finding["message"])
    ids.update(ids_by_title[title] for title in _TITLE.findall(message) if title in ids_by_title)
    return frozenset(ids)


def overlapping_pairs(schedule: Schedule) -> set[frozenset[str]]:
    """Pairs of activities that share a person at overlapping times, straight from the
    resolved schedule: the oracle the planted pairs are checked against, independent of
    the rule. Per person, occurrences sorted by start; each is compared with the later ones
    that start before it ends."""
    people_of = {activity.id: activity.people for activity in schedule.plan.activities}
    by_person: dict[str, list[tuple[object, object, str]]] = defaultdict(list)
    for o in schedule.occurrences:
        if not o.all_day:
            for person in people_of.get(o.item_id, ()):
                by_person[person].append((o.start, o.end, o.item_id))
    found: set[frozenset[str]] = set()
    for slots in by_person.values():
        slots.sort(key=lambda slot: slot[0])  # type: ignore[arg-type, return-value]
        for i, (_, end, item) in enumerate(slots):
            for start, _, other in slots[i + 1 :]:
                if start >= end:  # type: ignore[operator]
                    break
                if other != item:
                    found.add(frozenset((item, other)))
    return found


def verify(plan: MonthPlan, findings: list[dict[str, object]], schedule: Schedule) -> Verification:
    events = {event.id: event for event in plan.events}
    ids_by_title = {event.title: event.id for event in plan.events}
    overlap: set[frozenset[str]] = set()
    travel: set[frozenset[str]] = set()
    venue: set[frozenset[str]] = set()
    unknown = 0
    for finding in findings:
        ids = named(finding, ids_by_title)
        if finding["code"] == "AM303":
            message = str(finding["message"])
            if OVERLAP_MARK in message:
                overlap.add(ids)
            elif TRAVEL_MARK in message:
                travel.add(ids)
            else:
                unknown += 1
        elif finding["code"] == "AM601":
            venue.add(ids)

    def travel_expected(pair: frozenset[str]) -> bool:
        first, second = (events[i].venue for i in pair)
        return first is not None and second is not None and first != second

    rows = []
    for kind in Kind:
        planted = [frozenset((p.first, p.second)) for p in plan.planted if p.kind == kind]
        if kind.is_double_booking:
            expected = "AM303 overlap"
        elif kind == Kind.VENUE:
            expected = "AM601"
        else:
            moves = sum(travel_expected(pair) for pair in planted)
            expected = f"nothing; AM303 travel for the {moves} in different places"
        rows.append(
            (
                kind.value,
                len(planted),
                expected,
                sum(pair in overlap for pair in planted),
                sum(pair in travel for pair in planted),
                sum(pair in venue for pair in planted),
            )
        )
    doubles = {frozenset((p.first, p.second)) for p in plan.planted if p.kind in DOUBLE_BOOKINGS}
    touching = [frozenset((p.first, p.second)) for p in plan.planted if p.kind in TOUCHING]
    venues = {frozenset((p.first, p.second)) for p in plan.planted if p.kind == Kind.VENUE}
    moving = {pair for pair in touching if travel_expected(pair)}
    unplanted = Counter(
        {
            "AM303 overlap": len(overlap - doubles),
            "AM303 travel": len(travel - moving),
            "AM601": len(venue - venues),
            "AM303 of neither message": unknown,
        }
    )
    oracle = overlapping_pairs(schedule)
    return Verification(
        rows,
        len(doubles),
        len(doubles & overlap),
        len(touching),
        sum(pair in overlap for pair in touching),
        len(moving),
        len(moving & travel),
        len(venues),
        len(venues & venue),
        +unplanted,
        len(oracle),
        oracle == doubles,
    )


def command_steps(path: Path, repeat: int) -> list[tuple[str, float]]:
    """Where the command's time goes, step by step in this process (best of ``repeat``):
    what ``activitymonth check --format json`` does after its imports."""
    load_time, loaded = best(repeat, lambda: load_plan(path))
    check_time, found = best(repeat, lambda: check(loaded, Config()))
    suppress_time, kept = best(repeat, lambda: apply_suppressions(found, loaded, config=Config()))
    render_time, _ = best(repeat, lambda: json_format.render(kept, files=[str(path)]))
    return [
        ("`load_plan`", load_time),
        ("`check()` (resolve + every rule)", check_time),
        ("suppressions", suppress_time),
        ("JSON output", render_time),
    ]


_PHASES = {
    "load_plan": "load_plan",
    "resolve": "resolve",
    "_run": "rules",
    "apply_suppressions": "suppressions",
    "render": "output",
}
"""Functions of the command's steps; a collection is put down to the innermost one running."""


def _phase() -> str:
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_name in _PHASES:
            return _PHASES[frame.f_code.co_name]
        frame = frame.f_back  # type: ignore[assignment]
    return "start-up"


def collector_of(path: Path) -> int:
    """Child side of the collector measurement: run ``activitymonth check PATH --format
    json`` in this interpreter with every cyclic collection timed (``gc.callbacks``); print
    the total and the largest collections, with the generation and the step they
    interrupted, as JSON."""
    from activitymonth.cli import cli

    began: list[float] = []
    spent: list[tuple[float, int, str]] = []

    def track(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            began.append(time.perf_counter())
        else:
            spent.append((time.perf_counter() - began.pop(), info["generation"], _phase()))

    gc.callbacks.append(track)
    try:
        cli.main(["check", str(path), "--format", "json", "-o", os.devnull])
    except SystemExit:
        pass
    finally:
        gc.callbacks.remove(track)
    print(
        json.dumps(
            {
                "total": sum(s for s, _, _ in spent),
                "count": len(spent),
                "largest": sorted(spent, reverse=True)[:3],
            }
        )
    )
    return 0


def collector_line(path: Path) -> str:
    done = subprocess.run(
        [sys.executable, __file__, "--collector-of", str(path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    largest = ", ".join(
        f"{seconds:.2f} s (generation {generation}, during {step})"
        for seconds, generation, step in figures["largest"]
    )
    return (
        f"- cyclic gc inside the command (one run, `gc.callbacks`): {figures['total']:.2f} s "
        f"in {figures['count']} collections; the largest: {largest}"
    )


def report_month(args: argparse.Namespace, folder: Path) -> MonthPlan:
    plan = month_plan(seed=args.seed)
    path = folder / "month.yaml"
    text = plan.text()
    path.write_text(text, encoding="utf-8")
    floor_paused, _ = best(args.repeat, lambda: parse_floor(text, collector=False))
    floor_running, _ = best(args.repeat, lambda: parse_floor(text, collector=True))
    output = folder / "month.json"
    startup = [launch([str(COMMAND), "check", "--help"], folder / "help.txt") for _ in range(3)]
    command = [str(COMMAND), "check", str(path), "--format", "json"]
    runs = [launch(command, output) for _ in range(args.repeat)]
    if any(run.exit not in (0, 1) for run in runs):
        raise RuntimeError(f"activitymonth check failed: exit {[run.exit for run in runs]}")
    document = json.loads(output.read_text(encoding="utf-8"))
    findings: list[dict[str, object]] = document["findings"]
    schedule = resolve(load_plan(path))
    checked = verify(plan, findings, schedule)
    steps = command_steps(path, args.repeat)
    wall = min(run.wall for run in runs)
    peak = max(run.peak_mb for run in runs)
    recurring = sum(event.weekday is not None for event in plan.events)

    print("## Month plan (generate_month_plan.py): the whole `check` command")
    print()
    print(
        f"{len(plan.events)} events ({recurring} weekly series), {len(schedule.occurrences)} "
        f"occurrences, {len(plan.county.people)} people, 2026-09-14 – 2026-10-13 "
        f"(中秋节 and 国庆节 inside); {len(text.encode('utf-8')) / 1e6:.2f} MB of YAML"
    )
    print()
    print("| step | wall time (s) |")
    print("| --- | ---: |")
    print(f"| YAML floor: CSafeLoader, gc paused | {floor_paused:.3f} |")
    print(f"| YAML floor: CSafeLoader, gc running | {floor_running:.3f} |")
    print(f"| start-up: `activitymonth check --help` | {min(r.wall for r in startup):.3f} |")
    for step, seconds in steps:
        print(f"| in process: {step} | {seconds:.3f} |")
    print(
        f"| **whole `activitymonth check FILE --format json`** | **{wall:.3f}** "
        f"(goal ≤ {MONTH_GOAL_S:g} s: {verdict(wall, MONTH_GOAL_S)}) |"
    )
    print()
    print(
        f"- peak memory of the command (ru_maxrss): {peak:.0f} MB "
        f"(goal ≤ {PEAK_GOAL_MB:g} MB: {verdict(peak, PEAK_GOAL_MB)}); "
        f"exit status {runs[-1].exit}"
    )
    print(collector_line(path))
    codes = Counter(str(finding["code"]) for finding in findings)
    print("- findings by code: " + ", ".join(f"{c} {n}" for c, n in sorted(codes.items())))
    print()
    report_verification(checked)
    return plan


def report_verification(v: Verification) -> None:
    print("Planted pairs against the command's findings (pairs of events named by a finding):")
    print()
    print("| planted | pairs | expected | AM303 overlap | AM303 travel | AM601 |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    for kind, count, expected, overlap, travel, venue in v.rows:
        print(f"| {kind} | {count} | {expected} | {overlap} | {travel} | {venue} |")
    print()
    ok = v.double_reported == v.double_planted
    print(
        f"- double bookings: planted {v.double_planted}, reported {v.double_reported} "
        f"({'all found' if ok else f'MISSED {v.double_planted - v.double_reported}'})"
    )
    print(
        f"- touching pairs: {v.touching_planted}, reported as a double booking "
        f"{v.touching_as_overlap} ({'correct' if not v.touching_as_overlap else 'WRONG'}); "
        f"as too little travel time {v.travel_reported} of the {v.travel_expected} in "
        "different places"
    )
    print(
        f"- venue clashes: planted {v.venue_planted}, reported {v.venue_reported} "
        f"({'all found' if v.venue_reported == v.venue_planted else 'MISSED'})"
    )
    extra = ", ".join(f"{k} {n}" for k, n in v.unplanted.items()) or "none"
    print(f"- findings naming no planted pair: {extra}")
    print(
        f"- oracle (a sweep of the resolved schedule, independent of the rule): "
        f"{v.oracle_pairs} overlapping pairs, "
        + ("exactly the planted ones" if v.oracle_matches else "NOT the planted ones")
    )
    print()


# -- profiles --------------------------------------------------------------------------


def rule_times(loaded: LoadedPlan, today: date | None, repeat: int) -> list[tuple[str, float, int]]:
    """Each rule alone on a resolved schedule, with its own context (so it pays for the
    indexes it builds): seconds and findings, slowest first."""
    load_builtin_rules()
    schedule = resolve(loaded.plan, loaded.catalog, strict=False)
    times = []
    for rule in REGISTRY:
        one = partial(check, loaded, Config(select=(rule.code,)), today=today, schedule=schedule)
        seconds, found = best(repeat, one)
        times.append((rule.code, seconds, len(found)))
    return sorted(times, key=lambda entry: -entry[1])


def profile(title: str, call: Callable[[], object], top: int) -> None:
    profiler = cProfile.Profile()
    gc.collect()
    profiler.runcall(call)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    print(f"### cProfile: {title}")
    print()
    print("```")
    print(out.getvalue().strip())
    print("```")
    print()


def report_profiles(top: int, repeat: int, plans: Iterable[tuple[str, Path, date | None]]) -> None:
    for title, path, today in plans:
        loaded = load_plan(path)
        print(f"### Rules one by one: {title}")
        print()
        print("| rule | seconds | findings |")
        print("| --- | ---: | ---: |")
        for code, seconds, count in rule_times(loaded, today, repeat):
            print(f"| {code} | {seconds:.3f} | {count} |")
        print()
        profile(f"check() on {title}", partial(check, loaded, Config(), today=today), top)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="1,2,10", help="county plan scales, comma-separated")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="also print the top N of cProfile"
    )
    parser.add_argument("--peak-of", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--collector-of", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peak_of:
        return peak_of(args.peak_of)
    if args.collector_of:
        return collector_of(args.collector_of)
    scales = [float(scale) for scale in args.scales.split(",") if scale.strip()]
    if args.repeat < 1 or any(scale <= 0 for scale in scales):
        parser.error("--repeat must be at least 1 and every scale positive")
    load_builtin_rules()
    print(header(args.repeat))
    print()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        figures = [measure_county(scale, args.seed, args.repeat, folder) for scale in scales]
        report_county(figures, args.seed)
        report_month(args, folder)
        if args.profile:
            scale = 1.0 if 1.0 in scales else scales[0]
            report_profiles(
                args.profile,
                args.repeat,
                [
                    (f"county plan, scale {scale:g}", folder / f"county-{scale:g}.yaml", TODAY),
                    ("month plan", folder / "month.yaml", None),
                ],
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
