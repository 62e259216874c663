"""A chart card: a matplotlib Figure on a ``FigureCanvasQTAgg``, a placeholder while the figure
is built in the background, and "Save as PNG/SVG…".

The figure builders of :mod:`kaizen.charts` run in the worker (:meth:`ChartWidget.draw` takes a
function returning a Figure), which is also where matplotlib and its Qt backend are imported the
first time: the app itself never imports matplotlib at start. The canvas is created and attached
on the GUI thread when the figure arrives, and drawn there with ``draw_idle()``.

The worker also lays the figure out and renders it at the size the canvas will have
(:func:`prerender`), so attaching it costs the GUI thread a copy of pixels, not a draw; later
draws (a resize) happen on the GUI thread as usual.

Both draw text through :mod:`kaizen.ui.charts.text_cache`: each string measured and rasterised
once per process, not on every draw.

The builders lay a figure out for 800 x 450 px at 100 dpi. The canvas sets the figure's dpi from
its size (:func:`chart_dpi`, the rule of :func:`kaizen.charts.style.display_dpi`): a larger
canvas draws every text larger, a smaller one smaller, never below 9 pt on screen.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui import resources
from kaizen.ui.measure.common import ElidedLabel
from kaizen.ui.worker import Task, run_in_background

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from kaizen.ui.charts.kept import KeptCharts

log = logging.getLogger(__name__)

PNG_DPI = 200
HINT_WIDTH, HINT_HEIGHT = 400, 240
LOADING_TEXT = QT_TRANSLATE_NOOP("ui.charts.chart_widget", "Drawing the chart…")


def loading_text() -> str:
    """:data:`LOADING_TEXT` in the app's language."""
    return translate("ui.charts.chart_widget", LOADING_TEXT)

CHART_STYLE = """
QFrame#ChartCard {
    background: #ffffff;
    border: 1px solid #e4e7ec;
    border-radius: 12px;
}
QLabel#ChartCaption {
    color: #475467;
    font-weight: 600;
}
QLabel#ChartPlaceholder, QLabel#ChartPlaceholderIcon {
    color: #98a2b3;
    background: transparent;
}
QToolButton#ChartSave {
    border: 1px solid transparent;
    border-radius: 6px;
    padding: 3px 8px;
    color: #475467;
    background: transparent;
}
QToolButton#ChartSave:hover {
    border-color: #d0d5dd;
    background: #f9fafb;
}
QToolButton#ChartSave:disabled {
    color: #d0d5dd;
}
"""


def chart_dpi(width_px: int, height_px: int | None = None) -> float:
    """The dpi at which a figure designed 8 x 4.5 inches is shown in ``width_px`` x
    ``height_px`` logical pixels: :func:`kaizen.charts.style.display_dpi`, the charts' one rule
    for text size (it scales with the chart, never under 9 pt). Imported here on first use:
    a figure exists by then, so matplotlib is loaded anyway."""
    from kaizen.charts.style import display_dpi

    return display_dpi(width_px, height_px)


@functools.cache
def screen_text() -> None:
    """Draw the app's text without the fonts' own hinting: done once, before the first chart.

    Matplotlib 3.11 rasterises every glyph anew on each draw, running DejaVu's hinting program
    for each: text is about 85% of a chart's draw, and without hinting it costs a third less
    (``text.hinting`` "default": 2.9 ms to draw "50,000" at 9 pt, "no_hinting": 2.0 ms). At
    the sizes of our charts the letters look the same (the shapes are anti-aliased either way;
    compared side by side at 460 x 300). A process-wide setting, as matplotlib reads it from
    rcParams only; in the app nothing else draws text with matplotlib, and it is set before
    any chart is drawn so the worker's pixels and a later redraw on the GUI thread match.
    """
    import matplotlib

    matplotlib.rcParams["text.hinting"] = "no_hinting"


@functools.cache
def canvas_class() -> type:
    """The canvas class; imports matplotlib's Qt backend on first use."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    screen_text()

    class ChartCanvas(FigureCanvasQTAgg):
        """A FigureCanvasQTAgg whose figure dpi follows the width (see :func:`chart_dpi`), and
        which can start from pixels the worker rendered (see :func:`prerender`)."""

        _fresh_key: tuple[float, float, float] | None = None

        def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
            figure = self.figure
            base = chart_dpi(event.size().width(), event.size().height())
            # What FigureCanvasBase._set_device_pixel_ratio does for a screen change: the base
            # dpi, scaled by the screen's ratio, without resizing the widget from the figure.
            figure._original_dpi = base
            figure._set_dpi(base * self.device_pixel_ratio, forward=False)
            super().resizeEvent(event)

        _room: QSize | None = None

        def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
            # Not the figure's 800 x 450: the chart fills whatever room its layout gives it,
            # and a big hint would push a scrolling page taller than the window. A canvas
            # started from the worker's pixels asks for the room they were rendered for: the
            # placeholder's. A different hint moved the layout by a few pixels when the canvas
            # came in (a scrolling page's charts at their minimum: 234 -> 240 px high), and the
            # chart was drawn again on the GUI thread, 100-200 ms at start (issue 21).
            return self._room if self._room is not None else QSize(HINT_WIDTH, HINT_HEIGHT)

        def adopt(self, rendered: Rendered) -> None:
            """Use the worker's pixels for the first paint when the size still matches."""
            self._room = QSize(rendered.width, rendered.height)
            self.figure._original_dpi = rendered.base_dpi
            self.renderer = rendered.renderer
            self._lastKey = rendered.key
            self._fresh_key = rendered.key

        def get_renderer(self) -> Any:
            if self._fresh_key is not None and _same_size(self._fresh_key,
                                                          _render_key(self.figure)):
                return self.renderer
            # FigureCanvasAgg.get_renderer, with the text-caching renderer.
            from kaizen.ui.charts.text_cache import cached_renderer

            return cached_renderer(self)

        def draw(self) -> None:
            if self._fresh_key is not None:
                if _same_size(self._fresh_key, _render_key(self.figure)):
                    # The adopted pixels are of this size (a figure shown is never changed,
                    # a new one gets a new canvas): nothing to render on this thread.
                    self.update()
                    return
                self._fresh_key = None
            super().draw()

        @property
        def prerendered(self) -> bool:
            """True while the worker's pixels are shown (no draw on the GUI thread yet)."""
            return self._fresh_key is not None

    return ChartCanvas


@dataclass(frozen=True)
class Rendered:
    """A figure laid out and rendered by the worker at the size its canvas will have."""

    renderer: Any
    key: tuple[float, float, float]
    base_dpi: float
    width: int = HINT_WIDTH  # logical pixels rendered for (the room the canvas asks for)
    height: int = HINT_HEIGHT


def _render_key(figure: Figure) -> tuple[float, float, float]:
    # The key FigureCanvasAgg.get_renderer reuses its renderer by.
    width, height = figure.bbox.size
    return (width, height, figure.dpi)


def _same_size(a: tuple[float, float, float], b: tuple[float, float, float]) -> bool:
    # Sizes come from inches x dpi: the same pixels can differ in the last float digit.
    return abs(a[0] - b[0]) < 0.5 and abs(a[1] - b[1]) < 0.5 and abs(a[2] - b[2]) < 1e-6


def prerender(figure: Figure, size: QSize, ratio: float) -> Rendered | None:
    """Lay out and render ``figure`` at ``size`` logical pixels (worker thread).

    Drawing a figure (its one-pass layout, then Agg; mostly text) costs 80-200 ms of CPU; done
    here, the canvas shows the result without drawing again on the GUI thread, unless its size
    has changed in the meantime. The figure belongs to this thread until it is handed over.
    """
    if size.width() < 50 or size.height() < 50:
        return None
    from kaizen.ui.charts.text_cache import CachedCanvasAgg, keep

    screen_text()
    base = chart_dpi(size.width(), size.height())
    figure._set_dpi(base * ratio, forward=False)
    figure.set_size_inches(size.width() / base, size.height() / base, forward=False)
    agg = CachedCanvasAgg(figure)
    agg.draw()
    keep()  # new strings kept on disk for the next run (when the app names a folder)
    return Rendered(agg.renderer, _render_key(figure), base, size.width(), size.height())


class _Latest:
    """The number of a widget's newest draw request, shared with its workers (a plain object,
    not the widget: a worker never touches widgets), so a build already outdated is skipped."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0


def _prepare_backend() -> None:
    """Import matplotlib's Qt backend on the worker, so the GUI thread does not pay for it."""
    import matplotlib.backends.backend_qtagg  # noqa: F401


class ChartPicture(QWidget):
    """A kept chart's pixels (:mod:`kaizen.ui.charts.kept`), painted as the canvas paints its
    own: the area erased, the image drawn at the top left, unscaled."""

    resized = Signal()

    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = image
        ratio = image.devicePixelRatio() or 1.0
        self._room = QSize(round(image.width() / ratio), round(image.height() / ratio))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self._room  # the room it was drawn for, as a canvas from the worker asks

    def fits(self) -> bool:
        """True while the widget is the size the pixels were drawn for."""
        return self.size() == self._room

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        try:
            painter.eraseRect(event.rect())
            painter.drawImage(QPoint(0, 0), self.image)
        finally:
            painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if not self.fits():
            self.resized.emit()


@dataclass(frozen=True)
class _KeptChart:
    """A worker's answer when the kept picture fits: the picture and the data (drawn from
    on a resize or a save)."""

    image: QImage
    data: Any


class ChartWidget(QFrame):
    """A card with a caption, a "Save" button and the chart (or a placeholder until it is drawn).

    ``figureShown`` fires once a new figure is on the canvas; ``failed(str)`` when building one
    raised. ``figure`` and ``canvas`` are None until the first figure arrives.
    """

    figureShown = Signal()
    failed = Signal(str)

    def __init__(self, caption: str = "", *, file_stem: str = "chart",
                 show_header: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChartCard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(CHART_STYLE)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.file_stem = file_stem
        self.figure: Figure | None = None
        self.canvas: QWidget | None = None
        # A kept picture shown instead of a figure (draw_kept), with what draws it for real.
        self.picture: ChartPicture | None = None
        self._redraw: Callable[[], Figure] | None = None
        self._picture_name = "chart"
        self._latest = _Latest()

        self.caption_label = ElidedLabel(caption)
        self.caption_label.setObjectName("ChartCaption")
        self.save_button = QToolButton()
        self.save_button.setObjectName("ChartSave")
        self.save_button.setText(translate("ui.charts.chart_widget", "Save…"))
        self.save_button.setIcon(resources.icon("mdi6.tray-arrow-down", resources.MUTED))
        self.save_button.setIconSize(QSize(16, 16))
        self.save_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.save_button.setToolTip(translate("ui.charts.chart_widget",
                                              "Save this chart as a PNG image or an SVG drawing"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save_as)

        header = QHBoxLayout()
        header.setContentsMargins(14, 8, 8, 0)
        header.setSpacing(8)
        header.addWidget(self.caption_label, 1)
        header.addWidget(self.save_button)

        self.placeholder = QWidget()
        self.placeholder.setObjectName("ChartPlaceholderPage")
        self.placeholder_icon = QLabel()
        self.placeholder_icon.setObjectName("ChartPlaceholderIcon")
        self.placeholder_icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder_icon.setPixmap(
            resources.icon("mdi6.chart-box-outline", "#d0d5dd").pixmap(QSize(48, 48))
        )
        self.placeholder_label = QLabel(loading_text())
        self.placeholder_label.setObjectName("ChartPlaceholder")
        self.placeholder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.placeholder_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder_label.setWordWrap(True)
        column = QVBoxLayout(self.placeholder)
        column.addStretch(1)
        column.addWidget(self.placeholder_icon)
        column.addWidget(self.placeholder_label)
        column.addStretch(1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)

        # Without the header (its owner shows caption and "Save" elsewhere), the chart is all.
        self.header = QWidget()
        self.header.setLayout(header)
        self.header.setVisible(show_header)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(1, 1, 1, 8 if show_header else 1)
        outer.setSpacing(0)
        outer.addWidget(self.header)
        outer.addWidget(self.stack, 1)

    # -- state ------------------------------------------------------------------------------------
    @property
    def is_loading(self) -> bool:
        return self.stack.currentWidget() is self.placeholder and (
            self.placeholder_label.text() == loading_text()
        )

    def set_caption(self, text: str) -> None:
        self.caption_label.setText(text)
        self.caption_label.setToolTip(text)

    def show_loading(self, text: str | None = None) -> None:
        """Show the placeholder (the previous figure is dropped only when the next arrives);
        ``text`` as shown, "Drawing the chart…" by default."""
        if self.figure is None and self.picture is None:
            self.show_message(loading_text() if text is None else text)

    def show_message(self, text: str) -> None:
        """Replace the chart by a short message (an error, or nothing to draw)."""
        self.placeholder_label.setText(text)
        self.stack.setCurrentWidget(self.placeholder)
        self.save_button.setEnabled(False)

    def clear(self, text: str = "") -> None:
        """Drop the figure (and forget any figure still being built)."""
        self._latest.value += 1
        self._drop_canvas()
        self.show_message(text)

    # -- drawing ----------------------------------------------------------------------------------
    def _start_drawing(self) -> tuple[int, QSize, float]:
        """A new drawing, which wins over older ones: its generation, and the room and pixel
        ratio to render for (read here, on the GUI thread)."""
        self._latest.value += 1
        self.show_loading()
        return self._latest.value, self.stack.contentsRect().size(), self.devicePixelRatioF() or 1.0

    def draw(self, build: Callable[[], Figure], *, name: str = "chart") -> Task:
        """Run ``build`` (which must not touch widgets) in the worker; show its figure here.

        A newer call wins: an older build not started yet is skipped, and the figure of one
        that arrives late is dropped.
        """
        latest = self._latest
        generation, size, ratio = self._start_drawing()

        def work() -> tuple[Figure, Rendered | None] | None:
            if latest.value != generation:
                return None
            _prepare_backend()
            figure = build() if latest.value == generation else None
            if figure is None:
                return None
            return figure, prerender(figure, size, ratio)

        return run_in_background(
            work,
            on_success=lambda figure: self._on_built(generation, figure),
            on_failure=lambda error: self._on_failed(generation, error),
            owner=self,
            name=name,
        )

    def draw_kept(self, fetch: Callable[[], Any], build: Callable[[Any], Figure], *,
                  kept: KeptCharts | None, name: str = "chart") -> Task:
        """As :meth:`draw`, with the data apart from the drawing: ``fetch()`` (worker) gives
        plain values, ``build(data)`` their Figure. With ``kept``, when the kept picture of
        ``name`` was drawn from equal data at this size (:func:`kept.chart_key`), that picture
        is shown: matplotlib is neither imported nor drawing. Otherwise the figure is drawn
        as :meth:`draw` does and its pixels are kept for the next time."""
        latest = self._latest
        generation, size, ratio = self._start_drawing()

        def work() -> tuple[Figure, Rendered | None] | _KeptChart | None:
            if latest.value != generation:
                return None
            data = fetch()
            key = ""
            if kept is not None and size.width() >= 50 and size.height() >= 50:
                from kaizen.ui.charts.kept import chart_key

                key = chart_key(data, size.width(), size.height(), ratio)
                image = kept.get(name, key)
                if image is not None:
                    image.setDevicePixelRatio(ratio)
                    return _KeptChart(image, data)
            _prepare_backend()
            if latest.value != generation:
                return None
            figure = build(data)
            rendered = prerender(figure, size, ratio)
            if kept is not None and rendered is not None and key:
                from kaizen.ui.charts.kept import agg_image

                kept.put(name, key, agg_image(rendered.renderer))
            return figure, rendered

        def done(result: tuple[Figure, Rendered | None] | _KeptChart | None) -> None:
            if isinstance(result, _KeptChart):
                if generation == latest.value:
                    self.set_picture(result.image, lambda: build(result.data), name=name)
                return
            self._on_built(generation, result)

        return run_in_background(
            work,
            on_success=done,
            on_failure=lambda error: self._on_failed(generation, error),
            owner=self,
            name=name,
        )

    def set_picture(self, image: QImage, redraw: Callable[[], Figure], *,
                    name: str = "chart") -> None:
        """Show a kept chart's pixels (GUI thread); ``redraw`` (run in the worker, or here for
        a save) draws its figure when the room changes."""
        self._drop_canvas()
        picture = ChartPicture(image)
        picture.setObjectName("ChartPicture")
        picture.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        picture.setMinimumSize(QSize(200, 140))
        picture.resized.connect(self._picture_resized)
        self.picture = picture
        self._redraw = redraw
        self._picture_name = name
        self.stack.addWidget(picture)
        self.stack.setCurrentWidget(picture)
        self.save_button.setEnabled(True)
        self.figureShown.emit()

    def _picture_resized(self) -> None:
        # Another size: drawn for real (the picture stays until the figure replaces it).
        redraw = self._redraw
        if self.picture is not None and redraw is not None:
            self._redraw = None
            self.draw(redraw, name=self._picture_name)

    def _on_built(self, generation: int,
                  built: tuple[Figure, Rendered | None] | None) -> None:
        if built is not None and generation == self._latest.value:
            self.set_figure(*built)

    def _on_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._latest.value:
            return
        log.error("Chart could not be drawn", exc_info=error)
        self._drop_canvas()
        message = translate("ui.charts.chart_widget", "The chart could not be drawn: {error}"
                            ).format(error=error)
        self.show_message(message)
        self.failed.emit(message)

    def set_figure(self, figure: Figure, rendered: Rendered | None = None) -> None:
        """Show ``figure`` (on the GUI thread); replaces the previous one. With ``rendered``
        (from :func:`prerender`) the first paint uses the worker's pixels."""
        self._drop_canvas()
        canvas = canvas_class()(figure)
        if rendered is not None:
            canvas.adopt(rendered)
        canvas.setObjectName("ChartCanvas")
        canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        canvas.setMinimumSize(QSize(200, 140))
        # The canvas would otherwise take keyboard focus on click and swallow shortcuts.
        canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.figure = figure
        self.canvas = canvas
        self.stack.addWidget(canvas)
        self.stack.setCurrentWidget(canvas)
        self.save_button.setEnabled(True)
        canvas.draw_idle()
        self.figureShown.emit()

    def _drop_canvas(self) -> None:
        if self.canvas is not None:
            self.stack.removeWidget(self.canvas)
            self.canvas.deleteLater()
        if self.picture is not None:
            self.stack.removeWidget(self.picture)
            self.picture.deleteLater()
        self.canvas = None
        self.picture = None
        self._redraw = None
        self.figure = None

    # -- saving -----------------------------------------------------------------------------------
    def save_as(self) -> Path | None:
        """Ask where to save the chart (PNG or SVG) and save it there."""
        if self.figure is None and self._redraw is None:
            return None
        png = translate("ui.charts.chart_widget", "PNG image (*.png)")
        svg = translate("ui.charts.chart_widget", "SVG drawing (*.svg)")
        path, chosen = QFileDialog.getSaveFileName(
            self, translate("ui.charts.chart_widget", "Save chart"), f"{self.file_stem}.png",
            f"{png};;{svg}"
        )
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() not in (".png", ".svg"):
            target = target.with_suffix(".svg" if chosen == svg else ".png")
        try:
            self.save_figure(target)
        except OSError as exc:
            self.show_save_error(translate("ui.charts.chart_widget",
                                           "The chart could not be saved: {error}").format(
                error=exc.strerror or exc))
            return None
        return target

    def save_figure(self, path: Path) -> None:
        """Write the figure as shown (PNG at PNG_DPI, or SVG) to ``path``."""
        if self.figure is None and self._redraw is None:
            raise ValueError("There is no chart to save yet.")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.figure is None and self._redraw is not None:
                # A kept picture has no figure: its data drawn once, for the file only.
                self.figure = self._redraw()
            fmt = "svg" if path.suffix.lower() == ".svg" else "png"
            self.figure.savefig(path, format=fmt, dpi=PNG_DPI if fmt == "png" else "figure",
                                facecolor="white")
        finally:
            QGuiApplication.restoreOverrideCursor()

    def show_save_error(self, message: str) -> None:
        log.warning(message)
        QMessageBox.warning(self, translate("ui.charts.chart_widget", "Chart not saved"), message)
