"""The KPI chart (kaizen/charts/kpi.py): points per phase, limits per phase, a dashed line where
each change completed, signals circled; the empty state; PNG output looked at by eye."""

from __future__ import annotations

import io
import os
from datetime import datetime, timedelta
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_hex

from kaizen.charts import style
from kaizen.charts.kpi import kpi_figure
from kaizen.domain import control_chart
from kaizen.domain.enums import MetricDirection
from kaizen.domain.kpis import KpiKind
from kaizen.services.kpis import KpiChart, KpiPhase, ProcessChange, SeriesInfo

START = datetime(2026, 3, 2)


def _chart(before: list[float], after: list[float]) -> KpiChart:
    values = tuple(before + after)
    times = tuple(START + timedelta(days=i) for i in range(len(values)))
    change = ProcessChange(7, "Fast movers near the packing door", times[len(before)])
    phases = []
    for first, end, why in ((0, len(before), None), (len(before), len(values), change)):
        limits = control_chart.xmr_limits(values[first:end][:20])
        flagged = tuple(first + i for i in control_chart.signals(values[first:end], limits))
        worse = tuple(i for i in flagged if values[i] > limits.centre)
        phases.append(KpiPhase(start=None if why is None else why.completed_at, change=why,
                               first=first, end=end, limits=limits, signals=flagged,
                               worse=worse))
    series = SeriesInfo(1, 1, KpiKind.CYCLE_TIME, "Cycle time", "minute",
                        MetricDirection.LOWER_IS_BETTER, len(values), values[-1], times[-1], 1)
    return KpiChart(series=series, process_name="Order picking", times=times, values=values,
                    phases=tuple(phases))


def test_points_limits_change_line_and_signals() -> None:
    before = [10, 12, 11, 13, 10, 12, 11, 12, 10, 13]
    after = [6.0, 7.0] * 10 + [7.5] * 8
    fig = kpi_figure(_chart(before, after))
    ax = fig.axes[0]
    points = [c for c in ax.collections if isinstance(c, PathCollection)]
    filled = [c for c in points if len(c.get_facecolors()) and c.get_facecolors()[0][3] > 0]
    assert [len(c.get_offsets()) for c in filled] == [10, 28]
    assert to_hex(filled[0].get_facecolors()[0]) == style.BEFORE
    assert to_hex(filled[1].get_facecolors()[0]) == style.AFTER
    circled = [c for c in points if c not in filled]
    assert sum(len(c.get_offsets()) for c in circled) == 9  # the run of 9 above 6.5
    # Two phases: a centre line and a pair of limits each.
    assert len([c for c in ax.collections if isinstance(c, LineCollection)]) == 4
    assert any(t.get_text() == "Fast movers near the packing do\u2026" for t in ax.texts)
    assert ax.get_title(loc="left") == (
        "02 Mar 2026 to 08 Apr 2026 \u00b7 XmR limits per phase \u00b7 1 change \u00b7 9 signals "
        "(9 worse)")
    buffer = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buffer)
    assert buffer.getvalue().startswith(b"\x89PNG")
    if os.environ.get("KAIZEN_CHART_PNG"):  # for looking at it
        Path(os.environ["KAIZEN_CHART_PNG"]).write_bytes(buffer.getvalue())


def test_too_few_points_is_the_empty_state() -> None:
    chart = _chart([1, 2], [3, 4])
    lonely = KpiChart(series=chart.series, process_name="", times=chart.times[:1],
                      values=chart.values[:1], phases=())
    fig = kpi_figure(lonely)
    assert any("at least 2 points" in t.get_text() for t in fig.texts + fig.axes[0].texts)
