"""Regions and their own holidays.

A plan names its region in whatever form its authors use (新疆, 新疆维吾尔自治区, Xinjiang);
everything regional (holidays, office hours, the activity month's ordinal) is keyed by one
canonical short name, so the names are normalised here once.

Autonomous regions add festivals of their own to the national schedule (新疆 and 宁夏:
肉孜节 and 古尔邦节; 广西: 壮族三月三). How many days each gets is law and lives in
``data/regional.yaml``; the dates themselves are announced every year, so the days
computed here are marked ``official=False`` until the plan supplies the announced ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Any

from activitymonth.calendar import datafiles
from activitymonth.calendar.days import NamedDay, SpecialDay
from activitymonth.calendar.errors import UnknownRegionError
from activitymonth.calendar.festivals import DaysOffRule, canonical_festival, name_text
from activitymonth.i18n import Text


def _key(name: str) -> str:
    return "".join(name.split()).casefold()


@cache
def _region_entries() -> dict[str, dict[str, Any]]:
    return {entry["name"]: entry for entry in datafiles.load("regions.yaml")}


@cache
def _region_names() -> dict[str, str]:
    """Every accepted spelling (as a lookup key) → canonical short name."""
    names: dict[str, str] = {}
    for entry in _region_entries().values():
        for spelling in (entry["name"], entry["full"], *entry["en"]):
            names[_key(spelling)] = entry["name"]
    return names


KNOWN_REGIONS: tuple[str, ...] = tuple(_region_entries())
"""Canonical short names of the provincial-level divisions, in the usual official order."""


def normalize_region(name: str | None) -> str | None:
    """Canonical short name of a region (新疆维吾尔自治区 → 新疆), None when unknown or empty."""
    if not name:
        return None
    return _region_names().get(_key(name))


def require_region(name: str | None) -> str | None:
    """Like ``normalize_region`` but an unknown name is an error; None means national."""
    if name is None:
        return None
    region = normalize_region(name)
    if region is None:
        known_zh, known_en = "、".join(KNOWN_REGIONS), ", ".join(KNOWN_REGIONS)
        raise UnknownRegionError(
            Text(
                f"未知地区 “{name}”；请写省级行政区名称（简称或全称），可用：{known_zh}",
                f"unknown region '{name}'; write a provincial-level division "
                f"(short or full name), one of: {known_en}",
            )
        )
    return region


def region_text(region: str) -> Text:
    """Bilingual name of a canonical region (新疆 → Xinjiang) for headings and messages."""
    entry = _region_entries()[region]
    return Text(entry["name"], entry["en"][0])


@cache
def regional_rules(region: str | None) -> tuple[DaysOffRule, ...]:
    """The region's own festivals with their statutory days off (none for most regions)."""
    table = datafiles.load("regional.yaml")
    return tuple(DaysOffRule.from_data(raw) for raw in table.get(region, ()))


class RegionalSchedule:
    """A region's festival days off per year: computed, or as announced where supplied.

    Supplied days replace the computed days of the same festival and year; supplied days
    of festivals the library does not compute (a 西藏 notice, a local holiday) are added.
    """

    def __init__(self, region: str | None, supplied: Iterable[NamedDay] = ()) -> None:
        self._rules = regional_rules(region)
        self._supplied: dict[int, dict[date, SpecialDay]] = defaultdict(dict)
        self._replaced: set[tuple[str, int]] = set()
        for named in supplied:
            # Keep the notice's own wording (开斋节), with the festival's English name.
            text = Text(named.name, name_text(named.name).en)
            self._supplied[named.day.year][named.day] = SpecialDay(text, named.official)
            festival = canonical_festival(named.name)
            if festival:
                self._replaced.add((festival, named.day.year))

    def year(self, year: int) -> dict[date, SpecialDay]:
        """Regional days off falling in ``year``; a new dict the caller may keep."""
        days = {
            day: SpecialDay(rule.name, official=False)
            for rule in self._rules
            for festival_year, day in rule.days_in(year)
            if (rule.festival, festival_year) not in self._replaced
        }
        days.update(self._supplied.get(year, {}))
        return days
