"""``extends:`` and ``include:``: a unit's plan built on a county template and shared parts.

- ``extends: county.yaml`` takes the template as the base: the plan's own scalars and
  plain lists (deputies, programs …) replace the template's, mappings merge key by key,
  and in ``people``/``activities``/``deliverables`` an entry with the same ``id`` as a
  template entry replaces it while other entries are added.
- ``include: [people.yaml, pairs.yaml]`` adds parts of the same plan: their lists are
  appended, and a repeated id is a mistake reported by the id checks.
Paths are relative to the including file and must stay inside the plan's folder, so a plan
never reads files its author did not put beside it; cycles are reported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from activitymonth.diagnostics import Codes, Diagnostic
from activitymonth.i18n import Text
from activitymonth.load.source import KeyOrigin, position, read_document

DIRECTIVES = ("extends", "include")
REPLACEABLE_LISTS = ("people", "activities", "deliverables")


class Composer:
    """Reads a plan file and everything it extends or includes, merging with origins."""

    def __init__(self, root_file: Path) -> None:
        self.root_dir = root_file.resolve().parent
        self.origins: dict[int, Any] = {}
        self.diagnostics: list[Diagnostic] = []

    def compose(self, path: Path, shown_as: str, stack: tuple[Path, ...] = ()) -> Any:
        document = read_document(path, shown_as)
        self.origins.update(document.origins)
        self.diagnostics.extend(document.diagnostics)
        data = document.data
        if data is None:
            return {} if stack else None
        if not isinstance(data, dict):
            where = position(shown_as, document.root) if document.root else None
            self.diagnostics.append(
                Diagnostic(
                    Codes.INVALID_VALUE,
                    Text(
                        "计划文件的最外层必须是“键: 值”映射",
                        "a plan file must be a mapping of keys",
                    ),
                    where,
                    Text(
                        "以 title:、window: 等字段开头",
                        "start with keys such as title: and window:",
                    ),
                )
            )
            return {}
        stack = (*stack, path.resolve())
        base: dict[str, Any] | None = None
        if "extends" in data:
            for target in self._targets(data, "extends", path, shown_as, stack)[:1]:
                base = self._merge(base or {}, target, replace=True)
        own = {k: v for k, v in data.items() if k not in DIRECTIVES}
        self.origins[id(own)] = self.origins.get(id(data), {})
        if "include" in data:
            for part in self._targets(data, "include", path, shown_as, stack):
                own = self._merge(own, part, replace=False)
        return self._merge(base, own, replace=True) if base is not None else own

    def _targets(
        self, data: dict[str, Any], key: str, path: Path, shown_as: str, stack: tuple[Path, ...]
    ) -> list[dict[str, Any]]:
        """Load the files a directive names; each problem is located at the directive."""
        value = data[key]
        names = value if isinstance(value, list) else [value]
        where_value: KeyOrigin = self.origins[id(data)][key]
        where = position(where_value.file, where_value.value)
        if key == "extends" and len(names) != 1:
            self._fail(where, Text("extends 只能写一个模板文件", "extends takes one template file"))
        loaded = []
        for name in names:
            if not isinstance(name, str):
                self._fail(where, Text(f"{key} 需要文件路径", f"{key} expects file paths"))
                continue
            target = (path.parent / name).resolve()
            if not target.is_relative_to(self.root_dir):
                self._fail(
                    where,
                    Text(
                        f"“{name}” 不在计划所在的文件夹内，出于安全不会读取",
                        f"'{name}' is outside the plan's folder and will not be read",
                    ),
                    Text("把模板复制到计划旁边再引用", "copy the file next to the plan"),
                )
                continue
            if target in stack:
                chain = " → ".join(p.name for p in (*stack, target))
                self._fail(
                    where,
                    Text(f"{key} 形成循环：{chain}", f"{key} forms a cycle: {chain}"),
                    Text("去掉其中一个引用", "remove one of the references"),
                )
                continue
            if not target.is_file():
                self._fail(
                    where,
                    Text(f"找不到文件 “{name}”", f"file '{name}' not found"),
                    Text("检查文件名和相对路径", "check the file name and relative path"),
                )
                continue
            shown = _shown_name(target, path, shown_as)
            loaded.append(self.compose(target, shown, stack) or {})
        return loaded

    def _merge(
        self, base: dict[str, Any], over: dict[str, Any], *, replace: bool
    ) -> dict[str, Any]:
        """Merge ``over`` onto ``base`` into a new mapping that carries both origins."""
        merged = dict(base)
        where = dict(self.origins.get(id(base), {}))
        over_where = self.origins.get(id(over), {})
        for key, value in over.items():
            if key in merged and isinstance(merged[key], dict) and isinstance(value, dict):
                merged[key] = self._merge(merged[key], value, replace=replace)
            elif key in merged and isinstance(merged[key], list) and isinstance(value, list):
                if replace and key not in REPLACEABLE_LISTS:
                    merged[key] = value  # a unit's own deputies, programs … replace the template's
                else:
                    merged[key] = self._merge_lists(merged[key], value, replace=replace)
            else:
                merged[key] = value
            if key in over_where:
                where[key] = over_where[key]
        self.origins[id(merged)] = where
        return merged

    def _merge_lists(self, base: list[Any], over: list[Any], *, replace: bool) -> list[Any]:
        base_where = self.origins.get(id(base)) or [None] * len(base)
        over_where = self.origins.get(id(over)) or [None] * len(over)
        items = list(zip(base, base_where, strict=False))
        if replace:
            index = {_item_id(item): i for i, (item, _) in enumerate(items) if _item_id(item)}
            for pair in zip(over, over_where, strict=False):
                slot = index.get(_item_id(pair[0]))
                if slot is None:
                    items.append(pair)
                else:
                    items[slot] = pair
        else:
            items.extend(zip(over, over_where, strict=False))
        merged = [item for item, _ in items]
        self.origins[id(merged)] = [where for _, where in items]
        return merged

    def _fail(self, where: Any, message: Text, hint: Text | None = None) -> None:
        self.diagnostics.append(Diagnostic(Codes.INCLUDE, message, where, hint))


def _item_id(item: Any) -> str | None:
    return item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None


def _shown_name(target: Path, including: Path, including_shown: str) -> str:
    """Name an included file the way the user named the plan (relative stays relative)."""
    shown_dir = Path(including_shown).parent
    try:
        return str(shown_dir / target.relative_to(including.resolve().parent))
    except ValueError:
        return str(target)
