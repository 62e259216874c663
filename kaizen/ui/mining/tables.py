"""Read-only tables of the mining screen: variants, activity times (lifecycle) and findings.

Each is a QTableWidget filled from a :class:`~kaizen.ui.mining.analysis.MiningResult`; the lists
are short (the most frequent variants, one row an activity or an edge), so no lazy model."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from kaizen.mining.discovery import Variant
from kaizen.mining.findings import Bottleneck, Rework
from kaizen.mining.lifecycle import ActivityTimes
from kaizen.ui.mining.text import duration, share

MAX_ROWS = 500


class FigureTable(QTableWidget):
    """A plain table: whole rows selected, numbers right-aligned, sortable off."""

    def __init__(self, headers: Sequence[str], object_name: str) -> None:
        super().__init__(0, len(headers))
        self.setObjectName(object_name)
        self.setHorizontalHeaderLabels(list(headers))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def fill(self, rows: Sequence[Sequence[object]]) -> None:
        self.setRowCount(0)
        self.setRowCount(min(len(rows), MAX_ROWS))
        for r, row in enumerate(rows[:MAX_ROWS]):
            for c, value in enumerate(row):
                item = QTableWidgetItem(str(value))
                item.setToolTip(str(value))  # a long variant is elided in its cell
                if isinstance(value, str) and c > 0 and value[:1].isdigit():
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(r, c, item)


def variant_rows(variants: Sequence[Variant]) -> list[list[str]]:
    return [[f"{i}", f"{v.cases:,}", share(v.share), duration(v.median_duration_s),
             f"{len(v.activities)}", " \u2192 ".join(v.activities)]
            for i, v in enumerate(variants, start=1)]


VARIANT_HEADERS = ("#", "Cases", "Share", "Median duration", "Steps", "Activities")


def times_rows(times: Sequence[ActivityTimes]) -> list[list[str]]:
    return [[t.activity, f"{t.instances:,}", duration(t.processing_median_s),
             duration(t.processing_mean_s), duration(t.waiting_median_s),
             duration(t.waiting_mean_s)] for t in times]


TIMES_HEADERS = ("Activity", "Executions", "Processing median", "Processing mean",
                 "Waiting median", "Waiting mean")


def bottleneck_rows(found: Sequence[Bottleneck]) -> list[list[str]]:
    return [[f"{b.source} \u2192 {b.target}", f"{b.hours_per_year:,.0f}", f"{b.count:,}",
             duration(b.mean_s), duration(b.median_s)] for b in found]


BOTTLENECK_HEADERS = ("Edge", "Waiting hours a year", "Passages", "Mean wait", "Median wait")


def rework_rows(found: Sequence[Rework]) -> list[list[str]]:
    return [[r.activity, f"{r.cases:,}", f"{r.repeats:,}", share(r.share)] for r in found]


REWORK_HEADERS = ("Activity repeated", "Cases", "Repeats", "Of the cases doing it")
