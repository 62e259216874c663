"""The main dialogs opened one after another over the main window, each handed to a check: the
whole-window tests (text fits, marked texts) look at the same set the same way."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from kaizen.services import Services
from kaizen.services.people import PersonInfo
from kaizen.ui.main_window import PEOPLE, MainWindow
from ui.text_fit import settle

Check = Callable[[QWidget, str], None]


def visit_main_dialogs(qtbot, window: MainWindow, services: Services, admin: PersonInfo,
                       idea_id: int, check: Check, *,
                       with_waste_form: Callable[[QWidget], None] | None = None) -> None:
    """New idea, Log waste (``with_waste_form`` looks further while it is open), Site settings
    and every tab of the PDCA card of ``idea_id``."""
    for open_form, what in ((window.open_idea_form, "New idea"),
                            (window.open_observation_form, "Log waste")):
        open_form()
        form = window.capture_dialog
        assert form is not None
        check(form, what)
        if what == "Log waste" and with_waste_form is not None:
            with_waste_form(form)
        form.close()
        qtbot.waitUntil(lambda: window.capture_dialog is None)

    window.show_view(PEOPLE)
    settle(qtbot)
    people = window.page_at(PEOPLE)
    people.open_settings()  # type: ignore[attr-defined]
    check(people.dialog, "Site settings")  # type: ignore[attr-defined]
    people.dialog.close()  # type: ignore[attr-defined]

    from kaizen.ui.board.detail import CycleDetailDialog

    cycle = services.pdca.current_cycle(idea_id)
    assert cycle is not None
    card = CycleDetailDialog(services, cycle.id, admin, window)
    qtbot.addWidget(card)
    card.resize(960, 640)
    with qtbot.waitSignal(card.loaded, timeout=30_000):
        card.open()
    for tab in range(card.tabs.count()):
        card.tabs.setCurrentIndex(tab)
        check(card, f"Card, {card.tabs.tabText(tab)} tab")
    card.close()
