"""The implementation plan (实施方案) as a Word document an office can file as it is.

Sections follow the plans units already write: 指导思想, 活动主题, 活动时间, 组织领导,
活动内容 (one (一) per adopted program, one 1. per activity or deliverable that fulfils it),
工作要求, then the schedule as an attached table and the sign-off. Everything printed comes
from the plan: where the plan is silent (no guidance, no requirements, an item nothing
covers yet) the document shows a highlighted 【…】 blank for the clerk to fill in, never
made-up prose.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from activitymonth.catalog import Catalog
from activitymonth.export.checklist.model import RowStatus, build_checklist
from activitymonth.export.docx.layout import (
    OfficialDocument,
    Span,
    office_date,
    placeholder,
    title_lines,
)
from activitymonth.export.names import safe_file_stem
from activitymonth.model import Activity, Deliverable, Person, Plan
from activitymonth.schedule import Schedule
from activitymonth.schedule.ordinal import plan_ordinal
from activitymonth.write import write_bytes_atomically

ATTACHMENT_TITLE = "活动安排表"
SCHEDULE_HEADERS = ("序号", "活动内容", "时间", "地点", "牵头单位", "配合单位", "责任人")
SCHEDULE_WIDTHS_MM = (11.0, 36.0, 28.0, 24.0, 20.0, 20.0, 17.0)
NOTHING = "—"

Item = Activity | Deliverable


def plan_document_title(plan: Plan) -> str:
    """``某旗信访局第43个民族团结进步活动月实施方案`` when the plan is a numbered activity
    month (the ordinal is computed, not typed by hand), else the plan's own title."""
    ordinal = plan_ordinal(plan)
    if ordinal is None:
        return plan.title
    return f"{plan.unit or ''}第{ordinal.ordinal}个{ordinal.campaign}实施方案"


def plan_document_file_name(plan: Plan) -> str:
    """``xfj-2026-09-实施方案.docx``: named after the plan id (or title)."""
    return f"{safe_file_stem(plan.id or plan.title)}-实施方案.docx"


def build_plan_document(schedule: Schedule, catalog: Catalog) -> OfficialDocument:
    """The whole document for a resolved plan; ``catalog`` names the adopted programs."""
    return _PlanWriter(schedule, catalog).write()


def render_plan_document(schedule: Schedule, catalog: Catalog) -> bytes:
    return build_plan_document(schedule, catalog).to_bytes()


def write_plan_document(schedule: Schedule, catalog: Catalog, path: Path) -> Path:
    """Write the .docx to ``path``, replacing an existing file only once it is complete."""
    write_bytes_atomically(path, render_plan_document(schedule, catalog))
    return path


class _PlanWriter:
    def __init__(self, schedule: Schedule, catalog: Catalog) -> None:
        self.schedule = schedule
        self.catalog = catalog
        self.plan = schedule.plan
        self.title = plan_document_title(self.plan)
        self.doc = OfficialDocument(self.title, self.plan.unit)
        self.items: dict[str, Item] = {
            **{a.id: a for a in self.plan.activities},
            **{d.id: d for d in self.plan.deliverables},
        }
        window = self.plan.window
        self.one_year = window.start.year == window.end.year

    def write(self) -> OfficialDocument:
        doc, plan = self.doc, self.plan
        doc.title(title_lines(self.title, plan.unit))
        doc.heading("指导思想")
        self._prose(plan.guidance, "请填写指导思想")
        doc.heading("活动主题")
        self._prose(plan.theme, "请填写活动主题")
        doc.heading("活动时间")
        doc.paragraph(self._window())
        doc.heading("组织领导")
        self._organization()
        doc.heading("活动内容")
        self._contents()
        doc.heading("工作要求")
        self._requirements()
        if self.items:
            doc.attachment_note(ATTACHMENT_TITLE)
        doc.signoff(plan.unit or placeholder("请填写单位名称"), self._signed_on())
        if self.items:
            doc.attachment(title_lines(ATTACHMENT_TITLE))
            self._schedule_table()
        return doc

    # ------------------------------------------------------------------ sections
    def _prose(self, text: str | None, blank: str) -> None:
        """The plan's own words, one paragraph per line it wrote; a blank when it has none."""
        paragraphs = [line.strip() for line in (text or "").splitlines() if line.strip()]
        if not paragraphs:
            self.doc.paragraph([placeholder(blank)])
        for paragraph in paragraphs:
            self.doc.paragraph(paragraph)

    def _window(self) -> str:
        start, end = self.plan.window.start, self.plan.window.end
        last = f"{end.month}月{end.day}日" if self.one_year else office_date(end)
        return f"{office_date(start)}至{last}"

    def _organization(self) -> None:
        organization = self.plan.organization
        group, office = organization.leading_group, organization.office
        parts = 0
        if group.leader or group.deputies or group.members:
            parts += 1
            self.doc.subheading("领导小组")
            self._roster((("组　长", _ids(group.leader)), ("副组长", group.deputies)))
            self._roster((("成　员", group.members),))
        if office.director or office.deputies or office.members:
            parts += 1
            self.doc.subheading("领导小组办公室")
            self.doc.paragraph("领导小组下设办公室，负责日常工作。")
            self._roster(
                (
                    ("主　任", _ids(office.director)),
                    ("副主任", office.deputies),
                    ("成　员", office.members),
                )
            )
        if organization.subgroups:
            parts += 1
            self.doc.subheading("工作分组")
            for subgroup in organization.subgroups:
                leader = subgroup.leader
                spans = [
                    Span(f"{subgroup.name}：组长"),
                    Span(self._person(leader)) if leader else placeholder("请确定组长"),
                ]
                if subgroup.members:
                    spans.append(Span(f"，成员{self._people(subgroup.members)}"))
                if subgroup.scope:
                    spans.append(Span(f"，负责{subgroup.scope}"))
                self.doc.item([*spans, Span("。")])
        if parts == 0:
            self.doc.paragraph([placeholder("请填写领导小组组成人员")])

    def _roster(self, roles: Sequence[tuple[str, Sequence[str]]]) -> None:
        for label, ids in roles:
            if ids:
                self.doc.paragraph(f"{label}：{self._people(ids)}")

    def _contents(self) -> None:
        checklist = build_checklist(self.schedule, self.catalog)
        programs = len(self.plan.programs)
        for ref, group in zip(self.plan.programs, checklist.groups[:programs], strict=True):
            self.doc.subheading(self.catalog.get(ref).title)
            shown: set[str] = set()
            for row in group.rows:
                if row.status == RowStatus.GAP:
                    self.doc.item([placeholder(f"请安排落实“{row.title}”的活动")])
                elif row.item_id is not None and row.item_id not in shown:
                    shown.add(row.item_id)
                    self.doc.item(self._item_spans(self.items[row.item_id]))
        for group in checklist.groups[programs:]:
            if programs:
                self.doc.subheading("其他活动")
            for row in group.rows:
                if row.item_id is not None:
                    self.doc.item(self._item_spans(self.items[row.item_id]))
        if not checklist.rows:
            self.doc.paragraph([placeholder("请填写活动内容")])

    def _requirements(self) -> None:
        """Each requirement a (一): its first sentence a run-in 楷体 heading when more
        follows it, as offices write 工作要求."""
        if not self.plan.requirements:
            self.doc.paragraph([placeholder("请填写工作要求")])
        for requirement in self.plan.requirements:
            head, _, rest = requirement.strip().partition("。")
            if rest:
                self.doc.subheading(f"{head}。", [Span(rest)])
            else:
                self.doc.subheading("", [Span(requirement.strip())])

    def _schedule_table(self) -> None:
        rows, flagged = [], []
        for number, item in enumerate(self._in_order(), start=1):
            when = self._when(item, "\n")
            responsible = _responsible(item)
            if when is None or responsible is None:
                flagged.append(number - 1)
            rows.append(
                [
                    str(number),
                    item.title,
                    [Span(when)] if when else [placeholder("待定")],
                    getattr(item, "location", None) or NOTHING,
                    self._lead_unit(item),
                    self._co_units(item),
                    self._name(responsible) if responsible else [placeholder("待定")],
                ]
            )
        self.doc.table(SCHEDULE_HEADERS, rows, SCHEDULE_WIDTHS_MM, highlight_rows=flagged)

    # ------------------------------------------------------------------ pieces
    def _item_spans(self, item: Item) -> list[Span]:
        title = item.title.rstrip("。")
        spans = [Span(f"{title}。")]
        when = self._when(item)
        label = "完成时限" if isinstance(item, Deliverable) else "时间"
        spans += [Span(f"{label}：")] + ([Span(when)] if when else [placeholder("请确定时间")])
        if isinstance(item, Activity):
            if item.location:
                spans.append(Span(f"；地点：{item.location}"))
            if item.lead_unit:
                spans.append(Span(f"；牵头单位：{item.lead_unit}"))
            if item.expected_participants:
                spans.append(Span(f"；参加人数：约{item.expected_participants}人"))
        responsible = _responsible(item)
        spans.append(Span("；负责人："))
        spans.append(Span(self._person(responsible)) if responsible else placeholder("请确定"))
        spans.append(Span("。"))
        return spans

    def _when(self, item: Item, gap: str = "") -> str | None:
        """When, as plans write it: 9月1日9:00—11:00, 9月2日至4日, 每周三（9月2日至30日，
        共5次）, 9月18日前; None when the schedule has no date for it. ``gap`` goes between
        the day and the hour or the rhythm and its dates (a line break in table cells)."""
        occurrences = self.schedule.for_item(item.id)
        if not occurrences:
            return None
        first = occurrences[0]
        if isinstance(item, Deliverable):
            return f"{self._day(first.day)}前"
        if item.repeat is not None:
            span = self._span(first.day, occurrences[-1].last_day)
            return f"{item.repeat.text}{gap}（{span}，共{len(occurrences)}次）"
        if isinstance(first.start, datetime) and isinstance(first.end, datetime):
            return self._day(first.day) + gap + _clock_range(first.start, first.end)
        return self._span(first.day, first.last_day)

    def _day(self, day: date) -> str:
        return f"{day.month}月{day.day}日" if self.one_year else office_date(day)

    def _span(self, first: date, last: date) -> str:
        if first == last:
            return self._day(first)
        if (first.year, first.month) == (last.year, last.month):
            return f"{self._day(first)}至{last.day}日"
        return f"{self._day(first)}至{self._day(last)}"

    def _signed_on(self) -> date:
        revision = self.plan.revision
        return revision.date() if revision else self.plan.window.start

    def _in_order(self) -> list[Item]:
        """Items by first occurrence, unscheduled ones last, otherwise as written."""

        def first(item: Item) -> tuple[bool, date, int]:
            occurrences = self.schedule.for_item(item.id)
            if not occurrences:
                return (True, date.max, 0)
            start = occurrences[0].start
            minute = start.hour * 60 + start.minute if isinstance(start, datetime) else -1
            return (False, occurrences[0].day, minute)

        return sorted(self.items.values(), key=first)

    def _lead_unit(self, item: Item) -> str:
        """The activity's lead unit, else the unit of the person who leads it."""
        if isinstance(item, Activity) and item.lead_unit:
            return item.lead_unit
        person = self.plan.person(_responsible(item) or "")
        return person.unit if person and person.unit else NOTHING

    def _co_units(self, item: Item) -> str:
        """The activity's co-operating units, else the units its staff come from."""
        if not isinstance(item, Activity):
            return NOTHING
        if item.co_units:
            return "、".join(item.co_units)
        lead = self._lead_unit(item)
        units = dict.fromkeys(
            person.unit
            for person in (self.plan.person(p) for p in item.staff)
            if person and person.unit and person.unit != lead
        )
        return "、".join(units) or NOTHING

    def _person(self, person_id: str) -> str:
        """``白某某（局长）``; an id nobody has (the checker reports it) prints as is."""
        person = self.plan.person(person_id)
        return _with_title(person) if person else person_id

    def _name(self, person_id: str) -> str:
        person = self.plan.person(person_id)
        return person.name if person else person_id

    def _people(self, ids: Sequence[str]) -> str:
        return "、".join(self._person(p) for p in ids)


def _with_title(person: Person) -> str:
    return f"{person.name}（{person.title}）" if person.title else person.name


def _ids(person_id: str | None) -> tuple[str, ...]:
    return (person_id,) if person_id else ()


def _responsible(item: Item) -> str | None:
    return item.lead if isinstance(item, Activity) else item.owner


def _clock_range(start: datetime, end: datetime) -> str:
    """``9:00—11:00``; the end only when it is on the same day."""
    text = f"{start.hour}:{start.minute:02d}"
    if end.date() == start.date():
        text += f"—{end.hour}:{end.minute:02d}"
    return text
