"""The monthly report's capability pages (issue 17), when a completed change's metric has spec
limits: a table of every such metric (Cpk and Ppk before and after, DPMO and sigma level after),
then, for the first few, a page each with the capability chart (histograms, spec lines, fitted
normal curve, before beside after) and all six figures before and after.

Drawn with the page tools of :mod:`kaizen.reports.pdf`; the figures come from
:mod:`kaizen.reports.capability_data` (the Measurements view's own calculation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kaizen.domain.numbers import format_number
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
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
# Marked only: translated where the table is drawn.
MEANINGS = (
    QT_TRANSLATE_NOOP("reports.pdf_capability", "Spread against the spec width, if centred"),
    QT_TRANSLATE_NOOP("reports.pdf_capability", "Spread and centring: the worse side"),
    QT_TRANSLATE_NOOP("reports.pdf_capability", "As Cp, from the overall spread"),
    QT_TRANSLATE_NOOP("reports.pdf_capability", "As Cpk, from the overall spread"),
    QT_TRANSLATE_NOOP("reports.pdf_capability", "Expected defects per million"),
    QT_TRANSLATE_NOOP("reports.pdf_capability", "Short-term sigma, 1.5-sigma shift"),
)


def _name(name: str) -> str:
    """A figure's name as a person reads it: the indices are symbols, the sigma level words."""
    return translate("reports.pdf_capability", "Sigma level") if name == "Sigma level" else name


def _notes() -> tuple[str, str]:
    """The two notes under the capability tables, in the language of the work."""
    return (translate("reports.capability_data", text=SIGMA_BASIS_NOTE),
            translate("reports.capability_data", text=SIGMA_SHIFT_NOTE))


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


def _summary_columns() -> list[Column]:
    return [Column(translate("reports.pdf_capability", "Idea and metric"), 2.0),
            Column(translate("reports.pdf_capability", "Specs"), 1.27)] + [
        Column(_name(name), 0.9, "right") for name in ("Cpk", "Ppk", "DPMO", "Sigma level")]


def _table_page(report: MonthlyReport, chunk: list[list[Cell]], part: int,
                parts: int) -> PageMaker:
    def draw() -> Page:
        page = Page()
        title = (translate("reports.pdf_capability", "Process capability (continued)") if part
                 else translate("reports.pdf_capability", "Process capability"))
        subtitle = translate(
            "reports.pdf_capability", "Metrics with spec limits of the changes completed in "
            "{month}. Each figure: before \u2192 after the change, green when better.").format(
                month=report.month_label) if part == 0 else None
        y = page.heading(CONTENT_TOP, title, subtitle)
        y = draw_table(page, y, _summary_columns(), chunk)
        if part == parts - 1:
            basis, shift = _notes()
            y = page.note(y, basis)
            page.note(y, shift)
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
        y = page.heading(CONTENT_TOP, translate(
            "reports.pdf_capability", "Capability: {metric}").format(
                metric=plain_text(result.metric) + unit),
                         f"#{result.suggestion_id} {plain_text(result.title)} \u00b7 "
                         f"{result.specs_text}")
        y = max(y, CHART_TOP + CHART_H + 0.25)
        columns = [Column(translate("reports.pdf_capability", "Figure"), 1.2),
                   Column(translate("reports.pdf_capability", "Before"), 0.9, "right"),
                   Column(translate("reports.pdf_capability", "After"), 0.9, "right")]
        columns.append(Column(translate("reports.pdf_capability", "What it says"),
                              CONTENT_W - sum(c.width for c in columns)))
        before, after = figures(result.before), figures(result.after)
        rows: list[list[Cell]] = [
            [_name(name), _cell(name, b), _cell(name, a, b),
             Styled(translate("reports.pdf_capability", text=meaning), colour=MUTED)]
            for name, b, a, meaning in zip(FIGURE_NAMES, before, after, MEANINGS, strict=True)]
        y = draw_table(page, y, columns, rows)
        if result.note:
            y = page.note(y, plain_text(result.note))
        size = (translate("reports.pdf_capability", "Subgroups of {size}.").format(
            size=result.subgroup_size) + " " if result.subgroup_size > 1 else "")
        basis, shift = _notes()
        page.note(y, size + basis + " " + shift)
        return page
    return draw


def _summary_row(r: CapabilityResult) -> list[Cell]:
    before, after = figures(r.before), figures(r.after)
    unit = f" ({plain_text(r.unit)})" if r.unit else ""
    return [
        Styled(plain_text(r.metric) + unit, sub=f"#{r.suggestion_id} {plain_text(r.title)}"),
        Styled(r.limits_text, sub=r.target_text or None),
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
        return format_number(value, 1) if value < 10 else format_number(value)
    return format_number(value, 2)
