"""A tree model of the areas (site → department → line): name, kind, own and effective hourly
rate, and whether the area is active.

The rows are ``AreaInfo`` dataclasses from ``services.people.list_areas`` in tree order; the model
never reads the database. ``set_areas`` resets the model and rebuilds the tree from the parent
ids. An area without its own rate shows a dash as own rate and its effective rate muted, with a
tooltip saying where the rate comes from (an ancestor, or the site default). Retired areas are
drawn muted. :func:`visible_areas` drops retired areas and everything under them, as the service
does for ``include_inactive=False``, so the view can toggle them without asking again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from kaizen.domain.enums import AreaKind
from kaizen.domain.numbers import format_money
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui import resources
from kaizen.ui.models.headers import column_header

if TYPE_CHECKING:
    from kaizen.services.people import AreaInfo

COL_NAME = 0
COL_KIND = 1
COL_OWN_RATE = 2
COL_EFFECTIVE_RATE = 3
COL_ACTIVE = 4
COLUMN_TITLES = (
    QT_TRANSLATE_NOOP("ui.models.area_tree", "Area"),
    QT_TRANSLATE_NOOP("ui.models.area_tree", "Kind"),
    QT_TRANSLATE_NOOP("ui.models.area_tree", "Own hourly rate"),
    QT_TRANSLATE_NOOP("ui.models.area_tree", "Effective rate"),
    QT_TRANSLATE_NOOP("ui.models.area_tree", "Status"),
)

AREA_ROLE = Qt.ItemDataRole.UserRole + 2
INHERITED_ROLE = Qt.ItemDataRole.UserRole + 3  # True when the effective rate is not the area's own

DASH = "—"
KIND_ICONS = {
    AreaKind.SITE: "mdi6.factory",
    AreaKind.DEPARTMENT: "mdi6.office-building-outline",
    AreaKind.LINE: "mdi6.robot-industrial-outline",
}

Index = QModelIndex | QPersistentModelIndex


_KIND_LABELS = {
    AreaKind.SITE: QT_TRANSLATE_NOOP("ui.models.area_tree", "Site"),
    AreaKind.DEPARTMENT: QT_TRANSLATE_NOOP("ui.models.area_tree", "Department"),
    AreaKind.LINE: QT_TRANSLATE_NOOP("ui.models.area_tree", "Line"),
}


def kind_label(kind: AreaKind) -> str:
    """"Site", "Department", "Line", in the language of the moment."""
    label = _KIND_LABELS.get(kind)
    return translate("ui.models.area_tree", label) if label else kind.value.capitalize()


def rate_text(amount: float, currency: str) -> str:
    """An hourly rate: to the cent."""
    return format_money(amount, currency, 2)


def visible_areas(areas: Iterable[AreaInfo], include_retired: bool) -> list[AreaInfo]:
    """``areas`` in tree order; without ``include_retired`` a retired area hides its branch."""
    if include_retired:
        return list(areas)
    hidden: set[int] = set()
    shown = []
    for area in areas:
        if not area.active or (area.parent_id is not None and area.parent_id in hidden):
            hidden.add(area.id)
            continue
        shown.append(area)
    return shown


def rate_source(area: AreaInfo, by_id: dict[int, AreaInfo]) -> AreaInfo | None:
    """The area whose own rate ``area`` uses (itself or an ancestor); None for the site default."""
    node: AreaInfo | None = area
    seen: set[int] = set()
    while node is not None and node.id not in seen:
        if node.hourly_rate is not None:
            return node
        seen.add(node.id)
        node = by_id.get(node.parent_id) if node.parent_id is not None else None
    return None


class _Node:
    __slots__ = ("area", "children", "parent", "row")

    def __init__(self, area: AreaInfo | None, parent: _Node | None, row: int) -> None:
        self.area = area
        self.parent = parent
        self.row = row
        self.children: list[_Node] = []


class AreaTreeModel(QAbstractItemModel):
    """Areas as a tree; ``area_at`` and ``index_of`` map between indexes and areas."""

    def __init__(self, areas: Sequence[AreaInfo] = (), currency: str = "EUR",
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._root = _Node(None, None, 0)
        self._nodes: dict[int, _Node] = {}
        self._by_id: dict[int, AreaInfo] = {}
        self._currency = currency
        self._build(areas)

    # -- data in ------------------------------------------------------------------------------
    def set_areas(self, areas: Sequence[AreaInfo], currency: str | None = None) -> None:
        self.beginResetModel()
        if currency is not None:
            self._currency = currency
        self._build(areas)
        self.endResetModel()

    def _build(self, areas: Sequence[AreaInfo]) -> None:
        self._root = _Node(None, None, 0)
        self._nodes = {}
        self._by_id = {area.id: area for area in areas}
        for area in areas:
            # Tree order puts parents first; an area whose parent is not listed becomes a root.
            parent = self._nodes.get(area.parent_id) if area.parent_id is not None else None
            holder = parent if parent is not None else self._root
            node = _Node(area, holder, len(holder.children))
            holder.children.append(node)
            self._nodes[area.id] = node

    @property
    def currency(self) -> str:
        return self._currency

    def areas(self) -> list[AreaInfo]:
        return list(self._by_id.values())

    def area_at(self, index: Index) -> AreaInfo | None:
        node = self._node(index)
        return node.area if node is not None else None

    def index_of(self, area_id: int | None, column: int = 0) -> QModelIndex:
        node = self._nodes.get(area_id) if area_id is not None else None
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row, column, node)

    def source_of_rate(self, area: AreaInfo) -> AreaInfo | None:
        return rate_source(area, self._by_id)

    # -- Qt model interface -------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        holder = self._node(parent) if parent.isValid() else self._root
        if (holder is None or not 0 <= row < len(holder.children)
                or not 0 <= column < len(COLUMN_TITLES)):
            return QModelIndex()
        return self.createIndex(row, column, holder.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self._node(index)
        if node is None or node.parent is None or node.parent is self._root:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            if parent.column() != 0:
                return 0
            node = self._node(parent)
            return len(node.children) if node is not None else 0
        return len(self._root.children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMN_TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return column_header("ui.models.area_tree", COLUMN_TITLES, section, orientation, role,
                             right=(COL_OWN_RATE, COL_EFFECTIVE_RATE))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        area = self.area_at(index)
        if area is None:
            return None
        column = index.column()
        inherited = area.hourly_rate is None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(area, column)
        if role == AREA_ROLE:
            return area
        if role == INHERITED_ROLE:
            return inherited
        if role == Qt.ItemDataRole.ForegroundRole:
            if not area.active:
                return QColor(resources.FAINT)
            if inherited and column in (COL_OWN_RATE, COL_EFFECTIVE_RATE):
                return QColor(resources.MUTED)
            return None
        if role == Qt.ItemDataRole.DecorationRole and column == COL_NAME:
            colour = resources.ACCENT if area.active else resources.FAINT
            return resources.icon(KIND_ICONS.get(area.kind, "mdi6.map-marker-outline"), colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_NAME:
                return area.path
            if column in (COL_OWN_RATE, COL_EFFECTIVE_RATE):
                return self._rate_tooltip(area)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_OWN_RATE,
                                                                     COL_EFFECTIVE_RATE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- helpers ------------------------------------------------------------------------------
    def _node(self, index: Index) -> _Node | None:
        if not index.isValid() or index.model() is not self:
            return None
        node = index.internalPointer()
        return node if isinstance(node, _Node) else None

    def _display(self, area: AreaInfo, column: int) -> str | None:
        if column == COL_NAME:
            return area.name
        if column == COL_KIND:
            return kind_label(area.kind)
        if column == COL_OWN_RATE:
            if area.hourly_rate is None:
                return DASH
            return rate_text(area.hourly_rate, self._currency)
        if column == COL_EFFECTIVE_RATE:
            return rate_text(area.effective_hourly_rate, self._currency)
        if column == COL_ACTIVE:
            return (translate("ui.models.area_tree", "Active") if area.active
                    else translate("ui.models.area_tree", "Retired"))
        return None

    def _rate_tooltip(self, area: AreaInfo) -> str:
        rate = rate_text(area.effective_hourly_rate, self._currency)
        if area.hourly_rate is not None:
            return translate("ui.models.area_tree", "{name}'s own rate: {rate} per hour").format(
                name=area.name, rate=rate)
        source = self.source_of_rate(area)
        if source is None:
            return translate("ui.models.area_tree",
                             "No own rate: uses the site default, {rate} per hour").format(
                rate=rate)
        return translate("ui.models.area_tree",
                         "No own rate: inherits {rate} per hour from {source}").format(
            rate=rate, source=source.name)
