"""Process map templates: every file in kaizen/templates/processes is listed, parses as a process
model (docs/process-model.md), and is packaged with the app."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import pytest

import kaizen.templates as templates_package
from kaizen.domain.value_stream import value_stream
from kaizen.templates import process_template, process_templates

FOLDER = Path(templates_package.__file__).parent / "processes"
ROOT = Path(templates_package.__file__).parents[2]


def test_every_json_file_is_a_listed_template_and_blank_comes_first() -> None:
    listed = process_templates()
    assert {t.key for t in listed} == {p.stem for p in FOLDER.glob("*.json")}
    assert listed[0].key == "blank"
    assert {"blank", "manufacturing_line"} <= {t.key for t in listed}


def test_manufacturing_line_has_figures_a_map_needs() -> None:
    model = process_template("manufacturing_line").model
    vs = value_stream(model)
    # Weld: lognormal mean 4 on 2 welders = 2 per unit, the largest load; takt 900 / 400.
    assert vs.bottleneck == "Weld"
    assert vs.takt == pytest.approx(2.25)
    assert vs.meets_demand is True
    assert {s.value for s in model.steps} == {"value-adding", "necessary", "waste"}
    assert "Rework weld" in {f.name for f in vs.steps if f.counted and not f.on_main_path}


def test_unknown_template_names_the_ones_there_are() -> None:
    with pytest.raises(KeyError, match="blank"):
        process_template("no such")


def test_pyproject_packages_the_template_files() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["kaizen"]
    for path in FOLDER.glob("*.json"):
        relative = path.relative_to(FOLDER.parent.parent).as_posix()
        assert any(fnmatch.fnmatch(relative, g) for g in globs), relative
