"""Site settings through the real dialog over the real SQLite file: an admin changes the currency
and the rates shown follow; refused values land under their field and nothing is saved; anyone
else cannot open it from the page, and the service refuses if it is reached anyway."""

from __future__ import annotations

import pytest
from backend import run_sql
from PySide6.QtCore import Qt

from kaizen.i18n import using
from kaizen.services import Services
from kaizen.services.people import SiteSettings
from kaizen.ui.admin import ONLY_ADMINS
from kaizen.ui.admin.settings_dialog import SettingsDialog
from kaizen.ui.views.people_areas import PeopleAreasView
from ui.helpers import Team


@pytest.fixture
def page(qtbot, services: Services, team: Team) -> PeopleAreasView:
    view = PeopleAreasView(services)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    qtbot.waitExposed(view)
    view.set_person(team.admin)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.refresh()
    return view


def open_settings(qtbot, page: PeopleAreasView) -> SettingsDialog:
    qtbot.mouseClick(page.settings_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitExposed(dialog)
    return dialog


def refusal(qtbot, dialog: SettingsDialog, field: str | None) -> str:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    if field is None:
        qtbot.waitUntil(lambda: not dialog.busy and dialog.form.general_error.isVisible(),
                        timeout=20_000)
        return dialog.form.general_error.text()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.form.error_text(field) != "",
                    timeout=20_000)
    return dialog.form.error_text(field)


def test_the_dialog_shows_the_current_settings(qtbot, page: PeopleAreasView) -> None:
    dialog = open_settings(qtbot, page)
    assert dialog.site_edit.text() == "Riverside Plant"
    assert dialog.currency_edit.text() == "EUR"
    assert dialog.rate_edit.text() == "30.00"
    assert dialog.rate_suffix.text() == "EUR per hour"
    assert dialog.ageing_spin.value() == 14
    assert dialog.stale_spin.value() == 30
    assert dialog.focusWidget() is dialog.site_edit


def test_admin_changes_the_currency(qtbot, page: PeopleAreasView, services: Services) -> None:
    dialog = open_settings(qtbot, page)
    dialog.currency_edit.clear()
    qtbot.keyClicks(dialog.currency_edit, "us1d")  # letters only, upper-cased as typed
    assert dialog.currency_edit.text() == "USD"
    assert dialog.rate_suffix.text() == "USD per hour"
    dialog.rate_edit.clear()
    qtbot.keyClicks(dialog.rate_edit, "32.5")
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        qtbot.keyClick(dialog.rate_edit, Qt.Key.Key_Return)  # Enter saves
    settings = services.people.settings()
    assert settings.currency == "USD"
    assert settings.default_hourly_rate == 32.5
    assert settings.site_name == "Riverside Plant"
    # The tree prices in the new currency.
    assert page.area_model.index(0, 3).data() == "32.50 USD"
    assert page.areas_summary.text().endswith("site default 32.50 USD per hour")
    assert page.message_bar.text == "Site settings saved."


def test_the_default_rate_is_typed_the_german_way(qtbot, page: PeopleAreasView,
                                                  services: Services) -> None:
    """Issue 15: the rate is a MoneyEdit: shown and read as German writes numbers (CLDR de_DE:
    a decimal comma)."""
    with using("de"):
        dialog = open_settings(qtbot, page)
        assert dialog.rate_edit.text() == "30,00"
        dialog.rate_edit.clear()
        qtbot.keyClicks(dialog.rate_edit, "12,50")
        with qtbot.waitSignal(page.loaded, timeout=20_000):
            qtbot.keyClick(dialog.rate_edit, Qt.Key.Key_Return)
    assert services.people.settings().default_hourly_rate == 12.5


def test_board_thresholds(qtbot, page: PeopleAreasView, services: Services) -> None:
    dialog = open_settings(qtbot, page)
    dialog.ageing_spin.setValue(40)
    assert refusal(qtbot, dialog, "ageing_after_days") == (
        "Work turns stale after 30 days, so it must start ageing no later than that."
    )
    assert services.people.settings().ageing_after_days == 14
    dialog.ageing_spin.setValue(7)
    dialog.stale_spin.setValue(21)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settings = services.people.settings()
    assert (settings.ageing_after_days, settings.stale_after_days) == (7, 21)


@pytest.mark.parametrize(
    ("field", "change", "message"),
    [
        ("site_name", lambda d: d.site_edit.clear(), "Site name is required."),
        ("currency", lambda d: d.currency_edit.setText("EU"),
         "A currency is a three-letter code such as EUR."),
        ("default_hourly_rate", lambda d: d.rate_edit.clear(),
         "Default hourly rate is required."),
        ("default_hourly_rate", lambda d: d.rate_edit.setText("."),
         "Type the default hourly rate as a number, e.g. 38.50."),
    ],
)
def test_refused_values_show_under_their_field_and_nothing_is_saved(
        qtbot, page: PeopleAreasView, services: Services, field, change, message) -> None:
    before = services.people.settings()
    dialog = open_settings(qtbot, page)
    dialog.ageing_spin.setValue(10)  # a valid change that must not be saved either
    change(dialog)
    assert refusal(qtbot, dialog, field) == message
    assert dialog.isVisible()
    assert dialog.ageing_spin.value() == 10
    assert services.people.settings() == before


def test_staff_cannot_change_settings(qtbot, page: PeopleAreasView, team: Team,
                                      services: Services) -> None:
    page.set_person(team.staff)
    assert not page.settings_button.isEnabled()
    assert page.settings_button.toolTip() == ONLY_ADMINS
    page.open_settings()  # reached anyway
    dialog = page.dialog
    assert isinstance(dialog, SettingsDialog)
    dialog.currency_edit.setText("GBP")
    assert refusal(qtbot, dialog, None) == "A staff may not change settings."
    assert services.people.settings() == SiteSettings(site_name="Riverside Plant")


def test_settings_changed_by_another_admin_meanwhile_are_refused_in_words_with_reload(
        qtbot, page: PeopleAreasView, services: Services, team: Team, clock) -> None:
    """Issue 14, data loss 4: the second admin's save does not silently undo the first."""
    dialog = open_settings(qtbot, page)
    dialog.rate_edit.setText("41.00")
    clock.advance(minutes=4)
    current = services.people.settings()
    services.people.update_settings(team.admin.id, expected_version=current.version,
                                    currency="USD")
    words = refusal(qtbot, dialog, None)
    assert "changed by Alex Admin at" in words and "Reload" in words, words
    assert services.people.settings().currency == "USD"
    assert services.people.settings().default_hourly_rate == 30.0
    button = dialog.form.general_error.action_button
    assert button is not None and button.isVisible() and button.text() == "Reload"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and "Reloaded" in dialog.form.general_error.text(),
                    timeout=20_000)
    assert "currency USD" in dialog.form.general_error.text()
    assert dialog.rate_edit.text() == "41.00"


def test_the_site_control_chart_rules(qtbot, page: PeopleAreasView, services: Services) -> None:
    """Issue 17: the rule set for metrics without their own is a site setting, audited by the
    service like the others."""
    dialog = open_settings(qtbot, page)
    assert dialog.rules_combo.currentData() == "western_electric"
    assert dialog.rules_combo.currentText() == "Western Electric (4 rules)"
    dialog.rules_combo.setCurrentIndex(dialog.rules_combo.findData("nelson"))
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert services.people.settings().spc_rule_set == "nelson"
    again = open_settings(qtbot, page)
    assert again.rules_combo.currentText() == "Nelson (8 rules)"


def test_admin_allows_one_person_savings_and_the_choice_is_audited(
        qtbot, page: PeopleAreasView, services: Services, team: Team) -> None:
    """Issue 16: a site setting lets a one-person site validate its own savings; the change goes
    to the audit trail like every setting."""
    dialog = open_settings(qtbot, page)
    assert not dialog.one_person_check.isChecked()
    assert dialog.recognition_check.isChecked()
    qtbot.mouseClick(dialog.one_person_check, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert services.people.settings().savings_one_person is True
    rows = run_sql(services.db, "SELECT person_id, before, after FROM audit_events "
                   "WHERE entity = 'settings' ORDER BY id")
    person_id, before, after = rows[-1]
    assert person_id == team.admin.id
    assert '"savings_one_person": false' in str(before).lower().replace("'", '"')
    assert '"savings_one_person": true' in str(after).lower().replace("'", '"')
