"""Event logs (issue 19): the imported logs, their name dictionaries and their events.

Activities, cases, resources and lifecycle transitions are stored once per log in
``event_log_names`` and referred to by integer codes; ``event_log_events`` holds one row per
event in the mining engine's order (``seq``). Both child tables are WITHOUT ROWID on SQLite: the
primary key is the table, so an import writes one b-tree, not a table and an index. The events'
``log_id`` has no foreign key: checked once per row, it made a bulk COPY five times slower; the
service writes and deletes events only together with their log.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 02:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_logs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("source_file", sa.String(length=1000), nullable=False),
        sa.Column("source_format", sa.String(length=10), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("activities", sa.Integer(), nullable=False),
        sa.Column("resources", sa.Integer(), nullable=False),
        sa.Column("first_ns", sa.BigInteger(), nullable=False),
        sa.Column("last_ns", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("length(name) BETWEEN 1 AND 200",
                           name=op.f("ck_event_logs_name_length")),
        sa.ForeignKeyConstraint(["imported_by_id"], ["people.id"],
                                name=op.f("fk_event_logs_imported_by_id_people"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_logs")),
        sa.UniqueConstraint("name", name=op.f("uq_event_logs_name")),
    )
    op.create_table(
        "event_log_names",
        sa.Column("log_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("code", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('activity', 'case', 'resource', 'lifecycle')",
                           name=op.f("ck_event_log_names_kind_known")),
        sa.ForeignKeyConstraint(["log_id"], ["event_logs.id"],
                                name=op.f("fk_event_log_names_log_id_event_logs"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("log_id", "kind", "code", name=op.f("pk_event_log_names")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "event_log_events",
        sa.Column("log_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("case_code", sa.Integer(), nullable=False),
        sa.Column("activity_code", sa.Integer(), nullable=False),
        sa.Column("ts_ns", sa.BigInteger(), nullable=False),
        sa.Column("resource_code", sa.Integer(), nullable=False),
        sa.Column("lifecycle_code", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("log_id", "seq", name=op.f("pk_event_log_events")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("event_log_events")
    op.drop_table("event_log_names")
    op.drop_table("event_logs")
