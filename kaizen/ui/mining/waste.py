"""Findings as waste observations (no Qt): what "Log as waiting waste" and "Log as defects
waste" write through the observation service.

An observation stores minutes lost per occurrence and occurrences per week; its yearly hours are
minutes x occurrences x 52 / 60 (:func:`kaizen.domain.costs.observation_yearly_hours`) and its
yearly cost those hours times the area's hourly rate. A bottleneck's hours a year are therefore
written as its mean wait per passage times its passages a week, so the observation's hours equal
the finding's. A wait longer than the form allows (one week per occurrence) is written as more,
shorter occurrences with the same total.
"""

from __future__ import annotations

from kaizen.domain.costs import WEEKS_PER_YEAR
from kaizen.domain.enums import WasteCategory
from kaizen.domain.numbers import format_number
from kaizen.i18n import translate
from kaizen.mining.findings import Bottleneck, Rework
from kaizen.services.observations import MAX_MINUTES, ObservationInput
from kaizen.ui.mining.text import count, duration


def bottleneck_observation(log_name: str, finding: Bottleneck, area_id: int) -> ObservationInput:
    """A waiting waste whose yearly hours are the bottleneck's."""
    minutes_per_week = finding.hours_per_year * 60 / WEEKS_PER_YEAR
    minutes = min(finding.mean_s / 60, MAX_MINUTES)
    occurrences = minutes_per_week / minutes if minutes > 0 else 0.0
    # Written in the site's language: once stored, the description is the observation's text.
    text = translate(
        "ui.mining.waste",
        "Waiting between '{source}' and '{target}' in event log '{log}' (edge {source} -> "
        "{target}): {count} passages, mean wait {mean}, median {median}, {hours} waiting hours a "
        "year.").format(source=finding.source, target=finding.target, log=log_name,
                          count=count(finding.count), mean=duration(finding.mean_s),
                          median=duration(finding.median_s),
                          hours=format_number(finding.hours_per_year))
    return ObservationInput(category=WasteCategory.WAITING, area_id=area_id, description=text,
                            minutes_per_occurrence=round(minutes, 4),
                            occurrences_per_week=round(occurrences, 4))


def rework_observation(log_name: str, finding: Rework, repeats_per_year: float,
                       minutes_per_repeat: float, area_id: int) -> ObservationInput:
    """A defects waste: each repeat of the activity costs ``minutes_per_repeat``."""
    text = translate(
        "ui.mining.waste",
        "Rework: '{activity}' repeats in {cases} cases of event log '{log}' ({repeats} repeats, "
        "{percent}% of the cases that do it).").format(
            activity=finding.activity, cases=count(finding.cases), log=log_name,
            repeats=count(finding.repeats), percent=format_number(round(finding.share * 100)))
    return ObservationInput(category=WasteCategory.DEFECTS, area_id=area_id, description=text,
                            minutes_per_occurrence=minutes_per_repeat,
                            occurrences_per_week=round(repeats_per_year / WEEKS_PER_YEAR, 4))


def per_year(count: float, span_s: float) -> float:
    """``count`` over the log's span, scaled to a year as the bottlenecks are (a log shorter
    than a day is not scaled: a year of it would be a guess)."""
    from kaizen.mining.findings import YEAR_S

    return count * YEAR_S / span_s if span_s >= 86400 else float(count)
