"""The Do tab: the actions table (tick when done; overdue ones in red) and a row to add one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHeaderView, QLineEdit, QPushButton, QWidget

from kaizen.i18n import translate
from kaizen.ui import resources
from kaizen.ui.board.cycle.parts import caption, error_line, tab_layout, table
from kaizen.ui.board.models import A_DONE, A_DUE, A_OWNER, A_TEXT, ActionsTableModel
from kaizen.ui.form_op import Refusals
from kaizen.ui.widgets.dates import date_edit, date_value, set_date

if TYPE_CHECKING:
    from kaizen.services.pdca import ActionInfo
    from kaizen.services.people import PersonInfo

DUE_WIDTH = 200


class DoTab(QWidget):
    """``addRequested`` for Add action (or Enter in its text); ``doneToggled(id, done)`` when an
    action's box is ticked."""

    addRequested = Signal()
    doneToggled = Signal(int, bool)

    def __init__(self, refusals: Refusals) -> None:
        super().__init__()
        column = tab_layout(self, 8)
        self._summary = ""
        self.do_note = caption("", "TabNote")
        column.addWidget(self.do_note)
        self.actions_model = ActionsTableModel(self)
        self.actions_model.doneToggled.connect(self.doneToggled)
        self.actions_table = table(self.actions_model)
        header = self.actions_table.horizontalHeader()
        header.setSectionResizeMode(A_DONE, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(A_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(A_OWNER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(A_DUE, QHeaderView.ResizeMode.Interactive)
        # The header's word decides the width ("Erledigt" is longer than "Done").
        self.actions_table.setColumnWidth(A_DONE, max(64, header.sectionSizeHint(A_DONE)))
        self.actions_table.setColumnWidth(A_OWNER, 150)
        self.actions_table.setColumnWidth(A_DUE, DUE_WIDTH)
        self.actions_table.setIconSize(QSize(16, 16))
        column.addWidget(self.actions_table, 1)
        self.actions_empty = caption(translate(
            "ui.board.cycle.do_tab",
            "No actions yet. Add what has to be done to carry out the countermeasure; the cycle "
            "moves on to Check when every action is done."), "TabNote")
        column.addWidget(self.actions_empty)

        column.addWidget(caption(translate(
            "ui.board.cycle.do_tab", "Add an action"), "SectionTitle"))
        add = QGridLayout()
        add.setHorizontalSpacing(8)
        add.setVerticalSpacing(2)
        self.action_edit = QLineEdit()
        self.action_edit.setPlaceholderText(translate(
            "ui.board.cycle.do_tab", "What has to be done"))
        self.action_edit.returnPressed.connect(self.addRequested)
        self.action_owner_combo = QComboBox()
        self.action_owner_combo.setMinimumWidth(160)
        self.action_owner_combo.addItem(translate("ui.board.cycle.do_tab", "No owner"), None)
        self.action_due_edit = date_edit(field="due_date", label=translate(
            "ui.board.cycle.do_tab", "Due"))
        self.add_action_button = QPushButton(translate("ui.board.cycle.do_tab", "Add action"))
        self.add_action_button.setObjectName("PrimaryButton")
        self.add_action_button.setIcon(resources.icon("mdi6.plus", "#ffffff"))
        self.add_action_button.clicked.connect(self.addRequested)
        for col, (text, widget, field) in enumerate((
            (translate("ui.board.cycle.do_tab", "Action"), self.action_edit, "text"),
            (translate("ui.board.cycle.do_tab", "Owner"), self.action_owner_combo, "owner_id"),
            (translate("ui.board.cycle.do_tab", "Due"), self.action_due_edit, "due_date"),
        )):
            add.addWidget(caption(text, "FieldHint"), 0, col)
            add.addWidget(widget, 1, col)
            add.addWidget(error_line(refusals, field, widget), 2, col)
        add.addWidget(self.add_action_button, 1, 3)
        add.setColumnStretch(0, 1)
        column.addLayout(add)

    def fill(self, actions: list[ActionInfo], people: list[PersonInfo]) -> None:
        self.actions_model.set_rows(actions)
        # Wide enough for "30 Nov 2026 · overdue" in the language shown, never narrower.
        self.actions_table.setColumnWidth(
            A_DUE, max(DUE_WIDTH, self.actions_table.sizeHintForColumn(A_DUE)))
        self.actions_empty.setVisible(not actions)
        chosen = self.action_owner_combo.currentData()
        self.action_owner_combo.clear()
        self.action_owner_combo.addItem(translate("ui.board.cycle.do_tab", "No owner"), None)
        for person in people:
            self.action_owner_combo.addItem(person.name, person.id)
        self.action_owner_combo.setCurrentIndex(max(self.action_owner_combo.findData(chosen), 0)
                                                if chosen is not None else 0)
        overdue = sum(1 for a in actions if a.overdue)
        done = sum(1 for a in actions if a.done_at)
        text = translate("ui.board.cycle.do_tab", "{done} of {count} actions done.").format(
            done=done, count=len(actions)) if actions else ""
        if overdue:
            text += " " + translate(
                "ui.board.cycle.do_tab", "{count} overdue (in red).").format(count=overdue)
        self._summary = text.strip()

    def values(self) -> dict[str, Any]:
        """The new action as ``PdcaService.add_action`` takes it."""
        return {"text": self.action_edit.text(), "owner_id": self.action_owner_combo.currentData(),
                "due_date": date_value(self.action_due_edit)}

    def clear_new(self) -> None:
        self.action_edit.clear()
        set_date(self.action_due_edit, None)
        self.action_edit.setFocus()

    def set_state(self, *, is_open: bool, actions_open: bool, may_edit: bool,
                  person_picked: bool) -> None:
        self.actions_model.editable = bool(actions_open and person_picked)
        for widget in (self.action_edit, self.action_owner_combo, self.action_due_edit,
                       self.add_action_button):
            widget.setEnabled(actions_open and may_edit)
        summary = self._summary
        if is_open and not actions_open:
            summary += " " + translate(
                "ui.board.cycle.do_tab",
                "Actions change in Plan or Do; move the card back to Do to change them.")
        self.do_note.setText(summary.strip())
        self.do_note.setVisible(bool(summary.strip()))
