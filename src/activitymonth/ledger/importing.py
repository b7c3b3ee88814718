"""What the sheet and CSV imports share: reading the file once, the summary, the rules.

Both imports check every row before writing any, and write everything in one transaction:
a file lands whole or not at all, and a refused file lists each bad cell.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from activitymonth.i18n import Text
from activitymonth.ledger.errors import CellProblem, ImportRejected, LedgerError

MAX_PROBLEMS = 200
"""Problems kept for the report; a wholly wrong file need not list a million lines."""


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did: rows read, records written (0 when all were there already)."""

    file: str
    rows: int
    written: int


@dataclass(frozen=True, slots=True)
class Source:
    """An import file's bytes with the name and hash the audit trail keeps."""

    name: str
    data: bytes
    sha256: str

    @classmethod
    def read(cls, path: Path) -> Source:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise LedgerError(
                Text(f"无法读取 {path}：{error.strerror}", f"cannot read {path}: {error.strerror}"),
                Text("检查文件路径和权限", "check the path and permissions"),
            ) from None
        return cls(path.name, data, hashlib.sha256(data).hexdigest())


class Problems:
    """Collects bad cells (keeping the first ``MAX_PROBLEMS``) and refuses the file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.kept: list[CellProblem] = []
        self.count = 0

    def add(self, problem: CellProblem) -> None:
        self.count += 1
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(problem)

    def raise_any(self) -> None:
        if self.count:
            raise ImportRejected(self.file, self.kept, self.count)
