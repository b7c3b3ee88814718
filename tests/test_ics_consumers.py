"""Every example plan's calendar, read by independent consumers, shows the engine's dates.

Consumers: icalendar (round trip), ical (strict parse + timeline), recurring-ical-events,
vobject (validate=True), libical (restriction check, through ctypes) and the khal calendar
client (import twice, update in place, list in Asia/Shanghai).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
import vobject
from ical.calendar_stream import IcsCalendarStream

from activitymonth.export.ics import lint_ics

from conftest import PLANS
from ics_support import engine_starts, export, moment

EXAMPLES = sorted(PLANS.glob("*.yaml")) + sorted(
    (Path(__file__).parent / "data" / "ics").glob("*.yaml")
)
MODES = [pytest.param({}, id="series"), pytest.param({"expand": True}, id="expanded")]


def _window(schedule):
    plan = schedule.plan
    first = min([plan.window.start, *(o.day for o in schedule.occurrences)])
    last = max([plan.window.end, *(o.last_day for o in schedule.occurrences)])
    return first, last + timedelta(days=1)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("plan", EXAMPLES, ids=lambda p: p.stem)
def test_independent_parsers_see_the_engines_dates(
    plan: Path, mode: dict[str, bool], tmp_path: Path
) -> None:
    _, schedule, main = export(plan, tmp_path, **mode)
    data = main.read_bytes()
    zone = schedule.plan.zone
    expected = engine_starts(schedule)
    first, after_last = _window(schedule)

    assert lint_ics(data) == []
    # icalendar: parses and re-serialises byte-identically; every TZID has a VTIMEZONE
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar.to_ical() == data
    defined = {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")}
    used = set(re.findall(rb"TZID=([^:;]+)", data))
    assert {u.decode() for u in used} <= defined

    # recurring-ical-events expansion
    expanded = recurring_ical_events.of(calendar).between(first, after_last)
    assert Counter(moment(e["DTSTART"].dt, zone) for e in expanded) == expected

    # ical: strict parse and timeline
    strict = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    timeline = strict.timeline_tz(zone)
    seen = Counter(
        moment(e.dtstart, zone)
        for e in timeline.overlapping(
            datetime.combine(first, datetime.min.time(), zone),
            datetime.combine(after_last, datetime.min.time(), zone),
        )
    )
    assert seen == expected

    # vobject with validation
    parsed = vobject.readOne(data.decode("utf-8"), validate=True)
    assert len(parsed.contents.get("vevent", [])) >= 1


def _libical():
    name = ctypes.util.find_library("ical") or "libical.so.3"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        if os.environ.get("CI"):
            raise
        pytest.skip("libical is not installed (Debian package libical3)")
    lib.icalparser_parse_string.restype = ctypes.c_void_p
    lib.icalparser_parse_string.argtypes = [ctypes.c_char_p]
    lib.icalrestriction_check.argtypes = [ctypes.c_void_p]
    lib.icalrestriction_check.restype = ctypes.c_int
    lib.icalcomponent_count_errors.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_count_errors.restype = ctypes.c_int
    lib.icalcomponent_free.argtypes = [ctypes.c_void_p]
    return lib


def _libical_errors(lib, data: bytes) -> tuple[int, int]:
    component = lib.icalparser_parse_string(data)
    assert component, "libical could not parse the calendar"
    try:
        restriction_ok = lib.icalrestriction_check(component)
        return restriction_ok, lib.icalcomponent_count_errors(component)
    finally:
        lib.icalcomponent_free(component)


@pytest.mark.parametrize("plan", EXAMPLES, ids=lambda p: p.stem)
def test_libical_restriction_check_finds_no_errors(plan: Path, tmp_path: Path) -> None:
    lib = _libical()
    for mode in ({}, {"expand": True, "todos": True}):
        _, _, main = export(plan, tmp_path / str(len(mode)), **mode)
        assert _libical_errors(lib, main.read_bytes()) == (1, 0)


def test_libical_check_is_not_vacuous() -> None:
    lib = _libical()
    broken = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\n"
        b"DTSTAMP:20260101T000000Z\r\nDTSTART:20260101T000000Z\r\n"
        b"DTSTART:20260102T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert _libical_errors(lib, broken) != (1, 0)


def _khal(tmp_path: Path):
    executable = shutil.which("khal") or str(Path(sys.executable).with_name("khal"))
    if not Path(executable).exists():
        if os.environ.get("CI"):
            raise AssertionError("khal is not installed")
        pytest.skip("khal is not installed (pip install khal)")
    vdir = tmp_path / "vdir"
    vdir.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        f"[calendars]\n[[plan]]\npath = {vdir}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = Asia/Shanghai\ndefault_timezone = Asia/Shanghai\n"
        f"[sqlite]\npath = {tmp_path / 'khal.db'}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "TZ": "UTC"}

    def run(*args: str) -> str:
        done = subprocess.run(
            [executable, "-c", str(config), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=True,
        )
        return done.stdout

    return run, vdir


def _khal_list(run, first: date, last: date) -> list[str]:
    out = run(
        "list",
        first.isoformat(),
        (last + timedelta(days=1)).isoformat(),
        "--format",
        "{start}|{title}|{uid}",
        "--day-format",
        "",
    )
    return [line for line in out.splitlines() if line.strip()]


@pytest.mark.parametrize("plan", EXAMPLES, ids=lambda p: p.stem)
def test_khal_imports_twice_without_duplicates_and_updates_in_place(
    plan: Path, tmp_path: Path
) -> None:
    run, vdir = _khal(tmp_path)
    work = tmp_path / "plan"
    shutil.copytree(plan.parent, work, ignore=shutil.ignore_patterns("broken", "*.py"))
    copy = work / plan.name
    _, schedule, main = export(copy, tmp_path / "out")
    run("import", "--batch", "-a", "plan", str(main))
    run("import", "--batch", "-a", "plan", str(main))
    uids = {str(c["UID"]) for c in icalendar.Calendar.from_ical(main.read_bytes()).walk("VEVENT")}
    assert len(list(vdir.glob("*.ics"))) == len(uids)
    first, after_last = _window(schedule)
    listed = _khal_list(run, first, after_last - timedelta(days=1))
    zone = schedule.plan.zone
    starts = Counter(line.split("|")[0] for line in listed)
    timed = Counter(moment(o.start, zone) for o in schedule.occurrences if not o.all_day)
    for start, count in timed.items():
        assert starts[start] == count, (start, count, starts[start])

    target = next(o for o in schedule.occurrences if o.kind == "activity")
    text = copy.read_text(encoding="utf-8")
    renamed = f"{target.title}（已更新）"
    assert f"title: {target.title}" in text
    copy.write_text(
        text.replace(f"title: {target.title}", f"title: {renamed}", 1), encoding="utf-8"
    )
    export(copy, tmp_path / "out")
    run("import", "--batch", "-a", "plan", str(main))
    titles = [line.split("|")[1] for line in _khal_list(run, first, after_last - timedelta(days=1))]
    assert renamed in titles and target.title not in titles
    assert len(list(vdir.glob("*.ics"))) == len(uids)
