"""Regional office hours and the "第N个活动月" ordinal."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest

from activitymonth.calendar import (
    CalendarError,
    CampaignOrdinal,
    OfficeHoursTable,
    UnknownRegionError,
    activity_month_ordinal,
    office_hours,
)
from activitymonth.calendar.hours import packaged_table

D, T = date, time

NATIONAL = ((T(9), T(12)), (T(13, 30), T(17, 30)))
XJ_SUMMER = ((T(10), T(14)), (T(16), T(20)))
XJ_WINTER = ((T(10), T(14)), (T(15, 30), T(19, 30)))


@pytest.mark.parametrize(
    ("region", "day", "periods"),
    [
        (None, D(2026, 9, 10), NATIONAL),
        ("北京", D(2026, 1, 10), NATIONAL),
        ("内蒙古自治区", D(2026, 9, 10), NATIONAL),
        ("新疆", D(2026, 5, 1), XJ_SUMMER),
        ("新疆维吾尔自治区", D(2026, 9, 30), XJ_SUMMER),
        ("Xinjiang", D(2026, 10, 1), XJ_WINTER),
        ("新疆", D(2026, 4, 30), XJ_WINTER),
        ("新疆", D(2027, 1, 15), XJ_WINTER),
    ],
)
def test_office_hours_by_region_and_season(
    region: str | None, day: date, periods: tuple[tuple[time, time], ...]
) -> None:
    assert office_hours(region, day).periods == periods


def test_contains_needs_one_whole_period() -> None:
    national = office_hours(None, D(2026, 9, 10))
    assert national.contains(T(9, 30), T(11))
    assert national.contains(T(13, 30), T(17, 30))
    assert not national.contains(T(11), T(14))  # across lunch
    assert not national.contains(T(8), T(9, 30))
    assert not national.contains(T(11), T(10))  # ends before it starts
    xinjiang = office_hours("新疆", D(2026, 9, 10))
    assert not xinjiang.contains(T(9), T(10, 30))
    assert xinjiang.contains(T(18), T(20))


def test_season_names_say_which_schedule_applies() -> None:
    assert office_hours("新疆", D(2026, 7, 1)).name.zh == "夏季作息时间"
    assert office_hours("新疆", D(2026, 11, 1)).name.en == "winter hours"


def test_a_project_can_override_one_region_and_keep_the_rest() -> None:
    table = OfficeHoursTable.from_data(
        {
            "regions": {
                "新疆维吾尔自治区": {"seasons": [{"name": "某州", "periods": ["10:30-14:00"]}]}
            }
        },
        base=packaged_table(),
    )
    assert table.for_day("新疆", D(2026, 7, 1)).periods == ((T(10, 30), T(14)),)
    assert table.for_day(None, D(2026, 7, 1)).periods == NATIONAL


def season(**entry: Any) -> dict[str, Any]:
    return {"default": {"seasons": [{"name": "x", "periods": ["09:00-12:00"], **entry}]}}


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (season(periods=["9-12"]), "unreadable '9-12'"),
        (season(periods=["12:00-09:00"]), "ends before it starts"),
        (season(periods=["25:00-26:00"]), "unreadable"),
        (season(**{"from": "05-01", "to": "09-30"}), "covered by 0 seasons"),
        (season(**{"from": "13-01"}), "unreadable day '13-01'"),
        ({"regions": {}}, "national default schedule is missing"),
    ],
)
def test_bad_office_hours_data_is_refused_clearly(raw: dict[str, Any], fragment: str) -> None:
    with pytest.raises(CalendarError) as caught:
        OfficeHoursTable.from_data(raw)
    assert fragment in caught.value.message.en
    assert caught.value.message.zh.startswith("作息时间")


def test_overlapping_seasons_are_refused() -> None:
    two = {"name": "x", "periods": ["09:00-12:00"]}
    with pytest.raises(CalendarError, match="covered by 2 seasons"):
        OfficeHoursTable.from_data({"default": {"seasons": [two, two]}})


def test_office_hours_of_an_unknown_region_are_an_error() -> None:
    with pytest.raises(UnknownRegionError):
        office_hours("火星", D(2026, 9, 10))


@pytest.mark.parametrize(
    ("region", "year", "campaign", "expected"),
    [
        ("内蒙古", 2021, None, CampaignOrdinal(38, "民族团结进步活动月", 9, "内蒙古")),
        ("内蒙古自治区", 1984, None, CampaignOrdinal(1, "民族团结进步活动月", 9, "内蒙古")),
        (
            "内蒙古",
            2026,
            "民族团结进步活动月",
            CampaignOrdinal(43, "民族团结进步活动月", 9, "内蒙古"),
        ),
        ("新疆", 2012, None, CampaignOrdinal(30, "民族团结教育月", 5, "新疆")),
        ("Xinjiang", 1983, "民族团结教育月", CampaignOrdinal(1, "民族团结教育月", 5, "新疆")),
        ("新疆", 2026, "民族团结教育活动月", CampaignOrdinal(44, "民族团结教育月", 5, "新疆")),
        ("内蒙古", 1983, None, None),
        ("新疆", 1982, None, None),
        ("新疆", 2026, "民族团结进步活动月", None),
        ("广西", 2026, None, None),
        (None, 2026, None, None),
    ],
)
def test_activity_month_ordinal(
    region: str | None, year: int, campaign: str | None, expected: CampaignOrdinal | None
) -> None:
    assert activity_month_ordinal(region, year, campaign) == expected


def test_ordinal_of_an_unknown_region_is_an_error() -> None:
    with pytest.raises(UnknownRegionError):
        activity_month_ordinal("火星", 2026)
