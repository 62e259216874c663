"""The monthly report's KPI page: every process KPI's level now against before its last change,
whether the improvement holds, and the chart of the one that most needs a look.

Drawn with the page tools of :mod:`kaizen.reports.pdf` (which adds these pages after the others
when the report has KPIs); the figures come from :class:`kaizen.services.kpis.KpiSummary`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kaizen.domain.numbers import format_number
from kaizen.i18n import translate
from kaizen.reports.escape import plain_text
from kaizen.reports.pdf import (
    BAD,
    CHART_H,
    CHART_TOP,
    CONTENT_BOTTOM,
    CONTENT_TOP,
    CONTENT_W,
    GOOD,
    ROW_LINES,
    Cell,
    ChartBox,
    Column,
    Page,
    PageMaker,
    Styled,
    chunk_pages,
    draw_table,
    paginate,
)
from kaizen.services.kpis import NOT_HOLDING

if TYPE_CHECKING:
    from kaizen.reports.data import MonthlyReport
    from kaizen.services.kpis import KpiSummary

# Which KPI the page charts: the first not holding, else the first with a signal, else the first.
_URGENCY = {NOT_HOLDING: 0, "signal": 1}


def kpi_pages(report: MonthlyReport) -> list[PageMaker]:
    """No page without KPIs; else the chart and the table, continued on more pages if long."""
    if not report.kpis:
        return []
    shown = min(report.kpis, key=lambda k: _URGENCY.get(k.status, 2))
    columns = [Column(translate("reports.pdf_kpi", "Process"), 1.55),
               Column(translate("reports.pdf_kpi", "KPI"), 1.35),
               Column(translate("reports.pdf_kpi", "Before"), 0.7, "right"),
               Column(translate("reports.pdf_kpi", "Now"), 0.7, "right"),
               Column(translate("reports.pdf_kpi", "Better by"), 0.75, "right")]
    columns.append(Column(translate("reports.pdf_kpi", "Status"),
                          CONTENT_W - sum(c.width for c in columns)))
    rows = [_row(k) for k in report.kpis]
    first_top = CHART_TOP + CHART_H + 0.25
    # Rows as tall as their wrapped names: the first page under the chart, then full pages.
    chunks = paginate(columns, rows, ROW_LINES, [CONTENT_BOTTOM - 0.45 - first_top,
                                                 CONTENT_BOTTOM - 0.45 - CONTENT_TOP - 0.8])

    def draw(chunk: list[Sequence[Cell]], part: int) -> Page:
        from kaizen.charts import kpi_figure
        from kaizen.reports.pdf import _fit_chart

        chart = None
        if part == 0:
            chart = ChartBox(lambda: _fit_chart(kpi_figure(shown.chart), CONTENT_W,
                                                CHART_H), CHART_TOP, CHART_H)
        page = Page(chart)
        title = (translate("reports.pdf_kpi", "Process KPIs (continued)") if part
                 else translate("reports.pdf_kpi", "Process KPIs"))
        subtitle = translate(
            "reports.pdf_kpi", "Up to the end of {month}. Chart: {process}, {series}.").format(
                month=report.month_label, process=plain_text(shown.chart.process_name),
                series=plain_text(shown.chart.series.name)) if part == 0 else None
        y = page.heading(CONTENT_TOP, title, subtitle)
        y = draw_table(page, first_top if part == 0 else y, columns, chunk)
        if part == len(chunks) - 1:
            page.note(y, translate(
                "reports.pdf_kpi", "Before and now: the centre line of the phase before the "
                "last completed change and of the newest phase (XmR, limits from each "
                "phase's first 20 points). Better by: the change in % of before, positive "
                "when better. Not holding: points signal on the worse side of the new "
                "level."))
        return page

    return chunk_pages(chunks, draw)


def _row(k: KpiSummary) -> list[Cell]:
    unit = k.chart.series.unit
    better = k.improvement
    status_colour = {NOT_HOLDING: BAD, "signal": BAD, "holding": GOOD}.get(k.status)
    return [
        # Names wrap in their column, never cut (issue 16).
        Styled(plain_text(k.chart.process_name), wrap=True),
        Styled(plain_text(k.chart.series.name), sub=plain_text(unit) or None, wrap=True),
        _level(k.level_before), _level(k.level),
        "" if better is None else Styled(
            f"{'+' if better >= 0 else ''}{format_number(better * 100, 1)}%",
            colour=GOOD if better >= 0 else BAD),
        Styled(status_text(k.status), colour=status_colour or "#475467",
               bold=k.status == NOT_HOLDING,
               sub=translate("reports.pdf_kpi", "{points} points, {changes} change(s)").format(
                   points=format_number(len(k.chart.values)), changes=len(k.chart.phases) - 1)),
    ]


def status_text(status: str) -> str:
    """A KPI's status as the table shows it ("Holding"), in the language of the work."""
    shown = {"holding": translate("reports.pdf_kpi", "Holding"),
             NOT_HOLDING: translate("reports.pdf_kpi", "Improvement not holding"),
             "signal": translate("reports.pdf_kpi", "Signal"),
             "no change yet": translate("reports.pdf_kpi", "No change yet"),
             "too few points": translate("reports.pdf_kpi", "Too few points")}
    return shown.get(status, status.capitalize())


def _level(value: float | None) -> str:
    from kaizen.charts.style import format_measure

    return "" if value is None else format_measure(value)
