"""Rule tests as data: a snippet is merged onto a small valid base plan, then checked.

Each rule's docstring carries a failing, a passing and (where it has one) a fixed
example; ``tests/rules/AMxxx.yaml`` files add more cases. The same helpers serve both.

A snippet (or a plan in ``plans/broken/rules/``) with ``# ledger:`` lines is checked with
a ledger holding those records, written through the recording API as ``activitymonth
done``/``visit`` would: each line is a record or a list of records (``[]``: an empty
ledger), ``{done: ITEM, date: …, occurrence: …, participants: …, cadres: …,
residents: …, materials: {宣传折页: 300}}``, ``{visit: PAIR, date: …, mode: 电话}`` or
``{undo: ITEM or PAIR, occurrence: …}`` (withdraws the last record, as ``activitymonth undo``).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import yaml

from activitymonth.ledger import (
    Completion,
    DoneFacts,
    Ledger,
    PlanTargets,
    Visit,
    VisitFacts,
    VisitMode,
    open_ledger,
    prepare_done,
    prepare_visit,
    record_undo,
    save_record,
)
from activitymonth.load import LoadedPlan, load_plan
from activitymonth.rules import Config, Finding, check
from activitymonth.rules.suppress import apply_suppressions
from activitymonth.schedule import resolve

LEDGER_LINE = re.compile(r"^#\s*ledger:\s*(\S.*)$", re.M)

BASE = {
    "title": "测试局2026年民族团结进步活动月实施方案",
    "unit": "测试局",
    "region": "内蒙古",
    "window": "2026-09",
    "people": [
        {"id": "wang", "name": "王某", "title": "局长"},
        {"id": "li", "name": "李某", "title": "副局长"},
        {"id": "zhang", "name": "张某", "title": "办公室主任"},
    ],
    "organization": {
        "leading_group": {"leader": "wang", "deputies": ["li"], "members": ["zhang"]},
        "office": {"director": "zhang"},
    },
    "activities": [
        {
            "id": "mobilize",
            "title": "动员会",
            "start": "2026-09-01 09:00",
            "duration": "2h",
            "lead": "wang",
            "staff": ["li", "zhang"],
        },
    ],
}


def plan_text(snippet: str) -> str:
    """The base plan with the snippet's top-level keys replacing the base's."""
    data = dict(BASE)
    data.update(yaml.safe_load(snippet) or {})
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None)
    if snippet.lstrip().startswith("#"):
        body = snippet.split("\n", 1)[0] + "\n" + body
    return body


def today_of(snippet: str) -> date | None:
    """A snippet may fix the checking date with a ``# today: 2026-09-20`` line."""
    match = re.search(r"^#\s*today:\s*(\d{4}-\d{2}-\d{2})", snippet, re.M)
    return date.fromisoformat(match.group(1)) if match else None


def run(
    folder: Path,
    snippet: str,
    code: str,
    *,
    options: dict[str, Any] | None = None,
    today: date | None = None,
    name: str = "plan.yaml",
    ledger_at: str | None = None,
) -> list[Finding]:
    """Check the snippet's plan; with ``# ledger:`` lines, against a ledger seeded with
    them (a SQLite file in ``folder``, or the database at ``ledger_at``)."""
    path = folder / name
    path.write_text(plan_text(snippet), encoding="utf-8")
    loaded = load_plan(path, lenient_people=True)
    config = Config.model_validate({"rules": {code: options or {}}})  # every rule runs:
    today = today or today_of(snippet)  # AM104 needs the others' findings to judge
    records = ledger_records(snippet)
    ledger = None
    if records is not None:
        location = ledger_at or str(folder / f"{path.stem}.ledger.sqlite")
        ledger = seed_ledger(location, loaded, records, today)
    try:
        found = check(loaded, config, today=today, ledger=ledger)
    finally:
        if ledger is not None:
            ledger.close()
    found = apply_suppressions(found, loaded, config=config)
    return [f for f in found if f.code == code]


def ledger_records(text: str) -> list[dict[str, Any]] | None:
    """The records of the ``# ledger:`` lines; None when there are none (no ledger)."""
    lines = LEDGER_LINE.findall(text)
    if not lines:
        return None
    records: list[dict[str, Any]] = []
    for line in lines:
        value = yaml.safe_load(line)
        records.extend(value if isinstance(value, list) else [value])
    return records


def seed_ledger(
    location: str, loaded: LoadedPlan, records: list[dict[str, Any]], today: date | None
) -> Ledger:
    """A ledger at ``location`` holding ``records``, entered on ``today`` (noon, in the
    plan's time zone) so that no record is refused as being in the future."""
    targets = PlanTargets(resolve(loaded))
    now = datetime.combine(today or date.today(), time(12), tzinfo=loaded.plan.zone)
    ledger = open_ledger(location)
    for record in records:
        if "undo" in record:
            target = targets.named(str(record["undo"]))
            on = record.get("occurrence")
            record_undo(ledger, targets, target, by="测试", occurrence=on, now=now)
        else:
            save_record(ledger, _prepared(targets, record, now))
    return ledger


def _prepared(targets: PlanTargets, record: dict[str, Any], now: datetime) -> Completion | Visit:
    if "visit" in record:
        mode = VisitMode(record.get("mode", VisitMode.HOME.value))
        facts = VisitFacts(visit_date=record["date"], mode=mode)
        return prepare_visit(targets, str(record["visit"]), facts, by="测试", now=now)
    materials = tuple((str(k), int(v)) for k, v in (record.get("materials") or {}).items())
    done = DoneFacts(
        actual_date=record.get("date"),
        participants=record.get("participants"),
        cadres=record.get("cadres"),
        residents=record.get("residents"),
        materials=materials,
    )
    occurrence = record.get("occurrence")
    return prepare_done(
        targets, str(record["done"]), done, by="测试", occurrence=occurrence, now=now
    )
