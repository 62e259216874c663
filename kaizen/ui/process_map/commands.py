"""Undoable edits of the map (QUndoStack: Ctrl+Z, Ctrl+Shift+Z).

Each command changes the draft through :class:`MapDraft`'s methods and redraws the scene; the
undo does the opposite. Drags arrive as one :class:`MoveNodes` per drag. A command's text is
shown in the Undo and Redo buttons, so it is written in the language of the work.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtGui import QUndoCommand

from kaizen.i18n import translate
from kaizen.ui.process_map.draft import MapDraft
from kaizen.ui.process_map.scene import MapScene


class _MapCommand(QUndoCommand):
    def __init__(self, scene: MapScene, text: str) -> None:
        super().__init__(text)
        self.scene = scene
        self.draft: MapDraft = scene.draft


class AddStep(_MapCommand):
    def __init__(self, scene: MapScene, step: dict[str, Any], at: tuple[float, float]) -> None:
        super().__init__(scene, translate(
            "ui.process_map.commands", "Add step \"{name}\"").format(name=step["name"]))
        self.step, self.at = step, at

    def redo(self) -> None:
        self.draft.insert_step(len(self.draft.steps), copy.deepcopy(self.step))
        self.draft.positions[self.step["name"]] = self.at
        self.scene.rebuild()

    def undo(self) -> None:
        self.draft.remove_step(self.step["name"])
        self.scene.rebuild()


class DeleteItems(_MapCommand):
    """Delete steps (with their flows) and flows."""

    def __init__(self, scene: MapScene, steps: list[str], flows: list[tuple[str, str]]) -> None:
        super().__init__(scene, translate("ui.process_map.commands", "Delete"))
        self.steps, self.flows = steps, flows
        self._undo: list[Any] = []

    def redo(self) -> None:
        self._undo = []
        for source, target in self.flows:
            if self.draft.has_flow(source, target):
                i = self.draft.flow_index(source, target)
                self._undo.append(("flow", i, self.draft.flows.pop(i)))
        for name in self.steps:
            pos = self.draft.positions.get(name)
            self._undo.append(("step", self.draft.remove_step(name), pos))
        self.scene.rebuild()

    def undo(self) -> None:
        for entry in reversed(self._undo):
            if entry[0] == "flow":
                self.draft.flows.insert(entry[1], entry[2])
            else:
                (index, step, flows), pos = entry[1], entry[2]
                self.draft.restore_step(index, step, flows)
                if pos is not None:
                    self.draft.positions[step["name"]] = pos
        self.scene.rebuild()


class Connect(_MapCommand):
    def __init__(self, scene: MapScene, source: str, target: str) -> None:
        super().__init__(scene, translate(
            "ui.process_map.commands", "Connect \"{source}\" to \"{target}\"").format(
            source=source, target=target))
        self.flow = {"from": source, "to": target}

    def redo(self) -> None:
        self.draft.flows.append(dict(self.flow))
        self.scene.rebuild()

    def undo(self) -> None:
        self.draft.flows.pop(self.draft.flow_index(self.flow["from"], self.flow["to"]))
        self.scene.rebuild()


class EditStep(_MapCommand):
    """Replace a step's fields (a rename carries its flows, position and links)."""

    def __init__(self, scene: MapScene, name: str, new: dict[str, Any]) -> None:
        super().__init__(scene, translate(
            "ui.process_map.commands", "Edit step \"{name}\"").format(name=name))
        self.name, self.new = name, copy.deepcopy(new)
        self.old = copy.deepcopy(scene.draft.step(name))
        self.old_renames = dict(scene.draft.renames)

    def redo(self) -> None:
        self.draft.replace_step(self.name, copy.deepcopy(self.new))
        self.scene.rebuild()

    def undo(self) -> None:
        self.draft.replace_step(self.new["name"], copy.deepcopy(self.old))
        self.draft.renames = dict(self.old_renames)
        self.scene.rebuild()


class EditFlow(_MapCommand):
    """Set a flow's probability (None: the step's only flow, taken always)."""

    def __init__(self, scene: MapScene, key: tuple[str, str], probability: float | None) -> None:
        super().__init__(scene, translate(
            "ui.process_map.commands", "Edit flow \"{source}\" to \"{target}\"").format(
            source=key[0], target=key[1]))
        self.key, self.new = key, probability
        self.old = scene.draft.flows[scene.draft.flow_index(*key)].get("probability")

    def _set(self, value: float | None) -> None:
        flow = self.draft.flows[self.draft.flow_index(*self.key)]
        flow.pop("probability", None)
        if value is not None:
            flow["probability"] = value
        self.scene.rebuild()

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)


class MoveNodes(_MapCommand):
    """Nodes moved by a drag or by the auto-layout."""

    def __init__(self, scene: MapScene, old: dict, new: dict, text: str | None = None) -> None:
        super().__init__(scene, translate(
            "ui.process_map.commands", "Move") if text is None else text)
        self.old, self.new = dict(old), dict(new)

    def redo(self) -> None:
        self.scene.apply_positions(self.new)

    def undo(self) -> None:
        self.scene.apply_positions(self.old)
