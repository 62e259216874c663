"""The main window builds only the dashboard at start; other views on first use (issue 8:
the window paints sooner), and they still get the person working and their wiring."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kaizen.domain.enums import Role
from kaizen.services import Services
from kaizen.ui.main_window import MainWindow, view_classes
from kaizen.ui.views.dashboard import DashboardView
from kaizen.ui.views.ideas import IdeasView
from kaizen.ui.views.people_areas import PeopleAreasView
from ui.helpers import Team

VIEWS = view_classes()  # the view classes, in the sidebar's order



def test_only_the_dashboard_is_built_at_start(window: MainWindow) -> None:
    built = window.built_pages()
    assert len(built) == 1 and isinstance(built[0], DashboardView)
    assert window.stack.count() == len(VIEWS)
    assert window.stack.currentWidget() is built[0]


def test_a_view_is_built_on_first_show_with_the_person_working(qtbot, window: MainWindow,
                                                                 team: Team) -> None:
    window.who_picker.adopt(team.staff)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    ideas = window.stack.currentWidget()
    assert isinstance(ideas, IdeasView)
    assert window.stack.indexOf(ideas) == VIEWS.index(IdeasView)
    assert ideas.person == team.staff
    assert len(window.built_pages()) == 2
    # Shown again: the same view, not a new one.
    window.show_view(0)
    window.show_view(1)
    assert window.stack.currentWidget() is ideas
    assert window.page(IdeasView) is ideas
    # Later changes of person reach it too.
    window.who_picker.adopt(team.supervisor)
    assert ideas.person == team.supervisor


def test_every_view_in_order_once_asked_for(window: MainWindow) -> None:
    pages = window.pages
    assert [type(page) for page in pages] == list(VIEWS)
    assert [window.stack.widget(i) for i in range(len(VIEWS))] == pages
    assert window.pages == pages


def test_the_people_page_built_late_still_reloads_the_picker(qtbot, window: MainWindow,
                                                            services: Services,
                                                            team: Team) -> None:
    people = window.page(PeopleAreasView)
    assert isinstance(people, PeopleAreasView)
    services.people.create_person(team.admin.id, name="Nina New", role=Role.STAFF,
                                  home_area_id=team.admin.home_area_id)
    people.peopleChanged.emit()
    qtbot.waitUntil(lambda: len(window.who_picker.people) == len(team.active) + 1)
