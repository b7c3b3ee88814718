"""Recurring activities as RRULE series — only when the series reproduces the engine.

Clients expand an RRULE themselves; the engine expands it on China's calendar and moves
occurrences off days off. A series is written as: DTSTART at the first planned date, the
RRULE with UNTIL, one override (same UID, RECURRENCE-ID = planned date) per moved
occurrence and an EXDATE per skipped one. Overrides are chosen over RDATE/EXDATE pairs
because every major client (Google, Outlook, Apple, khal) honours them, while RDATE is
ignored by several. Before a series is written, the RRULE is expanded here with dateutil
and compared with the engine's planned dates; when they differ (workday-based rules,
clamped month ends, merged collisions) the activity is written as separate events instead,
so no client can ever show a date the engine did not produce.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.rrule import rrulestr

from activitymonth.calendar.recurrence import Frequency, Recurrence
from activitymonth.schedule import Occurrence, Skipped

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Series:
    """An activity written as one recurring event plus overrides."""

    rule: str  # RRULE value without UNTIL
    first: Occurrence  # occurrence whose planned date is DTSTART
    planned: tuple[date, ...]  # every date the rule produces, in order
    moved: tuple[Occurrence, ...]  # occurrences at a date other than planned
    excluded: tuple[date, ...]  # planned dates with no occurrence (skipped)


def rrule_body(rec: Recurrence, anchor: date) -> str | None:
    """The RRULE for ``rec`` anchored on ``anchor``, or None when RRULE cannot say it."""
    match rec.frequency:
        case Frequency.DAILY:
            return f"FREQ=DAILY;INTERVAL={rec.interval}"
        case Frequency.WEEKLY:
            days = rec.weekdays or (anchor.weekday(),)
            return f"FREQ=WEEKLY;INTERVAL={rec.interval};BYDAY={','.join(_DAYS[d] for d in days)}"
        case Frequency.MONTHLY:
            return f"FREQ=MONTHLY;INTERVAL={rec.interval};BYMONTHDAY={rec.month_day or anchor.day}"
        case Frequency.RRULE if rec.rrule:
            parts = [p for p in rec.rrule.split(";") if not p.startswith(("UNTIL=", "COUNT="))]
            return ";".join(parts)
    return None


def plan_series(
    rec: Recurrence, occurrences: list[Occurrence], skipped: list[Skipped]
) -> Series | None:
    """The series for one activity's occurrences, or None when it must be expanded."""
    if not occurrences:
        return None
    by_planned = {(o.moved_from or o.day): o for o in occurrences}
    if len(by_planned) != len(occurrences):
        return None
    excluded = {s.planned for s in skipped} - set(by_planned)
    planned = sorted({*by_planned, *excluded})
    body = rrule_body(rec, planned[0])
    if body is None:
        return None
    anchor = datetime.combine(planned[0], time())
    until = datetime.combine(planned[-1], time())
    produced = [
        moment.date()
        for moment in rrulestr(f"RRULE:{body}", dtstart=anchor, cache=False).between(
            anchor, until, inc=True
        )
    ]
    if produced != planned:
        return None
    first = by_planned.get(planned[0]) or occurrences[0]
    moved = tuple(o for o in occurrences if o.moved_from is not None)
    if any(_duration(o) != _duration(first) for o in occurrences):
        return None
    return Series(body, first, tuple(planned), moved, tuple(sorted(excluded)))


def _duration(occurrence: Occurrence) -> timedelta:
    return occurrence.end - occurrence.start  # type: ignore[operator]
