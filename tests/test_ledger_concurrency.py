"""Two processes writing one ledger lose nothing; a killed import leaves no trace."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from activitymonth.ledger import (
    DoneFacts,
    PlanTargets,
    Source,
    VisitFacts,
    VisitMode,
    audit_trail,
    completion_history,
    import_visits,
    live_visits,
    load_completions,
    open_ledger,
    prepare_done,
    prepare_visit,
    save_record,
    visits_import,
)
from activitymonth.load import load_plan
from activitymonth.schedule import resolve

from conftest import PLANS

pytest_plugins = ["pg"]

PAIRING = PLANS / "bureau-pairing-yijiaqin.yaml"
NOW = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)
VISITS_EACH = 40
DONE_EACH = 10
FORK = multiprocessing.get_context("fork")


def _record_many(location: str, cadre: str, start: Any) -> None:
    """One clerk's process: many visits, and repeated corrections of the same item."""
    targets = PlanTargets(resolve(load_plan(PAIRING)))
    ledger = open_ledger(location)
    start.wait()
    for i in range(VISITS_EACH):
        facts = VisitFacts(date(2026, 10, 1) + timedelta(days=i % 45), VisitMode.HOME)
        save_record(ledger, prepare_visit(targets, cadre, facts, by=cadre, now=NOW))
        if i % (VISITS_EACH // DONE_EACH) == 0:
            done = DoneFacts(date(2026, 10, 9), participants=i)
            save_record(ledger, prepare_done(targets, "kickoff", done, by=cadre, now=NOW))
    ledger.close()


def test_two_processes_recording_at_once_lose_nothing(ledger_db: str) -> None:
    open_ledger(ledger_db).close()
    start = FORK.Barrier(2)
    workers = [
        FORK.Process(target=_record_many, args=(ledger_db, cadre, start)) for cadre in ("ai", "du")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    ledger = open_ledger(ledger_db)
    with ledger.read() as conn:
        per_cadre = dict(
            conn.execute(
                sa.select(sa.column("cadre"), sa.func.count())
                .select_from(live_visits().subquery())
                .group_by(sa.column("cadre"))
            ).all()
        )
        chain = load_completions(conn, completion_history())
        changes = conn.execute(sa.select(sa.func.count()).select_from(audit_trail().subquery()))
        audited = changes.scalar()
    ledger.close()
    assert per_cadre == {"ai": VISITS_EACH, "du": VISITS_EACH}
    assert len(chain) == 2 * DONE_EACH
    assert {r.recorded_by for r in chain} == {"ai", "du"}
    # One unbroken chain of corrections: each record supersedes the one before it.
    assert [r.supersedes for r in chain] == [None] + [r.id for r in chain[:-1]]
    assert audited == 2 * (VISITS_EACH + DONE_EACH)


def _import_and_get_killed(location: str, path: Path, first_batch_written: Any) -> None:
    """Import a visits file; after the first batch, say so and wait to be killed."""
    real = visits_import.write_batch

    def write_then_wait(*args: Any) -> None:
        real(*args)
        first_batch_written.set()
        time.sleep(120)

    visits_import.write_batch = write_then_wait  # type: ignore[assignment]
    targets = PlanTargets(resolve(load_plan(PAIRING)))
    ledger = open_ledger(location)
    import_visits(ledger, targets, Source.read(path), by="努某某", now=NOW, batch_size=50)


def test_a_killed_import_leaves_the_ledger_unchanged(ledger_db: str, tmp_path: Path) -> None:
    path = tmp_path / "visits.csv"
    rows = "".join(f"ai,2026-10-{1 + i % 30:02d},入户\n" for i in range(200))
    path.write_text("pair,date,mode\n" + rows, encoding="utf-8")
    open_ledger(ledger_db).close()
    written = FORK.Event()
    worker = FORK.Process(target=_import_and_get_killed, args=(ledger_db, path, written))
    worker.start()
    assert written.wait(timeout=60), "the import never wrote its first batch"
    assert worker.pid is not None
    os.kill(worker.pid, signal.SIGKILL)
    worker.join(timeout=30)
    assert worker.exitcode == -signal.SIGKILL
    ledger = open_ledger(ledger_db)
    with ledger.read() as conn:
        assert conn.execute(live_visits()).first() is None
        assert conn.execute(audit_trail()).first() is None
    targets = PlanTargets(resolve(load_plan(PAIRING)))
    again = import_visits(ledger, targets, Source.read(path), by="努某某", now=NOW)
    ledger.close()
    assert again.written == 200
