"""One finding per line, ``file:line:col: severity CODE message — 建议：fix``.

The shape of yamllint's ``parsable`` format and of compilers' errors, which editors,
``grep`` and CI problem matchers already read. Waived findings are left out: a line here
asks for an edit, and an accepted exception needs none (the other formats record it).
"""

from __future__ import annotations

from collections.abc import Sequence

from activitymonth.i18n import Lang
from activitymonth.rules.finding import Finding
from activitymonth.rules.output import one_line, ordered


def render(findings: Sequence[Finding], *, lang: Lang = "zh", files: Sequence[str] = ()) -> str:
    """Open findings, one line each, in file order. No summary line, so ``files`` (taken
    like every format takes it) changes nothing."""
    lines = [one_line(f.render(lang)) for f in ordered(findings) if f.waiver is None]
    return "".join(line + "\n" for line in lines)
