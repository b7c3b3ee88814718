"""Suppression comments: the plan's author silences or waives a finding where it is written.

::

    date: 2026-10-01   # activitymonth: disable=AM203             silences this line
    # activitymonth: disable=on-day-off                           silences the next line
    # activitymonth: disable-file=AM203,AM204                     silences the whole file
    # activitymonth: disable=AM203 -- 经局长同意                  waives instead of silencing

A selector is a code, a code prefix, a group or a name, as in the configuration. A
comment on a line of its own applies to the next line that holds YAML (blank and comment
lines are skipped, so several comments can stack). A finding is matched by the line of its
position, the line a multi-line item starts on. With a reason after `` -- `` the finding
is kept as a recorded waiver (``finding.waiver``): outputs show it, exit codes ignore it,
and the inspector can see who accepted what. A comment that silences nothing is reported
as AM104 unused-suppression.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace

import yaml

from activitymonth.diagnostics import Position
from activitymonth.i18n import Text
from activitymonth.load import LoadedPlan
from activitymonth.rules.builtin.suppressions import UnusedSuppression
from activitymonth.rules.config import (
    Config,
    did_you_mean,
    is_enabled,
    matches,
    matches_code,
    selector_names,
    settings_for,
)
from activitymonth.rules.finding import Finding
from activitymonth.rules.rule import REGISTRY, Rule, fill_template, load_builtin_rules
from activitymonth.rules.sourcetext import SourceText, plan_files

_START = re.compile(r"#[ \t]*activitymonth[ \t]*:")
_DIRECTIVE = re.compile(
    r"#[ \t]*activitymonth[ \t]*:[ \t]*(?P<kind>disable-file|disable)[ \t]*=(?P<body>.*)$"
)
_REASON = re.compile(r"\s--(?:\s|$)")

try:
    _Scanner: type = yaml.CSafeLoader
except AttributeError:  # PyYAML without libyaml
    _Scanner = yaml.SafeLoader


@dataclass
class _Directive:
    """One suppression comment, and which of its selectors silenced something."""

    where: Position
    text: str  # as messages show it: kind and selectors, without the reason
    target: int | None  # the line it silences; None for the whole file
    selectors: tuple[str, ...]
    reason: str | None
    used: set[str] = field(default_factory=set)

    def silence(self, finding: Finding, rule: type[Rule] | None) -> bool:
        """Whether this comment covers ``finding`` (reported by ``rule``, when registered);
        records the selectors that do."""
        hits = {s for s in self.selectors if _selects(s, finding, rule)}
        self.used |= hits
        return bool(hits)


def apply_suppressions(
    findings: list[Finding], loaded: LoadedPlan, *, config: Config | None = None
) -> list[Finding]:
    """``findings`` minus those silenced, waived ones marked, plus AM104 for comments that
    silenced nothing.

    Pass the ``config`` the findings were checked with: a comment naming only rules that
    the configuration turned off cannot be judged and is not reported, and AM104 itself
    obeys the configuration (``enabled``, ``severity``) like every rule.
    """
    load_builtin_rules()
    files = [*plan_files(loaded), *(f.position.file for f in findings if f.position)]
    index = _Index(dict.fromkeys(files))
    kept = [index.apply(finding) for finding in findings]
    reports = _unused(index.directives, config)
    kept += [index.apply(report) for report in reports]
    return sorted((f for f in kept if f is not None), key=_order)


class _Index:
    """The comments of every plan file (each file read once), by the lines they cover."""

    def __init__(self, files: dict[str, None]) -> None:
        self.directives: list[_Directive] = []
        self.by_line: dict[tuple[str, int], list[_Directive]] = {}
        self.by_file: dict[str, list[_Directive]] = {}
        self.rules = {rule.code: rule for rule in REGISTRY}
        for file in files:
            source = SourceText.read(file)
            for directive in _directives(source, file) if source else ():
                self.directives.append(directive)
                if directive.target is None:
                    self.by_file.setdefault(file, []).append(directive)
                else:
                    self.by_line.setdefault((file, directive.target), []).append(directive)

    def apply(self, finding: Finding) -> Finding | None:
        """The finding, its waived version, or None when silenced. Every covering comment
        counts as used; the most specific one (the line's before the file's) decides
        whether it is a waiver."""
        where = finding.position
        if where is None:
            return finding
        candidates = [
            *self.by_line.get((where.file, where.line), ()),
            *self.by_file.get(where.file, ()),
        ]
        rule = self.rules.get(finding.code)
        covering = [d for d in candidates if d.silence(finding, rule)]
        if not covering:
            return finding
        reason = covering[0].reason
        return replace(finding, waiver=reason) if reason else None


def _directives(source: SourceText, file: str) -> list[_Directive]:
    """The suppression comments of one file, ignoring look-alikes inside quoted text."""
    found = []
    for match in _START.finditer(source.text):
        number = bisect_right(source.line_starts, match.start())
        line = source.line(number)
        col = match.start() - source.line_starts[number - 1]
        directive = _DIRECTIVE.match(line, col)
        if directive is None or (col > 0 and not line[col - 1].isspace()):
            continue
        codes, *reason = _REASON.split(directive["body"], maxsplit=1)
        selectors = tuple(s.strip() for s in codes.split(",") if s.strip())
        if directive["kind"] == "disable-file":
            target = None
        elif line[:col].strip():
            target = number
        else:
            target = _next_content_line(source, number)
        found.append(
            _Directive(
                Position(file, number, col + 1),
                f"# activitymonth: {directive['kind']}={','.join(selectors)}",
                target,
                selectors,
                reason[0].strip() if reason and reason[0].strip() else None,
            )
        )
    return _outside_scalars(source.text, found) if found else []


def _next_content_line(source: SourceText, number: int) -> int | None:
    for following in range(number + 1, len(source.line_starts) + 1):
        text = source.line(following).strip()
        if text and not text.startswith("#"):
            return following
    return None


def _outside_scalars(text: str, directives: list[_Directive]) -> list[_Directive]:
    """Drop "comments" that are really part of a quoted or block scalar. Only runs when a
    file has candidate comments, so plans without any pay nothing for the scan."""
    by_line: dict[int, list[_Directive]] = {}
    for directive in directives:
        by_line.setdefault(directive.where.line - 1, []).append(directive)
    inside: set[int] = set()
    for token in yaml.scan(text, Loader=_Scanner):
        if not isinstance(token, yaml.ScalarToken):
            continue
        start, end = token.start_mark, token.end_mark
        for line in range(start.line, end.line + 1):
            for directive in by_line.get(line, ()):
                spot = (line, directive.where.col - 1)
                if (start.line, start.column) <= spot < (end.line, end.column):
                    inside.add(id(directive))
    return [d for d in directives if id(d) not in inside]


def _selects(selector: str, finding: Finding, rule: type[Rule] | None) -> bool:
    if rule is not None:
        return matches(selector, rule) > 0
    return matches_code(selector, finding.code, finding.name) > 0


def _unused(directives: list[_Directive], config: Config | None) -> list[Finding]:
    """AM104 for each comment with selectors that silenced nothing.

    The reports then go through the comments like any finding: a comment that names AM104
    (or ALL) on its own line or for the whole file silences its own report.
    """
    rule = UnusedSuppression()
    if config is not None and not is_enabled(config, UnusedSuppression):
        return []
    settings = settings_for(config, UnusedSuppression) if config is not None else None
    names = selector_names(REGISTRY)
    reports = []
    for directive in directives:
        unused = [s for s in directive.selectors if s not in directive.used and _judged(s, config)]
        if directive.selectors and not unused:
            continue
        notes = [
            fill_template(rule.unknown, {"selector": s}) + Text("；", "; ") + did_you_mean(s, names)
            for s in unused
            if not any(matches(s, r) for r in REGISTRY)
        ]
        shown = Text(", ".join(unused), ", ".join(unused))
        if not directive.selectors:
            shown = Text("（等号后未写规则）", "(no rule after '=')")
        report = rule.at(directive.where, directive.text, shown, notes)
        if settings is not None and settings.severity is not None:
            report = replace(report, severity=settings.severity)
        reports.append(report)
    return reports


def _judged(selector: str, config: Config | None) -> bool:
    """Whether an unused selector can be reported: not if it names only rules the
    configuration turned off (they did not run, so they could not be silenced)."""
    named: list[type[Rule]] = [r for r in REGISTRY if matches(selector, r)]
    if config is None or not named:
        return True
    return any(is_enabled(config, r) for r in named)


def _order(finding: Finding) -> tuple[object, ...]:
    where = finding.position
    return ((where.file, where.line, where.col) if where else ("", 0, 0), finding.code)
