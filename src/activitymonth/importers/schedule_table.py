"""An 活动安排表 (the month drafted as a table) turned into a plan file.

Many offices draft the month in Excel long before anyone writes YAML: columns 序号,
活动内容, 时间, 地点, 牵头单位, 配合单位, 责任人, the dates typed freely. Importing that
table gives them a plan the checker, the calendar and the exporters understand, without
retyping it. Everything unreadable is reported at once, by cell, and nothing is written
until the whole table reads cleanly; the written plan keeps each activity's source row as
a comment (``# 第7行``) so a finding about ``a03`` leads straight back to the sheet.

People are named in 责任人 cells only by name; ids cannot be derived from Chinese names
reliably (no pinyin here), so they are ``p01``, ``p02`` … in order of first appearance,
with the name kept. The first name in a cell leads, the others are staff.
"""

from __future__ import annotations

import calendar
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ruamel.yaml import YAML

from activitymonth.dump import plan_to_yaml
from activitymonth.i18n import Text
from activitymonth.importers.chinese_dates import (
    DateTextError,
    DaySpan,
    Rhythm,
    When,
    parse_when,
    stated_year,
)
from activitymonth.importers.source_table import (
    HEADER_NAMES,
    ScheduleImportError,
    SourceCell,
    SourceProblem,
    SourceRow,
    SourceTable,
    read_table,
)
from activitymonth.model import Plan

__all__ = [
    "ImportOptions",
    "ImportedPlan",
    "ScheduleImportError",
    "SourceProblem",
    "import_schedule",
    "plan_from_table",
]

_NAME_SEPARATORS = re.compile(r"[、，,；;/\s]+")
_UNIT_SEPARATORS = re.compile(r"[、，,；;\n]+")
_TITLED_NAME = re.compile(r"^(?P<name>[^()]+)\((?P<title>[^()]+)\)$")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\))")
_TITLE_YEAR = re.compile(r"(\d{4})\s*年")
_TITLE_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
_UNIT_LINE = re.compile(r"(?:填报|制表)?单位(?:\(盖章\))?[:：]\s*(?P<unit>[^\s:：]+)")


@dataclass(frozen=True)
class ImportOptions:
    """What the table may not say itself. The leading group is never in an 安排表, so its
    head and the office director are given by name. ``today`` fixes "this year" for tests."""

    year: int | None = None
    sheet: str | None = None
    title: str | None = None
    unit: str | None = None
    region: str | None = None
    leader: str | None = None  # name of the leading group's head (组长)
    director: str | None = None  # name of the office's director (办公室主任)
    today: date | None = None


@dataclass(frozen=True)
class ImportedPlan:
    """The plan read from a table, with where each activity came from."""

    plan: Plan
    source: SourceTable
    comments: tuple[str, ...]  # one per activity: 第7行：9月10日上午
    year: int
    year_source: Text

    def to_yaml(self) -> str:
        """The plan as YAML with each activity's source row as a comment beside its id."""
        origin = f"{self.source.file}" + (
            f"（工作表“{self.source.sheet}”）" if self.source.sheet else ""
        )
        header = "\n".join(
            (
                f"导入自 {origin}（activitymonth import schedule）",
                f"年份 {self.year}：{self.year_source.zh}",
                "每项活动旁的“第N行”是它在原表中的行号",
            )
        )
        writer = _yaml()
        document = writer.load(plan_to_yaml(self.plan, header))
        for item, comment in zip(document.get("activities", []), self.comments, strict=True):
            item.yaml_add_eol_comment(comment, "id")
        buffer = io.StringIO()
        writer.dump(document, buffer)
        return buffer.getvalue()


def _yaml() -> YAML:
    """Round-trip YAML laid out like ``plan_to_yaml`` so re-dumping changes nothing else."""
    yaml = YAML()
    yaml.allow_unicode = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def import_schedule(path: Path, options: ImportOptions | None = None) -> ImportedPlan:
    """Read the 活动安排表 at ``path`` (.xlsx or .csv) into a plan.

    Raises :class:`ScheduleImportError` with every unreadable cell.
    """
    options = options or ImportOptions()
    table = read_table(path, options.sheet)
    return plan_from_table(table, options, default_title=path.stem)


def plan_from_table(
    table: SourceTable, options: ImportOptions, default_title: str = "活动安排"
) -> ImportedPlan:
    title = options.title or (table.preamble[0] if table.preamble else default_title)
    year, year_source = _year(table, title, options)
    builder = _Builder(table, year)
    for row in table.rows:
        builder.row(row)
    if builder.problems:
        raise ScheduleImportError(builder.problems)
    data: dict[str, Any] = {
        "title": title,
        "unit": options.unit or _unit(table),
        "region": options.region,
        "window": _window(builder.days, title, year),
        "people": builder.people.as_data(),
        "organization": _organization(builder.people, options),
        "activities": builder.activities,
    }
    plan = Plan.model_validate({k: v for k, v in data.items() if v})
    return ImportedPlan(plan, table, tuple(builder.comments), year, year_source)


def _organization(people: _Roster, options: ImportOptions) -> dict[str, dict[str, str]]:
    """The leading group's head and the office director named by the options, as people
    (added to the roster when the table does not name them)."""
    organization = {}
    for body, role, name in (
        ("leading_group", "leader", options.leader),
        ("office", "director", options.director),
    ):
        ids = people.ids_in(name) if name else []
        if ids:
            organization[body] = {role: ids[0]}
    return organization


def _year(table: SourceTable, title: str, options: ImportOptions) -> tuple[int, Text]:
    """The year of dates written without one: ``--year``, else the title (2026年…), else
    the first date in the table that states its year, else this year."""
    if options.year is not None:
        return options.year, Text("取自 --year", "from --year")
    if match := _TITLE_YEAR.search(unicodedata.normalize("NFKC", title)):
        return int(match.group(1)), Text("取自表头标题", "from the sheet title")
    for row in table.rows:
        for role in ("date", "when"):
            cell = row.cells.get(role)
            if cell is not None and (year := stated_year(cell.value)) is not None:
                return year, Text(f"取自单元格 {cell.ref}", f"from cell {cell.ref}")
    today = options.today or datetime.now(ZoneInfo("Asia/Shanghai")).date()
    return today.year, Text(
        "表中没有写年份，按今年计；不对时用 --year 指定",
        "the table states no year, so this year is assumed; use --year otherwise",
    )


def _unit(table: SourceTable) -> str | None:
    for line in table.preamble:
        if match := _UNIT_LINE.search(unicodedata.normalize("NFKC", line)):
            return match.group("unit")
    return None


def _window(days: list[date], title: str, year: int) -> str | dict[str, date]:
    """Whole months covering every dated row and the month the title names; the title's
    year when nothing is dated."""
    bounds = list(days)
    if month := _TITLE_MONTH.search(unicodedata.normalize("NFKC", title)):
        y, m = int(month.group(1)), int(month.group(2))
        if 1 <= m <= 12:
            bounds += [date(y, m, 1)]
    if not bounds:
        return str(year)
    first, last = min(bounds), max(bounds)
    end = date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])
    return {"start": first.replace(day=1), "end": end}


def _text(value: object) -> str:
    """A cell's text as typed (full-width punctuation in titles stays as it is)."""
    return str(value).strip()


@dataclass
class _Roster:
    """People in order of first appearance: ``p01`` for the first name seen."""

    ids: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def ids_in(self, cell: str) -> list[str]:
        found = []
        for token in _NAME_SEPARATORS.split(unicodedata.normalize("NFKC", cell)):
            if not token:
                continue
            titled = _TITLED_NAME.match(token)
            name = titled.group("name").strip() if titled else token
            if name not in self.ids:
                self.ids[name] = f"p{len(self.ids) + 1:02d}"
            if titled:
                self.titles.setdefault(name, titled.group("title").strip())
            if self.ids[name] not in found:
                found.append(self.ids[name])
        return found

    def as_data(self) -> list[dict[str, str]]:
        return [
            {"id": pid, "name": name}
            | ({"title": self.titles[name]} if name in self.titles else {})
            for name, pid in self.ids.items()
        ]


class _Builder:
    def __init__(self, table: SourceTable, year: int) -> None:
        self.table = table
        self.year = year
        self.people = _Roster()
        self.activities: list[dict[str, Any]] = []
        self.comments: list[str] = []
        self.days: list[date] = []
        self.problems: list[SourceProblem] = []

    def row(self, row: SourceRow) -> None:
        cells = row.cells
        content = _text(cells["content"].value) if "content" in cells else ""
        timing = cells.get("date") or cells.get("when")
        if not content:
            if timing is not None:
                self._problem(
                    timing,
                    Text(
                        f"第{row.number}行有时间但没有活动内容", f"row {row.number} has no 活动内容"
                    ),
                    Text("补上活动内容，或删除这一行", "fill in the activity, or delete the row"),
                )
            return
        if _is_heading(content, row, timing) or content in HEADER_NAMES["content"]:
            return
        try:
            when = self._when(cells)
        except _Unreadable:
            return
        title, _, details = content.partition("\n")
        item: dict[str, Any] = {"id": f"a{len(self.activities) + 1:02d}", "title": title.strip()}
        remarks = _text(cells["remarks"].value) if "remarks" in cells else ""
        if note := "\n".join(part for part in (details.strip(), remarks) if part):
            item["note"] = note
        if when is not None:
            item |= self._timing(when)
        people = self.people.ids_in(str(cells["people"].value)) if "people" in cells else []
        if people:
            item["lead"] = people[0]
            if people[1:]:
                item["staff"] = people[1:]
        if "location" in cells:
            item["location"] = _text(cells["location"].value)
        if "lead_unit" in cells:
            item["lead_unit"] = _text(cells["lead_unit"].value)
        if "co_units" in cells:
            units = _UNIT_SEPARATORS.split(_text(cells["co_units"].value))
            item["co_units"] = [unit.strip() for unit in units if unit.strip()]
        self.activities.append(item)
        shown = " ".join(_as_text(cells[r].value) for r in ("date", "when") if r in cells)
        shown = shown.replace("\n", " ")
        self.comments.append(f"第{row.number}行" + (f"：{shown}" if shown else ""))

    def _when(self, cells: dict[str, SourceCell]) -> When | None:
        """The row's timing, None when it gives none; a separate 日期 column is read
        together with the 时间 column. Raises _Unreadable once the problem is recorded."""
        date_cell, time_cell = cells.get("date"), cells.get("when")
        if date_cell is None:
            return self._parse(time_cell, time_cell.value) if time_cell else None
        if time_cell is None:
            return self._parse(date_cell, date_cell.value)
        self._parse(date_cell, date_cell.value)  # the 日期 cell answers for its own mistakes
        return self._parse(time_cell, _combined(date_cell, time_cell))

    def _parse(self, cell: SourceCell, value: object) -> When:
        try:
            return parse_when(value, self.year)
        except DateTextError as error:
            self._problem(cell, error.message, error.hint)
            raise _Unreadable from None

    def _timing(self, when: When) -> dict[str, Any]:
        if isinstance(when, Rhythm):
            timing: dict[str, Any] = {"repeat": when.phrase}
            if when.start:
                timing["time"] = when.start
                if when.end:
                    timing["duration"] = datetime.combine(date.min, when.end) - datetime.combine(
                        date.min, when.start
                    )
            return timing
        if isinstance(when, DaySpan):
            self.days += [when.first, when.last]
            return {"date": when.first, "end_date": when.last}
        self.days.append(when.day)
        if when.start is None:
            return {"date": when.day}
        timing = {"start": datetime.combine(when.day, when.start)}
        if when.end:
            timing["end"] = datetime.combine(when.day, when.end)
        return timing

    def _problem(self, cell: SourceCell, message: Text, hint: Text) -> None:
        self.problems.append(SourceProblem(self.table.where(cell.ref), message, hint))


class _Unreadable(Exception):
    """A row whose timing could not be read (the problem is already recorded)."""


def _is_heading(content: str, row: SourceRow, timing: SourceCell | None) -> bool:
    """A section heading (一、宣传教育活动), typed or merged across the table, has no time."""
    return timing is None and (row.spans_table or bool(_HEADING.match(content)))


def _combined(date_cell: SourceCell, time_cell: SourceCell) -> str:
    """A separate 日期 and 时间 column read as one cell: ``2026年9月10日 上午``."""
    return f"{_as_text(date_cell.value)} {_as_text(time_cell.value)}"


def _as_text(value: object) -> str:
    if isinstance(value, datetime) and value.time() != time(0):
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return str(value).strip()
