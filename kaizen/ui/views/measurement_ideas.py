"""What the Measurements view reads and lists: the ideas on the left (the accepted and closed
ideas, a list model and a two-line delegate: title; number, status, area and owner), and the
loads of one idea and one metric, all run in the worker.

Kept apart from :mod:`kaizen.ui.views.measurements` so each file stays small.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from kaizen.domain.enums import SuggestionStatus
from kaizen.services.listing import IdeaFilter
from kaizen.ui import resources
from kaizen.ui.measure.stats_panel import MetricStats, compute_stats

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.listing import IdeaRow
    from kaizen.services.measurements import MetricInfo
    from kaizen.services.suggestions import SuggestionInfo

Index = QModelIndex | QPersistentModelIndex

PICKABLE = (SuggestionStatus.ACCEPTED, SuggestionStatus.STANDARDISED,
            SuggestionStatus.ABANDONED)
LIST_LIMIT = 300
IDEA_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_COLOURS = {
    SuggestionStatus.ACCEPTED: resources.ACCENT,
    SuggestionStatus.STANDARDISED: "#067647",
    SuggestionStatus.ABANDONED: "#98a2b3",
}


# --- the ideas on the left ---------------------------------------------------------------------


class IdeaListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[IdeaRow] = []

    def set_rows(self, rows: list[IdeaRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, idea_id: int | None) -> int:
        return next((i for i, row in enumerate(self._rows) if row.id == idea_id), -1)

    def idea(self, row: int) -> IdeaRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title
        if role == IDEA_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"#{row.id} {row.title}\n{row.status.label} · {row.area_name}"
        return None


def idea_meta(row: IdeaRow) -> str:
    owner = f" · {row.owner_name}" if row.owner_name else ""
    return f"#{row.id} · {row.status.label} · {row.area_name}{owner}"


class IdeaDelegate(QStyledItemDelegate):
    """Two lines per idea: the title, then number, status, area and owner; a status dot."""

    HEIGHT = 54

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        return QSize(option.rect.width(), self.HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row: IdeaRow | None = index.data(IDEA_ROLE)
        if row is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(2, 2, -2, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hover = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected or hover:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#d5ece9" if selected else "#f2f4f7"))
            painter.drawRoundedRect(rect, 8, 8)
        dot = QColor(STATUS_COLOURS.get(row.status, resources.MUTED))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(dot)
        painter.drawEllipse(rect.left() + 10, rect.top() + 13, 8, 8)
        text_left = rect.left() + 26
        width = rect.right() - text_left - 8
        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(QColor("#0b5d56" if selected else "#101828"))
        metrics = painter.fontMetrics()
        title = metrics.elidedText(row.title, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(text_left, rect.top() + 6, width, 20),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        meta_font = QFont(option.font)
        meta_font.setPointSizeF(max(7.0, option.font.pointSizeF() - 1))
        painter.setFont(meta_font)
        painter.setPen(QColor(resources.MUTED))
        meta = painter.fontMetrics().elidedText(idea_meta(row), Qt.TextElideMode.ElideRight,
                                                width)
        painter.drawText(QRect(text_left, rect.top() + 27, width, 18),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, meta)
        painter.restore()


@dataclass(frozen=True, slots=True)
class IdeaPage:
    rows: list[IdeaRow]
    total: int


def load_ideas(services: Services, text: str) -> IdeaPage:
    """The newest accepted and closed ideas matching ``text`` (worker thread)."""
    ids = services.suggestions.query_ids(IdeaFilter(text=text, statuses=PICKABLE))
    return IdeaPage(services.suggestions.rows(ids[:LIST_LIMIT]), len(ids))


# --- one idea ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IdeaData:
    info: SuggestionInfo
    metrics: list[MetricInfo]
    currency: str
    rule_set: str = "western_electric"  # the site default, named in the plan dialog


def load_idea(services: Services, suggestion_id: int) -> IdeaData:
    settings = services.people.settings()
    return IdeaData(services.suggestions.get(suggestion_id),
                    services.measurements.list_metrics(suggestion_id),
                    settings.currency, settings.spc_rule_set)


def load_metric(services: Services, metric_id: int) -> MetricStats:
    return compute_stats(services.analytics.metric_samples(metric_id),
                         services.statistics.analysis(metric_id))


def metric_label(metric: MetricInfo) -> str:
    return f"{metric.name} ({metric.unit})" if metric.unit else metric.name
