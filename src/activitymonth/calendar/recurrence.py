"""Recurring dates: Chinese rhythm phrases and RRULEs, expanded on the China work-day calendar.

Plans state rhythms the way the source documents do: 每月15日 (seed 002:22), 每两个月至少1次
(004:591), 每季度1次 (002:22), 每年2次 (004:531), six visits a year (004:333). A clerk should be
able to write exactly that, and a developer an RFC 5545 RRULE. Parsing keeps the original text,
so a plan dumps back unchanged; expansion turns a rule into concrete dates and applies the
plan's day-off policy, recording *why* each date moved so the schedule can explain itself.

Month ends differ on purpose. A clerk who writes 每月31日 means "at the end of every month", not
"skip April", so phrase rules on day 29-31 are clamped to the month's last day and the clamp is
recorded. RRULEs keep RFC 5545 semantics: dateutil skips months that lack the day; write
``BYMONTHDAY=-1`` there for "last day of every month".

Expansion is arithmetic for phrase rules (a plan may hold thousands of rules); dateutil is
only used for RRULEs, which need its full generality.
"""

from __future__ import annotations

import difflib
import re
from calendar import isleap
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Protocol

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr

from activitymonth.i18n import Text, weekday_name

__all__ = [
    "ACCEPTED_FORMS",
    "DayOffPolicy",
    "Frequency",
    "PlannedDate",
    "Recurrence",
    "RecurrenceError",
    "WorkdayCalendar",
    "expand",
    "parse_recurrence",
]


class WorkdayCalendar(Protocol):
    """What expansion needs from a calendar (``activitymonth.calendar.ChinaCalendar`` fits).

    Kept minimal so recurrence does not depend on how holidays are sourced, and so tests can
    use a small fake built from one published schedule.
    """

    def is_workday(self, d: date) -> bool:
        """True on ordinary weekdays and make-up work days (调休), False on any day off."""
        ...

    def day_off_name(self, d: date) -> Text | None:
        """Short name of a day off, e.g. ``Text("春节", "Spring Festival")`` or 周末.

        None on work days. Reasons append 假期 unless the name already says what kind of day it
        is (假期, 休息日, 周末, 周六, 周日).
        """
        ...


class RecurrenceError(ValueError):
    """A rule that cannot be read; ``message`` names the problem and the accepted forms.

    ``suggestion`` is the nearest accepted form, so a checker can offer it as a fix.
    """

    def __init__(self, message: Text, suggestion: str | None = None) -> None:
        super().__init__(message("en"))
        self.message = message
        self.suggestion = suggestion


class DayOffPolicy(StrEnum):
    """What to do with an occurrence that falls on a day off (the plan's ``on_day_off``)."""

    KEEP = "keep"
    NEXT_WORKDAY = "next_workday"
    PREVIOUS_WORKDAY = "previous_workday"
    SKIP = "skip"


class Frequency(StrEnum):
    """How a rule generates dates.

    DAILY, WEEKLY and MONTHLY are anchored on the expansion start (its weekday, its day of
    month) unless the rule names weekdays or a day of month. The three workday kinds are
    defined by the calendar itself, so no day-off policy applies to them.
    """

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    WORKDAYS = "workdays"
    FIRST_WORKDAY = "first_workday"
    LAST_WORKDAY = "last_workday"
    RRULE = "rrule"


_CALENDAR_DEFINED = frozenset({Frequency.WORKDAYS, Frequency.FIRST_WORKDAY, Frequency.LAST_WORKDAY})

ACCEPTED_FORMS: tuple[str, ...] = (
    "每月15日",
    "每周一",
    "每周一、三",
    "每天",
    "每周",
    "每周一次",
    "每两周",
    "每月",
    "每月一次",
    "每两个月",
    "每两个月一次",
    "每两个月至少一次",
    "每季度",
    "每季度一次",
    "每半年一次",
    "每年两次",
    "每年一次",
    "工作日每天",
    "每月第一个工作日",
    "每月最后一个工作日",
    "FREQ=WEEKLY;BYDAY=MO",
)


@dataclass(frozen=True, slots=True)
class Recurrence:
    """A parsed rule. Build it with :func:`parse_recurrence`; ``text`` is what the user wrote.

    ``interval`` counts days, weeks or months for DAILY, WEEKLY and MONTHLY (a year is 12
    months), and is the RRULE's INTERVAL for RRULE. ``month_day`` (MONTHLY) and ``weekdays``
    (WEEKLY, Monday = 0) are empty when the rule is anchored on the expansion start.
    """

    text: str
    frequency: Frequency
    interval: int = 1
    month_day: int | None = None
    weekdays: tuple[int, ...] = ()
    rrule: str | None = None

    @property
    def is_workday_based(self) -> bool:
        """True when the calendar defines the dates; rhythm checks then count work days."""
        return self.frequency in _CALENDAR_DEFINED

    def describe(self) -> Text:
        """The rule in normalised words, whichever way it was written."""
        n = self.interval
        match self.frequency:
            case Frequency.RRULE:
                return Text(f"RRULE {self.rrule}", f"RRULE {self.rrule}")
            case Frequency.WORKDAYS:
                return Text("工作日每天", "every work day")
            case Frequency.FIRST_WORKDAY:
                return Text("每月第一个工作日", "first work day of every month")
            case Frequency.LAST_WORKDAY:
                return Text("每月最后一个工作日", "last work day of every month")
            case Frequency.DAILY:
                return Text("每天", "daily") if n == 1 else Text(f"每{_zh(n)}天", f"every {n} days")
            case Frequency.WEEKLY:
                return self._describe_weekly()
            case _:
                return self._describe_monthly()

    def _describe_weekly(self) -> Text:
        n = self.interval
        if not self.weekdays:
            if n == 1:
                return Text("每周一次", "once a week")
            return Text(f"每{_zh(n)}周一次", f"once every {n} weeks")
        zh_days = "、".join(weekday_name(d) for d in self.weekdays)
        en_days = ", ".join(weekday_name(d, "en") for d in self.weekdays)
        if n == 1:
            return Text(f"每{zh_days}", f"every {en_days}")
        return Text(f"每{_zh(n)}周的{zh_days}", f"every {n} weeks on {en_days}")

    def _describe_monthly(self) -> Text:
        n = self.interval
        if self.month_day is not None:
            day = self.month_day
            if n == 1:
                return Text(f"每月{day}日", f"monthly on the {_ordinal(day)}")
            return Text(f"每{_zh(n)}个月的{day}日", f"every {n} months on the {_ordinal(day)}")
        if n == 1:
            return Text("每月一次", "once a month")
        if n == 3:
            return Text("每季度一次", "once a quarter")
        if n == 6:
            return Text("每半年一次", "once every six months")
        if n == 12:
            return Text("每年一次", "once a year")
        if n % 12 == 0:
            return Text(f"每{_zh(n // 12)}年一次", f"once every {n // 12} years")
        return Text(f"每{_zh(n)}个月一次", f"once every {n} months")

    def max_gap(self) -> relativedelta:
        """The longest allowed interval between two occurrences, for rhythm checks.

        Workday-based rules give their nominal gap (工作日每天 → 1 day); the checker must skip
        days off when measuring them (see :attr:`is_workday_based`).
        """
        match self.frequency:
            case Frequency.RRULE:
                unit = _RRULE_GAP_UNITS[_rrule_parts(self.rrule or "")["FREQ"]]
                return relativedelta(**{unit: self.interval})
            case Frequency.DAILY | Frequency.WORKDAYS:
                return relativedelta(days=self.interval)
            case Frequency.WEEKLY:
                return relativedelta(days=self._longest_weekday_gap())
            case _:
                return relativedelta(months=self.interval)

    def _longest_weekday_gap(self) -> int:
        """Days between the furthest-apart consecutive weekdays, across the cycle's wrap."""
        cycle = 7 * self.interval
        if len(self.weekdays) < 2:
            return cycle
        days = self.weekdays
        gaps = [b - a for a, b in pairwise(days)]
        return max([*gaps, cycle - (days[-1] - days[0])])


@dataclass(frozen=True, slots=True)
class PlannedDate:
    """One occurrence: where the rule put it, where it ends up, and why they differ."""

    day: date
    planned: date
    reason: Text | None
    skipped: bool = False

    @property
    def moved(self) -> bool:
        return self.day != self.planned


# ---------------------------------------------------------------------------------- parsing

_NUM = r"(?:\d{1,3}|[一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九])"
_ZH_DIGITS = dict(zip("一二三四五六七八九", range(1, 10), strict=True)) | {"两": 2}
_WEEK = r"(?:周|星期|礼拜)"
_DAY_NAME = r"[一二三四五六日天]"
_WEEKDAY_NUMBERS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_LIST_SEP = r"(?:、|,|，|和|及|与|/)"

# An optional trailing count ("一次", "1次", "至少两次") is split off first, so every body
# form below accepts it the same way.
_TAIL = re.compile(rf"(?P<body>.+?)(?:至少)?(?:(?P<count>{_NUM})?(?P<times>次))?")
_PERIOD = re.compile(rf"每(?P<n>{_NUM}|半(?=年))?个?(?P<unit>天|日|{_WEEK}|月|季度|季|年)")
_MONTH_DAY = re.compile(rf"每(?P<n>{_NUM})?个?月(?P<day>{_NUM})[日号]")
_WEEKDAYS = re.compile(
    rf"每(?P<n>{_NUM})?个?{_WEEK}"
    rf"(?P<days>{_DAY_NAME}(?:(?:{_LIST_SEP}{_WEEK}?|{_WEEK}){_DAY_NAME})*)"
)
_WORKDAYS = re.compile(r"工作日每天|每个?工作日")
_EDGE_WORKDAY = re.compile(r"每个?月(?:(?P<first>第一|首)|最后一?|末)个?工作日")
_MONTHS_PER_UNIT = {"月": 1, "季": 3, "季度": 3, "年": 12}

_RRULE_PREFIX = re.compile(r"^\s*RRULE\s*:", re.IGNORECASE)
_RRULE_GAP_UNITS = {"YEARLY": "years", "MONTHLY": "months", "WEEKLY": "weeks", "DAILY": "days"}
_RRULE_CHECK_START = datetime(2000, 1, 1)


def parse_recurrence(text: str) -> Recurrence:
    """Read a rhythm phrase (每月15日, 每两个月至少一次, 工作日每天 …) or an RRULE.

    Whitespace anywhere is ignored; numbers may be Chinese (两, 十五) or Arabic. Raises
    :class:`RecurrenceError` with the accepted forms and the nearest one.
    """
    if _RRULE_PREFIX.match(text) or "FREQ=" in text.upper():
        return _parse_rrule(text)
    compact = re.sub(r"\s+", "", text).removeprefix("至少")
    tail = _TAIL.fullmatch(compact)
    if tail is None:
        raise _unknown(text, compact)
    body = tail["body"]
    count = _number(tail["count"]) if tail["times"] else 1
    if period := _PERIOD.fullmatch(body):
        return _period_rule(text, period, count)
    if count == 1:
        if month_day := _MONTH_DAY.fullmatch(body):
            day = _number(month_day["day"])
            if not 1 <= day <= 31:
                raise RecurrenceError(
                    Text(
                        f"“{text}” 中的 {day} 日不存在；请写 1 到 31 之间的日期，例如 每月15日",
                        f"'{text}': there is no day {day}; use a day from 1 to 31, e.g. 每月15日",
                    )
                )
            interval = _interval(text, month_day["n"])
            return Recurrence(text, Frequency.MONTHLY, interval=interval, month_day=day)
        if weekdays := _WEEKDAYS.fullmatch(body):
            days = sorted({_WEEKDAY_NUMBERS[c] for c in re.findall(_DAY_NAME, weekdays["days"])})
            interval = _interval(text, weekdays["n"])
            return Recurrence(text, Frequency.WEEKLY, interval=interval, weekdays=tuple(days))
        if _WORKDAYS.fullmatch(body):
            return Recurrence(text, Frequency.WORKDAYS)
        if edge := _EDGE_WORKDAY.fullmatch(body):
            first = edge["first"] is not None
            return Recurrence(text, Frequency.FIRST_WORKDAY if first else Frequency.LAST_WORKDAY)
    raise _unknown(text, compact)


def _period_rule(text: str, match: re.Match[str], count: int) -> Recurrence:
    """每两个月一次, 每年两次 …: spread ``count`` occurrences evenly over the period."""
    unit = match["unit"]
    if unit in ("天", "日"):
        frequency, length = Frequency.DAILY, _interval(text, match["n"])
    elif unit in _MONTHS_PER_UNIT:
        months = _MONTHS_PER_UNIT[unit]
        half = match["n"] == "半"
        frequency = Frequency.MONTHLY
        length = months // 2 if half else _interval(text, match["n"]) * months
    else:
        frequency, length = Frequency.WEEKLY, _interval(text, match["n"])
    if count >= 1 and length % count == 0:
        return Recurrence(text, frequency, interval=length // count)
    if count >= 1 and frequency is Frequency.WEEKLY and 7 * length % count == 0:
        return Recurrence(text, Frequency.DAILY, interval=7 * length // count)
    raise RecurrenceError(
        Text(
            f"“{text}” 无法平均分配：{count} 次不能等间隔地排进这个周期；"
            "请改写为等间隔的节奏（如 每两周、每周一、四），"
            "或写一条 RRULE（如 FREQ=MONTHLY;BYMONTHDAY=1,15）",
            f"'{text}' cannot be spread evenly: {count} times do not fit the period at equal "
            "intervals; write an evenly spaced rhythm (e.g. 每两周, 每周一、四) "
            "or an RRULE (e.g. FREQ=MONTHLY;BYMONTHDAY=1,15)",
        )
    )


def _number(token: str | None) -> int:
    """Arabic (including full-width) or Chinese numerals up to 99; absent means 1."""
    if not token:
        return 1
    if token.isdigit():
        return int(token)
    tens, ten, units = token.partition("十")
    if not ten:
        return _ZH_DIGITS[token]
    return _ZH_DIGITS.get(tens, 1) * 10 + _ZH_DIGITS.get(units, 0)


def _interval(text: str, token: str | None) -> int:
    """A repeat interval; zero would repeat forever on the same day, so it is refused."""
    value = _number(token)
    if value < 1:
        raise RecurrenceError(
            Text(
                f"“{text}” 的间隔为 0；请写至少为 1 的间隔，例如 每两周",
                f"'{text}' has an interval of 0; write an interval of at least 1, e.g. 每两周",
            )
        )
    return value


def _parse_rrule(text: str) -> Recurrence:
    """Validate with dateutil; keep the rule (without ``RRULE:``) for expansion."""
    rule = re.sub(r"\s+", "", _RRULE_PREFIX.sub("", text)).upper().strip(";")
    try:
        rrulestr(rule, dtstart=_RRULE_CHECK_START)
        parts = _rrule_parts(rule)
        interval = int(parts.get("INTERVAL", "1"))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as error:
        raise RecurrenceError(
            Text(
                f"无法解析 RRULE “{text}”（{error}）；请按 RFC 5545 书写，日期不带时区，"
                "例如 FREQ=WEEKLY;BYDAY=MO 或 FREQ=MONTHLY;BYMONTHDAY=15;UNTIL=20261231",
                f"cannot parse RRULE '{text}' ({error}); write it as in RFC 5545 with local "
                "dates, e.g. FREQ=WEEKLY;BYDAY=MO or FREQ=MONTHLY;BYMONTHDAY=15;UNTIL=20261231",
            )
        ) from None
    if parts["FREQ"] not in _RRULE_GAP_UNITS or interval < 1:
        raise RecurrenceError(
            Text(
                f"RRULE “{text}” 的频率或间隔不适用：活动按天安排；"
                "请用 FREQ=DAILY、WEEKLY、MONTHLY 或 YEARLY，INTERVAL 至少为 1",
                f"RRULE '{text}' has an unusable frequency or interval: activities are planned "
                "by day; use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY with INTERVAL of at least 1",
            )
        )
    return Recurrence(text, Frequency.RRULE, interval=interval, rrule=rule)


def _rrule_parts(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.split(";"))


def _unknown(text: str, compact: str) -> RecurrenceError:
    near = difflib.get_close_matches(compact, ACCEPTED_FORMS, n=1, cutoff=0.3)
    suggestion = near[0] if near else None
    zh = (
        f"无法识别的重复规则 “{text}”；请改用以下写法之一：{'，'.join(ACCEPTED_FORMS)}"
        "（数字可写 2 或 两，可加“至少”和“一次”），或一条 RRULE"
    )
    en = (
        f"unknown repeat rule '{text}'; use one of: {' / '.join(ACCEPTED_FORMS)} "
        "(numbers as 2 or 两, optional 至少 and 一次), or an RRULE"
    )
    if suggestion:
        zh += f"。最接近的是 “{suggestion}”"
        en += f". Nearest: '{suggestion}'"
    return RecurrenceError(Text(zh, en), suggestion)


def _zh(n: int) -> str:
    """Chinese count before a measure word: 两 for 2 (每两周), numerals up to 99."""
    if n == 2:
        return "两"
    if n >= 100:
        return str(n)
    digits = "零一二三四五六七八九"
    tens, units = divmod(n, 10)
    if tens == 0:
        return digits[units]
    return f"{digits[tens] if tens > 1 else ''}十{digits[units] if units else ''}"


def _ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# -------------------------------------------------------------------------------- expansion

_ONE_DAY = timedelta(days=1)
_MONTH_LENGTHS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# The longest run of days off in China's schedule is about ten days; a calendar without a
# work day in this many days is broken data, not a reason to loop forever.
_MAX_DAYS_OFF = 60
_SELF_DESCRIBING = ("假期", "假", "休息日", "周末", "周六", "周日")


def expand(
    rec: Recurrence,
    start: date,
    until: date,
    calendar: WorkdayCalendar,
    policy: DayOffPolicy = DayOffPolicy.KEEP,
) -> list[PlannedDate]:
    """Concrete dates of ``rec`` in [start, until], with ``policy`` applied to days off.

    ``start`` anchors rules that name no weekday or day of month (每两周, 每季度一次). The
    rule's dates lie in the window; a moved date may leave it (next_workday after ``until``),
    which its reason says so the checker can flag it. Moves never produce two occurrences on
    one day: colliding ones are merged and the kept one's reason says so. Skipped occurrences
    stay in the list (``skipped=True``) so the schedule can say what it dropped.
    """
    if until < start:
        return []
    if rec.is_workday_based:
        return [PlannedDate(d, d, None) for d in _calendar_dates(rec, start, until, calendar)]
    is_workday = calendar.is_workday  # the hot path: most dates are work days
    placed = [
        PlannedDate(day, day, clamp)
        if is_workday(day)
        else _place_on_day_off(day, clamp, calendar, policy, start, until)
        for day, clamp in _rule_dates(rec, start, until)
    ]
    if len({p.day for p in placed}) < len(placed):
        return _merge_collisions(placed)
    return placed


def _rule_dates(rec: Recurrence, start: date, until: date) -> Iterator[tuple[date, Text | None]]:
    """The rule's own dates in ascending order, each with a month-end clamp reason or None."""
    match rec.frequency:
        case Frequency.DAILY:
            step, day = timedelta(days=rec.interval), start
            while day <= until:
                yield day, None
                day += step
        case Frequency.WEEKLY:
            offsets = [timedelta(days=w) for w in rec.weekdays or (start.weekday(),)]
            step, monday = timedelta(weeks=rec.interval), start - timedelta(days=start.weekday())
            while monday <= until:
                for offset in offsets:
                    day = monday + offset
                    if start <= day <= until:
                        yield day, None
                monday += step
        case Frequency.MONTHLY:
            anchor = rec.month_day or start.day
            for year, month in _months(start, until, rec.interval):
                length = _month_length(year, month)
                day = date(year, month, min(anchor, length))
                if start <= day <= until:
                    yield day, _clamp_reason(year, month, anchor, length)
        case Frequency.RRULE:
            yield from ((day, None) for day in _rrule_dates(rec.rrule or "", start, until))


def _months(start: date, until: date, step: int) -> Iterator[tuple[int, int]]:
    """(year, month) from start's month through until's month, every ``step`` months."""
    last = until.year * 12 + until.month - 1
    for index in range(start.year * 12 + start.month - 1, last + 1, step):
        year, month0 = divmod(index, 12)
        yield year, month0 + 1


def _month_length(year: int, month: int) -> int:
    """Days in a month, without the weekday that ``calendar.monthrange`` also computes."""
    return 29 if month == 2 and isleap(year) else _MONTH_LENGTHS[month - 1]


def _clamp_reason(year: int, month: int, anchor: int, length: int) -> Text | None:
    if anchor <= length:
        return None
    return Text(
        f"{year}年{month}月没有{anchor}日，改在{length}日",
        f"{year}-{month:02d} has no {_ordinal(anchor)}; using its last day, the {_ordinal(length)}",
    )


def _rrule_dates(rule: str, start: date, until: date) -> Iterator[date]:
    """RFC 5545 dates from dateutil, one per day even if the rule repeats within a day."""
    begin, end = datetime.combine(start, time()), datetime.combine(until, time.max)
    previous = None
    for moment in rrulestr(rule, dtstart=begin).between(begin, end, inc=True):
        if moment.date() != previous:
            previous = moment.date()
            yield previous


def _calendar_dates(
    rec: Recurrence, start: date, until: date, calendar: WorkdayCalendar
) -> Iterator[date]:
    """Dates of the workday-based rules, read straight from the calendar."""
    if rec.frequency is Frequency.WORKDAYS:
        day = start
        while day <= until:
            if calendar.is_workday(day):
                yield day
            day += _ONE_DAY
        return
    for year, month in _months(start, until, 1):
        length = _month_length(year, month)
        order = range(1, length + 1)
        if rec.frequency is Frequency.LAST_WORKDAY:
            order = range(length, 0, -1)
        days = (date(year, month, i) for i in order)
        found = next((d for d in days if calendar.is_workday(d)), None)
        if found is not None and start <= found <= until:
            yield found


def _place_on_day_off(
    planned: date,
    clamp: Text | None,
    calendar: WorkdayCalendar,
    policy: DayOffPolicy,
    start: date,
    until: date,
) -> PlannedDate:
    """Apply the day-off policy to a date that is not a work day, recording what and why."""
    off = _day_off_label(planned, calendar)
    day = planned
    if policy is DayOffPolicy.KEEP:
        note = Text(
            f"{planned} 为{off.zh}，仍按原日期安排",
            f"{planned} is a day off ({off.en}); kept as planned",
        )
    elif policy is DayOffPolicy.SKIP:
        note = Text(
            f"{planned} 为{off.zh}，本次不安排",
            f"{planned} is a day off ({off.en}); this occurrence is skipped",
        )
    elif policy is DayOffPolicy.NEXT_WORKDAY:
        day = _nearest_workday(planned, calendar, _ONE_DAY)
        note = Text(
            f"{planned} 为{off.zh}，顺延至 {day}",
            f"{planned} is a day off ({off.en}); moved to the next work day {day}",
        )
        if day > until:
            note += Text(
                f"（已超出计划期，计划期止于 {until}）",
                f" (after the planned period, which ends {until})",
            )
    else:
        day = _nearest_workday(planned, calendar, -_ONE_DAY)
        note = Text(
            f"{planned} 为{off.zh}，提前至 {day}",
            f"{planned} is a day off ({off.en}); moved to the previous work day {day}",
        )
        if day < start:
            note += Text(
                f"（早于计划期，计划期始于 {start}）",
                f" (before the planned period, which starts {start})",
            )
    reason = note if clamp is None else Text.join([clamp, note])
    return PlannedDate(day, planned, reason, skipped=policy is DayOffPolicy.SKIP)


def _day_off_label(day: date, calendar: WorkdayCalendar) -> Text:
    """春节假期 / Spring Festival: the calendar's name, made to read well after 为."""
    name = calendar.day_off_name(day)
    if name is None:
        return Text(f"休息日（{weekday_name(day.weekday())}）", weekday_name(day.weekday(), "en"))
    if name.zh.endswith(_SELF_DESCRIBING):
        return name
    return Text(f"{name.zh}假期", name.en)


def _nearest_workday(day: date, calendar: WorkdayCalendar, step: timedelta) -> date:
    candidate = day
    for _ in range(_MAX_DAYS_OFF):
        candidate += step
        if calendar.is_workday(candidate):
            return candidate
    raise RecurrenceError(
        Text(
            f"{day} 前后 {_MAX_DAYS_OFF} 天内没有工作日；请检查日历数据（节假日与调休）",
            f"no work day within {_MAX_DAYS_OFF} days of {day}; check the calendar data "
            "(holidays and make-up work days)",
        )
    )


def _merge_collisions(placed: list[PlannedDate]) -> list[PlannedDate]:
    """Keep one occurrence per day, preferring the one planned on that day.

    Moves preserve order (an earlier planned date never moves past a later one), so
    colliding occurrences are neighbours.
    """
    groups: list[list[PlannedDate]] = []
    for occurrence in placed:
        if groups and groups[-1][0].day == occurrence.day:
            groups[-1].append(occurrence)
        else:
            groups.append([occurrence])
    return [_merge(group) for group in groups]


def _merge(group: list[PlannedDate]) -> PlannedDate:
    if len(group) == 1:
        return group[0]
    kept = next((o for o in group if not o.moved), group[0])
    others = [o.planned for o in group if o is not kept]
    span = str(others[0]) if len(others) == 1 else f"{others[0]} 至 {others[-1]}"
    span_en = str(others[0]) if len(others) == 1 else f"{others[0]} to {others[-1]}"
    note = Text(
        f"另有 {len(others)} 次原定于 {span} 的安排移到同一天，已合并为一次",
        f"{len(others)} more occurrence(s) planned for {span_en} moved onto the same day "
        "and were merged into this one",
    )
    return replace(kept, reason=note if kept.reason is None else Text.join([kept.reason, note]))
