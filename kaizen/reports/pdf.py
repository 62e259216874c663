"""The monthly report as an A4 PDF: pages laid out once, drawn by reportlab, charts by matplotlib.

Pages, in order: the summary (big figures against the previous month, and every figure),
savings (cumulative chart and months), the waste Pareto, the changes completed (a row per
metric, the first :data:`CHANGES_LIMIT` changes), the board at month end (counts per stage,
stalled items), the people (top contributors, participation by area), then any process KPIs
(:mod:`.pdf_kpi`) and capability (:mod:`.pdf_capability`). Each page: site, report and month
in the header, "Page n of N" in the footer.

A :class:`Page` is a list of drawing operations (text, rectangles, rules) in inches from the
top-left corner, plus at most one chart box. :func:`write_pdf` paints the operations with
reportlab and the charts with matplotlib's PDF backend (vector graphics), and lays each chart
onto its page with pypdf; :func:`first_page_png` paints the same operations with matplotlib for
the preview. Numbers are right-aligned in their columns; user text is drawn through
:func:`kaizen.reports.escape.plain_text` and cut to its column with an ellipsis (both painters
draw it as typed: reportlab's ``drawString`` reads no markup, matplotlib's Texts are made with
``parse_math=False``).

matplotlib and reportlab are imported on first use, as the app does for charts.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kaizen.domain.enums import SavingsKind, SuggestionStatus
from kaizen.domain.months import month_label, shift_month
from kaizen.domain.numbers import format_money, format_number
from kaizen.i18n import translate
from kaizen.reports.data import MonthlyReport, SummaryRow
from kaizen.reports.escape import plain_text
from kaizen.reports.pdf_text import (
    fit,
    line_pitch,
    reportlab_fonts,
    rl_colour,
    shrunk,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Progress = Callable[[int, int], None]

PAGE_W, PAGE_H = 8.27, 11.69  # A4 in inches
MARGIN_X = 0.7
CONTENT_TOP = 1.05  # below the header
CONTENT_BOTTOM = PAGE_H - 0.8  # above the footer
CONTENT_W = PAGE_W - 2 * MARGIN_X

TEXT = "#101828"
MUTED = "#475467"
FAINT = "#98a2b3"
RULE = "#d0d5dd"
ZEBRA = "#f2f4f7"
ACCENT = "#0f766e"
GOOD = "#0f766e"
BAD = "#b42318"
CARD = "#f0f7f6"

BODY = 9.0
SMALL = 8.0
TABLE = 8.0
# A table row is two lines of TABLE text high (line pitch from the font's metrics: ascent +
# descent + line gap, 1.2 em for DejaVu Sans).
ROW_LINES = 2
STALLED_LIMIT = 60  # stalled items listed in the PDF; the spreadsheet lists all
# Changes listed in the PDF (about five pages); the spreadsheet and the CSV list all. A plant
# closes a few dozen changes in a month; a thousand would make a 200-page PDF nobody reads.
CHANGES_LIMIT = 100

# Whether a rise in a figure is good news (True), bad news (False) or neither (None).
_RISE_IS_GOOD: dict[str, bool | None] = {
    "ideas_submitted": True,
    "active_people": None,
    "ideas_per_person_year": True,
    "participation": True,
    "implementation_rate": True,
    "median_days_to_done": False,
    "validated_savings": True,
    "overdue_actions": False,
    "stalled_cards": False,
}

Align = Literal["left", "right", "center"]


# --- number formats -----------------------------------------------------------------------------


def money(value: float | None, currency: str | None = None, decimals: int = 0) -> str:
    """:func:`~kaizen.domain.numbers.format_money`, with an en dash for a missing value."""
    return "\u2013" if value is None else format_money(value, currency or "", decimals)


def figure_value(row: SummaryRow, value: float | None, currency: str) -> str:
    """A summary figure as the report prints it; an en dash where it is not defined."""
    if value is None:
        return "\u2013"
    if row.kind == "rate":
        return f"{format_number(value * 100, 1)}%"
    if row.kind == "money":
        return money(value, currency)
    if row.kind in ("days", "per_year"):
        return format_number(value, 1)
    return format_number(value)


def figure_change(row: SummaryRow, currency: str) -> str:
    change = row.change
    if change is None:
        return "\u2013"
    sign = "+" if change > 0 else ""
    if row.kind == "rate":
        return translate("reports.pdf", "{change} pts").format(
            change=f"{sign}{format_number(change * 100, 1)}")
    if row.kind == "money":
        return f"{sign}{money(change, currency)}"
    if row.kind in ("days", "per_year"):
        return f"{sign}{format_number(change, 1)}"
    return f"{sign}{format_number(change)}"


def _change_colour(row: SummaryRow) -> str:
    good = _RISE_IS_GOOD.get(row.key)
    change = row.change
    if good is None or change is None or abs(change) < 1e-9:
        return MUTED
    return GOOD if (change > 0) == good else BAD


def _measure(value: float | None) -> str:
    if value is None:
        return "\u2013"
    size = abs(value)
    decimals = 0 if size >= 1000 else 1 if size >= 10 else 2 if size >= 1 else 3
    return format_number(value, decimals)


# --- a page -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextOp:
    x: float  # inches from the left edge
    y: float  # inches from the top edge, of the baseline
    text: str
    size: float
    colour: str
    bold: bool
    ha: Align


@dataclass(frozen=True, slots=True)
class RectOp:
    x: float
    y: float  # of the top edge
    w: float
    h: float
    colour: str
    edge: str | None
    rounded: bool


@dataclass(frozen=True, slots=True)
class LineOp:
    y: float
    x0: float
    x1: float
    colour: str
    width: float  # points


@dataclass(frozen=True, slots=True)
class ChartBox:
    """A chart of :mod:`kaizen.charts` in a box of the page: ``make`` builds its Figure (each
    painter builds its own, as painting resizes it)."""

    make: Callable[[], Figure]
    top: float
    height: float


Op = TextOp | RectOp | LineOp


class Page:
    """One A4 page as a list of drawing operations, in inches from the top-left corner.

    The page draws nothing itself: :func:`write_pdf` paints it with reportlab (and the chart
    with matplotlib), :func:`first_page_png` with matplotlib, from the same operations.
    """

    def __init__(self, chart: ChartBox | None = None) -> None:
        self.ops: list[Op] = []
        self.chart = chart

    @property
    def texts(self) -> list[TextOp]:
        return [op for op in self.ops if isinstance(op, TextOp)]

    def text(self, x: float, y: float, text: str, *, size: float = BODY,
             colour: str = TEXT, bold: bool = False, ha: Align = "left") -> None:
        """``text`` on one line with its baseline at ``y``."""
        if not text:
            return
        if "\n" in text:
            text = " ".join(text.split())
        self.ops.append(TextOp(x, y, text, size, colour, bold, ha))

    def rect(self, x: float, y: float, w: float, h: float, colour: str, *,
             edge: str | None = None, rounded: bool = False) -> None:
        self.ops.append(RectOp(x, y, w, h, colour, edge, rounded))

    def hline(self, y: float, x0: float = MARGIN_X, x1: float = PAGE_W - MARGIN_X, *,
              colour: str = RULE, width: float = 0.6) -> None:
        self.ops.append(LineOp(y, x0, x1, colour, width))

    def heading(self, y: float, title: str, subtitle: str | None = None) -> float:
        """A section heading with an optional muted line or two; returns the y below it."""
        self.text(MARGIN_X, y + 0.22, title, size=14, bold=True)
        y += 0.4
        if subtitle:
            for line in wrap(subtitle, CONTENT_W, BODY):
                self.text(MARGIN_X, y + 0.05, line, size=BODY, colour=MUTED)
                y += 0.17
            y += 0.05
        return y

    def note(self, y: float, text: str) -> float:
        """A small muted paragraph; returns the y below it."""
        y += 0.05
        for line in wrap(text, CONTENT_W, SMALL, max_lines=4):
            self.text(MARGIN_X, y + 0.1, line, size=SMALL, colour=MUTED)
            y += 0.15
        return y + 0.1


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float  # inches
    align: Align = "left"
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Styled:
    """A cell with its own colour or weight, and an optional second, muted line."""

    text: str
    colour: str = TEXT
    bold: bool = False
    sub: str | None = None
    wrap: bool = False  # break the text over lines (titles are never cut, issue 16)


Cell = str | Styled
WRAP_LINES = 6  # a wrapped title's lines at most (a 200-character title in the narrowest column)
_PAD = 0.06


def _cell_lines(column: Column, cell: Cell, room: float) -> list[str]:
    styled = cell if isinstance(cell, Styled) else Styled(cell)
    bold = styled.bold or column.bold
    if styled.wrap:
        return wrap(styled.text, room, TABLE, bold, max_lines=WRAP_LINES) or [""]
    return [fit(styled.text, room, TABLE, bold)]


def _sub_lines(cell: Styled, room: float) -> list[str]:
    if not cell.sub:
        return []
    if cell.wrap:
        return wrap(cell.sub, room, TABLE, max_lines=WRAP_LINES)
    return [fit(cell.sub, room, TABLE)]


def _row_lines(columns: Sequence[Column], row: Sequence[Cell], lines: int, used: int) -> int:
    """Text lines of a row's height: ``lines``, or more for a wrapped cell (the same room
    around its text as a row of ``used`` lines has)."""
    content = max(len(_cell_lines(c, cell, c.width - 2 * _PAD))
                  + (len(_sub_lines(cell, c.width - 2 * _PAD)) if isinstance(cell, Styled)
                     else 0)
                  for c, cell in zip(columns, row, strict=True))
    return max(lines, content + max(lines - used, 0))


def _used_lines(rows: Sequence[Sequence[Cell]], lines: int) -> int:
    return 2 if lines > 1 and any(isinstance(c, Styled) and c.sub for r in rows for c in r) else 1


def paginate(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], lines: int,
             rooms: Sequence[float]) -> list[list[Sequence[Cell]]]:
    """Rows cut into pages: ``rooms[i]`` inches from the table's top to its bottom on page i
    (the last room repeats). Rows are as tall as their wrapped text; each page has one."""
    pitch, used = line_pitch(TABLE), _used_lines(rows, lines)
    chunks: list[list[Sequence[Cell]]] = [[]]
    left = rooms[0] - pitch * ROW_LINES - 0.25
    for row in rows:
        height = pitch * _row_lines(columns, row, lines, used)
        if chunks[-1] and height > left:
            room = rooms[min(len(chunks), len(rooms) - 1)]
            chunks.append([])
            left = room - pitch * ROW_LINES - 0.25
        chunks[-1].append(row)
        left -= height
    return chunks


def draw_table(page: Page, y: float, columns: Sequence[Column], rows: Sequence[Sequence[Cell]],
               *, x: float = MARGIN_X, indent: Sequence[int] | None = None,
               lines: int = ROW_LINES) -> float:
    """Header, rule, zebra rows of ``lines`` text lines' height (a Styled cell's ``sub`` goes on
    a second line); text cut to its column. Returns the y below the table.

    Cells are drawn row by row, left to right, so a PDF reader extracts (and a person copies)
    the table a row at a time.
    """
    width = sum(c.width for c in columns)
    pad = _PAD
    pitch = line_pitch(TABLE)
    header_h = pitch * ROW_LINES
    page.hline(y + header_h + 0.02, x, x + width, colour=MUTED, width=0.8)
    left = x
    for column in columns:
        tx = left + pad if column.align == "left" else left + column.width - pad
        page.text(tx, y + header_h - 0.07,
                  fit(column.header, column.width - 2 * pad, SMALL, True),
                  size=SMALL, bold=True, colour=MUTED, ha=column.align)
        left += column.width
    y += header_h + 0.06
    # The lines in use (one, or two with second lines) centred in the row: a baseline sits
    # about a third of the font size below the middle of its line.
    used = _used_lines(rows, lines)
    top = y
    for index, row in enumerate(rows):
        row_lines = _row_lines(columns, row, lines, used)
        row_h = pitch * row_lines
        content = used + row_lines - max(lines, used)  # wrapped text adds lines to the block
        first_baseline = (row_h - pitch * (content - 1)) / 2 + 0.33 * TABLE / 72.0
        if index % 2 == 1:
            page.rect(x, top, width, row_h, ZEBRA)
        left = x
        for number, (column, cell) in enumerate(zip(columns, row, strict=True)):
            styled = cell if isinstance(cell, Styled) else Styled(cell)
            bold = styled.bold or column.bold
            shift = 0.14 * indent[index] if indent is not None and number == 0 else 0.0
            room = column.width - 2 * pad - shift
            tx = left + pad + shift if column.align == "left" else left + column.width - pad
            baseline = top + first_baseline
            for line in _cell_lines(column, styled, room):
                page.text(tx, baseline, line, size=TABLE, colour=styled.colour, bold=bold,
                          ha=column.align)
                baseline += pitch
            for line in _sub_lines(styled, room) if lines > 1 else []:
                page.text(tx, baseline, line, size=TABLE, colour=MUTED, ha=column.align)
                baseline += pitch
            left += column.width
        top += row_h
    y = top
    page.hline(y + 0.02, x, x + width)
    return y + 0.12


def rows_that_fit(y: float, bottom: float = CONTENT_BOTTOM, lines: int = ROW_LINES) -> int:
    """How many table rows of ``lines`` lines fit between ``y`` and ``bottom``."""
    row_h = line_pitch(TABLE) * lines
    return max(1, int((bottom - y - line_pitch(TABLE) * ROW_LINES - 0.25) / row_h))


# --- the pages ------------------------------------------------------------------------------------


PageMaker = Callable[[], Page]


def chunk_pages(chunks: Sequence[list[Sequence[Cell]]],
                draw: Callable[[list[Sequence[Cell]], int], Page]) -> list[PageMaker]:
    """A page maker per chunk of a table split over pages: ``draw(chunk, part)`` draws part
    ``part`` (0 for the first page, which usually carries the title without "continued")."""
    return [partial(draw, chunk, part) for part, chunk in enumerate(chunks)]


def plan_pages(report: MonthlyReport) -> list[PageMaker]:
    """One function per page, in order; the number of pages is known before drawing any."""
    pages: list[PageMaker] = [lambda: _summary_page(report),
                              lambda: _savings_page(report),
                              lambda: _pareto_page(report)]
    # These build on this module's page tools.
    from kaizen.reports.pdf_capability import capability_pages
    from kaizen.reports.pdf_kpi import kpi_pages
    from kaizen.reports.pdf_sections import (
        board_pages,
        change_pages,
        people_pages,
        thanks_pages,
    )

    pages += change_pages(report)
    pages += board_pages(report)
    pages += people_pages(report)
    pages += thanks_pages(report)

    return pages + kpi_pages(report) + capability_pages(report)


def _decorate(page: Page, report: MonthlyReport, number: int, total: int) -> None:
    site = plain_text(report.site_name or "Kaizen")
    header = translate("reports.pdf", "{site} \u00b7 Improvement report").format(site=site)
    page.text(MARGIN_X, 0.55, fit(header, CONTENT_W * 0.62, SMALL, True), size=SMALL, bold=True,
              colour=ACCENT)
    right = f"{report.month_label} \u00b7 {plain_text(report.area_name)}"
    page.text(PAGE_W - MARGIN_X, 0.55, fit(right, CONTENT_W * 0.36, SMALL), size=SMALL,
              colour=MUTED, ha="right")
    page.hline(0.68)
    page.hline(PAGE_H - 0.62)
    generated = translate("reports.pdf", "Generated {moment} with Kaizen").format(
        moment=f"{report.generated_at:%Y-%m-%d %H:%M}")
    page.text(MARGIN_X, PAGE_H - 0.42, generated, size=SMALL, colour=FAINT)
    page.text(PAGE_W - MARGIN_X, PAGE_H - 0.42,
              translate("reports.pdf", "Page {number} of {total}").format(number=number,
                                                                            total=total),
              size=SMALL, colour=MUTED, ha="right")


def _summary_page(report: MonthlyReport) -> Page:
    page = Page()
    currency = report.currency
    y = CONTENT_TOP + 0.1
    page.text(MARGIN_X, y + 0.35, translate("reports.pdf", "Improvement report"), size=24,
              bold=True)
    page.text(MARGIN_X, y + 0.72, report.month_label, size=16, colour=ACCENT, bold=True)
    place = plain_text(report.site_name or "Kaizen")
    if report.area_id is not None:
        place += f" \u00b7 {plain_text(report.area_name)}"
    page.text(MARGIN_X, y + 1.0, fit(place, CONTENT_W, 11), size=11, colour=MUTED)
    y += 1.3

    previous = month_label(shift_month(report.month, -1), long=True).split()[0]
    cards = ["validated_savings", "ideas_submitted", "participation", "implementation_rate",
             "median_days_to_done", "stalled_cards"]
    gap = 0.16
    card_w = (CONTENT_W - 2 * gap) / 3
    card_h = 1.22
    for index, key in enumerate(cards):
        row = report.figure(key)
        cx = MARGIN_X + (index % 3) * (card_w + gap)
        cy = y + (index // 3) * (card_h + gap)
        page.rect(cx, cy, card_w, card_h, CARD, rounded=True)
        room = card_w - 0.3
        page.text(cx + 0.15, cy + 0.28, fit(row.label, room, SMALL, True), size=SMALL,
                  colour=MUTED, bold=True)
        value = figure_value(row, row.month, currency)
        page.text(cx + 0.15, cy + 0.7, value, size=shrunk(value, room, 20, 12), bold=True)
        change = translate("reports.pdf", "{change} vs {month}").format(
            change=figure_change(row, currency), month=previous)
        size = shrunk(change, room, SMALL, 7)
        page.text(cx + 0.15, cy + 0.93, fit(change, room, size, True), size=size,
                  colour=_change_colour(row), bold=True)
        ytd = (translate("reports.pdf", "at month end") if row.snapshot
               else translate("reports.pdf", "Year to date {value}").format(
                   value=figure_value(row, row.ytd, currency)))
        size = shrunk(ytd, room, SMALL, 7)
        page.text(cx + 0.15, cy + 1.11, fit(ytd, room, size), size=size, colour=MUTED)
    y += 2 * card_h + gap + 0.35

    previous_label = month_label(shift_month(report.month, -1), long=True)
    y = page.heading(y, translate("reports.pdf", "The month in figures"),
                     translate("reports.pdf", "{month} against {previous} and the year to date; "
                               "money in {currency}.").format(
                         month=report.month_label, previous=previous_label, currency=currency))
    columns = [Column(translate("reports.pdf", "Figure"), 2.27),
               Column(report.month_label, 1.2, "right"), Column(previous_label, 1.2, "right"),
               Column(translate("reports.pdf", "Change"), 1.0, "right"),
               Column(translate("reports.pdf", "Year to date"), 1.2, "right")]
    table = []
    for row in report.summary:
        table.append([
            row.label,
            figure_value(row, row.month, ""),
            figure_value(row, row.previous, ""),
            Styled(figure_change(row, ""), _change_colour(row)),
            "\u2013" if row.ytd is None else figure_value(row, row.ytd, ""),
        ])
    y = draw_table(page, y, columns, table)
    y = page.note(y, translate(
        "reports.pdf", "Participation: active people who submitted an idea \u00f7 active people. "
        "Implementation rate: standardised \u00f7 decided (standardised, abandoned or rejected)."))

    y += 0.1
    standardised = sum(1 for c in report.changes if c.outcome is SuggestionStatus.STANDARDISED)
    real = sum(1 for c in report.changes for m in c.metrics if m.comparison.improved)
    tested = sum(1 for c in report.changes for m in c.metrics)
    top = report.pareto[0] if report.pareto else None
    n = format_number
    changes = len(report.changes)
    # Four messages for the two plurals: each sentence is translated whole.
    if changes == 1 and tested == 1:
        done = translate("reports.pdf", "{changes} change completed ({standardised} "
                         "standardised, {abandoned} abandoned); {real} of {tested} measured "
                         "result a real improvement.")
    elif changes == 1:
        done = translate("reports.pdf", "{changes} change completed ({standardised} "
                         "standardised, {abandoned} abandoned); {real} of {tested} measured "
                         "results a real improvement.")
    elif tested == 1:
        done = translate("reports.pdf", "{changes} changes completed ({standardised} "
                         "standardised, {abandoned} abandoned); {real} of {tested} measured "
                         "result a real improvement.")
    else:
        done = translate("reports.pdf", "{changes} changes completed ({standardised} "
                         "standardised, {abandoned} abandoned); {real} of {tested} measured "
                         "results a real improvement.")
    lines = [
        done.format(changes=n(changes), standardised=n(standardised),
                    abandoned=n(changes - standardised), real=n(real), tested=n(tested)),
        translate("reports.pdf", "{open} cards open on the board at month end, {stalled} "
                  "stalled ({days} days or more in one stage).").format(
            open=n(report.board.open_total), stalled=n(len(report.board.stalled)),
            days=report.board.stale_after_days),
    ]
    if top is not None:
        lines.append(translate(
            "reports.pdf", "Costliest waste seen this month: {waste}, {cost} a year ({share}% "
            "of {total}).").format(
                waste=top.label, cost=money(top.yearly_cost, currency),
                share=format_number(top.share * 100), total=money(report.pareto_total, currency)))
    y = page.heading(y, translate("reports.pdf", "In brief"))
    for text in lines:
        page.text(MARGIN_X + 0.05, y + 0.05, "\u2022", size=BODY, colour=ACCENT, bold=True)
        for line in wrap(text, CONTENT_W - 0.25, BODY, max_lines=2):
            page.text(MARGIN_X + 0.22, y + 0.05, line, size=BODY)
            y += 0.17
        y += 0.07
    return page


CHART_TOP = CONTENT_TOP + 0.65
CHART_H = 3.9


def _fit_chart(figure: Figure, width: float, height: float) -> Figure:
    """A chart builder's Figure at ``width`` x ``height`` inches, without its title (the page's
    own heading names the chart)."""
    figure.set_size_inches(width, height)
    figure.set_dpi(72)
    title = figure.get_suptitle()
    for text in figure.texts:
        if title and text.get_text() == title:
            text.set_visible(False)
    return figure


def _savings_page(report: MonthlyReport) -> Page:
    from kaizen.charts import cumulative_savings_figure

    months = [m.month for m in report.savings]
    page = Page(ChartBox(lambda: cumulative_savings_figure(
        months, {kind: [m.by_kind[kind] for m in report.savings] for kind in SavingsKind},
        [m.forecast for m in report.savings], currency=report.currency,
    ), CHART_TOP, CHART_H))
    y = page.heading(CONTENT_TOP, translate("reports.pdf", "Savings so far this year"),
                     translate("reports.pdf", "Validated actual savings, stacked by kind, against "
                               "the forecast; running totals from January, in {currency}.")
                     .format(currency=report.currency))
    y = CHART_TOP + CHART_H + 0.25
    columns = [Column(translate("reports.pdf", "Month"), 1.2),
               Column(SavingsKind.HARD.label, 0.8, "right"),
               Column(SavingsKind.SOFT.label, 0.8, "right"),
               Column(SavingsKind.AVOIDANCE.label, 0.85, "right"),
               Column(translate("reports.pdf", "Month total"), 0.95, "right"),
               Column(translate("reports.pdf", "Total so far"), 1.0, "right"),
               Column(translate("reports.pdf", "Forecast so far"), 1.27, "right")]
    rows: list[list[Cell]] = []
    for m in report.savings:
        rows.append([month_label(m.month, long=True),
                     *(money(m.by_kind[kind]) for kind in SavingsKind),
                     money(m.actual), money(m.cumulative_actual),
                     money(m.cumulative_forecast)])
    if report.savings:
        y = draw_table(page, y, columns, rows)
    page.note(y, translate("reports.pdf", "Only validated entries count as actual savings; "
                           "corrections net into the month they correct. Forecasts are shown "
                           "as planned."))
    return page


def _pareto_page(report: MonthlyReport) -> Page:
    from kaizen.charts import pareto_figure

    page = Page(ChartBox(lambda: pareto_figure(
        [(row.label, row.yearly_cost) for row in report.pareto], currency=report.currency,
    ), CHART_TOP, CHART_H))
    page.heading(CONTENT_TOP, translate("reports.pdf", "Where waste cost most"),
                 translate("reports.pdf", "Waste observed in {month}, priced per year: (minutes "
                           "lost \u00d7 hourly rate + cost) \u00d7 occurrences a week \u00d7 52.")
                 .format(month=report.month_label))
    y = CHART_TOP + CHART_H + 0.25
    columns = [Column(translate("reports.pdf", "Waste"), 2.2),
               Column(translate("reports.pdf", "Observations"), 1.05, "right"),
               Column(translate("reports.pdf", "Yearly cost ({currency})").format(
                   currency=report.currency), 1.35, "right"),
               Column(translate("reports.pdf", "Share"), 0.85, "right"),
               Column(translate("reports.pdf", "Cumulative share"), 1.42, "right")]
    rows: list[list[Cell]] = [
        [row.label, format_number(row.count), money(row.yearly_cost),
         f"{format_number(row.share * 100, 1)}%",
         f"{format_number(row.cumulative_share * 100, 1)}%"]
        for row in report.pareto
    ]
    if rows:
        rows.append([Styled(translate("reports.pdf", "Total"), bold=True),
                     format_number(sum(r.count for r in report.pareto)),
                     money(report.pareto_total), f"{format_number(100, 1)}%", ""])
        y = draw_table(page, y, columns, rows)
    else:
        y = page.note(y, translate("reports.pdf", "No waste was observed in this month."))
    return page


# --- writing ------------------------------------------------------------------------------------


def build_pages(report: MonthlyReport, *, first_only: bool = False,
                progress: Progress | None = None) -> list[Page]:
    """The pages, decorated with "Page n of N". A section that fits below the one before it
    goes on the same page (issue 16: no almost-empty page), so every page is drawn before the
    total is known; ``first_only`` returns just the first."""
    makers = plan_pages(report)
    drawn: list[Page] = []
    for number, make in enumerate(makers, start=1):
        drawn.append(make())
        if progress is not None:
            progress(number, len(makers))
    pages = merge_short_pages(drawn)
    for number, page in enumerate(pages, start=1):
        _decorate(page, report, number, len(pages))
    return pages[:1] if first_only else pages


SECTION_GAP = 0.35  # inches between two sections sharing a page


def content_bottom(page: Page) -> float:
    """The lowest point drawn on an undecorated page (a text's descent included)."""
    bottom = CONTENT_TOP
    for op in page.ops:
        if isinstance(op, TextOp):
            bottom = max(bottom, op.y + 0.3 * op.size / 72.0)
        elif isinstance(op, RectOp):
            bottom = max(bottom, op.y + op.h)
        else:
            bottom = max(bottom, op.y)
    if page.chart is not None:
        bottom = max(bottom, page.chart.top + page.chart.height)
    return bottom


def merge_short_pages(pages: Sequence[Page]) -> list[Page]:
    """Each page after the first (the cover) moved up onto the page before when it fits there
    whole; a page holds one chart at most."""
    out: list[Page] = list(pages[:1])
    for page in pages[1:]:
        last = out[-1]
        below = content_bottom(last) + SECTION_GAP
        fits = below + content_bottom(page) - CONTENT_TOP <= CONTENT_BOTTOM
        if len(out) == 1 or not fits or (last.chart is not None and page.chart is not None):
            out.append(page)
            continue
        dy = below - CONTENT_TOP
        last.ops.extend(replace(op, y=op.y + dy) for op in page.ops)
        if page.chart is not None:
            last.chart = replace(page.chart, top=page.chart.top + dy)
    return out


def write_pdf(report: MonthlyReport, target: Path | str | io.BufferedIOBase, *,
              progress: Progress | None = None) -> int:
    """Write the report to ``target`` (a path or a binary file); returns the number of pages.

    The pages' text, tables and shapes are drawn with reportlab, the charts with matplotlib's
    PDF backend (vector, in one document so their fonts are embedded once), and pypdf lays each
    chart onto its page. Why not matplotlib for everything, as before: matplotlib 3.11 shapes
    and loads every glyph of every Text two or three times through FreeType (about 2 ms for a
    table cell here), so a 10-page report of 1,200 strings took 3 to 5 s of CPU whatever the
    number of Text artists; reportlab places a string from the font's width table in a few
    microseconds. Both draw DejaVu Sans, the charts' font, measured the same way.
    """
    from pypdf import PdfReader, PdfWriter, Transformation

    pages = build_pages(report, progress=_scaled(progress, 0, 80))
    canvas = _canvas_pdf(pages)
    charts = [(number, page.chart) for number, page in enumerate(pages) if page.chart]
    chart_pdf = _charts_pdf([chart for _number, chart in charts])
    if progress is not None:
        progress(90, 100)

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(canvas)))
    chart_pages = PdfReader(io.BytesIO(chart_pdf)).pages
    for (number, chart), chart_page in zip(charts, chart_pages, strict=True):
        page = writer.pages[number]
        page.merge_transformed_page(chart_page, Transformation().translate(
            tx=MARGIN_X * 72, ty=(PAGE_H - chart.top - chart.height) * 72))
        page.compress_content_streams()  # merging leaves the page's stream uncompressed
    writer.add_metadata({
        "/Title": f"{report.title} \u2013 {report.site_name}".strip(" \u2013"),
        "/Subject": f"{report.month_label}, {report.area_name}",
        "/Creator": "Kaizen",
        "/Author": "Kaizen",
    })
    writer.write(target)  # type: ignore[arg-type]
    if progress is not None:
        progress(100, 100)
    return len(pages)


def _scaled(progress: Progress | None, low: int, high: int) -> Progress | None:
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        progress(low + (high - low) * done // max(total, 1), 100)
    return report


def first_page_png(report: MonthlyReport, dpi: int = 60) -> bytes:
    """The first page as PNG bytes (the preview in the Reports view), drawn by matplotlib."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = page_figure(build_pages(report, first_only=True)[0])
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


# --- painting -------------------------------------------------------------------------------------


CORNER = 0.066  # inches: the rounding of a card's corners


def _canvas_pdf(pages: Sequence[Page]) -> bytes:
    """The pages (without their charts) as a PDF drawn by reportlab."""
    from reportlab.pdfgen.canvas import Canvas

    fonts = reportlab_fonts()
    buffer = io.BytesIO()
    # The initial font named too: otherwise every page refers to an unused Helvetica.
    canvas = Canvas(buffer, pagesize=(PAGE_W * 72, PAGE_H * 72), pageCompression=1,
                    initialFontName=fonts[False], initialFontSize=BODY)
    canvas.setCreator("Kaizen")
    for page in pages:
        for op in page.ops:
            if isinstance(op, TextOp):
                canvas.setFillColor(rl_colour(op.colour))
                canvas.setFont(fonts[op.bold], op.size)
                x, y = op.x * 72, (PAGE_H - op.y) * 72
                if op.ha == "right":
                    canvas.drawRightString(x, y, op.text)
                elif op.ha == "center":
                    canvas.drawCentredString(x, y, op.text)
                else:
                    canvas.drawString(x, y, op.text)
            elif isinstance(op, RectOp):
                canvas.setFillColor(rl_colour(op.colour))
                if op.edge is not None:
                    canvas.setStrokeColor(rl_colour(op.edge))
                    canvas.setLineWidth(0.6)
                args = (op.x * 72, (PAGE_H - op.y - op.h) * 72, op.w * 72, op.h * 72)
                stroke = int(op.edge is not None)
                if op.rounded:
                    canvas.roundRect(*args, CORNER * 72, stroke=stroke, fill=1)
                else:
                    canvas.rect(*args, stroke=stroke, fill=1)
            else:
                canvas.setStrokeColor(rl_colour(op.colour))
                canvas.setLineWidth(op.width)
                y = (PAGE_H - op.y) * 72
                canvas.line(op.x0 * 72, y, op.x1 * 72, y)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _charts_pdf(charts: Sequence[ChartBox]) -> bytes:
    """One page per chart, each the size of its box."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_pdf import PdfPages

    buffer = io.BytesIO()
    # Type 3 fonts (matplotlib's default): Type 42 costs a fontTools subset of DejaVu per
    # document, about 0.3 s; Type 3 glyphs are outlines with a ToUnicode map, so readers still
    # extract the charts' text. The pages' own text is TrueType, from reportlab.
    with rc_context({"pdf.fonttype": 3}), PdfPages(buffer) as pdf:
        for chart in charts:
            pdf.savefig(_fit_chart(chart.make(), CONTENT_W, chart.height))
    return buffer.getvalue()


def page_figure(page: Page) -> Figure:
    """The page as a matplotlib Figure of A4 (for the preview): a chart's Figure becomes the
    page itself, its layout confined to the chart's box."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyBboxPatch, Rectangle

    if page.chart is None:
        figure = Figure(figsize=(PAGE_W, PAGE_H), dpi=72, facecolor="white")
    else:
        box = page.chart
        figure = _fit_chart(box.make(), PAGE_W, PAGE_H)
        left, bottom = MARGIN_X / PAGE_W, 1 - (box.top + box.height) / PAGE_H
        width, tall = CONTENT_W / PAGE_W, box.height / PAGE_H
        for text in figure.texts:
            text.set_in_layout(False)
            x, y = text.get_position()
            text.set_position((left + x * width, bottom + y * tall))
        engine = figure.get_layout_engine()
        if engine is not None:
            engine.set(rect=(left, bottom, width, tall))
    for op in page.ops:
        if isinstance(op, TextOp):
            # parse_math off: user text with dollar signs is shown as typed.
            figure.text(op.x / PAGE_W, 1 - op.y / PAGE_H, op.text, fontsize=op.size,
                        color=op.colour, fontweight="bold" if op.bold else "normal",
                        ha=op.ha, va="baseline", parse_math=False)
        elif isinstance(op, RectOp):
            fx, fy = op.x / PAGE_W, 1 - (op.y + op.h) / PAGE_H
            fw, fh = op.w / PAGE_W, op.h / PAGE_H
            patch: Any
            if op.rounded:
                patch = FancyBboxPatch(
                    (fx, fy), fw, fh, boxstyle=f"round,pad=0,rounding_size={CORNER / PAGE_W}",
                    transform=figure.transFigure, facecolor=op.colour,
                    edgecolor=op.edge or "none", linewidth=0.6,
                    mutation_aspect=PAGE_W / PAGE_H)
            else:
                patch = Rectangle((fx, fy), fw, fh, transform=figure.transFigure,
                                  facecolor=op.colour, edgecolor=op.edge or "none",
                                  linewidth=0.6)
            figure.add_artist(patch)
        else:
            figure.add_artist(Line2D([op.x0 / PAGE_W, op.x1 / PAGE_W], [1 - op.y / PAGE_H] * 2,
                                     transform=figure.transFigure, color=op.colour,
                                     linewidth=op.width))
    return figure



