"""The filter panel: activity and path sliders, a time window, one variant, one resource.

Each control emits :attr:`FiltersPanel.changed` once the user lets go (sliders do not track while
dragging); the view then re-runs the analysis in a worker with :meth:`FiltersPanel.spec`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, Qt, QTimeZone, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from kaizen.i18n import translate
from kaizen.mining.discovery import Variant
from kaizen.ui.mining.analysis import FilterSpec
from kaizen.ui.mining.text import count, share

MAX_VARIANTS_LISTED = 200


class FiltersPanel(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FiltersPanel")
        self._quiet = False
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)

        self.activities_label = QLabel()
        self.activities = self._slider("activities")
        self.paths_label = QLabel()
        self.paths = self._slider("paths")
        for label, slider in ((self.activities_label, self.activities),
                              (self.paths_label, self.paths)):
            column.addWidget(label)
            column.addWidget(slider)
        self._label_sliders()

        self.window_box = QCheckBox(translate(
            "ui.mining.filters_panel", "Only cases within a time window"))
        self.window_box.toggled.connect(self._on_window_toggled)
        column.addSpacing(6)
        column.addWidget(self.window_box)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        self.window_from = self._date_edit()
        self.window_to = self._date_edit()
        form.addRow(translate("ui.mining.filters_panel", "From"), self.window_from)
        form.addRow(translate("ui.mining.filters_panel", "To"), self.window_to)
        column.addLayout(form)

        column.addSpacing(6)
        column.addWidget(QLabel(translate("ui.mining.filters_panel", "Variant")))
        self.variant = QComboBox()
        self.variant.setObjectName("VariantFilter")
        self.variant.currentIndexChanged.connect(self._emit)
        column.addWidget(self.variant)
        column.addWidget(QLabel(translate("ui.mining.filters_panel", "Resource")))
        self.resource = QComboBox()
        self.resource.setObjectName("ResourceFilter")
        self.resource.currentIndexChanged.connect(self._emit)
        column.addWidget(self.resource)

        column.addSpacing(6)
        self.reset_button = QPushButton(translate("ui.mining.filters_panel", "Reset filters"))
        self.reset_button.clicked.connect(self.reset)
        column.addWidget(self.reset_button)
        column.addStretch(1)
        self._on_window_toggled(False)

    def _slider(self, name: str) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setObjectName(f"{name.capitalize()}Slider")
        slider.setRange(0, 100)
        slider.setValue(100)
        slider.setTracking(False)  # one analysis when the user lets go, not one per pixel
        slider.valueChanged.connect(self._label_sliders)
        slider.valueChanged.connect(self._emit)
        slider.sliderMoved.connect(self._label_sliders)
        return slider

    def _date_edit(self) -> QDateTimeEdit:
        edit = QDateTimeEdit()
        edit.setTimeZone(QTimeZone.utc())
        edit.setDisplayFormat("yyyy-MM-dd HH:mm 'UTC'")  # i18n: no (ISO, as the log writes it)
        edit.setCalendarPopup(True)
        edit.editingFinished.connect(self._emit)
        return edit

    def _label_sliders(self, *_args: object) -> None:
        self.activities_label.setText(translate(
            "ui.mining.filters_panel", "Activities: the most frequent {percent}%")
                                      .format(percent=self.activities.sliderPosition()))
        self.paths_label.setText(translate(
            "ui.mining.filters_panel", "Paths: the most frequent {percent}%")
                                 .format(percent=self.paths.sliderPosition()))

    def _on_window_toggled(self, on: bool) -> None:
        self.window_from.setEnabled(on)
        self.window_to.setEnabled(on)
        self._emit()

    def _emit(self, *_args: object) -> None:
        if not self._quiet:
            self.changed.emit()

    # --- options and state -----------------------------------------------------------------

    def set_options(self, variants: list[Variant], resources: tuple[str, ...],
                    first_ns: int, last_ns: int) -> None:
        """Fill the choices from the whole log (so picking one never hides the others)."""
        self._quiet = True
        try:
            self.variant.clear()
            self.variant.addItem(translate("ui.mining.filters_panel", "All variants"), None)
            for number, found in enumerate(variants[:MAX_VARIANTS_LISTED], start=1):
                self.variant.addItem(
                    translate(
                        "ui.mining.filters_panel",
                        "Variant {number}: {cases} cases ({share}), {steps} steps").format(
                        number=number, cases=count(found.cases), share=share(found.share),
                        steps=len(found.activities)), found.activities)
                self.variant.setItemData(number, " \u2192 ".join(found.activities),
                                         Qt.ItemDataRole.ToolTipRole)
            self.resource.clear()
            self.resource.addItem(translate("ui.mining.filters_panel", "All resources"), None)
            for name in resources:
                self.resource.addItem(name, name)
            self.resource.setEnabled(bool(resources))
            for edit in (self.window_from, self.window_to):
                edit.setDateTimeRange(_qdt(first_ns), _qdt(last_ns))
            self.window_from.setDateTime(_qdt(first_ns))
            self.window_to.setDateTime(_qdt(last_ns))
            self.activities.setValue(100)
            self.paths.setValue(100)
            self.window_box.setChecked(False)
        finally:
            self._quiet = False

    def reset(self) -> None:
        self._quiet = True
        try:
            self.activities.setValue(100)
            self.paths.setValue(100)
            self.window_box.setChecked(False)
            self.variant.setCurrentIndex(0)
            self.resource.setCurrentIndex(0)
        finally:
            self._quiet = False
        self.changed.emit()

    def spec(self) -> FilterSpec:
        start = end = None
        if self.window_box.isChecked():
            start = self.window_from.dateTime().toMSecsSinceEpoch() * 1_000_000
            # The minute shown is inclusive: up to its last nanosecond.
            end = self.window_to.dateTime().toMSecsSinceEpoch() * 1_000_000 + 59_999_999_999
        variant = self.variant.currentData()
        return FilterSpec(activities_pct=float(self.activities.value()),
                          paths_pct=float(self.paths.value()), start_ns=start, end_ns=end,
                          variant=tuple(variant) if variant else None,
                          resource=self.resource.currentData())


def _qdt(ns: int) -> QDateTime:
    moment = datetime.fromtimestamp(ns / 1e9, UTC).replace(second=0, microsecond=0)
    return QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000), QTimeZone.utc())
