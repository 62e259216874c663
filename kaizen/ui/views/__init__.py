"""The pages of the main window, one module per view, and the header every page shares.

This package only defines :class:`ViewPage` and :class:`LoadingPage` (the skeleton the window
shows while the database opens); the main window imports the view modules and decides their
order. A view renders data and emits signals; it asks the services for data through the
background worker and never holds business rules. Nothing here imports the services or
SQLAlchemy: the first window paints before they are loaded (issue 8).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.people import PersonInfo


class ViewPage(QWidget):
    """A page with a title and a one-line subtitle; subclasses add their content below."""

    title = ""
    subtitle = ""
    icon_name = "mdi6.circle-outline"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.person: PersonInfo | None = None
        self.setObjectName(type(self).__name__)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(32, 24, 32, 24)
        self._layout.setSpacing(16)

        header = QVBoxLayout()
        header.setSpacing(2)
        self.title_label = QLabel(self.title)
        self.title_label.setObjectName("PageTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle_label = QLabel(self.subtitle)
        self.subtitle_label.setObjectName("PageSubtitle")
        self.subtitle_label.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle_label.setWordWrap(True)
        header.addWidget(self.title_label)
        header.addWidget(self.subtitle_label)
        self._layout.addLayout(header)

    @property
    def content_layout(self) -> QVBoxLayout:
        return self._layout

    def refresh(self) -> None:
        """Reload what the page shows; called when it is shown and after data changed."""

    def set_person(self, person: PersonInfo | None) -> None:
        """The main window calls this whenever the person working changes.

        Subclasses that enable or disable actions by role extend it (and call super()).
        """
        self.person = person


LOADING_TEXT = "Loading…"
LOADING_SUBTITLE = "Opening the database and reading the figures…"
_SKELETON_CARDS = 8
SKELETON_WIDE_COLUMNS = 5
SKELETON_WIDE_PX = 900  # kaizen.ui.views.dashboard.WIDE_LAYOUT_PX, not imported here
_SKELETON_STYLE = """
QFrame#SkeletonCard, QFrame#SkeletonChart {
    background: #ffffff;
    border: 1px solid #e4e7ec;
    border-radius: 12px;
}
QFrame#SkeletonBar {
    background: #eef0f3;
    border: none;
    border-radius: 5px;
}
QLabel#SkeletonValue {
    color: #98a2b3;
    font-size: 20pt;
    font-weight: 600;
}
QLabel#SkeletonText {
    color: #98a2b3;
}
"""


class LoadingPage(ViewPage):
    """What the window shows until the database is open: the page's title, a "Loading…" line
    and the grey outline of the dashboard (cards, then two charts), so the first paint looks
    like the app it becomes rather than an empty frame."""

    subtitle = LOADING_SUBTITLE

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(None, parent)  # type: ignore[arg-type]
        self.setObjectName("LoadingPage")
        self.setStyleSheet(_SKELETON_STYLE)
        self.set_title(title)
        self._cards = QGridLayout()
        self._cards.setHorizontalSpacing(12)
        self._cards.setVerticalSpacing(12)
        # The last card stands for the dashboard's two-column "Top wastes".
        self._card_frames = [self._card() for _ in range(_SKELETON_CARDS + 1)]
        self._columns = 0
        charts = QHBoxLayout()
        charts.setSpacing(12)
        for stretch in (9, 11):  # as the dashboard's savings chart and Pareto
            charts.addWidget(self._chart(), stretch)
        self.content_layout.addLayout(self._cards)
        self.content_layout.addLayout(charts, 1)
        self._place(SKELETON_WIDE_COLUMNS)

    def _place(self, columns: int) -> None:
        """Five cards across, or three in a narrow window, as the dashboard lays them out."""
        if columns == self._columns:
            return
        self._columns = columns
        for frame in self._card_frames:
            self._cards.removeWidget(frame)
        row = col = 0
        for index, frame in enumerate(self._card_frames):
            span = 2 if index == _SKELETON_CARDS else 1
            if col + span > columns:
                row, col = row + 1, 0
            self._cards.addWidget(frame, row, col, 1, span)
            col += span
        for column in range(SKELETON_WIDE_COLUMNS):
            self._cards.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        margins = self.content_layout.contentsMargins()
        wide = event.size().width() - margins.left() - margins.right() >= SKELETON_WIDE_PX
        self._place(SKELETON_WIDE_COLUMNS if wide else 3)

    def set_title(self, title: str) -> None:
        self.title_label.setText(title)

    @staticmethod
    def _bar(share: int) -> QHBoxLayout:
        """A grey bar standing for a line of text, ``share`` tenths of the card wide."""
        bar = QFrame()
        bar.setObjectName("SkeletonBar")
        bar.setFixedHeight(10)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(bar, share)
        row.addStretch(10 - share)
        return row

    def _card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("SkeletonCard")
        card.setMinimumHeight(96)
        value = QLabel("…")
        value.setObjectName("SkeletonValue")
        column = QVBoxLayout(card)
        column.setContentsMargins(16, 14, 16, 14)
        column.setSpacing(8)
        column.addLayout(self._bar(6))
        column.addWidget(value)
        column.addLayout(self._bar(8))
        column.addStretch(1)
        return card

    def _chart(self) -> QFrame:
        chart = QFrame()
        chart.setObjectName("SkeletonChart")
        chart.setMinimumHeight(120)
        text = QLabel(LOADING_TEXT)
        text.setObjectName("SkeletonText")
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column = QVBoxLayout(chart)
        column.setContentsMargins(16, 14, 16, 14)
        column.addLayout(self._bar(4))
        column.addWidget(text, 1)
        return chart
