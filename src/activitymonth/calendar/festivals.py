"""Festivals as date anchors.

Plans fix visits and events relative to festivals (春节 and 古尔邦节 visits, activities
around 七一, DOMAIN.md "Dates and rhythms"), and those festivals move: lunar ones follow
``lunardate``, Islamic ones the Umm al-Qura calendar of ``hijridate``, 清明 the solar term.
A plan therefore writes ``古尔邦节 -1d`` and the date is computed for the plan's year.

Every festival has one canonical Chinese name, an English name and aliases (七一 = 建党节,
12·4 = 国家宪法日, ASCII ``12.4`` too), so the spelling a clerk uses does not matter.
"""

from __future__ import annotations

import calendar as _calendar
import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import MAXYEAR, date, timedelta
from functools import cache
from typing import Any

import chinese_calendar
from hijridate import Hijri
from hijridate.ummalqura import HIJRI_RANGE
from lunardate import LunarDate

from activitymonth.calendar.errors import AnchorError
from activitymonth.i18n import Text

DateRule = Callable[[int], tuple[date, ...]]
"""All dates of a festival in one Gregorian year (Islamic festivals can fall twice)."""


def _fixed(month: int, day: int) -> DateRule:
    def rule(year: int) -> tuple[date, ...]:
        return (date(year, month, day),)

    return rule


def _lunar(month: int, day: int, shift: int = 0) -> DateRule:
    def rule(year: int) -> tuple[date, ...]:
        return (LunarDate(year, month, day).to_solar_date() + timedelta(days=shift),)

    return rule


_FIRST_HIJRI_YEAR, _LAST_HIJRI_YEAR = HIJRI_RANGE[0][0], HIJRI_RANGE[1][0]
_SOLAR_PER_LUNAR_YEAR = 365.2425 / 354.367


def _hijri(month: int, day: int) -> DateRule:
    """A Hijri year is 11 days shorter than a Gregorian one, so about every 33 years a
    festival falls twice in one Gregorian year (肉孜节 in 2033); all dates are returned."""

    def rule(year: int) -> tuple[date, ...]:
        estimate = round((year - 622) * _SOLAR_PER_LUNAR_YEAR)
        found = []
        for hijri_year in range(
            max(estimate - 2, _FIRST_HIJRI_YEAR), min(estimate + 2, _LAST_HIJRI_YEAR) + 1
        ):
            day_ = Hijri(hijri_year, month, day).to_gregorian()
            if day_.year == year:
                found.append(date(day_.year, day_.month, day_.day))
        return tuple(sorted(found))

    return rule


def _solar_term(term: str, month: int) -> DateRule:
    def rule(year: int) -> tuple[date, ...]:
        last = _calendar.monthrange(year, month)[1]
        terms = chinese_calendar.get_solar_terms(date(year, month, 1), date(year, month, last))
        return tuple(day for day, name in terms if name == term)

    return rule


def _nth_weekday(month: int, weekday: int, n: int) -> DateRule:
    def rule(year: int) -> tuple[date, ...]:
        first = date(year, month, 1)
        return (first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1)),)

    return rule


_ANY_YEAR = range(1, MAXYEAR)
_LUNAR_YEARS = range(1900, 2100)  # lunardate's table
_SOLAR_TERM_YEARS = range(1900, 2101)  # chinese_calendar's formula
_ISLAMIC_YEARS = range(1925, 2078)  # hijridate's Umm al-Qura table: 1924-08-01..2077-11-16


@dataclass(frozen=True, slots=True)
class Festival:
    """A festival: canonical name, English name, how its date is found, and aliases."""

    name: str
    en: str
    rule: DateRule
    years: range
    aliases: tuple[str, ...] = ()

    @property
    def text(self) -> Text:
        return Text(self.name, self.en)


FESTIVALS: tuple[Festival, ...] = (
    Festival("元旦", "New Year's Day", _fixed(1, 1), _ANY_YEAR, ("新年", "1.1")),
    Festival("除夕", "Chinese New Year's Eve", _lunar(1, 1, -1), _LUNAR_YEARS,
             ("大年三十", "年三十", "大年夜")),
    Festival("春节", "Spring Festival", _lunar(1, 1), _LUNAR_YEARS,
             ("大年初一", "正月初一", "农历新年", "Chinese New Year")),
    Festival("元宵节", "Lantern Festival", _lunar(1, 15), _LUNAR_YEARS, ("元宵", "正月十五")),
    Festival("三八妇女节", "International Women's Day", _fixed(3, 8), _ANY_YEAR,
             ("三八", "三八节", "妇女节", "3.8", "Women's Day")),
    Festival("诺鲁兹节", "Nowruz", _fixed(3, 21), _ANY_YEAR, ("诺鲁兹", "诺鲁孜节", "纳吾肉孜节")),
    Festival("清明节", "Qingming Festival", _solar_term("清明", 4), _SOLAR_TERM_YEARS,
             ("清明", "Tomb-sweeping Day", "Qingming")),
    Festival("壮族三月三", "Zhuang Sanyuesan Festival", _lunar(3, 3), _LUNAR_YEARS,
             ("三月三", "Sanyuesan")),
    Festival("劳动节", "Labour Day", _fixed(5, 1), _ANY_YEAR,
             ("五一", "五一劳动节", "国际劳动节", "5.1", "Labor Day")),
    Festival("五四青年节", "Youth Day", _fixed(5, 4), _ANY_YEAR, ("五四", "青年节", "5.4")),
    Festival("国际家庭日", "International Day of Families", _fixed(5, 15), _ANY_YEAR,
             ("家庭日", "5·15")),
    Festival("端午节", "Dragon Boat Festival", _lunar(5, 5), _LUNAR_YEARS, ("端午", "端阳节")),
    Festival("建党节", "Party Founding Day", _fixed(7, 1), _ANY_YEAR,
             ("七一", "七一建党节", "7.1")),
    Festival("建军节", "Army Day", _fixed(8, 1), _ANY_YEAR, ("八一", "八一建军节", "8.1")),
    Festival("中秋节", "Mid-autumn Festival", _lunar(8, 15), _LUNAR_YEARS, ("中秋",)),
    Festival("全民国防教育日", "National Defence Education Day", _nth_weekday(9, 5, 3), _ANY_YEAR,
             ("国防教育日",)),
    Festival("国庆节", "National Day", _fixed(10, 1), _ANY_YEAR, ("国庆", "十一", "10.1")),
    Festival("国家宪法日", "National Constitution Day", _fixed(12, 4), _ANY_YEAR,
             ("12·4", "宪法日", "宪法宣传日", "Constitution Day")),
    Festival("肉孜节", "Eid al-Fitr", _hijri(10, 1), _ISLAMIC_YEARS, ("开斋节", "肉孜", "Rozi")),
    Festival("古尔邦节", "Eid al-Adha", _hijri(12, 10), _ISLAMIC_YEARS,
             ("宰牲节", "库尔班节", "忠孝节", "Corban Festival", "Kurban")),
)  # fmt: skip

FESTIVAL_NAMES: tuple[str, ...] = tuple(f.name for f in FESTIVALS)

_DOTS = str.maketrans(dict.fromkeys("·•・‧．。", "."))


def _key(text: str) -> str:
    """Spelling-insensitive lookup key: no spaces, one kind of dot (12·4 = 12.4), no case."""
    return "".join(text.split()).translate(_DOTS).casefold()


_BY_KEY: dict[str, Festival] = {
    _key(alias): f for f in FESTIVALS for alias in (f.name, f.en, *f.aliases)
}
_BY_NAME: dict[str, Festival] = {f.name: f for f in FESTIVALS}

ANCHOR_FORMS = ("古尔邦节", "古尔邦节 -1d", "春节+3d", "国庆节 +1w", "古尔邦节前1天", "春节后3天")
"""The ways to write a festival date, as listed in error messages."""


def canonical_festival(name: str) -> str | None:
    """The canonical name of a festival written in any known spelling, else None."""
    festival = _BY_KEY.get(_key(name))
    return festival.name if festival else None


def name_text(name: str) -> Text:
    """Bilingual name of a day someone typed: a known festival gets its canonical names,
    anything else (a plan's own 运动会) is shown as typed in both languages."""
    festival = _BY_KEY.get(_key(name))
    return festival.text if festival else Text(name, name)


def _forms(separator: str) -> str:
    return separator.join(ANCHOR_FORMS)


def _nearest(name: str) -> Text:
    close = difflib.get_close_matches(_key(name), list(_BY_KEY), n=8, cutoff=0.5)
    names = list(dict.fromkeys(_BY_KEY[k].name for k in close))[:3]
    if names:
        return Text(f"最接近的是：{'、'.join(names)}", f"nearest: {', '.join(names)}")
    return Text(
        f"可用的节日：{'、'.join(FESTIVAL_NAMES)}", f"known festivals: {', '.join(FESTIVAL_NAMES)}"
    )


def _unknown_festival(name: str) -> AnchorError:
    return AnchorError(
        Text(f"未知节日 “{name}”；", f"unknown festival '{name}'; ")
        + _nearest(name)
        + Text(f"；日期可写成：{_forms('、')}", f"; write such dates as: {_forms(', ')}")
    )


def _festival(name: str) -> Festival:
    festival = _BY_KEY.get(_key(name))
    if festival is None:
        raise _unknown_festival(name)
    return festival


@cache
def festival_dates(name: str, year: int) -> tuple[date, ...]:
    """Every date of a festival in a Gregorian year, in order (usually exactly one)."""
    festival = _festival(name)
    if year not in festival.years:
        first, last = festival.years.start, festival.years.stop - 1
        raise AnchorError(
            Text(
                f"{festival.name}的日期只能推算 {first}–{last} 年，"
                f"{year} 年超出范围；请直接写出日期",
                f"{festival.en} can only be computed for {first}–{last}, not {year}; "
                "write the date itself",
            )
        )
    return festival.rule(year)


def festival_date(name: str, year: int) -> date:
    """The date of a festival in a year; the first one when an Islamic festival falls twice."""
    return festival_dates(name, year)[0]


@dataclass(frozen=True, slots=True)
class Anchor:
    """A date written relative to a festival (``古尔邦节 -1d``), resolved per plan year."""

    festival: str
    offset_days: int
    text: str

    def resolve(self, year: int) -> date:
        return festival_date(self.festival, year) + timedelta(days=self.offset_days)

    def __str__(self) -> str:
        return self.text


_CHINESE_NUMBERS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)} | {"两": 2}
_WEEK_UNITS = ("w", "周", "星期", "个星期")
_ANCHOR = re.compile(
    r"""^(?P<name>.+?)\s*
    (?: (?P<sign>[+\-＋－−])\s*(?P<n>\d+)\s*(?P<unit>d|w|天|日|周)
      | (?P<dir>前|后)\s*(?P<cn>\d+|[一二两三四五六七八九十])\s*(?P<cunit>天|日|周|个星期|星期)
    )?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)


def _offset(match: re.Match[str]) -> int:
    if match["sign"]:
        days = int(match["n"]) * (7 if match["unit"].lower() in _WEEK_UNITS else 1)
        return -days if match["sign"] in "-－−" else days
    if match["dir"]:
        count = match["cn"]
        number = int(count) if count.isdigit() else _CHINESE_NUMBERS[count]
        days = number * (7 if match["cunit"] in _WEEK_UNITS else 1)
        return -days if match["dir"] == "前" else days
    return 0


_OFFSET_STARTS = frozenset("+-＋－−前后")


def _unreadable(text: str) -> AnchorError:
    """Name the part that is wrong: the offset after a known festival, or the festival."""
    key = _key(text)
    known = [k for k in _BY_KEY if key.startswith(k) and key[len(k) : len(k) + 1] in _OFFSET_STARTS]
    if not known:
        return _unknown_festival(text)
    festival = _BY_KEY[max(known, key=len)]
    return AnchorError(
        Text(
            f"“{text}”：{festival.name}后面的偏移写法无法识别；请写成 {_forms('、')} 之一",
            f"'{text}': the offset after {festival.en} is unreadable; write one of {_forms(', ')}",
        )
    )


def parse_anchor(text: str) -> Anchor:
    """Read ``古尔邦节``, ``古尔邦节 -1d``, ``春节+3d``, ``国庆节 +1w``, ``古尔邦节前1天``,
    ``春节后3天``: d/天/日 are days, w/周 weeks; an unknown name lists the nearest ones."""
    raw = text.strip()
    if not raw:
        raise AnchorError(
            Text(
                f"日期为空；请写成 {_forms('、')} 之一", f"empty date; write one of {_forms(', ')}"
            )
        )
    match = _ANCHOR.match(raw)
    festival = _BY_KEY.get(_key(match["name"])) if match else None
    if match is None or festival is None:
        raise _unreadable(raw)
    return Anchor(festival.name, _offset(match), raw)


@dataclass(frozen=True, slots=True)
class DaysOffRule:
    """``days`` consecutive days off starting ``offset`` days from a festival.

    National statutory days (春节 starts on 除夕: offset -1) and regional ones (古尔邦节,
    3 days in 新疆) are both counted this way, so one rule type reads both data files.
    """

    festival: str
    days: int
    name: Text
    offset: int = 0
    basis: str = ""

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> DaysOffRule:
        """Build from a data-file entry ``{festival, days, offset?, name?, basis?}``;
        ``name`` is a local name (宁夏 calls 肉孜节 开斋节)."""
        festival = _festival(str(raw["festival"]))
        local = raw.get("name")
        return cls(
            festival=festival.name,
            days=int(raw["days"]),
            name=Text(str(local), festival.en) if local else festival.text,
            offset=int(raw.get("offset", 0)),
            basis=str(raw.get("basis", "")),
        )

    def days_in(self, year: int) -> Iterator[tuple[int, date]]:
        """Days off that fall in ``year``, each with the year of the festival it belongs to
        (a festival late in December can carry its days into January)."""
        computable = _BY_NAME[self.festival].years
        for festival_year in (year - 1, year, year + 1):
            if festival_year != year and festival_year not in computable:
                continue
            for start in festival_dates(self.festival, festival_year):
                for i in range(self.days):
                    day = start + timedelta(days=self.offset + i)
                    if day.year == year:
                        yield festival_year, day
