"""Proof of improvement: metrics with before/after measurements, and the savings ledger."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kaizen.db.base import Base, str_enum
from kaizen.domain.enums import MeasurementPhase, MetricDirection, SavingsKind


class Metric(Base):
    __tablename__ = "metrics"
    __table_args__ = (CheckConstraint("length(name) BETWEEN 1 AND 120", name="name_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(
        ForeignKey("suggestions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    unit: Mapped[str] = mapped_column(String(40), default="")
    direction: Mapped[MetricDirection] = mapped_column(
        str_enum(MetricDirection, "metric_direction")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # The statistics plan (issue 17, revision 0010): spec limits and target for capability;
    # the primary test and sidedness fixed before the after-data; the change hoped for (sample
    # size); the subgroup size; the rule set (None = the site default).
    lsl: Mapped[float | None] = mapped_column(Float)
    usl: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    target_change: Mapped[float | None] = mapped_column(Float)
    primary_test: Mapped[str] = mapped_column(String(20), default="welch",
                                              server_default="welch")
    one_sided: Mapped[bool] = mapped_column(default=False, server_default=false())
    subgroup_size: Mapped[int] = mapped_column(default=1, server_default=text("1"))
    rule_set: Mapped[str | None] = mapped_column(String(20))
    # Revision 0012: the control chart (None = automatic: I-MR, or X-bar/R for subgroups) and
    # the items (p) or units (u) each measurement was counted over.
    chart_kind: Mapped[str | None] = mapped_column(String(20))
    sample_size: Mapped[float | None] = mapped_column(Float)

    measurements: Mapped[list[Measurement]] = relationship(
        back_populates="metric", cascade="all, delete-orphan"
    )


class Measurement(Base):
    __tablename__ = "measurements"
    __table_args__ = (Index("ix_measurements_metric_phase", "metric_id", "phase", "measured_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    metric_id: Mapped[int] = mapped_column(ForeignKey("metrics.id", ondelete="CASCADE"))
    phase: Mapped[MeasurementPhase] = mapped_column(str_enum(MeasurementPhase, "phase"))
    value: Mapped[float] = mapped_column(Float)
    measured_at: Mapped[datetime] = mapped_column(DateTime)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))

    metric: Mapped[Metric] = relationship(back_populates="measurements")


class SavingsEntry(Base):
    """One month of savings for a suggestion. Validated actuals are locked; corrections are new
    entries that point at the one they correct."""

    __tablename__ = "savings_entries"
    __table_args__ = (
        CheckConstraint("month LIKE '____-__'", name="month_format"),
        # Monthly totals group on (month, kind, is_forecast) in index order, and every column
        # they read is in the index: a year of the ledger never touches the table.
        Index("ix_savings_entries_month_totals", "month", "kind", "is_forecast", "validated_at",
              "amount", "suggestion_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(
        ForeignKey("suggestions.id", ondelete="CASCADE"), index=True
    )
    # "YYYY-MM": stored as text so monthly grouping uses the index (no strftime per row).
    month: Mapped[str] = mapped_column(String(7))
    amount: Mapped[float] = mapped_column(Float)
    kind: Mapped[SavingsKind] = mapped_column(str_enum(SavingsKind, "savings_kind"))
    is_forecast: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    corrects_id: Mapped[int | None] = mapped_column(
        ForeignKey("savings_entries.id", ondelete="RESTRICT")
    )
    created_by_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    validated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    validated_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Why it was validated without statistical proof (issue 17), written by the validator.
    proof_override: Mapped[str | None] = mapped_column(Text)
