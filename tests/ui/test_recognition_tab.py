"""The Recognition tab of People & areas (issue 22): per person and per area, ideas implemented
and validated savings this year; turned off by the site setting."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt

from kaizen.db.models import Suggestion
from kaizen.domain.enums import SuggestionStatus
from kaizen.services import Services
from kaizen.services.suggestions import SuggestionInput
from kaizen.ui.views.recognition_tab import OFF, RecognitionTab
from ui.helpers import Team


def _standardised(services: Services, team: Team) -> int:
    made = services.suggestions.create(team.staff.id, SuggestionInput(
        title="Kanban for gloves", problem="Gloves run out.", proposal="Two bins.",
        area_id=team.staff.home_area_id))
    with services.db.write() as s:
        row = s.get(Suggestion, made.id)
        row.status, row.owner_id = SuggestionStatus.STANDARDISED, team.supervisor.id
        row.closed_at = datetime(2026, 11, 3, 9)
    return made.id


def test_the_tab_lists_people_and_areas_and_says_when_it_is_off(qtbot, services: Services,
                                                                 team: Team) -> None:
    _standardised(services, team)
    tab = RecognitionTab(services, today=date(2026, 11, 30))
    qtbot.addWidget(tab)
    tab.resize(1000, 500)
    tab.show()
    with qtbot.waitSignal(tab.loaded, timeout=20_000):
        tab.refresh()

    def cells(table):
        return [[table.item(r, c).text() for c in range(table.columnCount())]
                for r in range(table.rowCount())]

    assert cells(tab.people_table) == [["Bea Staff", "1", "0 EUR"],
                                       ["Sam Supervisor", "1", "0 EUR"]]
    assert cells(tab.areas_table) == [["Assembly", "1", "0 EUR"]]
    assert tab.people_table.item(0, 1).textAlignment() & Qt.AlignmentFlag.AlignRight
    services.people.update_settings(team.admin.id, recognition=False)
    with qtbot.waitSignal(tab.loaded, timeout=20_000):
        tab.refresh()
    assert tab.note.text() == OFF
    assert tab.people_table.rowCount() == 0 and tab.areas_table.rowCount() == 0


def test_an_older_slower_read_is_dropped_when_a_newer_one_was_asked(
        qtbot, services: Services, team: Team, monkeypatch) -> None:
    """The first read (recognition on) is held in its worker after reading until the second
    (recognition turned off meanwhile) has been shown; it then arrives and is dropped. Driven
    by events, not time."""
    import threading

    from PySide6.QtCore import QThreadPool

    from kaizen.ui import worker

    _standardised(services, team)
    tab = RecognitionTab(services, today=date(2026, 11, 30))
    qtbot.addWidget(tab)
    pool = QThreadPool.globalInstance()
    threads = pool.maxThreadCount()
    pool.setMaxThreadCount(max(threads, 4))  # the held read must not starve the newer one
    first_read, release = threading.Event(), threading.Event()
    read = services.recognition.read
    calls: list[int] = []

    def held(flt):
        data = read(flt)
        calls.append(1)
        if len(calls) == 1:
            first_read.set()
            release.wait(60)
        return data

    monkeypatch.setattr(services.recognition, "read", held)
    try:
        tab.refresh()
        qtbot.waitUntil(first_read.is_set, timeout=30_000)
        services.people.update_settings(team.admin.id, recognition=False)
        with qtbot.waitSignal(tab.loaded, timeout=20_000):
            tab.refresh()
    finally:
        release.set()
    qtbot.waitUntil(lambda: not worker.active_tasks(), timeout=30_000)
    pool.setMaxThreadCount(threads)
    assert tab.data is not None and not tab.data.enabled
    assert tab.note.text() == OFF
    assert tab.people_table.rowCount() == 0
