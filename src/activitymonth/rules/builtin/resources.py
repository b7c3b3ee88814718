"""Resource rules: rooms and money, the two things every activity draws on at once."""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from pydantic import Field

from activitymonth.i18n import Text, day_text
from activitymonth.model import Status
from activitymonth.rules.booking import venue_key
from activitymonth.rules.builtin.dates import occurrence_path
from activitymonth.rules.context import Context
from activitymonth.rules.finding import Finding, Group, ModelPath, Severity
from activitymonth.rules.rule import Options, Rule, register
from activitymonth.schedule import ItemKind, Occurrence

_LARGEST = 3
"""How many of the largest budgets an over-budget finding names."""


class VenueOptions(Options):
    open_venues: tuple[str, ...] = Field(
        default=("广场", "操场", "运动场", "公园"),
        description="Venues whose name ends with one of these are open spaces that host "
        "several activities at once (the stalls of a 公益日 on the county square).",
    )
    all_day_blocks: bool = Field(
        default=False,
        description="Let all-day items (an exhibition over three days) occupy their venue "
        "all day, so that a timed event there at the same time is a double booking.",
    )


@dataclass(order=True, frozen=True, slots=True)
class _Booking:
    """One occurrence holding a venue from ``start`` to ``end``; ``order`` breaks ties
    between equal starts by the plan's order, so "the later one" is well defined."""

    start: datetime
    order: int
    end: datetime = field(compare=False)
    occurrence: Occurrence = field(compare=False)


@dataclass(slots=True)
class _Clash:
    later: Occurrence
    earlier: Occurrence
    count: int = 1


def _moment(value: datetime | date, zone: ZoneInfo) -> datetime:
    """An all-day bound (a date) as midnight on the plan's clock."""
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time.min, zone)


def _when(occurrence: Occurrence, zone: ZoneInfo) -> Text:
    shown = day_text(occurrence.day)
    if occurrence.all_day:
        last = occurrence.last_day
        if last == occurrence.day:
            return shown + Text(" 全天", " all day")
        return Text(f"{shown.zh} 至 {last.isoformat()}", f"{shown.en} to {last.isoformat()}")
    assert isinstance(occurrence.start, datetime) and isinstance(occurrence.end, datetime)
    span = f" {occurrence.start.astimezone(zone):%H:%M}–{occurrence.end.astimezone(zone):%H:%M}"
    return shown + Text(span, span)


@register
class VenueDoubleBooked(Rule):
    """Two activities use the same venue (``location``) at overlapping times.

    Venues are compared by name, ignoring spaces and full-width forms. Open spaces
    (a name ending in 广场, 操场 …: option ``open_venues``) host several activities at
    once and are not checked. An activity that lasts all day (``date`` without a time: an
    exhibition, a banner week) does not hold its venue unless the option
    ``all_day_blocks`` says so. Each pair of activities is
    reported once, at the one that starts later, however many times two series meet.

    Why: the 三楼会议室 of a bureau or the 礼堂 of a school holds one event at a time; a
    double booking is found on the day, by whoever arrives second.

    Fails:
        activities:
          - {id: mobilize, title: 动员会, start: 2026-09-01 09:00, duration: 2h, lead: wang,
             location: 三楼会议室}
          - {id: study, title: 专题学习, start: 2026-09-01 10:00, duration: 1h, lead: li,
             location: 三楼 会议室}

    Passes:
        activities:
          - {id: mobilize, title: 动员会, start: 2026-09-01 09:00, duration: 2h, lead: wang,
             location: 三楼会议室}
          - {id: study, title: 专题学习, start: 2026-09-01 11:00, duration: 1h, lead: li,
             location: 三楼会议室}
    """

    code = "AM601"
    name = "venue-double-booked"
    group = Group.RESOURCES
    severity = Severity.ERROR
    summary = Text("同一场地同一时间安排了两项活动", "one venue booked for two activities at once")
    message = Text(
        "「{title}」（{when}）与「{other}」（{other_when}）同时使用「{venue}」{more}",
        "'{title}' ({when}) and '{other}' ({other_when}) both use '{venue}' at the same time{more}",
    )
    hint = Text(
        "把其中一项改到别的时间或场地",
        "move one of them to another time or venue",
    )
    Options = VenueOptions

    def check(self, ctx: Context, options: VenueOptions) -> Iterator[Finding]:
        zone = ctx.plan.zone
        clashes: dict[tuple[str, str], _Clash] = {}
        for bookings in self._bookings(ctx, options).values():
            for later, earlier in _overlaps(bookings):
                a, b = later.item_id, earlier.item_id
                key = (a, b) if a < b else (b, a)
                if key in clashes:
                    clashes[key].count += 1
                else:
                    clashes[key] = _Clash(later, earlier)
        venues = {a.id: a.location for a in ctx.plan.activities}
        for clash in clashes.values():
            path: ModelPath = (*occurrence_path(ctx, clash.later), "location")
            more = (
                Text(f"（共 {clash.count} 次）", f" ({clash.count} times)")
                if clash.count > 1
                else Text("", "")
            )
            yield self.report(
                ctx,
                path,
                detail=clash.earlier.item_id,
                title=clash.later.title,
                when=_when(clash.later, zone),
                other=clash.earlier.title,
                other_when=_when(clash.earlier, zone),
                venue=venues[clash.later.item_id],
                more=more,
            )

    @staticmethod
    def _bookings(ctx: Context, options: VenueOptions) -> dict[str, list[_Booking]]:
        """The bookings of each venue, sorted by start."""
        open_spaces = tuple(venue_key(suffix) for suffix in options.open_venues)
        venues: dict[str, str] = {}
        order: dict[str, int] = {}
        for i, activity in enumerate(ctx.plan.activities):
            if not activity.location or activity.status == Status.CANCELLED:
                continue
            venue = venue_key(activity.location)
            if not venue.endswith(open_spaces):
                venues[activity.id] = venue
                order.setdefault(activity.id, i)
        zone = ctx.plan.zone
        found: dict[str, list[_Booking]] = {}
        for occurrence in ctx.schedule.occurrences:
            venue = venues.get(occurrence.item_id)
            if venue is None or occurrence.kind != ItemKind.ACTIVITY:
                continue
            if occurrence.all_day and not options.all_day_blocks:
                continue
            found.setdefault(venue, []).append(
                _Booking(
                    _moment(occurrence.start, zone),
                    order[occurrence.item_id],
                    _moment(occurrence.end, zone),
                    occurrence,
                )
            )
        for bookings in found.values():
            bookings.sort()
        return found


def _overlaps(bookings: list[_Booking]) -> Iterator[tuple[Occurrence, Occurrence]]:
    """Every overlapping pair of one venue's bookings (sorted by start), as (later,
    earlier), the earlier ones in start order: a sweep that keeps the bookings still
    running in a heap by end time, so the cost is O(n log n) plus the overlaps, never all
    pairs."""
    running: list[tuple[datetime, int, Occurrence]] = []
    for seq, booking in enumerate(bookings):
        while running and running[0][0] <= booking.start:
            heapq.heappop(running)
        for _, _, earlier in sorted(running, key=lambda entry: entry[1]):
            if earlier.item_id != booking.occurrence.item_id:
                yield booking.occurrence, earlier
        heapq.heappush(running, (booking.end, seq, booking.occurrence))


def _yuan(amount: float) -> str:
    """Money as offices write it: whole yuan without decimals, else two places."""
    return f"{amount:.2f}".removesuffix(".00")


@register
class OverBudget(Rule):
    """The activities' budgets add up to more than the plan's ``budget``.

    Silent when the plan states no budget. Cancelled activities spend nothing.

    Why: "四到位" includes the money; a plan whose items cost more than was allotted will
    be cut at approval, and better by its authors than by the finance office.

    Fails:
        budget: 2000
        activities:
          - {id: banner, title: 悬挂横幅, date: 2026-09-02, lead: li, budget: 1500}
          - {id: talk, title: 社区宣讲, date: 2026-09-16, lead: wang, budget: 800}

    Passes:
        budget: 3000
        activities:
          - {id: banner, title: 悬挂横幅, date: 2026-09-02, lead: li, budget: 1500}
          - {id: talk, title: 社区宣讲, date: 2026-09-16, lead: wang, budget: 800}
    """

    code = "AM602"
    name = "over-budget"
    group = Group.RESOURCES
    severity = Severity.ERROR
    summary = Text("活动预算合计超出总预算", "activity budgets exceed the plan's budget")
    message = Text(
        "各项活动预算合计 {total} 元，超出总预算 {budget} 元（多 {over} 元）；"
        "预算最多的是{largest}",
        "the activities' budgets add up to {total} yuan, {over} over the plan's budget of "
        "{budget}; the largest: {largest}",
    )
    hint = Text(
        "压缩以上活动的预算，共减少 {over} 元；或把总预算 budget 提高到 {total} 元",
        "cut the budgets above by {over} yuan in all, or raise budget to {total}",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        allotted = ctx.plan.budget
        if allotted is None:
            return
        costs = [
            (activity.budget, activity.title)
            for activity in ctx.plan.activities
            if activity.budget and activity.status != Status.CANCELLED
        ]
        total = round(sum(cost for cost, _ in costs), 2)
        if total <= round(allotted, 2):
            return
        largest = heapq.nlargest(_LARGEST, costs, key=lambda entry: entry[0])
        yield self.report(
            ctx,
            ("budget",),
            total=_yuan(total),
            budget=_yuan(allotted),
            over=_yuan(total - allotted),
            largest=Text(
                "、".join(f"「{title}」{_yuan(cost)} 元" for cost, title in largest),
                ", ".join(f"'{title}' {_yuan(cost)}" for cost, title in largest),
            ),
        )
