"""Expression rules: a CEL expression over the plan view, and what its value reports.

The expression gives either a bool (``false``: one finding about the whole plan) or a
list of what is wrong (one finding per element, at the element's line): maps of the view
(activities, deliverables, people, pairs, occurrences, roles …) or the ids of items,
people or pairs. The message may name the element's fields: ``「{title}」需要主持人``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from celpy import celtypes
from celpy.evaluation import CELEvalError
from pydantic import Field, model_validator

from activitymonth.diagnostics import Position
from activitymonth.i18n import Text
from activitymonth.model.base import invalid
from activitymonth.rules.context import Context
from activitymonth.rules.finding import Finding, Group, ModelPath
from activitymonth.rules.user.base import Entry, UserRule, escape_braces, per_context
from activitymonth.rules.user.cel import Compiled
from activitymonth.rules.user.functions import DomainError
from activitymonth.rules.user.view import BOOL, STRING, ListOf, PlanView, Record, Scalar

_MISSING_MEMBER = re.compile(r"no such member in mapping: '(\w+)'")
_ID_PARAMS = frozenset({"id", "title"})
_RETURN_ITEMS = Text(
    "让表达式返回计划中的项目（活动、材料、人员、结对、日程、角色……）或它们的 id，"
    "如 activities.filter(a, …) 或 activities.filter(a, …).map(a, a.id)",
    "return parts of the plan (activities, deliverables, people, pairs, occurrences, roles …) "
    "or their ids, e.g. activities.filter(a, …) or activities.filter(a, …).map(a, a.id)",
)


class ExpressionEntry(Entry):
    """A rules-file entry with ``expr:`` instead of ``template:``."""

    expr: str = Field(min_length=1)

    @model_validator(mode="after")
    def _needs_message(self) -> ExpressionEntry:
        if self.message is None:
            raise invalid(
                Text(
                    "表达式规则需要 message：说明哪里不对、该怎么改",
                    "an expression rule needs a message saying what is wrong and what to do",
                )
            )
        return self


@dataclass(frozen=True)
class ExpressionCheck:
    """The checking part of an expression rule.

    ``where`` turns a line and column inside the expression into a position in the rules
    file, so a failure while checking a plan names the exact spot to correct.
    """

    compiled: Compiled
    where: Callable[[int, int], Position]

    default_group: ClassVar[Group] = Group.STRUCTURE
    default_message: ClassVar[Text | None] = None  # the entry's own message is required
    default_hint: ClassVar[Text | None] = None

    @property
    def params(self) -> frozenset[str] | None:
        result = self.compiled.result
        if result == BOOL:
            return frozenset()
        item = result.item if isinstance(result, ListOf) else None
        if isinstance(item, Record):
            return frozenset(f.name for f in item.fields if isinstance(f.shape, Scalar))
        if item == STRING:
            return _ID_PARAMS
        return None

    def check(self, rule: UserRule, ctx: Context) -> Iterator[Finding]:
        try:
            value, view = self.compiled.evaluate(ctx)
        except CELEvalError as error:
            yield rule.broken(ctx, *self._failure(error))
            return
        except DomainError as error:
            yield rule.broken(ctx, error.message, self._correct(self.where(1, 1)))
            return
        if isinstance(value, celtypes.BoolType):
            if not value:
                yield rule.report(ctx, ())
            return
        if not isinstance(value, celtypes.ListType):
            yield rule.broken(ctx, _not_a_result(value), self._correct(self.where(1, 1)))
            return
        for element in value:
            located = _locate(element, view, ctx)
            if located is None:
                yield rule.broken(ctx, _not_an_item(element), _RETURN_ITEMS)
                return
            path, params = located
            yield rule.report(
                ctx,
                path,
                message=_render(rule.message, params),
                hint=_render(rule.hint, params) if rule.hint else None,
            )

    def _failure(self, error: CELEvalError) -> tuple[Text, Text]:
        where = self.where(error.line or 1, error.column or 1)
        detail = str(error.args[0]) if error.args else "?"
        missing = _MISSING_MEMBER.search(detail)
        if missing:
            field = missing.group(1)
            return (
                Text(
                    f"有的项目没有填写 {field}，表达式读不到它",
                    f"some item leaves out {field}, so the expression cannot read it",
                ),
                Text(
                    f"先用 has(…) 判断，如 has(a.{field}) && …（{where}）",
                    f"test it first with has(…), e.g. has(a.{field}) && … ({where})",
                ),
            )
        shown = detail if len(detail) <= 160 else detail[:157] + "…"
        return (
            Text(f"表达式求值出错：{shown}", f"evaluating the expression failed: {shown}"),
            self._correct(where),
        )

    @staticmethod
    def _correct(where: Position) -> Text:
        return Text(f"修改 {where} 处的表达式", f"correct the expression at {where}")


def _locate(
    element: object, view: PlanView, ctx: Context
) -> tuple[ModelPath, dict[str, str]] | None:
    """Where an element of the result sits in the plan, and the fields its message may use."""
    if isinstance(element, celtypes.MapType):
        path = view.path_of(element)
        if path is None:
            return None
        params = {
            str(key): _shown(value)
            for key, value in element.items()
            if not isinstance(value, celtypes.ListType | celtypes.MapType)
        }
        return path, params
    if isinstance(element, str):
        return _by_id(str(element), ctx)
    return None


def _by_id(ident: str, ctx: Context) -> tuple[ModelPath, dict[str, str]] | None:
    """An item, person or pair named by its id."""
    if ident in ctx.items:
        ref = ctx.items[ident]
        return ref.path, {"id": ident, "title": ref.item.title}
    if ident in _people(ctx):
        index = _people(ctx)[ident]
        return ("people", index), {"id": ident, "title": ctx.plan.people[index].name}
    if ident in ctx.pair_paths:
        return ctx.pair_paths[ident], {"id": ident, "title": ident}
    return None


@per_context
def _people(ctx: Context) -> dict[str, int]:
    """Each person's index on the roster, for results that name people by id."""
    found: dict[str, int] = {}
    for index, person in enumerate(ctx.plan.people):
        found.setdefault(person.id, index)
    return found


def _shown(value: Any) -> str:
    if isinstance(value, celtypes.BoolType):
        return "true" if value else "false"
    return str(value)


class _Lenient(dict[str, str]):
    """Fields an element does not have (left out by the plan) stay visible as ``{name}``."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _render(template: Text, params: dict[str, str]) -> Text:
    """Fill a message with an element's fields, as text ``Rule.report`` passes through.

    The loader allows only plain ``{name}`` fields, so ``format_map`` cannot reach
    attributes or indexes of the values.
    """
    fields = _Lenient(params)
    formatter = string.Formatter()
    return Text(
        escape_braces(formatter.vformat(template.zh, (), fields)),
        escape_braces(formatter.vformat(template.en, (), fields)),
    )


def _not_a_result(value: object) -> Text:
    kind = type(value).__name__.removesuffix("Type").lower()
    return Text(
        f"表达式的结果是 {kind}，不是 true/false 或列表",
        f"the expression gives a {kind}, not true/false or a list",
    )


def _not_an_item(element: object) -> Text:
    shown = str(element)[:60]
    return Text(
        f"表达式返回的列表中有 “{shown}”，它不是计划中的一项",
        f"the expression's list holds '{shown}', which is not part of the plan",
    )
