"""Issue 22: the monthly report is written in the language of the work (the lead writes it
inside ``with kaizen.i18n.using(lang):``). Checked with kaizen.i18n's pseudo-language, which
wraps every marked text in brackets without a catalogue: a heading, column title or sentence
that is not marked comes out bare. The CSV keeps its English headers (a file format)."""

from __future__ import annotations

from kaizen.i18n import PSEUDO, PSEUDO_CLOSE, PSEUDO_OPEN, using
from kaizen.reports.csv_export import CHANGES_HEADER, change_rows
from kaizen.reports.data import build_monthly_report
from kaizen.reports.pdf import TextOp, build_pages
from kaizen.reports.xlsx import _sheets

from .plant import MONTH

# Words of the report that are symbols or data, the same in every language.
SYMBOLS = {"LSL", "USL", "Cp", "Cpk", "Pp", "Ppk", "DPMO", "n"}


def _wrapped(text: str) -> bool:
    return text.startswith(PSEUDO_OPEN) and PSEUDO_CLOSE in text


def test_every_pdf_heading_and_column_title_is_marked(plant) -> None:
    with using(PSEUDO):
        report = build_monthly_report(plant.services, MONTH)
        pages = build_pages(report)
    texts = [op.text for page in pages for op in page.ops if isinstance(op, TextOp)]
    for english in ("Improvement report", "The month in figures", "In brief",
                    "Savings so far this year", "Where waste cost most", "Changes completed",
                    "The board at month end", "People", "Top contributors",
                    "Participation by area", "Year to date", "Figure", "Change"):
        assert f"{PSEUDO_OPEN}{english}{PSEUDO_CLOSE}" in texts, english
        assert english not in texts, english
    assert any(text.startswith(f"{PSEUDO_OPEN}Page 1 of") for text in texts)
    # Read again in English, the same report speaks English: nothing was kept translated.
    assert report.title.startswith("Improvement report")
    with using(PSEUDO):
        assert report.title.startswith(f"{PSEUDO_OPEN}Improvement report")


def test_every_xlsx_sheet_name_and_column_title_is_marked(plant) -> None:
    with using(PSEUDO):
        report = build_monthly_report(plant.services, MONTH)
        sheets = _sheets(report)
    for title, columns, _rows, _formats in sheets:
        assert _wrapped(title), title
        for column in columns:
            header = column.header
            if header in SYMBOLS or header.split()[0] in ("LSL", "USL"):
                continue
            if header[:3].isalpha() and header[-4:].isdigit():  # "Oct 2026": a month's column
                continue
            assert _wrapped(header) or header.endswith(PSEUDO_CLOSE), (title, header)


def test_the_csv_keeps_its_english_headers_in_any_language(report, plant) -> None:
    with using(PSEUDO):
        translated = build_monthly_report(plant.services, MONTH)
        header = next(iter(change_rows(translated)))
    assert header == CHANGES_HEADER == next(iter(change_rows(report)))
    assert not any(PSEUDO_OPEN in cell for cell in header)
