"""The nearest date that satisfies every date rule for one item — the basis of date fixes.

A date finding is only useful with a better date next to it. The candidate must be a
work day inside the window, respect the item's dependencies and lead times (and those of
items that depend on it), find everyone involved present, and double-book nobody.
Later dates are tried first: moving a meeting back past a holiday rarely breaks its
preparation, moving it forward often does.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from activitymonth.model import Activity, Deliverable
from activitymonth.rules.context import Context
from activitymonth.schedule import Occurrence

SEARCH_DAYS = 62


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
    shift = day - occurrence.day
    start, end = occurrence.start + shift, occurrence.end + shift
    for person_id in activity.people:
        for other in ctx.occurrences_by_person.get(person_id, ()):
            if other.item_id == occurrence.item_id and other.index == occurrence.index:
                continue
            if _overlap(start, end, other.start, other.end):
                return True
    return False


def _overlap(a_start: object, a_end: object, b_start: object, b_end: object) -> bool:
    """Half-open overlap; an all-day item overlaps timed items on its days."""
    a0, a1 = _as_datetimes(a_start, a_end)
    b0, b1 = _as_datetimes(b_start, b_end)
    return a0 < b1 and b0 < a1


def _as_datetimes(start: object, end: object) -> tuple[datetime, datetime]:
    if isinstance(start, datetime) and isinstance(end, datetime):
        return start.replace(tzinfo=None), end.replace(tzinfo=None)
    assert isinstance(start, date) and isinstance(end, date)
    return datetime.combine(start, datetime.min.time()), datetime.combine(end, datetime.min.time())
