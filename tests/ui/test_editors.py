"""One editor per kind of value (issue 15): the wastes an idea attacks are picked with
:class:`WasteChips` and every amount of money is typed into :class:`MoneyEdit`, in the capture
forms and the detail dialogs alike; typed with real keys, saved through the real services and
checked in the stored rows.

Amounts are read the way :mod:`kaizen.domain.numbers` writes them in the language of the work
(CLDR's signs: "1,250.50" in English, "1.250,50" in German).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QDoubleSpinBox

from kaizen.domain.enums import MetricDirection, SavingsKind, WasteCategory
from kaizen.domain.errors import ValidationError
from kaizen.services import Services
from kaizen.ui.capture.idea_form import IdeaDialog
from kaizen.ui.capture.observation_form import ObservationDialog
from kaizen.ui.language import apply_language
from kaizen.ui.measure.correction_dialog import CorrectionDialog
from kaizen.ui.measure.entry_dialog import EntryDialog
from kaizen.ui.measure.propose_dialog import MetricBasis, ProposeSavingsDialog
from kaizen.ui.widgets.money import MoneyEdit
from kaizen.ui.widgets.wastes import WasteChips
from ui.helpers import Team
from ui.test_idea_detail import make_idea, open_idea, press_save, row_in_file
from ui.test_idea_detail import settle as settle_idea
from ui.test_idea_form import open_capture as open_form
from ui.test_idea_form import rows
from ui.test_observation_detail import (
    make_observation,
    observation_in_file,
    open_observation,
    settle,
)
from ui.test_savings_ledger import idea_with_cost


def save_capture(qtbot, form) -> None:
    with qtbot.waitSignal(form.saveFinished, timeout=10_000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)


def retype(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


@pytest.fixture
def german() -> Iterator[None]:
    apply_language("de")
    try:
        yield
    finally:
        apply_language("en")


# --- one editor each ----------------------------------------------------------------------------


def test_every_form_picks_wastes_and_types_money_with_the_same_editors(
        qtbot, services: Services, team: Team) -> None:
    idea_form = open_form(qtbot, IdeaDialog(services, team.staff))
    seen_form = open_form(qtbot, ObservationDialog(services, team.staff))
    idea = open_idea(qtbot, services, team.staff, make_idea(services, team).id)
    seen = open_observation(qtbot, services, team.staff, make_observation(services, team).id)
    assert isinstance(idea_form.waste_chips, WasteChips)
    assert isinstance(idea.waste_chips, WasteChips)
    for money in (idea_form.savings_edit, seen_form.cost_edit, idea.savings_edit,
                  idea.cost_edit, seen.cost_edit):
        assert isinstance(money, MoneyEdit)
        assert money.currency_label.text() == "EUR"  # the site's currency, inside the field
        assert money.currency_label.isVisible()
        # The digits never run under the currency.
        assert money.textMargins().right() >= money.currency_label.width()
        assert money.currency_label.geometry().right() < money.width()
    # Neither the check box grid nor the spin boxes are left.
    assert not idea.findChildren(QCheckBox) and not idea.findChildren(QDoubleSpinBox)
    # Optional where the service takes None: an empty cost each time is no cost.
    assert seen.cost_edit.optional and not idea.savings_edit.optional


def test_the_money_editor_reads_as_the_services_take_it(qtbot) -> None:
    required, optional = MoneyEdit(), MoneyEdit(optional=True)
    qtbot.addWidget(required)
    qtbot.addWidget(optional)
    assert required.read("expected_savings", "Savings") == 0.0  # empty: the placeholder's 0
    assert optional.read("cost_per_occurrence", "Cost") is None
    qtbot.keyClicks(required, "1,250.5")
    assert required.read("expected_savings", "Savings") == 1250.5
    required.set_value(1250.5)
    assert required.text() == "1,250.50"  # cents shown only when there are some
    required.set_value(1200.0)
    assert required.text() == "1,200"
    required.set_value(0.0125)  # a unit price keeps its digits
    assert required.text() == "0.0125" and required.value() == 0.0125
    qtbot.keyClicks(optional, "12 euros")
    with pytest.raises(ValidationError) as refused:
        optional.read("cost_per_occurrence", "Cost each time")
    assert refused.value.field == "cost_per_occurrence"
    assert refused.value.message == "Cost each time must be a number, like 12 or 2.5."


# --- typed and saved in every changed form ------------------------------------------------------


def test_the_new_idea_form_reads_a_german_amount(qtbot, german, services: Services, team: Team,
                                                 db_url: str) -> None:
    form = open_form(qtbot, IdeaDialog(services, team.staff))
    qtbot.keyClicks(form.title_edit, "Klebebandspender am Packtisch")
    form.waste_chips.setFocus()
    qtbot.keyClick(form.waste_chips, Qt.Key.Key_3)  # Motion
    qtbot.keyClicks(form.savings_edit, "1.250,50")
    save_capture(qtbot, form)
    assert rows(db_url, "SELECT title, expected_savings FROM suggestions") == [
        ("Klebebandspender am Packtisch", 1250.5)]
    assert rows(db_url, "SELECT category FROM suggestion_wastes") == [("motion",)]


def test_the_log_waste_form_saves_the_typed_cost(qtbot, services: Services, team: Team,
                                                 db_url: str) -> None:
    form = open_form(qtbot, ObservationDialog(services, team.staff))
    form.picker.setFocus()
    qtbot.keyClick(form.picker, Qt.Key.Key_4)
    qtbot.keyClicks(form.description_edit, "Pallets wait for the forklift")
    qtbot.keyClicks(form.minutes_edit, "6")
    qtbot.keyClicks(form.per_week_edit, "10")
    qtbot.keyClicks(form.cost_edit, "2.75")
    save_capture(qtbot, form)
    assert rows(db_url, "SELECT cost_per_occurrence FROM waste_observations") == [(2.75,)]


def test_the_idea_detail_saves_wastes_and_amounts_typed_from_the_keyboard(
        qtbot, services: Services, team: Team, db_url: str) -> None:
    idea = make_idea(services, team)
    dialog = open_idea(qtbot, services, team.staff, idea.id)
    # Tab from the area reaches the chips; arrows move, Space toggles (Inventory, the second).
    dialog.area_combo.setFocus()
    qtbot.keyClick(dialog.area_combo, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.waste_chips
    qtbot.keyClick(dialog.waste_chips, Qt.Key.Key_Home)
    qtbot.keyClick(dialog.waste_chips, Qt.Key.Key_Right)
    qtbot.keyClick(dialog.waste_chips, Qt.Key.Key_Space)
    retype(qtbot, dialog.savings_edit, "3,400")
    retype(qtbot, dialog.cost_edit, "99.90")
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        press_save(qtbot, dialog)
    settle_idea(qtbot, dialog)
    stored = row_in_file(db_url, idea.id)
    assert stored["wastes"] == ["inventory", "motion"]
    assert (stored["expected_savings"], stored["implementation_cost"]) == (3400.0, 99.9)
    assert dialog.savings_edit.text() == "3,400" and dialog.cost_edit.text() == "99.90"


def test_the_idea_detail_refuses_an_amount_that_is_not_one(qtbot, services: Services, team: Team,
                                                           db_url: str) -> None:
    idea = make_idea(services, team)
    dialog = open_idea(qtbot, services, team.staff, idea.id)
    retype(qtbot, dialog.cost_edit, "forty")
    press_save(qtbot, dialog)
    assert dialog.field_error("implementation_cost") == (
        "Implementation cost must be a number, like 12 or 2.5.")
    assert dialog.cost_edit.text() == "forty"  # what was typed stays
    assert row_in_file(db_url, idea.id)["version"] == idea.version


def test_the_observation_detail_saves_a_german_cost(qtbot, german, services: Services, team: Team,
                                                    db_url: str) -> None:
    obs = make_observation(services, team)
    dialog = open_observation(qtbot, services, team.staff, obs.id)
    assert dialog.cost_edit.text() == "2,50"  # 2.5 as German writes it
    assert dialog.minutes_edit.text() == "6"  # 6.0 minutes, written as a count
    retype(qtbot, dialog.cost_edit, "4,25")
    retype(qtbot, dialog.minutes_edit, "7,5")
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.keyClick(dialog.minutes_edit, Qt.Key.Key_Return)
    settle(qtbot, dialog)
    stored = observation_in_file(db_url, obs.id)
    assert (stored["cost"], stored["minutes"]) == (4.25, 7.5)
    assert (dialog.cost_edit.text(), dialog.minutes_edit.text()) == ("4,25", "7,5")


def test_the_observation_detail_refuses_a_cost_that_is_not_a_number(
        qtbot, services: Services, team: Team, db_url: str) -> None:
    obs = make_observation(services, team)
    dialog = open_observation(qtbot, services, team.staff, obs.id)
    retype(qtbot, dialog.cost_edit, "1.2.3")
    qtbot.keyClick(dialog.cost_edit, Qt.Key.Key_Return)
    assert dialog.field_error("cost_per_occurrence") == (
        "Cost each time must be a number, like 12 or 2.5.")
    assert dialog.cost_value_label.text() == "—"  # no live cost from a text
    stored = observation_in_file(db_url, obs.id)
    assert (stored["version"], stored["cost"]) == (obs.version, 2.5)  # nothing was saved
    assert stored["category"] is WasteCategory.WAITING


# --- the savings ledger's entry and correction -------------------------------------------------


def open_savings_dialog(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def test_a_savings_entry_is_typed_in_german_and_a_bad_one_refused(qtbot, german,
                                                                  services: Services,
                                                                  team: Team) -> None:
    idea_id = idea_with_cost(services, team)
    dialog = open_savings_dialog(qtbot, EntryDialog(services, team.supervisor.id, idea_id,
                                                    currency="EUR"))
    assert dialog.amount_box.currency_label.text() == "EUR"
    assert dialog.focusWidget() is dialog.amount_box  # the amount first, selected
    qtbot.keyClicks(dialog.amount_box, "zwanzig")
    with qtbot.waitSignal(dialog.saver.finished, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # Named in German under the field (the sentence's own German comes with the merge's .ts).
    assert dialog.error_text("amount").startswith("Betrag")
    assert services.savings.list_entries(idea_id) == []
    retype(qtbot, dialog.amount_box, "1.234,50")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert [e.amount for e in services.savings.list_entries(idea_id)] == [1234.5]


def test_a_correction_follows_the_typed_change(qtbot, services: Services, team: Team) -> None:
    idea_id = idea_with_cost(services, team)
    entry = services.savings.add_entry(team.supervisor.id, idea_id, month="2026-10",
                                       amount=300.0, kind=SavingsKind.HARD)
    dialog = open_savings_dialog(qtbot, CorrectionDialog(
        services, team.supervisor.id, entry, net_amount=300.0, currency="EUR",
        validated_by="Ada Admin"))
    qtbot.keyClicks(dialog.delta_box, "-40.5")
    assert dialog.result_label.text() == "This entry will then count 259.50 EUR."
    qtbot.keyClicks(dialog.delta_box, "x")
    assert dialog.result_label.text() == ""  # not a number: no sum, Save says why
    with qtbot.waitSignal(dialog.saver.finished, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error_text("amount_delta") == "Change by must be a number, like 12 or 2.5."


def test_a_correction_typed_and_saved(qtbot, services: Services, team: Team) -> None:
    idea_id = idea_with_cost(services, team)
    entry = services.savings.add_entry(team.supervisor.id, idea_id, month="2026-10",
                                       amount=300.0, kind=SavingsKind.HARD)
    entry = services.savings.validate(team.admin.id, entry.id, override_reason="Checked")
    dialog = open_savings_dialog(qtbot, CorrectionDialog(
        services, team.supervisor.id, entry, net_amount=300.0, currency="EUR",
        validated_by="Ada Admin"))
    qtbot.keyClicks(dialog.delta_box, "-40.50")
    qtbot.keyClicks(dialog.note_edit, "Two bins were counted twice")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    amounts = sorted(e.amount for e in services.savings.list_entries(idea_id))
    assert amounts == [-40.5, 300.0]


def test_the_estimate_is_typed_and_becomes_a_forecast(qtbot, services: Services) -> None:
    # 10.45 -> 8.28 min: 2.17 better x 6,000 a year x 0.0125 EUR a minute = 162.75 a year.
    basis = MetricBasis("Cycle time", "min", MetricDirection.LOWER_IS_BETTER, 10.45, 8.28)
    dialog = ProposeSavingsDialog(basis, currency="EUR", first_month="2026-12")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.use_button.isEnabled()  # nothing typed, nothing to propose
    qtbot.keyClicks(dialog.volume_box, "6,000")
    qtbot.keyClicks(dialog.cost_box, "0.0125")
    assert dialog.estimate_label.text() == "163 EUR a year"
    with qtbot.waitSignal(dialog.proposed) as proposed:
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    draft = proposed.args[0]
    assert (draft.month, draft.amount, draft.is_forecast) == ("2026-12", 13.56, True)
    assert "6,000 a year × 0.0125 EUR" in draft.note
