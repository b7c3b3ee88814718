"""Which ledger a reading command (``status``, ``check``, ``export checklist``) reads.

The ledger is found as the recording commands find it (``--db``, else
``$ACTIVITYMONTH_DB``, else ``PLAN.ledger.sqlite`` beside the plan), but reading never
creates one: where nothing was ever recorded, a named ledger is read as an empty one
(held in memory, so no file or schema is left behind) and an unnamed one is absent.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from activitymonth.catalog import Catalog
from activitymonth.ledger import ENV_VAR, Ledger, existing_ledger, ledger_location, open_ledger
from activitymonth.schedule import Schedule
from activitymonth.tracking import PlanProgress, track

IN_MEMORY = ":memory:"


@dataclass(frozen=True)
class PlanLedger:
    """An open ledger, where it lives (as shown to people), and whether anything was
    ever recorded there (False: an empty stand-in, the plan's progress is nothing yet)."""

    ledger: Ledger
    shown: str
    recorded: bool

    def close(self) -> None:
        self.ledger.close()


def plan_ledger(plan: Path, db: str | None, *, required: bool = False) -> PlanLedger | None:
    """The ledger of ``plan`` to read. Without records there, an empty one when the
    ledger was named (``--db``, ``$ACTIVITYMONTH_DB``) or ``required``, else None.
    Raises ``LedgerError`` when the ledger cannot be used."""
    location = ledger_location(plan, db)
    found = existing_ledger(location)
    if found is not None:
        return PlanLedger(found, found.shown, recorded=True)
    if required or db or os.environ.get(ENV_VAR):
        return PlanLedger(open_ledger(IN_MEMORY), _shown(location), recorded=False)
    return None


def ledger_progress(
    plan: Path,
    db: str | None,
    schedule: Schedule,
    catalog: Catalog,
    today: date,
    *,
    required: bool = False,
) -> tuple[PlanProgress, PlanLedger] | None:
    """The plan's progress as of ``today`` from its ledger (see ``plan_ledger``), with
    the ledger it was read from (closed again); None when there is no ledger to read."""
    found = plan_ledger(plan, db, required=required)
    if found is None:
        return None
    try:
        with found.ledger.read() as conn:
            return track(schedule, catalog, conn, today), found
    finally:
        found.close()


def _shown(location: str) -> str:
    """A location fit to print: a database URL without its password."""
    if "://" not in location:
        return location
    try:
        return make_url(location).render_as_string(hide_password=True)
    except ArgumentError:
        return location
