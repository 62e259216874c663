"""The smaller points of issue 16: a sample's measurement time, where the photo picker opens,
and the board's focus outline from the start. (The export's full path and the batch review's
wording are tested in test_reports_view.py and test_batch_review.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from kaizen import config
from kaizen.domain.enums import PdcaStage
from kaizen.services import Services
from kaizen.ui import resources
from kaizen.ui.capture.idea_form import IdeaDialog
from ui.helpers import Team
from ui.test_idea_form import rows
from ui.test_measurements_view import samples_editor_on_a_metric
from ui.test_pdca_board import build_world, open_board


def stored_times(db_url: str, metric_id: int) -> list[str]:
    return sorted(str(value)[:16] for (value,) in rows(
        db_url, f"SELECT measured_at FROM measurements WHERE metric_id = {metric_id}"))


def test_a_samples_measurement_time_can_be_set(qtbot, services: Services, team: Team,
                                               db_url: str) -> None:
    editor, metric_id, view = samples_editor_on_a_metric(qtbot, services, team)
    view.chart_tabs.setCurrentIndex(2)  # the samples tab
    qtbot.waitUntil(editor.isVisible)
    assert not editor.other_time_box.isChecked()  # now, unless said otherwise
    assert not editor.time_edit.isEnabled() and editor.time_edit.isHidden()

    # A day that is not a date is refused beside the box: nothing stored, the text kept.
    qtbot.mouseClick(editor.other_time_box, Qt.MouseButton.LeftButton)
    assert editor.time_edit.isEnabled() and editor.time_edit.isVisible()
    editor.time_edit.date_edit.line.clear()
    qtbot.keyClicks(editor.time_edit.date_edit.line, "yesterday-ish")
    editor.text_edit.setPlainText("8\n9")
    qtbot.keyClick(editor.text_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "is not a date" in editor.report_label.text()
    assert stored_times(db_url, metric_id) == []
    assert editor.text_edit.toPlainText() == "8\n9"

    # Typed as people write it: the day, then the time of day.
    editor.time_edit.date_edit.line.clear()
    qtbot.keyClicks(editor.time_edit.date_edit.line, "30 Oct 2026")
    editor.time_edit.time_edit.setTime(editor.time_edit.time_edit.time().fromString("14:05",
                                                                                   "HH:mm"))
    with qtbot.waitSignal(view.ideaLoaded, timeout=20_000):
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert stored_times(db_url, metric_id) == ["2026-10-30 14:05", "2026-10-30 14:05"]

    # Unticked again: the service's now.
    qtbot.mouseClick(editor.other_time_box, Qt.MouseButton.LeftButton)
    editor.text_edit.setPlainText("7")
    with qtbot.waitSignal(view.ideaLoaded, timeout=20_000):
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert stored_times(db_url, metric_id)[-1] == "2026-11-02 09:00"


@pytest.fixture
def pictures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Pictures"
    folder.mkdir()
    monkeypatch.setattr(config.platformdirs, "user_pictures_dir", lambda: str(folder))
    return folder


def test_the_photo_picker_opens_in_pictures_then_where_photos_were_last_picked(
    qtbot, services: Services, team: Team, pictures: Path, tmp_path: Path
) -> None:
    assert config.pictures_dir() == pictures
    form = IdeaDialog(services, team.staff)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: form.is_ready)
    form.photos.open_picker()
    dialog = form.photos.file_dialog
    assert dialog is not None
    assert Path(dialog.directory().absolutePath()) == pictures  # not the program's folder
    elsewhere = tmp_path / "phone"
    elsewhere.mkdir()
    photo = elsewhere / "bins.png"
    photo.write_bytes(b"")
    dialog.filesSelected.emit([str(photo)])
    dialog.reject()
    qtbot.waitUntil(lambda: form.photos.file_dialog is None)
    form.photos.open_picker()
    again = form.photos.file_dialog
    assert Path(again.directory().absolutePath()) == elsewhere  # remembered
    again.reject()


def test_pictures_falls_back_to_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(config.platformdirs, "user_pictures_dir",
                        lambda: str(tmp_path / "missing"))
    assert config.pictures_dir() == Path.home()


def test_the_board_outlines_its_current_card_as_soon_as_it_has_focus(
    qtbot, services: Services, team: Team, clock
) -> None:
    world = build_world(services, team, clock)
    board = open_board(qtbot, services, team.supervisor)
    view = board.card_view(PdcaStage.PLAN)
    assert not view.currentIndex().isValid()
    board.activateWindow()
    view.setFocus(Qt.FocusReason.TabFocusReason)  # Tab into the board: no arrow key yet
    qtbot.waitUntil(view.hasFocus)
    assert view.currentIndex().row() == 0
    assert view.currentIndex().data(Qt.ItemDataRole.UserRole + 1).cycle_id in (
        world.ready, world.empty)
    rect = view.visualRect(view.currentIndex())
    picture = view.viewport().grab().toImage()
    # The outline: the accent colour on the card's left edge, half-way down.
    edge = [picture.pixelColor(QPoint(x, rect.center().y())) for x in range(rect.left(),
                                                                        rect.left() + 12)]
    accent = QColor(resources.ACCENT)
    assert any(abs(c.red() - accent.red()) + abs(c.green() - accent.green())
               + abs(c.blue() - accent.blue()) < 60 for c in edge)
