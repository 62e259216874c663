"""Two indexes for the PDCA board's read (issue 21: the best plan for the board's statements).

- ``ix_pdca_cycles_open``: the open cycles only (``stage <> 'done'``, a partial index). On a
  site of ten years most cycles are done, and the board reads the open ones: without it SQLite
  scanned every cycle (its statistics know five stages, not that one holds nine rows in ten).
  The board's statement names the same condition as a literal, so both databases use it.
- ``ix_pdca_cycles_version``: the change token sums every cycle's version; with this index it
  reads the small index instead of every cycle's row (a cycle row carries its plan's texts).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 11:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("stage <> 'done'")


def upgrade() -> None:
    op.create_index("ix_pdca_cycles_open", "pdca_cycles", ["stage"], sqlite_where=OPEN,
                    postgresql_where=OPEN)
    op.create_index("ix_pdca_cycles_version", "pdca_cycles", ["version"])


def downgrade() -> None:
    op.drop_index("ix_pdca_cycles_version", table_name="pdca_cycles")
    op.drop_index("ix_pdca_cycles_open", table_name="pdca_cycles")
