"""The process-mining screen on real widgets, with the public logs of ../shared/data/eventlogs/.

Figures checked against reference.json (pm4py 2.7.23.11, see its README) for the running example
of W. van der Aalst, *Process Mining* (2nd ed., 2016), ch. 1: 6 cases, 42 events, 8 activities,
16 directly-follows edges; ``check ticket -> decide`` 6 times, median 129,300 s.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from mining.reference import LOGS, REFERENCE
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDialogButtonBox

from kaizen.domain.enums import WasteCategory
from kaizen.ui import worker
from kaizen.ui.mining.layout import END, START
from kaizen.ui.mining.view import CONTENT, EMPTY, MiningView
from ui.helpers import Team, shown_page

RUNNING = REFERENCE["logs"]["running-example.xes"]["all"]


@pytest.fixture
def view(qtbot, services, team: Team) -> MiningView:
    page = shown_page(qtbot, MiningView(services), team.supervisor)
    with qtbot.waitSignal(page.logsListed):
        page.refresh()
    return page


def activity_nodes(page: MiningView) -> set[str]:
    return set(page.graph.node_items) - {START, END}


def import_running_csv(qtbot, page: MiningView) -> None:
    """Through the column-mapping step, as a person would: check the guess, click Import."""
    page.import_file(LOGS / "running-example.csv")
    dialog = page.importer.mapping_dialog
    assert dialog is not None
    assert dialog.columns() == {"case": "case:concept:name", "activity": "concept:name",
                                "timestamp": "time:timestamp", "resource": "org:resource",
                                "lifecycle": None}
    assert dialog.table.rowCount() == 10
    assert dialog.table.item(0, 1).text() == "register request"
    with qtbot.waitSignal(page.analysed) as done:
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
    return done.args[0]


def test_empty_state_invites_a_drop(view: MiningView) -> None:
    assert view.stack.currentIndex() == EMPTY
    assert view.empty.title_label.text() == "Drop an event log here"
    assert view.acceptDrops()
    # The graph does not swallow a dropped file: it goes up to the view.
    assert not view.graph.acceptDrops() and not view.graph.viewport().acceptDrops()


def test_csv_import_through_the_mapping_step_shows_the_graph(qtbot, view: MiningView,
                                                             services) -> None:
    result = import_running_csv(qtbot, view)
    assert view.stack.currentIndex() == CONTENT
    assert (result.cases, result.events) == (RUNNING["cases"], RUNNING["events"])
    assert len(activity_nodes(view)) == RUNNING["activities"] == 8
    assert len(view.graph.edge_items) == len(RUNNING["dfg"]) == 16
    assert view.variant_table.rowCount() == RUNNING["variants"]
    assert "6 cases" in view.summary.text() and "42 events" in view.summary.text()
    stored = services.event_logs.list_logs()
    assert [(info.name, info.events) for info in stored] == [("running-example", 42)]
    assert view.log_picker.currentData() == "running-example"


def test_a_bad_mapping_cannot_be_imported_and_says_why(qtbot, view: MiningView,
                                                       services) -> None:
    view.import_file(LOGS / "running-example.csv")
    dialog = view.importer.mapping_dialog
    dialog.combos["activity"].setCurrentIndex(dialog.combos["activity"].findData(
        "time:timestamp"))
    assert dialog.problem() == "One column cannot have two roles."
    assert dialog.error_label.text() == "One column cannot have two roles."
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.reject()
    assert services.event_logs.list_logs() == []


def test_a_wrong_timestamp_column_is_refused_in_words(qtbot, view: MiningView,
                                                     services) -> None:
    view.import_file(LOGS / "running-example.csv")
    dialog = view.importer.mapping_dialog
    dialog.combos["timestamp"].setCurrentIndex(dialog.combos["timestamp"].findData("Costs"))
    dialog.combos["resource"].setCurrentIndex(0)
    with qtbot.waitSignal(view.importer.failed) as failed:
        dialog.accept()
    assert failed.args[0].startswith("Line 2: the timestamp '50' cannot be read")
    assert view.message.isVisible() and view.message.text() == failed.args[0]
    assert view.stack.currentIndex() == EMPTY
    assert services.event_logs.list_logs() == []


def test_xes_dropped_on_the_view_is_imported_without_a_mapping(qtbot, view: MiningView) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(LOGS / "running-example.xes"))])
    drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, data,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    # Qt delivers drop events only during a real drag (QDragManager), so the handlers are
    # called as Qt would call them.
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    view.dragEnterEvent(enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(view.analysed) as done:
        view.dropEvent(drop)
    assert view.importer.mapping_dialog is None
    assert done.args[0].log_name == "running-example"
    assert len(activity_nodes(view)) == 8


def test_cancel_leaves_nothing_imported(qtbot, view: MiningView, services,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker waits until Cancel was clicked (no timing), then reads with the flag set."""
    real = services.event_logs.import_file
    clicked = threading.Event()

    def gated(*args, **kwargs):
        clicked.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(services.event_logs, "import_file", gated)
    with qtbot.waitSignal(view.importer.started):
        view.import_file(LOGS / "running-example.xes")
    assert view.stack.currentIndex() == 1 and view.progress_page.isVisible()
    with qtbot.waitSignal(view.importer.failed) as failed:
        qtbot.mouseClick(view.progress_page.cancel_button, Qt.MouseButton.LeftButton)
        clicked.set()
    assert failed.args[0] == "Import cancelled: nothing was imported."
    assert services.event_logs.list_logs() == []


def test_the_activity_slider_changes_the_graph(qtbot, view: MiningView) -> None:
    import_running_csv(qtbot, view)
    with qtbot.waitSignal(view.analysed) as done:
        view.filters.activities.setValue(50)
        # Off the GUI thread: the call returned, the result comes back by signal.
        assert worker.active_tasks() >= 1 and view.result.spec.activities_pct == 100
    # Half of the 8 activities, the most frequent by events: decide 9, check ticket 9,
    # examine casually 6, register request 6 (reference dfg / the running example).
    assert activity_nodes(view) == {"decide", "check ticket", "examine casually",
                                    "register request"}
    assert done.args[0].spec.activities_pct == 50
    assert "(filtered)" in view.summary.text()


def test_path_variant_and_resource_filters(qtbot, view: MiningView) -> None:
    import_running_csv(qtbot, view)
    with qtbot.waitSignal(view.analysed):
        view.filters.paths.setValue(25)
    assert len(view.graph.edge_items) == 4  # ceil(16 x 25%)
    assert "4 most frequent of 16 paths" in view.graph_note.text()
    with qtbot.waitSignal(view.analysed) as done:
        view.filters.reset()
    assert len(view.graph.edge_items) == 16
    top = RUNNING["top_variants"][0]
    index = next(i for i in range(view.filters.variant.count())
                 if view.filters.variant.itemData(i) == tuple(top[0]))
    with qtbot.waitSignal(view.analysed) as done:
        view.filters.variant.setCurrentIndex(index)
    assert done.args[0].cases == top[1]
    assert activity_nodes(view) == set(top[0])
    with qtbot.waitSignal(view.analysed):
        view.filters.variant.setCurrentIndex(0)
    with qtbot.waitSignal(view.analysed) as done:
        view.filters.resource.setCurrentIndex(view.filters.resource.findData("Pete"))
    assert set(done.args[0].log.resource_names[r] for r in done.args[0].log.resource) == {"Pete"}


def test_time_window_keeps_the_cases_inside(qtbot, view: MiningView) -> None:
    import_running_csv(qtbot, view)
    # The whole span keeps every case; then a window ending before the last event drops some.
    with qtbot.waitSignal(view.analysed) as done:
        view.filters.window_box.setChecked(True)
    assert done.args[0].cases == 6
    end = view.filters.window_to.dateTime().addDays(-10)
    view.filters.window_to.setDateTime(end)
    with qtbot.waitSignal(view.analysed) as done:
        view.filters.window_to.editingFinished.emit()
    assert 0 < done.args[0].cases < 6


def test_clicking_an_edge_shows_its_figures_and_cases(qtbot, view: MiningView) -> None:
    import_running_csv(qtbot, view)
    point = view.graph.edge_point("check ticket", "decide")
    qtbot.mouseClick(view.graph.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.details.title.text() == "check ticket \u2192 decide"
    figures = view.details.figures.text()
    assert "Frequency: 6" in figures
    assert "Median time: 1.5 d" in figures  # 129,300 s (reference.json)
    # The six passages fall in four cases: by the reference's variants, once in the two
    # "examine ..., check ticket, decide" cases and twice in each of the two reinitiated ones.
    assert view.details.cases_label.text() == "4 cases:"
    assert view.details.cases.count() == 4


def test_clicking_an_activity_shows_its_cases(qtbot, view: MiningView) -> None:
    import_running_csv(qtbot, view)
    point = view.graph.node_point("reject request")
    qtbot.mouseClick(view.graph.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.details.title.text() == "reject request"
    assert "Events: 3" in view.details.figures.text()
    assert view.details.cases.count() == RUNNING["end_activities"]["reject request"]


def test_log_bottleneck_as_waiting_waste(qtbot, view: MiningView, services, team) -> None:
    result = import_running_csv(qtbot, view)
    view.tabs.setCurrentWidget(view.findings)
    top = result.bottlenecks[0]
    assert (top.source, top.target) == ("decide", "pay compensation")
    assert view.findings.bottleneck_table.item(0, 0).text() == "decide \u2192 pay compensation"
    qtbot.mouseClick(view.findings.waiting_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.waste_dialog is not None)  # the areas are read in a worker
    dialog = view.waste_dialog
    assert dialog is not None
    area = dialog.area.currentData()
    assert area.id == team.supervisor.home_area_id
    with qtbot.waitSignal(view.observationLogged) as logged:
        dialog.accept()
    info = logged.args[0]
    assert info.category == WasteCategory.WAITING
    assert "running-example" in info.description
    assert "decide -> pay compensation" in info.description
    assert info.yearly_hours == pytest.approx(top.hours_per_year, rel=1e-4)
    assert info.yearly_cost == pytest.approx(top.hours_per_year * area.effective_hourly_rate,
                                             rel=1e-4)
    assert [o.id for o in services.observations.list_recent()] == [info.id]


def test_log_rework_as_defects_waste(qtbot, view: MiningView, services) -> None:
    result = import_running_csv(qtbot, view)
    top = result.rework[0]
    assert top.activity == "check ticket" and top.cases == 2
    qtbot.mouseClick(view.findings.rework_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.waste_dialog is not None)
    dialog = view.waste_dialog
    dialog.minutes.setValue(20)
    with qtbot.waitSignal(view.observationLogged) as logged:
        dialog.accept()
    info = logged.args[0]
    assert info.category == WasteCategory.DEFECTS
    assert info.minutes_per_occurrence == 20
    assert info.yearly_hours == pytest.approx(dialog.repeats_per_year * 20 / 60, rel=1e-4)


def test_lifecycle_log_shows_processing_and_waiting(qtbot, view: MiningView) -> None:
    with qtbot.waitSignal(view.analysed) as done:
        view.import_file(LOGS / "reviewing.xes")
    result = done.args[0]
    assert result.lifecycle
    assert view.times_table.rowCount() == len(result.activity_times) > 0
    assert "start and complete events" in view.lifecycle_label.text()


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_export_the_graph(qtbot, view: MiningView, tmp_path: Path, suffix: str) -> None:
    import_running_csv(qtbot, view)
    target = tmp_path / f"graph{suffix}"
    view.export_graph(target)
    assert target.stat().st_size > 1000
    head = target.read_bytes()[:8]
    assert head.startswith({".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF"}[suffix])
    if suffix == ".svg":
        assert "pay compensation" in target.read_text()


def test_import_needs_a_supervisor(qtbot, view: MiningView, team, services) -> None:
    view.set_person(team.staff)
    view.import_file(LOGS / "running-example.csv")
    assert view.importer.mapping_dialog is None
    assert view.message.text() == "Only a supervisor or an administrator can import event logs."
    assert services.event_logs.list_logs() == []
