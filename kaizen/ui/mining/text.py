"""Durations and counts in words for the mining screen (no Qt), in the language of the work."""

from __future__ import annotations

from datetime import UTC, datetime

from kaizen.domain.numbers import format_number
from kaizen.i18n import translate


def duration(seconds: float) -> str:
    """``42 s``, ``12 min``, ``3.4 h``, ``2.1 d``: the unit that keeps the number short."""
    if seconds != seconds:  # NaN: no figure
        return "-"
    if seconds < 60:
        return translate("ui.mining.text", "{value} s").format(value=_whole(seconds))
    if seconds < 3600:
        return translate("ui.mining.text", "{value} min").format(value=_whole(seconds / 60))
    if seconds < 86400:
        return translate("ui.mining.text", "{value} h").format(value=_tenths(seconds / 3600))
    return translate("ui.mining.text", "{value} d").format(value=_tenths(seconds / 86400))


def _whole(value: float) -> str:
    # Python's rounding (half to even), as the figures were written before they were
    # translated; the locale only changes the separators.
    return format_number(round(value))


def _tenths(value: float) -> str:
    return format_number(round(value, 1), 1)


def ns_text(ns: int) -> str:
    """A timestamp in ns since the epoch as UTC text (ISO order, the same in every language)."""
    return datetime.fromtimestamp(ns / 1e9, UTC).strftime("%Y-%m-%d %H:%M UTC")


def count(value: int) -> str:
    """A whole count with the language's thousand separators: 12,345 (12.345 in German)."""
    return format_number(value)


def share(value: float) -> str:
    """A fraction as a percentage with one decimal: 0.125 -> 12.5%."""
    return translate("ui.mining.text", "{percent}%").format(
        percent=format_number(round(value * 100, 1), 1))


# The mining page's key for Kaizen's own improvement process (no stored log can be named so).
OWN_KEY = "\x00own"


def display_log_name(name: str) -> str:
    """A log's name as the page shows it (Kaizen's own process in words)."""
    if name == OWN_KEY:  # the service's OWN_LOG_NAME, in words
        return translate("ui.mining.view", "Kaizen's own improvement process")
    return name
