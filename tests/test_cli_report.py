"""`kaizen report` writes the same report as the app, headless, for a scheduled task."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from reports.plant import MONTH, build_plant

from kaizen.cli import main


@pytest.fixture
def plant(db, db_url, clock, tmp_path):
    return build_plant(db, db_url, clock, tmp_path)


def test_pdf(plant, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "october.pdf"
    assert main(["report", "--month", MONTH, "--format", "pdf", "-o", str(target)]) == 0
    assert f"written to {target}" in capsys.readouterr().out
    reader = PdfReader(target)
    # Changes, board and people share a page when they fit (issue 16: no almost-empty page).
    assert len(reader.pages) == 5
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Validated savings 1,351 1,000 +351 2,351" in first
    assert not list(tmp_path.glob(".kaizen-report-*"))  # no temporary file left


def test_one_area_as_xlsx(plant, tmp_path: Path) -> None:
    target = tmp_path / "logistics.xlsx"
    assert main(["report", "--month", MONTH, "--area", "logistics", "--format", "xlsx",
                 "-o", str(target)]) == 0
    book = load_workbook(target)
    about = {row[0]: row[1] for row in book["About"].iter_rows(min_row=2, values_only=True)}
    assert about["Area"] == "Plant 1 / Logistics"
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Ideas submitted"] == 2


def test_csv_zip_with_the_format_from_the_name(plant, tmp_path: Path) -> None:
    target = tmp_path / "october.zip"
    assert main(["report", "--month", MONTH, "-o", str(target)]) == 0
    with zipfile.ZipFile(target) as archive:
        name = next(n for n in archive.namelist() if n.endswith("savings-ledger.csv"))
        rows = list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
    assert len(rows) == 6


@pytest.mark.parametrize(("args", "message"), [
    (["--month", "2026-13"], "YYYY-MM"),
    (["--month", MONTH, "--area", "Nowhere"], "No area is called 'Nowhere'"),
])
def test_refusals(plant, tmp_path: Path, capsys: pytest.CaptureFixture, args: list[str],
                  message: str) -> None:
    target = tmp_path / "x.pdf"
    assert main(["report", *args, "-o", str(target)]) == 1
    assert message in capsys.readouterr().err
    assert not target.exists()


def test_missing_folder(plant, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["report", "--month", MONTH, "-o", str(tmp_path / "no" / "x.pdf")]) == 1
    assert "does not exist" in capsys.readouterr().err


def _first_page(target: Path) -> str:
    return " ".join(PdfReader(target).pages[0].extract_text().split())


def test_a_german_site_gets_its_report_in_german_or_english_on_request(
        plant, db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture) -> None:
    """Issue 22: "The report can be written in the site's language or in English"; numbers in
    the language's own form (CLDR German: 1.351)."""
    from kaizen.services.people import PeopleService

    monkeypatch.delenv("KAIZEN_LANG", raising=False)
    PeopleService(db).update_settings(plant.people["admin"], language="de")
    german, english = tmp_path / "oktober.pdf", tmp_path / "october.pdf"
    assert main(["report", "--month", MONTH, "-o", str(german)]) == 0
    assert f"{german}" in capsys.readouterr().out
    assert "Bestätigte Einsparungen 1.351 1.000 +351 2.351" in _first_page(german)
    assert main(["report", "--month", MONTH, "--language", "en", "-o", str(english)]) == 0
    assert "Validated savings 1,351 1,000 +351 2,351" in _first_page(english)
