"""The process map editor on real widgets: add, connect, drag, undo and redo, a property edit
refused in the parser's words, auto-layout by dot, and exports written to disk."""

from __future__ import annotations

import copy
import shutil

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage

from kaizen.domain.process_model import parse_model
from kaizen.domain.value_stream import value_stream
from kaizen.ui.process_map.editor import MapEditor
from ui.process_map_helpers import WORKED, drag, node_point


@pytest.fixture
def editor(qtbot) -> MapEditor:
    ed = MapEditor()
    qtbot.addWidget(ed)
    ed.resize(1280, 720)
    ed.show()
    qtbot.waitExposed(ed)
    with qtbot.waitSignal(ed.layoutDone, timeout=30_000):
        ed.load_document(copy.deepcopy(WORKED))
    ed.canvas.resetTransform()
    ed.canvas.centerOn(ed.scene.nodes["B"])
    return ed


def test_the_ladder_totals_are_the_published_example(editor) -> None:
    # The worked example: lead time 75, value-added ratio 0.8.
    figures = editor.scene.figures
    assert figures is not None
    assert figures.lead_time == pytest.approx(75)
    assert figures.va_ratio == pytest.approx(0.8)
    assert editor.scene.ladder.figures is figures
    assert figures.bottleneck == "C"
    assert editor.scene.nodes["C"].bottleneck and not editor.scene.nodes["A"].bottleneck


def test_add_connect_drag_then_undo_and_redo(qtbot, editor) -> None:
    editor.toolbar.actions()  # the toolbar is built
    name = editor.add_step(at=(editor.scene.nodes["B"].x(), editor.scene.nodes["B"].y() + 200))
    assert name == "New step" and name in editor.draft.names()
    editor.canvas.centerOn(editor.scene.nodes["B"].pos().x(),
                           editor.scene.nodes["B"].pos().y() + 100)

    # Connect B to the new step by dragging in connect mode.
    editor.connect_action.trigger()
    drag(editor.canvas.viewport(), node_point(editor, "B"), node_point(editor, name))
    assert editor.draft.has_flow("B", name)
    editor.connect_action.trigger()

    # Drag the new step 80 px to the right: one undoable move.
    before = editor.scene.nodes[name].pos()
    start = node_point(editor, name)
    drag(editor.canvas.viewport(), start, start + QPoint(80, 0))
    moved = editor.scene.nodes[name].pos()
    assert moved.x() == pytest.approx(before.x() + 80, abs=2)
    assert editor.draft.positions[name][0] == pytest.approx(moved.x())

    assert editor.undo_stack.count() == 3
    editor.undo_action.trigger()  # the move
    assert editor.scene.nodes[name].pos().x() == pytest.approx(before.x())
    editor.undo_action.trigger()  # the flow
    assert not editor.draft.has_flow("B", name)
    editor.undo_action.trigger()  # the step
    assert name not in editor.draft.names() and name not in editor.scene.nodes
    for _ in range(3):
        editor.redo_action.trigger()
    assert editor.draft.has_flow("B", name)
    assert editor.scene.nodes[name].pos().x() == pytest.approx(moved.x())


def test_delete_removes_a_step_with_its_flows_and_undo_restores_them(editor) -> None:
    editor.scene.nodes["B"].setSelected(True)
    editor.delete_selected()
    assert editor.draft.names() == ["A", "C"]
    assert all("B" not in (f["from"], f["to"]) for f in editor.draft.flows)
    # The map is now broken (A has no way on): the ladder says so in the parser's words.
    assert editor.scene.figures is None and "A" in editor.scene.error.message
    editor.undo_stack.undo()
    doc = editor.draft.document()
    # Each step carries where it is drawn (docs/process-model.md); B is back where it was.
    assert [s.pop("position") is not None for s in doc["steps"]] == [True, True, True]
    assert doc == WORKED | {"steps": editor.draft.steps}
    assert parse_model(editor.draft.document()) == parse_model(WORKED)


def test_a_bad_property_is_refused_in_words_and_changes_nothing(qtbot, editor) -> None:
    editor.scene.nodes["B"].setSelected(True)
    panel = editor.panel
    assert panel.fields["name"].text() == "B"
    dist = panel.fields["distribution"]
    dist.setCurrentIndex(dist.findData("triangular"))
    panel.fields["min"].setText("5")
    panel.fields["mode"].setText("4")
    panel.fields["max"].setText("9")
    panel.apply_button.click()
    assert not panel.summary.isHidden()
    assert 'Step "B"' in panel.summary.text()
    assert editor.undo_stack.count() == 0
    assert editor.draft.step("B")["duration"] == {"distribution": "fixed", "mean": 20}

    panel.fields["mode"].setText("7")
    panel.fields["name"].setText("Build")
    panel.apply_button.click()
    assert panel.summary.isHidden()
    assert editor.draft.names() == ["A", "Build", "C"]
    assert editor.draft.step("Build")["duration"] == {"distribution": "triangular", "min": 5,
                                                     "mode": 7, "max": 9}
    assert editor.draft.has_flow("A", "Build") and editor.draft.has_flow("Build", "C")
    assert editor.draft.renames == {"B": "Build"}
    assert value_stream(editor.draft.model()).process_time == pytest.approx(10 + 7 + 30)
    editor.undo_action.trigger()
    assert editor.draft.names() == ["A", "B", "C"] and editor.draft.renames == {}


def test_a_duplicate_name_is_refused(editor) -> None:
    editor.scene.nodes["B"].setSelected(True)
    editor.panel.fields["name"].setText("A")
    editor.panel.apply_button.click()
    assert "named twice" in editor.panel.errors["name"].text()
    assert editor.draft.names() == ["A", "B", "C"]


def test_a_flow_probability_is_edited_and_checked(editor) -> None:
    editor.scene.flow_items[("A", "B")].setSelected(True)
    editor.panel.probability.setText("1.5")
    editor.panel.flow_apply.click()
    assert "at most 1" in editor.panel.probability_error.text()
    assert "probability" not in editor.draft.flows[1]
    editor.panel.probability.setText("1")
    editor.panel.flow_apply.click()
    assert editor.draft.flows[1]["probability"] == 1.0
    assert editor.scene.flow_items[("A", "B")].probability == 1.0  # the label shows it
    editor.undo_action.trigger()
    assert editor.scene.flow_items[("A", "B")].probability is None


@pytest.mark.skipif(shutil.which("dot") is None,
                    reason="Graphviz's dot is not installed (scripts/setup.sh installs it)")
def test_auto_layout_by_dot_puts_the_steps_left_to_right(qtbot, editor) -> None:
    for name in ("A", "B", "C"):
        editor.scene.nodes[name].setPos(0, 0)
    with qtbot.waitSignal(editor.layoutDone, timeout=30_000):
        editor.auto_layout()
    xs = [editor.draft.positions[n][0] for n in ("start", "A", "B", "C", "end")]
    assert xs == sorted(xs) and len(set(xs)) == 5
    assert editor.undo_stack.undoText() == "Auto-layout"


def test_exports_are_written_and_not_empty(tmp_path, editor) -> None:
    for suffix in ("png", "svg", "pdf", "json"):
        editor.export_to(tmp_path / f"map.{suffix}")
    png = QImage(str(tmp_path / "map.png"))
    assert not png.isNull() and png.width() > 500
    assert b"<svg" in (tmp_path / "map.svg").read_bytes()[:2000]
    assert (tmp_path / "map.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "map.svg").stat().st_size > 5000
    assert (tmp_path / "map.pdf").stat().st_size > 5000
    # The JSON file is the same document: it imports back unchanged.
    other = MapEditor()
    assert other.import_json(tmp_path / "map.json")
    assert parse_model(other.draft.document()) == parse_model(WORKED)
    other.deleteLater()


def test_a_bad_json_file_is_refused_in_words(tmp_path, editor) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "x", "steps": [], "flows": []}')
    assert not editor.import_json(bad)
    assert editor.status.text() == "Not imported: steps must be a non-empty list."
    assert editor.draft.names() == ["A", "B", "C"]


def test_a_waste_step_needs_its_category_and_shows_it(editor) -> None:
    # docs/process-model.md: a waste step names its Lean category in waste.
    editor.scene.nodes["B"].setSelected(True)
    panel = editor.panel
    assert panel.fields["waste"].currentIndex() == -1 and not panel.fields["waste"].isEnabled()
    panel.fields["value"].setCurrentIndex(panel.fields["value"].findData("waste"))
    assert panel.fields["waste"].isEnabled()
    panel.fields["waste"].setCurrentIndex(panel.fields["waste"].findData("defects"))
    panel.apply_button.click()
    step = editor.draft.step("B")
    assert (step["value"], step["waste"]) == ("waste", "defects")
    figures = editor.scene.figures
    assert figures.value_added_time == pytest.approx(10 + 30)  # B no longer adds value
    assert figures.va_ratio == pytest.approx(40 / 75)
