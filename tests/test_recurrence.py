"""Recurrence: parsing rhythm phrases and RRULEs, and expanding them on the 2026 calendar.

The fake calendar is the State Council's 2026 schedule (notice of 2025-11-04), so every
expected date below can be checked against the published table.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from activitymonth.calendar.recurrence import (
    ACCEPTED_FORMS,
    DayOffPolicy,
    Frequency,
    PlannedDate,
    Recurrence,
    RecurrenceError,
    WorkdayCalendar,
    expand,
    parse_recurrence,
)
from activitymonth.i18n import Text

D = date
YEAR_START, YEAR_END = D(2026, 1, 1), D(2026, 12, 31)

HOLIDAYS_2026: dict[tuple[date, date], Text] = {
    (D(2026, 1, 1), D(2026, 1, 3)): Text("元旦", "New Year's Day"),
    (D(2026, 2, 15), D(2026, 2, 23)): Text("春节", "Spring Festival"),
    (D(2026, 4, 4), D(2026, 4, 6)): Text("清明节", "Qingming Festival"),
    (D(2026, 5, 1), D(2026, 5, 5)): Text("劳动节", "Labour Day"),
    (D(2026, 6, 19), D(2026, 6, 21)): Text("端午节", "Dragon Boat Festival"),
    (D(2026, 9, 25), D(2026, 9, 27)): Text("中秋节", "Mid-Autumn Festival"),
    (D(2026, 10, 1), D(2026, 10, 7)): Text("国庆节", "National Day"),
}
MAKE_UP_WORKDAYS_2026 = frozenset(
    {D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)}
)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


class Fake2026Calendar:
    """China's 2026 work-day calendar: holidays, make-up work days, ordinary weekends."""

    def __init__(self) -> None:
        self._holidays = {
            day: name for (first, last), name in HOLIDAYS_2026.items() for day in days(first, last)
        }

    def is_workday(self, d: date) -> bool:
        if d in self._holidays:
            return False
        return d.weekday() < 5 or d in MAKE_UP_WORKDAYS_2026

    def day_off_name(self, d: date) -> Text | None:
        if self.is_workday(d):
            return None
        return self._holidays.get(d, Text("周末", "weekend"))


@pytest.fixture
def cal() -> WorkdayCalendar:
    return Fake2026Calendar()


def by_month(planned: list[PlannedDate]) -> dict[int, PlannedDate]:
    return {p.planned.month: p for p in planned}


def meaning(rec: Recurrence) -> Recurrence:
    """The rule without the user's wording, to compare phrases that mean the same."""
    return dataclasses.replace(rec, text="")


# ------------------------------------------------------------------------------ parsing


@pytest.mark.parametrize("form", ACCEPTED_FORMS)
def test_every_accepted_form_parses_and_keeps_its_text(form: str) -> None:
    assert parse_recurrence(form).text == form


@pytest.mark.parametrize(
    ("phrase", "zh", "en"),
    [
        ("每月15日", "每月15日", "monthly on the 15th"),
        ("每月十五号", "每月15日", "monthly on the 15th"),
        ("每月三十一日", "每月31日", "monthly on the 31st"),
        ("每月1日", "每月1日", "monthly on the 1st"),
        ("每月22日", "每月22日", "monthly on the 22nd"),
        ("每两个月15日", "每两个月的15日", "every 2 months on the 15th"),
        ("每周一", "每周一", "every Mon"),
        ("每周日", "每周日", "every Sun"),
        ("每星期天", "每周日", "every Sun"),
        ("每周一、三", "每周一、周三", "every Mon, Wed"),
        ("每周一和周三", "每周一、周三", "every Mon, Wed"),
        ("每两周一", "每两周的周一", "every 2 weeks on Mon"),
        ("每天", "每天", "daily"),
        ("每两天", "每两天", "every 2 days"),
        ("每周", "每周一次", "once a week"),
        ("每两周", "每两周一次", "once every 2 weeks"),
        ("每月", "每月一次", "once a month"),
        ("每两个月", "每两个月一次", "once every 2 months"),
        ("每季度一次", "每季度一次", "once a quarter"),
        ("每年两次", "每半年一次", "once every six months"),
        ("每年一次", "每年一次", "once a year"),
        ("每两年一次", "每两年一次", "once every 2 years"),
        ("每年4次", "每季度一次", "once a quarter"),
        ("工作日每天", "工作日每天", "every work day"),
        ("每个工作日", "工作日每天", "every work day"),
        ("每月第一个工作日", "每月第一个工作日", "first work day of every month"),
        ("每月最后一个工作日", "每月最后一个工作日", "last work day of every month"),
    ],
)
def test_phrase_is_described_in_normalised_words(phrase: str, zh: str, en: str) -> None:
    assert parse_recurrence(phrase).describe() == Text(zh, en)


@pytest.mark.parametrize(
    "variant",
    [
        "每两个月一次",
        "每两个月至少一次",
        "每两个月至少1次",
        "每2个月",
        "每二个月",
        "每两月",
        "至少每两个月一次",
        " 每 两个月 至少 1 次 ",
        "每年6次",
    ],
)
def test_spellings_of_every_two_months_mean_the_same_rule(variant: str) -> None:
    assert meaning(parse_recurrence(variant)) == meaning(parse_recurrence("每两个月"))


def test_original_text_is_kept_verbatim_for_dumping() -> None:
    assert parse_recurrence(" 每两个月 至少 1 次 ").text == " 每两个月 至少 1 次 "


@pytest.mark.parametrize("phrase", ["每年一回", "每周八", "每月两天", "hello", ""])
def test_unknown_phrase_lists_accepted_forms_and_quotes_input(phrase: str) -> None:
    with pytest.raises(RecurrenceError) as caught:
        parse_recurrence(phrase)
    message = caught.value.message
    for lang in ("zh", "en"):
        assert f"{phrase}" in message(lang)
        assert all(form in message(lang) for form in ACCEPTED_FORMS)


@pytest.mark.parametrize(
    ("phrase", "nearest"),
    [
        ("每年一回", "每年一次"),
        ("每两月一回", "每两个月一次"),
        ("每月最后工作日吧", "每月最后一个工作日"),
    ],
)
def test_unknown_phrase_suggests_the_nearest_form(phrase: str, nearest: str) -> None:
    with pytest.raises(RecurrenceError) as caught:
        parse_recurrence(phrase)
    assert caught.value.suggestion == nearest
    assert f"“{nearest}”" in caught.value.message.zh
    assert f"'{nearest}'" in caught.value.message.en


@pytest.mark.parametrize("phrase", ["每月两次", "每周两次", "每季度两次"])
def test_count_that_cannot_be_spaced_evenly_is_refused_with_alternatives(phrase: str) -> None:
    with pytest.raises(RecurrenceError) as caught:
        parse_recurrence(phrase)
    assert "每两周" in caught.value.message.zh
    assert "BYMONTHDAY" in caught.value.message.en


@pytest.mark.parametrize(("phrase", "day"), [("每月32日", "32"), ("每月0日", "0")])
def test_month_day_outside_1_to_31_is_refused(phrase: str, day: str) -> None:
    with pytest.raises(RecurrenceError, match=f"no day {day}"):
        parse_recurrence(phrase)


def test_zero_interval_is_refused() -> None:
    with pytest.raises(RecurrenceError, match="interval of 0"):
        parse_recurrence("每0周")


@pytest.mark.parametrize(
    "rule", ["FREQ=WEEKLY;BYDAY=MO", "RRULE:FREQ=WEEKLY;BYDAY=MO", "rrule: freq=weekly; byday=mo;"]
)
def test_rrule_is_accepted_with_or_without_prefix(rule: str) -> None:
    rec = parse_recurrence(rule)
    assert rec.frequency is Frequency.RRULE
    assert rec.rrule == "FREQ=WEEKLY;BYDAY=MO"
    assert rec.text == rule


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=FORTNIGHTLY",
        "FREQ=WEEKLY;BYDAY=XX",
        "RRULE:",
        "RRULE:BYDAY=MO",
        "FREQ=WEEKLY;COLOUR=RED",
        "FREQ=DAILY;UNTIL=20261231T000000Z",
        "FREQ=HOURLY",
        "FREQ=DAILY;INTERVAL=0",
    ],
)
def test_bad_rrule_raises_recurrence_error_with_an_example(rule: str) -> None:
    with pytest.raises(RecurrenceError) as caught:
        parse_recurrence(rule)
    assert rule in caught.value.message.zh
    assert "FREQ=" in caught.value.message.en


# ------------------------------------------------------------------------------ max_gap


@pytest.mark.parametrize(
    ("phrase", "gap"),
    [
        ("每两个月", relativedelta(months=2)),
        ("每两个月至少一次", relativedelta(months=2)),
        ("每月15日", relativedelta(months=1)),
        ("每季度一次", relativedelta(months=3)),
        ("每年两次", relativedelta(months=6)),
        ("每年一次", relativedelta(years=1)),
        ("每周", relativedelta(days=7)),
        ("每两周", relativedelta(days=14)),
        ("每周一、三", relativedelta(days=5)),
        ("每周一、四", relativedelta(days=4)),
        ("每两周一、三", relativedelta(days=12)),
        ("每天", relativedelta(days=1)),
        ("工作日每天", relativedelta(days=1)),
        ("每月最后一个工作日", relativedelta(months=1)),
        ("FREQ=WEEKLY;BYDAY=MO", relativedelta(days=7)),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1", relativedelta(months=3)),
        ("FREQ=YEARLY", relativedelta(years=1)),
        ("FREQ=DAILY;INTERVAL=2", relativedelta(days=2)),
    ],
)
def test_max_gap(phrase: str, gap: relativedelta) -> None:
    assert parse_recurrence(phrase).max_gap() == gap


def test_only_calendar_defined_rules_are_workday_based() -> None:
    assert parse_recurrence("工作日每天").is_workday_based
    assert not parse_recurrence("每天").is_workday_based


# ------------------------------------------------------------------ expansion: day-off policy


def test_15th_with_next_workday_over_2026(cal: WorkdayCalendar) -> None:
    planned = expand(
        parse_recurrence("每月15日"), YEAR_START, YEAR_END, cal, DayOffPolicy.NEXT_WORKDAY
    )
    assert [p.planned for p in planned] == [D(2026, m, 15) for m in range(1, 13)]
    month = by_month(planned)
    assert month[2].day == D(2026, 2, 24)
    assert month[2].reason == Text(
        "2026-02-15 为春节假期，顺延至 2026-02-24",
        "2026-02-15 is a day off (Spring Festival); moved to the next work day 2026-02-24",
    )
    assert month[11].day == D(2026, 11, 16)
    assert month[11].reason is not None and "周末" in month[11].reason.zh
    assert [m for m, p in month.items() if p.moved] == [2, 3, 8, 11]


def test_15th_with_previous_workday_lands_on_make_up_saturday(cal: WorkdayCalendar) -> None:
    planned = expand(
        parse_recurrence("每月15日"), YEAR_START, YEAR_END, cal, DayOffPolicy.PREVIOUS_WORKDAY
    )
    february = by_month(planned)[2]
    assert february.day == D(2026, 2, 14)
    assert february.reason is not None
    assert february.reason.zh == "2026-02-15 为春节假期，提前至 2026-02-14"


@pytest.mark.parametrize("policy", list(DayOffPolicy))
def test_occurrence_on_a_work_day_is_untouched(cal: WorkdayCalendar, policy: DayOffPolicy) -> None:
    october = by_month(expand(parse_recurrence("每月15日"), YEAR_START, YEAR_END, cal, policy))[10]
    assert october == PlannedDate(D(2026, 10, 15), D(2026, 10, 15), None)


def test_keep_policy_stays_on_the_day_off_and_names_it(cal: WorkdayCalendar) -> None:
    february = by_month(expand(parse_recurrence("每月15日"), YEAR_START, YEAR_END, cal))[2]
    assert february.day == D(2026, 2, 15)
    assert not february.moved
    assert february.reason is not None
    assert "春节" in february.reason.zh
    assert "Spring Festival" in february.reason.en


def test_skip_policy_keeps_the_dropped_occurrence_marked(cal: WorkdayCalendar) -> None:
    planned = expand(parse_recurrence("每月15日"), YEAR_START, YEAR_END, cal, DayOffPolicy.SKIP)
    skipped = [p.planned for p in planned if p.skipped]
    assert skipped == [D(2026, 2, 15), D(2026, 3, 15), D(2026, 8, 15), D(2026, 11, 15)]
    assert all(p.reason is not None and "skipped" in p.reason.en for p in planned if p.skipped)
    assert len(planned) == 12


@pytest.mark.parametrize(
    ("policy", "merged_on"),
    [(DayOffPolicy.NEXT_WORKDAY, D(2026, 2, 24)), (DayOffPolicy.PREVIOUS_WORKDAY, D(2026, 2, 14))],
)
def test_moves_never_duplicate_a_day(
    cal: WorkdayCalendar, policy: DayOffPolicy, merged_on: date
) -> None:
    planned = expand(parse_recurrence("每天"), D(2026, 2, 10), D(2026, 2, 26), cal, policy)
    result = [p.day for p in planned]
    assert len(result) == len(set(result))
    merged = next(p for p in planned if p.day == merged_on)
    assert not merged.moved, "the occurrence planned on that day is the one kept"
    assert merged.reason is not None
    assert "另有 9 次原定于 2026-02-15 至 2026-02-23 的安排移到同一天" in merged.reason.zh


def test_collision_of_two_moved_dates_keeps_the_first(cal: WorkdayCalendar) -> None:
    national_day_week = (D(2026, 10, 1), D(2026, 10, 9))
    planned = expand(
        parse_recurrence("每周一、三"), *national_day_week, cal, DayOffPolicy.NEXT_WORKDAY
    )
    assert [(p.planned, p.day) for p in planned] == [(D(2026, 10, 5), D(2026, 10, 8))]
    reason = planned[0].reason
    assert reason is not None
    assert reason.zh == (
        "2026-10-05 为国庆节假期，顺延至 2026-10-08；"
        "另有 1 次原定于 2026-10-07 的安排移到同一天，已合并为一次"
    )


def test_clamp_and_move_reasons_are_both_given(cal: WorkdayCalendar) -> None:
    (february, _march) = expand(
        parse_recurrence("每月31日"), D(2027, 2, 1), D(2027, 3, 31), cal, DayOffPolicy.NEXT_WORKDAY
    )
    assert (february.planned, february.day) == (D(2027, 2, 28), D(2027, 3, 1))
    assert february.reason == Text(
        "2027年2月没有31日，改在28日；2027-02-28 为周末，顺延至 2027-03-01",
        "2027-02 has no 31st; using its last day, the 28th; "
        "2027-02-28 is a day off (weekend); moved to the next work day 2027-03-01",
    )


class UnnamedWeekends:
    """A calendar that knows work days but gives days off no name."""

    def is_workday(self, d: date) -> bool:
        return d.weekday() < 5

    def day_off_name(self, d: date) -> Text | None:
        return None


def test_unnamed_day_off_is_described_by_its_weekday() -> None:
    (sunday,) = expand(parse_recurrence("每周日"), D(2026, 9, 6), D(2026, 9, 12), UnnamedWeekends())
    assert sunday.reason == Text(
        "2026-09-06 为休息日（周日），仍按原日期安排",
        "2026-09-06 is a day off (Sun); kept as planned",
    )


class NoWorkdays:
    def is_workday(self, d: date) -> bool:
        return False

    def day_off_name(self, d: date) -> Text | None:
        return Text("假期", "holiday")


def test_calendar_without_work_days_is_reported_not_looped_on() -> None:
    with pytest.raises(RecurrenceError, match="check the calendar data"):
        expand(
            parse_recurrence("每天"),
            D(2026, 9, 1),
            D(2026, 9, 1),
            NoWorkdays(),
            DayOffPolicy.NEXT_WORKDAY,
        )


def test_move_after_window_end_is_produced_and_flagged(cal: WorkdayCalendar) -> None:
    (february,) = expand(
        parse_recurrence("每月15日"), D(2026, 2, 1), D(2026, 2, 20), cal, DayOffPolicy.NEXT_WORKDAY
    )
    assert february.day == D(2026, 2, 24)
    assert february.reason is not None
    assert "ends 2026-02-20" in february.reason.en


def test_move_before_window_start_is_produced_and_flagged(cal: WorkdayCalendar) -> None:
    (sunday,) = expand(
        parse_recurrence("每周日"), D(2026, 3, 1), D(2026, 3, 7), cal, DayOffPolicy.PREVIOUS_WORKDAY
    )
    assert sunday.day == D(2026, 2, 28), "the make-up Saturday before it"
    assert sunday.reason is not None
    assert "计划期始于 2026-03-01" in sunday.reason.zh


# ------------------------------------------------------------------- expansion: month ends


def test_31st_is_clamped_to_month_end_and_says_so(cal: WorkdayCalendar) -> None:
    month = by_month(expand(parse_recurrence("每月31日"), YEAR_START, YEAR_END, cal))
    assert len(month) == 12
    assert month[4].day == D(2026, 4, 30)
    assert month[4].reason is not None
    assert month[4].reason.zh == "2026年4月没有31日，改在30日"
    assert month[2].day == D(2026, 2, 28)
    assert month[2].reason is not None
    assert month[2].reason.en == "2026-02 has no 31st; using its last day, the 28th"
    assert (month[3].day, month[3].reason) == (D(2026, 3, 31), None)


@pytest.mark.parametrize(
    ("phrase", "year", "expected", "clamped"),
    [
        ("每月29日", 2026, D(2026, 2, 28), True),
        ("每月29日", 2028, D(2028, 2, 29), False),
        ("每月30日", 2028, D(2028, 2, 29), True),
    ],
)
def test_february_clamp_follows_leap_years(
    cal: WorkdayCalendar, phrase: str, year: int, expected: date, clamped: bool
) -> None:
    (february,) = expand(parse_recurrence(phrase), D(year, 2, 1), D(year, 3, 1) - timedelta(1), cal)
    assert february.planned == expected
    assert (february.reason is not None and "没有" in february.reason.zh) is clamped


def test_monthly_anchor_on_the_31st_does_not_drift(cal: WorkdayCalendar) -> None:
    planned = expand(parse_recurrence("每月一次"), D(2026, 1, 31), D(2026, 5, 31), cal)
    assert [p.planned for p in planned] == [
        D(2026, 1, 31),
        D(2026, 2, 28),
        D(2026, 3, 31),
        D(2026, 4, 30),
        D(2026, 5, 31),
    ]


def test_rrule_keeps_rfc_5545_month_skipping(cal: WorkdayCalendar) -> None:
    planned = expand(parse_recurrence("FREQ=MONTHLY;BYMONTHDAY=31"), YEAR_START, YEAR_END, cal)
    assert [p.planned.month for p in planned] == [1, 3, 5, 7, 8, 10, 12]
    assert all(p.reason is None or "没有" not in p.reason.zh for p in planned)


# ------------------------------------------------------------- expansion: anchors and rules


@pytest.mark.parametrize(
    ("phrase", "start", "until", "expected"),
    [
        ("每两周", D(2026, 9, 2), D(2026, 9, 30), [D(2026, 9, 2), D(2026, 9, 16), D(2026, 9, 30)]),
        (
            "每周一次",
            D(2026, 9, 10),
            D(2026, 9, 30),
            [D(2026, 9, 10), D(2026, 9, 17), D(2026, 9, 24)],
        ),
        (
            "每两个月一次",
            D(2026, 1, 20),
            YEAR_END,
            [
                D(2026, 1, 20),
                D(2026, 3, 20),
                D(2026, 5, 20),
                D(2026, 7, 20),
                D(2026, 9, 20),
                D(2026, 11, 20),
            ],
        ),
        (
            "每季度一次",
            D(2026, 3, 10),
            YEAR_END,
            [D(2026, 3, 10), D(2026, 6, 10), D(2026, 9, 10), D(2026, 12, 10)],
        ),
        ("每年两次", D(2026, 3, 10), YEAR_END, [D(2026, 3, 10), D(2026, 9, 10)]),
        (
            "每年一次",
            D(2026, 3, 10),
            D(2028, 12, 31),
            [D(2026, 3, 10), D(2027, 3, 10), D(2028, 3, 10)],
        ),
        (
            "每周一、三",
            D(2026, 9, 9),
            D(2026, 9, 21),
            [D(2026, 9, 9), D(2026, 9, 14), D(2026, 9, 16), D(2026, 9, 21)],
        ),
        (
            "每两周一",
            D(2026, 9, 9),
            D(2026, 10, 20),
            [D(2026, 9, 21), D(2026, 10, 5), D(2026, 10, 19)],
        ),
        (
            "每两天",
            D(2026, 9, 29),
            D(2026, 10, 4),
            [D(2026, 9, 29), D(2026, 10, 1), D(2026, 10, 3)],
        ),
    ],
)
def test_start_anchors_the_rule(
    cal: WorkdayCalendar, phrase: str, start: date, until: date, expected: list[date]
) -> None:
    assert [p.planned for p in expand(parse_recurrence(phrase), start, until, cal)] == expected


def test_weekly_rrule_on_mondays_of_october(cal: WorkdayCalendar) -> None:
    rec = parse_recurrence("FREQ=WEEKLY;BYDAY=MO")
    october = (D(2026, 10, 1), D(2026, 10, 31))
    kept = expand(rec, *october, cal)
    assert [p.day for p in kept] == [
        D(2026, 10, 5),
        D(2026, 10, 12),
        D(2026, 10, 19),
        D(2026, 10, 26),
    ]
    assert kept[0].reason is not None and "国庆节" in kept[0].reason.zh
    moved = expand(rec, *october, cal, DayOffPolicy.NEXT_WORKDAY)
    assert moved[0].day == D(2026, 10, 8)


def test_rrule_count_counts_from_start(cal: WorkdayCalendar) -> None:
    planned = expand(parse_recurrence("FREQ=DAILY;COUNT=3"), D(2026, 9, 1), YEAR_END, cal)
    assert [p.day for p in planned] == days(D(2026, 9, 1), D(2026, 9, 3))


@pytest.mark.parametrize("policy", list(DayOffPolicy))
def test_workdays_in_october_follow_the_calendar(
    cal: WorkdayCalendar, policy: DayOffPolicy
) -> None:
    planned = expand(parse_recurrence("工作日每天"), D(2026, 10, 1), D(2026, 10, 31), cal, policy)
    result = [p.day for p in planned]
    assert D(2026, 10, 10) in result, "make-up Saturday is a work day"
    assert not set(days(D(2026, 10, 1), D(2026, 10, 7))) & set(result)
    assert D(2026, 10, 11) not in result
    assert len(result) == 18
    assert not any(p.moved or p.skipped or p.reason for p in planned)


@pytest.mark.parametrize(
    ("phrase", "month", "expected"),
    [
        ("每月第一个工作日", 1, D(2026, 1, 4)),
        ("每月第一个工作日", 2, D(2026, 2, 2)),
        ("每月第一个工作日", 10, D(2026, 10, 8)),
        ("每月最后一个工作日", 1, D(2026, 1, 30)),
        ("每月最后一个工作日", 2, D(2026, 2, 28)),
        ("每月最后一个工作日", 9, D(2026, 9, 30)),
    ],
)
def test_first_and_last_workday_of_month(
    cal: WorkdayCalendar, phrase: str, month: int, expected: date
) -> None:
    planned = by_month(expand(parse_recurrence(phrase), YEAR_START, YEAR_END, cal))
    assert planned[month].day == expected


def test_first_workday_before_start_is_not_produced(cal: WorkdayCalendar) -> None:
    planned = expand(parse_recurrence("每月第一个工作日"), D(2026, 9, 10), D(2026, 10, 31), cal)
    assert [p.day for p in planned] == [D(2026, 10, 8)]


def test_empty_window_gives_no_dates(cal: WorkdayCalendar) -> None:
    assert expand(parse_recurrence("每天"), D(2026, 9, 2), D(2026, 9, 1), cal) == []


# ------------------------------------------------------------------ the real calendar


def test_key_cases_on_the_real_china_calendar() -> None:
    try:
        from activitymonth.calendar import ChinaCalendar  # type: ignore[attr-defined]
    except ImportError as error:
        pytest.skip(f"activitymonth.calendar.ChinaCalendar is not importable yet: {error}")
    real = ChinaCalendar()
    month = by_month(
        expand(parse_recurrence("每月15日"), YEAR_START, YEAR_END, real, DayOffPolicy.NEXT_WORKDAY)
    )
    assert (month[2].day, month[11].day, month[10].day) == (
        D(2026, 2, 24),
        D(2026, 11, 16),
        D(2026, 10, 15),
    )
    assert month[2].reason is not None and "春节" in month[2].reason.zh
    workdays = [
        p.day for p in expand(parse_recurrence("工作日每天"), D(2026, 10, 1), D(2026, 10, 31), real)
    ]
    assert D(2026, 10, 10) in workdays
    assert not set(days(D(2026, 10, 1), D(2026, 10, 7))) & set(workdays)
