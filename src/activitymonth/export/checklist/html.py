"""The checklist as one self-contained HTML page that prints on A4 (and becomes the PDF).

One file, nothing fetched: the style is inline, there are no scripts, images or web fonts,
and a Content-Security-Policy forbids loading anything should a value ever slip through.
Offices open it on machines without internet and print it, so the print stylesheet does
the work: A4 pages with page numbers, table headers repeated on every page, rows never
split across pages, boxes drawn with CSS borders (a glyph box depends on the font and can
print as a hollow "tofu"). Every plan value is escaped: a title is text, never markup.

The markup is lean because WeasyPrint lays a county's checklist out box by box (2,775 rows,
200 pages). A cell's lines are plain text separated by newlines that ``white-space:
pre-line`` keeps, so a date or a piece of evidence gets a line of its own without a box of
its own; small print is an inline span; a title in brackets stays whole with ``nowrap``. No
inline-block holds text: WeasyPrint works out each one's shrink-to-fit width by laying its
text out at every break opportunity, which took nearly half of the layout.
"""

from __future__ import annotations

import re
from html import escape

from activitymonth.export.checklist.labels import (
    LOCATION,
    NOTHING,
    GroupText,
    RowText,
    checklist_texts,
    colon,
    has_requirements,
    headers,
    meta_items,
    signoff_labels,
)
from activitymonth.export.checklist.model import Checklist, RowStatus
from activitymonth.export.html_page import FONT_STACK, standalone_page
from activitymonth.i18n import Lang

_PAGE_NUMBERS = {
    "zh": '"第 " counter(page) " 页 / 共 " counter(pages) " 页"',
    "en": '"Page " counter(page) " of " counter(pages)',
}

# Column widths in percent of the table, in the order of ``labels.HEADERS``: 序号 takes
# four digits (row 1000 on) and 时间 a date like 11月30日— on one line.
_COLUMNS = (
    ("num", 6),
    ("req", 15),
    ("item", 19),
    ("when", 13),
    ("who", 17),
    ("needs", 14),
    ("state", 16),
)
# 9月2日、9月9日 / 9月10日—12日 / 9月2日—9月30日（5次）: a line ends after 、 and — and
# before the count, never inside a date.
_DATE_BREAKS = re.compile(r"(?<=[、—])|(?=（)")
_LIST_BREAKS = re.compile(r"(?<=[、,])")
# The 责任人 column is 17% of the 180 mm table less 2.8 mm of padding, 8.7 em of the 9 pt
# title: a title of 8 characters (brackets included) fits on a line of its own.
_WHOLE_ROLE = 8

_STYLE = """
@page {
  size: A4;
  margin: 20mm 15mm 18mm 15mm;
  @top-center { content: string(doc-title); font-size: 8.5pt; color: #555; }
  @bottom-center { content: PAGE_NUMBERS; font-size: 9pt; }
}
@page :first { @top-center { content: none; } }
html {
  font-family: FONT_STACK;
  font-size: 10.5pt;
  line-height: 1.45;
  color: #000;
  background: #fff;
  -webkit-print-color-adjust: exact;
}
body { max-width: 180mm; margin: 8mm auto; }
@media print { body { max-width: none; margin: 0; } }
h1 { font-size: 16pt; text-align: center; margin: 0 0 2mm; string-set: doc-title content(text); }
.meta { text-align: center; font-size: 9pt; margin: 0 0 4mm; }
.meta span { white-space: nowrap; }
h2 { font-size: 12pt; margin: 5mm 0 1.5mm; break-after: avoid; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td {
  border: 0.6pt solid #000;
  padding: 1.2mm 1.4mm;
  vertical-align: top;
  text-align: left;
  overflow-wrap: anywhere;
}
td { white-space: pre-line; }
th { background: #e6e6e6; text-align: center; font-weight: bold; white-space: nowrap; }
td.num { text-align: center; padding-left: 0.5mm; padding-right: 0.5mm; }
.where, .program { font-size: 8.5pt; color: #444; }
.role { font-size: 9pt; }
.whole { white-space: nowrap; }
.box {
  display: inline-block;
  position: relative;
  box-sizing: border-box;
  width: 3.6mm;
  height: 3.6mm;
  margin-right: 1.2mm;
  border: 0.9pt solid #000;
  vertical-align: -0.5mm;
  background: #fff;
}
.box.done::after {
  content: "";
  position: absolute;
  left: 1mm;
  top: 0.1mm;
  width: 1mm;
  height: 2.1mm;
  border: solid #000;
  border-width: 0 1pt 1pt 0;
  transform: rotate(45deg);
}
.box.cancelled::after {
  content: "";
  position: absolute;
  left: 0.4mm;
  right: 0.4mm;
  top: 1.3mm;
  border-top: 0.9pt solid #000;
}
.flag { font-weight: bold; white-space: nowrap; padding: 0 0.8mm; }
.flag.gap { color: #fff; background: #b3261e; }
.flag.overdue { color: #b3261e; border: 0.6pt solid #b3261e; }
tr.gap td { background: #fbe3e0; }
tr.cancelled td.req, tr.cancelled td.item { text-decoration: line-through; color: #555; }
.signoff { margin: 10mm 0 0; break-inside: avoid; break-before: avoid; }
.signoff .field { display: inline-block; margin-right: 8mm; white-space: nowrap; }
.signoff .blank {
  display: inline-block;
  width: 28mm;
  height: 1.2em;
  margin-left: 1mm;
  border-bottom: 0.6pt solid #000;
  vertical-align: bottom;
}
"""


def render_html(checklist: Checklist, lang: Lang = "zh") -> bytes:
    return checklist_html(checklist, lang).encode("utf-8")


def checklist_html(checklist: Checklist, lang: Lang = "zh") -> str:
    style = _STYLE.replace("PAGE_NUMBERS", _PAGE_NUMBERS[lang]).replace("FONT_STACK", FONT_STACK)
    meta = " · ".join(
        f"<span>{escape(key)}{colon(lang)}{escape(text)}</span>"
        for key, text in meta_items(checklist, lang)
    )
    parts = [
        f"<h1>{escape(checklist.title)}</h1>",
        f'<p class="meta">{meta}</p>',
    ]
    groups = checklist_texts(checklist, lang)
    requirements = has_requirements(groups)
    for group in groups:
        parts += _group(group, lang, requirements)
    fields = "".join(
        f'<span class="field">{escape(label)}<span class="blank"></span></span>'
        for label in signoff_labels(checklist, lang)
    )
    parts.append(f'<p class="signoff">{fields}</p>')
    return standalone_page(checklist.title, style, parts, lang)


def _group(group: GroupText, lang: Lang, requirements: bool) -> list[str]:
    widths = dict(_COLUMNS)
    if not requirements:
        widths["item"] += widths.pop("req")
    columns = "".join(
        f'<col class="{name}" style="width:{width}%">' for name, width in widths.items()
    )
    head = "".join(f"<th>{escape(header)}</th>" for header in headers(lang, requirements))
    return [
        "<section>",
        f"<h2>{escape(group.title)}</h2>",
        "<table>",
        f"<colgroup>{columns}</colgroup>",
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
        *(_row(row, lang, requirements) for row in group.rows),
        "</tbody>",
        "</table>",
        "</section>",
    ]


def _row(row: RowText, lang: Lang, requirements: bool) -> str:
    item = escape(row.item)
    if row.location:
        where = f"{escape(LOCATION(lang))}{colon(lang)}{escape(row.location)}"
        item += f'\n<span class="where">{where}</span>'
    cells = (
        ("num", str(row.number)),
        ("req", _requirement(row.requirement)),
        ("item", item),
        ("when", _lines(_DATE_BREAKS.split(row.when))),
        ("who", "\n".join(_person(p) for p in row.responsible)),
        ("needs", _lines(_LIST_BREAKS.split(row.needs))),
        ("state", _state(row)),
    )
    body = "".join(
        f'<td class="{name}">{html}</td>' for name, html in cells if requirements or name != "req"
    )
    return f'<tr class="{row.status.value}">{body}</tr>'


def _lines(parts: list[str]) -> str:
    """A line per piece (a date, a piece of evidence): lines never break inside a date,
    as 5月13 | 日 is unreadable, and only a piece wider than the column wraps."""
    return "\n".join(escape(part) for part in parts if part)


def _person(person: str) -> str:
    """``李某（德育主任）``: the title in brackets smaller. A title of up to
    ``_WHOLE_ROLE`` characters is kept whole, beside the name or below it; a longer one,
    which may not fit on one line of the column, starts its own line."""
    name, bracket, role = person.partition("（")
    if not bracket:
        return escape(person)
    role = f"（{role}"
    if len(role) <= _WHOLE_ROLE:
        return f'{escape(name)}<span class="role whole">{escape(role)}</span>'
    return f'{escape(name)}\n<span class="role">{escape(role)}</span>'


def _requirement(requirement: str | None) -> str:
    """``六个一@学校/书画展`` as the item in full size on the line under its program in
    small print, so that narrow columns do not break inside a word."""
    if requirement is None:
        return NOTHING
    program, slash, item = requirement.partition("/")
    if not slash:
        return escape(requirement)
    return f'<span class="program">{escape(program)}/</span>\n{escape(item)}'


def _state(row: RowText) -> str:
    """The box to tick, ticked or struck through by CSS, and the words beside it."""
    box = {RowStatus.DONE: "box done", RowStatus.CANCELLED: "box cancelled"}.get(row.status, "box")
    html = f'<span class="{box}"></span>'
    if row.status in (RowStatus.GAP, RowStatus.OVERDUE):
        html += f'<span class="flag {row.status.value}">{escape(row.state)}</span>'
    elif row.state:
        html += escape(row.state)
    return html
