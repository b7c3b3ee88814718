"""Build the plan's calendars: events, series, to-dos and alarms, deterministically.

Every value comes from the plan, never from the clock: UIDs from the plan id and item id
(and the planned date of an occurrence), DTSTAMP from the plan's revision time, and
components in a fixed order — so exporting an unchanged plan twice gives the same bytes and
clients update events in place instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from icalendar import Alarm, Calendar, Event, Timezone, Todo, vCalAddress, vText

from activitymonth import __version__
from activitymonth.catalog import Catalog
from activitymonth.export.ics.series import Series, plan_series
from activitymonth.export.ics.text import category, clean_text, one_line
from activitymonth.export.names import safe_file_stem
from activitymonth.model import Activity, Person, Plan, Status
from activitymonth.schedule import ItemKind, Occurrence, Schedule
from activitymonth.schedule.ordinal import plan_ordinal

PRODID = f"-//activitymonth//activitymonth {__version__}//ZH"
UID_DOMAIN = "activitymonth"


@dataclass(frozen=True)
class IcsOptions:
    per_person: bool = False
    per_program: bool = False
    todos: bool = False
    expand: bool = False


@dataclass
class CalendarFile:
    """One calendar to write: a file stem, a display name and its VCALENDAR."""

    stem: str
    name: str
    calendar: Calendar
    uids: list[tuple[str, str]] = field(default_factory=list)  # (uid, recurrence-id or "")


def build_calendars(
    schedule: Schedule, catalog: Catalog, options: IcsOptions | None = None
) -> list[CalendarFile]:
    """The whole-plan calendar, then one per person / per program when asked."""
    options = options or IcsOptions()
    plan = schedule.plan
    builder = _ComponentBuilder(schedule, catalog, options)
    title = _calendar_title(plan)
    files = [builder.calendar(_plan_stem(plan), title, schedule.occurrences)]
    if options.per_person:
        for person in plan.people:
            mine = [o for o in schedule.occurrences if person.id in builder.people_of(o)]
            if mine:
                files.append(
                    builder.calendar(
                        f"person-{safe_file_stem(person.id)}", f"{title} · {person.name}", mine
                    )
                )
    if options.per_program:
        for program_id in sorted({p for o in schedule.occurrences for p in builder.programs_of(o)}):
            mine = [o for o in schedule.occurrences if program_id in builder.programs_of(o)]
            files.append(
                builder.calendar(
                    f"program-{safe_file_stem(program_id)}", f"{title} · {program_id}", mine
                )
            )
    return files


def _calendar_title(plan: Plan) -> str:
    ordinal = plan_ordinal(plan)
    suffix = f"（第{ordinal.ordinal}个{ordinal.campaign}）" if ordinal else ""
    return one_line(plan.title) + suffix


def _plan_stem(plan: Plan) -> str:
    return safe_file_stem(plan.id or plan.title)


class _ComponentBuilder:
    def __init__(self, schedule: Schedule, catalog: Catalog, options: IcsOptions) -> None:
        self.schedule = schedule
        self.plan = schedule.plan
        self.catalog = catalog
        self.options = options
        self.zone = self.plan.zone
        self.uid_prefix = safe_file_stem(self.plan.id or self.plan.title).replace(" ", "_")
        stamp = self.plan.revision_time or datetime.combine(
            self.plan.window.start, time(), self.zone
        )
        self.dtstamp = stamp.astimezone(UTC)
        self.activities = {a.id: a for a in self.plan.activities}
        self.deliverables = {d.id: d for d in self.plan.deliverables}
        self.pairs = {p.key: p for p in self.plan.pairs}

    # ----------------------------------------------------------------- indexes
    def people_of(self, occurrence: Occurrence) -> tuple[str, ...]:
        if occurrence.kind == ItemKind.ACTIVITY:
            return self.activities[occurrence.item_id].people
        if occurrence.kind == ItemKind.DELIVERABLE:
            owner = self.deliverables[occurrence.item_id].owner
            return (owner,) if owner else ()
        return (self.pairs[occurrence.item_id].cadre,)

    def programs_of(self, occurrence: Occurrence) -> tuple[str, ...]:
        return self._programs(occurrence.item_id)

    @cache  # noqa: B019 - one builder per export; items are few, occurrences many
    def _programs(self, item_id: str) -> tuple[str, ...]:
        item = self.activities.get(item_id) or self.deliverables.get(item_id)
        if item is None:
            return ()
        found = [self.catalog.resolve_item(ref, self.plan.programs)[0].id for ref in item.fulfills]
        return tuple(dict.fromkeys(found))

    # ---------------------------------------------------------------- calendar
    def calendar(self, stem: str, name: str, occurrences: Iterable[Occurrence]) -> CalendarFile:
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        description = one_line(self.plan.theme or self.plan.title)
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", description)
        calendar.add("x-wr-timezone", self.plan.timezone)
        occurrences = list(occurrences)
        components = self._components(occurrences)
        if any(isinstance(c.get("dtstart").dt, datetime) for c in components if "dtstart" in c):
            calendar.add_component(self._timezone(occurrences))
        result = CalendarFile(stem, name, calendar)
        for component in components:
            calendar.add_component(component)
            rid = component.get("recurrence-id")
            result.uids.append((str(component["uid"]), rid.to_ical().decode() if rid else ""))
        return result

    def _timezone(self, occurrences: list[Occurrence]) -> Timezone:
        """VTIMEZONE for the plan's own date range only (one STANDARD block for Shanghai)."""
        first = min([self.plan.window.start, *(o.day for o in occurrences)])
        last = max([self.plan.window.end, *(o.last_day for o in occurrences)])
        zone = Timezone.from_tzid(self.plan.timezone, first_date=first, last_date=last)
        zone.pop("COMMENT", None)
        return zone

    def _components(self, occurrences: list[Occurrence]) -> list[Event | Todo]:
        by_item: dict[str, list[Occurrence]] = {}
        for occurrence in occurrences:
            by_item.setdefault(occurrence.item_id, []).append(occurrence)
        components: list[Event | Todo] = []
        for item_id, mine in by_item.items():
            activity = self.activities.get(item_id) if mine[0].kind == ItemKind.ACTIVITY else None
            series = None
            if activity is not None and activity.repeat is not None and not self.options.expand:
                series = plan_series(activity.repeat, mine)
            if series is not None:
                components.extend(self._series(series, activity))
            elif mine[0].kind == ItemKind.DELIVERABLE and self.options.todos:
                components.extend(self._todo(o) for o in mine)
            else:
                single = len(mine) == 1 and (activity is None or activity.repeat is None)
                components.extend(self._event(o, single=single) for o in mine)
        components.sort(key=_component_order)
        return components

    # --------------------------------------------------------------- components
    def _uid(self, occurrence: Occurrence, *, single: bool) -> str:
        base = f"{self.uid_prefix}-{occurrence.kind}-{occurrence.item_id}"
        if not single:
            base += f"-{(occurrence.moved_from or occurrence.day).strftime('%Y%m%d')}"
        return f"{base}@{UID_DOMAIN}"

    def _event(self, occurrence: Occurrence, *, single: bool) -> Event:
        event = Event()
        event.add("uid", self._uid(occurrence, single=single))
        self._fill(event, occurrence)
        return event

    def _series(self, series: Series, activity: Activity) -> list[Event]:
        first = series.first
        uid = self._uid(first, single=True)
        master = Event()
        master.add("uid", uid)
        start = self._moment(series.planned[0], first.start)
        self._fill(master, first, start=start, end=start + (first.end - first.start))
        until = self._moment(series.planned[-1], first.start)
        rule = dict(part.split("=", 1) for part in series.rule.split(";"))
        rule["UNTIL"] = until.astimezone(UTC) if isinstance(until, datetime) else until
        master.add("rrule", rule)
        if series.excluded:
            master.add("exdate", [self._moment(day, first.start) for day in series.excluded])
        events = [master]
        for moved in series.moved:
            override = Event()
            override.add("uid", uid)
            assert moved.moved_from is not None
            override.add("recurrence-id", self._moment(moved.moved_from, first.start))
            self._fill(override, moved)
            events.append(override)
        return events

    def _moment(self, day: date, like: datetime | date) -> datetime | date:
        """``day`` at the time of day of ``like`` (a date stays a date)."""
        if isinstance(like, datetime):
            return datetime.combine(day, like.timetz().replace(tzinfo=None), like.tzinfo)
        return day

    def _fill(
        self,
        event: Event,
        occurrence: Occurrence,
        *,
        start: datetime | date | None = None,
        end: datetime | date | None = None,
    ) -> None:
        event.add("dtstamp", self.dtstamp)
        event.add("dtstart", start if start is not None else occurrence.start)
        event.add("dtend", end if end is not None else occurrence.end)
        event.add("summary", one_line(occurrence.title))
        item = (
            self.activities.get(occurrence.item_id)
            if occurrence.kind == ItemKind.ACTIVITY
            else self.deliverables.get(occurrence.item_id)
        )
        location = getattr(item, "location", None)
        if location:
            event.add("location", one_line(location))
        event.add("description", self._description(occurrence))
        programs = self.programs_of(occurrence)
        if programs:
            event.add("categories", [category(p) for p in programs])
        status = getattr(item, "status", Status.PLANNED)
        event.add("status", "CANCELLED" if status == Status.CANCELLED else "CONFIRMED")
        event.add("transp", "TRANSPARENT" if occurrence.all_day else "OPAQUE")
        self._attendees(event, occurrence)
        for before in self._reminders(occurrence.kind):
            event.add_component(self._alarm(occurrence, before, related_end=False))

    def _todo(self, occurrence: Occurrence) -> Todo:
        deliverable = self.deliverables[occurrence.item_id]
        todo = Todo()
        todo.add("uid", self._uid(occurrence, single=True))
        todo.add("dtstamp", self.dtstamp)
        todo.add("summary", one_line(deliverable.title))
        todo.add("due", occurrence.day)
        todo.add("description", self._description(occurrence))
        todo.add("status", _todo_status(deliverable.status))
        programs = self.programs_of(occurrence)
        if programs:
            todo.add("categories", [category(p) for p in programs])
        self._attendees(todo, occurrence)
        for before in self._reminders(occurrence.kind):
            todo.add_component(self._alarm(occurrence, before, related_end=True))
        return todo

    def _reminders(self, kind: ItemKind) -> tuple[timedelta, ...]:
        return getattr(self.plan.reminders, str(kind))

    def _alarm(self, occurrence: Occurrence, before: timedelta, *, related_end: bool) -> Alarm:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", one_line(occurrence.title))
        if related_end:
            alarm.add("trigger", -before, parameters={"RELATED": "END"})
        else:
            alarm.add("trigger", -before)
        return alarm

    def _person(self, person_id: str | None) -> Person | None:
        return self.plan.person(person_id) if person_id else None

    def _attendees(self, component: Event | Todo, occurrence: Occurrence) -> None:
        """ORGANIZER and ATTENDEE only for people with an e-mail address."""
        people = [self._person(p) for p in self.people_of(occurrence)]
        with_mail = [p for p in people if p and p.contact and p.contact.email]
        if not with_mail:
            return
        lead = people[0] if people and people[0] in with_mail else None
        if lead is not None:
            component.add("organizer", _address(lead, "CHAIR"))
        for person in with_mail:
            if person is not lead:
                component.add("attendee", _address(person, "REQ-PARTICIPANT"))

    def _description(self, occurrence: Occurrence) -> str:
        text = self._item_description(occurrence.kind, occurrence.item_id)
        if occurrence.reason is not None:
            text += f"\n说明：{clean_text(occurrence.reason('zh'))}"
        return text

    @cache  # noqa: B019 - see _programs
    def _item_description(self, kind: ItemKind, item_id: str) -> str:
        """What an item's events say in DESCRIPTION: people, units, items, what done needs."""
        lines: list[str] = []
        name = self._label
        if kind == ItemKind.ACTIVITY:
            activity = self.activities[item_id]
            if activity.lead:
                lines.append(f"负责人：{name(activity.lead)}")
            if activity.staff:
                lines.append("工作人员：" + "、".join(name(p) for p in activity.staff))
            for role in activity.roles:
                holders = "、".join(name(p) for p in role.people) or "待定"
                lines.append(f"{role.role}（{role.count}人）：{holders}")
            if activity.lead_unit:
                lines.append(f"牵头单位：{activity.lead_unit}")
            if activity.co_units:
                lines.append("配合单位：" + "、".join(activity.co_units))
            needs = list(activity.evidence)
            if activity.expected_participants:
                needs.append(f"参与约{activity.expected_participants}人")
            fulfills, note = activity.fulfills, activity.note
        elif kind == ItemKind.DELIVERABLE:
            deliverable = self.deliverables[item_id]
            if deliverable.owner:
                lines.append(f"负责人：{name(deliverable.owner)}")
            if deliverable.deadline:
                lines.append(f"上报截止：{deliverable.deadline.isoformat()}")
            needs, fulfills, note = (
                list(deliverable.evidence),
                deliverable.fulfills,
                deliverable.note,
            )
        else:
            pair = self.pairs[item_id]
            lines.append(f"结对干部：{name(pair.cadre)}")
            household = pair.household
            lines.append(
                f"结对户：{household.name}"
                + (f"（{household.village}）" if household.village else "")
            )
            needs, fulfills, note = [], (), None
        if fulfills:
            lines.append("落实项目：" + "、".join(fulfills))
        if needs:
            lines.append("完成要求：" + "、".join(needs))
        if note:
            lines.append(f"备注：{note}")
        return clean_text("\n".join(lines))

    def _label(self, person_id: str) -> str:
        person = self._person(person_id)
        if person is None:
            return person_id
        return f"{person.name}（{person.title}）" if person.title else person.name


def _address(person: Person, role: str) -> vCalAddress:
    assert person.contact and person.contact.email
    address = vCalAddress(f"mailto:{person.contact.email}")
    address.params["CN"] = vText(one_line(person.name))
    address.params["ROLE"] = vText(role)
    return address


def _todo_status(status: Status) -> str:
    return {
        Status.PLANNED: "NEEDS-ACTION",
        Status.IN_PROGRESS: "IN-PROCESS",
        Status.DONE: "COMPLETED",
        Status.CANCELLED: "CANCELLED",
    }[status]


def _component_order(component: Event | Todo) -> tuple[str, str, str]:
    start = component.get("dtstart") or component.get("due")
    rid = component.get("recurrence-id")
    return (
        start.to_ical().decode() if start is not None else "",
        str(component["uid"]),
        rid.to_ical().decode() if rid is not None else "",
    )
