"""The charts' text cache kept on disk between runs (issue 21: the first chart of a process drew
every string afresh). A new process (``text_cache.clear(as_new_process=True)``) reads the file
the last one wrote: nothing rasterised again, the same pixels; a damaged file, one of another
fingerprint or none at all is drawn afresh, and written again whole.
kaizen/ui/charts/text_store.py, text_cache.keep / _load."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSize

from kaizen.charts import pareto_figure
from kaizen.ui.charts import text_cache, text_store
from kaizen.ui.charts.chart_widget import prerender
from kaizen.ui.charts.kept import KeptCharts

CATEGORIES = [("Waiting", 512_000.0), ("Motion", 301_000.0), ("Defects", 220_000.0)]


@pytest.fixture
def folder(tmp_path: Path):
    text_store.use_folder(tmp_path)
    text_cache.clear(as_new_process=True)
    yield tmp_path
    text_store.use_folder(None)
    text_cache.clear()


def _draw() -> np.ndarray:
    rendered = prerender(pareto_figure(CATEGORIES, currency="EUR"), QSize(460, 300), 1.0)
    assert rendered is not None
    return np.asarray(rendered.renderer.buffer_rgba()).copy()


def test_a_new_process_reads_the_text_the_last_one_kept(qapp, folder: Path) -> None:
    first = _draw()
    assert text_cache.stats["mask_misses"] > 10  # nothing kept yet: every string drawn
    assert (folder / text_store.FILE_NAME).is_file()
    assert text_cache.stats["file_writes"] == 1

    text_cache.clear(as_new_process=True)
    again = _draw()
    assert text_cache.stats["file_reads"] == 1
    assert text_cache.stats["mask_misses"] == 0 and text_cache.stats["metric_misses"] == 0
    assert text_cache.stats["mask_hits"] > 10
    assert text_cache.stats["file_writes"] == 0  # nothing new: the file is left alone
    assert np.array_equal(first, again)


def test_without_a_folder_nothing_is_written(qapp, tmp_path: Path) -> None:
    text_store.use_folder(None)
    text_cache.clear(as_new_process=True)
    _draw()
    assert text_cache.stats["file_writes"] == 0
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("damage", ["garbage", "truncated", "fingerprint", "outside"])
def test_a_damaged_file_is_drawn_afresh_and_written_again(qapp, folder: Path,
                                                           damage: str) -> None:
    reference = _draw()
    path = folder / text_store.FILE_NAME
    raw = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x00\xff not a cache at all")
    elif damage == "truncated":
        path.write_bytes(raw[: len(raw) // 3])
    elif damage == "fingerprint":
        path.write_bytes(raw.replace(text_store.fingerprint().encode(), b"0" * 64, 1))
    else:  # the masks' bytes cut off: every place points past the end
        path.write_bytes(raw[: raw.index(b"\n", len(b"kaizen-chart-text\n")) + 1])
    text_cache.clear(as_new_process=True)
    assert np.array_equal(_draw(), reference)
    assert text_cache.stats["file_reads"] == 0
    assert text_cache.stats["mask_misses"] > 10
    assert text_cache.stats["file_writes"] == 1  # the file made good again
    text_cache.clear(as_new_process=True)
    _draw()
    assert text_cache.stats["file_reads"] == 1 and text_cache.stats["mask_misses"] == 0


def test_kept_charts_keep_their_text_beside_the_pictures(tmp_path: Path) -> None:
    try:
        KeptCharts(tmp_path)
        assert text_store.cache_file() == tmp_path / text_store.FILE_NAME
    finally:
        text_store.use_folder(None)
