"""The monthly report as an Excel workbook (XlsxWriter): one sheet per section, ready to filter.

Every sheet has its header in row 1 (bold, frozen) and an autofilter over its table; columns are
as wide as their longest value (within limits). Numbers are written as numbers with a number
format (counts ``#,##0``, money ``#,##0.00``, shares ``0.0%``, days ``0.0``), dates as dates
(``yyyy-mm-dd``; months as the first day formatted ``mmm yyyy``), never as text. Every piece of
user text goes through :func:`kaizen.reports.escape.cell_text`, so no cell starts a formula.

Sheets: Summary, Savings, Waste Pareto, Completed changes (one row per metric and cycle), Board,
Stalled items, Top contributors, Participation, Savings ledger, Process KPIs and Capability (when
there are any), Thank you (when recognition is on), About.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from kaizen.domain.enums import PdcaStage, SavingsKind, SuggestionStatus
from kaizen.domain.months import first_day, month_label, shift_month
from kaizen.domain.verdict import p_cell
from kaizen.i18n import translate
from kaizen.reports.data import MonthlyReport, SummaryRow
from kaizen.reports.escape import cell_text

Progress = Callable[[int, int], None]

COUNT = "#,##0"
MONEY = "#,##0.00"
SHARE = "0.0%"
CHANGE_SHARE = "+0.0%;-0.0%;0.0%"
DECIMAL = "0.0"
CHANGE_DECIMAL = "+0.0;-0.0;0.0"
CHANGE_COUNT = "+#,##0;-#,##0;0"
CHANGE_MONEY = "+#,##0.00;-#,##0.00;0.00"
DAY = "yyyy-mm-dd"
MONTH = "mmm yyyy"
TIMESTAMP = "yyyy-mm-dd hh:mm"
P_VALUE = "0.0000"
TEXT = "@"

HEADER_FILL = "E6F2F1"
MIN_WIDTH, MAX_WIDTH = 8, 60

_FORMATS = {"count": COUNT, "rate": SHARE, "money": MONEY, "days": DECIMAL,
            "per_year": DECIMAL}
_CHANGE_FORMATS = {"count": CHANGE_COUNT, "rate": CHANGE_SHARE, "money": CHANGE_MONEY,
                   "days": CHANGE_DECIMAL, "per_year": CHANGE_DECIMAL}


@dataclass(frozen=True, slots=True)
class Col:
    """A column: its header and the number format of its numbers and dates (None: text)."""

    header: str
    fmt: str | None = None


def write_xlsx(report: MonthlyReport, target: Path | str | IO[bytes], *,
               progress: Progress | None = None) -> None:
    """Write the workbook to ``target`` (a path or a binary file)."""
    import xlsxwriter

    # XlsxWriter rather than openpyxl: it writes each cell's XML directly, about a third of
    # openpyxl's time per cell (openpyxl builds a cell object and an element for each, even in
    # write-only mode), which at plant scale (60,000 cells) is the whole cost of the export.
    # in_memory: no temporary files (constant_memory's per-row temporary files cost a third
    # more CPU and wait on the disk); a year's ledger is a few thousand rows.
    book = xlsxwriter.Workbook(str(target) if isinstance(target, Path) else target, {
        "in_memory": True,
        "strings_to_numbers": False,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "nan_inf_to_errors": True,
        "remove_timezone": True,
    })
    formats = _Formats(book)
    sheets = _sheets(report)
    for number, (title, columns, rows, row_formats) in enumerate(sheets, start=1):
        _write_sheet(book, formats, title, columns, rows, row_formats)
        if progress is not None:
            progress(number, len(sheets) + 1)
    book.set_properties({
        "title": cell_text(f"{report.title} \u2013 {report.site_name}"),
        "subject": cell_text(f"{report.month_label}, {report.area_name}"),
        "author": "Kaizen",
    })
    book.close()
    if progress is not None:
        progress(len(sheets) + 1, len(sheets) + 1)


Sheet = tuple[str, list[Col], list[list[Any]], list[list[str | None]] | None]


def _sheets(report: MonthlyReport) -> list[Sheet]:
    return [
        _summary(report),
        _savings(report),
        _pareto(report),
        _changes(report),
        _board(report),
        _stalled(report),
        _contributors(report),
        _participation(report),
        _ledger(report),
        # The thank-you sheet unless the site turned recognition off (issue 22).
        *([_thanks(report)] if report.recognition else []),
        # Only when the scope has process KPIs: a report without them keeps its sheets.
        *([_kpis(report)] if report.kpis else []),
        *([_capability(report)] if report.capability else []),
        _about(report),
    ]


def _kpis(report: MonthlyReport) -> Sheet:
    """Each process KPI up to the month's end, as the PDF's KPI page lists them."""
    from kaizen.reports.pdf_kpi import status_text

    columns = [Col(translate("reports.xlsx", "Process")),
               Col(translate("reports.xlsx", "KPI")),
               Col(translate("reports.xlsx", "Kind")),
               Col(translate("reports.xlsx", "Unit")),
               Col(translate("reports.xlsx", "Better when")),
               Col(translate("reports.xlsx", "Points"), COUNT),
               Col(translate("reports.xlsx", "Changes"), COUNT),
               Col(translate("reports.xlsx", "Level before"), "#,##0.000"),
               Col(translate("reports.xlsx", "Level now"), "#,##0.000"),
               Col(translate("reports.xlsx", "Better by"), CHANGE_SHARE),
               Col(translate("reports.xlsx", "Status")),
               Col(translate("reports.xlsx", "Last point"), TIMESTAMP)]
    rows = [
        [k.chart.process_name, k.chart.series.name, k.chart.series.kind.label,
         k.chart.series.unit, _better_when(k.chart.series.direction.value), len(k.chart.values),
         len(k.chart.phases) - 1, k.level_before, k.level, k.improvement,
         status_text(k.status), k.chart.times[-1] if k.chart.times else None]
        for k in report.kpis
    ]
    return translate("reports.xlsx", "Process KPIs"), columns, rows, None


def _capability(report: MonthlyReport) -> Sheet:
    """Issue 17: each metric with spec limits, its capability before and after the change."""
    from kaizen.reports.capability_data import TABLE_HEADER, table_rows

    formats = {"idea_id": COUNT, "subgroup_size": COUNT, "before_n": COUNT, "after_n": COUNT,
               "before_dpmo": "#,##0.0", "after_dpmo": "#,##0.0", "lsl": "#,##0.0###",
               "usl": "#,##0.0###", "target": "#,##0.0###"}
    columns = [Col(_capability_title(h), formats.get(h, "0.00" if h not in (
        "title", "metric", "unit", "note") else None)) for h in TABLE_HEADER]
    return translate("reports.xlsx", "Capability"), columns, table_rows(report.capability), None


def _capability_title(header: str) -> str:
    words = {"idea_id": translate("reports.xlsx", "Idea"), "lsl": "LSL", "usl": "USL",
             "cp": "Cp", "cpk": "Cpk", "pp": "Pp", "ppk": "Ppk", "dpmo": "DPMO", "n": "n",
             "sigma_level": translate("reports.xlsx", "sigma level (1.5-sigma shift)"),
             "title": translate("reports.xlsx", "Title"),
             "metric": translate("reports.xlsx", "Metric"),
             "unit": translate("reports.xlsx", "Unit"),
             "target": translate("reports.xlsx", "Target"),
             "subgroup_size": translate("reports.xlsx", "Subgroup size"),
             "note": translate("reports.xlsx", "Note")}
    if header in words:
        return words[header]
    phase, _, name = header.partition("_")
    if phase == "before" and name:
        return translate("reports.xlsx", "Before {figure}").format(figure=words.get(name, name))
    if phase == "after" and name:
        return translate("reports.xlsx", "After {figure}").format(figure=words.get(name, name))
    return header.replace("_", " ").capitalize()


def _summary(report: MonthlyReport) -> Sheet:
    previous = month_label(shift_month(report.month, -1), long=True)
    columns = [Col(translate("reports.xlsx", "Figure")),
               Col(report.month_label),
               Col(previous),
               Col(translate("reports.xlsx", "Change")),
               Col(translate("reports.xlsx", "Year to date")),
               Col(translate("reports.xlsx", "Kind"))]
    rows: list[list[Any]] = []
    formats: list[list[str | None]] = []
    for row in report.summary:
        rows.append([row.label, row.month, row.previous, row.change, row.ytd, _kind(row)])
        number = _FORMATS[row.kind]
        formats.append([None, number, number, _CHANGE_FORMATS[row.kind], number, None])
    return translate("reports.xlsx", "Summary"), columns, rows, formats


def _kind(row: SummaryRow) -> str:
    words = {"count": translate("reports.xlsx", "count"),
             "rate": translate("reports.xlsx", "share"),
             "money": translate("reports.xlsx", "money"),
             "days": translate("reports.xlsx", "days"),
             "per_year": translate("reports.xlsx", "ideas a year")}
    if row.snapshot:
        return translate("reports.xlsx", "{kind}, at month end").format(kind=words[row.kind])
    return words[row.kind]


def _savings(report: MonthlyReport) -> Sheet:
    columns = [Col(translate("reports.xlsx", "Month"), MONTH),
               *(Col(kind.label, MONEY) for kind in SavingsKind),
               Col(translate("reports.xlsx", "Month total"), MONEY),
               Col(translate("reports.xlsx", "Total so far"), MONEY),
               Col(translate("reports.xlsx", "Forecast"), MONEY),
               Col(translate("reports.xlsx", "Forecast so far"), MONEY)]
    rows = [
        [first_day(m.month), *(m.by_kind[kind] for kind in SavingsKind), m.actual,
         m.cumulative_actual, m.forecast, m.cumulative_forecast]
        for m in report.savings
    ]
    return translate("reports.xlsx", "Savings"), columns, rows, None


def _pareto(report: MonthlyReport) -> Sheet:
    columns = [Col(translate("reports.xlsx", "Waste")),
               Col(translate("reports.xlsx", "Observations"), COUNT),
               Col(translate("reports.xlsx", "Yearly cost"), MONEY),
               Col(translate("reports.xlsx", "Share"), SHARE),
               Col(translate("reports.xlsx", "Cumulative share"), SHARE)]
    rows = [[row.label, row.count, row.yearly_cost, row.share, row.cumulative_share]
            for row in report.pareto]
    return translate("reports.xlsx", "Waste Pareto"), columns, rows, None


def _changes(report: MonthlyReport) -> Sheet:
    columns = [
        Col(translate("reports.xlsx", "Idea"), COUNT),
        Col(translate("reports.xlsx", "Title")),
        Col(translate("reports.xlsx", "Area")),
        Col(translate("reports.xlsx", "Owner")),
        Col(translate("reports.xlsx", "Submitted by")),
        Col(translate("reports.xlsx", "Outcome")),
        Col(translate("reports.xlsx", "Submitted"), DAY),
        Col(translate("reports.xlsx", "Closed"), DAY),
        Col(translate("reports.xlsx", "Days to done"), DECIMAL),
        Col(translate("reports.xlsx", "Cycles"), COUNT),
        Col(translate("reports.xlsx", "Implementation cost"), MONEY),
        Col(translate("reports.xlsx", "Validated savings to date"), MONEY),
        Col(translate("reports.xlsx", "Metric")),
        Col(translate("reports.xlsx", "Metric cycle"), COUNT),
        Col(translate("reports.xlsx", "Unit")),
        Col(translate("reports.xlsx", "Better when")),
        Col(translate("reports.xlsx", "Before n"), COUNT),
        Col(translate("reports.xlsx", "Before mean"), "#,##0.000"),
        Col(translate("reports.xlsx", "Before median"), "#,##0.000"),
        Col(translate("reports.xlsx", "After n"), COUNT),
        Col(translate("reports.xlsx", "After mean"), "#,##0.000"),
        Col(translate("reports.xlsx", "After median"), "#,##0.000"),
        Col(translate("reports.xlsx", "Better by"), CHANGE_SHARE),
        Col(translate("reports.xlsx", "Test")),
        Col(translate("reports.xlsx", "p-value")),
        Col(translate("reports.xlsx", "Verdict")),
    ]
    rows: list[list[Any]] = []
    for change in report.changes:
        head = [
            change.suggestion_id, change.title, change.area_name, change.owner_name or "",
            change.submitter_name,
            (SuggestionStatus.STANDARDISED.label if change.outcome is SuggestionStatus.STANDARDISED
             else SuggestionStatus.ABANDONED.label),
            change.created_at.date(), change.closed_at.date(), change.days_to_done,
            change.cycles, change.implementation_cost, change.validated_savings,
        ]
        if not change.metrics:
            rows.append([*head, "", None, "", "", None, None, None, None, None, None, None, "",
                         None, translate("reports.xlsx", "No metric recorded")])
            continue
        for result in change.metrics:
            pct = result.comparison.improvement_pct
            rows.append([
                *head, result.name, result.cycle, result.unit,
                _better_when(result.direction.value),
                result.before.n, result.before.mean, result.before.median,
                result.after.n, result.after.mean, result.after.median,
                None if pct is None else pct / 100.0,
                result.comparison.test_name or "", p_cell(result.comparison.p_value),
                result.comparison.verdict,
            ])
    return translate("reports.xlsx", "Completed changes"), columns, rows, None


def _thanks(report: MonthlyReport) -> Sheet:
    columns = [Col(translate("reports.xlsx", "Idea"), COUNT),
               Col(translate("reports.xlsx", "Title")),
               Col(translate("reports.xlsx", "Area")),
               Col(translate("reports.xlsx", "Closed"), DAY),
               Col(translate("reports.xlsx", "Suggested by")),
               Col(translate("reports.xlsx", "Implemented by")),
               Col(translate("reports.xlsx", "Validated savings in the month"), MONEY)]
    thanks = report.recognition.thanks if report.recognition else []
    rows: list[list[Any]] = [
        [t.suggestion_id, t.title, t.area_name, t.closed_at.date(), t.submitter_name,
         t.owner_name or t.submitter_name, t.savings]
        for t in thanks
    ]
    return translate("reports.xlsx", "Thank you"), columns, rows, None


def _board(report: MonthlyReport) -> Sheet:
    board = report.board
    columns = [Col(translate("reports.xlsx", "Stage")),
               Col(translate("reports.xlsx", "Cards"), COUNT),
               Col(translate("reports.xlsx", "Stalled"), COUNT),
               Col(translate("reports.xlsx", "Note"))]
    rows: list[list[Any]] = []
    for stage, count in board.counts.items():
        note = (translate("reports.xlsx", "closed in the month") if stage is PdcaStage.DONE
                else translate("reports.xlsx", "open at {moment}").format(
                    moment=f"{board.moment:%Y-%m-%d %H:%M}"))
        rows.append([stage.label, count, board.stalled_counts.get(stage, 0), note])
    return translate("reports.xlsx", "Board"), columns, rows, None


def _stalled(report: MonthlyReport) -> Sheet:
    columns = [Col(translate("reports.xlsx", "Idea"), COUNT),
               Col(translate("reports.xlsx", "Cycle"), COUNT),
               Col(translate("reports.xlsx", "Title")),
               Col(translate("reports.xlsx", "Area")),
               Col(translate("reports.xlsx", "Owner")),
               Col(translate("reports.xlsx", "Stage")),
               Col(translate("reports.xlsx", "In stage since"), DAY),
               Col(translate("reports.xlsx", "Days in stage"), COUNT)]
    rows = [
        [item.suggestion_id, item.cycle_number, item.title, item.area_name,
         item.owner_name or "", item.stage.label, item.entered_at.date(), item.days_in_stage]
        for item in report.board.stalled
    ]
    return translate("reports.xlsx", "Stalled items"), columns, rows, None


def _contributors(report: MonthlyReport) -> Sheet:
    columns = [Col(translate("reports.xlsx", "Person")),
               Col(translate("reports.xlsx", "Home area")),
               Col(translate("reports.xlsx", "Ideas this month"), COUNT),
               Col(translate("reports.xlsx", "Implemented this month"), COUNT),
               Col(translate("reports.xlsx", "Ideas this year"), COUNT)]
    rows = [[c.name, c.home_area or "", c.ideas, c.implemented, c.ideas_ytd]
            for c in report.contributors]
    return translate("reports.xlsx", "Top contributors"), columns, rows, None


def _participation(report: MonthlyReport) -> Sheet:
    columns = [Col(translate("reports.xlsx", "Area")),
               Col(translate("reports.xlsx", "Place in the tree")),
               Col(translate("reports.xlsx", "Level"), COUNT),
               Col(translate("reports.xlsx", "Active people"), COUNT),
               Col(translate("reports.xlsx", "Took part"), COUNT),
               Col(translate("reports.xlsx", "Participation"), SHARE),
               Col(translate("reports.xlsx", "Ideas submitted"), COUNT)]
    rows = [[a.name, a.path, a.depth, a.active_people, a.participants, a.share, a.ideas]
            for a in report.participation]
    return translate("reports.xlsx", "Participation"), columns, rows, None


def _ledger(report: MonthlyReport) -> Sheet:
    columns = [Col(translate("reports.xlsx", "Entry"), COUNT),
               Col(translate("reports.xlsx", "Month"), MONTH),
               Col(translate("reports.xlsx", "Idea"), COUNT),
               Col(translate("reports.xlsx", "Title")),
               Col(translate("reports.xlsx", "Area")),
               Col(translate("reports.xlsx", "Kind")),
               Col(translate("reports.xlsx", "Forecast")),
               Col(translate("reports.xlsx", "Amount"), MONEY),
               Col(translate("reports.xlsx", "Validated")),
               Col(translate("reports.xlsx", "Validated by")),
               Col(translate("reports.xlsx", "Validated on"), DAY),
               Col(translate("reports.xlsx", "Corrects entry"), COUNT),
               Col(translate("reports.xlsx", "Note"))]
    rows = [
        [e.entry_id, first_day(e.month), e.suggestion_id, e.title, e.area_name, e.kind.label,
         _yes_no(e.is_forecast), e.amount, _yes_no(e.validated_at is not None),
         e.validated_by or "", e.validated_at.date() if e.validated_at else None,
         e.corrects_id, e.note]
        for e in report.ledger
    ]
    return translate("reports.xlsx", "Savings ledger"), columns, rows, None


def _about(report: MonthlyReport) -> Sheet:
    rows: list[list[Any]] = [
        [translate("reports.xlsx", "Report"), report.title],
        [translate("reports.xlsx", "Site"), report.site_name],
        [translate("reports.xlsx", "Area"), report.area_name],
        [translate("reports.xlsx", "Month"), first_day(report.month)],
        [translate("reports.xlsx", "From"), report.start],
        [translate("reports.xlsx", "To"), report.end],
        [translate("reports.xlsx", "Currency"), report.currency],
        [translate("reports.xlsx", "Stalled after (days)"), report.board.stale_after_days],
        [translate("reports.xlsx", "Generated"), report.generated_at],
    ]
    formats: list[list[str | None]] = [[None, None]] * 3 + [[None, MONTH], [None, DAY],
                                                            [None, DAY], [None, None],
                                                            [None, COUNT],
                                                            [None, TIMESTAMP]]
    columns = [Col(translate("reports.xlsx", "Item")), Col(translate("reports.xlsx", "Value"))]
    return translate("reports.xlsx", "About"), columns, rows, formats


# --- writing a sheet --------------------------------------------------------------------------


class _Formats:
    """One XlsxWriter Format per number format (and one for the header), shared by every cell
    that uses it, as Excel stores them."""

    def __init__(self, book: Any) -> None:
        self._book = book
        self._formats: dict[str, Any] = {}
        self.header = book.add_format({"bold": True, "bg_color": f"#{HEADER_FILL}",
                                       "bottom": 1, "bottom_color": "#98A2B3",
                                       "valign": "vcenter"})

    def __call__(self, fmt: str) -> Any:
        found = self._formats.get(fmt)
        if found is None:
            found = self._formats[fmt] = self._book.add_format({"num_format": fmt})
        return found


def _write_sheet(book: Any, formats: _Formats, title: str, columns: Sequence[Col],
                 rows: Sequence[Sequence[Any]],
                 row_formats: Sequence[Sequence[str | None]] | None) -> None:
    from xlsxwriter.utility import xl_rowcol_to_cell

    sheet = book.add_worksheet(title)
    widths = [len(column.header) + 3 for column in columns]  # room for the filter button
    for c, column in enumerate(columns):
        sheet.write_string(0, c, cell_text(column.header), formats.header)
    write_string, write_number = sheet.write_string, sheet.write_number
    for r, row in enumerate(rows, start=1):
        fmts = row_formats[r - 1] if row_formats is not None else None
        for c, (column, value) in enumerate(zip(columns, row, strict=True)):
            if value is None:
                continue
            fmt = fmts[c] if fmts is not None else column.fmt
            if isinstance(value, bool):
                value = "yes" if value else "no"
            if isinstance(value, int | float):
                write_number(r, c, value, formats(fmt) if fmt else None)
                shown = _shown_number(value, fmt)
            elif isinstance(value, datetime | date):
                sheet.write_datetime(r, c, value, formats(fmt or DAY))
                shown = 16 if isinstance(value, datetime) else 10
            else:
                text = cell_text(value)
                write_string(r, c, text)  # a string, never a formula, whatever the text
                shown = max((len(line) for line in text.split("\n")), default=0)
            if shown > widths[c]:
                widths[c] = shown
    for c, width in enumerate(widths):
        sheet.set_column(c, c, min(MAX_WIDTH, max(MIN_WIDTH, width + 2)))
    sheet.freeze_panes(1, 0)
    last = xl_rowcol_to_cell(max(len(rows), 1), len(columns) - 1)
    sheet.autofilter(f"A1:{last}")


def _shown_number(value: float, fmt: str | None) -> int:
    """About how many characters Excel shows for a number in this format."""
    if fmt in (SHARE, CHANGE_SHARE):
        return len(f"{value * 100:+.1f}%")
    if fmt in (MONEY, CHANGE_MONEY):
        return len(f"{value:+,.2f}")
    if fmt in (COUNT, CHANGE_COUNT):
        return len(f"{value:+,.0f}")
    if fmt == P_VALUE:
        return 6
    return len(f"{value:,.3f}")


def _better_when(direction: str) -> str:
    """A metric's better direction as the sheets write it ("lower", "higher")."""
    return (translate("reports.xlsx", "lower") if direction == "lower"
            else translate("reports.xlsx", "higher"))


def _yes_no(flag: bool) -> str:
    return translate("reports.xlsx", "yes") if flag else translate("reports.xlsx", "no")
