"""The Act tab: adopt, adapt or abandon, the standard that changed and the note to share with
other areas; "Save and close the cycle" records the decision and moves Act → Done."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.enums import ActDecision
from kaizen.domain.errors import ValidationError
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui import resources
from kaizen.ui.board.cycle.parts import add_field, caption, error_line, tab_layout, text_box
from kaizen.ui.form_op import Refusals

if TYPE_CHECKING:
    from kaizen.services.pdca import CycleInfo

_CHOICES = (
    (ActDecision.ADOPT, QT_TRANSLATE_NOOP("ui.board.cycle.act_tab", "Adopt"),
     QT_TRANSLATE_NOOP("ui.board.cycle.act_tab", "It worked: it becomes the new standard.")),
    (ActDecision.ADAPT, QT_TRANSLATE_NOOP("ui.board.cycle.act_tab", "Adapt"),
     QT_TRANSLATE_NOOP("ui.board.cycle.act_tab", "Partly: a new cycle starts in Plan, carrying "
                                                 "what was learned.")),
    (ActDecision.ABANDON, QT_TRANSLATE_NOOP("ui.board.cycle.act_tab", "Abandon"),
     QT_TRANSLATE_NOOP("ui.board.cycle.act_tab", "It did not work: say why, so others learn.")),
)


class ActTab(QWidget):
    """``saveRequested`` for Save decision, ``closeRequested`` for Save and close the cycle."""

    saveRequested = Signal()
    closeRequested = Signal()

    def __init__(self, refusals: Refusals) -> None:
        super().__init__()
        column = tab_layout(self, 8)
        column.addWidget(caption(translate("ui.board.cycle.act_tab", "Decision"), "SectionTitle"))
        self.decision_group = QButtonGroup(self)
        self.decision_buttons: dict[ActDecision, QRadioButton] = {}
        cards = QHBoxLayout()
        cards.setSpacing(10)
        for decision, text, explanation in _CHOICES:
            frame = QFrame()
            frame.setObjectName("DecisionCard")
            inner = QVBoxLayout(frame)
            inner.setContentsMargins(12, 10, 12, 10)
            inner.setSpacing(2)
            button = QRadioButton(translate("ui.board.cycle.act_tab", text))
            button.setObjectName(f"Decision{text}")  # the English word: a stable name
            self.decision_group.addButton(button)
            self.decision_buttons[decision] = button
            inner.addWidget(button)
            inner.addWidget(caption(translate("ui.board.cycle.act_tab", explanation), "FieldHint"))
            cards.addWidget(frame, 1)
        column.addLayout(cards)
        column.addWidget(error_line(refusals, "decision", None))
        column.addSpacing(6)
        self.standard_edit = text_box(
            translate(
                "ui.board.cycle.act_tab",
                "Which work instruction, layout or checklist changed"), 80)
        add_field(column, refusals, translate(
            "ui.board.cycle.act_tab", "Standard change"), self.standard_edit,
                  field="standard_change",
                  hint=translate("ui.board.cycle.act_tab", "Needed to adopt."))
        self.share_edit = text_box(
            translate(
                "ui.board.cycle.act_tab",
                "What other areas can learn or copy from this change"), 80)
        add_field(column, refusals, translate(
            "ui.board.cycle.act_tab", "Share with other areas"), self.share_edit,
                  field="share_note",
                  hint=translate(
                      "ui.board.cycle.act_tab",
                      "Needed to abandon; with adapt it is the learning carried into the next "
                      "cycle."))
        self.act_note = caption("", "TabNote")
        column.addWidget(self.act_note)
        self.save_decision_button = QPushButton(translate(
            "ui.board.cycle.act_tab", "Save decision"))
        self.save_decision_button.setToolTip(translate(
            "ui.board.cycle.act_tab",
            "Save the decision (Ctrl+S); it applies when the card moves to Done"))
        self.save_decision_button.clicked.connect(self.saveRequested)
        self.close_cycle_button = QPushButton(translate(
            "ui.board.cycle.act_tab", "Save and close the cycle"))
        self.close_cycle_button.setObjectName("PrimaryButton")
        self.close_cycle_button.setIcon(resources.icon("mdi6.check-all", "#ffffff"))
        self.close_cycle_button.setToolTip(translate(
            "ui.board.cycle.act_tab",
            "Save the decision and move the card from Act to Done, which applies it"))
        self.close_cycle_button.clicked.connect(self.closeRequested)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_decision_button)
        row.addWidget(self.close_cycle_button)
        column.addLayout(row)
        column.addStretch(1)

    def fill(self, cycle: CycleInfo) -> None:
        self.decision_group.setExclusive(False)
        for decision, button in self.decision_buttons.items():
            button.setChecked(cycle.act_decision is decision)
        self.decision_group.setExclusive(True)
        self.standard_edit.setPlainText(cycle.standard_change)
        self.share_edit.setPlainText(cycle.share_note)

    def values(self) -> dict[str, Any]:
        """The decision as ``PdcaService.decide`` takes it; none chosen is refused here."""
        chosen = next((d for d, b in self.decision_buttons.items() if b.isChecked()), None)
        if chosen is None:
            raise ValidationError(translate(
                "ui.board.cycle.act_tab", "Choose adopt, adapt or abandon."), field="decision")
        return {"decision": chosen, "standard_change": self.standard_edit.toPlainText(),
                "share_note": self.share_edit.toPlainText()}

    def set_state(self, *, act_open: bool, is_open: bool, may_edit: bool) -> None:
        for button in self.decision_buttons.values():
            button.setEnabled(act_open and may_edit)
        for edit in (self.standard_edit, self.share_edit):
            edit.setReadOnly(not (act_open and may_edit))
        self.save_decision_button.setEnabled(act_open and may_edit)
        self.close_cycle_button.setEnabled(act_open and may_edit)
        if act_open:
            self.act_note.setText(translate(
                "ui.board.cycle.act_tab",
                "Moving the card from Act to Done applies the decision: adopt standardises the "
                "idea, adapt starts the next cycle in Plan, abandon closes the idea."))
        elif is_open:
            self.act_note.setText(translate(
                "ui.board.cycle.act_tab", "The decision is taken in Act."))
        else:
            self.act_note.setText("")

    def texts(self) -> dict[str, Any]:
        return {"standard": self.standard_edit.toPlainText(),
                "share": self.share_edit.toPlainText()}

    def restore(self, kept: dict[str, Any]) -> None:
        if "standard" in kept:
            self.standard_edit.setPlainText(kept["standard"])
        if "share" in kept:
            self.share_edit.setPlainText(kept["share"])
