"""PostgreSQL roles and row-level security for a ledger shared by many units.

A county keeps one database for all its units. ``secure_units`` gives each unit a group
role (NOLOGIN: the clerks' own login roles are made members of it) and the county a
reading role, then lets the database enforce, whatever client connects:

- a unit's members SELECT and INSERT only rows whose ``unit`` is theirs (an INSERT that
  claims another unit is refused);
- the county role SELECTs every row and writes none;
- nobody is granted UPDATE, DELETE or TRUNCATE, and the append-only triggers of
  ``schema`` refuse them even to the database owner.

The unit ↔ role map lives in ``ledger_units``; the policies look up the caller's units
there with ``pg_has_role``, so membership granted later (``GRANT am_unit_… TO clerk``)
takes effect without touching the policies. Running it again adds units and re-creates
the policies; it changes nothing it already did.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from activitymonth.i18n import Text
from activitymonth.ledger.errors import LedgerError
from activitymonth.ledger.schema import HISTORY_TABLES, schema_version

COUNTY_ROLE = "activitymonth_county"

_security = sa.MetaData()
ledger_units = sa.Table(
    "ledger_units",
    _security,
    sa.Column("unit", sa.String(200), primary_key=True),
    sa.Column("role", sa.String(63), nullable=False, unique=True),
)

_MY_UNITS = "unit IN (SELECT u.unit FROM ledger_units u WHERE pg_has_role(u.role, 'MEMBER'))"


@dataclass(frozen=True, slots=True)
class UnitRole:
    unit: str
    role: str


def unit_role_name(unit: str) -> str:
    """A stable role name for a unit: role names are ASCII-friendly and at most 63 bytes,
    unit names are long Chinese names, so the name is derived from a hash."""
    return "am_unit_" + hashlib.sha256(unit.encode()).hexdigest()[:12]


def parse_unit_spec(spec: str) -> UnitRole:
    """``甲局`` (role name derived) or ``甲局=jiaju`` (role name chosen)."""
    unit, _, role = (part.strip() for part in spec.partition("="))
    if not unit:
        raise LedgerError(
            Text(f"单位名 “{spec}” 为空", f"empty unit name in '{spec}'"),
            Text("写成 --units 甲局,乙局", "write --units 甲局,乙局"),
        )
    return UnitRole(unit, role or unit_role_name(unit))


def secure_units(
    conn: Connection, units: Sequence[UnitRole], county_role: str = COUNTY_ROLE
) -> list[UnitRole]:
    """Create the roles and policies; returns every unit's role (old and new)."""
    if conn.dialect.name != "postgresql":
        raise LedgerError(
            Text(
                "按单位分权限（--units）需要 PostgreSQL；SQLite 台账是单个单位的文件",
                "per-unit access (--units) needs PostgreSQL; a SQLite ledger is one unit's file",
            ),
            Text("用 --db postgresql://… 指定共享数据库", "give --db postgresql://…"),
        )
    ledger_units.create(conn, checkfirst=True)
    known = {row.unit: row.role for row in conn.execute(sa.select(ledger_units))}
    for wanted in units:
        if known.get(wanted.unit, wanted.role) != wanted.role:
            raise LedgerError(
                Text(
                    f"单位 “{wanted.unit}” 已对应角色 {known[wanted.unit]}",
                    f"unit '{wanted.unit}' already has the role {known[wanted.unit]}",
                ),
                Text(
                    f"去掉 ={wanted.role}，沿用 {known[wanted.unit]}",
                    f"drop ={wanted.role} and keep {known[wanted.unit]}",
                ),
            )
        if wanted.unit not in known:
            _create_role(conn, wanted.role)
            conn.execute(ledger_units.insert().values(unit=wanted.unit, role=wanted.role))
            known[wanted.unit] = wanted.role
    _create_role(conn, county_role)
    roles = sorted(set(known.values()))
    _grant_and_protect(conn, roles, county_role)
    return [UnitRole(unit, role) for unit, role in sorted(known.items())]


def _create_role(conn: Connection, role: str) -> None:
    exists = conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
    if exists.first() is None:
        conn.exec_driver_sql(f"CREATE ROLE {_quote(conn, role)} NOLOGIN")


def _grant_and_protect(conn: Connection, unit_roles: list[str], county_role: str) -> None:
    units = ", ".join(_quote(conn, role) for role in unit_roles)
    county = _quote(conn, county_role)
    everyone = f"{units}, {county}"
    schema = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {_quote(conn, schema)} TO {everyone}")
    for table in (schema_version, ledger_units):
        conn.exec_driver_sql(f"GRANT SELECT ON {table.name} TO {everyone}")
    for table in HISTORY_TABLES:
        name = table.name
        conn.exec_driver_sql(f"REVOKE UPDATE, DELETE, TRUNCATE ON {name} FROM PUBLIC")
        conn.exec_driver_sql(f"GRANT SELECT, INSERT ON {name} TO {units}")
        conn.exec_driver_sql(f"GRANT SELECT ON {name} TO {county}")
        conn.exec_driver_sql(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY")
        for policy, clause in (
            ("am_unit_read", f"FOR SELECT USING ({_MY_UNITS})"),
            ("am_unit_write", f"FOR INSERT WITH CHECK ({_MY_UNITS})"),
            ("am_county_read", f"FOR SELECT TO {county} USING (true)"),
        ):
            conn.exec_driver_sql(f"DROP POLICY IF EXISTS {policy} ON {name}")
            conn.exec_driver_sql(f"CREATE POLICY {policy} ON {name} {clause}")
        if "id" in table.c:
            sequence = conn.execute(
                sa.text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": name}
            ).scalar_one()
            conn.exec_driver_sql(f"GRANT USAGE ON SEQUENCE {sequence} TO {units}")


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)
