"""Findings as JSON for scripts: every finding (waived ones with their reason) and the counts.

Each finding is ``Finding.to_dict(lang)``, the same dictionary the Python API gives, so a
script reading the command's output and one calling the library see one shape.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from activitymonth.i18n import Lang
from activitymonth.rules.finding import Finding
from activitymonth.rules.output import Summary, ordered


def render(findings: Sequence[Finding], *, lang: Lang = "zh", files: Sequence[str] = ()) -> str:
    """``{"findings": [...], "summary": {...}}``; the summary counts open findings by
    severity (``error``, ``warning``, ``info``), ``waived`` and ``fixable`` ones, and ``files``."""
    document = {
        "findings": [finding.to_dict(lang) for finding in ordered(findings)],
        "summary": Summary.of(findings, files).to_dict(),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
