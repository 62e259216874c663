"""Cumulative savings by month: actual stacked by kind, with the forecast's line beside it.

Every quantity is cumulative so that one money axis serves the whole chart: each month's stack
is the actual saved so far split into hard, soft and avoidance; the solid line is the total of
that stack, the dashed line the forecast's running total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.figure import Figure

from kaizen.charts import style
from kaizen.domain.enums import SavingsKind
from kaizen.domain.months import month_name
from kaizen.domain.savings_math import cumulative
from kaizen.i18n import translate

_FALLBACK_COLOURS = ["#5f7ea3", "#a3a3c2", "#7a9e7e"]


def cumulative_savings_figure(
    months: Sequence[str],
    actual_by_kind: Mapping[str, Sequence[float]] | Mapping[SavingsKind, Sequence[float]],
    forecast: Sequence[float],
    *,
    currency: str,
) -> Figure:
    """``months`` are "YYYY-MM" in order; each kind's list and ``forecast`` hold one monthly
    amount per month (not yet cumulative). Kinds are labels ("Hard") or SavingsKind members,
    drawn bottom to top in the mapping's order."""
    title = translate("charts.savings", "Savings so far")
    months = list(months)
    for label, amounts in actual_by_kind.items():
        if len(amounts) != len(months):
            raise ValueError(translate("charts.savings", "{kind}: one amount per month is needed.")
                             .format(kind=label))
    if forecast and len(forecast) != len(months):
        raise ValueError(translate("charts.savings", "The forecast needs one amount per month."))
    has_actual = any(any(a != 0 for a in amounts) for amounts in actual_by_kind.values())
    has_forecast = any(a != 0 for a in forecast)
    if not months or not (has_actual or has_forecast):
        return style.empty_figure(title)

    fig, (ax,) = style.new_figure()
    xs = list(range(len(months)))
    bottom = [0.0] * len(months)
    fallback = iter(_FALLBACK_COLOURS * 3)
    for kind, amounts in actual_by_kind.items():
        running = cumulative(amounts)
        # A SavingsKind key (as the analytics service returns) shows its label; a plain
        # string is shown as given. Either picks the kind's colour by its name.
        label = str(getattr(kind, "label", kind))
        colour = style.KIND_COLOURS.get(str(kind).strip().lower()) or next(fallback)
        ax.bar(xs, running, bottom=bottom, width=0.7 if len(months) > 4 else 0.5,
               color=colour, label=label, zorder=2)
        bottom = [b + r for b, r in zip(bottom, running, strict=True)]
    total_actual = bottom

    handles: list = list(ax.containers)
    if has_actual:
        (line,) = ax.plot(
            xs, total_actual, color=style.LINE_DARK, linewidth=1.8, marker="o", markersize=3.5,
            zorder=4, label=translate("charts.savings", "Actual, total"),
        )
        handles.append(line)
    total_forecast = cumulative(forecast) if forecast else []
    if has_forecast:
        (fline,) = ax.plot(
            xs, total_forecast, color=style.FORECAST, linewidth=1.6, linestyle=(0, (5, 3)),
            zorder=4, label=translate("charts.savings", "Forecast"),
        )
        handles.append(fline)

    # Tick settings before the ticks: each new tick is made with them, not made and then
    # changed (a tick's parameters applied again cost as much as half its making).
    ax.tick_params(axis="x", length=0)
    ax.set_xticks(xs, _month_labels(months))
    ax.set_xlim(-0.6, len(months) - 0.4)
    style.money_axis(ax, currency, translate("charts.savings", "Cumulative savings"))
    low = min(0.0, *total_actual, *(total_forecast or [0.0]))
    high = max(0.0, *total_actual, *(total_forecast or [0.0]))
    ax.set_ylim(low * 1.08, high * 1.08 if high > 0 else 1.0)
    ax.legend(
        handles=handles, loc="upper left", frameon=False, fontsize=style.NOTE_SIZE,
        ncol=1, handlelength=2.2,
    )

    actual_text = style.format_money(total_actual[-1], currency) if has_actual else ""
    forecast_text = style.format_money(total_forecast[-1], currency) if has_forecast else ""
    if has_actual and has_forecast:
        amounts = translate("charts.savings", "Actual {actual} vs forecast {forecast}")
    elif has_actual:
        amounts = translate("charts.savings", "Actual {actual}")
    else:
        amounts = translate("charts.savings", "forecast {forecast}")
    span = _month_label(months[0], True).replace("\n", " ")
    if len(months) > 1:
        span += f" \u2013 {_month_label(months[-1], True).replace(chr(10), ' ')}"
    subtitle = f"{span} \u00b7 " + amounts.format(actual=actual_text, forecast=forecast_text)
    style.set_titles(fig, ax, title, subtitle)
    return fig


def _month_labels(months: list[str]) -> list[str]:
    step = max(1, -(-len(months) // 18))  # at most ~18 labels across 800 px
    labels = []
    for i, month in enumerate(months):
        if i % step:
            labels.append("")
            continue
        new_year = month[:4] != months[i - step][:4] if i else True
        first_of_year = new_year or month[5:7] == "01"
        labels.append(_month_label(month, first_of_year))
    return labels


def _month_label(month: str, with_year: bool) -> str:
    try:
        number = int(month[5:7])
        if not 1 <= number <= 12:
            return month
    except ValueError:
        return month
    name = month_name(number)
    return f"{name}\n{month[:4]}" if with_year else name

