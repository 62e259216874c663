"""`kaizen log import|list|delete|show`: the issue 19 contract, checked against pm4py.

Source of the figures: ../shared/data/eventlogs/reference.json, computed with pm4py 2.7.23.11;
`kaizen log show NAME --json` must print every one of them (counts exactly, times to 1e-6).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kaizen.cli import main
from tests.mining.reference import CASES, LOGS, REFERENCE, mismatches

KEYS = ["cases", "events", "activities", "variants", "start_activities", "end_activities",
        "dfg", "top_variants", "case_duration_s"]


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(["log", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize(("file", "key", "selection"), CASES,
                         ids=[f"{f}-{s}" for f, _, s in CASES])
def test_show_json_equals_pm4py(db_url, capsys, file: str, key: str, selection: str) -> None:
    code, out, _ = run(capsys, "import", str(LOGS / file), "--name", file)
    assert code == 0 and f"Imported '{file}'" in out
    args = ["show", file, "--json"] + ([] if selection == "all" else ["--lifecycle", "complete"])
    code, out, _ = run(capsys, *args)
    assert code == 0
    shown = json.loads(out)
    assert list(shown) == KEYS
    assert list(shown["case_duration_s"]) == ["median", "mean"]
    assert mismatches(shown, REFERENCE["logs"][key][selection]) == []


def test_default_is_all_events(db_url, capsys) -> None:
    run(capsys, "import", str(LOGS / "reviewing.xes"))
    _, out, _ = run(capsys, "show", "reviewing", "--json")
    assert json.loads(out)["events"] == 3730
    _, out, _ = run(capsys, "show", "reviewing", "--json", "--lifecycle", "complete")
    assert json.loads(out)["events"] == 2278


def test_list_and_delete(db_url, capsys) -> None:
    assert run(capsys, "list")[1].startswith("No event logs yet")
    run(capsys, "import", str(LOGS / "running-example.xes"))
    run(capsys, "import", str(LOGS / "running-example.csv"), "--name", "from csv")
    code, out, _ = run(capsys, "list")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith("from csv") and "6 cases" in lines[0] and "42 events" in lines[0]
    assert "by the command line" in lines[1]
    code, out, _ = run(capsys, "delete", "from csv")
    assert code == 0 and "Deleted" in out
    assert len(run(capsys, "list")[1].splitlines()) == 1


def test_explicit_columns(db_url, capsys, tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text("ticket;step;when;agent\nT1;open;2020-01-01 10:00:00+01:00;ann\n"
                    "T1;close;2020-01-01 12:00:00+01:00;bob\n")
    code, out, err = run(capsys, "import", str(path), "--case", "ticket", "--activity", "step",
                         "--timestamp", "when", "--resource", "agent")
    assert code == 0, err
    _, out, _ = run(capsys, "show", "tickets", "--json")
    assert json.loads(out)["dfg"] == [["open", "close", 1, 7200.0, 7200.0]]


@pytest.mark.parametrize(("content", "args", "words"), [
    ("case,activity\nc1,A\n", [], "Missing column: no column for the timestamp"),
    ("case,activity,timestamp\nc1,A,2020-01-01\nc1,B,31/02/2020\n", [],
     "Line 3: the timestamp '31/02/2020'"),
    ("case,activity,timestamp\n,A,2020-01-01\n", [], "Line 2: the case (case) is empty"),
    ("case,activity,timestamp\nc1,A,2020-01-01\nc1,A,2020-01-01\n", [],
     "line 3 repeats line 2"),
    ("case,activity,timestamp\nc1,A,2020-01-01\n", ["--case", "Ticket"],
     "The file has no column 'Ticket'"),
])
def test_bad_input_gets_words(db_url, capsys, tmp_path: Path, content: str, args: list[str],
                              words: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content)
    code, out, err = run(capsys, "import", str(path), *args)
    assert code == 1 and err.startswith("error: ") and words in err
    assert run(capsys, "list")[1].startswith("No event logs yet")


def test_other_refusals(db_url, capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "import", str(tmp_path / "absent.csv"))
    assert code == 1 and "No such file" in err
    code, _, err = run(capsys, "show", "nothing", "--json")
    assert code == 1 and "There is no event log named 'nothing'" in err
    code, _, err = run(capsys, "delete", "nothing")
    assert code == 1 and "no event log" in err
    run(capsys, "import", str(LOGS / "running-example.xes"))
    code, _, err = run(capsys, "import", str(LOGS / "running-example.xes"))
    assert code == 1 and "already exists" in err
    code, _, err = run(capsys, "import", str(LOGS / "reviewing.xes"), "--case", "x")
    assert code == 1 and "CSV files only" in err


def test_usage_errors_are_argparse_words(db_url, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["log", "show", "x", "--json", "--lifecycle", "start"])
    assert exit_.value.code == 2
    assert "invalid choice: 'start'" in capsys.readouterr().err
