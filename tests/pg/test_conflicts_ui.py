"""Two people editing one PDCA cycle on PostgreSQL, in the cycle detail dialog: the second save
names who changed it and when, Reload reads their version and keeps what was typed, and the
save then goes through."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from services.factories import Site, accepted_cycle, make_site

from kaizen.db.engine import Database
from kaizen.services import Services
from kaizen.ui import worker
from kaizen.ui.board.detail import CycleDetailDialog


@pytest.fixture(autouse=True)
def join_workers() -> Iterator[None]:
    yield
    assert worker.wait_for_all(), "background tasks still running at teardown"


@pytest.fixture
def site(pg_db: Database, clock: Any) -> Iterator[Site]:
    yield make_site(pg_db, clock)
    worker.wait_for_all()


def test_cycle_detail_conflict_offers_reload(qtbot, site: Site, pg_db: Database,
                                             pg_url: str, clock: Any) -> None:
    mine = Services.create(pg_db, clock)
    cycle = accepted_cycle(site, mine.pdca, title="Shadow board",
                           problem="Tools go missing.", proposal="A shadow board.")
    dialog = CycleDetailDialog(mine, cycle.id, mine.people.get_person(site.supervisor_id))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    qtbot.waitExposed(dialog)

    other_db = Database(pg_url)  # another PC
    try:
        clock.advance(minutes=20)
        Services.create(other_db, clock).pdca.update_plan(
            site.admin_id, cycle.id, problem_statement="Ada's problem.", why_chain=[],
            root_cause="", target_metric="Searches", target_from=None, target_to=0.0,
            target_by=date(2026, 12, 31), countermeasure="Ada's board.")
    finally:
        other_db.dispose()
    qtbot.keyClicks(dialog.plan.root_cause_edit, "Tools have no home.")
    with qtbot.waitSignal(dialog.refused, timeout=10_000) as refused:
        qtbot.mouseClick(dialog.plan.save_plan_button, Qt.MouseButton.LeftButton)
    assert "changed by Ada Admin at 2026-11-02 09:20" in refused.args[0]
    button = dialog.message_bar.action_button
    assert not button.isHidden() and button.text() == "Reload"

    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.plan.countermeasure_edit.toPlainText() == "Ada's board.",
                    timeout=10_000)
    assert dialog.plan.root_cause_edit.toPlainText() == "Tools have no home."
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.plan.save_plan_button, Qt.MouseButton.LeftButton)
    stored = mine.pdca.get_cycle(cycle.id)
    assert (stored.root_cause, stored.countermeasure) == ("Tools have no home.", "Ada's board.")
