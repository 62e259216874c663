"""The map being edited: the process model document as mutable plain data, plus positions.

The editor changes a :class:`MapDraft` (through undoable commands) and saves
:meth:`MapDraft.document`, which the one parser (:mod:`kaizen.domain.process_model`) checks. A
draft may be invalid while it is edited (a new step has no flows yet); :meth:`MapDraft.model`
says why in the parser's words. Positions are kept apart from the steps while editing
(:attr:`MapDraft.positions`) and written into each step's optional ``position`` by
:meth:`MapDraft.document`, so a saved or exported map opens as it was drawn; a map whose steps
do not all carry one is laid out again (by ``dot``, see :mod:`layout`).
"""

from __future__ import annotations

import copy
from typing import Any

from kaizen.domain.process_model import (
    END,
    START,
    ModelError,
    ProcessModel,
    parse_model,
)
from kaizen.i18n import translate


def new_step_name() -> str:
    """The name a new step starts with, in the language of the work (the user renames it)."""
    return translate("ui.process_map.draft", "New step")


def blank_step(name: str) -> dict[str, Any]:
    """A new step as the editor adds it: necessary, fixed 1 time unit."""
    return {"name": name, "value": "necessary", "resources": 1,
            "duration": {"distribution": "fixed", "mean": 1}, "wait_before": 0,
            "pct_complete_accurate": 100, "role": None, "inputs": None, "outputs": None,
            "waste": None}


def check_step(step: dict[str, Any]) -> ModelError | None:
    """The parser's refusal of ``step`` on its own (in a one-step map), or None.

    The error's ``field`` is ``steps[0].<field>``: the side panel shows it beside that field.
    """
    doc = {"name": "check", "steps": [step],
           "flows": [{"from": START, "to": step.get("name")}, {"from": step.get("name"),
                                                               "to": END}]}
    try:
        parse_model(doc)
    except ModelError as exc:
        return exc
    return None


class MapDraft:
    """Steps (in document order), flows and node positions of the map being edited."""

    def __init__(self, document: dict[str, Any]) -> None:
        doc = copy.deepcopy(document)
        self.header = {k: v for k, v in doc.items() if k not in ("steps", "flows")}
        self.steps: list[dict[str, Any]] = list(doc.get("steps", []))
        self.flows: list[dict[str, Any]] = list(doc.get("flows", []))
        self.positions: dict[str, tuple[float, float]] = {}
        # The positions the document brought (steps that had a well-formed one).
        self.saved_positions: dict[str, tuple[float, float]] = {}
        for step in self.steps:
            where = step.pop("position", None) if isinstance(step, dict) else None
            point = _point(where)
            if point is not None and isinstance(step.get("name"), str):
                self.saved_positions[step["name"]] = point
        # Renames since load, keyed by the loaded name: save_map keeps their links.
        self.renames: dict[str, str] = {}

    # --- reading ---------------------------------------------------------------------------

    def names(self) -> list[str]:
        return [s["name"] for s in self.steps]

    def step(self, name: str) -> dict[str, Any]:
        for s in self.steps:
            if s["name"] == name:
                return s
        raise KeyError(name)

    def index(self, name: str) -> int:
        return self.names().index(name)

    def document(self) -> dict[str, Any]:
        """The document, each step with the position it is drawn at (rounded to 0.1)."""
        steps = copy.deepcopy(self.steps)
        for step in steps:
            point = self.positions.get(step.get("name")) if isinstance(step, dict) else None
            if point is not None:
                step["position"] = {"x": round(point[0], 1), "y": round(point[1], 1)}
        return {**copy.deepcopy(self.header), "steps": steps, "flows": copy.deepcopy(self.flows)}

    def has_saved_layout(self) -> bool:
        """Every step came with a position: draw them there, without an auto-layout."""
        return bool(self.steps) and all(
            isinstance(s, dict) and s.get("name") in self.saved_positions for s in self.steps)

    def model(self) -> ProcessModel:
        """The parsed draft, or the parser's ModelError."""
        return parse_model(self.document())

    def free_name(self, base: str | None = None) -> str:
        base = new_step_name() if base is None else base
        taken = set(self.names()) | {START, END}
        if base not in taken:
            return base
        n = 2
        while f"{base} {n}" in taken:
            n += 1
        return f"{base} {n}"

    # --- changing (the undo commands call these) --------------------------------------------

    def insert_step(self, index: int, step: dict[str, Any]) -> None:
        self.steps.insert(index, step)

    def remove_step(self, name: str) -> tuple[int, dict[str, Any], list[tuple[int, dict]]]:
        """Remove a step and its flows; returns what :meth:`restore_step` needs."""
        index = self.index(name)
        step = self.steps.pop(index)
        removed = [(i, f) for i, f in enumerate(self.flows) if name in (f["from"], f["to"])]
        for i, _f in reversed(removed):
            del self.flows[i]
        return index, step, removed

    def restore_step(self, index: int, step: dict[str, Any],
                     flows: list[tuple[int, dict]]) -> None:
        self.steps.insert(index, step)
        for i, f in flows:
            self.flows.insert(i, f)

    def replace_step(self, name: str, new: dict[str, Any]) -> None:
        """Put ``new`` in place of step ``name``; a rename carries its flows and position."""
        index = self.index(name)
        self.steps[index] = new
        renamed = new["name"]
        if renamed != name:
            for f in self.flows:
                if f["from"] == name:
                    f["from"] = renamed
                if f["to"] == name:
                    f["to"] = renamed
            if name in self.positions:
                self.positions[renamed] = self.positions.pop(name)
            original = next((k for k, v in self.renames.items() if v == name), name)
            self.renames.pop(original, None)
            if original != renamed:
                self.renames[original] = renamed

    def flow_index(self, source: str, target: str) -> int:
        for i, f in enumerate(self.flows):
            if f["from"] == source and f["to"] == target:
                return i
        raise KeyError((source, target))

    def has_flow(self, source: str, target: str) -> bool:
        return any(f["from"] == source and f["to"] == target for f in self.flows)


def _point(where: Any) -> tuple[float, float] | None:
    """``{"x": .., "y": ..}`` as a point; anything else (the parser refuses it on save) None."""
    if not isinstance(where, dict):
        return None
    x, y = where.get("x"), where.get("y")
    if any(isinstance(v, bool) or not isinstance(v, int | float) for v in (x, y)):
        return None
    return float(x), float(y)
