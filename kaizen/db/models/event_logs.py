"""Imported event logs: one row per log, its name dictionaries, and its events as integer codes.

Events are stored in the engine's order (case, then timestamp, ties in file order) with ``seq``
numbering them, so loading a log back is one ordered scan straight into columns. Codes index the
log's dictionary (``event_log_names``); ``-1`` means the event names no resource or lifecycle.
The events table has no rowid on SQLite (its primary key is the table), which halves what a
two-million-event import writes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from kaizen.db.base import Base

# The kinds of names a log's dictionary holds (event_log_names.kind).
NAME_KINDS = ("activity", "case", "resource", "lifecycle")


class EventLogRecord(Base):
    __tablename__ = "event_logs"
    __table_args__ = (CheckConstraint("length(name) BETWEEN 1 AND 200", name="name_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    source_file: Mapped[str] = mapped_column(String(1000), default="")
    source_format: Mapped[str] = mapped_column(String(10))   # "csv" or "xes"
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    # None: imported from the command line (the site's operator, not a person in the app).
    imported_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"))
    cases: Mapped[int] = mapped_column(Integer)
    events: Mapped[int] = mapped_column(Integer)
    activities: Mapped[int] = mapped_column(Integer)
    resources: Mapped[int] = mapped_column(Integer)
    # The first and last event, in ns since the epoch (UTC), for listing without a scan.
    first_ns: Mapped[int] = mapped_column(BigInteger)
    last_ns: Mapped[int] = mapped_column(BigInteger)


class EventLogName(Base):
    """One entry of a log's dictionaries: (kind, code) -> name."""

    __tablename__ = "event_log_names"
    __table_args__ = (
        CheckConstraint("kind IN ('activity', 'case', 'resource', 'lifecycle')",
                        name="kind_known"),
        {"sqlite_with_rowid": False},
    )

    log_id: Mapped[int] = mapped_column(
        ForeignKey("event_logs.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    code: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)


class EventLogEvent(Base):
    """One event. ``log_id`` has no foreign key on purpose: a foreign key checks its parent row
    once per inserted row, which made a 500,000-event COPY on PostgreSQL five times slower
    (16.8 s against 3.4 s). The rows are written only by EventLogService, in the unit of work
    that writes their log, and deleted by it before their log."""

    __tablename__ = "event_log_events"
    __table_args__ = ({"sqlite_with_rowid": False},)

    log_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_code: Mapped[int] = mapped_column(Integer)
    activity_code: Mapped[int] = mapped_column(Integer)
    ts_ns: Mapped[int] = mapped_column(BigInteger)
    resource_code: Mapped[int] = mapped_column(Integer)
    lifecycle_code: Mapped[int] = mapped_column(SmallInteger)
