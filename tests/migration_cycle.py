"""The up/down/up shape every revision's test has (issue 15: it was written out in each one):
from the revision below up to the revision, down again, and up once more, checking at each step
that the revision's schema objects are there or gone, with the test's own rows and checks in
between (on SQLite and on PostgreSQL, as the ``fresh`` database is)."""

from __future__ import annotations

from collections.abc import Callable

from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

from kaizen.db import migrate
from kaizen.db.engine import Database

Step = Callable[[Database], object]


def tables(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def columns(db: Database, table: str) -> set[str]:
    with db.engine.connect() as conn:
        return {c["name"] for c in inspect(conn).get_columns(table)}


def below(revision: str) -> str:
    """The revision ``revision`` follows (its down_revision)."""
    script = ScriptDirectory.from_config(migrate.alembic_config()).get_revision(revision)
    assert isinstance(script.down_revision, str)
    return script.down_revision


def up_down_up(db: Database, revision: str, present: Callable[[Database], bool], *,
               start: str | None = None, seed: Step | None = None,
               upgraded: Step | None = None, downgraded: Step | None = None) -> None:
    """Up from ``start`` (default: the revision below) to ``revision``, down and up again.

    ``present(db)`` says whether the revision's schema objects are there: never at ``start``,
    always at ``revision``. ``seed`` writes rows at ``start`` (the upgrade must take them),
    ``upgraded`` checks the database just after the first upgrade, ``downgraded`` what the
    downgrade kept."""
    start = start or below(revision)
    migrate.upgrade(db, revision=start)
    assert not present(db)
    if seed is not None:
        seed(db)
    migrate.upgrade(db, revision=revision)
    assert present(db)
    if upgraded is not None:
        upgraded(db)
    migrate.downgrade(db, start)
    assert not present(db)
    if downgraded is not None:
        downgraded(db)
    migrate.upgrade(db, revision=revision)
    assert present(db)


# Rows in plain SQL that every revision since 0009 takes, for the revisions that change these
# tables to start from (each refers to the rows before it: area 1, person 1, idea 1, process 1).
ROWS = {
    "areas": "INSERT INTO areas (name, kind, active) VALUES ('Site', 'site', true)",
    "people": "INSERT INTO people (name, role, active, pin_failures, created_at, version)"
              " VALUES ('Sam', 'supervisor', true, 0, '2026-01-01 00:00:00', 1)",
    "suggestions": "INSERT INTO suggestions (title, problem, proposal, submitter_id, area_id,"
                   " status, impact, effort, expected_savings, implementation_cost, review_note,"
                   " created_at, updated_at, version) VALUES ('Idea', 'p', 'c', 1, 1,"
                   " 'accepted', 3, 2, 0, 0, '', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)",
    "metrics": "INSERT INTO metrics (suggestion_id, name, unit, direction, created_at)"
               " VALUES (1, 'Cycle time', 'min', 'lower', '2026-01-01 00:00:00')",
    "processes": "INSERT INTO processes (name, area_id, description, created_at, updated_at,"
                 " version) VALUES ('P', 1, '', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)",
    "process_maps": "INSERT INTO process_maps (process_id, kind, name, document, created_at,"
                    " updated_at, version) VALUES (1, 'current', 'P', '{}',"
                    " '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)",
}


def insert(conn: Connection, *tables: str) -> None:
    """One row of each of ``tables`` (from :data:`ROWS`), in that order."""
    for table in tables:
        conn.execute(text(ROWS[table]))


def all_or_none(wanted: set[str], found: set[str]) -> bool:
    """Whether the ``wanted`` tables or columns are there: all of them, or none (a part is a
    half-done revision and fails)."""
    part = wanted & found
    assert part in (set(), wanted)
    return bool(part)


def count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
