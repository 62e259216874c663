"""Current against future state (kaizen/domain/map_compare.py): lead time and value-added ratio
deltas and the steps removed, added and changed, worked by hand on the published three-step
example (process times 10, 20, 30, waits 5 and 10: lead time 75, VA ratio 0.8)."""

from __future__ import annotations

import copy

import pytest

from kaizen.domain.map_compare import compare_maps
from kaizen.domain.process_model import parse_model

CURRENT = {
    "name": "Current", "steps": [
        {"name": "A", "value": "value-adding", "duration": {"distribution": "fixed", "mean": 10}},
        {"name": "B", "value": "value-adding", "wait_before": 5,
         "duration": {"distribution": "fixed", "mean": 20}},
        {"name": "C", "value": "value-adding", "wait_before": 10,
         "duration": {"distribution": "fixed", "mean": 30}}],
    "flows": [{"from": "start", "to": "A"}, {"from": "A", "to": "B"}, {"from": "B", "to": "C"},
              {"from": "C", "to": "end"}],
}


def test_removed_added_changed_and_the_deltas() -> None:
    future = copy.deepcopy(CURRENT)
    # B goes; C waits 2 instead of 10; a 4-minute necessary check D is added after C.
    future["steps"] = [future["steps"][0], {**future["steps"][2], "wait_before": 2},
                       {"name": "D", "value": "necessary",
                        "duration": {"distribution": "fixed", "mean": 4}}]
    future["flows"] = [{"from": "start", "to": "A"}, {"from": "A", "to": "C"},
                       {"from": "C", "to": "D"}, {"from": "D", "to": "end"}]
    delta = compare_maps(parse_model(CURRENT), parse_model(future))
    assert delta.removed == ("B",) and delta.added == ("D",)
    # A's flow now goes to C; C's wait and its flow changed.
    assert delta.changed == ("A", "C")
    # Lead: 75 -> 10 + 2 + 30 + 4 = 46; VA ratio 0.8 -> 40 / 46.
    assert delta.before.lead_time == pytest.approx(75)
    assert delta.lead_time == pytest.approx(46 - 75)
    assert delta.va_ratio == pytest.approx(40 / 46 - 0.8)
    assert not delta.bottleneck_moved  # C (30) both times


def test_a_copy_has_no_deltas() -> None:
    delta = compare_maps(parse_model(CURRENT), parse_model({**CURRENT, "name": "Future"}))
    assert (delta.removed, delta.added, delta.changed) == ((), (), ())
    assert delta.lead_time == 0 and delta.va_ratio == 0
