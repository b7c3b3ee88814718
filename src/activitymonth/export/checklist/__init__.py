"""Completion checklists: every required item, what covers it, and a box to tick.

``build_checklist`` makes the data; a renderer lays it out as one file format. Formats are
looked up in ``RENDERERS`` ({format: renderer}), so a new format is one entry there and
``activitymonth export checklist --format`` offers it at once. The terminal view is not a
file and lives apart (``checklist_view``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from activitymonth.export.checklist.errors import RendererUnavailableError
from activitymonth.export.checklist.html import render_html
from activitymonth.export.checklist.markdown import render_markdown
from activitymonth.export.checklist.model import (
    Checklist,
    ChecklistGroup,
    ChecklistRow,
    Completion,
    Grouping,
    RowStatus,
    build_checklist,
)
from activitymonth.export.checklist.pdf import render_pdf
from activitymonth.export.checklist.terminal import checklist_view
from activitymonth.export.docx.checklist_docx import render_docx
from activitymonth.export.names import safe_file_stem
from activitymonth.export.xlsx.checklist_xlsx import render_checklist_xlsx
from activitymonth.i18n import Lang
from activitymonth.write import write_bytes_atomically

Renderer = Callable[[Checklist, Lang], bytes]

# The format name is also the file suffix.
RENDERERS: dict[str, Renderer] = {
    "md": render_markdown,
    "html": render_html,
    "pdf": render_pdf,
    "xlsx": render_checklist_xlsx,
    "docx": render_docx,
}


def checklist_file_name(checklist: Checklist, fmt: str) -> str:
    """``xfj-2026-09-checklist.html``; other groupings get their own name
    (``…-checklist-person.html``) so that exporting one does not overwrite another."""
    plan = checklist.plan
    stem = safe_file_stem(plan.id or plan.title)
    suffix = "" if checklist.grouping == Grouping.PROGRAM else f"-{checklist.grouping.value}"
    return f"{stem}-checklist{suffix}.{fmt}"


def write_checklist(checklist: Checklist, fmt: str, path: Path, lang: Lang = "zh") -> Path:
    """Render ``checklist`` as ``fmt`` and write it atomically to ``path``.

    Raises ``RendererUnavailableError`` when the format needs software or fonts this
    machine lacks (nothing is written then)."""
    write_bytes_atomically(path, RENDERERS[fmt](checklist, lang))
    return path


__all__ = [
    "RENDERERS",
    "Checklist",
    "ChecklistGroup",
    "ChecklistRow",
    "Completion",
    "Grouping",
    "Renderer",
    "RendererUnavailableError",
    "RowStatus",
    "build_checklist",
    "checklist_file_name",
    "checklist_view",
    "write_checklist",
]
