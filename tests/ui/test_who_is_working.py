"""Who is working changes only on purpose, and shared PCs sign supervisors out (issue 16).

The defect: after saving an idea, focus fell back on the toolbar's "Who is working" combo box,
and typing "screw" (meant as a search) or one "z" switched the person without a PIN. Now nothing
in the toolbar takes focus and the person changes only through "Change…" and a chosen row. The
idle sign-out runs on an injected clock and an explicit ``tick()``, never on waiting.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from kaizen.services import Services
from kaizen.ui.capture.idea_form import IdeaDialog
from kaizen.ui.idle import IdleSignOut
from kaizen.ui.main_window import MainWindow
from kaizen.ui.who_picker import CHANGE_SHORTCUT, WhoPicker, person_label
from ui.helpers import SUPERVISOR_PIN, Team


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


def focus_in_picker(window: MainWindow) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is window.who_picker
                                  or window.who_picker.isAncestorOf(focus))


def test_nothing_in_the_picker_can_take_keyboard_focus(qtbot, window: MainWindow) -> None:
    picker = window.who_picker
    widgets = [picker, *picker.findChildren(QWidget)]
    assert all(w.focusPolicy() == Qt.FocusPolicy.NoFocus for w in widgets), [
        (w.objectName() or type(w).__name__, w.focusPolicy()) for w in widgets
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus]
    # Tab walks the whole window without ever stopping in the picker.
    window.activateWindow()
    window.sidebar.setFocus()
    for _ in range(60):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert not focus_in_picker(window)


def test_saving_an_idea_then_typing_never_changes_the_person(qtbot, window: MainWindow,
                                                             team: Team) -> None:
    window.who_picker.adopt(team.supervisor)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.capture_dialog
    assert isinstance(form, IdeaDialog)
    qtbot.waitUntil(lambda: form.is_ready)
    qtbot.keyClicks(form.title_edit, "Label the screw bins")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        qtbot.keyClick(form.title_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.capture_dialog is None)
    assert not focus_in_picker(window)
    # The words from the report: "screw" meant as a search, then a stray "z".
    for text in ("screw", "z", "Bea"):
        target = QApplication.focusWidget() or window
        qtbot.keyClicks(target, text)
        assert window.current_person.id == team.supervisor.id
    assert window.who_picker.shown_text() == person_label(team.supervisor)


def test_typing_in_the_chooser_only_filters_until_a_row_is_chosen(
    qtbot, window: MainWindow, team: Team
) -> None:
    picker = window.who_picker
    picker.adopt(team.supervisor)
    changes: list[object] = []
    picker.personChanged.connect(changes.append)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: picker.chooser is not None and picker.chooser.isVisible())
    chooser = picker.chooser
    assert CHANGE_SHORTCUT in picker.change_button.toolTip()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is chooser.filter_edit)
    qtbot.keyClicks(chooser.filter_edit, "screw")
    assert chooser.visible_labels() == []
    qtbot.keyClick(chooser.filter_edit, Qt.Key.Key_Return)  # nothing matches: nobody picked
    assert chooser.isVisible() and changes == []
    chooser.filter_edit.clear()
    qtbot.keyClicks(chooser.filter_edit, "bea")
    assert chooser.visible_labels() == [person_label(team.staff)]
    assert changes == []  # typing alone changed nothing
    qtbot.keyClick(chooser.filter_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: picker.chooser is None)
    assert changes == [] and picker.current_person.id == team.supervisor.id

    picker.open_chooser()
    chooser = picker.chooser
    qtbot.keyClicks(chooser.filter_edit, "bea")
    with qtbot.waitSignal(picker.personChanged, timeout=10_000) as blocker:
        qtbot.keyClick(chooser.filter_edit, Qt.Key.Key_Return)  # the deliberate choice
    assert blocker.args[0].id == team.staff.id


def test_chooser_down_arrow_moves_through_the_list(qtbot, window: MainWindow, team: Team) -> None:
    picker = window.who_picker
    picker.adopt(team.staff)
    chooser = picker.open_chooser()
    assert chooser is not None
    assert chooser.list.currentItem().text() == person_label(team.staff)
    qtbot.keyClick(chooser.filter_edit, Qt.Key.Key_Down)
    assert chooser.list.currentItem().text() == person_label(team.other_staff)
    with qtbot.waitSignal(picker.personChanged, timeout=10_000) as blocker:
        qtbot.keyClick(chooser.filter_edit, Qt.Key.Key_Return)
    assert blocker.args[0].id == team.other_staff.id


def make_idle(qtbot, services: Services, minutes: int) -> tuple[WhoPicker, IdleSignOut,
                                                                FakeClock]:
    picker = WhoPicker(services, restore_last=False)
    qtbot.addWidget(picker)
    with qtbot.waitSignal(picker.peopleLoaded, timeout=20_000):
        picker.reload()
    clock = FakeClock()
    idle = IdleSignOut(picker, clock=clock, start_timer=False)
    idle.set_minutes(minutes)
    return picker, idle, clock


def test_a_supervisor_is_signed_out_after_the_idle_time(qtbot, services: Services,
                                                        team: Team) -> None:
    picker, idle, clock = make_idle(qtbot, services, 15)
    picker.adopt(team.supervisor)
    clock.advance(14.9)
    assert not idle.tick()
    assert picker.current_person.id == team.supervisor.id
    # A key press anywhere in the app is activity: the idle time starts again.
    QApplication.sendEvent(picker, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A,
                                             Qt.KeyboardModifier.NoModifier, "a"))
    clock.advance(14.9)
    assert not idle.tick()
    with qtbot.waitSignal(idle.signedOut) as blocker:
        clock.advance(0.2)
        assert idle.tick()
    assert blocker.args[0].id == team.supervisor.id
    assert picker.current_person is None


def test_a_mouse_passing_by_is_not_activity_but_a_click_is(qtbot, services: Services,
                                                           team: Team) -> None:
    from PySide6.QtGui import QMouseEvent

    picker, idle, clock = make_idle(qtbot, services, 5)
    picker.adopt(team.admin)
    clock.advance(4)
    moved = QMouseEvent(QEvent.Type.MouseMove, QPointF(3, 3), QPointF(3, 3),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(picker, moved)
    clock.advance(1)
    assert idle.tick() and picker.current_person is None

    picker.adopt(team.admin)
    clock.advance(4)
    pressed = QMouseEvent(QEvent.Type.MouseButtonPress, QPointF(3, 3), QPointF(3, 3),
                          Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(picker, pressed)
    clock.advance(1)
    assert not idle.tick()
    assert picker.current_person.id == team.admin.id


def test_staff_and_a_zero_setting_are_never_signed_out(qtbot, services: Services,
                                                       team: Team) -> None:
    picker, idle, clock = make_idle(qtbot, services, 15)
    picker.adopt(team.staff)  # staff need no PIN: nothing to protect
    clock.advance(600)
    assert not idle.tick()
    assert picker.current_person.id == team.staff.id
    idle.set_minutes(0)
    picker.adopt(team.supervisor)
    clock.advance(600)
    assert not idle.tick()
    assert picker.current_person.id == team.supervisor.id


def test_the_window_uses_the_site_setting_and_says_who_was_signed_out(
    qtbot, window: MainWindow, services: Services, team: Team
) -> None:
    services.people.update_settings(team.admin.id, idle_signout_minutes=3)
    clock = FakeClock()
    window.idle.clock = clock
    window.idle.set_minutes(0)
    picker = window.who_picker
    picker.choose(team.supervisor.id)  # asks the PIN, as a person picking would
    qtbot.waitUntil(lambda: picker.pin_dialog is not None)
    qtbot.keyClicks(picker.pin_dialog.pin_edit, SUPERVISOR_PIN)
    with qtbot.waitSignal(picker.personChanged, timeout=20_000):
        qtbot.keyClick(picker.pin_dialog.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.idle.minutes == 3, timeout=20_000)  # read in the worker
    clock.advance(2.5)
    assert not window.idle.tick()
    clock.advance(1)
    assert window.idle.tick()
    assert window.current_person is None
    assert window.statusBar().currentMessage().startswith(
        "Sam Supervisor was signed out after 3 idle minutes")
    assert window.person_label.text() == "Nobody picked as working"
