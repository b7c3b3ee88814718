"""``activitymonth status`` for people: progress bars, who is behind, what is late.

Built from rich renderables with styles, so a terminal shows colours while a pipe or a
file gets the same characters without escape codes (rich decides from the console). The
bars are block characters (█ done, ░ to do), readable in plain text too. Long lists
stop after ``LIST_LIMIT`` rows; ``--format json`` lists everything.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text as RichText

from activitymonth.i18n import Lang, Text, format_day
from activitymonth.render.schedule_text import headline
from activitymonth.render.status_report import (
    OccurrenceLine,
    PairLine,
    ProgramLine,
    StatusReport,
)

BAR_WIDTH = 20
LIST_LIMIT = 20
DONE_STYLE = "green"
LATE_STYLE = "bold red"
TODO_STYLE = "dim"


def bar(done: int, total: int, width: int = BAR_WIDTH) -> RichText:
    """``██████░░░░ 60%``: the share done as a bar of block characters."""
    share = done / total if total else 1.0
    filled = round(share * width)
    text = RichText()
    text.append("█" * filled, style=DONE_STYLE if share >= 1 else "cyan")
    text.append("░" * (width - filled), style=TODO_STYLE)
    text.append(f" {share:4.0%}")
    return text


def status_view(report: StatusReport, lang: Lang) -> RenderableType:
    """The whole report: head, programs, people, sectors, late and next items, pairs."""
    parts: list[RenderableType] = [_head(report, lang)]
    if report.programs:
        parts.append(_programs(report.programs, lang))
    if report.people:
        parts.append(_people(report, lang))
    if report.sectors:
        parts.append(_sectors(report, lang))
    overdue = Text(
        f"逾期未完成（截至 {format_day(report.today, 'zh')}）",
        f"Overdue (as of {format_day(report.today, 'en')})",
    )
    parts.append(_occurrences(overdue, report.overdue, lang, late=True))
    upcoming = Text(f"未来 {report.days} 天", f"Next {report.days} days")
    parts.append(_occurrences(upcoming, report.upcoming, lang))
    if report.progress.pairs:
        late = Text("走访逾期的结对", "Pairs behind their visit rhythm")
        parts.append(_pair_table(late, report.late_pairs, lang))
        never = Text("从未走访的结对", "Pairs never visited")
        parts.append(_pair_table(never, report.never_visited, lang, last=False))
    spaced: list[RenderableType] = []
    for part in parts:
        spaced += [part, RichText("")]
    return Group(*spaced[:-1])


def _head(report: StatusReport, lang: Lang) -> RenderableType:
    progress = report.progress
    lines: list[RenderableType] = [
        RichText(headline(progress.schedule, lang), style="bold"),
    ]
    if report.recorded:
        where = Text(f"台账：{report.ledger}", f"Ledger: {report.ledger}")
        lines.append(RichText(where(lang), style="dim"))
    else:
        lines.append(
            RichText(
                Text(
                    f"台账中还没有任何记录（{report.ledger}）：进度为 0，下面是计划中的事项。"
                    "用 activitymonth done / visit 记录完成情况",
                    f"Nothing recorded yet ({report.ledger}): progress is 0; the plan's items "
                    "follow. Record what is done with activitymonth done / visit",
                )(lang),
                style="yellow",
            )
        )
    overall = RichText(Text("总进度 ", "Overall  ")(lang))
    overall.append_text(bar(progress.done, progress.planned))
    overall.append(
        Text(
            f"  已完成 {progress.done}/{progress.planned} 次",
            f"  {progress.done}/{progress.planned} occurrence(s) done",
        )(lang)
    )
    lines.append(overall)
    return Group(*lines)


def _section(title: Text, lang: Lang) -> Table:
    return Table(title=title(lang), title_justify="left", title_style="bold", expand=False)


def _nothing(title: Text, lang: Lang) -> RichText:
    """A section with nothing in it, in one line: ``逾期未完成（…）：无``."""
    return RichText(Text(f"{title.zh}：无", f"{title.en}: none")(lang), style="bold")


def _programs(lines: Sequence[ProgramLine], lang: Lang) -> RenderableType:
    table = _section(Text("项目进度", "Programs"), lang)
    for zh, en in (
        ("项目", "Program"),
        ("进度", "Progress"),
        ("达标", "Items met"),
        ("完成/计划", "Done/planned"),
    ):
        table.add_column(Text(zh, en)(lang), overflow="fold")
    for line in lines:
        program = line.program
        occurrences = "—" if line.planned is None else f"{line.done}/{line.planned}"
        table.add_row(
            RichText(program.title, style="bold"),
            bar(program.met, program.total),
            f"{program.met}/{program.total}",
            occurrences,
        )
        if line.coverage:
            continue
        for requirement in program.requirements:
            mark = (
                RichText("✓", style=DONE_STYLE)
                if requirement.met
                else RichText("✗", style=LATE_STYLE)
            )
            label = RichText("  ")
            label.append_text(mark)
            label.append(f" {requirement.name}")
            table.add_row(
                label,
                "",
                f"{requirement.done}/{requirement.required}",
                f"{requirement.done}/{requirement.planned}",
            )
    return table


def _people(report: StatusReport, lang: Lang) -> RenderableType:
    table = _section(Text("负责人", "People"), lang)
    for zh, en in (
        ("负责人", "Person"),
        ("进度", "Progress"),
        ("事项", "Items"),
        ("完成/计划", "Done/planned"),
        ("逾期", "Overdue"),
    ):
        table.add_column(Text(zh, en)(lang), overflow="fold")
    for person in sorted(report.people, key=lambda p: (-p.overdue, p.person_id)):
        table.add_row(
            person.name,
            bar(person.done, person.planned),
            str(person.items),
            f"{person.done}/{person.planned}",
            RichText(str(person.overdue), style=LATE_STYLE if person.overdue else ""),
        )
    return table


def _sectors(report: StatusReport, lang: Lang) -> RenderableType:
    table = _section(Text("覆盖领域（已完成的活动）", "Sectors (reached by activities done)"), lang)
    for zh, en in (
        ("项目", "Program"),
        ("领域", "Sector"),
        ("覆盖", "Reached"),
        ("活动", "Activities"),
    ):
        table.add_column(Text(zh, en)(lang), overflow="fold")
    for line in report.sectors:
        reached = (
            RichText(Text("✓ 已覆盖", "✓ yes")(lang), style=DONE_STYLE)
            if line.reached
            else RichText(Text("✗ 未覆盖", "✗ no")(lang), style=LATE_STYLE)
        )
        table.add_row(line.program_id, line.sector, reached, "、".join(line.activities))
    return table


def _occurrences(
    title: Text, lines: Sequence[OccurrenceLine], lang: Lang, *, late: bool = False
) -> RenderableType:
    """Occurrences with their day (and days late), title, item id and responsible."""
    if not lines:
        return _nothing(title, lang)
    table = _section(title, lang)
    table.add_column(Text("日期", "Date")(lang), no_wrap=True)
    if late:
        table.add_column(Text("逾期天数", "Days late")(lang), justify="right")
    table.add_column(Text("事项", "Item")(lang), overflow="fold")
    table.add_column(Text("编号", "Id")(lang), no_wrap=True)
    table.add_column(Text("负责人", "Responsible")(lang), overflow="fold")
    for line in lines[:LIST_LIMIT]:
        occurrence = line.occurrence
        row: list[RenderableType] = [format_day(occurrence.day, lang) if occurrence.day else "—"]
        if late:
            row.append(RichText(str(line.days_late), style=LATE_STYLE))
        row += [occurrence.title, occurrence.item_id, line.responsible or "—"]
        table.add_row(*row)
    return Group(table, *_more(len(lines), lang))


def _pair_table(
    title: Text, lines: Sequence[PairLine], lang: Lang, *, last: bool = True
) -> RenderableType:
    """Pairs with cadre, household, the last visit (for pairs visited), when the next
    visit is or was due, and how many days late it is."""
    if not lines:
        return _nothing(title, lang)
    table = _section(title, lang)
    table.add_column(Text("干部", "Cadre")(lang), no_wrap=True)
    table.add_column(Text("结对户", "Household")(lang), overflow="fold")
    if last:
        table.add_column(Text("上次走访", "Last visit")(lang), no_wrap=True)
    table.add_column(Text("应走访日期", "Due")(lang), no_wrap=True)
    table.add_column(Text("逾期天数", "Days late")(lang), justify="right")
    for line in lines[:LIST_LIMIT]:
        pair = line.pair
        row: list[RenderableType] = [
            f"{line.cadre_name}（{pair.cadre}）" if line.cadre_name != pair.cadre else pair.cadre,
            f"{pair.household}（{pair.village}）" if pair.village else pair.household,
        ]
        if last:
            row.append(format_day(pair.last, lang) if pair.last else "—")
        row += [
            format_day(pair.due, lang) if pair.due else "—",
            RichText(str(line.days_late), style=LATE_STYLE) if line.days_late else "—",
        ]
        table.add_row(*row)
    return Group(table, *_more(len(lines), lang))


def _more(count: int, lang: Lang) -> list[RenderableType]:
    if count <= LIST_LIMIT:
        return []
    more = count - LIST_LIMIT
    return [
        RichText(
            Text(
                f"……另有 {more} 项（--format json 列出全部）",
                f"… and {more} more (--format json lists all)",
            )(lang),
            style="dim",
        )
    ]
