"""Processes (issue 18): their maps as process model documents, the steps observations and ideas
link to, and KPI series over time.

A map's document is stored whole as JSON text (docs/process-model.md, "Storage"): the one parser
(kaizen/domain/process_model.py) reads and checks it, and flows are read from it. ``process_steps``
mirrors the step names of each map, rewritten on every save, so a waste observation or an idea
can point at a step (``process_step_links``) without any change to the capture tables.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kaizen.db.base import Base, partial_index, str_enum
from kaizen.domain.enums import MetricDirection
from kaizen.domain.kpis import KpiKind, KpiSource, MapKind


class Process(Base):
    __tablename__ = "processes"
    __table_args__ = (
        UniqueConstraint("name"),
        CheckConstraint("length(name) BETWEEN 1 AND 120", name="name_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique site-wide: `kaizen process export NAME` names a process by it.
    name: Mapped[str] = mapped_column(String(120))
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="RESTRICT"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(default=1)

    maps: Mapped[list[ProcessMap]] = relationship(
        back_populates="process", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}


class ProcessMap(Base):
    """One map of a process: its current state (one per process) or a future state."""

    __tablename__ = "process_maps"
    __table_args__ = (
        CheckConstraint("length(name) BETWEEN 1 AND 120", name="name_length"),
        # One current state per process; any number of future states.
        partial_index("ix_process_maps_one_current", "process_id", unique=True,
                      where="kind = 'current'"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[MapKind] = mapped_column(str_enum(MapKind, "map_kind"))
    # The document's own name ("Order handling, future state"), kept here for lists.
    name: Mapped[str] = mapped_column(String(120))
    document: Mapped[str] = mapped_column(Text)
    # The map this one was copied from (a future state from the current one).
    copied_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("process_maps.id", ondelete="SET NULL"), index=True
    )
    # The idea that carries this future-state map.
    suggestion_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestions.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(default=1)

    process: Mapped[Process] = relationship(back_populates="maps")
    steps: Mapped[list[ProcessStep]] = relationship(
        back_populates="map", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ProcessStep.position",
    )

    __mapper_args__ = {"version_id_col": version}


class ProcessStep(Base):
    """A step of a map, by name, in document order: what links point at."""

    __tablename__ = "process_steps"
    __table_args__ = (UniqueConstraint("map_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("process_maps.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer)

    map: Mapped[ProcessMap] = relationship(back_populates="steps")


class ProcessStepLink(Base):
    """A waste observation or an idea about one step of a map (exactly one of the two)."""

    __tablename__ = "process_step_links"
    __table_args__ = (
        CheckConstraint(
            "(observation_id IS NULL) <> (suggestion_id IS NULL)", name="exactly_one_target"
        ),
        UniqueConstraint("step_id", "observation_id"),
        UniqueConstraint("step_id", "suggestion_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(
        ForeignKey("process_steps.id", ondelete="CASCADE"), index=True
    )
    observation_id: Mapped[int | None] = mapped_column(
        ForeignKey("waste_observations.id", ondelete="CASCADE"), index=True
    )
    suggestion_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestions.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)


class KpiSeries(Base):
    __tablename__ = "kpi_series"
    __table_args__ = (
        UniqueConstraint("process_id", "name"),
        CheckConstraint("length(name) BETWEEN 1 AND 120", name="name_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    kind: Mapped[KpiKind] = mapped_column(str_enum(KpiKind, "kpi_kind"))
    name: Mapped[str] = mapped_column(String(120))
    unit: Mapped[str] = mapped_column(String(40), default="")
    direction: Mapped[MetricDirection] = mapped_column(
        str_enum(MetricDirection, "metric_direction")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class KpiPoint(Base):
    __tablename__ = "kpi_points"
    # The chart reads a series in time order: one range scan.
    __table_args__ = (Index("ix_kpi_points_series_at", "series_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("kpi_series.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime)
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[KpiSource] = mapped_column(str_enum(KpiSource, "kpi_source"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
