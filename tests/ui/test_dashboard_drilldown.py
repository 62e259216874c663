"""A dashboard figure opens the list behind it in the main window.

Over the hand-built plant of tests/services/test_dashboard.py (its NOW is Friday 20 November
2026): the implementation-rate figure opens the 5 ideas decided in November (by their closing
date, shown as a removable chip), a waste opens its observations, the stalled-cards figure opens
the board with only the 2 stalled cards, and an area picked on the dashboard carries over even
into a view whose area list has not been read yet.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from services.test_dashboard import Plant

from kaizen.domain.enums import PdcaStage, SuggestionStatus, WasteCategory
from kaizen.services import Services
from kaizen.services.board import BOARD_STAGES
from kaizen.services.dashboard import DashboardFigures, DashboardFilter
from kaizen.ui import worker
from kaizen.ui.app import build_main_window
from kaizen.ui.main_window import MainWindow
from kaizen.ui.views.dashboard import DashboardView
from kaizen.ui.views.ideas import IdeasView
from kaizen.ui.views.pdca_board import PdcaBoardView
from kaizen.ui.views.waste_walk import WasteWalkView

NOVEMBER = DashboardFilter(date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def window(qtbot, dashboard_services: Services) -> MainWindow:
    window = build_main_window(dashboard_services, db_location="/data/kaizen.db",
                               restore_person=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # The dashboard draws its charts first (matplotlib's first import is slow on a busy machine).
    qtbot.waitUntil(lambda: worker.active_tasks() == 0, timeout=30_000)
    return window


@pytest.fixture
def november(dashboard_services: Services) -> DashboardFigures:
    return dashboard_services.dashboard.figures(NOVEMBER)


def dashboard(window: MainWindow) -> DashboardView:
    page = window.page(DashboardView)
    assert isinstance(page, DashboardView)
    return page


def test_implementation_rate_opens_the_ideas_closed_in_the_period(
        qtbot, window: MainWindow, november: DashboardFigures) -> None:
    drill = november.period.implementation_rate.drilldown
    ideas = window.page(IdeasView)
    assert isinstance(ideas, IdeasView)
    with qtbot.waitSignal(ideas.listLoaded, timeout=10_000,
                          check_params_cb=lambda count: count == 5):
        dashboard(window).drilldownRequested.emit(drill)
    assert window.stack.currentWidget() is ideas
    # Ideas 11-15 of the plant were decided in November: 3 standardised, 1 rejected, 1 abandoned.
    assert ideas.model.rowCount() == 5
    chip = ideas.filter_bar.extra
    assert chip.isVisible()
    assert chip.label.text() == "Closed 1 Nov 2026 – 30 Nov 2026"
    assert set(ideas.filter_bar.choice_button.values()) == {
        SuggestionStatus.STANDARDISED.value, SuggestionStatus.REJECTED.value,
        SuggestionStatus.ABANDONED.value,
    }
    assert ideas.filter_bar.clear_button.isEnabled()

    # Removing the chip drops the closing dates; the statuses stay (9 decided ideas in all).
    with qtbot.waitSignal(ideas.listLoaded, timeout=10_000,
                          check_params_cb=lambda count: count == 9):
        qtbot.mouseClick(chip.clear_button, Qt.MouseButton.LeftButton)
    assert not chip.isVisible()
    assert ideas.current_filter().closed_from is None


def test_an_area_carries_into_a_view_not_opened_yet(qtbot, window: MainWindow,
                                                     dashboard_plant: Plant,
                                                     dashboard_services: Services) -> None:
    figures = dashboard_services.dashboard.figures(
        DashboardFilter(date(2026, 11, 1), date(2026, 11, 30), dashboard_plant.logistics_id)
    )
    drill = figures.period.ideas_submitted.drilldown
    ideas = window.page(IdeasView)
    assert isinstance(ideas, IdeasView)
    # Ideas 4 and 6 were submitted in November in Logistics.
    dashboard(window).drilldownRequested.emit(drill)
    qtbot.waitUntil(lambda: ideas.filter_bar.area_combo.currentText().strip() == "Logistics",
                    timeout=10_000)
    qtbot.waitUntil(lambda: not worker.active_tasks(), timeout=10_000)
    assert ideas.model.rowCount() == figures.period.ideas_submitted.value == 2
    assert ideas.filter_bar.date_from.value() == date(2026, 11, 1)
    assert ideas.filter_bar.date_to.value() == date(2026, 11, 30)
    assert not ideas.filter_bar.extra.isVisible()


def test_a_waste_opens_its_observations(qtbot, window: MainWindow,
                                        november: DashboardFigures) -> None:
    defects = next(w for w in november.period.top_wastes
                   if w.category is WasteCategory.DEFECTS)
    walk = window.page(WasteWalkView)
    assert isinstance(walk, WasteWalkView)
    with qtbot.waitSignal(walk.listLoaded, timeout=10_000):
        dashboard(window).drilldownRequested.emit(defects.drilldown)
    assert window.stack.currentWidget() is walk
    qtbot.waitUntil(lambda: not worker.active_tasks(), timeout=10_000)
    assert walk.model.rowCount() == defects.count == 1
    assert walk.filter_bar.choice_button.values() == (WasteCategory.DEFECTS.value,)


def test_stalled_cards_open_the_board_with_only_those(qtbot, window: MainWindow,
                                                      november: DashboardFigures) -> None:
    board = window.page(PdcaBoardView)
    assert isinstance(board, PdcaBoardView)
    dashboard(window).drilldownRequested.emit(november.stalled_cards.drilldown)
    assert window.stack.currentWidget() is board
    qtbot.waitUntil(lambda: board.stalled_button.isChecked() and board.snapshot is not None
                    and board.current_filter().stalled_only, timeout=10_000)
    qtbot.waitUntil(lambda: not worker.active_tasks(), timeout=10_000)
    shown = [card.title for stage in BOARD_STAGES for card in board.snapshot.columns[stage]]
    # c1 (ten days in Do, the threshold is inclusive) and c3 (80 days in Plan); no Done cards.
    assert sorted(shown) == ["Idea 21", "Idea 23"]
    assert len(shown) == november.stalled_cards.value
    assert not board.snapshot.columns[PdcaStage.DONE]

    # Clear filters shows every card again (4 open, the Done one closed long ago).
    board.clear_filters()
    qtbot.waitUntil(lambda: not board.stalled_button.isChecked(), timeout=20_000)
    qtbot.waitUntil(lambda: not worker.active_tasks(), timeout=10_000)
    assert sum(len(board.snapshot.columns[s]) for s in BOARD_STAGES
               if s is not PdcaStage.DONE) == 4
