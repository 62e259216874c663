"""Save PNG screenshots of every view of the main window, and of the first-run and PIN dialogs.

Usage::

    .venv/bin/python scripts/screenshot.py --db path/to/kaizen.db --out shots/
    .venv/bin/python scripts/screenshot.py --demo --out shots/      # a fresh demo database
    .venv/bin/python scripts/screenshot.py --empty --out shots/     # a fresh empty database

Runs offscreen (no display needed) unless QT_QPA_PLATFORM says otherwise; QSettings go to a
temporary folder so the user's own window geometry and last person are left alone.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, QSettings, QSize  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from kaizen.config import sqlite_url  # noqa: E402
from kaizen.db.engine import Database  # noqa: E402
from kaizen.db.migrate import prepare_database  # noqa: E402
from kaizen.domain.errors import ValidationError  # noqa: E402
from kaizen.services import Services  # noqa: E402
from kaizen.ui import worker  # noqa: E402
from kaizen.ui.app import FirstRunDialog, build_main_window, ensure_application  # noqa: E402
from kaizen.ui.main_window import VIEW_SPECS, MainWindow  # noqa: E402
from kaizen.ui.who_picker import PinDialog  # noqa: E402

SIZES = (QSize(1280, 800), QSize(1920, 1080))


def wait_until(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not finish loading")
        QCoreApplication.processEvents()
        time.sleep(0.01)


def settle() -> None:
    """Let queued results arrive and layouts finish: pages built a part per timer turn start
    their reads from those turns, so the loop runs until no task has run for a while."""
    quiet = 0
    while quiet < 20:
        busy = worker.active_tasks() > 0
        worker.wait_for_all()
        QCoreApplication.processEvents()
        time.sleep(0.005)
        quiet = 0 if busy else quiet + 1


def save(widget: QWidget, path: Path) -> Path:
    settle()
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(path)
    return path


def slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-").replace("--", "-")


def shoot_views(window: MainWindow, out: Path, size: QSize) -> list[Path]:
    window.resize(size)
    window.show()
    settle()
    tag = f"{size.width()}x{size.height()}"
    paths = []
    for index, view in enumerate(VIEW_SPECS):
        window.show_view(index)
        paths.append(save(window, out / f"{tag}-{index + 1}-{slug(view.title)}.png"))
    return paths


def shoot_dialogs(window: MainWindow, services: Services, out: Path) -> list[Path]:
    paths = []
    first_run = FirstRunDialog(services, window)
    first_run.show()
    paths.append(save(first_run, out / "dialog-first-run-choice.png"))
    first_run.pages.setCurrentIndex(1)
    first_run.saver.refuse(ValidationError("A PIN has 4 to 12 digits.", field="admin_pin"))
    paths.append(save(first_run, out / "dialog-first-run-setup.png"))
    first_run.close()

    read_only = build_main_window(services, db_location="/example/kaizen.db", read_only=True,
                                  restore_person=False)
    read_only.resize(SIZES[0])
    read_only.show()
    paths.append(save(read_only, out / "window-read-only-banner.png"))
    read_only.close()

    people = services.people.list_people()
    supervisor = next((p for p in people if p.role.needs_pin), None)
    if supervisor is not None:
        dialog = PinDialog(supervisor, services.people.authenticate, window)
        dialog.show()
        dialog.pin_edit.setText("0000")
        dialog._check()
        wait_until(lambda: not dialog.checking)
        paths.append(save(dialog, out / "dialog-pin-refused.png"))
        dialog.close()
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--db", help="a database file or SQLAlchemy URL to show")
    source.add_argument("--demo", action="store_true", help="build a fresh demo database")
    source.add_argument("--empty", action="store_true", help="a fresh, empty database")
    parser.add_argument("--out", default="screenshots", help="folder for the PNGs")
    parser.add_argument("--person", help="name of the person picked as working (staff only)")
    parser.add_argument("--dialogs", action="store_true",
                        help="also save the first-run and PIN dialogs")
    parser.add_argument("--language", default=os.environ.get("KAIZEN_LANG", "en"),
                        help="en, de or es (default: KAIZEN_LANG, else en)")
    args = parser.parse_args(argv)

    scratch = tempfile.TemporaryDirectory(prefix="kaizen-shots-")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch.name)
    QApplication.setApplicationName("KaizenScreenshots")
    QApplication.setOrganizationName("KaizenScreenshots")
    app = ensure_application()
    from kaizen.ui.language import apply_language

    apply_language(args.language)
    collector = worker.MainThreadGarbageCollector(app)

    if args.db:
        url = args.db if "://" in args.db else sqlite_url(Path(args.db).resolve())
    else:
        url = sqlite_url(Path(scratch.name) / "kaizen.db")
    db = Database(url)
    prepare_database(db, None)
    if args.demo:
        from kaizen.demo.generator import build_demo

        print(build_demo(db).describe())
    services = Services.create(db)
    window = build_main_window(services, db_location=url.removeprefix("sqlite:///"),
                               read_only=db.read_only, restore_person=False)
    wait_until(lambda: window.who_picker.people or services.people.is_empty())
    if args.person:
        match = next((p for p in window.who_picker.people if p.name == args.person), None)
        if match is None:
            parser.error(f"nobody called {args.person!r} is active")
        window.who_picker.choose(match.id)
    else:
        staff = next((p for p in window.who_picker.people if not p.role.needs_pin), None)
        if staff is not None:
            window.who_picker.choose(staff.id)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        shoot_views(window, out, size)
    if args.dialogs:
        shoot_dialogs(window, services, out)
    window.close()
    settle()
    collector.stop()
    db.dispose()
    scratch.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
