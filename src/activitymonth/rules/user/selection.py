"""The selection language: which activities and deliverables a template rule looks at.

::

    select: {fulfills: 八个一@公益日, sector: [学校, 村(社区)], kind: activity}

Keys combine with AND, the values of one key with OR, and an empty selection takes every
item. ``fulfills`` names a program (``八个一@公益日``) or one of its items
(``八个一@公益日/书画展``) and is matched through the catalog, so an activity that wrote
``fulfills: 公益日/义诊`` (an alias) is found too. Cancelled items are never selected:
they will not happen, so they neither satisfy nor break a rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from activitymonth.catalog import ProgramLookupError, name_key
from activitymonth.i18n import Text
from activitymonth.model import Activity, Status
from activitymonth.model.types import StrList
from activitymonth.rules.context import Context, ItemRef
from activitymonth.rules.finding import ModelPath
from activitymonth.rules.user.base import per_context
from activitymonth.schedule import Occurrence

ItemKey = tuple[str, str]
"""A program item as ``(program id, item name)``."""


@dataclass(frozen=True, slots=True)
class Target:
    """What one ``fulfills`` selector matches: a whole program, or one item of it."""

    program: str
    item: str | None

    def matches(self, keys: frozenset[ItemKey]) -> bool:
        return any(p == self.program and self.item in (None, i) for p, i in keys)


def resolve_item(ctx: Context, ref: str) -> ItemKey | None:
    """The program item ``ref`` names for this plan (its adopted programs decide a bare
    name), or None when it names none."""
    try:
        program, item = ctx.catalog.resolve_item(ref, ctx.plan.programs)
    except ProgramLookupError:
        return None
    return program.id, item.name


@per_context
def fulfilled(ctx: Context) -> dict[str, frozenset[ItemKey]]:
    """The program items each activity and deliverable fulfils, resolved once per run."""
    found: dict[str, frozenset[ItemKey]] = {}
    for item_id, ref in ctx.items.items():
        keys = (resolve_item(ctx, written) for written in ref.item.fulfills)
        found[item_id] = frozenset(key for key in keys if key is not None)
    return found


class Selection(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    fulfills: StrList = ()
    sector: StrList = ()
    lead: StrList = ()
    title_contains: StrList = ()
    ids: StrList = ()
    kind: Literal["activity", "deliverable"] | None = None

    def targets(self, ctx: Context) -> tuple[list[Target], Text | None]:
        """The programs and items ``fulfills`` names, or why one of them names nothing.

        Checked against the plan's own catalog (built-in plus its custom programs), so a
        rules file may select a program that only some plans define.
        """
        try:
            return [_target(ctx, ref) for ref in self.fulfills], None
        except ProgramLookupError as error:
            return [], error.message

    def items(self, ctx: Context, targets: list[Target]) -> list[ItemRef]:
        """The selected activities and deliverables in plan order."""
        keys = fulfilled(ctx)
        wanted_ids = set(self.ids)
        chosen = []
        for ref in ctx.items.values():
            item = ref.item
            is_activity = isinstance(item, Activity)
            lead = item.lead if isinstance(item, Activity) else item.owner
            if (
                item.status == Status.CANCELLED
                or (self.kind == "activity" and not is_activity)
                or (self.kind == "deliverable" and is_activity)
                or (targets and not any(t.matches(keys[item.id]) for t in targets))
                or (self.sector and not (is_activity and set(self.sector) & set(item.sector)))
                or (self.lead and lead not in self.lead)
                or (self.title_contains and not any(t in item.title for t in self.title_contains))
                or (wanted_ids and item.id not in wanted_ids)
            ):
                continue
            chosen.append(ref)
        return chosen

    def occurrences(self, ctx: Context, items: list[ItemRef]) -> list[Occurrence]:
        """The dated occurrences of ``items``, in time order."""
        ids = {ref.item.id for ref in items}
        found = [o for o in ctx.schedule.occurrences if o.item_id in ids]
        return sorted(found, key=lambda o: o.day)

    def where(self) -> ModelPath:
        """Where something missing would be added."""
        return ("deliverables",) if self.kind == "deliverable" else ("activities",)

    def describe(self) -> Text:
        """The selection in words: 完成「八个一@公益日」、标题含「会」的活动."""
        parts = list(self._criteria())
        noun = {
            "activity": Text("活动", "activities"),
            "deliverable": Text("材料", "deliverables"),
            None: Text("事项", "items"),
        }[self.kind]
        if not parts:
            return Text(f"所有{noun.zh}", noun.en)
        criteria = Text.join(parts, "、", ", ")
        return Text(f"{criteria.zh}的{noun.zh}", f"{noun.en} {criteria.en}")

    def _criteria(self) -> Iterator[Text]:
        if self.fulfills:
            yield Text(
                "完成「" + "」或「".join(self.fulfills) + "」",
                "fulfilling " + " or ".join(self.fulfills),
            )
        if self.sector:
            yield Text("面向" + "/".join(self.sector), "reaching " + " or ".join(self.sector))
        if self.lead:
            yield Text("由 " + "/".join(self.lead) + " 负责", "led by " + " or ".join(self.lead))
        if self.title_contains:
            yield Text(
                "标题含「" + "」或「".join(self.title_contains) + "」",
                "with '" + "' or '".join(self.title_contains) + "' in the title",
            )
        if self.ids:
            yield Text("编号为 " + "/".join(self.ids), "with id " + " or ".join(self.ids))


def _target(ctx: Context, ref: str) -> Target:
    """``程序/子项`` names an item; a bare name a program, else an item of an adopted one."""
    if "/" not in name_key(ref):
        try:
            return Target(ctx.catalog.get(ref).id, None)
        except ProgramLookupError as as_program:
            if (key := resolve_item(ctx, ref)) is None:
                raise as_program from None
            return Target(*key)
    program, item = ctx.catalog.resolve_item(ref, ctx.plan.programs)
    return Target(program.id, item.name)
