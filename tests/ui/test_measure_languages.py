"""Issue 22 ("Languages"): the Measurements parts (kaizen/ui/measure), the batch review
(kaizen/ui/review) and the help window show no words that are not marked for translation.

In the pseudo-language (:data:`kaizen.i18n.PSEUDO`) every marked text comes back between ⟦ and ⟧,
so a text a person reads without them was never marked: the check the issue asks for ("a test
fails when a visible string is not marked"). What the test itself typed in (names, titles, units)
and numbers, amounts and months are data, not words; a text is refused when words remain once
those are taken out. English is checked to stay exactly as it was by the other tests of these
widgets (tests/ui/test_measurements_view.py, test_savings_ledger.py, test_batch_review.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from kaizen import i18n
from kaizen.domain.enums import MetricDirection, SavingsKind
from kaizen.services import Services
from kaizen.services.analytics import MetricSamples
from kaizen.services.suggestions import ReviewAction, SuggestionInput
from kaizen.ui import worker
from kaizen.ui.help_dialog import HelpDialog
from kaizen.ui.measure.control_panel import ControlChartPanel
from kaizen.ui.measure.entry_dialog import EntryDialog
from kaizen.ui.measure.metric_dialog import MetricDialog
from kaizen.ui.measure.proof_override import ask_override
from kaizen.ui.measure.propose_dialog import MetricBasis, ProposeSavingsDialog
from kaizen.ui.measure.samples_editor import SamplesEditor, SamplesTableModel
from kaizen.ui.measure.savings_ledger import SavingsLedger
from kaizen.ui.measure.stats_panel import StatsPanel
from kaizen.ui.review.batch_review import BatchReviewDialog
from ui.helpers import Team

# Data the tests put in, and the words of the data layer (month names, the currency), which
# are not this slice's to mark.
DATA = re.compile(
    r"Riverside Plant|Alex Admin|Sam Supervisor|Bea Staff|Carl Staff|Assembly|"
    r"Kanban for gloves|Label the bins|Move the printer|Cycle time|EUR|\bmin\b|"
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|"
    r"\b(supervisor|submitted|accepted|hard|soft|avoidance)\b|"  # kaizen.domain.enums labels
    r"Ctrl|Alt|Enter|Esc|[A-Z]\b",
    re.IGNORECASE)
# The shared widgets these screens embed (the form's error labels, the date and person pickers,
# the chart frame): marked by their own slice and checked there.
OTHER_SLICES = ("kaizen.ui.widgets", "kaizen.ui.charts")


@pytest.fixture
def pseudo() -> Iterator[None]:
    i18n.set_language(i18n.PSEUDO)
    try:
        yield
    finally:
        i18n.set_language(i18n.SOURCE_LANGUAGE)


def shown_texts(root: QWidget) -> list[str]:
    """Every text a person can read on ``root`` now: titles, labels, buttons, placeholders,
    tooltips (Kaizen's shared widgets and chart widget are another slice's and are skipped)."""
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        if any(type(w).__module__.startswith(OTHER_SLICES) for w in _lineage(widget)):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            texts.append(widget.placeholderText())
        texts.append(widget.toolTip())
        texts.append(widget.accessibleName())
    return [t for t in texts if t]


def _lineage(widget: QWidget) -> Iterator[QWidget]:
    while widget is not None:
        yield widget
        widget = widget.parentWidget()


def unmarked(texts: list[str]) -> list[str]:
    """The texts with words outside any ⟦…⟧ (the data taken out first)."""
    found = []
    for text in texts:
        outside, before = text, None
        while outside != before:  # innermost first: a marked label inside a marked sentence
            before, outside = outside, re.sub(r"\u27e6[^\u27e6\u27e7]*\u27e7", " ", outside)
        if sum(c.isalpha() for c in DATA.sub(" ", outside)) >= 2:
            found.append(text)
    return found


def table_texts(model: QAbstractTableModel) -> list[str]:
    """A table model's column titles, cells and cell tips."""
    texts = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            texts += [model.data(index), model.data(index, Qt.ItemDataRole.ToolTipRole)]
    return [t for t in texts if isinstance(t, str)]


def settle(qtbot) -> None:
    qtbot.waitUntil(lambda: worker.active_tasks() == 0, timeout=10_000)


def idea(services: Services, team: Team, title: str = "Kanban for gloves") -> int:
    area = services.people.list_areas()[0]
    return services.suggestions.create(team.staff.id, SuggestionInput(
        title=title, problem="Gloves run out.", proposal="Two bins.", area_id=area.id,
        implementation_cost=250.0)).id


def test_the_pseudo_language_shows_unmarked_words(qtbot, pseudo) -> None:
    # The check itself: a marked text passes, a text left in English is caught.
    assert unmarked([i18n.translate("x", "Add a metric"), "Sam Supervisor", "1,250 EUR"]) == []
    assert unmarked(["Add a metric", f"{i18n.translate('x', 'Kind')}: left out"]) == [
        "Add a metric", "\u27e6Kind\u27e7: left out"]


def test_the_metric_and_savings_dialogs_are_marked(qtbot, services: Services, team: Team,
                                                   pseudo) -> None:
    suggestion = idea(services, team)
    dialogs: list[QDialog] = [
        MetricDialog(services, team.supervisor.id, suggestion, currency="EUR"),
        EntryDialog(services, team.supervisor.id, suggestion, currency="EUR"),
        ProposeSavingsDialog(MetricBasis("Cycle time", "min", MetricDirection.LOWER_IS_BETTER,
                                         12.5, 10.25), currency="EUR", first_month="2027-01"),
    ]
    found = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        found += shown_texts(dialog)
    dialogs[0].plan_fields.lock_test(3)  # the note once after-measurements exist
    dialogs[0].plan_fields.chart_combo.setCurrentIndex(2)  # a subgrouped chart's hint
    found += shown_texts(dialogs[0])
    box = ask_override(dialogs[1], i18n.translate("x", "Savings need proof."), lambda _: None)
    found += [box.windowTitle(), box.labelText(), box.okButtonText()]
    assert unmarked(found) == []


def test_the_samples_statistics_and_chart_panels_are_marked(qtbot, services: Services,
                                                            team: Team, pseudo) -> None:
    editor, stats, chart = SamplesEditor(services), StatsPanel(), ControlChartPanel()
    found = []
    for widget in (editor, stats, chart):
        qtbot.addWidget(widget)
        widget.show()
    for person in (None, team.staff, team.supervisor):  # each says why nothing can be added
        editor.set_person(person)
        found += shown_texts(editor)
    stats.clear()
    stats.set_loading()
    found += shown_texts(stats) + shown_texts(chart)
    assert unmarked(found) == []


def test_the_savings_ledger_is_marked(qtbot, services: Services, team: Team, pseudo) -> None:
    suggestion = idea(services, team)
    services.suggestions.accept(team.supervisor.id, suggestion)
    for forecast in (True, False):
        services.savings.add_entry(team.supervisor.id, suggestion, month="2026-11", amount=120.0,
                                   kind=SavingsKind.HARD, is_forecast=forecast, note="")
    ledger = SavingsLedger(services)
    qtbot.addWidget(ledger)
    ledger.resize(900, 600)
    ledger.show()
    ledger.set_person(team.supervisor)
    with qtbot.waitSignal(ledger.loaded, timeout=10_000):
        ledger.set_idea(suggestion)
    found = shown_texts(ledger)
    found += [tile.value_label.toolTip() for tile in ledger.tiles.values()]
    found += table_texts(ledger.model)
    samples = SamplesTableModel()
    samples.set_samples(MetricSamples(
        metric_id=1, suggestion_id=suggestion, name="Cycle time", unit="min",
        direction=MetricDirection.LOWER_IS_BETTER, before=[12.5], after=[10.25],
        before_times=[datetime(2026, 11, 2, 8)], after_times=[datetime(2026, 11, 30, 8)]))
    found += table_texts(samples)
    ledger.set_person(team.staff)
    found += shown_texts(ledger)
    assert unmarked(found) == []
    settle(qtbot)


def test_the_batch_review_and_the_help_window_are_marked(qtbot, services: Services,
                                                         team: Team, pseudo) -> None:
    ids = [idea(services, team, title) for title in ("Label the bins", "Move the printer")]
    found = []
    for action in ReviewAction:
        dialog = BatchReviewDialog(services, team.supervisor, ids, action=action)
        qtbot.addWidget(dialog)
        dialog.show()
        settle(qtbot)
        found += shown_texts(dialog)
    refused = BatchReviewDialog(services, team.staff, ids)
    qtbot.addWidget(refused)
    refused.show()
    settle(qtbot)
    found += shown_texts(refused) + [refused.form.general_error.text()]
    help_window = HelpDialog()
    qtbot.addWidget(help_window)
    found += shown_texts(help_window)
    assert unmarked(found) == []
