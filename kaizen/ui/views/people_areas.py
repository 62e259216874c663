"""People & areas: who works here (role, home area, PIN) and the area tree with its hourly rates.

Two tabs. **People**: a sortable table over :class:`PeopleTableModel` behind a
:class:`PeopleFilterProxy` (search by name as you type, show or hide inactive people), with Add
person (Ctrl+Shift+N), Edit (Enter or double-click), Deactivate / Reactivate and Set PIN.
**Areas**: a tree over :class:`AreaTreeModel` (own and effective hourly rate; show or hide
retired areas), with Add area under the selected one (Ctrl+Shift+N on this tab), Edit and
Retire / Restore. **Recognition** (issue 22): ideas implemented and savings per person and per
area this year (``recognition_tab``). "Site settings…" sits beside the tabs.

Everything is read in one background task, one service call in one read transaction
(``PeopleService.admin_overview``: people, all areas, settings); every change goes to
the people service through the worker, from a dialog in ``kaizen.ui.admin`` or straight from the
buttons for (de)activation, then the page reloads and keeps the selection on the same person or
area. Only admins may change anything: for anyone else the buttons are disabled with a tooltip
saying so, and should a change be reached anyway, the service's refusal is shown. The page emits
``peopleChanged`` after a change to people, so the window can reload the who-is-working picker.

Made in parts (issue 21: its first show was the longest GUI-thread stall of a walk through the
views): the page's frame first, the People tab's contents a turn after its first paint (the
overview, if read meanwhile, a turn after that), the Areas and Recognition tabs when first
opened or read, an empty state when first shown. Code reading a part not made yet (a shortcut, a
test) makes it at once, filled from the overview read last.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

from kaizen.domain.enums import AreaKind, Role
from kaizen.domain.errors import KaizenError
from kaizen.domain.numbers import format_number
from kaizen.i18n import QT_TRANSLATE_NOOP, current_language, translate
from kaizen.services.people import SiteSettings
from kaizen.ui import resources, worker
from kaizen.ui.admin import ONLY_ADMINS, PICK_PERSON_FIRST
from kaizen.ui.admin.area_dialog import AreaDialog
from kaizen.ui.admin.person_dialog import PersonDialog, SetPinDialog
from kaizen.ui.admin.settings_dialog import SettingsDialog
from kaizen.ui.admin.style import VIEW_STYLE
from kaizen.ui.form_op import FormSaver, Refusals, bar_message
from kaizen.ui.models.area_tree import (
    COL_EFFECTIVE_RATE,
    COL_KIND,
    COL_OWN_RATE,
    AreaTreeModel,
    rate_text,
    visible_areas,
)
from kaizen.ui.models.people_table import COL_NAME, PeopleFilterProxy, PeopleTableModel
from kaizen.ui.views import ViewPage, translated
from kaizen.ui.views.empty_state import EmptyState
from kaizen.ui.views.people_areas_parts import (
    list_below,
    out_of_sight,
    tab_rows,
    toggle_button,
    tool_button,
)
from kaizen.ui.widgets.built_in_steps import build_in_steps
from kaizen.ui.widgets.dialog_parts import read_only_rows
from kaizen.ui.widgets.lazy_tabs import BuiltOnFirstUse, LazyTabs
from kaizen.ui.widgets.message_bar import ActionMessageBar

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.people import AdminOverview, AreaInfo, PersonInfo
    from kaizen.ui.views.recognition_tab import RecognitionTab

ADD_SHORTCUT = "Ctrl+Shift+N"
ROW_HEIGHT = 36
# The Areas tab's parts: reading one before the tab was opened makes the tab (issue 21).
AREA_PARTS = ("areas_tab", "show_retired_check", "add_area_button", "edit_area_button",
              "retire_button", "area_model", "tree", "areas_summary", "areas_stack")
# The People tab's parts, made a turn after the first show: reading one makes them at once.
PEOPLE_PARTS = ("search_edit", "show_inactive_check", "add_person_button", "edit_person_button",
                "active_button", "pin_button", "summary_label", "stack", "model", "proxy", "table")


class PeopleAreasView(BuiltOnFirstUse, ViewPage):
    title = QT_TRANSLATE_NOOP("ui.views.people_areas", "People & areas")
    subtitle = QT_TRANSLATE_NOOP(
        "ui.views.people_areas",
        "Who works here, in which role and area; the areas and what an hour costs there.")
    icon_name = "mdi6.account-group-outline"

    loaded = Signal()
    peopleChanged = Signal()
    settingsChanged = Signal(object)  # SiteSettings, after an admin saved them
    # Made when first shown or read (BuiltOnFirstUse), as the Areas tab's parts are.
    empty_state: EmptyState
    no_match: EmptyState
    areas_empty: EmptyState

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setStyleSheet(VIEW_STYLE)
        self.areas: list[AreaInfo] = []
        self.site_settings = SiteSettings()
        self.dialog: QDialog | None = None
        self._loads = worker.Latest()  # a newer refresh supersedes one in flight
        self._loaded_once = False
        self._shown: tuple[AdminOverview, str] | None = None  # the overview on show, its language
        self._keep_person_id: int | None = None
        self._keep_area_id: int | None = None
        self._people_summary = ""
        self._people_built = False  # the People tab is filled a turn after the first show
        self._waiting: AdminOverview | None = None  # read before the People tab was made
        self._areas_built = False  # the Areas tab is made when first opened or read

        self.message_bar = ActionMessageBar(self)  # Retry when the server is away
        # The page's own changes ((de)activate, retire / restore); the dialogs have their own.
        self.saver = FormSaver(self, Refusals(message=bar_message(self.message_bar)),
                               what="a person or area")
        self.saver.busyChanged.connect(self._update_actions)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("PeopleAreasTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setDrawBase(False)
        # Each container made in its parent before its contents (issue 21: built from the outside
        # in, see docs/architecture.md): a tree put in the styled page later is styled again.
        self.content_layout.addWidget(self.message_bar)
        self.content_layout.addWidget(self.tabs, 1)
        self.people_tab = QWidget()
        self.tabs.addTab(self.people_tab, resources.icon("mdi6.account-multiple-outline"),
                         translate("ui.views.people_areas", "People"))
        # The Areas tab and the Recognition tab (issue 22: ideas implemented and savings per
        # person and area, this year so far) are made when first opened or read (issue 21:
        # their build, styling and reads cost the first show although nobody looked at them).
        self.lazy_tabs = LazyTabs(self.tabs)
        self.lazy_tabs.add("areas", self._make_areas_tab,
                           translate("ui.views.people_areas", "Areas"),
                           resources.icon("mdi6.sitemap-outline"), fill=self._build_areas_tab)
        self.build_later(lambda: self.lazy_tabs.page("areas"), AREA_PARTS)
        self.lazy_tabs.add("recognition", self._make_recognition_tab,
                           translate("ui.views.people_areas", "Recognition"),
                           resources.icon("mdi6.trophy-outline"))
        self.tabs.setIconSize(QSize(18, 18))
        corner = QWidget(self.tabs)
        corner_row = QHBoxLayout(corner)
        corner_row.setContentsMargins(0, 0, 0, 0)
        self.settings_button = tool_button(translate("ui.views.people_areas", "Site settings…"),
                                           "mdi6.cog-outline", corner)
        self.settings_button.clicked.connect(self.open_settings)
        corner_row.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.tabs.setCornerWidget(corner, Qt.Corner.TopRightCorner)
        self.tabs.currentChanged.connect(self._update_actions)

        self.add_shortcut = QShortcut(QKeySequence(ADD_SHORTCUT), self)
        self.add_shortcut.activated.connect(self._on_add_shortcut)
        self.search_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        self.search_shortcut.activated.connect(self._focus_search)
        # The People tab's contents in a turn of their own after the page's first paint, then
        # the overview if it came meanwhile (issue 21: page, tab and rows together were the
        # longest stall of a walk through the views); read earlier (a shortcut, a test), they
        # are made at once.
        # Only reading one of these makes the tab at once: the window's and the start's
        # ``getattr(view, "settled", None)`` probes must not (issue 21).
        build_in_steps(self, (self._build_people_tab, self._show_waiting), names=PEOPLE_PARTS)

    # -- building -----------------------------------------------------------------------------
    @property
    def recognition_tab(self) -> RecognitionTab:
        """The Recognition tab, made (and read) on first use."""
        return self.lazy_tabs.page("recognition")  # type: ignore[return-value]

    def _make_recognition_tab(self) -> QWidget:
        from kaizen.ui.views.recognition_tab import RecognitionTab

        tab = RecognitionTab(self.services)
        tab.refresh()
        return tab

    def _build_people_tab(self) -> None:
        with out_of_sight(self.people_tab):
            self._fill_people_tab(self.people_tab)
        self._people_built = True
        self._settings_last(self.table)
        self._update_actions()

    def _show_waiting(self) -> None:
        overview, self._waiting = self._waiting, None
        if overview is not None:
            self._show(overview)

    def _settings_last(self, made_last: QWidget) -> None:
        """Tab goes from the list made last to the corner's Site settings, as when every tab
        was made with the page: made after the corner, a tab's widgets come after it in the
        focus chain."""
        QWidget.setTabOrder(made_last, self.settings_button)

    def _fill_people_tab(self, tab: QWidget) -> None:
        tools, column = tab_rows(tab)
        self.search_edit = QLineEdit(tab)
        self.search_edit.setObjectName("PeopleSearch")
        self.search_edit.setPlaceholderText(
            translate("ui.views.people_areas", "Search by name (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(resources.icon("mdi6.magnify"),
                                   QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.textChanged.connect(self._on_search)
        tools.addWidget(self.search_edit)
        tools.addSpacing(6)
        self.show_inactive_check = QCheckBox(translate("ui.views.people_areas", "Show inactive"),
                                             tab)
        self.show_inactive_check.setChecked(True)
        self.show_inactive_check.toggled.connect(self._on_show_inactive)
        tools.addWidget(self.show_inactive_check)
        tools.addStretch(1)

        self.add_person_button = tool_button(translate("ui.views.people_areas", "Add person"),
                                             "mdi6.account-plus-outline", tab, primary=True)
        self.add_person_button.clicked.connect(self.add_person)
        self.edit_person_button = tool_button(translate("ui.views.people_areas", "Edit"),
                                              "mdi6.pencil-outline", tab)
        self.edit_person_button.clicked.connect(self.edit_selected_person)
        self.active_button = tool_button(translate("ui.views.people_areas", "Deactivate"),
                                         "mdi6.account-off-outline", tab)
        self.active_button.clicked.connect(self.toggle_selected_person_active)
        self.pin_button = tool_button(translate("ui.views.people_areas", "Set PIN"),
                                      "mdi6.form-textbox-password", tab)
        self.pin_button.clicked.connect(self.set_selected_person_pin)
        for button in (self.add_person_button, self.edit_person_button, self.active_button,
                       self.pin_button):
            tools.addWidget(button)

        self.summary_label, self.stack = list_below(tab, column)
        self.model = PeopleTableModel(parent=self)
        self.proxy = PeopleFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        # In its stack before its model is set: styled once, its header sized once.
        self.table = QTableView(self.stack)
        self.stack.addWidget(self.table)
        self.table.setObjectName("PeopleTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
        read_only_rows(self.table)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(80)
        for column_index, width in enumerate((260, 140, 220, 90)):
            header.resizeSection(column_index, width)
        # Enter and double-click both arrive as "activated".
        self.table.activated.connect(self._on_person_activated)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)

        # The empty states are made when first shown (or read), in the stack.
        self.build_later(lambda: self._add_empty(self.stack, "empty_state", EmptyState(
            "mdi6.account-group-outline",
            translate("ui.views.people_areas", "Nobody here yet"),
            translate("ui.views.people_areas", "People appear here once the site is set up; each "
                      "has a role, a home area and, for supervisors and admins, a PIN."),
        )), ("empty_state",))
        self.build_later(lambda: self._add_empty(self.stack, "no_match", EmptyState(
            "mdi6.account-search-outline", translate("ui.views.people_areas", "Nobody matches"),
            translate("ui.views.people_areas",
                      "No one's name contains what you typed. Clear the search to see everyone."),
        )), ("no_match",))

    def _add_empty(self, stack: QStackedWidget, name: str, empty: EmptyState) -> None:
        empty.setProperty("framed", True)
        stack.addWidget(empty)
        setattr(self, name, empty)

    def _make_areas_tab(self) -> QWidget:
        self.areas_tab = QWidget()
        return self.areas_tab

    def _build_areas_tab(self, tab: QWidget) -> None:
        """The Areas tab's contents, once it is in its tab (LazyTabs' ``fill``), shown filled
        from the overview read last."""
        with out_of_sight(tab):
            self._fill_areas_tab(tab)
        self._settings_last(self.tree)
        self._areas_built = True
        if self._shown is not None:
            self._show_areas()
        else:
            self._update_actions()

    def _fill_areas_tab(self, tab: QWidget) -> None:
        tools, column = tab_rows(tab)
        self.show_retired_check = QCheckBox(translate("ui.views.people_areas", "Show retired"),
                                            tab)
        self.show_retired_check.toggled.connect(self._show_areas)
        tools.addWidget(self.show_retired_check)
        tools.addStretch(1)
        self.add_area_button = tool_button(translate("ui.views.people_areas", "Add area"),
                                           "mdi6.map-marker-plus-outline", tab, primary=True)
        self.add_area_button.clicked.connect(self.add_area)
        self.edit_area_button = tool_button(translate("ui.views.people_areas", "Edit"),
                                            "mdi6.pencil-outline", tab)
        self.edit_area_button.clicked.connect(self.edit_selected_area)
        self.retire_button = tool_button(translate("ui.views.people_areas", "Retire"),
                                         "mdi6.archive-arrow-down-outline", tab)
        self.retire_button.clicked.connect(self.toggle_selected_area_active)
        for button in (self.add_area_button, self.edit_area_button, self.retire_button):
            tools.addWidget(button)

        self.areas_summary, self.areas_stack = list_below(tab, column)
        self.area_model = AreaTreeModel(parent=self)
        # Named before it is in the page (the style sheet styles its header by the tree's
        # name), put in its stack before its model is set: styled once, its header sized once.
        self.tree = QTreeView()
        self.tree.setObjectName("AreaTree")
        self.areas_stack.addWidget(self.tree)
        self.tree.setModel(self.area_model)
        read_only_rows(self.tree)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(24)
        self.tree.setIconSize(QSize(18, 18))
        self.tree.setExpandsOnDoubleClick(False)  # double-click edits, as in the people table
        header = self.tree.header()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(80)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column_index, width in ((0, 320), (COL_KIND, 130), (COL_OWN_RATE, 160),
                                    (COL_EFFECTIVE_RATE, 160)):
            header.resizeSection(column_index, width)
        self.tree.activated.connect(self._on_area_activated)
        self.tree.selectionModel().selectionChanged.connect(self._update_actions)
        self.build_later(lambda: self._add_empty(self.areas_stack, "areas_empty", EmptyState(
            "mdi6.sitemap-outline", translate("ui.views.people_areas", "No areas yet"),
            translate("ui.views.people_areas", "Areas are where work happens: a site, its "
                      "departments and their lines or cells. Add the site first."),
        )), ("areas_empty",))

    # -- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        recognition = self.lazy_tabs.made("recognition")
        if recognition is not None:  # else read when first opened
            recognition.refresh()  # type: ignore[attr-defined]
        people_service = self.services.people
        self._loads.run(
            people_service.admin_overview,  # one read transaction for the whole page
            on_success=self._show,
            on_failure=self._on_load_failed,
            owner=self,
            name="people and areas",
        )

    def _on_load_failed(self, error: BaseException) -> None:
        message = error.message if isinstance(error, KaizenError) else str(error)
        self.message_bar.show_message(translate(
            "ui.views.people_areas", "People and areas could not be read: {reason}").format(
            reason=message))
        self.loaded.emit()

    def _show(self, overview: AdminOverview) -> None:
        if not self._people_built:
            # Read before the People tab was made: shown a turn after it is (issue 21: made
            # and filled in one turn, they were the page's longest stall).
            self._waiting = overview
            return
        shown = (overview, current_language())
        if (shown == self._shown and self._keep_person_id is None
                and self._keep_area_id is None):
            # Read again, unchanged (the page shown again): the table and the tree as they are;
            # setting them again repainted both, 15-20 ms of the GUI thread (issue 21).
            self._update_actions()
            self.loaded.emit()
            return
        self._shown = shown
        people, areas, settings = overview.people, overview.areas, overview.settings
        keep_person = self._keep_person_id or self.selected_person_id()
        keep_area = self._keep_area_id or self.selected_area_id()
        self._keep_person_id = self._keep_area_id = None

        self.model.set_people(people)
        inactive = sum(1 for person in people if not person.active)
        count = len(people)
        summary = (translate("ui.views.people_areas", "{count} person") if count == 1
                   else translate("ui.views.people_areas", "{count} people")).format(
            count=format_number(count))
        if inactive:
            summary += ", " + translate("ui.views.people_areas", "{count} inactive").format(
                count=format_number(inactive))
        self._people_summary = summary
        self._select_person(keep_person)
        self._update_people_state()

        self.areas = list(areas)
        self.site_settings = settings
        if self._areas_built:  # else shown when the tab is first opened
            self._show_areas(keep=keep_area)
        self._loaded_once = True
        self._update_actions()
        self.loaded.emit()

    def _update_people_state(self) -> None:
        people = self.model.rowCount()
        shown = self.proxy.rowCount()
        text = self._people_summary
        if people and self.proxy.searching:
            text += " · " + translate("ui.views.people_areas", "{count} shown").format(
                count=format_number(shown))
        self.summary_label.setText(text)
        self.summary_label.setVisible(bool(people))
        if not people:
            self.stack.setCurrentWidget(self.empty_state)
        elif not shown:
            self.stack.setCurrentWidget(self.no_match)
        else:
            self.stack.setCurrentWidget(self.table)

    def _show_areas(self, *_args: Any, keep: int | None = None) -> None:
        keep = keep if keep is not None else self.selected_area_id()
        include_retired = self.show_retired_check.isChecked()
        shown = visible_areas(self.areas, include_retired)
        self.area_model.set_areas(shown, self.site_settings.currency)
        self.tree.expandAll()
        self._select_area(keep)
        retired = sum(1 for area in self.areas if not area.active)
        count = len(self.areas)
        text = (translate("ui.views.people_areas", "{count} area") if count == 1
                else translate("ui.views.people_areas", "{count} areas")).format(
            count=format_number(count))
        if retired:
            text += ", " + (translate("ui.views.people_areas", "{count} retired")
                            if include_retired else
                            translate("ui.views.people_areas", "{count} retired (hidden)")
                            ).format(count=format_number(retired))
        default = rate_text(self.site_settings.default_hourly_rate,
                               self.site_settings.currency)
        text += " · " + translate("ui.views.people_areas", "site default {rate} per hour").format(
            rate=default)
        self.areas_summary.setText(text)
        self.areas_stack.setCurrentWidget(self.tree if self.areas else self.areas_empty)
        self._update_actions()

    # -- selection ----------------------------------------------------------------------------
    def selected_person(self) -> PersonInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.proxy.person_at(rows[0].row())

    def selected_person_id(self) -> int | None:
        person = self.selected_person()
        return person.id if person is not None else None

    def _select_person(self, person_id: int | None) -> None:
        row = self.model.row_of(person_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, COL_NAME))
        if not index.isValid():
            return
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        # Centred: a message bar appearing above the table must not push the row out of sight.
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def selected_area(self) -> AreaInfo | None:
        if not self._areas_built:
            return None
        rows = self.tree.selectionModel().selectedRows()
        return self.area_model.area_at(rows[0]) if rows else None

    def selected_area_id(self) -> int | None:
        area = self.selected_area()
        return area.id if area is not None else None

    def _select_area(self, area_id: int | None) -> None:
        index = self.area_model.index_of(area_id)
        if not index.isValid():
            return
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    # -- who may act --------------------------------------------------------------------------
    def set_person(self, person: PersonInfo | None) -> None:
        super().set_person(person)
        self._update_actions()

    @property
    def can_manage(self) -> bool:
        return self.person is not None and self.person.role is Role.ADMIN

    def _refusal_tooltip(self) -> str:
        # Marked by their owner, kaizen/ui/admin/__init__.py, in its context.
        return translated("ui.admin", PICK_PERSON_FIRST if self.person is None else ONLY_ADMINS)

    def _update_actions(self, *_args: Any) -> None:
        if not self._people_built:
            return  # the buttons are set when they are made
        allowed = self.can_manage
        person = self.selected_person()
        toggle_button(self.active_button, person is not None and not person.active,
                      (translate("ui.views.people_areas", "Reactivate"),
                       "mdi6.account-check-outline"),
                      (translate("ui.views.people_areas", "Deactivate"),
                       "mdi6.account-off-outline"))

        refusal = self._refusal_tooltip()
        actions = [
            (self.add_person_button, True,
             translate("ui.views.people_areas", "Add a person ({shortcut})").format(
                 shortcut=ADD_SHORTCUT)),
            (self.edit_person_button, person is not None,
             translate("ui.views.people_areas",
                       "Edit the selected person (Enter or double-click)")),
            (self.active_button, person is not None,
             translate("ui.views.people_areas", "Bring the selected person back")
             if person is not None and not person.active
             else translate("ui.views.people_areas", "Deactivate the selected person: their "
                            "history stays, they can no longer be picked as who is working")),
            (self.pin_button, person is not None,
             translate("ui.views.people_areas", "Set or replace the selected person's PIN")),
            (self.settings_button, True,
             translate("ui.views.people_areas",
                       "Site name, currency, default hourly rate and board thresholds")),
        ]
        if self._areas_built:  # else set when the Areas tab is made
            actions += self._area_actions()
        busy = self.saver.busy  # one change at a time: the buttons wait for the last one
        for button, selected, tip in actions:
            button.setEnabled(allowed and selected and not busy)
            if not allowed:
                button.setToolTip(refusal)
            elif not selected:
                button.setToolTip(translate("ui.views.people_areas", "{tip} (select one first)")
                                  .format(tip=tip))
            else:
                button.setToolTip(tip)
        self.add_shortcut.setEnabled(allowed)

    def _area_actions(self) -> list[tuple[QPushButton, bool, str]]:
        """The Areas tab's buttons, whether they need a selected area and their tooltips (the
        Retire button says Restore for a retired area)."""
        area = self.selected_area()
        toggle_button(self.retire_button, area is not None and not area.active,
                      (translate("ui.views.people_areas", "Restore"),
                       "mdi6.archive-arrow-up-outline"),
                      (translate("ui.views.people_areas", "Retire"),
                       "mdi6.archive-arrow-down-outline"))
        return [
            (self.add_area_button, True,
             (translate("ui.views.people_areas", "Add an area under the selected one ({shortcut})")
              if self.areas else
              translate("ui.views.people_areas", "Add the site, the top of the tree ({shortcut})")
              ).format(shortcut=ADD_SHORTCUT)),
            (self.edit_area_button, area is not None,
             translate("ui.views.people_areas", "Edit the selected area (Enter or double-click)")),
            (self.retire_button, area is not None,
             translate("ui.views.people_areas", "Bring the selected area back")
             if area is not None and not area.active
             else translate("ui.views.people_areas", "Retire the selected area: its history "
                            "stays, it can no longer be picked")),
        ]

    def _actor_id(self) -> int | None:
        """The person working, or None after saying they must be picked first."""
        if self.person is None:
            self.message_bar.show_message(translate(
                "ui.views.people_areas", "Pick who is working first: changes are made in their "
                "name."), kind="warning")
            return None
        return self.person.id

    # -- people actions -----------------------------------------------------------------------
    def _on_add_shortcut(self) -> None:
        if self._areas_built and self.tabs.currentWidget() is self.areas_tab:
            if self.add_area_button.isEnabled():
                self.add_area()
        elif self.add_person_button.isEnabled():
            self.add_person()

    def _focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.people_tab)
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_people_state()
        self._update_actions()

    def _on_show_inactive(self, show: bool) -> None:
        self.proxy.set_show_inactive(show)
        self._update_people_state()
        self._update_actions()

    def _on_person_activated(self, _index: QModelIndex) -> None:
        if self.edit_person_button.isEnabled():
            self.edit_selected_person()

    def add_person(self) -> None:
        actor_id = self._actor_id()
        if actor_id is None:
            return
        dialog = PersonDialog(self.services.people, actor_id, self.areas, parent=self)
        self._open(dialog, self._on_person_saved)

    def edit_selected_person(self) -> None:
        person = self.selected_person()
        actor_id = self._actor_id()
        if person is None or actor_id is None:
            return
        dialog = PersonDialog(self.services.people, actor_id, self.areas, person, parent=self)
        self._open(dialog, self._on_person_saved)

    def set_selected_person_pin(self) -> None:
        person = self.selected_person()
        actor_id = self._actor_id()
        if person is None or actor_id is None:
            return
        dialog = SetPinDialog(self.services.people, actor_id, person, parent=self)
        self._open(dialog, self._on_pin_saved)

    def toggle_selected_person_active(self) -> None:
        self._set_active(self.selected_person(), self.services.people.set_active,
                         self._on_active_changed, "set person active")

    def _on_person_saved(self, person: PersonInfo) -> None:
        self.message_bar.show_message(translate("ui.views.people_areas", "Saved {name}.").format(
            name=person.name), kind="info")
        self._reload(person_id=person.id)
        self.peopleChanged.emit()

    def _on_pin_saved(self, person: PersonInfo) -> None:
        self.message_bar.show_message(
            translate("ui.views.people_areas", "{name} has a new PIN.").format(name=person.name),
            kind="info")
        self._reload(person_id=person.id)

    def _on_active_changed(self, person: PersonInfo) -> None:
        if person.active:
            text = translate("ui.views.people_areas", "{name} is active again and can be picked "
                             "as who is working.").format(name=person.name)
        else:
            text = translate("ui.views.people_areas", "{name} is deactivated: their history "
                             "stays, and they can no longer be picked as who is working. "
                             "Reactivate to undo.").format(name=person.name)
        self._after_active_change(text, person.active, self.show_inactive_check,
                                  person_id=person.id)
        self.peopleChanged.emit()

    # -- area actions -------------------------------------------------------------------------
    def _on_area_activated(self, _index: QModelIndex) -> None:
        if self.edit_area_button.isEnabled():
            self.edit_selected_area()

    def add_area(self) -> None:
        actor_id = self._actor_id()
        if actor_id is None:
            return
        under = self.selected_area()
        parent_id = under.id if under is not None else None
        if under is not None and not under.active:
            parent_id = under.parent_id
        if parent_id is None and self.areas and under is None:
            # Nothing selected: add under the (first) site rather than a second site.
            site = next((a for a in self.areas if a.kind is AreaKind.SITE and a.active), None)
            parent_id = site.id if site is not None else None
        dialog = AreaDialog(self.services.people, actor_id, self.areas, self.site_settings,
                            parent_id=parent_id, parent=self)
        self._open(dialog, self._on_area_saved)

    def edit_selected_area(self) -> None:
        area = self.selected_area()
        actor_id = self._actor_id()
        if area is None or actor_id is None:
            return
        dialog = AreaDialog(self.services.people, actor_id, self.areas, self.site_settings,
                            area=area, parent=self)
        self._open(dialog, self._on_area_saved)

    def toggle_selected_area_active(self) -> None:
        self._set_active(self.selected_area(), self.services.people.set_area_active,
                         self._on_area_active_changed, "set area active")

    def _on_area_saved(self, area: AreaInfo) -> None:
        self.message_bar.show_message(translate("ui.views.people_areas", "Saved {area}.").format(
            area=area.path), kind="info")
        self._reload(area_id=area.id)

    def _on_area_active_changed(self, area: AreaInfo) -> None:
        if area.active:
            text = translate("ui.views.people_areas", "{area} is back in use.").format(
                area=area.path)
        else:
            text = translate("ui.views.people_areas", "{area} is retired: its history stays, and "
                             "it can no longer be picked for new work. Restore to undo.").format(
                area=area.path)
        self._after_active_change(text, area.active, self.show_retired_check, area_id=area.id)

    def _after_active_change(self, text: str, active: bool, show_inactive: QCheckBox,
                             **keep: int) -> None:
        """Say what changed and read the page again, keeping the person or area selected."""
        if not active and not show_inactive.isChecked():
            # Keep it in sight so the admin can see (and undo) what happened.
            show_inactive.setChecked(True)
        self.message_bar.show_message(text, kind="info")
        self._reload(**keep)

    # -- settings -----------------------------------------------------------------------------
    def open_settings(self) -> None:
        actor_id = self._actor_id()
        if actor_id is None:
            return
        dialog = SettingsDialog(self.services.people, actor_id, self.site_settings, parent=self)
        self._open(dialog, self._on_settings_saved)

    def _on_settings_saved(self, settings: SiteSettings) -> None:
        self.message_bar.show_message(
            translate("ui.views.people_areas", "Site settings saved."), kind="info")
        self.settingsChanged.emit(settings)
        self._reload()

    # -- shared -------------------------------------------------------------------------------
    def _open(self, dialog: QDialog, on_saved: Any) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.message_bar.dismiss()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.saved.connect(on_saved)  # type: ignore[attr-defined]
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.open()

    def _on_dialog_finished(self, _result: int) -> None:
        if self.sender() is self.dialog:
            self.dialog = None

    def _reload(self, *, person_id: int | None = None, area_id: int | None = None) -> None:
        if person_id is not None:
            self._keep_person_id = person_id
        if area_id is not None:
            self._keep_area_id = area_id
        self.refresh()

    def _set_active(self, target: PersonInfo | AreaInfo | None,
                    change: Callable[[int, int, bool], Any], on_changed: Callable[[Any], None],
                    name: str) -> None:
        """(De)activate a person or retire / restore an area: the other way round from now,
        through the page's saver (a refusal, Retry or disk full on the message bar)."""
        actor_id = self._actor_id()
        if target is None or actor_id is None:
            return
        target_id, active = target.id, not target.active
        self.message_bar.dismiss()
        self.saver.save(lambda: lambda: change(actor_id, target_id, active), on_changed,
                        name=name)
