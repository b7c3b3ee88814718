"""Activities (events with a time) and deliverables (things handed in by a date)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import Field, model_validator

from activitymonth.calendar.festivals import Anchor
from activitymonth.calendar.recurrence import DayOffPolicy
from activitymonth.i18n import Text
from activitymonth.model.base import FrozenModel, invalid
from activitymonth.model.types import (
    Clock,
    DateSpec,
    Days,
    Duration,
    Id,
    IdList,
    LocalDateTime,
    PlainDate,
    Repeat,
    StrList,
)


class Status(StrEnum):
    """Where an item stands, as the plan author records it (the ledger records facts)."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class RoleSlot(FrozenModel):
    """A role inside one event, e.g. two 主持人; ``people`` may name fewer than ``count``."""

    role: str
    count: int = Field(default=1, ge=1)
    people: IdList = ()


class Dependency(FrozenModel):
    """``after: mobilize`` or ``after: {activity: mobilize, lead_time: 3d}``."""

    activity: Id
    lead_time: Days = 0

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, value: Any) -> Any:
        return {"activity": value} if isinstance(value, str) else value


class Material(FrozenModel):
    """Materials to prepare (宣传折页, 横幅), ready ``ready_before`` days ahead."""

    name: str
    quantity: int | None = Field(default=None, ge=0)
    ready_before: Days = 0
    owner: Id | None = None


class Activity(FrozenModel):
    """An event or practice. Timing is one of:

    - ``start`` with ``end`` or ``duration`` (a timed one-off);
    - ``date`` (all day), optionally ``end_date`` (an all-day span) or ``time`` + ``duration``;
    - ``repeat`` (a rhythm phrase or RRULE) with optional ``time``, ``duration``, ``from``,
      ``until`` and ``on_day_off``;
    - none of them: not yet scheduled (the checker reports it).
    """

    id: Id
    title: str
    fulfills: StrList = ()
    date: DateSpec | None = None
    end_date: PlainDate | None = None
    start: LocalDateTime | None = None
    end: LocalDateTime | None = None
    time: Clock | None = None
    duration: Duration | None = None
    repeat: Repeat | None = None
    on_day_off: DayOffPolicy = DayOffPolicy.KEEP
    repeat_from: PlainDate | None = Field(default=None, alias="from")
    until: PlainDate | None = None
    lead: Id | None = None
    staff: IdList = ()
    roles: tuple[RoleSlot, ...] = ()
    lead_unit: str | None = None
    co_units: StrList = ()
    location: str | None = None
    sector: StrList = ()
    expected_participants: int | None = Field(default=None, ge=0)
    materials: tuple[Material, ...] = ()
    budget: float | None = Field(default=None, ge=0)
    after: tuple[Dependency, ...] = ()
    evidence: StrList = ()
    status: Status = Status.PLANNED
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _single_dependency(cls, value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("after"), str | dict):
            return {**value, "after": [value["after"]]}
        return value

    @model_validator(mode="after")
    def _one_timing(self) -> Activity:
        forms = [
            name
            for name, present in (
                ("start", self.start is not None),
                ("date", self.date is not None),
                ("repeat", self.repeat is not None),
            )
            if present
        ]
        if len(forms) > 1:
            raise invalid(
                Text(
                    f"时间只能用一种写法，这里同时写了 {'、'.join(forms)}；保留其一",
                    f"use one way to give the time; found {', '.join(forms)}: keep one",
                ),
                at=forms[1],
            )
        if self.end is not None and self.duration is not None:
            raise invalid(
                Text("end 与 duration 只能写一个", "give either end or duration, not both"),
                at="duration",
            )
        if self.start is not None and self.time is not None:
            raise invalid(
                Text("start 已含时刻，不要再写 time", "start already has a time; drop time"),
                at="time",
            )
        if self.end is not None and (self.start is None or self.end <= self.start):
            raise invalid(
                Text(
                    "end 必须在 start 之后（并且需要写 start）",
                    "end must come after start (and start must be given)",
                ),
                at="end",
            )
        if self.end_date is not None:
            if not isinstance(self.date, date) or self.end_date < self.date:
                raise invalid(
                    Text(
                        "end_date 需要与 date 一起使用，且不早于 date",
                        "end_date needs a date and must not be before it",
                    ),
                    at="end_date",
                )
            if self.time is not None:
                raise invalid(
                    Text(
                        "跨天的全天活动不能再写 time",
                        "an all-day span cannot also have a time",
                    ),
                    at="time",
                )
        if self.repeat is None and (self.repeat_from or self.until):
            raise invalid(
                Text("from/until 只用于 repeat 重复活动", "from/until apply only with repeat"),
                at="from" if self.repeat_from else "until",
            )
        return self

    @property
    def is_recurring(self) -> bool:
        return self.repeat is not None

    @property
    def is_scheduled(self) -> bool:
        return self.start is not None or self.date is not None or self.repeat is not None

    @property
    def people(self) -> tuple[str, ...]:
        """Everyone who must be there: lead, staff and named role holders, in order, once."""
        seen: dict[str, None] = {}
        for person in (self.lead, *self.staff, *(p for r in self.roles for p in r.people)):
            if person:
                seen.setdefault(person, None)
        return tuple(seen)

    def anchor_date(self) -> date | Anchor | None:
        return self.start.date() if isinstance(self.start, datetime) else self.date


class Deliverable(FrozenModel):
    """Something handed in or produced (汇报材料, 档案资料, 总结) by ``due``."""

    id: Id
    title: str
    fulfills: StrList = ()
    owner: Id | None = None
    due: DateSpec | None = None
    deadline: PlainDate | None = None
    evidence: StrList = ()
    status: Status = Status.PLANNED
    note: str | None = None
