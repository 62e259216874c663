"""``kaizen simulate MODEL.json [--replications N] [--warmup T] [--horizon T] [--seed S] [--json]``
as issue 20 writes it: the JSON document's keys, the same seed giving the same numbers, the
readable table, warnings on stderr, and a bad model refused in words with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kaizen.cli import main

REPO_ROOT = Path(__file__).resolve().parents[2]
MODEL: dict[str, Any] = {
    "name": "Order handling", "time_unit": "minute",
    "arrivals": {"distribution": "exponential", "mean": 4.0},
    "steps": [
        {"name": "Check credit", "value": "necessary", "resources": 2, "wait_before": 25,
         "duration": {"distribution": "triangular", "min": 2, "mode": 3, "max": 8}},
        {"name": "Ship", "value": "value-adding",
         "duration": {"distribution": "exponential", "mean": 2.0}}],
    "flows": [{"from": "start", "to": "Check credit"}, {"from": "Check credit", "to": "Ship"},
              {"from": "Ship", "to": "end"}],
}
ARGS = ["--replications", "3", "--horizon", "3000", "--warmup", "300", "--seed", "5"]


def _write(tmp_path: Path, doc: Any, name: str = "model.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict[str, Any]:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_json_document_has_the_issue_keys_and_same_seed_same_numbers(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, MODEL)
    doc = _json(capsys, ["simulate", path, *ARGS, "--json"])
    assert doc["replications"] == 3
    for key in ("throughput", "lead_time", "wip"):
        assert set(doc[key]) == {"mean", "ci95"}
        low, high = doc[key]["ci95"]
        assert low <= doc[key]["mean"] <= high
    assert set(doc["steps"]) == {"Check credit", "Ship"}
    for figures in doc["steps"].values():
        assert {"wait", "utilisation"} <= set(figures)
        assert 0 <= figures["utilisation"]["mean"] <= 1
        assert figures["wait"]["mean"] >= 0
    # Times in the model's unit (minutes): one case every 4 minutes -> 0.25 per minute.
    assert doc["throughput"]["mean"] == pytest.approx(0.25, rel=0.1)
    assert doc["steps"]["Check credit"]["observed_wait"] == 25
    again = _json(capsys, ["simulate", path, *ARGS, "--json"])
    assert again == doc
    other = _json(capsys, ["simulate", path, *ARGS[:-1], "6", "--json"])
    assert other["lead_time"] != doc["lead_time"]


def test_table_is_readable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", _write(tmp_path, MODEL), *ARGS]) == 0
    out = capsys.readouterr().out
    assert "Order handling: 3 replications of 3000 minutes" in out
    assert "Lead time (minutes)" in out and "Check credit" in out and "Ship" in out


def test_an_overloaded_step_is_warned_about_on_stderr(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(json.dumps(MODEL))
    doc["steps"][1]["duration"]["mean"] = 5.0  # 0.25 x 5 = 125%
    assert main(["simulate", _write(tmp_path, doc), *ARGS, "--json"]) == 0
    captured = capsys.readouterr()
    assert 'warning: Step "Ship" is loaded at 125%' in captured.err
    assert json.loads(captured.out)["warnings"]


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d["flows"].pop(), 'Step "Ship" has no flow out of it'),
    (lambda d: d["steps"][0]["duration"].update(max=1), 'Step "Check credit": a triangular'),
    (lambda d: d.pop("arrivals"), "no arrivals"),
])
def test_a_bad_model_is_refused_in_words_with_exit_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Any, words: str) -> None:
    doc = json.loads(json.dumps(MODEL))
    change(doc)
    assert main(["simulate", _write(tmp_path, doc), "--json"]) == 2
    captured = capsys.readouterr()
    assert words in captured.err and captured.out == ""
    assert "Traceback" not in captured.err


def test_bad_options_and_files_exit_2_without_a_traceback(tmp_path: Path) -> None:
    path = _write(tmp_path, MODEL)
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    cases = [([path, "--warmup", "500", "--horizon", "400"], "warmup must be"),
             ([path, "--replications", "0"], "replications must be"),
             ([str(tmp_path / "missing.json")], "cannot read"),
             ([str(tmp_path / "broken.json")], "not valid JSON")]
    for argv, words in cases:
        done = subprocess.run([sys.executable, "-m", "kaizen", "simulate", *argv],
                              capture_output=True, text=True, timeout=120, cwd=REPO_ROOT)
        assert done.returncode == 2, (argv, done.stderr)
        assert words in done.stderr and "Traceback" not in done.stderr


def test_the_patient_flow_template_runs_from_the_command_line(
        capsys: pytest.CaptureFixture[str]) -> None:
    # A day-unit model with a day shift: the acute beds are named as overloaded (117%).
    template = REPO_ROOT / "kaizen" / "templates" / "processes" / "patient_flow.json"
    doc = _json(capsys, ["simulate", str(template), "--replications", "2", "--horizon", "60",
                         "--warmup", "10", "--json"])
    assert set(doc["steps"]) == {"GP referral", "Admission", "Acute treatment",
                                 "Intermediate care", "Discharge"}
    assert doc["time_unit"] == "day"
    assert any('"Acute treatment"' in w and "117%" in w for w in doc["warnings"])
