"""Recurring activities as RRULE series — only when the series reproduces the engine.

Clients expand an RRULE themselves; the engine expands it on China's calendar and moves
occurrences off days off. A series is written as: DTSTART at the first planned date, the
RRULE with UNTIL, one override (same UID, RECURRENCE-ID = planned date) per moved occurrence
and an EXDATE per rule date with no occurrence. Overrides are preferred to RDATE/EXDATE
pairs because every major client (Google, Outlook, Apple, khal) honours them, while RDATE is
ignored by several. Before a series is written, the RRULE is expanded here with dateutil and
compared with the engine's planned dates; when they differ (workday-based rules, clamped
month ends) the activity is written as separate events instead, so no
client can ever show a date the engine did not produce.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.rrule import rrulestr

from activitymonth.calendar.recurrence import Frequency, Recurrence
from activitymonth.schedule import Occurrence

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Series:
    """An activity written as one recurring event plus overrides."""

    rule: str  # RRULE value without UNTIL
    first: Occurrence  # occurrence whose planned date is DTSTART
    planned: tuple[date, ...]  # every date the rule produces, in order
    moved: tuple[Occurrence, ...]  # occurrences at a date other than planned
    excluded: tuple[date, ...]  # rule dates with no occurrence (skipped or merged)


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


def plan_series(rec: Recurrence, occurrences: list[Occurrence]) -> Series | None:
    """The series for one activity's occurrences, or None when it must be expanded.

    Every occurrence's planned date must be a date the RRULE produces; rule dates with no
    occurrence (skipped, or merged into a neighbour by a move) become EXDATEs.
    """
    if not occurrences:
        return None
    by_planned = {(o.moved_from or o.day): o for o in occurrences}
    if len(by_planned) != len(occurrences):
        return None
    keys = sorted(by_planned)
    body = rrule_body(rec, keys[0])
    if body is None:
        return None
    anchor = datetime.combine(keys[0], time())
    until = datetime.combine(keys[-1], time())
    produced = [
        moment.date()
        for moment in rrulestr(f"RRULE:{body}", dtstart=anchor, cache=False).between(
            anchor, until, inc=True
        )
    ]
    if not set(keys) <= set(produced):
        return None
    first = by_planned[keys[0]]
    if any(_duration(o) != _duration(first) for o in occurrences):
        return None
    moved = tuple(o for o in occurrences if o.moved_from is not None)
    excluded = tuple(day for day in produced if day not in by_planned)
    return Series(body, first, tuple(produced), moved, excluded)


def _duration(occurrence: Occurrence) -> timedelta:
    return occurrence.end - occurrence.start  # type: ignore[operator]
