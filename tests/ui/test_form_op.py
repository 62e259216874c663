"""The one save mechanism (``kaizen.ui.form_op``) on real forms and real services.

What the issue asks of it (issue 15, point 1): the busy state, field errors next to their
fields, Retry when the server is away, Reload on a Conflict, "disk full", and logging of
unexpected errors; a form supplies only its input and what to do on success. Disk full is
SQLite's SQLITE_FULL, "database or disk is full" (https://www.sqlite.org/rescode.html#full).
"""

from __future__ import annotations

import errno
import logging
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from sqlalchemy.exc import OperationalError

from kaizen.db.engine import DatabaseBusy
from kaizen.domain.errors import Conflict, Unavailable, ValidationError
from kaizen.services import Services
from kaizen.services.suggestions import SuggestionInput
from kaizen.ui.form_op import DISK_FULL_MESSAGE, FormSaver, Refusals, is_disk_full
from kaizen.ui.measure.metric_dialog import MetricDialog
from kaizen.ui.widgets.form import RETRY_MESSAGE, FieldForm
from ui.helpers import Team


def _accepted_idea(services: Services, team: Team) -> int:
    area = next(a for a in services.people.list_areas() if a.name == "Assembly")
    idea = services.suggestions.create(team.staff.id, SuggestionInput(
        title="Kit the screws per order", problem="Pickers count screws by hand.",
        proposal="Pre-kitted bags.", area_id=area.id,
    ))
    services.suggestions.accept(team.supervisor.id, idea.id)
    return idea.id


def _metric_dialog(qtbot, services: Services, team: Team) -> MetricDialog:
    dialog = MetricDialog(services, team.supervisor.id, _accepted_idea(services, team))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _metric_names(services: Services, idea_id: int) -> list[str]:
    return [m.name for m in services.measurements.list_metrics(idea_id)]


def _save(qtbot, dialog: MetricDialog) -> bool:
    with qtbot.waitSignal(dialog.saver.finished, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    return bool(blocker.args[0])


def test_a_refusal_naming_a_field_shows_next_to_it_and_keeps_the_typing(
        qtbot, services: Services, team: Team) -> None:
    dialog = _metric_dialog(qtbot, services, team)
    qtbot.keyClicks(dialog.unit_edit, "min")
    assert _save(qtbot, dialog) is False
    assert dialog.form.error_text("name") != ""  # the service's words, under Name
    assert dialog.form.general_error.isHidden()
    assert dialog.unit_edit.text() == "min"
    assert dialog.save_button.isEnabled() and not dialog.saving
    assert _metric_names(services, dialog.suggestion_id) == []


def test_metric_dialog_offers_retry_when_the_server_is_away(
        qtbot, services: Services, team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    """The db layer raises ``Unavailable`` when the server cannot be reached (the PostgreSQL
    test with a real relay is in tests/pg/test_connection_loss_ui.py); here the first call
    meets it, and Retry then saves the same entry."""
    dialog = _metric_dialog(qtbot, services, team)
    real = services.measurements.add_metric
    calls: list[str] = []

    def away_once(*args, **kwargs):
        calls.append(kwargs["name"])
        if len(calls) == 1:
            raise Unavailable()
        return real(*args, **kwargs)

    monkeypatch.setattr(services.measurements, "add_metric", away_once)
    dialog.pick_common("Cycle time")
    assert _save(qtbot, dialog) is False
    line = dialog.form.general_error
    assert line.text() == RETRY_MESSAGE and not line.isHidden()
    assert line.action_button is not None and not line.action_button.isHidden()
    assert dialog.name_combo.currentText() == "Cycle time"  # the entry is kept

    with qtbot.waitSignal(dialog.metricAdded, timeout=20_000):
        qtbot.mouseClick(line.action_button, Qt.MouseButton.LeftButton)
    assert calls == ["Cycle time", "Cycle time"]
    assert _metric_names(services, dialog.suggestion_id) == ["Cycle time"]


def test_a_full_disk_keeps_the_entry_and_retry_saves_once_there_is_room(
        qtbot, services: Services, team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite reports a full disk as SQLITE_FULL, "database or disk is full"; ``Database.write``
    lets SQLAlchemy's ``OperationalError`` wrapping it through (only busy and disconnect errors
    are translated), so that is what the first save meets here."""
    dialog = _metric_dialog(qtbot, services, team)
    real = services.measurements.add_metric
    full = {"now": True}

    def add_metric(*args, **kwargs):
        if full["now"]:
            raise OperationalError("INSERT INTO metrics ...", {},
                                   sqlite3.OperationalError("database or disk is full"))
        return real(*args, **kwargs)

    monkeypatch.setattr(services.measurements, "add_metric", add_metric)
    dialog.pick_common("Lead time")
    assert _save(qtbot, dialog) is False
    line = dialog.form.general_error
    assert line.text() == DISK_FULL_MESSAGE
    assert dialog.name_combo.currentText() == "Lead time"
    assert _metric_names(services, dialog.suggestion_id) == []
    full["now"] = False  # room again
    with qtbot.waitSignal(dialog.metricAdded, timeout=20_000):
        assert line.action_button is not None
        qtbot.mouseClick(line.action_button, Qt.MouseButton.LeftButton)
    assert _metric_names(services, dialog.suggestion_id) == ["Lead time"]


def test_is_disk_full_reads_the_causes() -> None:
    """ENOSPC (POSIX ``errno``), SQLite's SQLITE_FULL text, PostgreSQL's SQLSTATE 53100
    (https://www.postgresql.org/docs/current/errcodes-appendix.html), through causes."""
    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert is_disk_full(sqlite3.OperationalError("database or disk is full"))

    class PgError(Exception):
        sqlstate = "53100"

    class Wrapped(Exception):
        orig = PgError("could not extend file")

    assert is_disk_full(Wrapped("statement failed"))
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as cause:
            raise RuntimeError("photo not stored") from cause
    except RuntimeError as error:
        assert is_disk_full(error)
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
    assert not is_disk_full(ValueError("bad"))


class _Form(QWidget):
    """The smallest form: one field, a FieldForm, a saver with a reload."""

    def __init__(self) -> None:
        super().__init__()
        self.form = FieldForm()
        self.edit = QLineEdit()
        self.form.add_field("title", "Title", self.edit)
        column = QVBoxLayout(self)
        column.addLayout(self.form)
        column.addWidget(self.form.general_error)
        self.reloads = 0
        self.saver = FormSaver(self, Refusals(self.form), what="the test form",
                               reload=self._reload)
        self.busy_states: list[bool] = []
        self.saver.busyChanged.connect(self.busy_states.append)

    def _reload(self) -> None:
        self.reloads += 1


@pytest.fixture
def small_form(qtbot) -> _Form:
    form = _Form()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def _run(qtbot, form: _Form, job) -> bool:
    with qtbot.waitSignal(form.saver.finished, timeout=10_000) as blocker:
        form.saver.save(lambda: job)
    return bool(blocker.args[0])


def test_a_conflict_offers_reload(qtbot, small_form: _Form) -> None:
    def job() -> None:
        raise Conflict("Changed by Sam Supervisor at 10:02.")

    assert _run(qtbot, small_form, job) is False
    line = small_form.form.general_error
    assert line.text() == "Changed by Sam Supervisor at 10:02."
    assert line.action_button is not None and line.action_button.text() == "Reload"
    qtbot.mouseClick(line.action_button, Qt.MouseButton.LeftButton)
    assert small_form.reloads == 1
    assert small_form.busy_states == [True, False]


def test_a_conflict_with_nothing_to_reload_is_said_without_retry(qtbot,
                                                                 small_form: _Form) -> None:
    """A plain Conflict is a rule saying no ("you cannot deactivate yourself") or someone else
    saving first: the same save would be refused again, so only a subclass (the database busy,
    below) gets Retry."""
    small_form.saver.reload = None

    def job() -> None:
        raise Conflict("You cannot deactivate yourself; ask another admin.")

    assert _run(qtbot, small_form, job) is False
    line = small_form.form.general_error
    assert line.text() == "You cannot deactivate yourself; ask another admin."
    assert line.action_button is None or line.action_button.isHidden()


def test_one_save_at_a_time_and_a_local_refusal_never_starts_one(qtbot,
                                                                 small_form: _Form) -> None:
    def refuse_locally():
        raise ValidationError("Title is required.", "title")

    with qtbot.waitSignal(small_form.saver.finished, timeout=10_000):
        assert small_form.saver.save(refuse_locally) is None
    assert small_form.form.error_text("title") == "Title is required."
    assert small_form.busy_states == []

    first = small_form.saver.save(lambda: lambda: "saved")
    assert first is not None and small_form.saver.busy
    assert small_form.saver.save(lambda: lambda: "again") is None  # still saving
    with qtbot.waitSignal(first.finished, timeout=10_000):
        pass
    assert not small_form.saver.busy
    assert small_form.form.error_text("title") == ""


def test_an_unexpected_error_is_logged_and_said(qtbot, small_form: _Form,
                                                caplog: pytest.LogCaptureFixture) -> None:
    def job() -> None:
        raise ZeroDivisionError("division by zero")

    with caplog.at_level(logging.ERROR, logger="kaizen.ui.form_op"):
        assert _run(qtbot, small_form, job) is False
    assert small_form.form.general_error.text() == (
        "The change could not be saved: division by zero")
    records = [r for r in caplog.records if r.name == "kaizen.ui.form_op"]
    assert records and records[0].exc_info is not None
    assert records[0].exc_info[0] is ZeroDivisionError


def test_a_busy_database_offers_retry_not_reload(qtbot, small_form: _Form) -> None:
    """``DatabaseBusy`` (the write lock stayed taken) is a Conflict subclass: nothing was saved
    and trying again helps, so it gets Retry; reading the record again would not help."""
    attempts: list[int] = []

    def job() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise DatabaseBusy("The database is busy: nothing was saved; try again in a moment.")
        return "saved"

    assert _run(qtbot, small_form, job) is False
    line = small_form.form.general_error
    assert line.action_button is not None and line.action_button.text() == "Retry"
    with qtbot.waitSignal(small_form.saver.finished, timeout=10_000) as blocker:
        qtbot.mouseClick(line.action_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [True] and len(attempts) == 2
    assert small_form.reloads == 0
