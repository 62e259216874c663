"""The detail panel of a PDCA card: a dialog with the Plan, Do, Check, Act and History tabs.

Everything is read in the background worker (the cycle, its idea, the idea's metrics, the
people for the owner lists, the stage timings and the audit trail) and every save goes through
the services there too, with the version the cycle was read at, so a change made meanwhile by
someone else is refused with the service's "changed by NAME at TIME" message instead of being
overwritten. A refused save keeps what was typed and shows the service's message next to the
field named by ``ValidationError.field`` (or in the message bar for anything else), through the
dialog's :class:`~kaizen.ui.form_op.FormSaver` (the one save mechanism).

- Plan: problem statement, the five-whys helper, root cause, target (metric, from, to, by) and
  countermeasure; Save (Ctrl+S).
- Do: the actions table (tick when done; overdue ones in red) and a row to add an action.
- Check: the idea's metrics with before/after counts and means, and the check result.
- Act: adopt, adapt or abandon, the standard that changed and the note to share with other
  areas; "Save and close the cycle" records the decision and moves Act → Done, which applies it.
- History: time per stage and lead time (from the stage changes), the stage changes with who,
  when and the note, and the audit trail.

Who may edit is the services' call; the panel only greys out what would surely be refused
(nobody picked, staff, a closed cycle) and says why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, QSize, Qt, Signal
from PySide6.QtGui import QDoubleValidator, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.enums import ActDecision, PdcaStage, SuggestionStatus
from kaizen.domain.errors import KaizenError
from kaizen.domain.permissions import Action, can
from kaizen.ui import resources
from kaizen.ui.board.models import (
    A_DONE,
    A_DUE,
    A_OWNER,
    A_TEXT,
    ActionsTableModel,
    AuditTableModel,
    MetricsTableModel,
    StageHistoryModel,
)
from kaizen.ui.board.style import DETAIL_STYLE
from kaizen.ui.board.whys import FiveWhysEditor
from kaizen.ui.detail.widgets import date_edit, date_value, set_date
from kaizen.ui.form_op import FormSaver, Refusals, bar_message
from kaizen.ui.widgets.form import ErrorLabel
from kaizen.ui.widgets.message_bar import ActionMessageBar
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.board import AuditEntry, CycleTiming
    from kaizen.services.measurements import MetricInfo
    from kaizen.services.pdca import CycleInfo
    from kaizen.services.people import PersonInfo
    from kaizen.services.suggestions import SuggestionInfo

log = logging.getLogger(__name__)

TAB_PLAN, TAB_DO, TAB_CHECK, TAB_ACT, TAB_HISTORY = range(5)
DIALOG_SIZE = QSize(860, 720)

_STAGE_TABS = {PdcaStage.PLAN: TAB_PLAN, PdcaStage.DO: TAB_DO, PdcaStage.CHECK: TAB_CHECK,
               PdcaStage.ACT: TAB_ACT, PdcaStage.DONE: TAB_ACT}


@dataclass(frozen=True, slots=True)
class CycleDetail:
    """What the panel shows, read in one go on a worker thread."""

    cycle: CycleInfo
    suggestion: SuggestionInfo
    metrics: list[MetricInfo]
    timing: CycleTiming
    audit: list[AuditEntry]
    people: list[PersonInfo]


def read_detail(services: Services, cycle_id: int) -> CycleDetail:
    cycle = services.pdca.get_cycle(cycle_id)
    return CycleDetail(
        cycle=cycle,
        suggestion=services.suggestions.get(cycle.suggestion_id),
        metrics=services.measurements.list_metrics(cycle.suggestion_id),
        timing=services.board.timing(cycle_id),
        audit=services.board.audit_trail("pdca_cycle", cycle_id),
        people=services.people.list_people(),
    )


def _label(text: str, name: str = "FieldLabel") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _text_edit(placeholder: str, height: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


def _days(delta: Any) -> str:
    # Whole days, counted as the board counts days in stage (a started day is not a day).
    days = delta.total_seconds() / 86400
    return "< 1 d" if 0 < days < 1 else f"{int(days)} d"


def _scrolling(body: QWidget) -> QScrollArea:
    body.setObjectName("TabBody")
    area = QScrollArea()
    area.setObjectName("TabScroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(body)
    return area


def _table(model: Any) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(36)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.horizontalHeader().setHighlightSections(False)
    table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                                 | Qt.AlignmentFlag.AlignVCenter)
    return table


class CycleDetailDialog(QDialog):
    """The card's detail panel. ``changed`` fires after every save; ``loaded`` after each read."""

    changed = Signal()
    loaded = Signal()
    saved = Signal(str)  # what was saved: "plan", "action", "done", "check", "decision", "move"
    refused = Signal(str)  # the message of a refused save

    def __init__(self, services: Services, cycle_id: int, person: PersonInfo | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CycleDetailDialog")
        self.setWindowTitle("PDCA cycle")
        self.setStyleSheet(DETAIL_STYLE)
        self.setSizeGripEnabled(True)
        self.resize(DIALOG_SIZE)
        self.services = services
        self.cycle_id = cycle_id
        self.person = person
        self.detail: CycleDetail | None = None
        self._busy = 0
        self._first_load = True

        self.title_label = _label("Loading…", "DetailTitle")
        self.meta_label = _label("", "DetailMeta")
        self.stage_pill = QLabel("")
        self.stage_pill.setObjectName("StagePill")
        self.stage_pill.setTextFormat(Qt.TextFormat.PlainText)
        self.reload_button = QPushButton("Reload")
        self.reload_button.setIcon(resources.icon("mdi6.refresh"))
        self.reload_button.setToolTip("Read the cycle again (F5); what you typed is replaced")
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
        self.tabs.addTab(self._build_plan(), "Plan")
        self.tabs.addTab(self._build_do(), "Do")
        self.tabs.addTab(self._build_check(), "Check")
        self.tabs.addTab(self._build_act(), "Act")
        self.tabs.addTab(self._build_history(), "History")
        self.close_button = QPushButton("Close")
        self.close_button.setToolTip("Close the panel (Esc)")
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
        self.permission_label = _label("", "TabNote")
        bottom.addWidget(self.permission_label, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

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

    # -- building the tabs --------------------------------------------------------------------
    def _error_label(self, field: str, widget: QWidget | None) -> ErrorLabel:
        """The line under ``widget`` where a refusal naming ``field`` shows."""
        label = ErrorLabel()
        self.refusals.add_label(field, label, widget)
        return label

    def _field(self, grid: QVBoxLayout, label: str, widget: QWidget, field: str,
               hint: str = "") -> None:
        grid.addWidget(_label(label))
        if hint:
            grid.addWidget(_label(hint, "FieldHint"))
        grid.addWidget(widget)
        error = self._error_label(field, widget)
        grid.addWidget(error)
        grid.addSpacing(6)

    def _build_plan(self) -> QWidget:
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(20, 16, 20, 16)
        column.setSpacing(4)
        self.problem_edit = _text_edit("What goes wrong, where, how often, how much it costs",
                                       72)
        self._field(column, "Problem statement", self.problem_edit, "problem_statement")
        self.whys = FiveWhysEditor()
        self.whys.rootCauseSuggested.connect(self._on_root_cause_suggested)
        self._field(column, "Five whys", self.whys, "why_chain",
                    "Ask why the problem happens, then why that answer happens, up to five "
                    "times.")
        self.root_cause_edit = _text_edit("The cause that, removed, stops the problem", 52)
        self._field(column, "Root cause", self.root_cause_edit, "root_cause")

        column.addWidget(_label("Target"))
        target = QGridLayout()
        target.setHorizontalSpacing(10)
        target.setVerticalSpacing(2)
        self.metric_edit = QLineEdit()
        self.metric_edit.setPlaceholderText("Metric, e.g. Changeover time (min)")
        self.metric_edit.setMaxLength(120)
        self.from_edit = QLineEdit()
        self.from_edit.setPlaceholderText("From")
        self.to_edit = QLineEdit()
        self.to_edit.setPlaceholderText("To")
        for edit in (self.from_edit, self.to_edit):
            validator = QDoubleValidator(-1e12, 1e12, 6, edit)
            validator.setNotation(QDoubleValidator.Notation.StandardNotation)
            validator.setLocale(QLocale.c())
            edit.setValidator(validator)
            edit.setMaximumWidth(110)
        self.by_edit = date_edit()
        self.by_edit.setToolTip("By when the target should be reached")
        for col, (caption, widget, field) in enumerate((
            ("Metric", self.metric_edit, "target_metric"),
            ("From", self.from_edit, "target_from"),
            ("To", self.to_edit, "target_to"),
            ("By", self.by_edit, "target_by"),
        )):
            target.addWidget(_label(caption, "FieldHint"), 0, col)
            target.addWidget(widget, 1, col)
            target.addWidget(self._error_label(field, widget), 2, col)
        target.setColumnStretch(0, 1)
        column.addLayout(target)
        column.addSpacing(6)
        self.countermeasure_edit = _text_edit("What will be changed to remove the root cause",
                                              72)
        self._field(column, "Countermeasure", self.countermeasure_edit, "countermeasure")
        self.plan_note = _label("", "TabNote")
        self.save_plan_button = QPushButton("Save plan")
        self.save_plan_button.setObjectName("PrimaryButton")
        self.save_plan_button.setToolTip("Save the plan (Ctrl+S)")
        self.save_plan_button.clicked.connect(self.save_plan)
        self.metric_edit.returnPressed.connect(self.save_plan)
        self.from_edit.returnPressed.connect(self.save_plan)
        self.to_edit.returnPressed.connect(self.save_plan)
        row = QHBoxLayout()
        row.addWidget(self.plan_note, 1)
        row.addWidget(self.save_plan_button)
        column.addLayout(row)
        column.addStretch(1)
        return _scrolling(body)

    def _build_do(self) -> QWidget:
        body = QWidget()
        body.setObjectName("TabBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(20, 16, 20, 16)
        column.setSpacing(8)
        self.do_note = _label("", "TabNote")
        column.addWidget(self.do_note)
        self.actions_model = ActionsTableModel(self)
        self.actions_model.doneToggled.connect(self.set_action_done)
        self.actions_table = _table(self.actions_model)
        header = self.actions_table.horizontalHeader()
        header.setSectionResizeMode(A_DONE, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(A_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(A_OWNER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(A_DUE, QHeaderView.ResizeMode.Interactive)
        self.actions_table.setColumnWidth(A_DONE, 64)
        self.actions_table.setColumnWidth(A_OWNER, 150)
        self.actions_table.setColumnWidth(A_DUE, 200)
        self.actions_table.setIconSize(QSize(16, 16))
        column.addWidget(self.actions_table, 1)
        self.actions_empty = _label("No actions yet. Add what has to be done to carry out the "
                                    "countermeasure; the cycle moves on to Check when every "
                                    "action is done.", "TabNote")
        column.addWidget(self.actions_empty)

        column.addWidget(_label("Add an action", "SectionTitle"))
        add = QGridLayout()
        add.setHorizontalSpacing(8)
        add.setVerticalSpacing(2)
        self.action_edit = QLineEdit()
        self.action_edit.setPlaceholderText("What has to be done")
        self.action_edit.returnPressed.connect(self.add_action)
        self.action_owner_combo = QComboBox()
        self.action_owner_combo.setMinimumWidth(160)
        self.action_owner_combo.addItem("No owner", None)
        self.action_due_edit = date_edit()
        self.add_action_button = QPushButton("Add action")
        self.add_action_button.setObjectName("PrimaryButton")
        self.add_action_button.setIcon(resources.icon("mdi6.plus", "#ffffff"))
        self.add_action_button.clicked.connect(self.add_action)
        for col, (caption, widget, field) in enumerate((
            ("Action", self.action_edit, "text"),
            ("Owner", self.action_owner_combo, "owner_id"),
            ("Due", self.action_due_edit, "due_date"),
        )):
            add.addWidget(_label(caption, "FieldHint"), 0, col)
            add.addWidget(widget, 1, col)
            add.addWidget(self._error_label(field, widget), 2, col)
        add.addWidget(self.add_action_button, 1, 3)
        add.setColumnStretch(0, 1)
        column.addLayout(add)
        return body

    def _build_check(self) -> QWidget:
        body = QWidget()
        body.setObjectName("TabBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(20, 16, 20, 16)
        column.setSpacing(8)
        column.addWidget(_label("Metrics", "SectionTitle"))
        column.addWidget(_label("Before and after samples of the idea's metrics. Record them in "
                                "Measurements; the move to Act needs at least one metric with "
                                "both.", "TabNote"))
        self.metrics_model = MetricsTableModel(self)
        self.metrics_table = _table(self.metrics_model)
        header = self.metrics_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.metrics_table.setMinimumHeight(150)
        column.addWidget(self.metrics_table, 1)
        self.metrics_empty = _label("No metrics yet: add one in Measurements with before data, "
                                    "then after data once the change is in place.", "TabNote")
        column.addWidget(self.metrics_empty)
        column.addSpacing(8)
        self.check_edit = _text_edit("What the data shows: did the change reach the target?",
                                     110)
        self._field(column, "Check result", self.check_edit, "check_result")
        self.check_note = _label("", "TabNote")
        self.save_check_button = QPushButton("Save check result")
        self.save_check_button.setObjectName("PrimaryButton")
        self.save_check_button.setToolTip("Save the check result (Ctrl+S)")
        self.save_check_button.clicked.connect(self.save_check)
        row = QHBoxLayout()
        row.addWidget(self.check_note, 1)
        row.addWidget(self.save_check_button)
        column.addLayout(row)
        return body

    def _build_act(self) -> QWidget:
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(20, 16, 20, 16)
        column.setSpacing(8)
        column.addWidget(_label("Decision", "SectionTitle"))
        self.decision_group = QButtonGroup(self)
        self.decision_buttons: dict[ActDecision, QRadioButton] = {}
        choices = (
            (ActDecision.ADOPT, "Adopt", "It worked: it becomes the new standard."),
            (ActDecision.ADAPT, "Adapt", "Partly: a new cycle starts in Plan, carrying what was "
                                         "learned."),
            (ActDecision.ABANDON, "Abandon", "It did not work: say why, so others learn."),
        )
        cards = QHBoxLayout()
        cards.setSpacing(10)
        for decision, text, explanation in choices:
            frame = QFrame()
            frame.setObjectName("DecisionCard")
            inner = QVBoxLayout(frame)
            inner.setContentsMargins(12, 10, 12, 10)
            inner.setSpacing(2)
            button = QRadioButton(text)
            button.setObjectName(f"Decision{text}")
            self.decision_group.addButton(button)
            self.decision_buttons[decision] = button
            inner.addWidget(button)
            inner.addWidget(_label(explanation, "FieldHint"))
            cards.addWidget(frame, 1)
        column.addLayout(cards)
        column.addWidget(self._error_label("decision", None))
        column.addSpacing(6)
        self.standard_edit = _text_edit("Which work instruction, layout or checklist changed",
                                        80)
        self._field(column, "Standard change", self.standard_edit, "standard_change",
                    "Needed to adopt.")
        self.share_edit = _text_edit("What other areas can learn or copy from this change", 80)
        self._field(column, "Share with other areas", self.share_edit, "share_note",
                    "Needed to abandon; with adapt it is the learning carried into the next "
                    "cycle.")
        self.act_note = _label("", "TabNote")
        column.addWidget(self.act_note)
        self.save_decision_button = QPushButton("Save decision")
        self.save_decision_button.setToolTip("Save the decision (Ctrl+S); it applies when the "
                                             "card moves to Done")
        self.save_decision_button.clicked.connect(self.save_decision)
        self.close_cycle_button = QPushButton("Save and close the cycle")
        self.close_cycle_button.setObjectName("PrimaryButton")
        self.close_cycle_button.setIcon(resources.icon("mdi6.check-all", "#ffffff"))
        self.close_cycle_button.setToolTip("Save the decision and move the card from Act to "
                                           "Done, which applies it")
        self.close_cycle_button.clicked.connect(self.save_and_close_cycle)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_decision_button)
        row.addWidget(self.close_cycle_button)
        column.addLayout(row)
        column.addStretch(1)
        return _scrolling(body)

    def _build_history(self) -> QWidget:
        body = QWidget()
        body.setObjectName("TabBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(20, 16, 20, 16)
        column.setSpacing(8)
        self.timing_label = _label("", "TabNote")
        column.addWidget(self.timing_label)
        column.addWidget(_label("Stage changes", "SectionTitle"))
        self.history_model = StageHistoryModel(self)
        self.history_table = _table(self.history_model)
        header = self.history_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        column.addWidget(self.history_table, 1)
        column.addWidget(_label("Audit trail", "SectionTitle"))
        self.audit_model = AuditTableModel(self)
        self.audit_table = _table(self.audit_model)
        header = self.audit_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        column.addWidget(self.audit_table, 1)
        return body

    # -- loading ------------------------------------------------------------------------------
    def load(self) -> None:
        services, cycle_id = self.services, self.cycle_id
        self._busy += 1
        run_in_background(lambda: read_detail(services, cycle_id), on_success=self._on_loaded,
                          on_failure=self._on_load_failed, owner=self, name="cycle detail")

    def _on_loaded(self, detail: CycleDetail) -> None:
        self._busy -= 1
        self.detail = detail
        self._fill_header(detail)
        self._fill_plan(detail.cycle)
        self._fill_do(detail)
        self._fill_check(detail)
        self._fill_act(detail.cycle)
        self._fill_history(detail)
        self.refusals.clear()
        if self._first_load:
            self._first_load = False
            self.tabs.setCurrentIndex(_STAGE_TABS[detail.cycle.stage])
        self._update_enabled()
        self.loaded.emit()

    def _on_load_failed(self, error: BaseException) -> None:
        self._busy -= 1
        message = error.message if isinstance(error, KaizenError) else (
            f"The cycle could not be read: {error}")
        self.message_bar.show_message(message, "error")
        self.refused.emit(message)

    def _fill_header(self, detail: CycleDetail) -> None:
        cycle, idea = detail.cycle, detail.suggestion
        self.setWindowTitle(f"{cycle.suggestion_title} — cycle {cycle.number}")
        self.title_label.setText(cycle.suggestion_title)
        owner = idea.owner_name or "no owner"
        self.meta_label.setText(
            f"Cycle {cycle.number}  ·  Owner: {owner}  ·  Area: {idea.area_name}  ·  "
            f"Started {cycle.started_at:%d %b %Y}"
        )
        if cycle.stage is PdcaStage.DONE:
            outcome = {ActDecision.ADOPT: "Standardised", ActDecision.ADAPT: "Adapted",
                       ActDecision.ABANDON: "Abandoned"}.get(cycle.act_decision, "Closed") \
                if cycle.act_decision else "Closed"
            self.stage_pill.setText(f"Done · {outcome}")
        else:
            self.stage_pill.setText(f"{cycle.stage.label} · {detail.timing.days_in_stage} d")
        self.stage_pill.setProperty("closed", cycle.stage is PdcaStage.DONE)
        self.stage_pill.style().unpolish(self.stage_pill)
        self.stage_pill.style().polish(self.stage_pill)

    def _fill_plan(self, cycle: CycleInfo) -> None:
        self.problem_edit.setPlainText(cycle.problem_statement)
        self.whys.set_whys(cycle.why_chain)
        self.root_cause_edit.setPlainText(cycle.root_cause)
        self.metric_edit.setText(cycle.target_metric)
        self.from_edit.setText(_number(cycle.target_from))
        self.to_edit.setText(_number(cycle.target_to))
        set_date(self.by_edit, cycle.target_by)
        self.countermeasure_edit.setPlainText(cycle.countermeasure)

    def _fill_do(self, detail: CycleDetail) -> None:
        self.actions_model.set_rows(detail.cycle.actions)
        self.actions_empty.setVisible(not detail.cycle.actions)
        chosen = self.action_owner_combo.currentData()
        self.action_owner_combo.clear()
        self.action_owner_combo.addItem("No owner", None)
        for person in detail.people:
            self.action_owner_combo.addItem(person.name, person.id)
        self.action_owner_combo.setCurrentIndex(max(self.action_owner_combo.findData(chosen), 0)
                                                if chosen is not None else 0)
        overdue = sum(1 for a in detail.cycle.actions if a.overdue)
        done = sum(1 for a in detail.cycle.actions if a.done_at)
        total = len(detail.cycle.actions)
        text = f"{done} of {total} actions done." if total else ""
        if overdue:
            text += f" {overdue} overdue (in red)."
        self._do_summary = text.strip()

    def _fill_check(self, detail: CycleDetail) -> None:
        self.metrics_model.set_rows(detail.metrics)
        self.metrics_empty.setVisible(not detail.metrics)
        self.check_edit.setPlainText(detail.cycle.check_result)

    def _fill_act(self, cycle: CycleInfo) -> None:
        self.decision_group.setExclusive(False)
        for decision, button in self.decision_buttons.items():
            button.setChecked(cycle.act_decision is decision)
        self.decision_group.setExclusive(True)
        self.standard_edit.setPlainText(cycle.standard_change)
        self.share_edit.setPlainText(cycle.share_note)

    def _fill_history(self, detail: CycleDetail) -> None:
        self.history_model.set_rows(detail.cycle.history)
        self.audit_model.set_rows(detail.audit)
        timing = detail.timing
        parts = [f"{stage.label} {_days(timing.durations[stage])}"
                 for stage in (PdcaStage.PLAN, PdcaStage.DO, PdcaStage.CHECK, PdcaStage.ACT)
                 if stage in timing.durations]
        text = "Time in each stage: " + (" · ".join(parts) if parts else "none yet") + "."
        if timing.lead_time is not None:
            text += f" Lead time from Plan to Done: {_days(timing.lead_time)}."
        self.timing_label.setText(text)

    # -- who may do what ----------------------------------------------------------------------
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
            reason = "Pick who is working first to change this cycle."
        elif cycle is not None and not is_open:
            reason = f"Cycle {cycle.number} is closed: it is kept as it was."
        elif not may_edit:
            reason = (f"{person.name} is {person.role.label.lower()}: you can tick the actions "
                      "you own; supervisors and admins edit the cycle.")
        else:
            reason = ""
        self.permission_label.setText(reason)

        for widget in (self.problem_edit, self.root_cause_edit, self.countermeasure_edit,
                       self.check_edit, self.standard_edit, self.share_edit):
            widget.setReadOnly(not editable)
        for edit in (self.metric_edit, self.from_edit, self.to_edit):
            edit.setReadOnly(not editable)
        self.by_edit.setReadOnly(not editable)
        self.whys.set_read_only(not editable)
        self.save_plan_button.setEnabled(editable)
        self.plan_note.setText("" if editable or not reason else reason)

        actions_open = bool(is_open and stage in (PdcaStage.PLAN, PdcaStage.DO))
        self.actions_model.editable = bool(actions_open and person is not None)
        for widget in (self.action_edit, self.action_owner_combo, self.action_due_edit,
                       self.add_action_button):
            widget.setEnabled(actions_open and may_edit)
        summary = getattr(self, "_do_summary", "")
        if is_open and not actions_open:
            summary += (" Actions change in Plan or Do; move the card back to Do to change "
                        "them.")
        self.do_note.setText(summary.strip())
        self.do_note.setVisible(bool(summary.strip()))

        check_open = bool(is_open and stage in (PdcaStage.CHECK, PdcaStage.ACT))
        self.check_edit.setReadOnly(not (check_open and may_edit))
        self.save_check_button.setEnabled(check_open and may_edit)
        self.check_note.setText(
            "" if check_open or not is_open else "The check result is written in Check or Act."
        )

        act_open = bool(is_open and stage is PdcaStage.ACT)
        for button in self.decision_buttons.values():
            button.setEnabled(act_open and may_edit)
        for edit in (self.standard_edit, self.share_edit):
            edit.setReadOnly(not (act_open and may_edit))
        self.save_decision_button.setEnabled(act_open and may_edit)
        self.close_cycle_button.setEnabled(act_open and may_edit)
        if act_open:
            self.act_note.setText("Moving the card from Act to Done applies the decision: adopt "
                                  "standardises the idea, adapt starts the next cycle in Plan, "
                                  "abandon closes the idea.")
        elif is_open:
            self.act_note.setText("The decision is taken in Act.")
        else:
            self.act_note.setText("")

    # -- saving -------------------------------------------------------------------------------
    def _save_current_tab(self) -> None:
        index = self.tabs.currentIndex()
        if index == TAB_PLAN and self.save_plan_button.isEnabled():
            self.save_plan()
        elif index == TAB_DO and self.add_action_button.isEnabled() and self.action_edit.text():
            self.add_action()
        elif index == TAB_CHECK and self.save_check_button.isEnabled():
            self.save_check()
        elif index == TAB_ACT and self.save_decision_button.isEnabled():
            self.save_decision()

    def _run(self, what: str, work: Callable[[], Any],
             done: Callable[[Any], None] | None = None) -> None:
        """Save through the dialog's :class:`FormSaver`; on success refresh and say so."""
        if self.person is None:
            self.message_bar.show_message("Pick who is working first.", "warning")
            return

        def succeeded(result: Any) -> None:
            if done is not None:
                done(result)
            self.saved.emit(what)
            self.changed.emit()

        self.saver.save(lambda: work, succeeded, name=f"save {what}")

    def show_field_error(self, field: str, message: str) -> None:
        self.refusals.show_field(field, message)

    def field_error(self, field: str) -> str:
        return self.refusals.field_error(field)

    def _show_tab_of(self, widget: QWidget | None) -> None:
        while widget is not None:
            index = self.tabs.indexOf(widget)
            if index >= 0:
                self.tabs.setCurrentIndex(index)
                return
            widget = widget.parentWidget()

    def _version(self) -> int | None:
        return self.detail.cycle.version if self.detail is not None else None

    def _after_cycle_save(self, what: str, message: str) -> Callable[[Any], None]:
        def done(info: CycleInfo) -> None:
            assert self.detail is not None
            self.detail = _replace_cycle(self.detail, info)
            self._fill_header(self.detail)
            self._update_enabled()
            self.message_bar.show_message(message, "info")
            self.load_quietly()

        return done

    def save_plan(self) -> None:
        numbers: dict[str, float | None] = {}
        for field, edit, label in (("target_from", self.from_edit, "The starting value"),
                                   ("target_to", self.to_edit, "The target value")):
            text = edit.text().strip().replace(",", ".")
            try:
                numbers[field] = float(text) if text else None
            except ValueError:
                self.show_field_error(field, f"{label} must be a number.")
                return
        values = {
            "problem_statement": self.problem_edit.toPlainText(),
            "why_chain": self.whys.whys(),
            "root_cause": self.root_cause_edit.toPlainText(),
            "target_metric": self.metric_edit.text(),
            "target_from": numbers["target_from"],
            "target_to": numbers["target_to"],
            "target_by": date_value(self.by_edit),
            "countermeasure": self.countermeasure_edit.toPlainText(),
        }
        pdca, person, cycle_id, version = (self.services.pdca, self.person, self.cycle_id,
                                           self._version())
        if person is None:
            self._run("plan", lambda: None)
            return
        self._run("plan", lambda: pdca.update_plan(person.id, cycle_id, **values,
                                                   expected_version=version),
                  self._after_cycle_save("plan", "The plan is saved."))

    def add_action(self) -> None:
        text = self.action_edit.text()
        owner_id = self.action_owner_combo.currentData()
        due = date_value(self.action_due_edit)
        pdca, person, cycle_id = self.services.pdca, self.person, self.cycle_id
        if person is None:
            self._run("action", lambda: None)
            return

        def done(_action: Any) -> None:
            self.action_edit.clear()
            set_date(self.action_due_edit, None)
            self.action_edit.setFocus()
            self.message_bar.show_message("The action is added.", "info")
            self.load_quietly()

        self._run("action", lambda: pdca.add_action(person.id, cycle_id, text=text,
                                                    owner_id=owner_id, due_date=due), done)

    def set_action_done(self, action_id: int, done_flag: bool) -> None:
        pdca, person = self.services.pdca, self.person
        if person is None:
            self._run("done", lambda: None)
            return
        self._run("done", lambda: pdca.set_action_done(person.id, action_id, done_flag),
                  lambda _info: self.load_quietly())

    def save_check(self) -> None:
        text = self.check_edit.toPlainText()
        pdca, person, cycle_id, version = (self.services.pdca, self.person, self.cycle_id,
                                           self._version())
        if person is None:
            self._run("check", lambda: None)
            return
        self._run("check", lambda: pdca.record_check(person.id, cycle_id, text,
                                                     expected_version=version),
                  self._after_cycle_save("check", "The check result is saved."))

    def _decision_values(self) -> dict[str, Any] | None:
        chosen = next((d for d, b in self.decision_buttons.items() if b.isChecked()), None)
        if chosen is None:
            self.show_field_error("decision", "Choose adopt, adapt or abandon.")
            return None
        return {"decision": chosen, "standard_change": self.standard_edit.toPlainText(),
                "share_note": self.share_edit.toPlainText()}

    def save_decision(self) -> None:
        values = self._decision_values()
        if values is None:
            return
        pdca, person, cycle_id, version = (self.services.pdca, self.person, self.cycle_id,
                                           self._version())
        if person is None:
            self._run("decision", lambda: None)
            return
        self._run("decision", lambda: pdca.decide(person.id, cycle_id, **values,
                                                  expected_version=version),
                  self._after_cycle_save("decision", "The decision is saved; it applies when "
                                                     "the card moves to Done."))

    def save_and_close_cycle(self) -> None:
        """Record the decision, then move Act → Done (one worker task, two units of work)."""
        values = self._decision_values()
        if values is None:
            return
        pdca, person, cycle_id, version = (self.services.pdca, self.person, self.cycle_id,
                                           self._version())
        if person is None:
            self._run("move", lambda: None)
            return

        def work() -> CycleInfo:
            decided = pdca.decide(person.id, cycle_id, **values, expected_version=version)
            return pdca.move(person.id, cycle_id, PdcaStage.DONE,
                             expected_version=decided.version)

        def done(info: CycleInfo) -> None:
            if info.act_decision is ActDecision.ADAPT:
                message = (f"Cycle {info.number} is closed. Cycle {info.number + 1} starts in "
                           "Plan on the board, carrying the learning.")
            elif info.act_decision is ActDecision.ADOPT:
                message = "The cycle is closed and the idea is standardised."
            else:
                message = "The cycle is closed and the idea is abandoned."
            self.message_bar.show_message(message, "info")
            self.load_quietly()

        self._run("move", work, done)

    def load_quietly(self) -> None:
        """Read the cycle again after a save, keeping the tab and what is not yet saved."""
        services, cycle_id = self.services, self.cycle_id
        keep = self._unsaved()
        self._busy += 1

        def loaded(detail: CycleDetail) -> None:
            self._on_loaded(detail)
            self._restore_unsaved(keep)

        run_in_background(lambda: read_detail(services, cycle_id), on_success=loaded,
                          on_failure=self._on_load_failed, owner=self, name="cycle detail")

    def _texts(self) -> dict[str, Any]:
        return {
            "problem": self.problem_edit.toPlainText(),
            "whys": self.whys.whys(),
            "root": self.root_cause_edit.toPlainText(),
            "metric": self.metric_edit.text(),
            "from": self.from_edit.text(),
            "to": self.to_edit.text(),
            "by": self.by_edit.date(),
            "countermeasure": self.countermeasure_edit.toPlainText(),
            "check": self.check_edit.toPlainText(),
            "standard": self.standard_edit.toPlainText(),
            "share": self.share_edit.toPlainText(),
        }

    def _unsaved(self) -> dict[str, Any]:
        """What was typed and not saved, so a reload after another save keeps it."""
        if self.detail is None:
            return {}
        current = self._texts()
        saved_form = dict(current)
        # What the form shows for the cycle as saved: fill, read back, then put the typing back.
        self._fill_plan(self.detail.cycle)
        self.check_edit.setPlainText(self.detail.cycle.check_result)
        self._fill_act(self.detail.cycle)
        saved = self._texts()
        self._restore_unsaved(saved_form)
        return {key: value for key, value in current.items() if value != saved[key]}

    def _restore_unsaved(self, kept: dict[str, Any]) -> None:
        plain = {"problem": self.problem_edit, "root": self.root_cause_edit,
                 "countermeasure": self.countermeasure_edit, "check": self.check_edit,
                 "standard": self.standard_edit, "share": self.share_edit}
        lines = {"metric": self.metric_edit, "from": self.from_edit, "to": self.to_edit}
        for key, value in kept.items():
            if key in plain:
                plain[key].setPlainText(value)
            elif key in lines:
                lines[key].setText(value)
            elif key == "whys":
                self.whys.set_whys(value)
            elif key == "by":
                self.by_edit.setDate(value)

    def _on_root_cause_suggested(self, text: str) -> None:
        if not self.root_cause_edit.isReadOnly():
            self.root_cause_edit.setPlainText(text)
            self.root_cause_edit.setFocus()

    @property
    def busy(self) -> bool:
        return self._busy > 0 or self.saver.busy


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def _replace_cycle(detail: CycleDetail, cycle: CycleInfo) -> CycleDetail:
    return CycleDetail(cycle=cycle, suggestion=detail.suggestion, metrics=detail.metrics,
                       timing=detail.timing, audit=detail.audit, people=detail.people)
