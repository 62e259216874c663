"""The use cases of Kaizen. Each public method is one unit of work and returns plain data.

:class:`Services` bundles one instance of each service over one database; the GUI, the CLI and
the demo generator all build it with :meth:`Services.create`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kaizen.config import resolve_paths
from kaizen.db.engine import Database
from kaizen.services.analytics import AnalyticsService
from kaizen.services.attachments import AttachmentService
from kaizen.services.base import Clock, system_clock
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


@dataclass(frozen=True, slots=True)
class Services:
    db: Database
    people: PeopleService
    suggestions: SuggestionService
    observations: ObservationService
    pdca: PdcaService
    measurements: MeasurementService
    savings: SavingsService
    attachments: AttachmentService
    board: BoardService
    dashboard: DashboardService
    analytics: AnalyticsService
    processes: ProcessService
    kpis: KpiService
    kpi_from_log: KpiFromLogService
    own_process_log: OwnProcessLogService
    event_logs: EventLogService
    scenarios: ScenarioService
    statistics: MetricStatisticsService
    undo: UndoService
    inbox: InboxService
    kiosk: KioskService
    recognition: RecognitionService

    @classmethod
    def create(cls, db: Database, clock: Clock = system_clock,
               attachments_dir: Path | None = None) -> Services:
        """``attachments_dir`` defaults to the data folder's (see kaizen.config)."""
        photos = attachments_dir if attachments_dir is not None else (
            resolve_paths().attachments_dir
        )
        return cls(
            db=db,
            people=PeopleService(db, clock),
            suggestions=SuggestionService(db, clock, attachments_dir=photos),
            observations=ObservationService(db, clock, attachments_dir=photos),
            pdca=PdcaService(db, clock),
            measurements=MeasurementService(db, clock),
            savings=SavingsService(db, clock),
            attachments=AttachmentService(db, clock, attachments_dir=photos),
            board=BoardService(db, clock),
            dashboard=DashboardService(db, clock),
            analytics=AnalyticsService(db, clock),
            processes=ProcessService(db, clock),
            kpis=KpiService(db, clock),
            kpi_from_log=KpiFromLogService(db, clock),
            own_process_log=OwnProcessLogService(db, clock),
            event_logs=EventLogService(db, clock),
            scenarios=ScenarioService(db, clock),
            statistics=MetricStatisticsService(db, clock),
            undo=UndoService(db, clock),
            inbox=InboxService(db, clock),
            kiosk=KioskService(db, clock),
            recognition=RecognitionService(db, clock),
        )
