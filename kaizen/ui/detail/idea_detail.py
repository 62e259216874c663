"""The detail dialog of one idea: read it, edit it, review it, discuss it, see its history.

- Header: title, status pill, who submitted it, where and when; the owner and due date, and
  "In PDCA: cycle n, Stage" once it is accepted; a sent-back note or a rejection reason.
- Details: the idea form (title, what is wrong now, what to change, area, wastes, expected
  savings, implementation cost, impact and effort) and its photos, editable only when the person
  working may edit the idea (the reason is shown when not). Save (Ctrl+S, or Enter in the title)
  sends ``expected_version``: a change made meanwhile by someone else comes back as the
  service's Conflict message with a Reload button, and nothing typed is lost.
- Review (supervisors and admins only): see :mod:`kaizen.ui.detail.review_panel`.
- Comments: the thread, see :mod:`kaizen.ui.detail.comments`.
- History: the idea's audit trail.

Everything is read on the worker with one service call (``SuggestionService.detail``, one
read transaction) and every change goes through the services there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QGridLayout, QLineEdit, QWidget

from kaizen.domain.enums import SuggestionStatus
from kaizen.domain.errors import ValidationError
from kaizen.domain.permissions import Action, can, can_edit_suggestion
from kaizen.i18n import translate
from kaizen.services.suggestions import SuggestionInput
from kaizen.ui.detail.base import DetailDialog, grow_in_form
from kaizen.ui.detail.comments import CommentsPanel
from kaizen.ui.detail.review_panel import ReviewPanel
from kaizen.ui.detail.widgets import (
    in_sentence,
    label,
    no_default_buttons,
    show_date,
    text_edit,
)
from kaizen.ui.form_op import bar_message
from kaizen.ui.undo_offer import UndoOffer
from kaizen.ui.widgets.choices import AreaCombo
from kaizen.ui.widgets.keyed_buttons import ScaleSelector
from kaizen.ui.widgets.money import MoneyEdit
from kaizen.ui.widgets.scrolling import scrolling
from kaizen.ui.widgets.wastes import WasteChips

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.people import PersonInfo
    from kaizen.services.suggestions import IdeaDetail, SuggestionInfo

TAB_DETAILS, TAB_REVIEW, TAB_COMMENTS, TAB_HISTORY = range(4)


def read_only_reason(person: PersonInfo | None, info: SuggestionInfo) -> str:
    """Why ``person`` may not edit the idea, in one line ("" when they may)."""
    if person is None:
        return translate("ui.detail.idea_detail", "Pick who is working first to edit this idea.")
    if can_edit_suggestion(person.role, person.id, info.submitter_id, info.status):
        return ""
    status = in_sentence(info.status.label)
    if info.status.is_closed:
        return translate(
            "ui.detail.idea_detail", "This idea is {status}; it can no longer be edited.").format(
            status=status)
    if person.id != info.submitter_id:
        return translate(
            "ui.detail.idea_detail",
            "Read only: only {name}, who submitted it, or a supervisor can "
            "edit this idea.").format(name=info.submitter_name)
    return translate(
        "ui.detail.idea_detail",
        "Read only: the idea is {status}; ask a supervisor to change it.").format(status=status)


class IdeaDetailDialog(DetailDialog):
    """One idea. ``changed`` fires after every saved change (edit, review, comment, photo)."""

    what = "idea"

    def __init__(self, services: Services, person: PersonInfo | None, suggestion_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, person, suggestion_id, parent)
        self.setObjectName("IdeaDetailDialog")
        self.suggestion_id = suggestion_id
        self.setWindowTitle(translate(
            "ui.detail.idea_detail", "Idea #{number}").format(number=suggestion_id))
        self.review_note_label = label("", "ReviewNote")
        self.review_note_label.hide()
        self.layout().insertWidget(2, self.review_note_label)

        self.tabs.addTab(self._build_details(), translate("ui.detail.idea_detail", "Details"))
        self.review_panel = ReviewPanel(services)
        self.review_panel.reviewed.connect(self._on_reviewed)
        self.review_panel.show_refusals_in(bar_message(self.message_bar), self.load)
        self.review_panel.saver.refused.connect(self.refused)
        self.undo = UndoOffer(self, self.message_bar, after=self._after_undo)
        self.tabs.addTab(scrolling(self.review_panel), translate("ui.detail.idea_detail", "Review"))
        self.comments = CommentsPanel(services, suggestion_id)
        self.comments.countChanged.connect(self._on_comment_count)
        self.comments.mentions.ideaRequested.connect(self.open_idea)  # "#123" in comments
        self.comments.posted.connect(lambda _c: self.changed.emit())
        self.tabs.addTab(self.comments, translate("ui.detail.idea_detail", "Comments"))
        self.tabs.addTab(self.history_page(), translate("ui.detail.idea_detail", "History"))
        self.tabs.setTabVisible(TAB_REVIEW, False)
        no_default_buttons(self)
        self.comments.set_person(person)
        self.update_enabled()
        self.load()

    # -- building -----------------------------------------------------------------------------
    def _build_details(self) -> QWidget:
        self.start_columns()
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(translate(
            "ui.detail.idea_detail", "A short name for the idea"))
        self.title_edit.returnPressed.connect(self.save)
        self.problem_edit = text_edit(
            translate("ui.detail.idea_detail", "What goes wrong today, where, how often"), 100)
        self.proposal_edit = text_edit(translate(
            "ui.detail.idea_detail", "What should change, and how"), 100)
        self.add_field(self.left_form, "title",  # i18n: no (the field key)
                       translate("ui.detail.idea_detail", "Title"), self.title_edit)
        self.add_field(self.left_form, "problem",  # i18n: no (the field key)
                       translate("ui.detail.idea_detail", "What is wrong now"), self.problem_edit)
        self.add_field(self.left_form, "proposal",  # i18n: no (the field key)
                       translate("ui.detail.idea_detail", "What to change"), self.proposal_edit)

        self.area_combo = AreaCombo()
        self.add_field(self.right_form, "area_id",  # i18n: no (the field key)
                       translate("ui.detail.idea_detail", "Area"), self.area_combo)
        self.waste_chips = WasteChips()
        self.add_field(self.right_form, "wastes",  # i18n: no (the field key)
                       translate("ui.detail.idea_detail", "Wastes it attacks"), self.waste_chips)

        self.savings_edit = MoneyEdit()
        self.savings_edit.setToolTip(translate("ui.detail.idea_detail", "Expected savings a year"))
        self.cost_edit = MoneyEdit()
        self.cost_edit.setToolTip(translate(
            "ui.detail.idea_detail", "One-off cost to put the change in place"))
        for edit in (self.savings_edit, self.cost_edit):
            edit.returnPressed.connect(self.save)
        money_row = self._pair(
            (translate("ui.detail.idea_detail", "Expected savings a year"), self.savings_edit),
            (translate("ui.detail.idea_detail", "Implementation cost"), self.cost_edit))
        # The pair's own captions are the labels (an empty row label takes no room).
        self.add_field(self.right_form, "expected_savings", "", money_row)  # i18n: no
        self.alias(self.right_form, "implementation_cost", "expected_savings")
        self.impact_spin = ScaleSelector(translate("ui.detail.idea_detail", "Impact"),
                                         translate("ui.detail.idea_detail", "helps a little"),
                                         translate("ui.detail.idea_detail", "helps a lot"))
        self.effort_spin = ScaleSelector(translate("ui.detail.idea_detail", "Effort"),
                                         translate("ui.detail.idea_detail", "little work"),
                                         translate("ui.detail.idea_detail", "a lot of work"))
        # The names stay English whatever the language (tests and styles find them by it).
        self.impact_spin.setObjectName("ImpactScale")
        self.effort_spin.setObjectName("EffortScale")
        scale_row = self._pair((translate("ui.detail.idea_detail", "Impact"), self.impact_spin),
                               (translate("ui.detail.idea_detail", "Effort"), self.effort_spin))
        self.add_field(self.right_form, "impact", "", scale_row)  # i18n: no (the field key)
        self.alias(self.right_form, "effort", "impact")
        self.add_field(self.right_form, "photos",  # i18n: no (the field key)
                       translate("ui.detail.idea_detail", "Photos"), self.make_photo_panel())
        page = self.finish_columns()
        grow_in_form(self.problem_edit, self.proposal_edit)
        self.link_idea_refs(self.problem_edit, self.proposal_edit)
        self.setTabOrder(self.title_edit, self.problem_edit)
        self.setTabOrder(self.problem_edit, self.proposal_edit)
        self.setTabOrder(self.proposal_edit, self.area_combo)
        return page

    @staticmethod
    def _pair(first: tuple[str, QWidget], second: tuple[str, QWidget]) -> QWidget:
        holder = QWidget()
        row = QGridLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.setHorizontalSpacing(12)
        row.setVerticalSpacing(6)
        for column, (caption, widget) in enumerate((first, second)):
            row.addWidget(label(caption, "PairLabel"), 0, column)
            row.addWidget(widget, 1, column)
        return holder

    # -- filling ------------------------------------------------------------------------------
    def read(self) -> Any:
        services, suggestion_id = self.services, self.suggestion_id
        return lambda: services.suggestions.detail(suggestion_id)

    def apply(self, detail: IdeaDetail) -> None:
        info = detail.info
        self.setWindowTitle(translate("ui.detail.idea_detail", "Idea #{number}: {title}").format(
            number=info.id, title=info.title))
        self.title_label.setText(info.title)
        self.status_pill.set_status(info.status)
        self.meta_label.setText(
            translate(
                "ui.detail.idea_detail",
                "Idea #{number} · submitted by {name} · {area} · {day}").format(
                number=info.id, name=info.submitter_name, area=info.area_name,
                day=show_date(info.created_at))
        )
        lines = []
        if detail.cycle is not None and info.status is SuggestionStatus.ACCEPTED:
            lines.append(translate(
                "ui.detail.idea_detail", "In PDCA: cycle {number}, {stage}").format(
                number=detail.cycle.number, stage=detail.cycle.stage.label))
        elif detail.cycle is not None:
            count, status = detail.cycle.number, in_sentence(info.status.label)
            if count == 1:
                text = translate("ui.detail.idea_detail", "PDCA: {count} cycle, {status}")
            else:
                text = translate("ui.detail.idea_detail", "PDCA: {count} cycles, {status}")
            lines.append(text.format(count=count, status=status))
        if info.owner_name:
            if info.due_date is not None:
                lines.append(translate("ui.detail.idea_detail", "Owner: {name} · due {day}").format(
                    name=info.owner_name, day=show_date(info.due_date)))
            else:
                lines.append(translate(
                    "ui.detail.idea_detail", "Owner: {name}").format(name=info.owner_name))
        self.sub_label.setText("   ·   ".join(lines))
        self.sub_label.setVisible(bool(lines))
        note = ""
        if info.review_note and info.status is SuggestionStatus.SUBMITTED:
            note = translate("ui.detail.idea_detail", "Sent back for more detail: {note}").format(
                note=info.review_note)
        elif info.review_note and info.status is SuggestionStatus.REJECTED:
            note = translate(
                "ui.detail.idea_detail", "Rejected: {note}").format(note=info.review_note)
        self.review_note_label.setText(note)
        self.review_note_label.setVisible(bool(note))

        self.area_combo.show_record_area(detail.areas, info.area_id, info.area_name)
        for edit in (self.savings_edit, self.cost_edit):
            edit.set_currency(detail.currency)
        self.title_edit.setText(info.title)
        self.problem_edit.setPlainText(info.problem)
        self.proposal_edit.setPlainText(info.proposal)
        self.waste_chips.set_selected(info.wastes)
        self.savings_edit.set_value(info.expected_savings)
        self.cost_edit.set_value(info.implementation_cost)
        self.impact_spin.set_value(info.impact)
        self.effort_spin.set_value(info.effort)
        self.photos.show_existing(detail.photos)

        self.review_panel.set_state(info, self.person, detail.people)
        self.comments.set_comments(detail.comments)
        self.history_model.set_rows(detail.history)

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title_edit.text(),
            "problem": self.problem_edit.toPlainText(),
            "proposal": self.proposal_edit.toPlainText(),
            "area_id": self.area_combo.area_id(),
            "wastes": tuple(self.waste_chips.selected()),
            # As typed: a text that is not an amount is kept over a reload and refused on save.
            "expected_savings": self.savings_edit.text(),
            "implementation_cost": self.cost_edit.text(),
            "impact": self.impact_spin.value(),
            "effort": self.effort_spin.value(),
        }

    def setters(self) -> dict[str, Callable[[Any], None]]:
        return {
            "title": self.title_edit.setText,
            "problem": self.problem_edit.setPlainText,
            "proposal": self.proposal_edit.setPlainText,
            "area_id": self.area_combo.set_selected_id,
            "wastes": self.waste_chips.set_selected,
            "expected_savings": self.savings_edit.setText,
            "implementation_cost": self.cost_edit.setText,
            "impact": self.impact_spin.set_value,
            "effort": self.effort_spin.set_value,
        }

    def person_may_edit(self, person: PersonInfo, info: SuggestionInfo) -> bool:
        return can_edit_suggestion(person.role, person.id, info.submitter_id, info.status)

    def read_only_reason(self) -> str:
        return read_only_reason(self.person, self.detail.info)

    def update_enabled(self) -> None:
        editable = self.may_edit
        for edit in (self.title_edit, self.problem_edit, self.proposal_edit):
            edit.setReadOnly(not editable)
        self.area_combo.setEnabled(editable)
        for money in (self.savings_edit, self.cost_edit):
            money.setReadOnly(not editable)
        for keyed in (self.waste_chips, self.impact_spin, self.effort_spin):
            keyed.set_read_only(not editable)
        self.show_editable(editable)
        reviewer = self.person is not None and can(self.person.role, Action.REVIEW_SUGGESTION)
        self.tabs.setTabVisible(TAB_REVIEW, reviewer)
        self.review_panel.set_person(self.person)
        self.comments.set_person(self.person)

    # -- saving -------------------------------------------------------------------------------
    def form_input(self) -> SuggestionInput:
        """The form as service input; a ValidationError names an amount that is not one."""
        values = self.values()
        savings = self.savings_edit.read("expected_savings", translate(
            "ui.detail.idea_detail", "Expected savings a year"))
        cost = self.cost_edit.read("implementation_cost", translate(
            "ui.detail.idea_detail", "Implementation cost"))
        return SuggestionInput(
            title=values["title"], problem=values["problem"], proposal=values["proposal"],
            area_id=values["area_id"] if values["area_id"] is not None else -1,
            wastes=list(values["wastes"]), expected_savings=savings or 0.0,
            implementation_cost=cost or 0.0, impact=values["impact"],
            effort=values["effort"],
        )

    def save(self) -> None:
        if not self.may_save():
            return
        try:
            data = self.form_input()
        except ValidationError as error:
            self.show_error(error)
            return
        person_id = self.person_id
        suggestions, suggestion_id = self.services.suggestions, self.suggestion_id
        version, photos = self.detail.info.version, self.new_photo_paths()
        self.save_form(
            lambda: suggestions.update(person_id, suggestion_id, data,
                                       expected_version=version, photos=photos),
            translate("ui.detail.idea_detail", "Saved."),
        )

    # -- review and comments ------------------------------------------------------------------
    def _on_reviewed(self, info: SuggestionInfo, message: str) -> None:
        before = self.detail.info.status if self.detail is not None else None
        person = self.person
        if info.status is not before and person is not None:
            # A decision (not an owner change): Undo and Ctrl+Z take it back for 30 s.
            undo, person_id, version = self.services.undo, person.id, info.version
            self.undo.offer(message, [lambda: undo.undo_review(person_id, info.id,
                                                               expected_version=version)])
        else:
            self.message_bar.show_message(message, "info")  # i18n: no (a level)
        self.load()
        self.changed.emit()

    def _after_undo(self) -> None:
        self.load()
        self.changed.emit()

    def _on_comment_count(self, count: int) -> None:
        self.tabs.setTabText(TAB_COMMENTS, translate(
            "ui.detail.idea_detail", "Comments ({count})").format(
            count=count) if count else translate("ui.detail.idea_detail", "Comments"))

    def set_person(self, person: PersonInfo | None) -> None:
        super().set_person(person)
        if self.detail is not None:
            self.review_panel.set_state(self.detail.info, person)
