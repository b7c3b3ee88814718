"""People on the roster and the organisation (领导小组, 办公室, 分组)."""

from __future__ import annotations

import re

from pydantic import field_validator, model_validator

from activitymonth.i18n import Text
from activitymonth.model.base import FrozenModel, invalid
from activitymonth.model.types import Id, IdList, PlainDate

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Contact(FrozenModel):
    """Optional contact data; an e-mail makes the person an ATTENDEE in calendar exports."""

    phone: str | None = None
    email: str | None = None

    @field_validator("email")
    @classmethod
    def _email_shape(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.match(value):
            raise invalid(
                Text(
                    f"电子邮箱 “{value}” 格式不对，应形如 name@example.cn",
                    f"e-mail '{value}' is malformed; expected name@example.cn",
                )
            )
        return value


class Away(FrozenModel):
    """A period the person is unavailable (出差, 学习, 休假), inclusive."""

    start: PlainDate
    end: PlainDate
    reason: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Away:
        if self.end < self.start:
            raise invalid(
                Text(
                    f"外出结束日期 {self.end} 早于开始日期 {self.start}",
                    f"away period ends {self.end} before it starts {self.start}",
                )
            )
        return self


class Person(FrozenModel):
    id: Id
    name: str
    title: str | None = None
    rank: str | None = None
    unit: str | None = None
    contact: Contact | None = None
    away: tuple[Away, ...] = ()

    def is_away(self, day: object) -> Away | None:
        for period in self.away:
            if period.start <= day <= period.end:  # type: ignore[operator]
                return period
        return None


class LeadingGroup(FrozenModel):
    """领导小组: 组长, 副组长, 成员."""

    leader: Id | None = None
    deputies: IdList = ()
    members: IdList = ()


class Office(FrozenModel):
    """领导小组办公室: 主任 and 副主任 who run the day-to-day work."""

    director: Id | None = None
    deputies: IdList = ()
    members: IdList = ()


class SubGroup(FrozenModel):
    """分组: one leader, responsible for one scope (usually a village)."""

    id: Id
    name: str
    leader: Id | None = None
    members: IdList = ()
    scope: str | None = None


class Organization(FrozenModel):
    leading_group: LeadingGroup = LeadingGroup()
    office: Office = Office()
    subgroups: tuple[SubGroup, ...] = ()
