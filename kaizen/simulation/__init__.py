"""What-if simulation of a process model document (issue 20), on SimPy.

:func:`simulate` runs replications of a :class:`~kaizen.domain.process_model.ProcessModel` and
returns each figure with its 95% confidence interval; :mod:`kaizen.simulation.scenario` compares a
changed copy with the current model on common random numbers. docs/simulation.md describes what
is simulated and how.

Pure engines over plain data: no Qt, no database sessions.
"""

from kaizen.simulation.engine import ReplicationResult, SimulationCancelled, run_replication
from kaizen.simulation.results import Estimate, SimulationResult, StepFigures, estimate
from kaizen.simulation.runner import RunOptions, plan, simulate
from kaizen.simulation.scenario import Comparison, Difference, Scenario, apply_changes, compare
from kaizen.simulation.stability import expected_visits, stability_warnings, step_loads

__all__ = [
    "Comparison", "Difference", "Scenario", "apply_changes", "compare",
    "Estimate", "ReplicationResult", "RunOptions", "SimulationCancelled", "SimulationResult",
    "StepFigures", "estimate", "expected_visits", "plan", "run_replication", "simulate",
    "stability_warnings", "step_loads",
]
