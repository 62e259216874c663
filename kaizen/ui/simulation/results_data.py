"""What the results panel shows, from a scenario's stored results (kaizen/services/scenarios.py):
the table's rows and the comparison chart's panels. Pure data, no widgets, so it is tested alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # matplotlib is imported only when a chart is drawn
    from kaizen.charts.scenario import Bar, Panel


_MAIN = (("throughput", "Throughput", "higher"), ("lead_time", "Lead time", "lower"),
         ("lead_time_p90", "Lead time, 90th percentile", "lower"),
         ("wip", "Work in progress", "lower"))


@dataclass(frozen=True)
class Row:
    label: str
    unit: str
    current: str  # the mean
    scenario: str
    current_ci: str  # the mean with its 95% interval, for the tooltip
    scenario_ci: str
    difference: str  # "+1.23 [+0.80, +1.60]"
    verdict: str  # "real", "not shown", "-"
    better: bool | None  # the difference is real and in the better direction


def _clean(value: float, digits: int) -> float:
    """A tiny negative that rounds to 0 shows as 0, not "-0.00"."""
    return 0.0 if round(value, digits) == 0 else value


def _number(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "-"
    return f"{_clean(value, digits):,.{digits}f}"


def _estimate(item: dict[str, Any] | None, percent: bool = False) -> str:
    if not item or item.get("mean") is None:
        return "-"
    scale = 100.0 if percent else 1.0
    text = _number(item["mean"] * scale, 1 if percent else 2)
    ci = item.get("ci95")
    if ci and ci[0] is not None:
        text += f" [{_number(ci[0] * scale, 1 if percent else 2)}, " \
                f"{_number(ci[1] * scale, 1 if percent else 2)}]"
    return text + ("%" if percent else "")


def _mean(item: dict[str, Any] | None, percent: bool = False) -> str:
    if not item or item.get("mean") is None:
        return "-"
    if percent:
        return f"{_number(item['mean'] * 100.0, 1)}%"
    return _number(item["mean"])


def _difference(item: dict[str, Any], percent: bool = False) -> str:
    if item.get("mean") is None:
        return "-"
    scale = 100.0 if percent else 1.0
    digits = 1 if percent else 2
    text = f"{_clean(item['mean'] * scale, digits):+,.{digits}f}"
    ci = item.get("ci95")
    if ci and ci[0] is not None:
        low, high = _clean(ci[0] * scale, digits), _clean(ci[1] * scale, digits)
        text += f" [{low:+,.{digits}f}, {high:+,.{digits}f}]"
    return text + (" pts" if percent else "")


def _row(label: str, unit: str, figure: dict[str, Any], better: str,
         percent: bool = False) -> Row:
    real = figure.get("real")
    mean = figure["difference"].get("mean")
    good = None
    if real and mean is not None and better:
        good = (mean > 0) == (better == "higher")
    return Row(label, unit, _mean(figure["current"], percent), _mean(figure["scenario"], percent),
               _estimate(figure["current"], percent), _estimate(figure["scenario"], percent),
               _difference(figure["difference"], percent),
               {True: "real", False: "not shown", None: "-"}[real], good)


def table_rows(results: dict[str, Any]) -> list[Row]:
    """Overall figures first, then each step's wait and utilisation."""
    unit = results["time_unit"]
    figures = results["comparison"]
    rows = []
    for key, label, better in _MAIN:
        shown = {"throughput": f"per {unit}", "wip": "cases"}.get(key, f"{unit}s")
        rows.append(_row(label, shown, figures[key], better))
    for key, figure in figures.items():
        name, sep, kind = key.rpartition(": ")
        if not sep:
            continue
        if kind == "wait":
            rows.append(_row(f"{name}: queue wait", f"{unit}s", figure, "lower"))
        elif kind == "utilisation":
            # Busier is neither better nor worse by itself: no colour for utilisation.
            rows.append(_row(f"{name}: utilisation", "%", figure, "", percent=True))
    return rows


def _bar(option: str, item: dict[str, Any], real: bool | None = None) -> Bar:
    from kaizen.charts.scenario import Bar

    ci = item.get("ci95") or [None, None]
    return Bar(option, item.get("mean"), ci[0], ci[1], real)


def chart_panels(results: dict[str, Any], scenario_name: str,
                 base_name: str = "Current state") -> list[Panel]:
    """Throughput, lead time, WIP and the wait of the step that waits longest today."""
    from kaizen.charts.scenario import Panel

    unit = results["time_unit"]
    figures = results["comparison"]
    chosen = [("throughput", "Throughput", f"cases/{unit}", "higher"),
              ("lead_time", "Lead time", f"{unit}s", "lower"),
              ("wip", "Work in progress", "cases", "lower")]
    waits = [(k, f) for k, f in figures.items() if k.endswith(": wait")
             and f["current"].get("mean") is not None]
    if waits:
        key, _ = max(waits, key=lambda kv: kv[1]["current"]["mean"])
        chosen.append((key, f"Wait at {key.removesuffix(': wait')}", f"{unit}s", "lower"))
    panels = []
    for key, label, shown, better in chosen:
        figure = figures[key]
        panels.append(Panel(label, shown, (
            _bar(base_name, figure["current"]),
            _bar(scenario_name, figure["scenario"], figure.get("real"))), better))
    return panels
