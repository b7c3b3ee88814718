"""Which rules run and how: selection, severities and options.

Selectors match a rule by code (``AM203``), code prefix (``AM2``), group (``dates``) or
name (``on-day-off``); ``ALL`` matches every rule. A rule runs when a ``select`` entry
matches it and no more specific ``ignore`` entry does.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from activitymonth.i18n import Text
from activitymonth.rules.finding import Group, Severity
from activitymonth.rules.rule import Rule


class RuleSettings(BaseModel):
    """Per-rule settings: a severity, ``enabled: false`` to turn the rule off, and the
    rule's own options."""

    model_config = ConfigDict(frozen=True, extra="allow")

    severity: Severity | None = None
    enabled: bool = True

    def options(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    rules: dict[str, RuleSettings] = Field(default_factory=dict)
    fail_on: Severity = Field(default=Severity.ERROR, alias="fail-on")
    user_rules: tuple[str, ...] = Field(default=(), alias="user-rules")


def matches(selector: str, rule: type[Rule]) -> float:
    """How specifically ``selector`` names ``rule``: 0 not at all, higher is more specific."""
    return matches_code(selector, rule.code, rule.name, rule.group.value)


def matches_code(selector: str, code: str, name: str, group: str | None = None) -> float:
    """``matches`` for what is known of a finding whose rule is not registered (a load
    problem, a user rule): its code, its name and, where known, its group."""
    wanted = selector.strip()
    if wanted.upper() == "ALL":
        return 1
    if wanted == group:
        return 2
    if wanted.upper() == code or wanted == name:
        return 4
    if code.startswith(wanted.upper()) and len(wanted) >= 2:
        return 2 + len(wanted) / 10
    return 0


def is_enabled(config: Config, rule: type[Rule]) -> bool:
    selected = max((matches(s, rule) for s in config.select), default=0)
    ignored = max((matches(s, rule) for s in config.ignore), default=0)
    settings = settings_for(config, rule)
    if settings is not None and not settings.enabled:
        return False
    return selected > ignored


def settings_for(config: Config, rule: type[Rule]) -> RuleSettings | None:
    return config.rules.get(rule.code) or config.rules.get(rule.name)


def selector_names(rules: Iterable[type[Rule]]) -> list[str]:
    """Every word a selector may be: ``ALL``, the groups, and each rule's code and name."""
    names = ["ALL", *(group.value for group in Group)]
    for rule in rules:
        names += [rule.code, rule.name]
    return names


def did_you_mean(word: str, choices: Iterable[str]) -> Text:
    """The closest valid word, or the list of valid words when none is close — the fix
    for a misspelt code, name, option or severity."""
    known = list(dict.fromkeys(choices))
    near = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    if near:
        return Text(f"是不是 “{near[0]}”？", f"did you mean '{near[0]}'?")
    if not known:
        return Text("这里没有可设置的项", "nothing can be set here")
    shown = ", ".join(known[:12]) + (" …" if len(known) > 12 else "")
    return Text(f"可选：{shown}", f"valid: {shown}")
