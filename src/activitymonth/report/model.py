"""The summary report (工作总结) as data: titled sections of paragraphs, built from the ledger.

A unit's summary has the parts every office expects — 基本情况, 主要做法, the figures,
存在的不足, 下一步打算. Each sentence here is made from the plan (who led, what was adopted,
what was scheduled) or from :class:`~activitymonth.tracking.PlanProgress` (what the ledger
says was done, on which day, by how many people); nothing is estimated. What only the unit
can say (下一步打算) is a blank for the user, shown highlighted. The Word and Markdown
renderers lay out this same ``Report``, so the two files never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from activitymonth.catalog import ItemKind
from activitymonth.export.checklist.labels import window_text
from activitymonth.export.checklist.model import format_dates
from activitymonth.export.docx.layout import office_date
from activitymonth.export.docx.plan_document import plan_document_title
from activitymonth.export.names import safe_file_stem
from activitymonth.model import Plan
from activitymonth.schedule import ItemKind as ScheduleKind
from activitymonth.tracking import (
    DoneRecord,
    Figures,
    ItemProgress,
    OccurrenceProgress,
    PairProgress,
    PlanProgress,
    ProgramProgress,
    RequirementProgress,
)

BASICS = "基本情况"
PRACTICES = "主要做法"
RESULTS = "工作成效"
SHORTCOMINGS = "存在的不足"
NEXT_STEPS = "下一步打算"
OTHERS = "其他"
NEXT_STEPS_BLANK = "请填写：针对上述不足的整改措施和下一步工作安排"


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    SUBHEADING = "subheading"
    """``（一）head``; with pieces it is a run-in heading and the paragraph goes on."""
    ITEM = "item"
    """``1. …``, numbered afresh under each subheading."""


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of text; ``blank`` marks words the user must still write (highlighted)."""

    text: str
    blank: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    pieces: tuple[Piece, ...] = ()
    head: str = ""

    @property
    def text(self) -> str:
        return self.head + "".join(piece.text for piece in self.pieces)


@dataclass(frozen=True, slots=True)
class Section:
    """A ``一、`` part of the report; renderers number it."""

    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Report:
    title: str
    unit: str | None
    as_of: date
    """The day the report speaks of (``--today``): its 截至 and its sign-off date."""
    sections: tuple[Section, ...]


def paragraph(*pieces: Piece | str) -> Block:
    return Block(BlockKind.PARAGRAPH, _pieces(pieces))


def subheading(head: str, *pieces: Piece | str) -> Block:
    return Block(BlockKind.SUBHEADING, _pieces(pieces), head)


def item(*pieces: Piece | str) -> Block:
    return Block(BlockKind.ITEM, _pieces(pieces))


def _pieces(pieces: Iterable[Piece | str]) -> tuple[Piece, ...]:
    return tuple(Piece(p) if isinstance(p, str) else p for p in pieces)


def report_title(plan: Plan) -> str:
    """``某旗信访局第43个民族团结进步活动月工作总结``: the plan document's title with
    工作总结 in place of 实施方案."""
    title = plan_document_title(plan)
    for suffix in ("实施方案", "工作方案", "方案"):
        if title.endswith(suffix):
            return title.removesuffix(suffix) + "工作总结"
    return title + "工作总结"


def report_file_name(plan: Plan, fmt: str) -> str:
    """``某旗信访局第43个民族团结进步活动月工作总结.docx``: named after the report's title."""
    return f"{safe_file_stem(report_title(plan))}.{fmt}"


def build_report(progress: PlanProgress) -> Report:
    """The whole report for one plan as its ledger stands on ``progress.today``."""
    return _ReportBuilder(progress).build()


class _ReportBuilder:
    def __init__(self, progress: PlanProgress) -> None:
        self.progress = progress
        self.plan = progress.schedule.plan
        self.today = progress.today
        self.as_of = office_date(progress.today)

    def build(self) -> Report:
        plan = self.plan
        sections = (
            Section(BASICS, self._basics()),
            Section(PRACTICES, self._practices()),
            Section(RESULTS, self._results()),
            Section(SHORTCOMINGS, self._shortcomings()),
            Section(NEXT_STEPS, (paragraph(Piece(NEXT_STEPS_BLANK, blank=True)),)),
        )
        return Report(report_title(plan), plan.unit, self.today, sections)

    # ------------------------------------------------------------------ 基本情况
    def _basics(self) -> tuple[Block, ...]:
        plan = self.plan
        window = window_text(plan.window.start, plan.window.end).zh
        opening = [
            Piece(plan.unit) if plan.unit else Piece("请填写单位名称", blank=True),
            f"按照《{plan_document_title(plan)}》，于{window}组织开展活动",
            f"，活动主题为“{plan.theme.strip()}”。" if plan.theme else "。",
        ]
        blocks = [paragraph(*opening), paragraph(*self._organization())]
        if self.progress.programs:
            adopted = "；".join(_program_state(p) for p in self.progress.programs)
            blocks.append(paragraph(f"活动落实的项目：{adopted}。"))
        blocks.append(paragraph(self._overall()))
        return tuple(blocks)

    def _organization(self) -> list[Piece | str]:
        organization = self.plan.organization
        group, office = organization.leading_group, organization.office
        parts = []
        if group.leader or group.deputies:
            roles = []
            if group.leader:
                roles.append(f"{self._titled(group.leader)}为组长")
            if group.deputies:
                roles.append(f"{self._titled_list(group.deputies)}为副组长")
            members = f"，{self._names(group.members)}为成员" if group.members else ""
            parts.append(f"成立了以{'、'.join(roles)}的活动领导小组{members}")
        if office.director or office.deputies:
            roles = []
            if office.director:
                roles.append(f"{self._names([office.director])}任主任")
            if office.deputies:
                roles.append(f"{self._names(office.deputies)}任副主任")
            parts.append(f"领导小组下设办公室，{'、'.join(roles)}，负责日常工作")
        if organization.subgroups:
            names = "、".join(s.name for s in organization.subgroups)
            scopes = [s.scope for s in organization.subgroups]
            split = f"，分别负责{'、'.join(s for s in scopes if s)}" if all(scopes) else ""
            parts.append(f"下设{names}{len(organization.subgroups)}个工作组{split}")
        if not parts:
            return [Piece("请填写：组织领导情况", blank=True)]
        return ["；".join(parts) + "。"]

    def _overall(self) -> str:
        progress = self.progress
        live = progress.live_items
        activities = sum(1 for i in live if i.kind == ScheduleKind.ACTIVITY)
        deliverables = len(live) - activities
        rate = f"，完成率{progress.share:.0%}" if progress.planned else ""
        return (
            f"方案共安排活动{activities}项、工作任务{deliverables}项，计{progress.planned}场次（件）；"
            f"截至{self.as_of}，台账记录已完成{progress.done}场次（件）{rate}。"
        )

    # ------------------------------------------------------------------ 主要做法
    def _practices(self) -> tuple[Block, ...]:
        progress = self.progress
        if progress.done == 0:
            return (paragraph(f"截至{self.as_of}，台账中尚无活动和工作任务的完成记录。"),)
        blocks: list[Block] = []
        claimed: set[str] = set()
        for program in progress.programs:
            blocks.append(subheading(program.title))
            lines = self._program_lines(program)
            claimed.update(i for r in program.requirements for i in r.item_ids)
            blocks.extend(lines or [paragraph("台账中尚无该项目的完成记录。")])
        others = sorted(
            (i for i in progress.live_items if i.done and i.id not in claimed),
            key=lambda i: _first_done(i) or date.max,
        )
        if others and progress.programs:
            blocks.append(subheading(OTHERS))
        blocks.extend(item(self._done_line(i)) for i in others)
        return tuple(blocks)

    def _program_lines(self, program: ProgramProgress) -> list[Block]:
        items = self.progress.items
        lines: list[Block] = []
        shown: set[str] = set()
        for requirement in program.requirements:
            if requirement.kind == ItemKind.SECTOR:
                if requirement.item_ids:
                    reached = "、".join(
                        _title(items[i]) + (f"（{days}）" if (days := _days_text(items[i])) else "")
                        for i in requirement.item_ids
                    )
                    lines.append(item(f"{requirement.name}：{reached}。"))
            elif not requirement.item_ids:
                if requirement.done:  # a pairing item: the plan's pairs of that kind
                    lines.append(item(f"{requirement.name}：结对{requirement.done}对。"))
            else:
                for item_id in requirement.item_ids:
                    progress = items[item_id]
                    if item_id not in shown and progress.done and not progress.cancelled:
                        shown.add(item_id)
                        lines.append(item(self._done_line(progress)))
        return lines

    def _done_line(self, progress: ItemProgress) -> str:
        """``民族团结演讲比赛：9月18日开展，参与60人次（干部10人次、群众50人次）。``"""
        records = _records(progress)
        days = _days_text(progress)
        if progress.kind == ScheduleKind.DELIVERABLE:
            return f"{_title(progress)}：{days}完成。" if days else f"{_title(progress)}：已完成。"
        line = f"{_title(progress)}：{days}开展" if days else f"{_title(progress)}：已开展"
        dated = [r.actual_date for r in records if r.actual_date]
        if len(records) > 1 and not (_counted(dated) and len(dated) == len(records)):
            line += f"，共{len(records)}场次"
        if any(r.participants is not None for r in records):
            total = sum(r.participants or 0 for r in records)
            line += f"，参与{total}人次"
            if any(r.cadres is not None or r.residents is not None for r in records):
                line += f"（{_split(total, records)}）"
        return line + "。"

    # ------------------------------------------------------------------ 工作成效
    def _results(self) -> tuple[Block, ...]:
        figures = self.progress.figures
        blocks: list[Block] = []
        recorded = figures.activities_held + figures.deliverables_done + figures.visits
        if not recorded:
            visits = "和走访记录" if self.plan.pairs else ""
            blocks.append(
                paragraph(f"截至{self.as_of}，台账中尚无完成记录{visits}，以下各项均为0。")
            )
        blocks.append(
            subheading(
                "活动开展。",
                f"共开展活动{figures.activities_held}场次（涉及{figures.activity_items_held}项活动），"
                f"完成工作任务{figures.deliverables_done}项。",
            )
        )
        people = f"参与{figures.participants}人次"
        if figures.participants and not (figures.cadres or figures.residents):
            people += "，未区分干部和群众。"
        else:
            people += f"，其中{_split(figures.participants, [figures])}。"
        blocks.append(subheading("参与人员。", people))
        blocks.append(subheading("宣传资料。", _materials_text(figures.materials)))
        if self.plan.pairs:
            blocks.append(
                subheading(
                    "结对走访。",
                    f"结对{figures.pairs_formed}对，走访结对户{figures.visits}户次，"
                    f"已走访{figures.households_visited}户。",
                )
            )
        return tuple(blocks)

    # ------------------------------------------------------------------ 存在的不足
    def _shortcomings(self) -> tuple[Block, ...]:
        progress = self.progress
        blocks: list[Block] = []
        undone = sorted(
            (i for i in progress.live_items if not i.complete),
            key=lambda i: min((o.day for o in _open(i) if o.day), default=date.max),
        )
        if undone:
            blocks.append(subheading("活动和工作任务未全部完成"))
            blocks.extend(item(self._undone_line(i)) for i in undone)
        unmet = [
            (program, requirement)
            for program in progress.programs
            for requirement in program.requirements
            if not requirement.met and requirement.kind != ItemKind.SECTOR
        ]
        if unmet:
            blocks.append(subheading("项目要求未全部落实"))
            blocks.extend(item(_unmet_line(p, r)) for p, r in unmet)
        unreached: dict[str, list[str]] = {}
        for program_id, sector in progress.unreached_sectors():
            unreached.setdefault(program_id, []).append(sector)
        if unreached:
            titles = {p.id: p.title for p in progress.programs}
            blocks.append(subheading("部分领域尚未覆盖"))
            blocks.extend(
                item(f"{titles.get(pid, pid)}：{'、'.join(sectors)}尚无活动开展。")
                for pid, sectors in unreached.items()
            )
        never = progress.never_visited()
        late = [p for p in progress.off_rhythm() if p.visits]
        if late:
            blocks.append(subheading("结对走访未达到频次要求"))
            blocks.extend(item(self._late_line(p)) for p in late)
        if never:
            blocks.append(subheading("部分结对干部尚未走访"))
            names = "、".join(f"{self._names([p.cadre])}（{p.household}）" for p in never)
            blocks.append(item(f"截至{self.as_of}，{names}的结对户尚无走访记录。"))
        if not blocks:
            pairs = "，结对走访均符合频次要求" if self.plan.pairs else ""
            blocks.append(
                paragraph(f"对照方案和台账，截至{self.as_of}，各项活动和工作任务均已完成{pairs}。")
            )
        return tuple(blocks)

    def _undone_line(self, progress: ItemProgress) -> str:
        """``结对户困难问题梳理解决推进会：原定11月25日，逾期未开展。``"""
        waiting = _open(progress)
        overdue = [o.day for o in waiting if o.overdue(self.today) and o.day]
        coming = [o.day for o in waiting if o.day and not o.overdue(self.today)]
        unscheduled = any(o.day is None for o in waiting)
        deliverable = progress.kind == ScheduleKind.DELIVERABLE
        verb = "完成" if deliverable else "开展"
        due = "前完成" if deliverable else ""
        parts = []
        if overdue:
            count = "" if len(overdue) == 1 or _counted(overdue) else f"的{len(overdue)}场次"
            parts.append(f"原定{format_dates(overdue)}{due}{count}，逾期未{verb}")
        if coming:
            count = "" if len(coming) == 1 or _counted(coming) else f"的{len(coming)}场次"
            parts.append(f"定于{format_dates(coming)}{due}{count}，尚未{verb}")
        if unscheduled:
            parts.append(f"未安排时间，尚未{verb}")
        return f"{_title(progress)}：{'；'.join(parts)}。"

    def _late_line(self, pair: PairProgress) -> str:
        """``杜某某与吐某某家：10月20日至12月31日未走访，超过“每两个月”的频次要求。``"""
        stretches = "、".join(
            f"{format_dates([a])}至{format_dates([b])}" for a, b in pair.stretches
        )
        rhythm = f"，超过“{pair.rhythm.text}”的频次要求" if pair.rhythm else ""
        return f"{self._names([pair.cadre])}与{pair.household}：{stretches}期间未走访{rhythm}。"

    # ------------------------------------------------------------------ people
    def _titled(self, person_id: str) -> str:
        """``局长白某某``, as a report names a leader; an unknown id prints as is."""
        person = self.plan.person(person_id)
        if person is None:
            return person_id
        return f"{person.title or ''}{person.name}"

    def _titled_list(self, ids: Iterable[str]) -> str:
        return "、".join(self._titled(i) for i in ids)

    def _names(self, ids: Iterable[str]) -> str:
        return "、".join(p.name if (p := self.plan.person(i)) else i for i in ids)


def _title(progress: ItemProgress) -> str:
    return progress.title.rstrip("。")


def _records(progress: ItemProgress) -> list[DoneRecord]:
    return [o.done for o in progress.occurrences if o.done is not None]


def _open(progress: ItemProgress) -> list[OccurrenceProgress]:
    return [o for o in progress.occurrences if o.done is None]


def _first_done(progress: ItemProgress) -> date | None:
    return min((r.actual_date for r in _records(progress) if r.actual_date), default=None)


def _days_text(progress: ItemProgress) -> str:
    """The days the ledger says it was done (``10月19日、10月21日``); empty when no record
    carries a day (the plan itself marks the item done)."""
    days = [r.actual_date for r in _records(progress) if r.actual_date]
    return format_dates(days) if days else ""


def _counted(days: list[date]) -> bool:
    """Whether ``format_dates`` already says how many days there were (``（12次）``)."""
    return len(set(days)) > 4


def _program_state(program: ProgramProgress) -> str:
    verb = "已覆盖" if any(r.kind == ItemKind.SECTOR for r in program.requirements) else "已落实"
    return f"{program.title}{program.total}项内容{verb}{program.met}项"


def _unmet_line(program: ProgramProgress, requirement: RequirementProgress) -> str:
    unit = "次" if requirement.kind == ItemKind.EVENT else "项"
    return (
        f"{program.title}中的“{requirement.name}”：要求{requirement.required}{unit}，"
        f"已完成{requirement.done}{unit}。"
    )


def _measure(material: str) -> str:
    """Banners are counted in 条 (6 banners, 500 leaflets); everything else in 份."""
    return "条" if material.endswith(("横幅", "条幅")) else "份"


def _split(total: int, counted: Iterable[DoneRecord | Figures]) -> str:
    """``干部10人次、群众50人次``, and the 人次 recorded without the split, so that the
    parts a reader adds up come to ``total``."""
    counted = list(counted)
    cadres = sum(c.cadres or 0 for c in counted)
    residents = sum(c.residents or 0 for c in counted)
    text = f"干部{cadres}人次、群众{residents}人次"
    rest = total - cadres - residents
    return text + (f"，另有{rest}人次未区分干部和群众" if rest > 0 else "")


def _materials_text(materials: tuple[tuple[str, int], ...]) -> str:
    """``发放资料500份，其中…`` when every material is counted in 份; with banners (条)
    among them, each kind in its own measure and no total, which would add 条 to 份."""
    kinds = "、".join(f"{name}{count}{_measure(name)}" for name, count in materials)
    if any(_measure(name) != "份" for name, _ in materials):
        return f"发放{kinds}。"
    total = sum(count for _, count in materials)
    return f"发放资料{total}份" + (f"，其中{kinds}" if kinds else "") + "。"
