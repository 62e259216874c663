"""The review actions for one idea: start the review, accept (with owner and due date), reject
with a reason, send back with a note, and assign an owner and a due date.

Every action goes through the panel's :class:`~kaizen.ui.form_op.FormSaver` to the suggestion
service with the version the idea was read at, so a decision taken on a stale copy is refused
with the service's Conflict message (and Reload). The panel only enables what the status allows
and what the person's role may do; the service is the guard, and whatever it refuses is
reported: a missing reason or note, a bad owner or due date under that field, anything else in
the dialog's message bar (see :meth:`ReviewPanel.show_refusals_in`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.enums import SuggestionStatus
from kaizen.domain.errors import KaizenError, ValidationError
from kaizen.domain.months import format_day
from kaizen.domain.permissions import Action, can
from kaizen.i18n import QT_TRANSLATE_NOOP, current_language, translate
from kaizen.ui import resources
from kaizen.ui.detail.widgets import in_sentence, label, text_edit
from kaizen.ui.form_op import FormSaver, MessageFn, Refusals
from kaizen.ui.widgets.choices import PersonCombo
from kaizen.ui.widgets.dates import date_edit, date_value, set_date
from kaizen.ui.widgets.form import ErrorLabel

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.people import PersonInfo
    from kaizen.services.suggestions import SuggestionInfo

PICK_PERSON = QT_TRANSLATE_NOOP("ui.detail.review_panel", "Pick who is working first")
_UNREADABLE = object()  # a due date typed that is not a date (refused beside the field)
ACCEPT_NOTE = QT_TRANSLATE_NOOP(
    "ui.detail.review_panel",
    "Accepting starts PDCA cycle 1 in Plan: the idea goes on the PDCA board, owned by the owner "
    "above.")


def _section(title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("Section")
    column = QVBoxLayout(frame)
    column.setContentsMargins(14, 12, 14, 12)
    column.setSpacing(6)
    column.addWidget(label(title, "SectionTitle"))
    return frame, column


class ReviewPanel(QWidget):
    """``reviewed(SuggestionInfo, message)`` after a review action is saved. Review actions
    save through ``saver`` (the one save mechanism): field errors show in the panel, the rest
    where :meth:`show_refusals_in` says (the dialog's message bar)."""

    reviewed = Signal(object, str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.info: SuggestionInfo | None = None
        self.person: PersonInfo | None = None

        self.status_label = label("", "TabNote")

        assign_box, assign = _section(translate("ui.detail.review_panel", "Owner and due date"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        self.owner_combo = PersonCombo(translate("ui.detail.review_panel", "No owner"))
        self.owner_combo.setToolTip(translate(
            "ui.detail.review_panel", "Who carries the idea through PDCA"))
        self.due_edit = date_edit(field="due_date", label=translate(
            "ui.detail.review_panel", "Due"))
        self.due_edit.setToolTip(translate(
            "ui.detail.review_panel", "When the change should be in place"))
        self.owner_error = ErrorLabel()
        self.due_error = ErrorLabel()
        grid.addWidget(label(translate("ui.detail.review_panel", "Owner"), "FieldHint"), 0, 0)
        grid.addWidget(label(translate("ui.detail.review_panel", "Due"), "FieldHint"), 0, 1)
        grid.addWidget(self.owner_combo, 1, 0)
        grid.addWidget(self.due_edit, 1, 1)
        grid.addWidget(self.owner_error, 2, 0)
        grid.addWidget(self.due_error, 2, 1)
        grid.setColumnStretch(0, 1)
        assign.addLayout(grid)
        self.accept_note = label(translate("ui.detail.review_panel", ACCEPT_NOTE), "FieldHint")
        assign.addWidget(self.accept_note)
        self.start_button = QPushButton(translate("ui.detail.review_panel", "Start review"))
        self.start_button.setIcon(resources.icon("mdi6.eye-outline"))
        self.start_button.clicked.connect(self.start_review)
        self.assign_button = QPushButton(translate("ui.detail.review_panel", "Save owner and date"))
        self.assign_button.setIcon(resources.icon("mdi6.account-arrow-right-outline"))
        self.assign_button.clicked.connect(self.assign)
        self.accept_button = QPushButton(translate("ui.detail.review_panel", "Accept"))
        self.accept_button.setObjectName("PrimaryButton")
        self.accept_button.setIcon(resources.icon("mdi6.check", "#ffffff"))
        self.accept_button.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.start_button)
        row.addStretch(1)
        row.addWidget(self.assign_button)
        row.addWidget(self.accept_button)
        assign.addSpacing(4)
        assign.addLayout(row)

        self.assign_box = assign_box
        reject_box, reject = _section(translate("ui.detail.review_panel", "Reject"))
        self.reject_box = reject_box
        self.reason_edit = text_edit(translate(
            "ui.detail.review_panel", "Why the idea is not taken up (the submitter sees this)"), 64)
        self.reason_edit.setFixedHeight(64)
        self.reason_error = ErrorLabel()
        self.reject_button = QPushButton(translate("ui.detail.review_panel", "Reject"))
        self.reject_button.setIcon(resources.icon("mdi6.close-circle-outline", "#b42318"))
        self.reject_button.clicked.connect(self.reject)
        reject.addWidget(self.reason_edit)
        reject.addWidget(self.reason_error)
        reject.addWidget(self.reject_button, 0, Qt.AlignmentFlag.AlignRight)

        back_box, back = _section(translate("ui.detail.review_panel", "Send back for more detail"))
        self.back_box = back_box
        self.note_edit = text_edit(translate(
            "ui.detail.review_panel",
            "What the submitter should add or clarify (it also goes into the comments)"), 64)
        self.note_edit.setFixedHeight(64)
        self.note_error = ErrorLabel()
        self.send_back_button = QPushButton(translate("ui.detail.review_panel", "Send back"))
        self.send_back_button.setIcon(resources.icon("mdi6.undo-variant"))
        self.send_back_button.clicked.connect(self.send_back)
        back.addWidget(self.note_edit)
        back.addWidget(self.note_error)
        back.addWidget(self.send_back_button, 0, Qt.AlignmentFlag.AlignRight)

        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(reject_box)
        right.addWidget(back_box)
        right.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(assign_box)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(12)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(10)
        layout.addWidget(self.status_label)
        layout.addLayout(columns)
        layout.addStretch(1)
        # Until show_refusals_in() is called, form-wide refusals use the Reason line.
        self.refusals = Refusals(message=lambda text, action, action_text:
                                 self.reason_error.show_message(text, action=action,
                                                                action_text=action_text))
        for field, error, widget in (
                ("owner_id", self.owner_error, self.owner_combo),
                ("due_date", self.due_error, self.due_edit),
                ("reason", self.reason_error, self.reason_edit),
                ("note", self.note_error, self.note_edit),
                ("reason_or_note", self.reason_error, self.reason_edit)):
            self.refusals.add_label(field, error, widget)
        self.saver = FormSaver(self, self.refusals, what="the review")
        self.saver.busyChanged.connect(lambda _busy: self._update())
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self._update()

    # -- state --------------------------------------------------------------------------------
    def set_state(self, info: SuggestionInfo, person: PersonInfo | None,
                  people: Sequence[PersonInfo] | None = None) -> None:
        """Show ``info`` as read; owner and due date are set from it."""
        self.info = info
        self.person = person
        if people is not None:
            self.owner_combo.set_people(people)
        if info.owner_id is not None and self.owner_combo.findData(info.owner_id) < 0:
            # An owner who left stays shown as the owner until someone else is picked.
            self.owner_combo.addItem(info.owner_name or f"#{info.owner_id}", info.owner_id)
        self.owner_combo.set_selected_id(info.owner_id)
        set_date(self.due_edit, info.due_date)
        self._update()

    def set_person(self, person: PersonInfo | None) -> None:
        self.person = person
        self._update()

    @property
    def may_review(self) -> bool:
        return self.person is not None and can(self.person.role, Action.REVIEW_SUGGESTION)

    def _update(self) -> None:
        info, status = self.info, self.info.status if self.info is not None else None
        reviewer = self.may_review and not self.busy
        open_for_review = status is not None and status.is_open_for_review
        self.start_button.setEnabled(reviewer and status is SuggestionStatus.SUBMITTED)
        for widget in (self.accept_button, self.reject_button, self.send_back_button,
                       self.reason_edit, self.note_edit):
            widget.setEnabled(reviewer and open_for_review)
        # Once decided, only what still applies is shown: the owner and the due date.
        deciding = info is None or open_for_review
        for widget in (self.reject_box, self.back_box, self.accept_button, self.start_button,
                       self.accept_note):
            widget.setVisible(deciding)
        assignable = status is not None and not status.is_closed
        for widget in (self.assign_button, self.owner_combo, self.due_edit):
            widget.setEnabled(reviewer and assignable)
        tip = "" if self.person is not None else translate("ui.detail.review_panel", PICK_PERSON)
        for button in (self.start_button, self.accept_button, self.reject_button,
                       self.send_back_button, self.assign_button):
            button.setToolTip(tip or button.text())
        if info is None:
            text = ""
        elif self.person is None:
            text = translate(
                "ui.detail.review_panel", "Pick who is working first to review this idea.")
        elif not self.may_review:
            # Lower case inside the sentence, except where nouns keep their capital (German).
            role = self.person.role.label
            role = role if current_language() == "de" else role.lower()
            text = translate(
                "ui.detail.review_panel",
                "{name} is {role}: only supervisors and admins review ideas.").format(
                name=self.person.name, role=role)
        elif status is SuggestionStatus.SUBMITTED:
            text = translate(
                "ui.detail.review_panel",
                "Submitted and waiting for review. Start the review to tell the submitter "
                "someone is on it, or decide straight away.")
        elif status is SuggestionStatus.UNDER_REVIEW:
            text = translate("ui.detail.review_panel", "Under review: accept it, reject it with "
                                                       "a reason, or send it back.")
        elif status is SuggestionStatus.ACCEPTED:
            text = translate(
                "ui.detail.review_panel",
                "Accepted and in PDCA. The owner and the due date can still be changed here; the "
                "cycle itself is worked on the PDCA board.")
        else:
            assert status is not None
            text = translate(
                "ui.detail.review_panel", "This idea is {status}: there is nothing more to "
                                  "review.").format(status=in_sentence(status.label))
        self.status_label.setText(text)

    # -- actions ------------------------------------------------------------------------------
    def _due(self) -> date | None | object:
        """The due date typed, or :data:`_UNREADABLE` after showing why it is not a date."""
        try:
            return date_value(self.due_edit)
        except ValidationError as error:
            self.clear_errors()
            self.saver.refuse(error)
            return _UNREADABLE

    def _run(self, what: str, call: Callable[[int, int, int], SuggestionInfo],
             message: Callable[[SuggestionInfo], str]) -> None:
        """Call the service as the person working, with the version read; report the outcome."""
        self.clear_errors()
        if self.info is None:
            return
        if self.person is None:
            self.saver.refuse(KaizenError(translate(
                "ui.detail.review_panel", "Pick who is working first.")))
            return
        actor_id, suggestion_id, version = self.person.id, self.info.id, self.info.version

        def done(info: SuggestionInfo) -> None:
            self.info = info
            self.reason_edit.clear()
            self.note_edit.clear()
            self._update()
            self.reviewed.emit(info, message(info))

        self.saver.save(lambda: lambda: call(actor_id, suggestion_id, version), done,
                        name=f"review: {what}")

    def show_refusals_in(self, message: MessageFn, reload: Callable[[], None]) -> None:
        """Form-wide refusals go to ``message``; a Conflict offers ``reload``."""
        self.refusals.set_message(message)
        self.saver.reload = reload

    def clear_errors(self) -> None:
        self.refusals.clear()

    def error_text(self, field: str) -> str:
        return self.refusals.field_error(field)

    def start_review(self) -> None:
        suggestions = self.services.suggestions
        self._run("start", lambda a, s, v: suggestions.start_review(a, s, expected_version=v),
                  lambda info: translate(
                      "ui.detail.review_panel",
                      "The review has started; the submitter sees the idea is under review."))

    def accept(self) -> None:
        suggestions = self.services.suggestions
        owner_id, due = self.owner_combo.person_id(), self._due()
        if due is _UNREADABLE:
            return

        def message(info: SuggestionInfo) -> str:
            if info.owner_name:
                return translate(
                    "ui.detail.review_panel",
                    "Accepted. PDCA cycle 1 has started in Plan, owned by "
                                      "{name}.").format(name=info.owner_name)
            return translate(
                "ui.detail.review_panel", "Accepted. PDCA cycle 1 has started in Plan.")

        self._run("accept", lambda a, s, v: suggestions.accept(
            a, s, owner_id=owner_id, due_date=due, expected_version=v), message)

    def reject(self) -> None:
        suggestions = self.services.suggestions
        reason = self.reason_edit.toPlainText()
        self._run("reject", lambda a, s, v: suggestions.reject(a, s, reason,
                                                               expected_version=v),
                  lambda info: translate(
                      "ui.detail.review_panel", "Rejected; the reason is kept with the idea."))

    def send_back(self) -> None:
        suggestions = self.services.suggestions
        note = self.note_edit.toPlainText()
        self._run("send back", lambda a, s, v: suggestions.send_back(a, s, note,
                                                                     expected_version=v),
                  lambda info: translate(
                      "ui.detail.review_panel",
                      "Sent back to the submitter; the note is in the comments."))

    def assign(self) -> None:
        suggestions = self.services.suggestions
        owner_id, due = self.owner_combo.person_id(), self._due()
        if due is _UNREADABLE:
            return

        def message(info: SuggestionInfo) -> str:
            if info.owner_name is None:
                return translate("ui.detail.review_panel", "The idea has no owner now.")
            if info.due_date:
                return translate(
                    "ui.detail.review_panel", "{name} owns the idea, due {day}.").format(
                    name=info.owner_name, day=format_day(info.due_date))
            return translate(
                "ui.detail.review_panel", "{name} owns the idea.").format(name=info.owner_name)

        self._run("assign", lambda a, s, v: suggestions.assign(
            a, s, owner_id=owner_id, due_date=due, expected_version=v), message)

    @property
    def busy(self) -> bool:
        return self.saver.busy
