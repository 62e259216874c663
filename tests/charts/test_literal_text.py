"""Issue 14: user text in charts is drawn as typed. matplotlib reads text between two ``$`` as
TeX math (matplotlib docs, "Writing mathematical expressions": "an even number of dollar signs
... mathtext"), so a metric called "Price $$" stopped the chart with a ParseException. Every
chart figure switches math parsing off for all its texts before it draws
(kaizen/charts/style.py, ChartFigure)."""

from __future__ import annotations

import io

import pytest
from matplotlib.text import Text

from kaizen.charts import (
    before_after_figure,
    cumulative_savings_figure,
    pareto_figure,
    xmr_figure,
)
from kaizen.domain.enums import MetricDirection

NAMES = ["Price $$", "Save $5 on $3 parts", r"$\frac{a}{b}$ per shift", "$", "x_1^2 $\\$",
         r"$\undefinedcommand{x}$"]


def _draw(fig) -> list[str]:
    """Draw ``fig`` to PNG and PDF as the screen and the report do; the texts it showed."""
    for fmt in ("png", "pdf"):
        fig.savefig(io.BytesIO(), format=fmt)
    return [t.get_text() for t in fig.findobj(Text)]


@pytest.mark.parametrize("name", NAMES)
def test_metric_names_and_units_with_dollars_are_drawn_as_typed(name):
    shown = _draw(before_after_figure([3.0, 4.0, 5.0], [2.0, 2.5, 3.0], metric_name=name,
                                      unit="$", direction=MetricDirection.LOWER_IS_BETTER))
    assert any(text.startswith(f"{name}:") for text in shown), shown
    shown = _draw(xmr_figure([3.0, 4.0, 5.0, 2.0, 2.5, 3.0], 3, metric_name=name, unit="$$"))
    assert f"{name}: control chart (XmR)" in shown


@pytest.mark.parametrize("name", NAMES)
def test_labels_and_currencies_with_dollars_are_drawn_as_typed(name):
    shown = _draw(pareto_figure([(name, 120.0), ("Waiting", 80.0)], currency="$"))
    # A long label is wrapped over lines: compare without the spaces and breaks.
    assert "".join(name.split()) in "".join("|".join(shown).split()), shown
    _draw(cumulative_savings_figure(["2026-09", "2026-10"], {name: [10.0, 20.0]}, [5.0, 5.0],
                                    currency="$$"))


def test_every_text_of_a_drawn_chart_has_math_off():
    fig = pareto_figure([("Price $$", 1.0)], currency="$")
    _draw(fig)
    # A hidden axis (the twin's x axis) draws nothing: its ticks are not even made (issue 21).
    hidden = {id(text) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
              if not axis.get_visible() for text in axis.findobj(Text)}
    shown = [text for text in fig.findobj(Text) if id(text) not in hidden]
    assert len(shown) > 20
    assert all(not text.get_parse_math() for text in shown)
