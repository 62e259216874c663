"""The KPIs of a process, in a tab of the process maps page: its series, the chosen one charted
over time with its control-limit phases (:func:`kaizen.charts.kpi.kpi_figure` over
``KpiService.chart``), the process's signals ("improvement not holding", "new bottleneck") and
points pasted from a spreadsheet or imported from a CSV file of ``at,value`` rows
(:mod:`kaizen.services.kpi_import`; read in a worker). Its writes (a series, pasted points, a
CSV import) go through one :class:`~kaizen.ui.form_op.FormSaver`: a refused paste is shown under
the paste box, other refusals on the tab's message line, with Retry when the server is away."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.errors import KaizenError
from kaizen.domain.kpis import KpiKind
from kaizen.domain.numbers import format_number
from kaizen.i18n import translate
from kaizen.ui import worker
from kaizen.ui.charts import ChartWidget
from kaizen.ui.form_op import FormSaver, Refusals
from kaizen.ui.process_map.message_line import MessageLine
from kaizen.ui.widgets.form import ErrorLabel

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.kpis import ProcessSignal, SeriesInfo
    from kaizen.services.people import PersonInfo

SERIES_ROLE = Qt.ItemDataRole.UserRole


class KpiTab(QWidget):
    """``loaded()`` after the series and signals of a process arrive."""

    loaded = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.person: PersonInfo | None = None
        self.process_id: int | None = None
        self._loads = worker.Latest()
        self.series: list[SeriesInfo] = []
        self.signals: list[ProcessSignal] = []
        self.signal_label = QLabel("")
        self.signal_label.setWordWrap(True)
        self.signal_label.setTextFormat(Qt.TextFormat.PlainText)
        self.signal_label.setStyleSheet("color: #B42318; font-weight: 600;")
        self.signal_label.hide()
        self.list = QListWidget()
        self.list.currentItemChanged.connect(self._on_series)
        self.kind_box = QComboBox()
        for kind in KpiKind:
            if kind is not KpiKind.CUSTOM:
                self.kind_box.addItem(kind.label, kind.value)
        self.add_series_button = QPushButton(translate("ui.process_map.kpi_tab", "Add series"))
        self.add_series_button.clicked.connect(self.add_series)
        self.paste = QPlainTextEdit()
        self.paste.setPlaceholderText(translate("ui.process_map.kpi_tab", "Paste "
                                                "two columns from a spreadsheet: time, value"))
        self.paste.setMaximumHeight(110)
        self.paste_button = QPushButton(translate("ui.process_map.kpi_tab", "Add pasted points"))
        self.paste_button.clicked.connect(self.paste_points)
        self.import_button = QPushButton(translate("ui.process_map.kpi_tab", "Import CSV\u2026"))
        self.import_button.setObjectName("KpiImportButton")
        self.import_button.setToolTip(translate(
            "ui.process_map.kpi_tab",
            "Points from a CSV file: a time and a value per row (at,value; a header is optional)"))
        self.import_button.clicked.connect(self.choose_csv)
        self.paste_error = ErrorLabel()
        self.message_line = MessageLine()
        self.message = self.message_line.label
        refusals = Refusals(message=self.message_line.refusal)
        refusals.add_label("text", self.paste_error, self.paste)
        self.saver = FormSaver(self, refusals, what="the KPI points", reload=self._reload)
        self.saver.submit_on(self.paste_points, self.paste)  # Ctrl+Enter adds what was pasted
        self.chart = ChartWidget(translate(
            "ui.process_map.kpi_tab", "KPI over time"), file_stem="kpi")

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel(translate("ui.process_map.kpi_tab", "Series")))
        column.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.kind_box, 1)
        row.addWidget(self.add_series_button)
        column.addLayout(row)
        column.addWidget(self.paste)
        column.addWidget(self.paste_error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.paste_button, 1)
        buttons.addWidget(self.import_button)
        column.addLayout(buttons)
        column.addWidget(self.message_line)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.chart)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 900])
        outer = QVBoxLayout(self)
        outer.addWidget(self.signal_label)
        outer.addWidget(splitter, 1)

    def load(self, process_id: int, select_series: int | None = None) -> worker.Task:
        """Read the process's series and signals; chart ``select_series`` (or keep the series
        shown when it is the same process)."""
        if select_series is None and process_id == self.process_id:
            select_series = self.current_series()
        self.process_id = process_id
        kpis = self.services.kpis

        # One read (issue 15): the series and the signals from the same moment.
        return self._loads.run(lambda: kpis.process_kpis(process_id),
                               on_success=lambda r: self._show(r.series, r.signals,
                                                               select_series),
                               on_failure=self._fail, owner=self, name="kpi_series")

    def _show(self, series: list[SeriesInfo], signals: list[ProcessSignal],
              select: int | None) -> None:
        self.series, self.signals = series, signals
        self.signal_label.setText("\n".join(s.message for s in signals))
        self.signal_label.setVisible(bool(signals))
        self.list.blockSignals(True)
        self.list.clear()
        for s in series:
            item = QListWidgetItem(translate(
                "ui.process_map.kpi_tab", "{name} ({unit}) · {count} points").format(
                name=s.name, unit=s.unit, count=format_number(s.points)))
            item.setData(SERIES_ROLE, s.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if not series:
            self.chart.show_message(translate(
                "ui.process_map.kpi_tab",
                "No KPI series yet: add one, then paste or import points."))
        else:
            ids = [s.id for s in series]
            self.list.setCurrentRow(ids.index(select) if select in ids else 0)
        self.loaded.emit()

    def _on_series(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None:
            return
        series_id = item.data(SERIES_ROLE)
        kpis = self.services.kpis
        self.chart.set_caption(item.text())

        def build():
            from kaizen.charts.kpi import kpi_figure

            return kpi_figure(kpis.chart(series_id))

        self.chart.draw(build, name="kpi_chart")

    def current_series(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else item.data(SERIES_ROLE)

    def add_series(self) -> worker.Task | None:
        if self.person is None or self.process_id is None:
            self._say(translate(
                "ui.process_map.kpi_tab", "Pick who is working and a process first."))
            return None
        kpis, actor, pid = self.services.kpis, self.person.id, self.process_id
        kind = self.kind_box.currentData()
        return self.saver.save(lambda: lambda: kpis.add_series(actor, pid, kind=kind),
                               lambda info: self.load(pid, info.id), name="add_series")

    def paste_points(self) -> worker.Task | None:
        series_id = self.current_series()
        if self.person is None or series_id is None:
            self._say(translate(
                "ui.process_map.kpi_tab", "Pick who is working and a series first."))
            return None
        kpis, actor, pid, text = self.services.kpis, self.person.id, self.process_id, \
            self.paste.toPlainText()

        def done(count: int) -> None:
            self.paste.clear()
            self._say(translate(
                "ui.process_map.kpi_tab",
                "Added {count} points.").format(count=format_number(count)))
            assert pid is not None
            self.load(pid, series_id)

        return self.saver.save(lambda: lambda: kpis.paste_points(actor, series_id, text), done,
                               name="paste_points")

    def choose_csv(self) -> None:
        if self.person is None or self.current_series() is None:
            self._say(translate(
                "ui.process_map.kpi_tab", "Pick who is working and a series first."))
            return
        path, _ = QFileDialog.getOpenFileName(self, translate(
            "ui.process_map.kpi_tab", "Import KPI points"), "",
                                              translate(
                                                  "ui.process_map.kpi_tab",
                                                  "CSV files (*.csv *.txt);;All files (*)"))
        if path:
            self.import_csv(Path(path))

    def import_csv(self, path: Path) -> worker.Task | None:
        """Add the points of a CSV file to the series shown, all or nothing."""
        series_id = self.current_series()
        if self.person is None or series_id is None:
            self._say(translate(
                "ui.process_map.kpi_tab", "Pick who is working and a series first."))
            return None
        kpis, actor, pid = self.services.kpis, self.person.id, self.process_id

        def done(count: int) -> None:
            self._say(translate(
                "ui.process_map.kpi_tab", "Imported {count} points from {file}.").format(
                count=format_number(count), file=path.name))
            assert pid is not None
            self.load(pid, series_id)

        self._say(translate("ui.process_map.kpi_tab", "Importing {file}…").format(file=path.name))
        return self.saver.save(lambda: lambda: kpis.import_csv(actor, series_id, path), done,
                               name="import_kpi_csv")

    def _reload(self) -> None:
        """Reload after a Conflict: the process's series as they are saved now."""
        if self.process_id is not None:
            self.load(self.process_id)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message_line.say(text, error=error)

    def _fail(self, exc: BaseException) -> None:
        self._say(exc.message if isinstance(exc, KaizenError)
                  else translate(
                      "ui.process_map.kpi_tab",
                      "Something went wrong: {error}").format(error=exc), error=True)
