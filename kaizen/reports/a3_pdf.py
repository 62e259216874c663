"""The A3 report (:mod:`kaizen.reports.a3`) on one landscape A3 page, drawn with reportlab.

The classic A3 layout: the story's left half (background, current condition, root cause) and
its right half (countermeasures, the plan, results, follow-up), each section a numbered box.
Each box is as tall as its content needs, the column's spare room shared by the boxes' usual
shares; when a column's content is longer than the page, each box gets room in proportion to its
need and its content is shrunk to fit (reportlab's ``KeepInFrame``), so nothing is ever cut and
the page stays one page. The before/after chart is :func:`kaizen.charts.before_after_figure`,
the one the Measurements view shows, drawn as a 200 dpi image. User text is escaped for
reportlab's markup.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from kaizen.domain.months import format_day
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.reports.a3 import A3Report, A3Result, not_yet
from kaizen.reports.escape import html_text, plain_text
from kaizen.reports.pdf_text import reportlab_fonts

ACCENT = "#0b5d56"
TEXT = "#101828"
MUTED = "#475467"
BOX_EDGE = "#98a2b3"
MARGIN = 28.0
GAP = 14.0
HEADER = 62.0
# Each column's boxes, as shares of the column's height.
# The titles are marked only: drawn with translate("reports.a3_pdf", title).
LEFT = ((QT_TRANSLATE_NOOP("reports.a3_pdf", "1  Background"), 0.26),
        (QT_TRANSLATE_NOOP("reports.a3_pdf", "2  Current condition"), 0.30),
        (QT_TRANSLATE_NOOP("reports.a3_pdf", "3  Root cause: 5 whys"), 0.44))
RIGHT = ((QT_TRANSLATE_NOOP("reports.a3_pdf", "4  Countermeasures"), 0.14),
         (QT_TRANSLATE_NOOP("reports.a3_pdf", "5  Plan"), 0.21),
         (QT_TRANSLATE_NOOP("reports.a3_pdf", "6  Results"), 0.50),
         (QT_TRANSLATE_NOOP("reports.a3_pdf", "7  Follow-up"), 0.15))


def write_a3_pdf(report: A3Report, target: Path | str) -> Path:
    """Write the one-page PDF beside ``target``, then move it over it (no half file)."""
    from kaizen.reports import new_file_mode

    path = Path(target)
    handle, name = tempfile.mkstemp(prefix=".kaizen-a3-", suffix=".pdf", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        temporary.write_bytes(a3_pdf_bytes(report))
        os.chmod(temporary, new_file_mode())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def a3_pdf_bytes(report: A3Report) -> bytes:
    from reportlab.lib.pagesizes import A3, landscape
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Frame, KeepInFrame

    fonts = reportlab_fonts()
    styles = _styles(fonts)
    width, height = landscape(A3)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), initialFontName=fonts[False])
    canvas.setCreator("Kaizen")
    canvas.setTitle(plain_text(f"A3: {report.title}"))
    _header(canvas, report, fonts, width, height)

    column_w = (width - 2 * MARGIN - GAP) / 2
    column_h = height - 2 * MARGIN - HEADER
    sections = _sections(report, styles, column_w - 16)
    for column, boxes in enumerate((LEFT, RIGHT)):
        x = MARGIN + column * (column_w + GAP)
        top = height - MARGIN - HEADER
        heights = _box_heights([(share, _natural_height(sections[title], column_w - 16))
                                for title, share in boxes], column_h)
        for (title, _share), whole_h in zip(boxes, heights, strict=True):
            box_h = whole_h - (GAP / 2)
            y = top - box_h
            canvas.setStrokeColor(_colour(BOX_EDGE))
            canvas.setLineWidth(0.8)
            canvas.roundRect(x, y, column_w, box_h, 4, stroke=1, fill=0)
            canvas.setFillColor(_colour(ACCENT))
            canvas.setFont(fonts[True], 12)
            heading = translate("reports.a3_pdf", text=title).replace("  ", ". ", 1)
            canvas.drawString(x + 8, top - 17, heading)
            frame = Frame(x + 2, y + 2, column_w - 4, box_h - 26, leftPadding=6,
                          rightPadding=6, topPadding=2, bottomPadding=2, showBoundary=0)
            flow = KeepInFrame(column_w - 16, box_h - 30, sections[title], mode="shrink")
            frame.addFromList([flow], canvas)
            top = y - GAP / 2
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


BOX_CHROME = 34.0  # a box's title and paddings, above and below its content
MIN_BOX = 80.0


def _natural_height(flowables: list[Any], width: float) -> float:
    """The height the content takes unshrunk at ``width``, with its box's chrome."""
    total = BOX_CHROME
    for flowable in flowables:
        _w, h = flowable.wrap(width, 10_000)
        total += h + flowable.getSpaceAfter() + flowable.getSpaceBefore()
    return total


def _box_heights(boxes: list[tuple[float, float]], column_h: float) -> list[float]:
    """Each box's height in a column: what its content needs, the room left over shared by
    the boxes' usual shares; when the column is too short for all, in proportion to need (the
    content is then shrunk inside its box, least where it needs least)."""
    needs = [max(MIN_BOX, need) for _share, need in boxes]
    spare = column_h - sum(needs)
    if spare >= 0:
        shares = sum(share for share, _need in boxes)
        return [need + spare * share / shares for (share, _n), need in zip(boxes, needs,
                                                                          strict=True)]
    return [column_h * need / sum(needs) for need in needs]


def _colour(hex_colour: str) -> Any:
    from reportlab.lib.colors import HexColor

    return HexColor(hex_colour)


def _header(canvas: Any, report: A3Report, fonts: dict[bool, str], width: float,
            height: float) -> None:
    canvas.setFillColor(_colour(ACCENT))
    canvas.setFont(fonts[True], 20)
    title = plain_text(report.title)
    canvas.drawString(MARGIN, height - MARGIN - 20, title)
    canvas.setFillColor(_colour(MUTED))
    canvas.setFont(fonts[False], 11)
    meta = translate(
        "reports.a3_pdf", "A3 report · PDCA cycle {cycle} ({stage}) · Area: {area} · Owner: "
        "{owner} · Suggested by {person} · Printed {day}").format(
            cycle=report.cycle_number, stage=report.stage, area=report.area, owner=report.owner,
            person=report.submitter, day=format_day(report.printed))
    canvas.drawString(MARGIN, height - MARGIN - 40, plain_text(meta))
    canvas.setStrokeColor(_colour(ACCENT))
    canvas.setLineWidth(1.5)
    y = height - MARGIN - HEADER + 10
    canvas.line(MARGIN, y, width - MARGIN, y)


def _styles(fonts: dict[bool, str]) -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=fonts[False], fontSize=11, leading=14.5,
                          textColor=_colour(TEXT), spaceAfter=5, bulletFontName=fonts[False],
                          bulletFontSize=11)
    return {
        "body": body,
        "muted": ParagraphStyle("muted", parent=body, textColor=_colour(MUTED)),
        "bold": ParagraphStyle("bold", parent=body, fontName=fonts[True]),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=2,
                                 spaceAfter=3),
    }


def _p(text: str, style: Any, bullet: str | None = None) -> Any:
    from reportlab.platypus import Paragraph

    # User text: escaped, so "<b>" in a title shows as typed; line breaks kept.
    markup = html_text(plain_text(text)).replace("\n", "<br/>")
    return Paragraph(markup, style, bulletText=bullet)


def _sections(report: A3Report, styles: dict[str, Any], width: float) -> dict[str, list[Any]]:
    body, bullet = styles["body"], styles["bullet"]
    whys: list[Any] = [_p(why, bullet, f"{n}.") for n, why in enumerate(report.whys, 1)]
    if not whys:
        whys = [_p(translate("reports.a3_pdf", "No whys asked yet."), styles["muted"])]
    whys.append(_p(translate("reports.a3_pdf", "Root cause: {cause}").format(
        cause=report.root_cause or not_yet()), styles["bold"]))
    plan: list[Any] = [_p(report.target, styles["bold"])]
    for action in report.actions:
        due = translate("reports.a3_pdf", ", due {day}").format(
            day=format_day(action.due)) if action.due else ""
        who = f" ({action.owner}{due})" if action.owner or due else ""
        plan.append(_p(f"{action.text}{who}", bullet, "\u2713" if action.done else "\u25cb"))
    if not report.actions:
        plan.append(_p(translate("reports.a3_pdf", "No actions planned yet."), styles["muted"]))
    return {
        LEFT[0][0]: [_p(line, body) for line in report.background],
        LEFT[1][0]: [_p(line, body) for line in report.current_condition],
        LEFT[2][0]: whys,
        RIGHT[0][0]: [_p(line, body) for line in report.countermeasures],
        RIGHT[1][0]: plan,
        RIGHT[2][0]: _results(report, styles, width),
        RIGHT[3][0]: [_p(line, body) for line in report.follow_up],
    }


def _results(report: A3Report, styles: dict[str, Any], width: float) -> list[Any]:
    from reportlab.platypus import Image

    body = styles["body"]
    shown = next((r for r in report.results if r.before or r.after), None)
    flow: list[Any] = []
    if shown is None:
        flow.append(_p(translate("reports.a3_pdf", "No measurements recorded yet: record before "
                                 "and after samples in Measurements."), styles["muted"]))
    else:
        # The chart at its own scale across the box (its text stays the app's size), the
        # verdict of every metric under it.
        chart_w = width
        chart_h = min(230.0, chart_w * 0.42)
        flow.append(Image(io.BytesIO(_chart_png(shown, chart_w / 72, chart_h / 72)),
                          width=chart_w, height=chart_h))
        flow += [_p(f"{r.name}: {r.verdict}", body) for r in report.results
                 if r.before or r.after]
    if report.check_result:
        flow.append(_p(translate("reports.a3_pdf", "Check: {result}").format(
            result=report.check_result), styles["bold"]))
    return flow


def _chart_png(result: A3Result, width_in: float, height_in: float) -> bytes:
    from kaizen.charts import before_after_figure

    figure = before_after_figure(result.before, result.after, metric_name=result.name,
                                 unit=result.unit, direction=result.direction)
    figure.set_size_inches(width_in, height_in)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=200)
    return buffer.getvalue()
