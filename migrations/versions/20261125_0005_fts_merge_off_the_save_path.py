"""SQLite: full-text index merging off the save path.

FTS5 merges its index segments inside the write that crosses each 64-page mark
(``automerge=4``): about 20 ms of CPU in one save out of 64 on a ten-year site, the whole of the
save's p99 (issue 8). With ``automerge=0`` a save never merges; with ``crisismerge=64`` the small
segments of single saves are merged in one go (about 5 ms) only once 64 of them pile up on one
level, and the database's background worker merges a little at a time while saves pause
(kaizen/db/search.py ``merge_step``), so searches stay on few segments. The settings live in
each FTS5 table's ``_config`` shadow table, written with FTS5's special INSERT.

Nothing changes on PostgreSQL (its search is a GIN index, see revision 0002).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 17:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The FTS5 tables of revision 0002 (kaizen.db.search.TEXT_INDEXES at this revision).
FTS_TABLES = ("suggestions_fts", "waste_observations_fts")
TUNED = (("automerge", 0), ("crisismerge", 64))
FTS5_DEFAULTS = (("automerge", 4), ("crisismerge", 16))


def _configure(settings: Sequence[tuple[str, int]]) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in FTS_TABLES:
        for name, value in settings:
            op.execute(f"INSERT INTO {table}({table}, rank) VALUES ('{name}', {int(value)})")


def upgrade() -> None:
    _configure(TUNED)


def downgrade() -> None:
    _configure(FTS5_DEFAULTS)
