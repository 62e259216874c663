"""Scenario changes as plain JSON objects, for storage and files: ``{"change": "add_resources",
"step": "Pick", "count": 2}`` and so on, one kind per change class of
:mod:`kaizen.simulation.scenario`. :func:`change_from_dict` refuses an unknown kind or a missing
field with a ValidationError naming ``changes[i]``.

Pure: no Qt, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, fields
from typing import Any

from kaizen.domain.errors import ValidationError
from kaizen.simulation.scenario import (
    AddResources,
    AddStep,
    Change,
    RemoveStep,
    Reroute,
    ScaleDemand,
    ScaleDuration,
    SetDuration,
)

KINDS: dict[str, type[Change]] = {
    "remove_step": RemoveStep,
    "add_step": AddStep,
    "add_resources": AddResources,
    "scale_duration": ScaleDuration,
    "set_duration": SetDuration,
    "reroute": Reroute,
    "scale_demand": ScaleDemand,
}
_NAMES = {cls: name for name, cls in KINDS.items()}


def change_to_dict(change: Change) -> dict[str, Any]:
    return {"change": _NAMES[type(change)], **asdict(change)}


def change_from_dict(data: Any, index: int = 0) -> Change:
    path = f"changes[{index}]"
    if not isinstance(data, dict):
        raise ValidationError("A change is an object with a \"change\" kind.", field=path)
    kind = data.get("change")
    cls = KINDS.get(kind) if isinstance(kind, str) else None  # a list would not even hash
    if cls is None:
        raise ValidationError(f"A change's kind is one of {', '.join(KINDS)}.", field=path)
    names = [f.name for f in fields(cls)]
    missing = [n for n in names if n not in data]
    if missing:
        raise ValidationError(f"The change {data['change']} needs {', '.join(missing)}.",
                              field=path)
    return cls(**{n: data[n] for n in names})


def changes_from_list(data: Any) -> tuple[Change, ...]:
    if not isinstance(data, Sequence) or isinstance(data, str):
        raise ValidationError("The changes are a list.", field="changes")
    return tuple(change_from_dict(item, i) for i, item in enumerate(data))


def describe(change: Change) -> str:
    """One line for lists: "Add 2 resources to Pick"."""
    if isinstance(change, RemoveStep):
        return f"Remove step {change.step}"
    if isinstance(change, AddStep):
        return f"Add step {change.step.get('name', '?')}"
    if isinstance(change, AddResources):
        if change.count < 0:
            return f"Take {-change.count} resources from {change.step}"
        return f"Add {change.count} resources to {change.step}"
    if isinstance(change, ScaleDuration):
        return f"{change.step}: duration x {change.factor:.3g}"
    if isinstance(change, SetDuration):
        return f"{change.step}: duration set to {change.duration.get('distribution', '?')}"
    if isinstance(change, Reroute):
        targets = ", ".join(f"{t} {p:.0%}" for t, p in change.targets.items())
        return f"Reroute {change.source} to {targets}"
    return f"Demand x {change.factor:.3g}"
