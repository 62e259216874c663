"""The Measurements view's chart and statistics, one above the other in a splitter (issue 16).

At 1280x720 the statistics panel, laid out above the charts at its full height, left the
control chart about 110 px: two panels of a chart cannot be read in that. The charts now come
first and take the room; the statistics below get what they need up to a share of the height
(:data:`STATS_SHARE`), scrolling when that is less. Until the user drags the handle the share
is kept as the window is resized; afterwards the splitter keeps where the user put it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QWidget

STATS_SHARE = 0.25  # of the splitter's height, at most, for the statistics
STATS_LEAST = 72  # px: the table's head and first row, whatever the window


class ChartStatsSplitter(QSplitter):
    """``charts`` above, ``stats`` (in a scroll area) below; see the module notes."""

    def __init__(self, charts: QWidget, stats: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("ChartStatsSplitter")
        self.setChildrenCollapsible(False)
        self.stats = stats
        self.stats_scroll = QScrollArea()
        self.stats_scroll.setObjectName("StatsScroll")
        self.stats_scroll.setWidgetResizable(True)
        self.stats_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.stats_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stats_scroll.setMinimumHeight(STATS_LEAST)
        self.stats_scroll.setWidget(stats)
        self.addWidget(charts)
        self.addWidget(self.stats_scroll)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 0)
        self.user_placed = False
        self.splitterMoved.connect(self._on_moved)  # emitted for the user's drags only
        # The statistics' height changes with their text (a verdict of one line or four):
        # placed again once their layout has taken the new text.
        stats.installEventFilter(self)

    def _on_moved(self, _pos: int, _index: int) -> None:
        self.user_placed = True

    def stats_height(self, total: int) -> int:
        """The statistics' share of ``total`` px: what they need, within the share."""
        # Wrapped verdict lines: the height for the width it has, when the layout says it.
        width = self.stats_scroll.viewport().width()
        needed = self.stats.heightForWidth(width) if self.stats.hasHeightForWidth() else -1
        # Never less than its size hint: the layout's height for a wide width left the
        # table's last row cut.
        needed = max(needed, self.stats.sizeHint().height())
        needed += 2 * self.stats_scroll.frameWidth()
        return max(STATS_LEAST, min(needed, int(total * STATS_SHARE)))

    def place(self) -> None:
        """Give the statistics their share (unless the user has placed the handle)."""
        if self.user_placed:
            return
        total = self.height() - self.handleWidth()
        if total <= 0:
            return
        stats = self.stats_height(total)
        self.setSizes([total - stats, stats])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.stats and event.type() == QEvent.Type.LayoutRequest:
            QTimer.singleShot(0, self, self.place)  # after the layout has been redone
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.place()
