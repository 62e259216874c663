"""The plan's control chart as a figure (kaizen.charts.metric_chart): the piston rings of
Montgomery, Introduction to Statistical Quality Control, Example 6.1 and Table 6.4 (R qcc
``qcc(diameter[1:25,], type="xbar", newdata=diameter[26:40,])``): phase-I limits 73.98805 to
74.0143 carried to samples 26-40, whose means 37, 38 and 39 lie above the UCL. The figure
writes the limits with enough decimals to tell them apart, circles every signal's point, names
the rules beside them, and draws the R chart below; a p chart has no spread panel."""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg

from kaizen.charts.metric_chart import metric_chart_figure, subtitle
from kaizen.domain.metric_chart import FROZEN, XBAR_R, P, metric_chart
from tests.domain.pistonrings import PR
from tests.domain.test_metric_chart import JUICE, PR_26_40


def _flat(groups) -> list[float]:
    return [v for g in groups for v in g]


def test_xbar_r_figure_of_the_piston_rings() -> None:
    chart = metric_chart(_flat(PR), _flat(PR_26_40), kind=XBAR_R, subgroup_size=5,
                         mode=FROZEN)
    fig = metric_chart_figure(chart, metric_name="Ring diameter", unit="mm")
    top, bottom = fig.axes[:2]
    # The last phase's limits are named on the right axis (a twin of the panel).
    right = fig.axes[2]
    FigureCanvasAgg(fig).draw()
    labels = {t.get_text() for t in right.get_yticklabels()}
    # qcc's 73.98805 is 73.988048 to more places: 73.9880 at four decimals.
    assert {"UCL 74.0143", "CL 74.0012", "LCL 73.9880"} <= labels
    assert bottom.get_ylabel() == "Range"
    circled = [c for c in top.collections if c.get_label() == "_signal"]
    xs = sorted(int(x) for x, _y in circled[0].get_offsets())
    assert {37, 38, 39} <= set(xs)
    points = {c.get_label(): len(c.get_offsets()) for c in top.collections
              if c.get_label() in ("Before", "After")}
    assert points == {"Before": 25, "After": 15}
    assert top.get_title(loc="left").startswith(
        "Subgroups of 5 \u00b7 before limits carried forward \u00b7 Western Electric rules")
    buffer = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buffer)
    assert buffer.getvalue().startswith(b"\x89PNG")


def test_p_chart_has_no_spread_panel_and_counts_signals() -> None:
    chart = metric_chart([100 * c / 50 for c in JUICE], [], kind=P, sample_size=50,
                         percent=True)
    fig = metric_chart_figure(chart, metric_name="Defect rate", unit="%")
    assert len(fig.axes) == 2  # one panel and its right axis naming the limits
    assert subtitle(chart).endswith(f"{len(chart.signals)} signals (circled)")
    FigureCanvasAgg(fig).draw()
    assert {"UCL 41.0", "CL 23.1", "LCL 5.2"} <= {
        t.get_text() for t in fig.axes[1].get_yticklabels()}
