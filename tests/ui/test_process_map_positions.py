"""Saved step positions in the map editor: a map whose steps carry positions opens as drawn
(no auto-layout), a drag is written into the document, and the positions go through the
database and an export/import unchanged (docs/process-model.md, "Steps")."""

from __future__ import annotations

import copy
import json

from PySide6.QtCore import QPoint

from kaizen.domain.process_model import loads
from kaizen.ui import worker
from kaizen.ui.process_map.editor import MapEditor
from ui.helpers import Team
from ui.process_map_helpers import WORKED, drag, node_point

PLACED = copy.deepcopy(WORKED)
for i, step in enumerate(PLACED["steps"]):
    step["position"] = {"x": 100.0 + 300 * i, "y": 50.0 * i}


def open_editor(qtbot, services=None) -> MapEditor:
    editor = MapEditor(services)
    qtbot.addWidget(editor)
    editor.resize(1280, 720)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def test_saved_positions_are_used_instead_of_the_auto_layout(qtbot) -> None:
    editor = open_editor(qtbot)
    layouts: list[bool] = []
    editor.layoutDone.connect(lambda: layouts.append(True))
    editor.load_document(copy.deepcopy(PLACED))
    assert worker.wait_for_all()
    assert layouts == []  # dot was not asked
    for i, name in enumerate("ABC"):
        pos = editor.scene.nodes[name].pos()
        assert (pos.x(), pos.y()) == (100.0 + 300 * i, 50.0 * i)
    # start and end sit one column outside the steps.
    assert editor.scene.nodes["start"].pos().x() < 100 < 700 < editor.scene.nodes["end"].pos().x()


def test_a_drag_is_written_into_the_document(qtbot) -> None:
    editor = open_editor(qtbot)
    editor.load_document(copy.deepcopy(PLACED))
    editor.canvas.resetTransform()
    editor.canvas.centerOn(editor.scene.nodes["B"])
    start = node_point(editor, "B")
    drag(editor.canvas.viewport(), start, start + QPoint(60, 30))
    doc = editor.draft.document()
    b = next(s for s in doc["steps"] if s["name"] == "B")
    assert b["position"] == {"x": 460.0, "y": 80.0}
    assert loads(json.dumps(doc)).step("B").position == (460.0, 80.0)


def test_a_map_without_positions_is_laid_out_by_dot(qtbot) -> None:
    editor = open_editor(qtbot)
    with qtbot.waitSignal(editor.layoutDone, timeout=30_000):
        editor.load_document(copy.deepcopy(WORKED))
    doc = editor.draft.document()
    assert all("position" in s for s in doc["steps"])  # saving keeps what was shown


def test_positions_go_through_the_database_and_an_export(qtbot, services, team: Team) -> None:
    made = services.processes.create_process(
        team.supervisor.id, name="Worked example", area_id=team.supervisor.home_area_id,
        document=copy.deepcopy(PLACED))
    exported = services.processes.export_map(made.map.id)
    assert loads(exported).step("C").position == (700.0, 100.0)
    editor = open_editor(qtbot, services)
    with qtbot.waitSignal(editor.loaded, timeout=10_000):
        editor.load_map(made.map.id)
    pos = editor.scene.nodes["C"].pos()
    assert (pos.x(), pos.y()) == (700.0, 100.0)
