"""The command line speaks the site's language (issue 22): once a command has opened a database
at this version's schema it reads the Site settings' language; ``KAIZEN_LANG`` wins over it and
holds from the start (``--help`` too). Option names and machine output never change.

The pseudo-language (kaizen.i18n.PSEUDO) wraps every marked text in brackets, so a text that
comes out unwrapped was not marked.
"""

from __future__ import annotations

import json

import pytest
from services.factories import make_site

from kaizen import i18n
from kaizen.cli import main
from kaizen.services.people import PeopleService


@pytest.fixture(autouse=True)
def english_again():
    yield
    i18n.set_language(i18n.SOURCE_LANGUAGE)


@pytest.fixture
def german_site(db, clock, monkeypatch):
    site = make_site(db, clock)
    PeopleService(db, clock).update_settings(site.admin_id, language="de")
    monkeypatch.delenv("KAIZEN_LANG", raising=False)
    return site


def test_a_command_takes_the_sites_language_once_the_database_is_open(
        german_site, capsys) -> None:
    assert i18n.current_language() == "en"
    assert main(["db", "check"]) == 0
    assert i18n.current_language() == "de"


def test_kaizen_lang_wins_over_the_site(german_site, monkeypatch, capsys) -> None:
    monkeypatch.setenv("KAIZEN_LANG", "en")
    assert main(["db", "check"]) == 0
    assert i18n.current_language() == "en"
    assert "Schema: up to date" in capsys.readouterr().out


def test_every_line_of_db_check_is_marked(german_site, monkeypatch, capsys) -> None:
    monkeypatch.setenv("KAIZEN_LANG", i18n.PSEUDO)
    assert main(["db", "check"]) == 0
    lines = [line.strip() for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert lines
    unmarked = [line for line in lines if not line.startswith(i18n.PSEUDO_OPEN)]
    assert unmarked == []


def test_help_and_refusals_follow_kaizen_lang_but_options_do_not(monkeypatch, capsys) -> None:
    monkeypatch.setenv("KAIZEN_LANG", i18n.PSEUDO)
    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    out = capsys.readouterr().out
    assert "--months" in out and "--seed" in out  # option names stay
    assert f"{i18n.PSEUDO_OPEN}random seed (same seed, same data){i18n.PSEUDO_CLOSE}" in out
    with pytest.raises(SystemExit):
        main(["demo", "--months", "0"])
    err = capsys.readouterr().err
    assert f"{i18n.PSEUDO_OPEN}0 is not between 1 and 120{i18n.PSEUDO_CLOSE}" in err


def test_json_output_is_the_same_in_every_language(german_site, monkeypatch, capsys,
                                                   tmp_path) -> None:
    # The three-step line of tests/test_cli_process.py.
    model = {
        "name": "Line", "time_unit": "minute",
        "steps": [{"name": f"Step {n}", "value": "value-adding", "wait_before": 5 * (n - 1),
                   "duration": {"distribution": "fixed", "mean": 10 * n}} for n in (1, 2, 3)],
        "flows": [{"from": "start", "to": "Step 1"}, {"from": "Step 1", "to": "Step 2"},
                  {"from": "Step 2", "to": "Step 3"}, {"from": "Step 3", "to": "end"}],
    }
    path = tmp_path / "map.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    outputs = []
    for code in ("en", i18n.PSEUDO):
        monkeypatch.setenv("KAIZEN_LANG", code)
        code_out = main(["process", "show", str(path), "--json"])
        outputs.append((code_out, capsys.readouterr().out))
    assert outputs[0][0] == 0 and outputs[0][1].startswith("{")
    assert outputs[0] == outputs[1]
