"""Every table of Kaizen, as typed SQLAlchemy 2 models. Import from here.

Issue 21 (the first screen within a second): the models of ideas, PDCA, savings, people and the
audit trail are mapped when this package is imported; the process, event-log and scenario
models (ten of the twenty-five classes, none of which the dashboard reads) are mapped on first
use of one of their names here (a module ``__getattr__``, PEP 562). ``Base`` maps them all
first: whoever reads ``Base.metadata`` from here (Alembic, the copy, the demo) sees every
table. None of the models mapped at once names a later one (no relationship, no foreign key).

A later module is imported under SQLAlchemy's configure lock: a query in another thread
configures the new mappers (it resolves relationships named as strings, as ``"ProcessMap"``)
before that module's classes or after all of them, never between two of them.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm.mapper import _CONFIGURE_MUTEX

from kaizen.db.base import Base as _Base
from kaizen.db.models.audit import AuditEvent
from kaizen.db.models.ideas import (
    Attachment,
    Comment,
    Suggestion,
    SuggestionWaste,
    WasteObservation,
)
from kaizen.db.models.measures import Measurement, Metric, SavingsEntry
from kaizen.db.models.org import Area, Person, Setting
from kaizen.db.models.pdca import PdcaAction, PdcaCycle, StageChange

if TYPE_CHECKING:
    from kaizen.db.base import Base
    from kaizen.db.models.event_logs import EventLogEvent, EventLogName, EventLogRecord
    from kaizen.db.models.processes import (
        KpiPoint,
        KpiSeries,
        Process,
        ProcessMap,
        ProcessStep,
        ProcessStepLink,
    )
    from kaizen.db.models.scenarios import Scenario

# The modules mapped on first use, and the names each gives.
LATER: dict[str, tuple[str, ...]] = {
    "event_logs": ("EventLogEvent", "EventLogName", "EventLogRecord"),
    "processes": ("KpiPoint", "KpiSeries", "Process", "ProcessMap", "ProcessStep",
                  "ProcessStepLink"),
    "scenarios": ("Scenario",),
}
_MODULE_OF = {name: module for module, names in LATER.items() for name in names}


def _load(module: str) -> None:
    """Import ``module`` of this package (once) and give its names here."""
    with _CONFIGURE_MUTEX:
        loaded = importlib.import_module(f"{__name__}.{module}")
        globals().update({name: getattr(loaded, name) for name in LATER[module]})


def load_all() -> type[Base]:
    """Map every model (the later ones too); the declarative base, whose metadata then holds
    every table."""
    for module in LATER:
        _load(module)
    globals()["Base"] = _Base
    return _Base


def __getattr__(name: str) -> Any:
    if name == "Base":
        return load_all()
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    _load(module)
    return getattr(sys.modules[f"{__name__}.{module}"], name)


__all__ = [
    "Area",
    "Attachment",
    "AuditEvent",
    "Base",
    "Comment",
    "KpiPoint",
    "KpiSeries",
    "EventLogEvent",
    "EventLogName",
    "EventLogRecord",
    "Measurement",
    "Metric",
    "PdcaAction",
    "PdcaCycle",
    "Person",
    "Process",
    "ProcessMap",
    "ProcessStep",
    "ProcessStepLink",
    "SavingsEntry",
    "Scenario",
    "Setting",
    "StageChange",
    "Suggestion",
    "SuggestionWaste",
    "WasteObservation",
]
