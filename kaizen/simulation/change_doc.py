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
from kaizen.i18n import translate
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
        raise ValidationError(translate(
            "simulation.change_doc", 'A change is an object with a "change" kind.'), field=path)
    kind = data.get("change")
    cls = KINDS.get(kind) if isinstance(kind, str) else None  # a list would not even hash
    if cls is None:
        raise ValidationError(translate(
            "simulation.change_doc", "A change's kind is one of {kinds}.").format(
                kinds=', '.join(KINDS)), field=path)
    names = [f.name for f in fields(cls)]
    missing = [n for n in names if n not in data]
    if missing:
        raise ValidationError(translate(
            "simulation.change_doc", "The change {change} needs {fields}.").format(
                change=data['change'], fields=', '.join(missing)),
                              field=path)
    return cls(**{n: data[n] for n in names})


def changes_from_list(data: Any) -> tuple[Change, ...]:
    if not isinstance(data, Sequence) or isinstance(data, str):
        raise ValidationError(translate(
            "simulation.change_doc", "The changes are a list."), field="changes")
    return tuple(change_from_dict(item, i) for i, item in enumerate(data))


def describe(change: Change) -> str:
    """One line for lists: "Add 2 resources to Pick"."""
    if isinstance(change, RemoveStep):
        return translate("simulation.change_doc", "Remove step {step}").format(step=change.step)
    if isinstance(change, AddStep):
        return translate(
            "simulation.change_doc", "Add step {name}").format(name=change.step.get('name', '?'))
    if isinstance(change, AddResources):
        count = abs(change.count)
        if change.count < 0:
            text = (translate("simulation.change_doc", "Take {count} resource from {step}")
                    if count == 1 else
                    translate("simulation.change_doc", "Take {count} resources from {step}"))
        else:
            text = (translate("simulation.change_doc", "Add {count} resource to {step}")
                    if count == 1 else
                    translate("simulation.change_doc", "Add {count} resources to {step}"))
        return text.format(count=count, step=change.step)
    if isinstance(change, ScaleDuration):
        return translate(
            "simulation.change_doc", "{step}: duration x {factor:.3g}").format(
                step=change.step, factor=change.factor)
    if isinstance(change, SetDuration):
        return translate(
            "simulation.change_doc", "{step}: duration set to {distribution}").format(
                step=change.step, distribution=change.duration.get('distribution', '?'))
    if isinstance(change, Reroute):
        targets = ", ".join(f"{t} {p:.0%}" for t, p in change.targets.items())
        return translate(
            "simulation.change_doc", "Reroute {source} to {targets}").format(
                source=change.source, targets=targets)
    return translate("simulation.change_doc", "Demand x {factor:.3g}").format(factor=change.factor)
