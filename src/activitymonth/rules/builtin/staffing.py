"""Staffing rules: someone answers for every item, everyone named is on the roster, nobody
is in two places at once, away when needed or overloaded, the leading group exists and
leads, and every role of an event is filled.

Two helpers come first: ``person_text`` (a person as every message names them, shared
with the pairing rules) and ``parts`` (where an activity names each person, and as what),
so that a finding about a person points at the line that names them. Cancelled
activities take nobody's time and are left out throughout.
"""

from __future__ import annotations

import difflib
import heapq
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import Field

from activitymonth.i18n import Text, day_text
from activitymonth.load.references import person_references
from activitymonth.model import Activity, Away, Person, Plan, Status
from activitymonth.model.types import format_duration
from activitymonth.rules.booking import DoubleBookedOptions, venue_key
from activitymonth.rules.builtin.dates import suggestion
from activitymonth.rules.context import Context
from activitymonth.rules.finding import Edit, Finding, Fix, Group, ModelPath, Severity
from activitymonth.rules.rule import Options, Rule, fill_template, register
from activitymonth.schedule import ItemKind, Occurrence

_NOTHING = Text("", "")
_LEAD = Text("负责人", "lead")
_STAFF = Text("工作人员", "staff")
_LISTED = 5
"""How many activities an over-load finding names."""
_NEAR = 0.6
"""How alike (difflib ratio) a written id must be to a roster id to be offered as a fix."""


def person_text(plan: Plan, person_id: str) -> Text:
    """``王某（wang）``: the name people know and the id the plan uses."""
    person = plan.person(person_id)
    if person is None or person.name == person_id:
        return Text(person_id, person_id)
    return Text(f"{person.name}（{person_id}）", f"{person.name} ({person_id})")


@dataclass(frozen=True, slots=True)
class Part:
    """Where an activity names a person (``lead``, a ``staff`` entry, a role's ``people``
    entry) and what that makes them (负责人, 工作人员, 主持人)."""

    path: ModelPath
    label: Text


def parts(activity: Activity, path: ModelPath) -> dict[str, Part]:
    """Each person of ``activity`` at their first mention, in ``Activity.people`` order."""
    found: dict[str, Part] = {}
    if activity.lead:
        found[activity.lead] = Part((*path, "lead"), _LEAD)
    for j, person in enumerate(activity.staff):
        found.setdefault(person, Part((*path, "staff", j), _STAFF))
    for j, slot in enumerate(activity.roles):
        for k, person in enumerate(slot.people):
            found.setdefault(
                person, Part((*path, "roles", j, "people", k), Text(slot.role, slot.role))
            )
    return found


def _live_activities(ctx: Context) -> dict[str, tuple[ModelPath, Activity]]:
    """Activities that will take place (not cancelled), by id, with their paths."""
    return {
        ref.item.id: (ref.path, ref.item)
        for ref in ctx.items.values()
        if isinstance(ref.item, Activity) and ref.item.status != Status.CANCELLED
    }


def _attendance(ctx: Context) -> Iterator[tuple[str, list[Occurrence]]]:
    """Each person's occurrences of live activities, in time order."""
    live = _live_activities(ctx)
    for person, occurrences in ctx.occurrences_by_person.items():
        mine = [o for o in occurrences if o.kind == ItemKind.ACTIVITY and o.item_id in live]
        if mine:
            yield person, mine


def _one_off_remedy(
    ctx: Context, occurrences: tuple[Occurrence, ...], fallback: Text
) -> tuple[Text, Fix | None]:
    """Move the first one-off item among ``occurrences`` to the nearest valid day (the
    solver finds everyone present and free); a series has no single date to move, so
    only ``fallback`` is said."""
    for occurrence in occurrences:
        ref = ctx.items.get(occurrence.item_id)
        if ref is None or not isinstance(ref.item, Activity) or ref.item.is_recurring:
            continue
        hint, fix = suggestion(ctx, occurrence)
        named = Text(f"「{occurrence.title}」", f"'{occurrence.title}': ")
        if fix is not None:
            fix = Fix(named + fix.description, fix.edits, fix.applicability)
        return fallback + Text("；或改期：", "; or move ") + named + hint, fix
    return fallback, None


@register
class NoLead(Rule):
    """An activity has no ``lead``, or a deliverable has no ``owner``.

    Cancelled items are left alone.

    Why: an item everyone is responsible for is an item nobody does; the inspection
    (督查) asks who answers for each one, and the ledger needs a name for each record.

    Fails:
        activities:
          - {id: talk, title: 社区宣讲, date: 2026-09-16, staff: [li]}

    Passes:
        activities:
          - {id: talk, title: 社区宣讲, date: 2026-09-16, lead: li}
    """

    code = "AM301"
    name = "no-lead"
    group = Group.STAFFING
    severity = Severity.ERROR
    summary = Text("活动或材料没有负责人", "activity or deliverable without anyone responsible")
    message = Text("「{title}」没有负责人（{field}）", "'{title}' has no one responsible ({field})")
    hint = Text(
        "写上 {field}: 人员编号（people 中的 id）{candidates}",
        "add {field}: with a person's id from people{candidates}",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        for i, activity in enumerate(ctx.plan.activities):
            if activity.lead is None and activity.status != Status.CANCELLED:
                candidates = (
                    Text(
                        f"，如工作人员中的 {'、'.join(activity.staff)}",
                        f", e.g. one of the staff: {', '.join(activity.staff)}",
                    )
                    if activity.staff
                    else _NOTHING
                )
                yield self.report(
                    ctx,
                    ("activities", i),
                    title=activity.title,
                    field="lead",
                    candidates=candidates,
                )
        for i, deliverable in enumerate(ctx.plan.deliverables):
            if deliverable.owner is None and deliverable.status != Status.CANCELLED:
                yield self.report(
                    ctx,
                    ("deliverables", i),
                    title=deliverable.title,
                    field="owner",
                    candidates=_NOTHING,
                )


_ORGANISATION_ROLES = {
    ("leading_group", "leader"): Text("领导小组组长", "the leading group's head"),
    ("leading_group", "deputies"): Text("领导小组副组长", "a deputy head of the leading group"),
    ("leading_group", "members"): Text("领导小组成员", "a leading group member"),
    ("office", "director"): Text("领导小组办公室主任", "the office director"),
    ("office", "deputies"): Text("领导小组办公室副主任", "a deputy office director"),
    ("office", "members"): Text("领导小组办公室成员", "an office member"),
}


def _reference_role(plan: Plan, path: ModelPath) -> Text:
    """What a person reference at ``path`` makes them, naming the item it belongs to."""
    match path:
        case ("organization", "subgroups", int(i), field_name, *_):
            name = plan.organization.subgroups[i].name
            what = Text("组长", "head") if field_name == "leader" else Text("成员", "a member")
            return Text(f"分组「{name}」的{what.zh}", f"{what.en} of sub-group '{name}'")
        case ("organization", body, role, *_) if (body, role) in _ORGANISATION_ROLES:
            return _ORGANISATION_ROLES[(str(body), str(role))]
        case ("activities", int(i), "materials", int(j), "owner"):
            activity = plan.activities[i]
            material = activity.materials[j].name
            return Text(
                f"「{activity.title}」所需「{material}」的负责人",
                f"owner of '{material}' for '{activity.title}'",
            )
        case ("activities", int(i), "lead" | "staff" as field_name, *_):
            title = plan.activities[i].title
            label = _LEAD if field_name == "lead" else _STAFF
            return Text(f"「{title}」的{label.zh}", f"{label.en} of '{title}'")
        case ("activities", int(i), "roles", int(j), *_):
            activity = plan.activities[i]
            role = activity.roles[j].role
            return Text(f"「{activity.title}」的{role}", f"{role} of '{activity.title}'")
        case ("deliverables", int(i), "owner"):
            title = plan.deliverables[i].title
            return Text(f"「{title}」的负责人", f"owner of '{title}'")
        case ("pairs", int(i), "cadre"):
            household = plan.pairs[i].household.name
            return Text(f"结对户「{household}」的结对干部", f"cadre paired with '{household}'")
        case ("pairing", "cadres", *_):
            return Text("须结对的干部", "a cadre to be paired")
    return Text("引用的人员", "a person referenced here")


@register
class UnknownPerson(Rule):
    """A lead, staff entry, role holder, owner, cadre or organisation member is not on the
    roster (``people``).

    The loader refuses such a plan file (AM006); a plan built in Python reaches the rules
    and gets this finding at each dangling reference instead. When the roster has a
    person of that name (a name written where the id belongs) or an id close to the one
    written, the finding offers it as an unsafe fix: a guess to confirm.

    Why: every reference is how the plan finds a person's calendar, phone and workload; a
    name that is not on the roster is a typo or someone who was never added, and that
    part of the work has nobody.

    Fails:
        activities:
          - {id: talk, title: 社区宣讲, date: 2026-09-16, lead: wnag}

    Passes:
        activities:
          - {id: talk, title: 社区宣讲, date: 2026-09-16, lead: wang}
    """

    code = "AM302"
    name = "unknown-person"
    group = Group.STAFFING
    severity = Severity.ERROR
    summary = Text("引用的人员不在人员名单中", "a referenced person is not on the roster")
    message = Text(
        "{role}“{ref}”不在人员名单（people）中",
        "'{ref}', {role}, is not on the roster (people)",
    )
    hint = Text(
        "在 people 中添加 {ref}，或改成名单上的人",
        "add {ref} to people, or name someone on the roster",
    )
    near_hint = Text("是不是 {near}？", "did you mean {near}?")

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        plan = ctx.plan
        for path, ref in person_references(plan):
            if ref in plan.people_by_id:
                continue
            near = _nearest_person(plan, ref)
            fix = (
                Fix(
                    Text(f"改为 {near}", f"replace with {near}"),
                    (Edit(path, near),),
                    applicability="unsafe",
                )
                if near
                else None
            )
            yield self.report(
                ctx,
                path,
                hint=self.near_hint if near else None,
                fix=fix,
                role=_reference_role(plan, path),
                ref=ref,
                near=person_text(plan, near) if near else _NOTHING,
            )


def _nearest_person(plan: Plan, ref: str) -> str | None:
    """The roster id meant by ``ref``: the person of that name (the name written where
    the id belongs is a common slip), else the closest id, if any is close enough."""
    for person in plan.people:
        if person.name == ref:
            return person.id
    near = difflib.get_close_matches(ref, list(plan.people_by_id), n=1, cutoff=_NEAR)
    return near[0] if near else None


@dataclass(order=True, frozen=True, slots=True)
class _Slot:
    """A person's time at one occurrence; ``order`` (the activity's place in the plan)
    breaks ties between equal starts, so "the later one" is well defined."""

    start: datetime
    order: int
    end: datetime = field(compare=False)
    venue: str | None = field(compare=False)
    occurrence: Occurrence = field(compare=False)


@dataclass(slots=True)
class _Clash:
    later: Occurrence
    earlier: Occurrence
    gap: timedelta | None
    """None when the two overlap; else the too short time between them."""
    count: int = 1


def _moment(value: datetime | date, zone: ZoneInfo) -> datetime:
    """An all-day bound (a date) as midnight on the plan's clock."""
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time.min, zone)


def _clock_span(occurrence: Occurrence, zone: ZoneInfo) -> Text:
    """The occurrence's hours (``09:00–11:00``), or its days when it lasts all day."""
    if occurrence.all_day:
        if occurrence.last_day == occurrence.day:
            return Text("全天", "all day")
        last = occurrence.last_day.isoformat()
        return Text(f"全天，至 {last}", f"all day, until {last}")
    assert isinstance(occurrence.start, datetime) and isinstance(occurrence.end, datetime)
    start, end = occurrence.start.astimezone(zone), occurrence.end.astimezone(zone)
    until = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%Y-%m-%d %H:%M}"
    return Text(f"{start:%H:%M}–{until}", f"{start:%H:%M}–{until}")


def _gap_text(gap: timedelta | None) -> Text:
    """The time between two activities, as the travel message says it."""
    if not gap:
        return Text("立即就要", "no time")
    shown = format_duration(gap)
    return Text(f"只有 {shown} ", f"only {shown}")


def _sweep(slots: list[_Slot], buffer: timedelta) -> Iterator[tuple[_Slot, _Slot]]:
    """Every pair of one person's slots (sorted by start) that is too close, as (later,
    earlier): the slots still running (plus the buffer) are kept in a heap by end, so the
    cost is O(n log n) plus the close pairs, never all pairs."""
    running: list[tuple[datetime, int, _Slot]] = []
    for seq, slot in enumerate(slots):
        while running and running[0][0] <= slot.start:
            heapq.heappop(running)
        for _, _, earlier in sorted(running, key=lambda entry: entry[1]):
            if earlier.occurrence.item_id == slot.occurrence.item_id:
                continue
            apart = earlier.venue is not None and slot.venue is not None
            if slot.start < earlier.end or (apart and earlier.venue != slot.venue):
                yield slot, earlier
        heapq.heappush(running, (slot.end + buffer, seq, slot))


@register
class DoubleBooked(Rule):
    """Someone is in two activities at once (as lead, staff or role holder), or has too
    little time to travel between two places.

    Partial overlaps count. Between activities at different places (``location``) a
    person needs the ``travel_buffer`` (30 minutes unless configured); at the same place
    (or where a location is not given) back to back is fine. An all-day item (a banner display, an
    exhibition) does not keep its people from other work unless ``all_day_blocks`` is
    set. Each pair of activities is reported once per person, at the line that names
    the person in the one that starts later, however often two series meet. Cancelled
    activities are left out.

    Why: the head of a unit is the lead of half the month's events; two of them at the
    same hour means one is held without its lead, found out on the day.

    Fails:
        activities:
          - {id: mobilize, title: 动员会, start: 2026-09-01 09:00, duration: 2h, lead: wang}
          - {id: study, title: 专题学习, start: 2026-09-01 10:30, duration: 1h, lead: wang}

    Passes:
        activities:
          - {id: mobilize, title: 动员会, start: 2026-09-01 09:00, duration: 2h, lead: wang}
          - {id: study, title: 专题学习, start: 2026-09-01 10:30, duration: 1h, lead: li}

    Fixed:
        activities:
          - {id: mobilize, title: 动员会, start: 2026-09-01 09:00, duration: 2h, lead: wang}
          - {id: study, title: 专题学习, start: 2026-09-02 10:30, duration: 1h, lead: wang}
    """

    code = "AM303"
    name = "double-booked"
    group = Group.STAFFING
    severity = Severity.ERROR
    summary = Text("同一人同一时间安排了两项活动", "a person booked for two activities at once")
    message = Text(
        "{person}是「{title}」（{day} {when}）的{part}，同时又要参加「{other}」"
        "（{other_when}）{more}",
        "{person}, {part} of '{title}' ({day} {when}), is due at '{other}' ({other_when}) "
        "at the same time{more}",
    )
    travel = Text(
        "{person}是「{title}」（{day} {when}，{place}）的{part}，但「{other}」（{other_when}，"
        "{other_place}）结束后{gap}赶过去，路上需要 {buffer}{more}",
        "{person}, {part} of '{title}' ({day} {when}, {place}), has {gap} to get there "
        "after '{other}' ({other_when}, {other_place}); the journey needs {buffer}{more}",
    )
    fallback = Text(
        "把其中一项改到别的时间，或另请他人担任{part}",
        "move one of them to another time, or give the part of {part} to someone else",
    )
    Options = DoubleBookedOptions

    def check(self, ctx: Context, options: DoubleBookedOptions) -> Iterator[Finding]:
        zone = ctx.plan.zone
        live = _live_activities(ctx)
        order = {activity_id: i for i, activity_id in enumerate(live)}
        venues = {
            activity_id: venue_key(activity.location) if activity.location else None
            for activity_id, (_, activity) in live.items()
        }
        clashes: dict[tuple[str, str, str], tuple[str, _Clash]] = {}
        for person, occurrences in _attendance(ctx):
            slots = sorted(
                _Slot(
                    _moment(o.start, zone),
                    order[o.item_id],
                    _moment(o.end, zone),
                    venues[o.item_id],
                    o,
                )
                for o in occurrences
                if options.all_day_blocks or not o.all_day
            )
            for later, earlier in _sweep(slots, options.travel_buffer):
                a, b = later.occurrence.item_id, earlier.occurrence.item_id
                key = (person, *sorted((a, b)))
                if key in clashes:
                    clashes[key][1].count += 1
                    continue
                gap = None if later.start < earlier.end else later.start - earlier.end
                clashes[key] = (person, _Clash(later.occurrence, earlier.occurrence, gap))
        for person, clash in clashes.values():
            yield self._finding(ctx, options, live, person, clash)

    def _finding(
        self,
        ctx: Context,
        options: DoubleBookedOptions,
        live: dict[str, tuple[ModelPath, Activity]],
        person: str,
        clash: _Clash,
    ) -> Finding:
        zone = ctx.plan.zone
        path, activity = live[clash.later.item_id]
        part = parts(activity, path)[person]
        _, other = live[clash.earlier.item_id]
        fallback = fill_template(self.fallback, {"part": part.label})
        hint, fix = _one_off_remedy(ctx, (clash.later, clash.earlier), fallback)
        more = (
            Text(f"（共 {clash.count} 次）", f" ({clash.count} times)")
            if clash.count > 1
            else _NOTHING
        )
        return self.report(
            ctx,
            part.path,
            message=self.message if clash.gap is None else self.travel,
            hint=hint,
            fix=fix,
            detail=clash.earlier.item_id,
            person=person_text(ctx.plan, person),
            part=part.label,
            title=clash.later.title,
            day=day_text(clash.later.day),
            when=_clock_span(clash.later, zone),
            other=clash.earlier.title,
            other_when=day_text(clash.earlier.day)
            + Text(" ", " ")
            + _clock_span(clash.earlier, zone),
            place=activity.location or "",
            other_place=other.location or "",
            gap=_gap_text(clash.gap),
            buffer=format_duration(options.travel_buffer),
            more=more,
        )


@dataclass(slots=True)
class _Absence:
    """An activity that falls in an absence (``away``): its first such occurrence, the
    absence, and how many of the activity's occurrences fall in one."""

    occurrence: Occurrence
    away: Away
    count: int = 1


def _absences(person: Person, occurrences: list[Occurrence]) -> Iterator[_Absence]:
    """One ``_Absence`` per activity of ``occurrences`` that touches a day ``person`` is
    away."""
    found: dict[str, _Absence] = {}
    for occurrence in occurrences:
        away = next(
            (a for a in person.away if a.start <= occurrence.last_day and occurrence.day <= a.end),
            None,
        )
        if away is None:
            continue
        if occurrence.item_id in found:
            found[occurrence.item_id].count += 1
        else:
            found[occurrence.item_id] = _Absence(occurrence, away)
    yield from found.values()


@register
class ScheduledWhileAway(Rule):
    """Someone leads, staffs or holds a role in an activity on a day they are ``away``
    (出差, 学习, 休假).

    One finding per person and activity, naming the first day it happens and the reason
    for the absence. Cancelled activities are left out.

    Why: an absence is known when the plan is written; an event that needs someone who
    is at a training course is either moved now or held without them.

    Fails:
        people:
          - {id: wang, name: 王某, title: 局长, away: [{start: 2026-09-01, end: 2026-09-01,
             reason: 市里开会}]}
          - {id: li, name: 李某, title: 副局长}
          - {id: zhang, name: 张某, title: 办公室主任}

    Passes:
        people:
          - {id: wang, name: 王某, title: 局长, away: [{start: 2026-09-02, end: 2026-09-03,
             reason: 市里开会}]}
          - {id: li, name: 李某, title: 副局长}
          - {id: zhang, name: 张某, title: 办公室主任}

    Fixed:
        people:
          - {id: wang, name: 王某, title: 局长, away: [{start: 2026-09-01, end: 2026-09-01,
             reason: 市里开会}]}
          - {id: li, name: 李某, title: 副局长}
          - {id: zhang, name: 张某, title: 办公室主任}
        activities:
          - {id: mobilize, title: 动员会, start: 2026-09-02 09:00, duration: 2h, lead: wang,
             staff: [li, zhang]}
    """

    code = "AM304"
    name = "scheduled-while-away"
    group = Group.STAFFING
    severity = Severity.ERROR
    summary = Text("人员外出期间被安排了活动", "a person is scheduled while away")
    message = Text(
        "{person}是「{title}」（{day}）的{part}，但{absent} {reason}，不在岗{more}",
        "{person}, {part} of '{title}' ({day}), is away {absent}: {reason}{more}",
    )
    fallback = Text(
        "另请他人担任{part}，或避开{absent}",
        "give the part of {part} to someone else, or plan it outside the absence ({absent})",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        live = _live_activities(ctx)
        for person_id, occurrences in _attendance(ctx):
            person = ctx.plan.person(person_id)
            if person is None or not person.away:
                continue
            for absence in _absences(person, occurrences):
                occurrence, away = absence.occurrence, absence.away
                path, activity = live[occurrence.item_id]
                part = parts(activity, path)[person_id]
                span = {"part": part.label, "absent": _absent_text(away.start, away.end)}
                hint, fix = _one_off_remedy(ctx, (occurrence,), fill_template(self.fallback, span))
                yield self.report(
                    ctx,
                    part.path,
                    hint=hint,
                    fix=fix,
                    person=person_text(ctx.plan, person_id),
                    title=occurrence.title,
                    day=day_text(max(occurrence.day, away.start)),
                    reason=away.reason or Text("外出", "reason not given"),
                    more=(
                        Text(
                            f"（该重复安排共 {absence.count} 次如此）",
                            f" ({absence.count} occurrences of the series)",
                        )
                        if absence.count > 1
                        else _NOTHING
                    ),
                    **span,
                )


def _absent_text(start: date, end: date) -> Text:
    """An absence as `` 2026-09-01 周二`` or `` 2026-09-01 周二 至 2026-09-03 周四``."""
    first = day_text(start)
    if end == start:
        return Text(f" {first.zh}", f"on {first.en}")
    last = day_text(end)
    return Text(f" {first.zh} 至 {last.zh}", f"from {first.en} to {last.en}")


class LoadOptions(Options):
    max_per_day: int = Field(
        default=3, ge=1, description="Most activities one person leads or staffs on a day."
    )
    max_per_week: int = Field(
        default=12,
        ge=1,
        description="Most activities one person leads or staffs in an ISO week (Mon–Sun).",
    )


def _titles(occurrences: list[Occurrence]) -> Text:
    """The activities that pile up, each once with how often it recurs (``「值班接待」×6``),
    the first few only."""
    counts = Counter(o.title for o in occurrences)
    shown = list(counts.items())[:_LISTED]
    rest = len(counts) - len(shown)
    zh = "、".join(f"「{t}」" + (f"×{n}" if n > 1 else "") for t, n in shown)
    en = ", ".join(f"'{t}'" + (f" ×{n}" if n > 1 else "") for t, n in shown)
    if rest:
        zh += f"等 {len(counts)} 项"
        en += f" and {rest} more"
    return Text(zh, en)


@register
class OverLoad(Rule):
    """Someone leads, staffs or holds a role in more activities than one person can do
    well: more than ``max_per_day`` (3) on one day or ``max_per_week`` (12) in one ISO
    week.

    Each occurrence counts on the day it starts. One finding per person and limit, at
    their roster entry, naming the busiest day (or week) and how many others exceed it.
    Cancelled activities are left out.

    Why: a plan that gives the whole month to the office director looks complete on
    paper and collapses in the second week; sharing the work is also how the month
    reaches every part of the unit.

    Fails:
        activities:
          - {id: a1, title: 动员会, start: 2026-09-01 09:00, duration: 1h, lead: wang}
          - {id: a2, title: 专题学习, start: 2026-09-01 10:30, duration: 1h, lead: wang}
          - {id: a3, title: 座谈会, start: 2026-09-01 14:30, duration: 1h, lead: wang}
          - {id: a4, title: 现场观摩, start: 2026-09-01 16:00, duration: 1h, lead: wang}

    Passes:
        activities:
          - {id: a1, title: 动员会, start: 2026-09-01 09:00, duration: 1h, lead: wang}
          - {id: a2, title: 专题学习, start: 2026-09-01 10:30, duration: 1h, lead: wang}
          - {id: a3, title: 座谈会, start: 2026-09-01 14:30, duration: 1h, lead: wang}
          - {id: a4, title: 现场观摩, start: 2026-09-02 16:00, duration: 1h, lead: wang}
    """

    code = "AM305"
    name = "over-load"
    group = Group.STAFFING
    severity = Severity.WARNING
    summary = Text("个人承担的活动过多", "a person has too many activities")
    message = Text(
        "{person}在{when}要负责或参加 {count} 项活动（{titles}），超过每{unit}最多 {limit} 项"
        "{more}",
        "{person} leads or staffs {count} activities {when} ({titles}), more than the "
        "{limit} a {unit} allows{more}",
    )
    hint = Text(
        "把其中几项交给其他人负责（lead）或参加（staff），或分散到其他{others}",
        "give some of them to other people (lead, staff) or spread them over other {others}",
    )
    Options = LoadOptions

    def check(self, ctx: Context, options: LoadOptions) -> Iterator[Finding]:
        roster = {person.id: i for i, person in enumerate(ctx.plan.people)}
        for person_id, occurrences in _attendance(ctx):
            if person_id not in roster:
                continue
            by_day: dict[date, list[Occurrence]] = defaultdict(list)
            by_week: dict[tuple[int, int], list[Occurrence]] = defaultdict(list)
            for occurrence in occurrences:
                by_day[occurrence.day].append(occurrence)
                by_week[occurrence.day.isocalendar()[:2]].append(occurrence)
            limits = (
                (Text("天", "day"), Text("日子", "days"), by_day, options.max_per_day),
                (Text("周", "week"), Text("周", "weeks"), by_week, options.max_per_week),
            )
            for unit, others, groups, limit in limits:
                over = [(key, found) for key, found in groups.items() if len(found) > limit]
                if not over:
                    continue
                key, busiest = max(over, key=lambda entry: len(entry[1]))
                yield self.report(
                    ctx,
                    ("people", roster[person_id]),
                    detail=unit.en,
                    person=person_text(ctx.plan, person_id),
                    when=_period_text(key),
                    count=len(busiest),
                    titles=_titles(busiest),
                    unit=unit,
                    others=others,
                    limit=limit,
                    more=(
                        Text(f"（共 {len(over)} {unit.zh}超出）", f" ({len(over)} {unit.en}s over)")
                        if len(over) > 1
                        else _NOTHING
                    ),
                )


def _period_text(key: date | tuple[int, int]) -> Text:
    """A day, or an ISO week with its Monday and Sunday."""
    if isinstance(key, date):
        shown = day_text(key)
        return Text(f" {shown.zh} ", f"on {shown.en}")
    year, week = key
    monday = date.fromisocalendar(year, week, 1)
    sunday = monday + timedelta(days=6)
    return Text(
        f" {year} 年第 {week} 周（{monday.isoformat()} 至 {sunday.isoformat()}）",
        f"in week {week} of {year} ({monday.isoformat()} to {sunday.isoformat()})",
    )


@register
class LeadingGroupIncomplete(Rule):
    """The organisation lacks a head: no 组长 of the leading group
    (``organization.leading_group.leader``), no director of its office
    (``organization.office.director``), or a sub-group without a leader.

    One finding per gap.

    Why: the plans of the campaign open with the leading group and its office; an
    inspection asks who heads it and who runs the daily work, and a sub-group responsible
    for a village needs one person who answers for it.

    Fails:
        organization:
          leading_group: {deputies: [li], members: [zhang]}
          office: {director: zhang}

    Passes:
        organization:
          leading_group: {leader: wang, deputies: [li], members: [zhang]}
          office: {director: zhang}
    """

    code = "AM306"
    name = "leading-group-incomplete"
    group = Group.STAFFING
    severity = Severity.ERROR
    summary = Text("领导小组、办公室或分组缺少负责人", "the organisation lacks a head")
    message = Text("{body}没有{head}", "{body} has no {head}")
    hint = Text(
        "在 {where} 写上 {field}: 人员编号（{who}）",
        "add {field}: with a person's id at {where} ({who})",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        organization = ctx.plan.organization
        if organization.leading_group.leader is None:
            yield self.report(
                ctx,
                ("organization", "leading_group", "leader"),
                body=Text("领导小组", "the leading group"),
                head=Text("组长", "head (组长)"),
                where="organization.leading_group",
                field="leader",
                who=Text(
                    "通常由单位主要负责人担任，如党委书记、局长",
                    "usually the unit's top official: party secretary, director",
                ),
            )
        if organization.office.director is None:
            yield self.report(
                ctx,
                ("organization", "office", "director"),
                body=Text("领导小组办公室", "the leading group's office"),
                head=Text("主任", "director"),
                where="organization.office",
                field="director",
                who=Text("负责日常工作的人", "the person running the daily work"),
            )
        for i, subgroup in enumerate(organization.subgroups):
            if subgroup.leader is None:
                yield self.report(
                    ctx,
                    ("organization", "subgroups", i),
                    body=Text(f"分组「{subgroup.name}」", f"sub-group '{subgroup.name}'"),
                    head=Text("组长", "leader"),
                    where=f"organization.subgroups[{subgroup.id}]",
                    field="leader",
                    who=Text(
                        f"对{subgroup.scope or '该组工作'}负总责的人",
                        f"the person answerable for {subgroup.scope or 'its work'}",
                    ),
                )


@register
class LeaderInactive(Rule):
    """A member of the leading group (组长, 副组长, 成员) leads or takes part in no
    activity and owns no deliverable.

    Taking part is being the lead, on the staff or in a role of an activity that is not
    cancelled.

    Why: 领导带头 — the campaign's plans ask leaders to go first (in pairing, in visits,
    in the mobilisation meeting); a leading group whose members appear nowhere in the
    month's work exists on paper only.

    Fails:
        organization:
          leading_group: {leader: wang, deputies: [li], members: [zhang]}
          office: {director: zhang}
        activities:
          - {id: mobilize, title: 动员会, start: 2026-09-01 09:00, duration: 2h, lead: wang,
             staff: [zhang]}

    Passes:
        organization:
          leading_group: {leader: wang, deputies: [li], members: [zhang]}
          office: {director: zhang}
        activities:
          - {id: mobilize, title: 动员会, start: 2026-09-01 09:00, duration: 2h, lead: wang,
             staff: [zhang]}
        deliverables:
          - {id: summary, title: 活动月工作总结, owner: li, due: 2026-09-29}
    """

    code = "AM307"
    name = "leader-inactive"
    group = Group.STAFFING
    severity = Severity.WARNING
    summary = Text("领导小组成员没有参与任何活动", "a leading group member takes part in nothing")
    message = Text(
        "{role}{person}没有负责或参加任何活动，也不负责任何材料",
        "{person}, {role}, leads or takes part in no activity and owns no deliverable",
    )
    hint = Text(
        "领导带头：让其负责（lead）或参加（staff）至少一项活动，如动员会或入户走访",
        "leaders go first: make them the lead or staff of at least one activity, such as "
        "the mobilisation meeting or a home visit",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        active: set[str] = set()
        for _, activity in _live_activities(ctx).values():
            active.update(activity.people)
        active.update(
            d.owner for d in ctx.plan.deliverables if d.owner and d.status != Status.CANCELLED
        )
        group = ctx.plan.organization.leading_group
        seen: set[str] = set()
        members = [("leader", None, group.leader)] if group.leader else []
        members += [("deputies", j, p) for j, p in enumerate(group.deputies)]
        members += [("members", j, p) for j, p in enumerate(group.members)]
        for role, j, person_id in members:
            if person_id in active or person_id in seen or person_id not in ctx.plan.people_by_id:
                continue
            seen.add(person_id)
            path: ModelPath = ("organization", "leading_group", role)
            yield self.report(
                ctx,
                path if j is None else (*path, j),
                role=_ORGANISATION_ROLES[("leading_group", role)],
                person=person_text(ctx.plan, person_id),
            )


@register
class RolesUnfilled(Rule):
    """A role of an activity names fewer ``people`` than its ``count`` (two 主持人 needed,
    one named).

    Cancelled activities are left alone.

    Why: the roles of an event (主持人, 音响, 秩序) are what makes it run; a slot left
    empty in the plan is filled in a hurry on the day, or not at all.

    Fails:
        activities:
          - id: mobilize
            title: 动员会
            start: 2026-09-01 09:00
            duration: 2h
            lead: wang
            roles: [{role: 主持人, count: 2, people: [li]}]

    Passes:
        activities:
          - id: mobilize
            title: 动员会
            start: 2026-09-01 09:00
            duration: 2h
            lead: wang
            roles: [{role: 主持人, count: 2, people: [li, zhang]}]
    """

    code = "AM308"
    name = "roles-unfilled"
    group = Group.STAFFING
    severity = Severity.ERROR
    summary = Text("活动的角色没有配齐人员", "a role of an activity is not filled")
    message = Text(
        "「{title}」需要 {count} 名{role}，只安排了 {named} 名{who}",
        "'{title}' needs {count} {role}, but names {named}{who}",
    )
    hint = Text(
        "在「{role}」的 people 中再添 {missing} 人；若不需要这么多，把 count 改为 {named}",
        "add {missing} more to the people of '{role}'; if fewer are needed, set count: {named}",
    )
    empty_hint = Text(
        "在「{role}」的 people 中写上 {missing} 人；不需要这个角色就删去它",
        "name {missing} in the people of '{role}', or remove the role if it is not needed",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        for i, activity in enumerate(ctx.plan.activities):
            if activity.status == Status.CANCELLED:
                continue
            for j, slot in enumerate(activity.roles):
                named = list(dict.fromkeys(slot.people))
                if len(named) >= slot.count:
                    continue
                yield self.report(
                    ctx,
                    ("activities", i, "roles", j),
                    hint=self.hint if named else self.empty_hint,
                    title=activity.title,
                    count=slot.count,
                    role=slot.role,
                    named=len(named),
                    who=Text(f"（{'、'.join(named)}）", f" ({', '.join(named)})")
                    if named
                    else _NOTHING,
                    missing=slot.count - len(named),
                )
