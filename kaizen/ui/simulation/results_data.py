"""What the results panel shows, from a scenario's stored results (kaizen/services/scenarios.py):
the table's rows and the comparison chart's panels. Pure data, no widgets, so it is tested alone.
Its words and figures are in the language of the work (kaizen.i18n, kaizen.domain.numbers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kaizen.domain.numbers import format_number
from kaizen.i18n import SOURCE_LANGUAGE, current_language, translate

if TYPE_CHECKING:  # matplotlib is imported only when a chart is drawn
    from kaizen.charts.scenario import Bar, Panel




def _main() -> tuple[tuple[str, str, str], ...]:
    """The overall figures: key, words, which way is better."""
    return (("throughput", translate("ui.simulation.results_data", "Throughput"), "higher"),
            ("lead_time", translate("ui.simulation.results_data", "Lead time"), "lower"),
            ("lead_time_p90",
             translate("ui.simulation.results_data", "Lead time, 90th percentile"), "lower"),
            ("wip", translate("ui.simulation.results_data", "Work in progress"), "lower"))


def unit_plural(unit: str) -> str:
    """A model's time unit (kaizen.domain.process_model.TIME_UNITS) in the plural: "minutes"."""
    return {"second": translate("ui.simulation.results_data", "seconds"),
            "minute": translate("ui.simulation.results_data", "minutes"),
            "hour": translate("ui.simulation.results_data", "hours"),
            "day": translate("ui.simulation.results_data", "days")}.get(unit, f"{unit}s")


def per_unit(unit: str) -> str:
    """"per minute"."""
    return {"second": translate("ui.simulation.results_data", "per second"),
            "minute": translate("ui.simulation.results_data", "per minute"),
            "hour": translate("ui.simulation.results_data", "per hour"),
            "day": translate("ui.simulation.results_data", "per day")}.get(unit, f"per {unit}")


def cases_per(unit: str) -> str:
    """"cases/minute"."""
    return {"second": translate("ui.simulation.results_data", "cases/second"),
            "minute": translate("ui.simulation.results_data", "cases/minute"),
            "hour": translate("ui.simulation.results_data", "cases/hour"),
            "day": translate("ui.simulation.results_data", "cases/day")}.get(unit, f"cases/{unit}")


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


def _fixed(value: float, digits: int, *, signed: bool = False) -> str:
    """``value`` with ``digits`` decimals (and its sign when ``signed``). English keeps the
    figures as they always read ("-8.59"); another language writes them the locale's way."""
    if current_language() == SOURCE_LANGUAGE:
        return f"{value:+,.{digits}f}" if signed else f"{value:,.{digits}f}"
    text = format_number(value, digits)
    return "+" + text if signed and not text.startswith("\u2212") else text


def _number(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "-"
    return _fixed(_clean(value, digits), digits)


def _estimate(item: dict[str, Any] | None, percent: bool = False) -> str:
    if not item or item.get("mean") is None:
        return "-"
    scale = 100.0 if percent else 1.0
    text = _number(item["mean"] * scale, 1 if percent else 2)
    ci = item.get("ci95")
    if ci and ci[0] is not None:
        text += f" [{_number(ci[0] * scale, 1 if percent else 2)}, " \
                f"{_number(ci[1] * scale, 1 if percent else 2)}]"
    return _percent(text) if percent else text


def _percent(text: str) -> str:
    """A figure as a percentage: "99.5%" (German and Spanish put a space before the sign)."""
    return translate("ui.simulation.results_data", "{value}%").format(value=text)


def _mean(item: dict[str, Any] | None, percent: bool = False) -> str:
    if not item or item.get("mean") is None:
        return "-"
    if percent:
        return _percent(_number(item['mean'] * 100.0, 1))
    return _number(item["mean"])


def _difference(item: dict[str, Any], percent: bool = False) -> str:
    if item.get("mean") is None:
        return "-"
    scale = 100.0 if percent else 1.0
    digits = 1 if percent else 2
    text = _fixed(_clean(item['mean'] * scale, digits), digits, signed=True)
    ci = item.get("ci95")
    if ci and ci[0] is not None:
        low, high = _clean(ci[0] * scale, digits), _clean(ci[1] * scale, digits)
        text += f" [{_fixed(low, digits, signed=True)}, {_fixed(high, digits, signed=True)}]"
    return translate(
        "ui.simulation.results_data",
        "{difference} pts").format(difference=text) if percent else text


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
               _verdict(real), good)


def _verdict(real: bool | None) -> str:
    if real is None:
        return "-"
    return (translate("ui.simulation.results_data", "real") if real
            else translate("ui.simulation.results_data", "not shown"))


def table_rows(results: dict[str, Any]) -> list[Row]:
    """Overall figures first, then each step's wait and utilisation."""
    unit = results["time_unit"]
    figures = results["comparison"]
    rows = []
    for key, label, better in _main():
        cases = translate("ui.simulation.results_data", "cases")
        shown = {"throughput": per_unit(unit), "wip": cases}.get(key, unit_plural(unit))
        rows.append(_row(label, shown, figures[key], better))
    for key, figure in figures.items():
        name, sep, kind = key.rpartition(": ")
        if not sep:
            continue
        if kind == "wait":
            label = translate("ui.simulation.results_data", "{step}: queue wait")
            rows.append(_row(label.format(step=name), unit_plural(unit), figure, "lower"))
        elif kind == "utilisation":
            # Busier is neither better nor worse by itself: no colour for utilisation.
            label = translate("ui.simulation.results_data", "{step}: utilisation")
            rows.append(_row(label.format(step=name), "%", figure, "", percent=True))
    return rows


def _bar(option: str, item: dict[str, Any], real: bool | None = None) -> Bar:
    from kaizen.charts.scenario import Bar

    ci = item.get("ci95") or [None, None]
    return Bar(option, item.get("mean"), ci[0], ci[1], real)


def chart_panels(results: dict[str, Any], scenario_name: str,
                 base_name: str | None = None) -> list[Panel]:
    """Throughput, lead time, WIP and the wait of the step that waits longest today."""
    from kaizen.charts.scenario import Panel

    base_name = translate(
        "ui.simulation.results_data", "Current state") if base_name is None else base_name
    unit = results["time_unit"]
    figures = results["comparison"]
    chosen = [("throughput", translate(
        "ui.simulation.results_data", "Throughput"), cases_per(unit), "higher"),
              ("lead_time", translate(
                  "ui.simulation.results_data", "Lead time"), unit_plural(unit), "lower"),
              ("wip", translate("ui.simulation.results_data", "Work in progress"), translate(
                  "ui.simulation.results_data", "cases"), "lower")]
    waits = [(k, f) for k, f in figures.items() if k.endswith(": wait")
             and f["current"].get("mean") is not None]
    if waits:
        key, _ = max(waits, key=lambda kv: kv[1]["current"]["mean"])
        chosen.append((key, translate(
            "ui.simulation.results_data", "Wait at {step}").format(step=key.removesuffix(': wait')),
                       unit_plural(unit), "lower"))
    panels = []
    for key, label, shown, better in chosen:
        figure = figures[key]
        panels.append(Panel(label, shown, (
            _bar(base_name, figure["current"]),
            _bar(scenario_name, figure["scenario"], figure.get("real"))), better))
    return panels
