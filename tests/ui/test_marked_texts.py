"""Every text the app shows goes through the translation system (issue 22: "a test fails when a
visible string is not marked").

The app runs in the pseudo-language, where every marked text comes back between ⟦ and ⟧, over
the long-texts plant. Each view of the main window and the main dialogs are opened, and every
text a person can read is collected: labels, buttons, tab titles, group titles, placeholders,
tool tips, window titles, menu entries and table headers. Once the plant's own data (names,
titles, the site), numbers, dates and currency codes are taken out, whatever still has letters
outside the brackets was never marked. The collector is shown to find an unmarked label and a
header on purpose-built widgets, so a pass means something.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabBar,
    QTableView,
    QTextEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kaizen import i18n
from kaizen.services import Services
from kaizen.ui.language import apply_language
from kaizen.ui.main_window import MEASUREMENTS, VIEW_SPECS, MainWindow
from ui.helpers import Team, open_window
from ui.long_texts import LONG_METRIC, TITLE, long_texts_plant
from ui.main_dialogs import visit_main_dialogs
from ui.text_fit import settle

MARKED = re.compile(re.escape(i18n.PSEUDO_OPEN) + r"[^" + re.escape(i18n.PSEUDO_OPEN)
                    + re.escape(i18n.PSEUDO_CLOSE) + r"]*" + re.escape(i18n.PSEUDO_CLOSE))
TAGS = re.compile(r"<[^>]+>|&[a-z]+;")
# What is not words for translation: the app's name, file paths, day and month names (from the
# locale, CLDR), currency codes, Ctrl+S-style key names (Qt's) and the field's abbreviations.
NOT_WORDS = re.compile(
    r"(?:^|\s)/[\w./-]+|\b(Kaizen|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|EUR|Ctrl|"
    r"Shift|Alt|Esc|Enter|F\d+|PDCA|KPI|CSV|XLSX|PDF|PNG|XES|PIN|ID|UTC|I-MR|UCL|LCL|CL|Cp|Cpk|Pp|Ppk|SD)\b")
# The plant's own data: what people typed is shown as they typed it.
DATA = ["Riverside Plant", "Alex Admin", "Sam Supervisor", "Bea Staff", "Carl Staff",
        "Dee Former", "Assembly", LONG_METRIC, "The press waits for dies.",
        "The press waits 40 minutes while the next die is fetched.",
        "A cart with the next die and its tools, ready at the press.", "No set place",
        "A changeover cart.", "Seen on the walk.", "Confirmed by finance",
        *[TITLE.format(number=n) for n in range(6)]]


def unmarked(text: str) -> str:
    """What is left of ``text`` once marked texts, data, markup and non-words are taken out."""
    rest = TAGS.sub(" ", text)
    for _ in range(3):  # a marked text inside another one
        rest = MARKED.sub(" ", rest)
    for value in sorted(DATA, key=len, reverse=True):
        rest = rest.replace(value, " ")
    rest = NOT_WORDS.sub(" ", rest)
    return rest if re.search(r"[^\W\d_]{2,}", rest) else ""


def readable_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of every text a person can read in ``root`` as it is shown now."""
    found: list[tuple[str, str]] = [("window title", root.windowTitle())]
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        kind = type(widget).__name__
        if widget.toolTip():
            found.append((f"{kind} tool tip", widget.toolTip()))
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.append((kind, widget.text()))
        elif isinstance(widget, QGroupBox):
            found.append((kind, widget.title()))
        elif isinstance(widget, QTabBar):
            found += [(f"{kind} tab", widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
            found.append((f"{kind} placeholder", widget.placeholderText()))
        elif isinstance(widget, (QTableView, QTreeView)) and widget.model() is not None:
            header = (widget.horizontalHeader() if isinstance(widget, QTableView)
                      else widget.header())
            if header.isVisibleTo(root):
                model = widget.model()
                found += [(f"{kind} header",
                           str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                          for c in range(model.columnCount(QModelIndex()))
                          if not header.isSectionHidden(c)]
    for action in root.findChildren(QAction):
        if action.isVisible() and action.text():
            found.append(("action", action.text().replace("&", "")))
    return [(where, text) for where, text in found if text]


def unmarked_texts(root: QWidget, what: str) -> list[str]:
    return sorted({f"{what}: {where}: {text!r}" for where, text in readable_texts(root)
                   if unmarked(text)})


def _settle(qtbot) -> None:
    settle(qtbot)


@pytest.fixture
def pseudo_window(qtbot, services: Services, team: Team) -> tuple[MainWindow, int, int]:
    idea_id, metric_id = long_texts_plant(services, team)
    apply_language(i18n.PSEUDO)
    window = open_window(qtbot, services)
    window.resize(1280, 720)
    window.who_picker.adopt(team.admin)
    _settle(qtbot)
    return window, idea_id, metric_id


def test_every_text_of_every_view_is_marked(qtbot, pseudo_window) -> None:
    window, idea_id, metric_id = pseudo_window
    found: list[str] = []
    for index, spec in enumerate(VIEW_SPECS):
        window.show_view(index)
        if index == MEASUREMENTS:
            window.page_at(MEASUREMENTS).select_idea(idea_id, metric_id)  # type: ignore[attr-defined]
        _settle(qtbot)
        found += unmarked_texts(window, spec.title)
    assert found == [], "\n".join(found)


def test_every_text_of_the_main_dialogs_is_marked(qtbot, pseudo_window, services,
                                                  team: Team) -> None:
    window, idea_id, _metric_id = pseudo_window
    found: list[str] = []

    def check(dialog: QWidget, what: str) -> None:
        qtbot.waitExposed(dialog)
        _settle(qtbot)
        found.extend(unmarked_texts(dialog, what))

    visit_main_dialogs(qtbot, window, services, team.admin, idea_id, check)
    assert found == [], "\n".join(found)


# --- the collector sees what it must (so the tests above can fail) -----------------------------


def test_the_collector_finds_an_unmarked_label_button_and_header(qtbot) -> None:
    i18n.set_language(i18n.PSEUDO)
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    layout.addWidget(QLabel(i18n.translate("ui.test", "Ideas")))
    layout.addWidget(QLabel("Riverside Plant, 12 Mar 2026, 2,351 EUR"))  # data, a date, money
    table = QTableView()
    model = QStandardItemModel(0, 2)
    model.setHorizontalHeaderLabels([i18n.translate("ui.test", "Title"), "Owner"])
    table.setModel(model)
    layout.addWidget(table)
    holder.show()
    qtbot.waitExposed(holder)
    assert unmarked_texts(holder, "holder") == ["holder: QTableView header: 'Owner'"]
    layout.addWidget(QLabel("<b>Saved</b> just now"))
    undo = QPushButton("Undo")
    layout.addWidget(undo)
    qtbot.waitUntil(undo.isVisible)  # a layout shows a new child in a posted event
    assert unmarked_texts(holder, "holder") == [
        "holder: QLabel: '<b>Saved</b> just now'",
        "holder: QPushButton: 'Undo'",
        "holder: QTableView header: 'Owner'",
    ]
