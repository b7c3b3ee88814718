"""Compare chinese-calendar with holidays.China, day by day, on "is this a work day?".

The calendar layer takes the official national schedule from one library; this script is
the evidence for which one (docs/holiday-library-choice.md). It walks every date of every
year both libraries cover, lists the dates where they disagree, and shows what each does
for the first year chinese-calendar has no data for.

Run: ``.venv/bin/python bench/compare_holiday_libraries.py`` (needs the ``holidays`` extra).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
import holidays


@dataclass(frozen=True)
class Disagreement:
    day: date
    chinese_calendar_workday: bool
    holidays_workday: bool
    holidays_name: str | None


def covered_years() -> range:
    """Years chinese-calendar has data for; holidays.China covers all of them and more."""
    years = {d.year for d in chinese_calendar.holidays}
    return range(min(years), max(years) + 1)


def disagreements(years: range) -> list[Disagreement]:
    china = holidays.China(years=range(years.start - 1, years.stop + 1))
    found = []
    day, last = date(years.start, 1, 1), date(years.stop - 1, 12, 31)
    while day <= last:
        ours, theirs = chinese_calendar.is_workday(day), china.is_working_day(day)
        if ours != theirs:
            found.append(Disagreement(day, ours, theirs, china.get(day)))
        day += timedelta(days=1)
    return found


def first_uncovered_year(years: range) -> tuple[int, str, int]:
    """What each library says about the year after chinese-calendar's last one."""
    year = years.stop
    try:
        chinese_calendar.is_workday(date(year, 1, 2))
        ours = "answers"
    except NotImplementedError as error:
        ours = f"refuses: {error}"
    return year, ours, len(holidays.China(years=year))


def main() -> None:
    years = covered_years()
    found = disagreements(years)
    total_days = (date(years.stop, 1, 1) - date(years.start, 1, 1)).days
    print(f"Years compared: {years.start}-{years.stop - 1} ({total_days} days)")
    print(f"Days where 'is a working day' disagrees: {len(found)}\n")
    print("| date | weekday | chinese-calendar | holidays.China | holidays.China name |")
    print("| --- | --- | --- | --- | --- |")
    for item in found:
        print(
            f"| {item.day} | {item.day:%a} | "
            f"{'work' if item.chinese_calendar_workday else 'off'} | "
            f"{'work' if item.holidays_workday else 'off'} | {item.holidays_name or '-'} |"
        )
    year, ours, count = first_uncovered_year(years)
    print(f"\n{year}: chinese-calendar {ours}; holidays.China returns {count} holidays for it.")


if __name__ == "__main__":
    main()
