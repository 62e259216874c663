"""The process maps page over real services: the empty state, a process from a template, load
and save through ProcessService (version check), a future state and the side-by-side deltas."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtWidgets import QMessageBox

from kaizen.ui import worker
from kaizen.ui.main_window import PROCESS_MAPS
from kaizen.ui.process_map.compare import CompareView
from kaizen.ui.process_map.editor import MapEditor
from kaizen.ui.views.process_maps import ProcessMapsView
from ui.process_map_helpers import WORKED


def _editor_on(qtbot, services, team, map_id: int) -> MapEditor:
    editor = MapEditor(services)
    qtbot.addWidget(editor)
    editor.person = team.supervisor
    with (qtbot.waitSignal(editor.layoutDone, timeout=30_000),
          qtbot.waitSignal(editor.loaded, timeout=10_000)):
        editor.load_map(map_id)
    return editor


def test_the_page_starts_empty_then_creates_from_a_template(qtbot, window, team) -> None:
    page = window.page_at(PROCESS_MAPS)
    assert isinstance(page, ProcessMapsView)
    window.show_view(PROCESS_MAPS)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.empty)
    assert page.empty.title_label.text() == "No process mapped yet"
    page.set_person(team.supervisor)
    page.new_name.setText("Order handling")
    page.template_box.setCurrentIndex(page.template_box.findData("manufacturing_line"))
    with qtbot.waitSignal(page.editor.loaded, timeout=10_000):
        page.create_button.click()
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.tabs)
    assert page.process_box.currentText().startswith("Order handling")
    assert page.editor.view.map.name == "Order handling, current state"
    assert len(page.editor.scene.nodes) == len(page.editor.view.model.steps) + 2


def test_save_goes_through_the_service_and_a_stale_version_is_refused(qtbot, services,
                                                                      team) -> None:
    area = services.people.list_areas()[0].id
    view = services.processes.create_process(team.supervisor.id, name="Worked", area_id=area,
                                             document=copy.deepcopy(WORKED))
    editor = _editor_on(qtbot, services, team, view.map.id)
    editor.scene.nodes["B"].setSelected(True)
    editor.panel.fields["name"].setText("Build")
    editor.panel.apply_button.click()
    with qtbot.waitSignal(editor.saved, timeout=10_000) as saved:
        editor.save()
    after = saved.args[0]
    assert after.map.version == view.map.version + 1
    assert [s.name for s in services.processes.map_view(view.map.id).model.steps] == \
        ["A", "Build", "C"]
    assert editor.undo_stack.isClean()

    # Someone else saves meanwhile: this editor's save is refused, the database keeps theirs.
    services.processes.save_map(team.admin.id, view.map.id, copy.deepcopy(WORKED),
                                expected_version=after.map.version)
    editor.add_step(at=(0, 400))
    editor.connect_steps("C", "New step")
    editor.scene.nodes["New step"].setSelected(False)
    editor.edit_flow(("C", "end"), 0.5)
    editor.edit_flow(("C", "New step"), 0.5)
    editor.connect_steps("New step", "end")
    task = editor.save()
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert "changed by" in editor.status.text()
    assert [s.name for s in services.processes.map_view(view.map.id).model.steps] == \
        ["A", "B", "C"]


def test_an_invalid_map_is_not_saved_and_the_step_at_fault_is_selected(qtbot, services,
                                                                      team) -> None:
    area = services.people.list_areas()[0].id
    view = services.processes.create_process(team.supervisor.id, name="Worked", area_id=area,
                                             document=copy.deepcopy(WORKED))
    editor = _editor_on(qtbot, services, team, view.map.id)
    editor.add_step(at=(0, 400))  # no flows: unreachable
    assert editor.save() is None
    assert editor.status.text().startswith('Not saved: Step "New step"')
    assert [i.name for i in editor.scene.selectedItems()] == ["New step"]
    assert services.processes.map_view(view.map.id).map.version == view.map.version


def test_future_state_side_by_side_shows_the_deltas(qtbot, services, team) -> None:
    # The worked example (lead time 75, VA ratio 0.8); the future state drops C
    # (process time 30 and wait 10): lead time 35, VA ratio 30 / 35.
    area = services.people.list_areas()[0].id
    view = services.processes.create_process(team.supervisor.id, name="Worked", area_id=area,
                                             document=copy.deepcopy(WORKED))
    editor = _editor_on(qtbot, services, team, view.map.id)
    with qtbot.waitSignal(editor.futureMade, timeout=10_000) as made:
        editor.make_future()
    future = made.args[0]
    assert future.map.kind.value == "future"
    doc = copy.deepcopy(future.document)
    doc["steps"] = doc["steps"][:2]
    doc["flows"] = [{"from": "start", "to": "A"}, {"from": "A", "to": "B"},
                    {"from": "B", "to": "end"}]
    services.processes.save_map(team.supervisor.id, future.map.id, doc,
                                expected_version=future.map.version)

    compare = CompareView(services)
    qtbot.addWidget(compare)
    compare.resize(1280, 720)
    with qtbot.waitSignal(compare.shown, timeout=30_000):
        compare.load(view.map.id, future.map.id)
    delta = compare.delta
    assert delta.before.lead_time == pytest.approx(75)
    assert delta.before.va_ratio == pytest.approx(0.8)
    assert delta.after.lead_time == pytest.approx(35)
    assert delta.after.va_ratio == pytest.approx(30 / 35)
    text = compare.deltas.text()
    assert "Lead time 75 → 35 min (−40 min)" in text
    assert "Value-added ratio 80.0 % → 85.7 %" in text
    assert "Steps removed: C" in text
    assert "Steps changed: B" in text  # B now flows to end
    assert set(compare.current.scene.nodes) == {"start", "A", "B", "C", "end"}
    assert set(compare.future.scene.nodes) == {"start", "A", "B", "end"}


def test_unsaved_edits_survive_coming_back_and_switching_asks_first(qtbot, services, team,
                                                                   monkeypatch) -> None:
    area = services.people.list_areas()[0].id
    first = services.processes.create_process(team.supervisor.id, name="Worked", area_id=area,
                                              document=copy.deepcopy(WORKED))
    second = services.processes.create_from_template(team.supervisor.id, name="Other",
                                                     area_id=area, template="manufacturing_line")
    page = ProcessMapsView(services)
    qtbot.addWidget(page)
    page.set_person(team.supervisor)
    with qtbot.waitSignal(page.processesLoaded, timeout=10_000):
        page.refresh()
    page.process_box.setCurrentIndex(page.process_box.findData(first.process.id))
    qtbot.waitUntil(lambda: page.editor.view is not None
                    and page.editor.view.process.id == first.process.id, timeout=10_000)
    page.editor.add_step(at=(0, 400))
    assert not page.editor.undo_stack.isClean()

    # Back on the page (the main window refreshes it): the edit is still there.
    with qtbot.waitSignal(page.processesLoaded, timeout=10_000):
        page.refresh()
    worker.wait_for_all()
    assert "New step" in page.editor.draft.names()

    # Another process: asked first; Cancel keeps the edit and the choice.
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Cancel)
    page.process_box.setCurrentIndex(page.process_box.findData(second.process.id))
    worker.wait_for_all()
    assert len(asked) == 1
    assert page.process_box.currentData() == first.process.id
    assert "New step" in page.editor.draft.names()


def test_a_pick_made_while_the_first_map_loads_wins_whatever_finishes_last(
        qtbot, services, team, monkeypatch) -> None:
    """The refresh picks the first process and loads its map; the person picks another before
    that load is back. The older load finishing last must not replace the person's pick (this
    raced once under load: the map page showed the refresh's process)."""
    import threading

    area = services.people.list_areas()[0].id
    first = services.processes.create_process(team.supervisor.id, name="Worked", area_id=area,
                                              document=copy.deepcopy(WORKED))
    other = services.processes.create_from_template(team.supervisor.id, name="Another",
                                                    area_id=area, template="manufacturing_line")
    held = threading.Event()
    real = services.processes.map_view

    def map_view(map_id: int):
        if map_id == other.map.id:  # the refresh's own pick ("Another" sorts first) is slow
            assert held.wait(30)
        return real(map_id)

    monkeypatch.setattr(services.processes, "map_view", map_view)
    page = ProcessMapsView(services)
    qtbot.addWidget(page)
    page.set_person(team.supervisor)
    with qtbot.waitSignal(page.processesLoaded, timeout=10_000):
        page.refresh()
    assert page.process_box.currentData() == other.process.id
    with qtbot.waitSignal(page.editor.loaded, timeout=10_000):
        page.process_box.setCurrentIndex(page.process_box.findData(first.process.id))
    held.set()
    worker.wait_for_all()
    assert page.editor.view is not None
    assert page.editor.view.process.id == first.process.id
    assert page.map_box.currentData() == first.map.id
