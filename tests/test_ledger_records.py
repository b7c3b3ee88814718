"""Recording through the Python API: done, visits, undo, corrections and the query API."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from activitymonth.ledger import (
    Action,
    DoneFacts,
    Evidence,
    Fact,
    Ledger,
    LedgerError,
    PlanTargets,
    RecordKind,
    VisitFacts,
    VisitMode,
    audit_trail,
    completion_history,
    current_records,
    done_occurrences,
    live_visits,
    load_completions,
    load_visits,
    material_totals,
    open_ledger,
    prepare_done,
    prepare_visit,
    record_undo,
    save_record,
    visit_summary,
)
from activitymonth.load import load_plan_text
from activitymonth.schedule import ItemKind, resolve

pytest_plugins = ["pg"]

PLAN = """\
id: ledger-test
title: 测试局2026年民族团结进步活动月实施方案
unit: 测试局
region: 内蒙古
window: 2026-09
people:
  - {id: wang, name: 王某}
  - {id: li, name: 李某}
activities:
  - {id: mobilize, title: 动员会, start: 2026-09-01 09:00, duration: 2h, lead: wang}
  - {id: reception, title: 接待日, repeat: 每周三, lead: li}
  - {id: later, title: 时间待定的宣讲, lead: li}
deliverables:
  - {id: summary, title: 活动月工作总结, owner: li, due: 2026-09-29}
pairs:
  - {cadre: wang, household: {name: 甲户, village: 某村}}
  - {cadre: wang, household: {name: 乙户, village: 某村}}
  - {id: li-pair, cadre: li, household: {name: 丙户}}
"""
NOW = datetime(2026, 10, 15, 2, 0, tzinfo=UTC)
BY = "韩某"


@pytest.fixture
def targets() -> PlanTargets:
    return PlanTargets(resolve(load_plan_text(PLAN, "plan.yaml")))


@pytest.fixture
def ledger(ledger_db: str) -> Iterator[Ledger]:
    opened = open_ledger(ledger_db)
    yield opened
    opened.close()


def done(ledger: Ledger, targets: PlanTargets, item: str, **facts: object) -> object:
    occurrence = facts.pop("occurrence", None)
    prepared = prepare_done(
        targets,
        item,
        DoneFacts(**facts),  # type: ignore[arg-type]
        by=BY,
        occurrence=occurrence,  # type: ignore[arg-type]
        now=NOW,
    )
    return save_record(ledger, prepared)


def test_done_records_the_facts_of_an_occurrence(
    ledger: Ledger, targets: PlanTargets, tmp_path: Path
) -> None:
    photo = tmp_path / "photos" / "mobilize.jpg"
    photo.parent.mkdir()
    photo.write_bytes(b"\xff\xd8 a photo")
    record = done(
        ledger,
        targets,
        "mobilize",
        actual_date=date(2026, 9, 1),
        cadres=12,
        residents=48,
        materials=(("宣传折页", 500), ("横幅", 6)),
        evidence=(Evidence.of_file(photo, tmp_path),),
        note="局长讲话",
    )
    with ledger.read() as conn:
        [stored] = load_completions(conn, completion_history(targets.unit, targets.plan_id))
    assert stored == record
    assert stored.occurrence_id == "mobilize/2026-09-01"
    assert stored.item_kind is ItemKind.ACTIVITY
    assert (stored.participants, stored.cadres, stored.residents) == (60, 12, 48)
    assert dict(stored.materials) == {"宣传折页": 500, "横幅": 6}
    [evidence] = stored.evidence
    assert evidence.path == "photos/mobilize.jpg"
    assert evidence.sha256 == hashlib.sha256(b"\xff\xd8 a photo").hexdigest()
    assert evidence.size == len(b"\xff\xd8 a photo")
    assert (stored.unit, stored.plan_id, stored.recorded_by) == ("测试局", "ledger-test", BY)
    assert stored.recorded_at == NOW


def test_recurring_items_are_recorded_per_occurrence(ledger: Ledger, targets: PlanTargets) -> None:
    on_the_day = done(ledger, targets, "reception", actual_date=date(2026, 9, 9))
    moved = done(
        ledger, targets, "reception", actual_date=date(2026, 9, 17), occurrence=date(2026, 9, 16)
    )
    assert on_the_day.occurrence_id == "reception/2026-09-09"  # type: ignore[attr-defined]
    assert moved.occurrence_id == "reception/2026-09-16"  # type: ignore[attr-defined]
    with pytest.raises(LedgerError) as caught:
        done(ledger, targets, "reception", actual_date=date(2026, 9, 10))
    assert "2026-09-10 is not one of them" in caught.value.message.en
    assert "2026-09-09" in caught.value.hint.en  # type: ignore[union-attr]


def test_deliverables_and_undated_activities_are_recorded_under_their_id(
    ledger: Ledger, targets: PlanTargets
) -> None:
    summary = done(ledger, targets, "summary", actual_date=date(2026, 9, 28))
    later = done(ledger, targets, "later", actual_date=date(2026, 10, 8))
    assert summary.occurrence_id == "summary"  # type: ignore[attr-defined]
    assert summary.item_kind is ItemKind.DELIVERABLE  # type: ignore[attr-defined]
    assert later.occurrence_id == "later"  # type: ignore[attr-defined]
    with pytest.raises(LedgerError, match="recorded once"):
        done(ledger, targets, "summary", occurrence=date(2026, 9, 29))


def test_recording_again_is_a_correction_that_keeps_history(
    ledger: Ledger, targets: PlanTargets
) -> None:
    first = done(ledger, targets, "mobilize", actual_date=date(2026, 9, 1), participants=50)
    second = done(ledger, targets, "mobilize", actual_date=date(2026, 9, 1), participants=55)
    assert second.supersedes == first.id  # type: ignore[attr-defined]
    with ledger.read() as conn:
        history = load_completions(conn, completion_history(targets.unit, targets.plan_id))
        current = load_completions(conn, current_records(targets.unit, targets.plan_id))
    assert [r.participants for r in history] == [50, 55]
    assert [r.participants for r in current] == [55]


@pytest.mark.parametrize(
    ("item", "facts", "message"),
    [
        ("mobilise", {}, "nearest ids: mobilize"),
        ("mobilize", {"actual_date": date(2026, 10, 16)}, "after today (2026-10-15)"),
        ("mobilize", {"participants": 10, "cadres": 8, "residents": 5}, "fewer than cadres"),
    ],
)
def test_bad_input_is_refused_with_the_fix(
    ledger: Ledger, targets: PlanTargets, item: str, facts: dict[str, object], message: str
) -> None:
    with pytest.raises(LedgerError) as caught:
        done(ledger, targets, item, **facts)
    assert message in caught.value.render("en")
    with ledger.read() as conn:
        assert conn.execute(completion_history()).first() is None


def test_undo_withdraws_the_last_record_of_an_item(ledger: Ledger, targets: PlanTargets) -> None:
    done(ledger, targets, "reception", actual_date=date(2026, 9, 2))
    last = done(ledger, targets, "reception", actual_date=date(2026, 9, 9))
    undone = record_undo(ledger, targets, targets.named("reception"), by=BY, now=NOW)
    assert undone.kind is RecordKind.UNDONE
    assert undone.supersedes == last.id  # type: ignore[attr-defined]
    with ledger.read() as conn:
        still_done = load_completions(conn, done_occurrences(targets.unit, targets.plan_id))
    assert [r.occurrence_id for r in still_done] == ["reception/2026-09-02"]
    record_undo(ledger, targets, targets.named("reception"), by=BY, now=NOW)
    with pytest.raises(LedgerError, match="no record in the ledger that could be undone"):
        record_undo(ledger, targets, targets.named("reception"), by=BY, now=NOW)
    with pytest.raises(LedgerError, match="no record"):
        record_undo(ledger, targets, targets.named("mobilize"), by=BY, now=NOW)


def test_undo_of_a_named_occurrence(ledger: Ledger, targets: PlanTargets) -> None:
    first = done(ledger, targets, "reception", actual_date=date(2026, 9, 2))
    done(ledger, targets, "reception", actual_date=date(2026, 9, 9))
    undone = record_undo(
        ledger, targets, targets.named("reception"), by=BY, occurrence=date(2026, 9, 2), now=NOW
    )
    assert undone.supersedes == first.id  # type: ignore[attr-defined]


def visit(ledger: Ledger, targets: PlanTargets, who: str, day: date, **facts: object) -> object:
    mode = facts.pop("mode", VisitMode.HOME)
    facts_ = VisitFacts(day, mode, **facts)  # type: ignore[arg-type]
    return save_record(ledger, prepare_visit(targets, who, facts_, by=BY, now=NOW))


def test_visits_by_pair_key_or_by_a_cadre_with_one_pair(
    ledger: Ledger, targets: PlanTargets
) -> None:
    by_key = visit(
        ledger,
        targets,
        "wang:甲户@某村",
        date(2026, 9, 5),
        topics="宣讲惠民政策",
        solved="协调孩子入学",
        family=Fact(True, "五口人"),
        goals=Fact(True),
        skills=Fact(False),
    )
    by_cadre = visit(ledger, targets, "li", date(2026, 9, 6), mode=VisitMode.PHONE)
    with ledger.read() as conn:
        stored = load_visits(conn, live_visits(targets.unit).order_by(sa.text("id")))
    assert stored == [by_key, by_cadre]
    assert stored[0].cadre == "wang"
    assert stored[0].family == Fact(True, "五口人")
    assert not stored[0].four_clear
    assert stored[1].pair_key == "li-pair"
    with pytest.raises(LedgerError) as caught:
        visit(ledger, targets, "wang", date(2026, 9, 5))
    assert "wang:甲户@某村, wang:乙户@某村" in caught.value.render("en")
    with pytest.raises(LedgerError, match="nearest ids: li-pair"):
        visit(ledger, targets, "li-pear", date(2026, 9, 5))


def test_visit_summary_and_undo_of_a_visit(ledger: Ledger, targets: PlanTargets) -> None:
    for day, fact in ((date(2026, 9, 5), Fact(True)), (date(2026, 10, 5), Fact())):
        visit(ledger, targets, "li", day, family=fact, goals=fact, skills=fact, needs=fact)
    with ledger.read() as conn:
        [row] = conn.execute(visit_summary(targets.unit, targets.plan_id)).all()
    assert (row.pair_key, row.visits, row.first_visit, row.last_visit) == (
        "li-pair",
        2,
        date(2026, 9, 5),
        date(2026, 10, 5),
    )
    assert (row.knows_family, row.knows_needs) == (1, 1)
    undone = record_undo(ledger, targets, targets.named("li-pair"), by=BY, now=NOW)
    assert undone.kind is RecordKind.UNDONE
    with ledger.read() as conn:
        [row] = conn.execute(visit_summary(targets.unit, targets.plan_id)).all()
    assert (row.visits, row.last_visit) == (1, date(2026, 9, 5))


def test_material_totals_count_only_what_is_still_done(
    ledger: Ledger, targets: PlanTargets
) -> None:
    done(ledger, targets, "mobilize", actual_date=date(2026, 9, 1), materials=(("宣传折页", 300),))
    done(ledger, targets, "reception", actual_date=date(2026, 9, 2), materials=(("宣传折页", 50),))
    done(ledger, targets, "reception", actual_date=date(2026, 9, 9), materials=(("宣传折页", 70),))
    record_undo(ledger, targets, targets.named("reception"), by=BY, now=NOW)
    with ledger.read() as conn:
        totals = {row.material: row.count for row in conn.execute(material_totals())}
    assert totals == {"宣传折页": 350}


def test_every_change_is_in_the_audit_trail(ledger: Ledger, targets: PlanTargets) -> None:
    done(ledger, targets, "mobilize", actual_date=date(2026, 9, 1))
    visit(ledger, targets, "li", date(2026, 9, 6))
    record_undo(ledger, targets, targets.named("mobilize"), by="李某", now=NOW)
    with ledger.read() as conn:
        rows = conn.execute(audit_trail(targets.unit, targets.plan_id)).all()
    assert [(r.action, r.actor, r.records) for r in rows] == [
        (Action.DONE.value, BY, 1),
        (Action.VISIT.value, BY, 1),
        (Action.UNDO.value, "李某", 1),
    ]
    assert all(r.at == NOW for r in rows)


def test_a_plan_without_unit_cannot_be_recorded() -> None:
    plan = load_plan_text(PLAN.replace("unit: 测试局\n", ""), "plan.yaml")
    with pytest.raises(LedgerError) as caught:
        PlanTargets(resolve(plan))
    assert "add unit:" in caught.value.render("en")
