"""``.activitymonth.yaml``: which rules run, how severe they are, and their options.

The file is read with the plan loader's positioned YAML reader, so every mistake in it is
reported at ``file:line:col`` like a mistake in a plan. A name that matches nothing is an
error rather than something to skip: a misspelt ``ignore`` would keep reporting what the
user meant to silence, and a misspelt option would silently keep its default.

::

    select: [ALL]               # codes, prefixes (AM2), groups (dates), names (on-day-off)
    ignore: [AM205, on-weekend]
    fail-on: error
    rules:
      AM303: {severity: warning, travel_buffer: 45min}
      on-weekend: {enabled: false}
    user-rules: [rules.yaml]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from activitymonth.diagnostics import Codes, Diagnostic, PlanLoadError, dotted
from activitymonth.i18n import Text
from activitymonth.load.source import read_document
from activitymonth.load.sourcemap import SourceMap
from activitymonth.load.validation_errors import translate
from activitymonth.rules.config import (
    Config,
    RuleSettings,
    did_you_mean,
    matches,
    selector_names,
)
from activitymonth.rules.finding import Severity
from activitymonth.rules.rule import Rule, load_builtin_rules

CONFIG_NAME = ".activitymonth.yaml"
_SEVERITY_KEYS = ("fail-on", "severity")


def find_config(start: Path) -> Path | None:
    """The nearest ``.activitymonth.yaml`` in ``start``'s folder (or ``start`` itself when it
    is a folder) or any folder above it, up to the filesystem root — so one file at the top
    of a county's tree of unit plans configures them all."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder / CONFIG_NAME, *(up / CONFIG_NAME for up in folder.parents)):
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path | None, *, extra_rules: Sequence[type[Rule]] = ()) -> Config:
    """The configuration in ``path`` (``None`` or an empty file: the defaults).

    Raises ``PlanLoadError`` with every problem located. Selectors and ``rules:`` entries
    are checked against the built-in rules and ``extra_rules``. A file that declares
    ``user-rules`` may name rules those files define, which are not loaded yet: called
    without ``extra_rules``, such a file's names are not checked; load the user rules
    from ``config.user_rules`` and call again with them to check everything.
    """
    if path is None:
        return Config()
    shown = str(path)
    document = read_document(path, shown)
    if document.diagnostics:
        raise PlanLoadError(document.diagnostics)
    data = document.data
    if data is None:
        return Config()
    sources = SourceMap(data, document.origins, shown)
    if not isinstance(data, dict):
        raise PlanLoadError(
            [
                Diagnostic(
                    Codes.INVALID_VALUE,
                    Text("配置文件的最外层必须是“键: 值”映射", "a config file must be a mapping"),
                    sources.locate(()),
                    Text(
                        "以 select:、ignore:、rules: 等键开头",
                        "start with select:, ignore:, rules:",
                    ),
                )
            ]
        )
    rules = [*load_builtin_rules(), *extra_rules]
    names_deferred = bool(data.get("user-rules")) and not extra_rules
    problems = _Checker(data, sources, rules, names_deferred).problems()
    try:
        config = Config.model_validate(data)
    except ValidationError as error:
        problems += [_with_hint(d, data) for d in translate(error, data, sources, Config)]
    if problems:
        raise PlanLoadError(sorted(problems, key=_order))
    return config


class _Checker:
    """What the schema cannot see: names of rules, selectors and options that exist."""

    def __init__(
        self, data: dict[Any, Any], sources: SourceMap, rules: list[type[Rule]], deferred: bool
    ) -> None:
        self.data = data
        self.sources = sources
        self.rules = rules
        self.deferred = deferred
        self.found: list[Diagnostic] = []

    def problems(self) -> list[Diagnostic]:
        if not self.deferred:
            self._selectors("select")
            self._selectors("ignore")
        section = self.data.get("rules")
        if isinstance(section, dict):
            self._rule_entries(section)
        return self.found

    def _selectors(self, key: str) -> None:
        value = self.data.get(key)
        if not isinstance(value, list):
            return  # not a list: the schema reports it
        for index, selector in enumerate(value):
            if not isinstance(selector, str) or any(matches(selector, r) for r in self.rules):
                continue
            self._add(
                (key, index),
                Text(
                    f"{key} 中的 “{selector}” 不对应任何规则",
                    f"'{selector}' in {key} matches no rule",
                ),
                did_you_mean(selector, selector_names(self.rules)),
            )

    def _rule_entries(self, section: dict[Any, Any]) -> None:
        first_key: dict[str, Any] = {}
        for key, settings in section.items():
            rule = next((r for r in self.rules if key in (r.code, r.name)), None)
            if rule is None:
                if not self.deferred:
                    self._add(
                        ("rules", key),
                        Text(
                            f"rules 中的 “{key}” 不是任何规则的编号或名称",
                            f"'{key}' in rules is not the code or name of any rule",
                        ),
                        did_you_mean(str(key), [n for r in self.rules for n in (r.code, r.name)]),
                        key=True,
                    )
                continue
            first = first_key.setdefault(rule.code, key)
            if first != key:
                self._add(
                    ("rules", key),
                    Text(
                        f"规则 {rule.code} 在 rules 中写了两次（“{first}” 和 “{key}”）",
                        f"rule {rule.code} is configured twice ('{first}' and '{key}')",
                    ),
                    Text("把两项合并成一项", "merge the two entries into one"),
                    key=True,
                )
            if isinstance(settings, dict):
                self._options(rule, key, settings)

    def _options(self, rule: type[Rule], key: str, settings: dict[Any, Any]) -> None:
        """Each option must exist on the rule and hold a valid value for it."""
        valid = [info.alias or name for name, info in rule.Options.model_fields.items()]
        known: dict[str, Any] = {}
        for option, value in settings.items():
            if option in RuleSettings.model_fields:
                continue
            if option in valid:
                known[option] = value
                continue
            self._add(
                ("rules", key, option),
                Text(
                    f"规则 {rule.code} 没有选项 “{option}”",
                    f"rule {rule.code} has no option '{option}'",
                ),
                did_you_mean(str(option), [*valid, *RuleSettings.model_fields]),
                key=True,
            )
        try:
            # Validated under its place in the file so that messages and positions name
            # the full path (rules.AM303.travel_buffer), not just the option.
            TypeAdapter(dict[str, dict[str, rule.Options]]).validate_python({"rules": {key: known}})
        except ValidationError as error:
            self.found += translate(error, self.data, self.sources, rule.Options)

    def _add(self, path: tuple[Any, ...], message: Text, hint: Text, *, key: bool = False) -> None:
        where = self.sources.locate(path, key=key)
        self.found.append(Diagnostic(Codes.UNKNOWN_REFERENCE, message, where, hint, path))


def _with_hint(diagnostic: Diagnostic, data: dict[Any, Any]) -> Diagnostic:
    """Schema errors that have an obvious fix get it: a misspelt severity the nearest valid
    one, a rule given a bare severity the mapping it should be."""
    path = diagnostic.path
    if diagnostic.hint is not None or not path:
        return diagnostic
    value: Any = data
    for step in path:
        value = value[step] if isinstance(value, dict | list) else None
    if path[-1] in _SEVERITY_KEYS:
        return replace(diagnostic, hint=did_you_mean(str(value), [s.value for s in Severity]))
    if len(path) == 2 and path[0] == "rules" and isinstance(value, str):
        return replace(
            diagnostic,
            hint=Text(
                f"写成 {path[1]}: {{severity: {value}}}", f"write {path[1]}: {{severity: {value}}}"
            ),
        )
    return diagnostic


def _order(diagnostic: Diagnostic) -> tuple[Any, ...]:
    where = diagnostic.position
    return (where.line, where.col, dotted(diagnostic.path)) if where else (0, 0, "")
