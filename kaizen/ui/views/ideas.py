"""The Ideas view: every idea in one list that stays instant at 200,000 rows, and batch review.

A :class:`FilteredListPage` (the list machinery, shared with the Waste walk) over
:class:`IdeasTableModel`: the filter bar's values become an ``IdeaFilter``, the status counts
fill the count line and the status picker.

Double-click or Enter opens the idea in ``IdeaDetailDialog`` (imported when first used); after
it saved a change, the rows on screen are read again. Supervisors and admins select ideas
(Shift/Ctrl-click, Ctrl+A) and press "Review…" (Ctrl+R) to accept, reject, send back or take
them into review together (:class:`BatchReviewDialog`); the list then reloads, keeping the
selection and scroll position where the ideas are still listed, and Ctrl+Z (or the message's
Undo) takes the decisions back for 30 seconds (:class:`~kaizen.ui.undo_offer.UndoOffer`).
F5 reloads.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kaizen.domain.enums import SuggestionStatus
from kaizen.domain.numbers import format_number
from kaizen.domain.permissions import Action, can
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.services.listing import IdeaFilter
from kaizen.ui import resources
from kaizen.ui.models.ideas_table import (
    COL_STATUS,
    COL_TITLE,
    COLUMN_WIDTHS,
    HIDDEN_BY_DEFAULT,
    IdeasTableModel,
)
from kaizen.ui.review.batch_review import MAX_BATCH, BatchReviewDialog
from kaizen.ui.undo_offer import UndoOffer
from kaizen.ui.views import in_sentence, translated
from kaizen.ui.views.list_filters import FilterValues, day_range_text
from kaizen.ui.views.list_page import (
    PICK_PERSON,
    FilteredListPage,
    ListTexts,
    TableSetup,
    open_detail,
    plural,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from kaizen.services import Services

__all__ = ["PICK_PERSON", "IdeasView", "open_detail", "plural"]

NO_IDEAS_TEXT = QT_TRANSLATE_NOOP(
    "ui.views.ideas",
    "Ideas logged with Quick capture (Ctrl+N) appear here, newest first: what is wrong now and "
    "what to change. Supervisors select them here to review them.")
STATUS_TIPS = {
    SuggestionStatus.SUBMITTED: QT_TRANSLATE_NOOP("ui.views.ideas", "New, waiting for review"),
    SuggestionStatus.UNDER_REVIEW: QT_TRANSLATE_NOOP("ui.views.ideas",
                                                     "A supervisor is looking at it"),
    SuggestionStatus.ACCEPTED: QT_TRANSLATE_NOOP("ui.views.ideas", "Running through PDCA"),
    SuggestionStatus.REJECTED: QT_TRANSLATE_NOOP("ui.views.ideas", "Closed with a reason"),
    SuggestionStatus.STANDARDISED: QT_TRANSLATE_NOOP("ui.views.ideas", "Done: the new standard"),
    SuggestionStatus.ABANDONED: QT_TRANSLATE_NOOP("ui.views.ideas", "Stopped after trying"),
}


def list_texts() -> ListTexts:
    """What the list says about itself, in the language of the work."""
    return ListTexts(
        noun=translate("ui.views.ideas", "ideas"), one=translate("ui.views.ideas", "idea"),
        empty_title=translate("ui.views.ideas", "No ideas yet"),
        empty_text=translated("ui.views.ideas", NO_IDEAS_TEXT),
        no_match_title=translate("ui.views.ideas", "No ideas match these filters"),
        no_match_text=translate("ui.views.ideas", "Try other words or a wider date range, or "
                                "clear the filters to see every idea."),
    )


class IdeasView(FilteredListPage):
    title = QT_TRANSLATE_NOOP("ui.views.ideas", "Ideas")
    subtitle = QT_TRANSLATE_NOOP("ui.views.ideas",
                                 "Suggestions from the floor, from a first note to a new standard.")
    icon_name = "mdi6.lightbulb-on-outline"

    list_name = "ideas"

    reviewed = Signal(list)  # a batch review finished: its outcomes

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        svc = services  # the worker reads through this, never through the widget
        super().__init__(
            services,
            {"noun": translate("ui.views.ideas", "ideas"),
             "choice_caption": translate("ui.views.ideas", "Status"),
             "choices": [(s.value, s.label, translated("ui.views.ideas", STATUS_TIPS[s]))
                         for s in SuggestionStatus],
             "person_label": translate("ui.views.ideas", "Anyone"),
             "person_tip": translate("ui.views.ideas", "Submitted or owned by"),
             "date_caption": translate("ui.views.ideas", "Created"),
             "date_tip": translate("ui.views.ideas", "Ideas created")},
            IdeasTableModel(lambda ids: svc.suggestions.rows(ids)),
            TableSetup("IdeasTable", translate("ui.views.ideas", "Ideas"), COL_STATUS,
                       "lists/ideas/hiddenColumns",
                       COLUMN_WIDTHS, HIDDEN_BY_DEFAULT, COL_TITLE),
            list_texts(), parent,
        )
        self.review_dialog: BatchReviewDialog | None = None
        self.status_counts: dict[SuggestionStatus, int] = {}

        self.selection_label = QLabel("")
        self.selection_label.setObjectName("SelectionCount")
        self.selection_label.setTextFormat(Qt.TextFormat.PlainText)
        self.review_button = QPushButton(translate("ui.views.ideas", "Review…"))
        self.review_button.setObjectName("PrimaryButton")
        self.review_button.setIcon(resources.icon("mdi6.clipboard-check-outline", "#ffffff"))
        self.review_button.setAutoDefault(False)
        self.review_button.clicked.connect(self.open_review)
        self.filter_bar.trailing.addWidget(self.selection_label)
        self.filter_bar.trailing.addWidget(self.review_button)
        self.review_shortcut = self.shortcut("Ctrl+R", self.open_review)
        # Ctrl+Z: take back the last batch review for a short while (kaizen.services.undo).
        self.undo = UndoOffer(self, self.message_bar,
                              after=lambda: self.reload(keep_position=True))
        self.update_actions()

    # -- the person working and the selection ------------------------------------------------
    def review_refusal(self) -> str | None:
        """Why the Review… button is off now, or None when it may be used."""
        if self.person is None:
            return translate("ui.views.ideas",
                             "Pick who is working first: supervisors and admins review ideas.")
        if not can(self.person.role, Action.REVIEW_SUGGESTION):
            return translate("ui.views.ideas", "{name} is {role}: only supervisors and admins "
                             "review ideas.").format(name=self.person.name,
                                                     role=in_sentence(self.person.role.label))
        selected = self.table.selection_count()
        if not selected:
            return translate("ui.views.ideas", "Select one or more ideas first (Shift or Ctrl to "
                             "pick several, Ctrl+A all).")
        if selected > MAX_BATCH:
            return translate("ui.views.ideas", "Review at most {limit} ideas at once ({selected} "
                             "are selected).").format(limit=format_number(MAX_BATCH),
                                                      selected=format_number(selected))
        return None

    def update_actions(self, *_args: Any) -> None:
        refusal = self.review_refusal()
        self.review_button.setEnabled(refusal is None)
        self.review_button.setToolTip(refusal or translate(
            "ui.views.ideas",
            "Accept, reject, send back or start the review of the selected ideas (Ctrl+R)"))

    def _on_selection_changed(self, count: int) -> None:
        self.selection_label.setText(translate("ui.views.ideas", "{count} selected").format(
            count=format_number(count)) if count > 1 else "")
        self.update_actions()

    # -- the list ----------------------------------------------------------------------------
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
            closed = (day_range_text(translate("ui.views.ideas", "Closed"), flt.closed_from,
                                     flt.closed_to),
                      (flt.closed_from, flt.closed_to))
        self.loaded_filter = None  # a new list: start at its top, not where the old one was
        self.filter_bar.set_values(FilterValues(
            text=flt.text, area_id=flt.area_id, choices=tuple(s.value for s in flt.statuses),
            person_id=flt.person_id, date_from=flt.date_from, date_to=flt.date_to,
        ), closed)

    def id_query(self, flt: IdeaFilter) -> Callable[[int, bool], list[int]]:
        suggestions = self.services.suggestions
        return lambda sort, descending: suggestions.query_ids(flt, sort, descending)

    def counts_job(self, flt: IdeaFilter) -> Callable[[], dict[SuggestionStatus, int]]:
        suggestions = self.services.suggestions
        return lambda: suggestions.status_counts(flt)

    def show_counts(self, flt: IdeaFilter, counts: dict[SuggestionStatus, int]) -> None:
        self.status_counts = counts
        self.filter_bar.set_counts({status.value: n for status, n in counts.items()})
        shown = flt.statuses or tuple(SuggestionStatus)
        total = sum(counts.get(s, 0) for s in shown)
        parts = [plural(total, translate("ui.views.ideas", "{count} idea"),
                        translate("ui.views.ideas", "{count} ideas"))]
        parts += [translate("ui.views.ideas", "{count} {status}").format(
            count=format_number(counts[s]), status=in_sentence(s.label))
            for s in shown if counts.get(s)]
        self.count_label.set_parts(parts if total else [translate("ui.views.ideas", "No ideas")])

    # -- opening an idea ---------------------------------------------------------------------
    def open_row(self, row_id: int) -> None:
        self.open_idea(row_id)

    def open_idea(self, suggestion_id: int) -> None:
        """Open the idea's detail dialog; when it saves, the rows on screen are read again."""
        self.openRequested.emit(suggestion_id)
        missing = translate(
            "ui.views.ideas", "Idea #{id}: the detail view is not available in this version."
        ).format(id=suggestion_id)
        self.show_detail("kaizen.ui.detail.idea_detail", "IdeaDetailDialog", suggestion_id,
                         missing)

    # -- batch review ------------------------------------------------------------------------
    def open_review(self) -> None:
        """Review… / Ctrl+R: the batch dialog for the selected ideas (supervisors, admins)."""
        if self.message_bar.refused(self.review_refusal()):
            return
        dialog = BatchReviewDialog(self.services, self.person, self.table.selected_ids(), self)
        self.review_dialog = dialog
        dialog.reviewed.connect(self._on_reviewed)
        dialog.finished.connect(self._on_review_closed)
        dialog.open()

    def _on_reviewed(self, outcomes: list[Any]) -> None:
        done = [o for o in outcomes if o.ok]
        refused = len(outcomes) - len(done)
        message = plural(len(done), translate("ui.views.ideas", "{count} idea reviewed."),
                         translate("ui.views.ideas", "{count} ideas reviewed."))
        if refused:
            # One message per sentence: the second follows the first after a space.
            message += " " + translate("ui.views.ideas", "{count} refused: see the review window "
                                       "for why.").format(count=format_number(refused))
        undo, person = self.services.undo, self.person
        jobs = [] if person is None else [
            partial(undo.undo_review, person.id, o.id, expected_version=o.version)
            for o in done if o.version is not None]
        self.undo.offer(message, jobs, kind="warning" if refused else "info")
        self.reload(keep_position=True)
        self.reviewed.emit(outcomes)

    def _on_review_closed(self, *_args: Any) -> None:
        dialog, self.review_dialog = self.review_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self.table.setFocus()
