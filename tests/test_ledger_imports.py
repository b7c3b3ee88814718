"""Importing a filled-in ledger sheet and a visits CSV: every row checked, all or nothing."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from activitymonth.cli.ledger_cmds import import_ledger, import_visits_command
from activitymonth.export.xlsx.ledger_sheet import LEDGER_LAYOUT, write_ledger
from activitymonth.ledger import (
    Action,
    DoneFacts,
    ImportRejected,
    Ledger,
    LedgerError,
    PlanTargets,
    RecordKind,
    Source,
    audit_trail,
    completion_history,
    current_records,
    import_ledger_sheet,
    import_visits,
    live_visits,
    load_completions,
    load_visits,
    open_ledger,
    prepare_done,
    save_record,
    sheet_import,
    visits_import,
)
from activitymonth.load import load_plan
from activitymonth.schedule import resolve

from conftest import PLANS

pytest_plugins = ["pg"]

NOW = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)


@pytest.fixture
def ledger(ledger_db: str) -> Iterator[Ledger]:
    opened = open_ledger(ledger_db)
    yield opened
    opened.close()


@pytest.fixture
def bureau() -> PlanTargets:
    return PlanTargets(resolve(load_plan(PLANS / "bureau-september.yaml")))


@pytest.fixture
def pairing() -> PlanTargets:
    return PlanTargets(resolve(load_plan(PLANS / "bureau-pairing-yijiaqin.yaml")))


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    """The bureau plan's ledger sheet as ``export ledger`` writes it."""
    schedule = resolve(load_plan(PLANS / "bureau-september.yaml"))
    return write_ledger(schedule, tmp_path / "台账.xlsx")


def row_of(sheet: openpyxl.worksheet.worksheet.Worksheet, record_id: str) -> int:
    column = LEDGER_LAYOUT.column("id")
    for row in range(LEDGER_LAYOUT.first_data_row, sheet.max_row + 1):
        if sheet.cell(row=row, column=column).value == record_id:
            return row
    raise KeyError(record_id)


def fill(path: Path, rows: dict[str | int, dict[str, Any]], reporter: str | None = None) -> Path:
    """Fill cells as a clerk would: rows by record id (or sheet row), cells by column key."""
    book = openpyxl.load_workbook(path)
    sheet = book[LEDGER_LAYOUT.sheet]
    for where, cells in rows.items():
        row = where if isinstance(where, int) else row_of(sheet, where)
        for key, value in cells.items():
            sheet.cell(row=row, column=LEDGER_LAYOUT.column(key)).value = value
    if reporter:
        info = next(i for i in LEDGER_LAYOUT.info if i.key == "reporter")
        sheet.cell(row=LEDGER_LAYOUT.info_row, column=info.value_column).value = reporter
    book.save(path)
    return path


FILLED = {
    "mobilize/2026-09-01": {
        "status": "已完成",
        "actual_date": datetime(2026, 9, 1),
        "actual_participants": 35,
        "evidence": "签到表、照片",
        "remarks": "顺利召开",
    },
    "reception/2026-09-02": {
        "status": "已完成",
        "actual_date": "2026/9/2",
        "actual_participants": "12",
    },
    "summary": {"status": "已完成", "actual_date": datetime(2026, 9, 29)},
    "banner/2026-09-02": {"status": "进行中"},
    "info": {"status": "已取消"},
}


def current(ledger: Ledger, targets: PlanTargets) -> dict[str, Any]:
    with ledger.read() as conn:
        records = load_completions(conn, current_records(targets.unit, targets.plan_id))
    return {r.occurrence_id: r for r in records}


def test_a_filled_in_sheet_imports_every_status_and_figure(
    ledger: Ledger, bureau: PlanTargets, sheet: Path
) -> None:
    fill(sheet, FILLED, reporter="苏某某")
    summary = import_ledger_sheet(ledger, bureau, Source.read(sheet), now=NOW)
    assert (summary.rows, summary.written) == (12, 3)
    records = current(ledger, bureau)
    assert set(records) == {"mobilize/2026-09-01", "reception/2026-09-02", "summary"}
    mobilize = records["mobilize/2026-09-01"]
    assert (mobilize.kind, mobilize.actual_date, mobilize.participants) == (
        RecordKind.DONE,
        date(2026, 9, 1),
        35,
    )
    assert (mobilize.evidence_text, mobilize.note, mobilize.recorded_by) == (
        "签到表、照片",
        "顺利召开",
        "苏某某",
    )
    assert records["reception/2026-09-02"].actual_date == date(2026, 9, 2)
    assert records["reception/2026-09-02"].participants == 12
    assert records["summary"].actual_date == date(2026, 9, 29)
    with ledger.read() as conn:
        [entry] = conn.execute(audit_trail(bureau.unit)).all()
    assert (entry.action, entry.records, entry.source) == (
        Action.IMPORT_LEDGER.value,
        3,
        "台账.xlsx",
    )
    assert entry.source_sha256 == hashlib.sha256(sheet.read_bytes()).hexdigest()


def test_importing_again_changes_nothing_and_edits_become_corrections(
    ledger: Ledger, bureau: PlanTargets, sheet: Path
) -> None:
    fill(sheet, FILLED)
    import_ledger_sheet(ledger, bureau, Source.read(sheet), by="苏某某", now=NOW)
    again = import_ledger_sheet(ledger, bureau, Source.read(sheet), by="苏某某", now=NOW)
    assert again.written == 0
    first = current(ledger, bureau)
    fill(
        sheet,
        {
            "mobilize/2026-09-01": {"actual_participants": 40},
            "reception/2026-09-02": {
                "status": "已取消",
                "actual_date": None,
                "actual_participants": None,
            },
        },
    )
    edited = import_ledger_sheet(ledger, bureau, Source.read(sheet), by="苏某某", now=NOW)
    assert edited.written == 2
    records = current(ledger, bureau)
    assert records["mobilize/2026-09-01"].participants == 40
    assert records["mobilize/2026-09-01"].supersedes == first["mobilize/2026-09-01"].id
    assert records["reception/2026-09-02"].kind is RecordKind.UNDONE
    assert records["reception/2026-09-02"].supersedes == first["reception/2026-09-02"].id


def test_the_sheet_keeps_what_was_recorded_by_other_means(
    ledger: Ledger, bureau: PlanTargets, sheet: Path
) -> None:
    facts = DoneFacts(date(2026, 9, 1), cadres=10, residents=25, materials=(("宣传折页", 200),))
    save_record(ledger, prepare_done(bureau, "mobilize", facts, by="韩某某", now=NOW))
    fill(sheet, {"mobilize/2026-09-01": {"status": "已完成", "actual_date": datetime(2026, 9, 1)}})
    assert import_ledger_sheet(ledger, bureau, Source.read(sheet), now=NOW).written == 0
    fill(sheet, {"mobilize/2026-09-01": {"remarks": "补记"}})
    assert import_ledger_sheet(ledger, bureau, Source.read(sheet), now=NOW).written == 1
    record = current(ledger, bureau)["mobilize/2026-09-01"]
    assert (record.participants, record.cadres, record.residents) == (35, 10, 25)
    assert dict(record.materials) == {"宣传折页": 200}
    assert record.note == "补记"


def test_a_bad_date_in_row_7_imports_nothing_and_names_row_7(
    ledger: Ledger, bureau: PlanTargets, sheet: Path
) -> None:
    fill(sheet, {**FILLED, 7: {"status": "已完成", "actual_date": "2026-09-31"}})
    with pytest.raises(ImportRejected) as caught:
        import_ledger_sheet(ledger, bureau, Source.read(sheet), now=NOW)
    [problem] = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (7, "F", "2026-09-31")
    assert problem.render("en").startswith("台账!F7 (实际日期) '2026-09-31': unreadable date")
    with ledger.read() as conn:
        assert conn.execute(completion_history()).first() is None
        assert conn.execute(audit_trail()).first() is None


def test_the_command_lists_the_bad_cells_and_exits_2(sheet: Path, ledger_db: str) -> None:
    fill(sheet, {**FILLED, 7: {"status": "已完成", "actual_date": "2026-09-31"}})
    args = [str(PLANS / "bureau-september.yaml"), str(sheet), "--db", ledger_db]
    result = CliRunner().invoke(import_ledger, [*args, "--lang", "zh"])
    assert result.exit_code == 2
    assert "台账!F7（实际日期） “2026-09-31”：无法识别的日期" in result.output
    assert "台账.xlsx：1 处错误，整个文件未导入" in result.output
    fill(sheet, {7: {"actual_date": datetime(2026, 9, 8)}})
    result = CliRunner().invoke(import_ledger, [*args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "12 row(s) read, 4 record(s) written" in result.output


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"status": "完成了"}, "L", "unknown status; choose one of 未开始、进行中、已完成、已取消"),
        ({"status": "已完成"}, "F", "the status is done but the date is empty"),
        ({"actual_date": datetime(2026, 9, 8)}, "L", "set it to 已完成, or clear them"),
        ({"status": "已完成", "actual_date": "2025-01-01"}, "F", "outside 2026-08-01 to"),
        ({"status": "已完成", "actual_date": "2026-11-21"}, "F", "after today (2026-11-20)"),
        (
            {"status": "已完成", "actual_date": "2026-09-08", "actual_participants": "三十"},
            "K",
            "'三十' is not a count",
        ),
        ({"id": "stduy/2026-09-08"}, "O", "the record id is not in the plan"),
        ({"id": "mobilize/2026-09-01"}, "O", "the same record as row 4"),
    ],
)
def test_every_cell_is_checked(
    ledger: Ledger,
    bureau: PlanTargets,
    sheet: Path,
    cells: dict[str, Any],
    column: str,
    message: str,
) -> None:
    fill(sheet, {7: cells})
    with pytest.raises(ImportRejected) as caught:
        import_ledger_sheet(ledger, bureau, Source.read(sheet), now=NOW)
    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (7, column)
    assert message in problem.render("en")


def test_a_sheet_with_moved_columns_or_another_unit_is_refused(
    ledger: Ledger, bureau: PlanTargets, sheet: Path
) -> None:
    book = openpyxl.load_workbook(sheet)
    ws = book[LEDGER_LAYOUT.sheet]
    ws.cell(row=LEDGER_LAYOUT.header_row, column=LEDGER_LAYOUT.column("status")).value = "完成情况"
    ws.cell(row=LEDGER_LAYOUT.info_row, column=3).value = "某县民宗局"
    book.save(sheet)
    with pytest.raises(ImportRejected) as caught:
        import_ledger_sheet(ledger, bureau, Source.read(sheet), now=NOW)
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "L")]
    ws.cell(row=LEDGER_LAYOUT.header_row, column=LEDGER_LAYOUT.column("status")).value = "状态"
    book.save(sheet)
    with pytest.raises(ImportRejected) as caught:
        import_ledger_sheet(ledger, bureau, Source.read(sheet), now=NOW)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "C")]
    assert "differs from the plan's '某旗信访局'" in caught.value.problems[0].render("en")


def test_a_file_that_is_not_a_workbook(ledger: Ledger, bureau: PlanTargets, tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    path.write_text("序号,活动名称\n1,动员会\n", encoding="utf-8")
    with pytest.raises(LedgerError, match=r"is not a readable \.xlsx"):
        import_ledger_sheet(ledger, bureau, Source.read(path), now=NOW)


def test_a_crash_half_way_through_a_sheet_leaves_the_ledger_unchanged(
    ledger: Ledger, bureau: PlanTargets, sheet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(sheet, FILLED)
    written: list[object] = []
    real = sheet_import.insert_completion

    def crash_on_the_second(*args: Any) -> Any:
        if written:
            raise RuntimeError("power cut")
        written.append(real(*args))
        return written[-1]

    monkeypatch.setattr(sheet_import, "insert_completion", crash_on_the_second)
    with pytest.raises(RuntimeError, match="power cut"):
        import_ledger_sheet(ledger, bureau, Source.read(sheet), now=NOW)
    assert written
    with ledger.read() as conn:
        assert conn.execute(completion_history()).first() is None
        assert conn.execute(audit_trail()).first() is None


VISITS_CSV = """\
结对,走访日期,走访方式,走访内容,解决问题,家庭情况,发展意愿,技能,需求,备注
ai:买某某家@某镇石榴籽村,2026-10-19,入户,宣讲惠民政策,协调就医,五口人,是,否,,首次走访
du,2026/10/20,电话,了解近况,,是,是,是,是,
zheng,2026年10月19日,请上来,,,,,,,
"""


def visits_file(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "visits.csv"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_visits_csv_imports_every_row(
    ledger: Ledger, pairing: PlanTargets, tmp_path: Path, encoding: str
) -> None:
    source = Source.read(visits_file(tmp_path, VISITS_CSV, encoding))
    summary = import_visits(ledger, pairing, source, by="努某某", now=NOW)
    assert (summary.rows, summary.written) == (3, 3)
    with ledger.read() as conn:
        stored = load_visits(conn, live_visits(pairing.unit).order_by(sa.text("id")))
        [entry] = conn.execute(audit_trail(pairing.unit)).all()
    assert [(v.cadre, v.visit_date, v.mode.value) for v in stored] == [
        ("ai", date(2026, 10, 19), "入户"),
        ("du", date(2026, 10, 20), "电话"),
        ("zheng", date(2026, 10, 19), "请上来"),
    ]
    first = stored[0]
    assert (first.topics, first.solved, first.note) == ("宣讲惠民政策", "协调就医", "首次走访")
    assert (first.family.known, first.family.text, first.goals.known) == (True, "五口人", True)
    assert (first.skills.known, first.needs.known) == (False, False)
    assert stored[1].four_clear
    assert all(v.recorded_by == "努某某" and v.recorded_at == NOW for v in stored)
    assert (entry.action, entry.records, entry.source_sha256) == (
        Action.IMPORT_VISITS.value,
        3,
        source.sha256,
    )


def test_the_same_visits_file_is_not_imported_twice(
    ledger: Ledger, pairing: PlanTargets, tmp_path: Path
) -> None:
    source = Source.read(visits_file(tmp_path, VISITS_CSV))
    import_visits(ledger, pairing, source, by="努某某", now=NOW)
    with pytest.raises(LedgerError, match="importing it again would count its visits twice"):
        import_visits(ledger, pairing, source, by="努某某", now=NOW)


def test_bad_visit_rows_are_all_listed_and_nothing_is_written(
    ledger: Ledger, pairing: PlanTargets, tmp_path: Path
) -> None:
    text = (
        "pair,date,mode\n"
        "ai,2026-10-19,入户\n"
        "du,2026-10-32,入户\n"
        "zheng,2026-10-19,上访\n"
        "fnag,2026-10-19,电话\n"
        "yu,2026-12-01,微信\n"
    )
    with pytest.raises(ImportRejected) as caught:
        import_visits(ledger, pairing, Source.read(visits_file(tmp_path, text)), by="x", now=NOW)
    found = [(p.row, p.column, p.value) for p in caught.value.problems]
    assert found == [
        (3, "date", "2026-10-32"),
        (4, "mode", "上访"),
        (5, "pair", "fnag"),
        (6, "date", "2026-12-01"),
    ]
    assert "nearest ids: fang" in caught.value.problems[2].render("en")
    with ledger.read() as conn:
        assert conn.execute(live_visits()).first() is None


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("pair,date,mode,notes\n", "unknown column (did you mean note?)"),
        ("pair,date\n", "the required column mode is missing"),
        ("pair,date,mode,date\n", "repeated column"),
    ],
)
def test_the_header_is_checked(
    ledger: Ledger, pairing: PlanTargets, tmp_path: Path, header: str, message: str
) -> None:
    path = visits_file(tmp_path, header + "ai,2026-10-19,入户,x\n")
    with pytest.raises(ImportRejected) as caught:
        import_visits(ledger, pairing, Source.read(path), by="x", now=NOW)
    assert message in caught.value.problems[0].render("en")


def test_a_crash_half_way_through_visits_leaves_the_ledger_unchanged(
    ledger: Ledger, pairing: PlanTargets, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches: list[int] = []
    real = visits_import.write_batch

    def crash_after_the_first_batch(*args: Any) -> None:
        if batches:
            raise RuntimeError("killed")
        real(*args)
        batches.append(len(args[-1]))

    monkeypatch.setattr(visits_import, "write_batch", crash_after_the_first_batch)
    rows = "".join(f"ai,2026-10-{day:02d},入户\n" for day in range(1, 21))
    path = visits_file(tmp_path, "pair,date,mode\n" + rows)
    with pytest.raises(RuntimeError, match="killed"):
        import_visits(ledger, pairing, Source.read(path), by="x", now=NOW, batch_size=10)
    assert batches == [10]
    with ledger.read() as conn:
        assert conn.execute(live_visits()).first() is None
        assert conn.execute(audit_trail()).first() is None


def test_import_visits_command(tmp_path: Path) -> None:
    plan = Path(shutil.copy(PLANS / "bureau-pairing-yijiaqin.yaml", tmp_path / "pairing.yaml"))
    path = visits_file(tmp_path, VISITS_CSV)
    runner = CliRunner(env={"ACTIVITYMONTH_DB": ""})
    result = runner.invoke(import_visits_command, [str(plan), str(path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "imported visits.csv: 3 row(s) read, 3 record(s) written" in result.output
    assert (tmp_path / "pairing.ledger.sqlite").exists()
    result = runner.invoke(import_visits_command, [str(plan), str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert "count its visits twice" in result.output
