"""The plan's window: the month (or span) the activities must fall in."""

from __future__ import annotations

import calendar as _calendar
import re
from datetime import date
from typing import Any

from pydantic import model_serializer, model_validator

from activitymonth.i18n import Text
from activitymonth.model.base import FrozenModel, invalid
from activitymonth.model.types import PlainDate


class Window(FrozenModel):
    """Inclusive date span. Written as ``2026-09`` (a month), ``2026`` (a year) or
    ``{start: 2026-09-01, end: 2026-09-30}``."""

    start: PlainDate
    end: PlainDate

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            return value
        text = value.strip()
        if month := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
            year, number = int(month.group(1)), int(month.group(2))
            if not 1 <= number <= 12:
                raise invalid(
                    Text(f"月份 {text} 不存在", f"month {text} does not exist"),
                    Text("月份写 01–12，如 2026-09", "months run 01–12, e.g. 2026-09"),
                )
            last = _calendar.monthrange(year, number)[1]
            return {"start": date(year, number, 1), "end": date(year, number, last)}
        if re.fullmatch(r"\d{4}", text):
            return {"start": date(int(text), 1, 1), "end": date(int(text), 12, 31)}
        raise invalid(
            Text(
                f"无法识别的时间范围 “{text}”；写成 2026-09（一个月）、2026（全年）或 "
                "{start: 2026-09-01, end: 2026-09-30}",
                f"unreadable window '{text}'; write 2026-09 (a month), 2026 (a year) or "
                "{start: 2026-09-01, end: 2026-09-30}",
            )
        )

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.end < self.start:
            raise invalid(
                Text(
                    f"结束日期 {self.end} 早于开始日期 {self.start}",
                    f"end {self.end} is before start {self.start}",
                )
            )
        return self

    @model_serializer
    def _shorthand(self) -> str | dict[str, str]:
        """Dump a whole month as ``2026-09`` so round-tripped plans stay as users wrote them."""
        if self.is_month:
            return f"{self.start.year}-{self.start.month:02d}"
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    @property
    def is_month(self) -> bool:
        last = _calendar.monthrange(self.start.year, self.start.month)[1]
        return (
            self.start.day == 1
            and self.end.year == self.start.year
            and self.end.month == self.start.month
            and self.end.day == last
        )

    @property
    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end
