"""The values the calendar takes in and hands out.

``NamedDay`` is how callers supply days (a region's announced schedule, a plan's own days
off); ``DayInfo`` is the answer for one date. ``SpecialDay`` is the internal currency in
which the national, regional and plan layers describe their days before the facade
applies the precedence between them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from activitymonth.i18n import Text

Kind = Literal[
    "workday", "weekend", "holiday", "makeup_workday", "regional_holiday", "plan_day_off"
]

KIND_LABELS: dict[Kind, Text] = {
    "workday": Text("工作日", "work day"),
    "weekend": Text("周末", "weekend"),
    "holiday": Text("法定节假日", "public holiday"),
    "makeup_workday": Text("调休上班", "make-up work day"),
    "regional_holiday": Text("地方节日", "regional holiday"),
    "plan_day_off": Text("计划休息日", "plan day off"),
}
"""How each kind of day is called in messages (「国庆节 (法定节假日)」)."""


@dataclass(frozen=True, slots=True)
class NamedDay:
    """A day supplied as data; ``official=False`` marks a day that is still expected only."""

    day: date
    name: str
    official: bool = True


@dataclass(frozen=True, slots=True)
class SpecialDay:
    """A day one layer (national, regional, plan) says is not an ordinary day."""

    name: Text
    official: bool
    is_workday: bool = False


@dataclass(frozen=True, slots=True)
class DayInfo:
    """Everything the planner needs to know about one date.

    ``official`` is False when the date's status is a computation or a guess (the year's
    national schedule is not published yet, or a regional festival was computed), so a
    finding can say so instead of presenting a guess as fact.
    """

    day: date
    is_workday: bool
    kind: Kind
    name: Text | None
    official: bool
