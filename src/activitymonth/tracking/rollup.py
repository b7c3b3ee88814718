"""The county's view (督查): every unit's plan tracked against one shared ledger, laggards first.

A county office keeps its units' plans in one folder and their records in one database.
``rollup_folder`` finds the plans (``plan_files``), tracks each with :func:`track` — the
same figures a unit's own status shows — and keeps one row per plan: occurrences done of
planned, items met per adopted program, overdue occurrences, pairs late or never visited,
visits. Rows are ordered lagging first: lowest share of occurrences done, then lowest
share of program items met, then most overdue.

A plan that cannot be used (it does not load, has no ``unit``, or repeats another file's
unit and plan id, which the ledger could not tell apart) becomes a :class:`Failure` with
located diagnostics and the roll-up goes on with the others. Each plan is tracked in its
own read transaction, so a county-wide run never holds the database while it parses
files; each unit's figures are one consistent snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from activitymonth.catalog import Catalog
from activitymonth.diagnostics import Codes, Diagnostic, PlanLoadError
from activitymonth.i18n import Text
from activitymonth.ledger import Ledger
from activitymonth.ledger.targets import plan_key
from activitymonth.load import LoadedPlan, load_plan
from activitymonth.schedule import resolve
from activitymonth.tracking.plan_files import Skipped, find_plan_files
from activitymonth.tracking.progress import PlanProgress, track


@dataclass(frozen=True, slots=True)
class Share:
    """``met`` of ``total``: items met of items required, or occurrences done of planned."""

    met: int
    total: int

    @property
    def share(self) -> float:
        """Fraction met; 1.0 when nothing is required, as :class:`PlanProgress` counts it."""
        return self.met / self.total if self.total else 1.0

    def __add__(self, other: Share) -> Share:
        return Share(self.met + other.met, self.total + other.total)


NONE = Share(0, 0)


@dataclass(frozen=True, slots=True)
class ProgramShare:
    """One adopted program of one plan: its items met of its items."""

    id: str
    title: str
    items: Share


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One unit's plan, in the figures the county compares."""

    unit: str
    plan_id: str
    title: str
    file: Path
    occurrences: Share
    programs: tuple[ProgramShare, ...]
    overdue: int
    pairs: int
    late_pairs: int
    never_visited: int
    visits: int

    @property
    def items(self) -> Share:
        """Items met over every adopted program."""
        return sum((p.items for p in self.programs), NONE)

    @classmethod
    def of(cls, progress: PlanProgress, file: Path) -> UnitRow:
        plan = progress.schedule.plan
        return cls(
            unit=progress.unit,
            plan_id=progress.plan_id,
            title=plan.title,
            file=file,
            occurrences=Share(progress.done, progress.planned),
            programs=tuple(
                ProgramShare(p.id, p.title, Share(p.met, p.total)) for p in progress.programs
            ),
            overdue=len(progress.overdue()),
            pairs=len(progress.pairs),
            late_pairs=len(progress.late_pairs()),
            never_visited=len(progress.never_visited()),
            visits=progress.figures.visits,
        )

    def lag(self) -> tuple[float, float, int, str, str]:
        """Sort key, lagging first: occurrences, then items, then most overdue."""
        return (self.occurrences.share, self.items.share, -self.overdue, self.unit, self.plan_id)


@dataclass(frozen=True, slots=True)
class Failure:
    """A plan file the roll-up could not use, with what is wrong where."""

    file: Path
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Rollup:
    """Every plan's row as of ``today``, the plans that could not be used, the files left
    out, and the unit × program views the county reads."""

    today: date
    rows: tuple[UnitRow, ...]
    """Lagging first."""
    failures: tuple[Failure, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    folder: Path | None = None
    """The folder rolled up, when the plans came from one."""
    programs: tuple[tuple[str, str], ...] = field(init=False)
    """(id, title) of every adopted program, in the order rows first adopt them."""

    def __post_init__(self) -> None:
        seen: dict[str, str] = {}
        for row in self.rows:
            for program in row.programs:
                seen.setdefault(program.id, program.title)
        object.__setattr__(self, "programs", tuple(seen.items()))

    def matrix(self) -> dict[str, dict[str, Share]]:
        """Unit → program id → items met of items, over the unit's plans adopting it, in
        row order; a program none of the unit's plans adopts is absent, and a unit adopting
        no program has no row."""
        cells: dict[str, dict[str, Share]] = {}
        for row in self.rows:
            for program in row.programs:
                unit = cells.setdefault(row.unit, {})
                unit[program.id] = unit.get(program.id, NONE) + program.items
        return cells

    def program_totals(self) -> dict[str, Share]:
        """Program id → items met of items over every unit adopting it."""
        totals: dict[str, Share] = {}
        for row in self.rows:
            for program in row.programs:
                totals[program.id] = totals.get(program.id, NONE) + program.items
        return totals

    @property
    def occurrences(self) -> Share:
        return sum((row.occurrences for row in self.rows), NONE)

    @property
    def items(self) -> Share:
        return sum((row.items for row in self.rows), NONE)


def rollup_folder(
    folder: Path, ledger: Ledger, today: date, catalog: Catalog | None = None
) -> Rollup:
    """Roll up every plan under ``folder`` (see ``plan_files`` for what is left out)."""
    found = find_plan_files(folder)
    rows, failures = rollup_plans(found.plans, ledger, today, catalog)
    return Rollup(today, rows, failures, found.skipped, folder)


def rollup_plans(
    paths: Iterable[Path], ledger: Ledger, today: date, catalog: Catalog | None = None
) -> tuple[tuple[UnitRow, ...], tuple[Failure, ...]]:
    """Track each plan in ``ledger`` as of ``today``: rows lagging first, and failures."""
    rows: list[UnitRow] = []
    failures: list[Failure] = []
    taken: dict[tuple[str, str], Path] = {}
    for path in paths:
        try:
            loaded = load_plan(path, catalog)
            schedule = resolve(loaded)
        except PlanLoadError as error:
            failures.append(Failure(path, tuple(error.diagnostics)))
            continue
        problem = _unusable(loaded, taken)
        if problem is not None:
            failures.append(Failure(path, (problem,)))
            continue
        plan = loaded.plan
        taken[(plan.unit or "", plan_key(plan))] = path
        with ledger.read() as conn:
            progress = track(schedule, loaded.catalog, conn, today)
        rows.append(UnitRow.of(progress, path))
    return tuple(sorted(rows, key=UnitRow.lag)), tuple(failures)


def _unusable(loaded: LoadedPlan, taken: dict[tuple[str, str], Path]) -> Diagnostic | None:
    """Why a loaded plan cannot be rolled up: no unit, or another file's unit and plan id."""
    plan = loaded.plan
    if not plan.unit:
        return Diagnostic(
            Codes.MISSING_FIELD,
            Text(
                f"计划《{plan.title}》没有写 unit（单位），无法按单位汇总台账",
                f"plan '{plan.title}' has no unit, and the ledger is rolled up by unit",
            ),
            loaded.sources.locate(("title",)),
            Text("在 title 下加上 unit: 某某局", "add unit: <your unit> under title:"),
        )
    key = (plan.unit, plan_key(plan))
    if key in taken:
        return Diagnostic(
            Codes.DUPLICATE_ID,
            Text(
                f"单位 {plan.unit} 的计划 {key[1]} 已由 {taken[key]} 汇总；"
                "两个文件在台账中无法区分",
                f"plan {key[1]} of {plan.unit} is already rolled up from {taken[key]}; "
                "the ledger cannot tell the two files apart",
            ),
            loaded.sources.locate(("id",) if plan.id else ("title",)),
            Text(
                "删去重复的文件，或给其中一个计划另起 id",
                "remove the copy, or give one of the plans its own id",
            ),
        )
    return None
