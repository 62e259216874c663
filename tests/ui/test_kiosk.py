"""The shop-floor kiosk (issue 22), clicked with qtbot over real services: pick yourself by name
or badge (no PIN for staff), new idea, log waste, my ideas; touch-sized targets; back to the start
after the idle time (an injected clock, moved by the test); no way into the other views. Signing
in goes through the one save mechanism (issue 15, kaizen/ui/form_op.py): busy while it runs, a
refusal right under the badge field, Retry when the server is away, an unexpected error logged.

The 48 px minimum is the touch target of Material Design ("Accessibility: touch targets,
48 x 48 dp") and of Apple's Human Interface Guidelines (44 pt).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLineEdit,
    QListWidget,
    QMenuBar,
    QToolBar,
)

from kaizen.cli import main
from kaizen.config import resolve_paths
from kaizen.i18n import PSEUDO, PSEUDO_OPEN
from kaizen.services import Services
from kaizen.ui import app as gui
from kaizen.ui import worker
from kaizen.ui.app import ensure_application
from kaizen.ui.capture.idea_form import IdeaDialog
from kaizen.ui.capture.observation_form import ObservationDialog
from kaizen.ui.help_dialog import give_help_key
from kaizen.ui.kiosk.app import damaged_file_message, run_kiosk
from kaizen.ui.kiosk.settings import kiosk_enabled
from kaizen.ui.kiosk.window import HOME, MY_IDEAS, START, TOUCH, KioskWindow
from kaizen.ui.language import apply_language
from kaizen.ui.who_picker import PinDialog
from kaizen.ui.widgets.form import retry_message
from ui.helpers import SUPERVISOR_PIN, FlakyServer, Team


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock_s() -> FakeClock:
    return FakeClock()


@pytest.fixture
def kiosk(qtbot, services: Services, team: Team, clock_s: FakeClock) -> KioskWindow:
    ensure_application()  # the app's style, as run_kiosk has it
    window = KioskWindow(services, clock=clock_s, idle_seconds=90)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.people_list.count() == len(team.active), timeout=10_000)
    return window


def _tap_person(qtbot, kiosk: KioskWindow, name: str) -> None:
    items = kiosk.people_list.findItems(name, Qt.MatchFlag.MatchExactly)
    assert items, name
    rect = kiosk.people_list.visualItemRect(items[0])
    qtbot.mouseClick(kiosk.people_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _visible_targets(kiosk: KioskWindow) -> list:
    page = kiosk.stack.currentWidget()
    return [w for w in page.findChildren(QAbstractButton) + page.findChildren(QLineEdit)
            if w.isVisible()]


def test_staff_pick_themselves_without_a_pin(qtbot, kiosk: KioskWindow, team: Team) -> None:
    assert kiosk.stack.currentIndex() == START
    names = [kiosk.people_list.item(i).text() for i in range(kiosk.people_list.count())]
    assert names == sorted(p.name for p in team.active)
    _tap_person(qtbot, kiosk, team.staff.name)
    qtbot.waitUntil(lambda: kiosk.stack.currentIndex() == HOME, timeout=10_000)
    assert kiosk.person.id == team.staff.id
    assert kiosk.hello_label.text() == f"Hello, {team.staff.name}"


def test_supervisors_confirm_with_their_pin(qtbot, kiosk: KioskWindow, team: Team,
                                           monkeypatch) -> None:
    def no_read_on_the_gui_thread(*_args):
        raise AssertionError("the PIN dialog opens from the list's data, without a read")

    monkeypatch.setattr(kiosk.services.people, "get_person", no_read_on_the_gui_thread)
    _tap_person(qtbot, kiosk, team.supervisor.name)
    assert isinstance(kiosk.dialog, PinDialog)
    assert kiosk.stack.currentIndex() == START
    kiosk.dialog.reject()
    assert kiosk.person is None
    # The right PIN signs the supervisor in (the dialog built from the list's row).
    _tap_person(qtbot, kiosk, team.supervisor.name)
    dialog = kiosk.dialog
    qtbot.keyClicks(dialog.pin_edit, SUPERVISOR_PIN)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.stack.currentIndex() == HOME)
    assert kiosk.person.id == team.supervisor.id


def test_a_badge_number_finds_its_person(qtbot, kiosk: KioskWindow, team: Team,
                                         services: Services) -> None:
    services.kiosk.set_badge_number(team.admin.id, team.staff.id, "4711")
    qtbot.keyClicks(kiosk.badge_edit, "0815")
    qtbot.keyClick(kiosk.badge_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(kiosk.start_message.isVisible, timeout=10_000)
    assert "No one working here has the badge 0815" in kiosk.start_message.text()
    kiosk.badge_edit.clear()
    qtbot.keyClicks(kiosk.badge_edit, "4711")
    qtbot.keyClick(kiosk.badge_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: kiosk.stack.currentIndex() == HOME, timeout=10_000)
    assert kiosk.person.id == team.staff.id
    assert not kiosk.start_message.isVisible()


def _signed_in_nobody(kiosk: KioskWindow) -> None:
    assert kiosk.stack.currentIndex() == START and kiosk.person is None
    assert kiosk.dialog is None
    assert not kiosk.badge_edit.isReadOnly() and kiosk.people_list.isEnabled()
    assert kiosk.badge_button.isEnabled()


def test_a_refused_sign_in_is_said_under_the_badge_field_and_changes_nothing(
        qtbot, kiosk: KioskWindow, team: Team, services: Services) -> None:
    busy: list[bool] = []
    kiosk.sign_in.busyChanged.connect(busy.append)
    qtbot.keyClicks(kiosk.badge_edit, "12 34")  # a space inside: not a badge number
    with qtbot.waitSignal(kiosk.sign_in.finished, timeout=10_000) as done:
        qtbot.mouseClick(kiosk.badge_button, Qt.MouseButton.LeftButton)
    assert done.args == [False] and busy == [True, False]
    line = kiosk.start_message
    assert line.isVisible() and line.text().startswith("A badge number is letters and digits")
    # Right under the badge field: the next row of the page, nothing between them.
    field = kiosk.badge_edit.geometry()
    assert field.bottom() < line.geometry().top() <= field.bottom() + 24
    assert line.geometry().left() == field.left()
    assert kiosk.badge_edit.text() == "12 34"  # kept, to be mended
    _signed_in_nobody(kiosk)
    qtbot.keyClicks(kiosk.badge_edit, "5")  # editing the field takes the message away
    assert not line.isVisible()

    # A person made inactive after the list was read is refused by the service, on that line.
    services.people.set_active(team.admin.id, team.staff.id, False)
    with qtbot.waitSignal(kiosk.sign_in.finished, timeout=10_000) as done:
        _tap_person(qtbot, kiosk, team.staff.name)
    assert done.args == [False]
    assert line.isVisible() and line.text() == "This person is not active; pick someone else."
    _signed_in_nobody(kiosk)
    assert not services.people.get_person(team.staff.id).active


def test_the_server_away_offers_retry_and_retry_signs_in_once(
        qtbot, kiosk: KioskWindow, team: Team, services: Services, monkeypatch) -> None:
    server = FlakyServer(services.people.authenticate)
    monkeypatch.setattr(services.people, "authenticate", server)
    outcomes: list[bool] = []
    kiosk.sign_in.finished.connect(outcomes.append)
    with qtbot.waitSignal(kiosk.sign_in.finished, timeout=10_000):
        _tap_person(qtbot, kiosk, team.staff.name)
    assert kiosk.start_message.text() == retry_message()
    retry = kiosk.start_message.action_button
    assert retry is not None and retry.isVisible() and retry.text() == "Retry"
    assert retry.height() >= TOUCH  # a finger's target, like every other on the kiosk
    assert kiosk.start_message.rect().contains(retry.geometry())
    _signed_in_nobody(kiosk)

    with qtbot.waitSignal(kiosk.sign_in.finished, timeout=10_000):
        qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentIndex() == HOME and kiosk.person.id == team.staff.id
    assert not kiosk.start_message.isVisible()
    assert worker.wait_for_all()
    assert server.calls == 2 and outcomes == [False, True]


def test_a_badge_sign_in_with_the_server_away_retries_the_lookup_too(
        qtbot, kiosk: KioskWindow, team: Team, services: Services, monkeypatch) -> None:
    services.kiosk.set_badge_number(team.admin.id, team.staff.id, "4711")
    real_lookup = services.kiosk.person_by_badge
    lookup = FlakyServer(lambda _id, badge: real_lookup(badge))  # away once, then the real one
    monkeypatch.setattr(services.kiosk, "person_by_badge", lambda badge: lookup(0, badge))
    qtbot.keyClicks(kiosk.badge_edit, "4711")
    with qtbot.waitSignal(kiosk.sign_in.finished, timeout=10_000):
        qtbot.keyClick(kiosk.badge_edit, Qt.Key.Key_Return)
    assert kiosk.start_message.text() == retry_message()
    assert kiosk.badge_edit.text() == "4711"
    assert kiosk.badge_edit.hasFocus()  # the next scan types into it
    _signed_in_nobody(kiosk)
    with qtbot.waitSignal(kiosk.sign_in.finished, timeout=10_000):
        qtbot.mouseClick(kiosk.start_message.action_button, Qt.MouseButton.LeftButton)
    assert kiosk.person.id == team.staff.id and kiosk.stack.currentIndex() == HOME
    assert lookup.calls == 2


def test_busy_while_signing_in_and_a_second_tap_does_nothing(
        qtbot, kiosk: KioskWindow, team: Team, services: Services, monkeypatch) -> None:
    """The sign-in held on the worker by an event the test sets (no waiting on time)."""
    release, calls = threading.Event(), []
    real = services.people.authenticate

    def held(person_id: int, pin: str | None):
        calls.append(person_id)
        assert release.wait(30), "the test never released the sign-in"
        return real(person_id, pin)

    monkeypatch.setattr(services.people, "authenticate", held)
    try:
        with qtbot.waitSignal(kiosk.sign_in.busyChanged, timeout=10_000) as started:
            _tap_person(qtbot, kiosk, team.staff.name)
        assert started.args == [True]
        assert kiosk.badge_edit.isReadOnly() and not kiosk.badge_button.isEnabled()
        assert not kiosk.people_list.isEnabled()
        kiosk.pick(next(p for p in kiosk.people if p.id == team.other_staff.id))
        assert kiosk.sign_in.busy  # the second pick started nothing
        with qtbot.waitSignal(kiosk.sign_in.finished, timeout=10_000):
            release.set()
    finally:
        release.set()  # never leave the worker held when an assertion above fails
    assert kiosk.person.id == team.staff.id and kiosk.stack.currentIndex() == HOME
    assert worker.wait_for_all()
    assert calls == [team.staff.id]
    assert not kiosk.badge_edit.isReadOnly() and kiosk.people_list.isEnabled()


def test_a_supervisors_badge_asks_for_the_pin_first(qtbot, kiosk: KioskWindow, team: Team,
                                                   services: Services) -> None:
    services.kiosk.set_badge_number(team.admin.id, team.supervisor.id, "S-7")
    qtbot.keyClicks(kiosk.badge_edit, "S-7")
    with qtbot.waitSignal(kiosk.sign_in.finished, timeout=10_000):
        qtbot.keyClick(kiosk.badge_edit, Qt.Key.Key_Return)
    assert isinstance(kiosk.dialog, PinDialog) and kiosk.dialog.person.id == team.supervisor.id
    assert kiosk.person is None and kiosk.stack.currentIndex() == START
    kiosk.dialog.reject()


def test_the_list_of_people_unread_offers_retry(qtbot, services: Services, team: Team,
                                               clock_s: FakeClock, monkeypatch) -> None:
    real = services.kiosk.people
    server = FlakyServer(lambda _id, _pin: real())  # away for the first read
    monkeypatch.setattr(services.kiosk, "people", lambda: server(0, None))
    window = KioskWindow(services, clock=clock_s)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.start_message.isVisible, timeout=10_000)
    assert window.start_message.text() == retry_message()
    assert window.people_list.count() == 0
    qtbot.mouseClick(window.start_message.action_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.people_list.count() == len(team.active), timeout=10_000)
    assert not window.start_message.isVisible() and server.calls == 2


def test_an_unexpected_sign_in_error_is_logged_and_said(
        qtbot, kiosk: KioskWindow, team: Team, services: Services, monkeypatch,
        caplog) -> None:
    server = FlakyServer(services.people.authenticate, error=RuntimeError("socket closed"))
    monkeypatch.setattr(services.people, "authenticate", server)
    with caplog.at_level(logging.ERROR, logger="kaizen.ui.form_op"), \
            qtbot.waitSignal(kiosk.sign_in.finished, timeout=10_000):
        _tap_person(qtbot, kiosk, team.staff.name)
    assert kiosk.start_message.text() == "You could not be signed in: socket closed"
    assert kiosk.start_message.action_button is None or kiosk.start_message.action_button.isHidden()
    [record] = [r for r in caplog.records if r.name == "kaizen.ui.form_op"]
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError
    _signed_in_nobody(kiosk)


def test_new_idea_log_waste_and_my_ideas(qtbot, kiosk: KioskWindow, team: Team,
                                         services: Services) -> None:
    _tap_person(qtbot, kiosk, team.staff.name)
    qtbot.waitUntil(lambda: kiosk.stack.currentIndex() == HOME, timeout=10_000)
    qtbot.mouseClick(kiosk.idea_button, Qt.MouseButton.LeftButton)
    form = kiosk.dialog
    assert isinstance(form, IdeaDialog) and form.person.id == team.staff.id
    qtbot.waitUntil(lambda: form.is_ready, timeout=10_000)
    form.title_edit.setText("Tape dispenser at the packing table")
    form.problem_edit.setPlainText("We walk 8 m for tape.")
    form.proposal_edit.setPlainText("Mount a dispenser on the table.")
    with qtbot.waitSignal(form.saveFinished, timeout=10_000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert kiosk.home_message.text().startswith("Thank you: your idea #")
    assert all(b.height() >= TOUCH for b in form.findChildren(QAbstractButton)
               if b.isVisible() and b.text())
    qtbot.waitUntil(lambda: kiosk.dialog is None, timeout=10_000)
    qtbot.mouseClick(kiosk.waste_button, Qt.MouseButton.LeftButton)
    assert isinstance(kiosk.dialog, ObservationDialog)
    kiosk.dialog.reject()
    qtbot.mouseClick(kiosk.my_ideas_button, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentIndex() == MY_IDEAS
    qtbot.waitUntil(lambda: kiosk.my_ideas_title.text() == "My ideas (1)", timeout=10_000)
    assert kiosk.ideas_list.item(0).text().split("\n")[0].endswith(
        "Tape dispenser at the packing table")
    assert [s.title for s in services.suggestions.list_recent()] == [
        "Tape dispenser at the packing table"]


def test_every_target_is_touch_sized(qtbot, kiosk: KioskWindow, team: Team) -> None:
    targets = _visible_targets(kiosk)
    assert targets and all(w.height() >= TOUCH for w in targets), [
        (w.objectName(), w.height()) for w in targets]
    rows = [kiosk.people_list.visualItemRect(kiosk.people_list.item(i)).height()
            for i in range(kiosk.people_list.count())]
    assert min(rows) >= TOUCH
    _tap_person(qtbot, kiosk, team.staff.name)
    qtbot.waitUntil(lambda: kiosk.stack.currentIndex() == HOME, timeout=10_000)
    targets = _visible_targets(kiosk)
    assert len(targets) == 4 and all(w.height() >= TOUCH for w in targets)


def test_idle_time_returns_to_the_start(qtbot, kiosk: KioskWindow, team: Team,
                                        clock_s: FakeClock) -> None:
    _tap_person(qtbot, kiosk, team.staff.name)
    qtbot.waitUntil(lambda: kiosk.stack.currentIndex() == HOME, timeout=10_000)
    qtbot.mouseClick(kiosk.idea_button, Qt.MouseButton.LeftButton)
    form = kiosk.dialog
    clock_s.now += 89
    assert not kiosk.check_idle()  # not yet
    qtbot.keyClicks(form.title_edit, "Half typed")  # activity restarts the wait
    clock_s.now += 89
    assert not kiosk.check_idle()
    clock_s.now += 1
    assert kiosk.check_idle()
    assert kiosk.stack.currentIndex() == START
    assert kiosk.person is None and kiosk.dialog is None
    assert not form.isVisible()
    assert not kiosk.check_idle()  # already at the start: nothing to do


def test_no_way_into_the_other_views(qtbot, kiosk: KioskWindow, team: Team) -> None:
    menus = kiosk.findChildren(QMenuBar)
    assert all(not m.actions() for m in menus)
    assert not kiosk.findChildren(QListWidget, "Sidebar")
    assert not kiosk.findChildren(QToolBar)
    # F1 is given to each window as it takes the focus (help_dialog.give_help_key): asked here
    # as it would be, whichever tests ran before in this process.
    give_help_key(kiosk)
    shortcuts = [a.shortcut().toString() for a in kiosk.findChildren(QAction)
                 if not a.shortcut().isEmpty()]
    assert shortcuts == [] and not kiosk.findChildren(QShortcut)
    _tap_person(qtbot, kiosk, team.staff.name)
    qtbot.waitUntil(lambda: kiosk.stack.currentIndex() == HOME, timeout=10_000)
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_0, Qt.Key.Key_N, Qt.Key.Key_W):
        qtbot.keyClick(kiosk, key, Qt.KeyboardModifier.ControlModifier)
    assert kiosk.stack.currentIndex() == HOME and kiosk.dialog is None
    assert worker.wait_for_all()


def test_the_per_pc_setting(qtbot, capsys: pytest.CaptureFixture) -> None:
    assert not kiosk_enabled()
    assert main(["--set-kiosk", "on"]) == 0
    assert "opens the kiosk" in capsys.readouterr().out
    assert kiosk_enabled()
    assert main(["--set-kiosk", "off"]) == 0
    assert not kiosk_enabled()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_render(qtbot, kiosk: KioskWindow, team: Team, size, tmp_path_factory) -> None:
    folder = tmp_path_factory.getbasetemp().parent / "kiosk-renders"
    folder.mkdir(exist_ok=True)
    kiosk.resize(*size)
    assert kiosk.grab().save(str(folder / f"kiosk-start-{size[0]}x{size[1]}.png"))
    _tap_person(qtbot, kiosk, team.staff.name)
    qtbot.waitUntil(lambda: kiosk.stack.currentIndex() == HOME, timeout=10_000)
    assert kiosk.grab().save(str(folder / f"kiosk-home-{size[0]}x{size[1]}.png"))


# --- a damaged database at the kiosk's start -------------------------------------------------
# The damage is the one tests/safety/test_damaged.py makes (bytes scribbled over the second and
# third pages, which SQLite's quick_check reports: https://www.sqlite.org/pragma.html#pragma_quick_check).


def _scribble_over_a_page(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.seek(4096)
        fh.write(b"\x00\xffKAIZEN" * 1024)


@pytest.fixture
def language_back_to_english():
    yield
    apply_language("en")


@pytest.mark.sqlite_only(reason="a damaged SQLite file at the kiosk's start")
@pytest.mark.parametrize("language", ["en", PSEUDO])
def test_a_damaged_database_asks_for_a_supervisor_and_changes_nothing(
        qtbot, db, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        language: str, language_back_to_english) -> None:
    db.dispose()
    _scribble_over_a_page(db_path)
    damaged = db_path.read_bytes()
    shown: list[str] = []
    monkeypatch.setenv("KAIZEN_LANG", language)
    monkeypatch.setattr(gui, "_fatal", shown.append)
    monkeypatch.setattr(gui, "_open_database", lambda paths: pytest.fail("the database opened"))
    monkeypatch.setattr(QApplication, "exec", lambda app: pytest.fail("the event loop ran"))
    paths = resolve_paths(db_url=f"sqlite:///{db_path}", data_dir=tmp_path / "kiosk-data")

    assert run_kiosk(paths, full_screen=False) == 1

    assert len(shown) == 1
    message = shown[0]
    assert "Traceback" not in message and str(db_path) in message
    if language == "en":
        assert message.startswith("The Kaizen database is damaged, so the kiosk cannot start.")
        assert "Please fetch a supervisor." in message
    else:  # every word of it went through translate(), in the language the PC starts in
        assert message.startswith(PSEUDO_OPEN) and "fetch a supervisor" in message
    # No restore and no rename at a shared PC: the file is where it was, byte for byte, so the
    # main window's start still finds it and offers the backup.
    assert db_path.read_bytes() == damaged
    assert not list(db_path.parent.glob("*.damaged-*"))
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, KioskWindow) and w.isVisible()]


@pytest.mark.sqlite_only(reason="the file check is SQLite's quick_check")
def test_a_healthy_database_passes_the_kiosks_file_check(qapp, db_path: Path,
                                                         data_dir: Path) -> None:
    assert damaged_file_message(db_path, data_dir / "backups") is None
    db_path.write_bytes(b"")  # an empty file with no backups is a new database, as on start
    assert damaged_file_message(db_path, data_dir / "backups") is None
