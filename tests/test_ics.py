"""The iCalendar export: structure, stability, sequence, escaping and the built-in lint."""

from __future__ import annotations

import shutil
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from activitymonth.cli import cli
from activitymonth.export.ics import lint_ics

from conftest import PLANS, write
from ics_support import export

BUREAU = PLANS / "bureau-september.yaml"

NASTY = """\
id: nasty
title: "测试,计划;含\\\\特殊字符"
window: 2026-09
people:
  - {id: wang, name: "王,某", contact: {email: wang@example.cn}}
  - {id: li, name: 李某, contact: {email: li@example.cn}}
activities:
  - id: a
    title: "第一行\\n第二行；分号;逗号,反斜杠\\\\ 表情😀 控制\\x07字符"
    start: 2026-09-08 09:00
    duration: 2h
    lead: wang
    staff: [li]
    location: "会议室,三楼;东侧"
    note: "多行\\n备注"
  - {id: gy, title: 公益日, repeat: 每月15日, time: "09:00", on_day_off: next_workday, lead: li}
deliverables:
  - {id: d, title: 总结, owner: li, due: 2026-09-29}
"""


def test_whole_plan_calendar_has_names_timezone_and_no_method(tmp_path: Path) -> None:
    _, _, main = export(BUREAU, tmp_path)
    data = main.read_bytes()
    calendar = icalendar.Calendar.from_ical(data)
    assert "第43个民族团结进步活动月" in str(calendar["X-WR-CALNAME"])
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"])
    assert "METHOD" not in calendar
    [zone] = [c for c in calendar.walk("VTIMEZONE")]
    assert str(zone["TZID"]) == "Asia/Shanghai" and "COMMENT" not in zone
    assert len(zone.walk("STANDARD")) == 1 and not zone.walk("DAYLIGHT")
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert lint_ics(data) == []


def test_all_day_items_use_exclusive_dates_and_deliverables_are_events(tmp_path: Path) -> None:
    _, _, main = export(BUREAU, tmp_path)
    events = {
        str(e["UID"]): e for e in icalendar.Calendar.from_ical(main.read_bytes()).walk("VEVENT")
    }
    banner = events["xfj-2026-09-activity-banner@activitymonth"]
    assert banner["DTSTART"].to_ical() == b"20260902" and banner["DTEND"].to_ical() == b"20260905"
    summary = events["xfj-2026-09-deliverable-summary@activitymonth"]
    assert summary["DTSTART"].to_ical() == b"20260929" and summary["DTEND"].to_ical() == b"20260930"
    [alarm] = summary.walk("VALARM")
    assert alarm["TRIGGER"].to_ical() == b"-P3D"


def test_recurring_activity_is_a_series_with_utc_until(tmp_path: Path) -> None:
    _, _, main = export(BUREAU, tmp_path)
    events = [
        e
        for e in icalendar.Calendar.from_ical(main.read_bytes()).walk("VEVENT")
        if "reception" in str(e["UID"])
    ]
    [master] = events
    rule = master["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["WE"]
    assert rule.to_ical().decode().count("UNTIL=20260930T010000Z") == 1


def test_moved_occurrences_are_overrides_with_recurrence_id(tmp_path: Path) -> None:
    plan = write(tmp_path, "p.yaml", NASTY)
    _, _, main = export(plan, tmp_path / "out")
    series = [
        e
        for e in icalendar.Calendar.from_ical(main.read_bytes()).walk("VEVENT")
        if "-gy@" in str(e["UID"])
    ]
    assert len(series) == 1  # 2026-09-15 is a Tuesday: nothing moved in September
    year = write(
        tmp_path,
        "year.yaml",
        NASTY.replace("window: 2026-09", "window: 2026").replace(
            "due: 2026-09-29", "due: 2026-12-29"
        ),
    )
    _, _, main = export(year, tmp_path / "out-year")
    series = [
        e
        for e in icalendar.Calendar.from_ical(main.read_bytes()).walk("VEVENT")
        if "-gy@" in str(e["UID"])
    ]
    overrides = {
        e["RECURRENCE-ID"].to_ical().decode(): e["DTSTART"].to_ical().decode()
        for e in series
        if "RECURRENCE-ID" in e
    }
    assert overrides["20260215T090000"] == "20260224T090000"
    assert overrides["20261115T090000"] == "20261116T090000"
    assert len({str(e["UID"]) for e in series}) == 1


def test_workday_rules_are_expanded_not_guessed(tmp_path: Path) -> None:
    text = (
        NASTY.replace("repeat: 每月15日", "repeat: 工作日每天")
        .replace("window: 2026-09", "window: {start: 2026-09-28, end: 2026-10-12}")
        .replace("start: 2026-09-08 09:00", "start: 2026-09-29 09:00")
        .replace("due: 2026-09-29", "due: 2026-10-09")
    )
    _, schedule, main = export(write(tmp_path, "p.yaml", text), tmp_path / "out")
    events = [
        e
        for e in icalendar.Calendar.from_ical(main.read_bytes()).walk("VEVENT")
        if "-gy-" in str(e["UID"])
    ]
    assert not any("RRULE" in e for e in events)
    days = sorted(e["DTSTART"].dt.date().isoformat() for e in events)
    assert "2026-10-10" in days and "2026-10-01" not in days  # make-up Saturday in, holiday out
    assert len(days) == len(schedule.for_item("gy"))


def test_nasty_text_cannot_break_a_property(tmp_path: Path) -> None:
    _, _, main = export(write(tmp_path, "p.yaml", NASTY), tmp_path / "out")
    data = main.read_bytes()
    assert lint_ics(data) == []
    assert b"\x07" not in data
    event = next(
        e
        for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
        if str(e["UID"]).endswith("-a@activitymonth")
    )
    assert str(event["SUMMARY"]) == "第一行 第二行；分号;逗号,反斜杠\\ 表情😀 控制字符"
    assert str(event["LOCATION"]) == "会议室,三楼;东侧"
    assert "多行\n备注" in str(event["DESCRIPTION"])
    assert str(event["ORGANIZER"]) == "mailto:wang@example.cn"
    assert event["ORGANIZER"].params["CN"] == "王,某"
    attendees = event["ATTENDEE"]
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a) for a in attendees] == ["mailto:li@example.cn"]


def test_re_export_is_byte_identical_and_sequence_rises_on_change(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(BUREAU, plan)
    _, _, first = export(plan, tmp_path / "out")
    before = first.read_bytes()
    export(plan, tmp_path / "out")
    assert first.read_bytes() == before
    plan.write_text(
        plan.read_text(encoding="utf-8")
        .replace("start: 2026-09-16 09:30", "start: 2026-09-17 09:30")
        .replace("end: 2026-09-16 16:30", "end: 2026-09-17 16:30"),
        encoding="utf-8",
    )
    export(plan, tmp_path / "out")
    events = {
        str(e["UID"]): e for e in icalendar.Calendar.from_ical(first.read_bytes()).walk("VEVENT")
    }
    assert events["xfj-2026-09-activity-outreach@activitymonth"]["SEQUENCE"] == 1
    assert events["xfj-2026-09-activity-mobilize@activitymonth"]["SEQUENCE"] == 0


def test_todos_only_on_request_with_related_end_alarm(tmp_path: Path) -> None:
    _, _, main = export(BUREAU, tmp_path / "a")
    assert b"BEGIN:VTODO" not in main.read_bytes()
    _, _, main = export(BUREAU, tmp_path / "b", todos=True)
    calendar = icalendar.Calendar.from_ical(main.read_bytes())
    todos = calendar.walk("VTODO")
    assert len(todos) == 2
    assert all(t.walk("VALARM")[0]["TRIGGER"].params["RELATED"] == "END" for t in todos)
    assert lint_ics(main.read_bytes()) == []


def test_per_person_and_per_program_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "export",
            "ics",
            str(BUREAU),
            "-o",
            str(tmp_path),
            "--per-person",
            "--per-program",
            "--verify",
        ],
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.glob("*.ics"))
    assert "person-wu.ics" in names and "xfj-2026-09.ics" in names
    wu = icalendar.Calendar.from_ical((tmp_path / "person-wu.ics").read_bytes())
    assert {str(e["SUMMARY"]) for e in wu.walk("VEVENT")} >= {"民族团结主题信访接待日"}


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (b"BEGIN:VCALENDAR\nEND:VCALENDAR\n", "bare LF"),
        (b"BEGIN:VCALENDAR\r\nX-LONG:" + b"a" * 80 + b"\r\nEND:VCALENDAR\r\n", "75"),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260901T100000\r\n"
            b"DTEND:20260901T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "DTEND is not after",
        ),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260901\r\n"
            b"DTEND;VALUE=DATE:20260901\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "all-day DTEND",
        ),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260901T100000\r\n"
            b"RRULE:FREQ=DAILY;UNTIL=20260910T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "UTC",
        ),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260901\r\n"
            b"RRULE:FREQ=DAILY;UNTIL=20260910T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "DATE",
        ),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nDTSTART:20260905T100000\r\n"
            b"DUE:20260901T100000\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
            "DUE is before",
        ),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nBEGIN:VALARM\r\nTRIGGER:-P1D\r\nEND:VALARM\r\n"
            b"END:VTODO\r\nEND:VCALENDAR\r\n",
            "RELATED=END",
        ),
        (b"BEGIN:VCALENDAR\r\nX-A:\xe6\xb5\r\n \x8b\r\nEND:VCALENDAR\r\n", "UTF-8"),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Asia/Shanghai:20260901T100000\r\n"
            b"END:VEVENT\r\nEND:VCALENDAR\r\n",
            "VTIMEZONE",
        ),
    ],
)
def test_lint_catches_what_parsers_let_through(broken: bytes, message: str) -> None:
    assert any(message in p.message for p in lint_ics(broken)), lint_ics(broken)
