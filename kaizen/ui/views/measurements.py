"""The Measurements view: before and after samples of each idea's metric.

For now it shows an empty state saying what the view is for; the feature work fills it in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from kaizen.ui.views import ViewPage
from kaizen.ui.views.empty_state import EmptyState

if TYPE_CHECKING:
    from kaizen.services import Services


class MeasurementsView(ViewPage):
    title = "Measurements"
    subtitle = "Before and after data, and whether the change made a real difference."
    icon_name = "mdi6.chart-bell-curve"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.empty_state = EmptyState(
            self.icon_name,
            "Before and after will be compared here",
            "Compare before and after samples of a metric and see whether the improvement is real,"
            " with its p-value.",
        )
        self.empty_state.setProperty("framed", True)
        self.content_layout.addWidget(self.empty_state, 1)
