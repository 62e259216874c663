"""The What-if page's two writes (store the calibrated model as a map, attach a forecast to an
idea) save through the one save mechanism, kaizen/ui/form_op.py (issue 15): a real service
refusal shows under the button that asked and changes nothing; the server away
(``Unavailable``) offers Retry, and Retry saves once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kaizen.domain.enums import Role, WasteCategory
from kaizen.domain.errors import Unavailable
from kaizen.services.suggestions import SuggestionInput
from kaizen.ui.simulation.view import SimulationView
from kaizen.ui.widgets.form import RETRY_MESSAGE
from ui.helpers import Team
from ui.test_simulation_view import _open_map, _two_clerks, import_desk_log

LEFT = Qt.MouseButton.LeftButton


def demote(services, team: Team) -> None:
    """The supervisor becomes staff after the page was opened (another admin's change)."""
    person = team.supervisor
    services.people.update_person(team.admin.id, person.id, name=person.name, role=Role.STAFF,
                                  home_area_id=person.home_area_id)


def calibrated(qtbot, services, team: Team, tmp_path) -> SimulationView:
    import_desk_log(services, team, tmp_path)
    view = _open_map(qtbot, services, team)
    with qtbot.waitSignal(view.calibration.finished):
        qtbot.mouseClick(view.calibration.button, LEFT)
    assert view.calibration.use_button.isEnabled()
    return view


def test_a_refused_calibrated_model_shows_under_run_and_changes_nothing(
        qtbot, services, team: Team, tmp_path) -> None:
    view = calibrated(qtbot, services, team, tmp_path)
    demote(services, team)
    with qtbot.waitSignal(view.store_saver.finished) as attempt:
        qtbot.mouseClick(view.calibration.use_button, LEFT)
    assert attempt.args == [False]
    assert view.status.text() == "A staff may not map processes."  # the service's words
    assert view.status_action.isHidden()
    assert [p.name for p in services.processes.list_processes()] == ["Counter"]


def test_calibrated_model_offers_retry_when_the_server_is_away(
        qtbot, services, team: Team, tmp_path, monkeypatch) -> None:
    view = calibrated(qtbot, services, team, tmp_path)
    processes = services.processes
    real = processes.import_map
    calls: list[int] = []

    def away_once(actor_id, document, **kwargs):
        calls.append(actor_id)
        if len(calls) == 1:
            raise Unavailable()
        return real(actor_id, document, **kwargs)

    monkeypatch.setattr(processes, "import_map", away_once)
    with qtbot.waitSignal(view.store_saver.finished):
        qtbot.mouseClick(view.calibration.use_button, LEFT)
    assert view.status.text() == RETRY_MESSAGE
    assert view.status_action.text() == "Retry" and not view.status_action.isHidden()
    assert [p.name for p in processes.list_processes()] == ["Counter"]
    with qtbot.waitSignal(view.calibratedUsed) as used:
        qtbot.mouseClick(view.status_action, LEFT)
    assert used.args[0].created is True
    assert len(calls) == 2
    assert sorted(p.name for p in processes.list_processes()) == \
        ["Calibrated from Desk", "Counter"]
    assert "is a new process 'Calibrated from Desk'" in view.status.text()
    assert view.status_action.isHidden()


def ran(qtbot, services, team: Team):
    idea = services.suggestions.create(team.staff.id, SuggestionInput(
        title="A second clerk at the counter", problem="Queues at the counter.",
        proposal="Open a second desk.", area_id=team.supervisor.home_area_id,
        wastes=[WasteCategory.WAITING], expected_savings=0.0, implementation_cost=0.0,
        impact=3, effort=2))
    view = _open_map(qtbot, services, team)
    _two_clerks(qtbot, view)
    with qtbot.waitSignal(view.runFinished):
        qtbot.mouseClick(view.run_button, LEFT)
    return view, idea


def test_a_refused_forecast_shows_on_the_forecast_line_and_changes_nothing(
        qtbot, services, team: Team) -> None:
    view, idea = ran(qtbot, services, team)
    demote(services, team)
    with qtbot.waitSignal(view.attach_saver.finished) as attempt:
        view.attach_to_idea(idea.id)
    assert attempt.args == [False]
    assert view.forecast_label.text() == "A staff may not map processes."
    assert view.forecast_action.isHidden()
    assert services.suggestions.get(idea.id).expected_savings == 0.0
    assert services.scenarios.list_for_map(view.map_picker.currentData())[0].suggestion_id \
        is None


def test_forecast_offers_retry_when_the_server_is_away(qtbot, services, team: Team,
                                                       monkeypatch) -> None:
    view, idea = ran(qtbot, services, team)
    scenarios = services.scenarios
    real = scenarios.attach_forecast
    calls: list[int] = []

    def away_once(actor_id, scenario_id, suggestion_id):
        calls.append(suggestion_id)
        if len(calls) == 1:
            raise Unavailable()
        return real(actor_id, scenario_id, suggestion_id)

    monkeypatch.setattr(scenarios, "attach_forecast", away_once)
    with qtbot.waitSignal(view.attach_saver.finished):
        view.attach_to_idea(idea.id)
    assert view.forecast_label.text() == RETRY_MESSAGE
    assert view.forecast_action.text() == "Retry" and not view.forecast_action.isHidden()
    assert services.suggestions.get(idea.id).expected_savings == 0.0
    with qtbot.waitSignal(view.forecastAttached) as attached:
        qtbot.mouseClick(view.forecast_action, LEFT)
    assert calls == [idea.id, idea.id]
    assert services.suggestions.get(idea.id).expected_savings == \
        attached.args[0].amount_per_year > 0
    assert f"#{idea.id}" in view.forecast_label.text()
    assert view.forecast_action.isHidden()
