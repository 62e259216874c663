"""One scenario run in the background (kaizen/ui/worker.py): save the scenario, simulate the
map and the scenario on common random numbers with progress, record the results. Cancel sets a
flag the engine asks between replications and within them (kaizen/simulation/runner.py), so
the run stops soon after; nothing is recorded then.

The work function holds no Qt object: services, plain data and a ``threading.Event``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from kaizen.simulation.engine import SimulationCancelled
from kaizen.simulation.runner import RunOptions
from kaizen.simulation.scenario import Change, compare
from kaizen.ui.worker import Task, run_in_background

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.scenarios import ScenarioInfo


def save_and_simulate(services: Services, actor_id: int, map_id: int, name: str,
                      changes: list[Change], options: RunOptions, cancel: threading.Event,
                      progress: Callable[[int, int], None]) -> ScenarioInfo:
    """The worker's job: one scenario per map and name (created or its changes replaced)."""
    store = services.scenarios
    found = [s for s in store.list_for_map(map_id) if s.name.casefold() == name.casefold()]
    if found:
        scenario_id = store.update_changes(actor_id, found[0].id, changes).id
    else:
        scenario_id = store.create(actor_id, map_id, name=name, changes=changes).id
    current, changed = store.models(scenario_id)
    comparison = compare(current, changed, options, workers=None, progress=progress,
                         cancelled=cancel.is_set)
    return store.record_results(actor_id, scenario_id, comparison, options)


class ScenarioRun(QObject):
    """Start, report and cancel one run. ``finished(info)`` on success, ``cancelled()`` after
    Cancel, ``failed(exception)`` otherwise; ``progress(done, total)`` on the way."""

    progress = Signal(int, int)
    finished = Signal(object)
    cancelled = Signal()
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self.task: Task | None = None

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done

    def start(self, services: Services, actor_id: int, map_id: int, name: str,
              changes: list[Change], options: RunOptions) -> Task:
        self._cancel = cancel = threading.Event()

        def job(progress: Callable[[int, int], None]) -> Any:
            return save_and_simulate(services, actor_id, map_id, name, changes, options,
                                     cancel, progress)

        self.task = run_in_background(job, with_progress=True, owner=self,
                                      on_success=self.finished.emit,
                                      on_failure=self._failed, on_progress=self.progress.emit,
                                      name="simulate scenario")
        return self.task

    def cancel(self) -> None:
        self._cancel.set()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, SimulationCancelled):
            self.cancelled.emit()
        else:
            self.failed.emit(error)
