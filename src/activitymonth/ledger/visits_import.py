"""Importing visits of pairs from a CSV file (结对走访记录), fast and all-or-nothing.

The file has a header row; columns may come in any order and be named in English or
Chinese. Required: ``pair``, ``date``, ``mode``.

| column | also | value |
| --- | --- | --- |
| ``pair`` | 结对, 结对编号 | a pair key of the plan, or a cadre id with exactly one pair |
| ``date`` | 日期, 走访日期 | the day: 2026-09-15, 2026/9/15 or 2026年9月15日; not in the future |
| ``mode`` | 方式, 走访方式 | 入户, 电话, 微信 or 请上来 (home, phone, wechat, invited) |
| ``topics`` | 主题, 走访内容 | what was talked about |
| ``solved`` | 解决问题, 办理实事 | problems solved (好事实事) |
| ``family`` | 家庭情况 | 四个清楚: 是/否, or what was learnt (which counts as known) |
| ``goals`` | 发展意愿, 发展目标 | likewise |
| ``skills`` | 技能, 劳动技能 | likewise |
| ``needs`` | 需求, 困难诉求 | likewise |
| ``note`` | 备注 | free text |

UTF-8 (with or without BOM) is read, and GB18030 (what Excel saves as "CSV" on a Chinese
Windows) when the file is not UTF-8. Every row is checked before anything is written;
then all rows go into one transaction in ``executemany`` batches, so a refused file or a
crash half-way leaves the ledger as it was. The same file is not imported twice.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from activitymonth.i18n import Text
from activitymonth.ledger.errors import CellProblem, LedgerError
from activitymonth.ledger.importing import ImportSummary, Problems, Source
from activitymonth.ledger.records import Action, AuditEntry
from activitymonth.ledger.schema import audit
from activitymonth.ledger.store import Ledger
from activitymonth.ledger.targets import PlanTargets
from activitymonth.ledger.values import BadValue, not_after, parse_day, parse_fact, parse_mode
from activitymonth.ledger.writes import VisitBulkInsert, insert_audit

BATCH_SIZE = 10_000
"""Rows per ``executemany``: large enough to amortise round trips, small enough to keep
memory flat."""

COLUMNS: dict[str, tuple[str, ...]] = {
    "pair": ("结对", "结对编号"),
    "date": ("日期", "走访日期"),
    "mode": ("方式", "走访方式"),
    "topics": ("主题", "走访内容"),
    "solved": ("解决问题", "办理实事"),
    "family": ("家庭情况",),
    "goals": ("发展意愿", "发展目标"),
    "skills": ("技能", "劳动技能"),
    "needs": ("需求", "困难诉求"),
    "note": ("备注",),
}
REQUIRED = ("pair", "date", "mode")
FACTS = ("family", "goals", "skills", "needs")
_BY_NAME = {name: key for key, names in COLUMNS.items() for name in (key, *names)}


def import_visits(
    ledger: Ledger,
    targets: PlanTargets,
    source: Source,
    *,
    by: str,
    now: datetime | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportSummary:
    """Check every row of a visits CSV, then write them all in one transaction."""
    now = now or datetime.now(UTC)
    bulk = VisitBulkInsert(ledger.engine.dialect)
    if bulk.own_columns != ROW_COLUMNS:
        raise AssertionError(f"visits columns changed: {bulk.own_columns}")
    reader = csv.reader(io.StringIO(decode_csv(source)))
    header = next(reader, None)
    problems = Problems(source.name)
    index = _columns(header or [], problems)
    problems.raise_any()
    rows = _rows(reader, index, targets, targets.today(now), bulk, problems)
    problems.raise_any()
    if not rows:
        return ImportSummary(source.name, 0, 0)
    with ledger.write() as conn:
        _refuse_repeat(conn, targets, source)
        entry = AuditEntry(
            targets.unit,
            targets.plan_id,
            Action.IMPORT_VISITS,
            by,
            now,
            len(rows),
            source.name,
            source.sha256,
        )
        shared = bulk.shared(insert_audit(conn, entry), targets.unit, targets.plan_id, by, now)
        for start in range(0, len(rows), batch_size):
            write_batch(conn, bulk, shared, rows[start : start + batch_size])
    return ImportSummary(source.name, len(rows), len(rows))


def write_batch(
    conn: sa.Connection, bulk: VisitBulkInsert, shared: tuple[Any, ...], rows: list[tuple[Any, ...]]
) -> None:
    """One ``executemany`` (a function of its own so a test can fail the import half-way)."""
    bulk.insert(conn, shared, rows)


def decode_csv(source: Source) -> str:
    try:
        return source.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return source.data.decode("gb18030")
    except UnicodeDecodeError:
        raise LedgerError(
            Text(
                f"{source.name} 既不是 UTF-8 也不是 GBK 编码的文本",
                f"{source.name} is neither UTF-8 nor GBK text",
            ),
            Text("在 Excel 中另存为“CSV UTF-8”", "save it from Excel as 'CSV UTF-8'"),
        ) from None


def _columns(header: list[str], problems: Problems) -> dict[str, int]:
    index: dict[str, int] = {}
    for number, name in enumerate(header):
        key = _BY_NAME.get(name.strip().lstrip("\ufeff"))
        if key is None:
            near = difflib.get_close_matches(name.strip(), list(_BY_NAME), n=1, cutoff=0.5)
            hint = f"（是否想写 {near[0]}？）" if near else ""
            hint_en = f" (did you mean {near[0]}?)" if near else ""
            known = ", ".join(COLUMNS)
            problems.add(
                CellProblem(
                    1,
                    name,
                    name,
                    Text(
                        f"未知的列名{hint}；可用的列：{known}",
                        f"unknown column{hint_en}; the columns are {known}",
                    ),
                )
            )
        elif key in index:
            problems.add(
                CellProblem(1, name, name, Text("列名重复，删去一列", "repeated column; drop one"))
            )
        else:
            index[key] = number
    for key in REQUIRED:
        if key not in index:
            problems.add(
                CellProblem(
                    1,
                    key,
                    None,
                    Text(
                        f"缺少必填列 {key}（或 {'、'.join(COLUMNS[key])}）",
                        f"the required column {key} is missing",
                    ),
                )
            )
    return index


class _Cached:
    """Memoises a parser: a year of visits repeats the same few hundred dates and words."""

    def __init__(self, parse: Callable[[str], Any]) -> None:
        self.parse = parse
        self.seen: dict[str, Any] = {}

    def __call__(self, text: str) -> Any:
        found = self.seen.get(text)
        if found is None:
            found = self.seen[text] = self.parse(text)
        return found


ROW_COLUMNS = (
    "pair_key",
    "cadre",
    "visit_date",
    "mode",
    "topics",
    "solved",
    "knows_family",
    "family",
    "knows_goals",
    "goals",
    "knows_skills",
    "skills",
    "knows_needs",
    "needs",
    "note",
)
"""The ``visits`` columns each CSV row fills, in table order (``_rows`` builds them so)."""


def _rows(
    reader: Iterable[list[str]],
    index: dict[str, int],
    targets: PlanTargets,
    today: date,
    bulk: VisitBulkInsert,
    problems: Problems,
) -> list[tuple[Any, ...]]:
    """Every row as converted ``ROW_COLUMNS`` values, once all of them are valid."""
    pairs = _pair_lookup(targets)

    def visit_day(text: str) -> Any:
        return bulk.convert("visit_date", not_after(parse_day(text), today))

    def known_and_text(text: str) -> tuple[Any, str | None]:
        found = parse_fact(text)
        return bulk.convert("knows_family", found.known), found.text

    day = _Cached(visit_day)
    mode = _Cached(lambda text: parse_mode(text).value)
    fact = _Cached(known_and_text)
    no_fact = fact("")
    checks = (("date", day), ("mode", mode))
    pair_at = index["pair"]
    topics_at, solved_at, note_at = (index.get(key) for key in ("topics", "solved", "note"))
    fact_at = [index.get(key) for key in FACTS]
    width = max(index.values()) + 1
    rows: list[tuple[Any, ...]] = []
    for line, cells in enumerate(reader, start=2):
        if not any(cells):
            continue
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        key = cells[pair_at].strip()
        pair = pairs.get(key)
        if pair is None:
            problems.add(CellProblem(line, "pair", key, _pair_problem(targets, key)))
        checked = []
        for name, parse in checks:
            try:
                checked.append(parse(cells[index[name]]))
            except BadValue as error:
                problems.add(CellProblem(line, name, cells[index[name]], error.message))
        if pair is None or len(checked) < len(checks) or problems.count:
            continue
        known = [fact(cells[at]) if at is not None else no_fact for at in fact_at]
        rows.append(
            (
                *pair,
                *checked,
                _text(cells, topics_at),
                _text(cells, solved_at),
                *known[0],
                *known[1],
                *known[2],
                *known[3],
                _text(cells, note_at),
            )
        )
    return rows


def _text(cells: list[str], at: int | None) -> str | None:
    return (cells[at].strip() or None) if at is not None else None


def _pair_problem(targets: PlanTargets, key: str) -> Text:
    try:
        targets.pair(key)
    except LedgerError as error:
        return error.message + Text("；", "; ") + error.hint if error.hint else error.message
    raise AssertionError(f"{key} is a pair of the plan")


def _pair_lookup(targets: PlanTargets) -> dict[str, tuple[str, str]]:
    """Pair key (or a cadre id with one pair) → (pair key, cadre)."""
    found = {
        cadre: (pairs[0].key, cadre)
        for cadre, pairs in targets.pairs_of_cadre.items()
        if len(pairs) == 1
    }
    found.update({key: (key, pair.cadre) for key, pair in targets.pairs.items()})
    return found


def _refuse_repeat(conn: sa.Connection, targets: PlanTargets, source: Source) -> None:
    earlier = conn.execute(
        sa.select(audit.c.at, audit.c.actor)
        .where(
            audit.c.unit == targets.unit,
            audit.c.plan_id == targets.plan_id,
            audit.c.action == Action.IMPORT_VISITS.value,
            audit.c.source_sha256 == source.sha256,
        )
        .limit(1)
    ).first()
    if earlier is not None:
        when = earlier.at.astimezone(targets.zone).strftime("%Y-%m-%d %H:%M")
        raise LedgerError(
            Text(
                f"{source.name} 已于 {when} 由 {earlier.actor} 导入，再导入会重复记录走访",
                f"{source.name} was imported on {when} by {earlier.actor}; "
                "importing it again would count its visits twice",
            ),
            Text("新的走访记录请另存一个文件导入", "put new visits in a new file"),
        )
