"""Which YAML files in a county's folder are unit plans, and which are only parts of one.

A county keeps its units' plans in one tree, next to what is not a plan of its own: the
``.activitymonth.yaml`` configuration, user-rules files (``rules:`` and nothing a plan
has), and templates and shared parts that unit plans name under ``extends:`` or
``include:``. A template such as ``plans/county-template/county-september.yaml`` is a
complete plan by itself, but rolling it up next to the units that extend it would count
the county's own schedule as one more lagging unit. So a file another file in the tree
names under ``extends:``/``include:`` is a part, not a plan; a file naming itself (a cycle
the loader reports) or a file outside its folder (refused by the loader) marks nothing.

Only files whose text has a top-level ``extends:``, ``include:`` or ``rules:`` line are
parsed here; a county-scale plan without one costs a regular-expression scan (15 ms)
instead of a second positioned parse (1.6 s, bench/generate_county_plan.py at scale 1).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from activitymonth.load.compose import DIRECTIVES
from activitymonth.load.source import decode, read_document

SUFFIXES = (".yaml", ".yml")
_TOP_LEVEL = re.compile(r"^(?:extends|include|rules)[ \t]*:", re.M)


class SkipReason(enum.Enum):
    """Why a YAML file in the folder is not rolled up as a plan of its own."""

    PART = "part"
    """Named under ``extends:`` or ``include:`` by another file (a template, shared people)."""
    RULES = "rules"
    """A user-rules file: ``rules:`` at the top and no ``title:``."""


@dataclass(frozen=True, slots=True)
class Skipped:
    path: Path
    reason: SkipReason
    by: Path | None = None
    """For a part: the first file (in the order plans are listed) that names it."""


@dataclass(frozen=True, slots=True)
class PlanFiles:
    plans: tuple[Path, ...]
    skipped: tuple[Skipped, ...]


def find_plan_files(folder: Path) -> PlanFiles:
    """Every plan under ``folder`` and the files left out, shallowest first and then in
    path order: a unit's plan at the top comes before copies kept in subfolders, so a copy
    is the one reported as repeating its unit and plan id.

    Hidden files and folders (``.activitymonth.yaml``, ``.git``) are never looked at.
    """
    candidates = sorted(_yaml_files(folder), key=lambda path: (len(path.parts), path))
    parts: dict[Path, Path] = {}
    rules: set[Path] = set()
    for path in candidates:
        keys, targets = _top_level(path)
        if "rules" in keys and "title" not in keys:
            rules.add(path)
        for target in targets:
            parts.setdefault(target, path)
    plans: list[Path] = []
    skipped: list[Skipped] = []
    for path in candidates:
        if path in rules:
            skipped.append(Skipped(path, SkipReason.RULES))
        elif path.resolve() in parts:
            skipped.append(Skipped(path, SkipReason.PART, parts[path.resolve()]))
        else:
            plans.append(path)
    return PlanFiles(tuple(plans), tuple(skipped))


def _yaml_files(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*"):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if not hidden and path.suffix in SUFFIXES and path.is_file():
            yield path


def _top_level(path: Path) -> tuple[set[str], list[Path]]:
    """The file's top-level keys and the files it extends or includes (resolved, inside its
    folder, itself excluded); nothing for a file without such a line or that does not parse
    (the loader reports it when the file is rolled up)."""
    try:
        text, _ = decode(path.read_bytes(), str(path))
    except OSError:
        return set(), []
    if text is None or not _TOP_LEVEL.search(text):
        return set(), []
    data = read_document(path, str(path)).data
    if not isinstance(data, dict):
        return set(), []
    here = path.resolve()
    targets = []
    for directive in DIRECTIVES:
        names = data.get(directive)
        for name in names if isinstance(names, list) else [names]:
            if not isinstance(name, str):
                continue
            target = (here.parent / name).resolve()
            if target != here and target.is_relative_to(here.parent):
                targets.append(target)
    return set(data), targets
