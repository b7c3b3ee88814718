"""The China calendar: one answer per date, from four layers in a fixed precedence.

A date can be a plan's own day off, a regional festival, a national holiday or make-up
work day (调休), a weekend, or a work day; the first layer that claims a date decides.
Rules and the scheduler ask about tens of thousands of dates, so a whole year is worked
out the first time one of its dates is asked for and later answers are dict lookups.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from activitymonth.calendar.days import KIND_LABELS, DayInfo, Kind, NamedDay, SpecialDay
from activitymonth.calendar.festivals import name_text
from activitymonth.calendar.official import NationalSchedule, OfficialYear
from activitymonth.calendar.regional import RegionalSchedule, require_region
from activitymonth.i18n import Text

_ONE_DAY = timedelta(days=1)
_DAYS_OFF: frozenset[Kind] = frozenset({"holiday", "regional_holiday", "plan_day_off"})


class ChinaCalendar:
    """Work days and days off in mainland China, for one region and one plan.

    Precedence: a plan's declared day off > a regional holiday > the national schedule
    (holiday or make-up work day) > the weekend. ``region`` accepts any spelling
    (新疆, 新疆维吾尔自治区, Xinjiang); an unknown one raises ``UnknownRegionError``, and
    ``region`` holds the canonical short name (None: national only).
    """

    def __init__(
        self,
        region: str | None = None,
        official_years: Iterable[OfficialYear] = (),
        regional_days: Iterable[NamedDay] = (),
        plan_days_off: Iterable[NamedDay] = (),
    ) -> None:
        self.region = require_region(region)
        self._national = NationalSchedule(official_years)
        self._regional = RegionalSchedule(self.region, regional_days)
        self._plan = {
            named.day: SpecialDay(name_text(named.name), named.official) for named in plan_days_off
        }
        self._days: dict[date, DayInfo] = {}
        self._years: dict[int, tuple[DayInfo, ...]] = {}

    def day(self, d: date) -> DayInfo:
        """Everything about one date (a ``datetime`` is taken as its date)."""
        try:
            return self._days[d]
        except KeyError:
            pass
        plain = date(d.year, d.month, d.day)
        if plain.year not in self._years:
            self._build_year(plain.year)
        return self._days[plain]

    def is_workday(self, d: date) -> bool:
        return self.day(d).is_workday

    def day_off_name(self, d: date) -> Text | None:
        """Why ``d`` is a day off (国庆节, 周末, a plan's own name); None on work days."""
        info = self.day(d)
        return None if info.is_workday else info.name

    def is_official(self, year: int) -> bool:
        """Whether the year's national schedule is announced (not an estimate)."""
        return self._national.is_official(year)

    def next_workday(self, d: date) -> date:
        """The first work day strictly after ``d``."""
        d = date(d.year, d.month, d.day) + _ONE_DAY
        while not self.day(d).is_workday:
            d += _ONE_DAY
        return d

    def previous_workday(self, d: date) -> date:
        """The last work day strictly before ``d``."""
        d = date(d.year, d.month, d.day) - _ONE_DAY
        while not self.day(d).is_workday:
            d -= _ONE_DAY
        return d

    def days_off(self, year: int) -> list[DayInfo]:
        """Holidays, regional holidays and plan days off of a year; ordinary weekends are not."""
        return [info for info in self._year(year) if info.kind in _DAYS_OFF]

    def makeup_workdays(self, year: int) -> list[DayInfo]:
        """Weekend days the schedule turns into work days (调休上班)."""
        return [info for info in self._year(year) if info.kind == "makeup_workday"]

    def _year(self, year: int) -> tuple[DayInfo, ...]:
        if year not in self._years:
            self._build_year(year)
        return self._years[year]

    def _build_year(self, year: int) -> None:
        official = self._national.is_official(year)
        national = self._national.year(year)
        regional = self._regional.year(year)
        plan = self._plan
        first = date(year, 1, 1)
        infos = []
        for offset in range((date(year + 1, 1, 1) - first).days):
            d = first + timedelta(days=offset)
            if special := plan.get(d):
                info = DayInfo(d, False, "plan_day_off", special.name, special.official)
            elif special := regional.get(d):
                info = DayInfo(d, False, "regional_holiday", special.name, special.official)
            elif special := national.get(d):
                kind: Kind = "makeup_workday" if special.is_workday else "holiday"
                info = DayInfo(d, special.is_workday, kind, special.name, special.official)
            elif d.weekday() >= 5:
                info = DayInfo(d, False, "weekend", KIND_LABELS["weekend"], official)
            else:
                info = DayInfo(d, True, "workday", None, official)
            infos.append(info)
            self._days[d] = info
        self._years[year] = tuple(infos)
