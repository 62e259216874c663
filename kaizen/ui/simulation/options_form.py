"""Replications, horizon, warm-up and seed, with sensible defaults: 10 replications, a horizon
long enough for 10,000 cases and a warm-up of a tenth of it (kaizen/simulation/runner.py), seed
1. "Auto" leaves the horizon or the warm-up to the engine.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QSpinBox, QWidget

from kaizen.simulation.runner import MAX_REPLICATIONS, RunOptions

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
        self.horizon.setSpecialValueText("Auto (10,000 cases)")
        self.warmup = QDoubleSpinBox()
        self.warmup.setRange(-1, 1e9)
        self.warmup.setDecimals(1)
        self.warmup.setValue(-1)
        self.warmup.setSpecialValueText("Auto (a tenth)")
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setValue(DEFAULT_SEED)
        form.addRow("Replications", self.replications)
        form.addRow("Horizon", self.horizon)
        form.addRow("Warm-up", self.warmup)
        form.addRow("Seed", self.seed)

    def set_time_unit(self, unit: str) -> None:
        for box in (self.horizon, self.warmup):
            box.setSuffix(f" {unit}s")

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
