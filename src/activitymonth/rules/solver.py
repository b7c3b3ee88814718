"""The nearest date that satisfies every date rule for one item — the basis of date fixes.

A date finding is only useful with a better date next to it. The candidate must be a
work day inside the window, respect the item's dependencies and lead times (and those of
items that depend on it), find everyone involved present, and double-book nobody.
Later dates are tried first: moving a meeting back past a holiday rarely breaks its
preparation, moving it forward often does.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from activitymonth.model import Activity, Deliverable, Status
from activitymonth.rules.booking import DoubleBookedOptions, venue_key
from activitymonth.rules.context import Context
from activitymonth.rules.rule import REGISTRY
from activitymonth.schedule import Occurrence

SEARCH_DAYS = 62
DOUBLE_BOOKED = "AM303"


def nearest_valid_day(ctx: Context, occurrence: Occurrence) -> date | None:
    """Best day to move ``occurrence`` to, or None when no day in the window works."""
    item = ctx.items.get(occurrence.item_id)
    activity = item.item if item and isinstance(item.item, Activity) else None
    deadline = item.item.deadline if item and isinstance(item.item, Deliverable) else None
    window = ctx.plan.window
    for offset in _offsets():
        day = occurrence.day + timedelta(days=offset)
        if day not in window or (deadline is not None and day > deadline):
            continue
        if _acceptable(ctx, occurrence, activity, day):
            return day
    return None


def _offsets() -> list[int]:
    return [*range(1, SEARCH_DAYS + 1), *range(-1, -SEARCH_DAYS - 1, -1)]


def _acceptable(ctx: Context, occurrence: Occurrence, activity: Activity | None, day: date) -> bool:
    span = (occurrence.last_day - occurrence.day).days
    days = [day + timedelta(days=i) for i in range(span + 1)]
    if not all(ctx.calendar.is_workday(d) for d in days):
        return False
    if activity is None:
        return True
    if not _dependencies_hold(ctx, activity, day, days[-1]):
        return False
    for person_id in activity.people:
        person = ctx.plan.person(person_id)
        if person is not None and any(person.is_away(d) for d in days):
            return False
    return not _double_books(ctx, occurrence, activity, day)


def _dependencies_hold(ctx: Context, activity: Activity, first: date, last: date) -> bool:
    """``after: X`` with lead time N: start no earlier than N days after X's last day."""
    for dependency in activity.after:
        before = ctx.schedule.for_item(dependency.activity)
        if before and first < before[-1].last_day + timedelta(days=dependency.lead_time):
            return False
    for dependent_id, lead_time in ctx.dependents.get(activity.id, ()):
        later = ctx.schedule.for_item(dependent_id)
        if later and later[0].day < last + timedelta(days=lead_time):
            return False
    return True


def _double_books(ctx: Context, occurrence: Occurrence, activity: Activity, day: date) -> bool:
    """Would the moved occurrence clash with another live activity of its people, as the
    double-booking rule (AM303) is configured: overlapping, or closer than its travel
    buffer between two different places; all-day items count only when it says so."""
    options = _booking_options(ctx)
    if occurrence.all_day and not options.all_day_blocks:
        return False
    shift = day - occurrence.day
    start, end = _as_datetimes(occurrence.start + shift, occurrence.end + shift)
    here = _venue(activity)
    for person_id in activity.people:
        for other in ctx.occurrences_by_person.get(person_id, ()):
            if other.item_id == occurrence.item_id and other.index == occurrence.index:
                continue
            other_ref = ctx.items.get(other.item_id)
            other_activity = other_ref.item if other_ref else None
            if (
                not isinstance(other_activity, Activity)
                or other_activity.status == Status.CANCELLED
            ):
                continue
            if other.all_day and not options.all_day_blocks:
                continue
            there = _venue(other_activity)
            buffer = options.travel_buffer if here and there and here != there else timedelta(0)
            other_start, other_end = _as_datetimes(other.start, other.end)
            if start < other_end + buffer and other_start < end + buffer:
                return True
    return False


def _booking_options(ctx: Context) -> DoubleBookedOptions:
    """AM303's options as configured (its defaults when the rule is not registered)."""
    rule = REGISTRY.get(DOUBLE_BOOKED)
    options = ctx.options_of(rule) if rule is not None else None
    return options if isinstance(options, DoubleBookedOptions) else DoubleBookedOptions()


def _venue(activity: Activity) -> str | None:
    return venue_key(activity.location) if activity.location else None


def _as_datetimes(start: object, end: object) -> tuple[datetime, datetime]:
    """Bounds on one naive clock (the plan's); an all-day item spans its whole days."""
    if isinstance(start, datetime) and isinstance(end, datetime):
        return start.replace(tzinfo=None), end.replace(tzinfo=None)
    assert isinstance(start, date) and isinstance(end, date)
    return datetime.combine(start, datetime.min.time()), datetime.combine(end, datetime.min.time())
