"""Timestamps as instants: ISO 8601 text to int64 nanoseconds since the epoch, UTC.

A timestamp with an offset (``2011-10-11 13:45:40.276+02:00``) is the instant it names, so
events written in summer and winter time compare correctly; one without an offset is read as UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def parse_ns(text: str) -> int:
    """Nanoseconds since 1970-01-01 UTC; ValueError when ``text`` is not an ISO timestamp."""
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    # Integer arithmetic on timedelta: exact to the microsecond, unlike datetime.timestamp().
    return ((moment - _EPOCH) // _MICROSECOND) * 1000


def ns_to_datetime(ns: int) -> datetime:
    """The UTC datetime of a nanosecond timestamp (to the microsecond)."""
    return _EPOCH + timedelta(microseconds=int(ns) // 1000)
