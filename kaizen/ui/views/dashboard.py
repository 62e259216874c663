"""The Dashboard: a row of figure cards (people, ideas, waste observations) and what comes next.

The counts are read in the background worker; the page shows "…" until they arrive and "—" with
the reason in a tooltip when one could not be read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kaizen.ui import resources
from kaizen.ui.views import ViewPage
from kaizen.ui.views.empty_state import EmptyState
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from kaizen.services import Services

log = logging.getLogger(__name__)

LOADING = "…"
UNKNOWN = "—"
COUNT_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class DashboardFigures:
    """What the cards show; a None count could not be read (the reason is in ``errors``)."""

    site_name: str | None
    people: int | None
    ideas: int | None
    observations: int | None
    errors: dict[str, str] = field(default_factory=dict)


def load_figures(services: Services) -> DashboardFigures:
    """Read the counts; runs on a worker thread. One failing read does not blank the others."""
    errors: dict[str, str] = {}

    def attempt(key: str, read: Callable[[], object]) -> object | None:
        try:
            return read()
        except Exception as exc:
            log.exception("Dashboard could not read %s", key)
            errors[key] = str(exc) or type(exc).__name__
            return None

    def count(key: str, read: Callable[[], list[object]]) -> int | None:
        value = attempt(key, read)
        return None if value is None else len(value)  # type: ignore[arg-type]

    settings = attempt("site_name", services.people.settings)
    return DashboardFigures(
        site_name=getattr(settings, "site_name", None),
        people=count("people", services.people.list_people),
        ideas=attempt("ideas", lambda: _total(services.suggestions, "IdeaFilter")),
        observations=attempt(
            "observations", lambda: _total(services.observations, "ObservationFilter")
        ),
        errors=errors,
    )


def _total(service: Any, filter_name: str) -> int:
    """Count with the service's SQL ``count(filter)`` when it has one (exact at any size), else
    by listing (``list_recent`` stops at the service's page limit)."""
    try:
        from kaizen.services import listing

        empty_filter = getattr(listing, filter_name)
        count = service.count
    except (ImportError, AttributeError):
        return len(service.list_recent(limit=COUNT_LIMIT))
    return int(count(empty_filter()))


class FigureCard(QFrame):
    """A rounded card: a tinted icon, a big number and a caption."""

    def __init__(self, icon_name: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        badge = QLabel()
        badge.setObjectName("CardIcon")
        badge.setFixedSize(44, 44)
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        badge.setPixmap(resources.icon(icon_name, resources.ACCENT).pixmap(QSize(24, 24)))

        self.value_label = QLabel(LOADING)
        self.value_label.setObjectName("CardValue")
        self.value_label.setTextFormat(Qt.TextFormat.PlainText)
        self.caption_label = QLabel(caption)
        self.caption_label.setObjectName("CardCaption")
        self.caption_label.setTextFormat(Qt.TextFormat.PlainText)

        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.value_label)
        text.addWidget(self.caption_label)

        row = QHBoxLayout(self)
        row.setContentsMargins(20, 16, 20, 16)
        row.setSpacing(16)
        row.addWidget(badge, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(text, 1)

    def set_value(self, value: int | None, error: str | None = None) -> None:
        self.value_label.setText(UNKNOWN if value is None else f"{value:,}")
        self.setToolTip(f"Could not be read: {error}" if error else "")

    @property
    def value_text(self) -> str:
        return self.value_label.text()


class DashboardView(ViewPage):
    title = "Dashboard"
    subtitle = "Where the site stands today."
    icon_name = "mdi6.view-dashboard-outline"

    loaded = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.people_card = FigureCard("mdi6.account-group-outline", "People")
        self.ideas_card = FigureCard("mdi6.lightbulb-on-outline", "Ideas")
        self.observations_card = FigureCard("mdi6.shoe-print", "Waste observations")
        cards = QHBoxLayout()
        cards.setSpacing(16)
        for card in (self.people_card, self.ideas_card, self.observations_card):
            cards.addWidget(card, 1)
        self.content_layout.addLayout(cards)

        self.coming_next = EmptyState(
            "mdi6.chart-timeline-variant-shimmer",
            "Charts will appear here",
            "Savings by month, ideas by stage and the waste Pareto, drawn from what the site logs "
            "in ideas, waste walks and PDCA cycles.",
        )
        self.coming_next.setProperty("framed", True)
        self.content_layout.addWidget(self.coming_next, 1)

        self.figures: DashboardFigures | None = None
        self._generation = 0

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        services = self.services
        run_in_background(
            lambda: load_figures(services),
            on_success=lambda figures: self._show(generation, figures),
            owner=self,
            name="dashboard figures",
        )

    def _show(self, generation: int, figures: DashboardFigures) -> None:
        if generation != self._generation:
            return  # a newer refresh is on its way
        self.figures = figures
        errors = figures.errors
        self.people_card.set_value(figures.people, errors.get("people"))
        self.ideas_card.set_value(figures.ideas, errors.get("ideas"))
        self.observations_card.set_value(figures.observations, errors.get("observations"))
        if figures.site_name:
            self.subtitle_label.setText(f"Where {figures.site_name} stands today.")
        self.loaded.emit()
