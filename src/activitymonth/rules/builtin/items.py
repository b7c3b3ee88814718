"""Item rules: what the adopted programs require, and whether the plan provides it.

The helpers before the rules are shared with the structure rules (AM102 asks the same
question as AM401, "is anything planned for this program?"): ``adopted`` (each program
of ``programs:`` once, with where it is written), ``references`` (every resolvable
``fulfills`` of a live activity or deliverable) and ``Progress`` (how often the plan
fulfils each item, and which sectors its activities reach).

Findings about one program are all written at its line in ``programs:``; their logical
paths name the program and the item instead of the list index, so that each finding has
its own fingerprint and keeps it when the list is reordered.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from activitymonth.catalog import ItemKind, Program, ProgramItem, ProgramLookupError, name_key
from activitymonth.i18n import Text, weekday_name
from activitymonth.model import Activity, Deliverable, Status
from activitymonth.rules.builtin.dates import last_workday_by
from activitymonth.rules.context import Context
from activitymonth.rules.finding import Finding, Group, ModelPath, Severity
from activitymonth.rules.rule import Options, Rule, register

_NOTHING = Text("", "")


@dataclass(frozen=True, slots=True)
class Adopted:
    """A program the plan adopts, with the path of its entry in ``programs:``."""

    path: ModelPath
    program: Program


def adopted(ctx: Context) -> list[Adopted]:
    """Each adopted program once (the first time it is listed). A name the catalog does
    not know is the loader's to report, not a requirement the rules can check."""
    found: dict[str, Adopted] = {}
    for i, ref in enumerate(ctx.plan.programs):
        try:
            program = ctx.catalog.get(ref)
        except ProgramLookupError:
            continue
        found.setdefault(program.id, Adopted(("programs", i), program))
    return list(found.values())


@dataclass(frozen=True, slots=True)
class Reference:
    """One ``fulfills`` entry, resolved: ``path`` is ``(kind, i, "fulfills", j)``."""

    path: ModelPath
    entry: Activity | Deliverable
    program: Program
    item: ProgramItem


def references(ctx: Context) -> Iterator[Reference]:
    """Every resolvable ``fulfills`` of an activity or deliverable that is not cancelled
    (a cancelled activity fulfils nothing). References that name nothing are reported
    by the loader. Each distinct reference text is resolved once: a county plan repeats
    the same few thousands of times."""
    resolved: dict[str, tuple[Program, ProgramItem] | None] = {}
    plan = ctx.plan
    sections: tuple[tuple[str, tuple[Activity, ...] | tuple[Deliverable, ...]], ...] = (
        ("activities", plan.activities),
        ("deliverables", plan.deliverables),
    )
    for kind, entries in sections:
        for i, entry in enumerate(entries):
            if entry.status == Status.CANCELLED:
                continue
            for j, ref in enumerate(entry.fulfills):
                if ref not in resolved:
                    try:
                        resolved[ref] = ctx.catalog.resolve_item(ref, plan.programs)
                    except ProgramLookupError:
                        resolved[ref] = None
                hit = resolved[ref]
                if hit is not None:
                    yield Reference((kind, i, "fulfills", j), entry, *hit)


ItemKey = tuple[str, str]
"""(program id, item name)."""


class Progress:
    """How far the plan goes toward its programs' items.

    ``counts``: how often each item is fulfilled: an event item counts the occurrences of
    the activities fulfilling it (a weekly activity fulfils a 每周 item four times in a
    month), a deliverable or practice item counts the activities and deliverables, and
    an item of a pairing program (十结对) counts the pairs of that kind. An activity
    listing the same item twice counts once.
    ``waiting``: titles of items that fulfil an event item but have no date yet, so the
    hint can say "give it a date" rather than "add an activity".
    ``reached``: for coverage programs (八进), the sectors some activity's ``sector:``
    (or a ``fulfills`` of the sector item) reaches.
    ``touched``: programs anything in the plan refers to at all.
    """

    def __init__(self, ctx: Context, programs: list[Adopted]) -> None:
        self.counts: Counter[ItemKey] = Counter()
        self.waiting: defaultdict[ItemKey, list[str]] = defaultdict(list)
        self.reached: defaultdict[str, set[str]] = defaultdict(set)
        self.touched: set[str] = set()
        self._fulfilments(ctx)
        self._sectors(ctx, [a.program for a in programs if a.program.kind == "coverage"])
        self._pairs(ctx, [a.program for a in programs if a.program.kind == "pairing"])

    def _fulfilments(self, ctx: Context) -> None:
        seen: set[tuple[ModelPath, ItemKey]] = set()
        for ref in references(ctx):
            key = (ref.program.id, ref.item.name)
            if (ref.path[:2], key) in seen:
                continue
            seen.add((ref.path[:2], key))
            self.touched.add(ref.program.id)
            if ref.item.kind == ItemKind.SECTOR:
                self.reached[ref.program.id].add(ref.item.name)
                continue
            weight = (
                len(ctx.schedule.for_item(ref.entry.id)) if ref.item.kind == ItemKind.EVENT else 1
            )
            self.counts[key] += weight
            if weight == 0:
                self.waiting[key].append(ref.entry.title)

    def _sectors(self, ctx: Context, coverage: list[Program]) -> None:
        if not coverage:
            return
        for activity in ctx.plan.activities:
            if activity.status == Status.CANCELLED:
                continue
            for sector in activity.sector:
                for program in coverage:
                    item = program.item(sector)
                    if item is not None:
                        self.reached[program.id].add(item.name)
                        self.touched.add(program.id)

    def _pairs(self, ctx: Context, pairing: list[Program]) -> None:
        for pair in ctx.plan.pairs if pairing else ():
            for program in pairing:
                item = program.item(pair.kind)
                if item is not None:
                    self.counts[(program.id, item.name)] += 1
                    self.touched.add(program.id)

    def count(self, program: Program, item: ProgramItem) -> int:
        return self.counts[(program.id, item.name)]


def listing(names: list[str]) -> Text:
    return Text("、".join(names), ", ".join(names))


def _unit(program: Program, item: ProgramItem) -> Text:
    if program.kind == "pairing":
        return Text("对", "pair(s)")
    if item.kind == ItemKind.DELIVERABLE:
        return Text("份", "item(s)")
    if item.kind == ItemKind.PRACTICE:
        return Text("项", "arrangement(s)")
    return Text("次", "time(s)")


def how_to_plan(program: Program) -> Text:
    """How a plan refers to a program's items, for hints that ask for them."""
    if program.kind == "coverage":
        return Text(
            "给深入各领域的活动写上 sector:", "give the activities held in its sectors a sector:"
        )
    if program.kind == "pairing":
        return Text("在 pairs 中写上相应的 kind:", "give pairs one of its kinds (kind:)")
    return Text(
        f"为各项安排活动或材料，写上 fulfills: {program.id}/项名",
        f"plan each item with an activity or deliverable, with fulfills: {program.id}/ITEM",
    )


def _incomplete_note(program: Program) -> Text:
    """Said with every finding about a program whose source lists fewer items than its
    name promises (十个同 names eight): the checker cannot require what nobody wrote."""
    if program.complete:
        return _NOTHING
    return Text(
        f"；注意：{program.id} 的来源不完整（{program.note}），缺的项请用自定义项目"
        "（custom_programs）补齐",
        f"; note: the source of {program.id} is incomplete ({program.note}); add the missing "
        "items as a custom program (custom_programs)",
    )


@register
class ProgramItemMissing(Rule):
    """An item of an adopted program is fulfilled fewer times than it requires.

    Every activity or deliverable says which items it fulfils (``fulfills:
    六个一@学校/演讲比赛``). An event item counts scheduled occurrences (a recurring
    activity counts each one; one without a date counts none); a deliverable or practice
    item counts the activities and deliverables that fulfil it; an item of a pairing
    program (十结对) counts the pairs of that ``kind``. Cancelled items count nothing.
    Coverage programs (八进) are AM403's business.

    A program nothing in the plan refers to gets one finding listing all its items rather
    than one per item; AM102 (program-unused) adds the larger point that the program is
    adopted but not planned at all. This rule keeps the error either way, so that turning
    AM102 off never lets a plan with an empty program pass.

    Why: adopting a program (六个一, 九个一) is a promise that each of its items happens;
    an inspection checks them one by one, and a missing 演讲比赛 is found in the ledger
    only after the month.

    Fails:
        programs: [六个一@学校]
        activities:
          - {id: art, title: 书画展, fulfills: 六个一@学校/书画展, date: 2026-09-10, lead: wang}

    Passes:
        programs: [六个一@学校]
        activities:
          - {id: art, title: 书画展, fulfills: 六个一@学校/书画展, date: 2026-09-10, lead: wang}
          - {id: quiz, title: 知识竞赛, fulfills: 六个一@学校/知识竞赛, date: 2026-09-11, lead: li}
          - {id: talk, title: 演讲比赛, fulfills: 六个一@学校/演讲比赛, date: 2026-09-14, lead: li}
          - {id: good, title: 评选, fulfills: 六个一@学校/好少年评选, date: 2026-09-15, lead: wang}
          - {id: film, title: 观影, fulfills: 六个一@学校/观影, date: 2026-09-16, lead: zhang}
          - {id: sport, title: 运动会, fulfills: 六个一@学校/文体活动, date: 2026-09-17, lead: li}
    """

    code = "AM401"
    name = "program-item-missing"
    group = Group.ITEMS
    severity = Severity.ERROR
    summary = Text(
        "采用的项目有子项没有安排或次数不够", "an adopted program's item is not planned enough"
    )
    message = Text(
        "「{program}」缺少「{item}」（要求 {required} {unit}，已安排 {count} {unit}）",
        "'{program}' lacks '{item}' ({required} {unit} required, {count} planned)",
    )
    hint = Text("添加{what}，写上 {how}{note}", "add {what} with {how}{note}")
    waiting_hint = Text(
        "{titles} 对应这一项，但还没有日期：写上 date、start 或 repeat（材料写 due）{note}",
        "{titles} fulfil it but have no date yet: give them date, start or repeat (due for "
        "a deliverable){note}",
    )
    nothing = Text(
        "「{program}」的 {total} 项都还没有安排：{items}",
        "none of the {total} items of '{program}' is planned: {items}",
    )
    nothing_hint = Text("{how}{note}", "{how}{note}")

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        programs = [a for a in adopted(ctx) if a.program.kind != "coverage"]
        progress = Progress(ctx, programs)
        for entry in programs:
            program = entry.program
            short = [
                item for item in program.items if progress.count(program, item) < item.required
            ]
            if not short:
                continue
            note = _incomplete_note(program)
            if program.id not in progress.touched and len(program.items) > 1:
                finding = self.report(
                    ctx,
                    entry.path,
                    message=self.nothing,
                    hint=self.nothing_hint,
                    program=program.id,
                    total=len(program.items),
                    items=listing([item.name for item in short]),
                    how=how_to_plan(program),
                    note=note,
                )
                yield finding
                continue
            for item in short:
                yield self._missing(ctx, entry, item, progress, note)

    def _missing(
        self, ctx: Context, entry: Adopted, item: ProgramItem, progress: Progress, note: Text
    ) -> Finding:
        program = entry.program
        waiting = progress.waiting.get((program.id, item.name))
        params = {
            "program": program.id,
            "item": item.name,
            "required": item.required,
            "count": progress.count(program, item),
            "unit": _unit(program, item),
            "note": note,
        }
        if waiting:
            titles = Text(
                "、".join(f"「{t}」" for t in waiting), ", ".join(f"'{t}'" for t in waiting)
            )
            return self.report(
                ctx, entry.path, hint=self.waiting_hint, detail=item.name, titles=titles, **params
            )
        ref = f"{program.id}/{item.name}"
        if program.kind == "pairing":
            what = Text("一对结对（pairs）", "a pair (pairs)")
            how = f"kind: {item.name}"
        elif item.kind == ItemKind.DELIVERABLE:
            what = Text("一项材料（deliverables）", "a deliverable (deliverables)")
            how = f"fulfills: {ref}"
        else:
            what = Text("一项活动（activities）", "an activity (activities)")
            how = f"fulfills: {ref}"
        return self.report(ctx, entry.path, detail=item.name, what=what, how=how, **params)


@register
class ItemOfUnadoptedProgram(Rule):
    """An activity or deliverable fulfils an item of a program the plan does not adopt.

    Why: only adopted programs make requirements, so such a reference counts toward
    nothing; usually the program was left out of ``programs:`` or the reference names the
    wrong variant (八个一@公益日 instead of the 六个一@学校 the school adopted).

    Fails:
        programs: [六个一@学校]
        activities:
          - {id: art, title: 书画展, fulfills: 八个一@公益日/书画展, date: 2026-09-15, lead: wang}

    Passes:
        programs: [六个一@学校]
        activities:
          - {id: art, title: 书画展, fulfills: 六个一@学校/书画展, date: 2026-09-15, lead: wang}
    """

    code = "AM402"
    name = "item-of-unadopted-program"
    group = Group.ITEMS
    severity = Severity.WARNING
    summary = Text(
        "对应的子项属于计划没有采用的项目", "fulfils an item of a program the plan does not adopt"
    )
    message = Text(
        "「{title}」对应「{ref}」，但计划没有采用「{program}」，这一项不计入任何要求",
        "'{title}' fulfils '{ref}', but the plan does not adopt '{program}', so it counts "
        "toward nothing",
    )
    hint = Text(
        "把 {program} 加入 programs:，或改正这条引用",
        "add {program} to programs:, or correct the reference",
    )
    instead_hint = Text(
        "改为 {instead}（已采用的项目中的同名一项），或把 {program} 加入 programs:",
        "write {instead} (the item of that name in an adopted program), or add {program} to "
        "programs:",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        programs = [entry.program for entry in adopted(ctx)]
        ids = {program.id for program in programs}
        for ref in references(ctx):
            if ref.program.id in ids:
                continue
            instead = _same_item_in(programs, ref.program, ref.item)
            yield self.report(
                ctx,
                ref.path,
                hint=self.instead_hint if instead else None,
                title=ref.entry.title,
                ref=f"{ref.program.id}/{ref.item.name}",
                program=ref.program.id,
                instead=instead,
            )


def _same_item_in(programs: list[Program], wanted: Program, item: ProgramItem) -> str | None:
    """The reference to the item of the same name (or alias) in an adopted program,
    another variant of the same program first."""
    same_name = name_key(wanted.name)
    ordered = sorted(programs, key=lambda p: name_key(p.name) != same_name)
    for program in ordered:
        found = next((hit for name in item.names if (hit := program.item(name))), None)
        if found is not None:
            return f"{program.id}/{found.name}"
    return None


@register
class SectorUncovered(Rule):
    """An adopted coverage program (八进, 九进, 五进, 六进@学校) has sectors no activity
    reaches.

    An activity reaches a sector by naming it, or one of its aliases, in ``sector:``
    (``sector: 社区`` reaches 八进's 村(社区)); cancelled activities reach nothing.

    Why: "进" programs are judged by coverage: every 机关, 学校, 企业 … must see at least
    one activity, and the sector an inspection finds empty is the one the plan forgot.

    Fails:
        programs: [五进]
        activities:
          - {id: a, title: 进机关宣讲, date: 2026-09-08, lead: wang, sector: 机关}
          - {id: b, title: 进校园宣讲, date: 2026-09-09, lead: li, sector: 学校}

    Passes:
        programs: [五进]
        activities:
          - {id: a, title: 进机关宣讲, date: 2026-09-08, lead: wang, sector: 机关}
          - {id: b, title: 进校园宣讲, date: 2026-09-09, lead: li, sector: 学校}
          - {id: c, title: 进企业宣讲, date: 2026-09-10, lead: li, sector: 企业}
          - {id: d, title: 进军营宣讲, date: 2026-09-11, lead: wang, sector: 军营}
          - {id: e, title: 进社区宣讲, date: 2026-09-14, lead: zhang, sector: 社区}
    """

    code = "AM403"
    name = "sector-uncovered"
    group = Group.ITEMS
    severity = Severity.ERROR
    summary = Text("覆盖类项目有领域没有活动", "a coverage program has sectors no activity reaches")
    message = Text(
        "「{program}」还有 {count} 个领域没有活动：{missing}（已覆盖 {reached}/{total}）",
        "'{program}' has {count} sector(s) no activity reaches: {missing} "
        "({reached} of {total} covered)",
    )
    hint = Text(
        "给深入这些领域的活动写上 sector（如 sector: {first}），或增加相应活动{note}",
        "give the activities held there a sector (e.g. sector: {first}), or add activities "
        "there{note}",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        programs = [a for a in adopted(ctx) if a.program.kind == "coverage"]
        if not programs:
            return
        progress = Progress(ctx, programs)
        for entry in programs:
            program = entry.program
            reached = progress.reached[program.id]
            missing = [item.name for item in program.items if item.name not in reached]
            if not missing:
                continue
            finding = self.report(
                ctx,
                entry.path,
                program=program.id,
                count=len(missing),
                missing=listing(missing),
                reached=len(program.items) - len(missing),
                total=len(program.items),
                first=missing[0],
                note=_incomplete_note(program),
            )
            yield finding


@register
class DeliverableIncomplete(Rule):
    """A deliverable has no due date (``due``).

    A deliverable needs an owner and a due date. A missing owner is reported by AM301
    (no-lead), which asks every item for a responsible person; this rule reports only the
    missing due date, so that each gap is reported once.

    Why: 汇报材料, 档案资料 and the summary are what an inspection looks at first; without
    a date nobody is reminded and the ledger cannot say whether it is late.

    Fails:
        deliverables:
          - {id: summary, title: 活动月工作总结, owner: zhang}

    Passes:
        deliverables:
          - {id: summary, title: 活动月工作总结, owner: zhang, due: 2026-09-29}
    """

    code = "AM404"
    name = "deliverable-incomplete"
    group = Group.ITEMS
    severity = Severity.ERROR
    summary = Text("材料没有完成日期", "deliverable without a due date")
    message = Text(
        "「{title}」没有完成日期（due），无法排进日程和提醒",
        "'{title}' has no due date (due), so it cannot be scheduled or reminded of",
    )
    hint = Text("加上 due: {day}（{weekday}，{basis}）", "add due: {day} ({weekday}, {basis})")

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        window_end = ctx.plan.window.end
        for i, deliverable in enumerate(ctx.plan.deliverables):
            if deliverable.due is not None or deliverable.status == Status.CANCELLED:
                continue
            if deliverable.deadline is not None:
                day = last_workday_by(ctx.calendar, deliverable.deadline)
                basis = Text("不晚于截止日期的最后一个工作日", "the last work day by its deadline")
            else:
                day = last_workday_by(ctx.calendar, window_end)
                basis = Text("活动期内最后一个工作日", "the last work day of the window")
            yield self.report(
                ctx,
                ("deliverables", i),
                title=deliverable.title,
                day=day.isoformat(),
                weekday=Text(weekday_name(day.weekday(), "zh"), weekday_name(day.weekday(), "en")),
                basis=basis,
            )
