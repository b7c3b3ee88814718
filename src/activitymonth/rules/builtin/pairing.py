"""Pairing rules (结对认亲): every cadre in scope is paired, each pair is visited on its
rhythm, and no cadre holds more households than they can visit.

All of them read the plan's ``pairs`` and ``pairing`` policy; the planned visit dates
are the pairs' ``visits``. What actually happened is the ledger's business.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import Field

from activitymonth.calendar.recurrence import Recurrence
from activitymonth.i18n import Text, day_text
from activitymonth.model import Pair, PairingPolicy, Plan
from activitymonth.rules.builtin.staffing import person_text
from activitymonth.rules.context import Context
from activitymonth.rules.finding import Finding, Group, ModelPath, Severity
from activitymonth.rules.rule import Options, Rule, register

NOTHING = Text("", "")
_ONE_DAY = timedelta(days=1)


def household_text(pair: Pair) -> Text:
    """The household as the registry names it: 买某某家（某镇石榴籽村）."""
    village = pair.household.village
    name = pair.household.name
    if not village:
        return Text(f"「{name}」", f"'{name}'")
    return Text(f"「{name}」（{village}）", f"'{name}' ({village})")


def cadres_in_scope(plan: Plan, policy: PairingPolicy) -> list[str]:
    """Ids of the roster people ``policy`` says must be paired: everyone for ``all``
    (in roster order), else the listed ids that are on the roster (in the list's order).

    ``activitymonth pairs suggest`` uses it too, so that it proposes households for
    exactly the cadres this rule would report."""
    if policy.cadres == "all":
        return [person.id for person in plan.people]
    return [i for i in dict.fromkeys(policy.cadres) if i in plan.people_by_id]


@register
class CadreUnpaired(Rule):
    """A cadre who must be paired (``pairing.cadres``: ``all`` for everyone on the roster,
    or a list of ids) has no pair in ``pairs``.

    Silent when the plan sets no ``pairing`` policy. Ids in the list that are not on the
    roster are the unknown-person rule's business.

    Why: 不少一人 — the pairing campaign asks for every cadre to be paired, leaders first,
    by a deadline; the registry is inspected for the names that are missing.

    Fails:
        pairing: {deadline: 2026-09-30, cadres: [wang, li]}
        pairs:
          - {cadre: wang, household: {name: 某户, village: 某村}}

    Passes:
        pairing: {deadline: 2026-09-30, cadres: [wang, li]}
        pairs:
          - {cadre: wang, household: {name: 某户, village: 某村}}
          - {cadre: li, household: {name: 另一户, village: 某村}}
    """

    code = "AM501"
    name = "cadre-unpaired"
    group = Group.PAIRING
    severity = Severity.ERROR
    summary = Text("须结对的干部还没有结对", "a cadre who must be paired has no pair")
    message = Text("{person}还没有结对{deadline}", "{person} has no pair yet{deadline}")
    hint = Text(
        "在 pairs 中为其添加结对户：- {{cadre: {id}, household: {{name: …, village: …}}}}",
        "add a pair for them to pairs: - {{cadre: {id}, household: {{name: …, village: …}}}}",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        policy = ctx.plan.pairing
        if policy is None:
            return
        roster = {person.id: i for i, person in enumerate(ctx.plan.people)}
        paired = {pair.cadre for pair in ctx.plan.pairs}
        deadline = (
            Text(
                f"（须在 {day_text(policy.deadline).zh} 前完成结对）",
                f" (all must be paired by {day_text(policy.deadline).en})",
            )
            if policy.deadline
            else NOTHING
        )
        for person_id in cadres_in_scope(ctx.plan, policy):
            if person_id not in paired:
                yield self.report(
                    ctx,
                    ("people", roster[person_id]),
                    person=person_text(ctx.plan, person_id),
                    deadline=deadline,
                    id=person_id,
                )


@dataclass(frozen=True, slots=True)
class _Gap:
    """Too long without a visit: from ``first`` to ``second``; ``index`` is the visit
    (in the plan's order) that ends the gap, or the last one when the window ends it
    (None when no planned visit falls between the start and the window's end)."""

    first: date
    second: date
    first_what: Text
    second_what: Text
    due: date
    index: int | None

    @property
    def days(self) -> int:
        return (self.second - self.first).days


VISIT = Text("（走访）", " (visit)")
PAIRED = Text("（结对）", " (paired)")
WINDOW_START = Text("（活动开始）", " (start of the window)")
WINDOW_END = Text("（活动结束）", " (end of the window)")


def _gaps(plan: Plan, pair: Pair, rhythm: Recurrence) -> list[_Gap]:
    """Every stretch of the window longer than the rhythm allows without a visit: from
    the start (the window's, or ``since`` when later) to the first visit, between
    visits, and from the last visit to the end of the window. A stretch is too long
    when the next visit was due (the last one plus the rhythm's longest gap) on a day
    inside the window and did not come by then."""
    window = plan.window
    start = plan.pair_start(pair)
    start_what = WINDOW_START if start == window.start else PAIRED
    if start > window.end:
        return []
    gap = rhythm.max_gap()
    visits = sorted((day, j) for j, day in enumerate(pair.visits) if start <= day <= window.end)
    found: list[_Gap] = []
    before, before_what = start, start_what
    for day, j in visits:
        if day > before + gap:
            found.append(_Gap(before, day, before_what, VISIT, before + gap, j))
        before, before_what = day, VISIT
    if window.end + _ONE_DAY > before + gap:
        last = visits[-1][1] if visits else None
        found.append(_Gap(before, window.end, before_what, WINDOW_END, before + gap, last))
    return found


@register
class VisitRhythm(Rule):
    """A pair's planned ``visits`` leave a stretch longer than its rhythm allows.

    The rhythm is the pair's ``rhythm``, else the policy's ``pairing.rhythm``; pairs
    with neither are not checked, nor are pairs that plan no visits at all (a county
    with thousands of pairs records visits in the ledger as they happen, and checks
    their rhythm there). The stretches are measured from the window's start
    (or the pair's ``since``, when later) to the first visit, between visits, and from
    the last visit to the window's end; one finding per pair names the longest, at the
    visit that ends it (the last visit when the window's end does).

    Why: 每两个月至少走访一次 — the campaign's rhythm is a minimum for every household;
    a registry that plans two visits in October and none until the new year misses it
    in December, and the inspection counts the months.

    Fails:
        window: {start: 2026-09-01, end: 2026-12-31}
        pairing: {rhythm: 每两个月}
        pairs:
          - {cadre: wang, household: {name: 某户, village: 某村}, visits: [2026-09-05]}

    Passes:
        window: {start: 2026-09-01, end: 2026-12-31}
        pairing: {rhythm: 每两个月}
        pairs:
          - cadre: wang
            household: {name: 某户, village: 某村}
            visits: [2026-09-05, 2026-11-02, 2026-12-20]
    """

    code = "AM502"
    name = "visit-rhythm"
    group = Group.PAIRING
    severity = Severity.WARNING
    summary = Text("结对走访间隔超过规定节奏", "visits to a paired household too far apart")
    message = Text(
        "{person}结对的{household}从 {first}{first_what}到 {second}{second_what}相隔 "
        "{days} 天没有走访，超过「{rhythm}」的节奏{more}",
        "{household}, paired with {person}: {days} days without a visit from {first}"
        "{first_what} to {second}{second_what}, longer than '{rhythm}' allows{more}",
    )
    hint = Text(
        "在 {due} 前安排一次走访（写进该结对的 visits）",
        "plan a visit by {due} (add it to the pair's visits)",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        for i, pair in enumerate(ctx.plan.pairs):
            rhythm = ctx.plan.rhythm_of(pair)
            if rhythm is None or not pair.visits:
                continue
            gaps = _gaps(ctx.plan, pair, rhythm)
            if not gaps:
                continue
            worst = max(gaps, key=lambda gap: gap.days)
            path: ModelPath = ("pairs", i)
            more = (
                Text(f"（共 {len(gaps)} 处间隔过长）", f" ({len(gaps)} such stretches)")
                if len(gaps) > 1
                else NOTHING
            )
            yield self.report(
                ctx,
                path if worst.index is None else (*path, "visits", worst.index),
                person=person_text(ctx.plan, pair.cadre),
                household=household_text(pair),
                first=day_text(worst.first),
                first_what=worst.first_what,
                second=day_text(worst.second),
                second_what=worst.second_what,
                days=worst.days,
                rhythm=rhythm.describe(),
                due=day_text(worst.due),
                more=more,
            )


class PairLoadOptions(Options):
    max_households: int = Field(
        default=3,
        ge=1,
        description="Most households one cadre can be paired with and still visit on rhythm.",
    )


@register
class PairOverloaded(Rule):
    """A cadre is paired with more households than ``max_households`` (3).

    Reported once per cadre, at the first pair beyond the limit.

    Why: every pair is visited on a rhythm and known in four ways (四个清楚: family,
    goals, skills, needs); a cadre with too many households visits all of them on paper.

    Fails:
        pairs:
          - {cadre: wang, household: {name: 甲户, village: 某村}}
          - {cadre: wang, household: {name: 乙户, village: 某村}}
          - {cadre: wang, household: {name: 丙户, village: 某村}}
          - {cadre: wang, household: {name: 丁户, village: 某村}}

    Passes:
        pairs:
          - {cadre: wang, household: {name: 甲户, village: 某村}}
          - {cadre: wang, household: {name: 乙户, village: 某村}}
          - {cadre: wang, household: {name: 丙户, village: 某村}}
          - {cadre: li, household: {name: 丁户, village: 某村}}
    """

    code = "AM503"
    name = "pair-overloaded"
    group = Group.PAIRING
    severity = Severity.WARNING
    summary = Text("一名干部结对户数过多", "a cadre is paired with too many households")
    message = Text(
        "{person}结对了 {count} 户（{households}），超过每人最多 {limit} 户",
        "{person} is paired with {count} households ({households}), more than {limit}",
    )
    hint = Text(
        "把多出的 {extra} 户改由其他干部结对（改 cadre）",
        "pair the {extra} extra household(s) with other cadres (change cadre)",
    )
    Options = PairLoadOptions

    def check(self, ctx: Context, options: PairLoadOptions) -> Iterator[Finding]:
        by_cadre: dict[str, list[int]] = defaultdict(list)
        for i, pair in enumerate(ctx.plan.pairs):
            by_cadre[pair.cadre].append(i)
        limit = options.max_households
        for cadre, indexes in by_cadre.items():
            if len(indexes) <= limit:
                continue
            households = [household_text(ctx.plan.pairs[i]) for i in indexes]
            yield self.report(
                ctx,
                ("pairs", indexes[limit], "cadre"),
                person=person_text(ctx.plan, cadre),
                count=len(indexes),
                households=Text.join(households, "、", ", "),
                limit=limit,
                extra=len(indexes) - limit,
            )
