"""The process-mining screen in the main window, rendered at 1280x720 and 1920x1080 (offscreen
grabs; KAIZEN_SHOT_DIR keeps them for looking at). The running example (van der Aalst, *Process
Mining*, ch. 1; ../shared/data/eventlogs/) fills it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mining.reference import LOGS
from PySide6.QtWidgets import QLabel

from kaizen.ui.main_window import MINING
from kaizen.ui.mining.view import CONTENT, MiningView
from ui.helpers import open_window


def shot_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("KAIZEN_SHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def clipped_labels(page: MiningView) -> list[str]:
    """Visible one-line labels narrower than their text needs."""
    found = []
    for label in page.findChildren(QLabel):
        if (label.isVisible() and not label.wordWrap() and label.text()
                and label.width() < label.sizeHint().width() - 1):
            found.append(label.text())
    return found


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_mining_view_renders(qtbot, services, team, tmp_path: Path, size) -> None:
    window = open_window(qtbot, services)
    page = window.page_at(MINING)
    window.resize(*size)
    window.show_view(MINING)
    qtbot.waitUntil(lambda: window.current_page() is page)
    empty = window.grab()
    folder = shot_dir(tmp_path)
    empty.save(str(folder / f"mining-empty-{size[0]}.png"))
    services.event_logs.import_file(team.supervisor.id, LOGS / "running-example.xes")
    page.set_person(team.supervisor)
    with qtbot.waitSignal(page.analysed):
        page.refresh()
    assert page.stack.currentIndex() == CONTENT
    qtbot.waitUntil(lambda: page.graph.viewport().width() > 300)
    # The layout settles once the (hidden) note has left it: the legend sits under the graph.
    qtbot.waitUntil(lambda: page.legend.y() <= page.graph.geometry().bottom() + 12)
    page.graph.fit()
    image = window.grab()
    assert not image.isNull() and image.width() >= size[0] - 1
    image.save(str(folder / f"mining-map-{size[0]}.png"))
    assert clipped_labels(page) == []
    page.tabs.setCurrentWidget(page.findings)
    window.grab().save(str(folder / f"mining-findings-{size[0]}.png"))
    page.tabs.setCurrentIndex(1)
    window.grab().save(str(folder / f"mining-variants-{size[0]}.png"))
    page.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: not page.duration_chart.is_loading)
    window.grab().save(str(folder / f"mining-times-{size[0]}.png"))
