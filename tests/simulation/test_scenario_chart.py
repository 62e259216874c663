"""The scenario comparison chart (kaizen/charts/scenario.py): a panel per figure, a bar per
option at its mean with its interval, each scenario marked real or not, one legend; nothing to
draw gives the empty figure. The hospital comparison's chart was looked at as a PNG at 1280x720
and 1920x1080 (python -m kaizen.simulation.patient_flow --png FILE --size WxH)."""

from __future__ import annotations

import io

from kaizen.charts.scenario import Bar, Panel, comparison_figure


def _panels() -> list[Panel]:
    return [
        Panel("Throughput", "patients/day", (
            Bar("Current state", 7.7, 7.6, 7.8), Bar("More beds", 8.8, 8.7, 8.9, True),
            Bar("Intermediate care", 7.72, 7.5, 7.9, False)), better="higher"),
        Panel("Lead time", "days", (
            Bar("Current state", 60.0, 55.0, 65.0), Bar("More beds", 14.0, 12.0, 16.0, True),
            Bar("Intermediate care", 5.7, None, None, None))),
    ]


def test_a_panel_per_figure_with_bars_at_the_means_and_verdicts() -> None:
    fig = comparison_figure("Options", _panels(), subtitle="10 replications")
    assert len(fig.axes) == 2
    heights = [round(p.get_height(), 2) for p in fig.axes[0].patches]
    assert heights == [7.7, 8.8, 7.72]
    # The verdicts are the scenarios' tick labels (the current state's is empty).
    verdicts = [t.get_text() for t in fig.axes[1].get_xticklabels()]
    assert verdicts == ["", "real", "-"]  # no interval: cannot tell
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["", "real", "not shown"]
    assert "Throughput" in fig.axes[0].get_title()
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["Current state", "More beds", "Intermediate care"]
    fig.savefig(io.BytesIO(), format="png")  # draws without error


def test_nothing_to_draw_gives_the_empty_figure() -> None:
    fig = comparison_figure("Options", [Panel("Lead time", "days", (Bar("Current", None),))])
    assert not fig.axes[0].axison
