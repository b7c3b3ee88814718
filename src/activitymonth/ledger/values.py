"""Reading the values clerks type: dates, counts, materials, visit modes, 四个清楚 facts.

The same words arrive from the command line, from a filled-in 台账.xlsx and from a visits
CSV, so they are read in one place and every path accepts the same spellings
(``2026-09-15``, ``2026/9/15``, ``2026年9月15日``; ``是``/``否``; ``入户``/``home``).
"""

from __future__ import annotations

import re
from datetime import date

from activitymonth.i18n import Text
from activitymonth.ledger.records import Fact, VisitMode

DATE_FORMS = "2026-09-15, 2026/9/15, 2026年9月15日"


class BadValue(ValueError):
    """A value that cannot be read; the message says what to write instead."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


_LOOSE_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_day(text: str) -> date:
    """A calendar day in any of ``DATE_FORMS``."""
    stripped = text.strip()
    try:
        return date.fromisoformat(stripped)
    except ValueError:
        pass
    match = _LOOSE_DATE.match(stripped)
    if match:
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise BadValue(
        Text(
            f"无法识别的日期 “{text}”；请写成 {DATE_FORMS} 之一",
            f"unreadable date '{text}'; write one of {DATE_FORMS}",
        )
    )


def not_after(day: date, today: date) -> date:
    """Refuse a fact dated in the future: a ledger records what has happened."""
    if day > today:
        raise BadValue(
            Text(
                f"日期 {day} 晚于今天 {today}，台账只记录已经发生的事",
                f"{day} is after today ({today}); the ledger records only what has happened",
            )
        )
    return day


def parse_count(value: str | float) -> int:
    """A whole, non-negative number of people or copies (``120``; Excel's ``120.0``)."""
    number: float | None
    try:
        number = float(str(value).strip().replace(",", ""))
    except ValueError:
        number = None
    if number is None or number < 0 or not number.is_integer():
        raise BadValue(
            Text(
                f"“{value}” 不是人数或份数；请填不小于 0 的整数，如 120",
                f"'{value}' is not a count; write a whole number of 0 or more, e.g. 120",
            )
        )
    return int(number)


_MATERIAL = re.compile(r"^\s*(.+?)\s*[=:：]\s*(\S+?)\s*[份条张本册个]?\s*$")


def parse_materials(text: str) -> tuple[tuple[str, int], ...]:
    """``宣传折页=500,横幅=6`` as (kind, count) pairs; a kind given twice is added up,
    because two batches were handed out."""
    totals: dict[str, int] = {}
    for part in re.split(r"[,，;；]", text):
        if not part.strip():
            continue
        match = _MATERIAL.match(part)
        if match is None:
            raise BadValue(
                Text(
                    f"无法识别的材料 “{part.strip()}”；请写成 宣传折页=500",
                    f"unreadable material '{part.strip()}'; write it as 宣传折页=500",
                )
            )
        kind, count = match.group(1), parse_count(match.group(2))
        totals[kind] = totals.get(kind, 0) + count
    return tuple(totals.items())


_MODES: dict[str, VisitMode] = {
    **{mode.value: mode for mode in VisitMode},
    "上门": VisitMode.HOME,
    "home": VisitMode.HOME,
    "visit": VisitMode.HOME,
    "phone": VisitMode.PHONE,
    "wechat": VisitMode.WECHAT,
    "weixin": VisitMode.WECHAT,
    "invited": VisitMode.INVITED,
    "invite": VisitMode.INVITED,
}
MODE_NAMES = "、".join(mode.value for mode in VisitMode)


def parse_mode(text: str) -> VisitMode:
    """入户, 电话, 微信, 请上来 (or home, phone, wechat, invited)."""
    found = _MODES.get(text.strip().lower())
    if found is None:
        raise BadValue(
            Text(
                f"未知的走访方式 “{text}”；请写 {MODE_NAMES} 之一",
                f"unknown visit mode '{text}'; write one of {MODE_NAMES} "
                "(or home, phone, wechat, invited)",
            )
        )
    return found


_YES = frozenset({"是", "清楚", "已清楚", "有", "y", "yes", "true", "1", "√", "✓", "✔"})
_NO = frozenset({"否", "不清楚", "未清楚", "无", "n", "no", "false", "0", "×", "✗"})


def parse_fact(text: str | None) -> Fact:
    """One of the 四个清楚: empty (not stated), yes/no, or what was learnt (which means yes)."""
    stripped = (text or "").strip()
    if not stripped:
        return Fact()
    lowered = stripped.lower()
    if lowered in _YES:
        return Fact(True)
    if lowered in _NO:
        return Fact(False)
    return Fact(True, stripped)
