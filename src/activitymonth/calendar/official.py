"""China's national holiday schedule: official where published, an honest estimate elsewhere.

The State Council announces each year's days off and make-up work days (调休) a few weeks
before the year starts. ``chinese-calendar`` carries those announcements and refuses years
it has no announcement for, which is exactly the distinction a plan needs: a date in an
announced year is a fact, a date in a later year is a guess and must be reported as one
(docs/holiday-library-choice.md compares it with ``holidays``, which guesses silently).

Three sources, in order: a year the user supplies (``OfficialYear``, e.g. from the notice
of November before the library is updated), the library, and for any other year an
estimate from the statutory days in ``data/national.yaml`` marked ``official=False``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import chinese_calendar
from chinese_calendar import Holiday

from activitymonth.calendar import datafiles
from activitymonth.calendar.days import KIND_LABELS, SpecialDay
from activitymonth.calendar.errors import CalendarError
from activitymonth.calendar.festivals import DaysOffRule, name_text
from activitymonth.i18n import Text

_VICTORY_DAY = Text("抗战胜利纪念日", "Victory Day (70th anniversary)")
_VICTORY_DAY_SPELLINGS = frozenset(
    {_VICTORY_DAY.zh, "抗战胜利70周年纪念日", Holiday.anti_fascist_70th_day.chinese}
)
_LIBRARY_NAMES: dict[str, str] = {
    Holiday.new_years_day.value: "元旦",
    Holiday.spring_festival.value: "春节",
    Holiday.tomb_sweeping_day.value: "清明节",
    Holiday.labour_day.value: "劳动节",
    Holiday.dragon_boat_festival.value: "端午节",
    Holiday.mid_autumn_festival.value: "中秋节",
    Holiday.national_day.value: "国庆节",
    Holiday.anti_fascist_70th_day.value: _VICTORY_DAY.zh,
}
"""chinese-calendar names its holidays in English ("Spring Festival"); users read Chinese."""

_MAKEUP_SUFFIXES = ("调休上班", "补班", "上班", "调休")


def holiday_text(name: str) -> Text:
    """Bilingual name of a national holiday in any known spelling (清明 → 清明节); notices
    name merged holidays together (中秋节、国庆节), and each part is translated."""
    parts = [part.strip() for part in name.split("、")]
    if len(parts) > 1:
        texts = [holiday_text(part) for part in parts]
        return Text("、".join(t.zh for t in texts), " / ".join(t.en for t in texts))
    return _VICTORY_DAY if name in _VICTORY_DAY_SPELLINGS else name_text(name)


def makeup_text(name: str) -> Text:
    """Name of a make-up work day from its holiday: ``春节`` or ``春节调休上班`` → 春节调休上班."""
    for suffix in _MAKEUP_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    if not name:
        return KIND_LABELS["makeup_workday"]
    holiday = holiday_text(name)
    return Text(f"{holiday.zh}调休上班", f"make-up work day ({holiday.en})")


@dataclass(frozen=True)
class OfficialYear:
    """A year's national schedule as announced: days off and make-up work days, by name.

    Supplying a year makes it official and replaces the library's data for it. A schedule
    may reach into the previous December (元旦 2023 began on 2022-12-31).
    """

    year: int
    days_off: Mapping[date, str]
    workdays: Mapping[date, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        both = sorted(self.days_off.keys() & self.workdays.keys())
        if both:
            listed = ", ".join(d.isoformat() for d in both)
            raise CalendarError(
                Text(
                    f"{self.year} 年放假安排中 {listed} 既是放假日又是上班日；请只保留其一",
                    f"{self.year} schedule: {listed} is both a day off and a work day; keep one",
                )
            )
        strays = sorted(
            d
            for d in (*self.days_off, *self.workdays)
            if d.year != self.year and not (d.year == self.year - 1 and d.month == 12)
        )
        if strays:
            listed = ", ".join(d.isoformat() for d in strays)
            raise CalendarError(
                Text(
                    f"{listed} 不属于 {self.year} 年的放假安排；请把它放进所属年份",
                    f"{listed} is not part of the {self.year} schedule; put it under its own year",
                )
            )


@cache
def _library() -> dict[int, dict[date, SpecialDay]]:
    """The library's days grouped by calendar year, with the known corrections applied."""
    table: dict[int, dict[date, SpecialDay]] = defaultdict(dict)
    for day, value in chinese_calendar.holidays.items():
        table[day.year][day] = SpecialDay(holiday_text(_LIBRARY_NAMES[value]), official=True)
    for day, value in chinese_calendar.workdays.items():
        table[day.year][day] = SpecialDay(makeup_text(_LIBRARY_NAMES[value]), True, is_workday=True)
    for fix in datafiles.load("national.yaml")["corrections"]:
        day = fix["date"]
        table[day.year][day] = SpecialDay(makeup_text(fix["workday"]), True, is_workday=True)
    return dict(table)


_LIBRARY_YEARS = range(
    min(d.year for d in chinese_calendar.holidays),
    max(d.year for d in chinese_calendar.holidays) + 1,
)
"""The years chinese-calendar answers for (it raises for any other year)."""


@cache
def _statutory_rules() -> tuple[DaysOffRule, ...]:
    return tuple(
        DaysOffRule.from_data(raw) for raw in datafiles.load("national.yaml")["statutory"]["rules"]
    )


def _estimate(year: int) -> dict[date, SpecialDay]:
    """Statutory days off of a year not announced yet; bridging days and 调休 are unknowable."""
    return {
        day: SpecialDay(rule.name, official=False)
        for rule in _statutory_rules()
        for _, day in rule.days_in(year)
    }


class NationalSchedule:
    """The national schedule's special days (holidays, make-up work days) per calendar year."""

    def __init__(self, supplied: Iterable[OfficialYear] = ()) -> None:
        self._supplied_years: set[int] = set()
        self._supplied: dict[int, dict[date, SpecialDay]] = defaultdict(dict)
        for schedule in supplied:
            if schedule.year in self._supplied_years:
                raise CalendarError(
                    Text(
                        f"{schedule.year} 年的放假安排提供了两次；请合并为一份",
                        f"the {schedule.year} schedule is supplied twice; merge them into one",
                    )
                )
            self._supplied_years.add(schedule.year)
            for day, name in schedule.days_off.items():
                self._supplied[day.year][day] = SpecialDay(holiday_text(name), official=True)
            for day, name in schedule.workdays.items():
                self._supplied[day.year][day] = SpecialDay(makeup_text(name), True, is_workday=True)

    def is_official(self, year: int) -> bool:
        """Whether the year's schedule is announced (in the library or supplied)."""
        return year in self._supplied_years or year in _LIBRARY_YEARS

    def year(self, year: int) -> dict[date, SpecialDay]:
        """Special days falling in ``year``; a new dict the caller may keep."""
        if year in self._supplied_years:
            days: dict[date, SpecialDay] = {}
        elif year in _LIBRARY_YEARS:
            days = dict(_library().get(year, {}))
        else:
            days = _estimate(year)
        days.update(self._supplied.get(year, {}))
        return days
