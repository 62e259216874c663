"""Connection loss in the forms, on PostgreSQL through a relay the test switches off and on.

A save while the server is away says "Cannot reach the database server: nothing was saved. Your
entry is kept — Retry?", keeps every field as typed, and its Retry button saves once the server is
back: the capture form, the idea detail dialog, the cycle detail dialog, a board move
(Ctrl+Right) and the admin's person dialog.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from services.factories import Site, accepted_cycle, make_site
from sqlalchemy import create_engine, text

from kaizen.db.engine import Database
from kaizen.domain.enums import PdcaStage
from kaizen.services import Services
from kaizen.services.suggestions import SuggestionInput
from kaizen.ui import worker
from kaizen.ui.admin.person_dialog import PersonDialog
from kaizen.ui.board.detail import CycleDetailDialog
from kaizen.ui.capture.idea_form import IdeaDialog
from kaizen.ui.detail.idea_detail import IdeaDetailDialog
from kaizen.ui.measure.metric_dialog import MetricDialog
from kaizen.ui.views.pdca_board import PdcaBoardView
from kaizen.ui.widgets.form import RETRY_MESSAGE

from .proxy import TcpProxy

SHADOW_BOARD = {"title": "Shadow board", "problem": "Tools go missing.",
                "proposal": "A shadow board."}


@pytest.fixture(autouse=True)
def join_workers() -> Iterator[None]:
    yield
    assert worker.wait_for_all(), "background tasks still running at teardown"


@pytest.fixture
def world(pg_url: str, proxy: TcpProxy, clock: Any) -> Iterator[tuple[Site, Services]]:
    db = Database(proxy.url_for(pg_url))
    site = make_site(db, clock)
    yield site, Services.create(db, clock)
    worker.wait_for_all()
    db.dispose()


def _stored(pg_url: str, sql: str) -> list[str]:
    """What the server holds, read past the relay (which the test may have switched off)."""
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            return list(conn.scalars(text(sql)))
    finally:
        engine.dispose()


def _titles(pg_url: str) -> list[str]:
    return _stored(pg_url, "SELECT title FROM suggestions ORDER BY id")


def test_capture_form_keeps_the_entry_and_retries(qtbot, world: tuple[Site, Services],
                                                  proxy: TcpProxy, pg_url: str) -> None:
    site, services = world
    form = IdeaDialog(services, services.people.get_person(site.staff_id))
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    qtbot.waitUntil(lambda: form.is_ready, timeout=10_000)
    qtbot.keyClicks(form.title_edit, "Kanban cards for the screws")
    qtbot.keyClicks(form.problem_edit, "Screws run out mid-shift.")
    qtbot.keyClicks(form.proposal_edit, "Two bins and a card.")

    proxy.stop()
    with qtbot.waitSignal(form.saveFinished, timeout=20_000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.form.general_error.text() == RETRY_MESSAGE
    retry = form.form.general_error.action_button
    assert retry is not None and not retry.isHidden() and retry.text() == "Retry"
    assert form.title_edit.text() == "Kanban cards for the screws"
    assert form.problem_edit.toPlainText() == "Screws run out mid-shift."
    assert form.proposal_edit.toPlainText() == "Two bins and a card."
    assert _titles(pg_url) == []
    form.grab().save(_shot("capture-retry"))

    proxy.start()
    with qtbot.waitSignal(form.saved, timeout=20_000):
        qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    assert _titles(pg_url) == ["Kanban cards for the screws"]
    assert form.form.general_error.isHidden()


def test_idea_detail_offers_retry_and_keeps_the_edit(qtbot, world: tuple[Site, Services],
                                                     proxy: TcpProxy, pg_url: str) -> None:
    site, services = world
    staff = services.people.get_person(site.staff_id)
    idea = services.suggestions.create(staff.id, SuggestionInput(
        title="Tape dispenser", problem="Walks for tape.", proposal="Mount one.",
        area_id=site.line_id))
    dialog = IdeaDetailDialog(services, staff, idea.id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    qtbot.waitExposed(dialog)
    dialog.title_edit.selectAll()
    qtbot.keyClicks(dialog.title_edit, "Tape dispenser on every table")

    proxy.stop()
    with qtbot.waitSignal(dialog.refused, timeout=20_000):
        dialog.save()
    assert dialog.message_bar.text == RETRY_MESSAGE
    button = dialog.message_bar.action_button
    assert not button.isHidden() and button.text() == "Retry"
    assert dialog.title_edit.text() == "Tape dispenser on every table"
    assert _titles(pg_url) == ["Tape dispenser"]
    dialog.grab().save(_shot("detail-retry"))

    proxy.start()
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert _titles(pg_url) == ["Tape dispenser on every table"]


def test_board_move_offers_retry(qtbot, world: tuple[Site, Services], proxy: TcpProxy,
                                 pg_url: str) -> None:
    site, services = world
    cycle = accepted_cycle(site, services.pdca, **SHADOW_BOARD)
    services.pdca.update_plan(
        site.supervisor_id, cycle.id, problem_statement="Tools go missing.",
        why_chain=["No home."], root_cause="No home.", target_metric="Searches",
        target_from=5.0, target_to=0.0, target_by=date(2026, 12, 31),
        countermeasure="A shadow board.")
    board = PdcaBoardView(services)
    qtbot.addWidget(board)
    board.resize(1280, 820)
    board.set_person(services.people.get_person(site.supervisor_id))
    board.show()
    qtbot.waitExposed(board)
    with qtbot.waitSignal(board.loaded, timeout=10_000):
        board.refresh()
    view = board.card_view(PdcaStage.PLAN)
    index = view.model().index(view.card_model().row_of(cycle.id), 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())

    proxy.stop()
    with qtbot.waitSignal(board.moveFinished, timeout=20_000) as answer:
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert answer.args == [False]
    qtbot.waitUntil(lambda: not board._loading, timeout=20_000)
    assert board.message_bar.text == RETRY_MESSAGE
    button = board.message_bar.action_button
    assert not button.isHidden() and button.text() == "Retry"
    assert _stage(pg_url, cycle.id) == "plan"
    board.grab().save(_shot("board-retry"))

    proxy.start()
    with qtbot.waitSignal(board.moveFinished, timeout=20_000) as answer:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert answer.args == [True]
    assert _stage(pg_url, cycle.id) == "do"


def test_cycle_detail_offers_retry_and_keeps_the_plan(qtbot, world: tuple[Site, Services],
                                                      proxy: TcpProxy, pg_url: str) -> None:
    site, services = world
    cycle = accepted_cycle(site, services.pdca, **SHADOW_BOARD)
    dialog = CycleDetailDialog(services, cycle.id, services.people.get_person(site.supervisor_id))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.plan.root_cause_edit, "Tools have no home.")

    proxy.stop()
    with qtbot.waitSignal(dialog.refused, timeout=20_000):
        qtbot.mouseClick(dialog.plan.save_plan_button, Qt.MouseButton.LeftButton)
    assert dialog.message_bar.text == RETRY_MESSAGE
    button = dialog.message_bar.action_button
    assert not button.isHidden() and button.text() == "Retry"
    assert dialog.plan.root_cause_edit.toPlainText() == "Tools have no home."

    proxy.start()
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert services.pdca.get_cycle(cycle.id).root_cause == "Tools have no home."


def _stage(pg_url: str, cycle_id: int) -> str:
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            return str(conn.scalar(text("SELECT stage FROM pdca_cycles WHERE id = :i"),
                                   {"i": cycle_id}))
    finally:
        engine.dispose()


def _shot(name: str) -> str:
    import os
    import tempfile

    folder = os.environ.get("KAIZEN_SHOTS", tempfile.gettempdir())
    return os.path.join(folder, f"pg-ops-{name}.png")


def _names(pg_url: str) -> list[str]:
    return _stored(pg_url, "SELECT name FROM people ORDER BY id")


def test_person_dialog_keeps_the_entry_and_retries(qtbot, world: tuple[Site, Services],
                                                   proxy: TcpProxy, pg_url: str) -> None:
    site, services = world
    areas = services.people.list_areas()
    dialog = PersonDialog(services.people, site.admin_id, areas)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name_edit, "Rosa Lindqvist")
    before = _names(pg_url)

    proxy.stop()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.form.general_error.isVisible(),
                    timeout=20_000)
    assert dialog.isVisible()
    assert dialog.form.general_error.text() == RETRY_MESSAGE
    retry = dialog.form.general_error.action_button
    assert retry is not None and not retry.isHidden() and retry.text() == "Retry"
    assert dialog.name_edit.text() == "Rosa Lindqvist"
    assert _names(pg_url) == before
    dialog.grab().save(_shot("person-retry"))

    proxy.start()
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    assert _names(pg_url) == [*before, "Rosa Lindqvist"]


def test_metric_dialog_keeps_the_entry_and_retries(qtbot, world: tuple[Site, Services],
                                                   proxy: TcpProxy, pg_url: str) -> None:
    """Issue 15: MetricDialog used to say nothing of Retry when the server was away."""
    site, services = world
    cycle = accepted_cycle(site, services.pdca, **SHADOW_BOARD)
    dialog = MetricDialog(services, site.supervisor_id, cycle.suggestion_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.pick_common("Cycle time")

    proxy.stop()
    with qtbot.waitSignal(dialog.saver.finished, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.form.general_error.text() == RETRY_MESSAGE
    retry = dialog.form.general_error.action_button
    assert retry is not None and not retry.isHidden() and retry.text() == "Retry"
    assert dialog.name_combo.currentText() == "Cycle time"
    assert dialog.unit_edit.text() == "min"
    assert _stored(pg_url, "SELECT name FROM metrics") == []

    proxy.start()
    with qtbot.waitSignal(dialog.metricAdded, timeout=20_000):
        qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    assert _stored(pg_url, "SELECT name FROM metrics") == ["Cycle time"]
