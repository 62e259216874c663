"""The main window: a sidebar of views, the page stack, the toolbar and the status bar.

The sidebar is a ``QListView`` over a ``QStandardItemModel`` (one row per view, in ``VIEW_SPECS``
order) that switches a ``QStackedWidget``; Ctrl+1 … Ctrl+9 and Ctrl+0 do the same from the
keyboard. The toolbar carries the app title and the "Who is working" picker; the status bar shows
the database and the person working. The window geometry is kept in QSettings.

Start-up (issue 8): the window can be built before the database is open (``services=None``): it
shows the sidebar, the toolbar and a "Loading…" dashboard skeleton, and this module imports no
view, no service and no SQLAlchemy for that. :meth:`MainWindow.attach_services` then builds the
real dashboard, a part per event-loop turn behind that page (issue 21: the GUI thread never held
over 50 ms), and shows it once it is whole. The view classes are imported on first use
(:func:`view_classes` imports them all).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QItemSelectionModel,
    QModelIndex,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui import resources
from kaizen.ui.idle import IdleSignOut
from kaizen.ui.views import ViewPage, translated
from kaizen.ui.views.last_dashboard import load_snapshot, save_snapshot
from kaizen.ui.views.last_dashboard import pixmap as snapshot_pixmap
from kaizen.ui.views.loading_page import LoadingPage
from kaizen.ui.who_picker import WhoPicker
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.dashboard import Drilldown
    from kaizen.services.people import PersonInfo
    from kaizen.ui.capture import CaptureDialog
    from kaizen.ui.help_dialog import HelpDialog

APP_TITLE = "Kaizen"
DEFAULT_SIZE = QSize(1280, 800)
MINIMUM_SIZE = QSize(1024, 680)
SIDEBAR_WIDTH = 224
GEOMETRY_KEY = "mainWindow/geometry"
# Between two parts of the first view built at start: a timer, not a posted call, so the
# window's own events (paints, input) are served between them.
BUILD_STEP_MS = 1


@dataclass(frozen=True, slots=True)
class ViewSpec:
    """Where a view's class lives, and what the sidebar shows for it before it is imported
    (tests/ui/test_startup.py checks these against the classes)."""

    module: str
    name: str
    title: str
    icon_name: str

    @property
    def label(self) -> str:
        """The title in the language of the work (the sidebar, the shortcuts, the skeleton)."""
        return translated("ui.main_window", self.title)

    def load(self) -> type[ViewPage]:
        view = getattr(importlib.import_module(self.module), self.name)
        assert issubclass(view, ViewPage)
        return view


# The titles are marked here too: the sidebar names the views before importing them.
VIEW_SPECS: tuple[ViewSpec, ...] = (
    ViewSpec("kaizen.ui.views.dashboard", "DashboardView",
             QT_TRANSLATE_NOOP("ui.main_window", "Dashboard"), "mdi6.view-dashboard-outline"),
    ViewSpec("kaizen.ui.views.ideas", "IdeasView",
             QT_TRANSLATE_NOOP("ui.main_window", "Ideas"), "mdi6.lightbulb-on-outline"),
    ViewSpec("kaizen.ui.views.waste_walk", "WasteWalkView",
             QT_TRANSLATE_NOOP("ui.main_window", "Waste walk"), "mdi6.shoe-print"),
    ViewSpec("kaizen.ui.views.pdca_board", "PdcaBoardView",
             QT_TRANSLATE_NOOP("ui.main_window", "PDCA board"), "mdi6.autorenew"),
    ViewSpec("kaizen.ui.views.measurements", "MeasurementsView",
             QT_TRANSLATE_NOOP("ui.main_window", "Measurements"), "mdi6.chart-bell-curve"),
    ViewSpec("kaizen.ui.views.reports", "ReportsView",
             QT_TRANSLATE_NOOP("ui.main_window", "Reports"), "mdi6.file-chart-outline"),
    ViewSpec("kaizen.ui.views.process_maps", "ProcessMapsView",
             QT_TRANSLATE_NOOP("ui.main_window", "Process maps"), "mdi6.sitemap-outline"),
    ViewSpec("kaizen.ui.mining.view", "MiningView",
             QT_TRANSLATE_NOOP("ui.main_window", "Process mining"), "mdi6.graph-outline"),
    ViewSpec("kaizen.ui.simulation.view", "SimulationView",
             QT_TRANSLATE_NOOP("ui.main_window", "What-if"), "mdi6.flask-outline"),
    ViewSpec("kaizen.ui.views.people_areas", "PeopleAreasView",
             QT_TRANSLATE_NOOP("ui.main_window", "People & areas"), "mdi6.account-group-outline"),
    ViewSpec("kaizen.ui.inbox.view", "InboxView",
             QT_TRANSLATE_NOOP("ui.main_window", "Inbox"), "mdi6.inbox-arrow-down-outline"),
)
(DASHBOARD, IDEAS, WASTE_WALK, PDCA_BOARD, MEASUREMENTS, REPORTS, PROCESS_MAPS, MINING,
 WHAT_IF, PEOPLE, INBOX) = range(len(VIEW_SPECS))


def preload_modules(modules: list[str]) -> int:
    """Import ``modules`` (on a worker thread); how many were new. A module that fails to
    import is left for its view to report when it is shown."""
    import sys

    fresh = 0
    for name in modules:
        if name in sys.modules:
            continue
        try:
            importlib.import_module(name)
            fresh += 1
        except Exception:  # noqa: BLE001 (shown by the view that needs it, on the GUI thread)
            continue
    return fresh


def view_classes() -> tuple[type[ViewPage], ...]:
    """The view classes in sidebar order (imports them all)."""
    return tuple(spec.load() for spec in VIEW_SPECS)


VIEW_ROLE = Qt.ItemDataRole.UserRole + 1
READ_ONLY_TIP = QT_TRANSLATE_NOOP("ui.main_window", "This database is open read-only")
NEEDS_PERSON = QT_TRANSLATE_NOOP("ui.main_window", "Pick who is working first")
SAVED_MESSAGE_MS = 6000
CAPTURE_BUTTON_STYLE = """
QToolButton { color: #0b5d56; font-weight: 600; padding: 5px 12px 5px 8px;
              border: 1px solid transparent; border-radius: 8px; }
QToolButton:hover { background: #e6f3f1; border-color: #d5ece9; }
QToolButton:pressed { background: #d5ece9; }
QToolButton:disabled { color: #98a2b3; }
"""


class MainWindow(QMainWindow):
    """The app window. ``currentViewChanged(int)`` fires when another view is shown."""

    currentViewChanged = Signal(int)

    def __init__(self, services: Services | None, *, db_location: str = "",
                 read_only_message: str | None = None, restore_person: bool = True,
                 last_dashboard: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.services: Services | None = None
        self.setWindowTitle(APP_TITLE)
        self.setWindowIcon(resources.app_icon())
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(DEFAULT_SIZE)

        # Only the first view is built now; the others on first use (page_at): building and
        # styling all seven took about 0.9 s of CPU before the window could paint.
        self._pages: list[ViewPage | None] = [None] * len(VIEW_SPECS)
        self._person: PersonInfo | None = None
        self._wanted_view = 0
        # The first view while it is built a part per event-loop turn (its index and page).
        self._building: tuple[int, ViewPage] | None = None
        self.stack = QStackedWidget()
        self.stack.setObjectName("PageStack")
        for _spec in VIEW_SPECS:
            self.stack.addWidget(QWidget())
        # Until the database is open: a dashboard skeleton saying so, after the real pages.
        self.loading_page: LoadingPage | None = None
        # The start holds the GUI thread's garbage collections until the first view is filled
        # and the views' code imported and frozen (see _preload_after; issue 21).
        self._release_collections: Callable[[], None] | None = None
        if services is None:
            from kaizen.ui import worker

            self._release_collections = worker.hold_collections()
            self.destroyed.connect(self._release_collections)
            self.loading_page = LoadingPage(VIEW_SPECS[DASHBOARD].label)
            self.stack.addWidget(self.loading_page)
            self.stack.setCurrentWidget(self.loading_page)
        # Where the dashboard is kept as a picture at close, shown at the next start (issue 21).
        self._last_dashboard = last_dashboard
        self._db_location = db_location
        if self.loading_page is not None:
            snapshot = load_snapshot(last_dashboard, db_location)
            if snapshot is not None:
                self.loading_page.show_snapshot(snapshot_pixmap(snapshot), snapshot.caption())

        self.sidebar_model = QStandardItemModel(self)
        self.sidebar = self._build_sidebar()
        self.who_picker = WhoPicker(services, restore_last=restore_person)  # type: ignore[arg-type]
        self.who_picker.personChanged.connect(self._on_person_changed)
        self.idle = IdleSignOut(self.who_picker, parent=self)
        self.idle.signedOut.connect(self._on_idle_signed_out)
        self.capture_dialog: CaptureDialog | None = None
        self.read_only = False
        self.toolbar = self._build_toolbar()
        self.view_actions = self._build_view_shortcuts()
        self.help_dialog: HelpDialog | None = None
        self.help_action = QAction(translate("ui.main_window", "Help"), self)
        self.help_action.setShortcut(QKeySequence("F1"))
        self.help_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.help_action.triggered.connect(self.show_help)
        self.addAction(self.help_action)
        # F1 in a dialog (they have no F1 of their own): each window gets its own shortcut.
        from kaizen.ui.help_dialog import install_help_key

        install_help_key()

        self.read_only_banner: QFrame | None = None
        central = QWidget()
        central.setObjectName("Central")
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.sidebar)
        body.addWidget(self.stack, 1)
        self._outer = QVBoxLayout(central)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._outer.setSpacing(0)
        self._outer.addLayout(body, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel(translate("ui.main_window", "Database: {location}").format(
            location=db_location) if db_location else "")
        self.db_label.setObjectName("StatusText")
        self.db_label.setTextFormat(Qt.TextFormat.PlainText)
        self.db_label.setToolTip(db_location)
        self.person_label = QLabel("")
        self.person_label.setObjectName("StatusText")
        self.person_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().setSizeGripEnabled(False)
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.person_label)
        self._on_person_changed(None)

        self._restore_geometry()
        if services is None:
            self.who_picker.setEnabled(False)
            self.who_picker.setToolTip(translate("ui.main_window", "Opening the database…"))
            self._select_in_sidebar(DASHBOARD)
        else:
            self.attach_services(services, read_only_message=read_only_message)
        self.sidebar.setFocus()

    # -- public -------------------------------------------------------------------------------
    @property
    def is_loading(self) -> bool:
        """True until :meth:`attach_services` (the database is still being opened)."""
        return self.services is None

    def attach_services(self, services: Services, *,
                        read_only_message: str | None = None) -> None:
        """The database is open: build the dashboard in place of the skeleton, load the people
        and show the view picked meanwhile."""
        if self.services is not None:
            raise RuntimeError("The window already has its services.")
        self.services = services
        self.read_only = bool(read_only_message)
        if read_only_message:
            self.read_only_banner = self._build_banner(read_only_message)
            self._outer.insertWidget(0, self.read_only_banner)
        from kaizen.ui.inbox.badge import InboxBadge

        self.inbox_badge = InboxBadge(services, self.sidebar_model.item(INBOX),
                                      VIEW_SPECS[INBOX].label, self)
        self.currentViewChanged.connect(lambda _index: self.inbox_badge.reload())
        self.who_picker.services = services
        self.who_picker.setEnabled(True)
        self.who_picker.setToolTip("")
        self._on_person_changed(self._person)  # the capture actions follow read_only
        view = VIEW_SPECS[self._wanted_view].load()
        if self.loading_page is not None and hasattr(view, "build_step"):
            # The start (issue 21): the first view is built a part per event-loop turn behind
            # the kept picture of the last dashboard, then shown whole (_build_more).
            self._building = (self._wanted_view, self._make_page(self._wanted_view, staged=True))
            QTimer.singleShot(BUILD_STEP_MS, self, self._build_more)
            return
        self._show_first_view()

    def _build_more(self) -> None:
        """One more part of the first view; once it is whole, it takes the skeleton's place."""
        if self._building is None:
            return
        index, page = self._building
        if page.build_step():  # type: ignore[attr-defined]
            QTimer.singleShot(BUILD_STEP_MS, self, self._build_more)
            return
        self._building = None
        self._page_built(index, page)
        # Shown in a turn of its own: its first paint is the largest piece of the start.
        QTimer.singleShot(BUILD_STEP_MS, self, self._swap_in_first_view)

    def _swap_in_first_view(self) -> None:
        self._show_first_view(paint_first=True)

    def _show_first_view(self, *, paint_first: bool = False) -> None:
        """The end of :meth:`attach_services`: the view picked meanwhile (the dashboard, unless
        another one was clicked) in place of the skeleton, its data read and the people loaded.
        ``paint_first``: the reads start once the page is painted (a timer fires after the
        paint already posted): a worker running Python beside the first paint of a whole page
        stretched it past 100 ms, each Qt call waiting for the GIL (issue 21)."""
        wanted = self._wanted_view
        first = self.page_at(wanted)
        self._preload_after(first)
        self.stack.setCurrentIndex(wanted)
        if self.loading_page is not None:
            self.stack.removeWidget(self.loading_page)
            self.loading_page.deleteLater()
            self.loading_page = None
        if paint_first:
            QTimer.singleShot(BUILD_STEP_MS, self, self._open_first_view)
        else:
            self._open_first_view()

    def _open_first_view(self) -> None:
        wanted = self._wanted_view
        if self.stack.currentIndex() != wanted:
            # Another view was picked meanwhile: it was shown (and read) then; this one is
            # read when it is shown.
            self.who_picker.reload()
            return
        current = self.sidebar.selectionModel().currentIndex()
        if current.isValid() and current.row() == wanted:
            self.show_view(wanted)
        else:
            self._select_in_sidebar(wanted)  # routed to show_view
        self.who_picker.reload()

    def _preload_after(self, first: ViewPage) -> None:
        """Once the first view has its data, import the other views' code in the worker.

        Importing a view's modules cost 25-70 ms of the GUI thread on its first show (issue
        21: never blocked over 50 ms); a pool thread does it instead, after the first screen is
        filled (the dashboard's ``settled``: its charts too) so it does not compete with it.
        Their modules create no Qt objects at import (no pixmaps, no fonts), so importing them
        off the GUI thread is safe; a view picked meanwhile imports on the GUI thread as before
        (Python's import lock serialises them).
        """
        from kaizen.ui import worker

        loaded = getattr(first, "settled", None) or getattr(first, "loaded", None)
        release = self._release_collections or (lambda: None)

        def frozen(_count: int) -> None:
            worker.freeze_long_lived()
            release()  # what the start made is frozen now: the collections are cheap again

        def start() -> None:
            if self._preload_started:
                return
            self._preload_started = True
            modules = [spec.module for spec in VIEW_SPECS]
            # Then the long-lived objects (the code) out of the full collections' walk.
            worker.run_in_background(lambda: preload_modules(modules), owner=self,
                                     on_success=frozen,
                                     on_failure=lambda _error: release(),
                                     name="preload views")

        self._preload_started = False
        if loaded is not None:
            loaded.connect(start)
        else:
            QTimer.singleShot(0, start)

    @property
    def current_person(self) -> PersonInfo | None:
        return self.who_picker.current_person

    @property
    def current_index(self) -> int:
        if self.loading_page is not None:
            return self._wanted_view
        return self.stack.currentIndex()

    @property
    def pages(self) -> list[ViewPage]:
        """Every view, in VIEW_SPECS order (builds those not built yet)."""
        return [self.page_at(index) for index in range(len(VIEW_SPECS))]

    def built_pages(self) -> list[ViewPage]:
        """The views built so far."""
        return [page for page in self._pages if page is not None]

    def page_at(self, index: int) -> ViewPage:
        """View ``index`` (in VIEW_SPECS order), built and put in the stack on first use."""
        page = self._pages[index]
        if page is not None:
            return page  # the first view may still be being built (see attach_services)
        if self.services is None:
            raise RuntimeError("The views are built once the database is open.")
        return self._make_page(index)

    def _make_page(self, index: int, *, staged: bool = False) -> ViewPage:
        """Build view ``index`` inside the stack; ``staged``: only its first part (the rest by
        its ``build_step``)."""
        view = VIEW_SPECS[index].load()
        # Made inside the stack: a page made without a parent and put in the window after
        # would have its whole tree styled again on the move (20 ms a view, issue 21).
        page = (view(self.services, self.stack, staged=True)  # type: ignore[call-arg]
                if staged else view(self.services, self.stack))
        # Asked of the instance's own attributes: a view built on first use makes its hidden
        # parts when a name it lacks is read from it (widgets/lazy_tabs.BuiltOnFirstUse).
        if self._last_dashboard is not None and "kept_charts" in vars(page):
            # The dashboard's charts are kept beside its picture (issue 21): shown again as
            # they were when their data has not changed, without matplotlib.
            from kaizen.ui.charts.kept import KeptCharts

            page.kept_charts = KeptCharts(self._last_dashboard.parent)
        self._pages[index] = page
        placeholder = self.stack.widget(index)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        if current == index:
            self.stack.setCurrentIndex(index)
        page.set_person(self._person)
        if index == PEOPLE:
            # People added or renamed on the admin page must appear in the picker at once.
            page.peopleChanged.connect(self.who_picker.reload)  # type: ignore[attr-defined]
            page.settingsChanged.connect(self._on_settings_changed)  # type: ignore[attr-defined]
        if index == INBOX:  # the badge follows the page's loads; its links open other views
            page.loaded.connect(self.inbox_badge.show_inbox)  # type: ignore[attr-defined]
            page.seriesRequested.connect(self.open_process_series)  # type: ignore[attr-defined]
            page.measuresRequested.connect(self.open_measurements)  # type: ignore[attr-defined]
        if index == PDCA_BOARD:
            page.measurementsRequested.connect(self.open_measurements)  # type: ignore[attr-defined]
        if index == DASHBOARD:
            page.drilldownRequested.connect(self.open_drilldown)  # type: ignore[attr-defined]
            page.stallsRequested.connect(self.open_idea_stalls)  # type: ignore[attr-defined]
        if not staged:
            self._page_built(index, page)
        return page

    def _page_built(self, index: int, page: ViewPage) -> None:
        """What is connected to a view's parts once they are all made."""
        if index == DASHBOARD:
            page.process_signals.seriesRequested.connect(  # type: ignore[attr-defined]
                self.open_process_series)

    def open_idea_stalls(self) -> None:
        """The dashboard's "Where ideas stall": Kaizen's own ideas mined as an event log."""
        self.page_at(MINING).show_own_process()  # type: ignore[attr-defined]
        self.show_view(MINING)

    def open_process_series(self, process_id: int, series_id: int | None) -> None:
        """A dashboard process signal: the process's KPIs, the series charted."""
        self.page_at(PROCESS_MAPS).open_series(process_id, series_id)  # type: ignore[attr-defined]
        self.show_view(PROCESS_MAPS)

    def open_measurements(self, idea_id: int, metric_id: int = 0) -> None:
        """The Measurements view on an idea (and one of its metrics): a card's Check tab link,
        an inbox's savings to validate."""
        self.page_at(MEASUREMENTS).select_idea(  # type: ignore[attr-defined]
            idea_id, metric_id or None)
        self.show_view(MEASUREMENTS)

    def open_drilldown(self, drill: Drilldown) -> None:
        """Show the list behind a dashboard figure in the view that lists such rows."""
        if (ideas := drill.idea_filter()) is not None:
            index = IDEAS
            self.page_at(index).show_filter(ideas)  # type: ignore[attr-defined]
        elif (observations := drill.observation_filter()) is not None:
            index = WASTE_WALK
            self.page_at(index).show_filter(observations)  # type: ignore[attr-defined]
        elif (cards := drill.board_filter()) is not None:
            index = PDCA_BOARD
            self.page_at(index).show_filter(cards)  # type: ignore[attr-defined]
        elif drill.target == "savings" and drill.month_to is not None:
            # The validated savings of a month are the ledger section of that month's report.
            index = REPORTS
            self.page_at(index).show_month(drill.month_to, drill.area_id)  # type: ignore[attr-defined]
        else:
            return
        self.show_view(index)

    def current_page(self) -> ViewPage:
        """The view shown (while the window starts: the one it is going to show)."""
        return self.page_at(self.current_index)

    def page(self, view: type[ViewPage]) -> ViewPage:
        for index, spec in enumerate(VIEW_SPECS):
            if (spec.module, spec.name) == (view.__module__, view.__name__):
                return self.page_at(index)
        raise LookupError(f"{view.__name__} is not a view of the main window.")

    def show_view(self, index: int) -> None:
        """Show view ``index`` (0-based, in VIEW_SPECS order), select it in the sidebar and
        refresh it."""
        if not 0 <= index < len(VIEW_SPECS):
            return
        selection = self.sidebar.selectionModel()
        model_index = self.sidebar_model.index(index, 0)
        if selection.currentIndex() != model_index:
            # Routed through the sidebar selection so mouse, keys and code all end up here.
            selection.setCurrentIndex(model_index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            return
        if self.loading_page is not None:
            # The database is still opening: remember the choice, keep saying "Loading…".
            self._wanted_view = index
            self.loading_page.set_title(VIEW_SPECS[index].label)
            return
        changed = self.stack.currentIndex() != index
        page = self.page_at(index)
        self.stack.setCurrentIndex(index)
        page.refresh()
        if changed:
            self.currentViewChanged.emit(index)

    def show_help(self) -> None:
        """F1: the offline help page of the view shown (kaizen/help/pages), or of the screen
        inside it holding the focus (the process map editor)."""
        from kaizen import help as help_pages
        from kaizen.ui.help_dialog import HelpDialog, help_target

        if self.help_dialog is None:
            self.help_dialog = HelpDialog(self)
        focus = QApplication.focusWidget()
        inner = help_target(focus) if focus is not None and self.isAncestorOf(focus) else None
        spec = VIEW_SPECS[self.current_index]
        self.help_dialog.show_target(inner or help_pages.VIEW_PAGES.get(spec.name,
                                                                        help_pages.INDEX))

    def refresh(self) -> None:
        """Data changed underneath (demo loaded, site set up): reload the picker and the page."""
        if self.services is None:
            return
        self.who_picker.reload()
        self.current_page().refresh()

    def _select_in_sidebar(self, index: int) -> None:
        self.sidebar.selectionModel().setCurrentIndex(
            self.sidebar_model.index(index, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # -- building -----------------------------------------------------------------------------
    def _build_sidebar(self) -> QListView:
        for number, view in enumerate(VIEW_SPECS, start=1):
            item = QStandardItem(
                resources.icon(view.icon_name, resources.MUTED, selected_color=resources.ACCENT),
                view.label,
            )
            item.setEditable(False)
            item.setData(number - 1, VIEW_ROLE)
            # The tenth: Ctrl+0; the views after it have no digit.
            item.setToolTip(f"{view.label} (Ctrl+{number % 10})"  # i18n: no
                            if number <= 10 else view.label)
            item.setSizeHint(QSize(SIDEBAR_WIDTH - 24, 40))
            self.sidebar_model.appendRow(item)
        sidebar = QListView()
        sidebar.setObjectName("Sidebar")
        sidebar.setModel(self.sidebar_model)
        sidebar.setFixedWidth(SIDEBAR_WIDTH)
        sidebar.setIconSize(QSize(20, 20))
        sidebar.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        sidebar.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        sidebar.setFrameShape(QFrame.Shape.NoFrame)
        sidebar.setSpacing(2)
        sidebar.setUniformItemSizes(True)
        sidebar.setAccessibleName(translate("ui.main_window", "Views"))
        # Bound methods, not lambdas capturing self: PySide may crash when a lambda holding a
        # widget is released while that widget's children are being destroyed.
        sidebar.selectionModel().currentChanged.connect(self._on_sidebar_changed)
        # Enter on an entry (activated): the keyboard goes on into the view (issue 16).
        sidebar.activated.connect(self._on_sidebar_activated)
        return sidebar

    def _on_sidebar_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_view(current.row())

    def _build_toolbar(self) -> QToolBar:
        toolbar = QToolBar(translate("ui.main_window", "Main toolbar"))
        toolbar.setObjectName("MainToolBar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.toggleViewAction().setEnabled(False)
        toolbar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)

        logo = QLabel()
        logo.setObjectName("AppLogo")
        logo.setPixmap(resources.app_icon().pixmap(QSize(28, 28)))
        title = QLabel(APP_TITLE)
        title.setObjectName("AppTitle")
        title.setTextFormat(Qt.TextFormat.PlainText)
        brand = QWidget()
        brand.setObjectName("Brand")
        brand_layout = QHBoxLayout(brand)
        brand_layout.setContentsMargins(6, 0, 0, 0)
        brand_layout.setSpacing(10)
        brand_layout.addWidget(logo)
        brand_layout.addWidget(title)
        toolbar.addWidget(brand)
        self._add_capture_actions(toolbar)

        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.who_picker)
        end_gap = QWidget()  # the toolbar's own padding does not reach past the last widget
        end_gap.setFixedWidth(8)
        toolbar.addWidget(end_gap)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        return toolbar

    def _add_capture_actions(self, toolbar: QToolBar) -> None:
        """"New idea" (Ctrl+N) and "Log waste" (Ctrl+W), enabled once someone is working."""
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setIconSize(QSize(20, 20))
        gap = QWidget()
        gap.setFixedWidth(28)
        toolbar.addWidget(gap)
        self.new_idea_action = QAction(resources.icon("mdi6.lightbulb-on-outline",
                                                      resources.ACCENT),
                                                      translate("ui.main_window", "New idea"), self)
        self.new_idea_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_idea_action.triggered.connect(self.open_idea_form)
        self.log_waste_action = QAction(resources.icon("mdi6.shoe-print", resources.ACCENT),
                                        translate("ui.main_window", "Log waste"), self)
        self.log_waste_action.setShortcut(QKeySequence("Ctrl+W"))
        self.log_waste_action.triggered.connect(self.open_observation_form)
        for action in (self.new_idea_action, self.log_waste_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            toolbar.addAction(action)
            button = toolbar.widgetForAction(action)
            button.setObjectName("CaptureAction")
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            # The app style sheet colours every QWidget's text, disabled ones included.
            button.setStyleSheet(CAPTURE_BUTTON_STYLE)

    def open_idea_form(self) -> None:
        from kaizen.ui.capture.idea_form import IdeaDialog

        self._open_capture(IdeaDialog)

    def open_observation_form(self) -> None:
        from kaizen.ui.capture.observation_form import ObservationDialog

        self._open_capture(ObservationDialog)

    def _open_capture(self, form: type[CaptureDialog]) -> None:
        person = self.current_person
        if person is None or self.capture_dialog is not None or self.services is None:
            return
        dialog = form(self.services, person, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.saved.connect(self._on_captured)
        dialog.finished.connect(self._on_capture_closed)
        self.capture_dialog = dialog
        dialog.open()

    def _on_captured(self, info: object) -> None:
        dialog = self.capture_dialog
        if dialog is not None:
            self.statusBar().showMessage(dialog.saved_message(info), SAVED_MESSAGE_MS)
        # A new idea or observation changes the page's records, not the people to pick from.
        if self.services is not None:
            self.current_page().refresh()

    def _on_capture_closed(self, _result: int) -> None:
        self.capture_dialog = None
        self.return_focus()

    def return_focus(self) -> None:
        """After a dialog: focus goes back into the current page (never into the toolbar)."""
        if self.services is None or self.loading_page is not None:
            return
        focus = self.focusWidget()
        page = self.current_page()
        if focus is not None and focus.isVisible() and page.isAncestorOf(focus):
            focus.setFocus()
            return
        target = page.focusProxy() or page.nextInFocusChain()
        if target is not None and page.isAncestorOf(target):
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.sidebar.setFocus()

    def _build_view_shortcuts(self) -> list[QAction]:
        actions = []
        for number, view in enumerate(VIEW_SPECS[:10], start=1):  # Ctrl+1 ... Ctrl+0
            action = QAction(view.label, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number % 10}"))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setData(number - 1)
            action.triggered.connect(self._on_view_action)
            self.addAction(action)
            actions.append(action)
        return actions

    def _on_sidebar_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.show_view(index.row())
            self.focus_view()

    def _on_view_action(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.show_view(int(action.data()))
            self.focus_view()

    def focus_view(self) -> None:
        """A view chosen by the keyboard (Ctrl+1…, Enter in the sidebar): the focus goes to its
        main widget (``ViewPage.focus_target``), not left on the sidebar: seven Tabs to the
        Ideas table before (issue 16). Never the "Who is working" box: it is not in a page.
        A mouse click on the sidebar leaves the focus where Qt puts it."""
        if self.services is None or self.loading_page is not None:
            return
        target = self.current_page().focus_target()
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _build_banner(self, message: str) -> QFrame:
        banner = QFrame()
        banner.setObjectName("ReadOnlyBanner")
        icon = QLabel()
        icon.setPixmap(resources.icon("mdi6.lock-alert-outline", resources.WARNING)
                       .pixmap(QSize(20, 20)))
        text = QLabel(message)
        text.setObjectName("BannerText")
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        row = QHBoxLayout(banner)
        row.setContentsMargins(16, 8, 16, 8)
        row.setSpacing(10)
        row.addWidget(icon)
        row.addWidget(text, 1)
        return banner

    # -- state --------------------------------------------------------------------------------
    def _on_person_changed(self, person: PersonInfo | None) -> None:
        self._person = person
        if person is not None and person.role.needs_pin and self.services is not None:
            self._read_idle_minutes()
        for page in self.built_pages():
            page.set_person(person)
        if self.services is not None:
            self.inbox_badge.set_person(person)
        if person is None:
            self.person_label.setText(translate("ui.main_window", "Nobody picked as working"))
        else:
            self.person_label.setText(translate("ui.main_window", "Working: {name} ({role})")
                                      .format(name=person.name, role=person.role.label))
        for action in (self.new_idea_action, self.log_waste_action):
            # A read-only database would refuse the save only after the whole form was typed.
            action.setEnabled(person is not None and not self.read_only
                              and self.services is not None)
            if self.read_only:
                action.setToolTip(translated("ui.main_window", READ_ONLY_TIP))
            else:
                action.setToolTip(translated("ui.main_window", NEEDS_PERSON) if person is None
                                  else f"{action.text()} ({action.shortcut().toString()})")

    def _read_idle_minutes(self) -> None:
        """The site's idle time for signing supervisors and admins out (read in the worker)."""
        people = self.services.people  # type: ignore[union-attr]
        run_in_background(lambda: people.settings().idle_signout_minutes,
                          on_success=self.idle.set_minutes, owner=self, name="idle minutes")

    def _on_settings_changed(self, settings: object) -> None:
        self.idle.set_minutes(settings.idle_signout_minutes)  # type: ignore[attr-defined]

    def _on_idle_signed_out(self, person: PersonInfo) -> None:
        minutes = self.idle.minutes
        message = (translate("ui.main_window", "{name} was signed out after {minutes} idle "
                             "minute (a site setting). Pick who is working to go on.")
                   if minutes == 1 else
                   translate("ui.main_window", "{name} was signed out after {minutes} idle "
                             "minutes (a site setting). Pick who is working to go on."))
        self.statusBar().showMessage(message.format(name=person.name, minutes=minutes))

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
            if self.width() < MINIMUM_SIZE.width() or self.height() < MINIMUM_SIZE.height():
                self.resize(DEFAULT_SIZE)

    def save_geometry(self) -> None:
        settings = QSettings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())

    def keep_dashboard(self) -> bool:
        """The filled dashboard as a picture for the next start (see last_dashboard.py)."""
        page = self._pages[DASHBOARD]
        if self._last_dashboard is None or page is None or self.is_loading:
            return False
        if getattr(page, "figures", None) is None or any(
                getattr(page, chart).is_loading for chart in ("savings_chart", "pareto_chart")):
            return False  # half-drawn or failed: the previous picture stays
        return save_snapshot(page, self._last_dashboard, self._db_location)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._release_collections is not None:
            self._release_collections()  # a window closed while starting holds nothing
        self.save_geometry()
        self.keep_dashboard()
        super().closeEvent(event)
