"""Opening ledgers: creation, versions and migrations, append-only history, locations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from activitymonth.cli.ledger_cmds import db_group
from activitymonth.ledger import (
    ENV_VAR,
    STEPS,
    LedgerError,
    LedgerVersionError,
    Step,
    default_ledger_path,
    existing_ledger,
    ledger_location,
    newest_version,
    open_ledger,
)
from activitymonth.ledger.schema import schema_version

pytest_plugins = ["pg"]

NEWEST = newest_version()
NEXT = NEWEST + 1
"""A version after this release's, for steps the tests add after the real ones."""


def test_new_ledger_is_stamped_with_the_newest_version(ledger_db: str) -> None:
    ledger = open_ledger(ledger_db)
    with ledger.read() as conn:
        versions = conn.execute(sa.select(schema_version.c.version)).scalars().all()
        tables = set(sa.inspect(conn).get_table_names())
    ledger.close()
    assert versions == [newest_version()]
    assert {"audit", "completions", "completion_materials", "visits"} <= tables


def test_reopening_changes_nothing(ledger_db: str) -> None:
    open_ledger(ledger_db).close()
    ledger = open_ledger(ledger_db)
    with ledger.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema_version)).scalar() == 1
    ledger.close()


def _add_column(conn: sa.Connection) -> None:
    conn.exec_driver_sql("ALTER TABLE audit ADD COLUMN host VARCHAR(100)")


def _broken(conn: sa.Connection) -> None:
    conn.exec_driver_sql("ALTER TABLE audit ADD COLUMN host2 VARCHAR(100)")
    raise RuntimeError("step failed half-way")


def test_older_ledger_is_migrated_forward(ledger_db: str) -> None:
    open_ledger(ledger_db).close()
    steps = (*STEPS, Step(NEXT, "audit host", _add_column))
    ledger = open_ledger(ledger_db, steps)
    with ledger.read() as conn:
        versions = conn.execute(sa.select(schema_version.c.version)).scalars().all()
        columns = {c["name"] for c in sa.inspect(conn).get_columns("audit")}
    ledger.close()
    assert versions == [NEWEST, NEXT]
    assert "host" in columns


def test_a_failing_migration_leaves_the_ledger_as_it_was(ledger_db: str) -> None:
    open_ledger(ledger_db).close()
    steps = (*STEPS, Step(NEXT, "audit host", _add_column), Step(NEXT + 1, "broken", _broken))
    with pytest.raises(RuntimeError, match="half-way"):
        open_ledger(ledger_db, steps)
    ledger = open_ledger(ledger_db)
    with ledger.read() as conn:
        versions = conn.execute(sa.select(schema_version.c.version)).scalars().all()
        columns = {c["name"] for c in sa.inspect(conn).get_columns("audit")}
    ledger.close()
    assert versions == [NEWEST]
    assert not {"host", "host2"} & columns


def test_a_baseline_ledger_gets_the_rhythm_index(ledger_db: str) -> None:
    """A ledger written by the first release (version 1, visits indexed without ``kind``)
    moves to the index the rhythm queries read alone."""
    ledger = open_ledger(ledger_db, ())
    with ledger.write() as conn:
        conn.exec_driver_sql("DROP INDEX ix_visits_rhythm")
        conn.exec_driver_sql(
            "CREATE INDEX ix_visits_unit_plan_id_pair_key_visit_date "
            "ON visits (unit, plan_id, pair_key, visit_date)"
        )
    ledger.close()
    ledger = open_ledger(ledger_db)
    with ledger.read() as conn:
        versions = conn.execute(sa.select(schema_version.c.version)).scalars().all()
        indexes = {i["name"]: i["column_names"] for i in sa.inspect(conn).get_indexes("visits")}
    ledger.close()
    assert versions == [1, 2]
    assert "ix_visits_unit_plan_id_pair_key_visit_date" not in indexes
    assert indexes["ix_visits_rhythm"][:5] == ["unit", "plan_id", "pair_key", "visit_date", "kind"]


def test_a_newer_ledger_is_refused(ledger_db: str) -> None:
    ledger = open_ledger(ledger_db, (*STEPS, Step(NEXT, "from the future", _add_column)))
    ledger.close()
    with pytest.raises(LedgerVersionError) as caught:
        open_ledger(ledger_db)
    assert str(NEXT) in caught.value.message.en
    assert "upgrade activitymonth" in caught.value.hint.en  # type: ignore[union-attr]


def test_db_init_refuses_a_newer_ledger_with_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "x.ledger.sqlite"
    open_ledger(str(path), (*STEPS, Step(NEXT, "from the future", _add_column))).close()
    result = CliRunner().invoke(db_group, ["init", "--db", str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert f"schema version is {NEXT}" in result.output
    assert "upgrade activitymonth" in result.output


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit SET actor = 'someone else'",
        "DELETE FROM audit",
        "UPDATE completions SET cadres = 0",
        "DELETE FROM visits",
    ],
)
def test_history_cannot_be_rewritten_even_by_the_owner(ledger_db: str, statement: str) -> None:
    ledger = open_ledger(ledger_db)
    with ledger.write() as conn:
        conn.exec_driver_sql(
            "INSERT INTO audit (unit, plan_id, action, actor, at, records) "
            "VALUES ('甲局', 'p', 'done', 'wang', '2026-09-01 00:00:00', 1)"
        )
        audit_id = conn.exec_driver_sql("SELECT max(id) FROM audit").scalar()
        conn.exec_driver_sql(
            "INSERT INTO completions (audit_id, unit, plan_id, item_id, item_kind, "
            "occurrence_id, kind, actual_date, recorded_by, recorded_at) VALUES "
            f"({audit_id}, '甲局', 'p', 'a', 'activity', 'a', 'done', '2026-09-01', 'wang', "
            "'2026-09-01 00:00:00')"
        )
        conn.exec_driver_sql(
            "INSERT INTO visits (audit_id, unit, plan_id, kind, recorded_by, recorded_at, "
            "pair_key, cadre, visit_date, mode, knows_family, knows_goals, knows_skills, "
            f"knows_needs) VALUES ({audit_id}, '甲局', 'p', 'done', 'wang', "
            "'2026-09-01 00:00:00', 'k', 'wang', '2026-09-01', '入户', false, false, false, "
            "false)"
        )
    with pytest.raises(LedgerError) as caught, ledger.write() as conn:
        conn.exec_driver_sql(statement)
    ledger.close()
    assert "append-only" in caught.value.message.en


def test_sqlite_ledger_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "plan.ledger.sqlite"
    ledger = open_ledger(str(path))
    with ledger.read() as conn:
        timeout = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
        foreign_keys = conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
    ledger.close()
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    assert timeout and timeout >= 10_000
    assert foreign_keys == 1


def test_location_defaults_beside_the_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = tmp_path / "units" / "bureau.yaml"
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert default_ledger_path(plan) == tmp_path / "units" / "bureau.ledger.sqlite"
    assert ledger_location(plan) == str(tmp_path / "units" / "bureau.ledger.sqlite")
    monkeypatch.setenv(ENV_VAR, "postgresql://county@db/ledger")
    assert ledger_location(plan) == "postgresql://county@db/ledger"
    assert ledger_location(plan, "other.sqlite") == "other.sqlite"


@pytest.mark.parametrize("location", ["mysql://u@h/db", "oracle://x"])
def test_unsupported_databases_are_refused(location: str) -> None:
    with pytest.raises(LedgerError, match="unsupported ledger database"):
        open_ledger(location)


def test_a_foreign_database_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    sqlite3.connect(path).execute("CREATE TABLE visits (x INTEGER)").connection.commit()
    with pytest.raises(LedgerError, match="not an activitymonth ledger"):
        open_ledger(str(path))


def test_a_file_that_is_not_a_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("这不是数据库" * 200, encoding="utf-8")
    with pytest.raises(LedgerError) as caught:
        open_ledger(str(path))
    assert "cannot use the ledger" in caught.value.message.en


def test_reading_never_turns_another_file_into_a_ledger(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE notes (x INTEGER)").connection.commit()
    with pytest.raises(LedgerError, match="not an activitymonth ledger"):
        existing_ledger(str(other))
    tables = sqlite3.connect(other).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("notes",)]
    garbage = tmp_path / "notes.sqlite"
    garbage.write_text("这不是数据库" * 200, encoding="utf-8")
    with pytest.raises(LedgerError):
        existing_ledger(str(garbage))
    assert existing_ledger(str(tmp_path / "missing.sqlite")) is None
