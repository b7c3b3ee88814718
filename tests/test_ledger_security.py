"""Row-level security on a shared PostgreSQL ledger: each unit only its own rows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from activitymonth.cli.ledger_cmds import db_group
from activitymonth.ledger import (
    COUNTY_ROLE,
    DoneFacts,
    Ledger,
    LedgerError,
    PlanTargets,
    VisitFacts,
    VisitMode,
    completion_history,
    live_visits,
    open_ledger,
    prepare_done,
    prepare_visit,
    save_record,
)
from activitymonth.ledger.security import unit_role_name
from activitymonth.load import load_plan
from activitymonth.schedule import resolve

from conftest import PLANS

if TYPE_CHECKING:
    from pg import PgServer

pytest_plugins = ["pg"]

NOW = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)
UNIT_A, UNIT_B = "甲局", "乙局"


def targets_of(unit: str) -> PlanTargets:
    loaded = load_plan(PLANS / "bureau-pairing-yijiaqin.yaml")
    return PlanTargets(resolve(loaded.plan.model_copy(update={"unit": unit})))


def record(ledger: Ledger, targets: PlanTargets) -> None:
    facts = DoneFacts(date(2026, 10, 9), participants=12)
    save_record(ledger, prepare_done(targets, "kickoff", facts, by="clerk", now=NOW))
    visit = VisitFacts(date(2026, 10, 19), VisitMode.HOME)
    save_record(ledger, prepare_visit(targets, "ai", visit, by="clerk", now=NOW))


@dataclass
class County:
    server: PgServer
    database: str

    def login(self, user: str) -> Ledger:
        return open_ledger(self.server.url(self.database, user))


@pytest.fixture
def county(postgres: PgServer) -> Iterator[County]:
    """A county database after ``db init --units 甲局,乙局``, with one clerk login per unit
    and a county reader, each holding only the role ``db init`` made for them."""
    database = postgres.new_database()
    admin_url = postgres.url(database)
    result = CliRunner().invoke(
        db_group, ["init", "--db", admin_url, "--units", f"{UNIT_A},{UNIT_B}", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert f"{UNIT_A}\t{unit_role_name(UNIT_A)}" in result.output
    admin = open_ledger(admin_url)
    with admin.write() as conn:
        for login, role in (
            ("clerk_a", unit_role_name(UNIT_A)),
            ("clerk_b", unit_role_name(UNIT_B)),
            ("inspector", COUNTY_ROLE),
        ):
            conn.exec_driver_sql(f'CREATE ROLE {login} LOGIN IN ROLE "{role}"')
    admin.close()
    yield County(postgres, database)
    admin = open_ledger(admin_url)
    with admin.write() as conn:
        conn.exec_driver_sql("DROP ROLE clerk_a, clerk_b, inspector")
    admin.close()


def rows(ledger: Ledger, query: sa.Select) -> list[sa.Row]:
    with ledger.read() as conn:
        return conn.execute(query).all()


def test_each_unit_sees_and_adds_only_its_own_rows(county: County) -> None:
    clerk_a, clerk_b = county.login("clerk_a"), county.login("clerk_b")
    record(clerk_a, targets_of(UNIT_A))
    record(clerk_b, targets_of(UNIT_B))
    assert {r.unit for r in rows(clerk_a, completion_history())} == {UNIT_A}
    assert {r.unit for r in rows(clerk_a, live_visits())} == {UNIT_A}
    assert {r.unit for r in rows(clerk_b, live_visits())} == {UNIT_B}
    with pytest.raises(LedgerError) as caught:
        record(clerk_a, targets_of(UNIT_B))
    assert "row-level security" in caught.value.message.en
    assert "log in with the account of the plan's unit" in caught.value.render("en")
    assert len(rows(clerk_b, completion_history())) == 1
    clerk_a.close()
    clerk_b.close()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE completions SET participants = 0 WHERE unit = '乙局'",
        "DELETE FROM visits WHERE unit = '乙局'",
        "UPDATE completions SET participants = 0 WHERE unit = '甲局'",
        "DELETE FROM audit",
        "TRUNCATE visits",
    ],
)
def test_no_unit_can_change_or_delete_history(county: County, statement: str) -> None:
    clerk_a, clerk_b = county.login("clerk_a"), county.login("clerk_b")
    record(clerk_a, targets_of(UNIT_A))
    record(clerk_b, targets_of(UNIT_B))
    with pytest.raises(LedgerError, match="permission denied"), clerk_a.write() as conn:
        conn.exec_driver_sql(statement)
    assert [r.participants for r in rows(clerk_b, completion_history())] == [12]
    clerk_a.close()
    clerk_b.close()


def test_a_unit_cannot_correct_another_units_record(county: County) -> None:
    clerk_a, clerk_b = county.login("clerk_a"), county.login("clerk_b")
    record(clerk_a, targets_of(UNIT_A))
    record(clerk_b, targets_of(UNIT_B))
    [ours] = rows(clerk_a, completion_history())
    [theirs] = rows(clerk_b, completion_history())
    with pytest.raises(LedgerError) as caught, clerk_a.write() as conn:
        conn.exec_driver_sql(
            "INSERT INTO completions (audit_id, unit, plan_id, item_id, item_kind, "
            "occurrence_id, kind, recorded_by, recorded_at, supersedes) VALUES "
            f"({ours.audit_id}, '甲局', 'p', 'kickoff', 'activity', 'kickoff', 'undone', "
            f"'clerk', now(), {theirs.id})"
        )
    assert "fk_completions_supersedes_unit" in caught.value.message.en
    clerk_a.close()
    clerk_b.close()


def test_the_county_reads_everything_and_writes_nothing(county: County) -> None:
    clerk_a, clerk_b = county.login("clerk_a"), county.login("clerk_b")
    record(clerk_a, targets_of(UNIT_A))
    record(clerk_b, targets_of(UNIT_B))
    inspector = county.login("inspector")
    assert {r.unit for r in rows(inspector, completion_history())} == {UNIT_A, UNIT_B}
    assert {r.unit for r in rows(inspector, live_visits())} == {UNIT_A, UNIT_B}
    with pytest.raises(LedgerError, match="permission denied"):
        record(inspector, targets_of(UNIT_A))
    for ledger in (clerk_a, clerk_b, inspector):
        ledger.close()


def test_db_init_again_adds_units_and_keeps_the_others(county: County) -> None:
    url = county.server.url(county.database)
    result = CliRunner().invoke(db_group, ["init", "--db", url, "--units", "丙局=bingju"])
    assert result.exit_code == 0, result.output
    assert "丙局\tbingju" in result.output
    assert f"{UNIT_A}\t{unit_role_name(UNIT_A)}" in result.output
    clerk_a = county.login("clerk_a")
    record(clerk_a, targets_of(UNIT_A))
    clerk_a.close()
    result = CliRunner().invoke(
        db_group, ["init", "--db", url, "--units", "丙局=other", "--lang", "en"]
    )
    assert result.exit_code == 2
    assert "already has the role bingju" in result.output
