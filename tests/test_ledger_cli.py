"""The recording commands: done, visit, undo and db init, with their exit codes and messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import click
import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from activitymonth.cli.ledger_cmds import db_group, done, undo, visit
from activitymonth.ledger import ENV_VAR, open_ledger
from activitymonth.ledger.schema import completion_evidence, completions, visits

from conftest import PLANS

pytest_plugins = ["pg"]


def run(command: click.Command, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner(env={"ACTIVITYMONTH_LANG": "en", ENV_VAR: "", **(env or {})}).invoke(
        command, [str(a) for a in args]
    )


@pytest.fixture
def bureau(tmp_path: Path) -> Path:
    return Path(shutil.copy(PLANS / "bureau-september.yaml", tmp_path / "bureau.yaml"))


@pytest.fixture
def pairing(tmp_path: Path) -> Path:
    return Path(shutil.copy(PLANS / "bureau-pairing-yijiaqin.yaml", tmp_path / "pairing.yaml"))


def rows(location: str, table: sa.Table) -> list[sa.Row]:
    ledger = open_ledger(location)
    with ledger.read() as conn:
        found = conn.execute(sa.select(table).order_by(*table.primary_key)).all()
    ledger.close()
    return found


def test_done_writes_beside_the_plan_by_default(bureau: Path) -> None:
    photo = bureau.parent / "签到表.jpg"
    photo.write_bytes(b"sign-in sheet")
    result = run(
        done,
        bureau,
        "mobilize",
        "--date",
        "2026-09-01",
        "--cadres",
        "12",
        "--residents",
        "18",
        "--materials",
        "宣传折页=500,横幅=6",
        "--evidence",
        photo,
        "--note",
        "局长讲话",
        "--by",
        "韩某某",
    )
    assert result.exit_code == 0, result.output
    location = bureau.parent / "bureau.ledger.sqlite"
    assert "recorded 'mobilize/2026-09-01' done on 2026-09-01 Tue (record #1)" in result.output
    assert str(location) in result.output
    [record] = rows(str(location), completions)
    assert (record.participants, record.cadres, record.residents) == (30, 12, 18)
    assert record.recorded_by == "韩某某"
    [evidence] = rows(str(location), completion_evidence)
    assert evidence.path == "签到表.jpg"


def test_done_into_the_database_named_by_db_or_the_environment(
    bureau: Path, ledger_db: str
) -> None:
    assert run(done, bureau, "study", "--date", "2026-09-08", "--db", ledger_db).exit_code == 0
    env = {ENV_VAR: ledger_db}
    assert run(done, bureau, "outreach", "--date", "2026-09-16", env=env).exit_code == 0
    assert [r.item_id for r in rows(ledger_db, completions)] == ["study", "outreach"]
    assert not (bureau.parent / "bureau.ledger.sqlite").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["mobilise", "--date", "2026-09-01"], "nearest ids: mobilize"),
        (["reception", "--date", "2026-09-03"], "name the planned date with --occurrence"),
        (["reception", "--occurrence", "2026-09-04"], "2026-09-04 is not one of them"),
        (["mobilize", "--date", "2026-13-01"], "--date: unreadable date '2026-13-01'"),
        (["mobilize", "--date", "2999-01-01"], "the ledger records only what has happened"),
        (["mobilize", "--date", "2026-09-01", "--cadres", "x"], "--cadres: 'x' is not a count"),
        (["mobilize", "--date", "2026-09-01", "--materials", "折页"], "write it as 宣传折页=500"),
        (["mobilize", "--date", "2026-09-01", "--evidence", "nope.jpg"], "nope.jpg not found"),
    ],
)
def test_done_refuses_bad_input_with_exit_2(bureau: Path, args: list[str], message: str) -> None:
    result = run(done, bureau, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (bureau.parent / "bureau.ledger.sqlite").exists()


def test_messages_are_chinese_by_default(bureau: Path) -> None:
    result = run(done, bureau, "mobilise", "--lang", "zh")
    assert result.exit_code == 2
    assert "计划中没有活动或材料 “mobilise”" in result.output
    assert "最接近的编号：mobilize" in result.output


def test_an_unusable_plan_exits_2(tmp_path: Path) -> None:
    result = run(done, tmp_path / "missing.yaml", "mobilize")
    assert result.exit_code == 2
    assert "not found" in result.output


def test_visit_and_undo(pairing: Path) -> None:
    result = run(
        visit,
        pairing,
        "ai",
        "--date",
        "2026-10-19",
        "--mode",
        "入户",
        "--topics",
        "宣讲惠民政策",
        "--solved",
        "协调就医",
        "--family",
        "五口人，两个孩子上学",
        "--goals",
        "是",
        "--skills",
        "否",
    )
    assert result.exit_code == 0, result.output
    assert "recorded visit of ai:买某某家@某镇石榴籽村 (入户, 2026-10-19 Mon)" in result.output
    result = run(visit, pairing, "du", "--date", "2026-10-20", "--mode", "wechat")
    assert result.exit_code == 0, result.output
    location = str(pairing.parent / "pairing.ledger.sqlite")
    first, second = rows(location, visits)
    assert (first.knows_family, first.family, first.knows_goals, first.knows_skills) == (
        True,
        "五口人，两个孩子上学",
        True,
        False,
    )
    assert second.mode == "微信"
    result = run(undo, pairing, "du")
    assert result.exit_code == 0, result.output
    assert "withdrew visit of du:吐某某家@某镇胡杨村" in result.output
    assert "correcting #2" in result.output
    result = run(undo, pairing, "du")
    assert result.exit_code == 2
    assert "no record in the ledger that could be undone" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ai", "--date", "2026-10-19", "--mode", "上访"], "--mode: unknown visit mode '上访'"),
        (["zz", "--date", "2026-10-19", "--mode", "入户"], "no pair or cadre 'zz'"),
    ],
)
def test_visit_refuses_bad_input(pairing: Path, args: list[str], message: str) -> None:
    result = run(visit, pairing, *args)
    assert result.exit_code == 2
    assert message in result.output


def test_undo_of_an_item(bureau: Path) -> None:
    for day in ("2026-09-02", "2026-09-09"):
        assert run(done, bureau, "reception", "--date", day).exit_code == 0
    result = run(undo, bureau, "reception")
    assert result.exit_code == 0, result.output
    assert "withdrew 'reception/2026-09-09' (record #3, correcting #2)" in result.output
    result = run(undo, bureau, "nothing-like-it")
    assert result.exit_code == 2
    assert "no activity, deliverable, pair or cadre" in result.output


def test_db_init_creates_a_ledger(tmp_path: Path) -> None:
    location = tmp_path / "county.sqlite"
    result = run(db_group, "init", "--db", location)
    assert result.exit_code == 0, result.output
    assert "the ledger database is ready" in result.output
    assert location.exists()


def test_db_init_needs_a_database(tmp_path: Path) -> None:
    result = run(db_group, "init")
    assert result.exit_code == 2
    assert "no database given" in result.output


def test_units_need_postgresql(tmp_path: Path) -> None:
    result = run(db_group, "init", "--db", tmp_path / "x.sqlite", "--units", "甲局,乙局")
    assert result.exit_code == 2
    assert "needs PostgreSQL" in result.output


def test_a_plan_without_unit_is_refused_with_the_fix(bureau: Path) -> None:
    text = bureau.read_text(encoding="utf-8").replace("unit: 某旗信访局\n", "", 1)
    bureau.write_text(text, encoding="utf-8")
    result = run(done, bureau, "mobilize", "--date", "2026-09-01")
    assert result.exit_code == 2
    assert "has no unit" in result.output
    assert "add unit: <your unit> to the plan" in result.output
