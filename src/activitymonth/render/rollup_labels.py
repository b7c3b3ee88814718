"""The words and figures of the roll-up, shared by the terminal, JSON and HTML views.

Each view lays the same cells out its own way; the headers, the ``3/7`` and ``43%`` of a
cell and the notes on skipped files are written once here so the views never differ.
"""

from __future__ import annotations

from pathlib import Path

from activitymonth.i18n import Lang, Text, format_day
from activitymonth.tracking.plan_files import Skipped, SkipReason
from activitymonth.tracking.rollup import Rollup, Share, UnitRow

NOTHING = "—"
TITLE = Text("各单位活动进度汇总", "Units' progress roll-up")
UNITS_TITLE = Text("各单位进度（落后的在前）", "Progress by unit (lagging first)")
MATRIX_TITLE = Text("各项目子项达标率（单位 × 项目）", "Program items met (unit × program)")
CHART_TITLE = Text("各单位活动完成率", "Occurrences done by unit")
ALL_UNITS = Text("全部单位", "All units")
TOTAL = Text("合计", "Total")
UNIT = Text("单位", "Unit")
HEADERS = (
    UNIT,
    Text("计划", "Plan"),
    Text("各项目子项达标", "Program items met"),
    Text("活动完成（次）", "Occurrences done"),
    Text("逾期", "Overdue"),
    Text("结对逾期/未走访", "Pairs late / never visited"),
    Text("走访（次）", "Visits"),
)
FAILED_TITLE = Text("无法汇总的计划", "Plans that could not be rolled up")
LEGEND = Text("颜色表示完成或达标的比例：", "Colour shows the share done or met: ")
SKIPPED_TITLE = Text("未作为单位计划汇总的文件", "Files not rolled up as unit plans")


def fraction(share: Share) -> str:
    return f"{share.met}/{share.total}"


def percent(share: Share) -> str:
    return f"{share.share:.0%}"


def fraction_and_percent(share: Share) -> str:
    """``3/7 43%``."""
    return f"{fraction(share)} {percent(share)}"


def program_items(row: UnitRow) -> list[str]:
    """``六个一@学校 2/6`` per adopted program; empty when the plan adopts none."""
    return [f"{program.id} {fraction(program.items)}" for program in row.programs]


def pairs_cell(row: UnitRow) -> str:
    """``1/2`` (late / never visited), or a dash for a plan without pairs."""
    return f"{row.late_pairs}/{row.never_visited}" if row.pairs else NOTHING


def totals(rollup: Rollup) -> dict[str, int]:
    """Overdue, late pairs, never visited, pairs and visits over every row."""
    return {
        name: sum(getattr(row, name) for row in rollup.rows)
        for name in ("overdue", "late_pairs", "never_visited", "pairs", "visits")
    }


def summary(rollup: Rollup, ledger: str, lang: Lang) -> str:
    """``截至 2026-09-20 周日 · plans/units 中 5 个计划 · 台账 county.sqlite``."""
    day = format_day(rollup.today, lang)
    count = len(rollup.rows)
    where = Text(f"{rollup.folder} 中 ", f" in {rollup.folder}") if rollup.folder else Text("", "")
    return Text(
        f"截至 {day} · {where.zh}{count} 个计划 · 台账 {ledger}",
        f"as of {day} · {count} plan(s){where.en} · ledger {ledger}",
    )(lang)


def skipped_note(skipped: Skipped, lang: Lang, base: Path | None = None) -> str:
    """``county.yaml（由 unit.yaml 扩展或包含）``, paths relative to ``base`` if given."""
    path = shown_path(skipped.path, base)
    if skipped.reason is SkipReason.RULES:
        why = Text("自定规则文件", "a user-rules file")
    else:
        by = shown_path(skipped.by, base) if skipped.by else NOTHING
        why = Text(f"由 {by} 扩展或包含", f"extended or included by {by}")
    return Text(f"{path}（{why.zh}）", f"{path} ({why.en})")(lang)


def shown_path(path: Path, base: Path | None) -> str:
    """``path`` relative to ``base`` (the folder rolled up) when inside it, else as given."""
    if base is not None and path.is_relative_to(base):
        return path.relative_to(base).as_posix()
    return str(path)
