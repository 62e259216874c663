"""KPI series of a process: their kinds, and the unit and better direction each kind defaults to.

A process's KPIs over time show whether an improvement holds (issue 18). The kinds are fixed;
``custom`` series name their own unit and direction. Pure: no Qt, no database.
"""

from __future__ import annotations

from enum import StrEnum

from kaizen.domain.enums import MetricDirection


class KpiKind(StrEnum):
    CYCLE_TIME = "cycle_time"
    LEAD_TIME = "lead_time"
    ERROR_RATE = "error_rate"
    THROUGHPUT = "throughput"
    CUSTOMER_SATISFACTION = "customer_satisfaction"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


# The unit and better direction a standard kind starts with (the user may change the unit).
DEFAULTS: dict[KpiKind, tuple[str, MetricDirection]] = {
    KpiKind.CYCLE_TIME: ("minute", MetricDirection.LOWER_IS_BETTER),
    KpiKind.LEAD_TIME: ("hour", MetricDirection.LOWER_IS_BETTER),
    KpiKind.ERROR_RATE: ("%", MetricDirection.LOWER_IS_BETTER),
    KpiKind.THROUGHPUT: ("units/day", MetricDirection.HIGHER_IS_BETTER),
    KpiKind.CUSTOMER_SATISFACTION: ("score", MetricDirection.HIGHER_IS_BETTER),
}


class KpiSource(StrEnum):
    """How a point came in: typed in a form, pasted as a column, a CSV file, or an event log."""

    TYPED = "typed"
    PASTED = "pasted"
    CSV = "csv"
    EVENT_LOG = "event_log"


class MapKind(StrEnum):
    """A process map is its current state or a future state (a copy with the change)."""

    CURRENT = "current"
    FUTURE = "future"
