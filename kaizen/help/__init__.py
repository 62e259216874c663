"""The offline help: one HTML page per main-window view, plus the seven wastes and the PDCA
gates, shipped inside the package (``pages/``, declared as package data in pyproject.toml so a
wheel carries it). No Qt here: :mod:`kaizen.ui.help_dialog` shows the pages.

``VIEW_PAGES`` names the page of each view by the view's class name, ``DIALOG_PAGES`` the page
(and section anchor, ``page.html#anchor``) of each dialog by its class name; F1 opens the page of
the innermost view or dialog holding the focus (:func:`kaizen.ui.help_dialog.help_target`). Pages
link to
each other with plain relative links (``wastes.html``); tests/ui/test_help.py checks every view
has a page and every link resolves.

Each page is written in English in ``pages/`` and translated, under the same file name with the
same links and anchors, in ``pages/<language>/`` (``pages/de/ideas.html``): a page opens in the
language of the moment (:func:`kaizen.i18n.current_language`), in English when it has no
translation. The pages' text is translated as whole pages, not through the .ts catalogue: a help
page is prose, and a translator reads and writes it as such.
"""

from __future__ import annotations

from pathlib import Path

from kaizen.i18n import SOURCE_LANGUAGE, current_language

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


# Dialogs (and the map editor, a screen inside a view) by class name -> their page, issue 16:
# "F1 help for each screen". A class not named here takes its base class's page (the savings
# correction is a savings entry), else the page of the view or dialog it sits in.
DIALOG_PAGES: dict[str, str] = {
    "IdeaDialog": "log-idea.html",
    "ObservationDialog": "log-waste.html",
    "IdeaDetailDialog": "idea-detail.html",
    "ObservationDetailDialog": "observation-detail.html",
    "CycleDetailDialog": "pdca-card.html",
    "MoveNoteDialog": "pdca-gates.html",
    "MetricDialog": "measure-forms.html#metric",
    "SavingsDialog": "measure-forms.html#savings",
    "ProposeSavingsDialog": "measure-forms.html#propose",
    "BatchReviewDialog": "batch-review.html",
    "PersonDialog": "admin-forms.html#person",
    "SetPinDialog": "admin-forms.html#pin",
    "AreaDialog": "admin-forms.html#area",
    "SettingsDialog": "admin-forms.html#site",
    "DatabaseDialog": "database.html",
    "DamagedDatabaseDialog": "database.html#damaged",
    "ColumnMappingDialog": "mining-import.html",
    "LogKpiDialog": "process-mining.html",
    "WasteDialog": "process-mining.html",
    "AttachDialog": "what-if.html",
    "MapEditor": "map-editor.html",
}


def pages_dir(language: str | None = None) -> Path:
    """The folder of one language's pages (English: ``pages/`` itself)."""
    code = language or current_language()
    return PAGES_DIR if code == SOURCE_LANGUAGE else PAGES_DIR / code


def page_path(name: str, language: str | None = None) -> Path:
    """The file of help page ``name`` (e.g. ``"ideas.html"``; a ``#section`` after it is
    ignored) in ``language`` (default: the language of the moment), else in English; the index
    for an unknown page."""
    name = name.split("#", 1)[0]
    for folder in (pages_dir(language), PAGES_DIR):
        if (folder / name).is_file():
            return folder / name
    return page_path(INDEX, language) if name != INDEX else PAGES_DIR / INDEX


def view_page(view_class_name: str, language: str | None = None) -> Path:
    """The help page of a view, by its class name (the index when it has none)."""
    return page_path(VIEW_PAGES.get(view_class_name, INDEX), language)
