"""The offline help: one HTML page per main-window view, plus the seven wastes and the PDCA
gates, shipped inside the package (``pages/``, declared as package data in pyproject.toml so a
wheel carries it). No Qt here: :mod:`kaizen.ui.help_dialog` shows the pages.

``VIEW_PAGES`` names the page of each view by the view's class name; F1 opens it. Pages link to
each other with plain relative links (``wastes.html``); tests/ui/test_help.py checks every view
has a page and every link resolves.
"""

from __future__ import annotations

from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parent / "pages"
INDEX = "index.html"
WASTES = "wastes.html"
GATES = "pdca-gates.html"

# The main window's views (kaizen.ui.main_window.VIEW_SPECS) by class name -> their page.
VIEW_PAGES: dict[str, str] = {
    "DashboardView": "dashboard.html",
    "IdeasView": "ideas.html",
    "WasteWalkView": "waste-walk.html",
    "PdcaBoardView": "pdca-board.html",
    "MeasurementsView": "measurements.html",
    "ReportsView": "reports.html",
    "ProcessMapsView": "process-maps.html",
    "MiningView": "process-mining.html",
    "SimulationView": "what-if.html",
    "PeopleAreasView": "people-areas.html",
    "InboxView": "inbox.html",
}


def page_path(name: str) -> Path:
    """The file of help page ``name`` (e.g. ``"ideas.html"``); the index for an unknown one."""
    path = PAGES_DIR / name
    return path if path.is_file() else PAGES_DIR / INDEX


def view_page(view_class_name: str) -> Path:
    """The help page of a view, by its class name (the index when it has none)."""
    return page_path(VIEW_PAGES.get(view_class_name, INDEX))
