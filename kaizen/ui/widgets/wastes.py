"""The one editor of a set of wastes (issue 15): :class:`WasteChips`, the seven wastes as small
toggles, used wherever any number of wastes is picked (the New idea form, the idea's detail).

A :class:`~kaizen.ui.widgets.keyed_buttons.KeyedButtons`: one Tab stop, digits 1–7 or Space
toggle, arrows move. Labels and help texts come from
:class:`~kaizen.domain.enums.WasteCategory`; only the icons are chosen here
(:data:`WASTE_ICONS`, for any view that shows a waste).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QPushButton, QWidget

from kaizen.domain.enums import WasteCategory
from kaizen.i18n import translate
from kaizen.ui import resources
from kaizen.ui.widgets.keyed_buttons import KeyedButtons

WASTE_ICONS: dict[WasteCategory, str] = {
    WasteCategory.TRANSPORT: "mdi6.forklift",
    WasteCategory.INVENTORY: "mdi6.package-variant-closed",
    WasteCategory.MOTION: "mdi6.walk",
    WasteCategory.WAITING: "mdi6.timer-sand",
    WasteCategory.OVERPRODUCTION: "mdi6.layers-triple-outline",
    WasteCategory.OVER_PROCESSING: "mdi6.cog-refresh-outline",
    WasteCategory.DEFECTS: "mdi6.alert-octagon-outline",
}
WASTES: tuple[WasteCategory, ...] = tuple(WasteCategory)


class WasteChips(KeyedButtons):
    """Any of the seven wastes as toggles; digits 1–7 or Space toggle, arrows move."""

    def __init__(self, columns: int = 4, parent: QWidget | None = None) -> None:
        super().__init__(exclusive=False, columns=columns, parent=parent)
        self.setObjectName("WasteChips")
        self.setAccessibleName(translate("ui.capture.waste_picker", "Wastes it attacks"))
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(6)
        for number, category in enumerate(WASTES, start=1):
            chip = QPushButton(resources.icon(WASTE_ICONS[category]), category.label)
            chip.setObjectName("WasteChip")
            chip.setIconSize(QSize(16, 16))
            chip.setCursor(Qt.CursorShape.PointingHandCursor)
            chip.setToolTip(translate("ui.capture.waste_picker", "{help} (key {number})").format(
                help=category.help_text, number=number))
            chip.setAccessibleName(category.label)
            chip.setAccessibleDescription(category.help_text)
            self.add_button(chip)
        for column in range(columns):
            self.grid.setColumnStretch(column, 1)

    def selected(self) -> list[WasteCategory]:
        return [WASTES[i] for i in self.checked_indexes()]

    def set_selected(self, categories: Sequence[WasteCategory]) -> None:
        self.set_checked_indexes([WASTES.index(c) for c in categories])
