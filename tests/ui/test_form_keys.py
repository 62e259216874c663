"""Every form from the keyboard (issue 16): Tab follows the visual order, Ctrl+Enter saves.

The visual order is the reading order of a left-to-right script, top to bottom and, on one row,
left to right (W3C WCAG 2.2, success criterion 2.4.3 "Focus Order": the order in which a page is
navigated must preserve meaning; technique G59 "placing the interactive elements in an order that
follows sequences and relationships within the content"). A form laid out in columns may jump up
into the next column to the right, never back up or to the left.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget

from kaizen.services import Services
from kaizen.ui.admin.settings_dialog import SettingsDialog
from kaizen.ui.board.detail import TAB_ACT, TAB_CHECK, TAB_DO, TAB_PLAN, CycleDetailDialog
from kaizen.ui.capture.idea_form import IdeaDialog
from kaizen.ui.capture.observation_form import ObservationDialog
from kaizen.ui.detail.idea_detail import IdeaDetailDialog
from kaizen.ui.detail.observation_detail import ObservationDetailDialog
from kaizen.ui.form_op import SUBMIT_KEYS
from kaizen.ui.measure.metric_dialog import MetricDialog
from kaizen.ui.widgets.scrolling import fitting
from ui.helpers import Team
from ui.test_idea_detail import make_idea
from ui.test_observation_detail import make_observation
from ui.test_pdca_board import World, build_world

REPO = Path(__file__).resolve().parents[2]


def rect_in(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def tab_walk(qtbot, window: QWidget, start: QWidget, limit: int = 80) -> list[QWidget]:
    """The widgets Tab visits from ``start`` until it comes back round (inside ``window``)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    seen: list[QWidget] = []
    stuck = 0
    for _ in range(limit):
        focus = QApplication.focusWidget()
        assert focus is not None and window.isAncestorOf(focus) or focus is window
        if seen and focus is seen[-1]:
            # Tab inside one widget first (a date edit's day, month and year sections), but
            # never for long: a widget keeping Tab (a table walking its cells) is a trap.
            stuck += 1
            assert stuck < 6, f"Tab is trapped in {name(focus)}"
            qtbot.keyClick(focus, Qt.Key.Key_Tab)
            continue
        stuck = 0
        if focus in seen:
            break
        seen.append(focus)
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
    return seen


def out_of_order(window: QWidget, walk: list[QWidget]) -> list[str]:
    """Steps that go back up or to the left (see the module docstring), the walk read from its
    visually first widget (the wrap from the last back to the first is not a step)."""
    rects = {w: rect_in(w, window) for w in walk}
    first = min(walk, key=lambda w: (rects[w].top(), rects[w].left()))
    at = walk.index(first)
    ordered = walk[at:] + walk[:at]
    problems = []
    for a, b in zip(ordered, ordered[1:], strict=False):
        ra, rb = rects[a], rects[b]
        same_row = rb.top() < ra.bottom() and ra.top() < rb.bottom()
        if same_row:
            ok = rb.left() >= ra.left()
        else:
            ok = rb.top() >= ra.bottom() - 2 or rb.left() >= ra.right()
        if not ok:
            problems.append(f"{name(a)} {ra.getRect()} -> {name(b)} {rb.getRect()}")
    return problems


def name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    label = text() if callable(text) and isinstance(text(), str) else ""
    return f"{type(widget).__name__}#{widget.objectName()}{'(' + label[:20] + ')' if label else ''}"


def assert_visual(qtbot, window: QWidget, start: QWidget) -> list[QWidget]:
    walk = tab_walk(qtbot, window, start)
    assert len(walk) >= 3, [name(w) for w in walk]
    problems = out_of_order(window, walk)
    assert not problems, "\n".join(problems) + "\n" + " > ".join(name(w) for w in walk)
    return walk


def show(qtbot, dialog: QWidget, loaded=None) -> QWidget:
    qtbot.addWidget(dialog)
    if loaded is not None:
        with qtbot.waitSignal(loaded, timeout=20_000):
            dialog.show()
    else:
        dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


@pytest.fixture
def world(services: Services, team: Team, clock) -> World:
    return build_world(services, team, clock)


# --- Tab follows the visual order ------------------------------------------------------------


def test_tab_order_of_the_capture_forms(qtbot, services: Services, team: Team) -> None:
    idea = show(qtbot, IdeaDialog(services, team.staff))
    qtbot.waitUntil(lambda: idea.is_ready)
    assert_visual(qtbot, idea, idea.title_edit)
    obs = show(qtbot, ObservationDialog(services, team.staff))
    qtbot.waitUntil(lambda: obs.is_ready)
    assert_visual(qtbot, obs, obs.focusWidget() or obs.nextInFocusChain())


def test_tab_order_of_the_detail_dialogs(qtbot, services: Services, team: Team) -> None:
    idea = make_idea(services, team)
    dialog = IdeaDetailDialog(services, team.staff, idea.id)
    show(qtbot, dialog, dialog.loaded)
    assert_visual(qtbot, dialog, dialog.title_edit)
    obs = make_observation(services, team)
    dialog = ObservationDetailDialog(services, team.staff, obs.id)
    show(qtbot, dialog, dialog.loaded)
    assert_visual(qtbot, dialog, dialog.category_combo)


def test_tab_order_of_every_cycle_tab(qtbot, services: Services, team: Team,
                                      world: World) -> None:
    for cycle_id, tab, start in ((world.ready, TAB_PLAN, "problem_edit"),
                                 (world.doing, TAB_DO, "action_edit"),
                                 (world.checking, TAB_CHECK, None),
                                 (world.acting, TAB_ACT, None)):
        dialog = CycleDetailDialog(services, cycle_id, team.supervisor)
        show(qtbot, dialog, dialog.loaded)
        dialog.tabs.setCurrentIndex(tab)
        page = dialog.tabs.currentWidget()
        first = (getattr({TAB_PLAN: dialog.plan, TAB_DO: dialog.do}[tab], start) if start
                 else page.nextInFocusChain())
        walk = assert_visual(qtbot, dialog, first)
        assert any(page.isAncestorOf(w) for w in walk)
        dialog.reject()


def test_tab_order_of_the_metric_and_settings_dialogs(qtbot, services: Services,
                                                      team: Team) -> None:
    idea = make_idea(services, team)
    metric = show(qtbot, MetricDialog(services, team.supervisor.id, idea.id))
    assert_visual(qtbot, metric, metric.name_combo)
    settings = show(qtbot, SettingsDialog(services.people, team.admin.id,
                                          services.people.settings()))
    walk = assert_visual(qtbot, settings, settings.site_edit)
    assert settings.idle_spin in walk


def test_plan_tab_goes_from_the_problem_through_the_whys(qtbot, services: Services,
                                                         team: Team, world: World) -> None:
    """The words of the report: Tab from "Problem statement" skipped the whys and landed on
    "Ask why again"; the first typed word was lost and the space bar added an empty why."""
    dialog = CycleDetailDialog(services, world.empty, team.supervisor)
    show(qtbot, dialog, dialog.loaded)
    plan = dialog.plan
    plan.problem_edit.setFocus()
    qtbot.keyClicks(plan.problem_edit, "Parts are hard to find.")
    qtbot.keyClick(plan.problem_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is plan.whys.edits[0]
    qtbot.keyClicks(QApplication.focusWidget(), "Nothing is labelled")
    assert plan.whys.edits[0].text() == "Nothing is labelled"  # no word lost
    assert len(plan.whys.edits) == 1  # the space bar added no why
    qtbot.keyClick(plan.whys.edits[0], Qt.Key.Key_Return)  # Enter asks why again
    assert len(plan.whys.edits) == 2 and QApplication.focusWidget() is plan.whys.edits[1]
    qtbot.keyClicks(plan.whys.edits[1], "Labels fall off")
    qtbot.keyClick(plan.whys.edits[1], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is plan.whys.add_button
    qtbot.keyClick(plan.whys.add_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is plan.whys.root_button
    qtbot.keyClick(plan.whys.root_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is plan.root_cause_edit
    assert plan.whys.whys() == ["Nothing is labelled", "Labels fall off"]


# --- Ctrl+Enter saves, "Save plan" on screen -----------------------------------------------------


def test_ctrl_enter_saves_the_plan_from_any_field(qtbot, services: Services, team: Team,
                                                  world: World) -> None:
    dialog = CycleDetailDialog(services, world.empty, team.supervisor)
    show(qtbot, dialog, dialog.loaded)
    dialog.plan.problem_edit.clear()  # it starts with the idea's problem (work typed once)
    qtbot.keyClicks(dialog.plan.problem_edit, "Parts are hard to find.")
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.keyClick(dialog.plan.problem_edit, Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    assert services.pdca.get_cycle(world.empty).problem_statement == "Parts are hard to find."
    assert dialog.plan.problem_edit.toPlainText() == "Parts are hard to find."  # no new line


def test_ctrl_enter_saves_the_idea_and_observation_details(qtbot, services: Services,
                                                          team: Team) -> None:
    idea = make_idea(services, team)
    dialog = IdeaDetailDialog(services, team.staff, idea.id)
    show(qtbot, dialog, dialog.loaded)
    dialog.title_edit.setFocus()
    dialog.title_edit.selectAll()
    qtbot.keyClicks(dialog.title_edit, "Tape on the table")
    with qtbot.waitSignal(dialog.saver.finished, timeout=20_000) as done:
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    assert done.args == [True]
    assert services.suggestions.get(idea.id).title == "Tape on the table"

    obs = make_observation(services, team)
    dialog = ObservationDetailDialog(services, team.staff, obs.id)
    show(qtbot, dialog, dialog.loaded)
    dialog.description_edit.setFocus()
    dialog.description_edit.selectAll()
    qtbot.keyClicks(dialog.description_edit, "The forklift is late.")
    with qtbot.waitSignal(dialog.saver.finished, timeout=20_000) as done:
        qtbot.keyClick(dialog.description_edit, Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
    assert done.args == [True]
    assert services.observations.get(obs.id).description == "The forklift is late."


def test_ctrl_enter_saves_a_metric_and_the_settings(qtbot, services: Services,
                                                    team: Team) -> None:
    idea = make_idea(services, team)
    services.suggestions.start_review(team.supervisor.id, idea.id)
    services.suggestions.accept(team.supervisor.id, idea.id)
    metric = show(qtbot, MetricDialog(services, team.supervisor.id, idea.id))
    qtbot.keyClicks(metric.name_combo.lineEdit(), "Walk distance")
    metric.unit_edit.clear()
    qtbot.keyClicks(metric.unit_edit, "m")
    with qtbot.waitSignal(metric.metricAdded, timeout=20_000):
        qtbot.keyClick(metric.unit_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [m.name for m in services.measurements.list_metrics(idea.id)] == ["Walk distance"]

    settings = show(qtbot, SettingsDialog(services.people, team.admin.id,
                                          services.people.settings()))
    settings.idle_spin.setValue(7)
    with qtbot.waitSignal(settings.saver.finished, timeout=20_000) as done:
        qtbot.keyClick(settings.idle_spin, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert done.args == [True]
    assert services.people.settings().idle_signout_minutes == 7


def test_every_form_saver_has_the_save_keys() -> None:
    """Each form on the one save mechanism binds Ctrl+Enter through it; the exceptions are not
    forms with one Save (board moves, ledger validation, the review panel's several decisions)
    or bind the same keys themselves (the comment composer); the undo offer is Ctrl+Z, not a
    form; nor are the list pages' own buttons (People & areas: deactivate, retire; Waste walk:
    turn into idea, Ctrl+I; Process mining: delete a log, log a finding; What-if: use the
    calibrated model, attach a forecast; Process maps: create, link a step); the map editor is
    a document editor and saves on Ctrl+S, as editors do (Ctrl+Enter in its step panel must not
    save the whole map); the database dialogs' Back up now and Restore are buttons of a dialog
    with nothing to type, Restore asking first."""
    not_forms = {"kaizen/ui/views/pdca_board.py", "kaizen/ui/measure/savings_ledger.py",
                 "kaizen/ui/detail/review_panel.py", "kaizen/ui/detail/comments.py",
                 "kaizen/ui/undo_offer.py", "kaizen/ui/views/people_areas.py",
                 "kaizen/ui/views/waste_walk.py", "kaizen/ui/mining/view.py",
                 "kaizen/ui/simulation/view.py", "kaizen/ui/views/process_maps.py",
                 "kaizen/ui/process_map/editor.py", "kaizen/ui/database_dialog.py"}
    assert SUBMIT_KEYS == ("Ctrl+Return", "Ctrl+Enter")
    missing = []
    for path in sorted((REPO / "kaizen" / "ui").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        relative = path.relative_to(REPO).as_posix()
        if "FormSaver(" in text and relative != "kaizen/ui/form_op.py" \
                and relative not in not_forms and "submit_on(" not in text:
            missing.append(relative)
    assert missing == []


def test_save_plan_is_on_screen_at_1280x720(qtbot, services: Services, team: Team,
                                            world: World) -> None:
    dialog = CycleDetailDialog(services, world.ready, team.supervisor)
    show(qtbot, dialog, dialog.loaded)
    # A 1280x720 screen less its title bar and task bar (the offscreen screen is smaller
    # still; fitting() keeps the dialog on it).
    dialog.resize(dialog.width(), 720 - 48)
    assert dialog.size() == fitting(dialog.size(), dialog)
    qtbot.waitUntil(lambda: dialog.height() <= 720 - 48)
    button = dialog.plan.save_plan_button
    qtbot.waitUntil(button.isVisible)
    shown = button.visibleRegion().boundingRect()
    assert shown == button.rect(), (shown, button.rect())  # whole, not scrolled away
    assert dialog.rect().contains(rect_in(button, dialog))


def test_tab_order_of_the_admin_savings_and_batch_dialogs(qtbot, services: Services,
                                                          team: Team) -> None:
    from kaizen.ui.admin.area_dialog import AreaDialog
    from kaizen.ui.admin.person_dialog import PersonDialog
    from kaizen.ui.measure.entry_dialog import EntryDialog
    from kaizen.ui.review.batch_review import BatchReviewDialog

    areas = services.people.list_areas()
    person = show(qtbot, PersonDialog(services.people, team.admin.id, areas))
    assert_visual(qtbot, person, person.nextInFocusChain())
    area = show(qtbot, AreaDialog(services.people, team.admin.id, areas,
                                  services.people.settings()))
    assert_visual(qtbot, area, area.nextInFocusChain())
    idea = make_idea(services, team)
    services.suggestions.accept(team.supervisor.id, idea.id)
    entry = show(qtbot, EntryDialog(services, team.supervisor.id, idea.id, currency="EUR"))
    assert_visual(qtbot, entry, entry.month_edit)
    other = make_idea(services, team, title="Shadow board for wrenches")
    batch = show(qtbot, BatchReviewDialog(services, team.supervisor, [other.id]))
    qtbot.waitUntil(lambda: not batch.running)
    assert_visual(qtbot, batch, batch.nextInFocusChain())


def test_ctrl_enter_saves_a_person_and_a_savings_entry(qtbot, services: Services,
                                                       team: Team) -> None:
    from kaizen.ui.admin.person_dialog import PersonDialog
    from kaizen.ui.measure.entry_dialog import EntryDialog

    person = show(qtbot, PersonDialog(services.people, team.admin.id,
                                      services.people.list_areas()))
    qtbot.keyClicks(person.name_edit, "Nia New")
    with qtbot.waitSignal(person.saved, timeout=20_000) as saved:
        qtbot.keyClick(person.name_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert saved.args[0].name == "Nia New"

    idea = make_idea(services, team)
    services.suggestions.accept(team.supervisor.id, idea.id)
    entry = show(qtbot, EntryDialog(services, team.supervisor.id, idea.id, currency="EUR"))
    entry.amount_box.set_value(120.0)
    entry.amount_box.setFocus()
    with qtbot.waitSignal(entry.saved, timeout=20_000):
        qtbot.keyClick(entry.amount_box, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    assert [e.amount for e in services.savings.ledger(idea.id).entries] == [120.0]
