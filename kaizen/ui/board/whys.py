"""The five-whys helper of the Plan tab: up to five linked "Why?" answers.

Each answer is the next question: the row below asks why the answer above happens (its
placeholder quotes it). Enter goes to the next why (adding a row while there are fewer than
five); "Use as root cause" offers the last answer as the root cause. Blank rows are dropped when
the chain is read, as the service does.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.i18n import translate
from kaizen.ui import resources

MAX_WHYS = 5
MAX_WHY_TEXT = 1000
_QUOTE_WIDTH = 260


class FiveWhysEditor(QWidget):
    """``rootCauseSuggested(str)`` fires when "Use as root cause" is clicked; ``changed`` on any
    edit."""

    rootCauseSuggested = Signal(str)
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FiveWhys")
        self._read_only = False
        self.edits: list[QLineEdit] = []
        self._labels: list[QLabel] = []
        self._removers: list[QToolButton] = []

        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(6)
        self._grid.setColumnStretch(1, 1)

        self.add_button = QPushButton(translate("ui.board.whys", "Ask why again"))
        self.add_button.setObjectName("LinkButton")
        self.add_button.setIcon(resources.icon("mdi6.plus", resources.ACCENT))
        self.add_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.add_button.clicked.connect(self._add_and_focus)
        self.root_button = QPushButton(
            translate("ui.board.whys", "Use last answer as root cause"))
        self.root_button.setObjectName("LinkButton")
        self.root_button.setIcon(resources.icon("mdi6.arrow-down-bold-circle-outline",
                                                resources.ACCENT))
        self.root_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.root_button.clicked.connect(self._suggest_root_cause)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(12)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.root_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(self._grid)
        layout.addLayout(buttons)
        self.set_whys([])

    # -- public -------------------------------------------------------------------------------
    def set_whys(self, whys: list[str]) -> None:
        answers = [w for w in whys if w.strip()][:MAX_WHYS] or [""]
        while len(self.edits) > len(answers):
            self._remove_row(len(self.edits) - 1)
        while len(self.edits) < len(answers):
            self._add_row()
        for edit, text in zip(self.edits, answers, strict=True):
            edit.blockSignals(True)
            edit.setText(text)
            edit.blockSignals(False)
        self._refresh()

    def whys(self) -> list[str]:
        return [edit.text().strip() for edit in self.edits if edit.text().strip()]

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for edit in self.edits:
            edit.setReadOnly(read_only)
        self._refresh()

    def add_why(self) -> QLineEdit | None:
        if len(self.edits) >= MAX_WHYS or self._read_only:
            return None
        edit = self._add_row()
        self._refresh()
        return edit

    # -- rows ---------------------------------------------------------------------------------
    def _add_row(self) -> QLineEdit:
        row = len(self.edits)
        label = QLabel(translate("ui.board.whys", "Why {number}?").format(number=row + 1))
        label.setObjectName("WhyLabel")
        label.setTextFormat(Qt.TextFormat.PlainText)
        edit = QLineEdit()
        edit.setObjectName(f"Why{row + 1}")
        edit.setMaxLength(MAX_WHY_TEXT)
        edit.setReadOnly(self._read_only)
        edit.setClearButtonEnabled(True)
        edit.textChanged.connect(self._on_text_changed)
        edit.returnPressed.connect(self._on_return)
        remove = QToolButton()
        remove.setIcon(resources.icon("mdi6.close", resources.FAINT))
        remove.setAutoRaise(True)
        remove.setToolTip(translate("ui.board.whys", "Remove this why (or empty its text)"))
        # Not a Tab stop: Tab goes from one answer to the next; an emptied answer is dropped.
        remove.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        remove.clicked.connect(self._on_remove_clicked)
        self._grid.addWidget(label, row, 0)
        self._grid.addWidget(edit, row, 1)
        self._grid.addWidget(remove, row, 2)
        # Shown now rather than when the layout gets round to it, so the new row takes focus.
        for widget in (label, edit, remove):
            widget.show()
        self.edits.append(edit)
        self._labels.append(label)
        self._removers.append(remove)
        return edit

    def _remove_row(self, row: int) -> None:
        # Shift the answers up, then drop the last row: labels stay numbered 1..n.
        for index in range(row, len(self.edits) - 1):
            self.edits[index].setText(self.edits[index + 1].text())
        for widgets in (self.edits, self._labels, self._removers):
            widget = widgets.pop()
            self._grid.removeWidget(widget)
            widget.deleteLater()

    def _on_remove_clicked(self) -> None:
        sender = self.sender()
        if sender in self._removers:
            row = self._removers.index(sender)
            if len(self.edits) == 1:
                self.edits[0].clear()
            else:
                self._remove_row(row)
            self._refresh()
            self.changed.emit()

    def _on_text_changed(self) -> None:
        self._refresh()
        self.changed.emit()

    def _on_return(self) -> None:
        sender = self.sender()
        if sender not in self.edits:
            return
        row = self.edits.index(sender)
        if row + 1 < len(self.edits):
            self.edits[row + 1].setFocus()
        elif sender.text().strip():
            edit = self.add_why()
            if edit is not None:
                edit.setFocus()

    def _add_and_focus(self) -> None:
        edit = self.add_why()
        if edit is not None:
            edit.setFocus()

    def _suggest_root_cause(self) -> None:
        answers = self.whys()
        if answers:
            self.rootCauseSuggested.emit(answers[-1])

    def _chain_tab_order(self) -> None:
        """Tab visits the answers in order, then "Ask why again", then "Use as root cause".

        The buttons are made before the rows, so Qt's default order (creation order) jumped
        from the problem statement to "Ask why again": the first typed word went nowhere and
        the space bar added an empty why (issue 16)."""
        chain = [*self.edits, self.add_button, self.root_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _refresh(self) -> None:
        self._chain_tab_order()
        metrics = QFontMetrics(self.font())
        for row, edit in enumerate(self.edits):
            if row == 0:
                edit.setPlaceholderText(translate("ui.board.whys", "Why does the problem happen?"))
            else:
                above = self.edits[row - 1].text().strip()
                quoted = metrics.elidedText(above, Qt.TextElideMode.ElideRight, _QUOTE_WIDTH)
                edit.setPlaceholderText(
                    translate("ui.board.whys", "Why does “{answer}” happen?").format(answer=quoted)
                    if above else translate("ui.board.whys", "Why does that happen?")
                )
        for remove in self._removers:
            remove.setVisible(not self._read_only)
        self.add_button.setVisible(not self._read_only)
        self.add_button.setEnabled(len(self.edits) < MAX_WHYS)
        self.add_button.setToolTip(
            translate("ui.board.whys", "Ask why the last answer happens")
            if len(self.edits) < MAX_WHYS
            else translate("ui.board.whys",
                           "Five whys at most: the fifth answer is usually the root cause.")
        )
        self.root_button.setVisible(not self._read_only)
        self.root_button.setEnabled(bool(self.whys()))
