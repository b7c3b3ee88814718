"""Festivals as date anchors: dates, aliases, ``古尔邦节 -1d`` and helpful errors."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from activitymonth.calendar import (
    FESTIVAL_NAMES,
    Anchor,
    AnchorError,
    CalendarError,
    canonical_festival,
    festival_date,
    festival_dates,
    parse_anchor,
)

D = date

DATES_2026 = {
    "元旦": D(2026, 1, 1),
    "除夕": D(2026, 2, 16),
    "春节": D(2026, 2, 17),
    "元宵节": D(2026, 3, 3),
    "三八妇女节": D(2026, 3, 8),
    "诺鲁兹节": D(2026, 3, 21),
    "清明节": D(2026, 4, 5),
    "壮族三月三": D(2026, 4, 19),
    "劳动节": D(2026, 5, 1),
    "五四青年节": D(2026, 5, 4),
    "国际家庭日": D(2026, 5, 15),
    "端午节": D(2026, 6, 19),
    "建党节": D(2026, 7, 1),
    "建军节": D(2026, 8, 1),
    "中秋节": D(2026, 9, 25),
    "全民国防教育日": D(2026, 9, 19),
    "国庆节": D(2026, 10, 1),
    "国家宪法日": D(2026, 12, 4),
    "肉孜节": D(2026, 3, 20),
    "古尔邦节": D(2026, 5, 27),
}


def test_festival_names_are_the_canonical_ones() -> None:
    assert set(FESTIVAL_NAMES) == set(DATES_2026)


@pytest.mark.parametrize(("name", "expected"), DATES_2026.items())
def test_festival_dates_2026(name: str, expected: date) -> None:
    assert festival_date(name, 2026) == expected


@pytest.mark.parametrize(
    ("year", "expected"), [(2025, D(2025, 9, 20)), (2027, D(2027, 9, 18)), (2024, D(2024, 9, 21))]
)
def test_national_defence_education_day_is_the_third_saturday_of_september(
    year: int, expected: date
) -> None:
    assert festival_date("全民国防教育日", year) == expected


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("七一", "建党节"),
        ("八一", "建军节"),
        ("12·4", "国家宪法日"),
        ("12.4", "国家宪法日"),
        ("12．4", "国家宪法日"),
        ("宪法日", "国家宪法日"),
        ("宪法宣传日", "国家宪法日"),
        ("5·15", "国际家庭日"),
        ("5.15", "国际家庭日"),
        ("三八", "三八妇女节"),
        ("五四", "五四青年节"),
        ("开斋节", "肉孜节"),
        ("宰牲节", "古尔邦节"),
        ("Eid al-Adha", "古尔邦节"),
        ("spring festival", "春节"),
        ("清明", "清明节"),
        ("三月三", "壮族三月三"),
        ("圣诞节", None),
    ],
)
def test_aliases(alias: str, canonical: str | None) -> None:
    assert canonical_festival(alias) == canonical


def test_an_islamic_festival_can_fall_twice_in_a_year() -> None:
    assert festival_dates("肉孜节", 2033) == (D(2033, 1, 2), D(2033, 12, 23))
    assert festival_date("肉孜节", 2033) == D(2033, 1, 2)


def test_the_islamic_calendar_covers_1925_to_2077() -> None:
    assert festival_date("古尔邦节", 1925).year == 1925
    assert festival_date("古尔邦节", 2077).year == 2077
    with pytest.raises(AnchorError) as caught:
        festival_date("古尔邦节", 1900)
    assert "1925–2077" in caught.value.message.zh and "write the date" in caught.value.message.en


def test_lunar_festivals_outside_the_table_are_refused() -> None:
    with pytest.raises(AnchorError, match="1900–2099"):
        festival_date("春节", 2100)


@pytest.mark.parametrize(
    ("text", "festival", "offset"),
    [
        ("古尔邦节", "古尔邦节", 0),
        ("古尔邦节 -1d", "古尔邦节", -1),
        ("春节+3d", "春节", 3),
        ("七一 -2d", "建党节", -2),
        ("国庆节 +1w", "国庆节", 7),
        ("国庆节 + 2W", "国庆节", 14),
        ("古尔邦节前1天", "古尔邦节", -1),
        ("春节后3天", "春节", 3),
        ("春节后一周", "春节", 7),
        ("国庆节前两天", "国庆节", -2),
        ("12.4 -1d", "国家宪法日", -1),
        ("12·4+1d", "国家宪法日", 1),
        ("  端午节 －1天 ", "端午节", -1),
    ],
)
def test_parse_anchor(text: str, festival: str, offset: int) -> None:
    anchor = parse_anchor(text)
    assert (anchor.festival, anchor.offset_days, anchor.text) == (festival, offset, text.strip())


def test_anchors_resolve_per_year() -> None:
    assert parse_anchor("古尔邦节 -1d").resolve(2026) == D(2026, 5, 26)
    assert parse_anchor("古尔邦节 -1d").resolve(2025) == D(2025, 6, 5)
    assert parse_anchor("七一 -2d").resolve(2026) == D(2026, 6, 29)
    assert parse_anchor("春节后3天").resolve(2026) == D(2026, 2, 20)
    assert str(parse_anchor("国庆节 +1w")) == "国庆节 +1w"


def test_anchor_is_frozen() -> None:
    anchor = Anchor("春节", 0, "春节")
    with pytest.raises(dataclasses.FrozenInstanceError):
        anchor.offset_days = 1  # type: ignore[misc]


def test_a_misspelt_festival_suggests_the_nearest_and_the_forms() -> None:
    with pytest.raises(AnchorError) as caught:
        parse_anchor("古尔帮节 -1d")
    message = caught.value.message
    assert "古尔帮节 -1d" in message.zh and "最接近的是：古尔邦节" in message.zh
    assert "nearest: 古尔邦节" in message.en
    assert "春节后3天" in message.zh and "国庆节 +1w" in message.en
    assert isinstance(caught.value, CalendarError) and str(caught.value) == message.en


def test_an_unknown_festival_lists_the_known_ones() -> None:
    with pytest.raises(AnchorError) as caught:
        parse_anchor("圣诞节")
    assert all(name in caught.value.message.zh for name in FESTIVAL_NAMES)


@pytest.mark.parametrize("text", ["古尔邦节 -x", "古尔邦节 -1", "春节后几天"])
def test_an_unreadable_offset_is_named_as_such(text: str) -> None:
    with pytest.raises(AnchorError) as caught:
        parse_anchor(text)
    assert "偏移" in caught.value.message.zh and "offset" in caught.value.message.en


@pytest.mark.parametrize("text", ["十一月15日", "1.15"])
def test_a_name_that_merely_starts_like_a_festival_is_an_unknown_festival(text: str) -> None:
    with pytest.raises(AnchorError, match="unknown festival"):
        parse_anchor(text)


def test_an_empty_anchor_is_refused() -> None:
    with pytest.raises(AnchorError, match="empty date"):
        parse_anchor("  ")


def test_festival_date_rejects_unknown_names() -> None:
    with pytest.raises(AnchorError, match="unknown festival"):
        festival_date("圣诞节", 2026)
