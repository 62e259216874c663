"""Build a scenario's list of changes: pick a kind (remove a step, add resources, shorten a
duration, reroute, change the demand), its step and its amount, and Add; the list below shows
each change in words, and Remove takes the selected one out. Emits ``changed`` with the list.

The amount is typed into a :class:`~kaizen.ui.widgets.numbers.NumberEdit` (issue 15: the one
editor of a typed number, read as the language writes numbers); Add refuses an amount that is
not a whole number in the kind's range, under the buttons, naming the field, and adds nothing.

The changes are kaizen/simulation/scenario.py's dataclasses; a reroute is built against the
model as changed so far (the share sent to the new target is taken from the step's other
flows in proportion).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.errors import ValidationError
from kaizen.domain.numbers import format_number
from kaizen.domain.process_model import END, ProcessModel
from kaizen.i18n import translate
from kaizen.simulation.change_doc import describe
from kaizen.simulation.scenario import (
    AddResources,
    Change,
    RemoveStep,
    Reroute,
    ScaleDemand,
    ScaleDuration,
)
from kaizen.ui.widgets.form import ClearOnEdit, ErrorLabel
from kaizen.ui.widgets.numbers import NumberEdit

REMOVE, RESOURCES, SHORTEN, REROUTE, DEMAND = range(5)


def kind_labels() -> list[str]:
    """The kinds of change, in the order of REMOVE … DEMAND."""
    return [translate("ui.simulation.changes_editor", "Remove a step"), translate(
        "ui.simulation.changes_editor", "Add resources"),
            translate("ui.simulation.changes_editor", "Shorten a duration"), translate(
                "ui.simulation.changes_editor", "Reroute"),
            translate("ui.simulation.changes_editor", "Change the demand")]


def _amount(kind: int) -> tuple[str, str, int, int, int] | None:
    """Per kind: the amount's label, unit, range (whole numbers) and default (None: no
    amount)."""
    return {
        REMOVE: None,
        RESOURCES: (translate(
            "ui.simulation.changes_editor", "Resources to add"), "", 1, 1000, 1),
        SHORTEN: (translate("ui.simulation.changes_editor", "Shorter by"), "%", 1, 99, 20),
        REROUTE: (translate(
            "ui.simulation.changes_editor", "Share sent there"), "%", 1, 100, 25),
        DEMAND: (translate(
            "ui.simulation.changes_editor", "Demand change"), "%", -90, 1000, 20),
    }[kind]


class ChangesEditor(QWidget):
    changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._changes: list[Change] = []
        self._model: ProcessModel | None = None
        self._model_so_far: Callable[[], ProcessModel | None] = lambda: self._model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kind = QComboBox()
        self.kind.addItems(kind_labels())
        self.step = QComboBox()
        self.target = QComboBox()
        self.amount = NumberEdit()
        self.amount.setFixedWidth(120)
        form.addRow(translate("ui.simulation.changes_editor", "Change"), self.kind)
        form.addRow(translate("ui.simulation.changes_editor", "Step"), self.step)
        form.addRow(translate("ui.simulation.changes_editor", "To"), self.target)
        form.addRow(translate("ui.simulation.changes_editor", "Amount"), self.amount)
        self._form = form
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(translate("ui.simulation.changes_editor", "Add change"))
        self.remove_button = QPushButton(translate("ui.simulation.changes_editor", "Remove"))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.error = ErrorLabel()
        ClearOnEdit(self.error, self.amount)
        layout.addWidget(self.error)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMinimumHeight(72)
        self.list.setMaximumHeight(96)
        layout.addWidget(self.list)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.add_button.clicked.connect(self.add_current)
        self.remove_button.clicked.connect(self.remove_selected)
        self._kind_changed(self.kind.currentIndex())

    # --- the model and the list ---------------------------------------------------------------

    def set_model(self, model: ProcessModel | None,
                  so_far: Callable[[], ProcessModel | None] | None = None) -> None:
        """The map's model (steps to pick); ``so_far`` gives the model with the changes made."""
        self._model = model
        self._model_so_far = so_far or (lambda: self._model)
        names = [s.name for s in model.steps] if model else []
        self.step.clear()
        self.step.addItems(names)
        self.target.clear()
        for name in names:
            self.target.addItem(name, name)
        self.target.addItem(translate("ui.simulation.changes_editor", "end"), END)
        self.set_changes([])

    def changes(self) -> list[Change]:
        return list(self._changes)

    def set_changes(self, changes: list[Change]) -> None:
        self._changes = list(changes)
        self.list.clear()
        self.list.addItems([describe(c) for c in self._changes])
        self.remove_button.setEnabled(bool(self._changes))
        self.changed.emit(self.changes())

    # --- editing -------------------------------------------------------------------------------

    def _kind_changed(self, kind: int) -> None:
        amount = _amount(kind)
        self._form.setRowVisible(self.step, kind != DEMAND)
        self._form.setRowVisible(self.target, kind == REROUTE)
        self._form.setRowVisible(self.amount, amount is not None)
        self.error.show_message("")
        if amount is not None:
            label, unit, _low, _high, default = amount
            self._form.labelForField(self.amount).setText(label)
            self.amount.set_unit(unit)
            self.amount.set_value(default)

    def amount_value(self) -> float:
        """The typed amount of the chosen kind (0 when it has none); ValidationError naming the
        field ("amount") when it is not a whole number in the kind's range."""
        amount = _amount(self.kind.currentIndex())
        if amount is None:
            return 0.0
        label, _unit, low, high, _default = amount
        value = self.amount.read("amount", label) or 0.0
        if not (low <= value <= high and value == int(value)):
            raise ValidationError(translate(
                "ui.simulation.changes_editor", "{label} must be a whole number from {low} to "
                "{high}.").format(label=label, low=format_number(low),
                                  high=format_number(high)), "amount")
        return value

    def current_change(self) -> Change | None:
        """The change the fields describe (None: no step to apply it to); ValidationError
        when the amount is refused (:meth:`amount_value`)."""
        kind = self.kind.currentIndex()
        step = self.step.currentText()
        value = self.amount_value()
        if kind == DEMAND:
            return ScaleDemand(1.0 + value / 100.0)
        if not step:
            return None
        if kind == REMOVE:
            return RemoveStep(step)
        if kind == RESOURCES:
            return AddResources(step, int(value))
        if kind == SHORTEN:
            return ScaleDuration(step, 1.0 - value / 100.0)
        return self._reroute(step, self.target.currentData() or "", value / 100.0)

    def _reroute(self, source: str, target: str, share: float) -> Change | None:
        model = self._model_so_far()
        if model is None or not target:
            return None
        out: dict[str, float] = {}
        for flow in model.flows:
            if flow.source == source and flow.target != target:
                out[flow.target] = out.get(flow.target, 0.0) + flow.chance
        rest = sum(out.values())
        targets = {t: (1.0 - share) * p / rest for t, p in out.items()} if rest else {}
        targets = {t: p for t, p in targets.items() if p > 0}
        targets[target] = share if targets else 1.0
        return Reroute(source, targets)

    def add_current(self) -> None:
        try:
            change = self.current_change()
        except ValidationError as refused:
            self.error.show_message(str(refused))
            self.amount.setFocus()
            self.amount.selectAll()
            return
        self.error.show_message("")
        if change is not None:
            self.set_changes(self._changes + [change])

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            row = len(self._changes) - 1
        if 0 <= row < len(self._changes):
            self.set_changes(self._changes[:row] + self._changes[row + 1:])
