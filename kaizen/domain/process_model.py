"""The process model document: one JSON document describes a process (docs/process-model.md).

The map editor saves and opens it, the value-stream figures read it, ``kaizen process`` shows it,
the simulator runs it and the database stores it. This module is its one parser and writer:
:func:`parse_model` turns the document into frozen dataclasses, refusing anything malformed with a
:class:`ModelError` that names the step or flow at fault; :func:`model_to_dict` writes it back.

Pure: no Qt, no database.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kaizen.domain.enums import WasteCategory
from kaizen.domain.errors import ValidationError
from kaizen.i18n import translate

START = "start"
END = "end"
RESERVED = (START, END)

TIME_UNITS = ("second", "minute", "hour", "day")
# How many seconds one time unit is: the simulator and the mining calibration convert with it.
SECONDS_PER_UNIT = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0}

VALUE_ADDING = "value-adding"
NECESSARY = "necessary"
WASTE = "waste"
VALUE_TYPES = (VALUE_ADDING, NECESSARY, WASTE)

# Each distribution and the parameters it needs (all numbers, but ``values``: a list of numbers).
DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "fixed": ("mean",),
    "exponential": ("mean",),
    "normal": ("mean", "sd"),
    "lognormal": ("mean", "sd"),
    "triangular": ("min", "mode", "max"),
    "empirical": ("values",),
}
# Arrivals may also follow a schedule: expected arrivals per hour of the day (24 numbers).
SCHEDULE = "schedule"

# Probabilities out of one step must sum to 1 within this (JSON written by hand: 0.1 + 0.2 ...).
PROBABILITY_TOLERANCE = 1e-6
MAX_STEPS = 2000
MAX_NAME = 120
MAX_TEXT = 2000
MAX_COORD = 1_000_000  # a step's drawn position, in the editor's scene units


class ModelError(ValidationError):
    """The document is not a valid process model; ``field`` is the JSON path at fault
    (``steps[2].duration.max``) and the message names the step or flow in words."""


@dataclass(frozen=True)
class Distribution:
    """A duration or inter-arrival time: ``kind`` is a key of :data:`DISTRIBUTIONS` (or
    :data:`SCHEDULE` for arrivals); only the parameters of that kind are set."""

    kind: str
    mean: float | None = None
    sd: float | None = None
    min: float | None = None
    mode: float | None = None
    max: float | None = None
    values: tuple[float, ...] = ()
    # SCHEDULE only: expected arrivals in each hour of the day, 24 numbers.
    per_hour: tuple[float, ...] = ()

    @property
    def expected(self) -> float:
        """The mean of the distribution (triangular: (min + mode + max) / 3; empirical: the
        average of its values; schedule: the mean time between arrivals over a day)."""
        if self.kind == "triangular":
            assert self.min is not None and self.mode is not None and self.max is not None
            return (self.min + self.mode + self.max) / 3.0
        if self.kind == "empirical":
            return math.fsum(self.values) / len(self.values)
        if self.kind == SCHEDULE:
            total = math.fsum(self.per_hour)
            return math.inf if total == 0 else 24.0 / total  # in hours between arrivals
        assert self.mean is not None
        return self.mean

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"distribution": self.kind}
        if self.kind == SCHEDULE:
            out["per_hour"] = list(self.per_hour)
            return out
        for name in DISTRIBUTIONS[self.kind]:
            value = getattr(self, name)
            out[name] = list(value) if name == "values" else value
        return out


@dataclass(frozen=True)
class Shift:
    """Hours of the day a step's resources work: ``start`` to ``end`` (0-24, end after start)."""

    start: float
    end: float


@dataclass(frozen=True)
class Step:
    name: str
    value: str
    duration: Distribution
    resources: int = 1
    wait_before: float = 0.0
    pct_complete_accurate: float = 100.0
    role: str | None = None
    inputs: str | None = None
    outputs: str | None = None
    waste: str | None = None
    # Optional working hours; none means the resources work around the clock.
    shifts: tuple[Shift, ...] = ()
    # Where the map editor drew it (scene units); None: laid out by dot. Not part of what the
    # step is: a moved step is not a changed one (map_compare), nor a different model.
    position: tuple[float, float] | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name, "value": self.value, "resources": self.resources,
            "duration": self.duration.to_dict(), "wait_before": self.wait_before,
            "pct_complete_accurate": self.pct_complete_accurate, "role": self.role,
            "inputs": self.inputs, "outputs": self.outputs, "waste": self.waste,
        }
        if self.shifts:
            out["shifts"] = [{"start": s.start, "end": s.end} for s in self.shifts]
        if self.position is not None:
            out["position"] = {"x": self.position[0], "y": self.position[1]}
        return out


@dataclass(frozen=True)
class Flow:
    source: str
    target: str
    # None: the step's only flow, taken always.
    probability: float | None = None

    @property
    def chance(self) -> float:
        return 1.0 if self.probability is None else self.probability

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"from": self.source, "to": self.target}
        if self.probability is not None:
            out["probability"] = self.probability
        return out


@dataclass(frozen=True)
class Demand:
    """Units the customer needs in ``available_time`` (in the model's time unit): takt."""

    units: float
    available_time: float


@dataclass(frozen=True)
class ProcessModel:
    name: str
    time_unit: str
    steps: tuple[Step, ...]
    flows: tuple[Flow, ...]
    demand: Demand | None = None
    arrivals: Distribution | None = None
    _by_name: dict[str, Step] = field(init=False, compare=False, repr=False)
    _out: dict[str, list[Flow]] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {s.name: s for s in self.steps})
        out: dict[str, list[Flow]] = {}
        for f in self.flows:
            out.setdefault(f.source, []).append(f)
        object.__setattr__(self, "_out", out)

    def step(self, name: str) -> Step:
        return self._by_name[name]

    def outgoing(self, name: str) -> list[Flow]:
        """The flows leaving ``name`` (a step or ``start``), in document order."""
        return list(self._out.get(name, ()))

    def to_dict(self) -> dict[str, Any]:
        return model_to_dict(self)


# --- parsing ------------------------------------------------------------------------------------


def _fail(message: str, path: str) -> ModelError:
    return ModelError(message, field=path)


def _number(value: Any, what: str, path: str, *, minimum: float | None = None,
            strictly_above: float | None = None, maximum: float | None = None) -> float:
    # bool is an int in Python; true is not a duration.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(translate(
            "domain.process_model", "{what} must be a number.").format(what=what), path)
    number = float(value)
    if not math.isfinite(number):
        raise _fail(translate(
            "domain.process_model", "{what} must be a finite number.").format(what=what), path)
    if minimum is not None and number < minimum:
        raise _fail(translate(
            "domain.process_model", "{what} must be at least {minimum:g}.").format(
                what=what, minimum=minimum), path)
    if strictly_above is not None and number <= strictly_above:
        raise _fail(translate(
            "domain.process_model", "{what} must be more than {strictly_above:g}.").format(
                what=what, strictly_above=strictly_above), path)
    if maximum is not None and number > maximum:
        raise _fail(translate(
            "domain.process_model", "{what} must be at most {maximum:g}.").format(
                what=what, maximum=maximum), path)
    return number


def _text(value: Any, what: str, path: str, *, required: bool, limit: int = MAX_TEXT) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        sentence = (translate("domain.process_model", "{what} must be a non-empty text.")
                    if required else translate("domain.process_model", "{what} must be a text."))
        raise _fail(sentence.format(what=what), path)
    text = value.strip()
    if len(text) > limit:
        raise _fail(translate(
            "domain.process_model", "{what} is longer than {limit} characters.").format(
                what=what, limit=limit), path)
    return text if text else None


def _object(value: Any, what: str, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(translate(
            "domain.process_model", "{what} must be an object ({{...}}).").format(what=what), path)
    return value


def parse_distribution(raw: Any, what: str, path: str, *,
                       allow_schedule: bool = False) -> Distribution:
    """One duration or arrival distribution; ``what`` names its owner in messages."""
    obj = _object(raw, what, path)
    kind = obj.get("distribution")
    kinds = [*DISTRIBUTIONS, *([SCHEDULE] if allow_schedule else [])]
    if kind not in kinds:
        raise _fail(translate(
            "domain.process_model", "{what}: distribution must be one of {names}.").format(
                what=what, names=', '.join(kinds)),
                    f"{path}.distribution")
    if kind == SCHEDULE:
        hours = obj.get("per_hour")
        if not isinstance(hours, list) or len(hours) != 24:
            raise _fail(translate(
                "domain.process_model",
                "{what}: a schedule needs per_hour, 24 numbers (arrivals in each hour).").format(
                    what=what),
                        f"{path}.per_hour")
        per_hour = tuple(_number(v, translate(
            "domain.process_model", "{what}: arrivals in hour {i}").format(
                what=what, i=i), f"{path}.per_hour[{i}]",
                                 minimum=0) for i, v in enumerate(hours))
        if not any(per_hour):
            raise _fail(translate(
                "domain.process_model", "{what}: the schedule has no arrivals at all.").format(
                    what=what), f"{path}.per_hour")
        return Distribution(SCHEDULE, per_hour=per_hour)
    for name in DISTRIBUTIONS[kind]:
        if name not in obj:
            raise _fail(translate(
                "domain.process_model", "{what}: a {kind} distribution needs {name!r}.").format(
                    what=what, kind=kind, name=name), f"{path}.{name}")
    if kind == "empirical":
        raw_values = obj["values"]
        if not isinstance(raw_values, list) or not raw_values:
            raise _fail(translate(
                "domain.process_model",
                "{what}: values must be a non-empty list of numbers.").format(
                    what=what), f"{path}.values")
        values = tuple(_number(v, translate(
            "domain.process_model", "{what}: value {number}").format(
                what=what, number=i + 1), f"{path}.values[{i}]", minimum=0)
                       for i, v in enumerate(raw_values))
        if not any(values) and allow_schedule:
            raise _fail(translate(
                "domain.process_model",
                "{what}: the times between arrivals cannot all be 0.").format(
                    what=what), f"{path}.values")
        return Distribution(kind, values=values)
    if kind == "triangular":
        low = _number(obj["min"], f"{what}: min", f"{path}.min", minimum=0)
        mode = _number(obj["mode"], f"{what}: mode", f"{path}.mode", minimum=0)
        high = _number(obj["max"], f"{what}: max", f"{path}.max", minimum=0)
        if not low <= mode <= high:
            raise _fail(translate(
                "domain.process_model",
                "{what}: a triangular distribution needs min <= mode <= max (got "
                "{low:g}, {mode:g}, {high:g}).").format(
                    what=what, low=low, mode=mode, high=high), f"{path}.mode")
        return Distribution(kind, min=low, mode=mode, max=high)
    # An arrival time of 0 would mean infinitely many arrivals; a duration of 0 is allowed only
    # where it is fixed (an instant step, e.g. a decision).
    if kind == "fixed" and not allow_schedule:
        mean = _number(obj["mean"], f"{what}: mean", f"{path}.mean", minimum=0)
    else:
        mean = _number(obj["mean"], f"{what}: mean", f"{path}.mean", strictly_above=0)
    sd = None
    if "sd" in DISTRIBUTIONS[kind]:
        sd = _number(obj["sd"], f"{what}: sd", f"{path}.sd", minimum=0)
    return Distribution(kind, mean=mean, sd=sd)


def _parse_step(raw: Any, index: int) -> Step:
    path = f"steps[{index}]"
    obj = _object(raw, translate("domain.process_model", "Step {number}").format(
        number=index + 1), path)
    name = _text(obj.get("name"), translate(
        "domain.process_model", "Step {number}: name").format(
            number=index + 1), f"{path}.name", required=True,
                 limit=MAX_NAME)
    assert name is not None
    what = translate("domain.process_model", 'Step "{name}"').format(name=name)
    if name in RESERVED:
        raise _fail(translate(
            "domain.process_model", '{what}: "start" and "end" are reserved names.').format(
                what=what), f"{path}.name")
    value = obj.get("value")
    if value not in VALUE_TYPES:
        raise _fail(translate(
            "domain.process_model", "{what}: value must be one of {names}.").format(
                what=what, names=', '.join(VALUE_TYPES)), f"{path}.value")
    waste = obj.get("waste")
    if value == WASTE:
        categories = [w.value for w in WasteCategory]
        # "over-processing" as people write it, stored as the enum's "over_processing".
        waste = waste.replace("-", "_") if isinstance(waste, str) else waste
        if waste not in categories:
            raise _fail(translate(
                "domain.process_model",
                "{what}: a waste step names its Lean category in waste, one of {names}.").format(
                    what=what, names=', '.join(categories)), f"{path}.waste")
    elif waste is not None:
        raise _fail(translate(
            "domain.process_model", "{what}: only a waste step names a waste category.").format(
                what=what), f"{path}.waste")
    resources = obj.get("resources", 1)
    if (isinstance(resources, bool) or not isinstance(resources, int)
            or not 1 <= resources <= 10_000):
        raise _fail(translate(
            "domain.process_model",
            "{what}: resources must be a whole number from 1 to 10000.").format(what=what),
                    f"{path}.resources")
    if "duration" not in obj:
        raise _fail(translate(
            "domain.process_model", "{what} needs a duration.").format(
                what=what), f"{path}.duration")
    duration = parse_distribution(obj["duration"], what, f"{path}.duration")
    wait = _number(obj.get("wait_before", 0), f"{what}: wait_before", f"{path}.wait_before",
                   minimum=0)
    accurate = _number(obj.get("pct_complete_accurate", 100), f"{what}: pct_complete_accurate",
                       f"{path}.pct_complete_accurate", minimum=0, maximum=100)
    shifts = []
    raw_shifts = obj.get("shifts", [])
    if not isinstance(raw_shifts, list):
        raise _fail(translate(
            "domain.process_model",
            "{what}: shifts must be a list of {{start, end}} hours.").format(
                what=what), f"{path}.shifts")
    for j, raw_shift in enumerate(raw_shifts):
        spath = f"{path}.shifts[{j}]"
        shift = _object(raw_shift, translate(
            "domain.process_model", "{what}: shift {number}").format(
                what=what, number=j + 1), spath)
        start = _number(shift.get("start"), translate(
            "domain.process_model", "{what}: shift {number} start").format(
                what=what, number=j + 1), f"{spath}.start",
                        minimum=0, maximum=24)
        end = _number(shift.get("end"), translate(
            "domain.process_model", "{what}: shift {number} end").format(
                what=what, number=j + 1), f"{spath}.end",
                      minimum=0, maximum=24)
        if end <= start:
            raise _fail(translate(
                "domain.process_model", "{what}: shift {number} must end after it starts.").format(
                    what=what, number=j + 1), f"{spath}.end")
        shifts.append(Shift(start, end))
    position = None
    if obj.get("position") is not None:
        ppath = f"{path}.position"
        where = _object(obj["position"], f"{what}: position", ppath)
        position = (
            _number(where.get("x"), f"{what}: position x", f"{ppath}.x", minimum=-MAX_COORD,
                    maximum=MAX_COORD),
            _number(where.get("y"), f"{what}: position y", f"{ppath}.y", minimum=-MAX_COORD,
                    maximum=MAX_COORD))
    return Step(
        name=name, value=value, duration=duration, resources=resources, wait_before=wait,
        pct_complete_accurate=accurate,
        role=_text(obj.get("role"), f"{what}: role", f"{path}.role", required=False,
                   limit=MAX_NAME),
        inputs=_text(obj.get("inputs"), f"{what}: inputs", f"{path}.inputs", required=False),
        outputs=_text(obj.get("outputs"), f"{what}: outputs", f"{path}.outputs", required=False),
        waste=waste, shifts=tuple(shifts), position=position,
    )


def _parse_flows(raw: Any, order: list[str]) -> tuple[Flow, ...]:
    names = set(order)
    if not isinstance(raw, list) or not raw:
        raise _fail(translate(
            "domain.process_model", "flows must be a non-empty list of {from, to} links."), "flows")
    flows: list[Flow] = []
    seen: set[tuple[str, str]] = set()
    for i, raw_flow in enumerate(raw):
        path = f"flows[{i}]"
        obj = _object(raw_flow, translate("domain.process_model", "Flow {number}").format(
            number=i + 1), path)
        source, target = obj.get("from"), obj.get("to")
        what = translate(
            "domain.process_model", 'Flow {number} ("{source}" to "{target}")').format(
                number=i + 1, source=source, target=target)
        if not isinstance(source, str) or (source not in names and source != START):
            raise _fail(translate(
                "domain.process_model", '{what}: from must name a step or "start".').format(
                    what=what), f"{path}.from")
        if not isinstance(target, str) or (target not in names and target != END):
            raise _fail(translate(
                "domain.process_model", '{what}: to must name a step or "end".').format(
                    what=what), f"{path}.to")
        if (source, target) in seen:
            raise _fail(translate(
                "domain.process_model", "{what} is written twice.").format(what=what), path)
        seen.add((source, target))
        probability = None
        if obj.get("probability") is not None:
            probability = _number(obj["probability"], f"{what}: probability",
                                  f"{path}.probability", strictly_above=0, maximum=1)
        flows.append(Flow(source, target, probability))
    # Grouped once: a 2000-step map would otherwise scan every flow for every step.
    by_source: dict[str, list[tuple[int, Flow]]] = {}
    for i, f in enumerate(flows):
        by_source.setdefault(f.source, []).append((i, f))
    for source in [START, *order]:
        out = by_source.get(source, [])
        label = "start" if source == START else translate(
            "domain.process_model", 'Step "{source}"').format(source=source)
        if not out:
            where = "flows" if source == START else f"steps[{order.index(source)}]"
            raise _fail(translate(
                "domain.process_model",
                '{label} has no flow out of it (every step leads somewhere, in the end '
                'to "end").').format(label=label), where)
        if len(out) == 1:
            i, only = out[0]
            if only.probability is not None and abs(only.probability - 1) > PROBABILITY_TOLERANCE:
                raise _fail(translate(
                    "domain.process_model",
                    "{label}: its only flow must have probability 1 (or none).").format(
                        label=label),
                            f"flows[{i}].probability")
            continue
        missing = [i for i, f in out if f.probability is None]
        if missing:
            raise _fail(translate(
                "domain.process_model",
                "{label} has {count} flows out: each needs a probability.").format(
                    label=label, count=len(out)),
                        f"flows[{missing[0]}].probability")
        total = math.fsum(f.chance for _, f in out)
        if abs(total - 1) > PROBABILITY_TOLERANCE:
            raise _fail(translate(
                "domain.process_model",
                "{label}: the probabilities of its flows sum to {total:g}, not 1.").format(
                    label=label, total=total),
                        f"flows[{out[0][0]}].probability")
    return tuple(flows)


def _check_reachable(steps: Iterable[str], flows: tuple[Flow, ...]) -> None:
    """Every step can be reached from start, and end can be reached from every step (a loop
    with no way out would keep its cases for ever)."""
    forward: dict[str, list[str]] = {}
    backward: dict[str, list[str]] = {}
    for f in flows:
        forward.setdefault(f.source, []).append(f.target)
        backward.setdefault(f.target, []).append(f.source)

    def reach(origin: str, edges: dict[str, list[str]]) -> set[str]:
        seen, todo = {origin}, [origin]
        while todo:
            for nxt in edges.get(todo.pop(), []):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    from_start, to_end = reach(START, forward), reach(END, backward)
    for i, name in enumerate(steps):
        if name not in from_start:
            raise _fail(translate(
                "domain.process_model", 'Step "{name}" cannot be reached from start.').format(
                    name=name), f"steps[{i}]")
        if name not in to_end:
            raise _fail(translate(
                "domain.process_model",
                'Step "{name}" has no way on to end (a loop with no exit).').format(name=name),
                        f"steps[{i}]")


def parse_model(doc: Any) -> ProcessModel:
    """The model a document describes, or a :class:`ModelError` naming what is wrong."""
    obj = _object(doc, translate("domain.process_model", "The process model"), "")
    name = _text(obj.get("name"), translate(
        "domain.process_model", "The process's name"), "name", required=True, limit=MAX_NAME)
    assert name is not None
    unit = obj.get("time_unit", "minute")
    if unit not in TIME_UNITS:
        raise _fail(translate(
            "domain.process_model", "time_unit must be one of {names}.").format(
                names=', '.join(TIME_UNITS)), "time_unit")
    raw_steps = obj.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise _fail(translate("domain.process_model", "steps must be a non-empty list."), "steps")
    if len(raw_steps) > MAX_STEPS:
        raise _fail(translate(
            "domain.process_model", "A map holds at most {most} steps.").format(
                most=MAX_STEPS), "steps")
    steps: list[Step] = []
    names: set[str] = set()
    for i, raw_step in enumerate(raw_steps):
        step = _parse_step(raw_step, i)
        if step.name in names:
            raise _fail(translate(
                "domain.process_model", 'Step "{name}" is named twice.').format(
                    name=step.name), f"steps[{i}].name")
        names.add(step.name)
        steps.append(step)
    flows = _parse_flows(obj.get("flows"), [s.name for s in steps])
    _check_reachable([s.name for s in steps], flows)
    demand = None
    if obj.get("demand") is not None:
        raw_demand = _object(obj["demand"], "demand", "demand")
        demand = Demand(
            units=_number(raw_demand.get("units"), "demand: units", "demand.units",
                          strictly_above=0),
            available_time=_number(raw_demand.get("available_time"), "demand: available_time",
                                   "demand.available_time", strictly_above=0),
        )
    arrivals = None
    if obj.get("arrivals") is not None:
        arrivals = parse_distribution(obj["arrivals"], "arrivals", "arrivals",
                                      allow_schedule=True)
    return ProcessModel(name=name, time_unit=unit, steps=tuple(steps), flows=flows,
                        demand=demand, arrivals=arrivals)


def model_to_dict(model: ProcessModel) -> dict[str, Any]:
    """The document for ``model``: ``parse_model(model_to_dict(m)) == m``."""
    out: dict[str, Any] = {"name": model.name, "time_unit": model.time_unit}
    if model.demand is not None:
        out["demand"] = {"units": model.demand.units,
                         "available_time": model.demand.available_time}
    if model.arrivals is not None:
        out["arrivals"] = model.arrivals.to_dict()
    out["steps"] = [s.to_dict() for s in model.steps]
    out["flows"] = [f.to_dict() for f in model.flows]
    return out


def loads(text: str) -> ProcessModel:
    """Parse JSON text; bad JSON is a ModelError with its line and column."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(translate(
            "domain.process_model",
            "This is not valid JSON: {msg} at line {lineno}, column {colno}.").format(
                msg=exc.msg, lineno=exc.lineno, colno=exc.colno), "") from None
    return parse_model(doc)


def dumps(model: ProcessModel) -> str:
    return json.dumps(model_to_dict(model), indent=2, ensure_ascii=False) + "\n"
