"""PDCA cycles of an accepted suggestion, their Do actions and the append-only stage history."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kaizen.db.base import Base, partial_index, str_enum
from kaizen.domain.enums import ActDecision, PdcaStage

if TYPE_CHECKING:
    from kaizen.db.models.ideas import Suggestion


# An open cycle, as the partial index ix_pdca_cycles_open states it: a statement that wants the
# index names this very condition (databases match a partial index's condition as written).
OPEN_CYCLE = "stage <> 'done'"


class PdcaCycle(Base):
    __tablename__ = "pdca_cycles"
    __table_args__ = (
        UniqueConstraint("suggestion_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        Index("ix_pdca_cycles_stage_entered", "stage", "stage_entered_at"),
        # The board's read (revision 0014): the open cycles only, and the token's sum of
        # versions from the index rather than every row.
        partial_index("ix_pdca_cycles_open", "stage", where=OPEN_CYCLE),
        Index("ix_pdca_cycles_version", "version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestions.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(default=1)
    stage: Mapped[PdcaStage] = mapped_column(
        str_enum(PdcaStage, "pdca_stage"), default=PdcaStage.PLAN
    )
    # Denormalised from the last stage change so the board can sort and colour by age in SQL.
    stage_entered_at: Mapped[datetime] = mapped_column(DateTime)
    # Plan
    problem_statement: Mapped[str] = mapped_column(Text, default="")
    why_chain: Mapped[list[str]] = mapped_column(JSON, default=list)
    root_cause: Mapped[str] = mapped_column(Text, default="")
    target_metric: Mapped[str] = mapped_column(String(120), default="")
    target_from: Mapped[float | None] = mapped_column(Float)
    target_to: Mapped[float | None] = mapped_column(Float)
    target_by: Mapped[date | None] = mapped_column(Date)
    countermeasure: Mapped[str] = mapped_column(Text, default="")
    # Check
    check_result: Mapped[str] = mapped_column(Text, default="")
    # Act
    act_decision: Mapped[ActDecision | None] = mapped_column(str_enum(ActDecision, "act_decision"))
    standard_change: Mapped[str] = mapped_column(Text, default="")
    share_note: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    version: Mapped[int] = mapped_column(default=1)

    suggestion: Mapped[Suggestion] = relationship()
    actions: Mapped[list[PdcaAction]] = relationship(
        back_populates="cycle", cascade="all, delete-orphan", order_by="PdcaAction.id"
    )
    stage_changes: Mapped[list[StageChange]] = relationship(
        back_populates="cycle", order_by="StageChange.id"
    )

    __mapper_args__ = {"version_id_col": version}


class PdcaAction(Base):
    """One Do-stage action: text, owner, due date, done or not."""

    __tablename__ = "pdca_actions"
    __table_args__ = (CheckConstraint("length(text) >= 1", name="text_not_empty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("pdca_cycles.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)

    cycle: Mapped[PdcaCycle] = relationship(back_populates="actions")


class StageChange(Base):
    """Append-only record of every PDCA move; stage ages and lead times come from these rows."""

    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("pdca_cycles.id", ondelete="CASCADE"), index=True
    )
    from_stage: Mapped[PdcaStage | None] = mapped_column(str_enum(PdcaStage, "from_stage"))
    to_stage: Mapped[PdcaStage] = mapped_column(str_enum(PdcaStage, "to_stage"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    note: Mapped[str] = mapped_column(Text, default="")

    cycle: Mapped[PdcaCycle] = relationship(back_populates="stage_changes")
