"""The observation detail dialog over real services and the real SQLite file: what is shown
(the yearly cost and hours as the service derives them, and live while editing), saving,
"Turn into idea" (one click, linked in the file, ideaCreated, offer to open it), the linked
idea opening from its link, who may edit, and bad input refused under its field."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from kaizen.db.engine import Database
from kaizen.db.models import Suggestion, SuggestionWaste, WasteObservation
from kaizen.domain.enums import WasteCategory
from kaizen.services import Services
from kaizen.services.observations import ObservationInput
from kaizen.ui.detail.idea_detail import IdeaDetailDialog
from kaizen.ui.detail.observation_detail import TAB_HISTORY, ObservationDetailDialog
from ui.helpers import Team, click_combo_item
from ui.test_idea_detail import make_idea


def make_observation(services: Services, team: Team, *, by=None, **changes):
    values = {
        "category": WasteCategory.WAITING,
        "area_id": team.staff.home_area_id,
        "description": "Operators wait for the forklift.\nIt is often at the other dock.",
        "minutes_per_occurrence": 6.0,
        "occurrences_per_week": 10.0,
        "cost_per_occurrence": 2.5,
        "observed_at": datetime(2026, 11, 2, 8, 30),
    }
    values.update(changes)
    return services.observations.create((by or team.staff).id, ObservationInput(**values))


def open_observation(qtbot, services: Services, person, obs_id: int) -> ObservationDetailDialog:
    dialog = ObservationDetailDialog(services, person, obs_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def settle(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)


def observation_in_file(db_url: str, obs_id: int) -> dict:
    other = Database(db_url)
    try:
        with other.read() as s:
            row = s.get(WasteObservation, obs_id)
            assert row is not None
            return {"suggestion_id": row.suggestion_id, "description": row.description,
                    "minutes": row.minutes_per_occurrence,
                    "occurrences": row.occurrences_per_week, "cost": row.cost_per_occurrence,
                    "category": row.category, "version": row.version,
                    "observed_at": row.observed_at}
    finally:
        other.dispose()


def test_the_dialog_shows_the_observation_and_its_yearly_cost(qtbot, services: Services,
                                                              team: Team) -> None:
    obs = make_observation(services, team)
    dialog = open_observation(qtbot, services, team.staff, obs.id)
    assert dialog.title_label.text() == "Waiting in Assembly"
    assert dialog.meta_label.text() == (
        f"Observation #{obs.id} · seen by Bea Staff · 02 Nov 2026 08:30")
    assert dialog.category_combo.currentText() == "Waiting"
    assert dialog.category_help.text() == WasteCategory.WAITING.help_text
    assert dialog.description_edit.toPlainText() == obs.description
    assert dialog.minutes_edit.value() == 6.0
    assert dialog.occurrences_edit.value() == 10.0
    assert dialog.cost_edit.text() == "2.50"
    assert dialog.cost_edit.currency_label.text() == "EUR"
    # 6 min x 10 a week x 52 = 52 h at 30 EUR/h = 1,560, plus 2.5 x 10 x 52 = 1,300.
    assert obs.yearly_cost == 2860.0
    assert dialog.cost_value_label.text() == "≈ 2,860 EUR a year"
    assert dialog.cost_caption_label.text() == (
        "52.0 hours a year, at 30.00 EUR/h for the time lost plus the cost each time")
    assert dialog.status_pill.text() == "Open"
    assert dialog.no_idea_label.isVisible()
    assert dialog.turn_button.isEnabled()
    assert dialog.tabs.isTabVisible(TAB_HISTORY)
    assert dialog.history_model.rowCount() == 1


def test_edit_and_save_with_the_cost_following_the_numbers(qtbot, services: Services,
                                                           team: Team, db_url: str) -> None:
    obs = make_observation(services, team)
    dialog = open_observation(qtbot, services, team.staff, obs.id)
    dialog.minutes_edit.setFocus()
    dialog.minutes_edit.selectAll()
    qtbot.keyClicks(dialog.minutes_edit, "12")
    # Live: 12 min x 10 x 52 = 104 h = 3,120 EUR, plus 1,300.
    assert dialog.cost_value_label.text() == "≈ 4,420 EUR a year"
    dialog.cost_edit.clear()
    assert dialog.cost_value_label.text() == "≈ 3,120 EUR a year"
    click_combo_item(qtbot, dialog.category_combo, "Transport")
    assert dialog.category_help.text() == WasteCategory.TRANSPORT.help_text
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.keyClick(dialog.description_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, dialog)
    stored = observation_in_file(db_url, obs.id)
    assert stored["minutes"] == 12.0
    assert stored["cost"] is None
    assert stored["category"] is WasteCategory.TRANSPORT
    assert stored["observed_at"] == datetime(2026, 11, 2, 8, 30)  # kept
    assert stored["version"] == obs.version + 1
    assert dialog.title_label.text() == "Transport in Assembly"
    assert dialog.cost_value_label.text() == "≈ 3,120 EUR a year"
    assert dialog.message_bar.text == "Saved."


def test_turn_into_idea_makes_a_linked_idea_and_offers_to_open_it(
    qtbot, services: Services, team: Team, db_url: str
) -> None:
    obs = make_observation(services, team)
    dialog = open_observation(qtbot, services, team.staff, obs.id)
    with qtbot.waitSignal(dialog.ideaCreated, timeout=20_000) as created:
        qtbot.mouseClick(dialog.turn_button, Qt.MouseButton.LeftButton)
    idea_id = created.args[0]
    qtbot.waitUntil(lambda: dialog.idea_link.isVisible(), timeout=20_000)
    settle(qtbot, dialog)

    assert observation_in_file(db_url, obs.id)["suggestion_id"] == idea_id
    other = Database(db_url)
    try:
        with other.read() as s:
            idea = s.get(Suggestion, idea_id)
            assert idea is not None
            assert idea.title == "Operators wait for the forklift."
            assert idea.area_id == team.staff.home_area_id
            assert idea.expected_savings == 2860.0
            wastes = s.scalars(select(SuggestionWaste.category)
                               .where(SuggestionWaste.suggestion_id == idea_id)).all()
            assert wastes == [WasteCategory.WAITING]
    finally:
        other.dispose()

    assert dialog.idea_link.full_text() == f"Idea #{idea_id}: Operators wait for the forklift."
    assert not dialog.turn_button.isVisible()
    assert dialog.status_pill.text() == "Led to an idea"
    # Staff cannot change an observation once it led to an idea.
    assert dialog.description_edit.isReadOnly()
    assert dialog.note_label.text() == (
        "Read only: this observation already led to an idea; ask a supervisor to change it.")
    assert dialog.message_bar.text == (
        f"Idea #{idea_id} is made from this observation and linked to it.")
    assert dialog.message_bar.action_button.text() == "Open idea"

    qtbot.mouseClick(dialog.message_bar.action_button, Qt.MouseButton.LeftButton)
    idea_dialog = dialog.idea_dialog
    assert isinstance(idea_dialog, IdeaDetailDialog)
    qtbot.waitUntil(lambda: idea_dialog.detail is not None, timeout=20_000)
    assert idea_dialog.title_label.text() == "Operators wait for the forklift."
    assert idea_dialog.isVisible()
    idea_dialog.close()


def test_unsaved_edits_are_saved_before_the_idea_is_made(qtbot, services: Services,
                                                         team: Team, db_url: str) -> None:
    obs = make_observation(services, team)
    dialog = open_observation(qtbot, services, team.staff, obs.id)
    dialog.description_edit.selectAll()
    qtbot.keyClicks(dialog.description_edit, "The forklift is shared by two docks.")
    with qtbot.waitSignal(dialog.ideaCreated, timeout=20_000) as created:
        qtbot.mouseClick(dialog.turn_button, Qt.MouseButton.LeftButton)
    settle(qtbot, dialog)
    stored = observation_in_file(db_url, obs.id)
    assert stored["description"] == "The forklift is shared by two docks."
    assert services.suggestions.get(created.args[0]).title == (
        "The forklift is shared by two docks.")


def test_the_link_opens_the_linked_idea(qtbot, services: Services, team: Team) -> None:
    idea = make_idea(services, team, title="A second forklift for dock 2")
    obs = make_observation(services, team)
    services.observations.link_to_suggestion(team.supervisor.id, obs.id, idea.id)
    dialog = open_observation(qtbot, services, team.supervisor, obs.id)
    assert dialog.idea_link.isVisible()
    assert dialog.idea_link.toolTip() == f"Idea #{idea.id}: A second forklift for dock 2"
    qtbot.mouseClick(dialog.idea_link, Qt.MouseButton.LeftButton)
    idea_dialog = dialog.idea_dialog
    assert idea_dialog is not None
    qtbot.waitUntil(lambda: idea_dialog.detail is not None, timeout=20_000)
    assert idea_dialog.suggestion_id == idea.id
    # A supervisor may still edit a linked observation.
    assert not dialog.description_edit.isReadOnly()
    idea_dialog.close()


def test_another_staff_member_sees_it_read_only(qtbot, services: Services, team: Team) -> None:
    obs = make_observation(services, team)
    dialog = open_observation(qtbot, services, team.other_staff, obs.id)
    assert dialog.description_edit.isReadOnly()
    assert dialog.minutes_edit.isReadOnly()
    assert not dialog.category_combo.isEnabled()
    assert not dialog.save_button.isEnabled()
    assert not dialog.turn_button.isEnabled()
    assert dialog.note_label.text() == (
        "Read only: only Bea Staff, who logged it, or a supervisor can change this "
        "observation.")


def test_a_refused_turn_into_idea_is_shown(qtbot, services: Services, team: Team,
                                          db_url: str) -> None:
    obs = make_observation(services, team)
    dialog = open_observation(qtbot, services, team.other_staff, obs.id)
    with qtbot.waitSignal(dialog.refused, timeout=20_000):
        dialog.turn_into_idea()  # the button is disabled; the service still decides
    assert dialog.message_bar.text == "Staff can only change their own observations."
    assert observation_in_file(db_url, obs.id)["suggestion_id"] is None


def test_a_100k_description_is_refused_under_its_field(qtbot, services: Services,
                                                       team: Team, db_url: str) -> None:
    obs = make_observation(services, team)
    dialog = open_observation(qtbot, services, team.staff, obs.id)
    QApplication.clipboard().setText("y" * 100_000)
    dialog.description_edit.setFocus()
    qtbot.keyClick(dialog.description_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.description_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(dialog.refused, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, dialog)
    assert dialog.field_error("description") == (
        "What was seen is too long (100,000 characters; at most 20,000).")
    assert len(dialog.description_edit.toPlainText()) == 100_000
    stored = observation_in_file(db_url, obs.id)
    assert stored["description"] == obs.description
    assert stored["version"] == obs.version


def test_a_time_in_the_future_is_refused_under_the_time(qtbot, services: Services, team: Team,
                                                        db_url: str) -> None:
    obs = make_observation(services, team)
    dialog = open_observation(qtbot, services, team.staff, obs.id)
    dialog.seen_edit.set_value(datetime(2026, 11, 3, 12, 0))  # the clock says 2 Nov 09:00
    with qtbot.waitSignal(dialog.refused, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.field_error("observed_at") == "When it was seen cannot be in the future."
    assert observation_in_file(db_url, obs.id)["observed_at"] == datetime(2026, 11, 2, 8, 30)
