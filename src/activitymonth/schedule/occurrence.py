"""Concrete occurrences: what happens when, each traceable to the line that asked for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from activitymonth.diagnostics import Position
from activitymonth.i18n import Text


class ItemKind(StrEnum):
    ACTIVITY = "activity"
    DELIVERABLE = "deliverable"
    VISIT = "visit"


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One dated instance of an activity, a deliverable's due day or a planned pair visit.

    Timed occurrences carry time-zone-aware datetimes; all-day ones carry dates with an
    exclusive ``end`` (the day after the last day), as calendars expect.
    """

    item_id: str
    kind: ItemKind
    index: int
    title: str
    start: datetime | date
    end: datetime | date
    moved_from: date | None = None
    reason: Text | None = None
    source: Position | None = None

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def day(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def last_day(self) -> date:
        """Last day the occurrence touches (inclusive)."""
        if isinstance(self.end, datetime):
            return (self.end - timedelta(microseconds=1)).date()
        return self.end - timedelta(days=1)

    @property
    def days(self) -> list[date]:
        return [self.day + timedelta(days=i) for i in range((self.last_day - self.day).days + 1)]

    @property
    def uid_key(self) -> str:
        """Stable per-occurrence key: item id plus the date the rule planned it for."""
        return f"{self.item_id}/{(self.moved_from or self.day).isoformat()}"


@dataclass(frozen=True, slots=True)
class Skipped:
    """An occurrence the ``skip`` policy dropped, kept so the schedule can say so."""

    item_id: str
    planned: date
    reason: Text | None
    source: Position | None
