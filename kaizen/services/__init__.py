"""The use cases of Kaizen. Each public method is one unit of work and returns plain data.

:class:`Services` bundles one instance of each service over one database; the GUI, the CLI and
the demo generator all build it with :meth:`Services.create`.
"""

from __future__ import annotations

from dataclasses import dataclass

from kaizen.db.engine import Database
from kaizen.services.base import Clock, system_clock
from kaizen.services.measurements import MeasurementService
from kaizen.services.observations import ObservationService
from kaizen.services.pdca import PdcaService
from kaizen.services.people import PeopleService
from kaizen.services.savings import SavingsService
from kaizen.services.suggestions import SuggestionService


@dataclass(frozen=True, slots=True)
class Services:
    db: Database
    people: PeopleService
    suggestions: SuggestionService
    observations: ObservationService
    pdca: PdcaService
    measurements: MeasurementService
    savings: SavingsService

    @classmethod
    def create(cls, db: Database, clock: Clock = system_clock) -> Services:
        return cls(
            db=db,
            people=PeopleService(db, clock),
            suggestions=SuggestionService(db, clock),
            observations=ObservationService(db, clock),
            pdca=PdcaService(db, clock),
            measurements=MeasurementService(db, clock),
            savings=SavingsService(db, clock),
        )
