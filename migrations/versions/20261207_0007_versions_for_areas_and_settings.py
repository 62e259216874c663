"""Areas and site settings get a version counter (issue 14, data loss 4).

Two admins editing the same area or the site settings: the second save silently undid the first.
Ideas and people already carry a ``version`` (SQLAlchemy's ``version_id_col``); areas and each
settings row get one too, starting at 1 for the rows already there, so the services can refuse a
save made on a stale copy ("changed by NAME at TIME") and two saves at the same instant end in a
Conflict for the second.

Revision ID: 0007
Revises: 0006 (the lead re-chains revisions at merge time)
Create Date: 2026-12-07 02:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("areas", "settings")


# Plain ALTER TABLE on SQLite too (ADD COLUMN always, DROP COLUMN since SQLite 3.35): a batch
# rebuild of ``areas`` would drop its ``ix_areas_name_ci`` index's COLLATE NOCASE (revision 0002).


def upgrade() -> None:
    for table in TABLES:
        op.add_column(
            table, sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TABLES:
        if sqlite:
            op.execute(f"ALTER TABLE {table} DROP COLUMN version")
        else:
            op.drop_column(table, "version")
