"""The side panel: the selected step's properties (or the selected flow's probability), with
the parser's refusal shown in words beside the field at fault, and the step's linked
observations and ideas with "Log waste here" and "Suggest an idea here"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.enums import WasteCategory
from kaizen.domain.process_model import DISTRIBUTIONS, VALUE_TYPES, WASTE
from kaizen.i18n import translate
from kaizen.ui.process_map import style
from kaizen.ui.process_map.draft import check_step
from kaizen.ui.widgets.lazy_tabs import BuiltOnFirstUse

PARAMS = ("mean", "sd", "min", "mode", "max", "values")
TEXT_FIELDS = ("role", "inputs", "outputs")
NUMBER_FIELDS = ("resources", "wait_before", "pct_complete_accurate")


def field_label(key: str) -> str:
    """The form's label of a step field (the document's key)."""
    labels = {
        "name": translate("ui.process_map.step_panel", "Name"),
        "value": translate("ui.process_map.step_panel", "Value type"),
        "waste": translate("ui.process_map.step_panel", "Waste category"),
        "distribution": translate("ui.process_map.step_panel", "Duration"),
        "mean": translate("ui.process_map.step_panel", "Mean"),
        "sd": translate("ui.process_map.step_panel", "Std. deviation"),
        "min": translate("ui.process_map.step_panel", "Minimum"),
        "mode": translate("ui.process_map.step_panel", "Most likely"),
        "max": translate("ui.process_map.step_panel", "Maximum"),
        "values": translate("ui.process_map.step_panel", "Observed times"),
        "resources": translate("ui.process_map.step_panel", "Resources"),
        "wait_before": translate("ui.process_map.step_panel", "Wait before"),
        "pct_complete_accurate": translate("ui.process_map.step_panel", "% complete && accurate"),
        "role": translate("ui.process_map.step_panel", "Role"),
        "inputs": translate("ui.process_map.step_panel", "Inputs"),
        "outputs": translate("ui.process_map.step_panel", "Outputs"),
    }
    return labels[key]


def _number(text: str) -> Any:
    """A number when the text is one; otherwise the text, for the parser to refuse in words."""
    text = text.strip().replace(",", ".") if text.count(",") == 1 and "." not in text else text
    try:
        value = float(text)
    except ValueError:
        return text.strip() or None
    return int(value) if value.is_integer() else value


class StepPanel(BuiltOnFirstUse, QScrollArea):
    """``applied(old_name, step_dict)`` when a valid step edit is applied;
    ``flowApplied((from, to), probability)``; ``logWaste(name)``, ``suggestIdea(name)``."""

    applied = Signal(str, dict)
    flowApplied = Signal(tuple, object)
    logWaste = Signal(str)
    suggestIdea = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(320)
        body = QWidget()
        self.setWidget(body)
        column = QVBoxLayout(body)
        self.heading = QLabel(translate("ui.process_map.step_panel", "Select a step or a flow"))
        self.heading.setObjectName("SectionTitle")
        self.heading.setWordWrap(True)
        column.addWidget(self.heading)
        self.summary = QLabel("")
        self.summary.setObjectName("FieldError")
        self.summary.setStyleSheet("color: #B42318;")
        self.summary.setWordWrap(True)
        self.summary.hide()
        column.addWidget(self.summary)

        # The step's form (a dozen fields) is hidden until a step is picked: made then, or
        # when one of its parts is first read (issue 21: it was half the map page's first show).
        self._column = column
        self.build_later(self._build_step_box, ("step_box", "fields", "errors", "apply_button"))

        # So are the flow's form and the step's links (issue 21): hidden until a flow or a step
        # is picked.
        self.build_later(self._build_flow_box,
                         ("flow_box", "probability", "probability_error", "flow_apply"))
        self.build_later(self._build_links_box,
                         ("links_box", "links", "log_button", "idea_button"))
        column.addStretch(1)
        self.name = ""
        self.flow: tuple[str, str] | None = None
        self.show_nothing()

    def _place(self, *before: str) -> int:
        """Where a part made late goes in the column: under the heading and the summary, after
        the parts of ``before`` made so far (the order stays step, flow, links)."""
        return 2 + sum(1 for name in before if name in self.__dict__)

    def _build_flow_box(self) -> None:
        self.flow_box = QWidget()
        flow_form = QFormLayout(self.flow_box)
        self.probability = QLineEdit()
        self.probability.setPlaceholderText(translate(
            "ui.process_map.step_panel", "blank: the step's only flow"))
        self.probability_error = QLabel("")
        self.probability_error.setStyleSheet("color: #B42318;")
        self.probability_error.setWordWrap(True)
        flow_form.addRow(translate(
            "ui.process_map.step_panel", "Probability (0 to 1)"), self.probability)
        flow_form.addRow("", self.probability_error)
        self.flow_apply = QPushButton(translate("ui.process_map.step_panel", "Apply"))
        self.flow_apply.clicked.connect(self.apply_flow)
        flow_form.addRow("", self.flow_apply)
        self.flow_box.hide()  # shown by show_flow
        self._column.insertWidget(self._place("step_box"), self.flow_box)


    def _build_links_box(self) -> None:
        self.links_box = QWidget()
        links = QVBoxLayout(self.links_box)
        links.setContentsMargins(0, 8, 0, 0)
        links_title = QLabel(translate(
            "ui.process_map.step_panel", "Observations and ideas at this step"))
        links_title.setObjectName("SectionTitle")
        links.addWidget(links_title)
        self.links = QListWidget()
        self.links.setMinimumHeight(90)
        links.addWidget(self.links)
        # One above the other: side by side, the German and Spanish labels were wider than the
        # panel (and cut at its right edge).
        buttons = QVBoxLayout()
        self.log_button = QPushButton(translate("ui.process_map.step_panel", "Log waste here"))
        self.idea_button = QPushButton(translate(
            "ui.process_map.step_panel", "Suggest an idea here"))
        self.log_button.clicked.connect(lambda: self.logWaste.emit(self.name))
        self.idea_button.clicked.connect(lambda: self.suggestIdea.emit(self.name))
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.idea_button)
        links.addLayout(buttons)
        self.links_box.hide()  # shown by show_step
        self._column.insertWidget(self._place("step_box", "flow_box"), self.links_box)

    def _build_step_box(self) -> None:
        self.step_box = QWidget()
        form = QFormLayout(self.step_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.fields["name"] = QLineEdit()
        value = QComboBox()
        for v in VALUE_TYPES:
            value.addItem(style.value_label(v), v)
        value.currentIndexChanged.connect(self._sync_enabled)
        self.fields["value"] = value
        waste = QComboBox()
        for w in WasteCategory:
            waste.addItem(style.waste_word(w.value), w.value)
        self.fields["waste"] = waste
        dist = QComboBox()
        for d in DISTRIBUTIONS:
            dist.addItem(style.distribution_word(d), d)
        dist.currentIndexChanged.connect(self._sync_enabled)
        self.fields["distribution"] = dist
        for p in PARAMS:
            self.fields[p] = QLineEdit()
        self.fields["values"].setPlaceholderText(translate(
            "ui.process_map.step_panel", "e.g. 3, 4.5, 6"))
        for f in (*NUMBER_FIELDS, *TEXT_FIELDS):
            self.fields[f] = QLineEdit()
        for key, widget in self.fields.items():
            widget.setObjectName(f"field_{key}")
            error = QLabel("")
            error.setStyleSheet("color: #B42318;")
            error.setWordWrap(True)
            error.hide()
            self.errors[key] = error
            holder = QWidget()
            v = QVBoxLayout(holder)
            v.setContentsMargins(0, 0, 0, 0)
            v.setSpacing(2)
            v.addWidget(widget)
            v.addWidget(error)
            form.addRow(field_label(key), holder)
        self.apply_button = QPushButton(translate("ui.process_map.step_panel", "Apply"))
        self.apply_button.setObjectName("PrimaryButton")
        self.apply_button.clicked.connect(self.apply)
        form.addRow("", self.apply_button)
        self.step_box.hide()  # shown by show_step
        self._column.insertWidget(2, self.step_box)  # under the heading and the summary

    # --- what is shown ----------------------------------------------------------------------

    def show_nothing(self) -> None:
        self.name, self.flow = "", None
        self.heading.setText(translate(
            "ui.process_map.step_panel", "Select a step or a flow to see its properties"))
        for name in ("step_box", "flow_box", "links_box"):
            box = self.__dict__.get(name)
            if box is not None:  # else not made yet, so not shown
                box.hide()
        self.summary.hide()

    def show_step(self, step: dict[str, Any], links: list[str], *, linkable: bool) -> None:
        self.name, self.flow = step["name"], None
        self.heading.setText(translate(
            "ui.process_map.step_panel", "Step \"{name}\"").format(name=step["name"]))
        if "flow_box" in self.__dict__:  # else not made yet, so not shown
            self.flow_box.hide()
        self.step_box.show()
        self.links_box.show()
        self._clear_errors()
        f = self.fields
        f["name"].setText(step["name"])
        f["value"].setCurrentIndex(max(0, f["value"].findData(step.get("value"))))
        waste = (step.get("waste") or "").replace("-", "_")
        # Blank for a step that is not waste (a category there would read as a claim).
        f["waste"].setCurrentIndex(f["waste"].findData(waste) if waste else -1)
        duration = step.get("duration") or {}
        f["distribution"].setCurrentIndex(max(0, f["distribution"].findData(
            duration.get("distribution", "fixed"))))
        for p in PARAMS:
            raw = duration.get(p)
            text = ", ".join(style.number(v) for v in raw) if p == "values" and raw else (
                "" if raw is None else style.number(raw) if isinstance(raw, int | float)
                else str(raw))
            f[p].setText(text)
        for key in NUMBER_FIELDS:
            raw = step.get(key)
            f[key].setText("" if raw is None else style.number(raw)
                           if isinstance(raw, int | float) else str(raw))
        for key in TEXT_FIELDS:
            f[key].setText(step.get(key) or "")
        self.links.clear()
        self.links.addItems(links or [translate("ui.process_map.step_panel", "Nothing linked yet")])
        self.log_button.setEnabled(linkable)
        self.idea_button.setEnabled(linkable)
        tip = "" if linkable else translate(
            "ui.process_map.step_panel", "Save the map first: the step needs its row to link to")
        self.log_button.setToolTip(tip)
        self.idea_button.setToolTip(tip)
        self._sync_enabled()

    def show_flow(self, key: tuple[str, str], probability: float | None) -> None:
        self.name, self.flow = "", key
        self.heading.setText(translate(
            "ui.process_map.step_panel", "Flow \"{source}\" to \"{target}\"").format(
            source=key[0], target=key[1]))
        if "step_box" in self.__dict__:  # else not made yet, so not shown
            self.step_box.hide()
        if "links_box" in self.__dict__:
            self.links_box.hide()
        self.flow_box.show()
        self.summary.hide()
        self.probability_error.setText("")
        self.probability.setText("" if probability is None else style.number(probability))

    def _sync_enabled(self) -> None:
        f = self.fields
        is_waste = f["value"].currentData() == WASTE
        f["waste"].setEnabled(is_waste)
        if is_waste and f["waste"].currentIndex() < 0:
            f["waste"].setCurrentIndex(0)
        needed = DISTRIBUTIONS.get(f["distribution"].currentData(), ())
        for p in PARAMS:
            f[p].setEnabled(p in needed)

    # --- applying ---------------------------------------------------------------------------

    def step_dict(self) -> dict[str, Any]:
        f = self.fields
        kind = f["distribution"].currentData()
        duration: dict[str, Any] = {"distribution": kind}
        for p in DISTRIBUTIONS[kind]:
            text = f[p].text()
            if p == "values":
                duration[p] = [_number(t) for t in text.replace(";", ",").split(",")
                               if t.strip()] if text.strip() else []
            else:
                duration[p] = _number(text)
        value = f["value"].currentData()
        step: dict[str, Any] = {
            "name": f["name"].text().strip(), "value": value,
            "waste": f["waste"].currentData() if value == WASTE else None,
            "duration": duration,
        }
        for key in NUMBER_FIELDS:
            parsed = _number(f[key].text())
            if parsed is not None:
                step[key] = parsed
        for key in TEXT_FIELDS:
            step[key] = f[key].text().strip() or None
        return step

    def apply(self) -> None:
        """Check the step alone with the parser; show its refusal, or emit ``applied``."""
        step = self.step_dict()
        self._clear_errors()
        error = check_step(step)
        if error is not None:
            self.show_error(error.message, error.field or "")
            return
        self.applied.emit(self.name, step)

    def show_error(self, message: str, field: str) -> None:
        """Show a refusal beside its field (``steps[0].duration.max`` -> the Maximum field)."""
        key = field.split("].", 1)[1] if "]." in field else field
        key = key.split(".")[-1] if key.startswith("duration.") else key
        if key == "duration":
            key = "distribution"
        label = self.errors.get(key)
        self.summary.setText(message)
        self.summary.show()
        if label is not None:
            label.setText(message)
            label.show()
            self.fields[key].setFocus()

    def _clear_errors(self) -> None:
        self.summary.hide()
        for label in self.errors.values():
            label.hide()

    def apply_flow(self) -> None:
        text = self.probability.text().strip()
        if not text:
            value = None
        else:
            value = _number(text)
            if not isinstance(value, int | float) or not 0 < value <= 1:
                self.probability_error.setText(translate(
                    "ui.process_map.step_panel",
                    "The probability must be a number above 0 and at most 1 (blank: the step's "
                    "only flow)."))
                return
            value = float(value)
        self.probability_error.setText("")
        assert self.flow is not None
        self.flowApplied.emit(self.flow, value)
