"""The small dialog that asks why a card goes back a stage; the note is required.

The note goes with the move into the stage-change record, so the card's history says why the
cycle went back. "Move back" stays disabled until something is written; Ctrl+Enter moves, Esc
cancels. The dialog only collects the note: the board view asks the service for the move.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.enums import PdcaStage
from kaizen.i18n import translate
from kaizen.ui import resources
from kaizen.ui.widgets.dialog_parts import badge_layout, field_error_label, ok_cancel_box

DIALOG_WIDTH = 460


class MoveNoteDialog(QDialog):
    def __init__(self, title: str, cycle_number: int, from_stage: PdcaStage,
                 to_stage: PdcaStage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MoveNoteDialog")
        self.setWindowTitle(
            translate("ui.board.move_note", "Move back to {stage}").format(stage=to_stage.label))
        self.from_stage = from_stage
        self.to_stage = to_stage

        badge = QLabel()
        badge.setPixmap(resources.icon("mdi6.undo-variant", resources.WARNING)
                        .pixmap(QSize(28, 28)))
        badge.setAlignment(Qt.AlignmentFlag.AlignTop)
        heading = QLabel(translate("ui.board.move_note", "Move back from {old} to {new}").format(
            old=from_stage.label, new=to_stage.label))
        heading.setObjectName("DialogHeading")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        text = QLabel(
            translate("ui.board.move_note",
                      "“{title}”, cycle {number}. Say why it goes back: the note is kept in the "
                      "card's history for everyone who looks at it later.")
            .format(title=title, number=cycle_number)
        )
        text.setObjectName("DialogText")
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)

        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("MoveNote")
        self.note_edit.setPlaceholderText(
            translate("ui.board.move_note", "Why does it go back? (required)"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(96)
        self.note_edit.textChanged.connect(self._on_text_changed)
        self.error_label = field_error_label()

        self.buttons, self.ok_button = ok_cancel_box(
            translate("ui.board.move_note", "Move back"), enabled=False)
        self.ok_button.setToolTip(
            translate("ui.board.move_note", "Move the card back (Ctrl+Enter)"))
        self.buttons.accepted.connect(self._accept_if_noted)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self._accept_if_noted)

        column = QVBoxLayout()
        column.setSpacing(8)
        column.addWidget(heading)
        column.addWidget(text)
        column.addSpacing(4)
        column.addWidget(self.note_edit)
        column.addWidget(self.error_label)
        badge_layout(self, badge, column, self.buttons)
        self.setFixedWidth(DIALOG_WIDTH)
        self.note_edit.setFocus()

    @property
    def note(self) -> str:
        return self.note_edit.toPlainText().strip()

    def _on_text_changed(self) -> None:
        self.ok_button.setEnabled(bool(self.note))
        if self.note:
            self.error_label.setVisible(False)

    def _accept_if_noted(self) -> None:
        if not self.note:
            self.error_label.setText(
                translate("ui.board.move_note", "Say why the cycle goes back from {old} to {new}.")
                .format(old=self.from_stage.label, new=self.to_stage.label)
            )
            self.error_label.setVisible(True)
            self.note_edit.setFocus()
            return
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Plain Enter writes a new line in the note; only Ctrl+Enter moves the card.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            return
        super().keyPressEvent(event)
