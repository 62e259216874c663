"""What frontline staff capture: suggestions (ideas), waste observations, photos and comments."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Date,
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

from kaizen.db.base import Base, str_enum
from kaizen.domain.enums import SuggestionStatus, WasteCategory

if TYPE_CHECKING:
    from kaizen.db.models.org import Area, Person


class Suggestion(Base):
    __tablename__ = "suggestions"
    __table_args__ = (
        CheckConstraint("impact BETWEEN 1 AND 5", name="impact_range"),
        CheckConstraint("effort BETWEEN 1 AND 5", name="effort_range"),
        CheckConstraint("length(title) BETWEEN 1 AND 200", name="title_length"),
        CheckConstraint("expected_savings >= 0", name="expected_savings_positive"),
        CheckConstraint("implementation_cost >= 0", name="implementation_cost_positive"),
        Index("ix_suggestions_status_created", "status", "created_at"),
        Index("ix_suggestions_area_created", "area_id", "created_at"),
        # The dashboard: who submitted in a period (one seek per person), and the ideas decided
        # in a period per closing status (implementation rate; with created_at, the median days
        # to done is read from the index alone).
        Index("ix_suggestions_submitter_created", "submitter_id", "created_at"),
        Index("ix_suggestions_status_closed", "status", "closed_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    problem: Mapped[str] = mapped_column(Text, default="")
    proposal: Mapped[str] = mapped_column(Text, default="")
    submitter_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), index=True
    )
    # Single-column indexes on the sortable columns: the ideas list sorts 200k rows in SQL by
    # walking an index (ties by id come free, as every index ends with the row id).
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="RESTRICT"), index=True)
    # Expected yearly savings in the site currency, as estimated by the submitter.
    expected_savings: Mapped[float] = mapped_column(Float, default=0.0, index=True)
    implementation_cost: Mapped[float] = mapped_column(Float, default=0.0)
    impact: Mapped[int] = mapped_column(Integer, default=3, index=True)
    effort: Mapped[int] = mapped_column(Integer, default=3, index=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[SuggestionStatus] = mapped_column(
        str_enum(SuggestionStatus, "suggestion_status"), default=SuggestionStatus.SUBMITTED,
        index=True,
    )
    review_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(default=1)

    submitter: Mapped[Person] = relationship(foreign_keys=[submitter_id])
    owner: Mapped[Person | None] = relationship(foreign_keys=[owner_id])
    area: Mapped[Area] = relationship()
    wastes: Mapped[list[SuggestionWaste]] = relationship(
        back_populates="suggestion", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class SuggestionWaste(Base):
    """Which of the seven wastes a suggestion attacks (many to many with the enum)."""

    __tablename__ = "suggestion_wastes"

    suggestion_id: Mapped[int] = mapped_column(
        ForeignKey("suggestions.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[WasteCategory] = mapped_column(
        str_enum(WasteCategory, "waste_category"), primary_key=True, index=True
    )

    suggestion: Mapped[Suggestion] = relationship(back_populates="wastes")


class WasteObservation(Base):
    __tablename__ = "waste_observations"
    __table_args__ = (
        CheckConstraint("minutes_per_occurrence >= 0", name="minutes_positive"),
        CheckConstraint("occurrences_per_week >= 0", name="occurrences_positive"),
        CheckConstraint(
            "cost_per_occurrence IS NULL OR cost_per_occurrence >= 0", name="cost_positive"
        ),
        Index("ix_waste_observations_category_observed", "category", "observed_at"),
        Index("ix_waste_observations_area_observed", "area_id", "observed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed one by one for the waste walk list's sorts, as on suggestions.
    category: Mapped[WasteCategory] = mapped_column(
        str_enum(WasteCategory, "waste_category"), index=True
    )
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="RESTRICT"), index=True)
    observer_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), index=True
    )
    observed_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    description: Mapped[str] = mapped_column(Text)
    minutes_per_occurrence: Mapped[float] = mapped_column(Float, default=0.0, index=True)
    occurrences_per_week: Mapped[float] = mapped_column(Float, default=0.0, index=True)
    cost_per_occurrence: Mapped[float | None] = mapped_column(Float)
    suggestion_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestions.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(default=1)

    area: Mapped[Area] = relationship()
    observer: Mapped[Person] = relationship()
    suggestion: Mapped[Suggestion | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class Attachment(Base):
    """A photo attached to an idea or an observation; its bytes live once on disk by SHA-256."""

    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint(
            "(suggestion_id IS NULL) <> (observation_id IS NULL)", name="exactly_one_owner"
        ),
        CheckConstraint("size_bytes >= 0", name="size_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    suggestion_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestions.id", ondelete="CASCADE"), index=True
    )
    observation_id: Mapped[int | None] = mapped_column(
        ForeignKey("waste_observations.id", ondelete="CASCADE"), index=True
    )
    added_by_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Comment(Base):
    """A short threaded discussion on a suggestion."""

    __tablename__ = "comments"
    __table_args__ = (
        CheckConstraint("length(body) >= 1", name="body_not_empty"),
        UniqueConstraint("id", "suggestion_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(
        ForeignKey("suggestions.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)

