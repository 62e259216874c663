"""Issue 22: chart titles, axis labels and legends follow the language of the work, and the
month ticks matplotlib writes (always English, strftime) are put in the language's own month
names: the abbreviated stand-alone names of the Unicode CLDR (German "Okt", "Dez";
https://cldr.unicode.org, de.xml, months/stand-alone/abbreviated)."""

from __future__ import annotations

from datetime import datetime

import matplotlib

matplotlib.use("Agg")

from matplotlib.dates import AutoDateLocator, date2num  # noqa: E402

from kaizen.charts import pareto_figure, style  # noqa: E402
from kaizen.i18n import PSEUDO, PSEUDO_CLOSE, PSEUDO_OPEN, using  # noqa: E402


def _month_ticks() -> list[str]:
    fig, (ax,) = style.new_figure()
    days = [datetime(2026, 9, 1), datetime(2026, 12, 20)]
    ax.plot(date2num(days), [1, 2])
    locator = AutoDateLocator(minticks=3, maxticks=6)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(style.ConciseDates(locator, show_offset=False))
    fig.canvas.draw()
    return [label.get_text() for label in ax.get_xticklabels()]


def test_month_ticks_use_the_languages_month_names() -> None:
    english = _month_ticks()
    assert {"Oct", "Dec"} <= set(english)
    with using("de"):
        german = _month_ticks()
    assert {"Okt", "Dez"} <= set(german) and "Oct" not in german
    assert len(german) == len(english)  # the same ticks, only their names differ


def test_a_charts_title_and_axis_label_are_marked() -> None:
    with using(PSEUDO):
        fig = pareto_figure([("Waiting", 1200.0), ("Motion", 300.0)], currency="EUR")
        texts = [t.get_text() for t in fig.texts] + [fig.axes[0].get_ylabel()]
    assert f"{PSEUDO_OPEN}Where waste costs most{PSEUDO_CLOSE}" in texts
    assert any(t.startswith(f"{PSEUDO_OPEN}Yearly cost{PSEUDO_CLOSE}") for t in texts)
