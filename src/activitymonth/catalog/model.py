"""Programs: named bundles of required items (六个一, 八进, 十二同 …) and where they come from.

A program is data, not code: the built-in ones ship as YAML files beside this module and a
unit can add its own in the same shape. The same name is issued by different bodies with
different contents (a school's 六个一 is not a pairing cadre's 六个一), so a program is
always known by ``NAME@VARIANT``; a bare name only works when it is unambiguous.

This module must not import ``activitymonth.model``: the plan model embeds ``Program`` for
a plan's own programs, so the dependency runs from the plan to the catalog only.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from activitymonth.i18n import Text

ProgramKind = Literal["activities", "deliverables", "practices", "coverage", "pairing", "checklist"]

PROGRAM_KIND_LABELS: dict[str, Text] = {
    "activities": Text("活动", "activities"),
    "deliverables": Text("成果材料", "deliverables"),
    "practices": Text("常态做法", "practices"),
    "coverage": Text("覆盖领域", "coverage"),
    "pairing": Text("结对类型", "pairing types"),
    "checklist": Text("清单", "checklists"),
}

RHYTHMS: tuple[str, ...] = (
    "每天",
    "工作日每天",
    "每周",
    "每两周",
    "每月",
    "每月一次",
    "每月最后一个工作日",
    "每两个月",
    "每两个月一次",
    "每季度",
    "每季度一次",
    "每年两次",
    "每年一次",
)
"""Rhythm phrases a program may carry, besides ``每月N日`` and ``每周一`` … ``每周日``.

The recurrence parser understands these and more; the catalog keeps to the phrases every
consumer (schedule, checklist, document) is known to render the same way.
"""

_RHYTHM_PATTERN = re.compile(r"每月([1-9]|[12][0-9]|3[01])日|每周[一二三四五六日]")
RHYTHM_FORMS = "、".join(("每月N日（如每月15日）", "每周一…每周日", *RHYTHMS))


def name_key(text: str) -> str:
    """Comparison form of a name: full-width brackets, @ and / typed by Chinese input
    methods compare equal to their ASCII forms, surrounding spaces do not count."""
    return unicodedata.normalize("NFKC", text).strip()


def _invalid(message: Text) -> PydanticCustomError:
    """A validation error in both languages, in the plan model's ``am_invalid`` convention
    (the plan loader renders the language the user asked for from the error's context)."""
    return PydanticCustomError("am_invalid", "{en}", {"zh": message.zh, "en": message.en})


def _check_rhythm(value: str) -> str:
    if value in RHYTHMS or _RHYTHM_PATTERN.fullmatch(value):
        return value
    raise _invalid(
        Text(
            f"未知的节奏 “{value}”；可用的写法：{RHYTHM_FORMS}",
            f"unknown rhythm '{value}'; use one of: {RHYTHM_FORMS}",
        )
    )


Rhythm = Annotated[str, AfterValidator(_check_rhythm)]


class ItemKind(StrEnum):
    """What fulfilling an item takes: an event held, a thing produced, a habit kept up, or a
    sector reached by some activity."""

    EVENT = "event"
    DELIVERABLE = "deliverable"
    PRACTICE = "practice"
    SECTOR = "sector"

    @property
    def label(self) -> Text:
        return _ITEM_KIND_LABELS[self]


_ITEM_KIND_LABELS = {
    ItemKind.EVENT: Text("活动", "event"),
    ItemKind.DELIVERABLE: Text("材料", "deliverable"),
    ItemKind.PRACTICE: Text("做法", "practice"),
    ItemKind.SECTOR: Text("领域", "sector"),
}


class _Frozen(BaseModel):
    """Programs are shared by every plan that adopts them, so nobody may change one."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class SourceRef(_Frozen):
    """Where a program is written down: a seed document and a line or ``first-last`` range."""

    seed: str = Field(min_length=1)
    line: int | str

    @field_validator("line")
    @classmethod
    def _line_or_range(cls, value: int | str) -> int | str:
        if isinstance(value, int):
            if value < 1:
                raise _invalid(Text("行号从 1 开始", "line numbers start at 1"))
            return value
        match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", value)
        if not match or int(match.group(1)) < 1:
            raise _invalid(
                Text(
                    f"行号 “{value}” 无法识别；写成 22 或 263-281",
                    f"line '{value}' is not readable; write 22 or 263-281",
                )
            )
        first = int(match.group(1))
        if match.group(2) is None:
            return first
        last = int(match.group(2))
        if last < first:
            raise _invalid(
                Text(
                    f"行号范围 {value} 颠倒了；写成 {last}-{first}",
                    f"line range {value} is reversed; write {last}-{first}",
                )
            )
        return f"{first}-{last}"

    @property
    def lines(self) -> range:
        """The cited lines, 1-based, as a range (one line for a single number)."""
        if isinstance(self.line, int):
            return range(self.line, self.line + 1)
        first, last = (int(part) for part in self.line.split("-"))
        return range(first, last + 1)

    def __str__(self) -> str:
        return f"{self.seed}:{self.line}"


class ProgramItem(_Frozen):
    """One thing a program requires, e.g. 书画展 in 六个一@学校."""

    name: str = Field(min_length=1)
    kind: ItemKind = ItemKind.EVENT
    required: int = Field(default=1, ge=1)
    rhythm: Rhythm | None = None
    per_pair: bool = False
    aliases: tuple[str, ...] = ()
    description: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by every alias: all the ways a plan may refer to the item."""
        return (self.name, *self.aliases)


class Program(_Frozen):
    """A named bundle of items, identified by ``NAME@VARIANT`` (or ``NAME`` alone)."""

    name: str = Field(min_length=1)
    variant: str | None = Field(default=None, min_length=1)
    title: str = Field(min_length=1)
    issuer: str | None = None
    kind: ProgramKind
    items: tuple[ProgramItem, ...]
    sources: tuple[SourceRef, ...] = ()
    complete: bool = True
    note: str | None = None
    rhythm: Rhythm | None = None

    @field_validator("name", "variant")
    @classmethod
    def _no_separators(cls, value: str | None) -> str | None:
        """``@`` separates name and variant and ``/`` separates program and item in a
        reference such as ``六个一@学校/书画展``; neither may appear inside the parts."""
        if value is not None and ("@" in name_key(value) or "/" in name_key(value)):
            raise _invalid(
                Text(
                    f"“{value}” 不能含有 @ 或 /（它们用来分隔名称、版本和子项）",
                    f"'{value}' must not contain @ or / (they separate name, variant and item)",
                )
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Program:
        """Checked after the fields, so a program whose only item is invalid is not also
        reported as empty."""
        if not self.items:
            raise _invalid(
                Text(
                    f"{self.id} 没有任何子项；在 items: 下至少列出一项",
                    f"{self.id} has no items; list at least one under items:",
                )
            )
        seen: set[str] = set()
        for spelling in (spelling for item in self.items for spelling in item.names):
            key = name_key(spelling)
            if key in seen:
                raise _invalid(
                    Text(
                        f"{self.id}：“{spelling}” 在各项的名称和别名中出现了不止一次；"
                        "每个名称只能指向一项，请改名或删去重复的别名",
                        f"{self.id}: '{spelling}' occurs more than once among the item names "
                        "and aliases; each name must point to one item, so rename it or drop "
                        "the repeated alias",
                    )
                )
            seen.add(key)
        if not self.complete and not self.note:
            raise _invalid(
                Text(
                    f"{self.id} 标为不完整（complete: false），请在 note 中说明缺了什么",
                    f"{self.id} is marked incomplete (complete: false); say what is missing "
                    "in note",
                )
            )
        return self

    @property
    def id(self) -> str:
        return f"{self.name}@{self.variant}" if self.variant else self.name

    @cached_property
    def _by_name(self) -> dict[str, ProgramItem]:
        return {name_key(spelling): item for item in self.items for spelling in item.names}

    def item(self, name: str) -> ProgramItem | None:
        """The item called ``name`` or known by it as an alias."""
        return self._by_name.get(name_key(name))

    def rhythm_for(self, item: ProgramItem) -> str | None:
        """The item's own rhythm, else the program's default one."""
        return item.rhythm or self.rhythm
