"""The checklist as a Word document: a table per group, with boxes to tick in Word or WPS.

Units keep the checklist as a file they fill in before printing, so each row's box is a
real check-box content control (``w14:checkbox``): one click ticks it. The glyphs are □
(U+25A1) and ■ (U+25A0), which every Chinese font has; Word's usual ☐ ☒ are missing
from the free CJK fonts and would print as empty boxes with a tick nobody can see. Gaps
and overdue rows are shaded, and the page is the same GB/T 9704 page as the plan's.
"""

from __future__ import annotations

import re
from copy import deepcopy

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from activitymonth.export.checklist.labels import (
    LOCATION,
    NOTHING,
    RowText,
    checklist_texts,
    colon,
    has_requirements,
    headers,
    meta_items,
    signoff_line,
)
from activitymonth.export.checklist.model import Checklist, RowStatus
from activitymonth.export.docx.layout import (
    SIZE_TABLE,
    SONGTI,
    OfficialDocument,
    Span,
    title_lines,
)
from activitymonth.i18n import Lang

UNCHECKED = "\u25a1"  # □
CHECKED = "\u25a0"  # ■
FLAGGED = (RowStatus.GAP, RowStatus.OVERDUE)

# Column widths in mm, in the order of ``labels.HEADERS``; the requirement column is
# dropped when no row answers a program requirement.
_WIDTHS = {"with": (11, 25, 28, 24, 24, 22, 22), "without": (11, 39, 26, 28, 28, 24)}
# 9月2日、9月9日 / 9月10日—12日 / 9月2日—9月30日（5次）: a narrow cell breaks lines after
# 、 and — and before the count, never inside a date (5月13 | 日 is unreadable).
_DATE_BREAKS = re.compile(r"(?<=[、—])(?!$)|(?=（)")


def checklist_document(checklist: Checklist, lang: Lang = "zh") -> OfficialDocument:
    """The checklist laid out on the official page: title, what it covers, one table per
    group, and the sign-off line."""
    plan = checklist.plan
    doc = OfficialDocument(checklist.title, plan.unit)
    doc.title(title_lines(checklist.title, plan.unit))
    for label, value in meta_items(checklist, lang):
        doc.paragraph(f"{label}{colon(lang)}{value}", indent=False)
    groups = checklist_texts(checklist, lang)
    requirements = has_requirements(groups)
    widths = _WIDTHS["with" if requirements else "without"]
    for group in groups:
        doc.blank()
        doc.heading(group.title)
        rows = [_cells(row, lang, requirements) for row in group.rows]
        flagged = [i for i, row in enumerate(group.rows) if row.status in FLAGGED]
        table = doc.table(
            headers(lang, requirements), rows, widths, highlight_rows=flagged, centred_columns=()
        )
        # ``table.rows[i]`` builds the list of every row each time: walk them once.
        for table_row, row in zip(table.rows[1:], group.rows, strict=True):
            _add_checkbox(doc, table_row.cells[-1].paragraphs[0], row)
    doc.blank()
    doc.paragraph(signoff_line(checklist, lang), indent=False)
    return doc


def render_docx(checklist: Checklist, lang: Lang = "zh") -> bytes:
    """The checklist as .docx bytes (the ``docx`` entry of the checklist formats)."""
    return checklist_document(checklist, lang).to_bytes()


def _cells(row: RowText, lang: Lang, requirements: bool) -> list[str | list[Span]]:
    item = row.item
    if row.location:
        item += f"\n{LOCATION(lang)}{colon(lang)}{row.location}"
    cells: list[str | list[Span]] = [str(row.number)]
    if requirements:
        cells.append(_requirement(row.requirement))
    when = "\n".join(part for part in _DATE_BREAKS.split(row.when) if part)
    people = "\n".join(person.replace("（", "\n（", 1) for person in row.responsible)
    cells += [item, when, people, row.needs, _state(row)]
    return cells


def _requirement(requirement: str | None) -> str:
    """``六个一@学校/`` and the item on two lines, so narrow columns break between them."""
    if requirement is None:
        return NOTHING
    program, slash, item = requirement.partition("/")
    return f"{program}/\n{item}" if slash else requirement


def _state(row: RowText) -> list[Span]:
    """The words beside the box; 缺口 and 逾期 highlighted and bold."""
    if not row.state:
        return []
    flagged = row.status in FLAGGED
    return [Span(f" {row.state}", highlight=flagged, bold=flagged)]


def _add_checkbox(doc: OfficialDocument, paragraph: Paragraph, row: RowText) -> None:
    """A check-box content control at the start of ``paragraph``, ticked for done rows."""
    checked = row.status == RowStatus.DONE
    run = doc.write_span(paragraph, Span(CHECKED if checked else UNCHECKED, SONGTI), SIZE_TABLE)
    glyph_properties = run._r.rPr
    sdt = OxmlElement("w:sdt")
    properties = OxmlElement("w:sdtPr")
    properties.append(deepcopy(glyph_properties))
    identifier = OxmlElement("w:id")
    identifier.set(qn("w:val"), str(row.number))
    properties.append(identifier)
    checkbox = OxmlElement("w14:checkbox")
    state = OxmlElement("w14:checked")
    state.set(qn("w14:val"), "1" if checked else "0")
    checkbox.append(state)
    for tag, glyph in (("w14:checkedState", CHECKED), ("w14:uncheckedState", UNCHECKED)):
        element = OxmlElement(tag)
        element.set(qn("w14:val"), f"{ord(glyph):04X}")
        element.set(qn("w14:font"), SONGTI.name)
        checkbox.append(element)
    properties.append(checkbox)
    sdt.append(properties)
    content = OxmlElement("w:sdtContent")
    sdt.append(content)
    run._r.addprevious(sdt)
    content.append(run._r)
    first = 1 if paragraph._p.pPr is not None else 0
    paragraph._p.insert(first, sdt)
