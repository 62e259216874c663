"""Every text of the PDCA card and of the idea and observation dialogs goes through the
translation system (issue 22: "a test fails when a visible string is not marked").

The dialogs run in the pseudo-language, where every marked text comes back between ⟦ and ⟧
(kaizen.i18n.PSEUDO). Each tab is shown and every text a person can read is collected: labels,
buttons, tab titles, placeholders, tool tips, window titles, table headers and the cells of the
tables (actions, metrics, stage changes, audit trail). Once the records' own data (names,
titles, what was typed), dates, numbers and currency codes are taken out, whatever still has
letters outside the brackets was never marked. The collector is shown to catch an unmarked
label and table cell on a purpose-built widget, so a pass means something.

What other modules own is theirs to mark and to test, and is left out here: the labels and help
texts of the domain's enums (kaizen.domain.enums translates them when read), and the shared
widgets of kaizen.ui.widgets these dialogs are built with (date fields, the photo strip, the
1-5 scales, the "#123" link tip) and Qt's standard buttons; the message bar is kept, as its
messages are the dialogs'.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kaizen import i18n
from kaizen.domain.enums import (
    ActDecision,
    MetricDirection,
    PdcaStage,
    Role,
    SuggestionStatus,
    WasteCategory,
)
from kaizen.services import Services
from kaizen.ui import worker
from kaizen.ui.board.detail import CycleDetailDialog
from kaizen.ui.board.move_note import MoveNoteDialog
from kaizen.ui.language import apply_language
from kaizen.ui.widgets.idea_links import TIP as IDEA_LINK_TIP
from ui.helpers import Team
from ui.test_idea_detail import make_idea, open_idea
from ui.test_observation_detail import make_observation, open_observation

MARKED = re.compile(re.escape(i18n.PSEUDO_OPEN) + r"[^" + re.escape(i18n.PSEUDO_OPEN)
                    + re.escape(i18n.PSEUDO_CLOSE) + r"]*" + re.escape(i18n.PSEUDO_CLOSE))
# Not words for translation: month names come from the locale (CLDR), money units are currency
# codes, key names are Qt's.
NOT_WORDS = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|EUR|Ctrl|Shift|Alt|Esc|Enter|F\d+|"
    r"PDCA|PDF|R|A3)\b")
ENUM_LABELS = [item.label for kind in (PdcaStage, SuggestionStatus, ActDecision, WasteCategory,
                                       Role) for item in kind]
# Qt's standard buttons come translated from Qt's own catalogue (kaizen.ui.language).
OTHERS = [*ENUM_LABELS, *[waste.help_text for waste in WasteCategory], IDEA_LINK_TIP, "Cancel"]
OURS = ("kaizen.ui.board", "kaizen.ui.detail", "kaizen.ui.widgets.message_bar")
PLAN = {"problem_statement": "Changeovers take 40 minutes.",
        "why_chain": ["The die is fetched only when the press stops."],
        "root_cause": "No place for the next die.", "target_metric": "Changeover time",
        "target_from": 40.0, "target_to": 15.0, "target_by": date(2027, 1, 31),
        "countermeasure": "A cart with the next die."}
IDEA_TITLE = "Move the tape dispenser next to the packing table"


def data_of(team: Team) -> list[str]:
    people = [p.name for p in (team.admin, team.supervisor, team.staff, team.other_staff)]
    return [*people, IDEA_TITLE, "Packers walk 8 m to fetch tape.",
            "Mount a dispenser on the table.", "Operators wait for the forklift.",
            "It is often at the other", "Bring the cart", "Is the cart big enough?",
            *[str(v) for v in PLAN.values() if isinstance(v, str)], *PLAN["why_chain"],
            "Changeover time", "min", "A cart with the next die", *OTHERS]


def unmarked(text: str, data: list[str]) -> str:
    """What is left of ``text`` once marked texts, data and non-words are taken out."""
    rest = text
    for _ in range(3):  # a marked text inside another one
        rest = MARKED.sub(" ", rest)
    for value in sorted(data, key=len, reverse=True):
        rest = rest.replace(value, " ")
    rest = NOT_WORDS.sub(" ", rest)
    return rest if re.search(r"[^\W\d_]{2,}", rest) else ""


def readable_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of every text a person can read in ``root`` as it is shown now."""
    found: list[tuple[str, str]] = [("window title", root.windowTitle())]
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and (not widget.isVisibleTo(root) or others(widget, root)):
            continue
        kind = type(widget).__name__
        if widget.toolTip():
            found.append((f"{kind} tool tip", widget.toolTip()))
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.append((kind, widget.text()))
        elif isinstance(widget, QTabBar):
            found += [(f"{kind} tab", widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, (QLineEdit, QPlainTextEdit)):
            found.append((f"{kind} placeholder", widget.placeholderText()))
        elif (isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView)
              and widget.model() is not None):
            found += [(f"{kind} cell", text) for text in model_texts(widget.model())]
    return [(where, text) for where, text in found if text]


def others(widget: QWidget, root: QWidget) -> bool:
    """Whether ``widget`` is (or is inside) a Kaizen widget of another module."""
    while widget is not None and widget is not root:
        module = type(widget).__module__
        if module.startswith("kaizen.") and not module.startswith(OURS):
            return True
        widget = widget.parentWidget()
    return False


def model_texts(model) -> list[str]:
    """The headers and the cells' display texts and tool tips (top-level rows)."""
    texts = [str(model.headerData(c, Qt.Orientation.Horizontal) or "")
             for c in range(model.columnCount())]
    for row in range(model.rowCount(QModelIndex())):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = index.data(role)
                if isinstance(value, str):
                    texts.append(value)
    return texts


def unmarked_texts(root: QWidget, what: str, data: list[str]) -> list[str]:
    return sorted({f"{what}: {where}: {text!r}" for where, text in readable_texts(root)
                   if unmarked(text, data)})


def every_tab(qtbot, dialog, what: str, data: list[str]) -> list[str]:
    found: list[str] = []
    for tab in range(dialog.tabs.count()):
        if not dialog.tabs.isTabVisible(tab):
            continue
        dialog.tabs.setCurrentIndex(tab)
        qtbot.waitUntil(lambda: worker.active_tasks() == 0, timeout=30_000)
        found += unmarked_texts(dialog, f"{what} tab {tab}", data)
    return found


@pytest.fixture
def pseudo() -> Iterator[None]:
    apply_language(i18n.PSEUDO)
    try:
        yield
    finally:
        apply_language(i18n.SOURCE_LANGUAGE)


def test_every_text_of_the_pdca_card_is_marked(qtbot, services: Services, team: Team,
                                               pseudo) -> None:
    idea = make_idea(services, team)
    services.suggestions.accept(team.supervisor.id, idea.id, owner_id=team.staff.id)
    cycle = services.pdca.current_cycle(idea.id)
    assert cycle is not None
    cycle = services.pdca.update_plan(team.supervisor.id, cycle.id, **PLAN)
    services.pdca.add_action(team.supervisor.id, cycle.id, text="Bring the cart",
                             owner_id=team.staff.id, due_date=date(2026, 1, 5))
    services.measurements.add_metric(team.supervisor.id, idea.id, name="Changeover time",
                                     unit="min", direction=MetricDirection.LOWER_IS_BETTER)
    cycle = services.pdca.move(team.supervisor.id, cycle.id, PdcaStage.DO)
    dialog = CycleDetailDialog(services, cycle.id, team.supervisor)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=30_000):
        dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.do.actions_model.rowCount() == 1  # an overdue action: its cells are read too
    found = every_tab(qtbot, dialog, "PDCA card", data_of(team))
    assert found == [], "\n".join(found)

    note = MoveNoteDialog(IDEA_TITLE, 1, PdcaStage.DO, PdcaStage.PLAN)
    qtbot.addWidget(note)
    note.show()
    note._accept_if_noted()  # the refusal under the empty note
    assert note.error_label.isVisibleTo(note)
    assert unmarked_texts(note, "move back", data_of(team)) == []


def test_every_text_of_the_idea_and_observation_dialogs_is_marked(qtbot, services: Services,
                                                                 team: Team, pseudo) -> None:
    idea = make_idea(services, team)
    services.suggestions.add_comment(team.supervisor.id, idea.id, "Is the cart big enough?")
    dialog = open_idea(qtbot, services, team.supervisor, idea.id)
    found = every_tab(qtbot, dialog, "idea", data_of(team))
    staff_view = open_idea(qtbot, services, team.other_staff, idea.id)  # read only, says why
    found += unmarked_texts(staff_view, "idea, read only", data_of(team))
    observation = make_observation(services, team)
    dialog = open_observation(qtbot, services, team.staff, observation.id)
    found += every_tab(qtbot, dialog, "observation", data_of(team))
    assert found == [], "\n".join(found)


def test_the_collector_catches_an_unmarked_label_and_cell(qtbot, pseudo) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    layout.addWidget(QLabel(i18n.translate("ui.test", "Cycle {number}").format(number=3)))
    layout.addWidget(QLabel("Alex Admin · 12 Mar 2026 · 2,351 EUR"))  # data, a date, money
    model = QStandardItemModel(0, 1)
    model.setHorizontalHeaderLabels([i18n.translate("ui.test", "When")])
    model.appendRow(QStandardItem("overdue"))
    table = QTableView()
    table.setModel(model)
    layout.addWidget(table)
    holder.show()
    qtbot.waitExposed(holder)
    assert unmarked_texts(holder, "holder", ["Alex Admin"]) == [
        "holder: QTableView cell: 'overdue'"]
