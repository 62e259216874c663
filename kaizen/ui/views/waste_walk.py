"""The Waste walk view: waste observations gathered on the floor.

For now it shows an empty state saying what the view is for; the feature work fills it in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from kaizen.ui.views import ViewPage
from kaizen.ui.views.empty_state import EmptyState

if TYPE_CHECKING:
    from kaizen.services import Services


class WasteWalkView(ViewPage):
    title = "Waste walk"
    subtitle = "What people see on the floor, sorted by the seven Lean wastes."
    icon_name = "mdi6.shoe-print"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.empty_state = EmptyState(
            self.icon_name,
            "Waste walks will be logged here",
            "Record the waste you see on a walk: which of the seven wastes, where, how often and "
            "what it costs in a year.",
        )
        self.empty_state.setProperty("framed", True)
        self.content_layout.addWidget(self.empty_state, 1)
