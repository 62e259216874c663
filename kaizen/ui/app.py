"""Start the GUI: open and migrate the database, build the window, run the first-run setup.

:func:`run_gui` is what ``kaizen`` (the CLI's default command) calls. :func:`build_main_window`
builds the window over ready services without running the event loop, for tests and the
screenshot script. When the database holds nobody yet, :class:`FirstRunDialog` offers a demo plant
or an empty site (site name, your name, admin PIN); the demo is built by the background worker
behind a progress line in the status bar, never on the GUI thread.

Data safety at start (see kaizen.db.recovery and kaizen.ui.database_dialog): the SQLite file is
checked before it is opened, and a damaged one is set aside with the newest good backup offered;
once the database is open, the daily backup is taken in the background when due. The window
itself is shown before any of that, with a "Loading…" dashboard (see :func:`run_gui`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QRegularExpression,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QMouseEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kaizen.config import Paths, ensure_dirs
from kaizen.domain.errors import KaizenError, ValidationError
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui import import_hook, resources, worker  # noqa: F401 (import_hook: first)
from kaizen.ui.form_op import FormSaver, Refusals
from kaizen.ui.start_threads import BackgroundThread, wait_first_paint, wait_painting
from kaizen.ui.widgets.dialog_parts import button_row, primary_button
from kaizen.ui.widgets.form import ErrorLabel

if TYPE_CHECKING:
    from kaizen.db.engine import Database
    from kaizen.db.recovery import RecoveryOffer
    from kaizen.services import Services
    from kaizen.services.people import PersonInfo
    from kaizen.ui.main_window import MainWindow

log = logging.getLogger(__name__)

APP_NAME = "Kaizen"
ORG_NAME = "Kaizen"
# Marked here, translated where it is shown (read_only_message()).
READ_ONLY_MESSAGE = QT_TRANSLATE_NOOP(
    "ui.app",
    "Opened read-only: written by a newer Kaizen. You can look around; update Kaizen to make "
    "changes.")
MAX_PIN_DIGITS = 12


# --- application and window --------------------------------------------------------------------


def ensure_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), named, styled and with the window icon."""
    app = QApplication.instance()
    if app is None:
        QApplication.setApplicationName(APP_NAME)
        QApplication.setOrganizationName(ORG_NAME)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    if not QApplication.applicationName() or QApplication.applicationName() == "python":
        QApplication.setApplicationName(APP_NAME)
    if not QApplication.organizationName():
        QApplication.setOrganizationName(ORG_NAME)
    QApplication.setDesktopFileName("kaizen")
    app.setWindowIcon(resources.app_icon())
    resources.apply_style(app)
    # F1 in every dialog, those before the main window too (damaged database, first run).
    from kaizen.ui.help_dialog import install_help_key

    install_help_key(app)
    return app


def build_main_window(services: Services, *, db_location: str = "", read_only: bool = False,
                      restore_person: bool = True) -> MainWindow:
    """The styled main window over ``services``, not shown and without running the event loop."""
    from kaizen.ui.main_window import MainWindow

    ensure_application()
    return MainWindow(
        services,
        db_location=db_location,
        read_only_message=read_only_message() if read_only else None,
        restore_person=restore_person,
    )


def read_only_message() -> str:
    """:data:`READ_ONLY_MESSAGE` in the app's language."""
    return translate(
        "ui.app",
        "Opened read-only: written by a newer Kaizen. You can look around; update Kaizen to make "
        "changes.")


def run_gui(paths: Paths, *, demo: bool = False) -> int:
    """Run the desktop app until its window closes; the exit code for the command line.

    The window is shown first, with a "Loading…" dashboard, as soon as Qt is up (issue 8: it
    paints within half a second). Meanwhile a thread imports the database, service and
    dashboard code (SQLAlchemy and the rest, over a second of CPU) beside the file check, then
    opens and prepares the database; the GUI thread waits in a local event loop, so the window
    keeps painting and answering. A damaged file, a refused migration or an unreadable file end
    the start here, before the application's event loop runs, as they did before the window.
    """
    app = ensure_application()
    try:
        ensure_dirs(paths)
    except OSError as exc:
        _fatal(translate("ui.app", "Kaizen cannot create its data folder {folder}:\n\n{error}")
               .format(folder=paths.data_dir, error=exc))
        return 1
    db_file = paths.sqlite_file
    # SQLite's quick_check reads every page of the file: about a second on a ten-year site. It
    # runs in a thread (sqlite3 leaves the GIL while it reads) from the very start. A file of
    # Kaizen's in WAL mode is read beside it (issue 21: the dashboard does not wait for it);
    # every write waits for it, and a damaged file is set aside and offered for recovery before
    # anything is written. Any other file is checked before it is opened, as before.
    beside = db_file is not None and readable_beside_check(db_file)
    check: BackgroundThread | None = None
    if db_file is not None:
        check = _SideCheck(db_file) if beside else _FileCheck(db_file, paths.backups_dir)
    from kaizen.ui.language import apply_language, site_language, start_language
    from kaizen.ui.main_window import MainWindow

    started_in = start_language(paths.data_dir)
    apply_language(started_in)
    # The previous run's dashboard, as a picture with its time, until the figures are read.
    window = MainWindow(None, db_location=_location(paths), last_dashboard=paths.last_dashboard)
    window.show()
    wait_first_paint(window)
    collector = worker.MainThreadGarbageCollector(app)
    opened = _open_behind_window(window, paths, check, demo=demo, beside=beside)
    if opened is None or opened is _DAMAGED:
        window.close()
        window.deleteLater()
        collector.stop()
        if opened is _DAMAGED and db_file is not None:
            return _start_again_after_recovery(paths, db_file, demo)
        return 1
    assert isinstance(opened, tuple)
    db, services, setting, empty = opened
    language = site_language(paths.data_dir, setting)
    if language != started_in:
        # The site's language changed since this PC last started: the frame is built again in
        # it (the views are built later, when first shown, so they follow on their own).
        apply_language(language)
        old = window
        window = MainWindow(None, db_location=_location(paths))
        window.setGeometry(old.geometry())
        window.show()
        old.close()
        old.deleteLater()
    demo_first = demo and empty and not db.read_only
    if demo_first:
        # Issue 16: a newcomer's first start. The demo plant loads behind the "Loading…" page
        # and its progress line, and the window takes its services once it is in: the
        # dashboard's first read is the filled one (no empty dashboard drawn, then read again).
        if window.loading_page is not None:
            window.loading_page.subtitle_label.setText(translate("ui.app", "Loading demo data"))
        _warm_chart_text(window, paths.last_dashboard.parent)
        load_demo(window, services)
    else:
        window.attach_services(services,
                               read_only_message=read_only_message() if db.read_only else None)
    if beside and check is not None and db_file is not None:
        # The check starts once the first screen is filled (its CPU is not taken from it on a
        # busy machine), or at the first write (the gate starts it), or after a few seconds
        # at the latest. The window answers meanwhile; this loop delivers the workers' results.
        _start_check_when_settled(window, check)
        shown = window
        wait_painting(lambda: check.done() or not shown.isVisible())
        if not window.isVisible():  # closed meanwhile: the app ends here, nothing written
            worker.wait_for_all()
            collector.stop()
            db.dispose()
            return 0
        if _found_damaged(check):
            window.close()
            worker.wait_for_all()
            db.dispose()
            window.deleteLater()
            collector.stop()
            return _start_again_after_recovery(paths, db_file, demo)
    if db_file is not None:
        # Imported by the file check's thread, which is done by now: not the first screen's.
        from kaizen.ui.database_dialog import add_database_entry

        add_database_entry(window, db, db_file, paths.backups_dir)
        start_backup_if_due(window, db, paths.backups_dir)
    if not db.read_only and not demo_first:
        # After the window is on screen, so the setup dialog has something to sit on.
        QTimer.singleShot(0, lambda: start_first_run(window, services, demo=demo))
    try:
        return app.exec()
    finally:
        worker.wait_for_all()
        collector.stop()
        db.dispose()


def _import_for_start() -> None:
    """The modules the start needs after the window is up, imported off the GUI thread."""
    import kaizen.db.engine
    import kaizen.db.migrate
    import kaizen.services
    import kaizen.ui.views.dashboard  # noqa: F401

    # Not kaizen.ui.database_dialog (and the backups' module with it): the file check's thread
    # imports it, after the first screen when the file is read beside its check (issue 21).

    # What the imports made is kept for the whole run: out of the GUI thread's collections.
    worker.freeze_long_lived(once=False)


def _import_for_charts() -> None:
    """matplotlib and the chart builders, imported while the database opens and the figures
    are read (SQLite leaves the GIL while it reads), so the dashboard's chart workers find them
    loaded; a failure here is met again, and reported, by the chart that needs them."""
    import matplotlib.backends.backend_qtagg  # noqa: F401

    import kaizen.charts  # noqa: F401

    # What the imports made is kept for the whole run: out of the GUI thread's collections.
    worker.freeze_long_lived(once=False)


def _open_behind_window(window: MainWindow, paths: Paths, check: BackgroundThread | None, *,
                        demo: bool = False, beside: bool = False,
                        ) -> tuple[Database, Services, str, bool] | object | None:
    """Import, check, open and prepare the database while the window shows "Loading…";
    None when the start must end (the person quit, or the database could not be opened);
    :data:`_DAMAGED` when a file opened beside its check (``beside``) turned out damaged."""
    imports = BackgroundThread(_import_for_start, "start-up imports")
    db_file = paths.sqlite_file
    if check is not None and db_file is not None and not beside:
        assert isinstance(check, _FileCheck)
        wait_painting(check)
        wait_painting(imports)  # the check's thread imported the dialog's module
        if not _recover(check, db_file):
            return None
    wait_painting(imports)
    if imports.error is not None:
        raise imports.error
    from kaizen.ui.charts.kept import any_kept

    # With the dashboard's charts kept as pictures, a start whose data has not changed shows
    # them without matplotlib: it is not imported beside the start (a second of CPU holding the
    # GIL against the GUI thread); a chart that must be drawn imports it in its worker.
    if not any_kept(paths.last_dashboard.parent):
        BackgroundThread(_import_for_charts, "chart imports")
    gate = _write_gate(check) if beside and check is not None else None
    opening = BackgroundThread(lambda: _open_and_look(paths, demo, gate), "open the database")
    wait_painting(opening)
    error = opening.error
    if error is None:
        return opening.result_value  # type: ignore[no-any-return]
    if beside and check is not None:
        # The file could not be opened while it was being checked: the check's word first.
        check.start()
        wait_painting(check)
        if _found_damaged(check):
            return _DAMAGED
    from kaizen.db.migrate import MigrationError

    if isinstance(error, MigrationError):
        _fatal(translate("ui.app", "Kaizen could not open the database.\n\n{error}")
               .format(error=error))
    elif isinstance(error, Exception):  # a damaged or unreadable file: say so, no traceback
        log.error("Opening %s failed", paths.db_url, exc_info=error)
        _fatal(translate("ui.app", "Kaizen could not open the database at {location}.\n\n{error}")
               .format(location=_location(paths), error=error))
    else:
        raise error
    return None


def _open_and_look(paths: Paths, demo: bool, gate: Callable[[], None] | None = None,
                   ) -> tuple[Database, Services, str, bool]:
    """:func:`_open_database`; with ``demo``, also whether nobody exists yet (then the demo
    plant loads before the dashboard is first read)."""
    db, services, language = (_open_database(paths) if gate is None
                              else _open_database(paths, gate))
    try:
        return db, services, language, demo and not db.read_only and services.people.is_empty()
    except BaseException:
        db.dispose()
        raise


def _open_database(paths: Paths, gate: Callable[[], None] | None = None,
                   ) -> tuple[Database, Services, str]:
    """Open, migrate when behind (backup first), bundle the services and read the site's
    language (in a thread). With ``gate``, every write first waits for it (the file's check)."""
    from kaizen.db.engine import Database
    from kaizen.db.migrate import prepare_database
    from kaizen.services import Services

    db = Database(paths.db_url)
    if gate is not None:
        db.hold_writes_until(gate)
    try:
        prepare_database(db, paths.backups_dir)
        services = Services.create(db)
        return db, services, services.people.settings().language
    except BaseException:
        db.dispose()
        raise


# What _open_behind_window returns when the file read beside its check turned out damaged.
_DAMAGED = object()
_SQLITE_MAGIC = b"SQLite format 3\x00"


def readable_beside_check(db_file: Path) -> bool:
    """Whether ``db_file`` may be opened and read while its check runs: a SQLite file marked as
    Kaizen's (``application_id``) and already in WAL mode, so opening it writes nothing (a
    connection switching a file to WAL rewrites its header). Read from the 100-byte header."""
    from kaizen.db.marking import APPLICATION_ID

    try:
        with open(db_file, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    return (len(header) == 100 and header.startswith(_SQLITE_MAGIC)
            and header[18] == 2 and header[19] == 2  # WAL: file format versions 2 and 2
            and int.from_bytes(header[68:72], "big") == APPLICATION_ID)


class _SideCheck(BackgroundThread):
    """:func:`kaizen.db.recovery.check_file` in a thread: the check alone, nothing set aside
    (the file is open meanwhile; setting aside comes after it is closed). Not started here:
    see :func:`_start_check_when_settled`."""

    def __init__(self, db_file: Path) -> None:
        super().__init__(lambda: _check_only(db_file), "database file check", start=False)


# The side check starts at the latest this long after the window took its services.
CHECK_START_LATEST_MS = 3000


def _start_check_when_settled(window: MainWindow, check: BackgroundThread) -> None:
    """Start ``check`` when the first view shown is filled (its ``settled`` signal: the
    dashboard's figures and charts), else now; and at the latest after
    :data:`CHECK_START_LATEST_MS` (a view that never settles must not hold the check)."""
    page = None if window.is_loading else window.current_page()
    settled = getattr(page, "settled", None)
    if settled is None:
        check.start()
        return
    settled.connect(check.start)
    QTimer.singleShot(CHECK_START_LATEST_MS, check.start)


def _check_only(db_file: Path) -> Any:
    from kaizen.db.recovery import check_file

    found = check_file(db_file)
    _import_database_dialog()
    return found


def _import_database_dialog() -> None:
    """The database dialog's module (the backups' with it), imported in the file check's thread:
    the start adds the window's Database entry once the check is done, and a damaged file's
    dialog needs it; the GUI thread then finds it loaded. A failure here is not the check's:
    the GUI thread's own import meets it again and reports it."""
    try:
        import kaizen.ui.database_dialog  # noqa: F401
    except Exception:  # noqa: BLE001 (never taken for a damaged file)
        log.warning("Importing the database dialog failed", exc_info=True)  # i18n: no


def _found_damaged(check: BackgroundThread) -> bool:
    """The side check's verdict: damaged, or it could not read the file."""
    from kaizen.db.recovery import Condition

    if check.error is not None:
        return True
    return bool(check.result_value.condition is Condition.DAMAGED)


def _write_gate(check: BackgroundThread) -> Callable[[], None]:
    """The writes' gate for a file read beside its check: wait for the check; refuse on
    damage (the start then sets the file aside and offers a backup)."""
    def gate() -> None:
        check.result()  # waits; raises what the check raised (the file could not be read)
        if _found_damaged(check):
            raise KaizenError(translate("ui.app", "The database file is damaged: nothing was "
                                        "written to it."))
    return gate


def _start_again_after_recovery(paths: Paths, db_file: Path, demo: bool) -> int:
    """A file found damaged after it was opened (and closed again): set it aside, offer the
    newest good backup as at any start, then start again on what is in place."""
    if not recover_damaged_database(db_file, paths.backups_dir):
        return 1
    return run_gui(paths, demo=demo)


class _FileCheck(BackgroundThread):
    """:func:`kaizen.db.recovery.recover_on_start` in a thread of its own (no Qt in it)."""

    def __init__(self, db_file: Path, backup_dir: Path) -> None:
        # result(): the offer (None: the file is healthy or missing), or the OSError met.
        super().__init__(lambda: _recover_on_start(db_file, backup_dir), "database file check")


def _recover_on_start(db_file: Path, backup_dir: Path) -> RecoveryOffer | None:
    from kaizen.db.recovery import recover_on_start

    offer = recover_on_start(db_file, backup_dir)
    _import_database_dialog()
    return offer


def recover_damaged_database(db_file: Path, backup_dir: Path) -> bool:
    """Before opening: a damaged file is set aside and the newest good backup offered in a
    dialog. False when the person chose to quit."""
    return _recover(_FileCheck(db_file, backup_dir), db_file)


def _recover(check: _FileCheck, db_file: Path) -> bool:
    from kaizen.ui.database_dialog import Choice, DamagedDatabaseDialog

    try:
        offer = check.result()
    except OSError as exc:
        _fatal(translate("ui.app",
                         "Kaizen could not check or set aside the database file {file}:\n\n{error}")
               .format(file=db_file, error=exc))
        return False
    if offer is None:
        return True
    log.warning("%s", offer.message())
    dialog = DamagedDatabaseDialog(offer)
    dialog.exec()
    return dialog.choice is not Choice.QUIT


def start_backup_if_due(window: MainWindow, db: Database, backup_dir: Path) -> worker.Task:
    """The daily backup, in the background once the window is up; the status bar says how it
    went."""
    def done(taken: Path | None) -> None:
        if taken is not None:
            window.statusBar().showMessage(
                translate("ui.app", "Daily backup taken and verified: {name}")
                .format(name=taken.name), 10_000)

    def failed(error: BaseException) -> None:
        log.error("The daily backup failed: %r", error)
        window.statusBar().showMessage(
            translate("ui.app", "The daily backup failed: {error}").format(error=error), 30_000)

    from kaizen.db.backup import backup_if_due

    return worker.run_in_background(lambda: backup_if_due(db, backup_dir), on_success=done,
                                    on_failure=failed, owner=window, name="daily backup")


def _location(paths: Paths) -> str:
    sqlite_file = paths.sqlite_file
    return str(sqlite_file) if sqlite_file is not None else paths.db_url


def _fatal(message: str) -> None:
    log.error("%s", message)
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, message)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


# --- first run ----------------------------------------------------------------------------------


def start_first_run(window: MainWindow, services: Services, *, demo: bool = False) -> None:
    """When nobody exists yet: load the demo (``--demo``) or ask how to start."""
    people = services.people
    worker.run_in_background(
        people.is_empty,
        on_success=lambda empty: _after_empty_check(window, services, empty, demo),
        on_failure=lambda error: _warn(
            window, translate("ui.app", "Could not read the database"), error),
        owner=window,
        name="is the database empty",
    )


def _after_empty_check(window: MainWindow, services: Services, empty: bool, demo: bool) -> None:
    if not empty:
        if demo:
            window.statusBar().showMessage(translate(
                "ui.app", "This database already holds data, so the demo plant was not added."),
                10_000)
        return
    if demo:
        load_demo(window, services)
        return
    dialog = FirstRunDialog(services, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.demoRequested.connect(lambda: load_demo(window, services))
    dialog.siteCreated.connect(lambda person: _site_created(window, person))
    dialog.open()


def _site_created(window: MainWindow, admin: PersonInfo) -> None:
    window.who_picker.adopt(admin)
    window.refresh()
    window.statusBar().showMessage(
        translate("ui.app", "Welcome, {name}. Your site is ready.").format(name=admin.name),
        10_000)


class DemoProgressLine(QWidget):
    """The demo plant filling in, as a line in the status bar: the window stays in use (issue
    16: a newcomer sees the app at once and the figures as soon as they are in)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("DemoProgress")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(translate("ui.app", "Loading demo data"))
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the first report gives a total
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(160)
        row.addWidget(self.label)
        row.addWidget(self.bar)

    def report(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))


def load_demo(window: MainWindow, services: Services, *, seed: int = 1,
              on_done: Callable[[Any], None] | None = None, **options: Any) -> worker.Task:
    """Build the demo plant in the worker, a progress line in the status bar meanwhile (no
    modal dialog: the window answers throughout); refresh the window after.

    ``options`` go to ``build_demo`` (tests pass ``months=1`` for a small plant).
    """
    line = DemoProgressLine(window.statusBar())
    window.statusBar().addPermanentWidget(line)
    line.show()
    db = services.db
    closed = {"done": False}

    def report(done: int, total: int) -> None:
        if not closed["done"]:  # a report still queued when the outcome came is dropped
            line.report(done, total)

    def close_line() -> None:
        closed["done"] = True
        window.statusBar().removeWidget(line)
        line.deleteLater()

    def show_data() -> None:
        if window.is_loading:  # the first start with --demo: the window gets its services now
            window.attach_services(services)
        else:
            window.refresh()

    def finished_ok(summary: Any) -> None:
        close_line()
        show_data()
        window.statusBar().showMessage(translate("ui.app", "Demo data loaded."), 10_000)
        describe = getattr(summary, "describe", None)
        if callable(describe):  # it names the demo PINs, so it must not scroll away
            _inform(window, translate("ui.app", "The demo plant is ready"), describe())
        if on_done is not None:
            on_done(summary)

    def failed(error: BaseException) -> None:
        close_line()
        show_data()
        _warn(window, translate("ui.app", "The demo data could not be loaded"), error)
        if on_done is not None:
            on_done(error)

    def build(progress: Callable[[int, int], None]) -> Any:
        # Imported here, in the worker: the generator's modules are not the GUI thread's wait.
        from kaizen.demo.generator import build_demo

        return build_demo(db, seed=seed, progress=progress, **options)

    return worker.run_in_background(
        build,
        with_progress=True,
        on_progress=report,
        on_success=finished_ok,
        on_failure=failed,
        owner=window,
        name="build demo",
    )


def _warm_chart_text(window: MainWindow, folder: Path) -> None:
    """While the demo plant loads, draw the dashboard's charts from sample data on a worker,
    so the first charts ever drawn find their fixed strings measured and rasterised (issue 21:
    130-140 ms of CPU each without, over the 100 ms a chart may take). Only when no text cache
    file is kept in ``folder`` (beside the kept charts) yet: a later start reads it."""
    from kaizen.ui.charts import text_store

    if (folder / text_store.FILE_NAME).exists():
        return
    text_store.use_folder(folder)  # where the dashboard's kept charts will set it too
    from kaizen.services.site_settings import SiteSettings

    # The dashboard card's chart room at the usual window sizes: every size there draws its
    # text at the same floored dpi (kaizen.charts.style.display_dpi), so one size serves.
    size, ratio = QSize(460, 300), window.devicePixelRatioF()
    currency = SiteSettings().currency  # the demo plant keeps the default

    def warm() -> None:
        from kaizen.ui.charts.text_warm import warm_dashboard_text

        warm_dashboard_text(size, ratio, currency)

    worker.run_in_background(warm, owner=window, name="prepare the chart text")


def _inform(parent: QWidget, title: str, message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, message, parent=parent)
    box.setObjectName("InfoBox")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    box.open()


def _warn(parent: QWidget, title: str, error: BaseException) -> None:
    message = error.message if isinstance(error, KaizenError) else str(error) or repr(error)
    if not isinstance(error, KaizenError):
        log.error("%s: %r", title, error)
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    box.open()


class ChoiceCard(QFrame):
    """A large clickable choice: an icon, a bold title, a muted explanation and a chevron.

    Works with the mouse and with the keyboard (Tab to it, then Space or Enter).
    """

    clicked = Signal()

    def __init__(self, icon_name: str, title: str, text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChoiceCard")
        self.setAttribute(Qt.WidgetAttribute.WA_Hover, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)
        icon = QLabel()
        icon.setPixmap(resources.icon(icon_name, resources.ACCENT).pixmap(QSize(28, 28)))
        chevron = QLabel()
        chevron.setPixmap(resources.icon("mdi6.chevron-right", resources.FAINT)
                          .pixmap(QSize(20, 20)))
        self.title_label = QLabel(title)
        self.title_label.setObjectName("ChoiceTitle")
        self.text_label = QLabel(text)
        self.text_label.setObjectName("ChoiceText")
        self.text_label.setWordWrap(True)
        for label in (icon, chevron, self.title_label, self.text_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        column = QVBoxLayout()
        column.setSpacing(3)
        column.addWidget(self.title_label)
        column.addWidget(self.text_label)
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 14, 14, 14)
        row.setSpacing(16)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(column, 1)
        row.addWidget(chevron, 0, Qt.AlignmentFlag.AlignVCenter)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.clicked.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class FirstRunDialog(QDialog):
    """The first start: explore a demo plant, or set up an empty site with its first admin."""

    demoRequested = Signal()
    siteCreated = Signal(object)  # PersonInfo of the new admin

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FirstRunDialog")
        self.setWindowTitle(translate("ui.app", "Welcome to Kaizen"))
        self.setModal(True)
        self.setMinimumWidth(520)
        self.services = services
        self.admin: PersonInfo | None = None

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_choice_page())
        self.pages.addWidget(self._build_setup_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.addWidget(self.pages)

    # -- pages --------------------------------------------------------------------------------
    def _build_choice_page(self) -> QWidget:
        page = QWidget()
        title = QLabel(translate("ui.app", "Welcome to Kaizen"))
        title.setObjectName("DialogTitle")
        intro = QLabel(translate("ui.app", "This database is empty. How would you like to start?"))
        intro.setObjectName("DialogText")
        intro.setWordWrap(True)
        self.demo_button = ChoiceCard(
            "mdi6.factory", translate("ui.app", "Load demo data"),
            translate("ui.app", "A sample plant to explore: ideas, waste walks, PDCA cycles, a "
                      "mapped process with its KPIs, an event log and a what-if scenario."),
        )
        self.empty_button = ChoiceCard(
            "mdi6.seed-outline", translate("ui.app", "Start empty"),
            translate("ui.app", "Set up your own site: its name, your name and your admin PIN."),
        )
        self.demo_button.clicked.connect(self._choose_demo)
        self.empty_button.clicked.connect(self.show_setup)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(6)
        column.addWidget(self.demo_button)
        column.addWidget(self.empty_button)
        column.addStretch(1)
        note = QLabel(translate("ui.app", "The demo fills this database. To start for real "
                                "later, open Kaizen on a new database file."))
        note.setObjectName("DialogNote")
        note.setWordWrap(True)
        column.addWidget(note)
        return page

    def _build_setup_page(self) -> QWidget:
        page = QWidget()
        title = QLabel(translate("ui.app", "Set up your site"))
        title.setObjectName("DialogTitle")
        intro = QLabel(translate("ui.app", "You become its first admin. Admins add people and "
                                 "areas, and confirm who they are with the PIN."))
        intro.setObjectName("DialogText")
        intro.setWordWrap(True)

        self.site_edit = QLineEdit()
        self.site_edit.setPlaceholderText(translate("ui.app", "e.g. Riverside Plant"))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(translate("ui.app", "Your name"))
        digits = QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{MAX_PIN_DIGITS}}}"),
                                             self)
        self.pin_edit = QLineEdit()
        self.pin_edit.setPlaceholderText(translate("ui.app", "4 to 12 digits"))
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setPlaceholderText(translate("ui.app", "The same PIN again"))
        for edit in (self.pin_edit, self.confirm_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setValidator(digits)
            edit.setMaxLength(MAX_PIN_DIGITS)

        self.field_errors: dict[str, ErrorLabel] = {}
        form = QGridLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(6)
        form.setColumnStretch(1, 1)
        for row, (key, label, edit) in enumerate((
            ("site_name", translate("ui.app", "Site name"), self.site_edit),
            ("admin_name", translate("ui.app", "Your name"), self.name_edit),
            ("admin_pin", translate("ui.app", "Admin PIN"), self.pin_edit),
            ("confirm_pin", translate("ui.app", "Confirm PIN"), self.confirm_edit),
        )):
            caption = QLabel(label)
            caption.setBuddy(edit)
            error = ErrorLabel()
            self.field_errors[key] = error
            form.addWidget(caption, row * 2, 0,
                           Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            form.addWidget(edit, row * 2, 1)
            form.addWidget(error, row * 2 + 1, 1)

        self.form_error = ErrorLabel()
        refusals = Refusals(message=lambda text, action, action_text: self.form_error.show_message(
            text, action=action, action_text=action_text))
        for key, edit in (("site_name", self.site_edit), ("admin_name", self.name_edit),
                          ("admin_pin", self.pin_edit), ("confirm_pin", self.confirm_edit)):
            refusals.add_label(key, self.field_errors[key], edit)
        self.saver = FormSaver(self, refusals, what="the site")
        self.saver.submit_on(self._create_site, page)
        self.saver.busyChanged.connect(self._set_busy)

        self.back_button = QPushButton(translate("ui.app", "Back"))
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.show_choice)
        self.create_button = primary_button(translate("ui.app", "Create site"), self._create_site)
        buttons = button_row(self.back_button, None, self.create_button)

        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(4)
        column.addLayout(form)
        column.addWidget(self.form_error)
        column.addStretch(1)
        column.addLayout(buttons)
        return page

    # -- actions ------------------------------------------------------------------------------
    def show_choice(self) -> None:
        self.pages.setCurrentIndex(0)

    def show_setup(self) -> None:
        self.pages.setCurrentIndex(1)
        self.site_edit.setFocus()

    def _choose_demo(self) -> None:
        self.accept()
        self.demoRequested.emit()

    def _create_site(self) -> None:
        site, name, pin = self.site_edit.text(), self.name_edit.text(), self.pin_edit.text()
        confirm, people = self.confirm_edit.text(), self.services.people

        def collect() -> Callable[[], PersonInfo]:
            if pin != confirm:
                raise ValidationError(
                    translate("ui.app", "The two PINs differ; type the same PIN twice."),
                    "confirm_pin")  # i18n: no (the field's key)
            return lambda: people.bootstrap(site_name=site, admin_name=name, admin_pin=pin)

        self.saver.save(collect, self._created, name="bootstrap site")

    def _set_busy(self, busy: bool) -> None:
        self.create_button.setEnabled(not busy)
        self.back_button.setEnabled(not busy)
        self.create_button.setText(translate("ui.app", "Creating…") if busy
                                   else translate("ui.app", "Create site"))

    def _created(self, admin: PersonInfo) -> None:
        self.admin = admin
        self.accept()
        self.siteCreated.emit(admin)

    def reject(self) -> None:
        if not self.saver.busy:
            super().reject()
