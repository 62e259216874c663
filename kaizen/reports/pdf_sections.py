"""The monthly report's table sections: the changes completed, the board at month end, people.

Drawn with the page tools of :mod:`kaizen.reports.pdf` (whose :func:`~kaizen.reports.pdf.plan_pages`
puts them after the charts). Titles wrap in their column, never cut (issue 16); a changes row
names its metric with the PDCA cycle it measured, one row per metric and cycle.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kaizen.domain.enums import PdcaStage, SuggestionStatus
from kaizen.domain.months import format_day
from kaizen.domain.numbers import format_number
from kaizen.domain.verdict import format_p_value
from kaizen.i18n import translate
from kaizen.reports.escape import plain_text
from kaizen.reports.pdf import (
    BAD,
    CARD,
    CHANGES_LIMIT,
    CONTENT_BOTTOM,
    CONTENT_TOP,
    CONTENT_W,
    GOOD,
    MARGIN_X,
    MUTED,
    SMALL,
    STALLED_LIMIT,
    Cell,
    Column,
    Page,
    PageMaker,
    Styled,
    _measure,
    chunk_pages,
    draw_table,
    paginate,
    rows_that_fit,
)

if TYPE_CHECKING:
    from kaizen.reports.data import MonthlyReport

def _verdict(result: Any) -> Styled:
    """The head of the verdict the panel shows ("Real improvement", "Not proven", "Too few
    samples to tell", ...): the words before its first colon."""
    comparison = result.comparison
    head = comparison.verdict.split(":", 1)[0].split(" (", 1)[0]
    if comparison.improved:
        return Styled(head, GOOD, bold=True)
    if comparison.significant:
        return Styled(head, BAD, bold=True)
    return Styled(head, MUTED)


def _p_text(p_value: float | None) -> str:
    if p_value is None:
        return ""
    return format_p_value(p_value)  # "p = 0.021" or "p < 0.0001", never 0


CHANGE_LINES = 3  # two lines of text and room around them


def _change_rows(report: MonthlyReport) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for change in report.changes[:CHANGES_LIMIT]:
        if change.cycles > 1 and change.outcome is SuggestionStatus.STANDARDISED:
            sub = translate("reports.pdf_sections",
                            "Standardised {day}, {cycles} cycles \u00b7 {area}")
        elif change.cycles > 1:
            sub = translate("reports.pdf_sections",
                            "Abandoned {day}, {cycles} cycles \u00b7 {area}")
        elif change.outcome is SuggestionStatus.STANDARDISED:
            sub = translate("reports.pdf_sections", "Standardised {day} \u00b7 {area}")
        else:
            sub = translate("reports.pdf_sections", "Abandoned {day} \u00b7 {area}")
        head = Styled(f"#{change.suggestion_id} {plain_text(change.title)}", bold=True,
                      sub=sub.format(day=format_day(change.closed_at, year=False),
                                     cycles=change.cycles, area=plain_text(change.area_name)),
                      wrap=True)
        if not change.metrics:
            rows.append([head, Styled(translate("reports.pdf_sections", "No metric recorded"),
                                      MUTED), "", "", "",
                         Styled("\u2013", MUTED)])
            continue
        for index, result in enumerate(change.metrics):
            pct = result.comparison.improvement_pct
            verdict = _verdict(result)
            test = result.comparison.test_name or ""
            short = {"Welch's t-test": "Welch", "Mann-Whitney U test": "Mann-Whitney"}
            shown = short.get(test) or (translate("domain.statistics", text=test) if test else "")
            evidence = " \u00b7 ".join(
                part for part in (_p_text(result.comparison.p_value), shown) if part)
            rows.append([
                head if index == 0 else "",
                Styled(plain_text(result.name), wrap=True, sub=" \u00b7 ".join(
                    part for part in (translate("reports.pdf_sections", "cycle {number}").format(
                        number=result.cycle), plain_text(result.unit))
                    if part)),
                _measure(result.before.mean),
                _measure(result.after.mean),
                "\u2013" if pct is None else f"{'+' if pct > 0 else ''}{format_number(pct, 1)}%",
                Styled(verdict.text, verdict.colour, verdict.bold, sub=evidence or None,
                       wrap=True),
            ])
    return rows


def change_pages(report: MonthlyReport) -> list[PageMaker]:
    rows = _change_rows(report)
    top = CONTENT_TOP + 0.8
    extra = len(report.changes) - CHANGES_LIMIT
    columns = [Column(translate("reports.pdf_sections", "Change"), 2.08),
               Column(translate("reports.pdf_sections", "Metric"), 1.1),
               Column(translate("reports.pdf_sections", "Before"), 0.58, "right"),
               Column(translate("reports.pdf_sections", "After"), 0.70, "right"),
               Column(translate("reports.pdf_sections", "Better by"), 0.80, "right")]
    columns.append(Column(translate("reports.pdf_sections", "Verdict"),
                          CONTENT_W - sum(c.width for c in columns)))
    # Room below the table for the closing note (and the "more" note); rows grow with titles.
    room = CONTENT_BOTTOM - (0.9 if extra > 0 else 0.45) - top
    chunks = paginate(columns, rows, CHANGE_LINES, [room]) if rows else [[]]

    def draw(chunk: list[Sequence[Cell]], part: int) -> Page:
        page = Page()
        title = (translate("reports.pdf_sections", "Changes completed (continued)") if part
                 else translate("reports.pdf_sections", "Changes completed"))
        y = page.heading(CONTENT_TOP, title, translate(
            "reports.pdf_sections", "Ideas closed in {month} as standardised or abandoned: "
            "each metric's mean before and after, and whether the difference is real "
            "(two-sided test at the 5% level).").format(month=report.month_label))
        if not chunk:
            page.note(y, translate("reports.pdf_sections",
                                   "No change was completed in this month."))
            return page
        y = draw_table(page, y, columns, chunk, lines=CHANGE_LINES)
        if part == len(chunks) - 1:
            if extra > 0:
                y = page.note(y, translate(
                    "reports.pdf_sections", "\u2026 and {extra} more: the first {limit} "
                    "changes closed in the month are listed; the spreadsheet (XLSX) and the "
                    "CSV list them all.").format(extra=format_number(extra),
                                                 limit=CHANGES_LIMIT))
            page.note(y, translate(
                "reports.pdf_sections", "Before and after: the means. Better by: the change "
                "in % of before, positive when better; of the means for Welch's t-test, of "
                "the medians for the Mann-Whitney U test (chosen when the data are skewed or "
                "few). Real: p below 0.05."))
        return page

    return chunk_pages(chunks, draw)


def board_pages(report: MonthlyReport) -> list[PageMaker]:
    board = report.board
    items = board.stalled[:STALLED_LIMIT]
    rows: list[list[Cell]] = [
        [Styled(f"#{item.suggestion_id} {plain_text(item.title)}", wrap=True), item.stage.label,
         Styled(plain_text(item.area_name), wrap=True),
         Styled(plain_text(item.owner_name or "\u2013"), wrap=True),
         f"{item.entered_at:%Y-%m-%d}", format_number(item.days_in_stage)]
        for item in items
    ]
    table_top = CONTENT_TOP + 0.62 + 1.35
    columns = [Column(translate("reports.pdf_sections", "Stalled item"), 2.3),
               Column(translate("reports.pdf_sections", "Stage"), 0.8),
               Column(translate("reports.pdf_sections", "Area"), 1.05),
               Column(translate("reports.pdf_sections", "Owner"), 1.2),
               Column(translate("reports.pdf_sections", "In stage since"), 1.0),
               Column(translate("reports.pdf_sections", "Days"), CONTENT_W - 6.35, "right")]
    chunks = paginate(columns, rows, 2, [CONTENT_BOTTOM - table_top - 0.3,
                                         CONTENT_BOTTOM - CONTENT_TOP - 0.62]) if rows else [[]]

    def first() -> Page:
        page = Page()
        moment = board.moment
        when = (translate("reports.pdf_sections", "the end of {month}").format(
                    month=report.month_label) if moment.time().hour == 0
                and moment.minute == 0 else f"{moment:%Y-%m-%d %H:%M}")
        y = page.heading(CONTENT_TOP, translate("reports.pdf_sections", "The board at month end"),
                         translate("reports.pdf_sections", "Cards open at {when}, by stage; Done "
                                   "counts the changes closed in the month.").format(when=when))
        stages = [*(s for s in board.counts if s is not PdcaStage.DONE), PdcaStage.DONE]
        gap = 0.12
        box_w = (CONTENT_W - gap * (len(stages) - 1)) / len(stages)
        for index, stage in enumerate(stages):
            bx = MARGIN_X + index * (box_w + gap)
            page.rect(bx, y, box_w, 1.05, CARD, rounded=True)
            page.text(bx + 0.12, y + 0.27, stage.label, size=SMALL, bold=True, colour=MUTED)
            page.text(bx + 0.12, y + 0.68, format_number(board.counts[stage]), size=20, bold=True)
            stalled = board.stalled_counts.get(stage, 0)
            note = (translate("reports.pdf_sections", "this month") if stage is PdcaStage.DONE
                    else translate("reports.pdf_sections", "{count} stalled").format(
                        count=format_number(stalled)) if stalled
                    else translate("reports.pdf_sections", "none stalled"))
            page.text(bx + 0.12, y + 0.9, note, size=SMALL,
                      colour=BAD if stalled else MUTED, bold=bool(stalled))
        y += 1.35
        extra = len(board.stalled) - len(items)
        heading = (translate("reports.pdf_sections",
                             "Stalled: {count} card {days} days or more in one stage")
                   if len(board.stalled) == 1 else
                   translate("reports.pdf_sections",
                             "Stalled: {count} cards {days} days or more in one stage")).format(
            count=format_number(len(board.stalled)), days=board.stale_after_days)
        page.text(MARGIN_X, y + 0.2, heading, size=11, bold=True)
        y += 0.3
        if not rows:
            page.note(y, translate("reports.pdf_sections", "Nothing stalled: every open card "
                                   "moved within {days} days.").format(
                                       days=board.stale_after_days))
            return page
        y = draw_table(page, y, columns, chunks[0])
        if len(chunks) == 1 and extra > 0:
            page.note(y, translate("reports.pdf_sections", "The {count} longest waiting are "
                                   "listed; {extra} more are in the spreadsheet.").format(
                                       count=len(items), extra=format_number(extra)))
        return page

    def later(chunk: list[Sequence[Cell]], last: bool) -> PageMaker:
        def draw() -> Page:
            page = Page()
            y = page.heading(CONTENT_TOP,
                             translate("reports.pdf_sections", "Stalled items (continued)"),
                             translate("reports.pdf_sections", "{days} days or more in one "
                                       "stage, longest waiting first.").format(
                                           days=board.stale_after_days))
            y = draw_table(page, y, columns, chunk)
            extra = len(board.stalled) - len(items)
            if last and extra > 0:
                page.note(y, translate("reports.pdf_sections", "The {count} longest waiting "
                                       "are listed; {extra} more are in the spreadsheet.").format(
                                           count=len(items), extra=format_number(extra)))
            return page
        return draw

    return [first, *(later(c, i == len(chunks) - 2) for i, c in enumerate(chunks[1:]))]


def people_pages(report: MonthlyReport) -> list[PageMaker]:
    def draw() -> Page:
        page = Page()
        y = page.heading(CONTENT_TOP, translate("reports.pdf_sections", "People"), translate(
            "reports.pdf_sections", "Who suggested most in {month}, and how many took part in "
            "each area (an area counts the areas below it).").format(month=report.month_label))
        page.text(MARGIN_X, y + 0.2, translate("reports.pdf_sections", "Top contributors"),
                  size=11, bold=True)
        y += 0.3
        if report.contributors:
            columns = [Column(translate("reports.pdf_sections", "Person"), 2.0),
                       Column(translate("reports.pdf_sections", "Home area"), 1.5),
                       Column(translate("reports.pdf_sections", "Ideas this month"), 1.2, "right"),
                       Column(translate("reports.pdf_sections", "Implemented"), 0.95, "right"),
                       Column(translate("reports.pdf_sections", "Ideas this year"),
                              CONTENT_W - 5.65, "right")]
            rows: list[list[Cell]] = [
                [Styled(plain_text(c.name), wrap=True),
                 Styled(plain_text(c.home_area or "\u2013"), wrap=True), format_number(c.ideas),
                 format_number(c.implemented), format_number(c.ideas_ytd)]
                for c in report.contributors
            ]
            y = draw_table(page, y, columns, rows)
        else:
            page.note(y, translate("reports.pdf_sections",
                                   "Nobody submitted an idea in this month."))
        return page

    def participation() -> Page:
        # A section of its own, so the contributors can share the board's page (issue 16).
        page = Page()
        y = page.heading(CONTENT_TOP, translate("reports.pdf_sections", "Participation by area"),
                         translate("reports.pdf_sections", "Active people, who of them took "
                                   "part, and the ideas submitted."))
        areas = report.participation
        if len(areas) > rows_that_fit(y):
            areas = areas[:rows_that_fit(y, CONTENT_BOTTOM - 0.3)]
        if areas:
            columns = [Column(translate("reports.pdf_sections", "Area"), 2.2),
                       Column(translate("reports.pdf_sections", "Active people"), 1.1, "right"),
                       Column(translate("reports.pdf_sections", "Took part"), 1.1, "right"),
                       Column(translate("reports.pdf_sections", "Participation"), 1.05, "right"),
                       Column(translate("reports.pdf_sections", "Ideas submitted"),
                              CONTENT_W - 5.45, "right")]
            rows = [
                [plain_text(a.name), format_number(a.active_people), format_number(a.participants),
                 "\u2013" if a.share is None else f"{format_number(a.share * 100)}%",
                 format_number(a.ideas)]
                for a in areas
            ]
            y = draw_table(page, y, columns, rows, indent=[a.depth for a in areas])
            extra = len(report.participation) - len(areas)
            if extra > 0:
                page.note(y, (translate("reports.pdf_sections", "\u2026 and {extra} more area: "
                                        "the spreadsheet lists every area.") if extra == 1 else
                              translate("reports.pdf_sections", "\u2026 and {extra} more areas: "
                                        "the spreadsheet lists every area.")).format(
                                  extra=format_number(extra)))
        return page

    return [draw, participation]


def thanks_pages(report: MonthlyReport) -> list[PageMaker]:
    """"Thank you" (issue 22): who suggested and who implemented each idea standardised in the
    month, with its validated savings; no page when the site turned recognition off."""
    thanks = report.recognition
    if thanks is None:
        return []
    columns = [Column(translate("reports.pdf_sections", "Idea"), 2.35),
               Column(translate("reports.pdf_sections", "Thanks to"), 2.35),
               Column(translate("reports.pdf_sections", "Area"), 1.02),
               Column(translate("reports.pdf_sections", "Savings ({currency})").format(
                   currency=report.currency), CONTENT_W - 5.72, "right")]
    rows: list[list[Cell]] = [
        [Styled(f"#{t.suggestion_id} {plain_text(t.title)}", bold=True, wrap=True),
         Styled(plain_text(t.names), wrap=True), Styled(plain_text(t.area_name), wrap=True),
         format_number(t.savings)]
        for t in thanks.thanks
    ]
    top = CONTENT_TOP + 0.62
    chunks = paginate(columns, rows, 2, [CONTENT_BOTTOM - top]) if rows else [[]]

    def draw(chunk: list[Sequence[Cell]], part: int) -> Page:
        page = Page()
        title = (translate("reports.pdf_sections", "Thank you (continued)") if part
                 else translate("reports.pdf_sections", "Thank you"))
        y = page.heading(CONTENT_TOP, title, translate(
            "reports.pdf_sections", "The people behind the ideas standardised in {month}: "
            "who suggested them and who carried them through.").format(
                month=report.month_label))
        if not chunk:
            page.note(y, translate("reports.pdf_sections",
                                   "No idea was standardised in this month."))
            return page
        draw_table(page, y, columns, chunk)
        return page

    return chunk_pages(chunks, draw)
