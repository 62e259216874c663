"""Processes (issue 18): processes, their maps (the process model document as JSON text, current
and future states, version-checked), the steps observations and ideas link to, KPI series and
points. See docs/process-model.md, "Storage".

down_revision is "0005" on its own branch; the lead re-chains it at merge time.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 01:52:36.597229
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "processes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("length(name) BETWEEN 1 AND 120", name=op.f("ck_processes_name_length")),
        sa.ForeignKeyConstraint(
            ["area_id"], ["areas.id"], name=op.f("fk_processes_area_id_areas"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_processes")),
        sa.UniqueConstraint("name", name=op.f("uq_processes_name")),
    )
    with op.batch_alter_table("processes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_processes_area_id"), ["area_id"], unique=False)

    op.create_table(
        "kpi_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "cycle_time",
                "lead_time",
                "error_rate",
                "throughput",
                "customer_satisfaction",
                "custom",
                name="kpi_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column(
            "direction",
            sa.Enum(
                "lower",
                "higher",
                name="metric_direction",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "length(name) BETWEEN 1 AND 120", name=op.f("ck_kpi_series_name_length")
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["processes.id"],
            name=op.f("fk_kpi_series_process_id_processes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_series")),
        sa.UniqueConstraint("process_id", "name", name=op.f("uq_kpi_series_process_id_name")),
    )
    op.create_table(
        "kpi_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "typed",
                "pasted",
                "csv",
                "event_log",
                name="kpi_source",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_kpi_points_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["kpi_series.id"],
            name=op.f("fk_kpi_points_series_id_kpi_series"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_points")),
    )
    with op.batch_alter_table("kpi_points", schema=None) as batch_op:
        batch_op.create_index("ix_kpi_points_series_at", ["series_id", "at"], unique=False)

    op.create_table(
        "process_maps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "current", "future", name="map_kind", native_enum=False, create_constraint=True
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("copied_from_id", sa.Integer(), nullable=True),
        sa.Column("suggestion_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "length(name) BETWEEN 1 AND 120", name=op.f("ck_process_maps_name_length")
        ),
        sa.ForeignKeyConstraint(
            ["copied_from_id"],
            ["process_maps.id"],
            name=op.f("fk_process_maps_copied_from_id_process_maps"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["processes.id"],
            name=op.f("fk_process_maps_process_id_processes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["suggestion_id"],
            ["suggestions.id"],
            name=op.f("fk_process_maps_suggestion_id_suggestions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process_maps")),
    )
    with op.batch_alter_table("process_maps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_process_maps_copied_from_id"), ["copied_from_id"], unique=False
        )
        batch_op.create_index(
            "ix_process_maps_one_current",
            ["process_id"],
            unique=True,
            sqlite_where=sa.text("kind = 'current'"),
            postgresql_where=sa.text("kind = 'current'"),
        )
        batch_op.create_index(
            batch_op.f("ix_process_maps_process_id"), ["process_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_process_maps_suggestion_id"), ["suggestion_id"], unique=False
        )

    op.create_table(
        "process_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("map_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["map_id"],
            ["process_maps.id"],
            name=op.f("fk_process_steps_map_id_process_maps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process_steps")),
        sa.UniqueConstraint("map_id", "name", name=op.f("uq_process_steps_map_id_name")),
    )
    op.create_table(
        "process_step_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.Integer(), nullable=False),
        sa.Column("observation_id", sa.Integer(), nullable=True),
        sa.Column("suggestion_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(observation_id IS NULL) <> (suggestion_id IS NULL)",
            name=op.f("ck_process_step_links_exactly_one_target"),
        ),
        sa.ForeignKeyConstraint(
            ["observation_id"],
            ["waste_observations.id"],
            name=op.f("fk_process_step_links_observation_id_waste_observations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["step_id"],
            ["process_steps.id"],
            name=op.f("fk_process_step_links_step_id_process_steps"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["suggestion_id"],
            ["suggestions.id"],
            name=op.f("fk_process_step_links_suggestion_id_suggestions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process_step_links")),
        sa.UniqueConstraint(
            "step_id", "observation_id", name=op.f("uq_process_step_links_step_id_observation_id")
        ),
        sa.UniqueConstraint(
            "step_id", "suggestion_id", name=op.f("uq_process_step_links_step_id_suggestion_id")
        ),
    )
    with op.batch_alter_table("process_step_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_process_step_links_observation_id"), ["observation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_process_step_links_step_id"), ["step_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_process_step_links_suggestion_id"), ["suggestion_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("process_step_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_process_step_links_suggestion_id"))
        batch_op.drop_index(batch_op.f("ix_process_step_links_step_id"))
        batch_op.drop_index(batch_op.f("ix_process_step_links_observation_id"))

    op.drop_table("process_step_links")
    op.drop_table("process_steps")
    with op.batch_alter_table("process_maps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_process_maps_suggestion_id"))
        batch_op.drop_index(batch_op.f("ix_process_maps_process_id"))
        batch_op.drop_index(
            "ix_process_maps_one_current",
            sqlite_where=sa.text("kind = 'current'"),
            postgresql_where=sa.text("kind = 'current'"),
        )
        batch_op.drop_index(batch_op.f("ix_process_maps_copied_from_id"))

    op.drop_table("process_maps")
    with op.batch_alter_table("kpi_points", schema=None) as batch_op:
        batch_op.drop_index("ix_kpi_points_series_at")

    op.drop_table("kpi_points")
    op.drop_table("kpi_series")
    with op.batch_alter_table("processes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_processes_area_id"))

    op.drop_table("processes")
