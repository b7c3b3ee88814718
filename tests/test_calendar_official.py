"""The national schedule: the 2026 notice exactly, honest estimates, supplied years."""

from __future__ import annotations

import importlib.util
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from activitymonth.calendar import CalendarError, ChinaCalendar, OfficialYear
from activitymonth.i18n import Text

D = date


def span(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


# State Council notice of 2025-11-04 on the 2026 holidays.
NOTICE_2026_OFF = (
    span(D(2026, 1, 1), D(2026, 1, 3))
    | span(D(2026, 2, 15), D(2026, 2, 23))
    | span(D(2026, 4, 4), D(2026, 4, 6))
    | span(D(2026, 5, 1), D(2026, 5, 5))
    | span(D(2026, 6, 19), D(2026, 6, 21))
    | span(D(2026, 9, 25), D(2026, 9, 27))
    | span(D(2026, 10, 1), D(2026, 10, 7))
)
NOTICE_2026_WORK = {
    D(2026, 1, 4),
    D(2026, 2, 14),
    D(2026, 2, 28),
    D(2026, 5, 9),
    D(2026, 9, 20),
    D(2026, 10, 10),
}


@pytest.fixture(scope="module")
def national() -> ChinaCalendar:
    return ChinaCalendar()


def test_2026_days_off_match_the_notice_exactly(national: ChinaCalendar) -> None:
    days_off = national.days_off(2026)
    assert {info.day for info in days_off} == NOTICE_2026_OFF
    assert all(info.kind == "holiday" and info.official for info in days_off)


def test_2026_makeup_workdays_match_the_notice_exactly(national: ChinaCalendar) -> None:
    makeup = national.makeup_workdays(2026)
    assert {info.day for info in makeup} == NOTICE_2026_WORK
    assert all(info.is_workday and info.day.weekday() >= 5 for info in makeup)


def test_every_other_2026_day_is_an_ordinary_weekday_or_weekend(national: ChinaCalendar) -> None:
    for day in span(D(2026, 1, 1), D(2026, 12, 31)) - NOTICE_2026_OFF - NOTICE_2026_WORK:
        info = national.day(day)
        assert info.is_workday == (day.weekday() < 5)
        assert info.kind == ("workday" if day.weekday() < 5 else "weekend")


@pytest.mark.parametrize(
    ("day", "kind", "zh", "en"),
    [
        (D(2026, 2, 14), "makeup_workday", "春节调休上班", "make-up work day (Spring Festival)"),
        (D(2026, 10, 10), "makeup_workday", "国庆节调休上班", "make-up work day (National Day)"),
        (D(2026, 10, 1), "holiday", "国庆节", "National Day"),
        (D(2026, 2, 21), "holiday", "春节", "Spring Festival"),
        (D(2026, 4, 5), "holiday", "清明节", "Qingming Festival"),
        (D(2026, 9, 25), "holiday", "中秋节", "Mid-autumn Festival"),
        (D(2015, 9, 3), "holiday", "抗战胜利纪念日", "Victory Day (70th anniversary)"),
    ],
)
def test_names_are_chinese_and_english(
    national: ChinaCalendar, day: date, kind: str, zh: str, en: str
) -> None:
    info = national.day(day)
    assert (info.kind, info.name) == (kind, Text(zh, en))


def test_october_8_2026_and_february_14_2026_are_work_days(national: ChinaCalendar) -> None:
    assert national.is_workday(D(2026, 10, 8))
    assert national.is_workday(D(2026, 2, 14))
    assert national.day_off_name(D(2026, 10, 8)) is None


def test_day_off_names(national: ChinaCalendar) -> None:
    assert national.day_off_name(D(2026, 10, 2)) == Text("国庆节", "National Day")
    assert national.day_off_name(D(2026, 9, 12)) == Text("周末", "weekend")


def test_next_and_previous_workday_skip_the_golden_week(national: ChinaCalendar) -> None:
    assert national.next_workday(D(2026, 9, 30)) == D(2026, 10, 8)
    assert national.previous_workday(D(2026, 10, 8)) == D(2026, 9, 30)
    assert national.next_workday(D(2026, 2, 13)) == D(2026, 2, 14)  # a Saturday at work
    assert national.next_workday(datetime(2026, 10, 7, 18, 30)) == D(2026, 10, 8)


def test_every_library_year_builds_with_known_names(national: ChinaCalendar) -> None:
    known = {"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节", "抗战胜利纪念日"}
    for year in range(2004, 2027):
        assert national.is_official(year)
        for info in national.days_off(year):
            assert info.name is not None and info.name.zh in known
        for info in national.makeup_workdays(year):
            assert info.name is not None and info.name.zh.removesuffix("调休上班") in known


def test_library_gap_of_2005_12_31_is_corrected(national: ChinaCalendar) -> None:
    info = national.day(D(2005, 12, 31))
    assert info.is_workday and info.kind == "makeup_workday"
    assert info.name == Text("元旦调休上班", "make-up work day (New Year's Day)")


def test_2027_is_not_official_and_says_so_on_every_day(national: ChinaCalendar) -> None:
    assert not national.is_official(2027)
    assert not any(national.day(day).official for day in span(D(2027, 1, 1), D(2027, 12, 31)))
    assert national.makeup_workdays(2027) == []


def test_2027_estimate_holds_the_statutory_days(national: ChinaCalendar) -> None:
    off = {info.day: info.name.zh for info in national.days_off(2027) if info.name}
    assert off == {
        D(2027, 1, 1): "元旦",
        D(2027, 2, 5): "春节",  # 除夕
        D(2027, 2, 6): "春节",
        D(2027, 2, 7): "春节",
        D(2027, 2, 8): "春节",
        D(2027, 4, 5): "清明节",
        D(2027, 5, 1): "劳动节",
        D(2027, 5, 2): "劳动节",
        D(2027, 6, 9): "端午节",
        D(2027, 9, 15): "中秋节",
        D(2027, 10, 1): "国庆节",
        D(2027, 10, 2): "国庆节",
        D(2027, 10, 3): "国庆节",
    }


def test_a_supplied_2027_schedule_is_official() -> None:
    supplied = OfficialYear(
        2027,
        days_off={
            D(2027, 1, 1): "元旦",
            D(2027, 10, 4): "国庆节",
            D(2027, 2, 9): "Spring Festival",
        },
        workdays={D(2027, 9, 26): "国庆节调休上班", D(2027, 2, 20): "春节"},
    )
    calendar = ChinaCalendar(official_years=[supplied])
    assert calendar.is_official(2027)
    assert {i.day for i in calendar.days_off(2027)} == {
        D(2027, 1, 1),
        D(2027, 10, 4),
        D(2027, 2, 9),
    }
    assert calendar.day(D(2027, 2, 9)).name == Text("春节", "Spring Festival")
    assert [(i.day, i.name.zh if i.name else None) for i in calendar.makeup_workdays(2027)] == [
        (D(2027, 2, 20), "春节调休上班"),
        (D(2027, 9, 26), "国庆节调休上班"),
    ]
    assert calendar.day(D(2027, 3, 1)).official  # an ordinary day of an official year
    assert calendar.is_workday(D(2027, 10, 5))  # not estimated any more


def test_supplied_names_in_the_notices_own_words() -> None:
    supplied = OfficialYear(
        2027,
        days_off={D(2027, 10, 1): "中秋节、国庆节", D(2027, 9, 3): "抗战胜利70周年纪念日"},
        workdays={D(2027, 9, 25): "调休上班", D(2027, 10, 9): "中秋节、国庆节"},
    )
    calendar = ChinaCalendar(official_years=[supplied])
    assert calendar.day(D(2027, 10, 1)).name == Text(
        "中秋节、国庆节", "Mid-autumn Festival / National Day"
    )
    assert calendar.day(D(2027, 9, 3)).name == Text(
        "抗战胜利纪念日", "Victory Day (70th anniversary)"
    )
    assert calendar.day(D(2027, 9, 25)).name == Text("调休上班", "make-up work day")
    assert calendar.day(D(2027, 10, 9)).name == Text(
        "中秋节、国庆节调休上班", "make-up work day (Mid-autumn Festival / National Day)"
    )


def test_a_supplied_year_replaces_the_library() -> None:
    calendar = ChinaCalendar(official_years=[OfficialYear(2026, {D(2026, 10, 1): "国庆节"})])
    assert [i.day for i in calendar.days_off(2026)] == [D(2026, 10, 1)]
    assert calendar.is_workday(D(2026, 10, 2))
    assert calendar.days_off(2025)  # other years keep the library


def test_a_supplied_schedule_may_start_in_the_previous_december() -> None:
    supplied = OfficialYear(2027, {D(2026, 12, 31): "元旦", D(2027, 1, 1): "元旦"})
    calendar = ChinaCalendar(official_years=[supplied])
    assert calendar.day(D(2026, 12, 31)).kind == "holiday"
    assert calendar.day(D(2026, 10, 1)).name == Text("国庆节", "National Day")


@pytest.mark.parametrize(
    ("days_off", "workdays", "fragment"),
    [
        ({D(2027, 1, 2): "元旦"}, {D(2027, 1, 2): "元旦"}, "both a day off and a work day"),
        ({D(2028, 1, 1): "元旦"}, {}, "not part of the 2027 schedule"),
        ({D(2026, 6, 1): "元旦"}, {}, "not part of the 2027 schedule"),
    ],
)
def test_inconsistent_supplied_years_are_refused(
    days_off: dict[date, str], workdays: dict[date, str], fragment: str
) -> None:
    with pytest.raises(CalendarError) as caught:
        OfficialYear(2027, days_off, workdays)
    assert fragment in caught.value.message.en
    assert caught.value.message.zh


def test_a_year_supplied_twice_is_refused() -> None:
    twice = [OfficialYear(2027, {D(2027, 1, 1): "元旦"}), OfficialYear(2027, {})]
    with pytest.raises(CalendarError, match="supplied twice"):
        ChinaCalendar(official_years=twice)


def test_days_are_cached_and_fast(national: ChinaCalendar) -> None:
    dates = [D(2025, 1, 1) + timedelta(days=i) for i in range(3 * 365)]
    assert national.day(dates[0]) is national.day(dates[0])
    started = time.perf_counter()
    for _ in range(10):
        for day in dates:
            national.day(day)
    assert time.perf_counter() - started < 0.5  # ~11,000 lookups take a few ms


def test_the_comparison_figures_in_the_docs_still_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("holidays")
    script = Path(__file__).resolve().parents[1] / "bench" / "compare_holiday_libraries.py"
    spec = importlib.util.spec_from_file_location("compare_holiday_libraries", script)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, bench)  # dataclasses look their module up
    spec.loader.exec_module(bench)
    years = bench.covered_years()
    assert (years.start, years.stop - 1) == (2004, 2026)
    assert [d.day for d in bench.disagreements(years)] == [D(2005, 12, 31)]
