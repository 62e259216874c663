"""The Ideas view: every idea in one list that stays instant at 200,000 rows, and batch review.

The list is a :class:`LazyTableView` over :class:`IdeasTableModel`: the filter bar's values
become an ``IdeaFilter``; the service returns the matching ids in the order of the clicked
header (in the worker), and rows are read a page at a time as they scroll into view. The status
counts (the count line and the status picker) are read in the worker too. Every answer carries
the generation it was asked for; a newer request supersedes an older one, whose late answer is
dropped.

Double-click or Enter opens the idea in ``IdeaDetailDialog`` (imported when first used); after
it saved a change, the rows on screen are read again. Supervisors and admins select ideas
(Shift/Ctrl-click, Ctrl+A) and press "Review…" (Ctrl+R) to accept, reject, send back or take
them into review together (:class:`BatchReviewDialog`); the list then reloads, keeping the
selection and scroll position where the ideas are still listed. F5 reloads.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
        QLabel,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from kaizen.domain.enums import SuggestionStatus
from kaizen.domain.errors import KaizenError, ValidationError
from kaizen.domain.permissions import Action, can
from kaizen.services.listing import IdeaFilter
from kaizen.ui import resources
from kaizen.ui.board.message_bar import MessageBar
from kaizen.ui.models.ideas_table import (
    COL_STATUS,
    COL_TITLE,
    COLUMN_WIDTHS,
    HIDDEN_BY_DEFAULT,
    IdeasTableModel,
)
from kaizen.ui.models.lazy_table import ColumnChooser, LazyTableView, PillDelegate, ViewState
from kaizen.ui.review.batch_review import MAX_BATCH, BatchReviewDialog
from kaizen.ui.views import ViewPage
from kaizen.ui.views.empty_state import EmptyState
from kaizen.ui.views.list_filters import (
    LIST_STYLE,
    CountLine,
    FilterValues,
    ListFilterBar,
    day_range_text,
)
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.people import AreaInfo, PersonInfo, SiteSettings

log = logging.getLogger(__name__)

PICK_PERSON = "Pick who is working first"
NO_IDEAS_TEXT = (
    "Ideas logged with Quick capture (Ctrl+N) appear here, newest first: what is wrong now and "
    "what to change. Supervisors select them here to review them."
)
STATUS_TIPS = {
    SuggestionStatus.SUBMITTED: "New, waiting for review",
    SuggestionStatus.UNDER_REVIEW: "A supervisor is looking at it",
    SuggestionStatus.ACCEPTED: "Running through PDCA",
    SuggestionStatus.REJECTED: "Closed with a reason",
    SuggestionStatus.STANDARDISED: "Done: the new standard",
    SuggestionStatus.ABANDONED: "Stopped after trying",
}


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def open_detail(module: str, name: str) -> Any | None:
    """The detail dialog class ``module.name``, or None while that module does not exist."""
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as error:
        if error.name is not None and module.startswith(error.name):
            return None
        raise


class IdeasView(ViewPage):
    title = "Ideas"
    subtitle = "Suggestions from the floor, from a first note to a new standard."
    icon_name = "mdi6.lightbulb-on-outline"

    openRequested = Signal(int)  # an idea is to be opened (double-click, Enter)
    listLoaded = Signal(int)  # the list shows a new id list of this many ideas
    countsLoaded = Signal()
    reviewed = Signal(list)  # a batch review finished: its outcomes

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setStyleSheet(LIST_STYLE)
        self.review_dialog: BatchReviewDialog | None = None
        self.detail_dialog: QWidget | None = None
        self.status_counts: dict[SuggestionStatus, int] = {}
        self.loaded_filter: IdeaFilter | None = None
        self._counts_generation = 0
        self._restore: ViewState | None = None
        self._choices_loaded = False

        self.filter_bar = ListFilterBar(
            noun="ideas", choice_caption="Status",
            choices=[(s.value, s.label, STATUS_TIPS[s]) for s in SuggestionStatus],
            person_label="Anyone", person_tip="Submitted or owned by",
            date_caption="Created", date_tip="Ideas created", shortcut_scope=self,
        )
        self.filter_bar.changed.connect(self.reload)

        svc = services  # the worker reads through this, never through the widget
        self.model = IdeasTableModel(lambda ids: svc.suggestions.rows(ids), self)
        self.model.idsLoaded.connect(self._on_ids_loaded)
        self.model.loadFailed.connect(self._on_load_failed)
        self.table = LazyTableView(self.model)
        self.table.setObjectName("IdeasTable")
        self.table.setAccessibleName("Ideas")
        self.table.setItemDelegateForColumn(COL_STATUS, PillDelegate(self.table))
        self.columns = ColumnChooser(self.table, self.model, "lists/ideas/hiddenColumns",
                                   COLUMN_WIDTHS, HIDDEN_BY_DEFAULT, COL_TITLE)
        self.table.openRequested.connect(self.open_idea)
        self.table.selectionCountChanged.connect(self._on_selection_changed)

        self.count_label = CountLine("Loading…")
        self.selection_label = QLabel("")
        self.selection_label.setObjectName("SelectionCount")
        self.selection_label.setTextFormat(Qt.TextFormat.PlainText)
        self.review_button = QPushButton("Review…")
        self.review_button.setObjectName("PrimaryButton")
        self.review_button.setIcon(resources.icon("mdi6.clipboard-check-outline", "#ffffff"))
        self.review_button.setAutoDefault(False)
        self.review_button.clicked.connect(self.open_review)
        self.filter_bar.trailing.addWidget(self.selection_label)
        self.filter_bar.trailing.addWidget(self.review_button)

        self.message_bar = MessageBar()
        self.empty_state = EmptyState(
            self.icon_name, "No ideas yet", NO_IDEAS_TEXT,
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

        self.review_shortcut = self._shortcut("Ctrl+R", self.open_review)
        self.reload_shortcut = self._shortcut("F5", lambda: self.reload(keep_position=True))
        self.setTabOrder(self.filter_bar.clear_button, self.table)
        self._update_actions()

    def _shortcut(self, keys: str, slot: Any) -> QShortcut:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    # -- the person working ------------------------------------------------------------------
    def set_person(self, person: PersonInfo | None) -> None:
        super().set_person(person)
        self._update_actions()

    def review_refusal(self) -> str | None:
        """Why the Review… button is off now, or None when it may be used."""
        if self.person is None:
            return f"{PICK_PERSON}: supervisors and admins review ideas."
        if not can(self.person.role, Action.REVIEW_SUGGESTION):
            return (f"{self.person.name} is {self.person.role.label.lower()}: only supervisors "
                    "and admins review ideas.")
        selected = self.table.selection_count()
        if not selected:
            return "Select one or more ideas first (Shift or Ctrl to pick several, Ctrl+A all)."
        if selected > MAX_BATCH:
            return f"Review at most {MAX_BATCH:,} ideas at once ({selected:,} are selected)."
        return None

    def _update_actions(self) -> None:
        refusal = self.review_refusal()
        self.review_button.setEnabled(refusal is None)
        self.review_button.setToolTip(refusal or "Accept, reject, send back or start the review "
                                      "of the selected ideas (Ctrl+R)")

    def _on_selection_changed(self, count: int) -> None:
        self.selection_label.setText(f"{count:,} selected" if count > 1 else "")
        self._update_actions()

    # -- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Shown (or data changed underneath): the choices, then the list where it was."""
        self._load_choices()
        self.reload(keep_position=self.loaded_filter is not None)

    def current_filter(self) -> IdeaFilter:
        values = self.filter_bar.values()
        closed = self.filter_bar.extra_criterion() or (None, None)
        return IdeaFilter(
            text=values.text, area_id=values.area_id,
            statuses=tuple(SuggestionStatus(v) for v in values.choices),
            person_id=values.person_id, date_from=values.date_from, date_to=values.date_to,
            closed_from=closed[0], closed_to=closed[1],
        )

    def show_filter(self, flt: IdeaFilter) -> None:
        """Show the ideas ``flt`` selects, from the top (a dashboard figure's list)."""
        closed = None
        if flt.closed_from is not None or flt.closed_to is not None:
            closed = (day_range_text("Closed", flt.closed_from, flt.closed_to),
                      (flt.closed_from, flt.closed_to))
        self.loaded_filter = None  # a new list: start at its top, not where the old one was
        self.filter_bar.set_values(FilterValues(
            text=flt.text, area_id=flt.area_id, choices=tuple(s.value for s in flt.statuses),
            person_id=flt.person_id, date_from=flt.date_from, date_to=flt.date_to,
        ), closed)

    def reload(self, keep_position: bool = False) -> None:
        """Ask for the ids and the counts of the current filters, in the background."""
        flt = self.current_filter()
        svc = self.services
        self.loaded_filter = flt
        self._restore = self.table.state() if keep_position else None
        self.model.set_id_source(
            lambda sort, descending: svc.suggestions.query_ids(flt, sort, descending)
        )
        self.model.reload(self.table.top_row() if keep_position else 0)
        self._counts_generation += 1
        generation = self._counts_generation
        run_in_background(
            lambda: svc.suggestions.status_counts(flt),
            on_success=lambda counts: self._on_counts(generation, flt, counts),
            on_failure=lambda error: self._on_counts_failed(generation, error),
            owner=self, name="idea counts",
        )

    def _load_choices(self) -> None:
        svc = self.services

        def read() -> tuple[list[AreaInfo], list[PersonInfo], SiteSettings]:
            return svc.people.list_areas(), svc.people.list_people(), svc.people.settings()

        run_in_background(read, on_success=self._on_choices, owner=self, name="idea choices",
                          on_failure=lambda error: self._show_error(error, "The areas and "
                                                                    "people could not be read"))

    def _on_choices(self, result: tuple[list[AreaInfo], list[PersonInfo], SiteSettings]) -> None:
        areas, people, settings = result
        before = self.filter_bar.values()
        self.filter_bar.set_areas(areas)
        self.filter_bar.set_people(people)
        self.model.set_currency(settings.currency)
        self._choices_loaded = True
        if self.filter_bar.values() != before:
            self.reload()  # the chosen area or person is gone

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
                "No ideas match these filters",
                "Try other words or a wider date range, or clear the filters to see every idea.",
            )
        else:
            self.empty_state.set_text("No ideas yet", NO_IDEAS_TEXT)
        if self.empty_state.action_button is not None:
            self.empty_state.action_button.setVisible(filtered)
        self.stack.setCurrentWidget(self.empty_state)

    def _on_counts(self, generation: int, flt: IdeaFilter,
                   counts: dict[SuggestionStatus, int]) -> None:
        if generation != self._counts_generation:
            return
        self.status_counts = counts
        self.filter_bar.set_counts({status.value: n for status, n in counts.items()})
        shown = flt.statuses or tuple(SuggestionStatus)
        total = sum(counts.get(s, 0) for s in shown)
        parts = [plural(total, "idea")]
        parts += [f"{counts[s]:,} {s.label.lower()}" for s in shown if counts.get(s)]
        self.count_label.set_parts(parts if total else ["No ideas"])
        self.countsLoaded.emit()

    def _on_counts_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._counts_generation:
            self.count_label.set_parts([])
            if not isinstance(error, ValidationError):  # the id list reports that one
                self._show_error(error, "The counts could not be read")

    def _on_load_failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            # A filter the service refuses (the end date before the start date).
            self.filter_bar.show_error(error.message)
            return
        self._show_error(error, "The ideas could not be read")

    def _show_error(self, error: BaseException, what: str) -> None:
        if isinstance(error, KaizenError):
            self.message_bar.show_message(error.message, "error")
        else:
            log.error("%s: %r", what, error)
            self.message_bar.show_message(f"{what}: {error}", "error")

    # -- opening an idea ---------------------------------------------------------------------
    def open_idea(self, suggestion_id: int) -> None:
        """Open the idea's detail dialog; when it saves, the rows on screen are read again."""
        self.openRequested.emit(suggestion_id)
        dialog_class = open_detail("kaizen.ui.detail.idea_detail", "IdeaDetailDialog")
        if dialog_class is None:
            self.message_bar.show_message(f"Idea #{suggestion_id}: the detail view is not "
                                          "available in this version.", "info")
            return
        dialog = dialog_class(self.services, self.person, suggestion_id, self)
        self.detail_dialog = dialog
        dialog.changed.connect(self._on_detail_changed)
        dialog.finished.connect(self._on_detail_closed)
        dialog.open()

    def _on_detail_changed(self, *_args: Any) -> None:
        # Read the ids again too: the change may take the idea out of the filtered list.
        self.reload(keep_position=True)

    def _on_detail_closed(self, *_args: Any) -> None:
        dialog, self.detail_dialog = self.detail_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self.table.setFocus()

    # -- batch review ------------------------------------------------------------------------
    def open_review(self) -> None:
        """Review… / Ctrl+R: the batch dialog for the selected ideas (supervisors, admins)."""
        refusal = self.review_refusal()
        if refusal is not None:
            self.message_bar.show_message(refusal, "warning")
            return
        dialog = BatchReviewDialog(self.services, self.person, self.table.selected_ids(), self)
        self.review_dialog = dialog
        dialog.reviewed.connect(self._on_reviewed)
        dialog.finished.connect(self._on_review_closed)
        dialog.open()

    def _on_reviewed(self, outcomes: list[Any]) -> None:
        done = sum(1 for o in outcomes if o.ok)
        refused = len(outcomes) - done
        message = f"{plural(done, 'idea')} reviewed."
        if refused:
            message += f" {refused:,} refused: see the review window for why."
        self.message_bar.show_message(message, "warning" if refused else "info")
        self.reload(keep_position=True)
        self.reviewed.emit(outcomes)

    def _on_review_closed(self, *_args: Any) -> None:
        dialog, self.review_dialog = self.review_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self.table.setFocus()
