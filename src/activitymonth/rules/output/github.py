"""Findings as GitHub Actions workflow commands: annotations on the pull request's lines.

``::error file=F,line=L,col=C,title=CODE name::message``; warnings and info become
``warning`` and ``notice``. A waived finding becomes a ``notice`` carrying its reason, so a
reviewer sees the recorded exception on the line without the run failing over it.
Values are escaped the way the Actions runner unescapes them.
"""

from __future__ import annotations

from collections.abc import Sequence

from activitymonth.i18n import Lang
from activitymonth.rules.finding import Finding, Severity
from activitymonth.rules.output import HINT_LABEL, ordered, relative_path, waiver_mark

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """Escape a command's message: ``%``, carriage returns and newlines."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value, where ``:`` and ``,`` also delimit."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(findings: Sequence[Finding], *, lang: Lang = "zh", files: Sequence[str] = ()) -> str:
    """One workflow command per finding. Annotations carry no summary, so ``files`` (taken
    like every format takes it) changes nothing."""
    return "".join(_command(finding, lang) + "\n" for finding in ordered(findings))


def _command(finding: Finding, lang: Lang) -> str:
    command = "notice" if finding.waiver is not None else COMMANDS[finding.severity]
    properties: list[tuple[str, str]] = []
    if finding.position is not None:
        where = finding.position
        properties += [
            ("file", relative_path(where.file)),
            ("line", str(where.line)),
            ("col", str(where.col)),
        ]
    properties.append(("title", f"{finding.code} {finding.name}"))
    message = finding.message(lang)
    if finding.hint is not None:
        message += "\n" + HINT_LABEL(lang) + finding.hint(lang)
    if finding.waiver is not None:
        message += "\n" + waiver_mark(finding.waiver, lang)
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{command} {joined}::{escape_data(message)}"
