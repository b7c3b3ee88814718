"""Bilingual text.

Every message the product shows exists in Chinese (the users' language) and English
(``--lang en``). Carrying both versions in one small value lets a message be built once,
where the problem is found, and rendered later in whichever language the caller chose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True, slots=True)
class Text:
    """A message in Chinese and English."""

    zh: str
    en: str

    def __call__(self, lang: Lang = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def __add__(self, other: Text) -> Text:
        return Text(self.zh + other.zh, self.en + other.en)

    @staticmethod
    def join(parts: list[Text], zh_sep: str = "；", en_sep: str = "; ") -> Text:
        """Join several messages, each language with its own separator."""
        return Text(zh_sep.join(p.zh for p in parts), en_sep.join(p.en for p in parts))


def weekday_name(weekday: int, lang: Lang = "zh") -> str:
    """Short weekday name (Monday = 0), as the CLI prints next to every ISO date."""
    return (WEEKDAYS_EN if lang == "en" else WEEKDAYS_ZH)[weekday]


def format_day(day: date, lang: Lang = "zh") -> str:
    """ISO date with the weekday, the CLI's way of printing a day: ``2026-09-20 周日``."""
    return f"{day.isoformat()} {weekday_name(day.weekday(), lang)}"


def day_text(day: date) -> Text:
    """A day as ``2026-10-01 周四`` / ``2026-10-01 Thu`` for message templates."""
    return Text(format_day(day, "zh"), format_day(day, "en"))
