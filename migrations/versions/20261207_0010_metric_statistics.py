"""Metric statistics plan and savings proof override (issue 17).

A metric gets its statistics plan, recorded (and audited) before the after-data exist: spec
limits and target (for capability), the primary test (Welch's t-test by default, or
Mann-Whitney) and whether it is one-sided, the change hoped for (for the sample-size
calculation), the subgroup size, and the control-chart rule set (NULL = the site default, a
``spc_rule_set`` settings row). A savings entry gets ``proof_override``: the validator's
written reason when savings are validated without statistical proof.

Revision ID: 0010
Revises: 0009 (the lead re-chains revisions at merge time)
Create Date: 2026-12-07 03:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

def _metric_columns() -> list[sa.Column]:
    return [
        sa.Column("lsl", sa.Float(), nullable=True),
        sa.Column("usl", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("target_change", sa.Float(), nullable=True),
        sa.Column("primary_test", sa.String(20), server_default="welch", nullable=False),
        sa.Column("one_sided", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("subgroup_size", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("rule_set", sa.String(20), nullable=True),
    ]


# Plain ALTER TABLE (ADD COLUMN; DROP COLUMN since SQLite 3.35) as revision 0007 does: a batch
# rebuild would copy the tables for columns that only need adding.


def upgrade() -> None:
    for column in _metric_columns():
        op.add_column("metrics", column)
    op.add_column("savings_entries", sa.Column("proof_override", sa.Text(), nullable=True))


def downgrade() -> None:
    _drop("savings_entries", "proof_override")
    for column in reversed(_metric_columns()):
        _drop("metrics", column.name)


def _drop(table: str, column: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_column(table, column)
