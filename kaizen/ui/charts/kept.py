"""Charts kept as pictures between runs: shown again without matplotlib when nothing changed.

Issue 21: at start the dashboard's two charts cost matplotlib's import (a second of CPU on a
thread that holds the GIL against the GUI thread) and a draw each, though on most starts their
data is what it was at the last close. A chart drawn in the worker is kept as the PNG of the very
pixels its canvas shows (the Agg buffer, RGBA), under a key: a hash of the chart's data, its size
in pixels, the device pixel ratio, the language and :data:`VERSION`. The next time the same chart
is asked for with the same key its picture is shown instead: same pixels, nothing imported or
drawn. Anything different (a figure, the size, the language) gives another key: drawn again.

The charts' text cache is kept in the same folder (:mod:`kaizen.ui.charts.text_store`).

Qt's image classes and hashlib only (no matplotlib): a worker reads and writes the files
(``QImage`` is safe off the GUI thread; ``QPixmap`` is not).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtGui import QImage

from kaizen.i18n import current_language
from kaizen.ui.charts import text_store
from kaizen.ui.png_file import write_png

log = logging.getLogger(__name__)

# Raised when the charts' look changes (builders, style, fonts): older pictures are not shown.
VERSION = "1"
_KEY_TEXT = "kaizen-chart-key"


def chart_key(data: object, width: int, height: int, ratio: float,
              language: str | None = None) -> str:
    """The key of a chart drawn from ``data`` (plain values: their ``repr`` is hashed) at
    ``width`` x ``height`` logical pixels and ``ratio`` device pixels per pixel."""
    text = "\n".join((VERSION, language or current_language(), f"{width}x{height}@{ratio:g}",
                      repr(data)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class KeptCharts:
    """A folder of kept chart pictures, one file per chart name (the newest only)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # The charts' text cache is kept beside their pictures: the first chart of the next
        # run finds its strings measured and rasterised (text_store; no matplotlib loaded).
        text_store.use_folder(folder)

    def _path(self, name: str) -> Path:
        return self.folder / f"chart-{name}.png"

    def get(self, name: str, key: str) -> QImage | None:
        """The picture kept for ``name`` if it was drawn under ``key``, else None."""
        path = self._path(name)
        if not path.is_file():
            return None
        image = QImage(str(path))
        if image.isNull() or image.text(_KEY_TEXT) != key:
            return None
        return image.convertToFormat(QImage.Format.Format_RGBA8888)

    def put(self, name: str, key: str, image: QImage) -> bool:
        """Keep ``image`` for ``name`` under ``key`` (written whole or not at all)."""
        kept = image.copy()
        kept.setText(_KEY_TEXT, key)
        try:
            write_png(kept, self._path(name))
        except OSError as exc:  # a chart not kept only costs the next start a draw
            log.warning("The chart picture was not kept: %s", exc)
            return False
        return True


def any_kept(folder: Path) -> bool:
    """True when ``folder`` keeps any chart picture (the start then leaves matplotlib unloaded
    until a chart needs drawing)."""
    return any(folder.glob("chart-*.png"))


def agg_image(renderer: object) -> QImage:
    """The pixels of a rendered Agg canvas as a QImage of its own (the buffer is copied)."""
    buffer = memoryview(renderer.buffer_rgba())  # type: ignore[attr-defined]
    height, width = buffer.shape[0], buffer.shape[1]
    # The bytes must outlive the QImage over them (it keeps a pointer, not a reference) until
    # the copy owns its pixels.
    raw = bytes(buffer)
    view = QImage(raw, width, height, width * 4, QImage.Format.Format_RGBA8888)
    image = view.copy()
    del view, raw
    return image
