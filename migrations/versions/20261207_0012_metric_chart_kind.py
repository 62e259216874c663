"""A metric's control chart in its statistics plan (issue 17): which chart and, for p and u
charts, how many items or units each measurement was counted over.

``chart_kind`` NULL means "automatic" (I-MR for single values, X-bar/R for subgroups);
``sample_size`` is only read by p and u charts.

Revision ID: 0012
Revises: 0011 (the lead re-chains revisions at merge time)
Create Date: 2026-12-07 05:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Plain ALTER TABLE as revisions 0007 and 0010 do: the columns only need adding.


def upgrade() -> None:
    op.add_column("metrics", sa.Column("chart_kind", sa.String(20), nullable=True))
    op.add_column("metrics", sa.Column("sample_size", sa.Float(), nullable=True))


def downgrade() -> None:
    for column in ("sample_size", "chart_kind"):
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE metrics DROP COLUMN {column}")
        else:
            op.drop_column("metrics", column)
