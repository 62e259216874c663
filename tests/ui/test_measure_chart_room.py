"""The Measurements view gives its charts the room (issue 16: at 1280x720 the statistics panel
above them left the control chart about 110 px of height): the charts come first in a
vertical splitter, the statistics under them take what they need up to a quarter of it and
scroll when that is less, and a handle the user drags stays where it was put."""

from __future__ import annotations

import contextlib

import pytest

from kaizen.services import Services
from kaizen.ui.main_window import MEASUREMENTS, MainWindow
from kaizen.ui.measure.chart_split import STATS_SHARE
from kaizen.ui.views.measurements import CHART_XMR
from ui.helpers import Team, open_window
from ui.test_measurements_view import accepted_idea, measured_metric
from ui.text_fit import settle


def _shown(qtbot, services: Services, team: Team, size: tuple[int, int]):
    idea_id = accepted_idea(services, team)
    metric_id = measured_metric(services, team, idea_id)
    window: MainWindow = open_window(qtbot, services)
    window.resize(*size)
    window.who_picker.adopt(team.supervisor)
    window.show_view(MEASUREMENTS)
    view = window.page_at(MEASUREMENTS)
    view.select_idea(idea_id, metric_id)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: view.stats is not None  # type: ignore[attr-defined]
                    and view.stats_panel.stats is view.stats, timeout=20_000)
    view.chart_tabs.setCurrentIndex(CHART_XMR)  # type: ignore[attr-defined]
    chart = view.xmr_chart  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: chart.canvas is not None and chart.canvas.isVisible(),
                    timeout=30_000)
    settle(qtbot)
    return window, view, chart


@pytest.mark.parametrize(("size", "least"), [((1280, 720), 230), ((1920, 1080), 500)])
def test_the_control_chart_has_the_room(qtbot, services: Services, team: Team, size,
                                        least) -> None:
    _window, view, chart = _shown(qtbot, services, team, size)
    split = view.chart_split
    # The charts above the statistics, and the control chart at least this tall (it was
    # 141 px at 1280x720 under the full statistics panel).
    assert split.widget(0) is view.chart_tabs and split.widget(1) is split.stats_scroll
    needed = view.stats_panel.sizeHint().height()
    # The split is placed again in a posted event once the statistics' text is laid out:
    # wait for the state (bounded only against a hang); the assertions say what is wrong.
    with contextlib.suppress(Exception):
        qtbot.waitUntil(lambda: chart.canvas.height() >= least
                        and split.sizes()[1] == split.stats_height(sum(split.sizes())),
                        timeout=5_000)
    assert chart.canvas.height() >= least
    charts_h, stats_h = split.sizes()
    if size == (1920, 1080):
        assert stats_h >= needed  # room for all of it: shown whole
    else:
        # At most a quarter (and a pixel of rounding), the rest reached by scrolling.
        assert stats_h <= STATS_SHARE * (charts_h + stats_h) + 1 < needed
        assert split.stats_scroll.verticalScrollBar().maximum() > 0


def test_a_dragged_handle_stays_where_it_was_put(qtbot, services: Services,
                                                 team: Team) -> None:
    window, view, _chart = _shown(qtbot, services, team, (1280, 720))
    split = view.chart_split
    total = sum(split.sizes())
    split.moveSplitter(total // 2, 1)  # what a drag of the handle calls
    settle(qtbot)
    placed = split.sizes()
    assert split.user_placed and abs(placed[1] - total // 2) <= split.handleWidth() + 2
    window.resize(1280, 760)  # a resize keeps the statistics' height, not the share
    settle(qtbot)
    assert split.sizes()[1] == placed[1]
