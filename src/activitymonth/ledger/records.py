"""The ledger's records as Python values: what was done, which pair was visited, who wrote it.

These are facts, not intent: a record is never changed once written. A mistake is fixed
by a new record whose ``supersedes`` names the old one (``kind=undone`` withdraws it), so
the dataclasses are frozen and carry the database ``id`` once stored.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from activitymonth.schedule import ItemKind


class RecordKind(StrEnum):
    """``done`` states a fact; ``undone`` withdraws the record it supersedes."""

    DONE = "done"
    UNDONE = "undone"


class VisitMode(StrEnum):
    """How a cadre met the paired household: at home, by phone, by WeChat, or invited in."""

    HOME = "入户"
    PHONE = "电话"
    WECHAT = "微信"
    INVITED = "请上来"


class Action(StrEnum):
    """What a change to the ledger was, as the audit trail names it."""

    DONE = "done"
    UNDO = "undo"
    VISIT = "visit"
    IMPORT_LEDGER = "import-ledger"
    IMPORT_VISITS = "import-visits"


@dataclass(frozen=True, slots=True)
class Fact:
    """One of the 四个清楚 (family, goals, skills, needs): known or not, and what was noted."""

    known: bool = False
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """A file that proves the work (photo, sign-in sheet), pinned by its hash and size so a
    later swap of the file is detectable."""

    path: str
    sha256: str
    size: int

    @classmethod
    def of_file(cls, path: Path, base: Path) -> Evidence:
        """Hash ``path``; it is stored relative to ``base`` (the plan's folder) when inside it,
        so a ledger moved together with its plan and archive still points at its files."""
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
        resolved = path.resolve()
        try:
            shown = resolved.relative_to(base.resolve()).as_posix()
        except ValueError:
            shown = resolved.as_posix()
        return cls(shown, digest.hexdigest(), size)


@dataclass(frozen=True, slots=True)
class Completion:
    """An occurrence of an activity, or a deliverable, recorded as done (or withdrawn).

    ``occurrence_id`` is the schedule's stable ``item_id/planned-date`` for an activity
    occurrence; a deliverable (one thing handed in, whatever its due date becomes) and an
    activity the plan does not date yet are recorded under the bare item id, as the
    ledger sheet's id column has them. ``participants`` is the total (人次); ``cadres`` and
    ``residents`` split it where the split is known. ``evidence`` are hashed files,
    ``evidence_text`` what a sheet lists as 佐证材料.
    """

    unit: str
    plan_id: str
    item_id: str
    item_kind: ItemKind
    occurrence_id: str
    kind: RecordKind
    actual_date: date | None
    recorded_by: str
    recorded_at: datetime
    participants: int | None = None
    cadres: int | None = None
    residents: int | None = None
    materials: tuple[tuple[str, int], ...] = ()
    evidence: tuple[Evidence, ...] = ()
    evidence_text: str | None = None
    note: str | None = None
    supersedes: int | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Visit:
    """A visit of a paired household (结对走访) with the 四个清楚 facts it established."""

    unit: str
    plan_id: str
    pair_key: str
    cadre: str
    visit_date: date
    mode: VisitMode
    recorded_by: str
    recorded_at: datetime
    topics: str | None = None
    solved: str | None = None
    family: Fact = Fact()
    goals: Fact = Fact()
    skills: Fact = Fact()
    needs: Fact = Fact()
    kind: RecordKind = RecordKind.DONE
    note: str | None = None
    supersedes: int | None = None
    id: int | None = None

    @property
    def four_clear(self) -> bool:
        """四个清楚: family, goals, skills and needs all known."""
        return all(f.known for f in (self.family, self.goals, self.skills, self.needs))


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change to the ledger: who, when, what, how many records, from which file."""

    unit: str
    plan_id: str
    action: Action
    actor: str
    at: datetime
    records: int
    source: str | None = None
    source_sha256: str | None = None
