"""The rule base class and the registry every rule joins.

A rule is a small class: a stable ``code`` (AM + group digit + two digits), a kebab-case
``name``, a ``group``, a default ``severity``, typed ``Options`` with defaults, bilingual
``message`` and ``hint`` templates with ``{named}`` fields, and a docstring whose
``Fails:``/``Passes:`` YAML examples are run by the tests and printed by
``activitymonth rule CODE``.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict

from activitymonth.i18n import Text
from activitymonth.rules.finding import Finding, Fix, Group, ModelPath, Severity

if TYPE_CHECKING:
    from activitymonth.rules.context import Context

ENTRY_POINT_GROUP = "activitymonth.rules"
_CODE = re.compile(r"^AM[1-9]\d{2}$|^[A-Z]{2,}\d{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class Options(BaseModel):
    """Base of every rule's options: typed, defaulted, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    group: ClassVar[Group]
    severity: ClassVar[Severity] = Severity.ERROR
    summary: ClassVar[Text]
    message: ClassVar[Text]
    hint: ClassVar[Text | None] = None
    Options: ClassVar[type[Options]] = Options

    def check(self, ctx: Context, options: Any) -> Iterator[Finding]:
        raise NotImplementedError

    def report(
        self,
        ctx: Context,
        path: ModelPath,
        *,
        message: Text | None = None,
        hint: Text | None = None,
        fix: Fix | None = None,
        key: bool = False,
        detail: str = "",
        **params: Any,
    ) -> Finding:
        """A finding at ``path`` with this rule's templates filled from ``params``.

        ``detail`` tells apart several findings of one rule at one path (e.g. two years)
        so that their fingerprints differ.
        """
        template = message or self.message
        hint_template = hint if hint is not None else self.hint
        return Finding(
            code=self.code,
            name=self.name,
            severity=self.severity,
            message=fill_template(template, params),
            path=path,
            position=ctx.locate(path, key=key),
            hint=fill_template(hint_template, params) if hint_template else None,
            fix=fix,
            logical_path=ctx.logical_path(path) + (f"#{detail}" if detail else ""),
            params=params,
        )


def fill_template(template: Text, params: dict[str, Any]) -> Text:
    zh = {k: (v("zh") if isinstance(v, Text) else v) for k, v in params.items()}
    en = {k: (v("en") if isinstance(v, Text) else v) for k, v in params.items()}
    return Text(template.zh.format(**zh), template.en.format(**en))


@dataclass(frozen=True)
class Example:
    kind: str  # "fails", "passes" or "fixed"
    yaml: str


def examples(rule: type[Rule]) -> list[Example]:
    """The ``Fails:``/``Passes:``/``Fixed:`` YAML blocks of a rule's docstring."""
    doc = textwrap.dedent((rule.__doc__ or "").split("\n", 1)[-1])
    found = []
    for match in re.finditer(r"^(Fails|Passes|Fixed):\n((?:(?: {4}.*)?\n)+)", doc + "\n", re.M):
        found.append(Example(match.group(1).lower(), textwrap.dedent(match.group(2)).strip()))
    return found


class Registry:
    """All known rules by code; built-ins register on import, others via entry points."""

    def __init__(self) -> None:
        self._rules: dict[str, type[Rule]] = {}

    def register(self, rule: type[Rule]) -> type[Rule]:
        if not _CODE.match(rule.code) or not _NAME.match(rule.name):
            raise ValueError(f"rule {rule.__name__}: bad code {rule.code!r} or name {rule.name!r}")
        if rule.code in self._rules:
            raise ValueError(f"rule code {rule.code} is registered twice")
        self._rules[rule.code] = rule
        return rule

    def __iter__(self) -> Iterator[type[Rule]]:
        return iter(sorted(self._rules.values(), key=lambda r: r.code))

    def __len__(self) -> int:
        return len(self._rules)

    def get(self, code_or_name: str) -> type[Rule] | None:
        wanted = code_or_name.strip()
        for rule in self._rules.values():
            if wanted.upper() == rule.code or wanted == rule.name:
                return rule
        return None


REGISTRY = Registry()
register = REGISTRY.register


def load_builtin_rules() -> Registry:
    """Import the built-in rule modules (they register themselves) and any plug-ins."""
    from activitymonth.rules import builtin  # noqa: F401 - imported for registration

    for entry in entry_points(group=ENTRY_POINT_GROUP):
        plugin = entry.load()
        for rule in getattr(plugin, "RULES", [plugin]):
            if (
                isinstance(rule, type)
                and issubclass(rule, Rule)
                and rule.code not in {r.code for r in REGISTRY}
            ):
                REGISTRY.register(rule)
    return REGISTRY
