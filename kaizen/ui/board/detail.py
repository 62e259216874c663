"""The detail panel of a PDCA card: a dialog with the Plan, Do, Check, Act and History tabs.

Everything is read in the background worker with one service call,
``BoardService.cycle_detail`` (the cycle, its idea, the idea's metrics, the people for the owner
lists, the stage timings and the audit trail, from one read transaction), and every save goes
through the services there too, with the version the cycle was read at, so a change made
meanwhile by someone else is refused with the service's "changed by NAME at TIME" message
instead of being overwritten. A refused save keeps what was typed and shows the service's
message next to the field named by ``ValidationError.field`` (or in the message bar for
anything else), through the dialog's :class:`~kaizen.ui.form_op.FormSaver` (the one save
mechanism).

- Plan: problem statement, the five-whys helper, root cause, target (metric, from, to, by) and
  countermeasure; Save (Ctrl+S).
- Do: the actions table (tick when done; overdue ones in red) and a row to add an action.
- Check: the idea's metrics with before/after counts and means, and the check result.
- Act: adopt, adapt or abandon, the standard that changed and the note to share with other
  areas; "Save and close the cycle" records the decision and moves Act → Done, which applies it.
- History: time per stage and lead time (from the stage changes), the stage changes with who,
  when and the note, and the audit trail.

Each tab is its own widget in ``kaizen/ui/board/cycle/`` (``plan_tab``, ``do_tab``,
``check_tab``, ``act_tab``, ``history_tab``): it builds, fills and reads its fields. This dialog
reads the cycle, saves, and decides what is open. Who may edit is the services' call; the panel
only greys out what would surely be refused (nobody picked, staff, a closed cycle) and says why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.enums import ActDecision, PdcaStage, SuggestionStatus
from kaizen.domain.errors import KaizenError
from kaizen.domain.months import format_day
from kaizen.domain.permissions import Action, can
from kaizen.i18n import QT_TRANSLATE_NOOP, current_language, translate
from kaizen.ui import resources
from kaizen.ui.board.a3_export import A3Exporter
from kaizen.ui.board.cycle.act_tab import ActTab
from kaizen.ui.board.cycle.check_tab import CheckTab
from kaizen.ui.board.cycle.do_tab import DoTab
from kaizen.ui.board.cycle.history_tab import HistoryTab
from kaizen.ui.board.cycle.parts import caption
from kaizen.ui.board.cycle.plan_tab import PlanTab
from kaizen.ui.board.style import DETAIL_STYLE
from kaizen.ui.form_op import FormSaver, Refusals, bar_message
from kaizen.ui.widgets.dialog_parts import show_tab_of
from kaizen.ui.widgets.idea_links import IdeaRefs
from kaizen.ui.widgets.message_bar import ActionMessageBar
from kaizen.ui.widgets.scrolling import fitting, scrolling, with_footer
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.board import CycleDetail
    from kaizen.services.pdca import CycleInfo
    from kaizen.services.people import PersonInfo

log = logging.getLogger(__name__)

TAB_PLAN, TAB_DO, TAB_CHECK, TAB_ACT, TAB_HISTORY = range(5)
DIALOG_SIZE = QSize(860, 720)

_OUTCOMES = {ActDecision.ADOPT: QT_TRANSLATE_NOOP("ui.board.detail", "Standardised"),
             ActDecision.ADAPT: QT_TRANSLATE_NOOP("ui.board.detail", "Adapted"),
             ActDecision.ABANDON: QT_TRANSLATE_NOOP("ui.board.detail", "Abandoned")}
_STAGE_TABS = {PdcaStage.PLAN: TAB_PLAN, PdcaStage.DO: TAB_DO, PdcaStage.CHECK: TAB_CHECK,
               PdcaStage.ACT: TAB_ACT, PdcaStage.DONE: TAB_ACT}


class CycleDetailDialog(QDialog):
    """The card's detail panel. ``changed`` fires after every save; ``loaded`` after each read."""

    changed = Signal()
    loaded = Signal()
    saved = Signal(str)  # what was saved: "plan", "action", "done", "check", "decision", "move"
    refused = Signal(str)  # the message of a refused save
    ideaRequested = Signal(int)  # a "#123" link in a text: the board opens that idea
    # The Check tab's link: open Measurements on (idea id, metric id or 0); the dialog closes.
    measurementsRequested = Signal(int, int)

    def __init__(self, services: Services, cycle_id: int, person: PersonInfo | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CycleDetailDialog")
        self.setWindowTitle(translate("ui.board.detail", "PDCA cycle"))
        self.setStyleSheet(DETAIL_STYLE)
        self.setSizeGripEnabled(True)
        self.resize(fitting(DIALOG_SIZE, parent))
        self.services = services
        self.cycle_id = cycle_id
        self.person = person
        self.detail: CycleDetail | None = None
        self._busy = 0
        self._first_load = True

        self.title_label = caption(translate("ui.board.detail", "Loading…"), "DetailTitle")
        self.meta_label = caption("", "DetailMeta")
        self.stage_pill = QLabel("")
        self.stage_pill.setObjectName("StagePill")
        self.stage_pill.setTextFormat(Qt.TextFormat.PlainText)
        self.reload_button = QPushButton(translate("ui.board.detail", "Reload"))
        self.reload_button.setIcon(resources.icon("mdi6.refresh"))
        self.reload_button.setToolTip(
            translate("ui.board.detail", "Read the cycle again (F5); what you typed is replaced"))
        self.reload_button.clicked.connect(self.load)
        self.message_bar = ActionMessageBar()
        # The one save mechanism: errors beside their fields (their tab brought forward), the
        # rest in the message bar, Reload after a Conflict.
        self.refusals = Refusals(message=bar_message(self.message_bar), reveal=self._show_tab_of)
        self.saver = FormSaver(self, self.refusals, what=f"cycle {cycle_id}",
                               reload=self.load_quietly, exclusive=False)
        self.saver.refused.connect(self.refused)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        self.plan = PlanTab(self.refusals)
        self.plan.saveRequested.connect(self.save_plan)
        self.do = DoTab(self.refusals)
        self.do.addRequested.connect(self.add_action)
        self.do.doneToggled.connect(self.set_action_done)
        self.check = CheckTab(self.refusals)
        self.check.saveRequested.connect(self.save_check)
        self.check.measurementsRequested.connect(self._open_measurements)
        self.act = ActTab(self.refusals)
        self.act.saveRequested.connect(self.save_decision)
        self.act.closeRequested.connect(self.save_and_close_cycle)
        self.history = HistoryTab()
        self.tabs.addTab(with_footer(scrolling(self.plan), self.plan.footer),
                         PdcaStage.PLAN.label)
        self.tabs.addTab(self.do, PdcaStage.DO.label)
        self.tabs.addTab(self.check, PdcaStage.CHECK.label)
        self.tabs.addTab(scrolling(self.act), PdcaStage.ACT.label)
        self.tabs.addTab(self.history, translate("ui.board.detail", "History"))
        self.close_button = QPushButton(translate("ui.board.detail", "Close"))
        self.close_button.setToolTip(translate("ui.board.detail", "Close the panel (Esc)"))
        self.close_button.clicked.connect(self.reject)

        heading = QVBoxLayout()
        heading.setSpacing(4)
        heading.addWidget(self.title_label)
        heading.addWidget(self.meta_label)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addLayout(heading, 1)
        top.addWidget(self.stage_pill, 0, Qt.AlignmentFlag.AlignTop)
        top.addSpacing(4)
        top.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignTop)
        bottom = QHBoxLayout()
        self.permission_label = caption("", "TabNote")
        bottom.addWidget(self.permission_label, 1)
        self.a3 = A3Exporter(self, services, cycle_id, self.message_bar)
        # "#123" in the cycle's texts: links to the ideas (the board opens them).
        for text_box in (self.plan.problem_edit, self.plan.root_cause_edit,
                         self.plan.countermeasure_edit, self.check.check_edit,
                         self.act.standard_edit, self.act.share_edit):
            IdeaRefs(text_box).ideaRequested.connect(self.ideaRequested)
        bottom.addWidget(self.a3.button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        # Ctrl+Enter saves the tab shown, as in every form; Ctrl+S too.
        self.saver.submit_on(self._save_current_tab)
        for keys, slot in (("Ctrl+S", self._save_current_tab), ("F5", self.load)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)
        for number in range(5):
            shortcut = QShortcut(QKeySequence(f"Alt+{number + 1}"), self)
            shortcut.activated.connect(lambda n=number: self.tabs.setCurrentIndex(n))
        # Enter belongs to the field that has focus (add an action, next why, save the plan);
        # no button may take it as the dialog's default and, say, reload over the typing.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self._set_enabled(False)
        self.load()

    # -- loading ------------------------------------------------------------------------------
    def _open_measurements(self, idea_id: int, metric_id: int) -> None:
        """The board shows Measurements on the metric; the card closes (as Close would)."""
        self.measurementsRequested.emit(idea_id, metric_id)
        self.close()

    def load(self) -> None:
        services, cycle_id = self.services, self.cycle_id
        self._busy += 1
        run_in_background(lambda: services.board.cycle_detail(cycle_id), on_success=self._on_loaded,
                          on_failure=self._on_load_failed, owner=self, name="cycle detail")

    def _on_loaded(self, detail: CycleDetail) -> None:
        self._busy -= 1
        self.detail = detail
        self._fill_header(detail)
        self.plan.fill(detail.cycle)
        self.do.fill(detail.cycle.actions, detail.people)
        self.check.fill(detail.metrics, detail.cycle.check_result,
                        idea_id=detail.cycle.suggestion_id,
                        target_metric_id=detail.cycle.target_metric_id)
        self.act.fill(detail.cycle)
        self.history.fill(detail.cycle.history, detail.audit, detail.timing)
        self.refusals.clear()
        if self._first_load:
            self._first_load = False
            self.tabs.setCurrentIndex(_STAGE_TABS[detail.cycle.stage])
        self._update_enabled()
        self.loaded.emit()

    def _on_load_failed(self, error: BaseException) -> None:
        self._busy -= 1
        message = error.message if isinstance(error, KaizenError) else (
            translate(
                "ui.board.detail", "The cycle could not be read: {reason}").format(reason=error))
        self.message_bar.show_message(message, "error")  # i18n: no (a level)
        self.refused.emit(message)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_header()

    def _fit_header(self) -> None:
        """A long title wraps onto the lines it needs; the stage pill keeps its text whole
        (issue 16: both were cut at 1280x720)."""
        self.stage_pill.setMinimumWidth(self.stage_pill.sizeHint().width())
        width = self.title_label.width()
        if width > 0:
            self.title_label.setMinimumHeight(self.title_label.heightForWidth(width))

    def _fill_header(self, detail: CycleDetail) -> None:
        cycle, idea = detail.cycle, detail.suggestion
        self.setWindowTitle(translate("ui.board.detail", "{title} — cycle {number}").format(
            title=cycle.suggestion_title, number=cycle.number))
        self.title_label.setText(cycle.suggestion_title)
        owner = idea.owner_name or translate("ui.board.detail", "no owner")
        self.meta_label.setText(
            translate("ui.board.detail", "Cycle {number}  ·  Owner: {owner}  ·  Area: {area}  ·  "
                                         "Started {day}").format(
                number=cycle.number, owner=owner, area=idea.area_name,
                day=format_day(cycle.started_at))
        )
        if cycle.stage is PdcaStage.DONE:
            known = _OUTCOMES.get(cycle.act_decision) if cycle.act_decision else None
            if known:
                outcome = translate("ui.board.detail", known)
            else:
                outcome = translate("ui.board.detail", "Closed")
            self.stage_pill.setText(translate(
                "ui.board.detail", "Done · {outcome}").format(outcome=outcome))
        else:
            self.stage_pill.setText(translate("ui.board.detail", "{stage} · {days} d").format(
                stage=cycle.stage.label, days=detail.timing.days_in_stage))
        self.stage_pill.setProperty("closed", cycle.stage is PdcaStage.DONE)
        self.stage_pill.style().unpolish(self.stage_pill)
        self.stage_pill.style().polish(self.stage_pill)

    # -- who may do what ----------------------------------------------------------------------
        self._fit_header()

    def set_person(self, person: PersonInfo | None) -> None:
        self.person = person
        self._update_enabled()

    def _update_enabled(self) -> None:
        self._set_enabled(self.detail is not None)

    def _set_enabled(self, loaded: bool) -> None:
        cycle = self.detail.cycle if self.detail is not None else None
        idea_open = (self.detail is not None
                     and self.detail.suggestion.status is SuggestionStatus.ACCEPTED)
        is_open = loaded and cycle is not None and cycle.stage is not PdcaStage.DONE and idea_open
        person = self.person
        may_edit = person is not None and can(person.role, Action.MOVE_PDCA)
        editable = bool(is_open and may_edit)
        stage = cycle.stage if cycle is not None else None

        if not loaded:
            reason = ""
        elif person is None:
            reason = translate("ui.board.detail", "Pick who is working first to change this cycle.")
        elif cycle is not None and not is_open:
            reason = translate(
                "ui.board.detail", "Cycle {number} is closed: it is kept as it was.").format(
                number=cycle.number)
        elif not may_edit:
            # Lower case inside the sentence, except where nouns keep their capital (German).
            role = person.role.label
            role = role if current_language() == "de" else role.lower()
            reason = translate(
                "ui.board.detail",
                "{name} is {role}: you can tick the actions you own; supervisors and admins edit "
                "the cycle.").format(
                name=person.name, role=role)
        else:
            reason = ""
        self.permission_label.setText(reason)

        self.plan.set_editable(editable, reason)
        actions_open = bool(is_open and stage in (PdcaStage.PLAN, PdcaStage.DO))
        self.do.set_state(is_open=is_open, actions_open=actions_open, may_edit=may_edit,
                          person_picked=person is not None)
        check_open = bool(is_open and stage in (PdcaStage.CHECK, PdcaStage.ACT))
        self.check.set_state(check_open=check_open, is_open=is_open, may_edit=may_edit)
        act_open = bool(is_open and stage is PdcaStage.ACT)
        self.act.set_state(act_open=act_open, is_open=is_open, may_edit=may_edit)

    # -- saving -------------------------------------------------------------------------------
    def _save_current_tab(self) -> None:
        index = self.tabs.currentIndex()
        if index == TAB_PLAN and self.plan.save_plan_button.isEnabled():
            self.save_plan()
        elif (index == TAB_DO and self.do.add_action_button.isEnabled()
              and self.do.action_edit.text()):
            self.add_action()
        elif index == TAB_CHECK and self.check.save_check_button.isEnabled():
            self.save_check()
        elif index == TAB_ACT and self.act.save_decision_button.isEnabled():
            self.save_decision()

    def _run(self, what: str, collect: Callable[[int], Callable[[], Any]],
             done: Callable[[Any], None] | None = None) -> None:
        """Save through the dialog's :class:`FormSaver` as the person working: ``collect``
        reads the tab (it may refuse input there) and returns the service call; on success
        ``done`` runs and ``saved(what)`` and ``changed`` fire."""
        person = self.person
        if person is None:
            self.message_bar.show_message(
                translate("ui.board.detail", "Pick who is working first."),
                "warning")  # i18n: no (a level)
            return

        def succeeded(result: Any) -> None:
            if done is not None:
                done(result)
            self.saved.emit(what)
            self.changed.emit()

        self.saver.save(lambda: collect(person.id), succeeded, name=f"save {what}")

    def field_error(self, field: str) -> str:
        return self.refusals.field_error(field)

    def _show_tab_of(self, widget: QWidget | None) -> None:
        show_tab_of(self.tabs, widget)

    def _version(self) -> int | None:
        return self.detail.cycle.version if self.detail is not None else None

    def _after_cycle_save(self, message: str) -> Callable[[Any], None]:
        def done(info: CycleInfo) -> None:
            assert self.detail is not None
            self.detail = replace(self.detail, cycle=info)
            self._fill_header(self.detail)
            self._update_enabled()
            self.message_bar.show_message(message, "info")  # i18n: no (a level)
            self.load_quietly()

        return done

    def save_plan(self) -> None:
        pdca, cycle_id, version = self.services.pdca, self.cycle_id, self._version()

        def collect(actor_id: int) -> Callable[[], CycleInfo]:
            values = self.plan.values()
            return lambda: pdca.update_plan(actor_id, cycle_id, **values,
                                            expected_version=version)

        self._run("plan", collect, self._after_cycle_save(translate(
            "ui.board.detail", "The plan is saved.")))

    def add_action(self) -> None:
        pdca, cycle_id = self.services.pdca, self.cycle_id

        def collect(actor_id: int) -> Callable[[], Any]:
            values = self.do.values()
            return lambda: pdca.add_action(actor_id, cycle_id, **values)

        def done(_action: Any) -> None:
            self.do.clear_new()
            self.message_bar.show_message(translate("ui.board.detail", "The action is added."),
                                          "info")  # i18n: no (a level)
            self.load_quietly()

        self._run("action", collect, done)

    def set_action_done(self, action_id: int, done_flag: bool) -> None:
        pdca = self.services.pdca
        self._run("done", lambda actor_id: lambda: pdca.set_action_done(actor_id, action_id,
                                                                        done_flag),
                  lambda _info: self.load_quietly())

    def save_check(self) -> None:
        pdca, cycle_id, version = self.services.pdca, self.cycle_id, self._version()
        text = self.check.check_edit.toPlainText()
        self._run("check", lambda actor_id: lambda: pdca.record_check(
            actor_id, cycle_id, text, expected_version=version),
                  self._after_cycle_save(translate(
                      "ui.board.detail", "The check result is saved.")))

    def save_decision(self) -> None:
        pdca, cycle_id, version = self.services.pdca, self.cycle_id, self._version()

        def collect(actor_id: int) -> Callable[[], CycleInfo]:
            values = self.act.values()
            return lambda: pdca.decide(actor_id, cycle_id, **values, expected_version=version)

        self._run("decision", collect, self._after_cycle_save(
            translate(
                "ui.board.detail",
                "The decision is saved; it applies when the card moves to Done.")))

    def save_and_close_cycle(self) -> None:
        """Record the decision, then move Act → Done (one worker task, two units of work)."""
        pdca, cycle_id, version = self.services.pdca, self.cycle_id, self._version()

        def collect(actor_id: int) -> Callable[[], CycleInfo]:
            values = self.act.values()

            def work() -> CycleInfo:
                decided = pdca.decide(actor_id, cycle_id, **values, expected_version=version)
                return pdca.move(actor_id, cycle_id, PdcaStage.DONE,
                                 expected_version=decided.version)

            return work

        def done(info: CycleInfo) -> None:
            if info.act_decision is ActDecision.ADAPT:
                message = translate(
                    "ui.board.detail",
                    "Cycle {number} is closed. Cycle {next} starts in Plan on the board, "
                    "carrying the learning.").format(
                    number=info.number, next=info.number + 1)
            elif info.act_decision is ActDecision.ADOPT:
                message = translate(
                    "ui.board.detail", "The cycle is closed and the idea is standardised.")
            else:
                message = translate(
                    "ui.board.detail", "The cycle is closed and the idea is abandoned.")
            self.message_bar.show_message(message, "info")  # i18n: no (a level)
            self.load_quietly()

        self._run("move", collect, done)

    def load_quietly(self) -> None:
        """Read the cycle again after a save, keeping the tab and what is not yet saved."""
        services, cycle_id = self.services, self.cycle_id
        keep = self._unsaved()
        self._busy += 1

        def loaded(detail: CycleDetail) -> None:
            self._on_loaded(detail)
            self._restore_unsaved(keep)

        run_in_background(lambda: services.board.cycle_detail(cycle_id), on_success=loaded,
                          on_failure=self._on_load_failed, owner=self, name="cycle detail")

    def _texts(self) -> dict[str, Any]:
        return self.plan.texts() | self.check.texts() | self.act.texts()

    def _unsaved(self) -> dict[str, Any]:
        """What was typed and not saved, so a reload after another save keeps it."""
        if self.detail is None:
            return {}
        current = self._texts()
        # What the form shows for the cycle as saved: fill, read back, then put the typing back.
        cycle = self.detail.cycle
        self.plan.fill(cycle)
        self.check.check_edit.setPlainText(cycle.check_result)
        self.act.fill(cycle)
        saved = self._texts()
        self._restore_unsaved(current)
        return {key: value for key, value in current.items() if value != saved[key]}

    def _restore_unsaved(self, kept: dict[str, Any]) -> None:
        for tab in (self.plan, self.check, self.act):
            tab.restore(kept)

    @property
    def busy(self) -> bool:
        return self._busy > 0 or self.saver.busy
