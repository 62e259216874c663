"""`kaizen import ideas|observations|measurements FILE.csv` (issue 22): the app's checks, all
or nothing, each refused line named by its number, a non-zero exit on refusal.

Sources for the files: RFC 4180 (CSV, a header line, quoted fields), and the European
spreadsheet's CSV that issue 14 imports for measurements (";" between fields, decimal commas,
day-first dotted dates, Windows-1252 from Excel's plain "CSV": Microsoft's code page table).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from services.factories import Site, idea, make_site
from sqlalchemy import func, select

from kaizen.cli import main
from kaizen.db.models import AuditEvent, Measurement, Suggestion, WasteObservation
from kaizen.domain.enums import MeasurementPhase, MetricDirection, WasteCategory
from kaizen.services.measurements import MeasurementService

IDEAS_HEADER = "title;problem;proposal;area;submitter;wastes;expected_savings;impact;effort\n"


@pytest.fixture
def site(db, clock) -> Site:
    return make_site(db, clock)


def _write(tmp_path: Path, text: str | bytes, name: str = "in.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def _count(db, model) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def _audits(db) -> int:
    return _count(db, AuditEvent)


def test_ideas_import_through_the_services_checks(site, db, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture) -> None:
    path = _write(tmp_path, IDEAS_HEADER
                  + "Tape by the table;Walks 8 m;Mount a dispenser;Line 1;Stan Staff;"
                    "motion;1.200,50;4;2\n"
                  + "Label printer;\"Waits; 5 min\";Second printer;Plant 1 / Assembly;"
                    "sam supervisor;Waiting+Defects;;;\n")
    audits = _audits(db)
    assert main(["import", "ideas", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Imported 2 ideas from" in out
    with db.read() as s:
        rows = s.scalars(select(Suggestion).order_by(Suggestion.id)).all()
        assert [(r.title, r.area_id, r.submitter_id, r.expected_savings, r.impact, r.effort)
                for r in rows] == [
            ("Tape by the table", site.line_id, site.staff_id, 1200.5, 4, 2),
            ("Label printer", site.department_id, site.supervisor_id, 0.0, 3, 3)]
        assert rows[1].problem == "Waits; 5 min"
        assert sorted(w.category for w in rows[1].wastes) == sorted(
            [WasteCategory.WAITING, WasteCategory.DEFECTS])
    assert _audits(db) == audits + 2  # one "create" event per idea, as the form writes


def test_a_refused_line_saves_nothing_and_every_refused_line_is_named(
        site, db, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = _write(tmp_path, IDEAS_HEADER
                  + "Good one;p;q;Line 1;Stan Staff;motion;10;3;3\n"
                  + "Bad area;p;q;Paint shop;Stan Staff;;;;\n"
                  + "\n"
                  + "Bad person;p;q;Line 1;Nobody Here;;;;\n"
                  + "Bad number;p;q;Line 1;Stan Staff;;12,5x;;\n"
                  + "Bad scale;p;q;Line 1;Stan Staff;;;9;\n"
                  + ";p;q;Line 1;Stan Staff;;;;\n"
                  + "Bad waste;p;q;Line 1;Stan Staff;laziness;;;\n")
    audits = _audits(db)
    assert main(["import", "ideas", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Nothing was imported: 6 lines refused." in err
    lines = [line.strip() for line in err.splitlines()[1:]]
    assert lines[0] == "line 3: column area: no area is called 'Paint shop'"
    assert lines[1] == "line 5: column submitter: nobody is called 'Nobody Here'"
    assert lines[2].startswith("line 6: column expected_savings: '12,5x' is not a number")
    assert lines[3].startswith("line 7: column impact:")
    assert lines[4].startswith("line 8: column title:")
    assert lines[5].startswith("line 9: column wastes: 'laziness' is not one of the seven")
    assert "Traceback" not in err
    assert _count(db, Suggestion) == 0  # the good line 2 was not saved either
    assert _audits(db) == audits


def test_observations_from_a_european_cp1252_file(site, db, tmp_path: Path) -> None:
    site.people.update_person(site.admin_id, site.other_staff_id, name="Jürgen Müller",
                              role=site.people.get_person(site.other_staff_id).role,
                              home_area_id=site.line_id)
    text = ("Category;Area;Observer;Description;Minutes per occurrence;Occurrences per week;"
            "Cost per occurrence;Observed at\n"
            "Wartezeit;Line 1;Jürgen Müller;Stapler wartet;1,5;12;;01.10.2026 07:30\n")
    path = _write(tmp_path, text.encode("cp1252"))
    assert main(["import", "observations", str(path)]) == 1  # "Wartezeit" is no waste name
    path = _write(tmp_path, text.replace("Wartezeit", "waiting").encode("cp1252"))
    assert main(["import", "observations", str(path)]) == 0
    with db.read() as s:
        [obs] = s.scalars(select(WasteObservation)).all()
        assert (obs.category, obs.observer_id, obs.minutes_per_occurrence,
                obs.occurrences_per_week, obs.observed_at.isoformat()) == (
            WasteCategory.WAITING, site.other_staff_id, 1.5, 12.0, "2026-10-01T07:30:00")


def test_observation_form_checks_apply(site, db, tmp_path: Path,
                                       capsys: pytest.CaptureFixture) -> None:
    path = _write(tmp_path, "category,area,observer,description,minutes_per_occurrence,"
                            "occurrences_per_week,observed_at\n"
                            "motion,Line 1,Stan Staff,Walks,,3,\n"
                            "motion,Line 1,Stan Staff,,2,3,\n"
                            "motion,Line 1,Stan Staff,Walks,2,3,2099-01-01\n")
    assert main(["import", "observations", str(path)]) == 1
    err = capsys.readouterr().err
    assert "line 2: column minutes_per_occurrence:" in err
    assert "line 3: column description:" in err
    assert "line 4: column observed_at:" in err  # in the future, as the form refuses it
    assert _count(db, WasteObservation) == 0


def test_measurements_need_a_person_who_may_record_them(site, db, clock, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture) -> None:
    idea_id = site.suggestions.create(site.staff_id, idea(site)).id
    metric = MeasurementService(db, clock).add_metric(
        site.supervisor_id, idea_id, name="Walk time", unit="s",
        direction=MetricDirection.LOWER_IS_BETTER)
    header = "idea;metric;phase;value;recorded_by;measured_at\n"
    path = _write(tmp_path, header
                  + f"#{idea_id};walk time;before;12,5;Sam Supervisor;30.09.2026\n"
                  + f"{idea_id};Walk time;after;9,75;Stan Staff;\n"
                  + f"{idea_id};Cycle time;after;9;Sam Supervisor;\n"
                  + "999;Walk time;after;9;Sam Supervisor;\n"
                  + f"{idea_id};Walk time;during;9;Sam Supervisor;\n")
    assert main(["import", "measurements", str(path)]) == 1
    err = capsys.readouterr().err
    assert "line 3: " in err and "record measurements" in err.splitlines()[1]
    assert f"line 4: column metric: idea #{idea_id} has no metric called 'Cycle time'" in err
    assert "line 5: column idea: idea #999 does not exist" in err
    assert "line 6: column phase: 'during' is not before or after" in err
    assert _count(db, Measurement) == 0
    path = _write(tmp_path, header
                  + f"#{idea_id};walk time;before;12,5;Sam Supervisor;30.09.2026\n"
                  + f"{idea_id};Walk time;after;9,75;Sam Supervisor;\n")
    assert main(["import", "measurements", str(path)]) == 0
    assert "Imported 2 measurements" in capsys.readouterr().out
    service = MeasurementService(db, clock)
    assert service.values(metric.id, MeasurementPhase.BEFORE) == [12.5]
    assert service.values(metric.id, MeasurementPhase.AFTER) == [9.75]


@pytest.mark.parametrize(("content", "words"), [
    (b"", "The file is empty."),
    (b"title;problem;proposal;area\nA;b;c;Line 1\n", "the header has no submitter column"),
    (b"title;problem;proposal;area;submitter;colour\n", "unknown column 'colour'"),
    (IDEAS_HEADER.encode(), "The file has a header but no data lines."),
    (b"title;problem\x81;proposal;area;submitter\n\x81\x8d;b;c;d;e\n", "is not UTF-8 text"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
])
def test_bad_files_are_refused_in_words(site, db, tmp_path: Path, capsys: pytest.CaptureFixture,
                                        content: bytes, words: str) -> None:
    path = _write(tmp_path, content)
    audits = _audits(db)
    assert main(["import", "ideas", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: ")
    assert words in err
    assert "Nothing was imported." in err
    assert _audits(db) == audits


def test_a_line_with_too_many_fields_is_a_refused_line(site, db, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    path = _write(tmp_path, "title;problem;proposal;area;submitter\n"
                            "A;b;c;Line 1;Stan Staff;extra\n")
    assert main(["import", "ideas", str(path)]) == 1
    assert "line 2: 6 fields, but the header names 5 columns" in capsys.readouterr().err


def test_missing_file_and_missing_database(data_dir: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture) -> None:
    assert main(["import", "ideas", str(tmp_path / "nope.csv")]) == 1
    assert "no such file" in capsys.readouterr().err
    path = _write(tmp_path, IDEAS_HEADER)
    assert main(["import", "ideas", str(path)]) == 1
    assert "there is no database" in capsys.readouterr().err
    assert not (data_dir / "kaizen.db").exists()  # none was created


def test_an_unknown_kind_is_a_usage_error(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "savings", "x.csv"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'savings'" in capsys.readouterr().err


def test_people_may_be_named_by_badge_number(site, db, clock, tmp_path: Path) -> None:
    from kaizen.services.kiosk import KioskService

    KioskService(db, clock).set_badge_number(site.admin_id, site.other_staff_id, "B-17")
    path = _write(tmp_path, "title;problem;proposal;area;submitter\n"
                            "By badge;p;q;Line 1;b-17\n")
    assert main(["import", "ideas", str(path)]) == 0
    with db.read() as s:
        assert s.scalar(select(Suggestion.submitter_id)) == site.other_staff_id


def test_a_person_no_longer_active_is_refused_in_each_kind(site, db, clock, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture) -> None:
    # The app's own rule: someone deactivated (people_areas view) submits, observes and records
    # nothing more; the import names the column that names them.
    idea_id = site.suggestions.create(site.staff_id, idea(site)).id
    MeasurementService(db, clock).add_metric(
        site.supervisor_id, idea_id, name="Walk time", unit="s",
        direction=MetricDirection.LOWER_IS_BETTER)
    site.people.set_active(site.admin_id, site.staff_id, False)
    files = {
        "ideas": (IDEAS_HEADER + "Tape;Walks;Dispenser;Line 1;Stan Staff;motion;;;\n",
                  "column submitter"),
        "observations": ("category,area,observer,description,minutes_per_occurrence,"
                         "occurrences_per_week\nmotion,Line 1,Stan Staff,Walks,2,3\n",
                         "column observer"),
        "measurements": ("idea;metric;phase;value;recorded_by\n"
                         f"{idea_id};Walk time;before;12;Stan Staff\n", "column recorded_by"),
    }
    audits = _audits(db)
    for kind, (text, column) in files.items():
        path = _write(tmp_path, text, f"{kind}.csv")
        assert main(["import", kind, str(path)]) == 1
        assert f"line 2: {column}: Stan Staff is no longer active" in capsys.readouterr().err
    assert _audits(db) == audits
