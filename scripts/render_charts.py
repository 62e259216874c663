"""Render every chart from sample data to PNG files, to look at them (and at their empty states).

    .venv/bin/python scripts/render_charts.py [OUT_DIR] [--dpi 100]

Writes one PNG per chart and situation into OUT_DIR (default: charts-preview/) and prints the
paths. The sample data is fixed, so the pictures are the same on every run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from kaizen.charts import (
    before_after_figure,
    cumulative_savings_figure,
    pareto_figure,
    xmr_figure,
)
from kaizen.domain.enums import MetricDirection, WasteCategory
from kaizen.domain.statistics import compare


def sample_figures() -> dict[str, Figure]:
    rng = np.random.default_rng(5)
    cycle_before = list(rng.normal(14.2, 1.6, 24).round(1))
    cycle_after = list(rng.normal(11.6, 1.1, 20).round(1))
    lower = MetricDirection.LOWER_IS_BETTER
    higher = MetricDirection.HIGHER_IS_BETTER

    changeover_before = [42.0, 38.5, 45.0, 40.0, 51.0, 39.5]
    changeover_after = [31.0, 29.5, 35.0, 30.5, 28.0]
    throughput_before = list(rng.normal(46, 3, 15).round(0))
    throughput_after = list(rng.normal(45, 3, 15).round(0))

    # A process that drifts after the change, with one wild point: signals on both panels.
    drift_before = list(rng.normal(50, 2, 20).round(1))
    drift_after = list((rng.normal(44, 1.5, 16) + np.linspace(0, 3, 16)).round(1))
    drift_before[12] = 61.0

    costs = {
        WasteCategory.WAITING.label: 48_300.0,
        WasteCategory.MOTION.label: 31_950.0,
        WasteCategory.DEFECTS.label: 22_400.0,
        WasteCategory.TRANSPORT.label: 9_870.0,
        WasteCategory.OVER_PROCESSING.label: 6_120.0,
        WasteCategory.INVENTORY.label: 3_050.0,
        WasteCategory.OVERPRODUCTION.label: 1_200.0,
    }
    months = [f"2025-{m:02d}" for m in range(3, 13)] + [f"2026-{m:02d}" for m in range(1, 7)]
    hard = [0, 0, 800, 1200, 1200, 1500, 1500, 1600, 1800, 1800, 2000, 2100, 2100, 2300, 0, 0]
    soft = [0, 300, 300, 500, 600, 600, 700, 700, 800, 800, 900, 900, 1000, 1000, 0, 0]
    avoid = [0, 0, 0, 0, 2500, 0, 0, 0, 0, 3000, 0, 0, 0, 0, 0, 0]
    forecast = [500, 800, 1500, 2000, 2500, 2500, 3000, 3000, 3000, 3200, 3200, 3200, 3500, 3500,
                3500, 3500]

    return {
        "before_after_welch": before_after_figure(
            cycle_before, cycle_after, metric_name="Cycle time", unit="min", direction=lower,
            comparison=compare(cycle_before, cycle_after, lower, metric_name="Cycle time"),
        ),
        "before_after_small_mann_whitney": before_after_figure(
            changeover_before, changeover_after, metric_name="Changeover time", unit="min",
            direction=lower,
            comparison=compare(changeover_before, changeover_after, lower,
                               metric_name="Changeover time"),
        ),
        "before_after_no_change_higher": before_after_figure(
            throughput_before, throughput_after, metric_name="Throughput", unit="parts/h",
            direction=higher,
            comparison=compare(throughput_before, throughput_after, higher,
                               metric_name="Throughput"),
        ),
        "before_after_only_before": before_after_figure(
            cycle_before[:7], [], metric_name="Lead time", unit="days", direction=lower,
        ),
        "before_after_empty": before_after_figure(
            [], [], metric_name="Cycle time", unit="min", direction=lower
        ),
        "xmr_split": xmr_figure(
            cycle_before + cycle_after, len(cycle_before), metric_name="Cycle time", unit="min"
        ),
        "xmr_signals": xmr_figure(
            drift_before + drift_after, len(drift_before), metric_name="Fill weight", unit="g"
        ),
        "xmr_before_only": xmr_figure(
            cycle_before[:12], 12, metric_name="Cycle time", unit="min"
        ),
        "xmr_empty": xmr_figure([], 0, metric_name="Cycle time", unit="min"),
        "pareto": pareto_figure(list(costs.items()), currency="EUR"),
        "pareto_one_category": pareto_figure([("Waiting", 12_500.0)], currency="EUR"),
        "pareto_empty": pareto_figure([], currency="EUR"),
        "savings": cumulative_savings_figure(
            months, {"Hard": hard, "Soft": soft, "Avoidance": avoid}, forecast, currency="EUR"
        ),
        "savings_three_months": cumulative_savings_figure(
            months[:3], {"Hard": [0, 400, 900], "Soft": [100, 100, 100], "Avoidance": [0, 0, 0]},
            [300, 500, 800], currency="EUR",
        ),
        "savings_two_years": cumulative_savings_figure(
            [f"{y}-{m:02d}" for y in (2024, 2025, 2026) for m in range(1, 13)],
            {"Hard": [1000.0 + 50 * i for i in range(36)], "Soft": [400.0] * 36,
             "Avoidance": [0.0] * 36},
            [1500.0] * 36, currency="EUR",
        ),
        "savings_empty": cumulative_savings_figure([], {}, [], currency="EUR"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="charts-preview")
    parser.add_argument("--dpi", type=float, default=None, help="default: the figure's own")
    args = parser.parse_args(argv)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, fig in sample_figures().items():
        path = out / f"{name}.png"
        FigureCanvasAgg(fig)  # attach the Agg canvas: no pyplot, no GUI backend
        fig.savefig(path, dpi=args.dpi or "figure")
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
