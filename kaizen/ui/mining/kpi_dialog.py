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
from kaizen.i18n import translate
from kaizen.services import Services
from kaizen.services.kpi_from_log import SERIES
from kaizen.services.processes import ProcessInfo
from kaizen.ui.admin.dialog import AdminDialog


def measures() -> dict[str, str]:
    """The measures a series can be made of, by the service's key, in words."""
    return {"lead_time": translate("ui.mining.kpi_dialog", "Lead time (median, hours)"),
            "throughput": translate("ui.mining.kpi_dialog", "Throughput (cases a day)"),
            "rework_rate": translate("ui.mining.kpi_dialog", "Rework rate (% of cases)"),
            "cases": translate("ui.mining.kpi_dialog", "Cases completed")}


def periods() -> dict[str, str]:
    return {"month": translate("ui.mining.kpi_dialog", "Per month"),
            "week": translate("ui.mining.kpi_dialog", "Per week")}


def default_name(measure: str) -> str:
    """The name the service gives the series when none is typed (shown as the placeholder)."""
    names = {"lead_time": translate("ui.mining.kpi_dialog", "Lead time"),
             "throughput": translate("ui.mining.kpi_dialog", "Throughput"),
             "rework_rate": translate("ui.mining.kpi_dialog", "Rework rate"),
             "cases": translate("ui.mining.kpi_dialog", "Cases completed")}
    return names.get(measure, SERIES[measure][1])


class LogKpiDialog(AdminDialog):
    def __init__(self, services: Services, person_id: int, log_name: str,
                 processes: Sequence[ProcessInfo], parent: QWidget | None = None) -> None:
        super().__init__(
            title=translate("ui.mining.kpi_dialog", "Make a KPI series"),
            heading=translate("ui.mining.kpi_dialog", "KPI points from the log '{log}'").format(
                log=log_name),
            text=translate(
                "ui.mining.kpi_dialog",
                "A case counts in the week or month it ends. Deriving again replaces the points "
                "this log gave before for the same periods."),
            icon_name="mdi6.chart-line",
            save_text=translate("ui.mining.kpi_dialog", "Add the points"), parent=parent)
        self.services, self.person_id, self.log_name = services, person_id, log_name
        self.process = QComboBox()
        for info in processes:
            self.process.addItem(info.name, info.id)
        self.measure = QComboBox()
        for key, label in measures().items():
            self.measure.addItem(label, key)
        self.period = QComboBox()
        for key, label in periods().items():
            self.period.addItem(label, key)
        self.series = QLineEdit()
        self.series.setPlaceholderText(default_name("lead_time"))
        self.measure.currentIndexChanged.connect(
            lambda _i: self.series.setPlaceholderText(default_name(self.measure.currentData())))
        for field, label, widget in (  # the service's field name, its label, its editor
                ("process", translate("ui.mining.kpi_dialog", "Process"), self.process),
                ("measure", translate("ui.mining.kpi_dialog", "Measure"), self.measure),
                ("period", translate("ui.mining.kpi_dialog", "Period"), self.period),
                ("series", translate("ui.mining.kpi_dialog", "KPI series"), self.series)):
            self.form.add_field(field, label, widget)
        self.finish()

    def collect(self) -> Any:
        process_id = self.process.currentData()
        if process_id is None:
            raise ValidationError(
                translate("ui.mining.kpi_dialog", "Map a process first: the KPI belongs to one."),
                field="process")
        measure, period = self.measure.currentData(), self.period.currentData()
        name = self.series.text().strip() or None
        service, person, log = self.services.kpi_from_log, self.person_id, self.log_name
        return lambda: service.derive(person, int(process_id), log, measure=measure,
                                      period=period, series_name=name)

