"""An iCalendar lint for what independent parsers let through but clients trip over.

Parsers are lenient about line endings and folding, and most do not compare DTSTART with
DTEND; calendar clients then drop or misplace such events silently. This lint reads the
raw bytes and reports, with the physical line number: bare LF, lines over 75 octets, folds
that split a UTF-8 character, DTEND not after DTSTART, an all-day DTEND equal to DTSTART,
UNTIL not in UTC (timed series) or not a DATE (all-day series), DUE before DTSTART, a
to-do alarm without RELATED=END, and TZIDs without a VTIMEZONE.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_OCTETS = 75


@dataclass(frozen=True)
class LintProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class _Component:
    name: str
    line: int
    props: dict[str, tuple[str, str, int]] = field(
        default_factory=dict
    )  # name -> (params, value, line)


def lint_ics(data: bytes) -> list[LintProblem]:
    problems = _physical(data)
    if problems:
        return problems
    stack: list[_Component] = []
    tzids_used: dict[str, int] = {}
    tzids_defined: set[str] = set()
    for number, name, params, value in _content_lines(data.decode("utf-8")):
        if name == "BEGIN":
            stack.append(_Component(value, number))
            continue
        if name == "END":
            if not stack or stack[-1].name != value:
                problems.append(LintProblem(number, f"END:{value} without matching BEGIN"))
                continue
            component = stack.pop()
            problems += _check_component(component, stack[-1].name if stack else "")
            continue
        if not stack:
            problems.append(LintProblem(number, f"{name} outside any component"))
            continue
        stack[-1].props.setdefault(name, (params, value, number))
        if stack[-1].name == "VTIMEZONE" and name == "TZID":
            tzids_defined.add(value)
        if tzid := re.search(r"(?:^|;)TZID=([^;:]+)", params):
            tzids_used.setdefault(tzid.group(1).strip('"'), number)
    if stack:
        problems.append(LintProblem(stack[-1].line, f"BEGIN:{stack[-1].name} never ends"))
    for tzid, number in tzids_used.items():
        if tzid not in tzids_defined:
            problems.append(LintProblem(number, f"TZID {tzid} has no VTIMEZONE"))
    return problems


def _physical(data: bytes) -> list[LintProblem]:
    problems = []
    lines = data.split(b"\r\n")
    if lines and lines[-1] == b"":
        lines.pop()
    else:
        problems.append(LintProblem(len(lines), "file does not end with CRLF"))
    for number, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            problems.append(LintProblem(number, "bare LF or CR inside a line"))
        if len(line) > MAX_OCTETS:
            problems.append(LintProblem(number, f"line of {len(line)} octets is not folded at 75"))
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(LintProblem(number, "fold splits a UTF-8 character (or not UTF-8)"))
    return problems


def _content_lines(text: str) -> list[tuple[int, str, str, str]]:
    """Unfolded content lines as (first physical line, NAME, params, value)."""
    result: list[tuple[int, str, str, str]] = []
    current, start = "", 0
    for number, line in enumerate(text.split("\r\n"), 1):
        if line.startswith((" ", "\t")):
            current += line[1:]
            continue
        if current:
            result.append(_split(start, current))
        current, start = line, number
    if current:
        result.append(_split(start, current))
    return result


def _split(number: int, line: str) -> tuple[int, str, str, str]:
    match = re.match(r'^([A-Za-z0-9-]+)((?:;[^:"]*(?:"[^"]*"[^:"]*)*)*):(.*)$', line)
    if not match:
        return number, line.upper(), "", ""
    return number, match.group(1).upper(), match.group(2), match.group(3)


def _check_component(component: _Component, parent: str) -> list[LintProblem]:
    props = component.props
    problems: list[LintProblem] = []
    start = props.get("DTSTART")
    if component.name == "VEVENT" and start and "DTEND" in props:
        end = props["DTEND"]
        if _is_date(start) and _is_date(end) and end[1] == start[1]:
            problems.append(
                LintProblem(end[2], "all-day DTEND equals DTSTART (DTEND is exclusive)")
            )
        elif _sortable(end) <= _sortable(start):
            problems.append(LintProblem(end[2], "DTEND is not after DTSTART"))
    due = props.get("DUE")
    if component.name == "VTODO" and start and due and _sortable(due) < _sortable(start):
        problems.append(LintProblem(due[2], "DUE is before DTSTART"))
    if "RRULE" in props and start:
        rule = props["RRULE"]
        until = re.search(r"UNTIL=([0-9TZ]+)", rule[1])
        if until:
            value = until.group(1)
            if _is_date(start) and "T" in value:
                problems.append(LintProblem(rule[2], "UNTIL must be a DATE for an all-day series"))
            if not _is_date(start) and not value.endswith("Z"):
                problems.append(LintProblem(rule[2], "UNTIL must be in UTC (…Z)"))
    if component.name == "VALARM" and parent == "VTODO":
        trigger = props.get("TRIGGER")
        if trigger and "RELATED=END" not in trigger[0].upper() and not trigger[1][:1].isdigit():
            problems.append(LintProblem(trigger[2], "to-do alarm without RELATED=END"))
    return problems


def _is_date(prop: tuple[str, str, int]) -> bool:
    return "VALUE=DATE" in prop[0].upper() and "DATE-TIME" not in prop[0].upper()


def _sortable(prop: tuple[str, str, int]) -> str:
    value = prop[1].rstrip("Z")
    return value if "T" in value else value + "T000000"
