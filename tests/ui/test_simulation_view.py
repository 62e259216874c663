"""The What-if screen (kaizen/ui/simulation/) on real widgets over a real database: a small
scenario run through the GUI (waiting for the finished signal, never for time), Cancel stopping
a run, attaching a run to an idea as its forecast, the unstable-model warning before a run, and
the empty state.

The load figure in the warning is the traffic-equation load of kaizen/simulation/stability.py:
arrival rate x visits x mean duration / resources (Kleinrock, Queueing Systems vol. 1, 4.8);
here 1/min x 1 x 1.2 min / 1 = 120%.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from kaizen.domain.enums import WasteCategory
from kaizen.i18n import using
from kaizen.services import Services
from kaizen.services.suggestions import SuggestionInput
from kaizen.simulation.scenario import ScaleDemand, ScaleDuration
from kaizen.ui.simulation.changes_editor import RESOURCES
from kaizen.ui.simulation.view import SimulationView
from ui.helpers import Team, click_combo_item

COUNTER = {
    "name": "Counter", "time_unit": "minute",
    "arrivals": {"distribution": "exponential", "mean": 1.0},
    "steps": [{"name": "Serve", "value": "value-adding", "resources": 1,
               "duration": {"distribution": "exponential", "mean": 0.8}}],
    "flows": [{"from": "start", "to": "Serve"}, {"from": "Serve", "to": "end"}],
}


def _process(services: Services, team: Team, document=COUNTER) -> int:
    view = services.processes.create_process(
        team.supervisor.id, name=document["name"], area_id=team.supervisor.home_area_id,
        document=document)
    return view.map.id


def _view(qtbot, services: Services, team: Team, ready: str = "loaded") -> SimulationView:
    """The page shown at 1280x720 for the supervisor, once its ``ready`` signal came."""
    view = SimulationView(services)
    qtbot.addWidget(view)
    view.set_person(team.supervisor)
    view.resize(1280, 720)
    view.show()
    with qtbot.waitSignal(getattr(view, ready)):
        view.refresh()
    return view


def _open_map(qtbot, services, team) -> SimulationView:
    _process(services, team)
    return _view(qtbot, services, team, ready="mapLoaded")


def import_desk_log(services: Services, team: Team, tmp_path) -> None:
    """The log "Desk": 24 cases, one every 2 hours over 2 days, A then B half an hour later."""
    rows = ["case,activity,timestamp"]
    for i in range(24):
        rows.append(f"c{i},A,2026-11-{1 + i // 12:02d} {2 * (i % 12):02d}:00:00")
        rows.append(f"c{i},B,2026-11-{1 + i // 12:02d} {2 * (i % 12):02d}:30:00")
    path = tmp_path / "desk.csv"
    path.write_text("\n".join(rows) + "\n")
    services.event_logs.import_file(team.supervisor.id, path, name="Desk")


def _two_clerks(qtbot, view: SimulationView) -> None:
    click_combo_item(qtbot, view.editor.kind, "Add resources")
    assert view.editor.kind.currentIndex() == RESOURCES
    view.editor.amount.set_value(1)
    qtbot.mouseClick(view.editor.add_button, _left())
    assert view.editor.list.count() == 1
    view.name_edit.setText("Two clerks")
    view.options.replications.setValue(3)
    view.options.horizon.setValue(3000)
    view.options.warmup.setValue(300)


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_a_small_scenario_runs_through_the_screen(qtbot, services, team) -> None:
    view = _open_map(qtbot, services, team)
    assert view.stack.currentIndex() == 1 and view.run_button.isEnabled()
    _two_clerks(qtbot, view)
    with qtbot.waitSignal(view.runFinished) as finished:
        qtbot.mouseClick(view.run_button, _left())
        assert view.cancel_button.isEnabled() and not view.run_button.isEnabled()
    info = finished.args[0]
    assert info.name == "Two clerks" and info.results is not None
    table = view.results.table
    labels = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert labels[:4] == ["Throughput (per minute)", "Lead time (minutes)",
                          "Lead time, 90th percentile (minutes)", "Work in progress (cases)"]
    assert "Serve: queue wait (minutes)" in labels
    # A second clerk at 80% load cuts the wait by far more than the noise of 3 replications.
    lead = info.results["comparison"]["lead_time"]
    assert lead["real"] is True and lead["difference"]["mean"] < 0
    assert table.item(1, 4).text() == "real"
    stored = services.scenarios.list_for_map(view.map_picker.currentData())
    assert [s.name for s in stored] == ["Two clerks"] and stored[0].results == info.results
    assert view.progress.isHidden() and view.run_button.isEnabled()
    assert view.attach_button.isEnabled()


def test_cancel_stops_a_run_and_records_nothing(qtbot, services, team, monkeypatch) -> None:
    view = _open_map(qtbot, services, team)
    _two_clerks(qtbot, view)
    view.options.horizon.setValue(12_000)  # 3 x 12,000 cases: runs in this process
    # Hold the run just before it simulates, until Cancel has been clicked: no race with time.
    gate = threading.Event()
    models = services.scenarios.models

    def held(scenario_id):
        gate.wait()
        return models(scenario_id)

    monkeypatch.setattr(services.scenarios, "models", held)
    with qtbot.waitSignal(view.runCancelled):
        qtbot.mouseClick(view.run_button, _left())
        qtbot.mouseClick(view.cancel_button, _left())
        gate.set()
    assert "Cancelled" in view.status.text()
    stored = services.scenarios.list_for_map(view.map_picker.currentData())
    assert [s.results for s in stored] == [None]
    assert view.run_button.isEnabled() and not view.cancel_button.isEnabled()


def test_attach_to_an_idea_sets_its_savings_forecast(qtbot, services, team) -> None:
    idea = services.suggestions.create(team.staff.id, SuggestionInput(
        title="A second clerk at the counter", problem="Queues at the counter.",
        proposal="Open a second desk.", area_id=team.supervisor.home_area_id,
        wastes=[WasteCategory.WAITING], expected_savings=0.0, implementation_cost=0.0,
        impact=3, effort=2))
    view = _open_map(qtbot, services, team)
    _two_clerks(qtbot, view)
    with qtbot.waitSignal(view.runFinished):
        qtbot.mouseClick(view.run_button, _left())
    dialog = view.open_attach_dialog()
    assert dialog is not None and dialog.ideas.count() >= 1
    dialog.ideas.setCurrentIndex(dialog.ideas.findData(idea.id))
    with qtbot.waitSignal(view.forecastAttached) as attached:
        qtbot.mouseClick(dialog.buttons.buttons()[0], _left())
    forecast = attached.args[0]
    assert forecast.amount_per_year > 0
    assert services.suggestions.get(idea.id).expected_savings == forecast.amount_per_year
    assert services.scenarios.list_for_map(view.map_picker.currentData())[0].suggestion_id \
        == idea.id
    assert f"#{idea.id}" in view.forecast_label.text()


def test_the_warning_names_an_unstable_step_before_the_run(qtbot, services, team) -> None:
    busy = {**COUNTER, "name": "Busy counter",
            "steps": [{**COUNTER["steps"][0],
                       "duration": {"distribution": "exponential", "mean": 1.2}}]}
    _process(services, team, busy)
    view = SimulationView(services)
    qtbot.addWidget(view)
    view.set_person(team.supervisor)
    view.show()
    with qtbot.waitSignal(view.mapLoaded):
        view.refresh()
    assert view.warning.isVisible()
    text = view.warning.text()
    assert 'The map: Step "Serve" is loaded at 120%' in text
    assert "Scenario: Step \"Serve\"" in text  # no change yet: the scenario is the same
    # Two servers: 60% each, so only the current state is warned about.
    click_combo_item(qtbot, view.editor.kind, "Add resources")
    qtbot.mouseClick(view.editor.add_button, _left())
    assert "The map:" in view.warning.text() and "Scenario:" not in view.warning.text()


def test_a_change_amount_is_typed_and_read_in_the_language(qtbot, services, team) -> None:
    """Issue 15: the amount is a NumberEdit read as the language writes numbers (CLDR de_DE:
    "," decimal, "." groups); Add refuses what is not a whole number in the kind's range, under
    the buttons, and adds nothing."""
    view = _open_map(qtbot, services, team)
    editor = view.editor
    click_combo_item(qtbot, editor.kind, "Shorten a duration")
    assert (editor.amount.text(), editor.amount.unit()) == ("20", "%")
    editor.amount.clear()
    qtbot.keyClicks(editor.amount, "150")
    qtbot.mouseClick(editor.add_button, _left())
    assert editor.error.text() == "Shorter by must be a whole number from 1 to 99."
    assert editor.changes() == []
    editor.amount.clear()  # typing takes the refusal away
    qtbot.keyClicks(editor.amount, "30")
    assert not editor.error.isVisible()
    qtbot.mouseClick(editor.add_button, _left())
    assert editor.changes() == [ScaleDuration("Serve", pytest.approx(0.7))]

    with using("de"):
        click_combo_item(qtbot, editor.kind, "Change the demand")
        editor.amount.clear()
        qtbot.keyClicks(editor.amount, "12,50")  # 12.5 %: not a whole number
        qtbot.mouseClick(editor.add_button, _left())
        assert editor.error.isVisible() and len(editor.changes()) == 1
        editor.amount.clear()
        qtbot.keyClicks(editor.amount, "1.000")  # German groups thousands with "."
        qtbot.mouseClick(editor.add_button, _left())
    assert editor.changes()[1:] == [ScaleDemand(pytest.approx(11.0))]


def test_no_map_shows_the_empty_state(qtbot, services, team) -> None:
    view = _view(qtbot, services, team)
    assert view.stack.currentWidget() is view.empty_state


@pytest.mark.parametrize(("who", "says"), [(None, "who is working"),
                                           ("staff", "Supervisors and admins")])
def test_run_is_off_without_a_supervisor_working(qtbot, services, team, who, says) -> None:
    view = _open_map(qtbot, services, team)
    view.set_person(None if who is None else getattr(team, who))
    assert not view.run_button.isEnabled() and says in view.status.text()


def test_calibration_shows_the_logs_real_lead_time_beside_the_simulated(
        qtbot, services, team, tmp_path) -> None:
    # 36 cases, one every 2 hours over 3 days: A, then B two hours later (lead time 2 h each).
    rows = ["case,activity,timestamp"]
    for i in range(36):
        hour = 2 * i
        rows.append(f"c{i},A,2026-11-{1 + hour // 24:02d} {hour % 24:02d}:00:00")
        end = hour + 2
        rows.append(f"c{i},B,2026-11-{1 + end // 24:02d} {end % 24:02d}:00:00")
    path = tmp_path / "desk.csv"
    path.write_text("\n".join(rows) + "\n")
    services.event_logs.import_file(team.supervisor.id, path, name="Desk")
    view = _open_map(qtbot, services, team)
    panel = view.calibration
    assert [panel.logs.itemText(i) for i in range(panel.logs.count())] == ["Desk"]
    with qtbot.waitSignal(panel.finished) as done:
        qtbot.mouseClick(panel.button, _left())
    text = done.args[0]
    assert "Simulated lead time" in text and "from 36 cases" in text
    assert "against the log's real 2.00 hours (mean; 90th percentile 2.00)" in text
    assert panel.calibration is not None and panel.calibration.durations_from == "gaps"


def test_use_calibrated_model_makes_it_the_scenarios_base(qtbot, services, team,
                                                          tmp_path) -> None:
    """After calibrating, one click stores the calibrated model as a process map and picks
    it; a second click (after calibrating again) replaces that process's current state."""
    import_desk_log(services, team, tmp_path)
    view = _open_map(qtbot, services, team)
    panel = view.calibration
    assert not panel.use_button.isEnabled()
    with qtbot.waitSignal(panel.finished):
        qtbot.mouseClick(panel.button, _left())
    assert panel.use_button.isEnabled()
    with qtbot.waitSignal(view.mapLoaded, timeout=20_000):
        qtbot.mouseClick(panel.use_button, _left())
    assert view.map_picker.currentText().startswith("Calibrated from Desk")
    assert view.model is not None and view.model.name == "Calibrated from Desk"
    assert {s.name for s in view.model.steps} == {"A", "B"}
    assert "is a new process 'Calibrated from Desk'" in view.status.text()
    assert "Simulated lead time" in panel.result.text()  # kept across the reload
    names = [p.name for p in services.processes.list_processes()]
    assert sorted(names) == ["Calibrated from Desk", "Counter"]
    with qtbot.waitSignal(panel.finished):
        qtbot.mouseClick(panel.button, _left())
    with qtbot.waitSignal(view.calibratedUsed, timeout=20_000) as used:
        qtbot.mouseClick(panel.use_button, _left())
    assert used.args[0].created is False
    assert "replaced the current state of 'Calibrated from Desk'" in view.status.text()
    assert len(services.processes.list_processes()) == 2


def test_staff_cannot_store_a_calibrated_model(qtbot, services, team) -> None:
    view = _open_map(qtbot, services, team)
    view.set_person(team.staff)
    view.use_calibrated(object())
    assert "Supervisors and admins store a calibrated model" in view.status.text()


def _figure(mean: float, low: float, high: float) -> dict:
    return {"mean": mean, "ci95": [low, high]}


def _comparison(current: float, scenario: float, real: bool, spread: float = 1.5) -> dict:
    difference = scenario - current
    return {"current": _figure(current, current * 0.95, current * 1.05),
            "scenario": _figure(scenario, scenario * 0.97, scenario * 1.03),
            "difference": _figure(difference, difference - spread, difference + spread),
            "real": real}


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_results_table_shows_every_figure_name_whole(qtbot, language) -> None:
    """Issue 16: the first column was cut to "Durc…" in German at 1280x720 (the What-if
    results take 575 px of it). Every name fits its column's width (wrapped by words) and its
    row's height, and no column is pushed out of view."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem

    from kaizen.ui import resources
    from kaizen.ui.language import apply_language
    from kaizen.ui.simulation.results_panel import ResultsPanel

    resources.apply_style(QApplication.instance())  # the app's cell padding, as the window has
    apply_language(language)
    results = {
        "time_unit": "minute",
        "options": {"replications": 5, "horizon": 22_500, "warmup": 2_250, "seed": 1},
        "comparison": {
            "throughput": _comparison(0.44, 0.44, False),
            "lead_time": _comparison(20.42, 15.93, True),
            "lead_time_p90": _comparison(32.72, 22.59, True),
            "wip": _comparison(9.06, 7.06, True),
            "Receive material: wait": _comparison(0.66, 0.66, False),
            "Receive material: utilisation": _comparison(0.517, 0.517, False, 0.002),
        },
    }
    panel = ResultsPanel()
    qtbot.addWidget(panel)
    panel.resize(575, 540)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_results(results, "A second welder", "Frame line, current state")
    table = panel.table
    qtbot.waitUntil(lambda: sum(table.columnWidth(c) for c in range(table.columnCount()))
                    <= table.viewport().width(), timeout=5_000)
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0,  # set in a posted event
                    timeout=5_000)
    # Where the style paints each name: the cell's text rectangle less the text margin each
    # side (QCommonStyle's CE_ItemViewItem), with the app's padding.
    style, delegate = table.style(), table.itemDelegate()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        index = table.model().index(row, 0)
        option = QStyleOptionViewItem()
        option.rect = table.visualRect(index)
        delegate.initStyleOption(option, index)
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, table)
        width = text_rect.width() - 2 * margin
        name = table.item(row, 0).text()
        assert max(metrics.horizontalAdvance(w) for w in name.split()) <= width, name
        needed = metrics.boundingRect(QRect(0, 0, width, 10_000),
                                      int(Qt.TextFlag.TextWordWrap), name).height()
        assert needed <= text_rect.height(), (name, needed, text_rect.height())
