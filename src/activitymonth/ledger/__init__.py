"""The ledger (台账): append-only records of what was actually done.

A plan says what should happen; the ledger records what did. It lives in a SQLite file
beside the plan (``plan.ledger.sqlite``, no set-up) or in a PostgreSQL database shared by a
county (``--db postgresql://…`` or ``$ACTIVITYMONTH_DB``); the same SQLAlchemy Core code
serves both.

Opening and writing
-------------------
``open_ledger(location)`` creates or migrates the schema (``migrations``: a
``schema_version`` table, forward steps in one transaction, a newer database refused
with ``LedgerVersionError``) and returns a ``Ledger``; ``ledger.write()`` and
``ledger.read()`` are transactions; ``existing_ledger(location)`` opens one only if it
exists (None when nothing was ever recorded), for commands that only read.
``PlanTargets(schedule)`` holds the ids a plan offers (items, occurrences, pairs) and
the plan's ``unit`` and ledger ``plan_id`` (``plan.id`` or its title). ``prepare_done``
and ``prepare_visit`` check a record against the plan without touching the database,
``save_record`` writes it, ``record_undo`` withdraws the last record of an item or pair;
``import_ledger_sheet`` and ``import_visits`` write a whole file or nothing.

Tables (``schema``)
-------------------
Every history row has ``unit`` and ``plan_id`` and is never updated or deleted (triggers
refuse it on both databases); corrections are new rows whose ``supersedes`` names the row
they replace, and a row is superseded at most once.

``audit`` — one row per change: ``id, unit, plan_id, action`` (done, undo, visit,
import-ledger, import-visits), ``actor, at`` (UTC), ``records`` (rows written),
``source, source_sha256`` (the imported file). Every record's ``audit_id`` points here.

``completions`` — an activity occurrence or a deliverable done (or withdrawn):
``id, audit_id, unit, plan_id, item_id, item_kind`` (activity | deliverable),
``occurrence_id`` (``item/planned-date`` for an activity occurrence; the bare item id for a
deliverable or an undated activity, as the ledger sheet's hidden id column), ``kind``
(done | undone), ``actual_date``, ``participants`` (人次 in all), ``cadres``,
``residents`` (the split, where known), ``evidence_text`` (佐证材料 as a sheet lists it),
``note, recorded_by, recorded_at, supersedes``.
An occurrence's state is its newest row (highest ``id``).

``completion_materials`` — ``completion_id, unit, material, count``: materials handed out.

``completion_evidence`` — ``completion_id, position, unit, path, sha256, size``: evidence
files, the path relative to the plan's folder when inside it.

``visits`` — a visit of a pair: ``id, audit_id, unit, plan_id, kind, supersedes,
recorded_by, recorded_at, pair_key`` (``Pair.key``), ``cadre, visit_date, mode`` (入户 |
电话 | 微信 | 请上来), ``topics, solved``, the 四个清楚 as ``knows_family``/``family``,
``knows_goals``/``goals``, ``knows_skills``/``skills``, ``knows_needs``/``needs``
(a flag and what was noted), ``note``. A visit counts while its kind is done and no row
supersedes it.

``schema_version`` — ``version, applied_at, description``. On PostgreSQL, ``db init
--units`` adds ``ledger_units`` (unit → role) and the row-level security of ``security``.

Query API (``queries``): SELECTs to filter, group and run in the database
----------------------------------------------------------------------------
``current_records(unit, plan_id)``, ``done_occurrences(unit, plan_id)``,
``completion_history(unit, plan_id)``, ``material_totals(unit, plan_id)``,
``live_visits(unit, plan_id)``, ``visit_summary(unit, plan_id)`` (per pair: visits, first
and last date, ``knows_*`` as 0/1), ``audit_trail(unit, plan_id)``; each argument may be
``None`` for all. ``load_completions(conn, select)`` and ``load_visits(conn, select)``
return records; ``latest_record``, ``latest_done_of_item`` and ``latest_live_visit`` fetch
one. Example, visits per pair of one plan::

    with ledger.read() as conn:
        for row in conn.execute(visit_summary(targets.unit, targets.plan_id)):
            print(row.pair_key, row.visits, row.last_visit)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from activitymonth.ledger.errors import (
        CellProblem,
        ImportRejected,
        LedgerError,
        LedgerVersionError,
    )
    from activitymonth.ledger.importing import ImportSummary, Source
    from activitymonth.ledger.location import ENV_VAR, default_ledger_path, ledger_location
    from activitymonth.ledger.migrations import STEPS, Step, migrate, newest_version
    from activitymonth.ledger.queries import (
        audit_trail,
        completion_history,
        current_records,
        done_occurrences,
        latest_done_of_item,
        latest_live_visit,
        latest_record,
        live_visits,
        load_completions,
        load_visits,
        material_totals,
        visit_summary,
    )
    from activitymonth.ledger.recording import (
        DoneFacts,
        VisitFacts,
        default_recorder,
        prepare_done,
        prepare_visit,
        record_undo,
        save_record,
    )
    from activitymonth.ledger.records import (
        Action,
        AuditEntry,
        Completion,
        Evidence,
        Fact,
        RecordKind,
        Visit,
        VisitMode,
    )
    from activitymonth.ledger.security import COUNTY_ROLE, UnitRole, parse_unit_spec, secure_units
    from activitymonth.ledger.sheet_import import import_ledger_sheet
    from activitymonth.ledger.store import Ledger, existing_ledger, open_ledger
    from activitymonth.ledger.targets import Item, PlanTargets, plan_key
    from activitymonth.ledger.visits_import import import_visits

_HOMES: dict[str, str] = {
    "CellProblem": "errors",
    "ImportRejected": "errors",
    "LedgerError": "errors",
    "LedgerVersionError": "errors",
    "ImportSummary": "importing",
    "Source": "importing",
    "ENV_VAR": "location",
    "default_ledger_path": "location",
    "ledger_location": "location",
    "STEPS": "migrations",
    "Step": "migrations",
    "migrate": "migrations",
    "newest_version": "migrations",
    "audit_trail": "queries",
    "completion_history": "queries",
    "current_records": "queries",
    "done_occurrences": "queries",
    "latest_done_of_item": "queries",
    "latest_live_visit": "queries",
    "latest_record": "queries",
    "live_visits": "queries",
    "load_completions": "queries",
    "load_visits": "queries",
    "material_totals": "queries",
    "visit_summary": "queries",
    "DoneFacts": "recording",
    "VisitFacts": "recording",
    "default_recorder": "recording",
    "prepare_done": "recording",
    "prepare_visit": "recording",
    "record_undo": "recording",
    "save_record": "recording",
    "Action": "records",
    "AuditEntry": "records",
    "Completion": "records",
    "Evidence": "records",
    "Fact": "records",
    "RecordKind": "records",
    "Visit": "records",
    "VisitMode": "records",
    "COUNTY_ROLE": "security",
    "UnitRole": "security",
    "parse_unit_spec": "security",
    "secure_units": "security",
    "import_ledger_sheet": "sheet_import",
    "Ledger": "store",
    "existing_ledger": "store",
    "open_ledger": "store",
    "Item": "targets",
    "PlanTargets": "targets",
    "plan_key": "targets",
    "import_visits": "visits_import",
}
"""Where each public name lives. Names are imported on first use (PEP 562): a command
that only asks where a plan's ledger is need not load SQLAlchemy and the importers."""


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'activitymonth.ledger' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"activitymonth.ledger.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "COUNTY_ROLE",
    "ENV_VAR",
    "STEPS",
    "Action",
    "AuditEntry",
    "CellProblem",
    "Completion",
    "DoneFacts",
    "Evidence",
    "Fact",
    "ImportRejected",
    "ImportSummary",
    "Item",
    "Ledger",
    "LedgerError",
    "LedgerVersionError",
    "PlanTargets",
    "RecordKind",
    "Source",
    "Step",
    "UnitRole",
    "Visit",
    "VisitFacts",
    "VisitMode",
    "audit_trail",
    "completion_history",
    "current_records",
    "default_ledger_path",
    "default_recorder",
    "done_occurrences",
    "existing_ledger",
    "import_ledger_sheet",
    "import_visits",
    "latest_done_of_item",
    "latest_live_visit",
    "latest_record",
    "ledger_location",
    "live_visits",
    "load_completions",
    "load_visits",
    "material_totals",
    "migrate",
    "newest_version",
    "open_ledger",
    "parse_unit_spec",
    "plan_key",
    "prepare_done",
    "prepare_visit",
    "record_undo",
    "save_record",
    "secure_units",
    "visit_summary",
]
