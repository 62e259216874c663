"""The Measurements view shows issue 17's figures: the plan's verdict, the primary test with
df, CI and Hedges' g, the robustness check, capability before and after, and the chart's
signals; rendered at 1280x720 and 1920x1080 (set KAIZEN_SHOT_DIR to keep the PNGs)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kaizen.services import Services
from ui.helpers import Team
from ui.test_measurements_view import (
    accepted_idea,
    measured_metric,
    open_view,
    pick_first_idea,
    wait_for_metric,
)


def test_statistics_panel_shows_the_plan_verdict_and_capability(qtbot, services: Services,
                                                                  team: Team,
                                                                  tmp_path: Path) -> None:
    idea_id = accepted_idea(services, team)
    metric_id = measured_metric(services, team, idea_id)
    services.statistics.set_plan(team.supervisor.id, metric_id, lsl=6.0, usl=12.0,
                                 target=9.0, target_change=1.0)
    view = open_view(qtbot, services, team.supervisor)
    pick_first_idea(qtbot, view)
    wait_for_metric(qtbot, view)
    panel = view.stats_panel
    assert panel.verdict_label.text().startswith("Real improvement: cycle time fell")
    details = panel.details_label.text()
    assert "Primary: Welch's t-test t = " in details and ", df " in details
    assert "Hedges' g" in details
    assert "Robustness check: Mann-Whitney test W = " in details
    assert "Hodges-Lehmann shift" in details
    assert "Capability before: Cp " in details and "Capability after: Cp " in details
    assert "1.5-sigma" in details
    assert "chart I-MR; Western Electric (4 rules), the site default" in details
    out = Path(os.environ.get("KAIZEN_SHOT_DIR", tmp_path))
    for width, height in ((1280, 720), (1920, 1080)):
        view.resize(width, height)
        qtbot.waitUntil(lambda w=width: view.width() == w, timeout=5_000)
        view.chart_tabs.setCurrentIndex(3)
        # Let the layout settle at the new size before the picture (no timing: events only).
        QApplication.processEvents()
        QApplication.sendPostedEvents()
        QApplication.processEvents()
        image = view.grab()
        assert not image.isNull()
        image.save(str(out / f"measurements_{width}x{height}.png"))
        view.chart_tabs.setCurrentIndex(4)
        qtbot.waitUntil(lambda: view.capability_chart.figure is not None, timeout=30_000)
        QApplication.processEvents()
        view.grab().save(str(out / f"capability_{width}x{height}.png"))
        view.chart_tabs.setCurrentIndex(3)
        # The details are not cut off: the label shows all its lines.
        label = panel.details_label
        assert label.height() >= label.heightForWidth(label.width()) - 1
