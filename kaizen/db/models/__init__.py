"""Every table of Kaizen, as typed SQLAlchemy 2 models. Import from here."""

from kaizen.db.base import Base
from kaizen.db.models.audit import AuditEvent
from kaizen.db.models.event_logs import EventLogEvent, EventLogName, EventLogRecord
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
from kaizen.db.models.processes import (
    KpiPoint,
    KpiSeries,
    Process,
    ProcessMap,
    ProcessStep,
    ProcessStepLink,
)
from kaizen.db.models.scenarios import Scenario

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
