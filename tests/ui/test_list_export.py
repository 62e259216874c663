"""Export… on the Ideas and Waste walk lists (issue 16): the file holds the list as filtered and
sorted on screen, the export runs in the background worker with progress, and the message names
the file. ``kaizen export`` writes the same file from the command line. The CSV and XLSX
conventions are the monthly report's (RFC 4180 CSV with a UTF-8 byte-order mark; an XLSX sheet
read back with openpyxl)."""

from __future__ import annotations

import csv
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from kaizen.cli import main
from kaizen.reports import list_export
from kaizen.services.listing import IdeaColumn, IdeaFilter, ObservationColumn, ObservationFilter
from kaizen.ui.models import ideas_table as it
from kaizen.ui.models import observations_table as ot
from ui.test_ideas_view import Plant, Spy, click_header, opened_plant, plant_copy
from ui.test_ideas_view import open_view as open_ideas
from ui.test_ideas_view import settle as settle_ideas
from ui.test_waste_walk_view import open_view as open_walk
from ui.test_waste_walk_view import settle as settle_walk


@pytest.fixture(scope="module")
def plant_file(databases, template_url: str) -> Iterator[str]:
    with plant_copy(databases, template_url, 300) as url:
        yield url


@pytest.fixture
def plant(databases, plant_file: str, tmp_path: Path, clock) -> Iterator[Plant]:
    with opened_plant(databases, plant_file, tmp_path, clock) as world:
        yield world


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def read_sheet(path: Path) -> list[tuple]:
    return list(load_workbook(path, read_only=True)["Ideas"].iter_rows(values_only=True))


def sort_shown(qtbot, view, settle, column: int, search: str = "") -> tuple[list[int], bool]:
    """Search for ``search`` (if any) and sort by ``column`` as a person would; the ids the
    list shows then, and whether they run downwards."""
    if search:
        qtbot.keyClicks(view.filter_bar.search, search)
        settle(qtbot, view)
    click_header(qtbot, view, column)
    settle(qtbot, view)
    return view.model.ids(), view.model.sort_order == Qt.SortOrder.DescendingOrder


def export(qtbot, view, path: Path, monkeypatch) -> list[tuple[int, int]]:
    """Click Export…, answer the save dialog with ``path``; the progress reported."""
    progress: list[tuple[int, int]] = []
    monkeypatch.setattr(view.exporter, "choose_path", lambda: path)
    with qtbot.waitSignal(view.exporter.exported, timeout=20_000) as blocker:
        qtbot.mouseClick(view.exporter.button, Qt.MouseButton.LeftButton)
        assert view.exporter.task is not None
        assert not view.exporter.button.isEnabled()  # one export at a time
        view.exporter.task.progress.connect(lambda d, t: progress.append((d, t)))
    assert blocker.args == [str(path), blocker.args[1]]
    qtbot.waitUntil(lambda: view.exporter.task is None)
    assert view.exporter.button.isEnabled()
    return progress


def test_ideas_export_what_the_list_shows_in_its_order(qtbot, plant: Plant, tmp_path: Path,
                                                       monkeypatch) -> None:
    view = open_ideas(qtbot, plant)
    shown, descending = sort_shown(qtbot, view, settle_ideas, it.COL_TITLE, "torque")
    expected = plant.services.suggestions.query_ids(
        IdeaFilter(text="torque"), IdeaColumn.TITLE, descending)
    assert shown == expected and 0 < len(shown) < 300

    spy = Spy(monkeypatch, plant.services.suggestions, "rows")
    target = tmp_path / "ideas.csv"
    export(qtbot, view, target, monkeypatch)
    assert threading.get_ident() not in spy.threads  # read in the worker
    rows = read_csv(target)
    assert rows[0][:3] == ["id", "title", "status"]
    assert [int(r[0]) for r in rows[1:]] == shown
    services_rows = plant.services.suggestions.rows(shown)
    assert [r[1] for r in rows[1:]] == [row.title for row in services_rows]
    assert view.message_bar.text == f"Exported {len(shown):,} ideas to {target}"

    book_path = tmp_path / "ideas.xlsx"
    export(qtbot, view, book_path, monkeypatch)
    cells = read_sheet(book_path)
    assert cells[0][0] == "id"
    assert [row[0] for row in cells[1:]] == shown  # numbers stay numbers


def test_waste_walk_export_with_progress(qtbot, plant: Plant, tmp_path: Path,
                                         monkeypatch) -> None:
    view = open_walk(qtbot, plant)
    shown, descending = sort_shown(qtbot, view, settle_walk, ot.COL_COST)
    assert shown == plant.services.observations.query_ids(
        ObservationFilter(), ObservationColumn.YEARLY_COST, descending)
    # Rows are read a window at a time; small windows here so progress comes in several steps.
    monkeypatch.setattr(list_export, "MAX_WINDOW", 40)
    assert len(shown) > 3 * 40
    target = tmp_path / "walk.csv"
    progress = export(qtbot, view, target, monkeypatch)
    assert len(progress) >= 4 and progress[-1] == (100, 100)
    assert [d for d, _t in progress] == sorted(d for d, _t in progress)
    rows = read_csv(target)
    assert rows[0][:2] == ["id", "category"]
    assert [int(r[0]) for r in rows[1:]] == shown
    costs = [float(r[8]) for r in rows[1:]]
    assert costs == sorted(costs, reverse=descending)


def test_a_file_that_cannot_be_written_is_said_and_nothing_is_left(
        qtbot, plant: Plant, tmp_path: Path, monkeypatch) -> None:
    view = open_ideas(qtbot, plant)
    target = tmp_path / "missing-folder" / "ideas.csv"
    monkeypatch.setattr(view.exporter, "choose_path", lambda: target)
    qtbot.mouseClick(view.exporter.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.exporter.task is None, timeout=20_000)
    assert view.message_bar.kind == "error"
    assert not target.parent.exists()


def test_the_cli_writes_the_same_list(plant: Plant, tmp_path: Path, monkeypatch,
                                      capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("KAIZEN_DB_URL", plant.path)
    target = tmp_path / "torque.xlsx"
    assert main(["export", "ideas", "--out", str(target), "--search", "torque",
                 "--sort", "title", "--ascending"]) == 0
    expected = plant.services.suggestions.query_ids(IdeaFilter(text="torque"),
                                                    IdeaColumn.TITLE, False)
    cells = read_sheet(target)
    assert [row[0] for row in cells[1:]] == expected
    assert f"Exported {len(expected):,} ideas to {target}" in capsys.readouterr().out

    walk = tmp_path / "walk.csv"
    assert main(["export", "observations", "--format", "csv", "--out", str(walk),
                 "--category", "waiting", "--area", "Assembly"]) == 0
    expected = plant.services.observations.query_ids(
        ObservationFilter(categories=("waiting",), area_id=plant.department_id))  # type: ignore[arg-type]
    assert [int(r[0]) for r in read_csv(walk)[1:]] == expected
    assert expected


@pytest.mark.parametrize(("args", "words"), [
    (["ideas", "--from", "31/01/2027"], "--from: '31/01/2027' is not a day as YYYY-MM-DD."),
    (["ideas", "--category", "waiting"], "--category filters observations"),
    (["observations", "--sort", "title"], "--sort: the observations cannot be sorted by 'title'"),
    (["ideas", "--area", "Nowhere"], "No area is called 'Nowhere'"),
    (["ideas", "--person", "Nobody"], "--person: nobody is called 'Nobody'"),
])
def test_the_cli_refuses_bad_input_in_words(plant: Plant, tmp_path: Path, monkeypatch,
                                            capsys: pytest.CaptureFixture, args: list[str],
                                            words: str) -> None:
    monkeypatch.setenv("KAIZEN_DB_URL", plant.path)
    target = tmp_path / "out.csv"
    assert main(["export", *args, "--out", str(target)]) in (1, 2)
    err = capsys.readouterr().err
    assert err.startswith("error: ") and words in err and "Traceback" not in err
    assert not target.exists()
