"""The dashboard's process signals (issue 18): "improvement not holding" and "new bottleneck",
from ``KpiService.process_signals()``, each a button that opens the process's KPI series on the
Process maps page. Hidden while there is no signal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCommandLinkButton, QFrame, QLabel, QVBoxLayout, QWidget

from kaizen.i18n import translate
from kaizen.ui import worker

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.kpis import ProcessSignal

STYLE = """
QFrame#ProcessSignals { background: #FEF3F2; border: 1px solid #FECDCA; border-radius: 8px; }
QCommandLinkButton#ProcessSignalRow { color: #B42318; padding: 4px; }
"""


class ProcessSignalsStrip(QFrame):
    """``seriesRequested(process_id, series_id or None)`` when a signal is clicked;
    ``loaded()`` after each read."""

    seriesRequested = Signal(int, object)
    loaded = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProcessSignals")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.services = services
        self.signals: list[ProcessSignal] = []
        self.rows: list[QCommandLinkButton] = []
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(12, 8, 12, 8)
        title = QLabel(translate("ui.views.process_signals", "Process signals"))
        title.setStyleSheet("font-weight: 700;")
        self._column.addWidget(title)
        self.hide()

    def refresh(self) -> worker.Task:
        services = self.services
        # services.kpis is asked for in the worker: its first use imports the KPI service's
        # modules, which is not the GUI thread's work.
        return worker.run_in_background(lambda: services.kpis.process_signals(),
                                        on_success=self._show,
                                        on_failure=lambda _exc: self.hide(), owner=self,
                                        name="process_signals")

    def _show(self, signals: list[ProcessSignal]) -> None:
        self.signals = signals
        for row in self.rows:
            row.deleteLater()
        self.rows = []
        for sig in signals:
            # A command link wraps its description: long messages stay whole at 1280 px.
            title = (translate("ui.views.process_signals", "{process}: Improvement not holding")
                     if sig.series_id is not None
                     else translate("ui.views.process_signals", "{process}: New bottleneck"))
            row = QCommandLinkButton(title.format(process=sig.process_name), sig.message)
            row.setObjectName("ProcessSignalRow")
            row.setCursor(Qt.CursorShape.PointingHandCursor)
            row.setToolTip(translate("ui.views.process_signals", "Open the process's KPI series"))
            row.clicked.connect(lambda _=False, s=sig: self.seriesRequested.emit(s.process_id,
                                                                                 s.series_id))
            self._column.addWidget(row)
            self.rows.append(row)
        self.setVisible(bool(signals))
        self.loaded.emit()
