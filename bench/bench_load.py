"""Benchmark: load and resolve a county-scale plan, against the YAML parser as the floor.

Generates the plan of ``generate_county_plan.py`` into a temporary folder, then measures in
one run on one machine (best of ``--repeat``, wall time, a full collection before each run):
- the floor: ``yaml.load(text, Loader=yaml.CSafeLoader)`` on the text already in memory,
  with the cyclic collector paused during the call and with it running;
- ``load_plan(path)`` alone (reading, composing, validating, reference checks);
- ``resolve`` alone on the loaded plan, and ``resolve(load_plan(path))`` together;
- the peak resident memory of load+resolve, in a fresh interpreter so nothing measured
  earlier in this run counts: ``ru_maxrss`` at the end, and that minus ``ru_maxrss`` after
  the imports.

Usage: python bench/bench_load.py [--scale 1.0] [--seed 7] [--repeat 3] [--profile 25]
Prints a Markdown table with the goals beside the figures (load+resolve ≤ 3× the gc-paused
floor, peak ≤ 400 MB). A missed goal is reported, never an error: the exit status is
non-zero only when something fails to run.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

import yaml

from activitymonth.load import load_plan
from activitymonth.schedule import Schedule, resolve
from generate_county_plan import MIN_SCALE, Counts, county_plan_text

T = TypeVar("T")

RATIO_GOAL = 3.0
PEAK_GOAL_MB = 400.0


def best(repeat: int, function: Callable[[], T]) -> tuple[float, T]:
    """Shortest wall time of ``repeat`` calls and the last result.

    The previous result is dropped and garbage collected before each call, so no call pays
    for the one before it (a live schedule makes every later collection scan it again).
    """
    times = []
    result: T | None = None
    for _ in range(repeat):
        result = None
        gc.collect()
        began = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - began)
    assert result is not None
    return min(times), result


def parse_floor(text: str, *, collector: bool) -> object:
    """The parser alone; ``collector=False`` pauses the cyclic collector for the call, as
    ``load_plan`` does while it builds the plan."""
    enabled = gc.isenabled()
    if not collector:
        gc.disable()
    try:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    finally:
        if enabled:
            gc.enable()


def load_and_resolve(path: Path) -> Schedule:
    return resolve(load_plan(path))


def resolve_only(repeat: int, path: Path) -> float:
    """``resolve`` on a plan loaded (and collected into the old generation) beforehand."""
    loaded = load_plan(path)
    seconds, _ = best(repeat, lambda: resolve(loaded))
    return seconds


def collector_time(path: Path) -> tuple[float, int]:
    """Seconds the cyclic collector runs during one load+resolve, and how many collections.

    Timed with ``gc.callbacks``; it shows how much of the wall time is spent scanning the
    objects a plan leaves behind rather than doing the work itself.
    """
    began: list[float] = []
    spent: list[float] = []

    def track(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            began.append(time.perf_counter())
        else:
            spent.append(time.perf_counter() - began.pop())

    gc.collect()
    gc.callbacks.append(track)
    try:
        load_and_resolve(path)
    finally:
        gc.callbacks.remove(track)
    return sum(spent), len(spent)


def megabytes(kilobytes: int) -> float:
    """``ru_maxrss`` is in KiB on Linux; reported in MB (10^6 bytes) like the goal."""
    return kilobytes * 1024 / 1e6


def peak_of(path: Path) -> int:
    """Child side of the memory measurement: load+resolve once, print the figures as JSON."""
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    schedule = load_and_resolve(path)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures = {"baseline_kb": baseline, "peak_kb": peak, "occurrences": len(schedule.occurrences)}
    print(json.dumps(figures))
    return 0


# Linux carries ``ru_maxrss`` across exec: a child started straight from this process would
# report this process's peak (the floor's and the timed runs' data). A small launcher forks
# the measured interpreter, so its figure starts from the launcher's few megabytes.
_LAUNCHER = "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:]))"


def measure_peak(path: Path) -> dict[str, int]:
    """Run :func:`peak_of` in a fresh interpreter, through the launcher."""
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, sys.executable, __file__, "--peak-of", str(path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def profile(path: Path, top: int) -> str:
    """cProfile of one load+resolve: the ``top`` entries by own time and by cumulative time."""
    profiler = cProfile.Profile()
    gc.collect()
    profiler.runcall(load_and_resolve, path)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def verdict(value: float, goal: float) -> str:
    return "met" if value <= goal else "MISSED"


def report(args: argparse.Namespace, size: int, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    floor_paused, _ = best(args.repeat, lambda: parse_floor(text, collector=False))
    floor_running, _ = best(args.repeat, lambda: parse_floor(text, collector=True))
    load_time, _ = best(args.repeat, lambda: load_plan(path))
    resolve_time = resolve_only(args.repeat, path)
    total_time, schedule = best(args.repeat, lambda: load_and_resolve(path))
    occurrences = len(schedule.occurrences)
    del schedule
    collecting, collections = collector_time(path)
    peak = measure_peak(path)
    counts = Counts.at(args.scale)
    ratio = total_time / floor_paused
    peak_mb = megabytes(peak["peak_kb"])
    added_mb = megabytes(peak["peak_kb"] - peak["baseline_kb"])

    def row(step: str, seconds: float, note: str = "") -> str:
        return f"| {step} | {seconds:.3f} | {seconds / floor_paused:.2f}× {note}|"

    print(
        f"county plan, scale {args.scale:g}, seed {args.seed}: {size / 1e6:.2f} MB of YAML; "
        f"{counts.people} people, {counts.activities} activities, "
        f"{counts.deliverables} deliverables, {counts.pairs} pairs"
    )
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} cores, {date.today()}, "
        f"best of {args.repeat}"
    )
    print()
    print("| step | wall time (s) | vs floor |")
    print("| --- | ---: | ---: |")
    print(row("floor: `yaml.load` CSafeLoader, gc paused", floor_paused))
    print(row("floor with gc running", floor_running))
    print(row("`load_plan`", load_time))
    print(row("`resolve` (plan already loaded)", resolve_time))
    print(
        row(
            "`resolve(load_plan(path))`",
            total_time,
            f"(goal ≤ {RATIO_GOAL:g}×: {verdict(ratio, RATIO_GOAL)}) ",
        )
    )
    print()
    print(f"occurrences: {occurrences}")
    print(
        f"cyclic gc during one load+resolve: {collecting:.3f} s in {collections} collections "
        "(gc.callbacks)"
    )
    print(
        f"peak memory of load+resolve (fresh process, ru_maxrss): {peak_mb:.0f} MB "
        f"(goal ≤ {PEAK_GOAL_MB:g} MB: {verdict(peak_mb, PEAK_GOAL_MB)}); "
        f"{added_mb:.0f} MB above the {megabytes(peak['baseline_kb']):.0f} MB baseline "
        "after imports"
    )
    if peak["occurrences"] != occurrences:
        raise RuntimeError("the memory run resolved a different number of occurrences")
    if args.profile:
        print()
        print(profile(path, args.profile))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every count")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="also print the top N of cProfile"
    )
    parser.add_argument("--peak-of", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peak_of:
        return peak_of(args.peak_of)
    if args.repeat < 1 or args.scale < MIN_SCALE:
        parser.error(f"--repeat must be at least 1 and --scale at least {MIN_SCALE}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "county.yaml"
        text = county_plan_text(args.scale, args.seed)
        path.write_text(text, encoding="utf-8")
        report(args, len(text.encode("utf-8")), path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
