"""Deleting an event log from the mining screen: asked first in plain words, audited, and
Cancel changes nothing (issue 19)."""

from __future__ import annotations

import pytest
from mining.reference import LOGS
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kaizen.ui.mining.view import EMPTY, MiningView
from ui.helpers import Team


@pytest.fixture
def view(qtbot, services, team: Team) -> MiningView:
    services.event_logs.import_file(team.supervisor.id, LOGS / "running-example.xes",
                                    name="Compensation")
    page = MiningView(services)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    qtbot.waitExposed(page)
    page.set_person(team.supervisor)
    with qtbot.waitSignal(page.analysed, timeout=20_000):
        page.refresh()
    return page


def button(box: QMessageBox, text: str):
    return next(b for b in box.buttons() if b.text().replace("&", "") == text)


def test_cancel_keeps_the_log(qtbot, view: MiningView, services) -> None:
    assert view.delete_button.isVisible()
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    box = view.delete_box
    assert box is not None and box.text() == "Delete the event log 'Compensation'?"
    assert "6 cases and 42 events" in box.informativeText()
    assert "cannot be undone" in box.informativeText()
    qtbot.mouseClick(button(box, "Cancel"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.delete_box is None)
    assert [i.name for i in services.event_logs.list_logs()] == ["Compensation"]


def test_delete_removes_it_and_is_audited(qtbot, view: MiningView, services, sql) -> None:
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    box = view.delete_box
    with qtbot.waitSignal(view.logsListed, timeout=20_000) as listed:
        qtbot.mouseClick(button(box, "Delete the log"), Qt.MouseButton.LeftButton)
    assert listed.args[0] == []
    assert services.event_logs.list_logs() == []
    assert view.stack.currentIndex() == EMPTY
    assert view.message.text() == "Deleted the event log 'Compensation'."
    rows = sql("SELECT action, person_id FROM audit_events WHERE entity = 'event_log' "
               "ORDER BY id")
    assert [r[0] for r in rows] == ["import", "delete"]
    assert rows[-1][1] is not None


def test_staff_cannot_delete(qtbot, view: MiningView, team: Team) -> None:
    view.set_person(team.staff)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert view.delete_box is None
    assert view.message.text() == "Only a supervisor or an administrator can delete event logs."
