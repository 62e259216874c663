"""Hidden tabs and panels made when first opened (issue 21: each view's first show under 50 ms of
the GUI thread): kaizen/ui/widgets/lazy_tabs.py, and the views using it. A part nobody opened is
not made; opening it (a click, a key, code reading it) gives the same widget, filled with what the
view shows, in the same place.

The mining figures are those of W. van der Aalst's running example (*Process Mining*, 2nd ed.,
2016, ch. 1), as pm4py counts them (tests/mining/reference.json): 6 variants.
"""

from __future__ import annotations

import copy

from mining.reference import REFERENCE
from PySide6.QtWidgets import QLabel, QTabWidget

from kaizen.services import Services
from kaizen.ui.mining.view import MiningView
from kaizen.ui.process_map.draft import blank_step
from kaizen.ui.process_map.kpi_tab import KpiTab
from kaizen.ui.process_map.step_panel import StepPanel
from kaizen.ui.views.measurements import MeasurementsView
from kaizen.ui.views.people_areas import PeopleAreasView
from kaizen.ui.views.process_maps import ProcessMapsView
from kaizen.ui.widgets.lazy_tabs import BuiltOnFirstUse, LazyTabs
from ui.helpers import Team, shown_page
from ui.process_map_helpers import WORKED

from .test_measurements_view import accepted_idea, open_view, pick_first_idea
from .test_mining_view import import_running_csv


def _tabs(qtbot) -> tuple[QTabWidget, LazyTabs, list[str]]:
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QLabel("first"), "First")
    lazy = LazyTabs(tabs)
    made: list[str] = []

    def make(name: str) -> QLabel:
        made.append(name)
        return QLabel(name)

    lazy.add("second", lambda: make("second"), "Second")
    lazy.add("third", lambda: make("third"), "Third")
    tabs.setTabToolTip(2, "The third tab")
    tabs.show()
    qtbot.waitExposed(tabs)
    return tabs, lazy, made


def test_a_tab_is_made_when_it_becomes_current_in_its_place(qtbot) -> None:
    tabs, lazy, made = _tabs(qtbot)
    assert made == [] and lazy.made("second") is None and tabs.count() == 3
    tabs.setCurrentIndex(2)
    assert made == ["third"]
    page = lazy.made("third")
    assert isinstance(page, QLabel) and page.text() == "third"
    assert tabs.currentWidget() is page and tabs.widget(2) is page
    assert (tabs.count(), tabs.tabText(2), tabs.tabToolTip(2)) == (3, "Third", "The third tab")
    assert page.isVisible()
    tabs.setCurrentIndex(1)
    tabs.setCurrentIndex(2)
    assert made == ["third", "second"]  # each once
    assert [tabs.tabText(i) for i in range(3)] == ["First", "Second", "Third"]


def test_a_tab_read_by_code_is_made_without_becoming_current(qtbot) -> None:
    tabs, lazy, made = _tabs(qtbot)
    page = lazy.page("second")
    assert made == ["second"] and tabs.widget(1) is page and tabs.currentIndex() == 0
    assert lazy.page("second") is page and made == ["second"]
    tabs.setCurrentWidget(page)
    assert tabs.currentIndex() == 1 and made == ["second"]


def test_an_attribute_read_runs_the_build_that_sets_it() -> None:
    class Holder(BuiltOnFirstUse):
        def __init__(self) -> None:
            self.builds = 0
            self.build_later(self._build, ("table",))

        def _build(self) -> None:
            self.builds += 1
            self.table = "the table"

    holder = Holder()
    assert holder.builds == 0
    assert holder.table == "the table" and holder.table == "the table"
    assert holder.builds == 1
    try:
        holder.missing  # noqa: B018 (the read is the test)
    except AttributeError as error:
        assert "missing" in str(error)
    else:
        raise AssertionError("a name no build sets must stay missing")


def test_measurements_makes_the_ideas_detail_when_one_is_picked(qtbot, services: Services,
                                                                team: Team) -> None:
    accepted_idea(services, team)
    view = open_view(qtbot, services, team.supervisor)
    assert not view.is_built(), "the detail was made before an idea was picked"
    assert view.detail_stack.currentWidget() is view.pick_state
    pick_first_idea(qtbot, view)
    assert view.is_built()
    assert view.detail_stack.currentWidget() is view.detail
    assert view.idea_title.text() == "Kit the screws per order"
    # The person working reached the parts made later: a supervisor may add a metric.
    assert view.add_metric_button.isEnabled()


def test_measurements_parts_read_before_a_pick_are_made_then(qtbot, services: Services) -> None:
    view = MeasurementsView(services)
    qtbot.addWidget(view)
    assert not view.is_built()
    assert view.tabs.count() == 2 and view.is_built()


def test_mining_makes_its_other_tabs_when_opened_filled_with_the_log(
        qtbot, services: Services, team: Team) -> None:
    view = shown_page(qtbot, MiningView(services), team.supervisor)
    with qtbot.waitSignal(view.logsListed):
        view.refresh()
    result = import_running_csv(qtbot, view)
    assert all(view.lazy_tabs.made(key) is None
               for key in ("variants", "times", "findings", "conformance"))
    view.tabs.setCurrentIndex(1)
    assert view.tabs.currentWidget() is view.variant_table
    variants = REFERENCE["logs"]["running-example.xes"]["all"]["variants"]
    assert view.variant_table.rowCount() == variants == len(result.variants)
    assert view.lazy_tabs.made("times") is None
    # Read by code (as a test or a link would): made and filled from the result shown.
    assert view.times_table is view.times_panel.times_table
    assert str(result.cases) in view.durations_label.text()


def test_people_reads_recognition_when_its_tab_is_opened(qtbot, services: Services,
                                                        team: Team) -> None:
    view = shown_page(qtbot, PeopleAreasView(services), team.admin)
    with qtbot.waitSignal(view.loaded):
        view.refresh()
    assert view.lazy_tabs.made("recognition") is None
    with qtbot.waitSignal(view.lazy_tabs.page("recognition").loaded, timeout=10_000):
        pass
    tab = view.recognition_tab
    assert view.tabs.indexOf(tab) == 2
    assert tab.data is not None


def test_process_maps_reads_the_kpis_of_the_process_picked_when_the_tab_opens(
        qtbot, services: Services, team: Team) -> None:
    area = services.people.list_areas()[0].id
    made = services.processes.create_process(team.supervisor.id, name="Worked", area_id=area,
                                             document=copy.deepcopy(WORKED))
    series = services.kpis.add_series(team.supervisor.id, made.process.id, kind="cycle_time")
    page = shown_page(qtbot, ProcessMapsView(services), team.supervisor)
    with qtbot.waitSignal(page.editor.loaded, timeout=10_000):
        page.refresh()
    assert page.lazy_tabs.made("kpis") is None and page.lazy_tabs.made("compare") is None
    tab_index = 2
    assert page.tabs.tabText(tab_index) == "KPIs"
    page.tabs.setCurrentIndex(tab_index)
    tab = page.lazy_tabs.made("kpis")
    assert isinstance(tab, KpiTab) and page.tabs.currentWidget() is tab and page.kpi_tab is tab
    assert tab.person == team.supervisor
    qtbot.waitUntil(lambda: [s.id for s in tab.series] == [series.id], timeout=10_000)
    assert tab.process_id == made.process.id


def test_the_step_form_is_made_when_a_step_is_shown(qtbot) -> None:
    panel = StepPanel()
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_flow(("Pick", "Pack"), 0.5)
    panel.show_nothing()
    assert "step_box" not in panel.__dict__, "the form was made before a step was shown"
    step = blank_step("Pick") | {"resources": 3}
    panel.show_step(step, [], linkable=True)
    assert panel.step_box.isVisible()
    assert panel.fields["name"].text() == "Pick" and panel.fields["resources"].text() == "3"
    # In its place: under the heading and the summary, above the flow's form.
    column = panel.widget().layout()
    assert column.indexOf(panel.step_box) == 2 and column.indexOf(panel.flow_box) == 3
    assert panel.step_dict()["resources"] == 3


def test_the_flow_form_and_the_links_are_made_when_first_shown_in_their_place(qtbot) -> None:
    # Issue 21: hidden until a flow or a step is picked, they are made then; the column keeps
    # its order (heading, summary, step, flow, links) whichever is made first.
    panel = StepPanel()
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    assert "flow_box" not in panel.__dict__ and "links_box" not in panel.__dict__
    panel.show_step(blank_step("Pick"), ["Seen twice"], linkable=True)
    assert "flow_box" not in panel.__dict__, "the flow's form was made for a step"
    assert panel.links_box.isVisible() and panel.links.item(0).text() == "Seen twice"
    panel.show_flow(("Pick", "Pack"), 0.25)
    assert panel.flow_box.isVisible() and not panel.links_box.isVisible()
    assert panel.probability.text() == "0.25"
    column = panel.widget().layout()
    assert [column.indexOf(w) for w in (panel.step_box, panel.flow_box, panel.links_box)] == [
        2, 3, 4]


def test_the_main_window_makes_a_view_without_reading_its_hidden_parts(
        qtbot, services: Services, team: Team, tmp_path) -> None:
    # With a kept dashboard the window asks each new page whether it keeps charts: asking must
    # not make a lazy view's hidden parts (a missing name read from it makes them).
    from kaizen.ui.main_window import MEASUREMENTS, MainWindow

    accepted_idea(services, team)
    window = MainWindow(services, db_location="/data/kaizen.db", restore_person=False,
                        last_dashboard=tmp_path / "last-dashboard.png")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.page_at(MEASUREMENTS)
    assert isinstance(page, MeasurementsView)
    assert not page.is_built(), "the detail was made before an idea was picked"
