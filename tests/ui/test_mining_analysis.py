"""The mining screen's pure helpers, without widgets: the Graphviz plain-format reader, the
analysis behind the screen, and findings turned into waste observations.

Figures: reference.json (pm4py 2.7.23.11) for the running example of W. van der Aalst,
*Process Mining* (2nd ed., 2016), ch. 1; the plain format from https://graphviz.org/docs/outputs/plain/.
"""

from __future__ import annotations

import pytest
from mining.reference import LOGS, REFERENCE

from kaizen.domain.costs import observation_yearly_hours
from kaizen.domain.enums import WasteCategory
from kaizen.mining.findings import Bottleneck, Rework
from kaizen.mining.xes_reader import read_xes
from kaizen.services.observations import MAX_MINUTES
from kaizen.ui.mining.analysis import (
    FilterSpec,
    activity_cases,
    analyse,
    edge_cases,
    graph_input,
)
from kaizen.ui.mining.layout import END, START, layout, parse_plain
from kaizen.ui.mining.waste import bottleneck_observation, per_year, rework_observation

RUNNING = REFERENCE["logs"]["running-example.xes"]["all"]

# Graphviz's documented plain output (graph scale width height; node name x y w h label ...;
# edge tail head n points... label xl yl style color).
PLAIN = """graph 1 2 3
node n0 1 2.5 1.5 0.5 "register request" solid box black lightgrey
node n1 1 0.5 1.5 0.5 decide solid box black lightgrey
edge n0 n1 4 1 2.25 1 1.8 1 1.2 1 0.75 7 1.1 1.5 solid black
stop
"""


def test_plain_output_is_read_in_points_with_y_down() -> None:
    graph = parse_plain(PLAIN, {"n0": "register request", "n1": "decide"})
    assert (graph.width, graph.height) == (144, 216)
    box = graph.nodes["register request"]
    assert (box.x, box.y, box.width, box.height) == (72, 216 - 2.5 * 72, 108, 36)
    curve = graph.edges[("register request", "decide")]
    assert curve.points[0] == (72, 216 - 2.25 * 72) and len(curve.points) == 4
    assert curve.label_at == pytest.approx((1.1 * 72, 216 - 1.5 * 72))


def test_dot_lays_out_every_node_and_edge_of_the_running_example() -> None:
    log = read_xes(LOGS / "running-example.xes")
    result = analyse(log, FilterSpec(), with_layout=False)
    nodes, edges = graph_input(result.activity_events, result.start, result.end, result.edges)
    graph = layout(nodes, edges)
    assert set(graph.nodes) == set(result.activity_events) | {START, END}
    assert len(graph.nodes) == RUNNING["activities"] + 2
    dfg = {(a, b) for a, b, *_ in RUNNING["dfg"]}
    assert dfg <= set(graph.edges)
    # Start and end links: one per start and end activity of the reference.
    assert len(graph.edges) == len(dfg) + len(RUNNING["start_activities"]) + len(
        RUNNING["end_activities"])


def test_analysis_matches_the_reference_and_lists_cases() -> None:
    log = read_xes(LOGS / "running-example.xes")
    result = analyse(log, FilterSpec(), with_layout=False)
    assert (result.cases, result.events, len(result.variants)) == (
        RUNNING["cases"], RUNNING["events"], RUNNING["variants"])
    assert result.start == RUNNING["start_activities"]
    assert [[e.source_name, e.target_name, e.count] for e in result.edges] == [
        row[:3] for row in RUNNING["dfg"]]
    assert len(edge_cases(result.log, "check ticket", "decide")) == 4
    assert len(edge_cases(result.log, "decide", "reject request")) == 3
    assert len(activity_cases(result.log, "register request")) == 6
    assert edge_cases(result.log, "decide", "nowhere") == []


def test_bottleneck_observation_keeps_the_yearly_hours() -> None:
    finding = Bottleneck("decide", "pay compensation", 3, 514160.0, 521400.0, 6219.47)
    data = bottleneck_observation("running-example", finding, area_id=4)
    assert data.category == WasteCategory.WAITING and data.area_id == 4
    assert observation_yearly_hours(data.minutes_per_occurrence,
                                    data.occurrences_per_week) == pytest.approx(6219.47, 1e-4)
    assert "'running-example'" in data.description
    assert "decide -> pay compensation" in data.description


def test_a_wait_longer_than_a_week_is_split_into_allowed_occurrences() -> None:
    finding = Bottleneck("a", "b", 10, 30 * 86400.0, 30 * 86400.0, 7200.0)
    data = bottleneck_observation("log", finding, area_id=1)
    assert data.minutes_per_occurrence == MAX_MINUTES
    assert observation_yearly_hours(data.minutes_per_occurrence,
                                    data.occurrences_per_week) == pytest.approx(7200.0, 1e-4)


def test_rework_observation_and_yearly_scaling() -> None:
    assert per_year(3, 365.25 * 86400 / 2) == pytest.approx(6)
    assert per_year(3, 3600) == 3  # under a day: not scaled
    data = rework_observation("log", Rework("check ticket", 2, 3, 1 / 3), 52.0, 15.0, 2)
    assert data.category == WasteCategory.DEFECTS
    assert observation_yearly_hours(data.minutes_per_occurrence,
                                    data.occurrences_per_week) == pytest.approx(13.0)


def test_case_duration_chart_counts_every_case() -> None:
    from kaizen.charts.case_durations import case_duration_figure

    log = read_xes(LOGS / "running-example.xes")
    result = analyse(log, FilterSpec(), with_layout=False)
    figure = case_duration_figure(result.case_durations_s)
    bars = figure.axes[0].patches
    assert sum(bar.get_height() for bar in bars) == RUNNING["cases"]
    # The median line sits at the reference's median case duration, in days.
    median_line = figure.axes[0].lines[0]
    assert median_line.get_xdata()[0] == pytest.approx(
        RUNNING["case_duration_s"]["median"] / 86400)


def test_filters_that_leave_nothing_give_an_empty_screen_not_an_error() -> None:
    log = read_xes(LOGS / "running-example.xes")
    first = int(log.timestamp.min())
    # A one-second window at the first event: no case lies wholly inside it.
    result = analyse(log, FilterSpec(start_ns=first, end_ns=first + 10**9))
    assert (result.cases, result.events, result.edges, result.variants) == (0, 0, [], [])
    assert result.layout is not None and result.layout.nodes == {}
    assert result.bottlenecks == [] and result.rework == []
