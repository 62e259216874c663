"""The hospital example of issue 20: intermediate care against more acute beds, on the patient
flow template (kaizen/templates/processes/patient_flow.json; its figures are explained in
docs/simulation.md).

The template's current state is overloaded on purpose, as the hospitals in such studies were: 9
referrals a day reach 40 acute beds whose mean stay of 5.2 days includes about 1.2 days of
delayed discharge (a quarter of the patients, medically fit, wait a mean 4.8 days in their acute
bed for care at home), so the beds can serve 40 / 5.2 = 7.7 patients a day. The two options add
the same number of beds, six:

- more acute beds: 46 acute beds (capacity 46 / 5.2 = 8.8 a day, still below demand);
- intermediate care: 6 more intermediate-care beds (12 in all) and a quarter of the patients go
  there when medically fit instead of waiting in an acute bed, whose mean stay falls to 4.0 days
  (capacity 40 / 4.0 = 10 a day); intermediate care holds them a mean 4 days (0.25 x 9 x 4 / 12
  = 75% loaded).

``python -m kaizen.simulation.patient_flow`` prints the comparison (run on every core).
Pure: no Qt, no database.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kaizen.domain.process_model import ProcessModel, parse_model
from kaizen.simulation.runner import RunOptions
from kaizen.simulation.scenario import (
    AddResources,
    Comparison,
    Reroute,
    ScaleDuration,
    Scenario,
    compare,
)

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "processes" / "patient_flow.json"
ACUTE = "Acute treatment"
INTERMEDIATE = "Intermediate care"
EXTRA_BEDS = 6

MORE_BEDS = Scenario("More acute beds", (AddResources(ACUTE, EXTRA_BEDS),))
INTERMEDIATE_CARE = Scenario("Intermediate care", (
    AddResources(INTERMEDIATE, EXTRA_BEDS),
    Reroute(ACUTE, {"Discharge": 0.75, INTERMEDIATE: 0.25}),
    # The patients moved on no longer wait in an acute bed: 5.2 days becomes 4.0 on average.
    ScaleDuration(ACUTE, 4.0 / 5.2),
))
OPTIONS = RunOptions(replications=10, horizon=730, warmup=90, seed=20)


def load_template() -> ProcessModel:
    return parse_model(json.loads(TEMPLATE.read_text(encoding="utf-8")))


def compare_options(options: RunOptions = OPTIONS, *,
                    workers: int | None = None) -> tuple[Comparison, Comparison, Comparison]:
    """(current vs more beds, current vs intermediate care, more beds vs intermediate care)."""
    current = load_template()
    beds, care = MORE_BEDS.apply(current), INTERMEDIATE_CARE.apply(current)
    return (compare(current, beds, options, workers=workers),
            compare(current, care, options, workers=workers),
            compare(beds, care, options, workers=workers))


def _row(label: str, comparison: Comparison, figure: str) -> str:
    d = comparison.figure(figure)
    cur, scn, diff = d.current, d.scenario, d.difference
    ci = ("" if diff.low is None else f"[{diff.low:+.2f}, {diff.high:+.2f}]")
    verdict = {True: "real", False: "not shown", None: "-"}[d.real]
    return (f"{label:<34}{cur.mean or 0:>9.2f}{scn.mean or 0:>10.2f}{diff.mean or 0:>+9.2f}  "
            f"{ci:<22}{verdict}")


def chart_panels(beds: Comparison, care: Comparison) -> list[Any]:
    """The comparison chart's panels (kaizen/charts/scenario.py): current state, more beds and
    intermediate care, each scenario marked real or not against the current state."""
    from kaizen.charts.scenario import Bar, Panel

    panels = []
    for figure, label, unit, better in (
            ("throughput", "Throughput", "patients/day", "higher"),
            ("lead_time", "Lead time", "days", "lower"),
            (f"{ACUTE}: wait", "Wait for an acute bed", "days", "lower"),
            ("wip", "Patients in the flow", "patients", "lower")):
        first, second = beds.figure(figure), care.figure(figure)
        bars = [("Current state", first.current, None), (MORE_BEDS.name, first.scenario,
                                                        first.real),
                (INTERMEDIATE_CARE.name, second.scenario, second.real)]
        panels.append(Panel(label, unit, tuple(
            Bar(name, e.mean, e.low, e.high, real) for name, e, real in bars), better))
    return panels


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m kaizen.simulation.patient_flow")
    parser.add_argument("--png", metavar="FILE", help="also draw the comparison chart here")
    parser.add_argument("--size", default="1280x720", help="the chart's pixels (WxH)")
    args = parser.parse_args(argv)
    beds, care, head_to_head = compare_options()
    if args.png:
        from kaizen.charts.scenario import comparison_figure

        width, height = (int(v) for v in args.size.split("x"))
        fig = comparison_figure(
            "Patient flow: intermediate care against six more acute beds",
            chart_panels(beds, care),
            subtitle=f"{OPTIONS.replications} replications of {OPTIONS.horizon:g} days "
                     f"(first {OPTIONS.warmup:g} discarded); bars: 95% intervals; "
                     "real: the paired difference from the current state excludes 0")
        fig.set_size_inches(width / 100, height / 100)
        fig.savefig(args.png, dpi=100)
    print(f"{'':<34}{'first':>9}{'second':>10}{'diff':>9}  95% CI")
    for title, comparison in (("Current -> more acute beds", beds),
                              ("Current -> intermediate care", care),
                              ("More beds -> intermediate care", head_to_head)):
        print(title)
        print(_row("  throughput (patients/day)", comparison, "throughput"))
        print(_row("  lead time (days)", comparison, "lead_time"))
        print(_row("  wait for an acute bed (days)", comparison, f"{ACUTE}: wait"))
        print(_row("  patients in the system", comparison, "wip"))


if __name__ == "__main__":
    main()
