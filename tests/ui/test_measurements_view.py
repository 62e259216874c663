"""The Measurements view over real services: picking an idea, adding a metric in its dialog,
pasting a spreadsheet column (with a bad line), importing a CSV file, the statistics panel
against the plan's verdict, the before/after and XmR charts, roles, and "Propose savings"."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from kaizen.domain.enums import MeasurementPhase, MetricDirection
from kaizen.domain.errors import Unavailable
from kaizen.domain.verdict import IMPROVED, WELCH, judge
from kaizen.services import Services
from kaizen.services.suggestions import SuggestionInput
from kaizen.ui import worker
from kaizen.ui.measure.entry_dialog import EntryDialog
from kaizen.ui.measure.metric_dialog import MetricDialog
from kaizen.ui.measure.propose_dialog import ProposeSavingsDialog
from kaizen.ui.measure.samples_editor import STAFF_READ_ONLY
from kaizen.ui.measure.stats_panel import metric_kind
from kaizen.ui.views.measurements import XMR_MAX_PER_PHASE, MeasurementsView, xmr_values
from kaizen.ui.widgets.form import RETRY_MESSAGE
from ui.helpers import Team, click_list_row

BEFORE = [10.2, 11.0, 9.8, 10.5, 10.9, 10.1, 10.7, 10.4, 10.6, 10.3]
AFTER = [8.1, 8.5, 7.9, 8.3, 8.0, 8.6, 8.2, 8.4, 8.7, 8.1]


def accepted_idea(services: Services, team: Team, title: str = "Kit the screws per order",
                  cost: float = 400.0) -> int:
    area = next(a for a in services.people.list_areas() if a.name == "Assembly")
    idea = services.suggestions.create(team.staff.id, SuggestionInput(
        title=title, problem="Pickers count screws by hand.", proposal="Pre-kitted bags.",
        area_id=area.id, implementation_cost=cost,
    ))
    services.suggestions.accept(team.supervisor.id, idea.id)
    return idea.id


def measured_metric(services: Services, team: Team, idea_id: int) -> int:
    metric = services.measurements.add_metric(team.supervisor.id, idea_id, name="Cycle time",
                                              unit="min",
                                              direction=MetricDirection.LOWER_IS_BETTER)
    services.measurements.add_measurements(team.supervisor.id, metric.id,
                                           MeasurementPhase.BEFORE, BEFORE)
    services.measurements.add_measurements(team.supervisor.id, metric.id,
                                           MeasurementPhase.AFTER, AFTER)
    return metric.id


def open_view(qtbot, services: Services, person=None) -> MeasurementsView:
    view = MeasurementsView(services)
    view.today = lambda: date(2026, 11, 2)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    view.set_person(person)
    with qtbot.waitSignal(view.ideasLoaded, timeout=10_000):
        view.refresh()
    return view


def pick_first_idea(qtbot, view: MeasurementsView) -> None:
    assert view.idea_model.rowCount() >= 1
    with qtbot.waitSignal(view.ideaLoaded, timeout=10_000):
        click_list_row(qtbot, view.idea_list, 0)


def wait_for_metric(qtbot, view: MeasurementsView) -> None:
    qtbot.waitUntil(lambda: view.stats is not None and view.stats_panel.stats is view.stats,
                    timeout=20_000)


# --- picking -----------------------------------------------------------------------------------


def test_only_accepted_and_closed_ideas_are_listed_and_searchable(qtbot, services: Services,
                                                                  team: Team) -> None:
    accepted_idea(services, team, "Kit the screws per order")
    accepted_idea(services, team, "Move the label printer")
    area = services.people.list_areas()[0]
    services.suggestions.create(team.staff.id, SuggestionInput(
        title="Still submitted", problem="p", proposal="q", area_id=area.id))
    view = open_view(qtbot, services, team.supervisor)
    titles = [view.idea_model.idea(r).title for r in range(view.idea_model.rowCount())]
    assert titles == ["Move the label printer", "Kit the screws per order"]
    assert view.count_label.text() == "2 accepted or closed ideas."
    assert view.detail_stack.currentWidget() is view.pick_state

    with qtbot.waitSignal(view.ideasLoaded, timeout=10_000):
        qtbot.keyClicks(view.search_edit, "printer")
    assert view.idea_model.rowCount() == 1
    pick_first_idea(qtbot, view)
    assert view.idea_title.text() == "Move the label printer"
    assert "Accepted" in view.idea_meta.text()
    # No metric yet: the empty state offers to add one.
    assert view.metric_stack.currentWidget() is view.metric_empty
    assert view.metric_bar.isHidden()


# --- adding a metric and its samples -------------------------------------------------------------


def test_add_a_metric_then_paste_a_column_with_a_bad_line(qtbot, services: Services,
                                                          team: Team) -> None:
    idea_id = accepted_idea(services, team)
    view = open_view(qtbot, services, team.supervisor)
    pick_first_idea(qtbot, view)

    button = view.metric_empty.action_button
    assert button is not None and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = view.metric_dialog
    assert isinstance(dialog, MetricDialog)
    qtbot.waitExposed(dialog)
    # A common metric fills in its unit and direction; the name can still be typed over.
    dialog.pick_common("Throughput")
    assert dialog.unit_edit.text() == "units/h"
    assert dialog.higher_radio.isChecked()
    dialog.name_combo.lineEdit().clear()
    qtbot.keyClicks(dialog.name_combo.lineEdit(), "Scrap weight")
    dialog.unit_edit.clear()
    qtbot.keyClicks(dialog.unit_edit, "kg")
    qtbot.mouseClick(dialog.lower_radio, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(view.ideaLoaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    metrics = services.measurements.list_metrics(idea_id)
    assert [(m.name, m.unit, m.direction) for m in metrics] == [
        ("Scrap weight", "kg", MetricDirection.LOWER_IS_BETTER)]
    assert view.metric_combo.currentText() == "Scrap weight (kg)"
    # After adding a metric the samples tab is shown, ready for values.
    assert view.chart_tabs.currentIndex() == 2

    editor = view.samples_editor
    QGuiApplication.clipboard().setText("12,5\n13\nabc\n14")
    editor.text_edit.setFocus()
    qtbot.keyClick(editor.text_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.text_edit.toPlainText() == "12,5\n13\nabc\n14"
    with qtbot.waitSignal(editor.samplesAdded, timeout=10_000):
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    metric_id = metrics[0].id
    assert services.measurements.values(metric_id, MeasurementPhase.BEFORE) == [12.5, 13.0, 14.0]
    assert services.measurements.values(metric_id, MeasurementPhase.AFTER) == []
    report = editor.report_label.text()
    assert "Added 3 before values" in report
    assert "Line 3 (“abc”): not a number" in report
    # The refused line stays in the box, to be fixed.
    assert editor.text_edit.toPlainText() == "abc"
    qtbot.waitUntil(lambda: view.samples_model.rowCount() == 3, timeout=10_000)
    assert view.chart_tabs.tabText(2) == "Samples (3)"


def test_new_samples_and_metrics_reload_the_metrics_not_the_ledger(
        qtbot, services: Services, team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15, point 5: after a save, update what changed. Counted at the service, after
    every background task has delivered (``worker.wait_for_all``), so nothing depends on time."""
    idea_id = accepted_idea(services, team)
    view = open_view(qtbot, services, team.supervisor)
    pick_first_idea(qtbot, view)
    assert worker.wait_for_all()
    calls = {"ledger": 0, "metrics": 0}
    ledger, list_metrics = services.savings.ledger, services.measurements.list_metrics

    def counted_ledger(*args):
        calls["ledger"] += 1
        return ledger(*args)

    def counted_metrics(*args):
        calls["metrics"] += 1
        return list_metrics(*args)

    monkeypatch.setattr(services.savings, "ledger", counted_ledger)
    monkeypatch.setattr(services.measurements, "list_metrics", counted_metrics)
    dialog = view.open_metric_dialog()
    assert isinstance(dialog, MetricDialog)
    dialog.pick_common("Cycle time")
    with qtbot.waitSignal(view.ideaLoaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert [m.name for m in list_metrics(idea_id)] == ["Cycle time"]
    editor = view.samples_editor
    editor.text_edit.setPlainText("8\n9")
    with qtbot.waitSignal(view.ideaLoaded, timeout=10_000):
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert worker.wait_for_all()
    assert calls["metrics"] >= 2  # the metrics were read again after each save
    assert calls["ledger"] == 0  # the ledger was not


def test_a_refused_paste_keeps_the_text_and_says_why(qtbot, services: Services,
                                                     team: Team) -> None:
    idea_id = accepted_idea(services, team)
    services.measurements.add_metric(team.supervisor.id, idea_id, name="Cycle time", unit="min",
                                     direction=MetricDirection.LOWER_IS_BETTER)
    view = open_view(qtbot, services, team.supervisor)
    pick_first_idea(qtbot, view)
    editor = view.samples_editor
    qtbot.waitUntil(lambda: editor.metric_id is not None)
    qtbot.mouseClick(editor.after_radio, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.text_edit, "none")
    qtbot.keyClick(editor.text_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.text_edit, "of this")
    qtbot.keyClick(editor.text_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not editor.busy and "No number" in editor.report_label.text(),
                    timeout=10_000)
    assert editor.report_label.property("tone") == "error"
    assert editor.text_edit.toPlainText() == "none\nof this"
    assert editor.report_action.isHidden()  # the same text would be refused again: no Retry
    assert services.measurements.values(editor.metric_id, MeasurementPhase.AFTER) == []


def samples_editor_on_a_metric(qtbot, services: Services,
                               team: Team) -> tuple[Any, int, MeasurementsView]:
    """The samples editor of a fresh metric without samples, for a supervisor (and its view,
    which the test must keep)."""
    idea_id = accepted_idea(services, team)
    metric = services.measurements.add_metric(team.supervisor.id, idea_id, name="Cycle time",
                                              unit="min",
                                              direction=MetricDirection.LOWER_IS_BETTER)
    view = open_view(qtbot, services, team.supervisor)
    pick_first_idea(qtbot, view)
    editor = view.samples_editor
    qtbot.waitUntil(lambda: editor.metric_id == metric.id)
    return editor, metric.id, view


def test_adding_samples_offers_retry_when_the_server_is_away(
        qtbot, services: Services, team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    """``Unavailable`` (what the db layer raises when the server cannot be reached; a real
    relay cut is in tests/pg/test_connection_loss_ui.py) on the first call: nothing stored,
    the values kept, Retry beside the report (in sight); Retry stores them once."""
    editor, metric_id, view = samples_editor_on_a_metric(qtbot, services, team)
    real = services.measurements.add_measurements
    calls: list[list[float]] = []

    def away_once(actor_id, metric, phase, values, measured_at=None):
        calls.append(list(values))
        if len(calls) == 1:
            raise Unavailable()
        return real(actor_id, metric, phase, values, measured_at=measured_at)

    monkeypatch.setattr(services.measurements, "add_measurements", away_once)
    view.resize(1280, 720)
    view.show_samples_editor()
    editor.text_edit.setPlainText("12\n13")
    with qtbot.waitSignal(editor.saver.finished, timeout=20_000):
        qtbot.keyClick(editor.text_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.report_label.text() == RETRY_MESSAGE
    assert not editor.report_action.isHidden() and editor.report_action.text() == "Retry"
    assert editor.text_edit.toPlainText() == "12\n13"
    assert services.measurements.values(metric_id, MeasurementPhase.BEFORE) == []

    # At 1280x720 the panel scrolls: the report and its Retry are brought into sight.
    qtbot.waitUntil(lambda: editor.report_action.visibleRegion().boundingRect()
                    == editor.report_action.rect())

    with qtbot.waitSignal(editor.samplesAdded, timeout=20_000):
        qtbot.mouseClick(editor.report_action, Qt.MouseButton.LeftButton)
    assert calls == [[12.0, 13.0], [12.0, 13.0]]
    assert services.measurements.values(metric_id, MeasurementPhase.BEFORE) == [12.0, 13.0]
    assert editor.report_label.text() == "Added 2 before values to Cycle time (min)."
    assert editor.report_action.isHidden()


def test_importing_a_csv_offers_retry_when_the_server_is_away(
        qtbot, services: Services, team: Team, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    editor, metric_id, _view = samples_editor_on_a_metric(qtbot, services, team)
    real = services.measurements.import_rows
    calls: list[int] = []

    def away_once(actor_id, metric, rows):
        calls.append(len(rows))
        if len(calls) == 1:
            raise Unavailable()
        return real(actor_id, metric, rows)

    monkeypatch.setattr(services.measurements, "import_rows", away_once)
    good = tmp_path / "good.csv"
    good.write_text("phase,value\nbefore,12\nafter,9\n", encoding="utf-8")
    with qtbot.waitSignal(editor.saver.finished, timeout=20_000):
        editor.import_file(good)
    assert editor.report_label.text() == RETRY_MESSAGE
    assert services.measurements.values(metric_id, MeasurementPhase.BEFORE) == []
    with qtbot.waitSignal(editor.samplesAdded, timeout=20_000):
        qtbot.mouseClick(editor.report_action, Qt.MouseButton.LeftButton)
    assert calls == [2, 2]
    assert editor.report_label.text() == "Imported 2 values from good.csv: 1 before, 1 after."


def test_import_a_csv_file_all_or_nothing(qtbot, services: Services, team: Team,
                                          tmp_path: Path) -> None:
    editor, metric_id, _view = samples_editor_on_a_metric(qtbot, services, team)

    bad = tmp_path / "bad.csv"
    bad.write_text("phase,value\nbefore,12\nafter,9\nlater,8\n", encoding="utf-8")
    editor.import_file(bad)
    qtbot.waitUntil(lambda: not editor.busy, timeout=10_000)
    assert "Line 4, column phase" in editor.report_label.text()
    assert services.measurements.values(metric_id, MeasurementPhase.BEFORE) == []

    good = tmp_path / "good.csv"
    good.write_text("phase;value;measured_at\nbefore;12,5;2026-10-01\nbefore;13;\n"
                    "after;9,5;2026-10-20 14:05\n", encoding="utf-8")
    with qtbot.waitSignal(editor.samplesAdded, timeout=10_000):
        editor.import_file(good)
    assert editor.report_label.text() == "Imported 3 values from good.csv: 2 before, 1 after."
    assert services.measurements.values(metric_id, MeasurementPhase.BEFORE) == [12.5, 13.0]


# --- statistics and charts -----------------------------------------------------------------------


def test_the_stats_panel_shows_the_verdict_of_judge(qtbot, services: Services,
                                                    team: Team) -> None:
    idea_id = accepted_idea(services, team)
    measured_metric(services, team, idea_id)
    view = open_view(qtbot, services, team.supervisor)
    pick_first_idea(qtbot, view)
    wait_for_metric(qtbot, view)

    # The verdict of the metric's plan (issue 17): Welch's t-test by default, the rank test
    # beside it as the robustness check.
    expected = judge(BEFORE, AFTER, MetricDirection.LOWER_IS_BETTER, metric_name="Cycle time",
                     unit="min")
    assert expected.primary.test == WELCH and expected.status == IMPROVED
    panel = view.stats_panel
    assert panel.verdict_label.text() == expected.text
    assert panel.verdict_label.text().startswith("Real improvement: cycle time fell")
    assert "Mann-Whitney test agrees" in panel.verdict_label.text()
    assert panel.cells[("before", "n")].text() == "10"
    assert panel.cells[("after", "n")].text() == "10"
    assert panel.cells[("before", "Mean")].text() == "10.45"  # 104.5 / 10
    assert panel.cells[("after", "Median")].text() == "8.25"
    assert panel.cells[("after", "Mean")].text() == "8.28"
    assert panel.improvement_label.text() == f"{expected.improvement_pct:.1f}% better"
    assert panel.improvement_label.property("tone") == "good"
    assert panel.unit_label.text() == "In min; lower is better"


def test_too_few_samples_say_so(qtbot, services: Services, team: Team) -> None:
    idea_id = accepted_idea(services, team)
    metric = services.measurements.add_metric(team.supervisor.id, idea_id, name="Cycle time",
                                              unit="min",
                                              direction=MetricDirection.LOWER_IS_BETTER)
    services.measurements.add_measurements(team.supervisor.id, metric.id,
                                           MeasurementPhase.BEFORE, [10, 11])
    view = open_view(qtbot, services, team.supervisor)
    pick_first_idea(qtbot, view)
    wait_for_metric(qtbot, view)
    assert view.stats_panel.verdict_label.text().startswith(
        "Too few samples to tell: 2 before and 0 after.")
    assert view.stats_panel.improvement_label.text() == "—"
    assert not view.propose_button.isEnabled()


def test_both_charts_render_the_samples(qtbot, services: Services, team: Team) -> None:
    idea_id = accepted_idea(services, team)
    measured_metric(services, team, idea_id)
    view = open_view(qtbot, services, team.supervisor)
    pick_first_idea(qtbot, view)
    wait_for_metric(qtbot, view)
    qtbot.waitUntil(lambda: view.before_after_chart.figure is not None
                    and view.xmr_chart.figure is not None, timeout=30_000)

    box = view.before_after_chart
    assert box.canvas is not None and box.canvas.figure is box.figure
    ax = box.figure.axes[0]
    # One strip of points per phase, every sample drawn.
    assert [len(c.get_offsets()) for c in ax.collections] == [10, 10]
    assert box.figure._suptitle.get_text().startswith("Cycle time: ")

    xmr = view.xmr_chart.figure
    # Individuals and moving ranges, each with a right axis naming its limits.
    assert len([a for a in xmr.axes if a.xaxis.get_visible()]) == 2
    points = [c for c in xmr.axes[0].collections if c.get_label() in ("Before", "After")]
    assert [len(c.get_offsets()) for c in points] == [10, 10]
    # The save button of the tab corner acts on the chart shown.
    assert view.save_chart_button.isEnabled()
    view.chart_tabs.setCurrentIndex(2)
    assert view.save_chart_button.isHidden()


def test_the_control_chart_keeps_the_latest_samples_of_each_phase(services: Services) -> None:
    from kaizen.services.analytics import MetricSamples

    many = MetricSamples(1, 1, "Cycle time", "min", MetricDirection.LOWER_IS_BETTER,
                         before=[float(i) for i in range(600)], after=[1.0, 2.0],
                         before_times=[], after_times=[])
    values, n_before = xmr_values(many)
    assert n_before == XMR_MAX_PER_PHASE
    assert values[:2] == [350.0, 351.0] and values[-2:] == [1.0, 2.0]


def test_zero_one_outcomes_are_compared_as_rates() -> None:
    assert metric_kind([0, 1, 0, 0], [0, 0, 0, 1]) == "rate"
    assert metric_kind([0, 1, 2], [0, 1]) == "continuous"
    assert metric_kind([0, 1], []) == "continuous"


# --- roles ---------------------------------------------------------------------------------------


def test_staff_see_everything_read_only(qtbot, services: Services, team: Team) -> None:
    idea_id = accepted_idea(services, team)
    measured_metric(services, team, idea_id)
    view = open_view(qtbot, services, team.staff)
    pick_first_idea(qtbot, view)
    wait_for_metric(qtbot, view)
    assert view.stats_panel.verdict_label.text().startswith("Real improvement")
    assert not view.add_metric_button.isEnabled()
    assert "read-only" in view.add_metric_button.toolTip()
    editor = view.samples_editor
    assert not editor.add_button.isEnabled()
    assert not editor.import_button.isEnabled()
    assert editor.add_button.toolTip() == STAFF_READ_ONLY
    assert not view.propose_button.isEnabled()
    assert view.open_metric_dialog() is None


def test_nobody_picked_asks_to_pick_who_is_working(qtbot, services: Services,
                                                   team: Team) -> None:
    accepted_idea(services, team)
    view = open_view(qtbot, services, None)
    pick_first_idea(qtbot, view)
    button = view.metric_empty.action_button
    assert button is not None and not button.isEnabled()
    assert button.toolTip().startswith("Pick who is working first")
    with qtbot.waitSignal(view.ideaLoaded, timeout=10_000):
        view.set_person(team.supervisor)
        view.refresh()
    assert button.isEnabled()


# --- propose savings -----------------------------------------------------------------------------


def test_propose_savings_prefills_a_forecast_entry(qtbot, services: Services,
                                                   team: Team) -> None:
    idea_id = accepted_idea(services, team)
    measured_metric(services, team, idea_id)
    view = open_view(qtbot, services, team.supervisor)
    pick_first_idea(qtbot, view)
    wait_for_metric(qtbot, view)
    qtbot.waitUntil(lambda: view.ledger.data is not None, timeout=10_000)
    assert view.propose_button.isEnabled()
    qtbot.mouseClick(view.propose_button, Qt.MouseButton.LeftButton)
    dialog = view.ledger.dialog
    assert isinstance(dialog, ProposeSavingsDialog)
    assert view.tabs.currentIndex() == 1  # the ledger is shown
    # Means 10.45 -> 8.28: 2.17 min better x 6,000 a year x 0.5 EUR a minute = 6,510 a year.
    dialog.volume_box.set_value(6000)
    dialog.cost_box.set_value(0.5)
    assert dialog.estimate_label.text() == "6,510 EUR a year"
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    entry_dialog = view.ledger.dialog
    assert isinstance(entry_dialog, EntryDialog)
    assert entry_dialog.forecast_check.isChecked()
    assert entry_dialog.amount_box.value() == pytest.approx(542.5)
    assert entry_dialog.month_edit.date().toPython() == date(2026, 12, 1)
    assert "Estimate from Cycle time" in entry_dialog.note_edit.text()
    with qtbot.waitSignal(view.ledger.loaded, timeout=10_000):
        qtbot.mouseClick(entry_dialog.save_button, Qt.MouseButton.LeftButton)
    [entry] = services.savings.list_entries(idea_id)
    assert (entry.month, entry.amount, entry.is_forecast) == ("2026-12", 542.5, True)
    assert view.ledger.model.rowCount() == 1
    assert view.tabs.tabText(1) == "Savings ledger (1)"



# --- the models alone ----------------------------------------------------------------------------


def test_the_samples_model_lists_before_then_after(qapp) -> None:
    from datetime import datetime

    from kaizen.services.analytics import MetricSamples
    from kaizen.ui.measure.samples_editor import COL_MEASURED, COL_PHASE, SamplesTableModel

    model = SamplesTableModel()
    assert model.rowCount() == 0
    at = datetime(2026, 10, 1, 8, 5)
    model.set_samples(MetricSamples(1, 1, "Cycle time", "min", MetricDirection.LOWER_IS_BETTER,
                                    before=[12.5, 1234.0], after=[9.25],
                                    before_times=[at, at], after_times=[at]))
    assert model.rowCount() == 3 and model.columnCount() == 4

    def cell(row: int, column: int) -> str:
        return model.data(model.index(row, column))

    assert [cell(r, 0) for r in range(3)] == ["1", "2", "1"]
    assert [cell(r, COL_PHASE) for r in range(3)] == ["Before", "Before", "After"]
    assert [cell(r, 2) for r in range(3)] == ["12.5", "1,234", "9.25"]
    assert cell(0, COL_MEASURED) == "01 Oct 2026 08:05"


def test_the_idea_list_model_finds_rows_by_id(qapp) -> None:
    from datetime import datetime

    from kaizen.domain.enums import SuggestionStatus
    from kaizen.services.listing import IdeaRow
    from kaizen.ui.views.measurements import IDEA_ROLE, IdeaListModel, idea_meta

    row = IdeaRow(id=7, title="Kanban", status=SuggestionStatus.STANDARDISED, area_name="Line 1",
                  submitter_name="Bea", owner_name="Sam", wastes=(), impact=3, effort=2,
                  expected_savings=0.0, created_at=datetime(2026, 1, 1), due_date=None,
                  comment_count=0)
    model = IdeaListModel()
    model.set_rows([row])
    assert model.row_of(7) == 0 and model.row_of(8) == -1
    assert model.data(model.index(0, 0)) == "Kanban"
    assert model.data(model.index(0, 0), IDEA_ROLE) is row
    assert idea_meta(row) == "#7 · Standardised · Line 1 · Sam"


def test_a_button_in_the_more_menu_still_acts(qtbot) -> None:
    """The metric bar's More menu entry clicks the real button (kaizen/ui/measure/action_bar)."""
    from PySide6.QtWidgets import QComboBox, QPushButton, QWidget

    from kaizen.ui.measure.action_bar import SPACING, ActionBar

    clicked = []
    plan, propose = QPushButton("Plan…"), QPushButton("Propose savings…")
    propose.clicked.connect(lambda: clicked.append("propose"))
    combo = QComboBox()
    bar = ActionBar([combo], [plan, propose])
    holder = QWidget()
    qtbot.addWidget(holder)
    bar.setParent(holder)
    holder.show()
    bar.resize(1000, 40)
    qtbot.waitUntil(lambda: not bar.overflowed())
    # Room for the combo, "Plan…" and the More button, not for "Propose savings…".
    narrow = (combo.minimumSizeHint().width() + plan.sizeHint().width()
              + bar.more_button.sizeHint().width() + 3 * SPACING + 4)
    assert narrow < combo.minimumSizeHint().width() + plan.sizeHint().width() + (
        propose.sizeHint().width() + 2 * SPACING)
    bar.resize(narrow, 40)
    qtbot.waitUntil(lambda: bar.overflowed() == [propose])
    assert bar.more_button.isVisible() or bar.more_button.isVisibleTo(holder)
    bar.menu.aboutToShow.emit()
    (entry,) = bar.menu.actions()
    assert entry.text() == "Propose savings…"
    entry.trigger()
    assert clicked == ["propose"]
    propose.setEnabled(False)
    bar.menu.aboutToShow.emit()
    assert not bar.menu.actions()[0].isEnabled()
