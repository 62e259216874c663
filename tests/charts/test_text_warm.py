"""The dashboard charts' fixed text prepared before their first draw ever (issue 21,
kaizen/ui/charts/text_warm.py): after the warm-up, the first real chart rasterises only the
strings of its data (amounts, totals, the subtitle); titles, labels, months and categories come
from the cache, in the language of the work, and are kept in the file for the next run."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSize

from kaizen.domain.enums import SavingsKind, WasteCategory
from kaizen.i18n import using
from kaizen.ui.charts import text_cache, text_store
from kaizen.ui.charts.chart_widget import prerender
from kaizen.ui.charts.text_warm import warm_dashboard_text
from kaizen.ui.views.dashboard import pareto_chart_figure, savings_chart_figure

SIZE = QSize(460, 300)
TODAY = date(2026, 12, 7)


@pytest.fixture
def drawn(monkeypatch, tmp_path: Path):
    """The strings rasterised (cache misses) from here on."""
    text_store.use_folder(tmp_path)
    text_cache.clear(as_new_process=True)
    missed: list[str] = []
    original = text_cache.CachedRendererAgg._mask

    def mask(self, s, *args):
        missed.append(s)
        return original(self, s, *args)

    monkeypatch.setattr(text_cache.CachedRendererAgg, "_mask", mask)
    yield missed
    text_store.use_folder(None)
    text_cache.clear()


def _pareto() -> tuple:
    labels = [category.label for category in WasteCategory]
    return (tuple(zip(labels, (812_345.0, 640_010.0, 402_233.0, 91_876.0, 20_001.0, 9_871.0,
                               1_234.0), strict=True)), "EUR")


def _savings() -> tuple:
    months = tuple(f"2026-{m:02d}" for m in range(1, 13)) + ("2025-12",)
    months = tuple(sorted(months))
    actual = ((SavingsKind.HARD, (31_234.0,) * 13), (SavingsKind.SOFT, (9_876.0,) * 13))
    return (months, actual, (0.0,) * 13, "EUR")


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_first_chart_draws_only_its_datas_strings(qapp, drawn: list[str], language: str):
    with using(language):
        warm_dashboard_text(SIZE, 1.0, "EUR", today=TODAY)
        assert (text_store.cache_file() or Path()).is_file()  # kept for the next run too
        drawn.clear()
        prerender(pareto_chart_figure(_pareto()), SIZE, 1.0)
        prerender(savings_chart_figure(_savings()), SIZE, 1.0)
        # Only strings with the data's numbers in them: amounts, ticks, the subtitles' totals.
        assert drawn and all(any(c.isdigit() for c in s) for s in drawn), drawn
        for category in WasteCategory:
            assert category.label.split()[0] not in drawn


def test_without_the_warm_up_every_string_is_drawn(qapp, drawn: list[str]):
    prerender(pareto_chart_figure(_pareto()), SIZE, 1.0)
    assert WasteCategory.WAITING.label in drawn and len(drawn) > 20
