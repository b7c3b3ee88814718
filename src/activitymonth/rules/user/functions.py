"""Domain functions for CEL expressions, answered by the plan's China calendar.

CEL alone knows nothing of 调休: ``timestamp(d).getDayOfWeek()`` calls 2026-09-20 a
Sunday, while in China it is a work day. These functions ask the calendar the plan is
checked with (national holidays and make-up days, the region's festivals, the plan's own
days off), so an expression is as right about days off as the built-in rules.

Every function takes dates as ISO strings (``'2026-10-01'``, or the date part of a
``2026-10-01T09:00:00+08:00`` moment, as the view gives them) or CEL timestamps (taken in
the plan's time zone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from celpy import celtypes
from dateutil.relativedelta import relativedelta

from activitymonth.calendar import ChinaCalendar
from activitymonth.i18n import Text
from activitymonth.rules.user.view import BOOL, INT, Scalar

_ISO_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:$|[T ])")
_DAYS_OFF = frozenset({"holiday", "regional_holiday", "plan_day_off"})


class DomainError(Exception):
    """A domain function was given something that is not a date."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


def to_day(value: object, zone: ZoneInfo) -> date:
    """The day a CEL value names: an ISO date string or a timestamp in the plan's zone."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=zone)
        return moment.astimezone(zone).date()
    return parse_iso_day(value)


def parse_iso_day(value: object) -> date:
    """``2026-10-01``, or the date part of ``2026-10-01T09:00:00+08:00``."""
    match = _ISO_DAY.match(value) if isinstance(value, str) else None
    if match:
        try:
            return date.fromisoformat(match.group(1))
        except ValueError:
            pass
    raise DomainError(
        Text(
            f"“{value}” 不是日期：写成 '2026-10-01'，或传入 timestamp",
            f"'{value}' is not a date: write '2026-10-01' or pass a timestamp",
        )
    )


@dataclass(frozen=True)
class Signature:
    """What the load-time checker and the documentation know of a function."""

    arity: int
    result: Scalar
    summary: Text


SIGNATURES: dict[str, Signature] = {
    "is_holiday": Signature(
        1,
        BOOL,
        Text(
            "是否法定节假日、地方节日或计划自定的休息日（普通周末不算）",
            "a public holiday, a regional festival or a plan's own day off (not a plain weekend)",
        ),
    ),
    "is_workday": Signature(
        1, BOOL, Text("是否工作日（调休上班日算工作日）", "a work day (make-up work days count)")
    ),
    "workdays_between": Signature(
        2,
        INT,
        Text(
            "a 之后到 b（含）之间的工作日数；b 早于 a 时为负数",
            "work days after a up to and including b; negative when b is before a",
        ),
    ),
    "months_between": Signature(
        2,
        INT,
        Text(
            "a 到 b 之间的整月数（9月15日到10月15日为 1）",
            "whole months from a to b (Sep 15 to Oct 15 is 1)",
        ),
    ),
    "days_between": Signature(2, INT, Text("a 到 b 相差的天数", "days from a to b")),
    "weekday": Signature(
        1, INT, Text("星期几：1 为周一，7 为周日", "the weekday: 1 Monday … 7 Sunday")
    ),
}
"""Every domain function by name."""


class CalendarFunctions:
    """The domain functions bound to one plan's calendar and time zone."""

    def __init__(self, calendar: ChinaCalendar, zone: ZoneInfo) -> None:
        self._calendar = calendar
        self._zone = zone

    def bound(self) -> dict[str, object]:
        """Name → callable, as CEL's runner takes them."""
        return {name: getattr(self, name) for name in SIGNATURES}

    def _day(self, value: object) -> date:
        return to_day(value, self._zone)

    def is_holiday(self, day: object) -> celtypes.BoolType:
        return celtypes.BoolType(self._calendar.day(self._day(day)).kind in _DAYS_OFF)

    def is_workday(self, day: object) -> celtypes.BoolType:
        return celtypes.BoolType(self._calendar.is_workday(self._day(day)))

    def workdays_between(self, first: object, second: object) -> celtypes.IntType:
        start, end = self._day(first), self._day(second)
        low, high, sign = (start, end, 1) if start <= end else (end, start, -1)
        count = sum(
            1
            for offset in range(1, (high - low).days + 1)
            if self._calendar.is_workday(low + timedelta(days=offset))
        )
        return celtypes.IntType(sign * count)

    def months_between(self, first: object, second: object) -> celtypes.IntType:
        difference = relativedelta(self._day(second), self._day(first))
        return celtypes.IntType(difference.years * 12 + difference.months)

    def days_between(self, first: object, second: object) -> celtypes.IntType:
        return celtypes.IntType((self._day(second) - self._day(first)).days)

    def weekday(self, day: object) -> celtypes.IntType:
        return celtypes.IntType(self._day(day).isoweekday())
