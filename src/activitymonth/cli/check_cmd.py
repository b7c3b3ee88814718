"""``check``: lint plans against the rules, for a person at a terminal or a CI service.

The command is a shell over the API: ``load_plan``, ``find_config``/``load_config``,
``rules.check``, ``apply_suppressions``, the fixer and one of the output formats. What
it adds is the run's policy: which findings fail the run (``--fail-on``/``--strict``;
waived findings never do), how command-line selections combine with the config file,
and exit codes CI can rely on: 0 clean, 1 findings at or above the threshold, 2 input or
configuration that cannot be used.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from activitymonth.cli.common import (
    EXIT_FINDINGS,
    EXIT_UNUSABLE,
    lang_option,
    parse_today,
    report_diagnostics,
    stderr_console,
    stdout_console,
)
from activitymonth.cli.rules_cmd import unknown_rule
from activitymonth.diagnostics import PlanLoadError
from activitymonth.i18n import Lang, Text
from activitymonth.ledger.errors import LedgerError
from activitymonth.ledger.location import ENV_VAR, default_ledger_path, ledger_location
from activitymonth.load import LoadedPlan, load_plan
from activitymonth.rules import Config, Edit, Finding, Rule, Severity
from activitymonth.rules.config import matches
from activitymonth.rules.configfile import find_config, load_config
from activitymonth.rules.engine import check as check_plan
from activitymonth.rules.fixer import (
    FileChange,
    FileChangedError,
    plan_fixes,
    unified_diff,
    write_changes,
)
from activitymonth.rules.output import FORMATS, json_format, parsable, sarif, text
from activitymonth.rules.output import github as github_format
from activitymonth.rules.rule import REGISTRY, load_builtin_rules
from activitymonth.rules.suppress import apply_suppressions

if TYPE_CHECKING:
    from activitymonth.cli.plan_ledger import PlanLedger

RENDERERS = {
    "text": text.render,
    "parsable": parsable.render,
    "json": json_format.render,
    "github": github_format.render,
}


@dataclass
class Checked:
    """One plan's run: where it came from, what it is now, what remains to report."""

    path: Path
    loaded: LoadedPlan
    config: Config
    findings: list[Finding]
    user_rules: tuple[type[Rule], ...] = ()
    ledger: PlanLedger | None = None


@click.command()
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people; parsable, json, sarif, github for tools and CI.",
)
@lang_option
@click.option(
    "--fail-on",
    type=click.Choice([severity.value for severity in Severity]),
    help="Lowest severity that fails the run (exit 1) [default: the config's, else error].",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too (--fail-on warning).")
@click.option(
    "--today",
    callback=parse_today,
    metavar="YYYY-MM-DD|today",
    help="Judge deadlines on this day; without it, checks that depend on the date "
    "(overdue items) do not run, so a plan's result does not change with the calendar "
    "(the ledger rules then judge on today in the plan's time zone).",
)
@click.option(
    "--db",
    metavar="URL",
    help=f"Also run the ledger rules (AM7xx) on this ledger: a SQLite file or "
    f"postgresql://… (default: ${ENV_VAR}, else PLAN.ledger.sqlite when it exists).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Configuration file [default: .activitymonth.yaml found upward from each plan].",
)
@click.option(
    "--select",
    multiple=True,
    metavar="X,Y",
    help="Rules to run, by code, prefix, group or name (added to the config file's select).",
)
@click.option(
    "--ignore", multiple=True, metavar="X,Y", help="Rules to skip (added to the config's)."
)
@click.option("--fix", is_flag=True, help="Apply the safe fixes to the files, then re-check.")
@click.option(
    "--diff",
    is_flag=True,
    help="Print the safe fixes as a diff and change nothing; exit 1 when there is one.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to a file instead of the terminal.",
)
def check(
    plans: tuple[Path, ...],
    fmt: str,
    lang: Lang,
    fail_on: str | None,
    strict: bool,
    today: date | None,
    db: str | None,
    config_path: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fix: bool,
    diff: bool,
    output: Path | None,
) -> None:
    """Check plans against the rules and report the findings.

    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 unusable plan or config.
    Findings waived in the plan (``# activitymonth: disable=AM203 -- reason``) are shown
    but never fail the run.
    """
    load_builtin_rules()
    selected, ignored = _selectors(select, lang), _selectors(ignore, lang)
    configs = _ConfigFinder(config_path, selected, ignored, lang)
    ledgers = _LedgerFinder(db)
    runs: list[Checked] = []
    unusable = False
    for path in plans:
        loaded = _load(path, lang)
        if loaded is None:
            unusable = True
            continue
        config, user_rules = configs.for_plan(path)
        try:
            ledger = ledgers.for_plan(path, loaded)
            findings = _findings(loaded, config, today, user_rules, ledger)
        except LedgerError as error:
            _ledger_failed(error, lang)
            unusable = True
            continue
        runs.append(Checked(path, loaded, config, findings, user_rules, ledger))
    if diff:
        changes = [change for run in runs for change in _fixes(run, lang)]
        _emit(unified_diff(changes) if changes else "", output)
        if not changes:
            _note(Text("没有可自动修复的问题", "nothing to fix automatically"), lang)
        sys.exit(EXIT_UNUSABLE if unusable else EXIT_FINDINGS if changes else 0)
    if fix:
        unusable |= not _apply_fixes(runs, today, lang)
    findings = [finding for run in runs for finding in run.findings]
    files = [str(run.path) for run in runs]
    if runs or not unusable or fmt != "text":
        # "0 plans checked: no problems" after the reasons no plan could be checked would
        # read as a pass; machine formats still get their (empty) document.
        _report(fmt, findings, files, runs, lang, output)
    failing = any(_fails(run, fail_on, strict) for run in runs)
    sys.exit(EXIT_UNUSABLE if unusable else EXIT_FINDINGS if failing else 0)


def _load(path: Path, lang: Lang) -> LoadedPlan | None:
    """The plan, or None after printing why it cannot be used (the other plans still run).
    Loaded plans are frozen out of the cyclic collector, as ``load_or_exit`` explains."""
    try:
        loaded = load_plan(path, lenient_people=True)
    except PlanLoadError as error:
        report_diagnostics(error.diagnostics, lang)
        return None
    gc.freeze()
    return loaded


def _findings(
    loaded: LoadedPlan,
    config: Config,
    today: date | None,
    user_rules: tuple[type[Rule], ...],
    ledger: PlanLedger | None = None,
) -> list[Finding]:
    found = check_plan(
        loaded,
        config,
        today=today,
        extra_rules=user_rules,
        ledger=ledger.ledger if ledger else None,
    )
    return apply_suppressions(found, loaded, config=config)


class _LedgerFinder:
    """The ledger each plan's ledger rules read: ``--db``, else ``$ACTIVITYMONTH_DB`` or
    the file beside the plan, each opened once however many plans share it. A plan
    without ``unit`` can have no records, so only an explicit ``--db`` is used for it,
    and its run then stops with what the plan lacks."""

    def __init__(self, db: str | None) -> None:
        self._db = db
        self._open: dict[str, PlanLedger | None] = {}

    def for_plan(self, path: Path, loaded: LoadedPlan) -> PlanLedger | None:
        if loaded.plan.unit is None and self._db is None:
            return None
        location = ledger_location(path, self._db)
        if location not in self._open:
            named = self._db or os.environ.get(ENV_VAR)
            if not named and not default_ledger_path(path).exists():
                self._open[location] = None  # nothing recorded: no database layer to load
            else:
                from activitymonth.cli.plan_ledger import plan_ledger  # SQLAlchemy, on demand

                self._open[location] = plan_ledger(path, self._db)
        return self._open[location]


def _ledger_failed(error: LedgerError, lang: Lang) -> None:
    stderr_console().print(error.render(lang), style="red", markup=False)


def _fixes(run: Checked, lang: Lang) -> list[FileChange]:
    """The safe fixes of the run's open findings (the fixer leaves waived ones alone);
    fixes it refused to apply are listed with the reason."""
    planned = plan_fixes(run.findings, run.loaded)
    for refusal in planned.refused:
        stderr_console().print(refusal.render(lang), style="yellow", markup=False)
    return planned


def _apply_fixes(runs: list[Checked], today: date | None, lang: Lang) -> bool:
    """Write each plan's safe fixes and re-check it. False when a file changed on disk
    meanwhile (nothing of that plan is written) or a fixed plan no longer loads."""
    written: set[Path] = set()
    fixed = 0
    usable = True
    for run in runs:
        changes = _fixes(run, lang)
        if not changes:
            continue
        try:
            write_changes(changes)
        except FileChangedError as error:
            stderr_console().print(error.message(lang), style="red", markup=False)
            usable = False
            continue
        written.update(change.path for change in changes)
        before = {f.fingerprint for f in run.findings if _safely_fixable(f)}
        reloaded = _load(run.path, lang)
        if reloaded is None:
            usable = False
            run.findings = []
            continue
        run.loaded = reloaded
        try:
            run.findings = _findings(reloaded, run.config, today, run.user_rules, run.ledger)
        except LedgerError as error:
            _ledger_failed(error, lang)
            usable = False
            run.findings = []
            continue
        fixed += len(before - {f.fingerprint for f in run.findings})
    if written:
        _note(
            Text(
                f"已自动修复 {fixed} 处问题，写入 {len(written)} 个文件",
                f"fixed {fixed} problem(s), wrote {len(written)} file(s)",
            ),
            lang,
        )
    return usable


def _safely_fixable(finding: Finding) -> bool:
    return (
        finding.waiver is None and finding.fix is not None and finding.fix.applicability == "safe"
    )


def _report(
    fmt: str,
    findings: list[Finding],
    files: list[str],
    runs: Sequence[Checked],
    lang: Lang,
    output: Path | None,
) -> None:
    if fmt == "text" and output is None:
        stdout_console().print(text.styled(findings, lang=lang, files=files), end="")
        return
    if fmt == "sarif":
        sources = {finding: run.loaded.sources for run in runs for finding in run.findings}

        def edit_spans(finding: Finding, edit: Edit) -> sarif.Span | None:
            return sources[finding].span(edit.path)

        rendered = sarif.render(findings, lang=lang, files=files, edit_spans=edit_spans)
    else:
        rendered = RENDERERS[fmt](findings, lang=lang, files=files)
    _emit(rendered, output)


def _emit(rendered: str, output: Path | None) -> None:
    if output is None:
        click.echo(rendered, nl=False)
    else:
        output.write_text(rendered, encoding="utf-8")


def _note(message: Text, lang: Lang) -> None:
    """Progress for the person running the command, kept off stdout so that JSON, SARIF
    and diffs stay machine-readable."""
    stderr_console().print(message(lang), markup=False)


def _fails(run: Checked, fail_on: str | None, strict: bool) -> bool:
    threshold = Severity(fail_on) if fail_on else run.config.fail_on
    if strict and threshold.rank > Severity.WARNING.rank:
        threshold = Severity.WARNING
    return any(f.waiver is None and f.severity.rank >= threshold.rank for f in run.findings)


def _selectors(values: tuple[str, ...], lang: Lang) -> tuple[str, ...]:
    """``--select AM2,staffing --select AM301`` as selectors, each naming a known rule."""
    found = tuple(part.strip() for value in values for part in value.split(",") if part.strip())
    for selector in found:
        if not any(matches(selector, rule) for rule in REGISTRY):
            unknown_rule(selector, lang, selector=True)
    return found


class _ConfigFinder:
    """The configuration of each plan: ``--config``, else the nearest
    ``.activitymonth.yaml`` above the plan, read once per file, extended by the command
    line's ``--select``/``--ignore``."""

    def __init__(
        self, explicit: Path | None, select: tuple[str, ...], ignore: tuple[str, ...], lang: Lang
    ) -> None:
        self._explicit = explicit
        self._select = select
        self._ignore = ignore
        self._lang = lang
        self._cache: dict[Path | None, tuple[Config, tuple[type[Rule], ...]]] = {}

    def for_plan(self, plan: Path) -> tuple[Config, tuple[type[Rule], ...]]:
        """The plan's configuration and the user rules its ``user-rules:`` files define
        (paths relative to the configuration file)."""
        source = self._explicit or find_config(plan.resolve().parent)
        if source not in self._cache:
            try:
                config = load_config(source)
                rules: tuple[type[Rule], ...] = ()
                if config.user_rules and source is not None:
                    # The CEL parser behind user rules loads only for configs that use them.
                    from activitymonth.rules.user import load_user_rules

                    paths = [source.parent / name for name in config.user_rules]
                    rules = tuple(load_user_rules(paths))
                    config = load_config(source, extra_rules=rules)
            except PlanLoadError as error:
                report_diagnostics(error.diagnostics, self._lang)
                sys.exit(EXIT_UNUSABLE)
            self._cache[source] = (self._extended(config), rules)
        return self._cache[source]

    def _extended(self, config: Config) -> Config:
        """A config file's explicit ``select`` is extended; the built-in default (every
        rule) is replaced, so that ``--select AM2`` runs the date rules only."""
        update: dict[str, tuple[str, ...]] = {}
        if self._select:
            explicit = "select" in config.model_fields_set
            update["select"] = (*config.select, *self._select) if explicit else self._select
        if self._ignore:
            update["ignore"] = (*config.ignore, *self._ignore)
        return config.model_copy(update=update)
