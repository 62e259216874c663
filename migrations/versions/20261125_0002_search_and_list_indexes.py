"""Full-text search and the indexes that keep the big lists instant at 200,000 rows.

The ideas and waste-walk lists sort and filter in SQL. Every sortable column gets an index of
its own, so a sort is a walk along an index (each SQLite index ends with the row id, which breaks
ties for free); names and titles sort case-insensitively through an index on ``col COLLATE
NOCASE`` (SQLite) or ``lower(col)`` (PostgreSQL).

Text search: on SQLite, FTS5 external-content tables over the text columns, kept in step by
triggers on insert, update and delete, and filled from the rows already there; on PostgreSQL,
GIN indexes on ``to_tsvector('simple', ...)``. kaizen/db/search.py builds the queries that use
them; the SQL below is a frozen copy of what it expects (a change there needs a new revision).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 10:26:39.500163
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_suggestions_area_id"), ["area_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_suggestions_due_date"), ["due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_suggestions_effort"), ["effort"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_suggestions_expected_savings"), ["expected_savings"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_suggestions_impact"), ["impact"], unique=False)
        batch_op.create_index(batch_op.f("ix_suggestions_status"), ["status"], unique=False)

    with op.batch_alter_table("waste_observations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_waste_observations_area_id"), ["area_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_waste_observations_category"), ["category"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_waste_observations_minutes_per_occurrence"),
            ["minutes_per_occurrence"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_waste_observations_occurrences_per_week"),
            ["occurrences_per_week"],
            unique=False,
        )

    _create_search()


def downgrade() -> None:
    _drop_search()

    with op.batch_alter_table("waste_observations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_waste_observations_occurrences_per_week"))
        batch_op.drop_index(batch_op.f("ix_waste_observations_minutes_per_occurrence"))
        batch_op.drop_index(batch_op.f("ix_waste_observations_category"))
        batch_op.drop_index(batch_op.f("ix_waste_observations_area_id"))

    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestions_status"))
        batch_op.drop_index(batch_op.f("ix_suggestions_impact"))
        batch_op.drop_index(batch_op.f("ix_suggestions_expected_savings"))
        batch_op.drop_index(batch_op.f("ix_suggestions_effort"))
        batch_op.drop_index(batch_op.f("ix_suggestions_due_date"))
        batch_op.drop_index(batch_op.f("ix_suggestions_area_id"))


# --- search and case-insensitive sorting: not in Base.metadata, so written by hand -------------

# table -> its searchable text columns (kaizen.db.search.TEXT_INDEXES at this revision).
TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "suggestions": ("title", "problem", "proposal"),
    "waste_observations": ("description",),
}
# index -> (table, column) (kaizen.db.search.CASEFOLD_INDEXES at this revision).
CASEFOLD_INDEXES: dict[str, tuple[str, str]] = {
    "ix_suggestions_title_ci": ("suggestions", "title"),
    "ix_areas_name_ci": ("areas", "name"),
    "ix_people_name_ci": ("people", "name"),
}
# remove_diacritics 2: "café" is found by "cafe"; prefix indexes make 2- and 3-letter prefix
# searches (the first keystrokes) cheap.
FTS5_OPTIONS = "tokenize='unicode61 remove_diacritics 2', prefix='2 3'"


def pg_document(columns: Sequence[str]) -> str:
    """The indexed expression; the queries of kaizen.db.search must build exactly this one."""
    return "to_tsvector('simple', " + " || ' ' || ".join(columns) + ")"


def sqlite_fts_statements(table: str, columns: Sequence[str]) -> list[str]:
    """The FTS5 table over ``table``, its three triggers, and its backfill."""
    fts = f"{table}_fts"
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    insert_new = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
    # An external-content table forgets a row by being told the values it indexed.
    delete_old = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', "
        f"content_rowid='id', {FTS5_OPTIONS})",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert_new} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {delete_old} END",
        # Only when the text (or the id) changes: a status change does not touch the index.
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF id, {cols} ON {table} "
        f"BEGIN {delete_old} {insert_new} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def _create_search() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table, columns in TEXT_COLUMNS.items():
            for statement in sqlite_fts_statements(table, columns):
                op.execute(statement)
        for name, (table, column) in CASEFOLD_INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON {table} ({column} COLLATE NOCASE)")
    elif dialect == "postgresql":
        for table, columns in TEXT_COLUMNS.items():
            op.execute(
                f"CREATE INDEX ix_{table}_search ON {table} USING gin ({pg_document(columns)})"
            )
        for name, (table, column) in CASEFOLD_INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON {table} (lower({column}))")


def _drop_search() -> None:
    dialect = op.get_bind().dialect.name
    for name in CASEFOLD_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    if dialect == "sqlite":
        for table in TEXT_COLUMNS:
            fts = f"{table}_fts"
            for verb in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{verb}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
    elif dialect == "postgresql":
        for table in TEXT_COLUMNS:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
