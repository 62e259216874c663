"""The monthly report's capability pages (issue 17), when a completed change's metric has spec
limits: a table of every such metric (Cpk and Ppk before and after, DPMO and sigma level after),
then, for the first few, a page each with the capability chart (histograms, spec lines, fitted
normal curve, before beside after) and all six figures before and after.

Drawn with the page tools of :mod:`kaizen.reports.pdf`; the figures come from
:mod:`kaizen.reports.capability_data` (the Measurements view's own calculation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kaizen.reports.capability_data import (
    FIGURE_NAMES,
    SIGMA_BASIS_NOTE,
    SIGMA_SHIFT_NOTE,
    CapabilityResult,
    figures,
)
from kaizen.reports.escape import plain_text
from kaizen.reports.pdf import (
    BAD,
    CHART_H,
    CHART_TOP,
    CONTENT_BOTTOM,
    CONTENT_TOP,
    CONTENT_W,
    GOOD,
    MUTED,
    Cell,
    ChartBox,
    Column,
    Page,
    PageMaker,
    Styled,
    draw_table,
    rows_that_fit,
)

if TYPE_CHECKING:
    from kaizen.reports.data import MonthlyReport

MAX_CHART_PAGES = 8  # the table lists them all; a chart page each for the first eight
MEANINGS = (
    "Spread against the spec width, if centred",
    "Spread and centring: the worse side",
    "As Cp, from the overall spread",
    "As Cpk, from the overall spread",
    "Expected defects per million",
    "Short-term sigma, 1.5-sigma shift",
)


def capability_pages(report: MonthlyReport) -> list[PageMaker]:
    """No page when no metric of the month's changes has spec limits."""
    results = report.capability
    if not results:
        return []
    rows = [_summary_row(r) for r in results]
    top = CONTENT_TOP + 0.75
    fit = rows_that_fit(top, CONTENT_BOTTOM - 0.6)
    chunks = [rows[i:i + fit] for i in range(0, len(rows), fit)]
    pages: list[PageMaker] = [_table_page(report, chunk, part, len(chunks))
                              for part, chunk in enumerate(chunks)]
    pages += [_chart_page(report, r) for r in results[:MAX_CHART_PAGES]]
    return pages


_SUMMARY = [Column("Idea and metric", 2.0), Column("Specs", 1.27)] + [
    Column(name, 0.9, "right") for name in ("Cpk", "Ppk", "DPMO", "Sigma level")]


def _table_page(report: MonthlyReport, chunk: list[list[Cell]], part: int,
                parts: int) -> PageMaker:
    def draw() -> Page:
        page = Page()
        title = "Process capability" + (" (continued)" if part else "")
        subtitle = (f"Metrics with spec limits of the changes completed in "
                    f"{report.month_label}. Each figure: before \u2192 after the change, "
                    "green when better.") if part == 0 else None
        y = page.heading(CONTENT_TOP, title, subtitle)
        y = draw_table(page, y, _SUMMARY, chunk)
        if part == parts - 1:
            y = page.note(y, SIGMA_BASIS_NOTE)
            page.note(y, SIGMA_SHIFT_NOTE)
        return page
    return draw


def _chart_page(report: MonthlyReport, result: CapabilityResult) -> PageMaker:
    def draw() -> Page:
        from kaizen.charts.capability import capability_figure
        from kaizen.reports.pdf import _fit_chart

        def figure():  # noqa: ANN202 (a matplotlib Figure, imported lazily)
            return _fit_chart(capability_figure(
                result.before_values, result.after_values, metric_name=result.metric,
                unit=result.unit, lsl=result.lsl, usl=result.usl, target=result.target,
                capability_before=result.before, capability_after=result.after),
                CONTENT_W, CHART_H)

        page = Page(ChartBox(figure, CHART_TOP, CHART_H))
        unit = f" ({plain_text(result.unit)})" if result.unit else ""
        y = page.heading(CONTENT_TOP, f"Capability: {plain_text(result.metric)}{unit}",
                         f"#{result.suggestion_id} {plain_text(result.title)} \u00b7 "
                         f"{result.specs_text}")
        y = max(y, CHART_TOP + CHART_H + 0.25)
        columns = [Column("Figure", 1.2), Column("Before", 0.9, "right"),
                   Column("After", 0.9, "right")]
        columns.append(Column("What it says", CONTENT_W - sum(c.width for c in columns)))
        before, after = figures(result.before), figures(result.after)
        rows: list[list[Cell]] = [
            [name, _cell(name, b), _cell(name, a, b), Styled(meaning, colour=MUTED)]
            for name, b, a, meaning in zip(FIGURE_NAMES, before, after, MEANINGS, strict=True)]
        y = draw_table(page, y, columns, rows)
        if result.note:
            y = page.note(y, plain_text(result.note))
        size = (f"Subgroups of {result.subgroup_size}. " if result.subgroup_size > 1 else "")
        page.note(y, size + SIGMA_BASIS_NOTE + " " + SIGMA_SHIFT_NOTE)
        return page
    return draw


def _summary_row(r: CapabilityResult) -> list[Cell]:
    before, after = figures(r.before), figures(r.after)
    unit = f" ({plain_text(r.unit)})" if r.unit else ""
    limits, _, target = r.specs_text.partition(", target")
    return [
        Styled(plain_text(r.metric) + unit, sub=f"#{r.suggestion_id} {plain_text(r.title)}"),
        Styled(limits, sub=f"target{target}" if target else None),
        *(_pair(name, before[i], after[i]) for name, i in (
            ("Cpk", 1), ("Ppk", 3), ("DPMO", 4), ("Sigma level", 5))),
    ]


def _pair(name: str, before: float | None, after: float | None) -> Cell:
    """"1.60 \u2192 1.26", coloured by whether the after-figure is better."""
    text = (f"{_text(name, before)} \u2192 {_text(name, after)}")
    cell = _cell(name, after, before)
    return Styled(text, colour=cell.colour) if isinstance(cell, Styled) else text


def _text(name: str, value: float | None) -> str:
    return "\u2013" if value is None else format_figure(name, value)


def _cell(name: str, value: float | None, before: float | None = None) -> Cell:
    """A figure as the table shows it; an after-figure green when better than before."""
    if value is None:
        return "\u2013"
    text = format_figure(name, value)
    if before is None:
        return text
    better = value < before if name == "DPMO" else value > before
    worse = value > before if name == "DPMO" else value < before
    return Styled(text, colour=GOOD if better else BAD if worse else MUTED)


def format_figure(name: str, value: float) -> str:
    """Indices to two decimals, DPMO whole (one decimal below 10), sigma level to two."""
    if name == "DPMO":
        return f"{value:,.1f}" if value < 10 else f"{value:,.0f}"
    return f"{value:.2f}"
