"""The Reports view: the monthly report.

For now it shows an empty state saying what the view is for; the feature work fills it in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from kaizen.ui.views import ViewPage
from kaizen.ui.views.empty_state import EmptyState

if TYPE_CHECKING:
    from kaizen.services import Services


class ReportsView(ViewPage):
    title = "Reports"
    subtitle = "The monthly picture of ideas, savings and waste."
    icon_name = "mdi6.file-chart-outline"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.empty_state = EmptyState(
            self.icon_name,
            "Monthly reports will be built here",
            "Build the monthly report of ideas, savings and the waste Pareto, and save it as PDF, "
            "spreadsheet or CSV.",
        )
        self.empty_state.setProperty("framed", True)
        self.content_layout.addWidget(self.empty_state, 1)
