"""The Waste walk view: every waste observation in one list, and turning one into an idea.

The same machinery as the Ideas view (:mod:`kaizen.ui.views.ideas`): a :class:`LazyTableView`
over :class:`ObservationsTableModel`, ids from the service in the clicked header's order and
rows a page at a time, all in the worker, stale answers dropped by generation. The filter bar
picks wastes (with how many observations each has) instead of statuses, and the person is the
one who saw it.

"Turn into idea" (Ctrl+I) on the selected observation asks
``services.observations.create_suggestion_from``: one unit of work makes the idea (carrying the
text, area, waste and yearly cost over) and links the observation to it. The new idea is then
announced and opened. Double-click or Enter opens the observation in
``ObservationDetailDialog`` (imported when first used).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QStackedWidget, QWidget

from kaizen.domain.enums import WasteCategory
from kaizen.domain.errors import KaizenError, ValidationError
from kaizen.services.listing import ObservationFilter
from kaizen.ui import resources
from kaizen.ui.board.message_bar import MessageBar
from kaizen.ui.models.lazy_table import ColumnChooser, LazyTableView, PillDelegate, ViewState
from kaizen.ui.models.observations_table import (
    COL_CATEGORY,
    COL_SUMMARY,
    COLUMN_WIDTHS,
    HIDDEN_BY_DEFAULT,
    ObservationsTableModel,
)
from kaizen.ui.views import ViewPage
from kaizen.ui.views.empty_state import EmptyState
from kaizen.ui.views.ideas import PICK_PERSON, open_detail, plural
from kaizen.ui.views.list_filters import LIST_STYLE, CountLine, FilterValues, ListFilterBar
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.listing import ObservationRow
    from kaizen.services.people import AreaInfo, PersonInfo, SiteSettings
    from kaizen.services.suggestions import SuggestionInfo

log = logging.getLogger(__name__)

NO_OBSERVATIONS_TEXT = (
    "Record the waste you see on a walk with Log waste (Ctrl+W): which of the seven wastes, "
    "where and how often. Each one is priced in time and money a year, and can become an idea."
)


class WasteWalkView(ViewPage):
    title = "Waste walk"
    subtitle = "What people see on the floor, sorted by the seven Lean wastes."
    icon_name = "mdi6.shoe-print"

    openRequested = Signal(int)  # an observation is to be opened (double-click, Enter)
    ideaOpenRequested = Signal(int)  # the idea just made from an observation is to be opened
    ideaCreated = Signal(int)  # an observation became this idea
    listLoaded = Signal(int)
    countsLoaded = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setStyleSheet(LIST_STYLE)
        self.detail_dialog: QWidget | None = None
        self.category_counts: dict[WasteCategory, int] = {}
        self.linked_count = 0
        self.loaded_filter: ObservationFilter | None = None
        self._counts_generation = 0
        self._restore: ViewState | None = None
        self._turning = False

        self.filter_bar = ListFilterBar(
            noun="observations", choice_caption="Waste",
            choices=[(w.value, w.label, w.help_text) for w in WasteCategory],
            person_label="Anyone", person_tip="Seen by",
            date_caption="Seen", date_tip="Observations made", shortcut_scope=self,
        )
        self.filter_bar.changed.connect(self.reload)

        svc = services  # the worker reads through this, never through the widget
        self.model = ObservationsTableModel(lambda ids: svc.observations.rows(ids), self)
        self.model.idsLoaded.connect(self._on_ids_loaded)
        self.model.loadFailed.connect(self._on_load_failed)
        self.model.pageLoaded.connect(self._on_page_loaded)
        self.table = LazyTableView(self.model)
        self.table.setObjectName("ObservationsTable")
        self.table.setAccessibleName("Waste observations")
        self.table.setItemDelegateForColumn(COL_CATEGORY, PillDelegate(self.table))
        self.columns = ColumnChooser(self.table, self.model, "lists/wasteWalk/hiddenColumns",
                                     COLUMN_WIDTHS, HIDDEN_BY_DEFAULT, COL_SUMMARY)
        self.table.openRequested.connect(self.open_observation)
        self.table.selectionCountChanged.connect(self._on_selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._update_actions)

        self.count_label = CountLine("Loading…")
        self.turn_button = QPushButton("Turn into idea")
        self.turn_button.setObjectName("PrimaryButton")
        self.turn_button.setIcon(resources.icon("mdi6.lightbulb-on-outline", "#ffffff"))
        self.turn_button.setAutoDefault(False)
        self.turn_button.clicked.connect(self.turn_into_idea)
        self.filter_bar.trailing.addWidget(self.turn_button)

        self.message_bar = MessageBar()
        self.empty_state = EmptyState(
            self.icon_name, "No waste observations yet", NO_OBSERVATIONS_TEXT,
            action_text="Clear filters", action_icon="mdi6.filter-remove-outline",
        )
        self.empty_state.setProperty("framed", True)
        self.empty_state.actionTriggered.connect(self.filter_bar.clear)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_state)

        self.content_layout.addWidget(self.filter_bar)
        self.content_layout.addWidget(self.count_label)
        self.content_layout.addWidget(self.message_bar)
        self.content_layout.addWidget(self.stack, 1)
        self.content_layout.setSpacing(12)

        self.turn_shortcut = self._shortcut("Ctrl+I", self.turn_into_idea)
        self.reload_shortcut = self._shortcut("F5", lambda: self.reload(keep_position=True))
        self.setTabOrder(self.filter_bar.clear_button, self.table)
        self._update_actions()

    def _shortcut(self, keys: str, slot: Any) -> QShortcut:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    # -- the person working and the selection ------------------------------------------------
    def set_person(self, person: PersonInfo | None) -> None:
        super().set_person(person)
        self._update_actions()

    def selected_observation(self) -> ObservationRow | None:
        """The one selected observation (read already), or None."""
        rows = self.table.selected_rows()
        if len(rows) != 1:
            return None
        return self.model.row_at(rows[0])

    def turn_refusal(self) -> str | None:
        """Why "Turn into idea" is off now, or None when it may be used."""
        if self.person is None:
            return f"{PICK_PERSON}: the new idea is logged in their name."
        rows = self.table.selected_rows()
        if len(rows) != 1:
            return "Select one observation to turn into an idea."
        row = self.model.row_at(rows[0])
        if row is None:
            return "The observation is still being read."
        if row.suggestion_id is not None:
            return f"This observation already led to idea #{row.suggestion_id}."
        if self._turning:
            return "An idea is being made from the observation."
        return None

    def _update_actions(self, *_args: Any) -> None:
        refusal = self.turn_refusal()
        self.turn_button.setEnabled(refusal is None)
        self.turn_button.setToolTip(
            refusal or "Make an idea from this observation, carrying its text, area, waste and "
                       "yearly cost over (Ctrl+I)"
        )

    def _on_selection_changed(self, _count: int) -> None:
        self._update_actions()

    def _on_page_loaded(self, first: int, last: int) -> None:
        rows = self.table.selected_rows()
        if len(rows) == 1 and first <= rows[0] <= last:
            self._update_actions()

    # -- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Shown (or data changed underneath): the choices, then the list where it was."""
        self._load_choices()
        self.reload(keep_position=self.loaded_filter is not None)

    def current_filter(self) -> ObservationFilter:
        values = self.filter_bar.values()
        return ObservationFilter(
            text=values.text, area_id=values.area_id,
            categories=tuple(WasteCategory(v) for v in values.choices),
            person_id=values.person_id, date_from=values.date_from, date_to=values.date_to,
        )

    def show_filter(self, flt: ObservationFilter) -> None:
        """Show the observations ``flt`` selects, from the top (a dashboard figure's list)."""
        self.loaded_filter = None  # a new list: start at its top, not where the old one was
        self.filter_bar.set_values(FilterValues(
            text=flt.text, area_id=flt.area_id, choices=tuple(c.value for c in flt.categories),
            person_id=flt.person_id, date_from=flt.date_from, date_to=flt.date_to,
        ))

    def reload(self, keep_position: bool = False) -> None:
        """Ask for the ids and the counts of the current filters, in the background."""
        flt = self.current_filter()
        svc = self.services
        self.loaded_filter = flt
        self._restore = self.table.state() if keep_position else None
        self.model.set_id_source(
            lambda sort, descending: svc.observations.query_ids(flt, sort, descending)
        )
        self.model.reload(self.table.top_row() if keep_position else 0)
        self._counts_generation += 1
        generation = self._counts_generation

        def counts() -> tuple[dict[WasteCategory, int], int]:
            linked = ObservationFilter(
                text=flt.text, area_id=flt.area_id, categories=flt.categories,
                person_id=flt.person_id, date_from=flt.date_from, date_to=flt.date_to,
                linked=True,
            )
            return svc.observations.category_counts(flt), svc.observations.count(linked)

        run_in_background(
            counts,
            on_success=lambda result: self._on_counts(generation, flt, result),
            on_failure=lambda error: self._on_counts_failed(generation, error),
            owner=self, name="observation counts",
        )

    def _load_choices(self) -> None:
        svc = self.services

        def read() -> tuple[list[AreaInfo], list[PersonInfo], SiteSettings]:
            return svc.people.list_areas(), svc.people.list_people(), svc.people.settings()

        run_in_background(read, on_success=self._on_choices, owner=self,
                          name="observation choices",
                          on_failure=lambda error: self._show_error(error, "The areas and "
                                                                    "people could not be read"))

    def _on_choices(self, result: tuple[list[AreaInfo], list[PersonInfo], SiteSettings]) -> None:
        areas, people, settings = result
        before = self.filter_bar.values()
        self.filter_bar.set_areas(areas)
        self.filter_bar.set_people(people)
        self.model.set_currency(settings.currency)
        if self.filter_bar.values() != before:
            self.reload()

    def _on_ids_loaded(self, count: int) -> None:
        self.filter_bar.show_error("")
        restore, self._restore = self._restore, None
        if restore is not None:
            self.table.restore(restore)
        else:
            self.table.scrollToTop()
        self._update_empty_state(count)
        self._update_actions()
        self.listLoaded.emit(count)

    def _update_empty_state(self, count: int) -> None:
        if count:
            self.stack.setCurrentWidget(self.table)
            return
        filtered = self.filter_bar.is_filtered()
        if filtered:
            self.empty_state.set_text(
                "No observations match these filters",
                "Try other words, another waste or a wider date range, or clear the filters.",
            )
        else:
            self.empty_state.set_text("No waste observations yet", NO_OBSERVATIONS_TEXT)
        if self.empty_state.action_button is not None:
            self.empty_state.action_button.setVisible(filtered)
        self.stack.setCurrentWidget(self.empty_state)

    def _on_counts(self, generation: int, flt: ObservationFilter,
                   result: tuple[dict[WasteCategory, int], int]) -> None:
        if generation != self._counts_generation:
            return
        counts, linked = result
        self.category_counts, self.linked_count = counts, linked
        self.filter_bar.set_counts({waste.value: n for waste, n in counts.items()})
        shown = flt.categories or tuple(WasteCategory)
        total = sum(counts.get(w, 0) for w in shown)
        if not total:
            self.count_label.set_parts(["No observations"])
        else:
            parts = [plural(total, "observation")]
            parts += [f"{counts[w]:,} {w.label.lower()}" for w in shown if counts.get(w)]
            parts.append(f"{linked:,} turned into ideas")
            self.count_label.set_parts(parts)
        self.countsLoaded.emit()

    def _on_counts_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._counts_generation:
            self.count_label.set_parts([])
            if not isinstance(error, ValidationError):
                self._show_error(error, "The counts could not be read")

    def _on_load_failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.filter_bar.show_error(error.message)
            return
        self._show_error(error, "The observations could not be read")

    def _show_error(self, error: BaseException, what: str) -> None:
        if isinstance(error, KaizenError):
            self.message_bar.show_message(error.message, "error")
        else:
            log.error("%s: %r", what, error)
            self.message_bar.show_message(f"{what}: {error}", "error")

    # -- opening -----------------------------------------------------------------------------
    def open_observation(self, observation_id: int) -> None:
        """Open the observation's detail dialog; after a saved change the list reloads."""
        self.openRequested.emit(observation_id)
        dialog_class = open_detail("kaizen.ui.detail.observation_detail",
                                   "ObservationDetailDialog")
        if dialog_class is None:
            self.message_bar.show_message(f"Observation #{observation_id}: the detail view is "
                                          "not available in this version.", "info")
            return
        self._show_dialog(dialog_class(self.services, self.person, observation_id, self))

    def open_idea(self, suggestion_id: int) -> None:
        self.ideaOpenRequested.emit(suggestion_id)
        dialog_class = open_detail("kaizen.ui.detail.idea_detail", "IdeaDetailDialog")
        if dialog_class is not None:
            self._show_dialog(dialog_class(self.services, self.person, suggestion_id, self))

    def _show_dialog(self, dialog: Any) -> None:
        self.detail_dialog = dialog
        dialog.changed.connect(self._on_detail_changed)
        dialog.finished.connect(self._on_detail_closed)
        dialog.open()

    def _on_detail_changed(self, *_args: Any) -> None:
        self.reload(keep_position=True)

    def _on_detail_closed(self, *_args: Any) -> None:
        dialog, self.detail_dialog = self.detail_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self.table.setFocus()

    # -- turning an observation into an idea -------------------------------------------------
    def turn_into_idea(self) -> None:
        """Ctrl+I: make an idea from the selected observation (see the module docstring)."""
        refusal = self.turn_refusal()
        if refusal is not None:
            self.message_bar.show_message(refusal, "warning")
            return
        row = self.selected_observation()
        assert row is not None and self.person is not None
        observations, person_id, obs_id = self.services.observations, self.person.id, row.id
        self._turning = True
        self._update_actions()
        run_in_background(
            lambda: observations.create_suggestion_from(person_id, obs_id),
            on_success=self._on_idea_created, on_failure=self._on_turn_refused,
            owner=self, name="observation to idea",
        )

    def _on_idea_created(self, info: SuggestionInfo) -> None:
        self._turning = False
        self.message_bar.show_message(
            f"Idea #{info.id} “{info.title}” was made from the observation, with its yearly "
            f"cost as the expected savings.", "info")
        self.reload(keep_position=True)
        self.ideaCreated.emit(info.id)
        self.open_idea(info.id)

    def _on_turn_refused(self, error: BaseException) -> None:
        self._turning = False
        self._update_actions()
        self._show_error(error, "The idea could not be made")
        self.reload(keep_position=True)
