"""The start-up path of issue 8: the window paints before the database code is imported, shows a
"Loading…" dashboard, and takes its services once the database is open; a database at the head
revision is opened without Alembic; the icons are qtawesome's glyphs without qtawesome."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel

from kaizen.config import REPO_ROOT, resolve_paths
from kaizen.db import migrate
from kaizen.db.engine import Database
from kaizen.services import Services
from kaizen.ui import app as gui
from kaizen.ui import resources, worker
from kaizen.ui.main_window import VIEW_SPECS, MainWindow, view_classes
from kaizen.ui.views.dashboard import DashboardView
from kaizen.ui.views.dashboard_cards import CARDS
from kaizen.ui.views.ideas import IdeasView
from kaizen.ui.views.loading_page import LoadingPage
from ui.helpers import Team, click_list_row

VIEWS = view_classes()  # the view classes, in the sidebar's order

HEAVY = ("sqlalchemy", "alembic", "qtawesome", "qtpy", "matplotlib", "scipy", "numpy",
         "kaizen.services", "kaizen.db.engine")


def _run_python(code: str, tmp_path: Path) -> dict[str, object]:
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=REPO_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_first_window_paints_without_the_database_code(tmp_path: Path) -> None:
    """What run_gui shows first needs only Qt: no SQLAlchemy, Alembic, qtawesome, matplotlib or
    services are imported to build, style and paint it."""
    shot = tmp_path / "loading.png"
    found = _run_python(f"""
import json, sys
from kaizen.ui.app import ensure_application
from kaizen.ui.main_window import MainWindow
app = ensure_application()
window = MainWindow(None, db_location="/data/kaizen.db")
window.show()
app.processEvents()
image = window.grab()
image.save({str(shot)!r})
print(json.dumps({{"loaded": sorted(m for m in {HEAVY!r} if m in sys.modules),
                  "loading": window.is_loading, "null": image.isNull()}}))
""", tmp_path)
    assert found == {"loaded": [], "loading": True, "null": False}
    assert shot.stat().st_size > 10_000  # sidebar, toolbar and skeleton cards were drawn


def test_the_view_specs_name_the_view_classes() -> None:
    assert len(VIEW_SPECS) == len(VIEWS)
    for spec, view in zip(VIEW_SPECS, VIEWS, strict=True):
        assert (spec.title, spec.icon_name) == (view.title, view.icon_name)
        assert spec.load() is view


def test_the_loading_window_keeps_the_view_picked_and_shows_it_once_open(
        qtbot, services: Services, team: Team) -> None:
    window = MainWindow(None, db_location="/data/kaizen.db", restore_person=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    loading = window.stack.currentWidget()
    assert isinstance(loading, LoadingPage) and window.is_loading
    assert loading.title_label.text() == "Dashboard"
    assert "Opening the database" in loading.subtitle_label.text()
    assert not window.who_picker.isEnabled()
    assert not window.new_idea_action.isEnabled()
    window.refresh()  # nothing to reload yet, and no error
    click_list_row(qtbot, window.sidebar, 1)
    assert window.stack.currentWidget() is loading  # still loading, now for the Ideas
    assert loading.title_label.text() == "Ideas" and window.current_index == 1
    assert window.built_pages() == []

    window.attach_services(services)
    ideas = window.stack.currentWidget()
    assert isinstance(ideas, IdeasView) and not window.is_loading
    assert window.stack.count() == len(VIEW_SPECS)
    assert [type(page) for page in window.built_pages()] == [IdeasView]
    assert window.sidebar.currentIndex().row() == 1
    assert window.who_picker.isEnabled()
    qtbot.waitUntil(lambda: len(window.who_picker.people) == len(team.active), timeout=30_000)
    with pytest.raises(RuntimeError):
        window.attach_services(services)
    window.show_view(0)
    assert isinstance(window.stack.currentWidget(), DashboardView)
    qtbot.waitUntil(lambda: worker.active_tasks() == 0, timeout=60_000)


def test_the_first_dashboard_is_built_in_parts_behind_the_skeleton_and_shown_whole(
        qtbot, services: Services, team: Team) -> None:
    """Issue 21: at start the dashboard is made a part per event-loop turn (one go held the GUI
    thread 40-50 ms); the skeleton (or the kept picture) stays until the page is whole, and
    the page then works as one made in one go: its cards, its figures, Ctrl+1 on its first
    card."""
    window = MainWindow(None, db_location="/data/kaizen.db", restore_person=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    loading = window.loading_page
    window.attach_services(services)
    page = window.page_at(0)
    assert isinstance(page, DashboardView) and not page.built
    assert window.stack.currentWidget() is loading  # no half-built page on screen
    seen: list[tuple[bool, bool]] = []
    steps = QTimer(window)
    steps.timeout.connect(lambda: seen.append((page.built, window.loading_page is None)))
    steps.start(0)
    qtbot.waitUntil(lambda: window.loading_page is None, timeout=30_000)
    steps.stop()
    assert page.built and window.stack.currentWidget() is page
    assert (False, True) not in seen  # never the page without all its parts
    assert [card.spec.key for card in page.cards.values()] == [spec.key for spec in CARDS]
    assert all(card.isVisible() for card in page.cards.values())
    qtbot.waitUntil(lambda: page.figures is not None and not page.savings_chart.is_loading
                    and not page.pareto_chart.is_loading, timeout=60_000)
    assert page.cards["ideas_submitted"].value_text != "…"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.sidebar.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.sidebar)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.focus_target()
    qtbot.waitUntil(lambda: worker.active_tasks() == 0, timeout=60_000)


def test_run_gui_shows_the_window_before_it_opens_the_database_off_the_gui_thread(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = resolve_paths(data_dir=tmp_path / "data")
    seen: dict[str, object] = {}
    real_open = gui._open_database
    real_attach = MainWindow.attach_services

    def open_database(paths_):  # noqa: ANN001, ANN202
        seen["open_on_main"] = threading.current_thread() is threading.main_thread()
        return real_open(paths_)

    def attach(window: MainWindow, services: Services, **kwargs: object) -> None:
        seen["visible_while_loading"] = window.isVisible() and window.is_loading
        real_attach(window, services, **kwargs)  # type: ignore[arg-type]

    order: list[str] = []
    real_first_paint = gui.wait_first_paint
    real_imports = gui._import_for_start

    def first_paint(window: MainWindow) -> bool:
        painted = real_first_paint(window, 60_000)
        order.append("painted" if painted else "not painted")
        return painted

    def imports() -> None:
        order.append("imports")
        real_imports()

    def fake_exec(app: QApplication) -> int:
        [window] = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)
                    and w.isVisible()]
        # The dashboard is built a part per event-loop turn (issue 21), then shown whole.
        qtbot.waitUntil(lambda: window.loading_page is None, timeout=30_000)
        dashboard = window.stack.currentWidget()
        seen["dashboard"] = isinstance(dashboard, DashboardView) and dashboard.built
        qtbot.waitUntil(lambda: worker.active_tasks() == 0, timeout=30_000)
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(gui, "_open_database", open_database)
    monkeypatch.setattr(MainWindow, "attach_services", attach)
    monkeypatch.setattr(gui, "start_first_run", lambda *a, **k: None)
    monkeypatch.setattr(QApplication, "exec", fake_exec)
    monkeypatch.setattr(gui, "wait_first_paint", first_paint)
    monkeypatch.setattr(gui, "_import_for_start", imports)
    assert gui.run_gui(paths) == 0
    assert seen == {"open_on_main": False, "visible_while_loading": True, "dashboard": True}
    # Issue 21: the first picture is painted before the start-up imports take the GIL.
    assert order == ["painted", "imports"]


def test_the_first_paint_wait_ends_at_the_paint_or_at_its_limit(qtbot) -> None:
    shown = QLabel("The dashboard as of 09:14 today")
    qtbot.addWidget(shown)
    shown.show()
    assert gui.wait_first_paint(shown, 60_000) is True
    never_shown = QLabel("hidden")
    qtbot.addWidget(never_shown)
    assert gui.wait_first_paint(never_shown, 20) is False


def test_a_failed_open_closes_the_loading_window(qtbot, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    monkeypatch.setattr(gui, "_fatal", lambda message: None)
    monkeypatch.setattr(QApplication, "exec", lambda app: pytest.fail("the event loop ran"))
    paths = resolve_paths(db_url=f"sqlite:///{foreign}", data_dir=tmp_path / "data")
    assert gui.run_gui(paths) == 1
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, MainWindow) and w.isVisible()]


# --- the schema check without Alembic --------------------------------------------------------


def test_the_head_read_from_the_files_is_alembics() -> None:
    assert migrate.known_head() == migrate.head_revision()


@pytest.mark.sqlite_only(reason="opens the test's SQLite file in a second process")
def test_a_database_at_the_head_opens_without_importing_alembic(db: Database, db_path: Path,
                                                                 tmp_path: Path) -> None:
    db.dispose()
    found = _run_python(f"""
import json, sys
from kaizen.db.engine import Database
from kaizen.db.migrate import prepare_database

db = Database("sqlite:///{db_path}")
status = prepare_database(db, None)
print(json.dumps({{"state": status.state.value, "alembic": "alembic" in sys.modules}}))
""", tmp_path)
    assert found == {"state": "current", "alembic": False}


def test_a_database_behind_the_head_is_still_upgraded(db: Database, tmp_path: Path) -> None:
    head = migrate.head_revision()
    migrate.downgrade(db, "0003")
    assert migrate.schema_status(db).state is migrate.SchemaState.OLDER
    status = migrate.prepare_database(db, tmp_path / "backups")
    assert status.state is migrate.SchemaState.CURRENT and status.current == head


def test_a_newer_database_is_not_taken_for_the_head(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    status = migrate.prepare_database(db, None)
    assert status.state is migrate.SchemaState.NEWER and db.read_only


# --- icons ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["mdi6.view-dashboard-outline", "mdi6.lightbulb-on-outline",
                                  "mdi6.account-lock-outline", "mdi6.snail"])
def test_icons_are_drawn_as_qtawesome_draws_them(qapp, name: str) -> None:
    import qtawesome

    gui.ensure_application()
    ours = resources.icon(name, resources.MUTED, selected_color=resources.ACCENT)
    theirs = qtawesome.icon(name, color=resources.MUTED, color_selected=resources.ACCENT)
    for size in (18, 20, 28):
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Disabled):
            mine = ours.pixmap(QSize(size, size), mode).toImage()
            assert not mine.isNull()
            assert mine == theirs.pixmap(QSize(size, size), mode).toImage(), (name, size, mode)


def test_an_unknown_icon_name_is_refused(qapp) -> None:
    with pytest.raises(KeyError, match="no icon named"):
        resources.icon("mdi6.no-such-icon-here")
