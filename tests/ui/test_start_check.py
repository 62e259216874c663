"""The database file check at start runs beside the imports, off the GUI thread (issue 8:
the window paints sooner), and a damaged file is still caught before anything opens it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

import kaizen.db.recovery as recovery
from kaizen.config import resolve_paths
from kaizen.ui import app as gui
from kaizen.ui.database_dialog import DamagedDatabaseDialog


def _spy_threads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    on_main: list[bool] = []
    real = recovery.recover_on_start

    def spy(db_file: Path, backup_dir: Path, now=None):  # noqa: ANN001, ANN202
        on_main.append(threading.current_thread() is threading.main_thread())
        return real(db_file, backup_dir, now)

    monkeypatch.setattr(recovery, "recover_on_start", spy)
    return on_main


def test_a_damaged_file_is_offered_for_recovery_before_it_is_opened(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on_main = _spy_threads(monkeypatch)
    data = tmp_path / "data"
    data.mkdir()
    (data / "kaizen.db").write_bytes(b"SQLite format 3\x00" + b"\x07" * 8192)
    shown: list[DamagedDatabaseDialog] = []
    # The person closes the dialog: quit, without opening the file or running the event loop.
    monkeypatch.setattr(DamagedDatabaseDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    monkeypatch.setattr(QApplication, "exec", lambda app: pytest.fail("the event loop ran"))
    assert gui.run_gui(resolve_paths(None, data)) == 1
    assert len(shown) == 1
    assert on_main == [False]
    assert list(data.glob("kaizen.db.damaged-*")), "the damaged file was not set aside"


def test_a_healthy_file_is_checked_off_the_gui_thread_and_the_window_opens(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on_main = _spy_threads(monkeypatch)
    data = tmp_path / "data"
    ran: list[bool] = []

    def fake_exec(app: QApplication) -> int:
        ran.append(True)
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == "MainWindow":
                widget.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    monkeypatch.setattr(gui, "start_first_run", lambda *a, **k: None)
    assert gui.run_gui(resolve_paths(None, data)) == 0  # a new file: made and migrated
    assert ran == [True]
    assert on_main == [False]
    assert (data / "kaizen.db").exists()
