"""Combos for choosing an area (shown as its place in the tree) or a person."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from kaizen.i18n import translate

if TYPE_CHECKING:
    from kaizen.services.people import AreaInfo, PersonInfo

_ID_ROLE = Qt.ItemDataRole.UserRole
_DEPTH_ROLE = Qt.ItemDataRole.UserRole + 1


class _IdCombo(QComboBox):
    def __init__(self, none_label: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._none_label = none_label
        self._pending: int | None = None
        self.setMinimumContentsLength(18)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

    def _reset(self) -> int | None:
        keep = self.selected_id()
        self.blockSignals(True)
        self.clear()
        if self._none_label is not None:
            self.addItem(self._none_label, None)
        return keep

    def _finish(self, keep: int | None) -> None:
        # An id asked for before the items arrived (a drilldown into a view not opened yet).
        pending, self._pending = self._pending, None
        if pending is not None:
            keep = pending
        self.blockSignals(False)
        self.set_selected_id(keep)
        self._pending = None  # the items are here: an id still missing is gone, not pending

    def selected_id(self) -> int | None:
        value = self.currentData(_ID_ROLE)
        return int(value) if value is not None else None

    def set_selected_id(self, record_id: int | None) -> None:
        index = self.findData(record_id, _ID_ROLE) if record_id is not None else -1
        # Not there yet (items not loaded): select it when they arrive.
        self._pending = record_id if record_id is not None and index < 0 else None
        if index < 0:
            index = 0 if self._none_label is not None or self.count() else -1
        self.setCurrentIndex(index)


class _IndentDelegate(QStyledItemDelegate):
    """Indents each entry of the drop-down list by its depth in the area tree."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        depth = index.data(_DEPTH_ROLE) or 0
        option.text = "    " * int(depth) + option.text


class AreaCombo(_IdCombo):
    """Areas by name; the drop-down indents them by depth and the tooltip gives the path.

    Only the list is indented: the closed combo shows the plain name.
    """

    def __init__(self, none_label: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(none_label, parent)
        self.setItemDelegate(_IndentDelegate(self))

    def set_areas(self, areas: Sequence[AreaInfo]) -> None:
        keep = self._reset()
        for area in areas:
            self.addItem(area.name, area.id)
            self.setItemData(self.count() - 1, area.path, Qt.ItemDataRole.ToolTipRole)
            self.setItemData(self.count() - 1, area.depth, _DEPTH_ROLE)
        self._finish(keep)

    def area_id(self) -> int | None:
        return self.selected_id()

    def show_record_area(self, areas: Sequence[AreaInfo], area_id: int, area_name: str) -> None:
        """The areas to choose from, with a record's own area selected: a retired one stays
        the record's area, marked so, until another is picked."""
        self.set_areas(areas)
        if self.findData(area_id) < 0:
            self.addItem(translate("ui.widgets.choices", "{area} (retired)").format(
                area=area_name), area_id)
        self.set_selected_id(area_id)


class PersonCombo(_IdCombo):
    """People by name, with their role after a dash."""

    def __init__(self, none_label: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(none_label, parent)

    def set_people(self, people: Sequence[PersonInfo], *, show_role: bool = False) -> None:
        keep = self._reset()
        for person in people:
            text = f"{person.name} — {person.role.label}" if show_role else person.name
            self.addItem(text, person.id)
        self._finish(keep)

    def person_id(self) -> int | None:
        return self.selected_id()
