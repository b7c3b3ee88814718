"""Findings for people: grouped by file, aligned columns, the fix under each problem.

The text is built as a rich ``Text`` with styles, so a terminal shows colours while a
pipe, a file or a CI log gets the same characters without escape codes (rich decides
from the console it is printed on); ``render`` gives the plain characters.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text as Styled

from activitymonth.i18n import Lang, Text
from activitymonth.rules.finding import Finding, Severity
from activitymonth.rules.output import (
    HINT_LABEL,
    SEVERITY_LABELS,
    Summary,
    by_file,
    waiver_mark,
)

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
NO_FILE = Text("（未定位）", "(no location)")
INDENT = "  "
GAP = "  "


def styled(findings: Sequence[Finding], *, lang: Lang = "zh", files: Sequence[str] = ()) -> Styled:
    """The report with styles: one block per file, then the summary line."""
    out = Styled()
    for file, group in by_file(findings):
        out.append(file or NO_FILE(lang), style="bold underline")
        out.append("\n")
        _append_group(out, group, lang)
        out.append("\n")
    out.append(Summary.of(findings, files).text(lang), style="bold")
    out.append("\n")
    return out


def render(findings: Sequence[Finding], *, lang: Lang = "zh", files: Sequence[str] = ()) -> str:
    """The report as plain text."""
    return styled(findings, lang=lang, files=files).plain


def _append_group(out: Styled, group: list[Finding], lang: Lang) -> None:
    places = [_place(finding) for finding in group]
    place_width = max(len(place) for place in places)
    severity_width = max(cell_len(label(lang)) for label in SEVERITY_LABELS.values())
    code_width = max(len(finding.code) for finding in group)
    hint_indent = " " * (len(INDENT) + place_width + severity_width + code_width + 3 * len(GAP))
    for finding, place in zip(group, places, strict=True):
        waived = finding.waiver is not None
        label = SEVERITY_LABELS[finding.severity](lang)
        out.append(INDENT + place.ljust(place_width) + GAP, style="dim")
        out.append(label, style="dim" if waived else STYLES[finding.severity])
        out.append(" " * (severity_width - cell_len(label)) + GAP)
        out.append(finding.code.ljust(code_width), style="dim" if waived else "bold")
        out.append(GAP + finding.message(lang), style="dim" if waived else "")
        if finding.waiver is not None:
            out.append(" " + waiver_mark(finding.waiver, lang), style="italic")
        out.append("\n")
        if finding.hint is not None:
            out.append(hint_indent + HINT_LABEL(lang) + finding.hint(lang), style="green")
            out.append("\n")


def _place(finding: Finding) -> str:
    where = finding.position
    return f"{where.line}:{where.col}" if where else "-"
