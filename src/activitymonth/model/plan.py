"""The plan: one activity month or campaign of one unit."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, WithJsonSchema, field_validator

from activitymonth.calendar import ChinaCalendar, NamedDay, OfficialYear
from activitymonth.calendar.recurrence import Recurrence
from activitymonth.catalog.model import Program
from activitymonth.i18n import Text
from activitymonth.model.activity import Activity, Deliverable
from activitymonth.model.base import FrozenModel, invalid
from activitymonth.model.pairing import Pair, PairingPolicy
from activitymonth.model.people import Organization, Person
from activitymonth.model.types import Duration, Id, LocalDateTime, PlainDate, StrList
from activitymonth.model.window import Window


class DayOff(FrozenModel):
    """A named day (or inclusive span) off or on, given as data."""

    date: PlainDate
    end: PlainDate | None = None
    name: str

    def days(self) -> list[date]:
        last = self.end or self.date
        return [self.date + timedelta(days=i) for i in range((last - self.date).days + 1)]


class OfficialYearData(FrozenModel):
    """A year's national schedule supplied by the user before the libraries know it."""

    year: int = Field(ge=1949, le=2200)
    days_off: tuple[DayOff, ...]
    workdays: tuple[DayOff, ...] = ()


class CalendarData(FrozenModel):
    """Calendar facts the plan supplies: official years, regional schedules, own days off."""

    official: tuple[OfficialYearData, ...] = ()
    regional: tuple[DayOff, ...] = ()
    days_off: tuple[DayOff, ...] = ()


class Reminders(FrozenModel):
    """How long before each kind of item calendars remind people (VALARM)."""

    activity: tuple[Duration, ...] = (timedelta(days=1),)
    deliverable: tuple[Duration, ...] = (timedelta(days=3),)
    visit: tuple[Duration, ...] = (timedelta(days=1),)


class Plan(FrozenModel):
    """An implementation plan (实施方案)."""

    id: Id | None = None
    title: str
    unit: str | None = None
    region: str | None = None
    campaign: str | None = None
    window: Annotated[
        Window,
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "string", "pattern": r"^\d{4}(-\d{1,2})?$"},
                    {
                        "type": "object",
                        "properties": {
                            "start": {"type": "string", "format": "date"},
                            "end": {"type": "string", "format": "date"},
                        },
                        "required": ["start", "end"],
                        "additionalProperties": False,
                    },
                ],
                "description": "2026-09 (a month), 2026 (a year) or {start, end}",
            }
        ),
    ]
    timezone: str = "Asia/Shanghai"
    theme: str | None = None
    guidance: str | None = None
    requirements: StrList = ()
    revision: LocalDateTime | None = None
    budget: float | None = Field(default=None, ge=0)
    people: tuple[Person, ...] = ()
    organization: Organization = Organization()
    programs: StrList = ()
    custom_programs: tuple[Program, ...] = ()
    activities: tuple[Activity, ...] = ()
    deliverables: tuple[Deliverable, ...] = ()
    pairs: tuple[Pair, ...] = ()
    pairing: PairingPolicy | None = None
    calendar: CalendarData = CalendarData()
    reminders: Reminders = Reminders()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise invalid(
                Text(
                    f"未知时区 “{value}”；中国常用 Asia/Shanghai，新疆可用 Asia/Urumqi",
                    f"unknown time zone '{value}'; use Asia/Shanghai (or Asia/Urumqi in Xinjiang)",
                )
            ) from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def revision_time(self) -> datetime | None:
        return self.revision.replace(tzinfo=self.zone) if self.revision else None

    def working_calendar(self) -> ChinaCalendar:
        """China's calendar for this plan's region, with the calendar data it supplies.

        Raises ``CalendarError`` when the supplied data contradicts itself (a day both off
        and on); the loader reports that at ``calendar``.
        """
        data = self.calendar
        official = [
            OfficialYear(
                year.year,
                {day: off.name for off in year.days_off for day in off.days()},
                {day: on.name for on in year.workdays for day in on.days()},
            )
            for year in data.official
        ]
        regional = [NamedDay(day, off.name) for off in data.regional for day in off.days()]
        own = [NamedDay(day, off.name) for off in data.days_off for day in off.days()]
        return ChinaCalendar(self.region, official, regional, own)

    def person(self, person_id: str) -> Person | None:
        return self.people_by_id.get(person_id)

    def rhythm_of(self, pair: Pair) -> Recurrence | None:
        """A pair's visit rhythm: its own ``rhythm``, else the pairing policy's."""
        return pair.rhythm or (self.pairing.rhythm if self.pairing else None)

    def pair_start(self, pair: Pair) -> date:
        """When a pair's rhythm starts counting: the window's start, or ``since`` if later."""
        start = self.window.start
        return pair.since if pair.since is not None and pair.since > start else start

    @cached_property
    def people_by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}
