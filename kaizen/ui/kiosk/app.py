"""Start the kiosk: the database opened as the app opens it, then the kiosk window full screen.

A damaged or unreadable database ends the start with the app's own message, as ``run_gui``
does; the kiosk has no database dialogs (nobody at a shared PC should restore backups).
"""

from __future__ import annotations

from kaizen.config import Paths, ensure_dirs


def run_kiosk(paths: Paths, *, full_screen: bool = True) -> int:
    from kaizen.ui import worker
    from kaizen.ui.app import _fatal, _location, _open_database, ensure_application
    from kaizen.ui.kiosk.window import KioskWindow

    app = ensure_application()
    try:
        ensure_dirs(paths)
        # Before the window exists, so there is nothing on screen to keep painting.
        db, services, setting = _open_database(paths)
    except Exception as exc:  # noqa: BLE001 - words for the person at the PC, no traceback
        _fatal(f"The kiosk could not open the database at {_location(paths)}.\n\n{exc}")
        return 1
    from kaizen.ui.language import apply_language, site_language

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
