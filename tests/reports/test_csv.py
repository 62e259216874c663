"""The CSV files read back with the csv module: UTF-8 with a header, plain numbers, ISO dates;
the zip holds both tables; values against sqlite3."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from backend import run_sql
from scipy import stats

from kaizen.domain.verdict import p_cell
from kaizen.reports.csv_export import CHANGES_HEADER, LEDGER_HEADER, write_csv

from .plant import AFTER, BEFORE


def read(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_zip_of_both_tables(report, plant, tmp_path):
    path = write_csv(report, tmp_path / "report.zip")
    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
        # The thank-you table too: recognition is on by default (issue 22).
        assert names == ["kaizen-report-2026-10-completed-changes.csv",
                         "kaizen-report-2026-10-savings-ledger.csv",
                         "kaizen-report-2026-10-thank-you.csv"]
        ledger = read(archive.read(names[1]))
        changes = read(archive.read(names[0]))
    assert list(ledger[0]) == LEDGER_HEADER
    assert list(changes[0]) == CHANGES_HEADER

    rows = run_sql(plant.db_url, "SELECT id, month, amount, is_forecast, validated_at IS NOT "
                   "NULL FROM savings_entries WHERE month BETWEEN '2026-01' AND '2026-10' "
                   "ORDER BY id")
    assert sorted(int(r["entry_id"]) for r in ledger) == [r[0] for r in rows]
    by_id = {int(r["entry_id"]): r for r in ledger}
    for entry_id, month, amount, forecast, validated in rows:
        row = by_id[entry_id]
        assert row["month"] == month
        assert float(row["amount"]) == pytest.approx(amount)
        assert row["forecast"] == ("yes" if forecast else "no")
        assert row["validated"] == ("yes" if validated else "no")
        assert row["currency"] == "EUR"
    correction = next(r for r in ledger if float(r["amount"]) < 0)
    assert correction["amount"] == "-100.0"  # a number, not escaped as text
    assert correction["validated_at"] == "2026-10-30 00:00:00"
    validated = sum(float(r["amount"]) for r in ledger
                    if r["month"] == "2026-10" and r["validated"] == "yes"
                    and r["forecast"] == "no")
    assert validated == pytest.approx(report.figure("validated_savings").month)

    assert [int(r["idea_id"]) for r in changes] == [plant.ideas[1], plant.ideas[2]]
    first = changes[0]
    assert first["title"] == "Shadow board for the press tools"
    assert first["outcome"] == "standardised"
    assert first["closed_at"] == "2026-10-20 15:00:00"
    assert float(first["before_mean"]) == pytest.approx(12.05)
    assert float(first["after_mean"]) == pytest.approx(9.15)
    assert float(first["improvement_pct"]) == pytest.approx((12.05 - 9.15) / 12.05 * 100)
    # The p-value as the panel writes it (issue 17): "< 0.0001" or "0.00xx", never 0.0.
    assert first["p_value"] == p_cell(stats.ttest_ind(BEFORE, AFTER, equal_var=False).pvalue)
    assert first["test"] == "Welch's t-test"
    assert changes[1]["verdict"].startswith("Too few samples to tell")


def test_one_table_to_a_csv_file(report, tmp_path):
    path = write_csv(report, tmp_path / "ledger.csv")
    rows = read(path.read_bytes())
    assert len(rows) == len(report.ledger)
    path = write_csv(report, tmp_path / "changes.csv", table="changes")
    assert len(read(path.read_bytes())) == 2


def test_unknown_table(report, tmp_path):
    with pytest.raises(ValueError):
        write_csv(report, tmp_path / "x.csv", table="people")  # type: ignore[arg-type]
