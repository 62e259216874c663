"""Issue 14: a full disk shows the same words in a form as in the command line ("The disk is
full: nothing was saved"), not the driver's "database or disk is full", and the typing stays.

Source: SQLite's ``max_page_count`` pragma (a write past it fails with SQLITE_FULL, the result a
full disk gives)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from kaizen.domain.errors import DiskFull
from kaizen.services import Services
from kaizen.ui.detail.idea_detail import IdeaDetailDialog
from ui.helpers import Team

from .test_idea_detail import make_idea, open_idea, press_save, settle


@pytest.mark.sqlite_only(reason="SQLite's max_page_count makes a real SQLITE_FULL")
def test_a_full_disk_is_said_in_words_in_the_form(qtbot, services: Services, team: Team) -> None:
    idea = make_idea(services, team)
    dialog: IdeaDetailDialog = open_idea(qtbot, services, team.staff, idea.id)
    engine = services.db.engine
    engine.dispose()  # the save's connection is a new one, opened with the limit

    @event.listens_for(engine, "connect")
    def no_room(dbapi_connection, _record):  # noqa: ANN001, ANN202
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    dialog.problem_edit.setPlainText("p" * 19_000)
    with qtbot.waitSignal(dialog.refused, timeout=20_000) as refused:
        press_save(qtbot, dialog)
    settle(qtbot, dialog)
    assert refused.args[0] == DiskFull.DEFAULT
    assert dialog.message_bar.text == DiskFull.DEFAULT
    assert len(dialog.problem_edit.toPlainText()) == 19_000  # kept
