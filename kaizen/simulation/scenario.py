"""Scenarios: a copy of a process model with changes, and its comparison with the current model.

A change is one of :class:`RemoveStep`, :class:`AddStep`, :class:`AddResources`,
:class:`ScaleDuration`, :class:`SetDuration`, :class:`Reroute` and :class:`ScaleDemand`. They are
applied to the model's document and the result goes through the one parser
(:func:`~kaizen.domain.process_model.parse_model`), so a scenario that breaks the model (a step
left with no way to end) is refused in the parser's words.

:func:`compare` runs both with the same options and seed: common random numbers (the streams are
keyed by replication, purpose and step name) make replication r of the scenario the twin of
replication r of the current model, so each figure's difference is taken replication by
replication and its 95% t-interval comes from those paired differences. A difference is real
when its interval excludes 0.

Pure: no Qt, no database.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kaizen.domain.errors import ValidationError
from kaizen.domain.process_model import START, ProcessModel, model_to_dict, parse_model
from kaizen.i18n import translate
from kaizen.simulation.engine import ReplicationResult
from kaizen.simulation.results import Estimate, SimulationResult, estimate
from kaizen.simulation.runner import Cancelled, Progress, RunOptions, simulate

Doc = dict[str, Any]


@dataclass(frozen=True)
class RemoveStep:
    """Take a step out: flows into it go on to where it led, probabilities multiplied."""

    step: str


@dataclass(frozen=True)
class AddStep:
    """A new step (a document's step object); connect it with :class:`Reroute`."""

    step: Doc


@dataclass(frozen=True)
class AddResources:
    step: str
    count: int


@dataclass(frozen=True)
class ScaleDuration:
    """Multiply every parameter of the step's duration by ``factor`` (0.8: 20% shorter)."""

    step: str
    factor: float


@dataclass(frozen=True)
class SetDuration:
    step: str
    duration: Doc  # a document's distribution object


@dataclass(frozen=True)
class Reroute:
    """Replace the flows out of ``source`` (a step or "start") by ``targets``: name -> chance."""

    source: str
    targets: dict[str, float]


@dataclass(frozen=True)
class ScaleDemand:
    """Arrivals ``factor`` times as frequent (1.2: 20% more demand)."""

    factor: float


Change = RemoveStep | AddStep | AddResources | ScaleDuration | SetDuration | Reroute | ScaleDemand


@dataclass(frozen=True)
class Scenario:
    name: str
    changes: tuple[Change, ...]

    def apply(self, model: ProcessModel) -> ProcessModel:
        return apply_changes(model, self.changes, name=self.name)


def apply_changes(model: ProcessModel, changes: Sequence[Change], *,
                  name: str | None = None) -> ProcessModel:
    """A new model: ``model`` with ``changes`` applied in order (``model`` is left as it is)."""
    doc = copy.deepcopy(model_to_dict(model))
    if name:
        doc["name"] = name
    for i, change in enumerate(changes):
        _APPLY[type(change)](doc, change, f"changes[{i}]")
    return parse_model(doc)


def _step(doc: Doc, name: str, path: str) -> Doc:
    step: Doc
    for step in doc["steps"]:
        if step["name"] == name:
            return step
    raise ValidationError(translate(
        "simulation.scenario",
        'The scenario changes step "{name}", which the model does not have.').format(name=name),
                          field=path)


def _positive(value: float, what: str, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not (
            math.isfinite(value) and value > 0):
        raise ValidationError(translate(
            "simulation.scenario", "{what} must be a number above 0.").format(
                what=what), field=path)
    return float(value)


def _set_out(doc: Doc, source: str, targets: dict[str, float]) -> None:
    """Flows out of ``source`` become ``targets`` (one flow: no probability written)."""
    kept = [f for f in doc["flows"] if f["from"] != source]
    new = [{"from": source, "to": t, **({"probability": p} if len(targets) > 1 else {})}
           for t, p in targets.items()]
    doc["flows"] = kept + new


def _out(doc: Doc, source: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for f in doc["flows"]:
        if f["from"] == source:
            out[f["to"]] = out.get(f["to"], 0.0) + (f.get("probability") or 1.0)
    return out


def _remove(doc: Doc, change: RemoveStep, path: str) -> None:
    _step(doc, change.step, path)
    name = change.step
    onward = _out(doc, name)
    stay = onward.pop(name, 0.0)
    if not onward:
        raise ValidationError(translate(
            "simulation.scenario", 'Step "{name}" only leads back to itself.').format(
                name=name), field=path)
    # A self-loop only repeats the step: without it, its other flows share the whole chance.
    onward = {t: p / (1.0 - stay) for t, p in onward.items()}
    sources = {f["from"] for f in doc["flows"] if f["to"] == name and f["from"] != name}
    for source in sources:
        out = _out(doc, source)
        into = out.pop(name)
        for target, chance in onward.items():
            out[target] = out.get(target, 0.0) + into * chance
        _set_out(doc, source, out)
    doc["flows"] = [f for f in doc["flows"] if name not in (f["from"], f["to"])]
    doc["steps"] = [s for s in doc["steps"] if s["name"] != name]


def _add(doc: Doc, change: AddStep, path: str) -> None:
    doc["steps"].append(copy.deepcopy(change.step))


def _resources(doc: Doc, change: AddResources, path: str) -> None:
    step = _step(doc, change.step, path)
    if isinstance(change.count, bool) or not isinstance(change.count, int):
        raise ValidationError(translate(
            "simulation.scenario", "The resources to add must be a whole number."), field=path)
    step["resources"] = step.get("resources", 1) + change.count


_SCALED = ("mean", "sd", "min", "mode", "max")


def _scale(doc: Doc, change: ScaleDuration, path: str) -> None:
    step = _step(doc, change.step, path)
    factor = _positive(change.factor, translate("simulation.scenario", "The duration factor"), path)
    duration = step["duration"]
    for key in _SCALED:
        if duration.get(key) is not None:
            duration[key] = duration[key] * factor
    if "values" in duration:
        duration["values"] = [v * factor for v in duration["values"]]


def _set_duration(doc: Doc, change: SetDuration, path: str) -> None:
    _step(doc, change.step, path)["duration"] = copy.deepcopy(change.duration)


def _reroute(doc: Doc, change: Reroute, path: str) -> None:
    if change.source != START:
        _step(doc, change.source, path)
    if not change.targets:
        raise ValidationError(translate(
            "simulation.scenario", 'Rerouting "{source}" needs at least one target.').format(
                source=change.source),
                              field=path)
    _set_out(doc, change.source, dict(change.targets))


def _demand(doc: Doc, change: ScaleDemand, path: str) -> None:
    factor = _positive(change.factor, translate("simulation.scenario", "The demand factor"), path)
    arrivals = doc.get("arrivals")
    if arrivals is None and doc.get("demand") is None:
        raise ValidationError(translate(
            "simulation.scenario", "The model has no arrivals or demand to change."), field=path)
    if doc.get("demand") is not None:
        doc["demand"]["units"] = doc["demand"]["units"] * factor
    if arrivals is None:
        return
    if arrivals["distribution"] == "schedule":
        arrivals["per_hour"] = [v * factor for v in arrivals["per_hour"]]
        return
    # More arrivals: every time between them shorter by the factor.
    for key in _SCALED:
        if arrivals.get(key) is not None:
            arrivals[key] = arrivals[key] / factor
    if "values" in arrivals:
        arrivals["values"] = [v / factor for v in arrivals["values"]]


_APPLY: dict[type, Callable[[Doc, Any, str], None]] = {
    RemoveStep: _remove, AddStep: _add, AddResources: _resources, ScaleDuration: _scale,
    SetDuration: _set_duration, Reroute: _reroute, ScaleDemand: _demand,
}


# --- comparison ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One figure, current and scenario, and scenario minus current paired by replication."""

    figure: str  # "throughput", "lead_time", "wip", "Step name: wait", ...
    current: Estimate
    scenario: Estimate
    difference: Estimate

    @property
    def real(self) -> bool | None:
        """True when the difference's 95% interval excludes 0; None without an interval."""
        d = self.difference
        if d.low is None or d.high is None:
            return None
        return d.low > 0 or d.high < 0

    def to_dict(self) -> dict[str, Any]:
        return {"current": self.current.to_dict(), "scenario": self.scenario.to_dict(),
                "difference": self.difference.to_dict(), "real": self.real}


@dataclass(frozen=True)
class Comparison:
    current: SimulationResult
    scenario: SimulationResult
    differences: tuple[Difference, ...]

    def figure(self, name: str) -> Difference:
        return next(d for d in self.differences if d.figure == name)

    def to_dict(self) -> dict[str, Any]:
        return {d.figure: d.to_dict() for d in self.differences}


_FIGURES: dict[str, Callable[[ReplicationResult], float]] = {
    "throughput": lambda r: r.throughput,
    "lead_time": lambda r: r.lead_time,
    "lead_time_p90": lambda r: r.lead_time_p90,
    "wip": lambda r: r.wip,
}


def _paired(name: str, current: list[ReplicationResult], scenario: list[ReplicationResult],
            value: Callable[[ReplicationResult], float]) -> Difference:
    a = [value(r) for r in current]
    b = [value(r) for r in scenario]
    return Difference(name, estimate(a), estimate(b),
                      estimate(y - x for x, y in zip(a, b, strict=True)))


def compare(current: ProcessModel, scenario: ProcessModel, options: RunOptions | None = None,
            *, workers: int | None = 1, progress: Progress | None = None,
            cancelled: Cancelled | None = None) -> Comparison:
    """Both models with the same options and seed, and each figure's paired difference."""
    options = options or RunOptions()

    def halves(offset: int) -> Progress | None:
        if progress is None:
            return None
        return lambda done, total: progress(offset + done, 2 * total)

    base = simulate(current, options, workers=workers, progress=halves(0), cancelled=cancelled)
    other = simulate(scenario, options, workers=workers, progress=halves(base.replications),
                     cancelled=cancelled)
    runs_a, runs_b = list(base.runs), list(other.runs)
    out = [_paired(name, runs_a, runs_b, fn) for name, fn in _FIGURES.items()]
    names = [s.name for s in current.steps]
    names += [s.name for s in scenario.steps if s.name not in names]
    for name in names:
        for figure, table in (("wait", "waits"), ("utilisation", "utilisation")):
            def value(r: ReplicationResult, table: str = table, name: str = name) -> float:
                figures: dict[str, float] = getattr(r, table)
                return figures.get(name, math.nan)

            out.append(_paired(f"{name}: {figure}", runs_a, runs_b, value))
    return Comparison(base, other, tuple(out))
