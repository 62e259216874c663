"""Issue 22 ("a test fails when a visible string is not marked"): the main window and the views
of kaizen/ui/views, built in the tests' pseudo-language, show no word that did not pass through
the translation system.

In the pseudo-language (``kaizen.i18n.PSEUDO``) every marked text comes back between ⟦ and ⟧, so
an unmarked one stands out. The check covers the widgets the window and these views own: a
widget is looked at when the nearest Kaizen class above it (itself included) is defined in
kaizen/ui/main_window.py or kaizen/ui/views/; the widgets of other packages (charts, the
"Who is working" picker, the process-map editor) are their owners' to check. What is left
after taking out the ⟦…⟧ parts may only be data: the people's, areas' and site's names, the
currency, months and numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QTabBar, QWidget

from kaizen import i18n
from kaizen.domain.months import MONTH_NAMES, MONTHS
from kaizen.services import Services
from kaizen.ui import worker
from kaizen.ui.language import apply_language
from kaizen.ui.main_window import (
    DASHBOARD,
    IDEAS,
    MEASUREMENTS,
    PDCA_BOARD,
    PEOPLE,
    PROCESS_MAPS,
    REPORTS,
    WASTE_WALK,
    MainWindow,
)
from ui.helpers import Team, open_window

OWN_VIEWS = (DASHBOARD, IDEAS, WASTE_WALK, PDCA_BOARD, MEASUREMENTS, REPORTS, PROCESS_MAPS,
             PEOPLE)
# The innermost ⟦…⟧ (a marked text may hold others: "⟦{caption}: {tip}⟧" filled with marked parts).
OPEN, CLOSE = i18n.PSEUDO_OPEN, i18n.PSEUDO_CLOSE
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
WORD = re.compile(r"[^\W\d_]{2,}")
DB_LOCATION = "/data/kaizen.db"  # open_window's; a path is data
# Qt's own widgets inside a QTabBar (their texts come from Qt's catalogue, not Kaizen's).
QT_INTERNAL = ("ScrollLeftButton", "ScrollRightButton")


@pytest.fixture
def pseudo() -> Iterator[None]:
    apply_language(i18n.PSEUDO)
    try:
        yield
    finally:
        apply_language(i18n.SOURCE_LANGUAGE)


@pytest.fixture
def pseudo_window(qtbot, pseudo: None, services: Services, team: Team) -> MainWindow:
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: len(window.who_picker.people) == len(team.active))
    return window


def data_words(services: Services) -> set[str]:
    """The words that are data, not text: names, the currency, months, the app's name."""
    settings = services.people.settings()
    names = [p.name for p in services.people.list_people()]
    names += [a.name for a in services.people.list_areas()] + [settings.site_name]
    words = {w for name in names for w in WORD.findall(name)}
    words |= set(WORD.findall(DB_LOCATION))
    return words | {settings.currency, "Kaizen", *MONTHS, *MONTH_NAMES}


def owned_here(widget: QWidget) -> bool:
    """True when the nearest Kaizen class at or above ``widget`` is the window's or a view's."""
    node: QWidget | None = widget
    while node is not None:
        module = type(node).__module__
        if module.startswith("kaizen."):
            return module == "kaizen.ui.main_window" or module.startswith("kaizen.ui.views")
        node = node.parentWidget()
    return False


def shown_texts(widget: QWidget) -> list[str]:
    texts = [widget.toolTip(), widget.accessibleName()]
    if isinstance(widget, QLabel | QAbstractButton):
        texts.append(widget.text())
    if isinstance(widget, QLineEdit):
        texts.append(widget.placeholderText())
    if isinstance(widget, QTabBar):
        texts += [widget.tabText(i) for i in range(widget.count())]
    return texts


def unmarked(root: QWidget, data: set[str]) -> list[str]:
    """The texts under ``root`` with a word outside ⟦…⟧ that is not data."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not owned_here(widget) or widget.objectName() in QT_INTERNAL:
            continue
        for text in shown_texts(widget):
            rest, previous = text, None
            while rest != previous:
                previous, rest = rest, MARKED.sub(" ", rest)
            if any(word not in data for word in WORD.findall(rest)):
                found.append(f"{type(widget).__name__} {widget.objectName()!r}: {text!r}")
    return found


def test_the_window_and_its_views_show_only_marked_text(
        qtbot, pseudo_window: MainWindow, services: Services) -> None:
    window = pseudo_window
    data = data_words(services)
    model = window.sidebar_model
    assert all(model.item(r).text().startswith(i18n.PSEUDO_OPEN)
               for r in range(model.rowCount()))
    assert window.new_idea_action.text() == f"{i18n.PSEUDO_OPEN}New idea{i18n.PSEUDO_CLOSE}"
    problems = [f"window: {p}" for p in unmarked(window, data)]
    for index in OWN_VIEWS:
        window.show_view(index)
        page = window.page_at(index)
        qtbot.waitUntil(lambda: worker.active_tasks() == 0, timeout=30_000)
        assert page.title_label.text().startswith(i18n.PSEUDO_OPEN)
        problems += [f"{type(page).__name__}: {p}" for p in unmarked(page, data)]
    assert problems == [], "\n".join(problems)


def test_the_check_finds_a_text_that_is_not_marked(qtbot, pseudo: None) -> None:
    """The check itself can fail: an English word in a view's label is reported."""
    from kaizen.ui.views.empty_state import EmptyState

    state = EmptyState("mdi6.ruler", "Not marked", "")
    qtbot.addWidget(state)
    assert any("'Not marked'" in problem for problem in unmarked(state, set()))
