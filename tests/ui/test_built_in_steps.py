"""A view's hidden parts made after its first show, a step per turn of the event loop (issue 21:
the GUI thread never blocked over 50 ms): kaizen/ui/widgets/built_in_steps.py, and the What-if
and Process mining views using it. The steps run in order, each in its own turn, then the
``then``; a part read before is made at once with all the steps left, so callers find the same
widgets as before. No timing is asserted: the tests wait for states, never for time.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from kaizen.domain.errors import ValidationError
from kaizen.services import Services
from kaizen.ui.mining.view import CONTENT, EMPTY, MiningView
from kaizen.ui.simulation.view import SimulationView
from kaizen.ui.widgets.built_in_steps import build_in_steps
from kaizen.ui.widgets.lazy_tabs import BuiltOnFirstUse
from ui.helpers import Team, shown_page

from .test_mining_view import import_running_csv


class Page(BuiltOnFirstUse, QWidget):
    def __init__(self, done: list[str]) -> None:
        super().__init__()
        self.done = done
        self.column = QVBoxLayout(self)
        build_in_steps(self, (self._first, self._second, self._third),
                       then=lambda: done.append("then"))

    def _first(self) -> None:
        self.done.append("first")
        self.one = QLabel("one")
        self.column.addWidget(self.one)

    def _second(self) -> None:
        self.done.append("second")
        self.two = QLabel("two")
        self.column.addWidget(self.two)

    def _third(self) -> None:
        self.done.append("third")
        self.three = QLabel("three")
        self.column.addWidget(self.three)


def test_the_steps_run_in_order_one_per_turn_then_the_then(qtbot) -> None:
    done: list[str] = []
    page = Page(done)
    qtbot.addWidget(page)
    assert done == [] and not page.is_built()  # nothing made in the constructor
    # One turn of the event loop at a time (processEvents handles what was posted before it):
    # never two steps in one turn.
    seen = [tuple(done)]
    for _ in range(50):
        QApplication.processEvents()
        seen.append(tuple(done))
        if "then" in done:
            break
    assert done == ["first", "second", "third", "then"]
    assert page.is_built()
    assert all(len(after) - len(before) <= 1 or after[-1] == "then"
               for before, after in zip(seen, seen[1:], strict=False))
    assert ("first",) in seen and ("first", "second") in seen
    assert [page.column.itemAt(i).widget().text() for i in range(3)] == ["one", "two", "three"]


def test_a_part_read_early_makes_every_step_left_at_once_and_once(qtbot) -> None:
    done: list[str] = []
    page = Page(done)
    qtbot.addWidget(page)
    assert page.three.text() == "three"  # read before any turn ran
    assert done == ["first", "second", "third", "then"] and page.is_built()
    for _ in range(5):  # the turns already queued (posted, not timed) find nothing left
        QApplication.processEvents()
    assert done == ["first", "second", "third", "then"]
    assert page.column.count() == 3


def test_what_if_is_made_after_its_first_show_and_loads_as_before(
        qtbot, services: Services) -> None:
    view = SimulationView(services)
    qtbot.addWidget(view)
    assert not view.is_built()  # only the header and the stack in the constructor
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.refresh()
    assert view.is_built() and view.map_picker.count() >= 0
    assert view.store_saver is not None and view.attach_saver is not None


def test_mining_makes_its_analysis_page_after_the_first_show(qtbot, services: Services) -> None:
    view = MiningView(services)
    qtbot.addWidget(view)
    assert not view.is_built()
    with qtbot.waitSignal(view.logsListed, timeout=20_000):
        view.refresh()
    assert view.is_built() and view.lazy_tabs.made("variants") is None


def _mining_with_the_running_example(qtbot, services: Services, team: Team) -> MiningView:
    """A mining page over a database holding one log: the running example of W. van der
    Aalst, *Process Mining* (2nd ed., 2016), ch. 1."""
    view = shown_page(qtbot, MiningView(services), team.supervisor)
    with qtbot.waitSignal(view.logsListed):
        view.refresh()
    import_running_csv(qtbot, view)
    return view


def test_mining_says_loading_on_its_analysis_page_then_shows_the_log(
        qtbot, services: Services, team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    """The running example of W. van der Aalst, *Process Mining* (2nd ed., 2016), ch. 1."""
    view = _mining_with_the_running_example(qtbot, services, team)
    name = view.log_name
    # A fresh page over the same database: its first log is read in a gated worker.
    gate = threading.Event()
    load = services.event_logs.load

    def gated(log_name: str) -> object:
        gate.wait(10)
        return load(log_name)

    monkeypatch.setattr(services.event_logs, "load", gated)
    page = shown_page(qtbot, MiningView(services), team.supervisor)
    with qtbot.waitSignal(page.logsListed):
        page.refresh()
    qtbot.waitUntil(lambda: page.stack.currentIndex() == CONTENT)
    assert page.summary.text() == f"Loading '{name}'…"
    with qtbot.waitSignal(page.analysed):
        gate.set()
    assert page.stack.currentIndex() == CONTENT and "6 cases" in page.summary.text()


def test_mining_first_log_failing_goes_back_to_the_empty_page(
        qtbot, services: Services, team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    _mining_with_the_running_example(qtbot, services, team)

    def broken(log_name: str) -> object:
        raise ValidationError("This log cannot be read.", "name")

    monkeypatch.setattr(services.event_logs, "load", broken)
    page = shown_page(qtbot, MiningView(services), team.supervisor)
    with qtbot.waitSignal(page.logsListed):
        page.refresh()
    qtbot.waitUntil(lambda: page.message.isVisibleTo(page))
    assert page.stack.currentIndex() == EMPTY and page.result is None
    assert "cannot be read" in page.message.text()
