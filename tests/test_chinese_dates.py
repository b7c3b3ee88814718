"""Free-form dates and times as clerks type them in an 活动安排表's 时间 column."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from activitymonth.calendar.recurrence import parse_recurrence
from activitymonth.importers.chinese_dates import (
    AFTERNOON,
    MORNING,
    DateTextError,
    DaySpan,
    OnDay,
    Rhythm,
    parse_when,
    stated_year,
)

D = date(2026, 9, 10)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("9月10日", OnDay(D)),
        ("9月10号", OnDay(D)),
        (" 9 月 10 日 ", OnDay(D)),
        ("９月１０日", OnDay(D)),
        ("九月十日", OnDay(D)),
        ("二〇二六年九月二十三日", OnDay(date(2026, 9, 23))),
        ("9月10日上午", OnDay(D, *MORNING)),
        ("9月10日下午", OnDay(D, *AFTERNOON)),
        ("9月10日 全天", OnDay(D)),
        ("2026年9月10日 9:00-11:00", OnDay(D, time(9), time(11))),
        ("2026年9月10日 9：00—11：00", OnDay(D, time(9), time(11))),
        ("9月10日 上午9:30～11:30", OnDay(D, time(9, 30), time(11, 30))),
        ("9月10日下午3点-5点", OnDay(D, time(15), time(17))),
        ("9月10日下午3点半", OnDay(D, time(15, 30))),
        ("9月10日 15时", OnDay(D, time(15))),
        ("9月10日（周四）", OnDay(D)),
        ("9月10日(星期四)上午", OnDay(D, *MORNING)),
        ("9.10", OnDay(D)),
        ("9/10", OnDay(D)),
        ("2026/9/10", OnDay(D)),
        ("2026-9-10 9:00-11:00", OnDay(D, time(9), time(11))),
        ("2026.9.10", OnDay(D)),
        ("2025年9月10日", OnDay(date(2025, 9, 10))),
        ("9月10日—12日", DaySpan(D, date(2026, 9, 12))),
        ("9月10日-12日", DaySpan(D, date(2026, 9, 12))),
        ("9月10日至9月12日", DaySpan(D, date(2026, 9, 12))),
        ("9月28日—10月2日", DaySpan(date(2026, 9, 28), date(2026, 10, 2))),
        ("12月30日至1月2日", DaySpan(date(2026, 12, 30), date(2027, 1, 2))),
        ("每月15日", Rhythm("每月15日")),
        ("每周一", Rhythm("每周一")),
        ("每周三上午", Rhythm("每周三", *MORNING)),
        ("每月15日 9:00-11:00", Rhythm("每月15日", time(9), time(11))),
        ("每两个月至少一次", Rhythm("每两个月至少一次")),
        (datetime(2026, 9, 10), OnDay(D)),
        (datetime(2026, 9, 10, 15, 0), OnDay(D, time(15))),
        (D, OnDay(D)),
    ],
)
def test_readable_cells(cell: object, expected: object) -> None:
    assert parse_when(cell, 2026) == expected


def test_rhythms_are_phrases_the_plan_accepts() -> None:
    when = parse_when("每月十五日", 2026)
    assert isinstance(when, Rhythm)
    assert parse_recurrence(when.phrase).month_day == 15


@pytest.mark.parametrize(
    ("cell", "message", "hint"),
    [
        ("9月上旬", "只是大致时段", "9月1日—10日"),
        ("9月下旬", "只是大致时段", "具体日期"),
        ("9月", "只是大致时段", "具体日期"),
        ("待定", "只是大致时段", "具体日期"),
        ("活动月期间", "只是大致时段", "具体日期"),
        ("9月31日", "只有 30 天", "核对"),
        ("13月1日", "13 月不存在", "1—12"),
        ("9月10日(周三)", "9月10日是周四，不是周三", "星期"),
        ("9月10日、17日", "几个日期", "每个日期写一行"),
        ("9月12日—10日", "结束日期不晚于开始日期", "9月10日—12日"),
        ("9月10日-12日上午", "跨几天，又写了时刻", "每天一行"),
        ("9月10日 11:00-9:00", "结束时刻不晚于开始时刻", "9:00-11:00"),
        ("9月10日 25:00", "时刻不存在", "23:59"),
        ("9月10日晚些时候", "无法识别的时间", "9月10日上午"),
        ("下午", "无法识别的时间", "2026年9月10日 9:00-11:00"),
        ("每周八", "无法识别的重复规则", "重复规则"),
        (9.1, "单元格是数字 9.1", "设为文本"),
        (time(9, 0), "只有时刻 09:00", "9月10日 9:00-11:00"),
    ],
)
def test_unreadable_cells_say_what_to_write(cell: object, message: str, hint: str) -> None:
    with pytest.raises(DateTextError) as caught:
        parse_when(cell, 2026)
    assert message in caught.value.message("zh")
    assert hint in caught.value.hint("zh")
    assert caught.value.message("en") and caught.value.hint("en")


@pytest.mark.parametrize(
    ("cell", "year"),
    [
        ("2026年9月10日", 2026),
        ("2025/9/10", 2025),
        ("二〇二七年一月五日", 2027),
        (datetime(2024, 5, 1), 2024),
        ("9月10日", None),
        ("每月15日", None),
        (9.1, None),
    ],
)
def test_stated_year(cell: object, year: int | None) -> None:
    assert stated_year(cell) == year
