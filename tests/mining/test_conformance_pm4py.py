"""Token-based replay fitness equals pm4py 2.7.23.11's on the public logs.

Source: conformance_reference.json beside this file, written by make_conformance_reference.py
with pm4py 2.7.23.11 (``pm4py.fitness_token_based_replay`` on the Petri net pm4py's
``objects.conversion.dfg`` makes of a directly-follows map); the maps are the directly-follows
graphs of each log's k most frequent variants. The method: A. Rozinat and W. van der Aalst,
"Conformance checking of processes based on monitoring real behavior", Information Systems
33(1), 2008.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from kaizen.mining.conformance import END, START, MapStructure, check
from kaizen.mining.csv_reader import read_csv
from kaizen.mining.xes_reader import read_xes
from tests.mining.reference import LOGS

REF = json.loads(Path(__file__).with_name("conformance_reference.json").read_text())
# pm4py fires, among several enabled transitions of one label, the first of a set ordered by
# the objects' memory addresses (``semantics.enabled_transitions``): where a deviating case
# leaves two tokens that both enable the next event, its choice is arbitrary. Kaizen takes the
# token of the step just done. In receipt.csv's top-10 map one variant (1 case: ... T04, T10,
# T05 ...) meets this: pm4py consumed T04's stray token, Kaizen T10's, one missing and one
# remaining token apart of 17,148 consumed; within 3e-4 of pm4py there, exact everywhere else.
AMBIGUOUS = {("receipt.csv", 2): 3e-4}
CASES = [(name, i) for name, entries in REF["logs"].items() for i in range(len(entries))]


def structure(entry: dict) -> MapStructure:
    edges = {tuple(e) for e in entry["map"]["edges"]}
    steps = tuple(sorted({a for e in edges for a in e}))
    flows = edges | {(START, a) for a in entry["map"]["starts"]} | {
        (a, END) for a in entry["map"]["ends"]}
    return MapStructure(steps, frozenset(flows))


def read(name: str):
    path = LOGS / name
    return read_xes(path) if name.endswith(".xes") else read_csv(path)


def test_reference_is_pm4py() -> None:
    assert REF["computed_with"] == "pm4py 2.7.23.11"


@pytest.mark.parametrize(("name", "index"), CASES, ids=[f"{n}-{i}" for n, i in CASES])
def test_fitness_equals_pm4py(name: str, index: int) -> None:
    entry = REF["logs"][name][index]
    log = read(name)
    found = check(log, structure(entry))
    tolerance = AMBIGUOUS.get((name, index), 1e-12)
    assert math.isclose(found.log_fitness, entry["log_fitness"], abs_tol=tolerance)
    assert math.isclose(found.average_fitness, entry["average_trace_fitness"], abs_tol=tolerance)
    assert math.isclose(100 * found.replay_fitting_cases / found.cases,
                        entry["perc_fit_traces"], rel_tol=1e-9)
