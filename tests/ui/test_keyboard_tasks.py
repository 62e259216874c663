"""Each person's main task with the keyboard only (issue 16: "The note gives the keyboard-only
times for each person's main task"; "Tab order follows the visual order in every form"; "the
board shows no focus outline until an arrow key is pressed").

Every key goes to the widget that holds the focus (``Keys``: no widget is called, no mouse),
through the real main window over real services, and each test asserts what the database holds
afterwards. The keys are counted for the Keystroke-Level Model of Card, Moran & Newell ("The
Psychology of Human-Computer Interaction", 1983; "The keystroke-level model for user
performance time with interactive systems", CACM 23(7), 1980): one K per key pressed (a chord
such as Ctrl+N is two, the modifier and the key; a capital letter is two, Shift and the
letter), one M (mental preparation) per field filled or decision taken, marked with
``keys.think()``. Each test prints ``KEYS <task> keystrokes=<K> mental=<M>``;
bench/keyboard_tasks.py turns them into times.

The people: the frontline worker logs an idea; the supervisor reviews one (accepts it) and moves
a card on the PDCA board to the next stage (two tasks, counted apart); the manager exports the
monthly report. Who is working is set before each task (signing in is not the task).

Found on the way and fixed: Tab from the chosen report format (CSV, Excel) went to the sidebar,
not on to the folder field (kaizen/ui/views/reports.py).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from kaizen.domain.enums import PdcaStage, SuggestionStatus, WasteCategory
from kaizen.services import Services
from kaizen.ui.main_window import IDEAS, PDCA_BOARD, REPORTS, MainWindow
from ui.helpers import Team, open_window

MOD = Qt.KeyboardModifier
NO_MODIFIER = MOD.NoModifier


@dataclass
class Keys:
    """Sends keys to the focused widget, as a keyboard does, and counts them."""

    qtbot: object
    keystrokes: int = 0
    mental: int = 0
    log: list[str] = field(default_factory=list)

    def focus(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the focus: the keyboard cannot go on"
        return widget

    def think(self, times: int = 1) -> None:
        """One M: the person prepares the next field or decision."""
        self.mental += times

    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = NO_MODIFIER,
              times: int = 1) -> None:
        held = sum(1 for flag in (MOD.ControlModifier, MOD.AltModifier, MOD.ShiftModifier)
                   if modifiers & flag)
        for _ in range(times):
            self.qtbot.keyClick(self.focus(), key, modifiers)  # type: ignore[attr-defined]
            self.keystrokes += 1 + held
            self.log.append(f"{modifiers!r}+{key!r}")

    def type(self, text: str) -> None:
        """Type ``text`` into the focused widget; capitals count Shift too."""
        for char in text:
            self.qtbot.keyClicks(self.focus(), char)  # type: ignore[attr-defined]
            self.keystrokes += 2 if char.isupper() or char in '!"#$%&()*+:<>?@^_{|}~' else 1
        self.log.append(f"type {text!r}")

    def report(self, task: str) -> None:
        print(f"KEYS {task} keystrokes={self.keystrokes} mental={self.mental}")


def focused_in(widget: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is widget or widget.isAncestorOf(focus))


def signed_in(qtbot, services: Services, team: Team, person_id: int) -> MainWindow:
    """The main window with ``person_id`` working (how they signed in is not the task)."""
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: len(window.who_picker.people) == len(team.active))
    # As after the PIN was typed (the PIN dialog is who_picker's test, not this task).
    window.who_picker.adopt(next(p for p in team.active if p.id == person_id))
    assert window.current_person is not None and window.current_person.id == person_id
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def back_to(qtbot, window: QWidget) -> None:
    """A dialog closed: the window manager makes the window under it active again (the
    offscreen platform of the tests has none, so the test does what it would)."""
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)


# --- the frontline worker: log an idea -----------------------------------------------------


def test_frontline_logs_an_idea(qtbot, services: Services, team: Team) -> None:
    window = signed_in(qtbot, services, team, team.staff.id)
    keys = Keys(qtbot)

    keys.think()  # decide to write the idea down
    keys.press(Qt.Key.Key_N, MOD.ControlModifier)
    qtbot.waitUntil(lambda: window.capture_dialog is not None)
    form = window.capture_dialog
    assert form is not None
    qtbot.waitUntil(lambda: form.is_ready)
    qtbot.waitUntil(lambda: focused_in(form.title_edit))  # type: ignore[attr-defined]
    keys.think()
    keys.type("Tape dispenser at the packing table")
    keys.press(Qt.Key.Key_Tab)
    assert focused_in(form.problem_edit)  # type: ignore[attr-defined]
    keys.think()
    keys.type("Packers walk 8 m to fetch tape")
    keys.think()
    while not focused_in(form.waste_chips):  # type: ignore[attr-defined]
        keys.press(Qt.Key.Key_Tab)
        assert keys.keystrokes < 200, "the wastes are not reachable by Tab"
    keys.press(Qt.Key.Key_3)  # the third waste: motion
    keys.think()  # check, then save
    with qtbot.waitSignal(form.saved, timeout=30_000):
        keys.press(Qt.Key.Key_Return, MOD.ControlModifier)
    keys.report("frontline_log_idea")

    ideas = [s for s in services.suggestions.list_recent() if s.title ==
             "Tape dispenser at the packing table"]
    assert len(ideas) == 1
    idea = services.suggestions.get(ideas[0].id)
    assert idea.problem == "Packers walk 8 m to fetch tape"
    assert idea.wastes == [WasteCategory.MOTION]
    assert idea.submitter_id == team.staff.id
    assert idea.status is SuggestionStatus.SUBMITTED


# --- the supervisor: review an idea, move a card ---------------------------------------------


def test_supervisor_accepts_an_idea_and_moves_a_card(qtbot, services: Services, team: Team,
                                                     clock) -> None:
    from ui.test_pdca_board import accept, fill_plan

    area = next(a for a in services.people.list_areas() if a.name == "Assembly")
    ready = accept(services, team, "Flow rack for M8 nuts", area.id,
                   owner_id=team.supervisor.id)
    fill_plan(services, team, ready)
    clock.advance(hours=1)
    from kaizen.services.suggestions import SuggestionInput

    idea = services.suggestions.create(team.staff.id, SuggestionInput(
        title="Shadow board for wrenches", problem="Wrenches get lost.",
        proposal="A shadow board at each station.", area_id=area.id))
    window = signed_in(qtbot, services, team, team.supervisor.id)
    keys = Keys(qtbot)

    keys.think()
    keys.press(Qt.Key.Key_2, MOD.ControlModifier)
    page = window.page_at(IDEAS)
    table = page.table  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: table.model().rowCount() == 2)
    # The shortcut put the focus in the table: no Tabs through the filters (issue 16).
    assert focused_in(table)
    keys.think()  # the newest idea is the first row: pick it
    keys.press(Qt.Key.Key_Space)
    assert table.selected_ids() == [idea.id]
    keys.press(Qt.Key.Key_R, MOD.ControlModifier)
    qtbot.waitUntil(lambda: page.review_dialog is not None)  # type: ignore[attr-defined]
    dialog = page.review_dialog  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: focused_in(dialog))
    assert dialog.action.value == "accept"
    keys.think()  # Accept is chosen: confirm
    with qtbot.waitSignal(dialog.reviewed, timeout=30_000):
        keys.press(Qt.Key.Key_Return, MOD.ControlModifier)
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.review_dialog is None)  # type: ignore[attr-defined]
    assert services.suggestions.get(idea.id).status is SuggestionStatus.ACCEPTED
    back_to(qtbot, window)
    assert focused_in(table)  # the focus came back where it was
    keys.report("supervisor_accept_idea")

    keys = Keys(qtbot)  # the second task: move a card on
    keys.think()
    keys.press(Qt.Key.Key_4, MOD.ControlModifier)
    board = window.page_at(PDCA_BOARD)
    plan = board.columns[PdcaStage.PLAN].view  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: plan.model().rowCount() == 2)
    keys.think()
    assert focused_in(plan)  # the shortcut put the focus in the first column (issue 16)
    # The focus shows at once: the first card is current and outlined (issue 16).
    assert plan.current_card() is not None
    while plan.current_card().cycle_id != ready:
        keys.press(Qt.Key.Key_Down)
        assert keys.keystrokes < 140, "the card is not reachable by the arrow keys"
    keys.think()  # the plan is complete: move it on
    keys.press(Qt.Key.Key_Right, MOD.ControlModifier)
    qtbot.waitUntil(lambda: services.pdca.get_cycle(ready).stage is PdcaStage.DO)
    keys.report("supervisor_move_card")

    # The database: the idea accepted (its cycle 1 in Plan), the card moved by this supervisor.
    accepted = services.suggestions.get(idea.id)
    assert accepted.status is SuggestionStatus.ACCEPTED
    cycle = services.pdca.current_cycle(idea.id)
    assert cycle is not None and cycle.stage is PdcaStage.PLAN
    moved = services.pdca.get_cycle(ready)
    assert moved.stage is PdcaStage.DO
    last = moved.history[-1]
    assert (last.from_stage, last.to_stage, last.person_id) == (
        PdcaStage.PLAN, PdcaStage.DO, team.supervisor.id)


# --- the manager: export the monthly report --------------------------------------------------


def test_manager_exports_the_monthly_report(qtbot, db, db_url, clock, tmp_path: Path,
                                            monkeypatch) -> None:
    from reports.plant import build_plant

    from kaizen.ui.views import reports as reports_view

    monkeypatch.setattr(reports_view, "_today", lambda: date(2026, 11, 2))
    monkeypatch.setenv("HOME", str(tmp_path))  # "~/monthly" is typed: the same keys each run
    plant = build_plant(db, db_url, clock, tmp_path)
    services = plant.services
    folder = tmp_path / "monthly"
    folder.mkdir()
    window = open_window(qtbot, services)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    keys = Keys(qtbot)

    keys.think()
    keys.press(Qt.Key.Key_6, MOD.ControlModifier)
    page = window.page_at(REPORTS)
    qtbot.waitUntil(lambda: page.area_combo.count() == 5)  # type: ignore[attr-defined]
    keys.think()  # last month (the one a report is about) is chosen: go on
    assert focused_in(page.month_combo)  # the shortcut put the focus there  # type: ignore[attr-defined]
    assert page.selected_month() == "2026-10"  # type: ignore[attr-defined]
    keys.press(Qt.Key.Key_Tab, times=2)  # the area (all), then the format
    assert focused_in(page.format_buttons["pdf"])  # type: ignore[attr-defined]
    keys.think()  # the CSV files, for the controller's spreadsheet
    keys.press(Qt.Key.Key_Down, times=2)
    assert page.selected_format() == "csv"  # type: ignore[attr-defined]
    keys.press(Qt.Key.Key_Tab)
    assert focused_in(page.folder_edit)  # type: ignore[attr-defined]
    keys.think()  # where to save it
    keys.press(Qt.Key.Key_A, MOD.ControlModifier)
    keys.type("~/monthly")
    keys.think()  # export
    exported: list[Path] = []
    page.exported.connect(exported.append)  # type: ignore[attr-defined]
    keys.press(Qt.Key.Key_E, MOD.ControlModifier)
    assert page.status_label.objectName() != "FieldError", (  # type: ignore[attr-defined]
        page.status_label.text())  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(exported) == 1)
    keys.report("manager_export_report")

    # The file holds what the database holds: the ledger of the year to October 2026
    # (kaizen.reports.data: "the savings entries of the year to date").
    path = exported[0]
    assert path == folder / "kaizen-report-2026-10.zip"
    with zipfile.ZipFile(path) as archive:
        text = archive.read("kaizen-report-2026-10-savings-ledger.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    stored = {e.id: e for idea in set(plant.ideas.values())
              for e in services.savings.ledger(idea).entries}
    for row in rows:
        entry = stored[int(row["entry_id"])]
        assert entry.month == row["month"]
        assert entry.amount == float(row["amount"])
        assert entry.suggestion_id == int(row["idea_id"])
    year_to_date = {e.id for e in stored.values() if "2026-01" <= e.month <= "2026-10"}
    assert {int(r["entry_id"]) for r in rows} == year_to_date
