"""``pairs suggest``: propose cadre–household pairs from a households table, explain each,
and on ``--accept`` write them into the plan.

Nothing is written without ``--accept``; with it, only the plan's ``pairs:`` list grows
(``activitymonth.pairing.accept`` keeps every other line as it was). The default limit
per cadre is the one ``check`` enforces (rule AM503's ``max_households``), so accepted
proposals never raise that warning.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from activitymonth.cli.common import (
    EXIT_UNUSABLE,
    lang_option,
    load_or_exit,
    report_diagnostics,
    stderr_console,
    stdout_console,
)
from activitymonth.cli.ledger_options import ledger_errors_reported
from activitymonth.diagnostics import PlanLoadError
from activitymonth.i18n import Lang, Text
from activitymonth.load import LoadedPlan, load_plan
from activitymonth.model import Plan
from activitymonth.pairing import (
    Suggestion,
    accepted_change,
    configured_limit,
    household_text,
    pairs_yaml,
    read_households,
    suggest_pairs,
)
from activitymonth.rules.builtin.staffing import person_text
from activitymonth.rules.configfile import find_config, load_config
from activitymonth.rules.fixer import FileChangedError, write_changes

SHOWN = 20
"""Households or names listed in a note before the rest are only counted."""


@click.group("pairs")
def pairs_group() -> None:
    """Cadre–household pairs (结对认亲): propose them from a list of households."""


@pairs_group.command("suggest")
@click.argument("plan", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--households",
    "households_file",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="Households to pair (.csv or .xlsx) with the columns 户主/name, 村/village, "
    "人口/members, 困难程度/need (1-5, 5 the greatest need).",
)
@click.option(
    "--max-per-cadre",
    type=click.IntRange(min=1),
    metavar="N",
    help="Most households per cadre [default: AM503's max_households in "
    ".activitymonth.yaml, else 3].",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "yaml"]),
    default="table",
    show_default=True,
    help="table for people; yaml prints a pairs: snippet to paste into the plan.",
)
@click.option("--accept", is_flag=True, help="Write the proposed pairs into PLAN's pairs list.")
@lang_option
def suggest(
    plan: Path,
    households_file: Path,
    max_per_cadre: int | None,
    fmt: str,
    accept: bool,
    lang: Lang,
) -> None:
    """Propose a household for every cadre of PLAN who must be paired: higher rank with
    greater need, every cadre before anyone gets a second, at most N each; each proposal
    says why. Pairs already in PLAN stay as they are."""
    with ledger_errors_reported(lang):
        loaded = load_or_exit(plan, lang, lenient_people=True)
        limit = max_per_cadre or _configured_limit(plan, lang)
        households = read_households(households_file)
        suggestion = suggest_pairs(loaded.plan, households, limit=limit)
        if suggestion.proposals and fmt == "yaml":
            click.echo(pairs_yaml(suggestion.proposals, lang), nl=False)
        elif suggestion.proposals:
            stdout_console().print(_table(loaded.plan, suggestion, lang))
        notes = _notes(loaded.plan, suggestion, lang)
        if accept and suggestion.proposals:
            notes.append(_accept(plan, loaded, suggestion, lang))
        elif suggestion.proposals:
            notes.append(
                Text(
                    "以上只是建议，计划未改动；加 --accept 写入计划",
                    "these are proposals; the plan is unchanged. Add --accept to write them",
                )
            )
        console = stderr_console() if fmt == "yaml" else stdout_console()
        for note in notes:
            console.print(note(lang), markup=False)


def _configured_limit(plan: Path, lang: Lang) -> int:
    """AM503's limit as ``check`` would apply it to this plan."""
    try:
        return configured_limit(load_config(find_config(plan.resolve().parent)))
    except PlanLoadError as error:
        report_diagnostics(error.diagnostics, lang)
        sys.exit(EXIT_UNUSABLE)


def _accept(plan: Path, loaded: LoadedPlan, suggestion: Suggestion, lang: Lang) -> Text:
    """Write the proposals into the plan (exit 2 if the file changed since it was read),
    make sure it still loads, and say what was written where."""
    change = accepted_change(loaded, suggestion.proposals)
    try:
        write_changes([change])
    except FileChangedError as error:
        stderr_console().print(error.message(lang), style="red", markup=False)
        sys.exit(EXIT_UNUSABLE)
    try:
        load_plan(plan, lenient_people=True)
    except PlanLoadError as error:
        report_diagnostics(error.diagnostics, lang)
        sys.exit(EXIT_UNUSABLE)
    count = len(suggestion.proposals)
    return Text(
        f"已把 {count} 对结对写入 {change.path}；下一步：activitymonth check {plan}",
        f"wrote {count} pair(s) into {change.path}; next: activitymonth check {plan}",
    )


def _table(plan: Plan, suggestion: Suggestion, lang: Lang) -> Table:
    count = len(suggestion.proposals)
    table = Table(
        title=Text(
            f"结对建议（{count} 对，每人最多 {suggestion.limit} 户）",
            f"Proposed pairs ({count}; at most {suggestion.limit} per cadre)",
        )(lang),
        show_lines=True,
    )
    for header in (
        Text("干部", "cadre"),
        Text("结对户", "household"),
        Text("村", "village"),
        Text("困难程度", "need"),
        Text("理由", "why"),
    ):
        table.add_column(header(lang), overflow="fold")
    for proposal in suggestion.proposals:
        household = proposal.household
        table.add_row(
            escape(person_text(plan, proposal.cadre)(lang)),
            escape(household.name),
            escape(household.village or ""),
            str(household.need or ""),
            escape(proposal.reason(lang)),
        )
    return table


def _notes(plan: Plan, suggestion: Suggestion, lang: Lang) -> list[Text]:
    """What was not done and why: households left over, cadres left without a household,
    cadres ordered last for want of a rank. A county's lists are cut at ``SHOWN`` lines
    or names, with the count of the rest."""
    notes: list[Text] = []
    if not suggestion.proposals:
        notes.append(Text("没有可提出的结对建议", "no pairs to propose"))
    leftovers = suggestion.leftovers
    if leftovers:
        notes.append(
            Text(f"{len(leftovers)} 户未列入建议：", f"{len(leftovers)} household(s) not proposed:")
        )
        for leftover in leftovers[:SHOWN]:
            shown = household_text(leftover.household)
            notes.append(
                Text(
                    f"  第 {leftover.row} 行 {shown.zh}：{leftover.reason.zh}",
                    f"  row {leftover.row} {shown.en}: {leftover.reason.en}",
                )
            )
        if len(leftovers) > SHOWN:
            more = len(leftovers) - SHOWN
            notes.append(Text(f"  ……另有 {more} 户", f"  … and {more} more"))
    if suggestion.unpaired:
        names = _names(plan, suggestion.unpaired)
        notes.append(
            Text(
                f"结对户不够：{len(suggestion.unpaired)} 名须结对的干部仍没有结对户：{names.zh}"
                "；补充结对户名单后重新运行",
                f"not enough households: {len(suggestion.unpaired)} cadre(s) who must be "
                f"paired still have none: {names.en}; add households to the list and run again",
            )
        )
    if suggestion.unranked:
        names = _names(plan, suggestion.unranked)
        notes.append(
            Text(
                f"{names.zh} 没有可识别的职级，排在其他干部之后；"
                "在 people 中写上 rank（如 正科级、副科级）可使配对更准确",
                f"{names.en}: no recognisable rank, so ordered after the others; write their "
                "rank in people (正科级, 副科级 …) for a better match",
            )
        )
    return notes


def _names(plan: Plan, cadres: tuple[str, ...]) -> Text:
    """``王某（wang）、李某（li）`` — the first ``SHOWN`` and how many more."""
    names = Text.join([person_text(plan, cadre) for cadre in cadres[:SHOWN]], "、", ", ")
    if len(cadres) <= SHOWN:
        return names
    return names + Text(f" 等 {len(cadres)} 人", f" and {len(cadres) - SHOWN} more")
