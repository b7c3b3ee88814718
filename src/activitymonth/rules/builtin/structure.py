"""Structure rules: parts of the plan that lead nowhere (a person without a part, a
program without a plan, an activity without a time)."""

from __future__ import annotations

from collections.abc import Iterator

from activitymonth.catalog import Program, name_key
from activitymonth.i18n import Text
from activitymonth.model import Activity, Status
from activitymonth.rules.builtin.items import (
    Progress,
    adopted,
    how_to_plan,
    listing,
    references,
)
from activitymonth.rules.context import Context
from activitymonth.rules.finding import Finding, Group, Severity
from activitymonth.rules.rule import Options, Rule, register


@register
class PersonUnused(Rule):
    """Someone on the roster (``people``) has no part anywhere in the plan.

    A part is any mention: the leading group or its office, a sub-group, the lead, staff
    or a role of an activity, the owner of a deliverable or of materials, a pair.

    Why: a roster copied from last year keeps people who left, and a name without a task
    is a cadre who will not know the month concerns them; either give them a part or drop
    them.

    Fails:
        people:
          - {id: wang, name: 王某, title: 局长}
          - {id: li, name: 李某, title: 副局长}
          - {id: zhang, name: 张某, title: 办公室主任}
          - {id: zhao, name: 赵某, title: 科员}

    Passes:
        people:
          - {id: wang, name: 王某, title: 局长}
          - {id: li, name: 李某, title: 副局长}
          - {id: zhang, name: 张某, title: 办公室主任}
          - {id: zhao, name: 赵某, title: 科员}
        deliverables:
          - {id: info, title: 工作信息, owner: zhao, due: 2026-09-18}
    """

    code = "AM101"
    name = "person-unused"
    group = Group.STRUCTURE
    severity = Severity.INFO
    summary = Text(
        "名单上的人在计划中没有任何分工", "a person on the roster has no part in the plan"
    )
    message = Text(
        "「{name}」（{id}）在计划中没有任何分工",
        "'{name}' ({id}) has no part anywhere in the plan",
    )
    hint = Text(
        "安排为某项活动的负责人（lead）或工作人员（staff）、材料的负责人（owner），"
        "或从 people 中删去",
        "make them the lead or staff of an activity or the owner of a deliverable, or remove "
        "them from people",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        used = ctx.referenced_people
        for i, person in enumerate(ctx.plan.people):
            if person.id not in used:
                yield self.report(ctx, ("people", i), name=person.name, id=person.id)


@register
class ProgramUnused(Rule):
    """An adopted program has nothing in the plan that refers to it.

    Nothing fulfils any of its items (``fulfills:``); for a coverage program (八进) no
    activity reaches any of its sectors (``sector:``); for a pairing program (十结对) no
    pair has any of its kinds. AM401 and AM403 still report the program as an error (one
    finding for the whole program, not one per item); this rule makes the larger point
    that it was adopted and then not planned at all — often a program adopted by mistake,
    or the wrong variant of a name (六个一@社区服务 for 六个一@学校).

    Why: ``programs:`` is what an inspection reads first; a program listed there with
    nothing behind it is a promise the plan does not even begin to keep.

    Fails:
        programs: [六个一@学校]

    Passes:
        programs: [六个一@学校]
        activities:
          - {id: art, title: 书画展, fulfills: 六个一@学校/书画展, date: 2026-09-10, lead: wang}
    """

    code = "AM102"
    name = "program-unused"
    group = Group.STRUCTURE
    severity = Severity.WARNING
    summary = Text("采用了项目却没有任何相应安排", "an adopted program with nothing planned for it")
    message = Text(
        "计划采用了「{program}」，但没有任何{what}对应它的 {total} {unit}",
        "the plan adopts '{program}', but no {what} refers to any of its {total} {unit}",
    )
    hint = Text(
        "若本单位不开展该项目，从 programs 中删去；否则{how}",
        "if the unit does not run this program, remove it from programs; otherwise {how}",
    )
    variant_hint = Text(
        "计划中的活动对应的是同名的 {other}：是否应采用它而不是 {program}？",
        "the plan's activities fulfil items of {other}, another variant of the name: adopt "
        "that instead of {program}?",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        programs = adopted(ctx)
        progress = Progress(ctx, programs)
        idle = [entry for entry in programs if entry.program.id not in progress.touched]
        if not idle:
            return
        adopted_ids = {entry.program.id for entry in programs}
        elsewhere = {
            ref.program.id: ref.program
            for ref in references(ctx)
            if ref.program.id not in adopted_ids
        }
        for entry in idle:
            program = entry.program
            siblings = [
                other.id
                for other in elsewhere.values()
                if name_key(other.name) == name_key(program.name)
            ]
            what, unit = _wording(program)
            finding = self.report(
                ctx,
                entry.path,
                hint=self.variant_hint if siblings else None,
                program=program.id,
                total=len(program.items),
                what=what,
                unit=unit,
                how=how_to_plan(program),
                other=listing(siblings),
            )
            yield finding


def _wording(program: Program) -> tuple[Text, Text]:
    """What could refer to the program's items, and what its items are called."""
    if program.kind == "coverage":
        return Text("活动", "activity"), Text("个领域", "sectors")
    if program.kind == "pairing":
        return Text("结对或活动", "pair or activity"), Text("种结对", "kinds of pair")
    return Text("活动或材料", "activity or deliverable"), Text("项", "items")


@register
class Unscheduled(Rule):
    """An activity has no time: no ``date``, ``start`` or ``repeat``.

    Cancelled activities are left alone. Deliverables without ``due`` are AM404's
    business.

    Why: an activity without a time is on nobody's calendar, in no reminder and in no
    ledger week; it cannot happen, and the checks of dates, people and rooms cannot see it.

    Fails:
        activities:
          - {id: talk, title: 社区宣讲, lead: wang}

    Passes:
        activities:
          - {id: talk, title: 社区宣讲, date: 2026-09-16, lead: wang}
    """

    code = "AM103"
    name = "unscheduled"
    group = Group.STRUCTURE
    severity = Severity.WARNING
    summary = Text("活动没有安排时间", "activity without a time")
    message = Text(
        "「{title}」没有安排时间（没有 date、start 或 repeat），不会进入日程",
        "'{title}' has no time (no date, start or repeat), so it is on no schedule",
    )
    hint = Text(
        "写上 date（全天）、start（具体时刻）或 repeat（重复）；不再举办的改为 status: cancelled",
        "give it date (all day), start (a time) or repeat (a series); if it will not be held, "
        "set status: cancelled",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        for item_id in ctx.schedule.unscheduled:
            ref = ctx.items.get(item_id)
            if ref is None or not isinstance(ref.item, Activity):
                continue
            if ref.item.status != Status.CANCELLED:
                yield self.report(ctx, ref.path, title=ref.item.title)
