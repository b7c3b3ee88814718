"""Where a plan's ledger lives, without loading the database layer.

Commands that only need to know whether a plan has a ledger (``check`` looks for one
beside each plan) ask here, so they start without importing SQLAlchemy.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "ACTIVITYMONTH_DB"


def default_ledger_path(plan_file: Path) -> Path:
    """``plans/x.yaml`` → ``plans/x.ledger.sqlite``: the ledger travels with its plan."""
    return plan_file.with_name(f"{plan_file.stem}.ledger.sqlite")


def ledger_location(plan_file: Path, db: str | None = None) -> str:
    """Where a plan's ledger is: ``db`` if given, else ``$ACTIVITYMONTH_DB``, else the file
    beside the plan."""
    return db or os.environ.get(ENV_VAR) or str(default_ledger_path(plan_file))
