"""What goes wrong while recording: bilingual, with the fix, never a traceback.

The CLI turns every ``LedgerError`` into exit code 2 and prints its message and hint; the
Python API raises the same objects, so a caller can show them in its own language.
"""

from __future__ import annotations

from dataclasses import dataclass

from activitymonth.i18n import Lang, Text


class LedgerError(Exception):
    """Unusable input or database: ``message`` names the problem, ``hint`` the fix."""

    def __init__(self, message: Text, hint: Text | None = None) -> None:
        super().__init__(message.en)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: Lang = "zh") -> str:
        if self.hint is None:
            return self.message(lang)
        return self.message(lang) + (" — 建议：" if lang == "zh" else " — fix: ") + self.hint(lang)


class LedgerVersionError(LedgerError):
    """The database was written by a newer release; opening it could corrupt it."""


@dataclass(frozen=True, slots=True)
class CellProblem:
    """One bad value in an imported file: where it is, what it holds, what is wrong.

    In a workbook ``sheet`` is the sheet's name and ``column`` its letter, with the
    column's heading in ``header``; in a CSV file ``column`` is the heading itself.
    """

    row: int
    column: str
    value: object
    message: Text
    sheet: str | None = None
    header: str | None = None

    def render(self, lang: Lang = "zh") -> str:
        shown = "" if self.value is None else str(self.value)
        if self.sheet is not None:
            heading = f"（{self.header}）" if self.header else ""
            place_zh = f"{self.sheet}!{self.column}{self.row}{heading}"
            place_en = f"{self.sheet}!{self.column}{self.row}" + (
                f" ({self.header})" if self.header else ""
            )
        else:
            place_zh = f"第 {self.row} 行 {self.column} 列"
            place_en = f"row {self.row}, column {self.column}"
        if lang == "en":
            return f"{place_en} '{shown}': {self.message.en}"
        return f"{place_zh} “{shown}”：{self.message.zh}"


class ImportRejected(LedgerError):
    """A file had bad rows: nothing was imported, and the problems are listed."""

    def __init__(self, file: str, problems: list[CellProblem], count: int) -> None:
        super().__init__(
            Text(
                f"{file}：{count} 处错误，整个文件未导入",
                f"{file}: {count} error(s); nothing was imported",
            ),
            Text("改正所列单元格后重新导入", "correct the cells listed and import again"),
        )
        self.file = file
        self.problems = problems
        self.count = count
