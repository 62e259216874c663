"""Issue 22 on the process screens (kaizen/ui/mining/, process_map/, simulation/): every text they
show is marked for translation, and their figures follow the language.

The marking is checked in the pseudo-language of kaizen.i18n (``qps``): every marked text comes
back between ⟦ and ⟧, so a visible text without them was never passed to ``translate`` (the
check does not need the German catalogue, which is built from the TSV files at merge time).
The figures are checked against the CLDR conventions Babel writes (de_DE: "," for decimals, "."
for thousands, U+2212 for minus; Unicode CLDR, "Number Symbols"); English keeps the figures the
other tests read.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest
from mining.reference import LOGS
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTabWidget,
    QWidget,
)

from kaizen import i18n
from kaizen.ui.mining.text import duration, share
from kaizen.ui.mining.view import MiningView
from kaizen.ui.process_map import style
from kaizen.ui.process_map.editor import MapEditor
from kaizen.ui.simulation.results_data import table_rows
from ui.helpers import Team
from ui.process_map_helpers import WORKED
from ui.test_simulation_view import _open_map


@pytest.fixture
def pseudo() -> Iterator[None]:
    """The app in the pseudo-language for one test (set before the widgets are built)."""
    i18n.set_language(i18n.PSEUDO)
    try:
        yield
    finally:
        i18n.set_language(i18n.SOURCE_LANGUAGE)


# kaizen/ui/charts' own button and "Drawing the chart…" (its owner marks them), and Qt's own
# Cancel (Qt's catalogue translates it) are not this slice's words.
CHART_WIDGET_OWN = {"ChartSave", "ChartPlaceholder"}


def shown_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of every non-empty text a person can see on ``root`` now."""
    found: list[tuple[str, str]] = []

    def add(widget: QWidget, text: str, what: str) -> None:
        if sum(c.isalpha() for c in text) >= 2:  # words, not a "+" or a figure
            found.append((f"{type(widget).__name__} {widget.objectName()!r} {what}", text))

    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        if widget.objectName() in CHART_WIDGET_OWN or _qt_standard_cancel(widget):
            continue
        if isinstance(widget, QLabel):
            add(widget, widget.text(), "text")
        elif isinstance(widget, QAbstractButton):
            add(widget, widget.text(), "text")
            add(widget, widget.toolTip(), "tooltip")
        elif isinstance(widget, QGroupBox):
            add(widget, widget.title(), "title")
        elif isinstance(widget, QLineEdit):
            add(widget, widget.placeholderText(), "placeholder")
        elif isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                add(widget, widget.tabText(i), f"tab {i}")
        if isinstance(widget, QTableWidget):
            for c in range(widget.columnCount()):
                item = widget.horizontalHeaderItem(c)
                if item is not None and item.text() != "#":
                    add(widget, item.text(), f"header {c}")
    return found


def _qt_standard_cancel(widget: QWidget) -> bool:
    box = widget.parentWidget()
    return isinstance(box, QDialogButtonBox) and isinstance(widget, QAbstractButton) and \
        box.standardButton(widget) == QDialogButtonBox.StandardButton.Cancel


def unmarked(texts: list[tuple[str, str]], data: set[str] = frozenset()) -> list[tuple[str, str]]:
    """The texts with no marked part, leaving out ``data`` (names the user typed or imported)."""
    return [(where, text) for where, text in texts
            if i18n.PSEUDO_OPEN not in text and text not in data]


def test_the_mining_screen_marks_every_text(qtbot, services, team: Team, pseudo) -> None:
    page = MiningView(services)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    qtbot.waitExposed(page)
    page.set_person(team.supervisor)
    with qtbot.waitSignal(page.logsListed):
        page.refresh()
    assert unmarked(shown_texts(page)) == []  # the empty state
    page.import_file(LOGS / "running-example.csv")
    dialog = page.importer.mapping_dialog
    assert dialog is not None
    # The CSV's own column names and the log's name are the file's words, not Kaizen's.
    columns = set(dialog.preview.header) | {"running-example"}
    assert unmarked(shown_texts(dialog), columns) == []
    with qtbot.waitSignal(page.analysed):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
    for tab in range(page.tabs.count()):
        page.tabs.setCurrentIndex(tab)
        assert unmarked(shown_texts(page)) == [], page.tabs.tabText(tab)
    low, high = page.legend.texts()
    assert low.startswith(i18n.PSEUDO_OPEN) and i18n.PSEUDO_OPEN in high
    page.details.show_activity(page.result, "decide")
    assert page.details.figures.text().count(i18n.PSEUDO_OPEN) >= 3  # one per line


def test_the_map_editor_marks_every_text(qtbot, pseudo) -> None:
    editor = MapEditor()
    qtbot.addWidget(editor)
    editor.resize(1280, 720)
    editor.show()
    qtbot.waitExposed(editor)
    with qtbot.waitSignal(editor.layoutDone, timeout=30_000):
        editor.load_document(copy.deepcopy(WORKED))
    # The toolbar's actions, the panel with nothing selected, then a step and a flow.
    for action in editor.toolbar.actions():
        if sum(c.isalpha() for c in action.text()) >= 2:  # not the zoom's "−" and "+"
            assert action.text().startswith(i18n.PSEUDO_OPEN), action.text()
    assert unmarked(shown_texts(editor.panel)) == []
    step = editor.draft.steps[0]
    editor.panel.show_step(step, [], linkable=False)
    # The step's own values (its name, its role) are what the user typed.
    typed = {step["name"], str(step.get("role") or "")}
    assert unmarked(shown_texts(editor.panel), typed) == []
    editor.panel.show_flow(("start", step["name"]), None)
    assert unmarked(shown_texts(editor.panel)) == []


def test_the_what_if_screen_marks_every_text(qtbot, services, team: Team, pseudo) -> None:
    view = _open_map(qtbot, services, team)  # the Counter map, opened in the pseudo-language
    assert unmarked(shown_texts(view)) == []


@pytest.mark.parametrize(("code", "hours", "days", "half"), [
    ("en", "3.4 h", "1,234.5 d", "2.5"),
    ("de", "3,4 h", "1.234,5 d", "2,5"),
    ("es", "3,4 h", "1.234,5 d", "2,5"),
])
def test_durations_and_map_figures_follow_the_language(code, hours, days, half) -> None:
    with i18n.using(code):
        assert duration(3.4 * 3600) == hours
        assert duration(1234.5 * 86400) == days
        assert style.shown(2.5) == half
    assert style.number(2.5) == "2.5"  # the editors' text, read back by their parser


def test_the_what_if_table_writes_german_figures_with_real_minus_signs() -> None:
    results = {"time_unit": "day", "comparison": {
        "throughput": {"current": {"mean": 8.81, "ci95": [7.81, 9.81]},
                       "scenario": {"mean": 8.96, "ci95": None},
                       "difference": {"mean": 0.15, "ci95": [0.06, 0.25]}, "real": True},
        "lead_time": {"current": {"mean": 1433.25, "ci95": [1432.25, 1434.25]},
                      "scenario": {"mean": 5.73, "ci95": None},
                      "difference": {"mean": -8.59, "ci95": [-11.97, -5.22]}, "real": True},
        "lead_time_p90": {"current": {"mean": 1.0, "ci95": None},
                          "scenario": {"mean": 1.0, "ci95": None},
                          "difference": {"mean": None, "ci95": None}, "real": None},
        "wip": {"current": {"mean": 0.995, "ci95": None}, "scenario": {"mean": 0.9, "ci95": None},
                "difference": {"mean": -0.099, "ci95": [-0.108, -0.09]}, "real": False}}}
    with i18n.using("de"):
        rows = table_rows(results)
    lead = rows[1]
    assert (lead.current, lead.current_ci) == ("1.433,25", "1.433,25 [1.432,25, 1.434,25]")
    assert lead.difference == "\u22128,59 [\u221211,97, \u22125,22]"
    assert rows[0].difference == "+0,15 [+0,06, +0,25]"
    with i18n.using("en"):  # English as the other tests read it
        assert table_rows(results)[1].difference == "-8.59 [-11.97, -5.22]"
    assert share(0.125) == "12.5%"
