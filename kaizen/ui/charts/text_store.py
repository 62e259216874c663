"""The screen charts' text cache kept on disk, so a new process starts with it warm (issue 21).

:mod:`kaizen.ui.charts.text_cache` measures and rasterises each string of a chart once per
process; the first chart of a process still paid for all of its strings (a cold dashboard chart
took 30-60 ms of CPU more than a redraw). The strings repeat from one run to the next (the same
titles, tick labels and categories), so the cache is kept in a file beside the kept chart
pictures (:class:`kaizen.ui.charts.kept.KeptCharts` names the folder) and read back at the
first chart of the next run.

The file is a cache, never a source of truth: it is written whole (a temporary file renamed
over it), and read only when its fingerprint matches this process (the file format, matplotlib
and FreeType versions, and the fonts installed: anything that could change a glyph's pixels
or a text's size). A file that is missing, damaged, of another fingerprint or of bad shape is
ignored: the text is then drawn as it would be without it, and the file written again.

Format: a line ``kaizen-chart-text``, a line of JSON (the fingerprint, the measurements, and
each mask's key, shape, edges and place in the bytes that follow), then the masks' bytes.
Imports nothing heavy at module level: :class:`KeptCharts` names the folder before matplotlib
is loaded.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FILE_NAME = "chart-text.cache"
FORMAT = "1"  # raised when the file's layout or the cache's keys change
_MAGIC = b"kaizen-chart-text\n"
MAX_BYTES = 16 * 1024 * 1024  # far above the cache's 4,096 short strings; more is not ours

_folder: Path | None = None


def use_folder(folder: Path | None) -> None:
    """Keep the text cache in ``folder`` (None: in memory only, the default)."""
    global _folder
    _folder = folder


def cache_file() -> Path | None:
    """The file the cache is kept in, or None when it is kept in memory only."""
    return None if _folder is None else _folder / FILE_NAME


@functools.cache
def fingerprint() -> str:
    """What the cached pixels and sizes depend on besides their keys: the file format, the
    matplotlib and FreeType versions and the fonts matplotlib knows (a font installed or
    removed can change which file a family resolves to)."""
    import matplotlib
    from matplotlib import ft2font
    from matplotlib.font_manager import fontManager

    fonts = sorted(f"{font.fname}|{font.name}|{font.style}|{font.weight}"
                   for font in fontManager.ttflist)
    text = "\n".join([FORMAT, matplotlib.__version__, ft2font.__freetype_version__, *fonts])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _as_key(value: Any) -> Any:
    """A key read from JSON as it was made: its lists were tuples."""
    if isinstance(value, list):
        return tuple(_as_key(item) for item in value)
    return value


def read(path: Path) -> tuple[list[tuple[Any, Any]], list[tuple[Any, Any]]] | None:
    """The measurements and masks kept in ``path`` as (key, value) pairs, or None when the
    file is missing, damaged or of another fingerprint (logged, never raised)."""
    import numpy as np

    try:
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.info("The chart text cache %s could not be read: %s", path, exc)
        return None
    try:
        if len(raw) > MAX_BYTES or not raw.startswith(_MAGIC):
            raise ValueError("not a chart text cache")
        end = raw.index(b"\n", len(_MAGIC))
        header = json.loads(raw[len(_MAGIC):end].decode("utf-8"))
        if not isinstance(header, dict) or header.get("fingerprint") != fingerprint():
            return None  # another version or other fonts: drawn afresh, then written again
        blob = memoryview(raw)[end + 1:]
        metrics = [(_as_key(key), _as_key(value)) for key, value in header["metrics"]]
        for _key, value in metrics:
            if not (isinstance(value, tuple) and len(value) == 3 and all(
                    v is None or isinstance(v, (int, float)) for v in value)):
                raise ValueError("a measurement is not three numbers")
        masks: list[tuple[Any, Any]] = []
        for key, shape in header["masks"]:
            if shape is None:  # a string with nothing to draw
                masks.append((_as_key(key), None))
                continue
            height, width, left, bottom, offset = (int(v) for v in shape)
            if height < 0 or width < 0 or offset < 0 or offset + height * width > len(blob):
                raise ValueError("a mask lies outside the file")
            image = np.frombuffer(blob[offset:offset + height * width], dtype=np.uint8)
            masks.append((_as_key(key), (image.reshape(height, width).copy(), left, bottom)))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        log.info("The chart text cache %s is ignored: %s", path, exc)
        return None
    return metrics, masks


def write(path: Path, metrics: list[tuple[Any, Any]], masks: list[tuple[Any, Any]]) -> bool:
    """Write the cache to ``path`` whole (a temporary file renamed over it); False when it
    could not be written (logged: the next run only draws its text afresh)."""
    chunks: list[bytes] = []
    offset = 0
    shapes: list[Any] = []
    for key, mask in masks:
        if mask is None:
            shapes.append([key, None])
            continue
        image, left, bottom = mask
        data = image.tobytes()
        shapes.append([key, [image.shape[0], image.shape[1], int(left), int(bottom), offset]])
        chunks.append(data)
        offset += len(data)
    try:
        header = json.dumps({"fingerprint": fingerprint(), "metrics": metrics,
                             "masks": shapes}, separators=(",", ":"))
    except (TypeError, ValueError) as exc:  # a key of a type JSON cannot hold: not kept
        log.warning("The chart text cache was not written: %s", exc)
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".chart-text-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(_MAGIC)
                file.write(header.encode("utf-8"))
                file.write(b"\n")
                for data in chunks:
                    file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.warning("The chart text cache was not written: %s", exc)
        return False
    return True
