"""Text on the screen's charts, measured and rasterised once per process, not on every draw.

Matplotlib 3.11's Agg renderer shapes each string with FreeType and renders it glyph by glyph
on every draw, and measures it again for every layout: about 275 glyphs at 0.3 ms each, most of
a dashboard chart's 100-300 ms (issue 21). The strings of our charts repeat: the same tick
labels, titles and category names on every refresh, every resize back to a size seen before,
and across charts ("0", "20%", "Yearly cost (EUR)"). :class:`CachedRendererAgg` keeps, per
string, font and dpi, its measurement and its pixels (the glyphs composed into one alpha mask),
in one process-wide cache shared by every canvas and worker thread, and draws a cached string
with one image blit. The font's line height (two FreeType table reads and a font look-up for
every text at every layout, through matplotlib's ``_get_font_height_metrics`` hook of its text
layout) is cached the same way, per font and dpi.

The one difference from matplotlib's own drawing: a string's origin is snapped to a whole
pixel (FreeType renders the same mask for any whole-pixel shift, so one mask serves every
place), which moves text by less than half a pixel. Math text (never used: see
``kaizen.charts.style.literal_text``) and text with font features or a language set go the
usual way. Only the screen uses this renderer: the reports' PDF and a chart saved as PNG or SVG
draw through matplotlib's own backends.

The cache outlives the process when :mod:`kaizen.ui.charts.text_store` names a folder (the app's
kept charts do): it is read there at the first lookup, and written back by :func:`keep` after a
chart's draw that added strings, so the first chart of the next run finds its text ready.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.ft2font import RenderMode

from kaizen.ui.charts import text_store

MAX_ENTRIES = 4096  # a few MB of masks at most: a chart's strings are short
_lock = threading.Lock()
_load_lock = threading.Lock()  # held while the kept file is read (see _load)
_masks: OrderedDict[tuple[Any, ...], tuple[np.ndarray, int, int] | None] = OrderedDict()
_metrics: OrderedDict[tuple[Any, ...], tuple[float, float, float]] = OrderedDict()
stats = {"mask_hits": 0, "mask_misses": 0, "metric_hits": 0, "metric_misses": 0,
         "height_hits": 0, "height_misses": 0, "file_reads": 0, "file_writes": 0}
# The file the cache was last read from (None: none yet, read at the next lookup), and
# whether strings were added since the file was read or written.
_read_from: list[Any] = [None]
_changed = [False]


def clear(*, as_new_process: bool = False) -> None:
    """Forget every cached string (tests; a font change). ``as_new_process``: as a new process
    starts, reading the kept file again at the next lookup (the bench's cold draw); otherwise
    the file is not read again in this process."""
    with _lock:
        _masks.clear()
        _metrics.clear()
        for name in stats:
            stats[name] = 0
        _read_from[0] = None if as_new_process else text_store.cache_file()
        _changed[0] = False


def _load() -> None:
    """Read the kept file into the cache once, at the first lookup with a folder named (a
    cached string of this process wins over the file's). Another thread's first lookup waits
    for the reading (a millisecond or two) rather than drawing the same strings itself: the
    dashboard's two charts start together on two workers."""
    path = text_store.cache_file()
    if path is None or _read_from[0] == path:
        return
    with _load_lock:
        if _read_from[0] == path:
            return
        kept = text_store.read(path)  # outside _lock: the other threads' lookups go on
        with _lock:
            _read_from[0] = path
            if kept is None:
                _changed[0] = True  # missing or unusable: written whole at the next keep()
                return
            stats["file_reads"] += 1
            for cache, pairs in zip((_metrics, _masks), kept, strict=True):
                for key, value in pairs:
                    cache.setdefault(key, value)
                while len(cache) > MAX_ENTRIES:
                    cache.popitem(last=False)


def keep() -> bool:
    """Write the cache to its file when strings were added since it was read or written
    (the worker, after a chart's draw); True when written."""
    path = text_store.cache_file()
    if path is None or not _changed[0]:
        return False
    with _lock:
        metrics, masks = list(_metrics.items()), list(_masks.items())
        _changed[0] = False
    written = text_store.write(path, metrics, masks)
    if written:
        stats["file_writes"] += 1
    return written


def _font_key(prop: Any) -> tuple[Any, ...]:
    return (tuple(prop.get_family()), prop.get_style(), prop.get_variant(), prop.get_weight(),
            prop.get_stretch(), prop.get_size_in_points(), prop.get_file(),
            prop.get_math_fontfamily())


def _hinting() -> Any:
    # The flag's number (matplotlib 3.11's LoadFlags is an enum JSON cannot hold).
    flag = get_hinting_flag()
    return getattr(flag, "value", flag)


def _remember(cache: OrderedDict[tuple[Any, ...], Any], key: tuple[Any, ...],
              value: Any) -> None:
    with _lock:
        _changed[0] = True
        cache[key] = value
        if len(cache) > MAX_ENTRIES:
            cache.popitem(last=False)


def _recall(cache: OrderedDict[tuple[Any, ...], Any], key: tuple[Any, ...]) -> Any:
    if _read_from[0] != text_store.cache_file():
        _load()
    with _lock:
        value = cache.get(key, _lock)
        if value is not _lock:
            cache.move_to_end(key)
        return value


def _font_height_metrics(prop: Any, dpi: float) -> tuple[Any, Any, Any]:
    """(ascent, descent, line gap) of ``prop``'s font at ``dpi`` in pixels, as matplotlib's
    ``Text._get_layout`` reads them from the font's tables; Nones when the font has neither
    table (matplotlib then measures "lp" itself)."""
    from matplotlib.font_manager import fontManager, get_font

    font = get_font(fontManager._find_fonts_by_props(prop))
    for table_name, gap_key, ascent_key, descent_key in (
            ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
            ("hhea", "lineGap", "ascent", "descent")):
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() \
            * dpi / 72
        return (table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale)
    return (None, None, None)


class CachedRendererAgg(RendererAgg):
    """RendererAgg with cached text measurements and text masks (see the module notes)."""

    def _get_font_height_metrics(self, prop: Any) -> tuple[Any, Any, Any]:
        # matplotlib's text layout asks the renderer first when it has this method (3.11);
        # otherwise it reads the same tables itself, for every text at every layout.
        key = ("line height", _font_key(prop), self.dpi)
        found = _recall(_metrics, key)
        if found is not _lock:
            stats["height_hits"] += 1
            return found  # type: ignore[no-any-return]
        stats["height_misses"] += 1
        value = _font_height_metrics(prop, self.dpi)
        _remember(_metrics, key, value)
        return value

    def get_text_width_height_descent(self, s: str, prop: Any, ismath: Any) -> Any:
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        key = (s, _font_key(prop), self.dpi, _hinting())
        found = _recall(_metrics, key)
        if found is not _lock:
            stats["metric_hits"] += 1
            return found
        stats["metric_misses"] += 1
        value = super().get_text_width_height_descent(s, prop, ismath)
        _remember(_metrics, key, value)
        return value

    def draw_text(self, gc: Any, x: float, y: float, s: str, prop: Any, angle: float,
                  ismath: Any = False, mtext: Any = None) -> Any:
        if ismath or (mtext is not None and (mtext.get_fontfeatures()
                                             or mtext.get_language())):
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        antialiased = bool(gc.get_antialiased())
        key = (s, _font_key(prop), self.dpi, float(angle), _hinting(), antialiased)
        mask = _recall(_masks, key)
        if mask is _lock:
            stats["mask_misses"] += 1
            mask = self._mask(s, prop, angle, antialiased)
            _remember(_masks, key, mask)
        else:
            stats["mask_hits"] += 1
        if mask is None:  # nothing visible (a blank string)
            return None
        image, left, bottom = mask
        # FreeType's y is upwards; the origin snapped to a whole pixel (see the module notes).
        ox, oy = round(x), round(self.height - y)
        self._renderer.draw_text_image(image, ox + left, int(self.height) - (oy + bottom), 0,
                                       gc)
        return None

    def _mask(self, s: str, prop: Any, angle: float,
              antialiased: bool) -> tuple[np.ndarray, int, int] | None:
        """The string's glyphs rendered at origin (0, 0) and composed into one alpha mask:
        the mask, and its left and bottom edges (in FreeType's upward y) from the origin."""
        font = self._prepare_font(prop)
        items = font._layout(s, flags=get_hinting_flag())
        size = prop.get_size_in_points()
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])).round().astype(int)
        pieces = []
        for item in items:
            glyph_font = item.ft_object
            glyph_font.set_size(size, self.dpi)
            dx, dy = item.x, item.y
            glyph_font._set_transform(matrix, [round(0x40 * (dx * cos - dy * sin)),
                                               round(0x40 * (dx * sin + dy * cos))])
            bitmap = glyph_font._render_glyph(
                item.glyph_index, get_hinting_flag(),
                RenderMode.NORMAL if antialiased else RenderMode.MONO)
            buffer = np.array(bitmap.buffer, dtype=np.uint8)
            if not antialiased:
                buffer *= 0xFF
            if buffer.size:
                pieces.append((buffer, bitmap.left, bitmap.top))
        if not pieces:
            return None
        left = min(p[1] for p in pieces)
        top = max(p[2] for p in pieces)
        right = max(p[1] + p[0].shape[1] for p in pieces)
        bottom = min(p[2] - p[0].shape[0] for p in pieces)
        image = np.zeros((top - bottom, right - left), dtype=np.uint8)
        for buffer, glyph_left, glyph_top in pieces:
            row, col = top - glyph_top, glyph_left - left
            view = image[row:row + buffer.shape[0], col:col + buffer.shape[1]]
            np.maximum(view, buffer, out=view)
        # draw_text_image takes the mask's bottom row; keep the edge the blit is placed by.
        return image, left, bottom


def cached_renderer(canvas: FigureCanvasAgg) -> Any:
    """What ``FigureCanvasAgg.get_renderer`` does, with :class:`CachedRendererAgg`: the canvas's
    renderer, made again only when its size or dpi changed (the worker's canvas and the
    screen's share it)."""
    w, h = canvas.get_width_height(physical=True)
    key = w, h, canvas.figure.dpi
    if canvas._lastKey != key:
        canvas.renderer = CachedRendererAgg(w, h, canvas.figure.dpi)
        canvas._lastKey = key
    return canvas.renderer


class CachedCanvasAgg(FigureCanvasAgg):
    """FigureCanvasAgg drawing through :class:`CachedRendererAgg` (the worker's prerender)."""

    def get_renderer(self) -> Any:
        return cached_renderer(self)
