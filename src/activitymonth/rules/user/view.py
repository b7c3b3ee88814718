"""The plan as CEL expressions see it: read-only maps, lists and primitives.

One declaration per record says both what an expression may name (the load-time checker
reads it to report ``a.titel`` as an unknown field) and how the value is built from the
plan (the evaluator reads it), so the two cannot drift apart. Dates are ISO strings
(``2026-09-15``), timed moments RFC 3339 strings in the plan's time zone
(``2026-09-01T09:00:00+08:00``, which CEL's ``timestamp()`` reads). A field the plan
leaves out (no ``lead``, no ``expected_participants``) is absent from its map, as in CEL
over protocol buffers: test it with ``has(a.lead)``. Personal contact data (phones,
e-mail) is not in the view at all.

Every map built from a place in the plan remembers that place, so an expression that
returns a list of activities, roles or occurrences gets one finding per element, each
at the element's line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from celpy import celtypes

from activitymonth.model import Activity, Deliverable
from activitymonth.rules.builtin.dates import occurrence_path
from activitymonth.rules.context import Context
from activitymonth.rules.finding import ModelPath
from activitymonth.rules.user.base import per_context
from activitymonth.rules.user.selection import fulfilled


@dataclass(frozen=True)
class Scalar:
    """A primitive: ``string``, ``int``, ``double``, ``bool``, ``date`` (ISO string),
    ``timestamp`` (RFC 3339 string) or ``clock`` (``09:00``)."""

    name: str

    def to_cel(self, value: Any, made: dict[object, celtypes.Value]) -> celtypes.Value:
        """The CEL value. Texts and whole numbers go through ``made``: the many repeated
        values of a large plan (titles, dates, indexes) share one CEL value each, and
        celpy's constructors are slow enough for that to matter at county scale."""
        if self.name == "int":
            return _shared(made, value, celtypes.IntType)
        if self.name == "double":
            return celtypes.DoubleType(float(value))
        if self.name == "bool":
            return celtypes.BoolType(value)
        if isinstance(value, date | datetime):
            text = value.isoformat()
        elif isinstance(value, time):
            text = value.strftime("%H:%M")
        else:
            text = str(value)
        return _shared(made, text, celtypes.StringType)


def _shared(made: dict[object, celtypes.Value], value: Any, kind: type) -> celtypes.Value:
    key = (kind, value)
    found = made.get(key)
    if found is None:
        found = made[key] = kind(value)
    return found


@dataclass(frozen=True)
class ListOf:
    """A list; ``item`` None when what it holds is not known before evaluation."""

    item: Shape | None


@dataclass(frozen=True)
class Field:
    """One entry of a record: its name, shape and how to read it from the model.

    ``step`` is the model attribute the value sits under, so nested records (roles,
    materials) know their place in the plan; ``optional`` fields are left out of the map
    when the plan has no value for them.
    """

    name: str
    shape: Shape
    get: Callable[[Any, Context], Any]
    step: str | None = None
    optional: bool = False


@dataclass(frozen=True, repr=False)
class Record:
    """A map with known fields, e.g. an activity. ``locate`` gives the place of records
    that are not read from a list of the plan (an occurrence points at its item)."""

    name: str
    fields: tuple[Field, ...]
    locate: Callable[[Any, Context], ModelPath] | None = None
    by_name: Mapping[str, Field] = field(init=False, repr=False, compare=False)
    keys: tuple[celtypes.StringType, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})
        object.__setattr__(self, "keys", tuple(celtypes.StringType(f.name) for f in self.fields))

    def __repr__(self) -> str:
        return f"Record({self.name!r})"


Shape = Scalar | ListOf | Record

STRING, INT, DOUBLE, BOOL = Scalar("string"), Scalar("int"), Scalar("double"), Scalar("bool")
DATE, TIMESTAMP, CLOCK = Scalar("date"), Scalar("timestamp"), Scalar("clock")
STRINGS, DATES = ListOf(STRING), ListOf(DATE)


def _attr(name: str, *, shape: Shape = STRING, optional: bool = False) -> Field:
    """A field read straight from the model attribute of the same name."""
    return Field(name, shape, lambda obj, _ctx: getattr(obj, name), name, optional)


def _text(value: Any) -> Any:
    return value.text if value is not None else None


ROLE = Record("role", (_attr("role"), _attr("count", shape=INT), _attr("people", shape=STRINGS)))
MATERIAL = Record(
    "material",
    (
        _attr("name"),
        _attr("quantity", shape=INT, optional=True),
        _attr("ready_before", shape=INT),
        _attr("owner", optional=True),
    ),
)


def _dates(item: Activity | Deliverable, ctx: Context) -> list[date]:
    return [o.day for o in ctx.schedule.for_item(item.id)]


def _fulfills(item: Activity | Deliverable, ctx: Context) -> list[str]:
    """Resolved references (``八个一@公益日/书画展``) however the plan wrote them, so an
    expression can test ``f.startsWith('八个一@公益日/')``; unresolvable ones as written."""
    resolved = sorted(f"{program}/{item_name}" for program, item_name in fulfilled(ctx)[item.id])
    return resolved or list(item.fulfills)


ACTIVITY = Record(
    "activity",
    (
        _attr("id"),
        _attr("title"),
        Field("fulfills", STRINGS, _fulfills),
        _attr("sector", shape=STRINGS),
        _attr("lead", optional=True),
        _attr("staff", shape=STRINGS),
        _attr("roles", shape=ListOf(ROLE)),
        Field("people", STRINGS, lambda a, _ctx: a.people),
        _attr("location", optional=True),
        _attr("lead_unit", optional=True),
        _attr("co_units", shape=STRINGS),
        _attr("expected_participants", shape=INT, optional=True),
        _attr("budget", shape=DOUBLE, optional=True),
        _attr("status"),
        Field("repeat", STRING, lambda a, _ctx: _text(a.repeat), optional=True),
        Field("recurring", BOOL, lambda a, _ctx: a.is_recurring),
        Field("dates", DATES, _dates),
        _attr("materials", shape=ListOf(MATERIAL)),
        Field("after", STRINGS, lambda a, _ctx: [d.activity for d in a.after]),
        _attr("evidence", shape=STRINGS),
        _attr("note", optional=True),
    ),
)


def _due(deliverable: Deliverable, ctx: Context) -> date | None:
    occurrences = ctx.schedule.for_item(deliverable.id)
    return occurrences[0].day if occurrences else None


DELIVERABLE = Record(
    "deliverable",
    (
        _attr("id"),
        _attr("title"),
        Field("fulfills", STRINGS, _fulfills),
        _attr("owner", optional=True),
        Field("due", DATE, _due, optional=True),
        _attr("deadline", shape=DATE, optional=True),
        _attr("status"),
        _attr("evidence", shape=STRINGS),
        _attr("note", optional=True),
    ),
)
AWAY = Record(
    "away", (_attr("start", shape=DATE), _attr("end", shape=DATE), _attr("reason", optional=True))
)
PERSON = Record(
    "person",
    (
        _attr("id"),
        _attr("name"),
        _attr("title", optional=True),
        _attr("rank", optional=True),
        _attr("unit", optional=True),
        _attr("away", shape=ListOf(AWAY)),
    ),
)
HOUSEHOLD = Record(
    "household",
    (
        _attr("name"),
        _attr("village", optional=True),
        _attr("members", shape=INT, optional=True),
        _attr("need", shape=INT, optional=True),
    ),
)
PAIR = Record(
    "pair",
    (
        Field("key", STRING, lambda p, _ctx: p.key),
        _attr("id", optional=True),
        _attr("cadre"),
        _attr("household", shape=HOUSEHOLD),
        _attr("kind"),
        Field("rhythm", STRING, lambda p, _ctx: _text(p.rhythm), optional=True),
        _attr("since", shape=DATE, optional=True),
        _attr("visits", shape=DATES),
    ),
)
GROUP = Record(
    "leading_group",
    (
        _attr("leader", optional=True),
        _attr("deputies", shape=STRINGS),
        _attr("members", shape=STRINGS),
    ),
)
OFFICE = Record(
    "office",
    (
        _attr("director", optional=True),
        _attr("deputies", shape=STRINGS),
        _attr("members", shape=STRINGS),
    ),
)
SUBGROUP = Record(
    "subgroup",
    (
        _attr("id"),
        _attr("name"),
        _attr("leader", optional=True),
        _attr("members", shape=STRINGS),
        _attr("scope", optional=True),
    ),
)
ORGANIZATION = Record(
    "organization",
    (
        _attr("leading_group", shape=GROUP),
        _attr("office", shape=OFFICE),
        _attr("subgroups", shape=ListOf(SUBGROUP)),
    ),
)
WINDOW = Record("window", (_attr("start", shape=DATE), _attr("end", shape=DATE)))


def _moment(value: datetime | date) -> datetime | None:
    return value if isinstance(value, datetime) else None


OCCURRENCE = Record(
    "occurrence",
    (
        Field("item", STRING, lambda o, _ctx: o.item_id),
        Field("kind", STRING, lambda o, _ctx: o.kind.value),
        _attr("index", shape=INT),
        _attr("title"),
        Field("date", DATE, lambda o, _ctx: o.day),
        Field("last_date", DATE, lambda o, _ctx: o.last_day),
        Field("all_day", BOOL, lambda o, _ctx: o.all_day),
        Field("start", TIMESTAMP, lambda o, _ctx: _moment(o.start), optional=True),
        Field("end", TIMESTAMP, lambda o, _ctx: _moment(o.end), optional=True),
        Field("time", CLOCK, lambda o, _ctx: _moment(o.start) and o.start.time(), optional=True),
        _attr("moved_from", shape=DATE, optional=True),
    ),
    locate=lambda o, ctx: occurrence_path(ctx, o),
)
PLAN = Record(
    "plan",
    (
        _attr("id", optional=True),
        _attr("title"),
        _attr("unit", optional=True),
        _attr("region", optional=True),
        _attr("campaign", optional=True),
        _attr("window", shape=WINDOW),
        _attr("timezone"),
        _attr("programs", shape=STRINGS),
        _attr("budget", shape=DOUBLE, optional=True),
        Field("today", DATE, lambda _plan, ctx: ctx.today, optional=True),
    ),
)


@dataclass(frozen=True)
class Variable:
    """A name an expression starts from, with where its value sits in the plan."""

    shape: Shape
    get: Callable[[Context], Any]
    path: ModelPath | None


VARIABLES: dict[str, Variable] = {
    "plan": Variable(PLAN, lambda ctx: ctx.plan, ()),
    "organization": Variable(ORGANIZATION, lambda ctx: ctx.plan.organization, ("organization",)),
    "people": Variable(ListOf(PERSON), lambda ctx: ctx.plan.people, ("people",)),
    "activities": Variable(ListOf(ACTIVITY), lambda ctx: ctx.plan.activities, ("activities",)),
    "deliverables": Variable(
        ListOf(DELIVERABLE), lambda ctx: ctx.plan.deliverables, ("deliverables",)
    ),
    "pairs": Variable(ListOf(PAIR), lambda ctx: ctx.plan.pairs, ("pairs",)),
    "occurrences": Variable(ListOf(OCCURRENCE), lambda ctx: ctx.schedule.occurrences, None),
}
"""Every top-level name of the view (the CEL "activation")."""


class PlanView:
    """The view of one checked plan, built variable by variable as expressions ask."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._values: dict[str, celtypes.Value] = {}
        self._paths: dict[int, ModelPath] = {}
        self._made: dict[object, celtypes.Value] = {}

    def value(self, name: str) -> celtypes.Value:
        if name not in self._values:
            variable = VARIABLES[name]
            self._values[name] = self._convert(
                variable.shape, variable.get(self._ctx), variable.path
            )
        return self._values[name]

    def path_of(self, value: object) -> ModelPath | None:
        """Where in the plan a map of this view was read from (None: not a located map)."""
        return self._paths.get(id(value))

    def _convert(self, shape: Shape, raw: Any, path: ModelPath | None) -> celtypes.Value:
        if isinstance(shape, Scalar):
            return shape.to_cel(raw, self._made)
        if isinstance(shape, ListOf):
            return celtypes.ListType(
                [
                    self._convert(shape.item, item, None if path is None else (*path, index))
                    for index, item in enumerate(raw)
                ]
            )
        return self._record(shape, raw, path)

    def _record(self, record: Record, obj: Any, path: ModelPath | None) -> celtypes.MapType:
        if record.locate is not None:
            path = record.locate(obj, self._ctx)
        values: dict[celtypes.StringType, celtypes.Value] = {}
        for key, entry in zip(record.keys, record.fields, strict=True):
            raw = entry.get(obj, self._ctx)
            if raw is None:
                continue
            inner = (*path, entry.step) if path is not None and entry.step else None
            values[key] = self._convert(entry.shape, raw, inner)
        mapping = celtypes.MapType(values)
        if path is not None:
            self._paths[id(mapping)] = path
        return mapping


plan_view = per_context(PlanView)
"""The view of a run's plan, shared by every expression rule of the run."""
