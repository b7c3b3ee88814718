"""Dates and times as clerks type them into the 时间 column of an 活动安排表.

A schedule drafted in Excel says ``9月10日上午``, ``2026年9月10日 9:00-11:00``, ``9.10``,
``9月10日—12日`` or ``每月15日``; sometimes the cell is a real Excel date. This module turns
one such cell into a day, a day with a time range, a span of days or a rhythm, and refuses
what names no day (``9月上旬``, ``待定``) with a message that says what to write instead:
guessing a day for 上旬 would put a date in the plan that nobody agreed on.

``上午`` and ``下午`` without a clock time become the common office half-days, 09:00–12:00
and 14:30–17:30, so that the checker can still see overlaps between them.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time

from activitymonth.calendar.recurrence import RecurrenceError, parse_recurrence
from activitymonth.i18n import Text, weekday_name

MORNING = (time(9, 0), time(12, 0))
AFTERNOON = (time(14, 30), time(17, 30))

ACCEPTED = "、".join(
    (
        "9月10日",
        "9月10日上午",
        "2026年9月10日 9:00-11:00",
        "9.10",
        "2026/9/10",
        "9月10日—12日",
        "每月15日",
        "每周一",
    )
)


@dataclass(frozen=True)
class OnDay:
    """One day, all day or from ``start`` (to ``end`` when given)."""

    day: date
    start: time | None = None
    end: time | None = None


@dataclass(frozen=True)
class DaySpan:
    """Several whole days, ``first`` to ``last`` inclusive."""

    first: date
    last: date


@dataclass(frozen=True)
class Rhythm:
    """A recurring activity: ``phrase`` as the plan's ``repeat`` reads it."""

    phrase: str
    start: time | None = None
    end: time | None = None


When = OnDay | DaySpan | Rhythm


class DateTextError(ValueError):
    """A cell that names no definite day or time; ``hint`` says what to write instead."""

    def __init__(self, message: Text, hint: Text) -> None:
        super().__init__(message("en"))
        self.message = message
        self.hint = hint


_NUMERALS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_NUMERALS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_CHINESE_NUMBER = re.compile(r"[〇零一二两三四五六七八九十廿卅]+(?=[年月日号])")
_DASH = r"\s*(?:-|—+|–|~|至|到)\s*"
_WEEKDAY = r"\s*\(?(?:周|星期|礼拜)(?P<{name}>[一二三四五六日天])\)?"
_WEEKDAY_INDEX = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

_CHINESE_DATE = (
    r"(?:(?P<{y}>\d{{4}})\s*年)?\s*(?P<{m}>\d{{1,2}})\s*月\s*(?P<{d}>\d{{1,2}})\s*[日号]"
)
_NUMERIC_DATE = r"(?P<{y}>\d{{4}})[/.\-](?P<{m}>\d{{1,2}})[/.\-](?P<{d}>\d{{1,2}})"
_SHORT_DATE = r"(?P<{m}>\d{{1,2}})[./](?P<{d}>\d{{1,2}})(?![\d:])"


def _date_pattern(prefix: str) -> str:
    names = {"y": f"{prefix}y", "m": f"{prefix}m", "d": f"{prefix}d"}
    forms = [_CHINESE_DATE, _NUMERIC_DATE, _SHORT_DATE]
    alternatives = "|".join(
        form.format(**{k: f"{v}{i}" for k, v in names.items()}) for i, form in enumerate(forms)
    )
    return f"(?:{alternatives})"


_START = re.compile(_date_pattern("s") + f"(?:{_WEEKDAY.format(name='sw')})?")
_END = re.compile(
    _DASH
    + rf"(?:{_date_pattern('e')}|(?P<eday>\d{{1,2}})\s*[日号])"
    + f"(?:{_WEEKDAY.format(name='ew')})?"
)
_CLOCK = (
    r"(?P<{p}h>\d{{1,2}})"
    r"(?::(?P<{p}m>\d{{2}})|\s*[点时](?:\s*(?P<{p}n>\d{{1,2}})\s*分?|(?P<{p}half>半))?)"
)
_PERIOD = r"(?P<{p}p>上午|早上|中午|下午|晚上)?\s*"
_TIMES = re.compile(
    _PERIOD.format(p="a")
    + _CLOCK.format(p="a")
    + rf"(?:{_DASH}"
    + _PERIOD.format(p="b")
    + _CLOCK.format(p="b")
    + ")?"
)
_HALF_DAYS = {"上午": MORNING, "下午": AFTERNOON}
_VAGUE = re.compile(
    r"上旬|中旬|下旬|月初|月中|月底|月末|待定|另行|期间|全月|整月|月份|前后|左右|^(\d{4}年)?\d{1,2}月$"
)


def stated_year(value: object) -> int | None:
    """The year a cell states itself (``2026年9月10日``, ``2026/9/10``, a date cell)."""
    if isinstance(value, date):
        return value.year
    if isinstance(value, str):
        match = re.search(r"(\d{4})\s*[年/.\-]", _normalise(value))
        if match and 1900 < int(match.group(1)) < 2200:
            return int(match.group(1))
    return None


def parse_when(value: object, year: int) -> When:
    """Read one 时间 cell; days without a year fall in ``year`` (a span that runs past
    December ends in the next year). Raises :class:`DateTextError`."""
    if isinstance(value, datetime):
        clock = value.time()
        return OnDay(value.date(), clock if clock != time(0) else None)
    if isinstance(value, date):
        return OnDay(value)
    if isinstance(value, time):
        raise DateTextError(
            Text(f"只有时刻 {value:%H:%M}，没有日期", f"a time {value:%H:%M} without a date"),
            Text("写成 9月10日 9:00-11:00", "write e.g. 9月10日 9:00-11:00"),
        )
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise DateTextError(
            Text(
                f"单元格是数字 {value:g}，看不出是哪一天（9.10 输入 Excel 会变成数字 9.1）",
                f"the cell is the number {value:g}, not a date (Excel turns 9.10 into 9.1)",
            ),
            Text(
                "把单元格设为文本后写 9月10日，或设为日期格式",
                "format the cell as text and write 9月10日, or give it a date format",
            ),
        )
    text = _normalise(str(value))
    if text.startswith(("每", "工作日")):
        return _rhythm(str(value), text)
    if _VAGUE.search(text):
        raise DateTextError(
            Text(f"“{value}” 只是大致时段，没有具体日期", f"'{value}' names no definite day"),
            Text(
                "写出具体日期（如 9月5日）或起止日期（如 9月1日—10日）",
                "write a day (9月5日) or a span of days (9月1日—10日)",
            ),
        )
    start = _START.match(text)
    if start is None:
        raise _unreadable(value)
    first = _day(start, "s", year, value)
    _check_weekday(first, start.group("sw"), value)
    rest = text[start.end() :]
    if end := _END.match(rest):
        return _span(first, end, value)
    return _on_day(first, rest.strip(), value)


def _normalise(text: str) -> str:
    """Full-width digits and punctuation to ASCII, Chinese numerals before 年月日 to digits."""
    text = unicodedata.normalize("NFKC", text).strip()
    return _CHINESE_NUMBER.sub(lambda m: str(_chinese_number(m.group(0))), text)


def _chinese_number(token: str) -> int:
    """二〇二六 → 2026, 十 → 10, 二十三 → 23, 廿五 → 25."""
    token = token.replace("廿", "二十").replace("卅", "三十")
    if "十" not in token:
        return int("".join(str(_NUMERALS[c]) for c in token))
    tens, _, units = token.partition("十")
    return (_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[units] if units else 0)


def _rhythm(original: str, text: str) -> Rhythm:
    times = _TIMES.search(text)
    half = next((word for word in _HALF_DAYS if text.endswith(word)), None)
    if times:
        phrase = text[: times.start()]
        start, end = _clock_range(times, original)
    elif half:
        phrase = text.removesuffix(half)
        start, end = _HALF_DAYS[half]
    else:
        phrase, start, end = text, None, None
    try:
        parse_recurrence(phrase.strip())
    except RecurrenceError as error:
        raise DateTextError(
            error.message,
            Text("按上面的写法改写这个重复规则", "rewrite the rhythm in one of those forms"),
        ) from None
    return Rhythm(phrase.strip(), start, end)


def _day(match: re.Match[str], prefix: str, year: int, original: object) -> date:
    for i in range(3):
        if match.group(f"{prefix}m{i}") is not None:
            stated = match.groupdict().get(f"{prefix}y{i}")
            month = int(match.group(f"{prefix}m{i}"))
            day = int(match.group(f"{prefix}d{i}"))
            return _valid_date(int(stated) if stated else year, month, day, original)
    raise _unreadable(original)


def _valid_date(year: int, month: int, day: int, original: object) -> date:
    if not 1 <= month <= 12:
        raise DateTextError(
            Text(f"“{original}” 中的 {month} 月不存在", f"'{original}': there is no month {month}"),
            Text("月份写 1—12", "months run 1–12"),
        )
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateTextError(
            Text(
                f"“{original}” 中的日期不存在：{year}年{month}月只有 {last} 天",
                f"'{original}' does not exist: {year}-{month:02d} has {last} days",
            ),
            Text("核对日期", "check the day"),
        )
    return date(year, month, day)


def _check_weekday(day: date, written: str | None, original: object) -> None:
    """``9月10日（周三）`` when 9月10日 is a Thursday: one of the two is a typo."""
    if written is None or _WEEKDAY_INDEX[written] == day.weekday():
        return
    actual = weekday_name(day.weekday())
    raise DateTextError(
        Text(
            f"“{original}”：{day.month}月{day.day}日是{actual}，不是周{written}",
            f"'{original}': {day.isoformat()} is a {weekday_name(day.weekday(), 'en')}, "
            f"not the weekday written",
        ),
        Text("核对日期或星期", "correct the date or the weekday"),
    )


def _span(first: date, end: re.Match[str], original: object) -> DaySpan:
    if end.group("eday") is not None:
        last = _valid_date(first.year, first.month, int(end.group("eday")), original)
    else:
        month = next(int(end.group(f"em{i}")) for i in range(3) if end.group(f"em{i}"))
        stated = next((end.group(f"ey{i}") for i in range(2) if end.group(f"ey{i}")), None)
        year = int(stated) if stated else first.year + (month < first.month)
        last = _day(end, "e", year, original)
    _check_weekday(last, end.group("ew"), original)
    if last <= first:
        raise DateTextError(
            Text(f"“{original}” 的结束日期不晚于开始日期", f"'{original}' ends before it starts"),
            Text("写成 9月10日—12日", "write it as 9月10日—12日"),
        )
    if end.end() < len(end.string) and end.string[end.end() :].strip():
        raise DateTextError(
            Text(
                f"“{original}” 跨几天，又写了时刻",
                f"'{original}' spans several days and also gives a time",
            ),
            Text(
                "跨天的活动写成 9月10日—12日（不写时刻），或每天一行",
                "write a span without a time (9月10日—12日), or one row per day",
            ),
        )
    return DaySpan(first, last)


def _on_day(day: date, rest: str, original: object) -> OnDay:
    if re.match(r"[、,;]", rest):
        raise DateTextError(
            Text(f"“{original}” 一格写了几个日期", f"'{original}' gives several dates in one cell"),
            Text(
                "每个日期写一行，或写成重复规则（如 每周四）",
                "write one row per date, or a rhythm such as 每周四",
            ),
        )
    if rest in ("", "全天", "全日"):
        return OnDay(day)
    if rest in _HALF_DAYS:
        return OnDay(day, *_HALF_DAYS[rest])
    times = _TIMES.fullmatch(rest)
    if times is None:
        raise _unreadable(original)
    return OnDay(day, *_clock_range(times, original))


def _clock_range(match: re.Match[str], original: object) -> tuple[time, time | None]:
    start = _clock(match, "a", match.group("ap"), original)
    if match.group("bh") is None:
        return start, None
    end = _clock(match, "b", match.group("bp") or match.group("ap"), original)
    if end <= start:
        raise DateTextError(
            Text(f"“{original}” 的结束时刻不晚于开始时刻", f"'{original}' ends before it starts"),
            Text("写成 9:00-11:00 或 下午3:00-5:00", "write e.g. 9:00-11:00"),
        )
    return start, end


def _clock(match: re.Match[str], prefix: str, period: str | None, original: object) -> time:
    hour = int(match.group(f"{prefix}h"))
    minute = int(match.group(f"{prefix}m") or match.group(f"{prefix}n") or 0)
    if match.group(f"{prefix}half"):
        minute = 30
    if (period in ("下午", "晚上") and hour < 12) or (period == "中午" and hour < 6):
        hour += 12
    if hour > 23 or minute > 59:
        raise DateTextError(
            Text(f"“{original}” 中的时刻不存在", f"'{original}' has an impossible time of day"),
            Text("时刻写 0:00—23:59", "times run from 0:00 to 23:59"),
        )
    return time(hour, minute)


def _unreadable(value: object) -> DateTextError:
    return DateTextError(
        Text(f"无法识别的时间 “{value}”", f"unreadable date or time '{value}'"),
        Text(f"写成以下形式之一：{ACCEPTED}", f"write one of: {ACCEPTED}"),
    )
