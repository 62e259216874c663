"""The monthly report's KPI page (kaizen/reports/pdf_kpi.py): absent without KPIs, and with them
each KPI's level before the last change and now, "better by", and whether the improvement holds,
counting only points and changes up to the month's end. Levels are XmR centre lines (means of
each phase's first 20 points; NIST/SEMATECH e-Handbook 6.3.2.2), worked by hand below."""

from __future__ import annotations

import os
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from kaizen.reports.data import build_monthly_report
from kaizen.reports.pdf import write_pdf
from kaizen.reports.xlsx import write_xlsx
from kaizen.services.kpis import NOT_HOLDING

from .plant import MONTH

MAP = {"name": "Press line", "steps": [
    {"name": "Press", "value": "value-adding", "duration": {"distribution": "fixed", "mean": 2}}],
    "flows": [{"from": "start", "to": "Press"}, {"from": "Press", "to": "end"}]}


def _pages(report, tmp_path) -> list[str]:
    path = tmp_path / "report.pdf"
    write_pdf(report, path)
    return [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]


def test_no_kpis_no_page(report) -> None:
    assert report.kpis == []


def test_kpi_page_with_levels_and_status(plant, tmp_path) -> None:
    services, sam = plant.services, plant.people["sam"]
    view = services.processes.create_process(sam, name="Press line",
                                             area_id=plant.areas["line"], document=MAP)
    # Idea 1 ("Shadow board for the press tools") was standardised on 2026-10-20 15:00.
    services.processes.link_idea(sam, view.steps[0].id, plant.ideas[1])
    series = services.kpis.add_series(sam, view.process.id, kind="cycle_time", unit="min")
    start = datetime(2026, 9, 20, 12)
    # Before: 12, 10 alternating (centre 11). After 2026-10-20 15:00: 9, 8 alternating, then 8
    # points at 9.5: the phase's first 20 points make its limits (centre 8.9), and the run of 8
    # at 9.5 above it is a signal on the worse side (a cycle time). November's points are left
    # out of an October report.
    before = [(start + timedelta(days=i), 10.0 if i % 2 else 12.0) for i in range(30)]
    change = datetime(2026, 10, 21, 8)
    after = [(change + timedelta(hours=6 * i), 8.0 if i % 2 else 9.0) for i in range(12)]
    after += [(change + timedelta(days=3, hours=6 * i), 9.5) for i in range(8)]
    later = [(datetime(2026, 11, 5) + timedelta(days=i), 20.0) for i in range(5)]
    services.kpis.add_points(sam, series.id, before + after + later)

    report = build_monthly_report(services, MONTH)
    (summary,) = report.kpis
    assert summary.level_before == 11.0
    # After-phase baseline: the first 20 points, 12 alternating 9, 8 (mean 8.5) and 8 x 9.5.
    assert summary.level == (6 * 9 + 6 * 8 + 8 * 9.5) / 20
    assert summary.status == NOT_HOLDING
    assert len(summary.chart.values) == 50  # November's five left out
    pages = _pages(report, tmp_path)
    page = pages[-1]
    assert "Process KPIs" in page and "Chart: Press line, Cycle time." in page
    # Before 11, now 8.9: better by (11 - 8.9) / 11 = 19.1 %.
    assert "Press line Cycle time min 11.0 8.90 +19.1% Improvement not holding" in page
    assert "50 points, 1 change(s)" in page
    assert all("Process KPIs" not in p for p in pages[:-1])
    book_path = tmp_path / "report.xlsx"
    write_xlsx(report, book_path)
    book = load_workbook(book_path)
    assert book.sheetnames[-2:] == ["Process KPIs", "About"]
    rows = list(book["Process KPIs"].iter_rows(values_only=True))
    line = dict(zip(rows[0], rows[1], strict=True))
    assert (line["Process"], line["KPI"], line["Points"], line["Changes"]) == (
        "Press line", "Cycle time", 50, 1)
    assert line["Level before"] == 11.0 and line["Level now"] == 8.9
    assert line["Better by"] == pytest.approx(2.1 / 11)
    assert line["Status"] == "Improvement not holding"
    if os.environ.get("KAIZEN_CHART_PNG"):  # for looking at the page
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from kaizen.reports.pdf import build_pages, page_figure

        figure = page_figure(build_pages(report)[-1])
        FigureCanvasAgg(figure).print_png(os.environ["KAIZEN_CHART_PNG"])
