"""One column of the board: a header (stage, card count, what the gate asks) over a card list.

``CardListView`` is a ``QListView`` over a ``CardListModel`` painted by ``CardDelegate``. It takes
cards dragged from the other columns (the model decides, see ``CardListModel.dropMimeData``) and
turns keys into requests for the board view: Ctrl+Right / Ctrl+Left ask to move the selected card
one stage (``stepRequested``), Enter opens it (``openRequested``), Left / Right without Ctrl go to
the neighbouring column (``neighbourRequested``). It never calls a service itself.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.enums import PdcaStage
from kaizen.domain.numbers import format_number
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui import resources
from kaizen.ui.board.delegate import CardDelegate
from kaizen.ui.board.models import CARD_ROLE, CardListModel, decode_card

# What each column's gate asks before a card may leave it (kept short: it is a hint, the
# service's refusal says exactly what is missing).
GATE_HINTS = {
    PdcaStage.PLAN: QT_TRANSLATE_NOOP("ui.board.column", "Needs a complete plan"),
    PdcaStage.DO: QT_TRANSLATE_NOOP("ui.board.column", "Needs every action done"),
    PdcaStage.CHECK: QT_TRANSLATE_NOOP("ui.board.column", "Needs before & after data"),
    PdcaStage.ACT: QT_TRANSLATE_NOOP("ui.board.column", "Needs a decision"),
    PdcaStage.DONE: QT_TRANSLATE_NOOP("ui.board.column", "Closed this month"),
}
GATE_TIPS = {
    PdcaStage.PLAN: QT_TRANSLATE_NOOP(
        "ui.board.column",
        "To move to Do: a problem statement, a target metric and value, and a countermeasure."),
    PdcaStage.DO: QT_TRANSLATE_NOOP(
        "ui.board.column", "To move to Check: at least one action, and every action done."),
    PdcaStage.CHECK: QT_TRANSLATE_NOOP(
        "ui.board.column", "To move to Act: a metric with before and after measurements."),
    PdcaStage.ACT: QT_TRANSLATE_NOOP(
        "ui.board.column",
        "To move to Done: adopt, adapt or abandon. Moving to Done applies it."),
    PdcaStage.DONE: QT_TRANSLATE_NOOP(
        "ui.board.column", "Changes standardised or abandoned this month."),
}
STAGE_ICONS = {
    PdcaStage.PLAN: "mdi6.clipboard-text-outline",
    PdcaStage.DO: "mdi6.hammer-wrench",
    PdcaStage.CHECK: "mdi6.chart-box-outline",
    PdcaStage.ACT: "mdi6.flag-checkered",
    PdcaStage.DONE: "mdi6.check-all",
}
COLUMN_MIN_WIDTH = 176


class CardListView(QListView):
    stepRequested = Signal(int)  # +1 forward, -1 back
    openRequested = Signal(QModelIndex)
    neighbourRequested = Signal(int)  # -1 left column, +1 right column

    def __init__(self, model: CardListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CardList")
        self.setModel(model)
        self.setItemDelegate(CardDelegate(self))
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)  # hover outline
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)  # the whole column lights up instead
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setAccessibleName(
            translate("ui.board.column", "{stage} cards").format(stage=model.stage.label))
        self.doubleClicked.connect(self.openRequested)
        self.drop_hover = False
        self.empty_text = translate("ui.board.column", "No cards")

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        """Focus arriving shows where it is at once: the first card becomes current (with its
        outline), not only after an arrow key (issue 16)."""
        if not self.currentIndex().isValid() and self.model().rowCount() > 0:
            self.setCurrentIndex(self.model().index(0, 0))
        super().focusInEvent(event)

    def card_model(self) -> CardListModel:
        model = self.model()
        assert isinstance(model, CardListModel)
        return model

    def current_card(self):  # -> CardInfo | None
        index = self.currentIndex()
        selected = self.selectionModel().isSelected(index) if index.isValid() else False
        return index.data(CARD_ROLE) if selected else None

    def select_row(self, row: int) -> None:
        index = self.model().index(row, 0)
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def restore_scroll(self, value: int) -> None:
        """Scroll back to where the list was before a reload (the layout is done first)."""
        if value <= 0:
            return
        self.executeDelayedItemsLayout()
        self.verticalScrollBar().setValue(value)

    # -- keys ---------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = modifiers == Qt.KeyboardModifier.ControlModifier
        if ctrl and key in (Qt.Key.Key_Right, Qt.Key.Key_Left):
            self.stepRequested.emit(1 if key == Qt.Key.Key_Right else -1)
            event.accept()
            return
        if modifiers == Qt.KeyboardModifier.NoModifier:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
                self.openRequested.emit(self.currentIndex())
                event.accept()
                return
            if key in (Qt.Key.Key_Right, Qt.Key.Key_Left):
                self.neighbourRequested.emit(1 if key == Qt.Key.Key_Right else -1)
                event.accept()
                return
        super().keyPressEvent(event)

    # -- drops: light the column up while a card from elsewhere hovers over it ----------------
    def _accepts(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        ref = decode_card(event.mimeData())
        return ref is not None and ref.stage is not self.card_model().stage

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        super().dragEnterEvent(event)
        if self._accepts(event):
            event.acceptProposedAction()
            self._set_drop_hover(True)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        super().dragMoveEvent(event)
        if self._accepts(event):
            # Anywhere in the column will do, not only between cards.
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        super().dragLeaveEvent(event)
        self._set_drop_hover(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_drop_hover(False)
        if not self._accepts(event):
            event.ignore()
            return
        model = self.card_model()
        if model.dropMimeData(event.mimeData(), Qt.DropAction.MoveAction, -1, 0, QModelIndex()):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def _set_drop_hover(self, on: bool) -> None:
        if self.drop_hover != on:
            self.drop_hover = on
            self.viewport().update()

    # -- painting: the drop highlight and the empty column ------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        if self.drop_hover:
            painter = QPainter(self.viewport())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(QPen(QColor(resources.ACCENT), 1.5, Qt.PenStyle.DashLine))
            painter.setBrush(QColor("#e6f3f1"))
            painter.drawRoundedRect(self.viewport().rect().adjusted(2, 2, -3, -3), 10, 10)
            painter.end()
        super().paintEvent(event)
        if self.model().rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(QColor(resources.ACCENT if self.drop_hover else resources.FAINT))
            area = QRect(0, 24, self.viewport().width(), 40)
            text = (translate("ui.board.column", "Drop the card here") if self.drop_hover
                    else self.empty_text)
            painter.drawText(area, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                             text)
            painter.end()


class BoardColumn(QFrame):
    """A stage's column: icon, name and count, the gate hint, then the cards."""

    def __init__(self, stage: PdcaStage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BoardColumn")
        self.setProperty("stage", stage.value)
        self.stage = stage
        self.model = CardListModel(stage, self)
        self.view = CardListView(self.model)
        self.setMinimumWidth(COLUMN_MIN_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        icon = QLabel()
        icon.setObjectName("ColumnIcon")
        icon.setPixmap(resources.icon(STAGE_ICONS[stage], resources.ACCENT).pixmap(QSize(18, 18)))
        self.title_label = QLabel(stage.label)
        self.title_label.setObjectName("ColumnTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label = QLabel("0")
        self.count_label.setObjectName("ColumnCount")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint_label = QLabel(translate("ui.board.column", GATE_HINTS[stage]))
        self.hint_label.setToolTip(translate("ui.board.column", GATE_TIPS[stage]))
        self.hint_label.setObjectName("ColumnHint")
        self.hint_label.setTextFormat(Qt.TextFormat.PlainText)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(8)
        top.addWidget(icon)
        top.addWidget(self.title_label)
        top.addStretch(1)
        top.addWidget(self.count_label)
        header = QVBoxLayout()
        header.setContentsMargins(12, 12, 12, 8)
        header.setSpacing(2)
        header.addLayout(top)
        header.addWidget(self.hint_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)

        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self.model.rowsRemoved.connect(self._update_count)

    @property
    def count(self) -> int:
        return self.model.rowCount()

    def _update_count(self) -> None:
        count = self.model.rowCount()
        self.count_label.setText(format_number(count))
        self.setAccessibleName(translate("ui.board.column", "{stage}: {count} cards").format(
            stage=self.stage.label, count=count))
