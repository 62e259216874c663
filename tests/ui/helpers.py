"""Helpers for the UI tests: the small team they work with, opening the window, and driving
widgets the way a person would (clicks and keys)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListView

from kaizen.domain.errors import Unavailable
from kaizen.services import Services
from kaizen.services.people import PersonInfo
from kaizen.ui import worker
from kaizen.ui.app import build_main_window
from kaizen.ui.main_window import MainWindow

ADMIN_PIN = "4321"
SUPERVISOR_PIN = "2468"


@dataclass(frozen=True)
class Team:
    admin: PersonInfo
    supervisor: PersonInfo
    staff: PersonInfo
    other_staff: PersonInfo
    former: PersonInfo  # inactive

    @property
    def active(self) -> list[PersonInfo]:
        return [self.admin, self.supervisor, self.staff, self.other_staff]


class FlakyServer:
    """``authenticate`` as a form calls it, with the server away for the first ``away`` calls
    (nothing reaches the database then), counting the calls. ``authenticate`` is the real one,
    taken before any patching."""

    def __init__(self, authenticate: Callable[[int, str | None], PersonInfo], away: int = 1,
                 error: BaseException | None = None) -> None:
        self.authenticate, self.away, self.calls = authenticate, away, 0
        self.error = error or Unavailable()

    def __call__(self, person_id: int, pin: str | None) -> PersonInfo:
        self.calls += 1
        if self.calls <= self.away:
            raise self.error
        return self.authenticate(person_id, pin)


def open_window(qtbot, services: Services, **kwargs) -> MainWindow:
    window = build_main_window(services, db_location="/data/kaizen.db",
                               restore_person=kwargs.pop("restore_person", False), **kwargs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # A first window in a fresh process imports and lays out a lot: wait for the state, with room.
    qtbot.waitUntil(lambda: worker.active_tasks() == 0, timeout=30_000)
    return window


def pick_person(qtbot, picker, text: str) -> None:
    """Change who is working as a person does: "Change…", type part of the name to narrow the
    list, pick the row showing ``text`` and press Enter."""
    qtbot.mouseClick(picker.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: picker.chooser is not None and picker.chooser.isVisible())
    chooser = picker.chooser
    assert text in chooser.labels(), f"{text!r} is not in the chooser: {chooser.labels()}"
    chooser.select_label(text)
    qtbot.keyClick(chooser.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: picker.chooser is None)


def click_combo_item(qtbot, combo: QComboBox, text: str) -> None:
    """Open the combo's popup and click the item showing ``text``, as a person would."""
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not in the combo: {combo_texts(combo)}"
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    model_index = view.model().index(index, combo.modelColumn(), view.rootIndex())
    view.scrollTo(model_index)
    rect = view.visualRect(model_index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible())


def combo_texts(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def click_list_row(qtbot, view: QListView, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def shown_page(qtbot, page, person):
    """``page`` shown at 1280x720 for ``person`` (the set-up of the page tests)."""
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    qtbot.waitExposed(page)
    page.set_person(person)
    return page
