"""People & areas, Areas tab: the area tree model on its own, then an admin adding, editing,
retiring areas through the real dialog over the real SQLite file (a site built with
``make_site``: Plant 1 → Assembly (30.00 an hour) → Line 1 without a rate of its own)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QModelIndex, Qt
from services.factories import Site, count, make_site

from kaizen.db.engine import Database
from kaizen.db.models import Area
from kaizen.domain.enums import AreaKind, Role
from kaizen.domain.errors import Unavailable
from kaizen.i18n import using
from kaizen.services import Services
from kaizen.services.people import AreaInfo, PersonInfo
from kaizen.ui.admin import ONLY_ADMINS
from kaizen.ui.admin.area_dialog import TOP_OF_TREE, AreaDialog
from kaizen.ui.models.area_tree import (
    AREA_ROLE,
    COL_ACTIVE,
    COL_EFFECTIVE_RATE,
    COL_KIND,
    COL_NAME,
    COL_OWN_RATE,
    COLUMN_TITLES,
    INHERITED_ROLE,
    AreaTreeModel,
    visible_areas,
)
from kaizen.ui.views.people_areas import PeopleAreasView
from kaizen.ui.widgets.form import RETRY_MESSAGE
from ui.helpers import click_combo_item, combo_texts

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole


# -- the model alone -----------------------------------------------------------------------------


def area(id_: int, name: str, kind: AreaKind, parent: int | None, depth: int,
         rate: float | None, effective: float, active: bool = True) -> AreaInfo:
    return AreaInfo(id=id_, name=name, kind=kind, parent_id=parent, path=name, depth=depth,
                    hourly_rate=rate, effective_hourly_rate=effective, active=active)


SAMPLE = [
    area(1, "Plant", AreaKind.SITE, None, 0, None, 30.0),
    area(2, "Assembly", AreaKind.DEPARTMENT, 1, 1, 38.0, 38.0),
    area(3, "Line A", AreaKind.LINE, 2, 2, None, 38.0),
    area(4, "Old line", AreaKind.LINE, 2, 2, 50.0, 50.0, active=False),
    area(5, "Retired dept", AreaKind.DEPARTMENT, 1, 1, None, 30.0, active=False),
    area(6, "Under retired", AreaKind.LINE, 5, 2, None, 30.0),
    area(7, "Warehouse", AreaKind.DEPARTMENT, 1, 1, None, 30.0),
]


def test_tree_shape_and_values(qapp) -> None:
    model = AreaTreeModel(SAMPLE, currency="EUR")
    assert model.columnCount() == len(COLUMN_TITLES) == 5
    assert model.rowCount() == 1
    plant = model.index(0, COL_NAME)
    assert plant.data() == "Plant"
    assert model.rowCount(plant) == 3
    assembly = model.index(0, COL_NAME, plant)
    assert model.parent(assembly) == plant
    assert model.rowCount(assembly) == 2
    line = model.index(0, COL_NAME, assembly)
    row = [model.index(0, c, assembly).data() for c in range(5)]
    assert row == ["Line A", "Line", "—", "38.00 EUR", "Active"]
    assert model.index(0, COL_OWN_RATE, assembly).data(INHERITED_ROLE) is True
    assert model.index(0, COL_EFFECTIVE_RATE, assembly).data(TOOLTIP) == (
        "No own rate: inherits 38.00 EUR per hour from Assembly"
    )
    assert model.index(0, COL_EFFECTIVE_RATE, plant.parent()).data(TOOLTIP) == (
        "No own rate: uses the site default, 30.00 EUR per hour"
    )
    assert model.index(0, COL_OWN_RATE).data(DISPLAY) == "—"
    assert [model.index(0, c, plant).data() for c in (COL_KIND, COL_OWN_RATE)] == [
        "Department", "38.00 EUR"]
    assert model.index(1, COL_ACTIVE, assembly).data() == "Retired"
    assert model.index(1, COL_NAME, assembly).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert line.data(AREA_ROLE) == SAMPLE[2]
    assert model.area_at(line) == SAMPLE[2]
    assert model.index_of(3) == line
    assert not model.index_of(99).isValid()
    assert model.index(5, 0).isValid() is False
    assert model.data(QModelIndex()) is None
    assert model.headerData(COL_OWN_RATE, Qt.Orientation.Horizontal) == "Own hourly rate"


def test_visible_areas_hide_retired_branches() -> None:
    names = [a.name for a in visible_areas(SAMPLE, include_retired=False)]
    assert names == ["Plant", "Assembly", "Line A", "Warehouse"]
    assert len(visible_areas(SAMPLE, include_retired=True)) == len(SAMPLE)


def test_set_areas_resets_and_changes_currency(qtbot) -> None:
    model = AreaTreeModel()
    with qtbot.waitSignals([model.modelAboutToBeReset, model.modelReset], timeout=1000):
        model.set_areas(SAMPLE[:3], currency="USD")
    assert model.index(0, COL_EFFECTIVE_RATE).data() == "30.00 USD"
    model.set_areas([])
    assert model.rowCount() == 0


def test_model_passes_qt_model_tester(qtmodeltester) -> None:
    model = AreaTreeModel(SAMPLE)
    qtmodeltester.check(model, force_py=True)


# -- the view ------------------------------------------------------------------------------------


@dataclass
class Setup:
    site: Site
    services: Services
    admin: PersonInfo
    staff: PersonInfo


@pytest.fixture
def setup(db: Database, clock) -> Setup:
    site = make_site(db, clock)
    services = Services.create(db, clock)
    return Setup(site, services, services.people.get_person(site.admin_id),
                 services.people.get_person(site.staff_id))


@pytest.fixture
def page(qtbot, setup: Setup) -> PeopleAreasView:
    view = PeopleAreasView(setup.services)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    qtbot.waitExposed(view)
    view.set_person(setup.admin)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.refresh()
    view.tabs.setCurrentWidget(view.areas_tab)
    return view


def tree_rows(page: PeopleAreasView) -> dict[str, list[str]]:
    """Every visible row of the tree by area name: its cells."""
    model, rows = page.area_model, {}

    def walk(parent: QModelIndex) -> None:
        for r in range(model.rowCount(parent)):
            index = model.index(r, 0, parent)
            rows[index.data()] = [model.index(r, c, parent).data() for c in range(5)]
            walk(index)

    walk(QModelIndex())
    return rows


def click_area(qtbot, page: PeopleAreasView, area_id: int, *, double: bool = False) -> None:
    index = page.area_model.index_of(area_id, COL_KIND)
    rect = page.tree.visualRect(index)
    qtbot.mouseClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    if double:
        qtbot.mouseDClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected_area_id() == area_id


def stored_area(db: Database, name: str) -> Area | None:
    from sqlalchemy import select

    with db.read() as s:
        found = s.scalar(select(Area).where(Area.name == name))
        if found is not None:
            s.expunge(found)
        return found


def add_area_dialog(qtbot, page: PeopleAreasView) -> AreaDialog:
    qtbot.mouseClick(page.add_area_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, AreaDialog)
    qtbot.waitExposed(dialog)
    return dialog


def save_and_wait_for_reload(qtbot, page: PeopleAreasView, dialog: AreaDialog) -> None:
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_the_tree_shows_own_and_inherited_rates(page: PeopleAreasView) -> None:
    rows = tree_rows(page)
    assert rows["Plant 1"] == ["Plant 1", "Site", "—", "30.00 EUR", "Active"]
    assert rows["Assembly"] == ["Assembly", "Department", "30.00 EUR", "30.00 EUR", "Active"]
    assert rows["Line 1"] == ["Line 1", "Line", "—", "30.00 EUR", "Active"]
    assert page.areas_summary.text() == "3 areas · site default 30.00 EUR per hour"
    assert page.tree.isExpanded(page.area_model.index_of(page.area_model.areas()[1].id))


def test_admin_adds_a_department_with_a_rate_and_a_line_inherits_it(
        qtbot, page: PeopleAreasView, setup: Setup, db: Database) -> None:
    click_area(qtbot, page, setup.site.site_id)
    dialog = add_area_dialog(qtbot, page)
    assert dialog.text.text() == "Under Plant 1."
    assert dialog.kind_combo.currentText() == "Department"  # follows the parent
    assert dialog.parent_combo.area_id() == setup.site.site_id
    assert dialog.rate_edit.placeholderText() == "30.00"
    assert dialog.rate_hint.text() == "Leave empty to inherit 30.00 EUR from the site default."
    qtbot.keyClicks(dialog.name_edit, "Machining")
    qtbot.keyClicks(dialog.rate_edit, "44,5")  # a decimal comma is fine
    save_and_wait_for_reload(qtbot, page, dialog)
    machining = stored_area(db, "Machining")
    assert machining is not None and machining.hourly_rate == 44.5
    assert machining.kind is AreaKind.DEPARTMENT and machining.parent_id == setup.site.site_id
    assert page.selected_area_id() == machining.id  # the new area is selected

    dialog = add_area_dialog(qtbot, page)  # under the selected Machining
    assert dialog.kind_combo.currentText() == "Line"
    assert dialog.rate_edit.placeholderText() == "44.50"
    assert dialog.rate_hint.text() == "Leave empty to inherit 44.50 EUR from Machining."
    qtbot.keyClicks(dialog.name_edit, "Cell 1")
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    cell = stored_area(db, "Cell 1")
    assert cell is not None and cell.hourly_rate is None and cell.parent_id == machining.id

    rows = tree_rows(page)
    assert rows["Machining"] == ["Machining", "Department", "44.50 EUR", "44.50 EUR", "Active"]
    assert rows["Cell 1"] == ["Cell 1", "Line", "—", "44.50 EUR", "Active"]
    index = page.area_model.index_of(cell.id, COL_EFFECTIVE_RATE)
    assert index.data(INHERITED_ROLE) is True
    assert index.data(TOOLTIP) == "No own rate: inherits 44.50 EUR per hour from Machining"
    effective = {a.name: a.effective_hourly_rate for a in setup.services.people.list_areas()}
    assert effective["Cell 1"] == 44.5


@pytest.mark.parametrize(("language", "typed", "stored"), [
    ("en", "12.50", 12.5), ("en", "1,234.50", 1234.5),
    ("de", "12,50", 12.5), ("de", "1.234,50", 1234.5)])
def test_the_rate_is_a_money_field_read_in_the_language(
        qtbot, page: PeopleAreasView, setup: Setup, db: Database, language, typed,
        stored) -> None:
    """Issue 15: the rate is typed into a MoneyEdit and read the way the language writes
    numbers (CLDR: en_GB "1,234.50", de_DE "1.234,50"); an unreadable one is refused under it."""
    with using(language):
        click_area(qtbot, page, setup.site.site_id)
        dialog = add_area_dialog(qtbot, page)
        qtbot.keyClicks(dialog.name_edit, "Machining")
        qtbot.keyClicks(dialog.rate_edit, "12..5")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.form.error_text("hourly_rate") != "")
        if language == "en":  # (German: the same sentence, translated by the lead at merge)
            assert dialog.form.error_text("hourly_rate") == (
                "Type the hourly rate as a number, e.g. 38.50.")
        assert stored_area(db, "Machining") is None
        dialog.rate_edit.clear()
        qtbot.keyClicks(dialog.rate_edit, typed)
        save_and_wait_for_reload(qtbot, page, dialog)
    machining = stored_area(db, "Machining")
    assert machining is not None and machining.hourly_rate == stored


def test_the_inherited_placeholder_follows_the_parent_picked(
        qtbot, page: PeopleAreasView, setup: Setup) -> None:
    click_area(qtbot, page, setup.site.line_id)
    dialog = add_area_dialog(qtbot, page)
    assert dialog.rate_hint.text() == "Leave empty to inherit 30.00 EUR from Assembly."
    click_combo_item(qtbot, dialog.parent_combo, "Plant 1")
    assert dialog.rate_hint.text() == "Leave empty to inherit 30.00 EUR from the site default."
    click_combo_item(qtbot, dialog.kind_combo, "Site")
    assert dialog.parent_combo.currentText() == TOP_OF_TREE
    assert not dialog.parent_combo.isEnabled()
    dialog.reject()


def test_a_duplicate_name_under_the_same_parent_is_refused_under_name(
        qtbot, page: PeopleAreasView, setup: Setup, db: Database) -> None:
    before = count(db, Area)
    click_area(qtbot, page, setup.site.department_id)
    dialog = add_area_dialog(qtbot, page)
    qtbot.keyClicks(dialog.name_edit, "line 1")
    qtbot.keyClicks(dialog.rate_edit, "12")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.form.error_text("name") != "",
                    timeout=20_000)
    assert dialog.form.error_text("name") == "There is already an area called line 1 here."
    assert dialog.isVisible()
    assert dialog.name_edit.text() == "line 1"
    assert dialog.rate_edit.text() == "12"
    assert count(db, Area) == before


def test_admin_edits_an_area_rate_and_moves_it(qtbot, page: PeopleAreasView, setup: Setup,
                                               db: Database) -> None:
    click_area(qtbot, page, setup.site.line_id, double=True)  # double-click edits
    dialog = page.dialog
    assert isinstance(dialog, AreaDialog)
    assert dialog.windowTitle() == "Edit area"
    assert not dialog.kind_combo.isEnabled()
    # The parent list leaves out the area itself.
    assert "Line 1" not in combo_texts(dialog.parent_combo)
    qtbot.keyClicks(dialog.rate_edit, "55")
    click_combo_item(qtbot, dialog.parent_combo, "Plant 1")
    save_and_wait_for_reload(qtbot, page, dialog)
    line = stored_area(db, "Line 1")
    assert line.hourly_rate == 55.0 and line.parent_id == setup.site.site_id
    assert tree_rows(page)["Line 1"] == ["Line 1", "Line", "55.00 EUR", "55.00 EUR", "Active"]
    assert page.selected_area_id() == setup.site.line_id

    # Emptying the rate makes it inherit again.
    click_area(qtbot, page, setup.site.line_id)
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)  # Enter edits too
    dialog = page.dialog
    dialog.rate_edit.clear()
    save_and_wait_for_reload(qtbot, page, dialog)
    assert stored_area(db, "Line 1").hourly_rate is None


def test_retire_and_restore(qtbot, page: PeopleAreasView, setup: Setup, db: Database) -> None:
    click_area(qtbot, page, setup.site.department_id)
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message_bar.isVisible(), timeout=20_000)
    assert page.message_bar.text == (
        "Assembly still has active areas under it; retire those first."
    )
    assert page.message_bar.action_button.isHidden()  # a rule: Retry would not help
    assert stored_area(db, "Assembly").active

    click_area(qtbot, page, setup.site.line_id)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    assert not stored_area(db, "Line 1").active
    assert page.show_retired_check.isChecked()  # kept in sight so it can be restored
    assert tree_rows(page)["Line 1"][COL_ACTIVE] == "Retired"
    assert page.retire_button.text() == "Restore"
    page.show_retired_check.click()
    assert "Line 1" not in tree_rows(page)
    assert page.areas_summary.text() == (
        "3 areas, 1 retired (hidden) · site default 30.00 EUR per hour"
    )
    page.show_retired_check.click()
    click_area(qtbot, page, setup.site.line_id)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    assert stored_area(db, "Line 1").active


def test_retiring_offers_retry_when_the_server_is_away(
        qtbot, page: PeopleAreasView, setup: Setup, db: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``Unavailable`` from the service (as the db layer raises it when the server cannot be
    reached) on the first try: the area stays, Retry on the message bar retires it."""
    people = setup.services.people
    real = people.set_area_active
    calls: list[int] = []

    def away_once(actor_id: int, area_id: int, active: bool):
        calls.append(area_id)
        if len(calls) == 1:
            raise Unavailable()
        return real(actor_id, area_id, active)

    monkeypatch.setattr(people, "set_area_active", away_once)
    click_area(qtbot, page, setup.site.line_id)
    with qtbot.waitSignal(page.saver.finished, timeout=20_000):
        qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    assert page.message_bar.text == RETRY_MESSAGE
    assert not page.message_bar.action_button.isHidden()
    assert stored_area(db, "Line 1").active
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        qtbot.mouseClick(page.message_bar.action_button, Qt.MouseButton.LeftButton)
    assert not stored_area(db, "Line 1").active
    assert calls == [setup.site.line_id, setup.site.line_id]


def test_staff_sees_the_tree_read_only_and_the_service_refuses(
        qtbot, page: PeopleAreasView, setup: Setup, db: Database) -> None:
    page.set_person(setup.staff)
    for button in (page.add_area_button, page.edit_area_button, page.retire_button,
                   page.settings_button):
        assert not button.isEnabled()
        assert button.toolTip() == ONLY_ADMINS
    click_area(qtbot, page, setup.site.line_id, double=True)
    assert page.dialog is None

    page.edit_selected_area()  # reached anyway
    dialog = page.dialog
    assert isinstance(dialog, AreaDialog)
    qtbot.keyClicks(dialog.rate_edit, "99")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.form.general_error.isVisible(), timeout=20_000)
    assert dialog.form.general_error.text() == "A staff may not manage areas."
    assert stored_area(db, "Line 1").hourly_rate is None


def test_an_empty_site_starts_with_adding_the_site(qtbot, services: Services, db: Database
                                                   ) -> None:
    admin = services.people.bootstrap(site_name="Hill", admin_name="Ann", admin_pin="1234")
    site = services.people.list_areas()[0]
    services.people.set_area_active(admin.id, site.id, False)
    view = PeopleAreasView(services)
    qtbot.addWidget(view)
    view.set_person(services.people.get_person(admin.id))
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.refresh()
    assert "Hill" not in tree_rows(view)  # retired, hidden
    view.table.clearSelection()
    view.add_area()
    dialog = view.dialog
    assert isinstance(dialog, AreaDialog)
    assert dialog.kind_combo.currentText() == "Site"
    qtbot.keyClicks(dialog.name_edit, "Valley")
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    valley = stored_area(db, "Valley")
    assert valley is not None and valley.kind is AreaKind.SITE and valley.parent_id is None
    assert services.people.get_person(admin.id).role is Role.ADMIN


def test_an_area_changed_by_another_admin_meanwhile_is_refused_in_words_with_reload(
        qtbot, page: PeopleAreasView, setup: Setup, db: Database, clock) -> None:
    """Issue 14, data loss 4: the dialog saves with the version it was filled from; another
    admin's save in between is not undone: the Conflict shows in words with Reload, which reads
    the area again (what it holds now) and keeps what was typed."""
    click_area(qtbot, page, setup.site.line_id, double=True)
    dialog = page.dialog
    assert isinstance(dialog, AreaDialog)
    qtbot.keyClicks(dialog.rate_edit, "55")
    clock.advance(minutes=3)
    line = setup.services.people.get_area(setup.site.line_id)
    setup.services.people.update_area(setup.site.admin_id, line.id, name="Line 1 (north)",
                                      hourly_rate=None, parent_id=line.parent_id,
                                      expected_version=line.version)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.form.general_error.isVisible(),
                    timeout=20_000)
    words = dialog.form.general_error.text()
    assert "changed by Ada Admin at 2026-11-02 09:03" in words, words
    button = dialog.form.general_error.action_button
    assert button is not None and button.isVisible() and button.text() == "Reload"
    assert stored_area(db, "Line 1 (north)").hourly_rate is None  # nothing of the stale save
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and "Reloaded" in dialog.form.general_error.text(),
                    timeout=20_000)
    assert "Plant 1 / Assembly / Line 1 (north)" in dialog.form.general_error.text()
    assert dialog.rate_edit.text() == "55"  # what was typed stays
    save_and_wait_for_reload(qtbot, page, dialog)  # now on top of the other change
    # The form still held the old name: saving it is the admin's deliberate choice.
    assert stored_area(db, "Line 1").hourly_rate == 55.0
