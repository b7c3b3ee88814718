"""The summary report (工作总结): what the ledger says was done, as a document to file.

``build_report(progress)`` turns a :class:`~activitymonth.tracking.PlanProgress` into a
:class:`Report` (sections of paragraphs); a renderer lays it out as one file format, looked
up in ``RENDERERS`` ({format: renderer}, the format name also the file suffix)::

    with ledger.read() as conn:
        progress = track(resolve(loaded), loaded.catalog, conn, today)
    write_report(build_report(progress), "docx", Path("总结.docx"))
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from activitymonth.report.docx import render_docx
from activitymonth.report.markdown import render_markdown
from activitymonth.report.model import (
    Block,
    BlockKind,
    Piece,
    Report,
    Section,
    build_report,
    report_file_name,
    report_title,
)
from activitymonth.write import write_bytes_atomically

Renderer = Callable[[Report], bytes]

RENDERERS: dict[str, Renderer] = {"docx": render_docx, "md": render_markdown}


def write_report(report: Report, fmt: str, path: Path) -> Path:
    """Render ``report`` as ``fmt`` and write it atomically: an existing file is replaced
    only once the new one is complete."""
    write_bytes_atomically(path, RENDERERS[fmt](report))
    return path


__all__ = [
    "RENDERERS",
    "Block",
    "BlockKind",
    "Piece",
    "Renderer",
    "Report",
    "Section",
    "build_report",
    "report_file_name",
    "report_title",
    "write_report",
]
