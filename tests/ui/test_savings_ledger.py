"""The savings ledger: its table model alone, then the widget over real services: adding an
entry, validating it (locked: Edit disabled), correcting it with a correction entry, ROI and
payback from the ledger and the one-off cost, refusals by field, and staff read-only."""

from __future__ import annotations

from datetime import datetime

import pytest
from pdca_factories import reach_check
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kaizen.domain.enums import Role, SavingsKind
from kaizen.domain.errors import Conflict
from kaizen.domain.months import next_month
from kaizen.services import Services
from kaizen.services.savings import SavingsEntryInfo
from kaizen.services.suggestions import SuggestionInput
from kaizen.ui.measure.correction_dialog import CorrectionDialog
from kaizen.ui.measure.entry_dialog import EntryDialog
from kaizen.ui.measure.savings_common import (
    ENTRY_ROLE,
    FORECAST_NOT_VALIDATED,
    SECOND_PERSON,
    STAFF_READ_ONLY,
)
from kaizen.ui.measure.savings_ledger import SavingsLedger
from kaizen.ui.measure.savings_model import (
    COL_AMOUNT,
    COL_MONTH,
    COL_STATUS,
    COL_TYPE,
    SavingsTableModel,
)
from ui.helpers import SUPERVISOR_PIN, Team


def info(entry_id: int, month: str, amount: float, *, forecast: bool = False,
         validated: bool = False, corrects: int | None = None,
         kind: SavingsKind = SavingsKind.HARD) -> SavingsEntryInfo:
    return SavingsEntryInfo(
        id=entry_id, suggestion_id=1, month=month, amount=amount, kind=kind,
        is_forecast=forecast, note=f"note {entry_id}", corrects_id=corrects, created_by_id=2,
        created_at=datetime(2026, 11, 1), validated_by_id=2 if validated else None,
        validated_at=datetime(2026, 11, 2, 10) if validated else None, locked=validated,
    )


# --- the model alone ---------------------------------------------------------------------------


def test_the_table_model_shows_kind_state_and_who_validated(qapp) -> None:
    model = SavingsTableModel()
    entries = [
        info(1, "2026-10", 1250.0, validated=True),
        info(3, "2026-10", -20.0, corrects=1, validated=False),
        info(2, "2026-11", 500.0, forecast=True, kind=SavingsKind.SOFT),
    ]
    model.set_entries(entries, {2: "Sam Supervisor"}, "EUR")
    assert model.rowCount() == 3

    def cell(row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
        return model.data(model.index(row, column), role)

    assert [cell(r, COL_MONTH) for r in range(3)] == ["Oct 2026", "Oct 2026", "Nov 2026"]
    assert [cell(r, COL_TYPE) for r in range(3)] == [
        "Actual, hard", "Correction of #1, hard", "Forecast, soft"]
    assert [cell(r, COL_AMOUNT) for r in range(3)] == ["1,250 EUR", "−20 EUR", "500 EUR"]
    assert cell(0, COL_STATUS) == "2 Nov 2026 · Sam Supervisor"
    assert cell(1, COL_STATUS) == "Not yet"
    assert cell(2, COL_STATUS) == "—"
    # Only the locked entry has the lock; the forecast is drawn in italics.
    assert cell(0, COL_STATUS, Qt.ItemDataRole.DecorationRole) is not None
    assert cell(1, COL_STATUS, Qt.ItemDataRole.DecorationRole) is None
    assert cell(2, COL_MONTH, Qt.ItemDataRole.FontRole).italic()
    assert "Validated by Sam Supervisor" in cell(0, COL_STATUS, Qt.ItemDataRole.ToolTipRole)
    assert cell(2, COL_STATUS, Qt.ItemDataRole.ToolTipRole) == FORECAST_NOT_VALIDATED
    assert cell(1, COL_MONTH, ENTRY_ROLE) is entries[1]
    assert model.net_amount(1) == pytest.approx(1230.0)
    assert model.row_of(2) == 2 and model.row_of(99) == -1
    assert next_month(datetime(2026, 12, 5).date()) == "2027-01"


# --- the widget --------------------------------------------------------------------------------


def idea_with_cost(services: Services, team: Team, cost: float = 250.0,
                   checked: bool = True) -> int:
    """An accepted idea; ``checked``: its cycle has reached Check, so savings may be validated."""
    area = services.people.list_areas()[0]
    idea = services.suggestions.create(team.staff.id, SuggestionInput(
        title="Kanban for gloves", problem="Gloves run out.", proposal="Two bins.",
        area_id=area.id, implementation_cost=cost,
    ))
    services.suggestions.accept(team.supervisor.id, idea.id)
    if checked:
        cycle = services.pdca.current_cycle(idea.id)
        assert cycle is not None
        reach_check(services.db, cycle.id)
    return idea.id


def open_ledger(qtbot, services: Services, idea_id: int, person) -> SavingsLedger:
    ledger = SavingsLedger(services)
    qtbot.addWidget(ledger)
    ledger.resize(900, 600)
    ledger.show()
    qtbot.waitExposed(ledger)
    ledger.set_person(person)
    with qtbot.waitSignal(ledger.loaded, timeout=10_000):
        ledger.set_idea(idea_id)
    return ledger


def select_row(qtbot, ledger: SavingsLedger, row: int) -> None:
    rect = ledger.table.visualRect(ledger.model.index(row, COL_MONTH))
    qtbot.mouseClick(ledger.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert ledger.table.currentIndex().row() == row


def confirm(qtbot, ledger: SavingsLedger) -> None:
    box = ledger.confirm_box
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    assert "locked" in box.informativeText()
    with qtbot.waitSignal(ledger.loaded, timeout=10_000):
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)


def give_reason(qtbot, ledger: SavingsLedger, reason: str) -> None:
    qtbot.waitUntil(lambda: getattr(ledger, "override_dialog", None) is not None
                    and ledger.override_dialog.isVisible(), timeout=10_000)
    dialog = ledger.override_dialog
    assert "Savings follow proof" in dialog.labelText()
    dialog.setTextValue(reason)
    with qtbot.waitSignal(ledger.loaded, timeout=10_000):
        dialog.accept()


def test_validating_locks_an_entry_and_a_correction_fixes_it(qtbot, services: Services,
                                                             team: Team) -> None:
    idea_id = idea_with_cost(services, team)
    ledger = open_ledger(qtbot, services, idea_id, team.supervisor)
    assert ledger.empty_label.isVisible()

    # Add an actual through the dialog (Ctrl+N opens it).
    qtbot.keyClick(ledger, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = ledger.dialog
    assert isinstance(dialog, EntryDialog)
    dialog.month_edit.setDate(dialog.month_edit.date().fromString("2026-10-01", "yyyy-MM-dd"))
    # The amount is typed (the field starts selected): the one money editor, as everywhere.
    qtbot.keyClicks(dialog.amount_box, "300")
    qtbot.keyClicks(dialog.note_edit, "Scrap bins weighed")
    with qtbot.waitSignal(ledger.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [entry] = services.savings.list_entries(idea_id)
    assert (entry.month, entry.amount, entry.is_forecast, entry.locked) == (
        "2026-10", 300.0, False, False)
    # The new entry is selected; it can still be edited, not corrected.
    assert ledger.selected_entry().id == entry.id
    assert ledger.edit_button.isEnabled()
    assert not ledger.correct_button.isEnabled()
    # Who entered it does not validate it (issue 16): the button says so beside it.
    assert not ledger.validate_button.isEnabled()
    assert ledger.hint_label.text() == SECOND_PERSON
    assert ledger.validate_entry() is None
    ledger.set_person(team.admin)
    assert ledger.validate_button.isEnabled()
    assert ledger.hint_label.text() == ""

    qtbot.mouseClick(ledger.validate_button, Qt.MouseButton.LeftButton)
    confirm(qtbot, ledger)
    # The idea has no measured proof: the ledger asks for the written reason (issue 17).
    give_reason(qtbot, ledger, "Weighed scrap bins confirm it; the metric is still collecting")
    entry = services.savings.list_entries(idea_id)[0]
    assert entry.locked and entry.validated_by_id == team.admin.id
    assert ledger.selected_entry().locked
    assert not ledger.edit_button.isEnabled()
    assert "locked" in ledger.edit_button.toolTip()
    assert not ledger.validate_button.isEnabled()
    assert ledger.correct_button.isEnabled()
    assert ledger.edit_entry() is None  # Enter on a locked row opens nothing
    # ROI and payback come from the validated 300 against the one-off cost of 250.
    assert ledger.tiles["validated"].value_label.text() == "300 EUR"
    assert ledger.tiles["roi"].value_label.text() == "20%"
    assert ledger.tiles["payback"].value_label.text() == "Oct 2026"

    qtbot.mouseClick(ledger.correct_button, Qt.MouseButton.LeftButton)
    correction = ledger.dialog
    assert isinstance(correction, CorrectionDialog)
    correction.delta_box.setFocus()
    qtbot.keyClicks(correction.delta_box, "-40")
    assert correction.result_label.text() == "This entry will then count 260 EUR."
    # The reason is required: the service's refusal shows under it and nothing is lost.
    qtbot.mouseClick(correction.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: correction.error_text("note") != "", timeout=10_000)
    assert correction.isVisible()
    assert correction.delta_box.value() == -40.0
    qtbot.keyClicks(correction.note_edit, "Two bins were counted twice")
    with qtbot.waitSignal(ledger.loaded, timeout=10_000):
        qtbot.mouseClick(correction.save_button, Qt.MouseButton.LeftButton)

    entries = services.savings.list_entries(idea_id)
    assert [(e.amount, e.corrects_id) for e in entries] == [(300.0, None), (-40.0, entry.id)]
    assert ledger.model.rowCount() == 2
    row = ledger.model.row_of(entries[1].id)
    assert ledger.model.data(ledger.model.index(row, COL_TYPE)) == (
        f"Correction of #{entry.id}, hard")
    assert ledger.selected_entry().id == entries[1].id  # the correction, still open
    assert ledger.edit_button.isEnabled()
    assert ledger.tiles["actual"].value_label.text() == "260 EUR"
    assert ledger.tiles["validated"].value_label.text() == "300 EUR"


def test_a_forecast_is_never_validated(qtbot, services: Services, team: Team) -> None:
    idea_id = idea_with_cost(services, team)
    services.savings.add_entry(team.supervisor.id, idea_id, month="2026-12", amount=100.0,
                               kind=SavingsKind.SOFT, is_forecast=True)
    ledger = open_ledger(qtbot, services, idea_id, team.supervisor)
    select_row(qtbot, ledger, 0)
    assert not ledger.validate_button.isEnabled()
    assert ledger.validate_button.toolTip() == FORECAST_NOT_VALIDATED
    assert ledger.edit_button.isEnabled()
    assert ledger.tiles["forecast"].value_label.text() == "100 EUR"
    assert ledger.tiles["roi"].value_label.text() == "—"
    assert ledger.tiles["payback"].value_label.text() == "Not yet"


def test_an_edit_refused_by_the_service_keeps_what_was_typed(qtbot, services: Services,
                                                             team: Team) -> None:
    idea_id = idea_with_cost(services, team)
    services.savings.add_entry(team.supervisor.id, idea_id, month="2026-10", amount=100.0,
                               kind=SavingsKind.HARD)
    ledger = open_ledger(qtbot, services, idea_id, team.supervisor)
    select_row(qtbot, ledger, 0)
    qtbot.keyClick(ledger.table, Qt.Key.Key_Return)
    dialog = ledger.dialog
    assert isinstance(dialog, EntryDialog) and dialog.entry is not None
    assert dialog.amount_box.value() == 100.0
    dialog.amount_box.set_value(150.0)
    # Meanwhile an admin validates it: the save is refused and says why; nothing is lost.
    services.savings.validate(team.admin.id, dialog.entry.id, override_reason="Checked")
    qtbot.keyClick(dialog.amount_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.form.general_error.isVisible(), timeout=10_000)
    assert "locked; add a correction instead" in dialog.form.general_error.text()
    assert dialog.isVisible() and dialog.amount_box.value() == 150.0
    assert services.savings.list_entries(idea_id)[0].amount == 100.0
    dialog.reject()


def test_staff_cannot_validate_and_see_the_ledger_read_only(qtbot, services: Services,
                                                            team: Team) -> None:
    idea_id = idea_with_cost(services, team)
    services.savings.add_entry(team.supervisor.id, idea_id, month="2026-10", amount=100.0,
                               kind=SavingsKind.HARD)
    ledger = open_ledger(qtbot, services, idea_id, team.staff)
    assert ledger.model.rowCount() == 1
    select_row(qtbot, ledger, 0)
    for button in (ledger.add_button, ledger.edit_button, ledger.validate_button,
                   ledger.correct_button):
        assert not button.isEnabled(), button.text()
    assert ledger.validate_button.toolTip() == STAFF_READ_ONLY
    assert ledger.hint_label.text() == STAFF_READ_ONLY
    assert ledger.validate_entry() is None
    assert ledger.add_entry() is None
    assert not services.savings.list_entries(idea_id)[0].locked

    ledger.set_person(None)
    assert ledger.add_button.toolTip().startswith("Pick who is working first")


def test_a_refused_validation_says_why_in_the_bar(qtbot, services: Services, team: Team,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    idea_id = idea_with_cost(services, team)
    services.savings.add_entry(team.supervisor.id, idea_id, month="2026-10", amount=100.0,
                               kind=SavingsKind.HARD)
    ledger = open_ledger(qtbot, services, idea_id, team.admin)
    select_row(qtbot, ledger, 0)
    # Someone else validated it meanwhile: the service refuses, the bar says so.
    entry_id = ledger.selected_entry().id
    val = services.people.create_person(team.admin.id, name="Val Validator",
                                        role=Role.SUPERVISOR, pin=SUPERVISOR_PIN)
    services.savings.validate(val.id, entry_id, override_reason="Checked")
    qtbot.mouseClick(ledger.validate_button, Qt.MouseButton.LeftButton)
    confirm(qtbot, ledger)
    qtbot.waitUntil(lambda: ledger.message_bar.isVisible(), timeout=10_000)
    assert "already validated by Val Validator" in ledger.message_bar.text
    qtbot.waitUntil(lambda: ledger.selected_entry() is not None
                    and ledger.selected_entry().locked, timeout=10_000)


def test_before_check_the_ledger_says_why_nothing_can_be_validated(
        qtbot, services: Services, team: Team) -> None:
    """Issue 16: savings are validated only once the change has reached Check; the refusal is
    shown beside the Validate button, and the service refuses as well."""
    idea_id = idea_with_cost(services, team, checked=False)
    entry = services.savings.add_entry(team.supervisor.id, idea_id, month="2026-10",
                                       amount=100.0, kind=SavingsKind.HARD)
    ledger = open_ledger(qtbot, services, idea_id, team.admin)
    select_row(qtbot, ledger, 0)
    assert not ledger.validate_button.isEnabled()
    assert "reached Check; cycle 1 is still in Plan" in ledger.hint_label.text()
    assert ledger.hint_label.text() == ledger.validate_button.toolTip()
    assert ledger.validate_entry() is None
    with pytest.raises(Conflict):
        services.savings.validate(team.admin.id, entry.id, override_reason="Checked")
