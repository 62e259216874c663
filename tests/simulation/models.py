"""Small process model documents for the simulation tests (plain dicts, parsed by the one
parser, kaizen.domain.process_model)."""

from __future__ import annotations

from typing import Any

from kaizen.domain.process_model import ProcessModel, parse_model


def exponential(mean: float) -> dict[str, Any]:
    return {"distribution": "exponential", "mean": mean}


def step(name: str, duration: dict[str, Any], resources: int = 1, **extra: Any) -> dict[str, Any]:
    return {"name": name, "value": "value-adding", "resources": resources, "duration": duration,
            **extra}


def line(steps: list[dict[str, Any]], arrivals: dict[str, Any], *,
         flows: list[dict[str, Any]] | None = None, unit: str = "minute") -> ProcessModel:
    """Steps in a row from start to end, unless ``flows`` are given."""
    if flows is None:
        names = ["start", *[s["name"] for s in steps], "end"]
        flows = [{"from": a, "to": b} for a, b in zip(names, names[1:], strict=False)]
    return parse_model({"name": "test", "time_unit": unit, "arrivals": arrivals,
                        "steps": steps, "flows": flows})
