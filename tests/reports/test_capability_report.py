"""Capability in the monthly report (issue 17): a completed change's metric with spec limits gets
Cp, Cpk, Pp, Ppk, DPMO and the sigma level (1.5-sigma shift stated) before and after, in the
PDF (a table and a page with the capability chart), the XLSX "Capability" sheet and the CSV's
``capability.csv``; a report without spec limits has none of them.

The figures are worked out by hand here from the plant's samples (individuals: within sigma =
mean moving range / d2, d2 = 1.128 for ranges of two, as Montgomery, Introduction to Statistical
Quality Control, section 8.2, and NIST/SEMATECH e-Handbook 6.1.6 define Cp = (USL - LSL) /
6 sigma and Cpk = min(USL - mean, mean - LSL) / 3 sigma); the capability function itself is
checked against qcc in tests/domain/.
"""

from __future__ import annotations

import csv
import io
import statistics
import zipfile

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from kaizen.reports.csv_export import write_csv
from kaizen.reports.data import build_monthly_report
from kaizen.reports.pdf import write_pdf
from kaizen.reports.xlsx import write_xlsx

from .plant import AFTER, BEFORE, MONTH

LSL, USL = 8.0, 14.0


def _sigma_within(values: list[float]) -> float:
    ranges = [abs(b - a) for a, b in zip(values, values[1:], strict=False)]
    return sum(ranges) / len(ranges) / 1.128


@pytest.fixture
def specced(plant):
    """The plant's October report once its cycle-time metric has spec limits 8 to 14 s."""
    services = plant.services
    metric = services.measurements.list_metrics(plant.ideas[1])[0]
    services.statistics.set_plan(plant.people["sam"], metric.id, lsl=LSL, usl=USL)
    return build_monthly_report(services, MONTH)


def test_the_report_carries_capability_before_and_after(specced) -> None:
    [row] = specced.capability
    assert (row.metric, row.lsl, row.usl, row.specs_text) == ("Cycle time", 8.0, 14.0,
                                                             "LSL 8, USL 14")
    for cap, values in ((row.before, BEFORE), (row.after, AFTER)):
        assert cap is not None and cap.n == len(values)
        sigma = _sigma_within(values)
        mean = statistics.fmean(values)
        assert cap.cp is not None
        assert cap.cp.value == pytest.approx((USL - LSL) / (6 * sigma), rel=1e-9)
        assert cap.cpk.value == pytest.approx(min(USL - mean, mean - LSL) / (3 * sigma),
                                              rel=1e-9)
        overall = statistics.stdev(values)
        assert cap.ppk == pytest.approx(min(USL - mean, mean - LSL) / (3 * overall), rel=1e-9)


def test_no_spec_limits_no_capability(report, tmp_path) -> None:
    assert report.capability == []
    path = write_csv(report, tmp_path / "r.zip")
    with zipfile.ZipFile(path) as archive:
        assert not any(name.endswith("capability.csv") for name in archive.namelist())
    write_xlsx(report, tmp_path / "r.xlsx")
    assert "Capability" not in load_workbook(tmp_path / "r.xlsx").sheetnames


def test_csv_and_xlsx_have_the_same_figures(specced, tmp_path) -> None:
    [row] = specced.capability
    path = write_csv(specced, tmp_path / "r.zip")
    with zipfile.ZipFile(path) as archive:
        [name] = [n for n in archive.namelist() if n.endswith("capability.csv")]
        assert name == "kaizen-report-2026-10-capability.csv"
        text = archive.read(name).decode("utf-8-sig")
    header, line = list(csv.reader(io.StringIO(text)))
    record = dict(zip(header, line, strict=True))
    assert record["metric"] == "Cycle time" and record["lsl"] == "8.0"
    assert float(record["before_cpk"]) == pytest.approx(row.before.cpk.value)
    assert float(record["after_sigma_level"]) == pytest.approx(row.after.sigma_level)
    assert float(record["after_dpmo"]) == pytest.approx(row.after.dpmo)
    write_xlsx(specced, tmp_path / "r.xlsx")
    sheet = load_workbook(tmp_path / "r.xlsx")["Capability"]
    titles = [c.value for c in sheet[1]]
    assert "Before Cpk" in titles and "After sigma level (1.5-sigma shift)" in titles
    values = dict(zip(titles, [c.value for c in sheet[2]], strict=True))
    assert values["After Ppk"] == pytest.approx(row.after.ppk)
    assert values["Before Cp"] == pytest.approx(row.before.cp.value)


def test_the_pdf_has_the_table_and_the_chart_page(specced, tmp_path) -> None:
    path = tmp_path / "r.pdf"
    write_pdf(specced, path)
    reader = PdfReader(path)
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    [table] = [p for p in pages if "Process capability" in p]
    [row] = specced.capability
    assert f"{row.after.cpk.value:.2f}" in table and "Cycle time (s)" in table
    assert "1.5-sigma shift" in table
    [chart_page] = [i for i, p in enumerate(pages) if "Capability: Cycle time (s)" in p]
    text = pages[chart_page]
    assert "LSL 8, USL 14" in text and "Sigma level" in text and "DPMO" in text
    # The chart is vector graphics on that page: its own words (Cpk corner labels) are there.
    assert "Cpk" in text and "Before (8 values" in text
