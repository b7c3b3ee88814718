"""Visit gaps computed by the database: which pairs went too long without a visit.

A province ledger holds millions of visits, so the rhythm question ("每两个月至少走访一次")
is answered by a window query over each pair's visits ordered by date (``LAG`` over the
live visits; on PostgreSQL the latest live day before each visit, see
:func:`_flagged_steps`), never by loading visits into Python. A rhythm such as 每两个月 is
a calendar interval, not a fixed number of days (two months from 1 January is 59 days,
from 1 July 62), so the database returns *candidates*: stretches longer than the shortest
length the rhythm can have. The caller confirms each candidate with calendar arithmetic;
candidates are far fewer than visits (770,000 of 6 million in the province benchmark,
where many pairs are visited every 60 days or so).

Day arithmetic differs between the two databases (SQLite keeps dates as ISO text,
PostgreSQL subtracts dates into integers); :class:`day_number` hides that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from activitymonth.ledger.queries import done_visits, live_visits, not_superseded

_EPOCH = date(1970, 1, 1)
_BATCH = 10_000
"""Rows fetched at a time by the province-wide queries."""


class day_number(FunctionElement[int]):
    """Days since 1970-01-01 of a date column or value, as an integer, on either database."""

    type = sa.Integer()
    inherit_cache = True
    name = "day_number"


@compiles(day_number, "sqlite")
def _day_number_sqlite(element: day_number, compiler: SQLCompiler, **kw: object) -> str:
    inner = compiler.process(element.clauses, **kw)
    return f"CAST(julianday({inner}) - 2440587.5 AS INTEGER)"


@compiles(day_number, "postgresql")
def _day_number_postgresql(element: day_number, compiler: SQLCompiler, **kw: object) -> str:
    inner = compiler.process(element.clauses, **kw)
    return f"(CAST({inner} AS DATE) - DATE '1970-01-01')"


def to_day_number(day: date) -> int:
    """The Python side of :class:`day_number`, for parameters and thresholds."""
    return (day - _EPOCH).days


@cache
def from_day(number: int) -> date:
    """The date of a :class:`day_number`, one shared object per day."""
    return _EPOCH + timedelta(days=number)


@dataclass(frozen=True, slots=True)
class Stretch:
    """Days without a visit between two consecutive visits of one pair."""

    unit: str
    plan_id: str
    pair_key: str
    previous: date
    next: date

    @property
    def days(self) -> int:
        return (self.next - self.previous).days


@dataclass(frozen=True, slots=True)
class PairVisits:
    """One pair's live visits in short: how many, the first and the last."""

    unit: str
    plan_id: str
    pair_key: str
    visits: int
    first: date
    last: date


def _until(query: sa.Select, until: date | None) -> sa.Select:
    return query if until is None else query.where(query.selected_columns.visit_date <= until)


def _scoped_live(unit: str | None, plan_id: str | None, until: date | None) -> sa.Subquery:
    return _until(live_visits(unit, plan_id), until).subquery("live")


def long_stretches(
    conn: Connection,
    *,
    longer_than: int,
    unit: str | None = None,
    plan_id: str | None = None,
    until: date | None = None,
) -> list[Stretch]:
    """Stretches between consecutive live visits of a pair longer than ``longer_than``
    days, over one plan, one unit or (``None``) the whole ledger; visits after ``until``
    are left out (a report as of a past day).

    A province has hundreds of thousands of candidates, so rows are fetched in batches
    (a server-side cursor on PostgreSQL) and carry day numbers: each day and each unit and
    plan name becomes one shared Python object instead of one per row, which halves the
    memory of the list and skips parsing dates row by row."""
    postgresql = conn.dialect.name == "postgresql"
    steps = (_flagged_steps if postgresql else _live_steps)(unit, plan_id, until)
    query = sa.select(
        steps.c.unit, steps.c.plan_id, steps.c.pair_key, steps.c.before, steps.c.day
    ).where(steps.c.live, steps.c.day - steps.c.before > longer_than)
    names: dict[str, str] = {}
    return [
        Stretch(names.setdefault(u, u), names.setdefault(p, p), key, from_day(a), from_day(b))
        for u, p, key, a, b in conn.execute(query.execution_options(yield_per=_BATCH))
    ]


def _live_steps(unit: str | None, plan_id: str | None, until: date | None) -> sa.Subquery:
    """Each live visit with the day of the pair's live visit before it (``LAG`` over live
    visits). SQLite reads the visits index in order and tests each visit against the small
    partial index of superseded ids as it goes."""
    live = _scoped_live(unit, plan_id, until)
    partition = (live.c.unit, live.c.plan_id, live.c.pair_key)
    day = day_number(live.c.visit_date)
    return sa.select(
        *partition,
        sa.func.lag(day).over(partition_by=partition, order_by=live.c.visit_date).label("before"),
        day.label("day"),
        sa.true().label("live"),
    ).subquery("steps")


def _flagged_steps(unit: str | None, plan_id: str | None, until: date | None) -> sa.Subquery:
    """The same rows for PostgreSQL, which plans :func:`_live_steps` as a hash anti join
    followed by a sort of every live visit: on a province ledger nearly twice the time of
    reading the visits index (docs/benchmarks.md, "Ledger"). Here the window reads every
    done visit in index order, flagged live or not (the superseded ids hashed, or one
    index probe a row when they outgrow ``work_mem``), and takes the latest live day
    before each one; the caller keeps the live rows."""
    done = _until(done_visits(unit, plan_id), until)
    flagged = done.add_columns(not_superseded().label("live")).subquery("done")
    partition = (flagged.c.unit, flagged.c.plan_id, flagged.c.pair_key)
    day = day_number(flagged.c.visit_date)
    before = (
        sa.func.max(day)
        .filter(flagged.c.live)
        .over(partition_by=partition, order_by=flagged.c.visit_date, rows=(None, -1))
    )
    steps = sa.select(*partition, before.label("before"), day.label("day"), flagged.c.live)
    return steps.subquery("steps")


def visits_per_pair(
    conn: Connection,
    *,
    unit: str | None = None,
    plan_id: str | None = None,
    until: date | None = None,
    first_after: date | None = None,
    last_before: date | None = None,
) -> list[PairVisits]:
    """Per pair: live visits, first and last date. ``first_after`` keeps only pairs whose
    first visit came after that day and ``last_before`` (or-ed with it) pairs whose last
    visit came before it, so a rhythm check fetches only the pairs late at either end;
    with neither, every visited pair is returned."""
    live = _scoped_live(unit, plan_id, until)
    first = sa.func.min(live.c.visit_date)
    last = sa.func.max(live.c.visit_date)
    query = sa.select(
        live.c.unit, live.c.plan_id, live.c.pair_key, sa.func.count(), first, last
    ).group_by(live.c.unit, live.c.plan_id, live.c.pair_key)
    late: list[sa.ColumnElement[bool]] = []
    if first_after is not None:
        late.append(day_number(first) > to_day_number(first_after))
    if last_before is not None:
        late.append(day_number(last) < to_day_number(last_before))
    if late:
        query = query.having(sa.or_(*late))
    return [PairVisits(*row) for row in conn.execute(query)]


def visited_pair_count(
    conn: Connection, *, unit: str | None = None, plan_id: str | None = None
) -> int:
    """How many distinct pairs have at least one live visit."""
    live = _scoped_live(unit, plan_id, None)
    keys = sa.select(live.c.unit, live.c.plan_id, live.c.pair_key).distinct().subquery()
    return int(conn.execute(sa.select(sa.func.count()).select_from(keys)).scalar_one())
