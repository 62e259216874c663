"""User text that a spreadsheet would run as a formula, or a browser would read as HTML, is
exported as text: every XLSX cell is a string or a number (never a formula), no CSV cell starts
with = + - @ tab or CR unless it is a number, and the PDF shows HTML and dollar signs as typed."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import update

from kaizen.db.models import Area, Metric, Person, SavingsEntry, Setting
from kaizen.reports.csv_export import write_csv
from kaizen.reports.data import build_monthly_report
from kaizen.reports.escape import cell_text, html_text, is_formula_like, plain_text
from kaizen.reports.pdf import write_pdf
from kaizen.reports.xlsx import write_xlsx

from .plant import MONTH, build_plant

ATTACKS = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(1)", "\tTab first",
           "\rCR first", "=1+2", "<b>Bold</b> & <i>x</i>"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile(db, db_url, clock, tmp_path):
    # Ideas 1 and 2 are completed, 6 has savings, 7 is stalled, 8 on the board.
    titles = {1: ATTACKS[0], 2: ATTACKS[1], 6: ATTACKS[2], 7: ATTACKS[3], 8: ATTACKS[4],
              3: ATTACKS[5], 4: ATTACKS[7]}
    plant = build_plant(db, db_url, clock, tmp_path, titles=titles)
    with db.write() as s:
        s.execute(update(Area).where(Area.name == "Logistics").values(name="@SUM(A1)"))
        s.execute(update(Area).where(Area.name == "Line 1").values(name="=Line"))
        s.execute(update(Person).where(Person.name == "Quinn").values(name="-2+3"))
        s.execute(update(Person).where(Person.name == "Stan Staff").values(name="+Stan"))
        s.execute(update(Metric).values(name="=1+1", unit="+x"))
        s.execute(update(SavingsEntry).values(note='=HYPERLINK("http://x","y")'))
        s.execute(update(Setting).where(Setting.key == "site_name").values(value="=Plant $x^2$"))
    return build_monthly_report(plant.services, MONTH)


def test_escape_functions():
    assert cell_text("=1+2") == "'=1+2"
    assert cell_text("-1") == "'-1"
    assert cell_text("\tTab") == "' Tab"
    assert cell_text("Plain - text") == "Plain - text"
    assert not is_formula_like(cell_text("@SUM(1)"))
    assert html_text("<b>x</b> & 'y'") == "&lt;b&gt;x&lt;/b&gt; &amp; &#x27;y&#x27;"
    # Dollars stay dollars (no painter reads mathtext); control characters become spaces.
    assert plain_text("costs $5 and $6") == "costs $5 and $6"
    assert plain_text("a\tb\rc\x00d\x7f") == "a b c d "


def test_every_xlsx_cell_is_text_or_a_number(hostile, tmp_path):
    path = tmp_path / "hostile.xlsx"
    write_xlsx(hostile, path)
    book = load_workbook(path)
    seen = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    assert not cell.value.startswith(FORMULA_STARTS), (sheet.title, cell.value)
                    seen += "HYPERLINK" in cell.value
    assert seen >= 3  # the title in changes and the notes in the ledger, as text
    _header, *rows = list(book["Completed changes"].iter_rows(values_only=True))
    assert rows[0][1] == "'" + ATTACKS[0]
    assert rows[1][1] == "'+1"


def test_every_csv_cell_is_safe(hostile, tmp_path):
    path = write_csv(hostile, tmp_path / "hostile.zip")
    cells = 0
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8-sig")
            for row in csv.reader(io.StringIO(text, newline="")):
                for cell in row:
                    cells += 1
                    try:
                        float(cell)
                    except ValueError:
                        assert not cell.startswith(FORMULA_STARTS), (name, cell)
            assert "'=HYPERLINK" in text
    assert cells > 100


def test_pdf_shows_html_and_dollars_as_typed(hostile, tmp_path):
    path = tmp_path / "hostile.pdf"
    write_pdf(hostile, path)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)
    assert "=Plant $x^2$ · Improvement report" in text
    assert '=HYPERLINK("http://x","y")' in text
    assert "@SUM(A1)" in text
    # The HTML title is not on a page (it is not completed); check the people page instead:
    assert "+Stan" in text
    assert "=1+1" in text


def test_preview_draws_dollars_as_typed(hostile):
    """The preview is painted by matplotlib: its Texts must not read $...$ as mathematics."""
    from matplotlib.text import Text

    from kaizen.reports.pdf import build_pages, first_page_png, page_figure

    figure = page_figure(build_pages(hostile, first_only=True)[0])
    texts = [t for t in figure.findobj(Text) if t.get_text()]
    assert any(t.get_text() == "=Plant $x^2$" for t in texts)
    assert all(not t.get_parse_math() for t in texts)
    assert first_page_png(hostile, dpi=20).startswith(b"\x89PNG")


def test_pdf_does_not_interpret_html(db, db_url, clock, tmp_path):
    plant = build_plant(db, db_url, clock, tmp_path, titles={1: "<b>Bold</b> & <i>x</i>"})
    report = build_monthly_report(plant.services, MONTH)
    path = tmp_path / "html.pdf"
    write_pdf(report, path)
    changes = " ".join(" ".join(page.extract_text().split())
                       for page in PdfReader(path).pages)
    assert "<b>Bold</b> & <i>x</i>" in changes
