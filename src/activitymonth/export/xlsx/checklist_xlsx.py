"""The completion checklist as an Excel sheet an inspector ticks on screen or on paper.

The words are the ones every checklist format prints (``checklist.labels``); this module
only lays them out: one section row per group, a 完成情况 drop-down on each item row
(□ and ✓ are glyphs every CJK font carries, unlike ☑), gaps and overdue rows filled in
colour, and sign-off rows under the table. Values go through the same safe cell writer as
the ledger, so nothing from the plan can turn into a formula.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

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
from activitymonth.export.xlsx.cells import put
from activitymonth.export.xlsx.sheet import (
    CENTER,
    GRID,
    HEADER_FILL,
    HEADER_FONT,
    UNDERLINE,
    WRAP,
    fit_columns,
    fit_rows,
    merged_title,
    print_setup,
    style_header,
)
from activitymonth.i18n import Lang, Text

BOX_OPEN = Text("□ 未完成", "□ not done")
BOX_DONE = Text("✓ 已完成", "✓ done")
REMARKS = Text("说明", "Remarks")

_FILLS = {
    RowStatus.GAP: PatternFill("solid", fgColor="FFC7CE"),
    RowStatus.OVERDUE: PatternFill("solid", fgColor="FFEB9C"),
}
_GAP_FONT = Font(bold=True, color="9C0006")
_CANCELLED_FONT = Font(color="808080", strike=True)

# Widest a column may grow before its text wraps, in the order of the printed columns.
_CAPS = {"number": 6, "requirement": 24, "item": 30, "when": 18, "who": 16, "needs": 24}
_STATE_CAP = 12
_REMARKS_CAP = 24

TITLE_ROW, META_ROW, HEADER_ROW = 1, 2, 3


def checklist_workbook(checklist: Checklist, lang: Lang = "zh") -> Workbook:
    groups = checklist_texts(checklist, lang)
    requirements = has_requirements(groups)
    names = [*headers(lang, requirements), REMARKS(lang)]
    keys = [k for k in _CAPS if requirements or k != "requirement"]
    state_column = len(keys) + 1
    width = len(names)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = Text("完成情况清单", "Checklist")(lang)
    workbook.properties.title = checklist.title
    workbook.properties.creator = "activitymonth"
    put(sheet, TITLE_ROW, 1, checklist.title)
    merged_title(sheet, TITLE_ROW, width)
    put(
        sheet,
        META_ROW,
        1,
        "　".join(f"{k}{colon(lang)}{v}" for k, v in meta_items(checklist, lang)),
    )
    sheet.merge_cells(start_row=META_ROW, start_column=1, end_row=META_ROW, end_column=width)
    sheet.cell(row=META_ROW, column=1).alignment = CENTER
    sheet.row_dimensions[META_ROW].height = 20
    for column, name in enumerate(names, start=1):
        put(sheet, HEADER_ROW, column, name)
    style_header(sheet, HEADER_ROW, range(1, width + 1))
    row = HEADER_ROW + 1
    boxes: list[str] = []
    for group in groups:
        put(sheet, row, 1, group.title)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        _style_section(sheet, row, width)
        row += 1
        for item in group.rows:
            _item_row(sheet, row, item, keys, lang)
            if item.status != RowStatus.GAP:
                boxes.append(f"{get_column_letter(state_column)}{row}")
            row += 1
    last = row - 1
    if boxes:
        choices = [BOX_OPEN(lang), BOX_DONE(lang)]
        sheet.add_data_validation(
            DataValidation(
                type="list",
                formula1='"' + ",".join(choices) + '"',
                sqref=" ".join(boxes),
                showErrorMessage=True,
                errorTitle=names[state_column - 1],
                error=Text("请从下拉列表中选择", "choose from the list")(lang)
                + "："
                + " / ".join(choices),
            )
        )
    caps = {n: _CAPS[k] for n, k in enumerate(keys, start=1)}
    caps |= {state_column: _STATE_CAP, state_column + 1: _REMARKS_CAP}
    table = range(HEADER_ROW, last + 1)
    widths = fit_columns(sheet, caps, table)
    fit_rows(sheet, widths, table)
    _signoff(sheet, last + 2, checklist, lang)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    print_setup(sheet, landscape=False, title_rows=f"{HEADER_ROW}:{HEADER_ROW}", lang=lang)
    return workbook


def _item_row(sheet: Worksheet, row: int, item: RowText, keys: list[str], lang: Lang) -> None:
    where = f"\n{LOCATION(lang)}{colon(lang)}{item.location}" if item.location else ""
    values = {
        "number": item.number,
        "requirement": item.requirement or NOTHING,
        "item": item.item + where,
        "when": item.when,
        "who": listing(item.responsible, lang),
        "needs": item.needs,
    }
    cells = [put(sheet, row, n, values[key]) for n, key in enumerate(keys, start=1)]
    done = item.status == RowStatus.DONE
    box = "" if item.status == RowStatus.GAP else (BOX_DONE if done else BOX_OPEN)(lang)
    cells.append(put(sheet, row, len(keys) + 1, box or None))
    cells.append(put(sheet, row, len(keys) + 2, item.state or None))
    for cell in cells:
        cell.border = GRID
        cell.alignment = CENTER if cell.column in (1, len(keys) + 1) else WRAP
        if item.status in _FILLS:
            cell.fill = _FILLS[item.status]
        if item.status == RowStatus.CANCELLED:
            cell.font = _CANCELLED_FONT
    if item.status == RowStatus.GAP:
        cells[-1].font = _GAP_FONT


def _style_section(sheet: Worksheet, row: int, width: int) -> None:
    for column in range(1, width + 1):
        cell = sheet.cell(row=row, column=column)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = GRID
        cell.alignment = WRAP


def _signoff(sheet: Worksheet, row: int, checklist: Checklist, lang: Lang) -> None:
    """One row per sign-off field: the label, then an underlined space to sign in."""
    for offset, label in enumerate(signoff_labels(checklist, lang)):
        put(sheet, row + offset, 2, f"{label}{colon(lang)}").font = HEADER_FONT
        for column in (3, 4):
            sheet.cell(row=row + offset, column=column).border = UNDERLINE
        sheet.row_dimensions[row + offset].height = 28


def render_checklist_xlsx(checklist: Checklist, lang: Lang = "zh") -> bytes:
    """The checklist as .xlsx bytes (the ``xlsx`` entry of the checklist renderers)."""
    buffer = io.BytesIO()
    checklist_workbook(checklist, lang).save(buffer)
    return buffer.getvalue()
