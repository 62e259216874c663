"""Replications, horizon, warm-up and seed, with sensible defaults: 10 replications, a horizon
long enough for 10,000 cases and a warm-up of a tenth of it (kaizen/simulation/runner.py), seed
1. "Auto" leaves the horizon or the warm-up to the engine.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QSpinBox, QWidget

from kaizen.i18n import translate
from kaizen.simulation.runner import MAX_REPLICATIONS, RunOptions
from kaizen.ui.simulation.results_data import unit_plural

DEFAULT_REPLICATIONS = 10
DEFAULT_SEED = 1


class OptionsForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.replications = QSpinBox()
        self.replications.setRange(2, MAX_REPLICATIONS)
        self.replications.setValue(DEFAULT_REPLICATIONS)
        self.horizon = QDoubleSpinBox()
        self.horizon.setRange(0, 1e9)
        self.horizon.setDecimals(1)
        self.horizon.setSpecialValueText(translate(
            "ui.simulation.options_form", "Auto (10,000 cases)"))
        self.warmup = QDoubleSpinBox()
        self.warmup.setRange(-1, 1e9)
        self.warmup.setDecimals(1)
        self.warmup.setValue(-1)
        self.warmup.setSpecialValueText(translate("ui.simulation.options_form", "Auto (a tenth)"))
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setValue(DEFAULT_SEED)
        form.addRow(translate("ui.simulation.options_form", "Replications"), self.replications)
        form.addRow(translate("ui.simulation.options_form", "Horizon"), self.horizon)
        form.addRow(translate("ui.simulation.options_form", "Warm-up"), self.warmup)
        form.addRow(translate("ui.simulation.options_form", "Seed"), self.seed)

    def set_time_unit(self, unit: str) -> None:
        for box in (self.horizon, self.warmup):
            box.setSuffix(f" {unit_plural(unit)}")

    def options(self) -> RunOptions:
        horizon = self.horizon.value() or None
        warmup = None if self.warmup.value() < 0 else self.warmup.value()
        return RunOptions(replications=self.replications.value(), horizon=horizon,
                          warmup=warmup, seed=self.seed.value())

    def set_options(self, options: RunOptions) -> None:
        self.replications.setValue(options.replications)
        self.horizon.setValue(options.horizon or 0)
        self.warmup.setValue(-1 if options.warmup is None else options.warmup)
        self.seed.setValue(options.seed)
