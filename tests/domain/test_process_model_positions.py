"""Saved step positions in the process model document (docs/process-model.md, "Steps"): an
optional ``position`` per step, old documents without one still load, a bad one is refused
naming its field, and a moved step is not a changed one."""

from __future__ import annotations

import copy

import pytest

from kaizen.domain.map_compare import compare_maps
from kaizen.domain.process_model import ModelError, dumps, loads, model_to_dict, parse_model

DOC = {
    "name": "Line", "time_unit": "minute",
    "steps": [
        {"name": "Cut", "value": "value-adding", "duration": {"distribution": "fixed", "mean": 2},
         "position": {"x": 120, "y": -40.5}},
        {"name": "Pack", "value": "necessary", "duration": {"distribution": "fixed", "mean": 1}},
    ],
    "flows": [{"from": "start", "to": "Cut"}, {"from": "Cut", "to": "Pack"},
              {"from": "Pack", "to": "end"}],
}


def test_a_position_is_read_and_written_back() -> None:
    model = parse_model(DOC)
    assert model.step("Cut").position == (120.0, -40.5)
    assert model.step("Pack").position is None
    doc = model_to_dict(model)
    assert doc["steps"][0]["position"] == {"x": 120.0, "y": -40.5}
    assert "position" not in doc["steps"][1]
    assert loads(dumps(model)).step("Cut").position == (120.0, -40.5)


def test_a_document_without_positions_still_loads() -> None:
    plain = copy.deepcopy(DOC)
    del plain["steps"][0]["position"]
    model = parse_model(plain)
    assert all(s.position is None for s in model.steps)
    assert "position" not in model_to_dict(model)["steps"][0]


@pytest.mark.parametrize(("position", "field", "words"), [
    ("left", "steps[0].position", "must be an object"),
    ({"x": 1}, "steps[0].position.y", "must be a number"),
    ({"x": "1", "y": 2}, "steps[0].position.x", "must be a number"),
    ({"x": 1, "y": 2e9}, "steps[0].position.y", "at most"),
])
def test_a_bad_position_is_refused_naming_its_field(position, field: str, words: str) -> None:
    bad = copy.deepcopy(DOC)
    bad["steps"][0]["position"] = position
    with pytest.raises(ModelError) as refused:
        parse_model(bad)
    assert refused.value.field == field and words in str(refused.value)


def test_a_moved_step_is_not_a_changed_step() -> None:
    moved = copy.deepcopy(DOC)
    moved["steps"][0]["position"] = {"x": 500, "y": 500}
    assert parse_model(moved) == parse_model(DOC)
    assert compare_maps(parse_model(DOC), parse_model(moved)).changed == ()
