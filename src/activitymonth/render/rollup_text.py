"""The roll-up on screen: a table of units lagging first and a unit × program matrix.

Shares below half are red and below four fifths yellow, so the units an inspector should
call first stand out. Every value goes in as a ``rich.text.Text``: a unit named
``[bold]`` is shown as written.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text as RichText

from activitymonth.i18n import Lang, Text
from activitymonth.render.rollup_labels import (
    ALL_UNITS,
    HEADERS,
    MATRIX_TITLE,
    NOTHING,
    SKIPPED_TITLE,
    TITLE,
    TOTAL,
    UNIT,
    UNITS_TITLE,
    fraction_and_percent,
    pairs_cell,
    program_items,
    skipped_note,
    summary,
    totals,
)
from activitymonth.tracking.rollup import Rollup, Share


def share_style(share: Share) -> str:
    if share.share < 0.5:
        return "red"
    return "yellow" if share.share < 0.8 else "green"


def rollup_view(rollup: Rollup, ledger: str, lang: Lang = "zh") -> RenderableType:
    parts: list[RenderableType] = [
        RichText(TITLE(lang), style="bold"),
        RichText(summary(rollup, ledger, lang)),
        _units(rollup, lang),
    ]
    if rollup.programs:
        parts.append(_matrix(rollup, lang))
    if rollup.skipped:
        notes = "\n".join(f"  {skipped_note(s, lang)}" for s in rollup.skipped)
        heading = (SKIPPED_TITLE + Text("：", ":"))(lang)
        parts.append(RichText(f"{heading}\n{notes}", style="dim"))
    return Group(*parts)


def _share(share: Share) -> RichText:
    return RichText(fraction_and_percent(share), style=share_style(share))


def _cell(share: Share | None) -> RichText:
    return RichText(NOTHING) if share is None else _share(share)


def _units(rollup: Rollup, lang: Lang) -> Table:
    table = Table(title=RichText(UNITS_TITLE(lang), style="bold"), title_justify="left")
    for index, header in enumerate(HEADERS):
        table.add_column(header(lang), justify="right" if index >= 3 else "left", overflow="fold")
    for row in rollup.rows:
        table.add_row(
            RichText(row.unit),
            RichText(row.plan_id),
            RichText("\n".join(program_items(row)) or NOTHING),
            _share(row.occurrences),
            RichText(str(row.overdue), style="red" if row.overdue else ""),
            RichText(pairs_cell(row), style="red" if row.late_pairs or row.never_visited else ""),
            RichText(str(row.visits)),
        )
    sums = totals(rollup)
    items = rollup.items
    table.add_section()
    table.add_row(
        RichText(TOTAL(lang), style="bold"),
        RichText(""),
        RichText(fraction_and_percent(items) if items.total else NOTHING),
        _share(rollup.occurrences),
        RichText(str(sums["overdue"])),
        RichText(f"{sums['late_pairs']}/{sums['never_visited']}" if sums["pairs"] else NOTHING),
        RichText(str(sums["visits"])),
    )
    return table


def _matrix(rollup: Rollup, lang: Lang) -> Table:
    table = Table(title=RichText(MATRIX_TITLE(lang), style="bold"), title_justify="left")
    table.add_column(UNIT(lang), overflow="fold")
    for program_id, _title in rollup.programs:
        table.add_column(program_id, justify="right", overflow="fold")
    for unit, cells in rollup.matrix().items():
        table.add_row(
            RichText(unit),
            *(_cell(cells.get(program_id)) for program_id, _ in rollup.programs),
        )
    table.add_section()
    program_totals = rollup.program_totals()
    table.add_row(
        RichText(ALL_UNITS(lang), style="bold"),
        *(_share(program_totals[p]) for p, _ in rollup.programs),
    )
    return table
