"""The main window over real services: views by click and by shortcut, figures, people, state."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from pathlib import Path

import pytest
import qtawesome
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from kaizen.config import REPO_ROOT, resolve_paths
from kaizen.db import migrate
from kaizen.db.engine import Database
from kaizen.domain.enums import Role
from kaizen.services import Services
from kaizen.ui import app as gui
from kaizen.ui import resources, worker
from kaizen.ui.main_window import (
    GEOMETRY_KEY,
    IDEAS,
    PDCA_BOARD,
    PEOPLE,
    REPORTS,
    WASTE_WALK,
    MainWindow,
    view_classes,
)
from kaizen.ui.models.people_table import COL_NAME
from kaizen.ui.views.dashboard import DashboardView
from kaizen.ui.views.empty_state import EmptyState
from kaizen.ui.views.people_areas import PeopleAreasView
from kaizen.ui.who_picker import person_label
from ui.helpers import (
    ADMIN_PIN,
    Team,
    click_list_row,
    open_window,
    pick_person,
)

VIEWS = view_classes()  # the view classes, in the sidebar's order

VIEW_TITLES = ["Dashboard", "Ideas", "Waste walk", "PDCA board", "Measurements", "Reports",
               "Process maps", "Process mining", "What-if", "People & areas", "Inbox"]
DIGIT_KEYS = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5,
              Qt.Key.Key_6, Qt.Key.Key_7, Qt.Key.Key_8, Qt.Key.Key_9, Qt.Key.Key_0]


def test_window_opens_with_sidebar_toolbar_and_status(window: MainWindow) -> None:
    assert window.windowTitle() == "Kaizen"
    assert window.isVisible()
    assert window.size() == QSize(1280, 800)
    assert window.minimumSize() == QSize(1024, 680)
    model = window.sidebar_model
    assert [model.item(r).text() for r in range(model.rowCount())] == VIEW_TITLES
    assert all(not model.item(r).icon().isNull() for r in range(model.rowCount()))
    assert window.current_index == 0
    assert isinstance(window.stack.currentWidget(), DashboardView)
    assert window.db_label.text() == "Database: /data/kaizen.db"
    assert window.person_label.text() == "Nobody picked as working"
    assert window.read_only_banner is None
    assert window.who_picker.parent() is not None  # sits in the toolbar
    assert not window.windowIcon().isNull()


def test_each_sidebar_entry_shows_its_view_by_click(qtbot, window: MainWindow) -> None:
    order = list(range(1, len(VIEWS))) + [0]
    for row in order:
        with qtbot.waitSignal(window.currentViewChanged, timeout=2000) as blocker:
            click_list_row(qtbot, window.sidebar, row)
        assert blocker.args == [row]
        page = window.stack.currentWidget()
        assert isinstance(page, VIEWS[row])
        assert page.title_label.text() == VIEW_TITLES[row]
        assert window.sidebar.currentIndex().row() == row


def test_each_view_has_a_ctrl_number_shortcut(qtbot, window: MainWindow) -> None:
    for row in range(len(DIGIT_KEYS) - 1, -1, -1):  # the first ten views (the Inbox: none)
        qtbot.keyClick(window, DIGIT_KEYS[row], Qt.KeyboardModifier.ControlModifier)
        assert window.current_index == row, VIEW_TITLES[row]
        assert isinstance(window.stack.currentWidget(), VIEWS[row])
        assert window.sidebar.currentIndex().row() == row


def _focus_in(widget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is widget or widget.isAncestorOf(focus))


def test_a_view_chosen_by_the_keyboard_takes_the_focus(qtbot, window: MainWindow,
                                                       services: Services, team: Team) -> None:
    """Issue 16: Ctrl+<n> (and Enter in the sidebar) put the focus on the view's main widget,
    not on the sidebar (seven Tabs to the Ideas table before) nor on "Who is working"."""
    from kaizen.services.suggestions import SuggestionInput

    area = services.people.list_areas()[1]
    services.suggestions.create(team.staff.id, SuggestionInput(
        title="Label the bins", problem="", proposal="", area_id=area.id))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.sidebar.setFocus()
    qtbot.waitUntil(lambda: _focus_in(window.sidebar))

    # Each key goes to the widget holding the focus, as a keyboard sends it.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    ideas = window.page_at(IDEAS)
    assert _focus_in(ideas.table)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: ideas.table.model().rowCount() == 1)  # type: ignore[attr-defined]
    # The rows came after the focus: the first is current, so Space picks it.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert ideas.table.selected_ids() == [  # type: ignore[attr-defined]
        services.suggestions.list_recent()[0].id]

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    board = window.page_at(PDCA_BOARD)
    assert _focus_in(next(iter(board.columns.values())).view)  # type: ignore[attr-defined]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert _focus_in(window.page_at(REPORTS).month_combo)  # type: ignore[attr-defined]

    # Every view: the focus lands inside the page shown, never on the sidebar or the picker.
    for row in range(len(DIGIT_KEYS)):
        qtbot.keyClick(QApplication.focusWidget(), DIGIT_KEYS[row],
                       Qt.KeyboardModifier.ControlModifier)
        assert window.current_index == row, VIEW_TITLES[row]
        assert _focus_in(window.stack.currentWidget()), VIEW_TITLES[row]
        assert not _focus_in(window.who_picker) and not _focus_in(window.sidebar)

    # The sidebar: arrows browse the views and keep the focus there; Enter goes in.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    window.sidebar.setFocus()
    qtbot.waitUntil(lambda: _focus_in(window.sidebar))
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.current_index == WASTE_WALK
    assert _focus_in(window.sidebar)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Return)
    assert _focus_in(window.page_at(WASTE_WALK).stack)  # type: ignore[attr-defined]


def test_placeholder_views_explain_what_they_will_do(qtbot, window: MainWindow) -> None:
    for page in window.pages[1:6]:
        # The board makes its columns and its empty state a part per turn after it is made.
        qtbot.waitUntil(lambda page=page: bool(page.findChildren(EmptyState)))
        states = page.findChildren(EmptyState)
        assert len(states) >= 1, page.title
        state = states[0]
        assert state.title_label.text()
        assert len(state.text_label.text()) > 40
        assert state.text_label.textFormat() == Qt.TextFormat.PlainText
    ideas = window.pages[1].findChild(EmptyState)
    assert "review" in ideas.text_label.text()


def test_dashboard_counts_come_from_the_services(qtbot, window: MainWindow, team: Team,
                                                 services: Services) -> None:
    dashboard = window.page(DashboardView)
    assert isinstance(dashboard, DashboardView)
    qtbot.waitUntil(lambda: dashboard.figures is not None, timeout=20_000)
    participation = dashboard.cards["participation"]
    assert participation.detail_text == f"0 of {len(team.active)} active people took part"
    assert dashboard.cards["ideas_submitted"].value_text == "0"
    assert "Riverside Plant" in dashboard.subtitle_label.text()

    # Shown again after switching away, the page reads fresh figures in the background.
    services.people.create_person(team.admin.id, name="Eve New", role="staff")
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(dashboard.loaded, timeout=20_000):
        qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert participation.detail_text == f"0 of {len(team.active) + 1} active people took part"


def test_dashboard_shows_a_dash_when_a_count_fails(qtbot, window: MainWindow,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    dashboard = window.page(DashboardView)

    def broken(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("ideas table unreadable")

    # The page reads through DashboardService.screen (figures, areas and settings at once).
    monkeypatch.setattr(window.services.dashboard, "screen", broken)
    with qtbot.waitSignal(dashboard.loaded, timeout=20_000):
        dashboard.refresh()
    ideas_card = dashboard.cards["ideas_submitted"]
    assert ideas_card.value_text == "—"
    assert "ideas table unreadable" in ideas_card.toolTip()


def test_people_view_lists_everyone_in_a_sortable_table(qtbot, window: MainWindow,
                                                        team: Team) -> None:
    page = window.page(PeopleAreasView)
    assert isinstance(page, PeopleAreasView)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        click_list_row(qtbot, window.sidebar, PEOPLE)
    model = page.table.model()
    names = [model.index(r, COL_NAME).data() for r in range(model.rowCount())]
    assert names == ["Alex Admin", "Bea Staff", "Carl Staff", "Dee Former", "Sam Supervisor"]
    assert page.summary_label.text() == "5 people, 1 inactive"
    assert page.stack.currentWidget() is page.table

    # Clicking the Name header turns the order round.
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(COL_NAME) + header.sectionSize(COL_NAME) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.viewport().rect().center().__class__(x, header.height() // 2))
    names = [model.index(r, COL_NAME).data() for r in range(model.rowCount())]
    assert names == ["Sam Supervisor", "Dee Former", "Carl Staff", "Bea Staff", "Alex Admin"]


def test_people_view_on_an_empty_database_shows_the_empty_state(qtbot, services) -> None:
    window = open_window(qtbot, services)
    page = window.page(PeopleAreasView)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        window.show_view(PEOPLE)
    assert page.stack.currentWidget() is page.empty_state


def test_picking_who_is_working_updates_the_status_bar(qtbot, window: MainWindow,
                                                       team: Team) -> None:
    with qtbot.waitSignal(window.who_picker.personChanged, timeout=20_000):
        pick_person(qtbot, window.who_picker, person_label(team.staff))
    assert window.current_person.id == team.staff.id
    assert window.person_label.text() == "Working: Bea Staff (Staff)"
    assert window.person_label.textFormat() == Qt.TextFormat.PlainText


def test_read_only_database_shows_a_banner(qtbot, services: Services, team: Team) -> None:
    window = open_window(qtbot, services, read_only=True)
    assert window.read_only_banner is not None
    assert window.read_only_banner.isVisible()
    assert "read-only" in gui.READ_ONLY_MESSAGE
    assert "newer Kaizen" in gui.READ_ONLY_MESSAGE
    # Capture stays off even with someone working: the save could only be refused.
    with qtbot.waitSignal(window.who_picker.personChanged, timeout=20_000):
        pick_person(qtbot, window.who_picker, person_label(team.staff))
    assert not window.new_idea_action.isEnabled()
    assert not window.log_waste_action.isEnabled()
    assert window.new_idea_action.toolTip() == "This database is open read-only"


def test_people_added_on_the_admin_page_reach_the_picker(qtbot, window: MainWindow,
                                                        services: Services, team: Team) -> None:
    newcomer = services.people.create_person(team.admin.id, name="Nia New", role=Role.STAFF)
    assert person_label(newcomer) not in window.who_picker.labels()
    page = window.page(PeopleAreasView)
    page.peopleChanged.emit()
    qtbot.waitUntil(lambda: person_label(newcomer) in window.who_picker.labels())


def test_geometry_is_saved_and_restored(qtbot, services: Services, team: Team) -> None:
    window = open_window(qtbot, services)
    # The offscreen screen is 800 px square and restoring keeps a window on its screen, so only
    # the height, which fits, comes back exactly.
    window.resize(1100, 720)
    window.close()
    assert QSettings().value(GEOMETRY_KEY) is not None
    again = open_window(qtbot, services)
    assert again.height() == 720


def test_style_and_icons_are_in_place(qapp) -> None:
    gui.ensure_application()
    assert "QListView#Sidebar" in resources.style_sheet()
    assert qapp.property("kaizenStyleApplied")
    assert resources.APP_ICON_PATH.exists()
    assert not resources.app_icon().pixmap(QSize(32, 32)).isNull()
    for view in VIEWS:
        qtawesome.icon(view.icon_name)  # raises for a name the font does not have
    used = set()
    for path in (REPO_ROOT / "kaizen" / "ui").rglob("*.py"):
        used |= set(re.findall(r'"(mdi6\.[a-z0-9-]+)"', path.read_text(encoding="utf-8")))
    assert len(used) > 10
    for name in sorted(used):
        qtawesome.icon(name)


def test_the_ui_never_imports_sqlalchemy() -> None:
    ui = REPO_ROOT / "kaizen" / "ui"
    found = subprocess.run(["grep", "-rlE", r"^\s*(from|import) sqlalchemy", str(ui)],
                           capture_output=True, text=True, check=False).stdout
    assert found == ""


# --- first run and start-up --------------------------------------------------------------------


def _first_run_dialog(qtbot, window: MainWindow) -> gui.FirstRunDialog:
    qtbot.waitUntil(lambda: window.findChild(gui.FirstRunDialog) is not None, timeout=20_000)
    dialog = window.findChild(gui.FirstRunDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_first_run_start_empty_sets_up_the_site_and_its_admin(qtbot, services: Services) -> None:
    window = open_window(qtbot, services)
    gui.start_first_run(window, services)
    dialog = _first_run_dialog(qtbot, window)
    assert "Load demo data" in dialog.demo_button.title_label.text()
    qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 1

    qtbot.keyClicks(dialog.site_edit, "Hillside Works")
    qtbot.keyClicks(dialog.name_edit, "Pat Admin")
    qtbot.keyClicks(dialog.pin_edit, "12")
    qtbot.keyClicks(dialog.confirm_edit, "12")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    error = dialog.field_errors["admin_pin"]
    qtbot.waitUntil(error.isVisible, timeout=20_000)  # the service's own rule, under its field
    assert "4 to 12 digits" in error.text()

    dialog.pin_edit.clear()
    qtbot.keyClicks(dialog.pin_edit, ADMIN_PIN)
    qtbot.keyClicks(dialog.confirm_edit, "99")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.field_errors["confirm_pin"].isVisible()

    dialog.confirm_edit.clear()
    qtbot.keyClicks(dialog.confirm_edit, ADMIN_PIN)
    with qtbot.waitSignal(window.who_picker.personChanged, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    admin = blocker.args[0]
    assert admin.name == "Pat Admin"
    assert services.people.settings().site_name == "Hillside Works"
    qtbot.waitUntil(lambda: window.who_picker.shown_text() == "Pat Admin — Admin",
                    timeout=20_000)
    assert window.person_label.text() == "Working: Pat Admin (Admin)"
    assert services.people.authenticate(admin.id, ADMIN_PIN).id == admin.id


def test_first_run_is_skipped_when_people_exist(qtbot, window: MainWindow,
                                                services: Services) -> None:
    gui.start_first_run(window, services, demo=True)
    qtbot.waitUntil(lambda: worker.active_tasks() == 0)
    assert window.findChild(gui.FirstRunDialog) is None
    assert "already holds data" in window.statusBar().currentMessage()


def test_demo_is_built_in_the_worker_behind_a_progress_line(qtbot, services: Services) -> None:
    """Issue 16: the plant fills in behind a line in the status bar, no modal dialog: the
    window stays in use meanwhile."""
    window = open_window(qtbot, services)
    outcome: list[object] = []
    progress_values: list[int] = []
    task = gui.load_demo(window, services, on_done=outcome.append, months=1)
    line = window.statusBar().findChild(gui.DemoProgressLine, "DemoProgress")
    assert line is not None and line.isVisible()
    assert QApplication.activeModalWidget() is None
    task.progress.connect(lambda done, total: progress_values.append(done))
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    assert task.error is None, task.traceback_text
    assert outcome and outcome[0].people > 0
    assert progress_values
    qtbot.waitUntil(lambda: window.findChild(gui.DemoProgressLine, "DemoProgress") is None)
    assert window.statusBar().currentMessage() == "Demo data loaded."
    info = window.findChild(QMessageBox, "InfoBox")
    assert info is not None and "PINs are" in info.text()
    qtbot.waitUntil(lambda: len(window.who_picker.people) > 0, timeout=20_000)
    assert not services.people.is_empty()


def test_run_gui_refuses_a_database_it_did_not_make(qtbot, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    monkeypatch.setattr(QApplication, "exec", lambda app: pytest.fail("the event loop ran"))
    paths = resolve_paths(db_url=f"sqlite:///{foreign}", data_dir=tmp_path / "data")
    assert gui.run_gui(paths) == 1
    assert shown and "is not a Kaizen database" in shown[0]


def test_run_gui_opens_the_window_and_offers_the_first_run(qtbot, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    paths = resolve_paths(data_dir=tmp_path / "data")
    seen: dict[str, object] = {}

    def fake_exec(app: QApplication) -> int:
        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen["window"] = windows[-1]
        dialog = _first_run_dialog(qtbot, windows[-1])
        seen["dialog"] = dialog.windowTitle()
        dialog.reject()
        windows[-1].close()
        windows[-1].deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert gui.run_gui(paths) == 0
    assert seen["dialog"] == "Welcome to Kaizen"
    assert (tmp_path / "data" / "kaizen.db").exists()
    check = Database(paths.db_url)
    assert migrate.schema_status(check).state is migrate.SchemaState.CURRENT
    check.dispose()
