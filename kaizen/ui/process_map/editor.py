"""The map editor: the canvas, the side panel, the undo stack and the map's actions.

It edits a :class:`MapDraft`; every edit is a command on a QUndoStack. The map comes from
``ProcessService.map_view`` and goes back through ``save_map`` (the version check and the audit
come with it), both through the background worker. ``dot`` lays the map out in the background
too. JSON files in and out use the one parser and writer of the document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QMenu,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.errors import KaizenError
from kaizen.domain.process_model import END, START, ModelError, dumps, loads
from kaizen.i18n import translate
from kaizen.ui import resources, worker
from kaizen.ui.form_op import FormSaver, Refusals
from kaizen.ui.process_map import commands, export, layout, style
from kaizen.ui.process_map.canvas import MapCanvas
from kaizen.ui.process_map.draft import MapDraft, blank_step
from kaizen.ui.process_map.items import FlowItem, NodeItem, StepItem
from kaizen.ui.process_map.message_line import MessageLine
from kaizen.ui.process_map.scene import MapScene
from kaizen.ui.process_map.step_panel import StepPanel

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.people import PersonInfo
    from kaizen.services.processes import MapView

OK_STYLE = "color: #067647;"


class MapEditor(QWidget):
    """``loaded(MapView)`` after a map is read, ``saved(MapView)`` after a save,
    ``layoutDone()`` after an auto-layout, ``futureMade(MapView)`` after "Make future state",
    ``compareRequested(current_id, future_id)``, ``logWaste(step_id, name)`` and
    ``suggestIdea(step_id, name)`` from the panel's buttons."""

    loaded = Signal(object)
    saved = Signal(object)
    layoutDone = Signal()
    futureMade = Signal(object)
    compareRequested = Signal(int, int)
    logWaste = Signal(int, str)
    suggestIdea = Signal(int, str)
    messageShown = Signal(str)

    def __init__(self, services: Services | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.person: PersonInfo | None = None
        self.view: MapView | None = None
        self._map_loads = worker.Latest()
        name = translate("ui.process_map.editor", "New map")
        self.draft = MapDraft({"name": name, "steps": [], "flows": []})
        self.scene = MapScene(self.draft, self)
        self.scene.nodesMoved.connect(self._on_moved)
        self.scene.selectionChanged.connect(self._on_selection)
        self.undo_stack = QUndoStack(self)
        self.canvas = MapCanvas(self.scene)
        self.canvas.connectRequested.connect(self.connect_steps)
        self.panel = StepPanel()
        self.panel.applied.connect(self.edit_step)
        self.panel.flowApplied.connect(self.edit_flow)
        self.panel.logWaste.connect(lambda name: self._link_request(name, self.logWaste))
        self.panel.suggestIdea.connect(lambda name: self._link_request(name, self.suggestIdea))
        self.message_line = MessageLine(ok_style=OK_STYLE)
        self.status = self.message_line.label
        # The map's writes (save, future state, the idea carrying it) go through the one save
        # mechanism: refusals on the status line (a step's field also in the side panel),
        # Retry when the server is away, Reload (the saved map) when someone saved first.
        self.saver = FormSaver(self, MapRefusals(self), what="the process map",
                               reload=self.reload_saved)
        self.toolbar = self._build_toolbar()
        # Save is greyed while a save is on its way (the saver takes one at a time anyway).
        self.saver.busyChanged.connect(lambda busy: self.save_action.setEnabled(not busy))
        splitter = QSplitter()
        splitter.addWidget(self.canvas)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([900, 340])
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.toolbar)
        column.addWidget(self.message_line)
        column.addWidget(splitter, 1)
        self.scene.rebuild()

    # --- toolbar ----------------------------------------------------------------------------

    def _action(self, bar: QToolBar, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [shortcut])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip or text)
        action.triggered.connect(slot)
        bar.addAction(action)
        self.addAction(action)
        return action

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar()
        bar.setStyleSheet("QToolButton:disabled { color: #98a2b3; }")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.setIconSize(QSize(16, 16))  # the undo and redo icons keep the bar one text line high
        self.save_action = self._action(bar, translate("ui.process_map.editor", "Save"),
                                        self.save, QKeySequence.StandardKey.Save)
        bar.addSeparator()
        self._action(bar, translate("ui.process_map.editor", "Add step"),
                     lambda: self.add_step(), QKeySequence("Ctrl+N"))
        self.connect_action = self._action(
            bar, translate("ui.process_map.editor", "Connect"), self._toggle_connect,
            tip=translate("ui.process_map.editor", "Drag from one step to another to connect them"))
        self.connect_action.setCheckable(True)
        self._action(bar, translate("ui.process_map.editor", "Delete"), self.delete_selected,
                     QKeySequence.StandardKey.Delete)
        self.undo_action = self.undo_stack.createUndoAction(
            self, translate("ui.process_map.editor", "Undo"))
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action = self.undo_stack.createRedoAction(
            self, translate("ui.process_map.editor", "Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action, icon in ((self.undo_action, "mdi6.undo"), (self.redo_action, "mdi6.redo")):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setIcon(resources.icon(icon))
            bar.addAction(action)
            # Icons only: the text grows with the command ("Undo Add step …"), and German's
            # "Rückgängig" and "Wiederholen" did not leave the toolbar room at 1280 px. The
            # tooltip still says it in words.
            button = bar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            self.addAction(action)
        bar.addSeparator()
        # Short labels with full tooltips: the toolbar fits the page at 1280 px.
        self._action(bar, "−", self.canvas.zoom_out, QKeySequence("Ctrl+-"),
                     tip=translate("ui.process_map.editor", "Zoom out (Ctrl+-, or Ctrl+wheel)"))
        self._action(bar, "+", self.canvas.zoom_in, [QKeySequence("Ctrl+="),
                                                     QKeySequence("Ctrl++")],
                     tip=translate("ui.process_map.editor", "Zoom in (Ctrl+=, or Ctrl+wheel)"))
        self._action(bar, translate("ui.process_map.editor", "Fit"), self.canvas.fit,
                     QKeySequence("Ctrl+0"),
                     tip=translate("ui.process_map.editor", "Fit the map in view (Ctrl+0)"))
        self._action(bar, translate("ui.process_map.editor", "Auto-layout"), self.auto_layout,
                     QKeySequence("Ctrl+L"),
                     tip=translate("ui.process_map.editor", "Lay the map out with Graphviz's dot"))
        bar.addSeparator()
        self._action(bar, translate("ui.process_map.editor", "Future state"), self.make_future,
                     tip=translate("ui.process_map.editor",
                                   "Make a future state: a copy of this map to change"))
        self.attach_action = self._action(
            bar, translate("ui.process_map.editor", "Idea…"), self.attach_dialog,
            tip=translate("ui.process_map.editor",
                          "Let an idea carry this future-state map (its number), or none"))
        self._action(bar, translate("ui.process_map.editor", "Compare"), self.request_compare,
                     tip=translate("ui.process_map.editor",
                                   "This map and a future state side by side, with the deltas"))
        bar.addSeparator()
        # Files in one menu: Import JSON, Export (PNG, SVG, PDF, JSON) and Print.
        menu = QMenu(self)
        for text, slot, tip in (
                (translate("ui.process_map.editor", "Import JSON…"), self.import_json_dialog,
                 translate("ui.process_map.editor", "Open a process map file")),
                (translate("ui.process_map.editor", "Export…"), self.export_dialog,
                 translate("ui.process_map.editor", "Export to PNG, SVG, PDF or JSON")),
                (translate("ui.process_map.editor", "Print…"),
                 lambda: export.print_scene(self.scene, self),
                 translate("ui.process_map.editor", "Print the map"))):
            action = menu.addAction(text)
            action.setToolTip(tip)
            action.triggered.connect(slot)
        self.file_button = QToolButton()
        self.file_button.setText(translate("ui.process_map.editor", "File"))
        self.file_button.setMenu(menu)
        self.file_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(self.file_button)
        return bar

    def say(self, text: str, *, error: bool = False) -> None:
        self.message_line.say(text, error=error)
        self.messageShown.emit(text)

    def show_refusal(self, text: str, action, action_text: str) -> None:
        """The save mechanism's message line: the status line, with Retry or Reload."""
        self.message_line.refusal(text, action, action_text)
        self.messageShown.emit(text)

    def reload_saved(self) -> None:
        """Reload after a Conflict: read the map as it is saved now (this editor's edits go)."""
        if self.services is not None and self.view is not None:
            self.load_map(self.view.map.id)

    # --- loading ----------------------------------------------------------------------------

    def load_document(self, document: dict[str, Any], *, view: MapView | None = None,
                      links: dict[str, int] | None = None) -> None:
        """Show ``document`` (grid positions now, dot's in the background)."""
        self._map_loads.supersede()  # what is shown now was chosen last: no older load may land
        self.view = view
        self.draft = MapDraft(document)
        self.scene.draft = self.draft
        self.scene.links = links or {}
        nodes, edges = self._graph()
        # Drawn where it was saved when every step has a position; laid out by dot otherwise.
        saved = self.draft.has_saved_layout()
        if saved:
            self.draft.positions.update(self.draft.saved_positions)
            self.draft.positions.update(layout.ends_beside(self.draft.saved_positions, edges))
        else:
            self.draft.positions.update(layout.grid_positions(nodes, edges))
        self.undo_stack.clear()
        self.scene.rebuild(full=True)  # another map (or a fresh read): new items throughout
        self.panel.show_nothing()
        self.canvas.fit()
        if self.draft.steps and not saved:
            self.auto_layout(undoable=False)

    def load_map(self, map_id: int) -> worker.Task:
        assert self.services is not None
        processes = self.services.processes
        # Picks can come faster than loads: only the newest pick's map may arrive.
        return self._map_loads.run(lambda: processes.map_view(map_id),
                                   on_success=self.show_view, on_failure=self._on_failure,
                                   owner=self, name="map_view")

    def show_view(self, view: MapView) -> None:
        """Show a map read from the database (a load, or a future state just made)."""
        links = {s.name: len(s.observations) + len(s.ideas) for s in view.steps}
        self.load_document(view.document, view=view, links=links)
        self.say(translate("ui.process_map.editor", "{name} · version {version}").format(
            name=view.map.name, version=view.map.version))
        self.loaded.emit(view)

    def _on_failure(self, exc: BaseException) -> None:
        text = exc.message if isinstance(exc, KaizenError) else translate(
            "ui.process_map.editor", "Something went wrong: {error}").format(error=exc)
        self.say(text, error=True)

    def _graph(self) -> tuple[list[str], list[tuple[str, str]]]:
        nodes = [START, *self.draft.names(), END]
        known = set(nodes)
        edges = [(f["from"], f["to"]) for f in self.draft.flows
                 if f["from"] in known and f["to"] in known]
        return nodes, edges

    # --- layout -----------------------------------------------------------------------------

    def auto_layout(self, *, undoable: bool = True) -> worker.Task:
        """dot computes positions on a pool thread; they arrive as one undoable move."""
        nodes, edges = self._graph()
        draft = self.draft

        def done(positions: dict[str, tuple[float, float]]) -> None:
            if draft is not self.draft:
                return  # another map was loaded meanwhile
            old = {n: self.draft.positions.get(n, (0.0, 0.0)) for n in positions}
            if undoable:
                text = translate("ui.process_map.editor", "Auto-layout")
                self.undo_stack.push(commands.MoveNodes(self.scene, old, positions, text))
            else:
                self.scene.apply_positions(positions)
            self.scene.rebuild(full=True)  # flows bend by the new positions
            self.canvas.fit()
            self.layoutDone.emit()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, layout.DotMissing):
                self.say(str(exc), error=True)
            else:
                text = translate("ui.process_map.editor",
                                 "The layout failed, the positions were kept: {error}")
                self.say(text.format(error=exc), error=True)
            self.layoutDone.emit()

        return worker.run_in_background(lambda: layout.dot_positions(nodes, edges),
                                        on_success=done, on_failure=failed, owner=self,
                                        name="dot_layout")

    # --- edits (each one command) -------------------------------------------------------------

    def add_step(self, at: tuple[float, float] | None = None) -> str:
        name = self.draft.free_name()
        if at is None:
            centre = self.canvas.mapToScene(self.canvas.viewport().rect().center())
            at = (centre.x(), centre.y())
        self.undo_stack.push(commands.AddStep(self.scene, blank_step(name), at))
        self.scene.nodes[name].setSelected(True)
        return name

    def connect_steps(self, source: str, target: str) -> bool:
        if source == END or target == START:
            self.say(translate("ui.process_map.editor",
                               "Flows leave start or a step, and arrive at a step or end."),
                     error=True)
            return False
        if self.draft.has_flow(source, target):
            text = translate("ui.process_map.editor", '"{source}" already flows to "{target}".')
            self.say(text.format(source=source, target=target), error=True)
            return False
        self.undo_stack.push(commands.Connect(self.scene, source, target))
        return True

    def delete_selected(self) -> None:
        selected = self.scene.selectedItems()
        steps = [i.name for i in selected if isinstance(i, StepItem)]
        flows = [i.key for i in selected if isinstance(i, FlowItem)
                 and i.source.name not in steps and i.target.name not in steps]
        if steps or flows:
            self.undo_stack.push(commands.DeleteItems(self.scene, steps, flows))
            self.panel.show_nothing()

    def edit_step(self, name: str, step: dict[str, Any]) -> bool:
        if step["name"] != name and step["name"] in self.draft.names():
            message = translate("ui.process_map.editor",
                                'Step "{name}" is named twice.').format(name=step["name"])
            self.panel.show_error(message, field="steps[0].name")
            return False
        self.undo_stack.push(commands.EditStep(self.scene, name, step))
        self._select(step["name"])
        return True

    def edit_flow(self, key: tuple[str, str], probability: float | None) -> None:
        self.undo_stack.push(commands.EditFlow(self.scene, key, probability))

    def _on_moved(self, old: dict, new: dict) -> None:
        self.undo_stack.push(commands.MoveNodes(self.scene, old, new))

    def _toggle_connect(self, on: bool) -> None:
        self.canvas.set_connect_mode(on)

    def _select(self, name: str) -> None:
        item = self.scene.nodes.get(name)
        if item is not None:
            self.scene.clearSelection()
            item.setSelected(True)

    def _on_selection(self) -> None:
        selected = self.scene.selectedItems()
        if len(selected) != 1:
            self.panel.show_nothing()
            return
        item = selected[0]
        if isinstance(item, StepItem):
            self.panel.show_step(item.step, self._links_of(item.name),
                                 linkable=self._step_id(item.name) is not None)
        elif isinstance(item, FlowItem):
            self.panel.show_flow(item.key, item.probability)
        elif isinstance(item, NodeItem):
            self.panel.show_nothing()

    def _step_id(self, name: str) -> int | None:
        if self.view is None:
            return None
        return next((s.id for s in self.view.steps if s.name == name), None)

    def _links_of(self, name: str) -> list[str]:
        if self.view is None:
            return []
        for s in self.view.steps:
            if s.name == name:
                waste = translate("ui.process_map.editor", "Waste: {category}: {description}")
                idea = translate("ui.process_map.editor", "Idea: {title} ({status})")
                return ([waste.format(category=style.waste_word(o.category.value),
                                      description=o.description) for o in s.observations]
                        + [idea.format(title=i.title, status=style.status_word(i.status.value))
                           for i in s.ideas])
        return []

    def _link_request(self, name: str, signal: Signal) -> None:
        step_id = self._step_id(name)
        if step_id is not None:
            signal.emit(step_id, name)

    # --- saving -----------------------------------------------------------------------------

    def save(self) -> worker.Task | None:
        """Check the whole map, then save it through the service (all or nothing)."""
        try:
            self.draft.model()
        except ModelError as exc:
            text = translate("ui.process_map.editor", "Not saved: {reason}")
            self.say(text.format(reason=exc.message), error=True)
            self._select_fault(exc.field or "")
            return None
        if self.services is None or self.view is None or self.person is None:
            self.say(translate("ui.process_map.editor",
                               "Pick who is working and open a map from the database to save it."),
                     error=True)
            return None
        processes, actor = self.services.processes, self.person.id

        def collect():
            assert self.view is not None
            map_id, version = self.view.map.id, self.view.map.version
            doc, renames = self.draft.document(), dict(self.draft.renames)
            return lambda: processes.save_map(actor, map_id, doc, expected_version=version,
                                              renames=renames)

        def saved(view: MapView) -> None:
            self.view = view
            self.draft.renames.clear()
            self.scene.links = {s.name: len(s.observations) + len(s.ideas) for s in view.steps}
            self.undo_stack.setClean()
            self.scene.rebuild()
            self._on_selection()  # the panel shows the saved step's links
            self.say(translate("ui.process_map.editor", "Saved: {name} · version {version}").format(
                name=view.map.name, version=view.map.version))
            self.saved.emit(view)

        return self.saver.save(collect, saved, name="save_map")

    def _select_fault(self, field: str) -> None:
        if field.startswith("steps[") and "]" in field:
            index = int(field[6:field.index("]")])
            if 0 <= index < len(self.draft.steps):
                self._select(self.draft.steps[index]["name"])

    # --- future state -----------------------------------------------------------------------

    def make_future(self) -> worker.Task | None:
        if self.services is None or self.view is None or self.person is None:
            self.say(translate(
                "ui.process_map.editor",
                "Open a saved map and pick who is working first."), error=True)
            return None
        processes, actor, map_id = self.services.processes, self.person.id, self.view.map.id

        def made(view: MapView) -> None:
            text = translate("ui.process_map.editor",
                             "Made {name}: change it, then compare it with the current state.")
            self.say(text.format(name=view.map.name))
            self.futureMade.emit(view)

        return self.saver.save(lambda: lambda: processes.copy_to_future(actor, map_id), made,
                               name="copy_to_future")

    def attach_dialog(self) -> None:
        if self.view is None or self.view.map.kind.value != "future":
            self.say(translate(
                "ui.process_map.editor",
                "Only a future-state map can be carried by an idea."), error=True)
            return
        number, ok = QInputDialog.getInt(
            self, translate("ui.process_map.editor", "Carried by an idea"),
            translate("ui.process_map.editor", "Idea number (0: no idea carries this map):"),
            self.view.map.suggestion_id or 0, 0, 2_000_000_000)
        if ok:
            self.attach_to_idea(number or None)

    def attach_to_idea(self, suggestion_id: int | None) -> worker.Task | None:
        """``attach_to_idea`` with this map's version; the map is read again afterwards."""
        if self.services is None or self.view is None or self.person is None:
            self.say(translate(
                "ui.process_map.editor",
                "Open a saved map and pick who is working first."), error=True)
            return None
        processes, actor = self.services.processes, self.person.id
        map_id, version = self.view.map.id, self.view.map.version

        def attach() -> MapView:
            processes.attach_to_idea(actor, map_id, suggestion_id, expected_version=version)
            return processes.map_view(map_id)

        def done(view: MapView) -> None:
            self.view = view
            if suggestion_id:
                text = translate("ui.process_map.editor", "Idea {number} carries this map.")
            else:
                text = translate("ui.process_map.editor", "No idea carries this map now.")
            self.say(text.format(number=suggestion_id))
            self.saved.emit(view)

        return self.saver.save(lambda: attach, done, name="attach_to_idea")

    def request_compare(self) -> None:
        if self.view is None:
            self.say(translate("ui.process_map.editor", "Open a saved map first."), error=True)
            return
        kind = self.view.map.kind.value
        current = next((m for m in self.view.siblings if m.kind.value == "current"), None)
        futures = [m for m in self.view.siblings if m.kind.value != "current"]
        if kind == "current":
            if not futures:
                self.say(translate("ui.process_map.editor",
                                   "This process has no future state yet: make one first."),
                         error=True)
                return
            self.compareRequested.emit(self.view.map.id, futures[-1].id)
        elif current is not None:
            self.compareRequested.emit(current.id, self.view.map.id)

    # --- files ------------------------------------------------------------------------------

    def import_json(self, path: str | Path) -> bool:
        """Open a document file in the editor (saved to the database by Save)."""
        try:
            model = loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            self.say(translate("ui.process_map.editor", "Could not read {path}: {reason}").format(
                path=path, reason=exc.strerror), error=True)
            return False
        except ModelError as exc:
            text = translate("ui.process_map.editor", "Not imported: {reason}")
            self.say(text.format(reason=exc.message), error=True)
            return False
        view = self.view
        self.load_document(json.loads(dumps(model)), view=view, links=self.scene.links)
        text = translate("ui.process_map.editor", "Imported {file}: Save puts it in the database.")
        self.say(text.format(file=Path(path).name))
        return True

    def export_json(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.draft.document(), indent=2, ensure_ascii=False)
                              + "\n", encoding="utf-8")

    def import_json_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, translate("ui.process_map.editor", "Import a process map"), "",
            translate("ui.process_map.editor", "Process map (*.json)"))
        if path:
            self.import_json(path)

    def export_dialog(self) -> None:
        kinds = translate("ui.process_map.editor", "PNG image (*.png);;SVG drawing (*.svg);;"
                                                   "PDF document (*.pdf);;Process map (*.json)")
        path, chosen = QFileDialog.getSaveFileName(
            self, translate("ui.process_map.editor", "Export the map"),
            self.draft.header.get("name", "map"), kinds)
        if path:
            self.export_to(path)

    def export_to(self, path: str | Path) -> None:
        """Export by the file's extension: .png, .svg, .pdf or .json."""
        suffix = Path(path).suffix.lower()
        title = str(self.draft.header.get("name",
                                          translate("ui.process_map.editor", "Process map")))
        try:
            if suffix == ".svg":
                export.to_svg(self.scene, path, title)
            elif suffix == ".pdf":
                export.to_pdf(self.scene, path, title)
            elif suffix == ".json":
                self.export_json(path)
            else:
                export.to_png(self.scene, path)
        except OSError as exc:
            text = translate("ui.process_map.editor", "Could not write {path}: {error}")
            self.say(text.format(path=path, error=exc), error=True)
            return
        self.say(translate("ui.process_map.editor", "Exported {file}.").format(
            file=Path(path).name))


class MapRefusals(Refusals):
    """The editor's refusals: all on its status line; a refused step's field (``steps[2].name``,
    which the service names by the document's path) is also shown in the side panel with that
    step selected."""

    def __init__(self, editor: MapEditor) -> None:
        super().__init__(message=editor.show_refusal)
        self.editor = editor

    def knows(self, field: str | None) -> bool:
        return bool(field and field.startswith("steps[")) or super().knows(field)

    def show_field(self, field: str, message: str) -> bool:
        if not field.startswith("steps["):
            return super().show_field(field, message)
        self.show_message(message)
        self.editor._select_fault(field)
        self.editor.panel.show_error(message, field=field)
        return True


__all__ = ["MapEditor", "MapRefusals"]
