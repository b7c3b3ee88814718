"""The small value languages of a rules file: gaps, weekdays, forbidden days, clock spans.

A clerk writes ``max_gap: 1个月``, ``weekdays: [周五]``, ``dates: [古尔邦节 -1d]`` or
``hours: 14:00-18:00``. Each type here reads such a value when the rules file is loaded,
so a typo is a located error in that file rather than a surprise while checking, and
keeps what it needs to say the value back in both languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Annotated, Any, Literal

from dateutil.relativedelta import relativedelta
from pydantic import PlainValidator, WithJsonSchema

from activitymonth.calendar import Anchor, AnchorError, parse_anchor
from activitymonth.i18n import Text
from activitymonth.model.base import invalid

GapUnit = Literal["days", "weeks", "months", "years"]

_GAP_UNITS: dict[str, GapUnit] = {
    **dict.fromkeys(("d", "day", "days", "天", "日"), "days"),
    **dict.fromkeys(("w", "week", "weeks", "周", "星期", "个星期", "礼拜", "个礼拜"), "weeks"),
    **dict.fromkeys(("month", "months", "月", "个月"), "months"),
    **dict.fromkeys(("y", "year", "years", "年"), "years"),
}
_UNIT_TEXT: dict[GapUnit, tuple[str, str]] = {
    "days": ("天", "day"),
    "weeks": ("周", "week"),
    "months": ("个月", "month"),
    "years": ("年", "year"),
}
_GAP = re.compile(r"^\s*(?P<n>\d+|[一二两三四五六七八九十]+)\s*(?P<unit>[A-Za-z]+|[^\s\d]+)\s*$")
_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
GAP_FORMS = "1个月、两周、10天、1年、2 weeks、10d"


def chinese_number(text: str) -> int | None:
    """``12``, ``三``, ``十二``, ``二十`` → the number; anything else → None."""
    if text.isdigit():
        return int(text)
    tens, ten, ones = text.partition("十")
    if not ten:
        return _DIGITS.get(text) if len(text) == 1 else None
    high = _DIGITS.get(tens) if tens else 1
    low = _DIGITS.get(ones) if ones else 0
    if high is None or low is None or len(tens) > 1 or len(ones) > 1:
        return None
    return high * 10 + low


@dataclass(frozen=True, slots=True)
class Gap:
    """A calendar length such as 1 month: months have their real lengths."""

    amount: int
    unit: GapUnit

    @property
    def delta(self) -> relativedelta:
        return relativedelta(**{self.unit: self.amount})

    @property
    def text(self) -> Text:
        zh, en = _UNIT_TEXT[self.unit]
        return Text(f"{self.amount} {zh}", f"{self.amount} {en}{'s' if self.amount != 1 else ''}")


def parse_gap(value: Any) -> Gap:
    if isinstance(value, Gap):
        return value
    match = _GAP.match(str(value)) if isinstance(value, str) else None
    amount = chinese_number(match["n"]) if match else None
    unit = _GAP_UNITS.get(match["unit"].lower()) if match else None
    if match is None or amount is None or unit is None or amount < 1:
        raise invalid(
            Text(
                f"无法识别的间隔 “{value}”：写成数字加单位，如 {GAP_FORMS}",
                f"unreadable length '{value}': write a number and a unit, e.g. {GAP_FORMS}",
            )
        )
    return Gap(amount, unit)


GapValue = Annotated[
    Gap,
    PlainValidator(parse_gap),
    WithJsonSchema({"type": "string", "description": f"A length, e.g. {GAP_FORMS}"}),
]

_WEEKDAY_NAMES: dict[str, int] = {}
for _index, _zh in enumerate("一二三四五六日"):
    for _prefix in ("周", "星期", "礼拜"):
        _WEEKDAY_NAMES[_prefix + _zh] = _index
for _prefix in ("周", "星期", "礼拜"):
    _WEEKDAY_NAMES[_prefix + "天"] = 6
for _index, _en in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
):
    _WEEKDAY_NAMES[_en] = _WEEKDAY_NAMES[_en[:3]] = _index


def parse_weekday(value: Any) -> int:
    """``周五``, ``星期五``, ``Fri``, ``friday`` or ISO ``5`` → 4 (Monday is 0)."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 7:
        return value - 1
    found = _WEEKDAY_NAMES.get(str(value).strip().lower()) if isinstance(value, str) else None
    if found is None:
        raise invalid(
            Text(
                f"无法识别的星期 “{value}”：写成 周一…周日、星期五、Fri 或 1…7（1 是周一）",
                f"unreadable weekday '{value}': write 周一…周日, Fri, friday or 1…7 (1 is Monday)",
            )
        )
    return found


Weekday = Annotated[
    int,
    PlainValidator(parse_weekday),
    WithJsonSchema({"type": ["string", "integer"], "description": "周一…周日, Mon…Sun or 1…7"}),
]


@dataclass(frozen=True, slots=True)
class Span:
    """Fixed dates: one day, or an inclusive range written ``2026-09-21..2026-09-25``."""

    text: str
    first: date
    last: date

    def days(self, year: int) -> Iterator[date]:
        day = max(self.first, date(year, 1, 1))
        while day <= self.last and day.year == year:
            yield day
            day += timedelta(days=1)


@dataclass(frozen=True, slots=True)
class FestivalDay:
    """A festival's day, or a day relative to it (``古尔邦节 -1d``), in every year."""

    text: str
    anchor: Anchor

    def days(self, year: int) -> Iterator[date]:
        try:
            yield self.anchor.resolve(year)
        except AnchorError:
            return  # the festival has no date that year (outside the calendars' range)


DaySpec = Span | FestivalDay
_RANGE = re.compile(r"^\s*(\S+)\s*(?:\.\.|~|～|至)\s*(\S+)\s*$")
DAY_FORMS = "2026-10-01、2026-09-21..2026-09-25、古尔邦节、古尔邦节 -1d"


def _iso(text: str, whole: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise invalid(
            Text(
                f"“{whole}” 中的 “{text}” 不是日期：写成 2026-09-21",
                f"'{text}' in '{whole}' is not a date: write 2026-09-21",
            )
        ) from None


def parse_day_spec(value: Any) -> DaySpec:
    """A date, an inclusive range of dates, or a festival (optionally with an offset)."""
    if isinstance(value, Span | FestivalDay):
        return value
    if isinstance(value, date):
        return Span(value.isoformat(), value, value)
    text = str(value).strip()
    if span := _RANGE.match(text):
        first, last = _iso(span.group(1), text), _iso(span.group(2), text)
        if last < first:
            raise invalid(
                Text(
                    f"日期范围 “{text}” 颠倒了：先写早的日期",
                    f"date range '{text}' is reversed: write the earlier date first",
                )
            )
        return Span(text, first, last)
    if re.match(r"^\d{4}-", text):
        day = _iso(text, text)
        return Span(text, day, day)
    try:
        return FestivalDay(text, parse_anchor(text))
    except AnchorError as error:
        raise invalid(
            error.message + Text(f"（可用写法：{DAY_FORMS}）", f" (forms: {DAY_FORMS})")
        ) from None


DayValue = Annotated[
    DaySpec,
    PlainValidator(parse_day_spec),
    WithJsonSchema({"type": "string", "description": f"A day, a range or a festival: {DAY_FORMS}"}),
]

_CLOCKS = re.compile(r"^\s*(\d{1,2})[:：](\d{2})\s*(?:-|~|～|至|到)\s*(\d{1,2})[:：](\d{2})\s*$")


@dataclass(frozen=True, slots=True)
class ClockSpan:
    """Part of a day, ``14:00-18:00``: the start included, the end not."""

    start: time
    end: time

    @property
    def text(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_clock_span(value: Any) -> ClockSpan:
    if isinstance(value, ClockSpan):
        return value
    match = _CLOCKS.match(value) if isinstance(value, str) else None
    numbers = [int(part) for part in match.groups()] if match else []
    if not match or max(numbers[0], numbers[2]) > 23 or max(numbers[1], numbers[3]) > 59:
        raise invalid(
            Text(
                f"无法识别的时段 “{value}”：写成 14:00-18:00",
                f"unreadable time span '{value}': write 14:00-18:00",
            )
        )
    start, end = time(numbers[0], numbers[1]), time(numbers[2], numbers[3])
    if end <= start:
        raise invalid(
            Text(
                f"时段 “{value}” 的结束不晚于开始：先写开始时刻",
                f"time span '{value}' ends before it starts: write the start first",
            )
        )
    return ClockSpan(start, end)


ClockSpanValue = Annotated[
    ClockSpan,
    PlainValidator(parse_clock_span),
    WithJsonSchema({"type": "string", "description": "Part of a day, e.g. 14:00-18:00"}),
]
