"""``rules`` and ``rule``: what the checker checks, read from the rules themselves.

The list and each rule's page come from the registered rule classes (attributes,
docstring, ``Options`` model), so they are never out of date; the README's rule table is
this command's Markdown output, and a test keeps the two equal.
"""

from __future__ import annotations

import difflib
import json
from typing import NoReturn

import click
from rich.markup import escape
from rich.table import Table

from activitymonth.cli.common import fail, lang_option, stdout_console
from activitymonth.i18n import Lang, Text
from activitymonth.rules.config import selector_names
from activitymonth.rules.output import RuleDoc
from activitymonth.rules.rule import Registry, load_builtin_rules

HEADERS = (
    Text("编号", "code"),
    Text("名称", "name"),
    Text("分组", "group"),
    Text("默认级别", "severity"),
    Text("自动修复", "fix"),
    Text("说明", "summary"),
)
ROW_KEYS = ("code", "name", "group", "severity", "fixable", "summary")
FIXABLE_MARK = "✓"


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text for people, markdown for documents, json for scripts.",
)
@lang_option
def rules(fmt: str, lang: Lang) -> None:
    """List every rule: code, name, group, default severity, fix, summary."""
    docs = [RuleDoc.of(rule) for rule in _registry()]
    if fmt == "json":
        rows = [_row(doc, lang) for doc in docs]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        click.echo(rules_markdown(docs, lang), nl=False)
    else:
        stdout_console().print(_table(docs, lang))


@click.command()
@click.argument("code")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="markdown to read, json for scripts.",
)
@lang_option
def rule(code: str, fmt: str, lang: Lang) -> None:
    """Show one rule's documentation: why it exists, its options, examples and message.

    CODE is a rule code (AM203) or name (on-day-off).
    """
    found = _registry().get(code)
    if found is None:
        unknown_rule(code, lang)
    doc = RuleDoc.of(found)
    if fmt == "json":
        click.echo(json.dumps(doc.to_dict(lang), ensure_ascii=False, indent=2))
    else:
        click.echo(doc.markdown(lang), nl=False)


def rules_markdown(docs: list[RuleDoc], lang: Lang) -> str:
    """The rule table in Markdown, as the README shows it."""
    lines = [
        "| " + " | ".join(header(lang) for header in HEADERS) + " |",
        "|" + " --- |" * len(HEADERS),
    ]
    for doc in docs:
        row = _row(doc, lang)
        cells = [f"`{row['code']}`", *_cells(row)[1:]]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def unknown_rule(word: str, lang: Lang, *, selector: bool = False) -> NoReturn:
    """Exit 2 naming what is closest to ``word``: rule codes and names, and for a
    ``selector`` (``--select``/``--ignore``) also groups and ``ALL``."""
    registry = _registry()
    if selector:
        known = selector_names(registry)
    else:
        known = [name for rule in registry for name in (rule.code, rule.name)]
    wanted = word.upper() if word[:2].lower() == "am" else word
    close = difflib.get_close_matches(wanted, known, n=3, cutoff=0.5)
    suggestion = (
        Text("可能是：" + "、".join(close) + "；", "did you mean: " + ", ".join(close) + "? ")
        if close
        else Text("", "")
    )
    fail(
        Text(f"没有规则与 “{word}” 相符", f"no rule matches '{word}'"),
        lang,
        suggestion
        + Text(
            "运行 activitymonth rules 查看全部规则", "run activitymonth rules to list every rule"
        ),
    )


def _registry() -> Registry:
    return load_builtin_rules()


def _row(doc: RuleDoc, lang: Lang) -> dict[str, str | bool]:
    rule = doc.rule
    return {
        "code": rule.code,
        "name": rule.name,
        "group": rule.group.value,
        "severity": rule.severity.value,
        "fixable": doc.fixable,
        "summary": rule.summary(lang),
    }


def _cells(row: dict[str, str | bool]) -> list[str]:
    """A row's cells in the order of ``HEADERS``."""
    fixable = FIXABLE_MARK if row["fixable"] else ""
    return [str(row[key]) if key != "fixable" else fixable for key in ROW_KEYS]


def _table(docs: list[RuleDoc], lang: Lang) -> Table:
    table = Table(
        title=Text(f"规则（{len(docs)} 条）", f"Rules ({len(docs)})")(lang),
        caption=Text(
            "activitymonth rule 编号 查看规则的说明、选项和示例",
            "activitymonth rule CODE shows a rule's documentation, options and examples",
        )(lang),
    )
    for header in HEADERS:
        table.add_column(header(lang), overflow="fold")
    for doc in docs:
        table.add_row(*(escape(cell) for cell in _cells(_row(doc, lang))))
    return table
