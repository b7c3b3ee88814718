"""How senior a cadre is, as a number: the matching principle pairs higher rank with
greater need, so ranks as plans write them (正科级, 副处级, 二级主任科员 …) must be ordered.

The ladder is China's civil-service one: 领导职务 levels (省部级 … 乡科级, each 正 above
副) and the 职级 that sit at the same height since 2019 (一级巡视员 beside 厅局级正职,
一级调研员 beside 县处级正职, 一级主任科员 beside 乡科级正职, …). 股级 is no statutory rank
but every county bureau has 股长, so it sits between 乡科级副职 and 科员.

| level | ``rank`` written as | title that implies it |
| --- | --- | --- |
| 10 | 正部级, 省部级正职, 正省部级, 省部级 | |
| 9 | 副部级, 省部级副职, 副省部级 | |
| 8 | 正厅级, 正局级, 厅局级正职, 厅局级, 厅级, 地厅级, 一级巡视员 | |
| 7 | 副厅级, 副局级, 厅局级副职, 二级巡视员 | |
| 6 | 正处级, 正县级, 县处级正职, 县处级, 处级, 县级, 一级调研员, 二级调研员 | 县长, 处长 |
| 5 | 副处级, 副县级, 县处级副职, 三级调研员, 四级调研员 | 副县长, 副处长 |
| 4 | 正科级, 正乡级, 乡科级正职, 乡科级, 科级, 一级主任科员, 二级主任科员 | 乡长, 镇长 |
| 3 | 副科级, 副乡级, 乡科级副职, 三级主任科员, 四级主任科员 | 副乡长, 副镇长 |
| 2 | 股级, 正股级, 副股级 | 股长, 副股长 |
| 1 | 科员, 一级科员, 二级科员, 办事员, 一般干部 | 科员, 办事员 |
| 0 | not written, or not one of these | |

``rank`` is read first; the title only when ``rank`` is empty or unknown: the rank words
above, and the title words that name the same level in every unit (a 局长 heads a 正科级
bureau in a county and a 正处级 one in a prefecture, so 局长, 主任 and 书记 say nothing).
A word is found inside longer text (``正科级干部``), the longest match winning
(``副科级`` over ``科级``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from activitymonth.i18n import Text
from activitymonth.model import Person

RANKS: dict[int, tuple[str, ...]] = {
    10: ("正部级", "省部级正职", "正省部级", "省部级"),
    9: ("副部级", "省部级副职", "副省部级"),
    8: ("正厅级", "正局级", "厅局级正职", "厅局级", "厅级", "地厅级", "一级巡视员"),
    7: ("副厅级", "副局级", "厅局级副职", "二级巡视员"),
    6: ("正处级", "正县级", "县处级正职", "县处级", "处级", "县级", "一级调研员", "二级调研员"),
    5: ("副处级", "副县级", "县处级副职", "三级调研员", "四级调研员"),
    4: ("正科级", "正乡级", "乡科级正职", "乡科级", "科级", "一级主任科员", "二级主任科员"),
    3: ("副科级", "副乡级", "乡科级副职", "三级主任科员", "四级主任科员"),
    2: ("股级", "正股级", "副股级"),
    1: ("科员", "一级科员", "二级科员", "办事员", "一般干部"),
}
"""Rank words by level, highest first."""

TITLES: dict[int, tuple[str, ...]] = {
    6: ("县长", "处长"),
    5: ("副县长", "副处长"),
    4: ("乡长", "镇长"),
    3: ("副乡长", "副镇长"),
    2: ("股长", "副股长"),
    1: ("科员", "办事员"),
}
"""Title words that imply the same level in every unit."""

LEVEL_NAMES: dict[int, Text] = {
    10: Text("省部级正职", "minister level"),
    9: Text("省部级副职", "vice-minister level"),
    8: Text("厅局级正职", "bureau-director level"),
    7: Text("厅局级副职", "deputy bureau-director level"),
    6: Text("县处级正职", "county/division level"),
    5: Text("县处级副职", "deputy county/division level"),
    4: Text("乡科级正职", "township/section level"),
    3: Text("乡科级副职", "deputy township/section level"),
    2: Text("股级", "unit-head level (股级)"),
    1: Text("科员", "staff level (科员)"),
}


@dataclass(frozen=True, slots=True)
class Seniority:
    """A cadre's level (0 when unknown) and how it was found, for the explanation."""

    level: int
    shown: Text

    @property
    def known(self) -> bool:
        return self.level > 0


def _squash(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _level(text: str, *tables: dict[int, tuple[str, ...]]) -> int:
    """The level of the longest word of ``tables`` found in ``text``; 0 when none is."""
    found = [
        (len(word), level)
        for table in tables
        for level, words in table.items()
        for word in words
        if word in text
    ]
    return max(found)[1] if found else 0


def seniority(person: Person) -> Seniority:
    """The person's level on the ladder, from ``rank``, else from ``title``."""
    rank = _squash(person.rank)
    level = _level(rank, RANKS) if rank else 0
    if level:
        return Seniority(level, Text(person.rank or "", person.rank or ""))
    level = _level(_squash(person.title), RANKS, TITLES)
    if level:
        name = LEVEL_NAMES[level]
        return Seniority(level, Text(f"按职务视为{name.zh}", f"taken as {name.en} from the title"))
    if rank:
        return Seniority(
            0, Text(f"职级“{person.rank}”无法识别", f"rank '{person.rank}' not recognised")
        )
    return Seniority(0, Text("未写职级", "no rank given"))
