"""The page the main window shows until the database is open: the dashboard's outline, greyed.

The title of the view picked, a "Loading…" line and grey cards and charts laid out as the
dashboard lays out its own (:mod:`kaizen.ui.views.dashboard_grid`), so the first paint looks
like the app it becomes rather than an empty frame. It imports nothing of the services or
SQLAlchemy: the first window paints before they are loaded (issue 8).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kaizen.i18n import QT_TRANSLATE_NOOP
from kaizen.ui.views import ViewPage, translated
from kaizen.ui.views.dashboard_grid import WIDE_COLUMNS, columns_for, place_cards

LOADING_TEXT = QT_TRANSLATE_NOOP("ui.views.loading_page", "Loading…")
LOADING_SUBTITLE = QT_TRANSLATE_NOOP("ui.views.loading_page",
                                     "Opening the database and reading the figures…")
_SKELETON_CARDS = 8
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
        self.skeleton = QWidget()
        outline = QVBoxLayout(self.skeleton)
        outline.setContentsMargins(0, 0, 0, 0)
        outline.addLayout(self._cards)
        outline.addLayout(charts, 1)
        self.content_layout.addWidget(self.skeleton, 1)
        # The previous run's dashboard, when one was kept (kaizen/ui/views/last_dashboard.py).
        self.picture = QLabel()
        self.picture.setObjectName("LastDashboard")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.picture.hide()
        self.content_layout.addWidget(self.picture, 1)
        self._snapshot: QPixmap | None = None
        self._place(WIDE_COLUMNS)

    def show_snapshot(self, picture: QPixmap, caption: str) -> None:
        """Show the last dashboard (a picture of the page) instead of the grey outline."""
        self._snapshot = picture
        self.skeleton.hide()
        self.picture.show()
        self.subtitle_label.setText(caption)
        self.picture.setAccessibleName(caption)
        self.picture.setToolTip(caption)
        self._fit_picture()

    @property
    def shows_snapshot(self) -> bool:
        return self._snapshot is not None

    def _fit_picture(self) -> None:
        """The picture at its own size, or smaller to fit the page (never cut off)."""
        if self._snapshot is None:
            return
        room = self.picture.contentsRect().size()
        if room.width() <= 1 or room.height() <= 1:
            room = self._snapshot.size()
        self.picture.setPixmap(self._snapshot.scaled(
            room.boundedTo(self._snapshot.size()), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))

    def _place(self, columns: int) -> None:
        """Five cards across, or three in a narrow window, as the dashboard lays them out."""
        if columns == self._columns:
            return
        self._columns = columns
        place_cards(self._cards, [(frame, 2 if index == _SKELETON_CARDS else 1)
                                  for index, frame in enumerate(self._card_frames)], columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        margins = self.content_layout.contentsMargins()
        self._place(columns_for(event.size().width() - margins.left() - margins.right()))
        self._fit_picture()

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
        text = QLabel(translated("ui.views.loading_page", LOADING_TEXT))
        text.setObjectName("SkeletonText")
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column = QVBoxLayout(chart)
        column.setContentsMargins(16, 14, 16, 14)
        column.addLayout(self._bar(4))
        column.addWidget(text, 1)
        return chart
