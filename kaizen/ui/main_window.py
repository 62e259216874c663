"""The main window: a sidebar of views, the page stack, the toolbar and the status bar.

The sidebar is a ``QListView`` over a ``QStandardItemModel`` (one row per view, in ``VIEWS``
order) that switches a ``QStackedWidget``; Ctrl+1 … Ctrl+7 do the same from the keyboard. The
toolbar carries the app title and the "Who is working" picker; the status bar shows the database
and the person working. The window geometry is kept in QSettings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QItemSelectionModel,
    QModelIndex,
    QSettings,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from kaizen.ui import resources
from kaizen.ui.capture import CaptureDialog
from kaizen.ui.capture.idea_form import IdeaDialog
from kaizen.ui.capture.observation_form import ObservationDialog
from kaizen.ui.views import ViewPage
from kaizen.ui.views.dashboard import DashboardView
from kaizen.ui.views.ideas import IdeasView
from kaizen.ui.views.measurements import MeasurementsView
from kaizen.ui.views.pdca_board import PdcaBoardView
from kaizen.ui.views.people_areas import PeopleAreasView
from kaizen.ui.views.reports import ReportsView
from kaizen.ui.views.waste_walk import WasteWalkView
from kaizen.ui.who_picker import WhoPicker

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.dashboard import Drilldown
    from kaizen.services.people import PersonInfo

APP_TITLE = "Kaizen"
DEFAULT_SIZE = QSize(1280, 800)
MINIMUM_SIZE = QSize(1024, 680)
SIDEBAR_WIDTH = 224
GEOMETRY_KEY = "mainWindow/geometry"

VIEWS: tuple[type[ViewPage], ...] = (
    DashboardView,
    IdeasView,
    WasteWalkView,
    PdcaBoardView,
    MeasurementsView,
    ReportsView,
    PeopleAreasView,
)
VIEW_ROLE = Qt.ItemDataRole.UserRole + 1
READ_ONLY_TIP = "This database is open read-only"
NEEDS_PERSON = "Pick who is working first"
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

    def __init__(self, services: Services, *, db_location: str = "",
                 read_only_message: str | None = None, restore_person: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.services = services
        self.setWindowTitle(APP_TITLE)
        self.setWindowIcon(resources.app_icon())
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(DEFAULT_SIZE)

        # Only the first view is built now; the others on first use (page_at): building and
        # styling all seven took about 0.9 s of CPU before the window could paint.
        self._pages: list[ViewPage | None] = [None] * len(VIEWS)
        self._person: PersonInfo | None = None
        self.stack = QStackedWidget()
        self.stack.setObjectName("PageStack")
        for _view in VIEWS:
            self.stack.addWidget(QWidget())
        self.page_at(0)

        self.sidebar_model = QStandardItemModel(self)
        self.sidebar = self._build_sidebar()
        self.who_picker = WhoPicker(services, restore_last=restore_person)
        self.who_picker.personChanged.connect(self._on_person_changed)
        self.capture_dialog: CaptureDialog | None = None
        self.read_only = bool(read_only_message)
        self.toolbar = self._build_toolbar()
        self.view_actions = self._build_view_shortcuts()

        self.read_only_banner: QFrame | None = None
        central = QWidget()
        central.setObjectName("Central")
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.sidebar)
        body.addWidget(self.stack, 1)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        if read_only_message:
            self.read_only_banner = self._build_banner(read_only_message)
            outer.addWidget(self.read_only_banner)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel(f"Database: {db_location}" if db_location else "")
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
        self.show_view(0)
        self.sidebar.setFocus()
        self.who_picker.reload()

    # -- public -------------------------------------------------------------------------------
    @property
    def current_person(self) -> PersonInfo | None:
        return self.who_picker.current_person

    @property
    def current_index(self) -> int:
        return self.stack.currentIndex()

    @property
    def pages(self) -> list[ViewPage]:
        """Every view, in VIEWS order (builds those not built yet)."""
        return [self.page_at(index) for index in range(len(VIEWS))]

    def built_pages(self) -> list[ViewPage]:
        """The views built so far."""
        return [page for page in self._pages if page is not None]

    def page_at(self, index: int) -> ViewPage:
        """View ``index`` (in VIEWS order), built and put in the stack on first use."""
        page = self._pages[index]
        if page is not None:
            return page
        page = VIEWS[index](self.services)
        self._pages[index] = page
        placeholder = self.stack.widget(index)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        if current == index:
            self.stack.setCurrentIndex(index)
        page.set_person(self._person)
        if isinstance(page, PeopleAreasView):
            # People added or renamed on the admin page must appear in the picker at once.
            page.peopleChanged.connect(self.who_picker.reload)
        if isinstance(page, DashboardView):
            page.drilldownRequested.connect(self.open_drilldown)
        return page

    def open_drilldown(self, drill: Drilldown) -> None:
        """Show the list behind a dashboard figure in the view that lists such rows."""
        view: type[ViewPage]
        if (ideas := drill.idea_filter()) is not None:
            view = IdeasView
            page = self.page(view)
            assert isinstance(page, IdeasView)
            page.show_filter(ideas)
        elif (observations := drill.observation_filter()) is not None:
            view = WasteWalkView
            page = self.page(view)
            assert isinstance(page, WasteWalkView)
            page.show_filter(observations)
        elif (cards := drill.board_filter()) is not None:
            view = PdcaBoardView
            page = self.page(view)
            assert isinstance(page, PdcaBoardView)
            page.show_filter(cards)
        elif drill.target == "savings" and drill.month_to is not None:
            # The validated savings of a month are the ledger section of that month's report.
            view = ReportsView
            page = self.page(view)
            assert isinstance(page, ReportsView)
            page.show_month(drill.month_to, drill.area_id)
        else:
            return
        self.show_view(VIEWS.index(view))

    def current_page(self) -> ViewPage:
        return self.page_at(self.stack.currentIndex())

    def page(self, view: type[ViewPage]) -> ViewPage:
        return self.page_at(VIEWS.index(view))

    def show_view(self, index: int) -> None:
        """Show view ``index`` (0-based, in VIEWS order), select it in the sidebar, refresh it."""
        if not 0 <= index < len(VIEWS):
            return
        selection = self.sidebar.selectionModel()
        model_index = self.sidebar_model.index(index, 0)
        if selection.currentIndex() != model_index:
            # Routed through the sidebar selection so mouse, keys and code all end up here.
            selection.setCurrentIndex(model_index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            return
        changed = self.stack.currentIndex() != index
        page = self.page_at(index)
        self.stack.setCurrentIndex(index)
        page.refresh()
        if changed:
            self.currentViewChanged.emit(index)

    def refresh(self) -> None:
        """Data changed underneath (demo loaded, site set up): reload the picker and the page."""
        self.who_picker.reload()
        self.current_page().refresh()

    # -- building -----------------------------------------------------------------------------
    def _build_sidebar(self) -> QListView:
        for number, view in enumerate(VIEWS, start=1):
            item = QStandardItem(
                resources.icon(view.icon_name, resources.MUTED, selected_color=resources.ACCENT),
                view.title,
            )
            item.setEditable(False)
            item.setData(number - 1, VIEW_ROLE)
            item.setToolTip(f"{view.title} (Ctrl+{number})")
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
        sidebar.setAccessibleName("Views")
        # Bound methods, not lambdas capturing self: PySide may crash when a lambda holding a
        # widget is released while that widget's children are being destroyed.
        sidebar.selectionModel().currentChanged.connect(self._on_sidebar_changed)
        return sidebar

    def _on_sidebar_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_view(current.row())

    def _build_toolbar(self) -> QToolBar:
        toolbar = QToolBar("Main toolbar")
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
                                                      resources.ACCENT), "New idea", self)
        self.new_idea_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_idea_action.triggered.connect(self.open_idea_form)
        self.log_waste_action = QAction(resources.icon("mdi6.shoe-print", resources.ACCENT),
                                        "Log waste", self)
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
        self._open_capture(IdeaDialog)

    def open_observation_form(self) -> None:
        self._open_capture(ObservationDialog)

    def _open_capture(self, form: type[CaptureDialog]) -> None:
        person = self.current_person
        if person is None or self.capture_dialog is not None:
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
        self.refresh()

    def _on_capture_closed(self, _result: int) -> None:
        self.capture_dialog = None

    def _build_view_shortcuts(self) -> list[QAction]:
        actions = []
        for number, view in enumerate(VIEWS, start=1):
            action = QAction(view.title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setData(number - 1)
            action.triggered.connect(self._on_view_action)
            self.addAction(action)
            actions.append(action)
        return actions

    def _on_view_action(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.show_view(int(action.data()))

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
        for page in self.built_pages():
            page.set_person(person)
        if person is None:
            self.person_label.setText("Nobody picked as working")
        else:
            self.person_label.setText(f"Working: {person.name} ({person.role.label})")
        for action in (self.new_idea_action, self.log_waste_action):
            # A read-only database would refuse the save only after the whole form was typed.
            action.setEnabled(person is not None and not self.read_only)
            if self.read_only:
                action.setToolTip(READ_ONLY_TIP)
            else:
                action.setToolTip(NEEDS_PERSON if person is None
                                  else f"{action.text()} ({action.shortcut().toString()})")

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

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry()
        super().closeEvent(event)
