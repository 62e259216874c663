"""Filters (Disco's sliders, time window, variant, attribute), bottlenecks, rework and the
processing/waiting split, on small logs worked out by hand and on the public running example
(van der Aalst, *Process Mining*, ch. 1: its six cases are listed in the book)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaizen.domain.errors import ValidationError
from kaizen.mining.csv_reader import read_csv
from kaizen.mining.discovery import directly_follows, summary, variants
from kaizen.mining.filters import (
    keep_attribute,
    keep_top_activities,
    keep_top_paths,
    keep_variant,
    time_window,
)
from kaizen.mining.findings import bottlenecks, rework
from kaizen.mining.lifecycle import activity_times
from kaizen.mining.timestamps import parse_ns
from kaizen.mining.xes_reader import read_xes
from tests.mining.reference import LOGS

RUNNING = LOGS / "running-example.xes"


def small(tmp_path: Path, rows: str, header: str = "case,activity,timestamp,resource") -> Path:
    path = tmp_path / "small.csv"
    path.write_text(header + "\n" + rows)
    return path


@pytest.fixture
def three_cases(tmp_path: Path):
    # c1: A B C (B repeats? no); c2: A B B C (rework of B); c3: A C. Gaps in hours.
    return read_csv(small(tmp_path, "\n".join([
        "c1,A,2020-01-01 00:00,ann", "c1,B,2020-01-01 01:00,bob", "c1,C,2020-01-01 03:00,ann",
        "c2,A,2020-01-02 00:00,ann", "c2,B,2020-01-02 02:00,bob", "c2,B,2020-01-02 06:00,cy",
        "c2,C,2020-01-02 07:00,ann", "c3,A,2020-01-03 00:00,cy", "c3,C,2020-01-03 10:00,cy",
    ])))


def test_running_example_variants_and_shares() -> None:
    found = variants(read_xes(RUNNING))
    assert len(found) == 6 and all(v.cases == 1 for v in found)
    assert sum(v.share for v in found) == pytest.approx(1.0)
    # Case 3 of the book: register, examine casually, check, decide, reinitiate, ... (13 events)
    longest = max(found, key=lambda v: len(v.activities))
    assert len(longest.activities) == 13 and longest.activities.count("decide") == 3


def test_activity_slider(three_cases) -> None:
    # Counts: A 3, B 3, C 3 ... all tied, so names break ties: 34% keeps ceil(1.02) = 2 (A, B).
    kept = keep_top_activities(three_cases, 34)
    assert set(summary(kept)["start_activities"]) == {"A"}
    assert {row[0] for row in summary(kept)["dfg"]} | {row[1] for row in summary(kept)["dfg"]} \
        == {"A", "B"}
    assert kept.cases == 3  # c3 keeps its A
    assert keep_top_activities(three_cases, 100) is three_cases
    with pytest.raises(ValidationError) as error:
        keep_top_activities(three_cases, 120)
    assert error.value.field == "activities"


def test_path_slider(three_cases) -> None:
    edges = directly_follows(three_cases)
    # Edges: A->B 2, B->C 2, B->B 1, A->C 1: half of them are the two most frequent.
    assert [(e.source_name, e.target_name) for e in keep_top_paths(edges, 50)] == [
        ("A", "B"), ("B", "C")]


def test_time_window_modes(three_cases) -> None:
    start, end = parse_ns("2020-01-02 00:00"), parse_ns("2020-01-03 05:00")
    assert time_window(three_cases, start, end, "contained").cases == 1        # c2
    assert time_window(three_cases, start, end, "intersecting").cases == 2     # c2, c3
    trimmed = time_window(three_cases, start, end, "trim")
    assert trimmed.events == 5 and trimmed.cases == 2                           # c3 keeps A
    with pytest.raises(ValidationError):
        time_window(three_cases, end, start)


def test_variant_filter(three_cases) -> None:
    assert keep_variant(three_cases, ["A", "C"]).case_codes().tolist() == [2]
    assert keep_variant(three_cases, ["A", "Z"]).events == 0


def test_attribute_filter(three_cases) -> None:
    assert keep_attribute(three_cases, "resource", ["cy"]).events == 3
    assert keep_attribute(three_cases, "resource", ["cy"], "cases").cases == 2
    with pytest.raises(ValidationError) as error:
        keep_attribute(three_cases, "colour", ["red"])  # type: ignore[arg-type]
    assert error.value.field == "attribute"


def test_bottlenecks_rank_by_hours_per_year(three_cases) -> None:
    found = bottlenecks(three_cases)
    # A->C: 10 h once; B->C: 2 h + 1 h; A->B: 1 h + 2 h; B->B 4 h. The log spans 2 days 10 h.
    assert (found[0].source, found[0].target) == ("A", "C")
    span_days = 2 + 10 / 24
    assert found[0].hours_per_year == pytest.approx(10 * 365.25 / span_days)
    assert [b.hours_per_year for b in found] == sorted((b.hours_per_year for b in found),
                                                       reverse=True)


def test_rework(three_cases) -> None:
    found = rework(three_cases)
    assert [(r.activity, r.cases, r.repeats) for r in found] == [("B", 1, 1)]
    assert found[0].share == pytest.approx(0.5)  # B occurs in c1 and c2
    # The running example: two of its six cases go round the reinitiate loop and decide again.
    assert {r.activity: r.cases for r in rework(read_xes(RUNNING))}["decide"] == 2


def test_processing_and_waiting(tmp_path: Path) -> None:
    log = read_csv(small(tmp_path, "\n".join([
        "c1,A,2020-01-01 00:00,start", "c1,A,2020-01-01 02:00,complete",
        "c1,B,2020-01-01 05:00,start", "c1,B,2020-01-01 06:00,complete",
        "c2,A,2020-01-02 00:00,start", "c2,A,2020-01-02 04:00,complete",
    ]), "case,activity,timestamp,lifecycle"))
    times = {t.activity: t for t in activity_times(log)}
    assert times["A"].instances == 2 and times["A"].processing_mean_s == 3 * 3600
    assert times["A"].waiting_mean_s == 0
    assert times["B"].processing_median_s == 3600 and times["B"].waiting_median_s == 3 * 3600


def test_reviewing_first_case_invite_takes_five_days() -> None:
    """reviewing.xes, case 1: 'invite reviewers' starts 2006-01-01 and completes 2006-01-06."""
    log = read_xes(LOGS / "reviewing.xes")
    times = {t.activity: t for t in activity_times(log)}
    assert times["invite reviewers"].instances == 100
    first = log.take(log.case == log.case_names.index("1"))
    invite = {t.activity: t for t in activity_times(first)}["invite reviewers"]
    assert invite.processing_mean_s == 5 * 86400 and invite.waiting_mean_s == 0
    assert activity_times(read_xes(RUNNING)) == []


def test_complete_filter_without_complete_events(tmp_path: Path) -> None:
    from kaizen.mining.lifecycle import only_complete

    log = read_csv(small(tmp_path, "c1,A,2020-01-01 00:00,start\nc1,B,2020-01-01 01:00,\n",
                         "case,activity,timestamp,lifecycle"))
    assert only_complete(log).events == 0
    assert summary(only_complete(log))["cases"] == 0
