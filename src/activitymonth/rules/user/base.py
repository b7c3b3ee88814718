"""What every rule of a rules file shares: its header fields and the ``Rule`` class it becomes.

A user rule is written as data (a template with parameters, or a CEL expression) but runs
as a real ``Rule`` subclass made at load time, so that configuration (select, ignore,
severity), suppression comments and every output format treat it exactly like a built-in
rule. The class carries a ``logic`` object that does the checking and the ``origin`` of
its definition, so a problem found while checking can point back at the rules file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Protocol, TypeVar
from weakref import WeakKeyDictionary

from pydantic import AfterValidator, BaseModel, ConfigDict, PlainValidator

from activitymonth.diagnostics import Position
from activitymonth.i18n import Text
from activitymonth.model.base import invalid
from activitymonth.rules.finding import Finding, Group, Severity
from activitymonth.rules.rule import Rule

if TYPE_CHECKING:
    from activitymonth.rules.context import Context

T = TypeVar("T")

_CODE = re.compile(r"^(?:U|[A-Z]{2,})\d{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def _code(value: str) -> str:
    if not _CODE.match(value) or value.startswith("AM"):
        raise invalid(
            Text(
                f"规则编号 “{value}” 不合要求：写成 U 加三位数字（U001），或两个以上大写字母加"
                "三位数字（XJ001）；AM 开头的编号留给内置规则",
                f"rule code '{value}' is not usable: write U and three digits (U001) or two or "
                "more capital letters and three digits (XJ001); codes starting with AM belong "
                "to the built-in rules",
            )
        )
    return value


def _name(value: str) -> str:
    if not _NAME.match(value):
        raise invalid(
            Text(
                f"规则名称 “{value}” 不合要求：用小写英文字母、数字和连字符，如 gongyiri-monthly",
                f"rule name '{value}' is not usable: use lower-case letters, digits and hyphens, "
                "e.g. gongyiri-monthly",
            )
        )
    return value


def to_text(value: Any) -> Text:
    """A message as ``"中文"`` (shown in both languages) or ``{zh: …, en: …}``."""
    if isinstance(value, Text):
        return value
    if isinstance(value, str) and value.strip():
        return Text(value, value)
    if isinstance(value, dict) and set(value) <= {"zh", "en"}:
        zh, en = value.get("zh"), value.get("en", value.get("zh"))
        if isinstance(zh, str) and zh.strip() and isinstance(en, str) and en.strip():
            return Text(zh, en)
    raise invalid(
        Text(
            "消息写成一段文字，或 {zh: 中文, en: English}（en 可省略）",
            "write the message as text or as {zh: 中文, en: English} (en may be left out)",
        )
    )


Bilingual = Annotated[Text, PlainValidator(to_text)]
Code = Annotated[str, AfterValidator(_code)]
Name = Annotated[str, AfterValidator(_name)]


class Entry(BaseModel):
    """The fields every rule of a rules file has, whatever it checks."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: Code
    name: Name
    severity: Severity = Severity.ERROR
    group: Group | None = None
    summary: Bilingual | None = None
    message: Bilingual | None = None
    hint: Bilingual | None = None
    why: str | None = None


class Logic(Protocol):
    """What a user rule's checking part offers the rule class made around it."""

    default_group: Group
    default_message: Text | None
    default_hint: Text | None

    @property
    def params(self) -> frozenset[str] | None:
        """The ``{fields}`` its messages may use (None: not known before checking)."""
        ...

    def check(self, rule: UserRule, ctx: Context) -> Iterator[Finding]: ...


class UserRule(Rule):
    """Base of the classes made from a rules file; ``logic`` does the checking."""

    logic: ClassVar[Logic]
    origin: ClassVar[Position]

    def check(self, ctx: Context, options: Any) -> Iterator[Finding]:
        return self.logic.check(self, ctx)

    def broken(self, ctx: Context, problem: Text, hint: Text) -> Finding:
        """A finding that the rule itself could not be applied to this plan.

        An error whatever the rule's default severity: a rule that cannot run checks
        nothing, and a warning would let that pass unnoticed.
        """
        finding = self.report(
            ctx,
            (),
            message=Text(
                f"规则 {self.code}（{self.name}）无法用于此计划：{escape_braces(problem.zh)}",
                f"rule {self.code} ({self.name}) cannot be applied to this plan: "
                f"{escape_braces(problem.en)}",
            ),
            hint=Text(
                f"{escape_braces(hint.zh)}（规则定义在 {escape_braces(str(self.origin))}）",
                f"{escape_braces(hint.en)} (the rule is defined at "
                f"{escape_braces(str(self.origin))})",
            ),
        )
        return replace(finding, severity=Severity.ERROR)


def escape_braces(text: str) -> str:
    """Escape braces so that text passed as a message template comes out as written."""
    return text.replace("{", "{{").replace("}", "}}")


def per_context(build: Callable[[Context], T]) -> Callable[[Context], T]:
    """Build a value once per ``Context`` and share it between the rules of one run.

    Several user rules read the same index (resolved ``fulfills``, the plan view); the
    cache is keyed weakly, so it goes away with the run's context.
    """
    cache: WeakKeyDictionary[Context, T] = WeakKeyDictionary()

    @functools.wraps(build)
    def cached(ctx: Context) -> T:
        try:
            return cache[ctx]
        except KeyError:
            value = cache[ctx] = build(ctx)
            return value

    return cached
