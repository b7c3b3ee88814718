"""Office hours by region and season.

A meeting at 09:00 is normal in 北京 and before opening time in 乌鲁木齐: 新疆 keeps Beijing
time and shifts its office day about two hours later, with different summer and winter
afternoons. The scheduler checks timed activities against these hours; the figures are
data (``data/office_hours.yaml``) because units and prefectures differ and change them,
and a project can override any of them with ``OfficeHoursTable.from_data``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import cache
from typing import Any

from activitymonth.calendar import datafiles
from activitymonth.calendar.errors import CalendarError
from activitymonth.calendar.regional import require_region
from activitymonth.i18n import Text

OFFICE_HOURS_ZONE = "Asia/Shanghai"
"""Office hours are Beijing time everywhere, 新疆 included; convert before comparing times
written in another zone (a plan may use Asia/Urumqi)."""

Period = tuple[time, time]


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """The office periods of one day, e.g. 09:00–12:00 and 13:30–17:30."""

    periods: tuple[Period, ...]
    name: Text

    def contains(self, start: time, end: time) -> bool:
        """Whether ``start``–``end`` fits inside one period (a meeting across lunch does not)."""
        return start <= end and any(first <= start and end <= last for first, last in self.periods)


@dataclass(frozen=True, slots=True)
class _Season:
    first: tuple[int, int]  # (month, day), inclusive
    last: tuple[int, int]
    hours: OfficeHours

    def covers(self, day: date) -> bool:
        key = (day.month, day.day)
        if self.first <= self.last:
            return self.first <= key <= self.last
        return key >= self.first or key <= self.last  # wraps around the new year


_PERIOD = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})\s*$")
_MONTH_DAY = re.compile(r"^\s*(\d{1,2})-(\d{1,2})\s*$")
_LEAP_YEAR = [date(2024, 1, 1) + timedelta(days=i) for i in range(366)]


def _bad(where: str, problem: Text) -> CalendarError:
    return CalendarError(Text(f"作息时间 {where}：", f"office hours {where}: ") + problem)


def _period(text: str, where: str) -> Period:
    match = _PERIOD.match(str(text))
    try:
        if match is None:
            raise ValueError(text)
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        start, end = time(h1, m1), time(h2, m2)
    except ValueError:
        raise _bad(
            where,
            Text(
                f"无法识别 “{text}”；请写成 09:00-12:00", f"unreadable '{text}'; write 09:00-12:00"
            ),
        ) from None
    if start >= end:
        raise _bad(
            where, Text(f"“{text}” 的结束时间早于开始时间", f"'{text}' ends before it starts")
        )
    return start, end


def _month_day(text: str, where: str) -> tuple[int, int]:
    match = _MONTH_DAY.match(str(text))
    try:
        if match is None:
            raise ValueError(text)
        month, day = int(match[1]), int(match[2])
        date(2024, month, day)
    except ValueError:
        raise _bad(
            where,
            Text(f"无法识别日期 “{text}”；请写成 05-01", f"unreadable day '{text}'; write 05-01"),
        ) from None
    return month, day


def _schedule(raw: Mapping[str, Any], where: str) -> tuple[_Season, ...]:
    seasons = []
    for entry in raw["seasons"]:
        periods = tuple(sorted(_period(p, where) for p in entry["periods"]))
        name = Text(str(entry["name"]), str(entry.get("en", entry["name"])))
        first = _month_day(entry.get("from", "01-01"), where)
        last = _month_day(entry.get("to", "12-31"), where)
        seasons.append(_Season(first, last, OfficeHours(periods, name)))
    for day in _LEAP_YEAR:
        covering = sum(season.covers(day) for season in seasons)
        if covering != 1:
            problem = "没有季节覆盖" if covering == 0 else "被多个季节覆盖"
            raise _bad(
                where,
                Text(
                    f"{day:%m-%d} {problem}；季节的 from/to 必须恰好覆盖全年每一天",
                    f"{day:%m-%d} is covered by {covering} seasons; "
                    "the seasons' from/to must cover every day exactly once",
                ),
            )
    return tuple(seasons)


class OfficeHoursTable:
    """Office hours of the nation (``None``) and of regions with their own schedule."""

    def __init__(self, schedules: Mapping[str | None, tuple[_Season, ...]]) -> None:
        self._schedules = dict(schedules)

    @classmethod
    def from_data(
        cls, raw: Mapping[str, Any], base: OfficeHoursTable | None = None
    ) -> OfficeHoursTable:
        """Read ``{default: ..., regions: {新疆: ...}}`` (the shape of the packaged file);
        with ``base``, the entries given replace base's and the others are kept."""
        schedules: dict[str | None, tuple[_Season, ...]] = dict(base._schedules) if base else {}
        if "default" in raw:
            schedules[None] = _schedule(raw["default"], "default")
        for region, entry in (raw.get("regions") or {}).items():
            schedules[require_region(region)] = _schedule(entry, region)
        if None not in schedules:
            raise _bad(
                "default",
                Text("缺少全国默认作息（default）", "the national default schedule is missing"),
            )
        return cls(schedules)

    def for_day(self, region: str | None, day: date) -> OfficeHours:
        """The hours on ``day`` in ``region`` (any spelling; None = national default)."""
        seasons = self._schedules.get(require_region(region)) or self._schedules[None]
        return next(season.hours for season in seasons if season.covers(day))


@cache
def packaged_table() -> OfficeHoursTable:
    """The table shipped in ``data/office_hours.yaml``."""
    return OfficeHoursTable.from_data(datafiles.load("office_hours.yaml"))


def office_hours(region: str | None, day: date) -> OfficeHours:
    """Office hours on ``day`` in ``region`` from the packaged table."""
    return packaged_table().for_day(region, day)
