"""The data-safety dialogs in the app, driven with real clicks and keys: the start-up offer of the
newest good backup when the database is damaged (point 4), and "Database and backups" with
"Back up now" and "Restore from backup…" showing what the backup holds (point 3); the daily
backup the app takes on start; the read-only banner over a database from a newer Kaizen (point 5).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QToolButton
from services.factories import idea, make_site

from kaizen.db import migrate
from kaizen.db.backup import backup_sqlite, check_sqlite_file, list_backups
from kaizen.db.engine import Database
from kaizen.db.recovery import recover_on_start
from kaizen.domain.errors import Conflict
from kaizen.services import Services
from kaizen.ui import worker
from kaizen.ui.app import (
    READ_ONLY_MESSAGE,
    build_main_window,
    ensure_application,
    recover_damaged_database,
    start_backup_if_due,
)
from kaizen.ui.database_dialog import (
    BackupTableModel,
    Choice,
    DamagedDatabaseDialog,
    DatabaseDialog,
    add_database_entry,
)

pytestmark = pytest.mark.sqlite_only(reason='the dialog for a damaged SQLite file')

SHOTS = Path("/tmp/kaizen-safety-shots")


@pytest.fixture(autouse=True)
def styled_app(qapp):
    """The app's style sheet before any widget is built, as run_gui has it (sizes depend on it)."""
    return ensure_application()


def shot(widget, name: str) -> None:
    """Screenshots for a person to look at (not compared by the tests)."""
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def titles(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT title FROM suggestions ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def saved(db, clock, data_dir):
    """Two ideas in a backup taken on 3 November, a third saved after it."""
    site = make_site(db, clock)
    site.suggestions.create(site.staff_id, idea(site, title="Kept in the backup"))
    site.suggestions.create(site.staff_id, idea(site, title="Also in the backup"))
    backup = backup_sqlite(db, data_dir / "backups", now=datetime(2026, 11, 3, 17, 45))
    site.suggestions.create(site.staff_id, idea(site, title="After the backup"))
    return site, backup


def damage(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.seek(4096)
        fh.write(b"\x00\xffKAIZEN" * 1024)


# --- a damaged database on start ------------------------------------------------------------------


def test_the_damaged_database_dialog_offers_the_newest_good_backup(
        qtbot, saved, db, db_path, data_dir):
    db.dispose()
    damage(db_path)
    offer = recover_on_start(db_path, data_dir / "backups")
    dialog = DamagedDatabaseDialog(offer)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    shot(dialog, "damaged-database")
    assert dialog.restore_button.isVisible() and dialog.restore_button.isDefault()
    assert dialog.restore_button.text() == "Restore this backup"
    assert dialog.backup_label is not None
    assert dialog.backup_heading.text() == "Newest good backup: 2026-11-03 17:45"
    assert "Ideas: 2" in dialog.backup_label.text()
    assert offer.set_aside.name in "\n".join(
        label.text() for label in dialog.findChildren(QLabel))
    assert dialog.backup_label.textFormat() == Qt.TextFormat.PlainText

    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter takes the offer
    qtbot.waitUntil(lambda: dialog.choice is Choice.RESTORED, timeout=10_000)
    assert titles(db_path) == ["Kept in the backup", "Also in the backup"]
    assert check_sqlite_file(db_path).ok
    assert offer.set_aside.exists()


def test_without_a_backup_the_dialog_offers_an_empty_start_or_quit(qtbot, db, db_path, data_dir,
                                                                   clock):
    make_site(db, clock)
    db.dispose()
    damage(db_path)
    offer = recover_on_start(db_path, data_dir / "backups")
    dialog = DamagedDatabaseDialog(offer)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    shot(dialog, "damaged-database-no-backup")
    assert not dialog.restore_button.isVisible()
    assert dialog.no_backup_label.isVisible() and "No good backup" in dialog.no_backup_label.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.choice is Choice.QUIT
    dialog.show()
    qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
    assert dialog.choice is Choice.START_EMPTY


def test_the_app_start_up_hook_sets_the_file_aside_and_restores_when_asked(
        qtbot, saved, db, db_path, data_dir):
    db.dispose()
    damage(db_path)

    def click_restore() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, DamagedDatabaseDialog):
            QTimer.singleShot(20, click_restore)
            return
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click_restore)
    assert recover_damaged_database(db_path, data_dir / "backups") is True
    assert titles(db_path) == ["Kept in the backup", "Also in the backup"]
    assert len([p for p in data_dir.glob("kaizen.db.damaged-*")
                if not p.name.endswith(("-wal", "-shm"))]) == 1
    # A healthy file: no dialog, go on.
    assert recover_damaged_database(db_path, data_dir / "backups") is True


# --- database and backups -------------------------------------------------------------------------


@pytest.fixture
def parent(qtbot):
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def window(qtbot, saved, db, clock, photos_dir):
    services = Services.create(db, clock, attachments_dir=photos_dir)
    window = build_main_window(services, db_location="/data/kaizen.db", restore_person=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_restore_from_backup_previews_then_replaces_and_keeps_the_old_file(
        qtbot, parent, saved, db, db_path, data_dir):
    site, backup = saved
    restored = []
    dialog = DatabaseDialog(db, db_path, data_dir / "backups", parent,
                            on_restored=restored.append, now=lambda: datetime(2026, 11, 4, 8, 0))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, BackupTableModel.TAKEN).data() == "2026-11-03 17:45"
    assert "1 in all" in dialog.age_label.text() and "14 hours ago" in dialog.age_label.text()
    qtbot.waitUntil(lambda: dialog.preview is not None)
    preview = dialog.preview_label.text()
    assert dialog.preview_title.text() == "Backup of 2026-11-03 17:45"
    for expected in (f"Schema revision: {migrate.head_revision()}", "Ideas: 2", "People: 4"):
        assert expected in preview
    assert dialog.restore_button.isEnabled()
    shot(dialog, "database-dialog")

    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert isinstance(box, QMessageBox) and "Ideas: 2" in box.text()
    assert "kept beside it" in box.text()
    shot(box, "restore-confirm")
    [restore] = [b for b in box.findChildren(QPushButton) if b.text() == "Restore"]
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(restored), timeout=15_000)

    assert titles(db_path) == ["Kept in the backup", "Also in the backup"]
    # The running app reads the restored file through the same services.
    assert {i.title for i in site.suggestions.list_recent()} == {
        "Kept in the backup", "Also in the backup"}
    [aside] = [p for p in data_dir.glob("kaizen.db.before-restore-*")
               if not p.name.endswith(("-wal", "-shm"))]
    assert "After the backup" in titles(aside)
    assert "Restored the backup from 2026-11-03 17:45" in dialog.message_label.text()
    # The app carries on writing to the restored file.
    site.suggestions.create(site.staff_id, idea(site, title="After the restore"))
    assert titles(db_path)[-1] == "After the restore"


def test_cancel_leaves_the_database_alone(qtbot, parent, saved, db, db_path, data_dir):
    dialog = DatabaseDialog(db, db_path, data_dir / "backups", parent)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview is not None)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert worker.active_tasks() == 0
    assert titles(db_path)[-1] == "After the backup"


def test_back_up_now_adds_a_verified_backup(qtbot, parent, saved, db, db_path, data_dir):
    dialog = DatabaseDialog(db, db_path, data_dir / "backups", parent)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=10_000)
    assert "written and verified" in dialog.message_label.text()
    assert all(check_sqlite_file(p).ok for p in list_backups(data_dir / "backups"))


def test_the_main_window_opens_it_from_the_status_bar_and_ctrl_shift_b(
        qtbot, window, db, db_path, data_dir):
    action = add_database_entry(window, db, db_path, data_dir / "backups")
    assert action.shortcut().toString() == "Ctrl+Shift+B"
    button = window.statusBar().findChild(QToolButton, "DatabaseButton")
    assert button is not None and button.isVisible()
    shot(window, "main-window-with-backups-button")
    qtbot.keyClick(window, Qt.Key.Key_B,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: getattr(window, "database_dialog", None) is not None)
    dialog = window.database_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.waitUntil(lambda: dialog.preview is not None)
    dialog.reject()


def test_the_app_takes_the_daily_backup_in_the_background_on_start(
        qtbot, window, db, data_dir):
    folder = data_dir / "fresh-backups"
    task = start_backup_if_due(window, db, folder)
    qtbot.waitUntil(lambda: worker.active_tasks() == 0, timeout=10_000)
    assert task is not None
    [taken] = list_backups(folder)
    assert check_sqlite_file(taken).ok
    assert "Daily backup taken" in window.statusBar().currentMessage()
    start_backup_if_due(window, db, folder)  # not due again
    qtbot.waitUntil(lambda: worker.active_tasks() == 0)
    assert len(list_backups(folder)) == 1


def test_starting_the_app_on_a_database_without_a_recent_backup_takes_one(
        qtbot, saved, db, data_dir, monkeypatch):
    """Through run_gui itself, as a person starts it: the daily backup is due (the newest, from
    3 November, is older than a day), so one is taken in the background once the window is up."""
    from kaizen.config import resolve_paths
    from kaizen.ui import app as gui

    db.dispose()
    paths = resolve_paths(None, data_dir)
    before = list_backups(paths.backups_dir)

    def fake_exec(app: QApplication) -> int:
        qtbot.waitUntil(lambda: len(list_backups(paths.backups_dir)) > len(before)
                        and worker.active_tasks() == 0, timeout=15_000)
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == "MainWindow":
                widget.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    monkeypatch.setattr(gui, "start_first_run", lambda *args, **kwargs: None)
    assert gui.run_gui(paths) == 0
    [taken] = [p for p in list_backups(paths.backups_dir) if p not in before]
    assert "-auto" in taken.name and check_sqlite_file(taken).ok
    assert titles(taken)[-1] == "After the backup"


# --- a database from a newer Kaizen ---------------------------------------------------------------


def test_a_newer_database_opens_read_only_with_a_banner_and_refuses_changes(
        qtbot, saved, db, db_path, clock, photos_dir):
    site, _ = saved
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    conn.commit()
    conn.close()
    newer = Database(f"sqlite:///{db_path}")
    status = migrate.prepare_database(newer, backup_dir=None)
    assert status.state is migrate.SchemaState.NEWER and newer.read_only
    services = Services.create(newer, clock, attachments_dir=photos_dir)
    window = build_main_window(services, read_only=newer.read_only, restore_person=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.read_only_banner is not None and window.read_only_banner.isVisible()
    [text] = [label.text() for label in window.read_only_banner.findChildren(type(
        window.db_label)) if label.text()]
    assert text == READ_ONLY_MESSAGE and "newer Kaizen" in text
    with pytest.raises(Conflict, match="newer version"):
        services.suggestions.create(site.staff_id, idea(site))
    assert len(services.suggestions.list_recent()) == 3  # reading still works
    newer.dispose()


# --- refusals through the one save mechanism (issue 15) -------------------------------------------


def test_a_full_disk_on_back_up_now_is_said_with_retry_and_retry_takes_it(
        qtbot, parent, saved, db, db_path, data_dir, monkeypatch):
    """"Back up now" runs through FormSaver: the disk full is said in the words every form uses
    (kaizen.domain.errors.DiskFull), nothing is added, and Retry takes the backup."""
    import errno

    from kaizen.domain.errors import DiskFull
    from kaizen.ui import database_dialog

    real, calls = database_dialog.backup_sqlite, []

    def full_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(database_dialog, "backup_sqlite", full_once)
    dialog = DatabaseDialog(db, db_path, data_dir / "backups", parent)
    qtbot.addWidget(dialog)
    dialog.show()
    busy = []
    dialog.backup_saver.busyChanged.connect(busy.append)
    with qtbot.waitSignal(dialog.backup_saver.finished, timeout=20_000) as done:
        qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert done.args == [False] and busy == [True, False]
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == DiskFull().message
    assert not dialog.message_label.isVisible()
    assert dialog.model.rowCount() == 1 and len(list_backups(data_dir / "backups")) == 1
    assert dialog.backup_button.isEnabled() and dialog.close_button.isEnabled()
    retry = dialog.error_label.action_button
    assert retry is not None and retry.isVisible() and retry.text() == "Retry"

    with qtbot.waitSignal(dialog.backup_saver.finished, timeout=20_000) as done:
        qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    assert done.args == [True] and len(calls) == 2
    assert dialog.model.rowCount() == 2 and not dialog.error_label.isVisible()
    assert "written and verified" in dialog.message_label.text()


def test_an_unexpected_error_on_restore_is_logged_and_leaves_the_database_alone(
        qtbot, parent, saved, db, db_path, data_dir, monkeypatch, caplog):
    import logging

    from kaizen.ui import database_dialog

    def broken(*_args, **_kwargs):
        raise RuntimeError("the backup file vanished")

    monkeypatch.setattr(database_dialog, "restore_backup", broken)
    restored = []
    dialog = DatabaseDialog(db, db_path, data_dir / "backups", parent,
                            on_restored=restored.append)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview is not None)
    with caplog.at_level(logging.ERROR, logger="kaizen.ui.form_op"), \
            qtbot.waitSignal(dialog.restore_saver.finished, timeout=20_000) as done:
        dialog.restore(dialog.preview)
    assert done.args == [False] and restored == [] and dialog.restored is None
    assert dialog.error_label.text() == (
        "The backup could not be restored: the backup file vanished")
    [record] = [r for r in caplog.records if r.name == "kaizen.ui.form_op"]
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError
    assert titles(db_path)[-1] == "After the backup"
    assert dialog.restore_button.isEnabled() and dialog.close_button.isEnabled()
