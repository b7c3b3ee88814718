"""The completion checklist as an Excel sheet an inspector ticks on screen or on paper.

The words are the ones every checklist format prints (``checklist.labels``); this module
only lays them out: one section row per group, a 完成情况 drop-down on each item row
(□ and ✓ are glyphs every CJK font carries, unlike ☑), gaps and overdue rows filled in
colour, and sign-off rows under the table. Values go through the same safe cell writer as
the ledger, so nothing from the plan can turn into a formula.
"""

from __future__ import annotations

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_col_to_name

from activitymonth.export.checklist.labels import (
    LOCATION,
    NOTHING,
    RowText,
    checklist_texts,
    colon,
    has_requirements,
    headers,
    listing,
    meta_items,
    signoff_labels,
)
from activitymonth.export.checklist.model import Checklist, RowStatus
from activitymonth.export.xlsx.sheet import (
    CENTER,
    GRID,
    HEADER_FILL,
    HEADER_FONT,
    UNDERLINE,
    WRAP,
    Sheet,
    Style,
    print_setup,
    workbook_bytes,
)
from activitymonth.i18n import Lang, Text

BOX_OPEN = Text("□ 未完成", "□ not done")
BOX_DONE = Text("✓ 已完成", "✓ done")
REMARKS = Text("说明", "Remarks")

_FILLS: dict[RowStatus, Style] = {
    RowStatus.GAP: {"pattern": 1, "bg_color": "#FFC7CE"},
    RowStatus.OVERDUE: {"pattern": 1, "bg_color": "#FFEB9C"},
}
_GAP_FONT: Style = {"bold": True, "font_color": "#9C0006"}
_CANCELLED_FONT: Style = {"font_color": "#808080", "font_strikeout": True}

# Widest a column may grow before its text wraps, in the order of the printed columns.
_CAPS = {"number": 6, "requirement": 24, "item": 30, "when": 18, "who": 16, "needs": 24}
_STATE_CAP = 12
_REMARKS_CAP = 24

TITLE_ROW, META_ROW, HEADER_ROW = 1, 2, 3


def build_checklist_sheet(checklist: Checklist, workbook: Workbook, lang: Lang = "zh") -> None:
    """Write the checklist sheet into ``workbook``."""
    groups = checklist_texts(checklist, lang)
    requirements = has_requirements(groups)
    names = [*headers(lang, requirements), REMARKS(lang)]
    keys = [k for k in _CAPS if requirements or k != "requirement"]
    state_column = len(keys) + 1
    width = len(names)
    caps = {n: _CAPS[k] for n, k in enumerate(keys, start=1)}
    caps |= {state_column: _STATE_CAP, state_column + 1: _REMARKS_CAP}
    sheet = Sheet(workbook, Text("完成情况清单", "Checklist")(lang), caps)
    sheet.title(TITLE_ROW, width, checklist.title)
    meta = "　".join(f"{k}{colon(lang)}{v}" for k, v in meta_items(checklist, lang))
    sheet.merge(META_ROW, 1, width, meta, sheet.format(CENTER))
    sheet.height(META_ROW, 20)
    sheet.header(HEADER_ROW, names)
    row = HEADER_ROW + 1
    boxes: list[str] = []
    section = sheet.format(HEADER_FONT, HEADER_FILL, GRID, WRAP)
    for group in groups:
        sheet.merge(row, 1, width, group.title, section)
        row += 1
        for item in group.rows:
            _item_row(sheet, row, item, keys, lang)
            if item.status != RowStatus.GAP:
                boxes.append(f"{xl_col_to_name(state_column - 1)}{row}")
            row += 1
    last = row - 1
    if boxes:
        choices = [BOX_OPEN(lang), BOX_DONE(lang)]
        sheet.validate(
            boxes,
            {
                "validate": "list",
                "source": choices,
                "error_title": names[state_column - 1],
                "error_message": Text("请从下拉列表中选择", "choose from the list")(lang)
                + "："
                + " / ".join(choices),
            },
        )
    sheet.fit(range(HEADER_ROW, last + 1))
    _signoff(sheet, last + 2, checklist, lang)
    sheet.freeze_above(HEADER_ROW + 1)
    print_setup(sheet, landscape=False, title_row=HEADER_ROW, lang=lang)


def _item_row(sheet: Sheet, row: int, item: RowText, keys: list[str], lang: Lang) -> None:
    where = f"\n{LOCATION(lang)}{colon(lang)}{item.location}" if item.location else ""
    values = {
        "number": item.number,
        "requirement": item.requirement or NOTHING,
        "item": item.item + where,
        "when": item.when,
        "who": listing(item.responsible, lang),
        "needs": item.needs,
    }
    done = item.status == RowStatus.DONE
    box = "" if item.status == RowStatus.GAP else (BOX_DONE if done else BOX_OPEN)(lang)
    cells = [*(values[key] for key in keys), box or None, item.state or None]
    look: Style = {**GRID, **_FILLS.get(item.status, {})}
    if item.status == RowStatus.CANCELLED:
        look = {**look, **_CANCELLED_FONT}
    for column, value in enumerate(cells, start=1):
        align = CENTER if column in (1, len(keys) + 1) else WRAP
        last = item.status == RowStatus.GAP and column == len(cells)
        sheet.put(row, column, value, sheet.format(look, align, _GAP_FONT if last else {}))


def _signoff(sheet: Sheet, row: int, checklist: Checklist, lang: Lang) -> None:
    """One row per sign-off field: the label, then an underlined space to sign in."""
    label = sheet.format(HEADER_FONT)
    line = sheet.format(UNDERLINE)
    for offset, text in enumerate(signoff_labels(checklist, lang)):
        sheet.put(row + offset, 2, f"{text}{colon(lang)}", label, fit=False)
        for column in (3, 4):
            sheet.put(row + offset, column, None, line, fit=False)
        sheet.height(row + offset, 28)


def render_checklist_xlsx(checklist: Checklist, lang: Lang = "zh") -> bytes:
    """The checklist as .xlsx bytes (the ``xlsx`` entry of the checklist renderers)."""
    return workbook_bytes(
        checklist.title, lambda workbook: build_checklist_sheet(checklist, workbook, lang)
    )
