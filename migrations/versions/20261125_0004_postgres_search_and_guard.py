"""PostgreSQL: accent-blind search, and the audit guard's refusal as an integrity error.

Nothing changes on SQLite (FTS5's ``remove_diacritics`` already ignores accents, and its
``RAISE(ABORT)`` is already an integrity error).

- Search: the GIN indexes of revision 0002 used the ``simple`` configuration, which keeps
  accents ("café" was not found by "cafe", unlike on SQLite). A text search configuration
  ``kaizen_search`` (a copy of ``simple`` whose words go through the ``unaccent`` dictionary,
  from PostgreSQL's own ``unaccent`` extension, trusted: the database owner may create it)
  replaces it, and the indexes are rebuilt on it. kaizen/db/search.py builds the same expression.
- Audit guard: ``RAISE EXCEPTION`` without a code is SQLSTATE P0001 (a "programming error" to
  the driver); with ``integrity_constraint_violation`` the refusal reaches the services as the
  same IntegrityError SQLite gives.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 14:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> its searchable text columns (kaizen.db.search.TEXT_INDEXES at this revision).
TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "suggestions": ("title", "problem", "proposal"),
    "waste_observations": ("description",),
}
TEXT_CONFIG = "kaizen_search"
_GUARD_MESSAGE = "audit_events is append-only"


def pg_document(columns: Sequence[str], config: str = TEXT_CONFIG) -> str:
    """The indexed expression; the queries of kaizen.db.search must build exactly this one."""
    return f"to_tsvector('{config}', " + " || ' ' || ".join(columns) + ")"


def _guard(code: str | None) -> None:
    using = f" USING ERRCODE = '{code}'" if code else ""
    op.execute(
        "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{_GUARD_MESSAGE}'{using}; END $$"
    )


def _indexes(config: str) -> None:
    for table, columns in TEXT_COLUMNS.items():
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
        op.execute(
            f"CREATE INDEX ix_{table}_search ON {table} USING gin "
            f"({pg_document(columns, config)})"
        )


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _guard("integrity_constraint_violation")
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute(f"CREATE TEXT SEARCH CONFIGURATION {TEXT_CONFIG} (COPY = simple)")
    op.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {TEXT_CONFIG} "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple"
    )
    _indexes(TEXT_CONFIG)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _indexes("simple")
    op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {TEXT_CONFIG}")
    _guard(None)
