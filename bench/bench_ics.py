"""Benchmark: iCalendar export of 20,000 occurrences.

Compares, in one run on one machine:
- activitymonth's exporter (``--expand``: one VEVENT per occurrence, and series mode);
- the floor: the same events built with ``icalendar`` directly (same properties, a
  VTIMEZONE and one alarm each), with none of the plan lookups;
- a peer: Org mode's iCalendar export (``emacs --batch``) of an equivalent Org file, when
  emacs is installed (Debian ``emacs-nox``).

Usage: python bench/bench_ics.py [--occurrences 20000] [--repeat 3] [--org N]

Org mode's export grows faster than linearly (1,032 events took 17 s, 2,064 took 41 s on
the reference machine), so ``--org N`` exports the first N occurrences with Org mode and
compares the time per event; ``--org 20000`` runs it on everything (many minutes).
Prints a Markdown table; goals are printed beside the figures, never enforced.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from icalendar import Alarm, Calendar, Event, Timezone

from activitymonth.catalog import Catalog
from activitymonth.export.ics import IcsOptions, build_calendars
from activitymonth.load import load_plan
from activitymonth.schedule import Occurrence, Schedule, resolve

T = TypeVar("T")

WEEKDAYS = ("每周一", "每周二", "每周三", "每周四", "每周五")


def plan_yaml(occurrences: int) -> str:
    """A year-long plan whose weekly activities add up to about ``occurrences``."""
    activities = max(1, occurrences // 50)
    lines = [
        "id: bench-ics",
        "title: 基准测试县2026年民族团结进步年实施方案",
        "region: 内蒙古",
        "window: 2026",
        "revision: 2025-12-20 10:00",
        "people:",
    ]
    lines += [f"  - {{id: p{i}, name: 人员{i}, title: 干部}}" for i in range(50)]
    lines.append("activities:")
    for i in range(activities):
        hour = 8 + i % 8
        lines.append(
            f"  - {{id: a{i}, title: 民族团结活动{i}, repeat: {WEEKDAYS[i % 5]}, "
            f'time: "{hour:02d}:00", duration: 1h, on_day_off: next_workday, lead: p{i % 50}, '
            f"staff: [p{(i + 1) % 50}], location: 会议室{i % 20}}}"
        )
    return "\n".join(lines) + "\n"


def floor(schedule: Schedule) -> bytes:
    """The same events with icalendar and nothing else."""
    calendar = Calendar()
    calendar.add("prodid", "-//bench//floor//ZH")
    calendar.add("version", "2.0")
    zone = Timezone.from_tzid(
        "Asia/Shanghai", first_date=date(2026, 1, 1), last_date=date(2026, 12, 31)
    )
    zone.pop("COMMENT", None)
    calendar.add_component(zone)
    stamp = datetime(2025, 12, 20, 2, tzinfo=UTC)
    for occurrence in schedule.occurrences:
        event = Event()
        event.add("uid", f"{occurrence.item_id}-{occurrence.day:%Y%m%d}@bench")
        event.add("dtstamp", stamp)
        event.add("dtstart", occurrence.start)
        event.add("dtend", occurrence.end)
        event.add("summary", occurrence.title)
        event.add("location", "会议室")
        event.add("description", "负责人：人员（干部）\n工作人员：人员（干部）")
        event.add("status", "CONFIRMED")
        event.add("sequence", 0)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", occurrence.title)
        alarm.add("trigger", -timedelta(days=1))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def ours(schedule: Schedule, catalog: Catalog, expand: bool) -> bytes:
    [main] = build_calendars(schedule, catalog, IcsOptions(expand=expand))
    for component in main.calendar.subcomponents:  # as the writer does
        if component.name == "VEVENT":
            component.add("sequence", 0)
    return main.calendar.to_ical()


def best(repeat: int, function: Callable[..., T], *args: object) -> tuple[float, T]:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - began)
    return min(times), result


def org_file(occurrences: list[Occurrence]) -> str:
    lines = ["#+TITLE: bench", ""]
    for occurrence in occurrences:
        start, end = occurrence.start, occurrence.end
        lines.append(f"* {occurrence.title}")
        lines.append(f"  <{start:%Y-%m-%d %a %H:%M}-{end:%H:%M}>")
        lines.append("  :PROPERTIES:")
        lines.append("  :LOCATION: 会议室")
        lines.append(f"  :ID: {occurrence.item_id}-{occurrence.day:%Y%m%d}")
        lines.append("  :END:")
    return "\n".join(lines) + "\n"


def org_export(occurrences: list[Occurrence], folder: Path) -> float | None:
    emacs = shutil.which("emacs")
    if emacs is None:
        return None
    source = folder / "bench.org"
    source.write_text(org_file(occurrences), encoding="utf-8")
    script = (
        f'(progn (require (quote ox-icalendar)) (find-file "{source}") '
        "(setq org-icalendar-use-scheduled nil) (org-icalendar-export-to-ics))"
    )
    began = time.perf_counter()
    subprocess.run(
        [emacs, "--batch", "-Q", "--eval", script], check=True, capture_output=True, timeout=3600
    )
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--occurrences", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--org",
        type=int,
        default=0,
        metavar="N",
        help="also export the first N occurrences with Org mode (emacs)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.yaml"
        path.write_text(plan_yaml(args.occurrences), encoding="utf-8")
        loaded = load_plan(path)
        schedule = resolve(loaded)
        count = len(schedule.occurrences)
        floor_time, floor_bytes = best(args.repeat, floor, schedule)
        expanded_time, expanded = best(args.repeat, ours, schedule, loaded.catalog, True)
        series_time, series = best(args.repeat, ours, schedule, loaded.catalog, False)
        org_events = list(schedule.occurrences[: args.org])
        org_time = org_export(org_events, Path(folder)) if args.org else None
    ratio = expanded_time / floor_time
    print(f"occurrences: {count}  (Python {sys.version.split()[0]})")
    print("| export | time (s) | size (MB) | vs floor |")
    print("| --- | ---: | ---: | ---: |")
    print(
        f"| icalendar directly (floor) | {floor_time:.2f} | {len(floor_bytes) / 1e6:.1f} | 1.00× |"
    )
    print(
        f"| activitymonth --expand | {expanded_time:.2f} | {len(expanded) / 1e6:.1f} | "
        f"{ratio:.2f}× (goal ≤ 1.3×) |"
    )
    print(
        f"| activitymonth series (RRULE) | {series_time:.2f} | {len(series) / 1e6:.1f} | "
        f"{series_time / floor_time:.2f}× |"
    )
    if org_time is not None:
        ours_per_event = expanded_time / count * 1000
        org_per_event = org_time / len(org_events) * 1000
        print(
            f"| Org mode ox-icalendar (emacs --batch), first {len(org_events)} events | "
            f"{org_time:.2f} | – | {org_per_event:.1f} ms/event vs ours "
            f"{ours_per_event:.2f} ms/event ({org_per_event / ours_per_event:.0f}× slower) |"
        )
    elif args.org:
        print("| Org mode | not run: emacs is not installed (Debian emacs-nox) | | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
