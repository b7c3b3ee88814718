"""Shared helpers: write plans into a temporary folder and load them."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from activitymonth.diagnostics import Diagnostic, PlanLoadError
from activitymonth.load import LoadedPlan, load_plan

REPO = Path(__file__).resolve().parents[1]
PLANS = REPO / "plans"

MINIMAL = """\
title: 测试局2026年民族团结进步活动月实施方案
unit: 测试局
region: 内蒙古
window: 2026-09
people:
  - {id: wang, name: 王某, title: 局长}
  - {id: li, name: 李某, title: 副局长}
organization:
  leading_group: {leader: wang, deputies: [li]}
  office: {director: li}
activities:
  - id: mobilize
    title: 动员会
    start: 2026-09-01 09:00
    duration: 2h
    lead: wang
"""


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(textwrap.dedent(text).encode(encoding))
    return path


def load_errors(path: Path) -> list[Diagnostic]:
    with pytest.raises(PlanLoadError) as caught:
        load_plan(path)
    return caught.value.diagnostics


@pytest.fixture
def minimal_plan(tmp_path: Path) -> LoadedPlan:
    return load_plan(write(tmp_path, "plan.yaml", MINIMAL))
