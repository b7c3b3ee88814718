"""Recording what happened: ``done``, ``visit``, ``undo``, ``db init`` and the ledger imports.

Each command checks its input against the plan, writes through ``activitymonth.ledger``
and prints one line saying what it recorded where. Bad input (an unknown id, a date in
the future, a refused file) exits 2 with the problem and its fix, never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import click

from activitymonth.cli.common import lang_option, load_or_exit
from activitymonth.cli.ledger_options import (
    BY,
    DB,
    PLAN,
    ledger_errors_reported,
    open_plan_ledger,
    option_value,
)
from activitymonth.i18n import Lang, Text, format_day
from activitymonth.ledger import (
    COUNTY_ROLE,
    ENV_VAR,
    Completion,
    DoneFacts,
    Evidence,
    ImportSummary,
    Ledger,
    LedgerError,
    PlanTargets,
    RecordKind,
    Source,
    Visit,
    VisitFacts,
    default_recorder,
    import_ledger_sheet,
    import_visits,
    open_ledger,
    parse_unit_spec,
    prepare_done,
    prepare_visit,
    record_undo,
    save_record,
    secure_units,
)
from activitymonth.ledger.values import (
    parse_count,
    parse_day,
    parse_fact,
    parse_materials,
    parse_mode,
)
from activitymonth.schedule import resolve


def _targets(plan: Path, lang: Lang) -> PlanTargets:
    return PlanTargets(resolve(load_or_exit(plan, lang)))


def _say(message: Text, ledger: Ledger, lang: Lang) -> None:
    click.echo(f"{message(lang)} → {ledger.shown}")


@click.command()
@PLAN
@click.argument("item")
@click.option("--date", "actual", metavar="DATE", help="Day it was done (default: today).")
@click.option(
    "--occurrence", metavar="DATE", help="Planned date of the occurrence (recurring items)."
)
@click.option("--participants", metavar="N", help="Participants in all (人次).")
@click.option("--cadres", metavar="N", help="Cadres among the participants.")
@click.option("--residents", metavar="N", help="Residents (群众) among the participants.")
@click.option(
    "--materials", multiple=True, metavar="KIND=N", help="Materials handed out: 宣传折页=500."
)
@click.option(
    "--evidence",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="A file that proves it (photo, sign-in sheet); hashed into the ledger.",
)
@click.option("--note", help="Remarks.")
@BY
@DB
@lang_option
def done(
    plan: Path,
    item: str,
    actual: str | None,
    occurrence: str | None,
    participants: str | None,
    cadres: str | None,
    residents: str | None,
    materials: tuple[str, ...],
    evidence: tuple[Path, ...],
    note: str | None,
    by: str | None,
    db: str | None,
    lang: Lang,
) -> None:
    """Record ITEM of PLAN (an activity occurrence or a deliverable) as done."""
    with ledger_errors_reported(lang):
        targets = _targets(plan, lang)
        facts = DoneFacts(
            actual_date=option_value(parse_day, actual, "--date"),
            participants=option_value(parse_count, participants, "--participants"),
            cadres=option_value(parse_count, cadres, "--cadres"),
            residents=option_value(parse_count, residents, "--residents"),
            materials=option_value(parse_materials, ",".join(materials), "--materials"),
            evidence=tuple(_evidence(path, plan.parent) for path in evidence),
            note=note,
        )
        prepared = prepare_done(
            targets,
            item,
            facts,
            by=by or default_recorder(),
            occurrence=option_value(parse_day, occurrence, "--occurrence"),
        )
        ledger = open_plan_ledger(plan, db)
        _say(_recorded(save_record(ledger, prepared)), ledger, lang)


def _evidence(path: Path, base: Path) -> Evidence:
    if not path.is_file():
        raise LedgerError(
            Text(f"找不到佐证文件 {path}", f"evidence file {path} not found"),
            Text(
                "检查路径；文件需先保存到本机", "check the path; the file must be on this machine"
            ),
        )
    return Evidence.of_file(path, base)


def _recorded(record: Completion | Visit) -> Text:
    """``已记录「mobilize/2026-09-01」完成于 2026-09-01 周二（记录 #3，更正记录 #2）``."""
    if isinstance(record, Visit):
        day = record.visit_date
        what = Text(
            f"走访 {record.pair_key}（{record.mode.value}，{format_day(day, 'zh')}）",
            f"visit of {record.pair_key} ({record.mode.value}, {format_day(day, 'en')})",
        )
    else:
        what = Text(f"「{record.occurrence_id}」", f"'{record.occurrence_id}'")
        if record.actual_date is not None:
            what += Text(
                f"完成于 {format_day(record.actual_date, 'zh')}",
                f" done on {format_day(record.actual_date, 'en')}",
            )
    undone = record.kind is RecordKind.UNDONE
    verb = Text("已撤销", "withdrew ") if undone else Text("已记录", "recorded ")
    tail = Text(f"（记录 #{record.id}", f" (record #{record.id}")
    if record.supersedes:
        tail += Text(f"，更正记录 #{record.supersedes}", f", correcting #{record.supersedes}")
    return verb + what + tail + Text("）", ")")


@click.command()
@PLAN
@click.argument("pair_or_cadre")
@click.option("--date", "visit_date", required=True, metavar="DATE", help="Day of the visit.")
@click.option("--mode", required=True, help="入户, 电话, 微信 or 请上来.")
@click.option("--topics", help="What was talked about.")
@click.option("--solved", help="Problems solved (好事实事).")
@click.option("--family", help="四个清楚: family situation (是/否, or what was learnt).")
@click.option("--goals", help="四个清楚: the household's goals.")
@click.option("--skills", help="四个清楚: their skills.")
@click.option("--needs", help="四个清楚: their needs.")
@click.option("--note", help="Remarks.")
@BY
@DB
@lang_option
def visit(
    plan: Path,
    pair_or_cadre: str,
    visit_date: str,
    mode: str,
    topics: str | None,
    solved: str | None,
    family: str | None,
    goals: str | None,
    skills: str | None,
    needs: str | None,
    note: str | None,
    by: str | None,
    db: str | None,
    lang: Lang,
) -> None:
    """Record a visit of a pair (by its key, or by its cadre's id when they have one pair)."""
    with ledger_errors_reported(lang):
        targets = _targets(plan, lang)
        facts = VisitFacts(
            visit_date=option_value(parse_day, visit_date, "--date"),
            mode=option_value(parse_mode, mode, "--mode"),
            topics=topics,
            solved=solved,
            family=parse_fact(family),
            goals=parse_fact(goals),
            skills=parse_fact(skills),
            needs=parse_fact(needs),
            note=note,
        )
        prepared = prepare_visit(targets, pair_or_cadre, facts, by=by or default_recorder())
        ledger = open_plan_ledger(plan, db)
        _say(_recorded(save_record(ledger, prepared)), ledger, lang)


@click.command()
@PLAN
@click.argument("item")
@click.option(
    "--occurrence",
    metavar="DATE",
    help="Planned date of the occurrence, or the day of the visit (default: the last one).",
)
@BY
@DB
@lang_option
def undo(
    plan: Path, item: str, occurrence: str | None, by: str | None, db: str | None, lang: Lang
) -> None:
    """Withdraw the last record of ITEM (an item, a pair or a cadre) with a correcting one."""
    with ledger_errors_reported(lang):
        targets = _targets(plan, lang)
        target = targets.named(item)
        on = option_value(parse_day, occurrence, "--occurrence")
        ledger = open_plan_ledger(plan, db)
        record = record_undo(ledger, targets, target, by=by or default_recorder(), occurrence=on)
        _say(_recorded(record), ledger, lang)


@click.group("db")
def db_group() -> None:
    """Set up a shared ledger database."""


@db_group.command("init")
@click.option("--db", metavar="URL", help=f"The database (default: ${ENV_VAR}).")
@click.option(
    "--units",
    metavar="UNIT[=ROLE],…",
    help="PostgreSQL only: a role per unit, each seeing and adding only its own rows.",
)
@click.option(
    "--county-role",
    default=COUNTY_ROLE,
    show_default=True,
    help="Role that reads every unit's rows.",
)
@lang_option
def db_init(db: str | None, units: str | None, county_role: str, lang: Lang) -> None:
    """Create or migrate the ledger schema; with --units, roles and row-level security."""
    with ledger_errors_reported(lang):
        location = db or os.environ.get(ENV_VAR)
        if not location:
            raise LedgerError(
                Text("没有指定数据库", "no database given"),
                Text(
                    f"用 --db postgresql://… 或设置环境变量 {ENV_VAR}",
                    f"give --db postgresql://… or set {ENV_VAR}",
                ),
            )
        ledger = open_ledger(location)
        _say(Text("台账数据库已就绪", "the ledger database is ready"), ledger, lang)
        if units:
            specs = [parse_unit_spec(spec) for spec in units.replace("，", ",").split(",")]
            with ledger.write() as conn:
                roles = secure_units(conn, specs, county_role)
            for role in roles:
                click.echo(f"{role.unit}\t{role.role}")
            click.echo(
                Text(
                    f"全县只读角色：{county_role}。为每名填报人建登录角色并授予本单位角色，如："
                    f"CREATE ROLE zhang LOGIN PASSWORD '…' IN ROLE {roles[0].role};",
                    f"county read-only role: {county_role}. Give each clerk a login role that "
                    f"is a member of their unit's role, e.g. CREATE ROLE zhang LOGIN "
                    f"PASSWORD '…' IN ROLE {roles[0].role};",
                )(lang)
            )


def _import_command(
    name: str,
    run: Callable[[Ledger, PlanTargets, Source, str | None], ImportSummary],
    short: str,
    summary: str,
) -> click.Command:
    """``import ledger`` and ``import visits`` share their arguments and reporting."""

    @click.command(name, help=summary, short_help=short)
    @PLAN
    @click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
    @BY
    @DB
    @lang_option
    def command(plan: Path, file: Path, by: str | None, db: str | None, lang: Lang) -> None:
        with ledger_errors_reported(lang):
            targets = _targets(plan, lang)
            source = Source.read(file)
            ledger = open_plan_ledger(plan, db)
            result = run(ledger, targets, source, by)
            _say(
                Text(
                    f"已导入 {result.file}：读取 {result.rows} 行，写入 {result.written} 条记录",
                    f"imported {result.file}: {result.rows} row(s) read, "
                    f"{result.written} record(s) written",
                ),
                ledger,
                lang,
            )

    return command


import_ledger = _import_command(
    "ledger",
    lambda ledger, targets, source, by: import_ledger_sheet(ledger, targets, source, by=by),
    "Record a filled-in 台账.xlsx (all rows or none).",
    "Import a filled-in ledger sheet (台账.xlsx from export ledger): all rows or none.",
)
import_visits_command = _import_command(
    "visits",
    lambda ledger, targets, source, by: import_visits(
        ledger, targets, source, by=by or default_recorder()
    ),
    "Record visits of pairs from a CSV file (all rows or none).",
    "Import visits of pairs from a CSV file (columns: pair, date, mode, topics, solved, "
    "family, goals, skills, needs, note): all rows or none.",
)
