"""Proposing pairs: every cadre covered first, higher rank with greater need, within limits.

The campaign's rules, in the order they decide:

1. Every cadre who must be paired (``pairing.cadres``, as rule AM501 reads it; everyone on
   the roster when the plan sets no policy) gets one household before anyone gets a
   second: 不少一人. Pairs already in the plan stay as they are and count.
2. Higher rank with greater need (领导带头, 职级高的结对最困难的户): in each round the
   cadres take households in order of seniority (``seniority``; ties: 组长, 副组长, then
   other posts in the leading group, office or a sub-group, then roster order), each the
   neediest household left.
3. Among equally needy households, one in a village the cadre's sub-group is responsible
   for (``scope``) comes first, so visits stay on the sub-group's road; then the table's order.
4. No cadre gets more than ``limit`` households (rule AM503's ``max_households``, 3 unless
   configured); households left when all are full are reported, as are cadres left
   without one when households run out.

The result is deterministic: the same plan and table give the same proposals.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass

from activitymonth.i18n import Text
from activitymonth.model import Household, Pair, PairingPolicy, Plan, SubGroup
from activitymonth.pairing.households import HouseholdRow
from activitymonth.pairing.seniority import Seniority, seniority
from activitymonth.rules.builtin.pairing import PairLoadOptions, PairOverloaded, cadres_in_scope
from activitymonth.rules.config import Config, settings_for

DEFAULT_LIMIT = PairLoadOptions().max_households
_UNRATED = Text("未评", "not rated")


def configured_limit(config: Config) -> int:
    """Households per cadre as ``check`` enforces it: AM503's ``max_households`` from the
    configuration, else its default."""
    settings = settings_for(config, PairOverloaded)
    options = settings.options() if settings is not None else {}
    return PairLoadOptions.model_validate(options).max_households


@dataclass(frozen=True, slots=True)
class Proposal:
    """One proposed pair and why it was made."""

    cadre: str
    household: Household
    row: int
    reason: Text

    @property
    def pair(self) -> Pair:
        return Pair(cadre=self.cadre, household=self.household)


@dataclass(frozen=True, slots=True)
class Leftover:
    """A household of the table that is not proposed, and why."""

    household: Household
    row: int
    reason: Text


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Everything ``suggest_pairs`` found: proposals, households not proposed (already
    paired in the plan, or no cadre free), cadres still unpaired, and the cadres among
    the proposed and the unpaired whose rank is unknown (ordered after all others)."""

    proposals: tuple[Proposal, ...]
    leftovers: tuple[Leftover, ...]
    unpaired: tuple[str, ...]
    unranked: tuple[str, ...]
    limit: int


def household_key(household: Household) -> tuple[str, str | None]:
    """A household is the same one when its name and village are."""
    return household.name, household.village


def household_text(household: Household) -> Text:
    """``买某某家（某镇石榴籽村）``."""
    if household.village is None:
        return Text(household.name, household.name)
    return Text(
        f"{household.name}（{household.village}）", f"{household.name} ({household.village})"
    )


@dataclass(frozen=True, slots=True)
class _Cadre:
    id: str
    person: Text
    seniority: Seniority
    post: int
    roster: int
    scopes: tuple[SubGroup, ...]

    @property
    def order(self) -> tuple[int, int, int]:
        return -self.seniority.level, -self.post, self.roster

    def local_group(self, village: str | None) -> SubGroup | None:
        """The cadre's sub-group whose scope is ``village`` (one names the other), if any."""
        if not village:
            return None
        for group in self.scopes:
            scope = group.scope or ""
            if scope and (village in scope or scope in village):
                return group
        return None


def _posts(plan: Plan) -> dict[str, int]:
    """3 组长, 2 副组长, 1 another post in the leading group, office or a sub-group's lead."""
    org = plan.organization
    posts: Counter[str] = Counter()
    others = [
        *org.leading_group.members,
        *([org.office.director] if org.office.director else []),
        *org.office.deputies,
        *(group.leader for group in org.subgroups if group.leader),
    ]
    for person in others:
        posts[person] = max(posts[person], 1)
    for person in org.leading_group.deputies:
        posts[person] = max(posts[person], 2)
    if org.leading_group.leader:
        posts[org.leading_group.leader] = 3
    return dict(posts)


def _cadres(plan: Plan) -> list[_Cadre]:
    """The cadres in scope, most senior first."""
    policy = plan.pairing or PairingPolicy()
    roster = {person.id: index for index, person in enumerate(plan.people)}
    posts = _posts(plan)
    scopes: dict[str, list[SubGroup]] = {}
    for group in plan.organization.subgroups:
        if group.scope:
            for member in dict.fromkeys((group.leader, *group.members)):
                if member is not None:
                    scopes.setdefault(member, []).append(group)
    found = []
    for cadre in cadres_in_scope(plan, policy):
        person = plan.people_by_id[cadre]
        rank = seniority(person)
        shown = [part for part in (person.title, rank.shown.zh) if part]
        shown_en = [part for part in (person.title, rank.shown.en) if part]
        groups = tuple(scopes.get(cadre, ()))
        found.append(
            _Cadre(
                cadre,
                Text(
                    f"{person.name}（{'，'.join(shown)}）", f"{person.name} ({', '.join(shown_en)})"
                ),
                rank,
                posts.get(cadre, 0),
                roster[cadre],
                groups,
            )
        )
    return sorted(found, key=lambda c: c.order)


class _Pool:
    """The households still to pair: per need, per village, in the table's order — so a
    county's thousands of households are matched without rescanning the list each time."""

    def __init__(self, rows: Sequence[HouseholdRow]) -> None:
        self.size = len(rows)
        self.needs: dict[int, dict[str | None, deque[tuple[int, HouseholdRow]]]] = {}
        for order, row in enumerate(sorted(rows, key=lambda r: r.row)):
            villages = self.needs.setdefault(row.household.need or 0, {})
            villages.setdefault(row.household.village, deque()).append((order, row))

    def __len__(self) -> int:
        return self.size

    def rest(self) -> list[HouseholdRow]:
        return [row for villages in self.needs.values() for q in villages.values() for _, row in q]

    def take(self, cadre: _Cadre) -> tuple[HouseholdRow, SubGroup | None]:
        """The neediest household; among equally needy ones, the first in one of the
        cadre's scope villages, else the first in the table."""
        need = max(self.needs)
        villages = self.needs[need]
        local = [
            (queue[0][0], village, group)
            for village, queue in villages.items()
            if (group := cadre.local_group(village)) is not None
        ]
        if local:
            _, village, found = min(local, key=lambda item: item[0])
        else:
            village = min(villages, key=lambda v: villages[v][0][0])
            found = None
        _, row = villages[village].popleft()
        if not villages[village]:
            del villages[village]
            if not villages:
                del self.needs[need]
        self.size -= 1
        return row, found


def suggest_pairs(
    plan: Plan, households: Sequence[HouseholdRow], *, limit: int = DEFAULT_LIMIT
) -> Suggestion:
    """Propose pairs for ``plan``'s cadres from ``households`` (see the module's rules)."""
    load = Counter(pair.cadre for pair in plan.pairs)
    paired = {household_key(pair.household): pair.cadre for pair in plan.pairs}
    leftovers = [
        Leftover(row.household, row.row, _already(plan, paired[household_key(row.household)]))
        for row in households
        if household_key(row.household) in paired
    ]
    pool = _Pool([row for row in households if household_key(row.household) not in paired])
    cadres = _cadres(plan)
    proposals: list[Proposal] = []
    for turn in range(1, limit + 1):
        takers = [cadre for cadre in cadres if load[cadre.id] < turn]
        for place, cadre in enumerate(takers, 1):
            if not pool:
                break
            left = len(pool)
            row, group = pool.take(cadre)
            reason = _who(cadre, turn, place, len(takers), load[cadre.id], limit) + _what(
                row.household, left, group
            )
            proposals.append(Proposal(cadre.id, row.household, row.row, reason))
            load[cadre.id] += 1
    full = _full(limit) if cadres else _nobody()
    leftovers += [Leftover(row.household, row.row, full) for row in pool.rest()]
    unpaired = tuple(cadre.id for cadre in cadres if not load[cadre.id])
    ordered = {proposal.cadre for proposal in proposals}.union(unpaired)
    return Suggestion(
        tuple(proposals),
        tuple(sorted(leftovers, key=lambda leftover: leftover.row)),
        unpaired,
        tuple(c.id for c in cadres if c.id in ordered and not c.seniority.known),
        limit,
    )


def _who(cadre: _Cadre, turn: int, place: int, takers: int, load: int, limit: int) -> Text:
    """Why it is this cadre's turn: their place in the round."""
    if turn > 1:
        return cadre.person + Text(
            f"已结对 {load} 户、未满每人 {limit} 户，"
            f"第 {turn} 轮按职级排第 {place}（共 {takers} 人）",
            f" has {load} household(s), fewer than {limit}, and ranks {place} of {takers} "
            f"in round {turn}",
        )
    if place == 1:
        return cadre.person + Text(
            f"在 {takers} 名尚未结对的干部中职级最高",
            f" is the most senior of the {takers} cadre(s) not yet paired",
        )
    return cadre.person + Text(
        f"在 {takers} 名尚未结对的干部中按职级排第 {place}",
        f" ranks {place} of the {takers} cadres not yet paired",
    )


def _what(household: Household, left: int, group: SubGroup | None) -> Text:
    """What they were given: the neediest household left, and why that one of equals."""
    need = Text(str(household.need), str(household.need)) if household.need else _UNRATED
    shown = household_text(household)
    text = Text(
        f"，配给剩余 {left} 户中困难程度最高（{need.zh}）的{shown.zh}",
        f"; paired with {shown.en}, the greatest need ({need.en}) of the {left} household(s) left",
    )
    if group is not None:
        text += Text(
            f"，该村由其所在的{group.name}负责",
            f", in the village their sub-group {group.name} is responsible for",
        )
    return text


def _already(plan: Plan, cadre: str) -> Text:
    person = plan.person(cadre)
    name = person.name if person else cadre
    return Text(f"计划中已与{name}结对", f"already paired with {name} in the plan")


def _full(limit: int) -> Text:
    return Text(
        f"每名须结对的干部都已结对 {limit} 户（每人上限）",
        f"every cadre to be paired already has {limit} household(s), the limit",
    )


def _nobody() -> Text:
    return Text("计划中没有须结对的干部", "the plan has no cadre to be paired")
