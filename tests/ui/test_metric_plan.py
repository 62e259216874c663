"""Issue 17's statistics plan and control charts in the Measurements view, on real widgets over
the real database: the plan set in the metric dialog (with a new metric, or later from
"Statistics plan…"), refusals under their field with nothing saved, the test shown fixed once
after-data exist and the service refusing it anyway, and the Control chart tab drawing the
plan's chart with each signal listed and circled, with limits per phase or carried forward.
The chart figures themselves are checked against Montgomery and qcc in
tests/domain/test_metric_chart.py."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kaizen.domain.enums import MeasurementPhase, MetricDirection
from kaizen.services import Services
from kaizen.ui.measure.control_panel import NO_SIGNAL
from kaizen.ui.measure.metric_dialog import MetricDialog
from kaizen.ui.views.measurements import CHART_XMR, MeasurementsView
from ui.helpers import Team
from ui.test_measurements_view import (
    accepted_idea,
    measured_metric,
    open_view,
    pick_first_idea,
    wait_for_metric,
)


def _open_add(qtbot, view: MeasurementsView) -> MetricDialog:
    dialog = view.open_metric_dialog()
    assert isinstance(dialog, MetricDialog)
    qtbot.waitExposed(dialog)
    return dialog


def _save(qtbot, dialog: MetricDialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_a_new_metric_with_its_plan(qtbot, services: Services, team: Team) -> None:
    idea_id = accepted_idea(services, team)
    view = open_view(qtbot, services, team.supervisor)
    pick_first_idea(qtbot, view)
    dialog = _open_add(qtbot, view)
    dialog.pick_common("Defect rate")
    fields = dialog.plan_fields
    qtbot.keyClicks(fields.usl_edit, "5")
    fields.test_combo.setCurrentIndex(fields.test_combo.findData("mann_whitney"))
    fields.one_sided_check.setChecked(True)
    assert not fields.sample_edit.isEnabled()
    fields.chart_combo.setCurrentIndex(fields.chart_combo.findData("p"))
    assert fields.sample_edit.isEnabled() and not fields.subgroup_spin.isEnabled()
    qtbot.keyClicks(fields.sample_edit, "200")
    fields.rules_combo.setCurrentIndex(fields.rules_combo.findData("nelson"))
    with qtbot.waitSignal(view.ideaLoaded, timeout=10_000):
        _save(qtbot, dialog)
    metric = services.measurements.list_metrics(idea_id)[0]
    plan = services.statistics.plan(metric.id)
    assert (metric.name, metric.unit) == ("Defect rate", "%")
    assert (plan.lsl, plan.usl, plan.primary_test, plan.one_sided, plan.chart_kind,
            plan.sample_size, plan.rule_set) == (None, 5.0, "mann_whitney", True, "p", 200.0,
                                                 "nelson")


def test_refusals_land_under_their_field_and_add_nothing(qtbot, services: Services,
                                                         team: Team) -> None:
    idea_id = accepted_idea(services, team)
    view = open_view(qtbot, services, team.supervisor)
    pick_first_idea(qtbot, view)
    dialog = _open_add(qtbot, view)
    dialog.pick_common("Cycle time")
    fields = dialog.plan_fields
    qtbot.keyClicks(fields.lsl_edit, "ten")
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.form.error_text("lsl") != "", timeout=10_000)
    assert dialog.form.error_text("lsl") == "Enter a number, or leave it empty."
    # The service's refusal (upper below lower) under the same row; still nothing stored.
    fields.lsl_edit.setText("12")
    fields.usl_edit.setText("8,5")
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.saving and dialog.form.error_text("lsl") != "",
                    timeout=10_000)
    assert "upper spec limit must be above the lower" in dialog.form.error_text("lsl")
    fields.chart_combo.setCurrentIndex(fields.chart_combo.findData("xbar_s"))
    fields.usl_edit.setText("14")
    assert "needs 2 or more" in fields.subgroup_hint.text()
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.saving
                    and dialog.form.error_text("subgroup_size") != "", timeout=10_000)
    assert dialog.form.error_text("subgroup_size") == (
        "X-bar charts need subgroups of 2 or more values.")
    assert services.measurements.list_metrics(idea_id) == []
    assert dialog.isVisible()


def test_the_plan_later_shows_the_test_fixed_and_the_service_holds_it(
        qtbot, services: Services, team: Team) -> None:
    idea_id = accepted_idea(services, team)
    metric_id = measured_metric(services, team, idea_id)
    view = open_view(qtbot, services, team.supervisor)
    pick_first_idea(qtbot, view)
    wait_for_metric(qtbot, view)
    assert view.plan_button.isEnabled()
    qtbot.mouseClick(view.plan_button, Qt.MouseButton.LeftButton)
    dialog = view.plan_dialog
    assert isinstance(dialog, MetricDialog)
    qtbot.waitExposed(dialog)
    fields = dialog.plan_fields
    assert dialog.windowTitle() == "Statistics plan: Cycle time"
    assert dialog.name_combo.isHidden()
    assert not fields.test_combo.isEnabled() and not fields.one_sided_check.isEnabled()
    assert fields.locked_hint.text().startswith(
        "Fixed: the metric already has 10 after-measurements")
    # Reached anyway (the widget enabled by hand): the service refuses, in its words.
    fields.test_combo.setEnabled(True)
    fields.test_combo.setCurrentIndex(fields.test_combo.findData("mann_whitney"))
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.saving and dialog.form.general_error.isVisible(),
                    timeout=10_000)
    assert "fixed before the after-data exist" in dialog.form.general_error.text()
    assert services.statistics.plan(metric_id).primary_test == "welch"
    # The chart may change: X-bar/R of pairs.
    fields.test_combo.setCurrentIndex(fields.test_combo.findData("welch"))
    fields.chart_combo.setCurrentIndex(fields.chart_combo.findData("xbar_r"))
    fields.subgroup_spin.setValue(2)
    with qtbot.waitSignal(view.metricLoaded, timeout=20_000):
        _save(qtbot, dialog)
    plan = services.statistics.plan(metric_id)
    assert (plan.chart_kind, plan.subgroup_size) == ("xbar_r", 2)
    assert view.chart_tabs.tabText(CHART_XMR) == "Control chart (X-bar/R)"


def test_staff_cannot_open_the_plan(qtbot, services: Services, team: Team) -> None:
    idea_id = accepted_idea(services, team)
    measured_metric(services, team, idea_id)
    view = open_view(qtbot, services, team.staff)
    pick_first_idea(qtbot, view)
    wait_for_metric(qtbot, view)
    assert not view.plan_button.isEnabled()
    assert view.open_plan_dialog() is None


def _signals(view: MeasurementsView) -> list[str]:
    items = view.control_panel.signal_list
    return [items.item(i).text() for i in range(items.count())]


def test_the_control_chart_lists_and_circles_every_signal(qtbot, services: Services,
                                                          team: Team) -> None:
    idea_id = accepted_idea(services, team)
    metric_id = measured_metric(services, team, idea_id)
    view = open_view(qtbot, services, team.supervisor)
    pick_first_idea(qtbot, view)
    wait_for_metric(qtbot, view)
    panel = view.control_panel
    view.chart_tabs.setCurrentIndex(CHART_XMR)
    qtbot.waitUntil(lambda: panel.control is not None and view.xmr_chart.figure is not None,
                    timeout=30_000)
    # Limits per phase: each phase is steady on its own.
    assert panel.mode == "recompute"
    assert _signals(view) == [NO_SIGNAL]
    assert view.chart_tabs.tabText(CHART_XMR) == "Control chart (I-MR)"
    figure = view.xmr_chart.figure
    # Individuals and moving ranges, each with a right axis naming its limits.
    assert len([a for a in figure.axes if a.xaxis.get_visible()]) == 2
    # The before limits carried forward: every after point is below the old LCL (WE1), and
    # the run of 10 below the centre (WE4) is listed with its points.
    with qtbot.waitSignal(panel.shown, timeout=20_000):
        panel.set_mode("frozen")
    lines = _signals(view)
    # The last before value is below the centre too: the run starts there.
    assert "WE4: 8 points in a row on the same side of the centre (points 10\u201320)" in lines
    assert ("WE1: 1 point beyond the 3-sigma limits, 10 times (points 11\u201320)"
            in lines)
    assert panel.signal_heading.text() == f"Signals ({len(lines)})"
    qtbot.waitUntil(lambda: view.xmr_chart.figure is not figure
                    and view.xmr_chart.figure is not None, timeout=30_000)
    ax = view.xmr_chart.figure.axes[0]
    circled = [c for c in ax.collections if c.get_label() == "_signal"]
    # Every point of a signal circled once: the ten after points and the tenth before point.
    assert len(circled) == 1 and len(circled[0].get_offsets()) == 11
    tags = [t.get_text() for t in ax.texts if t.get_label() == "_rule"]
    assert "WE1 WE2 WE3 WE4" in tags  # the rules whose signals end on the last point
    # A p chart that cannot read these values says why instead of drawing.
    services.statistics.set_plan(team.supervisor.id, metric_id, chart_kind="p",
                                 sample_size=50)
    with qtbot.waitSignal(panel.shown, timeout=20_000):
        view.select_metric(metric_id)
    assert panel.control is None
    assert view.xmr_chart.placeholder_label.text().startswith("A p chart reads each measurement")


def test_subgroups_are_charted_as_x_bar(qtbot, services: Services, team: Team) -> None:
    idea_id = accepted_idea(services, team)
    metric = services.measurements.add_metric(
        team.supervisor.id, idea_id, name="Fill weight", unit="g",
        direction=MetricDirection.HIGHER_IS_BETTER,
        plan={"subgroup_size": 4, "chart_kind": "xbar_s"})
    values = [500.0 + (i % 4) * 0.5 for i in range(40)]
    services.measurements.add_measurements(team.supervisor.id, metric.id,
                                           MeasurementPhase.BEFORE, values)
    view = open_view(qtbot, services, team.supervisor)
    pick_first_idea(qtbot, view)
    wait_for_metric(qtbot, view)
    panel = view.control_panel
    qtbot.waitUntil(lambda: panel.control is not None and view.xmr_chart.figure is not None,
                    timeout=30_000)
    assert panel.control.kind == "xbar_s" and len(panel.control.location.chart.points) == 10
    assert [a.get_ylabel() for a in view.xmr_chart.figure.axes][1] == "Std. deviation"


def test_the_dialogs_fit_a_small_screen(qtbot, services: Services, team: Team,
                                        tmp_path) -> None:
    """Both forms of the dialog fit 1280x720 whole (set KAIZEN_SHOT_DIR to keep the PNGs)."""
    import os
    from pathlib import Path

    idea_id = accepted_idea(services, team)
    measured_metric(services, team, idea_id)
    view = open_view(qtbot, services, team.supervisor)
    pick_first_idea(qtbot, view)
    wait_for_metric(qtbot, view)
    out = Path(os.environ.get("KAIZEN_SHOT_DIR", tmp_path))
    for name, dialog in (("add", view.open_metric_dialog()), ("plan", view.open_plan_dialog())):
        assert dialog is not None
        qtbot.waitExposed(dialog)
        hint = dialog.sizeHint()
        assert hint.height() <= 680 and hint.width() <= 900, (name, hint)
        dialog.resize(hint)
        dialog.grab().save(str(out / f"metric_dialog_{name}.png"))
        dialog.reject()


def test_the_three_tabs_at_both_sizes(qtbot, services: Services, team: Team, tmp_path) -> None:
    """Statistics, Capability and Control chart with demo-like data (fill weights in subgroups
    of 5, a shift after the change), rendered at 1280x720 and 1920x1080 (KAIZEN_SHOT_DIR keeps
    the PNGs): the signal list and the statistics show whole."""
    import os
    import random
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from kaizen.ui.views.measurements import CHART_CAPABILITY, CHART_STATISTICS

    rng = random.Random(17)
    idea_id = accepted_idea(services, team)
    metric = services.measurements.add_metric(
        team.supervisor.id, idea_id, name="Fill weight", unit="g",
        direction=MetricDirection.HIGHER_IS_BETTER,
        plan={"lsl": 495.0, "usl": 505.0, "target": 500.0, "subgroup_size": 5,
              "target_change": 1.0})
    services.measurements.add_measurements(team.supervisor.id, metric.id,
                                           MeasurementPhase.BEFORE,
                                           [rng.gauss(498.6, 1.4) for _ in range(100)])
    services.measurements.add_measurements(team.supervisor.id, metric.id,
                                           MeasurementPhase.AFTER,
                                           [rng.gauss(500.2, 1.0) for _ in range(60)])
    view = open_view(qtbot, services, team.supervisor)
    pick_first_idea(qtbot, view)
    wait_for_metric(qtbot, view)
    panel = view.control_panel
    out = Path(os.environ.get("KAIZEN_SHOT_DIR", tmp_path))

    def settle() -> None:
        QApplication.processEvents()
        QApplication.sendPostedEvents()
        QApplication.processEvents()

    for width, height in ((1280, 720), (1920, 1080)):
        view.resize(width, height)
        qtbot.waitUntil(lambda w=width: view.width() == w, timeout=5_000)
        view.chart_tabs.setCurrentIndex(CHART_XMR)
        qtbot.waitUntil(lambda: view.xmr_chart.figure is not None, timeout=30_000)
        drawn = view.xmr_chart.figure
        with qtbot.waitSignal(panel.shown, timeout=20_000):
            panel.set_mode("frozen" if panel.mode == "recompute" else "recompute")
        qtbot.waitUntil(lambda d=drawn: view.xmr_chart.figure not in (None, d), timeout=30_000)
        subtitle = view.xmr_chart.figure.axes[0].get_title(loc="left")
        assert ("carried forward" in subtitle) == (panel.mode == "frozen"), subtitle
        settle()
        view.grab().save(str(out / f"control_{panel.mode}_{width}x{height}.png"))
        assert panel.signal_list.isVisible() and panel.signal_list.width() >= 200
        assert panel.summary.height() >= panel.summary.heightForWidth(panel.summary.width()) - 1
        view.chart_tabs.setCurrentIndex(CHART_STATISTICS)
        settle()
        view.grab().save(str(out / f"statistics_{width}x{height}.png"))
        label = view.stats_panel.details_label
        assert label.height() >= label.heightForWidth(label.width()) - 1
        view.chart_tabs.setCurrentIndex(CHART_CAPABILITY)
        qtbot.waitUntil(lambda: view.capability_chart.figure is not None, timeout=30_000)
        settle()
        view.grab().save(str(out / f"capability_{width}x{height}.png"))
    assert panel.control is not None and panel.control.kind == "xbar_r"
