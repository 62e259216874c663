"""The use cases of Kaizen. Each public method is one unit of work and returns plain data.

:class:`Services` bundles one instance of each service over one database; the GUI, the CLI and
the demo generator all build it with :meth:`Services.create`.

Each service is built, and its module imported, the first time it is asked for (issue 21:
"import only what the first screen needs"). The dashboard at start needs a handful of them; the
mining, simulation and statistics services would otherwise bring numpy, SimPy and their engines
into every start. :data:`SERVICE_CLASSES` names them all (module and class), for whatever must
walk every service.
"""

from __future__ import annotations

import importlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kaizen.services.base import Clock, system_clock

if TYPE_CHECKING:
    from kaizen.db.engine import Database
    from kaizen.services.analytics import AnalyticsService
    from kaizen.services.attachments import AttachmentService
    from kaizen.services.board import BoardService
    from kaizen.services.dashboard import DashboardService
    from kaizen.services.event_logs import EventLogService
    from kaizen.services.inbox import InboxService
    from kaizen.services.kiosk import KioskService
    from kaizen.services.kpi_from_log import KpiFromLogService
    from kaizen.services.kpis import KpiService
    from kaizen.services.measurements import MeasurementService
    from kaizen.services.metric_statistics import MetricStatisticsService
    from kaizen.services.observations import ObservationService
    from kaizen.services.own_process_log import OwnProcessLogService
    from kaizen.services.pdca import PdcaService
    from kaizen.services.people import PeopleService
    from kaizen.services.processes import ProcessService
    from kaizen.services.recognition import RecognitionService
    from kaizen.services.savings import SavingsService
    from kaizen.services.scenarios import ScenarioService
    from kaizen.services.suggestions import SuggestionService
    from kaizen.services.undo import UndoService

# name -> (module, class); the services given the attachments folder are in _WITH_PHOTOS.
SERVICE_CLASSES: dict[str, tuple[str, str]] = {
    "people": ("kaizen.services.people", "PeopleService"),
    "suggestions": ("kaizen.services.suggestions", "SuggestionService"),
    "observations": ("kaizen.services.observations", "ObservationService"),
    "pdca": ("kaizen.services.pdca", "PdcaService"),
    "measurements": ("kaizen.services.measurements", "MeasurementService"),
    "savings": ("kaizen.services.savings", "SavingsService"),
    "attachments": ("kaizen.services.attachments", "AttachmentService"),
    "board": ("kaizen.services.board", "BoardService"),
    "dashboard": ("kaizen.services.dashboard", "DashboardService"),
    "analytics": ("kaizen.services.analytics", "AnalyticsService"),
    "processes": ("kaizen.services.processes", "ProcessService"),
    "kpis": ("kaizen.services.kpis", "KpiService"),
    "kpi_from_log": ("kaizen.services.kpi_from_log", "KpiFromLogService"),
    "own_process_log": ("kaizen.services.own_process_log", "OwnProcessLogService"),
    "event_logs": ("kaizen.services.event_logs", "EventLogService"),
    "scenarios": ("kaizen.services.scenarios", "ScenarioService"),
    "statistics": ("kaizen.services.metric_statistics", "MetricStatisticsService"),
    "undo": ("kaizen.services.undo", "UndoService"),
    "inbox": ("kaizen.services.inbox", "InboxService"),
    "kiosk": ("kaizen.services.kiosk", "KioskService"),
    "recognition": ("kaizen.services.recognition", "RecognitionService"),
}
_WITH_PHOTOS = frozenset({"suggestions", "observations", "attachments"})


def service_class(name: str) -> type:
    """The class of the service ``name`` (imports its module)."""
    module, cls = SERVICE_CLASSES[name]
    return getattr(importlib.import_module(module), cls)  # type: ignore[no-any-return]


class Services:
    """One instance of each service over ``db``, each built on first use (thread-safe: the
    GUI's workers may ask for the same one at once, and get the same instance)."""

    def __init__(self, db: Database, clock: Clock = system_clock,
                 attachments_dir: Path | None = None) -> None:
        self.db = db
        self._clock = clock
        self._photos = attachments_dir
        self._built: dict[str, Any] = {}
        self._lock = threading.Lock()

    @classmethod
    def create(cls, db: Database, clock: Clock = system_clock,
               attachments_dir: Path | None = None) -> Services:
        """``attachments_dir`` defaults to the data folder's (see kaizen.config)."""
        if attachments_dir is None:
            from kaizen.config import resolve_paths

            attachments_dir = resolve_paths().attachments_dir
        return cls(db, clock, attachments_dir)

    def _service(self, name: str) -> Any:
        found = self._built.get(name)
        if found is not None:
            return found
        cls = service_class(name)  # outside the lock: an import may take a while
        with self._lock:
            found = self._built.get(name)
            if found is None:
                if name in _WITH_PHOTOS:
                    found = cls(self.db, self._clock, attachments_dir=self._photos)
                else:
                    found = cls(self.db, self._clock)
                self._built[name] = found
        return found

    @property
    def people(self) -> PeopleService:
        return self._service("people")  # type: ignore[no-any-return]

    @property
    def suggestions(self) -> SuggestionService:
        return self._service("suggestions")  # type: ignore[no-any-return]

    @property
    def observations(self) -> ObservationService:
        return self._service("observations")  # type: ignore[no-any-return]

    @property
    def pdca(self) -> PdcaService:
        return self._service("pdca")  # type: ignore[no-any-return]

    @property
    def measurements(self) -> MeasurementService:
        return self._service("measurements")  # type: ignore[no-any-return]

    @property
    def savings(self) -> SavingsService:
        return self._service("savings")  # type: ignore[no-any-return]

    @property
    def attachments(self) -> AttachmentService:
        return self._service("attachments")  # type: ignore[no-any-return]

    @property
    def board(self) -> BoardService:
        return self._service("board")  # type: ignore[no-any-return]

    @property
    def dashboard(self) -> DashboardService:
        return self._service("dashboard")  # type: ignore[no-any-return]

    @property
    def analytics(self) -> AnalyticsService:
        return self._service("analytics")  # type: ignore[no-any-return]

    @property
    def processes(self) -> ProcessService:
        return self._service("processes")  # type: ignore[no-any-return]

    @property
    def kpis(self) -> KpiService:
        return self._service("kpis")  # type: ignore[no-any-return]

    @property
    def kpi_from_log(self) -> KpiFromLogService:
        return self._service("kpi_from_log")  # type: ignore[no-any-return]

    @property
    def own_process_log(self) -> OwnProcessLogService:
        return self._service("own_process_log")  # type: ignore[no-any-return]

    @property
    def event_logs(self) -> EventLogService:
        return self._service("event_logs")  # type: ignore[no-any-return]

    @property
    def scenarios(self) -> ScenarioService:
        return self._service("scenarios")  # type: ignore[no-any-return]

    @property
    def statistics(self) -> MetricStatisticsService:
        return self._service("statistics")  # type: ignore[no-any-return]

    @property
    def undo(self) -> UndoService:
        return self._service("undo")  # type: ignore[no-any-return]

    @property
    def inbox(self) -> InboxService:
        return self._service("inbox")  # type: ignore[no-any-return]

    @property
    def kiosk(self) -> KioskService:
        return self._service("kiosk")  # type: ignore[no-any-return]

    @property
    def recognition(self) -> RecognitionService:
        return self._service("recognition")  # type: ignore[no-any-return]
