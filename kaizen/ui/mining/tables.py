"""Read-only tables of the mining screen: variants, activity times (lifecycle) and findings.

Each is a QTableWidget filled from a :class:`~kaizen.ui.mining.analysis.MiningResult`; the lists
are short (the most frequent variants, one row an activity or an edge), so no lazy model.

The column titles come from functions: they are words in the language of the work."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from kaizen.domain.numbers import format_number
from kaizen.i18n import translate
from kaizen.mining.discovery import Variant
from kaizen.mining.findings import Bottleneck, Rework
from kaizen.mining.lifecycle import ActivityTimes
from kaizen.ui.mining.text import count, duration, share

MAX_ROWS = 500


class FigureTable(QTableWidget):
    """A plain table: whole rows selected, numbers right-aligned, sortable off."""

    def __init__(self, headers: Sequence[str], object_name: str) -> None:
        """``headers`` as shown (already translated)."""
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
    return [[f"{i}", count(v.cases), share(v.share), duration(v.median_duration_s),
             f"{len(v.activities)}", " \u2192 ".join(v.activities)]
            for i, v in enumerate(variants, start=1)]


def variant_headers() -> list[str]:
    """The variant table's column titles."""
    return ["#",
            translate("ui.mining.tables", "Cases"),
            translate("ui.mining.tables", "Share"),
            translate("ui.mining.tables", "Median duration"),
            translate("ui.mining.tables", "Steps"),
            translate("ui.mining.tables", "Activities")]


def times_rows(times: Sequence[ActivityTimes]) -> list[list[str]]:
    return [[t.activity, count(t.instances), duration(t.processing_median_s),
             duration(t.processing_mean_s), duration(t.waiting_median_s),
             duration(t.waiting_mean_s)] for t in times]


def times_headers() -> list[str]:
    """The activity-times table's column titles."""
    return [translate("ui.mining.tables", "Activity"),
            translate("ui.mining.tables", "Executions"),
            translate("ui.mining.tables", "Processing median"),
            translate("ui.mining.tables", "Processing mean"),
            translate("ui.mining.tables", "Waiting median"),
            translate("ui.mining.tables", "Waiting mean")]


def bottleneck_rows(found: Sequence[Bottleneck]) -> list[list[str]]:
    return [[f"{b.source} \u2192 {b.target}", format_number(b.hours_per_year), count(b.count),
             duration(b.mean_s), duration(b.median_s)] for b in found]


def bottleneck_headers() -> list[str]:
    """The bottleneck table's column titles."""
    return [translate("ui.mining.tables", "Edge"),
            translate("ui.mining.tables", "Waiting hours a year"),
            translate("ui.mining.tables", "Passages"),
            translate("ui.mining.tables", "Mean wait"),
            translate("ui.mining.tables", "Median wait")]


def rework_rows(found: Sequence[Rework]) -> list[list[str]]:
    return [[r.activity, count(r.cases), count(r.repeats), share(r.share)] for r in found]


def rework_headers() -> list[str]:
    """The rework table's column titles."""
    return [translate("ui.mining.tables", "Activity repeated"),
            translate("ui.mining.tables", "Cases"),
            translate("ui.mining.tables", "Repeats"),
            translate("ui.mining.tables", "Of the cases doing it")]
