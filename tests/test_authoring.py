"""A plan built in Python dumps to YAML that loads back equal; the JSON Schema accepts it."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from activitymonth.cli import cli
from activitymonth.diagnostics import PlanLoadError
from activitymonth.dump import plan_to_yaml
from activitymonth.load import load_plan, load_plan_text
from activitymonth.model import (
    Activity,
    Deliverable,
    Household,
    LeadingGroup,
    Office,
    Organization,
    Pair,
    Person,
    Plan,
    RoleSlot,
    Window,
)
from activitymonth.schedule import resolve
from activitymonth.schema import plan_schema


def python_plan() -> Plan:
    return Plan(
        id="school-2026-05",
        title="某校2026年民族团结教育月实施方案",
        unit="某校",
        region="新疆",
        window=Window.model_validate("2026-05"),
        people=(
            Person(id="ma", name="马某", title="校长"),
            Person(id="ai", name="艾某", title="德育主任"),
        ),
        organization=Organization(
            leading_group=LeadingGroup(leader="ma"), office=Office(director="ai")
        ),
        programs=("六个一@学校",),
        activities=(
            Activity(
                id="expo",
                title="书画展",
                fulfills=("六个一@学校/书画展",),
                date=date(2026, 5, 11),
                lead="ai",
                roles=(RoleSlot(role="主持人", count=2, people=("ma", "ai")),),
            ),
            Activity.model_validate(
                {
                    "id": "quiz",
                    "title": "知识竞赛",
                    "start": "2026-05-20 15:00",
                    "duration": "90min",
                    "lead": "ai",
                    "fulfills": "六个一/知识竞赛",
                }
            ),
            Activity.model_validate(
                {
                    "id": "flag",
                    "title": "升旗仪式",
                    "repeat": "每周一",
                    "time": "08:30",
                    "duration": "30min",
                    "on_day_off": "next_workday",
                    "lead": "ma",
                }
            ),
        ),
        deliverables=(
            Deliverable(id="summary", title="教育月总结", owner="ai", due=date(2026, 5, 29)),
        ),
        pairs=(
            Pair(
                cadre="ma",
                household=Household(name="某户", village="某村", need=4),
                visits=(date(2026, 5, 16),),
            ),
        ),
    )


def test_python_plan_round_trips_through_yaml(tmp_path: Path) -> None:
    plan = python_plan()
    text = plan_to_yaml(plan)
    assert (
        "duration: 1h30m" in text
        and "date: 2026-05-11" in text
        and "repeat: 每周一" in text
        and "window: 2026-05" in text
    )
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_plan(path).plan == plan
    assert load_plan_text(text).plan.activities[1].duration == timedelta(minutes=90)


def test_python_plan_resolves_like_a_file(tmp_path: Path) -> None:
    plan = python_plan()
    from_python = resolve(plan)
    path = tmp_path / "plan.yaml"
    path.write_text(plan_to_yaml(plan), encoding="utf-8")
    from_file = resolve(load_plan(path))
    assert [(o.item_id, o.start) for o in from_python.occurrences] == [
        (o.item_id, o.start) for o in from_file.occurrences
    ]
    flag_days = [o.day for o in from_python.for_item("flag")]
    assert date(2026, 5, 4) not in flag_days and date(2026, 5, 6) in flag_days
    quiz = from_python.for_item("quiz")[0]
    assert quiz.start == datetime(2026, 5, 20, 15, 0, tzinfo=plan.zone)


def test_python_plan_with_unknown_person_is_refused_on_resolve() -> None:
    plan = python_plan().model_copy(
        update={
            "deliverables": (
                Deliverable(id="summary", title="总结", owner="nobody", due=date(2026, 5, 29)),
            )
        }
    )
    with pytest.raises(PlanLoadError) as caught:
        resolve(plan)
    [problem] = caught.value.diagnostics
    assert problem.code == "AM006" and problem.path == ("deliverables", 0, "owner")


def test_models_are_immutable() -> None:
    plan = python_plan()
    with pytest.raises(Exception, match="frozen"):
        plan.title = "改名"  # type: ignore[misc]


def test_schema_accepts_plans_and_rejects_typos(tmp_path: Path) -> None:
    schema = plan_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    data = json.loads(json.dumps(yaml.safe_load(plan_to_yaml(python_plan())), default=str))
    assert list(validator.iter_errors(data)) == []
    data["activities"][0]["leed"] = "ma"
    assert any("leed" in e.message for e in validator.iter_errors(data))


def test_schema_command_writes_the_schema(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "activitymonth plan"
    out = tmp_path / "plan.schema.json"
    assert CliRunner().invoke(cli, ["schema", "-o", str(out)]).exit_code == 0
    assert "activities" in json.loads(out.read_text(encoding="utf-8"))["properties"]


def test_new_drafts_a_plan_that_loads_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    args = [
        "new",
        str(out),
        "--program",
        "六个一@学校",
        "--program",
        "八个一@公益日",
        "--month",
        "2026-09",
        "--unit",
        "某校",
        "--region",
        "内蒙古",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    plan = load_plan(out).plan
    assert plan.programs == ("六个一@学校", "八个一@公益日")
    assert len(plan.activities) == 14
    gongyiri = [a for a in plan.activities if a.repeat is not None]
    assert len(gongyiri) == 8 and gongyiri[0].repeat.text == "每月15日"
    before = out.read_bytes()
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 2 and out.read_bytes() == before


def test_new_with_ambiguous_program_fails_cleanly(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["new", str(tmp_path / "x.yaml"), "--program", "六个一", "--month", "2026-09"]
    )
    assert result.exit_code == 2
    assert "六个一@学校" in result.output
    assert not (tmp_path / "x.yaml").exists()
