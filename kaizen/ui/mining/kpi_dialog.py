""""Make a KPI series…" on the mining screen: the log's lead time, throughput, rework rate or
case count per week or month, written to a KPI series of a process, so its KPI chart shows
whether an improvement holds.

It saves through the one save mechanism (the admin dialog frame's :class:`FormSaver`), calling
:meth:`kaizen.services.kpi_from_log.KpiFromLogService.derive` in a worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from kaizen.domain.errors import ValidationError
from kaizen.services import Services
from kaizen.services.kpi_from_log import SERIES
from kaizen.services.processes import ProcessInfo
from kaizen.ui.admin.dialog import AdminDialog

MEASURES = {"lead_time": "Lead time (median, hours)", "throughput": "Throughput (cases a day)",
            "rework_rate": "Rework rate (% of cases)", "cases": "Cases completed"}
PERIODS = {"month": "Per month", "week": "Per week"}


class LogKpiDialog(AdminDialog):
    def __init__(self, services: Services, person_id: int, log_name: str,
                 processes: Sequence[ProcessInfo], parent: QWidget | None = None) -> None:
        super().__init__(
            title="Make a KPI series", heading=f"KPI points from the log '{log_name}'",
            text="A case counts in the week or month it ends. Deriving again replaces the "
                 "points this log gave before for the same periods.",
            icon_name="mdi6.chart-line", save_text="Add the points", parent=parent)
        self.services, self.person_id, self.log_name = services, person_id, log_name
        self.process = QComboBox()
        for info in processes:
            self.process.addItem(info.name, info.id)
        self.measure = QComboBox()
        for key, label in MEASURES.items():
            self.measure.addItem(label, key)
        self.period = QComboBox()
        for key, label in PERIODS.items():
            self.period.addItem(label, key)
        self.series = QLineEdit()
        self.series.setPlaceholderText(SERIES["lead_time"][1])
        self.measure.currentIndexChanged.connect(
            lambda _i: self.series.setPlaceholderText(SERIES[self.measure.currentData()][1]))
        self.form.add_field("process", "Process", self.process)
        self.form.add_field("measure", "Measure", self.measure)
        self.form.add_field("period", "Period", self.period)
        self.form.add_field("series", "KPI series", self.series)
        self.finish()

    def collect(self) -> Any:
        process_id = self.process.currentData()
        if process_id is None:
            raise ValidationError("Map a process first: the KPI belongs to one.", "process")
        measure, period = self.measure.currentData(), self.period.currentData()
        name = self.series.text().strip() or None
        service, person, log = self.services.kpi_from_log, self.person_id, self.log_name
        return lambda: service.derive(person, int(process_id), log, measure=measure,
                                      period=period, series_name=name)
