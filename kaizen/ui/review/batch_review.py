"""Review several ideas at once: accept, reject, send back or take into review.

:class:`BatchReviewDialog` shows the chosen ideas (read in the worker), the four actions as
buttons, and only the fields the chosen action uses: a reason for rejecting and a note for
sending back (the service says when they are missing, under the field), an owner and a due date
for accepting (both optional: the idea keeps what it has). The review runs in the worker through
``services.suggestions.review_many`` in slices of :data:`SLICE`, with a progress bar; each idea is
its own unit of work, so the outcome list says idea by idea what was done and what was refused
and why. ``reviewed(outcomes)`` fires once the service answered, so the list behind the dialog
can reload while the outcomes are still on screen.

Only supervisors and admins review; the list does not open the dialog for anyone else, and the
dialog itself refuses to submit for them (the service refuses too, whatever the UI shows).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.errors import KaizenError, ValidationError
from kaizen.domain.numbers import format_number
from kaizen.domain.permissions import Action, can
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.services.suggestions import BatchOutcome, ReviewAction
from kaizen.ui import resources
from kaizen.ui.form_op import FormSaver, Refusals
from kaizen.ui.measure.common import fit_height
from kaizen.ui.views.list_filters import LIST_STYLE
from kaizen.ui.widgets.choices import PersonCombo
from kaizen.ui.widgets.dates import DateEdit
from kaizen.ui.widgets.dialog_parts import primary_button
from kaizen.ui.widgets.form import FieldForm
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.listing import IdeaRow
    from kaizen.services.people import PersonInfo

log = logging.getLogger(__name__)

SLICE = 20
MAX_BATCH = 500
DIALOG_WIDTH = 600

# Label, icon and what it does, per action (marked only: translated where shown, in this
# module's context). The button's and the outcome's sentences are below, whole, per action.
ACTIONS: dict[ReviewAction, tuple[str, str, str]] = {
    ReviewAction.ACCEPT: (
        QT_TRANSLATE_NOOP("ui.review.batch_review", "&Accept"), "mdi6.check-circle-outline",
        QT_TRANSLATE_NOOP("ui.review.batch_review",
                          "Accepting starts each idea's first PDCA cycle in Plan. Give them an "
                          "owner and a due date, or leave them as they are."),
    ),
    ReviewAction.REJECT: (
        QT_TRANSLATE_NOOP("ui.review.batch_review", "&Reject"), "mdi6.close-circle-outline",
        QT_TRANSLATE_NOOP("ui.review.batch_review",
                          "Rejecting closes the ideas. The reason is shown to each submitter, so "
                          "say why kindly."),
    ),
    ReviewAction.SEND_BACK: (
        QT_TRANSLATE_NOOP("ui.review.batch_review", "Send &back"), "mdi6.undo-variant",
        QT_TRANSLATE_NOOP("ui.review.batch_review",
                          "Sending back returns the ideas to their submitters as submitted, with "
                          "your note (also added to each idea's comments) saying what is "
                          "missing."),
    ),
    ReviewAction.START_REVIEW: (
        QT_TRANSLATE_NOOP("ui.review.batch_review", "&Start review"), "mdi6.eye-outline",
        QT_TRANSLATE_NOOP("ui.review.batch_review",
                          "Marks the ideas as under review, so the team sees someone is looking "
                          "at them."),
    ),
}


# The button's and the outcome's sentences per action, whole, for one idea and for several
# (marked only: translated where shown, in this module's context).
_SUBMIT_TEXTS: dict[ReviewAction, tuple[str, str]] = {
    ReviewAction.ACCEPT: (
        QT_TRANSLATE_NOOP("ui.review.batch_review", "Accept {count} idea"),
        QT_TRANSLATE_NOOP("ui.review.batch_review", "Accept {count} ideas")),
    ReviewAction.REJECT: (
        QT_TRANSLATE_NOOP("ui.review.batch_review", "Reject {count} idea"),
        QT_TRANSLATE_NOOP("ui.review.batch_review", "Reject {count} ideas")),
    ReviewAction.SEND_BACK: (
        QT_TRANSLATE_NOOP("ui.review.batch_review", "Send back {count} idea"),
        QT_TRANSLATE_NOOP("ui.review.batch_review", "Send back {count} ideas")),
    ReviewAction.START_REVIEW: (
        QT_TRANSLATE_NOOP("ui.review.batch_review", "Start review of {count} idea"),
        QT_TRANSLATE_NOOP("ui.review.batch_review", "Start review of {count} ideas")),
}
_DONE_TEXTS: dict[ReviewAction, tuple[str, str]] = {
    ReviewAction.ACCEPT: (
        QT_TRANSLATE_NOOP("ui.review.batch_review", "{count} idea accepted"),
        QT_TRANSLATE_NOOP("ui.review.batch_review", "{count} ideas accepted")),
    ReviewAction.REJECT: (
        QT_TRANSLATE_NOOP("ui.review.batch_review", "{count} idea rejected"),
        QT_TRANSLATE_NOOP("ui.review.batch_review", "{count} ideas rejected")),
    ReviewAction.SEND_BACK: (
        QT_TRANSLATE_NOOP("ui.review.batch_review", "{count} idea sent back"),
        QT_TRANSLATE_NOOP("ui.review.batch_review", "{count} ideas sent back")),
    ReviewAction.START_REVIEW: (
        QT_TRANSLATE_NOOP("ui.review.batch_review", "{count} idea put under review"),
        QT_TRANSLATE_NOOP("ui.review.batch_review", "{count} ideas put under review")),
}


def _counted(texts: dict[ReviewAction, tuple[str, str]], action: ReviewAction,
             count: int) -> str:
    """The action's sentence for ``count`` ideas, in the app's language."""
    one, several = texts.get(action, texts[ReviewAction.START_REVIEW])
    return translate("ui.review.batch_review", one if count == 1 else several).format(
        count=format_number(count))


def submit_text(action: ReviewAction, count: int) -> str:
    """The submit button: "Accept 3 ideas", "Send back 1 idea"."""
    return _counted(_SUBMIT_TEXTS, action, count)


def submit_tip(action: ReviewAction) -> str:
    if action is ReviewAction.ACCEPT:
        return translate("ui.review.batch_review",
                         "Accept the ideas listed above (Enter or Ctrl+Enter)")
    if action is ReviewAction.REJECT:
        return translate("ui.review.batch_review",
                         "Reject the ideas listed above (Enter or Ctrl+Enter)")
    if action is ReviewAction.SEND_BACK:
        return translate("ui.review.batch_review",
                         "Send back the ideas listed above (Enter or Ctrl+Enter)")
    return translate("ui.review.batch_review",
                     "Start review of the ideas listed above (Enter or Ctrl+Enter)")


def done_text(action: ReviewAction, count: int) -> str:
    """What happened, said as such: "2 ideas rejected" (issue 16)."""
    return _counted(_DONE_TEXTS, action, count)

OUTCOME_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def review_title(count: int) -> str:
    said = (translate("ui.review.batch_review", "Review {count} idea") if count == 1
            else translate("ui.review.batch_review", "Review {count} ideas"))
    return said.format(count=format_number(count))


class BatchReviewDialog(QDialog):
    """See the module docstring. ``outcomes`` holds the service's answer once it came."""

    reviewed = Signal(list)  # list[BatchOutcome]
    ideasLoaded = Signal()

    def __init__(self, services: Services, person: PersonInfo | None, ids: Sequence[int],
                 parent: QWidget | None = None, *,
                 action: ReviewAction = ReviewAction.ACCEPT) -> None:
        super().__init__(parent)
        self.setObjectName("BatchReviewDialog")
        self.setStyleSheet(LIST_STYLE)
        self.services = services
        self.person = person
        self.ids = list(dict.fromkeys(ids))[:MAX_BATCH]
        self.outcomes: list[BatchOutcome] | None = None
        count = len(self.ids)
        self.setWindowTitle(review_title(count))
        self.setMinimumWidth(DIALOG_WIDTH)

        heading = QLabel(review_title(count))
        heading.setObjectName("DialogTitle")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        who = QLabel(translate("ui.review.batch_review",
                               "As {name} ({role})").format(name=person.name,
                                                     role=person.role.label.lower())
                     if person else translate("ui.review.batch_review",
                                              "Nobody is picked as working"))
        who.setObjectName("DialogNote")
        who.setTextFormat(Qt.TextFormat.PlainText)

        self.ideas_model = QStandardItemModel(self)
        self.ideas_view = QListView()
        self.ideas_view.setObjectName("BatchIdeas")
        self.ideas_view.setModel(self.ideas_model)
        self.ideas_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.ideas_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.ideas_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.ideas_view.setUniformItemSizes(True)
        self.ideas_view.setFixedHeight(min(5, max(count, 1)) * 26 + 12)
        self.ideas_view.setStyleSheet(
            "QListView { border: 1px solid #e4e7ec; border-radius: 8px; background: #f9fafb;"
            " padding: 4px; } QListView::item { padding: 2px 4px; }"
        )
        for record_id in self.ids:
            item = QStandardItem(f"#{record_id}  …")
            item.setEditable(False)
            self.ideas_model.appendRow(item)

        # The four actions: exclusive buttons, each with its mnemonic.
        self.action_group = QButtonGroup(self)
        self.action_group.setExclusive(True)
        self.action_buttons: dict[ReviewAction, QPushButton] = {}
        actions_row = QHBoxLayout()
        actions_row.setSpacing(8)
        for review_action, (label, icon, _text) in ACTIONS.items():
            button = QPushButton(translate("ui.review.batch_review", label))
            button.setObjectName("ChoiceFilter")
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setIcon(resources.icon(icon, resources.MUTED, active_color=resources.ACCENT))
            button.setIconSize(QSize(18, 18))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.toggled.connect(self._on_action_toggled)
            self.action_group.addButton(button)
            self.action_buttons[review_action] = button
            actions_row.addWidget(button)
        self.closed_note = QLabel("")
        self.closed_note.setObjectName("DialogText")
        self.closed_note.setTextFormat(Qt.TextFormat.PlainText)
        self.closed_note.setWordWrap(True)
        self.closed_note.hide()
        self.explanation = QLabel("")
        self.explanation.setObjectName("DialogText")
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setWordWrap(True)

        self.form = FieldForm()
        self.saver = FormSaver(self, Refusals(self.form), what="the review")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("ReasonOrNote")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(92)
        self.form.add_field("reason_or_note", translate("ui.review.batch_review",  # i18n: no
                                                        "Reason"), self.note_edit)
        self.note_label = self.form.labelForField(self.note_edit.parentWidget())
        self.owner_combo = PersonCombo(translate("ui.review.batch_review",
                                                 "Keep the current owner"))
        self.owner_combo.setObjectName("OwnerChoice")
        self.owner_combo.setAccessibleName(translate("ui.review.batch_review", "Owner"))
        self.form.add_field("owner_id", translate("ui.review.batch_review",  # i18n: no
                                                  "Owner"), self.owner_combo)
        self.due_edit = DateEdit(translate("ui.review.batch_review",
                                           "Keep the due date"), field="due_date",
                                 label=translate("ui.review.batch_review", "Due date"))
        self.due_edit.setObjectName("DueChoice")
        self.due_edit.setAccessibleName(translate("ui.review.batch_review", "Due date"))
        self.due_edit.setMinimumWidth(180)
        self.form.add_field("due_date", translate("ui.review.batch_review",  # i18n: no
                                                  "Due date"), self.due_edit)
        self.form.alias("reason", "reason_or_note")
        self.form.alias("note", "reason_or_note")
        self.form_holder = QWidget()
        self.form_holder.setLayout(self.form)

        self.progress = QProgressBar()
        self.progress.setRange(0, max(count, 1))
        self.progress.setTextVisible(False)
        self.progress.hide()

        self.summary_label = QLabel("")
        self.summary_label.setObjectName("DialogHeading")
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.hide()
        self.outcomes_model = QStandardItemModel(self)
        self.outcomes_view = QListView()
        self.outcomes_view.setObjectName("BatchOutcomes")
        self.outcomes_view.setModel(self.outcomes_model)
        self.outcomes_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.outcomes_view.setWordWrap(True)
        self.outcomes_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.outcomes_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.outcomes_view.setIconSize(QSize(18, 18))
        self.outcomes_view.setStyleSheet(
            "QListView { border: 1px solid #e4e7ec; border-radius: 8px; background: #ffffff;"
            " padding: 4px; } QListView::item { padding: 4px; }"
            " QListView::item:selected { background: #f0f8f7; color: #1f2933; }"
        )
        self.outcomes_view.setMinimumHeight(160)
        self.outcomes_view.hide()

        self.cancel_button = QPushButton(translate("ui.review.batch_review", "Cancel"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setToolTip(translate("ui.review.batch_review",
                                                "Close without reviewing (Esc)"))
        self.cancel_button.clicked.connect(self.reject)
        self.submit_button = primary_button("", self.submit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.form.general_error, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.submit_button)

        column = QVBoxLayout(self)
        column.setContentsMargins(24, 22, 24, 20)
        column.setSpacing(12)
        column.addWidget(heading)
        column.addWidget(who)
        column.addWidget(self.ideas_view)
        column.addWidget(self.closed_note)
        column.addSpacing(2)
        column.addLayout(actions_row)
        column.addWidget(self.explanation)
        column.addWidget(self.form_holder)
        column.addWidget(self.progress)
        column.addWidget(self.summary_label)
        column.addWidget(self.outcomes_view, 1)
        column.addStretch(0)
        column.addLayout(buttons)

        self.saver.submit_on(self.submit)

        self.action_buttons[ReviewAction(action)].setChecked(True)
        self._on_action_toggled(True)
        self._check_person()
        self._load()

    # -- state -------------------------------------------------------------------------------
    @property
    def action(self) -> ReviewAction:
        for review_action, button in self.action_buttons.items():
            if button.isChecked():
                return review_action
        return ReviewAction.ACCEPT

    def _on_action_toggled(self, checked: bool) -> None:
        if not checked:
            return
        action = self.action
        _label, _icon, text = ACTIONS[action]
        self.explanation.setText(translate("ui.review.batch_review", text))
        needs_text = action in (ReviewAction.REJECT, ReviewAction.SEND_BACK)
        # Whole rows in and out, so a hidden row leaves no gap behind.
        self.form.setRowVisible(self.note_edit.parentWidget(), needs_text)
        if self.note_label is not None:
            self.note_label.setText(translate("ui.review.batch_review",
                                              "Reason") if action is ReviewAction.REJECT
                                    else translate("ui.review.batch_review", "Note"))
        self.note_edit.setPlaceholderText(
            translate("ui.review.batch_review",
                      "Why are these ideas rejected? (required)") if action is ReviewAction.REJECT
            else translate("ui.review.batch_review",
                           "What should the submitters add or change? (required)")
        )
        for widget in (self.owner_combo, self.due_edit):
            self.form.setRowVisible(widget.parentWidget(), action is ReviewAction.ACCEPT)
        self.form.clear_errors()
        self.submit_button.setText(submit_text(action, len(self.ids)))
        self.submit_button.setToolTip(submit_tip(action))
        self.adjustSize()

    def _check_person(self) -> None:
        refusal = None
        if self.person is None:
            refusal = translate("ui.review.batch_review", "Pick who is working first.")
        elif not can(self.person.role, Action.REVIEW_SUGGESTION):
            refusal = translate(
                "ui.review.batch_review",
                "{name} is {role}: only supervisors and admins review ideas.").format(
                name=self.person.name, role=self.person.role.label.lower())
        elif not self.ids:
            refusal = translate("ui.review.batch_review",
                                "Select one or more ideas in the list first.")
        if refusal is not None:
            self.form.general_error.show_message(refusal)
            self.submit_button.setEnabled(False)
            for button in self.action_buttons.values():
                button.setEnabled(False)

    # -- loading the ideas and the people ----------------------------------------------------
    def _load(self) -> None:
        services, ids = self.services, list(self.ids)

        def read() -> tuple[list[IdeaRow], list[PersonInfo]]:
            return services.suggestions.rows(ids), services.people.list_people()

        run_in_background(read, on_success=self._on_loaded, on_failure=self._on_load_failed,
                          owner=self, name="batch review ideas")

    def _on_loaded(self, result: tuple[list[IdeaRow], list[PersonInfo]]) -> None:
        rows, people = result
        by_id = {row.id: row for row in rows}
        settled = [row for row in rows if not row.status.is_open_for_review]
        if settled:
            which = ", ".join(f"#{row.id} ({row.status.label.lower()})" for row in settled[:5])
            more = (translate("ui.review.batch_review",
                              " and {count} more").format(count=len(settled) - 5)
                    if len(settled) > 5 else "")
            self.closed_note.setText(translate(
                "ui.review.batch_review",
                "Only submitted ideas and ideas under review can be reviewed: {which}{more} "
                "will be left as they are.").format(which=which, more=more))
            self.closed_note.show()
            self.adjustSize()  # make room for the note rather than squeeze the form
        for position, record_id in enumerate(self.ids):
            item = self.ideas_model.item(position)
            row = by_id.get(record_id)
            if row is None:
                item.setText(translate("ui.review.batch_review",
                                       "#{id}  (no longer there)").format(id=record_id))
                continue
            item.setText(f"#{row.id}  {row.title}  ·  {row.status.label}")
            item.setToolTip(translate("ui.review.batch_review",
                                      "{title}\n{area}, from {submitter}; {status}")
                            .format(title=row.title, area=row.area_name,
                                    submitter=row.submitter_name,
                                    status=row.status.label.lower()))
            if not row.status.is_open_for_review:
                item.setForeground(Qt.GlobalColor.gray)
        self.owner_combo.set_people(people)
        self.ideasLoaded.emit()

    def _on_load_failed(self, error: BaseException) -> None:
        message = error.message if isinstance(error, KaizenError) else str(error)
        self.form.general_error.show_message(
            translate("ui.review.batch_review",
                      "The ideas could not be read: {message}").format(message=message))

    # -- reviewing ---------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.saver.busy

    def submit(self) -> None:
        """Run the review in the worker (or close, once it is done)."""
        if self.outcomes is not None:
            self.accept()
            return
        if self.saver.busy or not self.submit_button.isEnabled():
            return
        assert self.person is not None
        action = self.action
        note = self.note_edit.toPlainText()
        owner_id = self.owner_combo.person_id() if action is ReviewAction.ACCEPT else None
        try:
            due = self.due_edit.checked_value() if action is ReviewAction.ACCEPT else None
        except ValidationError as error:
            self.saver.refuse(error)
            return
        suggestions, person_id, ids = self.services.suggestions, self.person.id, list(self.ids)

        def work(progress: Any) -> list[BatchOutcome]:
            outcomes: list[BatchOutcome] = []
            for start in range(0, len(ids), SLICE):
                part = ids[start:start + SLICE]
                try:
                    outcomes += suggestions.review_many(
                        person_id, part, action, reason_or_note=note, owner_id=owner_id,
                        due_date=due,
                    )
                except KaizenError as error:
                    if not outcomes:
                        raise  # refused up front: nothing was changed
                    # Refused half-way (the owner retired meanwhile): say so for the rest.
                    outcomes += [BatchOutcome(i, False, error.message) for i in ids[start:]]
                    break
                progress(len(outcomes), len(ids))
            return outcomes

        self._set_inputs_enabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.saver.save(lambda: work, self._on_reviewed, on_failure=self._on_refused,
                        on_progress=self._on_progress, name="batch review")

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _on_reviewed(self, outcomes: list[BatchOutcome]) -> None:
        self.outcomes = outcomes
        self.progress.hide()
        # The outcomes take the place of the question: what was asked is in each line.
        for widget in (self.form_holder, self.explanation, self.ideas_view, self.closed_note,
                       *self.action_buttons.values()):
            widget.hide()
        self.outcomes_model.clear()
        done = sum(1 for o in outcomes if o.ok)
        refused = len(outcomes) - done
        for outcome in outcomes:
            item = QStandardItem(outcome.message)
            item.setEditable(False)
            item.setData(outcome.id, OUTCOME_ID_ROLE)
            item.setIcon(resources.icon("mdi6.check-circle", resources.ACCENT) if outcome.ok
                         else resources.icon("mdi6.alert-circle", "#b42318"))
            item.setToolTip(outcome.message)
            self.outcomes_model.appendRow(item)
        # Said as what happened: "2 ideas rejected", never "2 ideas done (reject)" (issue 16).
        parts = [done_text(self.action, done) if done else translate("ui.review.batch_review",
                                                                     "Nothing was changed")]
        if refused:
            parts.append(translate("ui.review.batch_review",
                                   "{count} refused").format(count=format_number(refused)))
        self.summary_label.setText(" · ".join(parts))
        self.summary_label.show()
        self.outcomes_view.show()
        self.cancel_button.hide()
        self.submit_button.setEnabled(True)
        self.submit_button.setText(translate("ui.review.batch_review", "Close"))
        self.submit_button.setToolTip(translate("ui.review.batch_review", "Close (Enter)"))
        self.submit_button.setFocus()
        self.adjustSize()
        self.reviewed.emit(outcomes)

    def _on_refused(self, _error: BaseException) -> None:
        """After the saver showed why: the form is back to be changed or sent again."""
        self.progress.hide()
        self._set_inputs_enabled(True)

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for widget in (self.form_holder, self.submit_button, self.cancel_button,
                       *self.action_buttons.values()):
            widget.setEnabled(enabled)

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt override)
        super().showEvent(event)
        fit_height(self)  # the notes wrap: the list above must not be covered

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt override)
        super().resizeEvent(event)
        fit_height(self)

    def reject(self) -> None:
        if self.saver.busy:
            return  # the review is being written; closing now would hide its outcome
        super().reject()
