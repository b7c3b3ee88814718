"""Benchmark: the documents a unit prints or fills in, written for a county-scale plan.

Generates the plan of ``generate_county_plan.py`` into a temporary folder, loads and
resolves it once, then measures each document (best of ``--repeat``, wall time, a full
collection before each run):

- the completion checklist in every format of ``activitymonth export checklist --format``
  (the terminal view, written to a file as a redirected command would, and every file
  format of ``RENDERERS``): ``build_checklist`` plus rendering plus writing;
- the plan document (``export doc``, 实施方案 .docx) and the ledger sheet (``export ledger``,
  台账 .xlsx): rendering plus writing.

That is the time beyond load+resolve, measured in this process with the loaded plan moved
out of the collector's reach (``gc.freeze``) as the command does. Each document is then
written once more by the whole command (``activitymonth export …``) in a fresh process
started by the launcher of ``bench_check.py``, for the command's wall time and its peak
resident memory (``ru_maxrss``, not inherited from this process).

Usage: python bench/bench_documents.py [--scale 1.0] [--seed 7] [--repeat 3]
       [--only md,xlsx,doc] [--profile 25]
Prints a Markdown table with the goals beside the figures (every document ≤ 5 s beyond
load+resolve, the .xlsx ones ≤ 2 s). ``--profile N`` adds the top N of a cProfile run of
each document that misses its goal. A missed goal is reported, never an error: the exit
status is non-zero only when something fails to run.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from activitymonth.catalog import Catalog
from activitymonth.cli.common import stdout_console
from activitymonth.export.checklist import (
    RENDERERS,
    Checklist,
    Grouping,
    build_checklist,
    checklist_view,
    write_checklist,
)
from activitymonth.export.docx.plan_document import write_plan_document
from activitymonth.export.xlsx.ledger_sheet import write_ledger
from activitymonth.load import load_plan
from activitymonth.schedule import Schedule, resolve
from bench_check import COMMAND, TODAY, header, launch, profile
from bench_load import best, load_and_resolve, measure_peak, megabytes, verdict
from generate_county_plan import MIN_SCALE, Counts, county_plan_text

GOAL_S = 5.0
XLSX_GOAL_S = 2.0


@dataclass(frozen=True)
class Document:
    """One document: how this process writes it, and the command that writes it."""

    name: str
    suffix: str
    write: Callable[[Path], Path]
    command: Callable[[Path, Path], list[str]]
    """Arguments after ``activitymonth`` for (plan, output)."""

    @property
    def goal(self) -> float:
        return XLSX_GOAL_S if self.suffix == "xlsx" else GOAL_S


@dataclass(frozen=True)
class Figures:
    document: Document
    seconds: float
    size: int
    command_seconds: float
    peak_mb: float


@dataclass(frozen=True)
class Reference:
    """What every document starts from: the plan loaded and resolved."""

    occurrences: int
    load_resolve: float
    build_checklist: float
    peak_mb: float


def documents(schedule: Schedule, catalog: Catalog) -> list[Document]:
    """Every checklist format, the plan document and the ledger sheet, in that order."""
    today = TODAY.isoformat()

    def checklist_command(fmt: str) -> Callable[[Path, Path], list[str]]:
        def command(plan: Path, output: Path) -> list[str]:
            written = [] if fmt == "terminal" else ["-o", str(output)]
            return ["export", "checklist", str(plan), "--format", fmt, "--today", today, *written]

        return command

    def built() -> Checklist:
        return build_checklist(schedule, catalog, Grouping.PROGRAM, today=TODAY)

    def terminal(path: Path) -> Path:
        """What ``export checklist > file`` writes: the command's own console, its
        standard output a file."""
        view = checklist_view(built(), "zh")
        with path.open("w", encoding="utf-8") as out, contextlib.redirect_stdout(out):
            stdout_console().print(view)
        return path

    def file_format(fmt: str) -> Callable[[Path], Path]:
        return lambda path: write_checklist(built(), fmt, path)

    found = [Document("checklist terminal", "txt", terminal, checklist_command("terminal"))]
    found += [
        Document(f"checklist {fmt}", fmt, file_format(fmt), checklist_command(fmt))
        for fmt in RENDERERS
    ]
    found.append(
        Document(
            "doc",
            "docx",
            lambda path: write_plan_document(schedule, catalog, path),
            lambda plan, output: ["export", "doc", str(plan), "-o", str(output)],
        )
    )
    found.append(
        Document(
            "ledger",
            "xlsx",
            lambda path: write_ledger(schedule, path),
            lambda plan, output: ["export", "ledger", str(plan), "-o", str(output), "--force"],
        )
    )
    return found


def key(document: Document) -> str:
    """``--only`` name: ``md``, ``terminal`` … for the checklist, ``doc``, ``ledger``."""
    return document.name.removeprefix("checklist ")


def measure(document: Document, plan: Path, folder: Path, repeat: int) -> Figures:
    target = folder / f"{key(document)}.{document.suffix}"
    seconds, written = best(repeat, lambda: document.write(target))
    output = folder / f"command-{key(document)}.{document.suffix}"
    run = launch([str(COMMAND), *document.command(plan, output)], folder / "stdout.txt")
    if run.exit:
        command = " ".join(document.command(plan, output))
        raise RuntimeError(f"activitymonth {command}: exit {run.exit} (run it to see why)")
    if document.suffix == "txt":
        output = folder / "stdout.txt"
    if output.stat().st_size == 0:
        raise RuntimeError(f"the command wrote an empty {document.name}")
    return Figures(document, seconds, written.stat().st_size, run.wall, run.peak_mb)


def report(figures: list[Figures], args: argparse.Namespace, plan: Path, ref: Reference) -> None:
    counts = Counts.at(args.scale)
    print(header(args.repeat))
    print()
    print(
        f"county plan, scale {args.scale:g}, seed {args.seed}: "
        f"{plan.stat().st_size / 1e6:.2f} MB of YAML; {counts.activities} activities, "
        f"{counts.deliverables} deliverables, {ref.occurrences} occurrences; "
        f"checklists as of {TODAY}; goals: every document ≤ {GOAL_S:g} s beyond "
        f"load+resolve, .xlsx ≤ {XLSX_GOAL_S:g} s"
    )
    print()
    print("| document | file | beyond load+resolve (s) | goal | whole command (s) | peak (MB) |")
    print("| --- | ---: | ---: | --- | ---: | ---: |")
    for f in figures:
        goal = f"≤ {f.document.goal:g} s: {verdict(f.seconds, f.document.goal)}"
        print(
            f"| {f.document.name} | {f.size / 1e6:.2f} MB | {f.seconds:.3f} | {goal} "
            f"| {f.command_seconds:.2f} | {f.peak_mb:.0f} |"
        )
    print()
    print(
        f"- for reference: `resolve(load_plan(path))` {ref.load_resolve:.3f} s; "
        f"`build_checklist` (inside every checklist figure) {ref.build_checklist:.3f} s; "
        f"peak of load+resolve alone (fresh process) {ref.peak_mb:.0f} MB"
    )
    missed = [f.document.name for f in figures if f.seconds > f.document.goal]
    print(f"- goals missed: {', '.join(missed) if missed else 'none'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every count")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated: terminal, md, html, pdf, xlsx, docx, doc, ledger",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also print the top N of cProfile for each document over its goal",
    )
    args = parser.parse_args()
    if args.repeat < 1 or args.scale < MIN_SCALE:
        parser.error(f"--repeat must be at least 1 and --scale at least {MIN_SCALE}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        plan = folder / "county.yaml"
        plan.write_text(county_plan_text(args.scale, args.seed), encoding="utf-8")
        load_resolve, _ = best(args.repeat, lambda: load_and_resolve(plan))
        loaded = load_plan(plan)
        schedule = resolve(loaded)
        gc.freeze()  # as the command does once the plan is loaded (cli.common.load_or_exit)
        chosen = documents(schedule, loaded.catalog)
        if args.only:
            wanted = {part.strip() for part in args.only.split(",") if part.strip()}
            unknown = wanted - {key(d) for d in chosen}
            if unknown:
                parser.error(f"--only: no document named {', '.join(sorted(unknown))}")
            chosen = [d for d in chosen if key(d) in wanted]
        build, _ = best(
            args.repeat,
            lambda: build_checklist(schedule, loaded.catalog, Grouping.PROGRAM, today=TODAY),
        )
        peak = measure_peak(plan)
        reference = Reference(
            len(schedule.occurrences), load_resolve, build, megabytes(peak["peak_kb"])
        )
        figures = [measure(d, plan, folder, args.repeat) for d in chosen]
        report(figures, args, plan, reference)
        if args.profile:
            print()
            for f in figures:
                if f.seconds > f.document.goal:
                    target = folder / f"profiled.{f.document.suffix}"
                    profile(
                        f.document.name, lambda f=f, t=target: f.document.write(t), args.profile
                    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
