"""Ledger rules (台账): the plan held against what was recorded.

They run only when ``check`` is given the plan's ledger (``check --db URL``, or the
``plan.ledger.sqlite`` beside the plan) and read ``ctx.progress``, which
``activitymonth.tracking.track`` computes once from the database: the state of each
recorded occurrence with its figures, per-pair visit summaries, and the stretches between
visits from a window query. No rule here loads visit records into Python. Without a
ledger they are silent, and the plan-only rules (AM211, AM502) speak instead.

In the examples, each ``# ledger:`` line is a record as ``activitymonth done`` or
``activitymonth visit`` writes it (``{done: ITEM, date: …, participants: …}``,
``{visit: PAIR, date: …}``), and ``# today:`` the day they are judged on.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from activitymonth.i18n import Text, day_text
from activitymonth.model import Activity, Pair
from activitymonth.rules.builtin.pairing import (
    NOTHING,
    PAIRED,
    VISIT,
    WINDOW_END,
    WINDOW_START,
    household_text,
)
from activitymonth.rules.builtin.staffing import person_text
from activitymonth.rules.context import Context
from activitymonth.rules.finding import Finding, Group, ModelPath, Severity
from activitymonth.rules.rule import Options, Rule, register

if TYPE_CHECKING:  # tracking imports the rules: only its types are needed here
    from activitymonth.tracking import ItemProgress, OccurrenceProgress, PairProgress

_TODAY = Text("（今天）", " (today)")


def _plan_file(ctx: Context) -> str:
    """The plan as the user named it, for the commands the hints suggest."""
    return ctx.loaded.file if ctx.loaded is not None else "PLAN"


def _times(count: int, zh: str, en: str) -> Text:
    """``（共 3 次未记录）``: how many occurrences of one item a finding stands for."""
    if count <= 1:
        return NOTHING
    return Text(f"（共 {count} 次{zh}）", f" ({count} occurrences {en})")


@dataclass(frozen=True, slots=True)
class _TrackedPair:
    """A pair as the plan writes it, with its path and what the ledger says."""

    pair: Pair
    path: ModelPath
    progress: PairProgress
    today: date


def _tracked_pairs(ctx: Context) -> Iterator[_TrackedPair]:
    progress = ctx.progress
    if progress is None:
        return
    for tracked in progress.pairs:
        path = ctx.pair_paths.get(tracked.key)
        if path is not None:
            pair = ctx.plan.pairs[int(path[1])]
            yield _TrackedPair(pair, path, tracked, progress.today)


def _visit_command(ctx: Context, pair: PairProgress) -> str:
    return f"activitymonth visit {_plan_file(ctx)} {pair.key} --date DATE --mode 入户"


def _due_hint(ctx: Context, tracked: _TrackedPair) -> Text:
    """When the next visit is due (and how late that is), and how to record it."""
    today, due = tracked.today, tracked.progress.due
    command = _visit_command(ctx, tracked.progress)
    record = Text(f"走访后用 {command} 记录", f"record the visit with {command}")
    if due is None:
        return record
    if due >= today:
        return (
            Text(f"下次走访须在 {day_text(due).zh} 前；", f"visit by {day_text(due).en}; ") + record
        )
    late = (today - due).days
    return (
        Text(
            f"走访原定 {day_text(due).zh} 前，已过 {late} 天，请尽快走访；",
            f"a visit was due by {day_text(due).en}, {late} day(s) ago: visit soon; ",
        )
        + record
    )


@register
class NotRecordedDone(Rule):
    """An item's date has passed and the ledger has no done record for it.

    Runs only with a ledger. One finding per item, naming its earliest occurrence without
    a record (and how many a series has). Items the plan marks ``status: done`` count as
    done and ``cancelled`` ones are not expected; an item dated today is not late yet.
    With a ledger, this rule speaks instead of the plan-only AM211.

    Why: the ledger (台账) is what the summary report and an inspection (督查) count; an
    activity held but not recorded did not happen as far as they are concerned, and one
    not held needs someone to act.

    In the examples, ``# ledger:`` lines are the ledger's records (as ``activitymonth
    done`` and ``visit`` write them) and ``# today:`` the day they are judged on.

    Fails:
        # today: 2026-09-20
        # ledger: {done: talk, date: 2026-09-10}
        activities:
          - {id: talk, title: 宣讲, date: 2026-09-10, lead: wang}
          - {id: quiz, title: 知识竞赛, date: 2026-09-15, lead: li}

    Passes:
        # today: 2026-09-20
        # ledger: {done: talk, date: 2026-09-10}
        # ledger: {done: quiz, date: 2026-09-16, participants: 40}
        activities:
          - {id: talk, title: 宣讲, date: 2026-09-10, lead: wang}
          - {id: quiz, title: 知识竞赛, date: 2026-09-15, lead: li}
    """

    code = "AM701"
    name = "not-recorded-done"
    group = Group.LEDGER
    severity = Severity.WARNING
    summary = Text("日期已过的事项在台账中没有完成记录", "an item past its date has no done record")
    message = Text(
        "「{title}」原定于 {day}，已过 {days} 天，台账中没有完成记录{more}",
        "'{title}' was due {day}, {days} day(s) ago, and the ledger has no done record{more}",
    )
    hint = Text(
        "已办的用 {command} 记录；没办的改期，或设 status: cancelled",
        "if it was held, record it with {command}; if not, give it a new date or set "
        "status: cancelled",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        progress = ctx.progress
        if progress is None:
            return
        for item in progress.live_items:
            late = item.overdue(progress.today)
            ref = ctx.items.get(item.id)
            if not late or ref is None or late[0].day is None:
                continue
            first = late[0]
            yield self.report(
                ctx,
                ref.path,
                title=item.title,
                day=day_text(first.day),
                days=(progress.today - first.day).days,
                more=_times(len(late), "未记录", "without a record"),
                command=_done_command(ctx, item, first),
            )


def _done_command(ctx: Context, item: ItemProgress, occurrence: OccurrenceProgress) -> str:
    which = f" --occurrence {occurrence.day}" if item.planned > 1 else ""
    return f"activitymonth done {_plan_file(ctx)} {item.id} --date DATE{which}"


@register
class LedgerVisitGap(Rule):
    """The recorded visits of a pair leave a stretch longer than its rhythm allows.

    Runs only with a ledger, for pairs with a rhythm (their own ``rhythm``, else
    ``pairing.rhythm``) and at least one recorded visit; a pair never visited is AM703's.
    The stretches come from the database (a window query over each pair's visits): from
    the window's start (or ``since``) to the first visit, between visits, and from the
    last visit to today (or the window's end). One finding per pair names the longest.
    Withdrawn visits (``activitymonth undo``) do not count.

    Why: 每两个月至少走访一次 is a minimum for every household, and the visit records
    are what shows it; a cadre who visited in September and not again until December
    broke it in November, whatever the total.

    In the examples, ``# ledger:`` lines are the ledger's records (as ``activitymonth
    done`` and ``visit`` write them) and ``# today:`` the day they are judged on.

    Fails:
        # today: 2026-11-20
        # ledger: {visit: p1, date: 2026-09-05}
        window: {start: 2026-09-01, end: 2026-12-31}
        pairing: {rhythm: 每两个月}
        pairs:
          - {id: p1, cadre: wang, household: {name: 某户, village: 某村}}

    Passes:
        # today: 2026-11-20
        # ledger: {visit: p1, date: 2026-09-05}
        # ledger: {visit: p1, date: 2026-10-30}
        window: {start: 2026-09-01, end: 2026-12-31}
        pairing: {rhythm: 每两个月}
        pairs:
          - {id: p1, cadre: wang, household: {name: 某户, village: 某村}}
    """

    code = "AM702"
    name = "ledger-visit-gap"
    group = Group.LEDGER
    severity = Severity.WARNING
    summary = Text("台账中结对走访间隔超过规定节奏", "recorded visits of a pair too far apart")
    message = Text(
        "{person}结对的{household}从 {first}{first_what}到 {second}{second_what}相隔 "
        "{days} 天没有走访记录，超过「{rhythm}」的节奏{more}",
        "{household}, paired with {person}: {days} days without a recorded visit from "
        "{first}{first_what} to {second}{second_what}, longer than '{rhythm}' allows{more}",
    )
    hint = Text("{remedy}", "{remedy}")

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        for tracked in _tracked_pairs(ctx):
            state = tracked.progress
            if state.visits == 0 or not state.stretches or state.rhythm is None:
                continue
            first, second = max(state.stretches, key=lambda s: ((s[1] - s[0]).days, s))
            count = len(state.stretches)
            yield self.report(
                ctx,
                tracked.path,
                person=person_text(ctx.plan, state.cadre),
                household=household_text(tracked.pair),
                first=day_text(first),
                first_what=_start_label(tracked, first)
                if first == state.start and first != state.first
                else VISIT,
                second=day_text(second),
                second_what=_end_label(ctx, tracked)
                if second == state.until and second != state.last
                else VISIT,
                days=(second - first).days,
                rhythm=state.rhythm.describe(),
                more=Text(f"（共 {count} 处间隔过长）", f" ({count} such stretches)")
                if count > 1
                else NOTHING,
                remedy=_due_hint(ctx, tracked),
            )


def _start_label(tracked: _TrackedPair, start: date) -> Text:
    """What the first stretch is counted from: the pairing (``since``) or the window."""
    return PAIRED if tracked.pair.since == start else WINDOW_START


def _end_label(ctx: Context, tracked: _TrackedPair) -> Text:
    """The last stretch runs to today, or to the window's end once it is over."""
    return WINDOW_END if tracked.today > ctx.plan.window.end else _TODAY


@register
class NeverVisited(Rule):
    """A pair has no recorded visit although its first visit is already due.

    Runs only with a ledger, for pairs with a rhythm: the first visit is due one rhythm
    after the window's start (or the pair's ``since``), judged on today, or on the
    window's end once it is over (as AM702 judges the last stretch). Pairs without a
    rhythm have no due date and are not judged.

    Why: 结对认亲 starts with the first visit (认亲); a pair that exists only in the
    registry is the first thing an inspection looks for.

    In the examples, ``# ledger:`` lines are the ledger's records (as ``activitymonth
    done`` and ``visit`` write them) and ``# today:`` the day they are judged on.

    Fails:
        # today: 2026-11-20
        # ledger: {visit: p1, date: 2026-09-05}
        window: {start: 2026-09-01, end: 2026-12-31}
        pairing: {rhythm: 每两个月}
        pairs:
          - {id: p1, cadre: wang, household: {name: 某户, village: 某村}}
          - {id: p2, cadre: li, household: {name: 另一户, village: 某村}}

    Passes:
        # today: 2026-11-20
        # ledger: {visit: p1, date: 2026-09-05}
        window: {start: 2026-09-01, end: 2026-12-31}
        pairing: {rhythm: 每两个月}
        pairs:
          - {id: p1, cadre: wang, household: {name: 某户, village: 某村}}
          - {id: p2, cadre: li, household: {name: 另一户, village: 某村}, since: 2026-10-01}
    """

    code = "AM703"
    name = "never-visited"
    group = Group.LEDGER
    severity = Severity.WARNING
    summary = Text("结对户到期仍没有走访记录", "a pair has no recorded visit though one is due")
    message = Text(
        "{person}结对的{household}至今没有走访记录，首次走访须在 {due} 前（已过 {days} 天）",
        "{household}, paired with {person}, has no recorded visit; the first was due by "
        "{due} ({days} day(s) ago)",
    )
    hint = Text(
        "尽快走访，并用 {command} 记录；已走访未登记的补录",
        "visit soon and record it with {command}; record past visits that were missed",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        for tracked in _tracked_pairs(ctx):
            state, today = tracked.progress, tracked.today
            if state.visits or state.due is None or not state.late:
                continue
            yield self.report(
                ctx,
                tracked.path,
                person=person_text(ctx.plan, state.cadre),
                household=household_text(tracked.pair),
                due=day_text(state.due),
                days=(today - state.due).days,
                command=_visit_command(ctx, state),
            )


@dataclass(frozen=True, slots=True)
class _Held:
    """A live activity with its path, its progress and its occurrences recorded done."""

    activity: Activity
    path: ModelPath
    progress: ItemProgress
    occurrences: list[OccurrenceProgress]

    def correction(self, ctx: Context, occurrence: OccurrenceProgress, replacing: str) -> str:
        """The ``done`` command that corrects one figure of an occurrence's record, the hint
        adding that figure (``participants``, or a material's name). A second record
        replaces the first whole, so the command repeats the day it was held and every
        other figure recorded: run as shown, it changes only what it corrects."""
        command = f"activitymonth done {_plan_file(ctx)} {self.activity.id}"
        record = occurrence.done
        if record is not None and record.actual_date is not None:
            command += f" --date {record.actual_date}"
        if self.progress.planned > 1 and occurrence.day is not None:
            command += f" --occurrence {occurrence.day}"
        if record is None:
            return command
        figures = (("cadres", record.cadres), ("residents", record.residents))
        if replacing != "participants":
            figures = (("participants", record.participants), *figures)
        for option, count in figures:
            if count is not None:
                command += f" --{option} {count}"
        for material, count in record.materials:
            if material != replacing:
                command += f" --materials {_shell_word(f'{material}={count}')}"
        return command


def _shell_word(text: str) -> str:
    """``text`` as one shell word: as it is (宣传折页=500), quoted only where a shell would
    split or expand it."""
    plain = not any(c.isspace() or c in "'\"\\$`;&|<>()*?[]{}#~!" for c in text)
    return text if plain else shlex.quote(text)


def _held(ctx: Context) -> Iterator[_Held]:
    """Each live activity of the plan that has occurrences recorded done."""
    progress = ctx.progress
    if progress is None:
        return
    for item in progress.live_items:
        ref = ctx.items.get(item.id)
        if ref is None or not isinstance(ref.item, Activity):
            continue
        held = [o for o in item.occurrences if o.done is not None]
        if held:
            yield _Held(ref.item, ref.path, item, held)


@register
class ParticipantsBelowExpected(Rule):
    """An occurrence recorded done had fewer participants than ``expected_participants``.

    Runs only with a ledger, for activities that set ``expected_participants``, against
    each occurrence recorded with a participant count (人次, as ``--participants`` or
    ``--cadres`` plus ``--residents`` give it); a record without a count is not judged.
    One finding per activity, at its ``expected_participants``, naming the occurrence
    furthest below.

    Why: the plan promised a reach, and the summary report (活动总结) quotes the real
    figures; a gap is either a wrong record (correct it) or something the report must
    explain.

    In the examples, ``# ledger:`` lines are the ledger's records (as ``activitymonth
    done`` and ``visit`` write them) and ``# today:`` the day they are judged on.

    Fails:
        # today: 2026-09-20
        # ledger: {done: quiz, date: 2026-09-15, participants: 30}
        activities:
          - {id: quiz, title: 知识竞赛, date: 2026-09-15, lead: li, expected_participants: 80}

    Passes:
        # today: 2026-09-20
        # ledger: {done: quiz, date: 2026-09-15, participants: 85}
        activities:
          - {id: quiz, title: 知识竞赛, date: 2026-09-15, lead: li, expected_participants: 80}
    """

    code = "AM704"
    name = "participants-below-expected"
    group = Group.LEDGER
    severity = Severity.INFO
    summary = Text("实际参与人数少于计划", "fewer participants recorded than expected")
    message = Text(
        "「{title}」{day} 记录参与 {participants} 人次，少于计划的 {expected} 人{more}",
        "'{title}' on {day} recorded {participants} participant(s), fewer than the "
        "{expected} expected{more}",
    )
    hint = Text(
        "记录有误的用 {command} --participants N 更正；属实的在活动总结中说明原因",
        "if the record is wrong, correct it with {command} --participants N; if not, "
        "explain it in the summary report",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        for held in _held(ctx):
            activity = held.activity
            expected = activity.expected_participants
            if not expected:
                continue
            below = [
                (o, o.done.participants)
                for o in held.occurrences
                if o.done is not None
                and o.done.participants is not None
                and o.done.participants < expected
            ]
            if not below:
                continue
            occurrence, count = min(below, key=lambda pair: (pair[1], pair[0].occurrence_id))
            yield self.report(
                ctx,
                (*held.path, "expected_participants"),
                title=activity.title,
                day=day_text(occurrence.day) if occurrence.day else occurrence.occurrence_id,
                participants=count,
                expected=expected,
                more=_times(len(below), "低于计划", "below it"),
                command=held.correction(ctx, occurrence, "participants"),
            )


@register
class MaterialsBelowPlan(Rule):
    """An occurrence recorded done handed out less of a material than the plan prepares.

    Runs only with a ledger, for an activity's ``materials`` with a ``quantity`` (what
    one occurrence prepares), against each done record that names that material
    (``--materials 宣传折页=300``). A record silent about a material is not judged:
    nothing is inferred from what was not written down. One finding per material, at its
    entry in ``materials``, naming the occurrence furthest below.

    Why: materials are printed and paid for by the quantity planned; what was not handed
    out is either still to be used, or the plan over-ordered, and the summary report
    quotes the real figure.

    In the examples, ``# ledger:`` lines are the ledger's records (as ``activitymonth
    done`` and ``visit`` write them) and ``# today:`` the day they are judged on.

    Fails:
        # today: 2026-09-20
        # ledger: {done: talk, date: 2026-09-10, materials: {宣传折页: 120}}
        activities:
          - id: talk
            title: 政策宣讲
            date: 2026-09-10
            lead: wang
            materials: [{name: 宣传折页, quantity: 500}]

    Passes:
        # today: 2026-09-20
        # ledger: {done: talk, date: 2026-09-10, materials: {宣传折页: 500}}
        activities:
          - id: talk
            title: 政策宣讲
            date: 2026-09-10
            lead: wang
            materials: [{name: 宣传折页, quantity: 500}]
    """

    code = "AM705"
    name = "materials-below-plan"
    group = Group.LEDGER
    severity = Severity.INFO
    summary = Text("发放的宣传材料少于计划数量", "fewer materials handed out than planned")
    message = Text(
        "「{title}」{day} 发放{material} {count} 份，少于计划准备的 {quantity} 份{more}",
        "'{title}' on {day} handed out {count} of {material}, fewer than the {quantity} "
        "prepared{more}",
    )
    hint = Text(
        "剩余的在后续活动中发放，或把 quantity 改为实际所需；记录有误的用 "
        "{command} --materials {material}=N 更正",
        "hand out the rest at a later activity or lower quantity to what is needed; if the "
        "record is wrong, correct it with {command} --materials {material}=N",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        for held in _held(ctx):
            activity = held.activity
            for j, material in enumerate(activity.materials):
                quantity = material.quantity
                if not quantity:
                    continue
                below = [
                    (o, count)
                    for o in held.occurrences
                    if o.done is not None
                    for name, count in o.done.materials
                    if name == material.name and count < quantity
                ]
                if not below:
                    continue
                occurrence, count = min(below, key=lambda pair: (pair[1], pair[0].occurrence_id))
                yield self.report(
                    ctx,
                    (*held.path, "materials", j),
                    title=activity.title,
                    day=day_text(occurrence.day) if occurrence.day else occurrence.occurrence_id,
                    material=material.name,
                    count=count,
                    quantity=quantity,
                    more=_times(len(below), "不足", "short"),
                    command=held.correction(ctx, occurrence, material.name),
                )
