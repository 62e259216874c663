"""KPI series of a process: their kinds, and the unit and better direction each kind defaults to.

A process's KPIs over time show whether an improvement holds (issue 18). The kinds are fixed;
``custom`` series name their own unit and direction. Pure: no Qt, no database.
"""

from __future__ import annotations

from enum import StrEnum

from kaizen.domain.enums import MetricDirection
from kaizen.i18n import QT_TRANSLATE_NOOP, translate


class KpiKind(StrEnum):
    CYCLE_TIME = "cycle_time"
    LEAD_TIME = "lead_time"
    ERROR_RATE = "error_rate"
    THROUGHPUT = "throughput"
    CUSTOMER_SATISFACTION = "customer_satisfaction"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        """The kind's name in the language of the work."""
        return translate("domain.kpis", text=_KIND_LABELS[self.value])

    @property
    def source_label(self) -> str:
        """The kind's English name (what a new series is called when it is given none)."""
        return _KIND_LABELS[self.value]


_KIND_LABELS: dict[str, str] = {
    "cycle_time": QT_TRANSLATE_NOOP("domain.kpis", "Cycle time"),
    "lead_time": QT_TRANSLATE_NOOP("domain.kpis", "Lead time"),
    "error_rate": QT_TRANSLATE_NOOP("domain.kpis", "Error rate"),
    "throughput": QT_TRANSLATE_NOOP("domain.kpis", "Throughput"),
    "customer_satisfaction": QT_TRANSLATE_NOOP("domain.kpis", "Customer satisfaction"),
    "custom": QT_TRANSLATE_NOOP("domain.kpis", "Custom"),
}


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
