"""Start the kiosk: the database file checked and opened as the app opens it, then the kiosk
window full screen.

The SQLite file is checked first, as ``run_gui`` checks it (SQLite's quick_check, in a thread).
A damaged one ends the start with a message asking for a supervisor, in the language this PC
last ran in, and the file is left exactly where it was: nobody at a shared PC should restore
backups, and the main window's own start (``kaizen`` on an office PC, or ``kaizen --set-kiosk
off`` here first) finds the damage again, sets the file aside and offers the newest good backup.
An unreadable database, or a refused migration, ends the start with the app's own message too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kaizen.config import Paths, ensure_dirs
from kaizen.i18n import translate

if TYPE_CHECKING:
    from kaizen.db.recovery import FileCheck


def run_kiosk(paths: Paths, *, full_screen: bool = True) -> int:
    from kaizen.ui import worker
    from kaizen.ui.app import _fatal, _location, _open_database, ensure_application
    from kaizen.ui.kiosk.window import KioskWindow
    from kaizen.ui.language import apply_language, site_language, start_language

    app = ensure_application()
    # The messages before the database is open come in the language this PC last ran in.
    apply_language(start_language(paths.data_dir))
    try:
        ensure_dirs(paths)
    except OSError as exc:
        _fatal(translate("ui.kiosk.app", "The kiosk cannot create its data folder "
                         "{folder}:\n\n{error}").format(folder=paths.data_dir, error=exc))
        return 1
    db_file = paths.sqlite_file
    if db_file is not None:
        refusal = damaged_file_message(db_file, paths.backups_dir)
        if refusal is not None:
            _fatal(refusal)
            return 1
    try:
        # Before the window exists, so there is nothing on screen to keep painting.
        db, services, setting = _open_database(paths)
    except Exception as exc:  # noqa: BLE001 - words for the person at the PC, no traceback
        _fatal(translate("ui.kiosk.app", "The kiosk could not open the database at "
                         "{location}.\n\n{error}").format(location=_location(paths), error=exc))
        return 1
    apply_language(site_language(paths.data_dir, setting))
    window = KioskWindow(services)
    if full_screen:
        window.showFullScreen()
    else:
        window.show()
    try:
        return app.exec()
    finally:
        worker.wait_for_all()
        db.dispose()


def damaged_file_message(db_file: Path, backup_dir: Path) -> str | None:
    """What to tell the person at the kiosk when the database file is damaged or cannot be
    checked (None when it is healthy or not there yet). Nothing is renamed or restored here."""
    from kaizen.db.recovery import Condition
    from kaizen.ui.start_threads import BackgroundThread, wait_painting

    # quick_check reads every page (about a second on a big site): in a thread, as run_gui does.
    check = BackgroundThread(lambda: _check(db_file, backup_dir), "kiosk database file check")
    wait_painting(check)
    try:
        found = check.result()
    except OSError as exc:
        problem = exc.strerror or str(exc)
    else:
        if found.condition is not Condition.DAMAGED:
            return None
        problem = found.problems[0] if found.problems else "?"
    return translate(
        "ui.kiosk.app",
        "The Kaizen database is damaged, so the kiosk cannot start.\n\n"
        "Please fetch a supervisor. Nothing was changed: on an office PC Kaizen offers them "
        "the newest good backup.\n\nWhat was found: {problem}\nDatabase file: {file}",
    ).format(problem=problem, file=db_file)


def _check(db_file: Path, backup_dir: Path) -> FileCheck:
    from kaizen.db.backup import list_backups
    from kaizen.db.recovery import check_file

    # An empty file is damaged only when backups exist (it was a database once), as on start.
    empty = db_file.is_file() and db_file.stat().st_size == 0
    return check_file(db_file, backups_exist=empty and bool(list_backups(backup_dir)))
