"""What the Dashboard's figure cards say: the periods, the days, and each card's value and line.

Pure text (no widgets), kept apart from :mod:`kaizen.ui.views.dashboard` so each stays small.
Every word goes through :mod:`kaizen.i18n` and every number and day through
:mod:`kaizen.domain.numbers` and :mod:`kaizen.domain.months`, so a card reads in the language of
the work (issue 22); constants made at import time are only marked and translated where shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import TYPE_CHECKING

from kaizen.domain.months import format_day as _day
from kaizen.domain.months import month_name, months_spanned
from kaizen.domain.numbers import format_number
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui.measure.common import compact_money, format_money

if TYPE_CHECKING:
    from kaizen.services.dashboard import (
        DashboardFigures,
        Drilldown,
        Figure,
        PeriodFigures,
    )

UNKNOWN = "—"
CONTEXT_MONTHS = 12  # a savings chart of a short period shows the year leading up to it


# --- periods -----------------------------------------------------------------------------------


class Period(Enum):
    """The period presets; the value is the English label, shown through :func:`period_label`."""

    THIS_MONTH = QT_TRANSLATE_NOOP("ui.views.dashboard_cards", "This month")
    LAST_MONTH = QT_TRANSLATE_NOOP("ui.views.dashboard_cards", "Last month")
    YEAR_TO_DATE = QT_TRANSLATE_NOOP("ui.views.dashboard_cards", "Year to date")
    LAST_12_MONTHS = QT_TRANSLATE_NOOP("ui.views.dashboard_cards", "Last 12 months")
    CUSTOM = QT_TRANSLATE_NOOP("ui.views.dashboard_cards", "Custom range")


def period_label(period: Period) -> str:
    """The preset's name in the language of the work."""
    from kaizen.ui.views import translated

    return translated("ui.views.dashboard_cards", period.value)


def period_range(period: Period, today: date) -> tuple[date, date]:
    """The days (both included) a preset covers on ``today``; CUSTOM gives this month."""
    first_of_month = today.replace(day=1)
    if period is Period.LAST_MONTH:
        last = first_of_month - timedelta(days=1)
        return last.replace(day=1), last
    if period is Period.YEAR_TO_DATE:
        return date(today.year, 1, 1), today
    if period is Period.LAST_12_MONTHS:
        index = today.year * 12 + today.month - 1 - 11
        return date(index // 12, index % 12 + 1, 1), today
    return first_of_month, today


def chart_months(start: date, end: date) -> int:
    """How many months the savings chart shows for a period: the months it touches, or the
    year leading up to it when it is shorter than a quarter (one bar says little)."""
    months = months_spanned(start, end)
    return CONTEXT_MONTHS if months < 3 else min(months, 120)


def format_day(day: date) -> str:
    """"7 Dec 2026" (in the language of the work)."""
    return _day(day, padded=False)


def short_day(day: date) -> str:
    """"7 Dec"."""
    return _day(day, padded=False, year=False)


def format_range(start: date, end: date) -> str:
    """"1–30 Nov 2026", "1 Jan – 20 Nov 2026", "1 Dec 2025 – 5 Jan 2026"."""
    if start == end:
        return format_day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {month_name(end.month)} {end.year}"
    if start.year == end.year:
        return f"{short_day(start)} – {format_day(end)}"
    return f"{format_day(start)} – {format_day(end)}"


# --- what a card shows -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CardText:
    value: str
    detail: str = ""
    tone: str = ""  # "", "warning" or "muted"


def _percent(share: float) -> str:
    # round(): halves to even, as the "{:.0f}" this replaced (the English text stays the same).
    return f"{format_number(round(share * 100))}%"


def _count(value: float | None) -> str:
    """A share's part or whole: a count, written as "{:,.0f}" wrote it (halves to even)."""
    return format_number(round(value or 0))


def _participation(figure: Figure) -> CardText:
    if figure.value is None:
        return CardText(UNKNOWN, translate("ui.views.dashboard_cards",
                                           "No active people took part in the period"), "muted")
    detail = (translate("ui.views.dashboard_cards", "{part} of {whole} active person took part")
              if figure.denominator == 1 else
              translate("ui.views.dashboard_cards", "{part} of {whole} active people took part"))
    return CardText(_percent(figure.value), detail.format(
        part=_count(figure.numerator), whole=_count(figure.denominator)))


def card_texts(key: str, period: PeriodFigures, figures: DashboardFigures) -> CardText:
    """The value and the detail line of card ``key`` for one range of figures."""
    currency = figures.currency
    if key == "ideas_submitted":
        value = period.ideas_submitted.value or 0
        people = period.active_people
        detail = (translate("ui.views.dashboard_cards", "{count} active person") if people == 1
                  else translate("ui.views.dashboard_cards", "{count} active people"))
        return CardText(format_number(round(value)),
                        detail.format(count=format_number(people)))
    if key == "ideas_per_person_year":
        figure = period.ideas_per_person_year
        if figure.value is None:
            return CardText(UNKNOWN, translate("ui.views.dashboard_cards",
                                               "No active people in the area"), "muted")
        return CardText(format_number(figure.value, 1),
                        translate("ui.views.dashboard_cards", "a year, at this period's pace"))
    if key == "participation":
        return _participation(period.participation)
    if key == "implementation_rate":
        figure = period.implementation_rate
        if figure.value is None:
            return CardText(UNKNOWN, translate("ui.views.dashboard_cards",
                                               "No idea decided in the period"), "muted")
        return CardText(_percent(figure.value), translate(
            "ui.views.dashboard_cards", "{part} of {whole} decided were standardised").format(
            part=_count(figure.numerator), whole=_count(figure.denominator)))
    if key == "median_days_to_done":
        days = period.median_days_to_done.value
        if days is None:
            return CardText(UNKNOWN, translate("ui.views.dashboard_cards",
                                               "No idea standardised in the period"), "muted")
        label = (translate("ui.views.dashboard_cards", "{count} day") if round(days) == 1
                 else translate("ui.views.dashboard_cards", "{count} days"))
        return CardText(label.format(count=format_number(round(days))),
                        translate("ui.views.dashboard_cards", "from submission to standardised"))
    if key == "validated_savings":
        amount = period.validated_savings.value or 0.0
        short = compact_money(amount, currency)
        exact = format_money(amount, currency)
        return CardText(short, translate("ui.views.dashboard_cards", "{amount}, validated actuals")
                        .format(amount=exact) if short != exact
                        else translate("ui.views.dashboard_cards", "validated actuals"))
    if key == "overdue_actions":
        value = int(figures.overdue_actions.value or 0)
        return CardText(format_number(value), translate(
            "ui.views.dashboard_cards", "Do actions past due on {day}").format(
            day=short_day(figures.as_of)), "warning" if value else "")
    if key == "stalled_cards":
        value = int(figures.stalled_cards.value or 0)
        return CardText(format_number(value), translate(
            "ui.views.dashboard_cards", "{days}+ days in one stage").format(
            days=figures.stale_after_days), "warning" if value else "")
    raise KeyError(key)


def ytd_value(key: str, figures: DashboardFigures) -> str:
    return card_texts(key, figures.year_to_date, figures).value


@dataclass(frozen=True, slots=True)
class CardSpec:
    """A figure card: its key, caption, icon and tooltip (English, marked; shown translated
    through :meth:`caption_text` and :meth:`tip_text`)."""

    key: str
    caption: str
    icon: str
    tip: str
    snapshot: bool = False  # a figure "as of" a day: no year-to-date line

    def caption_text(self) -> str:
        from kaizen.ui.views import translated

        return translated("ui.views.dashboard_cards", self.caption)

    def tip_text(self) -> str:
        from kaizen.ui.views import translated

        return translated("ui.views.dashboard_cards", self.tip)


CARDS: tuple[CardSpec, ...] = (
    CardSpec("ideas_submitted",
             QT_TRANSLATE_NOOP("ui.views.dashboard_cards", "Ideas submitted"),
             "mdi6.lightbulb-on-outline",
             QT_TRANSLATE_NOOP("ui.views.dashboard_cards",
                               "Ideas created in the period, in the area and the areas below it.")),
    CardSpec("ideas_per_person_year",
             QT_TRANSLATE_NOOP("ui.views.dashboard_cards", "Ideas per person"),
             "mdi6.account-star-outline",
             QT_TRANSLATE_NOOP("ui.views.dashboard_cards",
                               "Ideas submitted ÷ active people, scaled to a year (× 365 ÷ days "
                               "in the period).")),
    CardSpec("participation",
             QT_TRANSLATE_NOOP("ui.views.dashboard_cards", "Participation"),
             "mdi6.account-group-outline",
             QT_TRANSLATE_NOOP("ui.views.dashboard_cards",
                               "Share of the active people who submitted at least one idea in the "
                               "period.")),
    CardSpec("implementation_rate",
             QT_TRANSLATE_NOOP("ui.views.dashboard_cards", "Implementation rate"),
             "mdi6.check-decagram-outline",
             QT_TRANSLATE_NOOP("ui.views.dashboard_cards",
                               "Ideas standardised ÷ ideas decided (standardised, abandoned or "
                               "rejected) in the period. Ideas still running are not counted.")),
    CardSpec("median_days_to_done",
             QT_TRANSLATE_NOOP("ui.views.dashboard_cards", "Median days to done"),
             "mdi6.timer-outline",
             QT_TRANSLATE_NOOP("ui.views.dashboard_cards",
                               "The median time from submission to standardised, of the ideas "
                               "standardised in the period.")),
    CardSpec("validated_savings",
             QT_TRANSLATE_NOOP("ui.views.dashboard_cards", "Validated savings"),
             "mdi6.cash-check",
             QT_TRANSLATE_NOOP("ui.views.dashboard_cards",
                               "Validated actual savings of the months the period touches; "
                               "forecasts and unvalidated amounts never count.")),
    CardSpec("overdue_actions",
             QT_TRANSLATE_NOOP("ui.views.dashboard_cards", "Overdue actions"),
             "mdi6.alert-circle-outline",
             QT_TRANSLATE_NOOP("ui.views.dashboard_cards",
                               "Do actions not done whose due date has passed, on open PDCA "
                               "cycles."), True),
    CardSpec("stalled_cards",
             QT_TRANSLATE_NOOP("ui.views.dashboard_cards", "Stalled cards"),
             "mdi6.snail",
             QT_TRANSLATE_NOOP("ui.views.dashboard_cards",
                               "Open PDCA cycles that have sat in the same stage for the site's "
                               "stale threshold or longer."), True),
)


def drilldowns(key: str, figures: DashboardFigures) -> tuple[Drilldown, Drilldown | None]:
    """The list behind card ``key``: for the period, and for the year to date (or None)."""
    if key == "overdue_actions":
        return figures.overdue_actions.drilldown, None
    if key == "stalled_cards":
        return figures.stalled_cards.drilldown, None
    period: Figure = getattr(figures.period, key)
    ytd: Figure = getattr(figures.year_to_date, key)
    return period.drilldown, ytd.drilldown
