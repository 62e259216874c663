"""The Ideas view: improvement ideas and their review.

For now it shows an empty state saying what the view is for; the feature work fills it in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from kaizen.ui.views import ViewPage
from kaizen.ui.views.empty_state import EmptyState

if TYPE_CHECKING:
    from kaizen.services import Services


class IdeasView(ViewPage):
    title = "Ideas"
    subtitle = "Suggestions from the floor, from a first note to a new standard."
    icon_name = "mdi6.lightbulb-on-outline"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.empty_state = EmptyState(
            self.icon_name,
            "Ideas will be listed here",
            "Log improvement ideas and move them through review: submitted, under review, then "
            "accepted or rejected with a reason.",
        )
        self.empty_state.setProperty("framed", True)
        self.content_layout.addWidget(self.empty_state, 1)
