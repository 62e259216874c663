"""Every figure of reference.json (pm4py 2.7.23.11) on every public log equals the engine's.

Source: ../shared/data/eventlogs/reference.json, computed with pm4py 2.7.23.11; counts must be
equal, times equal to 1e-6 relative.
"""

from __future__ import annotations

import pytest

from kaizen.mining.csv_reader import read_csv
from kaizen.mining.discovery import summary
from kaizen.mining.lifecycle import only_complete
from kaizen.mining.xes_reader import read_xes
from tests.mining.reference import CASES, LOGS, REFERENCE, SOURCE, mismatches


def read(name: str):
    path = LOGS / name
    return read_xes(path) if name.endswith(".xes") else read_csv(path)


def test_reference_is_pm4py() -> None:
    assert SOURCE == "pm4py 2.7.23.11"


@pytest.mark.parametrize(("file", "key", "selection"), CASES,
                         ids=[f"{f}-{s}" for f, _, s in CASES])
def test_figures_equal_pm4py(file: str, key: str, selection: str) -> None:
    log = read(file)
    if selection == "complete":
        log = only_complete(log)
    ref = REFERENCE["logs"][key][selection]
    assert mismatches(summary(log), ref) == []


def test_the_comparison_can_fail() -> None:
    """A figure one second off, or one count off, is caught."""
    ref = REFERENCE["logs"]["running-example.xes"]["all"]
    mine = summary(read("running-example.xes"))
    mine["dfg"][0][3] += 1.0
    mine["end_activities"]["reject request"] += 1
    assert len(mismatches(mine, ref)) == 2


@pytest.mark.parametrize("name", [n for n in REFERENCE["logs"] if n.endswith(".xes")])
def test_lifecycle_counts(name: str) -> None:
    """The lifecycle transitions the README lists per log (pm4py 2.7.23.11's counts)."""
    log = read(name)
    counts = {life: int((log.lifecycle == code).sum())
              for code, life in enumerate(log.lifecycle_names)}
    assert counts == REFERENCE["logs"][name]["lifecycles"]


def test_many_activities_take_the_general_path() -> None:
    """Over 256 activity names the edges are sorted as (edge, gap) pairs, not by a 16-bit
    radix sort: both paths give the same graph (pm4py 2.7.23.11's, for the running example)."""
    from kaizen.mining.discovery import directly_follows
    from kaizen.mining.log import EventLog

    log = read("running-example.xes")
    padded = EventLog.from_columns(
        log.case, log.activity, log.timestamp, log.resource, log.lifecycle, log.case_names,
        log.activity_names + tuple(f"unused {i}" for i in range(300)), presorted=True)
    assert directly_follows(padded) == directly_follows(log)
    ref = REFERENCE["logs"]["running-example.xes"]["all"]
    assert mismatches(summary(padded), ref) == []
