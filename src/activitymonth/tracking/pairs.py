"""Pairs against their visit rhythm, from the ledger's visits.

A pair's rhythm (its own ``rhythm``, else the plan's ``pairing.rhythm``) gives the longest
allowed stretch without a visit: from the window's start (or the pair's ``since``) to
the first visit, between visits, and from the last visit to today (or the window's end,
once it is over). Only days from that start to that end count: a visit recorded before
the start (a pairing older than the plan) does not make the first stretch longer, and the
next visit is due one rhythm after the start at the earliest. The database returns per-pair
summaries and the candidate stretches (:mod:`activitymonth.ledger.gaps`); each candidate
is confirmed here with calendar arithmetic (每两个月 from 31 December ends on 28 February).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache

from dateutil.relativedelta import relativedelta
from sqlalchemy.engine import Connection

from activitymonth.calendar.recurrence import Recurrence
from activitymonth.ledger.gaps import Stretch, long_stretches, visits_per_pair
from activitymonth.ledger.targets import PlanTargets
from activitymonth.model import Plan


@dataclass(frozen=True, slots=True)
class PairProgress:
    """One pair's visits so far and when the next one is (or was) due."""

    key: str
    cadre: str
    household: str
    village: str | None
    rhythm: Recurrence | None
    visits: int
    first: date | None
    last: date | None
    due: date | None
    """Next visit due: (the last visit, or the start when later) + the rhythm; None
    without a rhythm."""
    stretches: tuple[tuple[date, date], ...]
    """Stretches (from, to) so far longer than the rhythm allows, oldest first."""
    late: bool = False
    """The next visit was due before today (before the window's end once it is over): the
    same day the last stretch is judged on, so every view calls the same pairs late."""
    start: date | None = None
    """When the rhythm starts counting (``Plan.pair_start``); None without a rhythm."""
    until: date | None = None
    """The day the last stretch runs to: today, or the window's end once it is over."""


@cache
def shortest_days(gap: relativedelta) -> int:
    """The fewest days ``gap`` can span, over every start day of a leap and a common year:
    a database filter on more days than this can miss no stretch that breaks the rhythm."""
    first = date(2023, 1, 1)
    return min(
        ((first + timedelta(days=n)) + gap - (first + timedelta(days=n))).days for n in range(731)
    )


@lru_cache(maxsize=4096)
def _next_due(previous: date, gap: relativedelta) -> date:
    """``previous + gap``, remembered: ``relativedelta`` arithmetic takes microseconds, and
    the candidate stretches of a whole province start on a few hundred distinct days."""
    return previous + gap


def too_long(previous: date, following: date, gap: relativedelta) -> bool:
    """True when ``following`` comes after the day the rhythm asked for the next visit."""
    return following > _next_due(previous, gap)


def track_pairs(
    conn: Connection, targets: PlanTargets, plan: Plan, today: date
) -> tuple[PairProgress, ...]:
    """Every pair of the plan with its visits up to ``today`` and its rhythm state."""
    as_of = min(today, plan.window.end)
    summaries = {
        row.pair_key: row
        for row in visits_per_pair(conn, unit=targets.unit, plan_id=targets.plan_id, until=today)
    }
    gaps = [r.max_gap() for p in plan.pairs if (r := plan.rhythm_of(p)) is not None]
    stretches: dict[str, list[Stretch]] = {}
    if gaps:
        threshold = min(shortest_days(gap) for gap in gaps)
        for stretch in long_stretches(
            conn, longer_than=threshold, unit=targets.unit, plan_id=targets.plan_id, until=today
        ):
            stretches.setdefault(stretch.pair_key, []).append(stretch)
    found = []
    for pair in plan.pairs:
        rhythm = plan.rhythm_of(pair)
        summary = summaries.get(pair.key)
        first = summary.first if summary else None
        last = summary.last if summary else None
        broken: list[tuple[date, date]] = []
        due = start = None
        if rhythm is not None:
            gap = rhythm.max_gap()
            start = plan.pair_start(pair)
            candidates = [
                (stretch.previous, stretch.next) for stretch in stretches.get(pair.key, [])
            ]
            if first is not None:
                candidates.append((start, first))
            for previous, following in candidates:
                counted = (max(previous, start), min(following, as_of))
                if counted[0] < counted[1] and too_long(*counted, gap):
                    broken.append(counted)
            base = max(last, start) if last is not None else start
            due = base + gap
            if due < as_of:
                broken.append((base, as_of))
        found.append(
            PairProgress(
                pair.key,
                pair.cadre,
                pair.household.name,
                pair.household.village,
                rhythm,
                summary.visits if summary else 0,
                first,
                last,
                due,
                tuple(sorted(broken)),
                due is not None and due < as_of,
                start,
                as_of if rhythm is not None else None,
            )
        )
    return tuple(found)
