"""The savings ledger and the completed changes as CSV: UTF-8, a header row, one row per record.

The files are for other programs first: numbers in plain notation with a dot (``1234.5``, no
thousand separators), dates and times in ISO 8601, yes/no for flags, and a byte-order mark so
Excel reads the UTF-8 correctly (Python reads it with ``encoding="utf-8-sig"``). User text goes
through :func:`kaizen.reports.escape.cell_text`, so no cell starts a formula; numbers are
written as numbers (a correction's negative amount stays ``-50.0``).

:func:`write_csv` writes a ``.zip`` holding both tables (``savings-ledger.csv`` and
``completed-changes.csv``), plus ``capability.csv`` when a completed change's metric has spec
limits (issue 17: Cp, Cpk, Pp, Ppk, DPMO and the sigma level, with the 1.5-sigma shift, before
and after), or a single table to any other path.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from kaizen.domain.enums import SuggestionStatus
from kaizen.domain.verdict import p_cell
from kaizen.i18n import translate
from kaizen.reports.data import MonthlyReport
from kaizen.reports.escape import cell_text

Table = Literal["ledger", "changes", "capability", "thanks"]
FILE_NAMES: dict[str, str] = {"ledger": "savings-ledger.csv", "changes": "completed-changes.csv",
                              "capability": "capability.csv", "thanks": "thank-you.csv"}
THANKS_HEADER = ["idea_id", "title", "area", "closed_at", "suggested_by", "implemented_by",
                 "validated_savings_in_month", "currency"]
ENCODING = "utf-8-sig"

LEDGER_HEADER = ["entry_id", "month", "idea_id", "idea_title", "area", "kind", "forecast",
                 "amount", "currency", "validated", "validated_by", "validated_at",
                 "corrects_entry_id", "note"]
CHANGES_HEADER = ["idea_id", "title", "area", "owner", "submitted_by", "outcome",
                  "submitted_at", "closed_at", "days_to_done", "cycles", "implementation_cost",
                  "validated_savings_to_date", "currency", "metric", "metric_cycle", "unit",
                  "better_when",
                  "before_n", "before_mean", "before_median", "after_n", "after_mean",
                  "after_median", "improvement_pct", "test", "p_value", "verdict"]


def _value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(round(value, 10))  # plain notation, no float noise (0.30000000000000004)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return cell_text(value)


def ledger_rows(report: MonthlyReport) -> Iterable[list[str]]:
    yield LEDGER_HEADER
    for e in report.ledger:
        yield [_value(v) for v in (
            e.entry_id, e.month, e.suggestion_id, e.title, e.area_name, e.kind.value,
            e.is_forecast, e.amount, report.currency, e.validated_at is not None,
            e.validated_by, e.validated_at, e.corrects_id, e.note,
        )]


def change_rows(report: MonthlyReport) -> Iterable[list[str]]:
    yield CHANGES_HEADER
    for change in report.changes:
        outcome = ("standardised" if change.outcome is SuggestionStatus.STANDARDISED
                   else "abandoned")
        head = [change.suggestion_id, change.title, change.area_name, change.owner_name,
                change.submitter_name, outcome, change.created_at, change.closed_at,
                round(change.days_to_done, 4), change.cycles, change.implementation_cost,
                change.validated_savings, report.currency]
        if not change.metrics:
            yield [_value(v) for v in head] + [""] * (len(CHANGES_HEADER) - len(head) - 1) + [
                "No metric recorded"]
            continue
        for result in change.metrics:
            comparison = result.comparison
            yield [_value(v) for v in (
                *head, result.name, result.cycle, result.unit, result.direction.value,
                result.before.n, result.before.mean, result.before.median,
                result.after.n, result.after.mean, result.after.median,
                comparison.improvement_pct, comparison.test_name,
                p_cell(comparison.p_value), comparison.verdict,
            )]


def table_text(rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue()


def _rows(report: MonthlyReport, table: Table) -> Iterable[list[str]]:
    if table == "ledger":
        return ledger_rows(report)
    if table == "changes":
        return change_rows(report)
    if table == "capability":
        return capability_rows(report)
    if table == "thanks":
        return thanks_rows(report)
    raise ValueError(translate(
        "reports.csv_export",
        "Unknown table {table!r}: pick ledger, changes, capability or thanks.").format(table=table))


def capability_rows(report: MonthlyReport) -> Iterable[list[str]]:
    from kaizen.reports.capability_data import TABLE_HEADER, table_rows

    yield list(TABLE_HEADER)
    for row in table_rows(report.capability):
        yield [_value(v) for v in row]


def thanks_rows(report: MonthlyReport) -> Iterable[list[str]]:
    """The "thank you" section (issue 22): who suggested and who implemented each idea
    standardised in the month."""
    yield THANKS_HEADER
    for t in report.recognition.thanks if report.recognition else []:
        yield [_value(v) for v in (t.suggestion_id, t.title, t.area_name, t.closed_at,
                                   t.submitter_name, t.owner_name or t.submitter_name,
                                   t.savings, report.currency)]


def write_csv(report: MonthlyReport, target: Path | str, table: Table = "ledger") -> Path:
    """A ``.zip`` target gets both tables; any other path gets ``table`` alone."""
    path = Path(target)
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            # Capability only when some metric has spec limits; the thank-you table only when
            # the site has recognition on (a site setting).
            names = ("ledger", "changes", *(("capability",) if report.capability else ()),
                     *(("thanks",) if report.recognition else ()))
            for name in names:
                data = table_text(_rows(report, name)).encode(ENCODING)  # type: ignore[arg-type]
                archive.writestr(f"{report.file_stem()}-{FILE_NAMES[name]}", data)
        return path
    with path.open("w", encoding=ENCODING, newline="") as handle:
        handle.write(table_text(_rows(report, table)))
    return path
