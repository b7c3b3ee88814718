"""Regions: names in any form, computed festival days off, supplied schedules, precedence."""

from __future__ import annotations

from datetime import date

import pytest

from activitymonth.calendar import (
    KNOWN_REGIONS,
    ChinaCalendar,
    NamedDay,
    UnknownRegionError,
    normalize_region,
)
from activitymonth.calendar.festivals import DaysOffRule
from activitymonth.i18n import Text

D = date


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("新疆", "新疆"),
        ("新疆维吾尔自治区", "新疆"),
        ("Xinjiang", "新疆"),
        (" xinjiang uygur autonomous region ", "新疆"),
        ("宁夏回族自治区", "宁夏"),
        ("广西壮族自治区", "广西"),
        ("内蒙古自治区", "内蒙古"),
        ("Inner Mongolia", "内蒙古"),
        ("西藏自治区", "西藏"),
        ("Tibet", "西藏"),
        ("四川省", "四川"),
        ("北京市", "北京"),
        ("火星", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_region(name: str | None, canonical: str | None) -> None:
    assert normalize_region(name) == canonical


def test_known_regions_are_the_31_mainland_divisions() -> None:
    assert len(KNOWN_REGIONS) == 31
    assert {"新疆", "宁夏", "广西", "内蒙古", "西藏"} <= set(KNOWN_REGIONS)


def test_an_unknown_region_is_refused_with_the_known_ones() -> None:
    with pytest.raises(UnknownRegionError) as caught:
        ChinaCalendar("新彊")
    assert "新彊" in caught.value.message.zh and "新疆" in caught.value.message.zh
    assert "one of" in caught.value.message.en


def regional(calendar: ChinaCalendar, year: int) -> dict[date, tuple[str, bool]]:
    return {
        info.day: (info.name.zh if info.name else "", info.official)
        for info in calendar.days_off(year)
        if info.kind == "regional_holiday"
    }


def test_xinjiang_2026_computes_rozi_and_corban_as_not_official() -> None:
    assert regional(ChinaCalendar("新疆维吾尔自治区"), 2026) == {
        D(2026, 3, 20): ("肉孜节", False),
        D(2026, 5, 27): ("古尔邦节", False),
        D(2026, 5, 28): ("古尔邦节", False),
        D(2026, 5, 29): ("古尔邦节", False),
    }


def test_the_nation_works_on_xinjiang_festivals() -> None:
    assert ChinaCalendar().is_workday(D(2026, 3, 20))
    assert not ChinaCalendar("新疆").is_workday(D(2026, 3, 20))


def test_ningxia_2026_uses_its_own_name_and_days() -> None:
    days = regional(ChinaCalendar("宁夏"), 2026)
    assert days == {
        D(2026, 3, 20): ("开斋节", False),
        D(2026, 3, 21): ("开斋节", False),
        D(2026, 5, 27): ("古尔邦节", False),
        D(2026, 5, 28): ("古尔邦节", False),
    }
    assert ChinaCalendar("宁夏").day(D(2026, 3, 20)).name == Text("开斋节", "Eid al-Fitr")


def test_guangxi_2026_sanyuesan_two_days() -> None:
    assert regional(ChinaCalendar("广西"), 2026) == {
        D(2026, 4, 19): ("壮族三月三", False),
        D(2026, 4, 20): ("壮族三月三", False),
    }


def test_regions_without_own_festivals_follow_the_nation() -> None:
    assert regional(ChinaCalendar("内蒙古"), 2026) == {}


def test_rozi_twice_in_2033_gives_two_days_off() -> None:
    days = regional(ChinaCalendar("新疆"), 2033)
    assert sorted(d for d, (name, _) in days.items() if name == "肉孜节") == [
        D(2033, 1, 2),
        D(2033, 12, 23),
    ]


def test_supplied_days_replace_the_computed_days_of_that_festival_and_year() -> None:
    announced = [NamedDay(D(2026, 5, d), "古尔邦节") for d in range(26, 31)]
    calendar = ChinaCalendar("新疆", regional_days=announced)
    days = regional(calendar, 2026)
    assert {d for d, (name, _) in days.items() if name == "古尔邦节"} == {
        D(2026, 5, d) for d in range(26, 31)
    }
    assert all(official for name, official in days.values() if name == "古尔邦节")
    assert days[D(2026, 3, 20)] == ("肉孜节", False)  # other festivals still computed
    assert D(2027, 5, 16) in regional(calendar, 2027)  # other years still computed


def test_supplied_days_match_festivals_by_any_spelling() -> None:
    calendar = ChinaCalendar("新疆", regional_days=[NamedDay(D(2026, 3, 21), "开斋节")])
    assert regional(calendar, 2026).get(D(2026, 3, 20)) is None
    assert calendar.day(D(2026, 3, 21)).name == Text("开斋节", "Eid al-Fitr")


def test_supplied_days_of_other_festivals_are_added() -> None:
    calendar = ChinaCalendar("西藏", regional_days=[NamedDay(D(2026, 2, 18), "藏历新年")])
    assert calendar.day(D(2026, 2, 18)).kind == "regional_holiday"


def test_precedence_plan_over_regional_over_national_over_weekend() -> None:
    calendar = ChinaCalendar(
        "新疆",
        regional_days=[NamedDay(D(2026, 2, 14), "地方调整")],
        plan_days_off=[NamedDay(D(2026, 5, 27), "单位运动会"), NamedDay(D(2026, 9, 8), "开学")],
    )
    assert calendar.day(D(2026, 5, 27)).kind == "plan_day_off"  # over 古尔邦节
    assert calendar.day(D(2026, 5, 27)).name == Text("单位运动会", "单位运动会")
    assert calendar.day(D(2026, 5, 28)).kind == "regional_holiday"
    assert calendar.day(D(2026, 2, 14)).kind == "regional_holiday"  # over 春节调休上班
    assert not calendar.is_workday(D(2026, 2, 14))
    assert calendar.day(D(2026, 2, 28)).kind == "makeup_workday"  # over the weekend
    assert calendar.next_workday(D(2026, 9, 7)) == D(2026, 9, 9)
    assert [i.day for i in calendar.days_off(2026) if i.kind == "plan_day_off"] == [
        D(2026, 5, 27),
        D(2026, 9, 8),
    ]


def test_days_off_of_a_late_december_festival_spill_into_january() -> None:
    rule = DaysOffRule.from_data({"festival": "国家宪法日", "days": 30})
    spill = list(rule.days_in(2027))
    assert spill[:2] == [(2026, D(2027, 1, 1)), (2026, D(2027, 1, 2))]
    assert (2027, D(2027, 12, 4)) in spill


def test_a_negative_offset_reaches_back_into_december() -> None:
    rule = DaysOffRule.from_data({"festival": "元旦", "days": 1, "offset": -1})
    assert list(rule.days_in(2026)) == [(2027, D(2026, 12, 31))]
