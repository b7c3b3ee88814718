"""Turn a model path such as ``("activities", 3, "lead")`` into ``file:line:col``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from activitymonth.diagnostics import Position
from activitymonth.load.source import KeyOrigin, position


class SourceMap:
    """Positions of a loaded (and possibly merged) plan.

    Holds the raw data it was built from: origins are keyed by container identity, so the
    containers must stay alive as long as the map does.
    """

    def __init__(self, data: Any, origins: dict[int, Any], default_file: str) -> None:
        self._data = data
        self._origins = origins
        self.default_file = default_file

    def locate(self, path: Sequence[str | int], *, key: bool = False) -> Position:
        """Position of the deepest part of ``path`` that exists in the file.

        With ``key=True`` a path ending at a mapping entry points at the key (used for
        unknown fields), otherwise at the value.
        """
        found = Position(self.default_file, 1, 1)
        current = self._data
        for index, step in enumerate(path):
            origin = self._origins.get(id(current))
            last = index == len(path) - 1
            if isinstance(current, dict) and step in current:
                entry: KeyOrigin | None = origin.get(step) if origin else None
                if entry is not None:
                    node = entry.key if (key and last) else entry.value
                    found = position(entry.file, node)
                current = current[step]
            elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
                if origin and origin[step] is not None:
                    file, node = origin[step]
                    found = position(file, node)
                current = current[step]
            else:
                break
        return found

    def span(self, path: Sequence[str | int]) -> tuple[Position, Position] | None:
        """Start and end of the scalar written at ``path`` (for in-place edits), or None
        when the path does not end at a value written in a file."""
        current = self._data
        node_file: tuple[str, Any] | None = None
        for step in path:
            origin = self._origins.get(id(current))
            if isinstance(current, dict) and step in current and origin and step in origin:
                entry: KeyOrigin = origin[step]
                node_file = (entry.file, entry.value)
                current = current[step]
            elif (
                isinstance(current, list)
                and isinstance(step, int)
                and 0 <= step < len(current)
                and origin
                and origin[step] is not None
            ):
                node_file = origin[step]
                current = current[step]
            else:
                return None
        if node_file is None:
            return None
        file, node = node_file
        end = node.end_mark
        return position(file, node), Position(file, end.line + 1, end.column + 1)

    def has(self, path: Sequence[str | int]) -> bool:
        current = self._data
        for step in path:
            if (isinstance(current, dict) and step in current) or (
                isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current)
            ):
                current = current[step]
            else:
                return False
        return True
