"""People get an optional badge number (issue 22: the shop-floor kiosk).

On a shared PC a person picks themselves from a list or types (or scans) the number on their
badge; staff need no PIN there. The number is optional, at most 32 characters, and unique among
the people who have one (a unique index: NULLs never collide on SQLite or PostgreSQL).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 05:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on SQLite too, as revision 0007 does: a batch rebuild of ``people`` is not
# needed to add or drop one nullable column.


def upgrade() -> None:
    op.add_column("people", sa.Column("badge_number", sa.String(length=32), nullable=True))
    op.create_index("ix_people_badge_number", "people", ["badge_number"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_people_badge_number", table_name="people")
    op.drop_column("people", "badge_number")
