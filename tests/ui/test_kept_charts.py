"""Charts kept as pictures between runs (issue 21: the dashboard's charts at start without
matplotlib): equal data at the same size shows the kept picture, pixel for pixel what the drawn
chart showed, and nothing is drawn (drawings counted through the builder); other data, or
another size, is drawn again. kaizen/ui/charts/kept.py, ChartWidget.draw_kept. Under tests/ui:
its conftest collects garbage on the
main thread only, as the app does (a collection on a worker could delete Qt objects there)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from kaizen import i18n
from kaizen.charts import pareto_figure
from kaizen.ui.charts.chart_widget import ChartWidget
from kaizen.ui.charts.kept import KeptCharts, chart_key

DATA = ((("Waiting", 1200.0), ("Motion", 800.0), ("Defects", 300.0)), "EUR")


class Builder:
    """The chart's drawer, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, data):
        self.calls += 1
        bars, currency = data
        return pareto_figure(list(bars), currency=currency)


def shown(qtbot, kept: KeptCharts, build: Builder, data=DATA, size=(520, 360)) -> ChartWidget:
    chart = ChartWidget("Pareto")
    qtbot.addWidget(chart)
    chart.resize(*size)
    chart.show()
    qtbot.waitExposed(chart)
    with qtbot.waitSignal(chart.figureShown, timeout=60_000):
        chart.draw_kept(lambda: data, build, kept=kept, name="pareto")
    return chart


def pixels(widget) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_equal_data_shows_the_kept_picture_without_drawing(qtbot, tmp_path: Path) -> None:
    kept, build = KeptCharts(tmp_path), Builder()
    first = shown(qtbot, kept, build)
    assert build.calls == 1 and first.canvas is not None
    assert (tmp_path / "chart-pareto.png").is_file()
    drawn = pixels(first.canvas)

    second = shown(qtbot, kept, build)
    assert build.calls == 1, "drawn again though nothing changed"
    assert second.figure is None and second.picture is not None
    assert not second.is_loading and second.save_button.isEnabled()
    assert second.picture.size() == first.canvas.size()
    assert pixels(second.picture) == drawn  # identical, pixel for pixel


def test_other_data_or_size_is_drawn_again(qtbot, tmp_path: Path) -> None:
    kept, build = KeptCharts(tmp_path), Builder()
    shown(qtbot, kept, build)
    changed = ((("Waiting", 1250.0), ("Motion", 800.0), ("Defects", 300.0)), "EUR")
    other = shown(qtbot, kept, build, changed)
    assert build.calls == 2 and other.canvas is not None
    # The kept picture is now the changed data's: the first data is drawn again.
    shown(qtbot, kept, build)
    assert build.calls == 3
    wider = shown(qtbot, kept, build, size=(600, 360))
    assert build.calls == 4 and wider.canvas is not None


def test_a_kept_picture_resized_is_drawn_for_its_new_size(qtbot, tmp_path: Path) -> None:
    kept, build = KeptCharts(tmp_path), Builder()
    shown(qtbot, kept, build)
    chart = shown(qtbot, kept, build)
    assert build.calls == 1 and chart.picture is not None
    with qtbot.waitSignal(chart.figureShown, timeout=60_000):
        chart.resize(600, 400)
    assert build.calls == 2
    assert chart.picture is None and chart.canvas is not None


def test_the_key_follows_data_size_ratio_and_language() -> None:
    key = chart_key(DATA, 520, 300, 1.0, "en")
    assert key == chart_key(DATA, 520, 300, 1.0, "en")
    assert key != chart_key(DATA, 521, 300, 1.0, "en")
    assert key != chart_key(DATA, 520, 300, 2.0, "en")
    assert key != chart_key(DATA, 520, 300, 1.0, "de")
    assert key != chart_key(((("Waiting", 1200.0),), "EUR"), 520, 300, 1.0, "en")
    with i18n.using("de"):
        assert chart_key(DATA, 520, 300, 1.0) == chart_key(DATA, 520, 300, 1.0, "de")
