"""Field types that users write as short strings: ids, durations, clock times, windows.

Each type parses the human form found in real plans (``2h``, ``09:00-11:00``, ``2026-09``,
``古尔邦节 -1d``) into a typed value and serialises back to the same human form, so a plan
built in Python dumps to YAML a clerk can still read and edit.
"""

from __future__ import annotations

import calendar as _calendar
import re
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

from activitymonth.calendar.festivals import Anchor, AnchorError, parse_anchor
from activitymonth.calendar.recurrence import Recurrence, RecurrenceError, parse_recurrence
from activitymonth.i18n import Text
from activitymonth.model.base import invalid

ID_PATTERN = r"^[\w\-.]+$"
Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        min_length=1,
        max_length=80,
        description="Identifier: letters (Chinese too), digits, _ - .",
    ),
]


def _one_or_many(value: Any) -> Any:
    """Let a user write a single value where a list is expected (``fulfills: 六个一/书画展``)."""
    if isinstance(value, str | dict):
        return (value,)
    return value


IdList = Annotated[tuple[Id, ...], BeforeValidator(_one_or_many)]
StrList = Annotated[tuple[str, ...], BeforeValidator(_one_or_many)]

_DURATION_PART = re.compile(
    r"(\d+(?:\.\d+)?)\s*(小时|分钟|hrs|hr|h|mins|min|m|分|d|天)", re.IGNORECASE
)
_ISO_DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$", re.IGNORECASE)
_UNIT_SECONDS = {"d": 86400, "天": 86400, "h": 3600, "hr": 3600, "hrs": 3600, "小时": 3600}
DURATION_FORMS = "2h, 90min, 1h30m, 1d, 2小时, 半天, PT2H"


def parse_duration(value: Any) -> timedelta:
    """Parse ``2h``, ``90min``, ``1h30m``, ``1d``, ``2小时``, ``半天`` or ISO 8601 ``PT2H``."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise invalid(
            Text(
                f"时长 {value} 缺少单位；请写成 {DURATION_FORMS} 之一",
                f"duration {value} has no unit; write one of {DURATION_FORMS}",
            )
        )
    text = str(value).strip()
    if text in ("半天", "半日"):
        return timedelta(hours=4)
    if text in ("全天", "一天"):
        return timedelta(days=1)
    iso = _ISO_DURATION.match(text)
    if iso and any(iso.groups()):
        d, h, m, s = (int(g or 0) for g in iso.groups())
        return timedelta(days=d, hours=h, minutes=m, seconds=s)
    parts = list(_DURATION_PART.finditer(text))
    if parts and "".join(p.group(0) for p in parts).replace(" ", "") == text.replace(" ", ""):
        seconds = sum(float(p.group(1)) * _UNIT_SECONDS.get(p.group(2).lower(), 60) for p in parts)
        if seconds > 0:
            return timedelta(seconds=seconds)
    raise invalid(
        Text(
            f"无法识别的时长 “{text}”；请写成 {DURATION_FORMS} 之一",
            f"unreadable duration '{text}'; write one of {DURATION_FORMS}",
        )
    )


def format_duration(value: timedelta) -> str:
    """Write a duration the way people type it: ``2h``, ``1h30m``, ``3d``."""
    total = int(value.total_seconds())
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days and not hours and not minutes:
        return f"{days}d"
    hours += days * 24
    if hours and minutes:
        return f"{hours}h{minutes}m"
    return f"{hours}h" if hours else f"{minutes}min"


Duration = Annotated[
    timedelta,
    BeforeValidator(parse_duration),
    PlainSerializer(format_duration, return_type=str),
    WithJsonSchema({"type": "string", "description": f"Duration, e.g. {DURATION_FORMS}"}),
]


def parse_days(value: Any) -> int:
    """Lead times are whole days: ``3``, ``3d``, ``3天``, ``1w``/``1周``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = re.fullmatch(r"\s*(\d+)\s*(d|天|日|w|周)?\s*", str(value))
    if not match:
        raise invalid(
            Text(
                f"无法识别的天数 “{value}”；请写成 3、3d、3天 或 1w",
                f"unreadable number of days '{value}'; write 3, 3d, 3天 or 1w",
            )
        )
    return int(match.group(1)) * (7 if match.group(2) in ("w", "周") else 1)


Days = Annotated[
    int,
    BeforeValidator(parse_days),
    Field(ge=0),
    WithJsonSchema({"type": ["integer", "string"], "description": "Days: 3, 3d, 3天, 1w"}),
]


def _parse_date_text(text: str) -> date:
    """ISO date with a message that says which part is impossible (2026-02-30)."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if not match:
        raise invalid(
            Text(
                f"无法识别的日期 “{text}”；请写成 2026-09-10",
                f"unreadable date '{text}'; write it as 2026-09-10",
            )
        )
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise invalid(
            Text(
                f"日期 {text} 的月份 {month} 不存在", f"date {text}: month {month} does not exist"
            ),
            Text("月份写 01–12", "months run 01–12"),
        )
    last = _calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise invalid(
            Text(
                f"日期 {text} 不存在：{year}年{month}月只有 {last} 天",
                f"date {text} does not exist: {year}-{month:02d} has only {last} days",
            ),
            Text(
                f"改成 {year}-{month:02d}-{last:02d} 或下个月的日期",
                f"use {year}-{month:02d}-{last:02d} or a day of the next month",
            ),
        )
    return date(year, month, day)


def parse_date_spec(value: Any) -> date | Anchor:
    """A date, or a date relative to a festival (``古尔邦节 -1d``), resolved per plan year."""
    if isinstance(value, datetime):
        raise invalid(
            Text(
                f"这里需要日期，不要带时刻：{value:%Y-%m-%d}",
                f"a date without time is expected here: {value:%Y-%m-%d}",
            )
        )
    if isinstance(value, date | Anchor):
        return value
    text = str(value).strip()
    if re.match(r"^\d{4}-", text):
        return _parse_date_text(text)
    try:
        return parse_anchor(text)
    except AnchorError as error:
        raise invalid(error.message) from None


def format_date_spec(value: date | Anchor) -> str:
    return value.text if isinstance(value, Anchor) else value.isoformat()


DateSpec = Annotated[
    date | Anchor,
    BeforeValidator(parse_date_spec),
    PlainSerializer(format_date_spec, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "A date (2026-09-10) or a festival anchor (古尔邦节 -1d, 春节+3d)",
        }
    ),
]


def parse_plain_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return _parse_date_text(str(value).strip())


PlainDate = Annotated[
    date,
    BeforeValidator(parse_plain_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]


def parse_local_datetime(value: Any) -> datetime:
    """Local date-time in the plan's time zone: ``2026-09-01 09:00``."""
    if isinstance(value, datetime):
        return value
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4}-\d{1,2}-\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?", text)
    if not match:
        raise invalid(
            Text(
                f"无法识别的时间 “{text}”；请写成 2026-09-01 09:00",
                f"unreadable date-time '{text}'; write it as 2026-09-01 09:00",
            )
        )
    day = _parse_date_text(match.group(1))
    hour, minute, second = int(match.group(2)), int(match.group(3)), int(match.group(4) or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise invalid(
            Text(f"时刻 {text} 不存在", f"time of day in '{text}' does not exist"),
            Text("时刻写 00:00–23:59", "times run from 00:00 to 23:59"),
        )
    return datetime(day.year, day.month, day.day, hour, minute, second)


LocalDateTime = Annotated[
    datetime,
    BeforeValidator(parse_local_datetime),
    PlainSerializer(lambda v: v.strftime("%Y-%m-%d %H:%M"), return_type=str),
    WithJsonSchema({"type": "string", "description": "Local date-time, e.g. 2026-09-01 09:00"}),
]


def parse_clock(value: Any) -> time:
    """``09:00``; YAML 1.1 readers would turn ``9:30`` into 570, so it is read as text."""
    if isinstance(value, time):
        return value
    match = re.fullmatch(r"\s*(\d{1,2})[:：](\d{2})\s*", str(value))
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise invalid(
            Text(
                f"无法识别的时刻 “{value}”；请写成 09:00",
                f"unreadable time of day '{value}'; write it as 09:00",
            )
        )
    return time(int(match.group(1)), int(match.group(2)))


Clock = Annotated[
    time,
    BeforeValidator(parse_clock),
    PlainSerializer(lambda v: v.strftime("%H:%M"), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$"}),
]


def parse_repeat(value: Any) -> Recurrence:
    if isinstance(value, Recurrence):
        return value
    try:
        return parse_recurrence(str(value))
    except RecurrenceError as error:
        raise invalid(error.message) from None


Repeat = Annotated[
    Recurrence,
    BeforeValidator(parse_repeat),
    PlainSerializer(lambda v: v.text, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "Chinese rhythm (每月15日, 每周一, 每两个月一次, 工作日每天 …) "
            "or an RRULE",
        }
    ),
]
