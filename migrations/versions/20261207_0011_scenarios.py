"""What-if scenarios (issue 20): a map copy with its changes, its last results and the idea it
forecasts for.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 03:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scenarios",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("map_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("results", sa.Text(), nullable=True),
        sa.Column("run_at", sa.DateTime(), nullable=True),
        sa.Column("suggestion_id", sa.Integer(), nullable=True),
        sa.Column("forecast_hours", sa.Float(), nullable=True),
        sa.Column("forecast_amount", sa.Float(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("length(name) BETWEEN 1 AND 120",
                           name=op.f("ck_scenarios_name_length")),
        sa.CheckConstraint("forecast_amount IS NULL OR forecast_amount >= 0",
                           name=op.f("ck_scenarios_forecast_amount_positive")),
        sa.ForeignKeyConstraint(["map_id"], ["process_maps.id"],
                                name=op.f("fk_scenarios_map_id_process_maps"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["suggestion_id"], ["suggestions.id"],
                                name=op.f("fk_scenarios_suggestion_id_suggestions"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["created_by_id"], ["people.id"],
                                name=op.f("fk_scenarios_created_by_id_people"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scenarios")),
        sa.UniqueConstraint("map_id", "name", name=op.f("uq_scenarios_map_id_name")),
    )
    with op.batch_alter_table("scenarios", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scenarios_map_id"), ["map_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_scenarios_suggestion_id"), ["suggestion_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_scenarios_created_by_id"), ["created_by_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("scenarios", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scenarios_created_by_id"))
        batch_op.drop_index(batch_op.f("ix_scenarios_suggestion_id"))
        batch_op.drop_index(batch_op.f("ix_scenarios_map_id"))
    op.drop_table("scenarios")
