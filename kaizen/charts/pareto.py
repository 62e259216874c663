"""Waste Pareto: yearly cost by category, largest first, with the cumulative share on top.

Bars that make up the first 80 % of the cost (the "vital few", including the one that crosses
80 %) are drawn in the accent colour; the rest in light slate.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from kaizen.charts import style
from kaizen.charts.layout import shortening
from kaizen.i18n import translate

PARETO_SHARE = 80.0


def pareto_figure(
    costs_by_category: Sequence[tuple[str, float]], *, currency: str
) -> Figure:
    title = translate("charts.pareto", "Where waste costs most")
    rows = sorted(
        ((str(label), float(cost)) for label, cost in costs_by_category if cost > 0),
        key=lambda row: (-row[1], row[0]),
    )
    total = sum(cost for _label, cost in rows)
    if not rows or total <= 0:
        return style.empty_figure(title)

    labels = [label for label, _cost in rows]
    costs = [cost for _label, cost in rows]
    shares: list[float] = []
    running = 0.0
    for cost in costs:
        running += cost
        shares.append(running / total * 100.0)
    vital = next(i for i, share in enumerate(shares) if share >= PARETO_SHARE - 1e-9) + 1

    fig, (ax,) = style.new_figure()
    xs = list(range(len(rows)))
    colours = [style.TEAL if i < vital else style.SLATE_LIGHT for i in xs]
    bars = ax.bar(xs, costs, width=0.68, color=colours, zorder=2)
    wrap = 12 if len(rows) <= 8 else 9
    # Tick settings before the ticks: each new tick is made with them, not made and then
    # changed (a tick's parameters applied again cost as much as half its making).
    ax.tick_params(axis="x", length=0, labelcolor=style.TEXT)
    # Slanted when many, or when a word is too long to wrap (German "Überbearbeitung"): upright
    # ones would run into each other.
    if len(rows) > 10 or any(len(word) > 14 for label in labels for word in label.split()):
        ax.tick_params(axis="x", labelrotation=35)
    ax.set_xticks(xs, [style.wrap_label(label, wrap) for label in labels])
    style.money_axis(ax, currency, translate("charts.pareto", "Yearly cost"))
    # Head room so the tallest bar's label stays under the 100 % end of the line.
    ax.set_ylim(0, max(costs) * 1.2)
    ax.set_xlim(-0.6, len(rows) - 0.4)

    ax2 = ax.twinx(axes_class=style.ChartAxes)
    ax2.plot(xs, shares, color=style.SIGNAL, marker="o", markersize=4.5, linewidth=1.6,
             zorder=3, label=translate("charts.pareto", "cumulative share"))
    ax2.axhline(PARETO_SHARE, color=style.FAINT, linewidth=1.0, linestyle=(0, (2, 2)),
                zorder=1, label="_80% line")
    ax2.set_ylim(0, 105)
    ax2.tick_params(colors=style.MUTED, labelsize=style.TICK_SIZE, length=3)
    style.percent_axis(ax2.yaxis)
    ax2.set_yticks([0, 20, 40, 60, 80, 100])
    for side in ("top", "left", "bottom"):
        ax2.spines[side].set_visible(False)
    ax2.spines["right"].set_color(style.FAINT)
    ax2.set_ylabel(translate("charts.pareto", "Cumulative share of cost"), color=style.MUTED,
                   fontsize=style.LABEL_SIZE)
    # On a chart too short for the words (the dashboard's 240 px, issue 16) just "Cum. %",
    # as the money axis gives way to its currency.
    shortening(ax2.yaxis.label, translate("charts.pareto", "Cum. %"))
    # The value labels go on the twin axes, over the line, on white, so the line never
    # crosses a number.
    for bar, cost in zip(bars, costs, strict=True):
        ax2.annotate(
            style.format_number(cost), xy=(bar.get_x() + bar.get_width() / 2, cost),
            xycoords=ax.transData, xytext=(0, 3), textcoords="offset points", ha="center",
            va="bottom", fontsize=style.NOTE_SIZE, color=style.TEXT, zorder=5,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                  "alpha": 0.9},
        )
    ax2.annotate("80%", xy=(1.0, PARETO_SHARE), xycoords=("axes fraction", "data"),
                 xytext=(-4, 3), textcoords="offset points", ha="right", va="bottom",
                 fontsize=style.NOTE_SIZE, color=style.MUTED)

    subtitle = (
        translate("charts.pareto", "Total {total} a year \u00b7 the top category makes up "
                  "{share}% of it") if vital == 1 else
        translate("charts.pareto", "Total {total} a year \u00b7 the top {count} categories make "
                  "up {share}% of it")).format(
        total=style.format_money(total, currency), count=vital,
        share=style.format_number(shares[vital - 1]))
    style.set_titles(fig, ax, title, subtitle)
    return fig
