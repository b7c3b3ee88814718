"""A plan joined with its ledger: progress, overdue, upcoming, pairs on rhythm, figures.

Runs on SQLite and on a real PostgreSQL server: the visit gaps are window queries whose
day arithmetic differs between the two.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from dateutil.relativedelta import relativedelta

from activitymonth.catalog import Catalog
from activitymonth.ledger import (
    Action,
    AuditEntry,
    DoneFacts,
    Ledger,
    PlanTargets,
    VisitFacts,
    VisitMode,
    open_ledger,
    prepare_done,
    prepare_visit,
    record_undo,
    save_record,
)
from activitymonth.ledger.gaps import long_stretches
from activitymonth.ledger.writes import insert_audit
from activitymonth.load import load_plan_text
from activitymonth.schedule import Schedule, resolve
from activitymonth.tracking import PlanProgress, shortest_days, too_long, track

pytest_plugins = ["pg"]

PLAN = """\
id: tracking-test
title: 测试局2026年民族团结进步活动
unit: 测试局
region: 内蒙古
window: {start: 2026-09-01, end: 2026-12-31}
programs: [六个一@学校, 八进]
people:
  - {id: wang, name: 王某, title: 局长}
  - {id: li, name: 李某, title: 科员}
activities:
  - {id: mobilize, title: 动员会, start: 2026-09-01 09:00, duration: 2h, lead: wang,
     fulfills: [六个一@学校/书画展], sector: [机关]}
  - {id: speech, title: 演讲比赛, date: 2026-09-18, lead: li, fulfills: [六个一@学校/演讲比赛],
     sector: [学校]}
  - {id: reception, title: 接待日, repeat: 每月15日, on_day_off: next_workday, lead: li}
deliverables:
  - {id: summary, title: 活动总结, owner: li, due: 2026-12-20}
pairing: {rhythm: 每两个月}
pairs:
  - {id: p1, cadre: wang, household: {name: 甲户, village: 某村}}
  - {id: p2, cadre: wang, household: {name: 乙户, village: 某村}}
  - {id: p3, cadre: li, household: {name: 丙户}, since: 2026-10-01}
"""
NOW = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)
"""When the records were entered: after the day progress is judged, to test ``until``."""
TODAY = date(2026, 11, 20)


@pytest.fixture
def schedule() -> Schedule:
    return resolve(load_plan_text(PLAN, "plan.yaml"))


@pytest.fixture
def ledger(ledger_db: str) -> Iterator[Ledger]:
    opened = open_ledger(ledger_db)
    yield opened
    opened.close()


def _done(ledger: Ledger, targets: PlanTargets, item: str, day: date, **facts: object) -> None:
    occurrence = facts.pop("occurrence", None)
    prepared = prepare_done(
        targets,
        item,
        DoneFacts(actual_date=day, **facts),  # type: ignore[arg-type]
        by="韩某",
        occurrence=occurrence,  # type: ignore[arg-type]
        now=NOW,
    )
    save_record(ledger, prepared)


def _visit(ledger: Ledger, targets: PlanTargets, pair: str, day: date) -> None:
    facts = VisitFacts(visit_date=day, mode=VisitMode.HOME)
    save_record(ledger, prepare_visit(targets, pair, facts, by="韩某", now=NOW))


def _seeded(ledger: Ledger, schedule: Schedule) -> PlanProgress:
    targets = PlanTargets(schedule)
    _done(
        ledger,
        targets,
        "mobilize",
        date(2026, 9, 1),
        cadres=10,
        residents=30,
        materials=(("宣传册", 200),),
    )
    held_on = (
        (date(2026, 9, 15), date(2026, 9, 15), 8),
        (date(2026, 10, 15), date(2026, 10, 16), 5),
    )
    for planned, held, residents in held_on:
        _done(ledger, targets, "reception", held, cadres=2, residents=residents, occurrence=planned)
    # p1: visited on rhythm; p2: a stretch of 3 months; p3: never visited.
    for day in (date(2026, 9, 10), date(2026, 10, 30)):
        _visit(ledger, targets, "p1", day)
    for day in (date(2026, 9, 5), date(2026, 12, 1)):
        _visit(ledger, targets, "p2", day)
    _visit(ledger, targets, "p2", date(2026, 9, 6))
    record_undo(ledger, targets, targets.pair("p2"), by="韩某", now=NOW)  # withdraws the 9-06 visit
    with ledger.read() as conn:
        return track(schedule, Catalog.builtin(), conn, TODAY)


def test_items_know_what_is_done_overdue_and_next(ledger: Ledger, schedule: Schedule) -> None:
    progress = _seeded(ledger, schedule)
    assert progress.items["mobilize"].complete
    assert progress.items["reception"].done == 2
    assert progress.items["reception"].planned == 4
    overdue = [(o.item_id, o.day) for o in progress.overdue()]
    assert overdue == [("speech", date(2026, 9, 18)), ("reception", date(2026, 11, 16))]
    assert progress.upcoming(7) == []
    assert [o.day for o in progress.upcoming(30)] == [date(2026, 12, 15)]
    assert progress.planned == 1 + 1 + 4 + 1
    assert progress.done == 3


def test_programs_and_sectors_count_done_items(ledger: Ledger, schedule: Schedule) -> None:
    progress = _seeded(ledger, schedule)
    six = next(p for p in progress.programs if p.id.startswith("六个一"))
    by_name = {r.name: r for r in six.requirements}
    assert by_name["书画展"].met and not by_name["演讲比赛"].met
    assert by_name["演讲比赛"].planned == 1
    assert six.met == 1
    [(coverage, sectors)] = progress.sectors.items()
    assert sectors["机关"] == ("mobilize",)
    assert sectors["学校"] == ()
    assert (coverage, "学校") in progress.unreached_sectors()


def test_pairs_against_their_rhythm(ledger: Ledger, schedule: Schedule) -> None:
    progress = _seeded(ledger, schedule)
    pairs = {p.key: p for p in progress.pairs}
    assert pairs["p1"].visits == 2 and pairs["p1"].stretches == ()
    assert pairs["p1"].due == date(2026, 12, 30)
    assert pairs["p2"].visits == 1  # the 12-01 visit is after today; 09-06 was withdrawn
    assert pairs["p2"].stretches == ((date(2026, 9, 5), TODAY),)
    assert pairs["p2"].due == date(2026, 11, 5)
    assert pairs["p3"].visits == 0 and pairs["p3"].due == date(2026, 12, 1)
    assert [p.key for p in progress.late_pairs()] == ["p2"]
    assert [p.key for p in progress.never_visited()] == ["p3"]


def test_stretches_between_visits_come_from_the_database(
    ledger: Ledger, schedule: Schedule
) -> None:
    _seeded(ledger, schedule)
    with ledger.read() as conn:
        stretches = long_stretches(
            conn, longer_than=shortest_days(schedule.plan.pairing.rhythm.max_gap())
        )  # type: ignore[union-attr]
    assert [(s.pair_key, s.previous, s.next, s.days) for s in stretches] == [
        ("p2", date(2026, 9, 5), date(2026, 12, 1), 87)
    ]


def test_reading_stretches_leaves_the_transaction_usable(
    ledger: Ledger, schedule: Schedule
) -> None:
    """The stretches are fetched in batches (a server-side cursor on PostgreSQL) for that
    query only: a record written afterwards in the same transaction still goes in."""
    _seeded(ledger, schedule)
    targets = PlanTargets(schedule)
    entry = AuditEntry(targets.unit, targets.plan_id, Action.VISIT, "韩某", NOW, 0)
    with ledger.write() as conn:
        options = dict(conn.get_execution_options())
        found = long_stretches(conn, longer_than=59, unit=targets.unit)
        assert dict(conn.get_execution_options()) == options
        assert insert_audit(conn, entry) > 0
    assert [s.pair_key for s in found] == ["p2"]


def test_figures_add_up_the_ledger(ledger: Ledger, schedule: Schedule) -> None:
    figures = _seeded(ledger, schedule).figures
    assert figures.activities_held == 3
    assert figures.activity_items_held == 2
    assert (figures.participants, figures.cadres, figures.residents) == (57, 14, 43)
    assert figures.materials == (("宣传册", 200),)
    assert figures.visits == 3
    assert figures.households_visited == 2
    assert figures.pairs_formed == 3
    assert figures.deliverables_done == 0


def test_people_lead_items(ledger: Ledger, schedule: Schedule) -> None:
    people = {p.person_id: p for p in _seeded(ledger, schedule).by_person()}
    assert (people["li"].items, people["li"].done, people["li"].overdue) == (3, 2, 2)
    assert people["wang"].name == "王某" and people["wang"].done == 1


def test_done_records_carry_the_materials_handed_out(ledger: Ledger, schedule: Schedule) -> None:
    progress = _seeded(ledger, schedule)
    [mobilize] = progress.items["mobilize"].occurrences
    assert mobilize.done is not None and mobilize.done.materials == (("宣传册", 200),)
    held = [o.done for o in progress.items["reception"].occurrences if o.done]
    assert len(held) == 2 and all(record.materials == () for record in held)


def test_too_long_counts_calendar_months_for_each_rhythm() -> None:
    """A candidate stretch is confirmed by the calendar (the due day is remembered per
    start day and rhythm, so the same start day with another rhythm gets its own)."""
    two, three = relativedelta(months=2), relativedelta(months=3)
    assert not too_long(date(2025, 12, 31), date(2026, 2, 28), two)
    assert too_long(date(2025, 12, 31), date(2026, 3, 1), two)
    assert not too_long(date(2026, 7, 1), date(2026, 9, 1), two)  # 62 days
    assert too_long(date(2026, 1, 15), date(2026, 3, 16), two)  # 60 days
    assert not too_long(date(2025, 12, 31), date(2026, 3, 1), three)
    assert too_long(date(2025, 12, 31), date(2026, 4, 1), three)


def test_a_record_of_a_later_day_is_not_done_as_of_today(
    ledger: Ledger, schedule: Schedule
) -> None:
    """Judged on a past day, an item held after it is still to do, and its figures and
    materials are in no total yet, as visits after that day are not."""
    targets = PlanTargets(schedule)
    _done(ledger, targets, "mobilize", date(2026, 9, 1), participants=20)
    _done(ledger, targets, "speech", date(2026, 11, 25), participants=40, materials=(("折页", 50),))
    with ledger.read() as conn:
        before = track(schedule, Catalog.builtin(), conn, TODAY)
        after = track(schedule, Catalog.builtin(), conn, date(2026, 11, 30))
    assert before.items["speech"].done == 0
    assert "speech" in [o.item_id for o in before.overdue()]
    assert (before.figures.activities_held, before.figures.participants) == (1, 20)
    assert before.figures.materials == ()
    assert after.items["speech"].done == 1
    assert (after.figures.activities_held, after.figures.participants) == (2, 60)
    assert after.figures.materials == (("折页", 50),)


def test_figures_leave_out_records_of_occurrences_the_plan_no_longer_has(
    ledger: Ledger, schedule: Schedule
) -> None:
    """The speech was recorded while planned on 9月19日 and then moved to 9月18日: its
    record no longer matches an occurrence, so neither its 人次 nor its materials count."""
    moved = resolve(load_plan_text(PLAN.replace("2026-09-18", "2026-09-19"), "plan.yaml"))
    _done(
        ledger,
        PlanTargets(moved),
        "speech",
        date(2026, 9, 19),
        participants=40,
        materials=(("折页", 50),),
    )
    _done(ledger, PlanTargets(schedule), "mobilize", date(2026, 9, 1), materials=(("宣传册", 9),))
    with ledger.read() as conn:
        figures = track(schedule, Catalog.builtin(), conn, TODAY).figures
    assert (figures.activities_held, figures.participants) == (1, 0)
    assert figures.materials == (("宣传册", 9),)


def test_rhythm_counts_from_the_start_and_ends_with_the_window(
    ledger: Ledger, schedule: Schedule
) -> None:
    """A visit before the window (p1) or before ``since`` (p3) neither lengthens the first
    stretch nor moves the next due day before one rhythm after the start; once the window
    is over, a pair is late only if its visit was due by the window's end (p2)."""
    targets = PlanTargets(schedule)
    for pair, day in (("p1", date(2026, 8, 1)), ("p1", date(2026, 10, 20))):
        _visit(ledger, targets, pair, day)
    _visit(ledger, targets, "p3", date(2026, 9, 20))
    _visit(ledger, targets, "p2", date(2026, 11, 10))
    with ledger.read() as conn:
        november = {p.key: p for p in track(schedule, Catalog.builtin(), conn, TODAY).pairs}
        after = track(schedule, Catalog.builtin(), conn, date(2027, 2, 1))
    assert november["p1"].stretches == () and november["p1"].due == date(2026, 12, 20)
    assert november["p3"].due == date(2026, 12, 1) and not november["p3"].late
    assert november["p3"].stretches == ()
    late = {p.key: p for p in after.late_pairs()}
    assert set(late) == {"p1", "p3"}  # due 12月20日 and 12月1日, before the window's end
    assert late["p1"].stretches == ((date(2026, 10, 20), date(2026, 12, 31)),)
    p2 = next(p for p in after.pairs if p.key == "p2")
    assert p2.due == date(2027, 1, 10) and not p2.late
    assert p2.stretches == ((date(2026, 9, 1), date(2026, 11, 10)),)  # none to 2月1日
