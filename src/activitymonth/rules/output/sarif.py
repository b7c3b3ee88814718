"""Findings as SARIF 2.1.0, the format code-scanning services and IDE viewers import.

One run whose driver lists every rule with its documentation, and one result per
finding. Choices a consumer depends on:

- columns count Unicode code points (``run.columnKind``), as plan positions do: a line of
  Chinese text has one column per character, not per UTF-16 unit or byte;
- ``partialFingerprints`` hold the finding's fingerprint, built from the code, the file
  and the path by item ids, never a line number, so a finding keeps its identity (and its
  dismissal) when lines above it move;
- a waived finding carries an in-source suppression with the waiver's reason;
- a fix is included when the caller can say where each edited scalar is written
  (``edit_spans``): SARIF replaces text regions, while a finding's edits name model paths.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from activitymonth import __version__
from activitymonth.diagnostics import Position
from activitymonth.i18n import Lang
from activitymonth.rules.finding import Edit, Finding, Fix, Severity
from activitymonth.rules.output import HINT_LABEL, RuleDoc, ordered, relative_path
from activitymonth.rules.rule import REGISTRY, load_builtin_rules

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "activitymonth/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
LANGUAGES = {"zh": "zh-CN", "en": "en-US"}

Span = tuple[Position, Position]
EditSpans = Callable[[Finding, Edit], Span | None]


def render(
    findings: Sequence[Finding],
    *,
    lang: Lang = "zh",
    files: Sequence[str] = (),
    edit_spans: EditSpans | None = None,
    root: Path | None = None,
) -> str:
    """The SARIF log as JSON text; see ``sarif_log`` for the arguments."""
    log = sarif_log(findings, lang=lang, edit_spans=edit_spans, root=root)
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def sarif_log(
    findings: Sequence[Finding],
    *,
    lang: Lang = "zh",
    edit_spans: EditSpans | None = None,
    root: Path | None = None,
) -> dict[str, Any]:
    """The SARIF log as a dictionary.

    ``edit_spans(finding, edit)`` gives the start and (exclusive) end of the scalar an
    edit replaces, or None; without it fixes are left out. File URIs are relative to
    ``root`` (default: the current folder), as GitHub code scanning resolves them.
    """
    descriptors, index = _rules(findings, lang)
    results = [
        _result(finding, index[finding.code], lang, edit_spans, root)
        for finding in ordered(findings)
    ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "activitymonth",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": descriptors,
                    }
                },
                "language": LANGUAGES[lang],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _rules(findings: Sequence[Finding], lang: Lang) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Every registered rule, then any code only a finding names (a user rule, a plan
    problem), so every result has a ``ruleIndex``."""
    load_builtin_rules()
    descriptors = [_descriptor(RuleDoc.of(rule), lang) for rule in REGISTRY]
    index = {descriptor["id"]: i for i, descriptor in enumerate(descriptors)}
    for finding in findings:
        if finding.code not in index:
            index[finding.code] = len(descriptors)
            descriptors.append(
                {
                    "id": finding.code,
                    "name": finding.name,
                    "shortDescription": {"text": finding.name},
                    "defaultConfiguration": {"level": LEVELS[finding.severity]},
                }
            )
    return descriptors, index


def _descriptor(doc: RuleDoc, lang: Lang) -> dict[str, Any]:
    rule = doc.rule
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary(lang)},
        "fullDescription": {"text": doc.description},
        "help": {"text": doc.text(lang), "markdown": doc.markdown(lang)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.group.value]},
    }


def _result(
    finding: Finding,
    rule_index: int,
    lang: Lang,
    edit_spans: EditSpans | None,
    root: Path | None,
) -> dict[str, Any]:
    text = finding.message(lang)
    if finding.hint is not None:
        text += " — " + HINT_LABEL(lang) + finding.hint(lang)
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": text},
    }
    location: dict[str, Any] = {}
    if finding.position is not None:
        where = finding.position
        location["physicalLocation"] = {
            "artifactLocation": {"uri": _uri(where.file, root)},
            "region": {"startLine": where.line, "startColumn": where.col},
        }
    if finding.logical_path:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.logical_path}]
    if location:
        result["locations"] = [location]
    result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    if finding.waiver is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": finding.waiver}]
    fix = _fix(finding, finding.fix, lang, edit_spans, root) if finding.fix else None
    if fix is not None:
        result["fixes"] = [fix]
    return result


def _fix(
    finding: Finding,
    fix: Fix,
    lang: Lang,
    edit_spans: EditSpans | None,
    root: Path | None,
) -> dict[str, Any] | None:
    """The fix as text replacements, or None when any edit cannot be placed (half a fix
    would leave the plan in a state nobody reviewed)."""
    if edit_spans is None:
        return None
    by_file: dict[str, list[dict[str, Any]]] = {}
    for edit in fix.edits:
        span = edit_spans(finding, edit)
        if span is None:
            return None
        start, end = span
        by_file.setdefault(start.file, []).append(
            {
                "deletedRegion": {
                    "startLine": start.line,
                    "startColumn": start.col,
                    "endLine": end.line,
                    "endColumn": end.col,
                },
                "insertedContent": {"text": edit.value},
            }
        )
    if not by_file:
        return None
    return {
        "description": {"text": fix.description(lang)},
        "artifactChanges": [
            {"artifactLocation": {"uri": _uri(file, root)}, "replacements": replacements}
            for file, replacements in by_file.items()
        ],
        "properties": {"applicability": fix.applicability},
    }


def _uri(file: str, root: Path | None) -> str:
    """A relative URI reference: forward slashes, non-ASCII and spaces percent-encoded."""
    return quote(relative_path(file, root), safe="/")
