"""No chart text on another, none past the figure's edge (issue 16), for the What-if chart
(kaizen/charts/scenario.py), the dashboard's cumulative savings chart (kaizen/charts/
savings.py) and waste Pareto (kaizen/charts/pareto.py), and the Measurements view's control
chart (kaizen/charts/metric_chart.py), in English and German, at the canvas sizes the UI gives
them.

The sizes were read from the canvases of the running app (scripts/screenshot.py's demo, the
What-if view and the dashboard): the What-if chart is 572 x 241 px in a 1280x720 window,
572 x 289 at 1280x800 and 1212 x 476 at 1920x1080; the savings chart 433 x 240 at 1280x720
and 1280x800 and 725 x 436 at 1920x1080; the Pareto beside it 433 x 240 and 725 x 436 in
the issue's layout, 529 x 240 and 887 x 540 (German) or 554 (English) in the demo's; the
Measurements view's control chart 414 x 248 at 1280x720 and 1054 x 535 at 1920x1080 (the
charts above the statistics in their splitter; 414 x 239 and 1054 x 599 while the statistics
take other heights). The boxes are the renderer's
(``Text.get_window_extent`` after ``canvas.draw()``), at the dpi the canvas uses
(:func:`kaizen.charts.style.display_dpi`, text never under 9 pt)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from kaizen.charts import cumulative_savings_figure, pareto_figure  # noqa: E402
from kaizen.charts.metric_chart import metric_chart_figure  # noqa: E402
from kaizen.charts.scenario import comparison_figure  # noqa: E402
from kaizen.domain.enums import WasteCategory  # noqa: E402
from kaizen.domain.metric_chart import FROZEN, IMR, XBAR_R, metric_chart  # noqa: E402
from kaizen.i18n import translate, using  # noqa: E402
from kaizen.ui.simulation.results_data import chart_panels  # noqa: E402
from tests.domain.pistonrings import PR  # noqa: E402
from tests.domain.test_metric_chart import PR_26_40  # noqa: E402

from .text_overlap import (  # noqa: E402
    drawn_on_screen,
    drawn_texts,
    problems_on_screen,
    text_problems,
)

WHAT_IF_SIZES = [(572, 241), (572, 289), (1212, 476)]
SAVINGS_SIZES = [(433, 240), (725, 436)]
PARETO_SIZES = [(433, 240), (529, 240), (725, 436), (887, 540)]
CONTROL_SIZES = [(414, 239), (414, 248), (1054, 535), (1054, 599)]


def _figure(mean: float, low: float, high: float) -> dict:
    return {"mean": mean, "ci95": [low, high]}


# The demo's "A second welder" run on the Frame line (minutes): four panels, one per figure.
RESULTS = {
    "time_unit": "minute",
    "comparison": {
        "throughput": {"current": _figure(0.44, 0.43, 0.45), "scenario": _figure(0.44, 0.43, 0.45),
                       "real": False},
        "lead_time": {"current": _figure(20.42, 18.5, 22.3),
                      "scenario": _figure(15.93, 15.6, 16.3), "real": True},
        "wip": {"current": _figure(9.06, 8.3, 9.8), "scenario": _figure(7.06, 6.8, 7.3),
                "real": True},
        "Weld: wait": {"current": _figure(4.6, 3.1, 6.1), "scenario": _figure(0.0, 0.0, 0.0),
                       "real": True},
        "Receive material: wait": {"current": _figure(0.66, 0.6, 0.7),
                                   "scenario": _figure(0.66, 0.6, 0.7), "real": False},
    },
}


def _what_if(language: str):
    with using(language):
        # The texts the What-if view gives the chart (kaizen/ui/simulation/results_panel.py).
        title = translate("ui.simulation.results_panel", "What-if: {scenario}").format(
            scenario="A second welder")
        panels = chart_panels(RESULTS, "A second welder", "Frame line, current state")
        return comparison_figure(title, panels)


def _savings(language: str):
    with using(language):
        months = [f"2026-{m:02d}" for m in range(1, 13)]
        return cumulative_savings_figure(
            months, {"Hard": [400.0 * (m % 3) for m in range(12)], "Soft": [120.0] * 12,
                     "Avoidance": [0.0] * 11 + [75.0]},
            [2500.0 * m for m in range(12)], currency="EUR")


def _pareto(language: str):
    with using(language):
        # The demo's dashboard on 7 Dec 2026: three wastes seen this month.
        return pareto_figure([(WasteCategory.WAITING.label, 26975.0),
                              (WasteCategory.OVER_PROCESSING.label, 7930.0),
                              (WasteCategory.TRANSPORT.label, 340.0)], currency="EUR")


# The demo's "Changeover time" of idea #5 (minutes): 23 before the change, 11 after.
CHANGEOVER_BEFORE = [45.2, 48.1, 44.0, 52.3, 47.5, 61.8, 58.0, 55.9, 49.3, 44.7, 53.1, 46.0,
                     51.2, 38.7, 47.6, 57.8, 58.1, 46.9, 45.0, 47.3, 48.8, 49.1, 47.4]
CHANGEOVER_AFTER = [30.1, 28.3, 27.9, 26.0, 33.5, 24.2, 32.8, 28.9, 25.1, 27.7, 29.6]


def _control(language: str, kind: str):
    with using(language):
        if kind == XBAR_R:  # subgroups, a spread panel named "Range", signals circled
            chart = metric_chart([v for g in PR for v in g], [v for g in PR_26_40 for v in g],
                                 kind=XBAR_R, subgroup_size=5, mode=FROZEN)
            return metric_chart_figure(chart, metric_name="Ring diameter", unit="mm")
        chart = metric_chart(CHANGEOVER_BEFORE, CHANGEOVER_AFTER, kind=IMR)
        return metric_chart_figure(chart, metric_name="Changeover time", unit="min")


HINTING = ["no_hinting", "default"]  # the app's canvas; matplotlib's own (PDF, PNG files)


@pytest.mark.parametrize("hinting", HINTING)
@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(("width", "height"), WHAT_IF_SIZES)
def test_the_what_if_chart_text_does_not_overlap(language, width, height, hinting) -> None:
    fig = _what_if(language)
    with using(language):
        problems = problems_on_screen(fig, width, height, hinting)
    texts = [t.get_text() for t in drawn_texts(fig)]
    assert any("A second welder" in t for t in texts) and len(texts) > 20
    assert problems == []


@pytest.mark.parametrize("hinting", HINTING)
@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(("width", "height"), SAVINGS_SIZES)
def test_the_savings_chart_text_does_not_overlap(language, width, height, hinting) -> None:
    fig = _savings(language)
    with using(language):
        problems = problems_on_screen(fig, width, height, hinting)
    subtitle = fig.axes[0].get_title(loc="left")
    assert "EUR" in subtitle
    assert problems == []


@pytest.mark.parametrize("hinting", HINTING)
@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(("width", "height"), PARETO_SIZES)
def test_the_pareto_chart_text_does_not_overlap(language, width, height, hinting) -> None:
    fig = _pareto(language)
    with using(language):
        problems = problems_on_screen(fig, width, height, hinting)
    # The right axis named in full where its Axes is tall enough, else "Cum. %".
    with using(language):
        full = translate("charts.pareto", "Cumulative share of cost")
        short = translate("charts.pareto", "Cum. %")
    assert fig.axes[1].get_ylabel() == (short if height <= 240 else full)
    assert problems == []


@pytest.mark.parametrize("hinting", HINTING)
@pytest.mark.parametrize("kind", [IMR, XBAR_R])
@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(("width", "height"), CONTROL_SIZES)
def test_the_control_chart_text_does_not_overlap(language, width, height, kind,
                                                 hinting) -> None:
    fig = _control(language, kind)
    with using(language):
        problems = problems_on_screen(fig, width, height, hinting)
    texts = [t.get_text() for t in drawn_texts(fig)]
    assert sum(t.startswith(("UCL ", "LCL ")) for t in texts) >= 3
    assert problems == []


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_subtitle_stacks_under_the_title_when_the_chart_has_the_room(language) -> None:
    """The PDF and a large window have room for a subtitle: stacked and wrapped, not drawn on
    the title (fixed fractions put it there at every size below the design's)."""
    with using(language):
        title = translate("ui.simulation.results_panel", "What-if: {scenario}").format(
            scenario="A second welder")
        fig = comparison_figure(title, chart_panels(RESULTS, "A second welder"),
                                "Bars: means with 95% intervals; under each scenario, whether "
                                "it differs from the current state.")
        assert problems_on_screen(fig, 1212, 476, "no_hinting") == []


def test_the_check_sees_overlap_and_text_past_the_edge() -> None:
    """The check can fail: two texts drawn on one spot, and one run past the right edge."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 2))
    fig.text(0.1, 0.5, "Lead time, 90th percentile")
    fig.text(0.15, 0.5, "Work in progress")
    fig.text(0.8, 0.1, "a subtitle running past the edge")
    problems = text_problems(fig, drawn_on_screen(fig, 400, 200))
    assert any("overlaps" in p for p in problems)
    assert any("runs past the figure" in p for p in problems)
