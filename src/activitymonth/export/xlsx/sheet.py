"""Writing a sheet, and the layout that neither Excel nor the writer does: widths, row
heights, printing.

Excel sizes nothing by itself when a file is opened: a column stays 8.43 wide and a
wrapped cell grows only when someone edits it, so a printed 台账 comes out with cut-off
titles. Widths are computed from the content (capped, beyond the cap the column wraps) and
each row is made tall enough for its most-wrapped cell. Print setup is the one offices
use: A4, one page wide, the column headers repeated on every page, page numbers below.

The workbooks are written with XlsxWriter, which streams values straight into the sheet's
XML: a county plan's ledger has 280,000 cells, and openpyxl, which builds and styles a
``Cell`` object per value and serialises each through lxml, took 6 s for it against a
goal of 2 s. Everything is measured while it is written (:class:`Sheet`), so no pass over the
cells is needed afterwards. Rows and columns are numbered from 1 here, as in Excel and in
``LEDGER_LAYOUT``; XlsxWriter's own numbers start at 0.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_cell_to_rowcol
from xlsxwriter.worksheet import Worksheet

from activitymonth.collector import collector_paused
from activitymonth.export.xlsx.cells import (
    OFFICE_DATE_FORMAT,
    CellValue,
    display_width,
    safe_text,
    shown_text,
    wrapped_line_count,
)
from activitymonth.i18n import Lang, Text

PADDING = 2
"""Column units added to the widest text, so that text never touches the grid line."""

LINE_HEIGHT = 16.0
"""Points per line of 11 pt text in a CJK font (taller than Excel's 15 pt Latin default)."""

ROW_PADDING = 4.0

Style = Mapping[str, Any]
"""Cell format properties as XlsxWriter names them (``{"bold": True, "border": 1}``)."""

GRID: Style = {"border": 1}
UNDERLINE: Style = {"bottom": 1}
HEADER_FONT: Style = {"bold": True}
HEADER_FILL: Style = {"pattern": 1, "bg_color": "#D9E1F2"}
WRAP: Style = {"text_wrap": True, "valign": "vcenter"}
CENTER: Style = {**WRAP, "align": "center"}
HEADER: Style = {**HEADER_FONT, **HEADER_FILL, **CENTER, **GRID}

_QUOTED: Style = {"quote_prefix": True}
_DATED: Style = {"num_format": OFFICE_DATE_FORMAT}

MESSAGE_LIMIT = 255
"""Longest prompt or error text of a data validation Excel accepts (UTF-16 units)."""

_OPTIONS = {
    "in_memory": True,
    # Text is text: only put_formula writes a formula, and nothing becomes a link or a number.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def workbook_bytes(title: str, build: Callable[[Workbook], None]) -> bytes:
    """The .xlsx file that ``build`` writes into a new workbook titled ``title``.

    The collector is paused meanwhile: the workbook holds every cell until it is written,
    and full collections rescanning them took about a tenth of a county ledger's time.
    """
    buffer = io.BytesIO()
    with collector_paused(), Workbook(buffer, _OPTIONS) as workbook:
        workbook.set_properties({"title": title, "author": "activitymonth"})
        build(workbook)
    return buffer.getvalue()


class Sheet:
    """A worksheet that measures what it is given, so that :meth:`fit` can size it.

    ``caps`` gives, for each column to fit, the widest it may grow (in column units) before
    its text wraps. Every value :meth:`put` writes with ``fit`` (the default) counts for the
    width of its column and the height of its row. The lines a text needs are counted at
    its column's cap straight away: a text wider than the cap makes the column exactly the
    cap wide, and a narrower text has as many lines in any column at least as wide as
    itself, so the final width is never needed to count them.
    """

    def __init__(self, workbook: Workbook, name: str, caps: Mapping[int, int]) -> None:
        self.worksheet: Worksheet = workbook.add_worksheet(name)
        self._workbook = workbook
        self._caps = dict(caps)
        self._widest = dict.fromkeys(self._caps, 0)
        self._lines: dict[int, int] = {}
        self._hidden: set[int] = set()
        self._formats: dict[frozenset[tuple[str, Any]], Format] = {}
        self._styles: dict[Format, Style] = {}
        self._variants: dict[tuple[Format | None, str], Format] = {}

    def format(self, *styles: Style) -> Format:
        """The workbook's format for ``styles`` merged left to right, made once."""
        merged: dict[str, Any] = {}
        for style in styles:
            merged.update(style)
        key = frozenset(merged.items())
        found = self._formats.get(key)
        if found is None:
            found = self._formats[key] = self._workbook.add_format(merged)
            self._styles[found] = merged
        return found

    def _variant(self, base: Format | None, name: str, extra: Style) -> Format:
        """``base`` with ``extra`` on top (the quote prefix, the date format)."""
        found = self._variants.get((base, name))
        if found is None:
            style = self._styles[base] if base is not None else {}
            found = self._variants[(base, name)] = self.format(style, extra)
        return found

    def put(
        self,
        row: int,
        column: int,
        value: CellValue,
        fmt: Format | None = None,
        *,
        fit: bool = True,
    ) -> None:
        """Write one value; see :meth:`put_row`."""
        self.put_row(row, ((value, fmt),), first=column, fit=fit)

    def put_row(
        self,
        row: int,
        cells: Iterable[tuple[CellValue, Format | None]],
        *,
        first: int = 1,
        fit: bool = True,
    ) -> None:
        """Write values, each with its format, into ``row`` from column ``first`` on, so
        that none can ever become a formula.

        Text that looks like a formula is stored as a string and marked with the quote
        prefix, so Excel keeps it text even when a user edits the cell and presses Enter.
        Dates are real dates in :data:`~activitymonth.export.xlsx.cells.OFFICE_DATE_FORMAT`.
        An empty value with a format leaves a formatted empty cell (a ruled box to fill in).
        With ``fit``, each value counts for its column's width and the row's height.

        A whole row per call because this is the exporters' inner loop: the ledger of a
        county plan passes 280,000 values through it.
        """
        sheet = self.worksheet
        caps, widest = self._caps, self._widest
        lines = self._lines.get(row, 1)
        r = row - 1
        for column, (value, fmt) in enumerate(cells, start=first):
            if value is None:
                if fmt is not None:
                    sheet.write_blank(r, column - 1, None, fmt)
                continue
            if isinstance(value, str):
                text, quoted = safe_text(value)
                if quoted:
                    fmt = self._variant(fmt, "quoted", _QUOTED)
                sheet.write_string(r, column - 1, text, fmt)
            elif isinstance(value, date):
                sheet.write_datetime(r, column - 1, value, self._variant(fmt, "dated", _DATED))
                text = shown_text(value)
            else:
                sheet.write_number(r, column - 1, value, fmt)
                text = str(value)
            cap = caps.get(column) if fit else None
            if cap is not None:
                width = display_width(text)
                if width > widest[column]:
                    widest[column] = width
                if width > cap or "\n" in text:
                    lines = max(lines, wrapped_line_count(text, cap))
        if lines > 1:
            self._lines[row] = lines

    def put_formula(
        self, row: int, column: int, formula: str, fmt: Format | None, result: float
    ) -> None:
        """Write a formula the exporter built itself (never user text), with the ``result``
        it has as written: readers that do not calculate (LibreOffice keeps the stored
        results of .xlsx files by default, importers read them) show that one."""
        if not formula.startswith("="):
            raise ValueError(f"not a formula: {formula!r}")
        self.worksheet.write_formula(row - 1, column - 1, formula, fmt, result)

    def merge(self, row: int, first: int, last: int, value: CellValue, fmt: Format) -> None:
        """Merge ``first``..``last`` of ``row`` into one cell holding ``value``. Merged
        cells span columns, so they count for no column's width nor for the row's height."""
        if last > first:
            self.worksheet.merge_range(row - 1, first - 1, row - 1, last - 1, None, fmt)
        self.put(row, first, value, fmt, fit=False)

    def header(self, row: int, names: Sequence[str]) -> None:
        """The column headers, in bold on a tinted ground, from column 1."""
        fmt = self.format(HEADER)
        for column, name in enumerate(names, start=1):
            self.put(row, column, name, fmt)

    def title(self, row: int, last_column: int, text: str, size: int = 16) -> None:
        """A title merged across the table, its row tall enough for the large font."""
        self.merge(row, 1, last_column, text, self.format(HEADER_FONT, CENTER, {"font_size": size}))
        self.height(row, size * 1.6 + ROW_PADDING)

    def height(self, row: int, points: float) -> None:
        self.worksheet.set_row(row - 1, points)

    def hide_column(self, column: int) -> None:
        """Hide ``column`` (applied by :meth:`fit`, which sets the column's width)."""
        self._hidden.add(column)

    def freeze_above(self, row: int) -> None:
        """Keep the rows above ``row`` in view while scrolling."""
        self.worksheet.freeze_panes(row - 1, 0)

    def validate(self, cells: Sequence[str], options: Mapping[str, Any]) -> None:
        """A data validation (XlsxWriter's options) over ``cells`` (``"F4:F90"``, ``"L2"``).

        Prompts and error texts longer than Excel accepts are cut to fit, with an ellipsis,
        rather than losing the validation.
        """
        settings = dict(options)
        # A prompt only where there is one; an error only where a value can be wrong.
        settings.setdefault("show_input", "input_message" in settings)
        settings.setdefault("show_error", settings.get("validate") != "any")
        for key in ("input_message", "error_message"):
            if key in settings:
                settings[key] = _within(settings[key], MESSAGE_LIMIT)
        row, column = xl_cell_to_rowcol(cells[0].split(":")[0])
        settings["multi_range"] = " ".join(cells)
        if self.worksheet.data_validation(row, column, row, column, settings) != 0:
            raise ValueError(f"data validation not accepted: {settings!r}")

    def fit(self, rows: range) -> dict[int, int]:
        """Set each capped column as wide as its widest text plus padding, but no wider
        than its cap (longer text wraps), and every row in ``rows`` tall enough for its
        most-wrapped cell; returns the widths set.

        The width goes into the file exactly as computed, as the ``<col width>`` that Excel
        reads (its own dialog shows it less the cell's few pixels of padding): XlsxWriter
        takes a width in pixels, ``max_digit_width`` of them per unit, to store it as is.
        """
        widths = {
            column: min(self._widest[column], cap) + PADDING for column, cap in self._caps.items()
        }
        digit = self.worksheet.max_digit_width
        for column, width in widths.items():
            options = {"hidden": column in self._hidden}
            self.worksheet.set_column_pixels(column - 1, column - 1, width * digit, None, options)
        for column in self._hidden - widths.keys():
            self.worksheet.set_column(column - 1, column - 1, None, None, {"hidden": True})
        for row in rows:
            self.height(row, self._lines.get(row, 1) * LINE_HEIGHT + ROW_PADDING)
        return widths


def _within(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-16 units, the cut marked with an ellipsis."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[: max(index - 1, 0)] + "…"
    return text


PAGE_NUMBERS = Text("第 &P 页，共 &N 页", "Page &P of &N")


def print_setup(sheet: Sheet, *, landscape: bool, title_row: int, lang: Lang = "zh") -> None:
    """A4, fit to one page wide (any number of pages tall), ``title_row`` repeated on
    every page, centred, page numbers in the footer."""
    worksheet = sheet.worksheet
    worksheet.set_paper(9)  # A4
    if landscape:
        worksheet.set_landscape()
    else:
        worksheet.set_portrait()
    worksheet.fit_to_pages(1, 0)
    worksheet.repeat_rows(title_row - 1)
    worksheet.center_horizontally()
    worksheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    worksheet.set_footer("&C" + PAGE_NUMBERS(lang))
