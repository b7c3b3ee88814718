"""The summary report as Markdown: the same sections and numbering as the Word document.

For a draft passed around by e-mail or chat, or kept beside the plan in git. Headings carry
the official numbers (一、, （一）, 1.) so the text reads the same as the printed report;
blanks the user must fill in are bold 【…】. Plan and ledger values are data, never markup.
"""

from __future__ import annotations

from activitymonth.export.checklist.markdown import escape
from activitymonth.export.docx.layout import chinese_numeral, office_date
from activitymonth.report.model import Block, BlockKind, Piece, Report


def render_markdown(report: Report) -> bytes:
    return report_markdown(report).encode("utf-8")


def report_markdown(report: Report) -> str:
    lines = [f"# {escape(report.title)}", ""]
    for number, section in enumerate(report.sections, start=1):
        lines += [f"## {chinese_numeral(number)}、{escape(section.title)}", ""]
        sub = item = 0
        for block in section.blocks:
            if block.kind == BlockKind.SUBHEADING:
                sub, item = sub + 1, 0
                head = f"（{chinese_numeral(sub)}）{escape(block.head)}"
                text = f"**{head}**{_text(block)}" if block.pieces else f"### {head}"
            elif block.kind == BlockKind.ITEM:
                item += 1
                text = f"{item}. {_text(block)}"
            else:
                text = _text(block)
            lines += [text, ""]
    unit = escape(report.unit) if report.unit else _piece(Piece("请填写单位名称", blank=True))
    lines += [unit, "", office_date(report.as_of)]
    return "\n".join(lines) + "\n"


def _text(block: Block) -> str:
    return "".join(_piece(piece) for piece in block.pieces)


def _piece(piece: Piece) -> str:
    return f"**【{escape(piece.text)}】**" if piece.blank else escape(piece.text)
