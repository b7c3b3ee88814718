"""A province-scale ledger for ``bench_ledger.py``: county units, their pairs, a year of visits.

A province shares one ledger. At ``--scale 1`` it holds 200 county units, each with the
5,000 pairs of the county plan of ``generate_county_plan.py`` (the same pair keys and
cadres in every unit, as if every county had written the same plan), so 1,000,000 pairs,
and about six visits per pair over 2026 up to :data:`TODAY`: about 6,000,000 rows. Unit 0
is the plan's own unit, the county whose ``status`` the benchmark times.

Pairs follow one of five patterns, so the rhythm rule (每两个月) has something to find:

| share | pattern |
| ---: | --- |
| 4% | never visited |
| 3% | visited on rhythm until mid-year, then no more |
| 10% | on rhythm but one stretch of 65–150 days |
| 2% | irregular, stretches of 20–120 days |
| 81% | on rhythm: the first visit within 50 days of 1 January, then every 47–61 days |

A stretch of 60 or 61 days breaks 每两个月 from some start days and not from others, so
the database's candidates are confirmed in Python as they are for real plans. One visit in
100 is withdrawn as ``activitymonth undo`` does it (an ``undone`` row of the same pair and
day that supersedes it) and recorded again one to three days later, and one in 1,000 is
withdrawn for good: the rows the live-visit filter must skip.

Everything depends only on the seed and the scale. Each visit's details (mode, topics,
四个清楚 …) come from a table of 512 variants, written into CSV cells for the imports and
parsed with the library's own parsers for the bulk rows, so both routes store the same
values.

Set-up only: the bulk load (:func:`bulk_load`) fills the schema that ``open_ledger``
created with plain ``executemany`` (SQLite) or ``COPY`` (PostgreSQL), month by month and
unit by unit as a province's imports arrive, with the visits index of the rhythm queries
dropped during the load and created again afterwards (the unique indexes stay: ids only
grow). The benchmark times the library, not this.
"""

from __future__ import annotations

import csv
import io
import random
import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from activitymonth.ledger import (
    Action,
    AuditEntry,
    Ledger,
    RecordKind,
)
from activitymonth.ledger.schema import completion_materials, completions, visits
from activitymonth.ledger.values import parse_fact, parse_mode
from activitymonth.ledger.writes import VisitBulkInsert, insert_audit
from activitymonth.schedule import ItemKind, Schedule

UNITS_AT_SCALE_1 = 200
YEAR_START = date(2026, 1, 1)
TODAY = date(2026, 12, 15)
"""The day the benchmark judges the ledger: visits run up to it."""
NOW = datetime(2026, 12, 15, 2, 0, tzinfo=UTC)
"""When the imports happen (10:00 in Beijing on :data:`TODAY`)."""
LAST_DAY = (TODAY - YEAR_START).days
COMMAND_LAST_DAY = date(2026, 10, 31)
"""The last visit day in the CSV the ``import visits`` command reads (see
``repeated_csv_text``)."""
CLERK = "统计员"

TOPICS = (
    "宣讲惠民政策",
    "了解家庭生产生活情况",
    "春耕备耕",
    "子女就学",
    "就业务工信息",
    "医疗保险续缴",
    "民族团结进步创建宣传",
    "庭院经济",
    "防范电信诈骗",
    "",
)
SOLVED = ("", "", "", "", "联系农技员", "协调办理低保", "帮助销售农产品", "联系就业岗位")
FACTS = ("", "", "是", "是", "否", "家中三口人，务农为主", "想发展养殖", "会驾驶")
MODES = (("入户", 80), ("电话", 10), ("微信", 8), ("请上来", 2))
HEADER = ("结对编号", "走访日期", "走访方式", "走访内容", "办理实事")
HEADER_FACTS = ("家庭情况", "发展意愿", "技能", "需求", "备注")

_CORRECTED, _WITHDRAWN = 1, 2
"""Flags of a visit: withdrawn and recorded again on another day, or withdrawn for good."""


@dataclass(frozen=True)
class Variant:
    """The details of one visit as a clerk types them into a CSV row."""

    mode: str
    topics: str
    solved: str
    facts: tuple[str, str, str, str]
    note: str

    def cells(self) -> tuple[str, ...]:
        return (self.mode, self.topics, self.solved, *self.facts, self.note)


def variants(seed: int, count: int = 512) -> tuple[Variant, ...]:
    rng = random.Random(f"variants:{seed}")
    modes = [mode for mode, weight in MODES for _ in range(weight)]
    return tuple(
        Variant(
            rng.choice(modes),
            rng.choice(TOPICS),
            rng.choice(SOLVED),
            (rng.choice(FACTS), rng.choice(FACTS), rng.choice(FACTS), rng.choice(FACTS)),
            "补记" if rng.random() < 0.02 else "",
        )
        for _ in range(count)
    )


def visit_days(rng: random.Random) -> list[int]:
    """One pair's visit days (days after 1 January) in the pattern the table above gives."""
    kind = rng.random()
    if kind < 0.04:
        return []
    day = rng.randint(3, 50)
    end = LAST_DAY
    if kind < 0.07:
        end = rng.randint(150, 200)
    long_at = rng.randint(1, 5) if 0.07 <= kind < 0.17 else -1
    days: list[int] = []
    while day <= end:
        days.append(day)
        if len(days) == long_at:
            day += rng.randint(65, 150)
        elif 0.17 <= kind < 0.19:
            day += rng.randint(20, 120)
        else:
            day += rng.randint(47, 61)
    return days


@dataclass(frozen=True)
class Province:
    """The units sharing the ledger and the pairs every unit has, from one county plan."""

    units: tuple[str, ...]
    plan_id: str
    pairs: tuple[tuple[str, str], ...]
    """(pair key, cadre) of the county plan."""
    seed: int

    @classmethod
    def of(cls, schedule: Schedule, scale: float, seed: int) -> Province:
        plan = schedule.plan
        count = max(1, round(UNITS_AT_SCALE_1 * scale))
        stem = plan.unit or "某县"
        units = (stem, *(f"第{n:03d}县{stem.removeprefix('某县')}" for n in range(1, count)))
        return cls(units, plan.id or plan.title, tuple((p.key, p.cadre) for p in plan.pairs), seed)

    def unit_visits(self, unit: int) -> Iterator[tuple[int, int, int, int]]:
        """(pair index, day, variant, flags) of one unit's visits, pair by pair."""
        rng = random.Random(f"visits:{self.seed}:{unit}")
        for pair in range(len(self.pairs)):
            for day in visit_days(rng):
                variant = rng.getrandbits(9)
                roll = rng.random()
                flags = _CORRECTED if roll < 0.01 else _WITHDRAWN if roll < 0.011 else 0
                yield pair, day, variant, flags

    def csv_text(self, unit: int, table: Sequence[Variant]) -> str:
        """One unit's visits of the year as the CSV a county clerk imports, by date."""
        rows = sorted(
            ((day, pair, variant) for pair, day, variant, _ in self.unit_visits(unit)),
        )
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow((*HEADER, *HEADER_FACTS))
        for day, pair, variant in rows:
            shown = (YEAR_START + timedelta(days=day)).isoformat()
            cells = table[variant].cells()
            writer.writerow((self.pairs[pair][0], shown, *cells))
        return out.getvalue()

    def repeated_csv_text(self, rows: int, table: Sequence[Variant]) -> str:
        """``rows`` visits of unit 0's pairs from January to October: a file as large as
        the import goal names, for one county (about 200 visits per pair at a million).
        The command judges dates against the real clock, hence nothing after October."""
        rng = random.Random(f"big:{self.seed}")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow((*HEADER, *HEADER_FACTS))
        last = (COMMAND_LAST_DAY - YEAR_START).days
        for n in range(rows):
            pair = n % len(self.pairs)
            shown = (YEAR_START + timedelta(days=rng.randint(0, last))).isoformat()
            writer.writerow((self.pairs[pair][0], shown, *table[rng.getrandbits(9)].cells()))
        return out.getvalue()


@dataclass(frozen=True)
class Loaded:
    """What the bulk load wrote."""

    rows: int
    corrections: int
    withdrawals: int
    audits: int


def _month_of(day: int) -> int:
    return (YEAR_START + timedelta(days=day)).month


def packed_visits(province: Province, units: Iterable[int]) -> list[array[int]]:
    """Every visit of ``units`` packed into one integer, bucketed by month, so the load
    can write month by month across units (as imports arrive) in little memory."""
    months = [_month_of(day) - 1 for day in range(LAST_DAY + 1)]
    buckets = [array("q") for _ in range(12)]
    width = len(province.pairs)
    for unit in units:
        for pair, day, variant, flags in province.unit_visits(unit):
            code = ((((unit * width + pair) << 9 | day) << 9 | variant) << 2) | flags
            buckets[months[day]].append(code)
    return buckets


class VisitRows:
    """Turns packed visits into ``visits`` rows (``VisitBulkInsert`` column order, id first)
    with values already converted for the database."""

    def __init__(self, province: Province, ledger: Ledger, table: Sequence[Variant]) -> None:
        self.bulk = VisitBulkInsert(ledger.engine.dialect)
        convert = self.bulk.convert
        self.province = province
        self.days = [
            convert("visit_date", YEAR_START + timedelta(days=d)) for d in range(LAST_DAY + 1)
        ]
        self.details = [self._details(v) for v in table]
        self.at = convert("recorded_at", NOW - timedelta(days=7))
        self.done = RecordKind.DONE.value
        self.undone = RecordKind.UNDONE.value
        no = convert("knows_family", False)
        self.nothing = (None, None, no, None, no, None, no, None, no, None, None)
        """topics … note of an ``undone`` row"""

    def _details(self, variant: Variant) -> tuple[Any, ...]:
        facts = [parse_fact(text) for text in variant.facts]
        flags = [(self.bulk.convert("knows_family", f.known), f.text) for f in facts]
        return (
            parse_mode(variant.mode).value,
            variant.topics or None,
            variant.solved or None,
            *(value for pair in flags for value in pair),
            variant.note or None,
        )

    def rows(
        self, codes: array[int], first_id: int, audit_ids: dict[int, int]
    ) -> Iterator[tuple[Any, ...]]:
        width = len(self.province.pairs)
        units, plan_id, pairs = self.province.units, self.province.plan_id, self.province.pairs
        next_id = first_id
        for code in codes:
            flags = code & 3
            variant = (code >> 2) & 511
            day = (code >> 11) & 511
            unit, pair = divmod(code >> 20, width)
            key, cadre = pairs[pair]
            shared = (audit_ids[unit], units[unit], plan_id)
            own = (key, cadre, self.days[day], *self.details[variant])
            yield (next_id, *shared, self.done, None, CLERK, self.at, *own)
            next_id += 1
            if flags:
                # As ``undo`` writes it: same pair, cadre, day and mode, nothing learnt.
                yield (next_id, *shared, self.undone, next_id - 1, CLERK, self.at, key, cadre,
                       self.days[day], own[3], *self.nothing)  # fmt: skip
                next_id += 1
            if flags == _CORRECTED:
                again = min(day + 1 + variant % 3, LAST_DAY)
                yield (next_id, *shared, self.done, None, CLERK, self.at, key, cadre,
                       self.days[again], *self.details[variant])  # fmt: skip
                next_id += 1


def bulk_load(
    ledger: Ledger,
    province: Province,
    units: Sequence[int],
    buckets: Sequence[array[int]],
    table: Sequence[Variant],
) -> Loaded:
    """Write the packed visits of ``units`` (``packed_visits``) straight into the ledger's
    tables, a month at a time (set-up, not timed)."""
    maker = VisitRows(province, ledger, table)
    secondary = [index for index in visits.indexes if not index.unique]
    with ledger.write() as conn:
        for index in secondary:
            index.drop(conn)
    columns = ("id", *maker.bulk.columns)
    rows = corrections = withdrawals = audits = 0
    with ledger.write() as conn:
        next_id = int(conn.execute(sa.select(sa.func.max(visits.c.id))).scalar() or 0) + 1
    for month, codes in enumerate(buckets, start=1):
        with ledger.write() as conn:
            at = datetime(2026, month, 28, 2, 0, tzinfo=UTC)
            audit_ids = {
                unit: insert_audit(
                    conn,
                    AuditEntry(
                        province.units[unit],
                        province.plan_id,
                        Action.IMPORT_VISITS,
                        CLERK,
                        min(at, NOW),
                        0,
                        f"{month:02d}月走访.csv",
                    ),
                )
                for unit in units
            }
            audits += len(audit_ids)
            batch = list(maker.rows(codes, next_id, audit_ids))
            _write(conn, columns, batch)
        rows += len(batch)
        next_id += len(batch)
        corrections += sum(1 for code in codes if code & 3 == _CORRECTED)
        withdrawals += sum(1 for code in codes if code & 3 == _WITHDRAWN)
        del batch
    with ledger.write() as conn:
        for index in secondary:
            index.create(conn)
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT setval('visits_id_seq', (SELECT max(id) FROM visits))")
    return Loaded(rows, corrections, withdrawals, audits)


def _write(conn: sa.Connection, columns: Sequence[str], batch: list[tuple[Any, ...]]) -> None:
    """Plain ``executemany`` on SQLite, ``COPY`` on PostgreSQL, through the raw driver."""
    raw = conn.connection.dbapi_connection
    names = ", ".join(columns)
    if isinstance(raw, sqlite3.Connection):
        marks = ", ".join("?" for _ in columns)
        raw.executemany(f"INSERT INTO visits ({names}) VALUES ({marks})", batch)
        return
    with raw.cursor() as cursor:  # type: ignore[union-attr]
        # The rows are valid by construction: skip the per-row foreign-key and append-only
        # triggers for this transaction (the server's superuser runs the set-up).
        cursor.execute("SET LOCAL session_replication_role = replica")
        with cursor.copy(f"COPY visits ({names}) FROM STDIN") as copy:
            for row in batch:
                copy.write_row(row)


def record_completions(ledger: Ledger, schedule: Schedule, seed: int) -> int:
    """Unit 0's activities done before :data:`TODAY` (85% of occurrences, with figures, a
    third with materials) and 80% of its deliverables, as one sheet import would record
    them, so ``status`` has progress to report. Written with ``executemany`` and explicit
    ids (the library's writer makes a round trip per record: half a minute on PostgreSQL)."""
    rng = random.Random(f"completions:{seed}")
    plan = schedule.plan
    unit, plan_id = plan.unit or "", plan.id or plan.title
    at = NOW - timedelta(days=3)
    done: list[tuple[str, ItemKind, str, date]] = [
        (activity.id, ItemKind.ACTIVITY, occurrence.uid_key, occurrence.day)
        for activity in plan.activities
        for occurrence in schedule.for_item(activity.id)
        if occurrence.day < TODAY and rng.random() < 0.85
    ]
    done += [
        (item.id, ItemKind.DELIVERABLE, item.id, TODAY - timedelta(days=rng.randint(1, 200)))
        for item in plan.deliverables
        if rng.random() < 0.8
    ]
    with ledger.write() as conn:
        entry = AuditEntry(unit, plan_id, Action.IMPORT_LEDGER, CLERK, at, len(done))
        audit_id = insert_audit(conn, entry)
        first = int(conn.execute(sa.select(sa.func.max(completions.c.id))).scalar() or 0) + 1
        rows, handed_out = [], []
        for number, (item_id, kind, occurrence_id, day) in enumerate(done, start=first):
            people = rng.randint(10, 200)
            rows.append(
                {
                    "id": number,
                    "audit_id": audit_id,
                    "unit": unit,
                    "plan_id": plan_id,
                    "item_id": item_id,
                    "item_kind": kind.value,
                    "occurrence_id": occurrence_id,
                    "kind": RecordKind.DONE.value,
                    "actual_date": day,
                    "participants": people if kind is ItemKind.ACTIVITY else None,
                    "cadres": people // 3 if kind is ItemKind.ACTIVITY else None,
                    "residents": people - people // 3 if kind is ItemKind.ACTIVITY else None,
                    "recorded_by": CLERK,
                    "recorded_at": at,
                }
            )
            if kind is ItemKind.ACTIVITY and rng.random() < 0.3:
                count = rng.randint(50, 500)
                handed_out.append(
                    {"completion_id": number, "unit": unit, "material": "宣传折页", "count": count}
                )
        conn.execute(completions.insert(), rows)
        conn.execute(completion_materials.insert(), handed_out)
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(
                "SELECT setval('completions_id_seq', (SELECT max(id) FROM completions))"
            )
    return len(rows)
