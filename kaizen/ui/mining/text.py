"""Durations and counts in words for the mining screen (no Qt)."""

from __future__ import annotations

from datetime import UTC, datetime


def duration(seconds: float) -> str:
    """``42 s``, ``12 min``, ``3.4 h``, ``2.1 d``: the unit that keeps the number short."""
    if seconds != seconds:  # NaN: no figure
        return "-"
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def ns_text(ns: int) -> str:
    """A timestamp in ns since the epoch as UTC text."""
    return datetime.fromtimestamp(ns / 1e9, UTC).strftime("%Y-%m-%d %H:%M UTC")


def share(value: float) -> str:
    return f"{value * 100:.1f}%"
