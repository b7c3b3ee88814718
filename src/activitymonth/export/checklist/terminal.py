"""The checklist on screen: a rich table per group, gaps and overdue rows in colour.

Every value goes in as a ``rich.text.Text``, never as a markup string, so a plan title
that contains ``[bold]`` is shown as written.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text as RichText

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
from activitymonth.i18n import Lang

_BOXES = {
    RowStatus.PLANNED: ("□", ""),
    RowStatus.DONE: ("☑", "green"),
    RowStatus.GAP: ("□", "bold white on red"),
    RowStatus.OVERDUE: ("□", "bold red"),
    RowStatus.CANCELLED: ("–", "dim"),
}
_ROW_STYLES = {RowStatus.CANCELLED: "dim strike", RowStatus.GAP: "red"}


def checklist_view(checklist: Checklist, lang: Lang = "zh") -> RenderableType:
    meta = " · ".join(f"{key}{colon(lang)}{value}" for key, value in meta_items(checklist, lang))
    parts: list[RenderableType] = [RichText(checklist.title, style="bold"), RichText(meta)]
    groups = checklist_texts(checklist, lang)
    requirements = has_requirements(groups)
    for group in groups:
        table = Table(title=RichText(group.title, style="bold"), title_justify="left")
        for index, header in enumerate(headers(lang, requirements)):
            table.add_column(header, justify="right" if index == 0 else "left", overflow="fold")
        for row in group.rows:
            table.add_row(*_cells(row, lang, requirements), style=_ROW_STYLES.get(row.status, ""))
        parts.append(table)
    parts.append(RichText(signoff_line(checklist, lang)))
    return Group(*parts)


def _cells(row: RowText, lang: Lang, requirements: bool) -> list[RichText]:
    item = RichText(row.item)
    if row.location:
        item.append(f"\n{LOCATION(lang)}{colon(lang)}{row.location}", style="dim")
    glyph, style = _BOXES[row.status]
    state = RichText(glyph)
    if row.state:
        state.append(" ")
        state.append(row.state, style=style)
    return [
        RichText(str(row.number)),
        *([RichText(row.requirement or NOTHING)] if requirements else []),
        item,
        RichText(row.when),
        RichText("\n".join(row.responsible)),
        RichText(row.needs),
        state,
    ]
