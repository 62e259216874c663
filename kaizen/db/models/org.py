"""The organisation: areas (a tree), people and their roles, and app-wide settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kaizen.db.base import Base, str_enum
from kaizen.domain.enums import AreaKind, Role


class Area(Base):
    __tablename__ = "areas"
    __table_args__ = (
        UniqueConstraint("parent_id", "name"),
        CheckConstraint("hourly_rate IS NULL OR hourly_rate >= 0", name="hourly_rate_positive"),
        CheckConstraint("length(name) BETWEEN 1 AND 120", name="name_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[AreaKind] = mapped_column(str_enum(AreaKind, "area_kind"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("areas.id", ondelete="RESTRICT"), index=True
    )
    # Labour cost per hour used to price lost minutes; None means "inherit from the parent".
    hourly_rate: Mapped[float | None] = mapped_column(Float)
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped by every change: two admins editing one area, the second save is refused (0007).
    version: Mapped[int] = mapped_column(default=1, server_default=text("1"))

    parent: Mapped[Area | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Area]] = relationship(back_populates="parent")

    __mapper_args__ = {"version_id_col": version}


class Person(Base):
    __tablename__ = "people"
    __table_args__ = (
        CheckConstraint("length(name) BETWEEN 1 AND 120", name="name_length"),
        CheckConstraint("pin_failures >= 0", name="pin_failures_positive"),
        Index("ix_people_active_name", "active", "name"),
        # Optional; unique among those who have one (revision 0012).
        Index("ix_people_badge_number", "badge_number", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    home_area_id: Mapped[int | None] = mapped_column(
        ForeignKey("areas.id", ondelete="SET NULL"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)
    # scrypt hash "scrypt$n$r$p$salt$digest"; never the PIN itself.
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    pin_failures: Mapped[int] = mapped_column(default=0)
    pin_locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(default=1)
    # The number on the person's badge, for the shop-floor kiosk (issue 22); optional.
    badge_number: Mapped[str | None] = mapped_column(String(32))

    home_area: Mapped[Area | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class Setting(Base):
    """A key/value store for site settings (currency, default hourly rate, age thresholds)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(400))
    # Bumped by every change of this value; the settings form's version is the sum over all
    # rows (rows are never deleted, so any change makes it grow). See kaizen.services.people.
    version: Mapped[int] = mapped_column(default=1, server_default=text("1"))

    __mapper_args__ = {"version_id_col": version}
