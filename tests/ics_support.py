"""Shared helpers for the iCalendar tests: export a plan and read back what clients see."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from activitymonth.export.ics import IcsOptions, export_ics
from activitymonth.load import LoadedPlan, load_plan
from activitymonth.schedule import Schedule, resolve


def export(plan_path: Path, out: Path, **options: bool) -> tuple[LoadedPlan, Schedule, Path]:
    loaded = load_plan(plan_path)
    schedule = resolve(loaded)
    [main, *_] = export_ics(schedule, loaded.catalog, out, IcsOptions(**options))
    return loaded, schedule, main


def moment(value: datetime | date, zone: ZoneInfo) -> str:
    """A start as clients show it: a date, or a local date-time in the plan's zone."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=zone)
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def engine_starts(schedule: Schedule) -> Counter[str]:
    zone = schedule.plan.zone
    return Counter(moment(o.start, zone) for o in schedule.occurrences)
