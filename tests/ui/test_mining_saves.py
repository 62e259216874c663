"""The mining page's two writes (delete an event log, log a finding as waste) save through the
one save mechanism, kaizen/ui/form_op.py (issue 15): a real service refusal shows on the page's
message line and changes nothing; the server away (``Unavailable``) offers Retry, and Retry
saves once.

The log is the running example of W. van der Aalst, *Process Mining* (2nd ed., 2016), ch. 1
(../shared/data/eventlogs/running-example.xes: 6 cases, 42 events)."""

from __future__ import annotations

import pytest
from mining.reference import LOGS
from PySide6.QtCore import Qt

from kaizen.domain.errors import Conflict, Unavailable
from kaizen.ui.mining.view import MiningView
from kaizen.ui.widgets.form import RETRY_MESSAGE
from ui.helpers import Team, shown_page


@pytest.fixture
def view(qtbot, services, team: Team) -> MiningView:
    for name in ("Compensation", "Second"):
        services.event_logs.import_file(team.supervisor.id, LOGS / "running-example.xes",
                                        name=name)
    page = shown_page(qtbot, MiningView(services), team.supervisor)
    with qtbot.waitSignal(page.analysed):
        page.refresh()
    assert page.log_name == "Compensation"
    return page


def audited_deletes(sql) -> int:
    return sql("SELECT COUNT(*) FROM audit_events WHERE entity = 'event_log' "
               "AND action = 'delete'")[0][0]


def test_a_refused_delete_shows_on_the_message_line_and_changes_nothing(
        qtbot, view: MiningView, services, team: Team, sql) -> None:
    """Someone else deleted the log after the page listed it: the service's NotFound shows on
    the message line, no Retry, the other log stays and nothing more is audited."""
    services.event_logs.delete(team.admin.id, "Compensation")
    with qtbot.waitSignal(view.saver.finished) as attempt:
        view.delete_log(team.supervisor.id, "Compensation")
    assert attempt.args == [False]
    assert view.message.isVisible()
    assert view.message.text() == "There is no event log named 'Compensation'."
    assert view.message_action.isHidden()
    assert [i.name for i in services.event_logs.list_logs()] == ["Second"]
    assert audited_deletes(sql) == 1  # the admin's only


def test_delete_offers_retry_when_the_server_is_away(qtbot, view: MiningView, services,
                                                     team: Team, monkeypatch, sql) -> None:
    logs = services.event_logs
    real = logs.delete
    calls: list[str] = []

    def away_once(actor_id: int | None, name: str) -> None:
        calls.append(name)
        if len(calls) == 1:
            raise Unavailable()
        real(actor_id, name)

    monkeypatch.setattr(logs, "delete", away_once)
    with qtbot.waitSignal(view.saver.finished) as attempt:
        view.delete_log(team.supervisor.id, "Compensation")
    assert attempt.args == [False]
    assert view.message.text() == RETRY_MESSAGE
    assert view.message_action.text() == "Retry" and not view.message_action.isHidden()
    assert [i.name for i in logs.list_logs()] == ["Compensation", "Second"]
    with qtbot.waitSignal(view.logDeleted) as deleted:
        qtbot.mouseClick(view.message_action, Qt.MouseButton.LeftButton)
    assert deleted.args == ["Compensation"]
    assert calls == ["Compensation", "Compensation"]
    assert [i.name for i in logs.list_logs()] == ["Second"]
    assert view.message.text() == "Deleted the event log 'Compensation'."
    assert view.message_action.isHidden()
    assert audited_deletes(sql) == 1


def open_waiting_dialog(qtbot, view: MiningView):
    view.tabs.setCurrentWidget(view.findings)
    qtbot.mouseClick(view.findings.waiting_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.waste_dialog is not None)  # the areas are read in a worker
    return view.waste_dialog


def test_a_refused_waste_shows_on_the_message_line_and_changes_nothing(
        qtbot, view: MiningView, services, team: Team) -> None:
    """The area picked was retired while the dialog was open: the observation service refuses
    ("Pick an active area."), the message line says so and no observation is written."""
    dialog = open_waiting_dialog(qtbot, view)
    area = dialog.area.currentData()
    services.people.set_area_active(team.admin.id, area.id, False)
    with qtbot.waitSignal(view.saver.finished) as attempt:
        dialog.accept()
    assert attempt.args == [False]
    assert view.message.text() == "Pick an active area."
    assert view.message_action.isHidden()
    assert services.observations.list_recent() == []


def test_waste_offers_retry_when_the_server_is_away(qtbot, view: MiningView, services,
                                                    monkeypatch) -> None:
    observations = services.observations
    real = observations.create
    calls: list[int] = []

    def away_once(actor_id: int, data):
        calls.append(actor_id)
        if len(calls) == 1:
            raise Unavailable()
        return real(actor_id, data)

    monkeypatch.setattr(observations, "create", away_once)
    dialog = open_waiting_dialog(qtbot, view)
    with qtbot.waitSignal(view.saver.finished):
        dialog.accept()
    assert view.message.text() == RETRY_MESSAGE
    assert view.message_action.text() == "Retry" and not view.message_action.isHidden()
    assert observations.list_recent() == []
    with qtbot.waitSignal(view.observationLogged) as logged:
        qtbot.mouseClick(view.message_action, Qt.MouseButton.LeftButton)
    assert len(calls) == 2
    assert [o.id for o in observations.list_recent()] == [logged.args[0].id]
    assert view.message.text().startswith("Logged waiting waste #")


def test_a_conflict_offers_reload_which_lists_the_logs_again(qtbot, view: MiningView, services,
                                                             team: Team, monkeypatch) -> None:
    """A Conflict (someone changed the log first) shows its words with Reload, and Reload reads
    the page's logs again: here another log imported meanwhile appears in the picker."""

    def changed_first(actor_id: int | None, name: str) -> None:
        raise Conflict("Someone else changed this event log first.")

    monkeypatch.setattr(services.event_logs, "delete", changed_first)
    services.event_logs.import_file(team.admin.id, LOGS / "running-example.xes", name="Third")
    with qtbot.waitSignal(view.saver.finished):
        view.delete_log(team.supervisor.id, "Compensation")
    assert view.message.text() == "Someone else changed this event log first."
    assert view.message_action.text() == "Reload" and not view.message_action.isHidden()
    assert [view.log_picker.itemData(i) for i in range(view.log_picker.count() - 1)] == \
        ["Compensation", "Second"]
    with qtbot.waitSignal(view.logsListed) as listed:
        qtbot.mouseClick(view.message_action, Qt.MouseButton.LeftButton)
    assert [i.name for i in listed.args[0]] == ["Compensation", "Second", "Third"]
    assert view.message_action.isHidden()
