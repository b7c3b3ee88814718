"""Resolving plans on China's real calendar: the dates people will actually meet on."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from click.testing import CliRunner

from activitymonth.cli import cli
from activitymonth.load import LoadedPlan, load_plan
from activitymonth.schedule import resolve

from conftest import MINIMAL, write

GONGYIRI = (
    MINIMAL.replace("window: 2026-09", "window: 2026")
    + """\
  - id: gongyiri
    title: 民族团结公益日
    repeat: 每月15日
    time: "10:00"
    duration: 3h
    on_day_off: {policy}
    lead: li
"""
)


def gongyiri_days(tmp_path: Path, policy: str) -> dict[int, date]:
    loaded = load_plan(write(tmp_path, f"{policy}.yaml", GONGYIRI.replace("{policy}", policy)))
    schedule = resolve(loaded)
    return {o.day.month: o.day for o in schedule.for_item("gongyiri")}


def test_next_workday_moves_february_past_spring_festival(tmp_path: Path) -> None:
    days = gongyiri_days(tmp_path, "next_workday")
    assert days[2] == date(2026, 2, 24)
    assert days[11] == date(2026, 11, 16)
    assert days[10] == date(2026, 10, 15)
    assert len(days) == 12


def test_previous_workday_uses_the_make_up_saturday(tmp_path: Path) -> None:
    days = gongyiri_days(tmp_path, "previous_workday")
    assert days[2] == date(2026, 2, 14)
    assert days[2].weekday() == 5


def test_show_json_reports_moves_with_reason_and_source_line(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yaml", GONGYIRI.replace("{policy}", "next_workday"))
    result = CliRunner().invoke(cli, ["show", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    february = next(
        o
        for o in document["occurrences"]
        if o["item_id"] == "gongyiri" and o["start"].startswith("2026-02")
    )
    assert february["start"] == "2026-02-24T10:00:00+08:00"
    assert february["end"] == "2026-02-24T13:00:00+08:00"
    assert february["moved_from"] == "2026-02-15"
    assert "春节" in february["reason"]
    assert february["source"] == {"file": str(path), "line": 17, "col": 5}


def test_show_text_in_english(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yaml", GONGYIRI.replace("{policy}", "next_workday"))
    result = CliRunner().invoke(cli, ["show", str(path), "--lang", "en"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "2026-02-24 Tue" in result.output
    assert "13 occurrence(s)" in result.output  # 12 公益日 + the 动员会
    assert "no. 43" not in result.output  # a year-long plan is not "the 43rd activity month"


def test_timed_and_all_day_occurrences(minimal_plan: LoadedPlan) -> None:
    [mobilize] = resolve(minimal_plan).occurrences
    assert isinstance(mobilize.start, datetime)
    assert mobilize.start.isoformat() == "2026-09-01T09:00:00+08:00"
    assert (mobilize.end - mobilize.start).total_seconds() == 7200
    assert mobilize.source.line == 12


def test_festival_anchor_and_all_day_span(tmp_path: Path) -> None:
    text = (
        MINIMAL.replace("window: 2026-09", "window: 2026-05").replace(
            "region: 内蒙古", "region: 新疆"
        )
        + """\
  - {id: eid, title: 古尔邦节前走访慰问, date: 古尔邦节 -1d, lead: li}
  - {id: expo, title: 民族服饰展, date: 2026-05-11, end_date: 2026-05-13, lead: li}
"""
    )
    text = text.replace("start: 2026-09-01 09:00", "start: 2026-05-06 09:00")
    schedule = resolve(load_plan(write(tmp_path, "p.yaml", text)))
    [eid] = schedule.for_item("eid")
    assert eid.day == date(2026, 5, 26) and eid.all_day
    [expo] = schedule.for_item("expo")
    assert (expo.day, expo.end, expo.last_day) == (
        date(2026, 5, 11),
        date(2026, 5, 14),
        date(2026, 5, 13),
    )


def test_unofficial_year_is_flagged(tmp_path: Path) -> None:
    text = MINIMAL.replace("window: 2026-09", "window: 2027-09").replace("2026-09-01", "2027-09-01")
    path = write(tmp_path, "p.yaml", text)
    schedule = resolve(load_plan(path))
    assert schedule.unofficial_years == (2027,)
    result = CliRunner().invoke(cli, ["show", str(path)])
    assert "尚未正式公布" in result.output


def test_supplied_official_year_counts_as_official(tmp_path: Path) -> None:
    text = (
        MINIMAL.replace("window: 2026-09", "window: 2027-09").replace("2026-09-01", "2027-09-01")
        + """\
calendar:
  official:
    - year: 2027
      days_off:
        - {date: 2027-10-01, end: 2027-10-07, name: 国庆节}
      workdays:
        - {date: 2027-09-26, name: 国庆节调休上班}
"""
    )
    schedule = resolve(load_plan(write(tmp_path, "p.yaml", text)))
    assert schedule.unofficial_years == ()
    assert schedule.calendar.is_workday(date(2027, 9, 26))
    assert not schedule.calendar.is_workday(date(2027, 10, 4))


def test_calendar_grid_marks_holidays_and_make_up_days(tmp_path: Path) -> None:
    text = MINIMAL.replace("window: 2026-09", "window: {start: 2026-09-01, end: 2026-10-31}")
    path = write(tmp_path, "p.yaml", text)
    result = CliRunner().invoke(cli, ["calendar", str(path)])
    assert result.exit_code == 0, result.output
    assert "2026年9月" in result.output and "2026年10月" in result.output
    assert "2026-09-20 周日 " in result.output  # make-up work day listed
    assert "2026-10-01 周四 国庆节" in result.output
    assert "班" in result.output and "休" in result.output
