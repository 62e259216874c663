"""`kaizen process show|import|export` (kaizen/cli_process.py), the contract of issue 18: show
--json prints exactly the seven figures; bad maps print the parser's words and exit with 2
without a traceback; import and export move maps in and out of the database.

The published figures: process times 10, 20, 30 with waits 5 and 10 give a lead time of 75 and a
value-added ratio of 0.8 (an MIT-licensed value-stream tool's "basic value stream with no rework"
scenario; see tests/domain/test_value_stream.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from services.factories import make_site

from kaizen.cli import main
from kaizen.domain.process_model import loads, parse_model

PUBLISHED: dict[str, Any] = {
    "name": "Published", "time_unit": "minute",
    "steps": [
        {"name": "Step 1", "value": "value-adding",
         "duration": {"distribution": "fixed", "mean": 10}},
        {"name": "Step 2", "value": "value-adding", "wait_before": 5,
         "duration": {"distribution": "fixed", "mean": 20}},
        {"name": "Step 3", "value": "value-adding", "wait_before": 10,
         "duration": {"distribution": "fixed", "mean": 30}},
    ],
    "flows": [{"from": "start", "to": "Step 1"}, {"from": "Step 1", "to": "Step 2"},
              {"from": "Step 2", "to": "Step 3"}, {"from": "Step 3", "to": "end"}],
}


def write(tmp_path: Path, doc: Any, name: str = "map.json") -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def test_show_json_prints_exactly_the_seven_figures(tmp_path, capsys) -> None:
    assert main(["process", "show", str(write(tmp_path, PUBLISHED)), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"lead_time": 75.0, "process_time": 60.0, "value_added_time": 60.0,
                   "va_ratio": pytest.approx(0.8), "rolled_complete_accurate": 1.0,
                   "takt": None, "bottleneck": "Step 3"}


def test_show_without_json_is_a_readable_table(tmp_path, capsys) -> None:
    doc = {**PUBLISHED, "demand": {"units": 40, "available_time": 960}}
    assert main(["process", "show", str(write(tmp_path, doc))]) == 0
    out = capsys.readouterr().out
    assert "times in minutes" in out
    assert "Lead time" in out and "75.00" in out and "80.0%" in out
    assert "Takt" in out and "24.00" in out
    # Step 3 takes 30 per unit: 960 / 30 = 32 units against 40.
    assert "32.0 units against a demand of 40 (80%; does NOT meet demand)" in out
    assert "Step 3 *" in out


@pytest.mark.parametrize(("text", "words"), [
    ("{not json", "This is not valid JSON"),
    (json.dumps({**PUBLISHED, "flows": PUBLISHED["flows"][:-1]}),
     'Step "Step 3" has no flow out of it'),
    (json.dumps({**PUBLISHED, "time_unit": "fortnight"}), "time_unit must be one of"),
])
def test_bad_maps_exit_2_with_the_parser_words_and_no_traceback(tmp_path, capsys, text,
                                                                words) -> None:
    assert main(["process", "show", str(write(tmp_path, text)), "--json"]) == 2
    captured = capsys.readouterr()
    assert words in captured.err and "Traceback" not in captured.err
    assert captured.out == ""


def test_a_missing_file_is_said_in_words(tmp_path, capsys) -> None:
    assert main(["process", "show", str(tmp_path / "nope.json")]) == 2
    assert "could not be read" in capsys.readouterr().err


def test_import_then_export(db, db_url, clock, tmp_path, capsys, monkeypatch, sql) -> None:
    make_site(db, clock)
    monkeypatch.setenv("KAIZEN_DB_URL", db_url)
    path = write(tmp_path, PUBLISHED)
    assert main(["process", "import", str(path)]) == 0
    assert "Imported 'Published' as a new process in Plant 1" in capsys.readouterr().out
    changed = {**PUBLISHED, "steps": [{**PUBLISHED["steps"][0], "wait_before": 3},
                                      *PUBLISHED["steps"][1:]]}
    assert main(["process", "import", str(write(tmp_path, changed)), "--as",
                 "sam supervisor"]) == 0
    assert "now version 2" in capsys.readouterr().out
    target = tmp_path / "out.json"
    assert main(["process", "export", "Published", "-o", str(target)]) == 0
    assert loads(target.read_text(encoding="utf-8")) == parse_model(changed)
    assert sql("SELECT p.name FROM audit_events a JOIN people p ON p.id = a.person_id "
               "WHERE a.entity = 'process_map' ORDER BY a.id") == [
        ("Ada Admin",), ("Sam Supervisor",)]

    capsys.readouterr()
    assert main(["process", "export", "Nothing", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "No process is called 'Nothing'. Processes: Published." in err
    assert "Traceback" not in err


def test_import_of_a_bad_map_writes_nothing(db, db_url, clock, tmp_path, capsys, monkeypatch,
                                            sql) -> None:
    make_site(db, clock)
    monkeypatch.setenv("KAIZEN_DB_URL", db_url)
    bad = {**PUBLISHED, "steps": [{**PUBLISHED["steps"][0], "value": "useful"},
                                  *PUBLISHED["steps"][1:]]}
    assert main(["process", "import", str(write(tmp_path, bad))]) == 2
    assert 'Step "Step 1": value must be one of' in capsys.readouterr().err
    assert sql("SELECT count(*) FROM processes") == [(0,)]
    assert main(["process", "import", str(write(tmp_path, PUBLISHED)), "--as", "Nobody"]) == 1
    assert "No active person is called 'Nobody'" in capsys.readouterr().err
