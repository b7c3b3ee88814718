"""The words every checklist format prints, decided once.

Terminal, Markdown, HTML and PDF lay rows out differently, but an inspector comparing a
printed sheet with the screen must read the same words in the same cells: what a gap says,
how a finished row shows its date and figures, how the window is written. Formats take
these texts and only add their own markup and escaping.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from activitymonth.export.checklist.model import (
    Checklist,
    ChecklistRow,
    Completion,
    Grouping,
    RowStatus,
)
from activitymonth.i18n import Lang, Text

NUMBER = Text("序号", "No.")
REQUIREMENT = Text("要求", "Requirement")
ITEM = Text("落实项目", "Item")
WHEN = Text("时间", "When")
RESPONSIBLE = Text("责任人", "Responsible")
NEEDS = Text("完成要求", "Done needs")
STATE = Text("完成情况", "Status")
LOCATION = Text("地点", "Location")
HEADERS: tuple[Text, ...] = (NUMBER, REQUIREMENT, ITEM, WHEN, RESPONSIBLE, NEEDS, STATE)

# The words beside the box; a row still to do has none, only its empty box.
STATE_WORDS: dict[RowStatus, Text] = {
    RowStatus.GAP: Text("缺口", "GAP"),
    RowStatus.OVERDUE: Text("逾期", "OVERDUE"),
    RowStatus.CANCELLED: Text("已取消", "cancelled"),
    RowStatus.DONE: Text("已完成", "done"),
}

_GROUPINGS = {
    Grouping.PROGRAM: Text("按项目", "by program"),
    Grouping.PERSON: Text("按责任人", "by person"),
    Grouping.WEEK: Text("按周", "by week"),
}

_SIGNOFF_EN = {"填报人": "Prepared by", "审核人": "Reviewed by", "日期": "Date"}

NOTHING = "—"  # an empty cell, so a blank is never mistaken for a missing print


@dataclass(frozen=True)
class RowText:
    """One row as printed: every cell already a string in the chosen language."""

    number: int
    status: RowStatus
    requirement: str | None  # None when the row is one of the plan's own items
    item: str
    location: str | None
    when: str
    responsible: tuple[str, ...]  # one entry per person, so layouts can keep a name whole
    needs: str
    state: str  # the words beside the box: a date and figures, 缺口, 逾期; empty when to do


@dataclass(frozen=True)
class GroupText:
    title: str
    rows: tuple[RowText, ...]


def checklist_texts(checklist: Checklist, lang: Lang) -> list[GroupText]:
    """Every group with its rows, numbered through the whole checklist so that a row can
    be named ("第 7 项") on paper and on screen alike."""
    groups: list[GroupText] = []
    number = 0
    for group in checklist.groups:
        rows = []
        for row in group.rows:
            number += 1
            rows.append(row_text(row, number, lang))
        groups.append(GroupText(group.title, tuple(rows)))
    return groups


def row_text(row: ChecklistRow, number: int, lang: Lang) -> RowText:
    gap = row.status == RowStatus.GAP
    if gap:
        when = NOTHING
    elif row.dates:
        when = row.when
    else:
        when = Text("未安排", "not scheduled")(lang)
    needs = (
        Text("补充安排落实此项的活动或任务", "plan an activity or deliverable that covers it")
        if gap
        else Text(listing(row.needs, "zh"), listing(row.needs, "en"))
    )
    return RowText(
        number=number,
        status=row.status,
        requirement=row.requirement if gap or row.requirement != row.title else None,
        item=NOTHING if gap else row.title,
        location=row.location,
        when=when,
        responsible=row.responsible or (NOTHING,),
        needs=needs(lang) or NOTHING,
        state=state_text(row, lang),
    )


def state_text(row: ChecklistRow, lang: Lang) -> str:
    """Beside the box: 缺口 / 逾期 / 已取消, or when a done row was done and with how many."""
    if row.status == RowStatus.PLANNED:
        return ""
    if row.status == RowStatus.DONE and row.completion is not None:
        return _completion_text(row.completion)(lang)
    return STATE_WORDS[row.status](lang)


def _completion_text(completion: Completion) -> Text:
    day = completion.done_on
    text = Text(f"{day.month}月{day.day}日完成", f"done {day.isoformat()}")
    if completion.participants is not None:
        count = completion.participants
        text += Text(f"，参与{count}人", f", {count} participants")
    if completion.note:
        text += Text(f"；{completion.note}", f"; {completion.note}")
    return text


def meta_items(checklist: Checklist, lang: Lang) -> list[tuple[str, str]]:
    """The line under the title: unit, window, grouping, the day statuses refer to, totals."""
    plan = checklist.plan
    items: list[tuple[str, str]] = []
    if plan.unit:
        items.append((Text("单位", "Unit")(lang), plan.unit))
    window = window_text(plan.window.start, plan.window.end)
    items.append((Text("时间", "Window")(lang), window(lang)))
    items.append((Text("分组", "Grouped")(lang), _GROUPINGS[checklist.grouping](lang)))
    if checklist.generated_for is not None:
        as_of = office_date(checklist.generated_for)
        items.append((Text("状态截至", "Status as of")(lang), as_of(lang)))
    items.append((Text("合计", "Total")(lang), totals_text(checklist)(lang)))
    return items


def totals_text(checklist: Checklist) -> Text:
    rows = checklist.rows
    counts = {status: sum(r.status == status for r in rows) for status in RowStatus}
    return Text(
        f"{len(rows)}项，缺口{counts[RowStatus.GAP]}项，逾期{counts[RowStatus.OVERDUE]}项，"
        f"已完成{counts[RowStatus.DONE]}项",
        f"{len(rows)} rows, {counts[RowStatus.GAP]} gaps, {counts[RowStatus.OVERDUE]} overdue, "
        f"{counts[RowStatus.DONE]} done",
    )


def office_date(day: date) -> Text:
    """``2026年9月20日`` as offices write it; ISO in English."""
    return Text(f"{day.year}年{day.month}月{day.day}日", day.isoformat())


def window_text(start: date, end: date) -> Text:
    """``2026年9月1日—9月30日``: the end's year only when it differs."""
    if start.year == end.year:
        zh = f"{office_date(start).zh}—{end.month}月{end.day}日"
    else:
        zh = f"{office_date(start).zh}—{office_date(end).zh}"
    return Text(zh, f"{start.isoformat()} – {end.isoformat()}")


def signoff_labels(checklist: Checklist, lang: Lang) -> tuple[str, ...]:
    """The sign-off fields (填报人, 审核人, 日期), in English where a translation is known."""
    if lang == "zh":
        return checklist.signoff
    return tuple(_SIGNOFF_EN.get(label, label) for label in checklist.signoff)


def signoff_line(checklist: Checklist, lang: Lang) -> str:
    """``填报人＿＿＿＿＿＿　审核人＿＿＿＿＿＿　日期＿＿＿＿＿＿`` for formats without boxes."""
    return "　".join(f"{label}{'＿' * 6}" for label in signoff_labels(checklist, lang))


def has_requirements(groups: list[GroupText]) -> bool:
    """Whether any row answers a program requirement. When none does (a plan without
    programs, or rows grouped by person or week) tables leave the column out instead of
    filling it with dashes."""
    return any(row.requirement for group in groups for row in group.rows)


def headers(lang: Lang, requirements: bool = True) -> tuple[str, ...]:
    return tuple(h(lang) for h in HEADERS if requirements or h is not REQUIREMENT)


def colon(lang: Lang) -> str:
    return "：" if lang == "zh" else ": "


def listing(values: tuple[str, ...], lang: Lang) -> str:
    """``白某某（局长）、高某某（副局长）``: the enumeration comma of each language."""
    return ("、" if lang == "zh" else ", ").join(values)
