"""``programs``: what each built-in program requires and where it is written down.

Before adopting a program in a plan a clerk needs its exact id (which 六个一?), the item
names to put under ``fulfills:`` and the source to show an inspector; this command shows
exactly that, from the same catalog the checker uses.
"""

from __future__ import annotations

import json
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from activitymonth.catalog import PROGRAM_KIND_LABELS, Catalog, Program, ProgramLookupError
from activitymonth.cli.common import fail, lang_option, stdout_console
from activitymonth.i18n import Lang, Text


@click.command()
@click.argument("name", required=False)
@lang_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts / 输出格式.",
)
def programs(name: str | None, lang: Lang, output_format: str) -> None:
    """List the built-in programs, or show one program's items and sources.

    NAME is a program id such as 六个一@学校 or 八进, or a bare name with one variant (十二同).
    """
    catalog = Catalog.builtin()
    if name is None:
        if output_format == "json":
            _echo_json([_as_json(program) for program in catalog])
        else:
            stdout_console().print(_overview(catalog, lang))
        return
    try:
        program = catalog.get(name)
    except ProgramLookupError as error:
        message, hint = _lookup_failure(error, catalog)
        fail(message, lang, hint)
    if output_format == "json":
        _echo_json(_as_json(program))
    else:
        _show(program, lang)


def _lookup_failure(error: ProgramLookupError, catalog: Catalog) -> tuple[Text, Text | None]:
    """The error with each suggested program on its own line, titled, so the user can pick."""
    if not error.candidates:
        return error.message, None
    choices = [f"  {ref}  {catalog.get(ref).title}" for ref in error.candidates]
    lines = [error.message, *(Text(choice, choice) for choice in choices)]
    first = error.candidates[0]
    return Text.join(lines, "\n", "\n"), Text(
        f"运行 activitymonth programs {first}", f"run activitymonth programs {first}"
    )


def _as_json(program: Program) -> dict[str, Any]:
    return {"id": program.id, **program.model_dump(mode="json")}


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _overview(catalog: Catalog, lang: Lang) -> Table:
    table = Table(
        title=Text(f"活动项目（{len(catalog)} 个）", f"Programs ({len(catalog)})")(lang),
        caption=Text(
            "activitymonth programs 编号 查看子项和来源",
            "activitymonth programs ID shows a program's items and sources",
        )(lang),
    )
    for header in (
        Text("编号", "id"),
        Text("名称", "title"),
        Text("类型", "kind"),
        Text("项数", "items"),
        Text("完整", "complete"),
    ):
        table.add_column(header(lang), overflow="fold")
    for program in catalog:
        complete = _yes_no(program.complete, lang)
        table.add_row(
            escape(program.id),
            escape(program.title),
            PROGRAM_KIND_LABELS[program.kind](lang),
            str(len(program.items)),
            complete if program.complete else f"[yellow]{complete}[/]",
        )
    return table


def _show(program: Program, lang: Lang) -> None:
    console = stdout_console()
    console.print(f"[bold]{escape(program.id)}[/]  {escape(program.title)}")
    facts = [Text("类型：", "kind: ") + PROGRAM_KIND_LABELS[program.kind]]
    if program.issuer:
        facts.append(Text(f"发布方：{program.issuer}", f"issuer: {program.issuer}"))
    if program.rhythm:
        facts.append(Text(f"节奏：{program.rhythm}", f"rhythm: {program.rhythm}"))
    console.print(Text.join(facts, "　", "  ")(lang), markup=False)
    if not program.complete:
        count = len(program.items)
        console.print(
            Text(
                f"⚠ 来源只列出 {count} 项，不完整",
                f"⚠ the source lists only {count} items; the program is incomplete",
            )(lang),
            style="bold yellow",
            markup=False,
        )
    if program.note:
        console.print(Text("说明：", "note: ")(lang) + program.note, markup=False)
    console.print(_items(program, lang))
    sources = "；".join(str(source) for source in program.sources)
    console.print(Text("来源：", "sources: ")(lang) + (sources or "—"), markup=False)


def _items(program: Program, lang: Lang) -> Table:
    table = Table()
    for header in (
        Text("子项", "item"),
        Text("类型", "kind"),
        Text("至少", "at least"),
        Text("节奏", "rhythm"),
        Text("每对都做", "per pair"),
        Text("别名", "aliases"),
        Text("说明", "description"),
    ):
        table.add_column(header(lang), overflow="fold")
    for item in program.items:
        table.add_row(
            escape(item.name),
            item.kind.label(lang),
            str(item.required),
            escape(program.rhythm_for(item) or ""),
            _yes_no(True, lang) if item.per_pair else "",
            escape("、".join(item.aliases)),
            escape(item.description or ""),
        )
    return table


def _yes_no(value: bool, lang: Lang) -> str:
    return (Text("是", "yes") if value else Text("否", "no"))(lang)
