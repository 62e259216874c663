"""The workbook read back with openpyxl: one sheet per section, numbers as numbers with their
formats, dates as dates, frozen headers, filters and fitted widths; values against sqlite3."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from backend import run_sql
from openpyxl import load_workbook
from scipy import stats

from kaizen.domain.verdict import p_cell
from kaizen.reports.xlsx import write_xlsx

from .plant import AFTER, BEFORE

SHEETS = ["Summary", "Savings", "Waste Pareto", "Completed changes", "Board", "Stalled items",
          "Top contributors", "Participation", "Savings ledger", "Thank you",
          "About"]


@pytest.fixture
def book(report, tmp_path):
    path = tmp_path / "report.xlsx"
    write_xlsx(report, path)
    return load_workbook(path)


def table(sheet) -> tuple[list[str], list[dict[str, object]]]:
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_sheets_have_frozen_filtered_headers(book):
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref is not None
        assert sheet.auto_filter.ref.startswith("A1:"), sheet.title
        header = [cell.value for cell in sheet[1]]
        assert all(isinstance(h, str) and h for h in header), sheet.title
        assert all(cell.font.b for cell in sheet[1]), sheet.title
        for letter, dimension in sheet.column_dimensions.items():
            assert 8 <= dimension.width <= 62, (sheet.title, letter)
    assert book.properties.title == "Improvement report October 2026 – Plant 1"


def test_summary_numbers_and_formats(book, plant):
    sheet = book["Summary"]
    header, rows = table(sheet)
    assert header == ["Figure", "October 2026", "September 2026", "Change", "Year to date",
                      "Kind"]
    by_label = {row["Figure"]: row for row in rows}
    saved = run_sql(plant.db_url, "SELECT sum(amount) FROM savings_entries WHERE month = "
                    "'2026-10' AND NOT is_forecast AND validated_at IS NOT NULL")[0][0]
    savings = by_label["Validated savings"]
    assert savings["October 2026"] == pytest.approx(saved) == pytest.approx(1350.5)
    assert savings["Change"] == pytest.approx(350.5)
    assert savings["Year to date"] == pytest.approx(2350.5)
    assert by_label["Ideas submitted"]["October 2026"] == 5
    assert by_label["Implementation rate"]["October 2026"] == pytest.approx(1 / 3)
    assert by_label["Stalled cards at month end"]["Year to date"] is None
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert cells["Validated savings"][1].data_type == "n"
    assert cells["Validated savings"][1].number_format == "#,##0.00"
    assert cells["Implementation rate"][1].number_format == "0.0%"
    assert cells["Implementation rate"][3].number_format == "+0.0%;-0.0%;0.0%"
    assert cells["Ideas submitted"][1].number_format == "#,##0"


def test_savings_months_are_dates(book):
    sheet = book["Savings"]
    _header, rows = table(sheet)
    assert [row["Month"] for row in rows] == [datetime(2026, m, 1) for m in range(1, 11)]
    assert sheet["A2"].is_date and sheet["A2"].number_format == "mmm yyyy"
    october = rows[-1]
    assert (october["Hard"], october["Soft"], october["Avoidance"]) == (1100, 0, 250.5)
    assert october["Total so far"] == pytest.approx(2350.5)
    assert sheet["H11"].number_format == "#,##0.00"


def test_changes_ledger_and_board(book, plant):
    _header, changes = table(book["Completed changes"])
    assert [row["Idea"] for row in changes] == [plant.ideas[1], plant.ideas[2]]
    first = changes[0]
    assert first["Title"] == "Shadow board for the press tools"
    assert first["Closed"] == datetime(2026, 10, 20)
    assert first["Before mean"] == pytest.approx(12.05)
    assert first["After mean"] == pytest.approx(9.15)
    assert first["Better by"] == pytest.approx((12.05 - 9.15) / 12.05)
    # Written as the panel writes it (issue 17): text such as "< 0.0001", never 0.0000.
    assert first["p-value"] == p_cell(stats.ttest_ind(BEFORE, AFTER, equal_var=False).pvalue)
    assert first["p-value"] not in ("0", "0.0000")
    assert first["Verdict"].startswith("Real improvement")
    sheet = book["Completed changes"]
    assert sheet["H2"].is_date and sheet["H2"].number_format == "yyyy-mm-dd"
    assert sheet["W2"].number_format == "+0.0%;-0.0%;0.0%"
    # One row per metric and cycle, the cycle in its own column (issue 16).
    assert first["Metric cycle"] == 1

    _header, ledger = table(book["Savings ledger"])
    count, total = run_sql(plant.db_url, "SELECT count(*), sum(amount) FROM savings_entries "
                           "WHERE month BETWEEN '2026-01' AND '2026-10'")[0]
    assert len(ledger) == count
    assert sum(row["Amount"] for row in ledger) == pytest.approx(total)
    assert all(isinstance(row["Amount"], int | float) for row in ledger)
    assert {row["Month"] for row in ledger} == {datetime(2026, 9, 1), datetime(2026, 10, 1)}
    correction = next(row for row in ledger if row["Amount"] < 0)
    assert correction["Validated on"] == datetime(2026, 10, 30)

    _header, board = table(book["Board"])
    assert [(r["Stage"], r["Cards"], r["Stalled"]) for r in board] == [
        ("Plan", 1, 0), ("Do", 1, 1), ("Check", 0, 0), ("Act", 0, 0), ("Done", 2, 0)]
    _header, stalled = table(book["Stalled items"])
    assert [(r["Idea"], r["Days in stage"]) for r in stalled] == [(plant.ideas[7], 61)]
    assert stalled[0]["In stage since"] == datetime(2026, 9, 1)


def test_about_sheet(book):
    _header, rows = table(book["About"])
    about = {row["Item"]: row["Value"] for row in rows}
    assert about["Site"] == "Plant 1"
    assert about["Month"] == datetime(2026, 10, 1)
    assert about["To"] == datetime(2026, 10, 31)
    assert about["Generated"] == datetime(2026, 11, 2, 9, 0)
    assert isinstance(about["From"], datetime | date)
