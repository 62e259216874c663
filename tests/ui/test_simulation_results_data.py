"""The What-if table's rows and chart panels from stored results (kaizen/ui/simulation/
results_data.py), without a window: figures, units, intervals, verdicts and colours."""

from __future__ import annotations

from kaizen.ui.simulation.results_data import chart_panels, table_rows


def _figure(current, scenario, diff, low, high, real):
    return {"current": {"mean": current, "ci95": [current - 1, current + 1]},
            "scenario": {"mean": scenario, "ci95": None},
            "difference": {"mean": diff, "ci95": [low, high]}, "real": real}


RESULTS = {
    "time_unit": "day",
    "options": {"replications": 10, "horizon": 730, "warmup": 90, "seed": 20},
    "comparison": {
        "throughput": _figure(8.81, 8.96, 0.15, 0.06, 0.25, True),
        "lead_time": _figure(14.33, 5.73, -8.59, -11.97, -5.22, True),
        "lead_time_p90": _figure(22.0, 10.0, -12.0, -17.0, -6.5, True),
        "wip": _figure(128.4, 51.6, -76.8, -107.4, -46.3, True),
        "Acute: wait": _figure(8.57, 0.27, -8.3, -11.7, -4.9, True),
        "Acute: utilisation": _figure(0.995, 0.895, -0.099, -0.108, -0.09, True),
        "Care: wait": _figure(0.01, 0.22, 0.21, 0.15, 0.27, True),
        "Care: utilisation": _figure(0.3, 0.3, -0.0000001, -0.00001, 0.00001, False),
    },
}


def test_rows_say_each_figure_with_its_interval_and_verdict() -> None:
    rows = {r.label: r for r in table_rows(RESULTS)}
    assert list(rows)[:4] == ["Throughput", "Lead time", "Lead time, 90th percentile",
                              "Work in progress"]
    lead = rows["Lead time"]
    assert (lead.unit, lead.current, lead.scenario) == ("days", "14.33", "5.73")
    assert lead.current_ci == "14.33 [13.33, 15.33]" and lead.scenario_ci == "5.73"
    assert lead.difference == "-8.59 [-11.97, -5.22]" and lead.verdict == "real"
    assert lead.better is True  # lower is better and it fell
    assert rows["Throughput"].better is True and rows["Throughput"].unit == "per day"
    assert rows["Care: queue wait"].better is False  # real, and worse
    util = rows["Acute: utilisation"]
    assert (util.current, util.difference) == ("99.5%", "-9.9 [-10.8, -9.0] pts")
    assert util.better is None  # busier is neither better nor worse
    # A tiny negative rounds to 0 without a minus sign.
    assert rows["Care: utilisation"].difference == "+0.0 [+0.0, +0.0] pts"
    assert rows["Care: utilisation"].verdict == "not shown"


def test_panels_pick_the_longest_wait_and_name_both_options() -> None:
    panels = chart_panels(RESULTS, "Intermediate care", "46 beds")
    assert [p.figure for p in panels] == ["Throughput", "Lead time", "Work in progress",
                                          "Wait at Acute"]
    lead = panels[1]
    assert [b.option for b in lead.bars] == ["46 beds", "Intermediate care"]
    assert (lead.bars[0].low, lead.bars[0].high) == (13.33, 15.33)
    assert lead.bars[1].real is True and lead.better == "lower"
