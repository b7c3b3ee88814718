"""Generate a month of timed events with planted clashes: the input of the check benchmark.

The county plan (``generate_county_plan.py``) spreads 2,000 activities over a year. A county
running its activity month is denser: tens of thousands of timed events in thirty days,
where two events of one person or one room collide by accident. This plan has, at the
defaults, 20,000 events (5% weekly series) for 5,000 people over 2026-09-14 – 2026-10-13,
a window that holds 中秋节 and the whole 国庆节 week with its make-up work day (2026-10-10).

The generator knows every clash it plants, so a benchmark can tell whether the checker
reports each one and nothing else:

- double bookings (2% of the events): a second event led by the lead of an existing one,
  overlapping it in one of the shapes a clerk produces: partly after (09:00–11:00 against
  10:30–12:00), partly before, inside, covering, at the same time, by one minute, or
  against one occurrence of a weekly series;
- touching pairs (1%): the same lead, one event ending when the other begins, about half
  of them in the same room; these are not double bookings;
- venue clashes (0.5%): two leads in the same room at overlapping times.

Apart from these, any two events of one person (lead or staff) are at least an hour apart
and a room holds one event at a time, so the planted pairs are the only clashes. People
and the organisation come from the county generator; all names are invented.

Usage: python bench/generate_month_plan.py [--events 20000] [--people 5000] [--seed 7] -o FILE
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeGuard

from activitymonth.calendar import ChinaCalendar
from generate_county_plan import (
    ACTIVITY_KINDS,
    BUREAUS,
    LOCATIONS,
    SCHOOLS,
    TOWNSHIPS,
    VILLAGE_NAMES,
    Counts,
    CountyPlan,
    block_item,
)

REGION = "内蒙古"
FIRST_DAY, LAST_DAY = date(2026, 9, 14), date(2026, 10, 13)
OFFICE_PERIODS = ((9 * 60, 12 * 60), (13 * 60 + 30, 17 * 60 + 30))
"""09:00–12:00 and 13:30–17:30 (the region's office hours), in minutes after midnight."""
DURATIONS = (60, 90, 120)
GAP = 60
"""Minutes kept free before and after each of a person's events, planted pairs apart."""
WEEKDAYS = "一二三四五"
OPEN_VENUES = ("县城广场", "县体育广场", *(f"{t}文化广场" for t in TOWNSHIPS))
"""Open spaces host several events at once; the venue rule leaves them alone."""
ROOMS = (
    *(loc for loc in LOCATIONS if not loc.endswith("广场")),
    *(f"{b}{room}" for b in BUREAUS for room in ("一楼会议室", "三楼会议室", "党员活动室")),
    *(
        f"{t}{room}"
        for t in TOWNSHIPS
        for room in ("人民政府一楼会议室", "人民政府三楼会议室", "党群服务中心", "综合文化站")
    ),
    *(f"{t}{street}社区活动室" for t in TOWNSHIPS for street in ("东街", "西街")),
    *(f"{s}{room}" for s in SCHOOLS for room in ("报告厅", "阶梯教室", "会议室", "多功能厅")),
    *(
        f"{t}{v}村{room}"
        for t in TOWNSHIPS for v in VILLAGE_NAMES for room in ("村委会会议室", "文明实践站")
    ),
)  # fmt: skip
TRIES = 200
"""Random picks before giving up: a lead or room at one time, then times for one event."""


class _Full(Exception):
    """No free lead or room at the times tried; the caller picks other times."""


class Kind(StrEnum):
    """The shape of a planted pair, relative to the event already there (start s, end e)."""

    PARTIAL_AFTER = "partial-after"  # e-30 … e+60: 09:00–11:00 against 10:30–12:00
    PARTIAL_BEFORE = "partial-before"  # s-60 … s+30
    INSIDE = "inside"  # s+15 … e-15
    COVERING = "covering"  # s-30 … e+30
    IDENTICAL = "identical"  # s … e
    ONE_MINUTE = "one-minute"  # e-1 … e+59
    SERIES = "series"  # e-30 … e+60 against one occurrence of a weekly series
    TOUCHING_AFTER = "touching-after"  # e … e+60, sometimes in the same room
    TOUCHING_BEFORE = "touching-before"  # s-60 … s
    VENUE = "venue"  # s+30 … e+30 in the same room, another lead

    @property
    def is_double_booking(self) -> bool:
        return self not in (Kind.TOUCHING_AFTER, Kind.TOUCHING_BEFORE, Kind.VENUE)

    def beside(self, start: int, end: int) -> tuple[int, int]:
        """The planted event's minutes beside an event from ``start`` to ``end``."""
        return {
            Kind.PARTIAL_AFTER: (end - 30, end + 60),
            Kind.PARTIAL_BEFORE: (start - 60, start + 30),
            Kind.INSIDE: (start + 15, end - 15),
            Kind.COVERING: (start - 30, end + 30),
            Kind.IDENTICAL: (start, end),
            Kind.ONE_MINUTE: (end - 1, end + 59),
            Kind.SERIES: (end - 30, end + 60),
            Kind.TOUCHING_AFTER: (end, end + 60),
            Kind.TOUCHING_BEFORE: (start - 60, start),
            Kind.VENUE: (start + 30, end + 30),
        }[self]


DOUBLE_BOOKINGS = tuple(kind for kind in Kind if kind.is_double_booking)
TOUCHING = (Kind.TOUCHING_AFTER, Kind.TOUCHING_BEFORE)


@dataclass(frozen=True, slots=True)
class Span:
    """Minutes ``start``–``end`` (end exclusive) of one day."""

    day: date
    start: int
    end: int

    def near(self, other: tuple[int, int], gap: int) -> bool:
        """Whether ``other`` (minutes of the same day) overlaps this span widened by ``gap``."""
        return other[0] < self.end + gap and self.start - gap < other[1]


@dataclass(frozen=True, slots=True)
class Event:
    """One activity of the plan: a one-off (one span) or a weekly series (a span a week)."""

    id: str
    title: str
    spans: tuple[Span, ...]
    lead: str
    staff: tuple[str, ...]
    venue: str | None
    weekday: int | None = None
    on_day_off: str = "skip"

    def entry(self) -> dict[str, object]:
        """The activity as the YAML mapping a clerk would type."""
        first = self.spans[0]
        entry: dict[str, object] = {"id": self.id, "title": self.title}
        if self.weekday is not None:
            entry["repeat"] = f"每周{WEEKDAYS[self.weekday]}"
            entry["time"] = _clock(first.start)
            entry["duration"] = _length(first.end - first.start)
            entry["on_day_off"] = self.on_day_off
        else:
            entry["start"] = f"{first.day.isoformat()} {_clock(first.start)}"
            if (first.end - first.start) % 30:
                entry["end"] = f"{first.day.isoformat()} {_clock(first.end)}"
            else:
                entry["duration"] = _length(first.end - first.start)
        entry["lead"] = self.lead
        if self.staff:
            entry["staff"] = list(self.staff)
        if self.venue:
            entry["location"] = self.venue
        return entry


@dataclass(frozen=True, slots=True)
class Planted:
    """A pair the generator put there on purpose: ``second`` was placed beside ``first``."""

    kind: Kind
    first: str
    second: str
    same_room: bool = False


def _length(minutes: int) -> str:
    """A duration as plans write it: ``2h``, ``90min``."""
    return f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}min"


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _is_room(venue: str | None) -> TypeGuard[str]:
    """A venue that holds one event at a time (not an open space, not "no venue")."""
    return venue is not None and venue not in OPEN_VENUES


def _in_office_hours(start: int, end: int) -> bool:
    return any(first <= start and end <= last for first, last in OFFICE_PERIODS)


class MonthPlan:
    """Places events one by one into the month, keeping the books of who and which room is
    busy when, so that nothing clashes except what :meth:`plant` puts there."""

    def __init__(self, events: int, people: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.county = CountyPlan(people / Counts.at(1).people, seed)
        self.roster = self.county.roster()
        self.organization = self.county.organization()
        calendar = ChinaCalendar(REGION)
        days = [FIRST_DAY + timedelta(n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]
        self.days = days
        self.workdays = [day for day in days if calendar.day(day).is_workday]
        self.events: list[Event] = []
        self.planted: list[Planted] = []
        self.person_busy: dict[tuple[str, date], list[tuple[int, int, str]]] = defaultdict(list)
        self.room_busy: dict[tuple[str, date], list[tuple[int, int, str]]] = defaultdict(list)
        self.total = events
        self.used: set[str] = set()

    def build(self) -> MonthPlan:
        """Series first (they need a free slot every week), then one-offs, then the pairs."""
        total = self.total
        series, double, touching, venue = (round(total * f) for f in (0.05, 0.02, 0.01, 0.005))
        for _ in range(series):
            self.add(self.series())
        for _ in range(total - series - double - touching - venue):
            self.add(self.one_off())
        kinds = [
            *(DOUBLE_BOOKINGS[n % len(DOUBLE_BOOKINGS)] for n in range(double)),
            *(TOUCHING[n % len(TOUCHING)] for n in range(touching)),
            *([Kind.VENUE] * venue),
        ]
        serieses, one_offs = self.events[:series], self.events[series:]
        for kind in kinds:
            self.plant(kind, serieses if kind == Kind.SERIES else one_offs)
        return self

    def text(self) -> str:
        header = [
            "# 某县2026年民族团结进步活动月实施方案（检查基准测试用，单位与人名均为虚构）",
            f"# 活动 {len(self.events)}，人员 {len(self.county.people)}；"
            f"有意安排的冲突 {len(self.planted)} 组",
            "id: county-month-2026",
            "title: 某县2026年民族团结进步活动月实施方案",
            "unit: 某县民族团结进步创建工作领导小组",
            f"region: {REGION}",
            "campaign: 民族团结进步活动月",
            f"window: {{start: {FIRST_DAY.isoformat()}, end: {LAST_DAY.isoformat()}}}",
            "timezone: Asia/Shanghai",
            "",
        ]
        activities = ["activities:"]
        for event in self.events:
            activities += block_item(event.entry())
        return "\n".join([*header, *self.roster, *self.organization, *activities, ""])

    # -- placing events ------------------------------------------------------------------

    def add(self, event: Event) -> None:
        self.events.append(event)
        for span in event.spans:
            booking = (span.start, span.end, event.id)
            for person in (event.lead, *event.staff):
                self.person_busy[person, span.day].append(booking)
            if _is_room(event.venue):
                self.room_busy[event.venue, span.day].append(booking)

    def person_free(self, person: str, spans: Sequence[Span], besides: str = "") -> bool:
        """Whether ``person`` has nothing within :data:`GAP` of the spans, ``besides`` apart."""
        return not any(
            span.near((start, end), GAP) and other != besides
            for span in spans
            for start, end, other in self.person_busy.get((person, span.day), ())
        )

    def room_free(self, room: str, spans: Sequence[Span], besides: str = "") -> bool:
        """Whether ``room`` is free during the spans; an event may end as the next begins."""
        return not any(
            span.near((start, end), 0) and other != besides
            for span in spans
            for start, end, other in self.room_busy.get((room, span.day), ())
        )

    def venue_for(self, spans: Sequence[Span]) -> str | None:
        """A room free at those times; sometimes an open space, or none (door-to-door)."""
        roll = self.rng.random()
        if roll < 0.10:
            return None
        if roll < 0.25:
            return self.rng.choice(OPEN_VENUES)
        for _ in range(TRIES):
            room = self.rng.choice(ROOMS)
            if self.room_free(room, spans):
                return room
        raise _Full

    def staff_for(self, spans: Sequence[Span], lead: str) -> tuple[str, ...]:
        wanted = self.rng.choice((0, 0, 1, 1, 2, 3))
        staff: list[str] = []
        for _ in range(wanted * 4):
            person = self.rng.choice(self.county.people)
            if len(staff) == wanted:
                break
            if person != lead and person not in staff and self.person_free(person, spans):
                staff.append(person)
        return tuple(staff)

    def free_lead(self, spans: Sequence[Span]) -> str:
        for _ in range(TRIES):
            person = self.rng.choice(self.county.people)
            if self.person_free(person, spans):
                return person
        raise _Full

    def title(self, number: int) -> str:
        """Unique, so that a finding's message names exactly one event."""
        return f"{self.rng.choice(TOWNSHIPS)}{self.rng.choice(ACTIVITY_KINDS)}第{number}场"

    def event(
        self,
        spans: Sequence[Span],
        *,
        lead: str | None = None,
        venue: str | None = None,
        weekday: int | None = None,
        on_day_off: str = "skip",
    ) -> Event:
        """A new event at ``spans``; a free lead, staff and venue unless given."""
        lead = lead or self.free_lead(spans)
        number = len(self.events) + 1
        return Event(
            id=f"e{number:05d}",
            title=self.title(number),
            spans=tuple(spans),
            lead=lead,
            staff=self.staff_for(spans, lead),
            venue=venue or self.venue_for(spans),
            weekday=weekday,
            on_day_off=on_day_off,
        )

    def slot(self) -> tuple[int, int]:
        first, last = self.rng.choice(OFFICE_PERIODS)
        length = self.rng.choice(DURATIONS)
        start = self.rng.randrange(first, last - length + 1, 15)
        return start, start + length

    def one_off(self) -> Event:
        return self.placed(lambda: [Span(self.rng.choice(self.workdays), *self.slot())])

    def series(self) -> Event:
        """每周X at one time; ``skip`` drops the days off, ``keep`` keeps them (and the
        date rules then report those days)."""
        weekday = self.rng.randrange(5)
        on_day_off = "keep" if self.rng.random() < 0.3 else "skip"
        days = [d for d in self.days if d.weekday() == weekday]
        if on_day_off == "skip":
            days = [d for d in days if d in self.workdays]

        def spans() -> list[Span]:
            start, end = self.slot()
            return [Span(day, start, end) for day in days]

        return self.placed(spans, weekday=weekday, on_day_off=on_day_off)

    def placed(self, spans: Callable[[], list[Span]], **fields: Any) -> Event:
        """An event at the first of the times ``spans()`` offers with a free lead and room."""
        for _ in range(TRIES):
            try:
                return self.event(spans(), **fields)
            except _Full:
                continue
        raise RuntimeError("the month is too full for this many events: no free lead or room")

    def plant(self, kind: Kind, pool: Sequence[Event]) -> None:
        """Place an event in the shape ``kind`` beside one of ``pool``, trying others when
        it does not fit (office hours, someone else's event nearby). A target is used once,
        so each planted pair stands alone."""
        target = self.rng.choice(pool)
        for _ in range(TRIES):
            span = self.rng.choice(target.spans)
            start, end = kind.beside(span.start, span.end)
            placed = Span(span.day, start, end)
            same_room = kind in TOUCHING and _is_room(target.venue) and self.rng.random() < 0.5
            if target.id not in self.used and self.fits(kind, target, placed, same_room):
                lead = None if kind == Kind.VENUE else target.lead
                room = target.venue if kind == Kind.VENUE or same_room else None
                try:
                    event = self.event([placed], lead=lead, venue=room)
                except _Full:
                    continue
                self.add(event)
                self.used.add(target.id)
                self.planted.append(Planted(kind, target.id, event.id, same_room))
                return
            target = self.rng.choice(pool)
        raise RuntimeError(f"could not plant a {kind} pair")

    def fits(self, kind: Kind, target: Event, placed: Span, same_room: bool) -> bool:
        """Whether ``placed`` is in office hours on a work day and clashes with ``target``
        only: the room (for a venue clash) or the lead (otherwise) is free around it."""
        if not _in_office_hours(placed.start, placed.end) or placed.day not in self.workdays:
            return False
        if kind == Kind.VENUE or same_room:
            room = target.venue
            if not _is_room(room) or not self.room_free(room, [placed], besides=target.id):
                return False
        if kind == Kind.VENUE:
            return True
        return self.person_free(target.lead, [placed], besides=target.id)


def month_plan(events: int = 20_000, people: int = 5_000, seed: int = 7) -> MonthPlan:
    """The built plan: ``.text()`` is the YAML, ``.planted`` the pairs put there on purpose;
    the same arguments always give the same plan."""
    return MonthPlan(events, people, seed).build()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    args = parser.parse_args(argv)
    if args.events < 200 or args.people < 100:
        parser.error("--events must be at least 200 and --people at least 100")
    plan = month_plan(args.events, args.people, args.seed)
    text = plan.text()
    args.output.write_text(text, encoding="utf-8")
    kinds = {kind: sum(p.kind == kind for p in plan.planted) for kind in Kind}
    print(f"{args.output}: {len(text.encode('utf-8')) / 1e6:.2f} MB, {len(plan.events)} events")
    print("planted: " + ", ".join(f"{kind} {count}" for kind, count in kinds.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
