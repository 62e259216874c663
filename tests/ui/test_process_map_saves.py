"""The process map screens save through the one save mechanism (issue 15, kaizen/ui/form_op.py):
for the map editor, the KPI tab and the process maps page, a real refusal from the service is
shown where it belongs and changes nothing, and ``Unavailable`` (what the database layer raises
when the server cannot be reached, kaizen/db/engine.py) offers Retry, which then saves once.
The map editor's Conflict (someone saved the map first) offers Reload, which reads their map."""

from __future__ import annotations

import copy
import logging

import pytest
from PySide6.QtCore import Qt

from kaizen.domain.enums import WasteCategory
from kaizen.domain.errors import PermissionDenied, Unavailable, ValidationError
from kaizen.services.observations import ObservationInput
from kaizen.ui import worker
from kaizen.ui.process_map.editor import MapEditor
from kaizen.ui.process_map.kpi_tab import KpiTab
from kaizen.ui.views.process_maps import ProcessMapsView
from kaizen.ui.widgets.form import RETRY_MESSAGE
from ui.process_map_helpers import WORKED


def _process(services, team):
    area = services.people.list_areas()[0].id
    return services.processes.create_process(team.supervisor.id, name="Worked", area_id=area,
                                             document=copy.deepcopy(WORKED))


def _editor_on(qtbot, services, team, map_id: int) -> MapEditor:
    editor = MapEditor(services)
    qtbot.addWidget(editor)
    editor.resize(1280, 720)
    editor.person = team.supervisor
    with (qtbot.waitSignal(editor.layoutDone, timeout=30_000),
          qtbot.waitSignal(editor.loaded, timeout=10_000)):
        editor.load_map(map_id)
    return editor


def _rename_b(editor: MapEditor, name: str = "Build") -> None:
    editor.scene.clearSelection()
    editor.scene.nodes["B"].setSelected(True)
    editor.panel.fields["name"].setText(name)
    editor.panel.apply_button.click()


def _step_names(services, map_id: int) -> list[str]:
    return [s.name for s in services.processes.map_view(map_id).model.steps]


def _away_once(monkeypatch, service, method: str) -> list[tuple]:
    """``service.method`` raises Unavailable on its first call, then does the real work."""
    real = getattr(service, method)
    calls: list[tuple] = []

    def away(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise Unavailable()
        return real(*args, **kwargs)

    monkeypatch.setattr(service, method, away)
    return calls


# --- the map editor ---------------------------------------------------------------------------

def test_map_saved_meanwhile_is_refused_with_reload_which_reads_theirs(qtbot, services,
                                                                       team) -> None:
    view = _process(services, team)
    editor = _editor_on(qtbot, services, team, view.map.id)
    theirs = copy.deepcopy(WORKED)
    theirs["steps"][0]["name"] = "Admin's A"
    for flow in theirs["flows"]:
        flow["from"] = "Admin's A" if flow["from"] == "A" else flow["from"]
        flow["to"] = "Admin's A" if flow["to"] == "A" else flow["to"]
    services.processes.save_map(team.admin.id, view.map.id, theirs,
                                expected_version=view.map.version)
    _rename_b(editor)
    with qtbot.waitSignal(editor.saver.finished, timeout=10_000) as attempt:
        editor.save()
    assert attempt.args == [False]
    assert "changed by" in editor.status.text()
    button = editor.message_line.action_button
    assert not button.isHidden() and button.text() == "Reload"
    assert _step_names(services, view.map.id) == ["Admin's A", "B", "C"]  # theirs kept
    assert not editor.undo_stack.isClean()  # what was typed stays until Reload

    with (qtbot.waitSignal(editor.layoutDone, timeout=30_000),
          qtbot.waitSignal(editor.loaded, timeout=10_000)):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert editor.view.map.version == view.map.version + 1
    assert editor.draft.names() == ["Admin's A", "B", "C"]
    assert button.isHidden()


def test_map_save_offers_retry_when_the_server_is_away(qtbot, services, team,
                                                       monkeypatch) -> None:
    view = _process(services, team)
    calls = _away_once(monkeypatch, services.processes, "save_map")
    editor = _editor_on(qtbot, services, team, view.map.id)
    _rename_b(editor)
    with qtbot.waitSignal(editor.saver.finished, timeout=10_000):
        editor.save()
        assert not editor.save_action.isEnabled()  # greyed while the save is on its way
    assert editor.save_action.isEnabled()
    assert editor.status.text() == RETRY_MESSAGE
    button = editor.message_line.action_button
    assert not button.isHidden() and button.text() == "Retry"
    assert _step_names(services, view.map.id) == ["A", "B", "C"]
    with qtbot.waitSignal(editor.saved, timeout=10_000) as saved:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(calls) == 2
    assert saved.args[0].map.version == view.map.version + 1
    assert _step_names(services, view.map.id) == ["A", "Build", "C"]
    assert editor.status.text() == f"Saved: {view.map.name} · version {view.map.version + 1}"
    assert button.isHidden()


def test_a_staff_member_is_refused_in_words_and_an_unexpected_error_is_logged(
        qtbot, services, team, monkeypatch, caplog) -> None:
    view = _process(services, team)
    editor = _editor_on(qtbot, services, team, view.map.id)
    with pytest.raises(PermissionDenied) as refused:
        services.processes.copy_to_future(team.staff.id, view.map.id)
    editor.person = team.staff
    with qtbot.waitSignal(editor.saver.finished, timeout=10_000) as attempt:
        editor.make_future()
    assert attempt.args == [False]
    assert editor.status.text() == refused.value.message
    assert editor.message_line.action_button.isHidden()  # a rule: nothing to retry
    assert services.processes.map_view(view.map.id).siblings == ()  # no future state made

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk controller on fire")

    monkeypatch.setattr(services.processes, "copy_to_future", broken)
    editor.person = team.supervisor
    with (caplog.at_level(logging.ERROR, logger="kaizen.ui.form_op"),
          qtbot.waitSignal(editor.saver.finished, timeout=10_000)):
        editor.make_future()
    assert editor.status.text() == "The change could not be saved: disk controller on fire"
    assert any(r.exc_info and "disk controller" in str(r.exc_info[1]) for r in caplog.records)


# --- the KPI tab ------------------------------------------------------------------------------

def _kpi_tab(qtbot, services, team):
    view = _process(services, team)
    series = services.kpis.add_series(team.supervisor.id, view.process.id, kind="cycle_time")
    tab = KpiTab(services)
    qtbot.addWidget(tab)
    tab.resize(1280, 720)
    tab.show()
    tab.person = team.supervisor
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.load(view.process.id)
    assert tab.current_series() == series.id
    return tab, view.process.id


def _points(services, process_id: int) -> int:
    return services.kpis.list_series(process_id)[0].points


def test_a_refused_paste_is_shown_under_the_paste_box_and_adds_nothing(qtbot, services,
                                                                       team) -> None:
    tab, pid = _kpi_tab(qtbot, services, team)
    bad = "2026-01-05\tseven\n2026-01-06\t7"
    with pytest.raises(ValidationError) as refused:
        services.kpis.paste_points(team.supervisor.id, tab.current_series(), bad)
    tab.paste.setPlainText(bad)
    with qtbot.waitSignal(tab.saver.finished, timeout=10_000) as attempt:
        qtbot.mouseClick(tab.paste_button, Qt.MouseButton.LeftButton)
    assert attempt.args == [False]
    assert not tab.paste_error.isHidden()
    assert tab.paste_error.text() == refused.value.message
    assert tab.paste.toPlainText() == bad  # kept to correct
    assert _points(services, pid) == 0
    tab.paste.setPlainText("2026-01-05\t7")  # editing the field takes its message away
    assert tab.paste_error.isHidden()


def test_a_paste_offers_retry_when_the_server_is_away(qtbot, services, team,
                                                      monkeypatch) -> None:
    tab, pid = _kpi_tab(qtbot, services, team)
    calls = _away_once(monkeypatch, services.kpis, "paste_points")
    tab.paste.setPlainText("2026-01-05\t7\n2026-01-06\t6.5")
    with qtbot.waitSignal(tab.saver.finished, timeout=10_000):
        qtbot.mouseClick(tab.paste_button, Qt.MouseButton.LeftButton)
    assert tab.message.text() == RETRY_MESSAGE
    button = tab.message_line.action_button
    assert not button.isHidden() and button.text() == "Retry"
    assert _points(services, pid) == 0
    with (qtbot.waitSignal(tab.saver.finished, timeout=10_000) as attempt,
          qtbot.waitSignal(tab.loaded, timeout=10_000)):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert attempt.args == [True]
    assert len(calls) == 2
    assert _points(services, pid) == 2
    assert tab.message.text() == "Added 2 points."
    worker.wait_for_all()


def test_ctrl_enter_in_the_paste_box_adds_the_points(qtbot, services, team) -> None:
    """Ctrl+Enter saves every form (issue 16): here, the pasted points."""
    tab, pid = _kpi_tab(qtbot, services, team)
    tab.paste.setFocus()
    tab.paste.setPlainText("2026-01-05\t7\n2026-01-06\t6.5")
    with (qtbot.waitSignal(tab.saver.finished, timeout=10_000) as attempt,
          qtbot.waitSignal(tab.loaded, timeout=10_000)):
        qtbot.keyClick(tab.paste, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert attempt.args == [True]
    assert _points(services, pid) == 2
    worker.wait_for_all()


# --- the process maps page --------------------------------------------------------------------

def _page(qtbot, services, team) -> ProcessMapsView:
    page = ProcessMapsView(services)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    page.set_person(team.supervisor)
    return page


def test_a_process_without_a_name_is_refused_on_the_page_and_nothing_is_made(
        qtbot, services, team) -> None:
    page = _page(qtbot, services, team)
    area = services.people.list_areas()[0].id
    with pytest.raises(ValidationError) as refused:
        services.processes.create_from_template(team.supervisor.id, name="  ", area_id=area)
    page.new_name.setText("  ")
    with qtbot.waitSignal(page.saver.finished, timeout=10_000) as attempt:
        qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert attempt.args == [False]
    assert page.message.text() == refused.value.message
    assert not page.message_line.isHidden()
    assert page.message_line.action_button.isHidden()
    assert services.processes.list_processes() == []
    worker.wait_for_all()


def test_creating_a_process_offers_retry_when_the_server_is_away(qtbot, services, team,
                                                                 monkeypatch) -> None:
    calls = _away_once(monkeypatch, services.processes, "create_from_template")
    page = _page(qtbot, services, team)
    page.new_name.setText("Order handling")
    with qtbot.waitSignal(page.saver.finished, timeout=10_000):
        qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == RETRY_MESSAGE
    button = page.message_line.action_button
    assert not button.isHidden() and button.text() == "Retry"
    assert services.processes.list_processes() == []
    assert page.new_name.text() == "Order handling"  # the entry is kept
    with (qtbot.waitSignal(page.created, timeout=10_000),
          qtbot.waitSignal(page.editor.loaded, timeout=10_000)):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(calls) == 2
    assert [p.name for p in services.processes.list_processes()] == ["Order handling"]
    assert page.message.text() == "Created Order handling."
    qtbot.waitUntil(lambda: worker.active_tasks() == 0, timeout=30_000)


def test_linking_a_logged_waste_to_its_step_offers_retry_when_the_server_is_away(
        qtbot, services, team, monkeypatch) -> None:
    """"Log waste here": the capture form saved the observation, then linking it to the step
    meets the server away; Retry links it once."""
    view = _process(services, team)
    calls = _away_once(monkeypatch, services.processes, "link_observation")
    page = _page(qtbot, services, team)
    with qtbot.waitSignal(page.editor.loaded, timeout=10_000):
        page.refresh()
    step = next(s for s in page.editor.view.steps if s.name == "B")
    page.editor.scene.nodes["B"].setSelected(True)
    page.editor.panel.log_button.click()
    dialog = page.capture_dialog
    info = services.observations.create(team.supervisor.id, ObservationInput(
        category=WasteCategory.MOTION, area_id=team.supervisor.home_area_id,
        description="Walks to the far shelf", minutes_per_occurrence=2.0,
        occurrences_per_week=20.0))
    with qtbot.waitSignal(page.saver.finished, timeout=10_000) as attempt:
        dialog.saved.emit(info)
    assert attempt.args == [False]
    assert page.message.text() == RETRY_MESSAGE
    button = page.message_line.action_button
    assert not button.isHidden() and button.text() == "Retry"
    linked = next(s for s in services.processes.map_view(view.map.id).steps if s.id == step.id)
    assert linked.observations == ()
    with qtbot.waitSignal(page.editor.loaded, timeout=10_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(calls) == 2
    linked = next(s for s in page.editor.view.steps if s.id == step.id)
    assert [o.observation_id for o in linked.observations] == [info.id]
    dialog.reject()
    qtbot.waitUntil(lambda: worker.active_tasks() == 0, timeout=30_000)
