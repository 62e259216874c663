"""People & areas made in parts (issue 21: its first show was the longest GUI-thread stall of a
walk through the views): the People tab filled a turn after the page is first shown, the Areas
tab made when first opened or read. What reached the Areas tab before (its tab, its buttons,
Ctrl+Shift+N on it, code reading its tree, the areas a person's dialog offers) finds it made and
filled from the overview read before it was opened; LazyTabs fills a page once it is in its tab
(kaizen/ui/widgets/lazy_tabs.py). Clicks on the real widgets, over the real SQLite file of the
``team`` fixture (Riverside Plant → Assembly)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from kaizen.services import Services
from kaizen.ui import worker
from kaizen.ui.admin.area_dialog import AreaDialog
from kaizen.ui.admin.person_dialog import PersonDialog
from kaizen.ui.models.area_tree import COL_KIND
from kaizen.ui.models.people_table import COL_NAME
from kaizen.ui.views.people_areas import PeopleAreasView
from kaizen.ui.widgets.lazy_tabs import LazyTabs
from ui.helpers import Team, combo_texts, shown_page

ADD = (Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def loaded_page(qtbot, services: Services, team: Team) -> PeopleAreasView:
    page = shown_page(qtbot, PeopleAreasView(services), team.admin)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.refresh()
    return page


def click_tab(qtbot, tabs: QTabWidget, index: int) -> None:
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def next_tab_stop(widget: QWidget) -> QWidget:
    """Where Tab goes from ``widget``: the next visible, enabled Tab stop outside it."""
    after = widget.nextInFocusChain()
    while (widget.isAncestorOf(after) or not after.isVisible() or not after.isEnabled()
           or not after.focusPolicy() & Qt.FocusPolicy.TabFocus):
        after = after.nextInFocusChain()
    return after


def area_names(page: PeopleAreasView) -> list[str]:
    model = page.area_model
    site = model.index(0, 0)
    return [site.data()] + [model.index(r, 0, site).data() for r in range(model.rowCount(site))]


def test_the_areas_tab_is_made_when_opened_and_its_actions_work(qtbot, services: Services,
                                                                team: Team) -> None:
    page = loaded_page(qtbot, services, team)
    assert "tree" not in vars(page) and page.lazy_tabs.made("areas") is None
    assert page.tabs.tabText(1) == "Areas"
    # Adding a person offers every area, read with the page, the Areas tab not made.
    qtbot.mouseClick(page.add_person_button, Qt.MouseButton.LeftButton)
    assert isinstance(page.dialog, PersonDialog)
    assert {"Riverside Plant", "Assembly"} <= set(combo_texts(page.dialog.area_combo))
    page.dialog.reject()
    assert "tree" not in vars(page)

    click_tab(qtbot, page.tabs, 1)
    tab = page.lazy_tabs.made("areas")
    assert tab is not None and page.tabs.currentWidget() is tab is page.areas_tab
    assert page.tabs.indexOf(tab) == 1 and page.tabs.tabText(1) == "Areas"
    # Filled from the overview read before, without a read of its own.
    assert area_names(page) == ["Riverside Plant", "Assembly"]
    assert page.areas_summary.text().startswith("2 areas · site default")
    qtbot.waitUntil(page.tree.isVisible)
    assert not page.edit_area_button.isEnabled()
    # Tab goes from the list to Site settings on either tab, as when both were made at once.
    assert next_tab_stop(page.tree) is page.settings_button

    assembly = next(a for a in page.areas if a.name == "Assembly")
    rect = page.tree.visualRect(page.area_model.index_of(assembly.id, COL_KIND))
    qtbot.mouseClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected_area_id() == assembly.id
    assert page.edit_area_button.isEnabled() and page.retire_button.text() == "Retire"
    qtbot.mouseClick(page.edit_area_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, AreaDialog) and dialog.area == assembly
    dialog.reject()

    # Ctrl+Shift+N on the Areas tab adds an area (on the People tab, a person).
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    qtbot.keyClick(page, *ADD)
    assert isinstance(page.dialog, AreaDialog) and page.dialog.area is None
    page.dialog.reject()
    click_tab(qtbot, page.tabs, 0)
    qtbot.keyClick(page, *ADD)
    assert isinstance(page.dialog, PersonDialog)
    page.dialog.reject()


def test_code_reading_an_area_part_makes_the_tab_filled_in_its_place(
        qtbot, services: Services, team: Team) -> None:
    page = loaded_page(qtbot, services, team)
    assert "add_area_button" not in vars(page)
    # As a test or a link would: the part is there, filled, in its tab; the People tab stays.
    assert area_names(page) == ["Riverside Plant", "Assembly"]
    assert page.tabs.currentIndex() == 0 and page.tabs.widget(1) is page.areas_tab
    assert page.add_area_button.isEnabled() and page.selected_area() is None
    tree = page.tree
    click_tab(qtbot, page.tabs, 1)
    assert page.tree is tree and page.tabs.currentWidget() is page.areas_tab
    qtbot.waitUntil(tree.isVisible)


def test_the_people_tab_is_filled_a_turn_after_the_first_show(qtbot, services: Services,
                                                              team: Team) -> None:
    page = PeopleAreasView(services)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    page.set_person(team.admin)
    with worker.synchronous():
        page.refresh()  # the overview arrives before the tab is made: shown after it
    assert "table" not in vars(page) and page.people_tab.layout() is None
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        pass
    model = page.table.model()
    assert [model.index(r, COL_NAME).data() for r in range(model.rowCount())] == [
        "Alex Admin", "Bea Staff", "Carl Staff", "Dee Former", "Sam Supervisor"]
    assert page.summary_label.text() == "5 people, 1 inactive"
    assert next_tab_stop(page.table) is page.settings_button
    assert page.add_person_button.isEnabled() and not page.edit_person_button.isEnabled()


def test_a_settled_probe_does_not_make_the_people_tab(qtbot, services: Services) -> None:
    # The window and the start ask ``getattr(view, "settled", None)``; only the tab's own
    # parts make it at once (issue 21).
    page = PeopleAreasView(services)
    qtbot.addWidget(page)
    assert getattr(page, "settled", None) is None and "table" not in vars(page)
    assert page.summary_label.text() == "" and "table" in vars(page)


def test_ctrl_f_before_the_people_tab_is_made_focuses_the_search(qtbot, services: Services,
                                                                 team: Team) -> None:
    page = PeopleAreasView(services)
    qtbot.addWidget(page)
    page.show()
    assert "search_edit" not in vars(page)
    page.search_shortcut.activated.emit()  # what Ctrl+F does
    assert page.search_edit.isVisible() and page.focusWidget() is page.search_edit


def test_a_lazy_tab_is_filled_once_it_is_in_its_tab(qtbot) -> None:
    # LazyTabs' ``fill``: the page's contents made inside it once it is in the tab widget (from
    # the outside in: styled once), whether it is made by a click or by code; once only.
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QWidget(), "First")
    lazy = LazyTabs(tabs)
    filled: list[tuple[int, bool]] = []
    lazy.add("second", QWidget, "Second",
             fill=lambda page: filled.append((tabs.indexOf(page), tabs.isAncestorOf(page))))
    lazy.add("third", QWidget, "Third", fill=lambda page: filled.append((tabs.indexOf(page),
                                                                         True)))
    tabs.show()
    click_tab(qtbot, tabs, 1)
    assert filled == [(1, True)] and tabs.currentWidget() is lazy.made("second")
    assert lazy.page("second") is tabs.widget(1) and filled == [(1, True)]
    lazy.page("third")
    assert filled == [(1, True), (2, True)] and tabs.currentIndex() == 1
