"""The PDF read back with pypdf: A4 pages, header and page numbers, the figures as printed,
vector charts, and user text shown as typed."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from kaizen.reports.pdf import first_page_png, write_pdf

A4 = (595.0, 842.0)  # points, rounded


@pytest.fixture
def pdf(report, tmp_path):
    path = tmp_path / "report.pdf"
    pages = write_pdf(report, path)
    reader = PdfReader(path)
    assert len(reader.pages) == pages
    return reader


def texts(reader: PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_a4_pages_with_header_and_numbers(pdf):
    pages = texts(pdf)
    assert len(pages) == 6
    for number, (page, text) in enumerate(zip(pdf.pages, pages, strict=True), start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == A4
        assert f"Page {number} of 6" in text
        assert "Plant 1 · Improvement report" in text
        assert "October 2026 · All areas" in text
    assert pdf.metadata.title == "Improvement report October 2026 – Plant 1"


def test_summary_page_figures(pdf):
    first = texts(pdf)[0]
    assert "Improvement report" in first and "October 2026" in first
    # Validated savings 1,350.5 EUR printed whole, halves up; September 1,000; YTD 2,350.5.
    assert "Validated savings 1,351 EUR +351 EUR vs September Year to date 2,351 EUR" in first
    assert "Validated savings 1,351 1,000 +351 2,351" in first
    assert re.search(r"Ideas submitted 5 2 \+3 9", first)
    assert re.search(r"Implementation rate 33\.3% 100\.0% −66\.7 pts", first)
    assert re.search(r"Participation 80\.0%", first)
    assert re.search(r"Stalled cards at month end 1 ", first)
    assert "2 changes completed (1 standardised, 1 abandoned)" in first


def test_sections(pdf, plant):
    savings, pareto, changes, board, people = texts(pdf)[1:]
    assert "Savings so far this year" in savings
    # Hard 1,200 - 100, soft not validated, avoidance 250.5; the forecast 500.
    assert "September 2026 1,000 0 0 1,000 1,000 0 October 2026 1,100 0 251 1,351 2,351 500" in (
        savings)
    assert re.search(r"Waiting 2 3,120 46\.2% 46\.2%", pareto)
    assert re.search(r"Total 4 6,760 100\.0%", pareto)
    # A long title is cut to its column with an ellipsis.
    assert f"#{plant.ideas[1]} Shadow board for the press\u2026 Standardised 20 Oct" in changes
    # Means 12.05 -> 9.15 (printed 12.1 and 9.15), better by 24.1%, Welch's p < 0.001.
    assert re.search(r"Cycle time s 12\.1 9\.15 \+24\.1% Real improvement p < 0\.001 · Welch",
                     changes)
    assert re.search(rf"#{plant.ideas[2]} Colour-coded bins Abandoned 25 Oct · Line 1 Bins "
                     r"found % 5\.50 4\.25 – Not enough data", changes)
    assert re.search(r"Plan 1 none stalled Do 1 1 stalled .* Done 2 this month", board)
    assert (f"#{plant.ideas[7]} Milk run to Line 1 Do Logistics Sam Supervisor 2026-09-01 61"
            in board)
    assert "Stan Staff Line 1 2 1 3 Olga Other Line 1 1 0 3 Quinn Logistics 1 0 2" in people
    assert "Plant 1 5 4 80% 5 Assembly 3 3 100% 3 Line 1 2 2 100% 2 Logistics 1 1 100% 2" in (
        people)


def test_charts_are_vector(pdf):
    for page in pdf.pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        for name in xobjects:
            assert xobjects[name].get_object().get("/Subtype") != "/Image", name


def test_preview_png(report):
    png = first_page_png(report, dpi=30)
    assert png.startswith(b"\x89PNG")
    width = int.from_bytes(png[16:20], "big")
    assert width == round(8.27 * 30)


def test_long_sections_flow_onto_more_pages_inside_the_margins(report):
    """200 changes, 100 stalled cards and 30 areas: tables continue on new pages, every text
    stays between the header and the footer, and the stalled list stops at its limit."""
    from dataclasses import replace

    from matplotlib.text import Text

    from kaizen.reports.data import AreaParticipation
    from kaizen.reports.pdf import PAGE_H, STALLED_LIMIT, build_pages

    change = report.changes[0]
    stalled = report.board.stalled[0]
    big = replace(
        report,
        changes=[replace(change, suggestion_id=1000 + i, title=f"Change number {i} " * 4)
                 for i in range(200)],
        board=replace(report.board, stalled=[replace(stalled, suggestion_id=2000 + i)
                                             for i in range(100)]),
        participation=[AreaParticipation(i, f"Area {i}", f"Plant / Area {i}", 1, 3, 2, 5)
                       for i in range(30)],
    )
    pages = build_pages(big)
    words = [" ".join(t.get_text() for t in page.figure.findobj(Text)) for page in pages]
    change_pages = [w for w in words if "Changes completed" in w]
    assert len(change_pages) >= 4
    assert all("#1199 " not in w for w in change_pages[:-1]) and "#1199 " in change_pages[-1]
    assert sum(w.count("#2") for w in words if "Stalled" in w) >= STALLED_LIMIT
    assert "#2059 " in " ".join(words) and "#2060 " not in " ".join(words)
    assert "40 more are in the spreadsheet" in " ".join(words)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in words[number - 1]
        for text in page.figure.texts:
            x, y = text.get_position()
            inches = (1 - y) * PAGE_H  # from the top of the page
            if not text.get_text() or not text.get_visible() or round(inches, 2) in (
                    0.55, round(PAGE_H - 0.42, 2)):
                continue  # the header and the footer themselves
            # Between the header's rule (0.68 in) and the footer's (0.62 in from the bottom).
            assert 0.68 < inches < PAGE_H - 0.62, (number, text.get_text(), inches)
            assert 0.0 <= x <= 1.0, (number, text.get_text(), x)
