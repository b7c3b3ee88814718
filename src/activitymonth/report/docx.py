"""The summary report as a Word document on the same GB/T 9704 page as the plan.

The layout is :class:`~activitymonth.export.docx.layout.OfficialDocument`'s: 2号 小标宋
title broken after the unit's name, 一、 headings in 黑体, （一） in 楷体 (run-in where a
sentence follows), 1. items, the unit and the date signed off at the end. Blanks the user
must fill in are 【…】 on a yellow ground, as in the plan document.
"""

from __future__ import annotations

from activitymonth.export.docx.layout import OfficialDocument, Span, placeholder, title_lines
from activitymonth.report.model import Block, BlockKind, Piece, Report


def report_document(report: Report) -> OfficialDocument:
    doc = OfficialDocument(report.title, report.unit)
    doc.title(title_lines(report.title, report.unit))
    for section in report.sections:
        doc.heading(section.title)
        for block in section.blocks:
            _block(doc, block)
    doc.signoff(report.unit or placeholder("请填写单位名称"), report.as_of)
    return doc


def render_docx(report: Report) -> bytes:
    return report_document(report).to_bytes()


def _block(doc: OfficialDocument, block: Block) -> None:
    spans = [_span(piece) for piece in block.pieces]
    if block.kind == BlockKind.SUBHEADING:
        doc.subheading(block.head, spans)
    elif block.kind == BlockKind.ITEM:
        doc.item(spans)
    else:
        doc.paragraph(spans)


def _span(piece: Piece) -> Span:
    return placeholder(piece.text) if piece.blank else Span(piece.text)
