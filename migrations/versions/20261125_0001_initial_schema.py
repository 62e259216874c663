"""Initial schema: every table of the design, and the append-only guard on the audit trail.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 10:01:17.350734
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "site",
                "department",
                "line",
                name="area_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("hourly_rate", sa.Float(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "hourly_rate IS NULL OR hourly_rate >= 0", name=op.f("ck_areas_hourly_rate_positive")
        ),
        sa.CheckConstraint("length(name) BETWEEN 1 AND 120", name=op.f("ck_areas_name_length")),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["areas.id"], name=op.f("fk_areas_parent_id_areas"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_areas")),
        sa.UniqueConstraint("parent_id", "name", name=op.f("uq_areas_parent_id_name")),
    )
    with op.batch_alter_table("areas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_areas_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=400), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "staff",
                "supervisor",
                "admin",
                name="role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("home_area_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=True),
        sa.Column("pin_failures", sa.Integer(), nullable=False),
        sa.Column("pin_locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("length(name) BETWEEN 1 AND 120", name=op.f("ck_people_name_length")),
        sa.CheckConstraint("pin_failures >= 0", name=op.f("ck_people_pin_failures_positive")),
        sa.ForeignKeyConstraint(
            ["home_area_id"],
            ["areas.id"],
            name=op.f("fk_people_home_area_id_areas"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index("ix_people_active_name", ["active", "name"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_home_area_id"), ["home_area_id"], unique=False)

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_audit_events_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_events_entity", ["entity", "entity_id", "at"], unique=False)

    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("proposal", sa.Text(), nullable=False),
        sa.Column("submitter_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("expected_savings", sa.Float(), nullable=False),
        sa.Column("implementation_cost", sa.Float(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("effort", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "submitted",
                "under_review",
                "accepted",
                "rejected",
                "standardised",
                "abandoned",
                name="suggestion_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("review_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("effort BETWEEN 1 AND 5", name=op.f("ck_suggestions_effort_range")),
        sa.CheckConstraint(
            "expected_savings >= 0", name=op.f("ck_suggestions_expected_savings_positive")
        ),
        sa.CheckConstraint("impact BETWEEN 1 AND 5", name=op.f("ck_suggestions_impact_range")),
        sa.CheckConstraint(
            "implementation_cost >= 0", name=op.f("ck_suggestions_implementation_cost_positive")
        ),
        sa.CheckConstraint(
            "length(title) BETWEEN 1 AND 200", name=op.f("ck_suggestions_title_length")
        ),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["areas.id"],
            name=op.f("fk_suggestions_area_id_areas"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["people.id"],
            name=op.f("fk_suggestions_owner_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["submitter_id"],
            ["people.id"],
            name=op.f("fk_suggestions_submitter_id_people"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestions")),
    )
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_suggestions_area_created", ["area_id", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_suggestions_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_suggestions_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(
            "ix_suggestions_status_created", ["status", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_suggestions_submitter_id"), ["submitter_id"], unique=False
        )

    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("suggestion_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("length(body) >= 1", name=op.f("ck_comments_body_not_empty")),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["people.id"],
            name=op.f("fk_comments_author_id_people"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["comments.id"],
            name=op.f("fk_comments_parent_id_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["suggestion_id"],
            ["suggestions.id"],
            name=op.f("fk_comments_suggestion_id_suggestions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
        sa.UniqueConstraint("id", "suggestion_id", name=op.f("uq_comments_id_suggestion_id")),
    )
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_comments_suggestion_id"), ["suggestion_id"], unique=False
        )

    op.create_table(
        "metrics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("suggestion_id", sa.Integer(), nullable=False),
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
        sa.CheckConstraint("length(name) BETWEEN 1 AND 120", name=op.f("ck_metrics_name_length")),
        sa.ForeignKeyConstraint(
            ["suggestion_id"],
            ["suggestions.id"],
            name=op.f("fk_metrics_suggestion_id_suggestions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metrics")),
    )
    with op.batch_alter_table("metrics", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_metrics_suggestion_id"), ["suggestion_id"], unique=False
        )

    op.create_table(
        "pdca_cycles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("suggestion_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "stage",
            sa.Enum(
                "plan",
                "do",
                "check",
                "act",
                "done",
                name="pdca_stage",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("stage_entered_at", sa.DateTime(), nullable=False),
        sa.Column("problem_statement", sa.Text(), nullable=False),
        sa.Column("why_chain", sa.JSON(), nullable=False),
        sa.Column("root_cause", sa.Text(), nullable=False),
        sa.Column("target_metric", sa.String(length=120), nullable=False),
        sa.Column("target_from", sa.Float(), nullable=True),
        sa.Column("target_to", sa.Float(), nullable=True),
        sa.Column("target_by", sa.Date(), nullable=True),
        sa.Column("countermeasure", sa.Text(), nullable=False),
        sa.Column("check_result", sa.Text(), nullable=False),
        sa.Column(
            "act_decision",
            sa.Enum(
                "adopt",
                "adapt",
                "abandon",
                name="act_decision",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("standard_change", sa.Text(), nullable=False),
        sa.Column("share_note", sa.Text(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_pdca_cycles_number_positive")),
        sa.ForeignKeyConstraint(
            ["suggestion_id"],
            ["suggestions.id"],
            name=op.f("fk_pdca_cycles_suggestion_id_suggestions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pdca_cycles")),
        sa.UniqueConstraint(
            "suggestion_id", "number", name=op.f("uq_pdca_cycles_suggestion_id_number")
        ),
    )
    with op.batch_alter_table("pdca_cycles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pdca_cycles_closed_at"), ["closed_at"], unique=False)
        batch_op.create_index(
            "ix_pdca_cycles_stage_entered", ["stage", "stage_entered_at"], unique=False
        )

    op.create_table(
        "savings_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("suggestion_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "hard",
                "soft",
                "avoidance",
                name="savings_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("is_forecast", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("validated_by_id", sa.Integer(), nullable=True),
        sa.Column("validated_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("month LIKE '____-__'", name=op.f("ck_savings_entries_month_format")),
        sa.ForeignKeyConstraint(
            ["corrects_id"],
            ["savings_entries.id"],
            name=op.f("fk_savings_entries_corrects_id_savings_entries"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["people.id"],
            name=op.f("fk_savings_entries_created_by_id_people"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["suggestion_id"],
            ["suggestions.id"],
            name=op.f("fk_savings_entries_suggestion_id_suggestions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["validated_by_id"],
            ["people.id"],
            name=op.f("fk_savings_entries_validated_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_savings_entries")),
    )
    with op.batch_alter_table("savings_entries", schema=None) as batch_op:
        batch_op.create_index("ix_savings_entries_month_kind", ["month", "kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_savings_entries_suggestion_id"), ["suggestion_id"], unique=False
        )

    op.create_table(
        "suggestion_wastes",
        sa.Column("suggestion_id", sa.Integer(), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "transport",
                "inventory",
                "motion",
                "waiting",
                "overproduction",
                "over_processing",
                "defects",
                name="waste_category",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["suggestion_id"],
            ["suggestions.id"],
            name=op.f("fk_suggestion_wastes_suggestion_id_suggestions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("suggestion_id", "category", name=op.f("pk_suggestion_wastes")),
    )
    with op.batch_alter_table("suggestion_wastes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_suggestion_wastes_category"), ["category"], unique=False
        )

    op.create_table(
        "waste_observations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "transport",
                "inventory",
                "motion",
                "waiting",
                "overproduction",
                "over_processing",
                "defects",
                name="waste_category",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("observer_id", sa.Integer(), nullable=False),
        sa.Column("observed_at", sa.DateTime(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("minutes_per_occurrence", sa.Float(), nullable=False),
        sa.Column("occurrences_per_week", sa.Float(), nullable=False),
        sa.Column("cost_per_occurrence", sa.Float(), nullable=True),
        sa.Column("suggestion_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "cost_per_occurrence IS NULL OR cost_per_occurrence >= 0",
            name=op.f("ck_waste_observations_cost_positive"),
        ),
        sa.CheckConstraint(
            "minutes_per_occurrence >= 0", name=op.f("ck_waste_observations_minutes_positive")
        ),
        sa.CheckConstraint(
            "occurrences_per_week >= 0", name=op.f("ck_waste_observations_occurrences_positive")
        ),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["areas.id"],
            name=op.f("fk_waste_observations_area_id_areas"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["observer_id"],
            ["people.id"],
            name=op.f("fk_waste_observations_observer_id_people"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["suggestion_id"],
            ["suggestions.id"],
            name=op.f("fk_waste_observations_suggestion_id_suggestions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waste_observations")),
    )
    with op.batch_alter_table("waste_observations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_waste_observations_area_observed", ["area_id", "observed_at"], unique=False
        )
        batch_op.create_index(
            "ix_waste_observations_category_observed", ["category", "observed_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_waste_observations_observed_at"), ["observed_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_waste_observations_observer_id"), ["observer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_waste_observations_suggestion_id"), ["suggestion_id"], unique=False
        )

    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("mime_type", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("suggestion_id", sa.Integer(), nullable=True),
        sa.Column("observation_id", sa.Integer(), nullable=True),
        sa.Column("added_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(suggestion_id IS NULL) <> (observation_id IS NULL)",
            name=op.f("ck_attachments_exactly_one_owner"),
        ),
        sa.CheckConstraint("size_bytes >= 0", name=op.f("ck_attachments_size_positive")),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["people.id"],
            name=op.f("fk_attachments_added_by_id_people"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["observation_id"],
            ["waste_observations.id"],
            name=op.f("fk_attachments_observation_id_waste_observations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["suggestion_id"],
            ["suggestions.id"],
            name=op.f("fk_attachments_suggestion_id_suggestions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attachments_observation_id"), ["observation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_attachments_sha256"), ["sha256"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_attachments_suggestion_id"), ["suggestion_id"], unique=False
        )

    op.create_table(
        "measurements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("metric_id", sa.Integer(), nullable=False),
        sa.Column(
            "phase",
            sa.Enum("before", "after", name="phase", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("measured_at", sa.DateTime(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["metric_id"],
            ["metrics.id"],
            name=op.f("fk_measurements_metric_id_metrics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_measurements_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurements")),
    )
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_measurements_metric_phase", ["metric_id", "phase", "measured_at"], unique=False
        )

    op.create_table(
        "pdca_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("length(text) >= 1", name=op.f("ck_pdca_actions_text_not_empty")),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["pdca_cycles.id"],
            name=op.f("fk_pdca_actions_cycle_id_pdca_cycles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["people.id"],
            name=op.f("fk_pdca_actions_owner_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pdca_actions")),
    )
    with op.batch_alter_table("pdca_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pdca_actions_cycle_id"), ["cycle_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pdca_actions_due_date"), ["due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_pdca_actions_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "stage_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column(
            "from_stage",
            sa.Enum(
                "plan",
                "do",
                "check",
                "act",
                "done",
                name="from_stage",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_stage",
            sa.Enum(
                "plan",
                "do",
                "check",
                "act",
                "done",
                name="to_stage",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["pdca_cycles.id"],
            name=op.f("fk_stage_changes_cycle_id_pdca_cycles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_stage_changes_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_changes")),
    )
    with op.batch_alter_table("stage_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stage_changes_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_stage_changes_cycle_id"), ["cycle_id"], unique=False)

    _create_audit_guard()


def downgrade() -> None:
    _drop_audit_guard()
    with op.batch_alter_table("stage_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stage_changes_cycle_id"))
        batch_op.drop_index(batch_op.f("ix_stage_changes_at"))

    op.drop_table("stage_changes")
    with op.batch_alter_table("pdca_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pdca_actions_owner_id"))
        batch_op.drop_index(batch_op.f("ix_pdca_actions_due_date"))
        batch_op.drop_index(batch_op.f("ix_pdca_actions_cycle_id"))

    op.drop_table("pdca_actions")
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.drop_index("ix_measurements_metric_phase")

    op.drop_table("measurements")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_suggestion_id"))
        batch_op.drop_index(batch_op.f("ix_attachments_sha256"))
        batch_op.drop_index(batch_op.f("ix_attachments_observation_id"))

    op.drop_table("attachments")
    with op.batch_alter_table("waste_observations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_waste_observations_suggestion_id"))
        batch_op.drop_index(batch_op.f("ix_waste_observations_observer_id"))
        batch_op.drop_index(batch_op.f("ix_waste_observations_observed_at"))
        batch_op.drop_index("ix_waste_observations_category_observed")
        batch_op.drop_index("ix_waste_observations_area_observed")

    op.drop_table("waste_observations")
    with op.batch_alter_table("suggestion_wastes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestion_wastes_category"))

    op.drop_table("suggestion_wastes")
    with op.batch_alter_table("savings_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_savings_entries_suggestion_id"))
        batch_op.drop_index("ix_savings_entries_month_kind")

    op.drop_table("savings_entries")
    with op.batch_alter_table("pdca_cycles", schema=None) as batch_op:
        batch_op.drop_index("ix_pdca_cycles_stage_entered")
        batch_op.drop_index(batch_op.f("ix_pdca_cycles_closed_at"))

    op.drop_table("pdca_cycles")
    with op.batch_alter_table("metrics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_metrics_suggestion_id"))

    op.drop_table("metrics")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comments_suggestion_id"))

    op.drop_table("comments")
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestions_submitter_id"))
        batch_op.drop_index("ix_suggestions_status_created")
        batch_op.drop_index(batch_op.f("ix_suggestions_owner_id"))
        batch_op.drop_index(batch_op.f("ix_suggestions_created_at"))
        batch_op.drop_index("ix_suggestions_area_created")

    op.drop_table("suggestions")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_entity")
        batch_op.drop_index(batch_op.f("ix_audit_events_at"))

    op.drop_table("audit_events")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_home_area_id"))
        batch_op.drop_index("ix_people_active_name")

    op.drop_table("people")
    op.drop_table("settings")
    with op.batch_alter_table("areas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_areas_parent_id"))

    op.drop_table("areas")


# The audit trail is append-only at the database level, not just in the services: an UPDATE or
# DELETE from any client (a script, a DB browser) fails.
_GUARD_MESSAGE = "audit_events is append-only"


def _create_audit_guard() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
                f"BEGIN SELECT RAISE(ABORT, '{_GUARD_MESSAGE}'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{_GUARD_MESSAGE}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
            "ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()"
        )


def _drop_audit_guard() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
