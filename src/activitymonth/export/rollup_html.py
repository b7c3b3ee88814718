"""The roll-up as one self-contained HTML page: a bar chart, the units' table, a heat table.

The county office mails the page or opens it on an offline machine, so it is built like
the checklist page (``html_page``): inline style, no scripts, nothing fetched. The chart
is inline SVG drawn here: one bar per plan, lagging first, its length the share of
occurrences done, its colour on the same red–yellow–green scale as the heat table's cells
(items met per program, unit × program). Each unit's name sits above its bar, so a long
name never runs into it. Every value from a plan is escaped with ``html.escape``.
"""

from __future__ import annotations

from html import escape
from itertools import pairwise

from activitymonth.export.html_page import FONT_STACK, standalone_page
from activitymonth.i18n import Lang, Text
from activitymonth.render.rollup_labels import (
    ALL_UNITS,
    CHART_TITLE,
    FAILED_TITLE,
    HEADERS,
    LEGEND,
    MATRIX_TITLE,
    NOTHING,
    SKIPPED_TITLE,
    TITLE,
    TOTAL,
    UNIT,
    UNITS_TITLE,
    fraction,
    fraction_and_percent,
    pairs_cell,
    percent,
    program_items,
    shown_path,
    skipped_note,
    summary,
    totals,
)
from activitymonth.tracking.rollup import Rollup, Share, UnitRow

CHART_WIDTH = 760
BAR_WIDTH = 600
"""Length of a 100 % bar in the chart's units; the figures follow it to the right."""
_ROW_HEIGHT = 44
_TOP = 8
_AXIS = 28
_COLUMNS = (17, 19, 22, 11, 8, 14, 9)
"""Widths in percent of the units' table, in the order of ``HEADERS``."""
_STOPS = ((0.0, (230, 124, 115)), (0.5, (255, 214, 102)), (1.0, (87, 187, 138)))
"""Red at 0 %, yellow at half, green when everything is done."""

_STYLE = """
@page { size: A4; margin: 15mm 12mm; }
html {
  font-family: FONT_STACK;
  font-size: 10.5pt;
  line-height: 1.45;
  color: #000;
  background: #fff;
  -webkit-print-color-adjust: exact;
  print-color-adjust: exact;
}
body { max-width: 190mm; margin: 8mm auto; }
@media print { body { max-width: none; margin: 0; } }
h1 { font-size: 16pt; text-align: center; margin: 0 0 2mm; }
.meta { text-align: center; font-size: 9pt; color: #333; margin: 0 0 5mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; break-after: avoid; }
section { break-inside: auto; }
svg.chart { display: block; width: 100%; height: auto; }
svg.chart text { font-size: 13px; fill: #000; }
svg.chart .figure { fill: #333; }
svg.chart .tick { font-size: 11px; fill: #555; }
svg.chart .grid { stroke: #bbb; stroke-width: 1; stroke-dasharray: 3 3; }
svg.chart .track { fill: #eee; }
table { width: 100%; border-collapse: collapse; }
table.units { table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.6pt solid #000; padding: 1.2mm 1.6mm; vertical-align: top; text-align: left; }
th { background: #e6e6e6; font-weight: bold; }
td.n { text-align: right; white-space: nowrap; }
td.share { text-align: right; white-space: nowrap; }
.program { display: block; white-space: nowrap; }
.plan { display: block; font-size: 8.5pt; color: #444; overflow-wrap: anywhere; }
.none { color: #777; }
tr.total td { font-weight: bold; background: #f3f3f3; }
table.heat td.share { text-align: center; }
.legend { font-size: 9pt; margin: 2mm 0 0; }
.legend span { display: inline-block; padding: 0 2mm; margin-right: 1mm; }
ul.problems { font-size: 9pt; padding-left: 5mm; }
ul.problems code { font-family: inherit; overflow-wrap: anywhere; }
"""


def share_colour(share: float) -> str:
    """``#rrggbb`` on the red–yellow–green scale, for bars and heat cells alike."""
    share = min(max(share, 0.0), 1.0)
    for (low, a), (high, b) in pairwise(_STOPS):
        if share <= high:
            t = (share - low) / (high - low)
            return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b, strict=True))
    return "#" + "".join(f"{x:02x}" for x in _STOPS[-1][1])


def rollup_html(rollup: Rollup, ledger: str, lang: Lang = "zh") -> str:
    body = [
        f"<h1>{escape(TITLE(lang))}</h1>",
        f'<p class="meta">{escape(summary(rollup, ledger, lang))}</p>',
    ]
    if rollup.rows:
        body += [
            "<section>",
            f"<h2>{escape(CHART_TITLE(lang))}</h2>",
            bar_chart(rollup.rows, lang),
            "</section>",
            *_units(rollup, lang),
        ]
    if rollup.programs:
        body += _heat(rollup, lang)
    if rollup.failures:
        lines = [escape(d.render(lang)) for f in rollup.failures for d in f.diagnostics]
        body += _list(FAILED_TITLE(lang), lines)
    if rollup.skipped:
        notes = [escape(skipped_note(s, lang, rollup.folder)) for s in rollup.skipped]
        body += _list(SKIPPED_TITLE(lang), notes)
    return standalone_page(TITLE(lang), _STYLE.replace("FONT_STACK", FONT_STACK), body, lang)


def render_rollup_html(rollup: Rollup, ledger: str, lang: Lang = "zh") -> bytes:
    return rollup_html(rollup, ledger, lang).encode("utf-8")


def bar_chart(rows: tuple[UnitRow, ...], lang: Lang) -> str:
    """One bar per row: a grey track of ``BAR_WIDTH`` and over it a bar as long as the
    share of occurrences done; dashed lines at every quarter; the name above each bar."""
    height = _TOP + _ROW_HEIGHT * len(rows) + _AXIS
    label = Text("活动完成率", "share of occurrences done")(lang)
    parts = [
        f'<svg class="chart" viewBox="0 0 {CHART_WIDTH} {height}" width="{CHART_WIDTH}" '
        f'height="{height}" role="img" aria-label="{escape(label)}">'
    ]
    bottom = height - _AXIS + 4
    for quarter in range(5):
        x = BAR_WIDTH * quarter / 4
        parts.append(f'<line class="grid" x1="{x:g}" y1="{_TOP}" x2="{x:g}" y2="{bottom}"/>')
        anchor = "start" if quarter == 0 else "end" if quarter == 4 else "middle"
        parts.append(
            f'<text class="tick" x="{x:g}" y="{bottom + 16}" text-anchor="{anchor}">'
            f"{quarter * 25}%</text>"
        )
    for index, row in enumerate(rows):
        top = _TOP + index * _ROW_HEIGHT
        share = row.occurrences
        name = f"{row.unit} · {row.plan_id}"
        parts += [
            "<g>",
            f"<title>{escape(name)}: {escape(fraction_and_percent(share))}</title>",
            f'<text x="0" y="{top + 15}">{escape(name)}</text>',
            f'<rect class="track" x="0" y="{top + 21}" width="{BAR_WIDTH}" height="16"/>',
            f'<rect class="bar" x="0" y="{top + 21}" width="{BAR_WIDTH * share.share:.2f}" '
            f'height="16" fill="{share_colour(share.share)}"/>',
            f'<text class="figure" x="{BAR_WIDTH + 10}" y="{top + 34}">'
            f"{escape(fraction_and_percent(share))}</text>",
            "</g>",
        ]
    parts.append("</svg>")
    return "".join(parts)


def _share_cell(share: Share) -> str:
    return (
        f'<td class="share" style="background:{share_colour(share.share)}">'
        f"{escape(fraction(share))}<br>{escape(percent(share))}</td>"
    )


def _units(rollup: Rollup, lang: Lang) -> list[str]:
    head = "".join(f"<th>{escape(header(lang))}</th>" for header in HEADERS)
    columns = "".join(f'<col style="width:{width}%">' for width in _COLUMNS)
    rows = [
        "<section>",
        f"<h2>{escape(UNITS_TITLE(lang))}</h2>",
        '<table class="units">',
        f"<colgroup>{columns}</colgroup>",
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
    ]
    for row in rollup.rows:
        programs = "".join(
            f'<span class="program">{escape(text)}</span>' for text in program_items(row)
        )
        rows.append(
            "<tr>"
            f"<td>{escape(row.unit)}</td>"
            f"<td>{escape(row.plan_id)}"
            f'<span class="plan">{escape(shown_path(row.file, rollup.folder))}</span></td>'
            f"<td>{programs or _none()}</td>"
            f"{_share_cell(row.occurrences)}"
            f'<td class="n">{row.overdue}</td>'
            f'<td class="n">{escape(pairs_cell(row))}</td>'
            f'<td class="n">{row.visits}</td>'
            "</tr>"
        )
    sums = totals(rollup)
    pairs = f"{sums['late_pairs']}/{sums['never_visited']}" if sums["pairs"] else NOTHING
    items = rollup.items
    rows += [
        '<tr class="total">'
        f"<td>{escape(TOTAL(lang))}</td><td></td>"
        f"<td>{escape(fraction_and_percent(items)) if items.total else _none()}</td>"
        f"{_share_cell(rollup.occurrences)}"
        f'<td class="n">{sums["overdue"]}</td>'
        f'<td class="n">{escape(pairs)}</td>'
        f'<td class="n">{sums["visits"]}</td>'
        "</tr>",
        "</tbody>",
        "</table>",
        "</section>",
    ]
    return rows


def _heat(rollup: Rollup, lang: Lang) -> list[str]:
    head = f"<th>{escape(UNIT(lang))}</th>" + "".join(
        f"<th>{escape(program_id)}</th>" for program_id, _ in rollup.programs
    )
    rows = [
        "<section>",
        f"<h2>{escape(MATRIX_TITLE(lang))}</h2>",
        '<table class="heat">',
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
    ]
    for unit, cells in rollup.matrix().items():
        shares = "".join(
            _share_cell(cells[p]) if p in cells else f'<td class="share">{_none()}</td>'
            for p, _ in rollup.programs
        )
        rows.append(f"<tr><td>{escape(unit)}</td>{shares}</tr>")
    totals_by_program = rollup.program_totals()
    shares = "".join(_share_cell(totals_by_program[p]) for p, _ in rollup.programs)
    rows += [
        f'<tr class="total"><td>{escape(ALL_UNITS(lang))}</td>{shares}</tr>',
        "</tbody>",
        "</table>",
        _legend(lang),
        "</section>",
    ]
    return rows


def _legend(lang: Lang) -> str:
    steps = "".join(
        f'<span style="background:{share_colour(s)}">{s:.0%}</span>'
        for s in (0.0, 0.25, 0.5, 0.75, 1.0)
    )
    return f'<p class="legend">{escape(LEGEND(lang))}{steps}</p>'


def _list(title: str, lines: list[str]) -> list[str]:
    """A titled list of lines already escaped."""
    items = "".join(f"<li><code>{line}</code></li>" for line in lines)
    return [
        "<section>",
        f"<h2>{escape(title)}</h2>",
        f'<ul class="problems">{items}</ul>',
        "</section>",
    ]


def _none() -> str:
    return f'<span class="none">{NOTHING}</span>'
