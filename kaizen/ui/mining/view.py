"""The "Process mining" page: pick or import an event log, see its directly-follows graph,
filter it, read its variants and times, and log its findings as waste.

Every slow step runs in a worker (:func:`kaizen.ui.worker.run_in_background`): loading a log and
analysing it (:func:`kaizen.ui.mining.analysis.analyse`, the Graphviz layout included), applying
a filter, importing a file. The page's two changes, deleting a log and logging a finding as
waste, save through :class:`~kaizen.ui.form_op.FormSaver` (issue 15): a refusal shows on the
page's message line, with Reload on a Conflict and Retry when the server is away. A filter
result that arrives after a newer filter was asked for is dropped (``_generation``), so the
screen always shows the last request.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.errors import KaizenError
from kaizen.domain.permissions import Action, can
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.mining.log import EventLog
from kaizen.services import Services
from kaizen.services.event_logs import EventLogInfo, MiningScreen
from kaizen.services.kpi_from_log import DerivedKpi
from kaizen.services.processes import ProcessInfo
from kaizen.ui import resources, worker
from kaizen.ui.form_op import Action as SaveAction
from kaizen.ui.form_op import FormSaver, Refusals
from kaizen.ui.mining.analysis import FilterSpec, MiningResult, analyse
from kaizen.ui.mining.conformance_panel import ConformancePanel
from kaizen.ui.mining.details_panel import DetailsPanel
from kaizen.ui.mining.filters_panel import FiltersPanel
from kaizen.ui.mining.findings_panel import FindingsPanel, WasteDialog
from kaizen.ui.mining.graph_view import DfgGraphView
from kaizen.ui.mining.importer import Importer, ImportProgress
from kaizen.ui.mining.kpi_dialog import LogKpiDialog
from kaizen.ui.mining.legend import GraphLegend
from kaizen.ui.mining.tables import (
    FigureTable,
    variant_headers,
    variant_rows,
)
from kaizen.ui.mining.text import OWN_KEY, count, display_log_name, duration
from kaizen.ui.mining.times_panel import TimesPanel
from kaizen.ui.mining.waste_actions import WasteActions
from kaizen.ui.views import ViewPage
from kaizen.ui.views.empty_state import EmptyState
from kaizen.ui.widgets.built_in_steps import build_in_steps
from kaizen.ui.widgets.lazy_tabs import BuiltOnFirstUse, LazyTabs

log = logging.getLogger(__name__)
EMPTY, IMPORTING, CONTENT = range(3)


class MiningView(WasteActions, BuiltOnFirstUse, ViewPage):
    title = QT_TRANSLATE_NOOP("ui.mining.view", "Process mining")
    subtitle = QT_TRANSLATE_NOOP(
        "ui.mining.view", "See how the process really runs, from any system's event log")
    icon_name = "mdi6.graph-outline"

    analysed = Signal(object)           # MiningResult, after a load or a filter
    conformanceChecked = Signal(object)  # Conformance
    kpiDerived = Signal(object)          # DerivedKpi
    logDeleted = Signal(str)             # the log's name
    logsListed = Signal(list)           # list[EventLogInfo]
    observationLogged = Signal(object)  # ObservationInfo

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        # The page's header in the language of the work (the class attributes are only marked).
        self.title_label.setText(translate("ui.mining.view", "Process mining"))
        self.subtitle_label.setText(translate(
            "ui.mining.view", "See how the process really runs, from any system's event log"))
        self.setAcceptDrops(True)
        self.logs: list[EventLogInfo] = []
        self.log: EventLog | None = None
        self.log_name = ""
        self.result: MiningResult | None = None
        self.waste_dialog: WasteDialog | None = None
        self._generation = 0
        self._conformance_run = worker.Latest()
        self.kpi_dialog: LogKpiDialog | None = None
        self.delete_box: QMessageBox | None = None
        self.processes: list[ProcessInfo] = []
        self._build()

    # --- building --------------------------------------------------------------------------

    def _build(self) -> None:
        bar = QHBoxLayout()
        self.log_label = QLabel(translate("ui.mining.view", "Event log"))
        bar.addWidget(self.log_label)
        self.log_picker = QComboBox()
        self.log_picker.setObjectName("LogPicker")
        self.log_picker.setMinimumWidth(260)
        # The picker takes the row's free width (a long log name is elided, not the buttons).
        self.log_picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.log_picker.currentIndexChanged.connect(self._on_log_picked)
        bar.addWidget(self.log_picker, 1)
        self.own_button = QPushButton(resources.icon("mdi6.lightbulb-on-outline"),
                                      translate("ui.mining.view", "Where ideas stall"))
        self.own_button.setObjectName("OwnProcessButton")
        self.own_button.setToolTip(translate(
            "ui.mining.view",
            "Mine Kaizen's own improvement process: each idea a case, each status and PDCA stage "
            "it entered an event"))
        self.own_button.clicked.connect(self.show_own_process)
        bar.addWidget(self.own_button)
        # The actions on a second row: in German or Spanish one row does not fit 1280 px.
        actions = QHBoxLayout()
        self.import_button = QPushButton(resources.icon("mdi6.file-import-outline"),
                                         translate("ui.mining.view", "Import event log\u2026"))
        self.import_button.setObjectName("ImportLogButton")
        self.import_button.setShortcut("Ctrl+I")
        self.import_button.clicked.connect(self.choose_file)
        actions.addWidget(self.import_button)
        self.kpi_button = QPushButton(resources.icon("mdi6.chart-line"),
                                      translate("ui.mining.view", "Make a KPI series\u2026"))
        self.kpi_button.setObjectName("LogKpiButton")
        self.kpi_button.setToolTip(translate(
            "ui.mining.view",
            "The log's lead time, throughput or rework rate per week or month, as a KPI series "
            "of a process"))
        self.kpi_button.clicked.connect(self.make_kpi_series)
        actions.addWidget(self.kpi_button)
        self.delete_button = QPushButton(resources.icon("mdi6.delete-outline"),
                                         translate("ui.mining.view", "Delete log\u2026"))
        self.delete_button.setObjectName("DeleteLogButton")
        self.delete_button.setToolTip(translate(
            "ui.mining.view", "Remove this event log from the database, for everyone"))
        self.delete_button.clicked.connect(self.ask_delete)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        self.fit_button = QToolButton()
        self.fit_button.setIcon(resources.icon("mdi6.fit-to-screen-outline"))
        self.fit_button.setToolTip(translate("ui.mining.view", "Fit the graph to the window"))
        self.export_button = QToolButton()
        self.export_button.setText(translate("ui.mining.view", "Export graph"))
        self.export_button.setIcon(resources.icon("mdi6.export"))
        self.export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for kind in ("PNG", "SVG", "PDF"):
            menu.addAction(translate("ui.mining.view", "As {kind}\u2026").format(kind=kind),
                           lambda k=kind: self.choose_export(k))
        self.export_button.setMenu(menu)
        actions.addWidget(self.fit_button)
        actions.addWidget(self.export_button)
        rows = QVBoxLayout()
        rows.setSpacing(8)
        rows.addLayout(bar)
        rows.addLayout(actions)
        self.content_layout.addLayout(rows)

        self.message = QLabel()
        self.message.setObjectName("MiningMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        # The action a refusal offers (Retry, Reload) sits beside the message line.
        self.message_action = QPushButton()
        self.message_action.setObjectName("MiningMessageAction")
        self.message_action.setAutoDefault(False)
        self.message_action.hide()
        self.message_action.clicked.connect(self._on_message_action)
        self._message_action: SaveAction | None = None
        message_row = QHBoxLayout()
        message_row.addWidget(self.message, 1)
        message_row.addWidget(self.message_action, 0, Qt.AlignmentFlag.AlignTop)
        self.content_layout.addLayout(message_row)
        # The page's writes (delete a log, log a finding as waste) go through the one save
        # mechanism: refusals on the message line, Reload reads the logs again.
        self.saver = FormSaver(self, Refusals(message=self._show_refusal),
                               what="the event log or waste observation",
                               reload=self.refresh, exclusive=False)

        # The containers in place before their contents (issue 21): a tree moved under a new
        # parent is styled again, whole (docs/architecture.md).
        self.stack = QStackedWidget()
        self.content_layout.addWidget(self.stack, 1)
        self.empty = EmptyState(
            "mdi6.graph-outline", translate("ui.mining.view", "Drop an event log here"),
            translate(
                "ui.mining.view",
                "A CSV, XES or XES.gz export from the ERP, the ticket tool or the hospital "
                "system: one row an event, with a case, an activity and a timestamp. Kaizen "
                "draws how the process really runs and finds its bottlenecks."),
            action_text=translate("ui.mining.view", "Import event log\u2026"),
            action_icon="mdi6.file-import-outline")
        self.empty.actionTriggered.connect(self.choose_file)
        self.progress_page = ImportProgress()
        self.importer = Importer(self.services, self.progress_page, self)
        self.importer.started.connect(lambda _name: self._show_page(IMPORTING))
        self.importer.imported.connect(self._on_imported)
        self.importer.failed.connect(self._on_import_failed)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.progress_page)
        # The analysis page (hidden until a log is loaded) is made after the first show, in
        # its own turn of the event loop (issue 21: 17 ms of the first show's stall); read
        # before, it is made at once (widgets/built_in_steps.py).
        page = QWidget()
        self.stack.addWidget(page)
        self._screen_waiting: tuple[MiningScreen, str | None] | None = None
        build_in_steps(self, (lambda: self._build_content(page),
                              # styled ahead, in a turn of its own, not when the log shows
                              page.ensurePolished), then=self._built)
        self._show_page(EMPTY)

    def _build_content(self, page: QWidget) -> None:
        """The analysis page's contents, in the stack (at CONTENT) before they are made."""
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setObjectName("MiningSummary")
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        self.tabs = QTabWidget()
        column.addWidget(self.tabs, 1)

        self.filters = FiltersPanel()
        self.filters.setFixedWidth(236)
        self.filters.changed.connect(self.apply_filters)
        self.graph = DfgGraphView()
        self.legend = GraphLegend()
        self.details = DetailsPanel()
        self.details.setMinimumWidth(200)
        self.graph.activityClicked.connect(self._on_activity_clicked)
        self.graph.edgeClicked.connect(self._on_edge_clicked)
        self.fit_button.clicked.connect(self.graph.fit)
        self.graph_note = QLabel()
        self.graph_note.setObjectName("GraphNote")
        self.graph_note.setWordWrap(True)
        middle = QWidget()
        middle_column = QVBoxLayout(middle)
        middle_column.setContentsMargins(0, 0, 0, 0)
        middle_column.addWidget(self.graph, 1)
        middle_column.addWidget(self.graph_note)
        middle_column.addWidget(self.legend)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.filters)
        splitter.addWidget(middle)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([236, 800, 220])
        self.tabs.addTab(splitter, resources.icon("mdi6.graph-outline"), translate(
            "ui.mining.view", "Map"))

        # The other tabs are made when first opened or read (issue 21: made and filled, the
        # durations charted, on the first show although nobody had opened them yet); a tab
        # made later is filled from the result shown.
        self.lazy_tabs = LazyTabs(self.tabs)
        for key, label, names in (
                ("variants", translate("ui.mining.view", "Variants"), ("variant_table",)),
                ("times", translate("ui.mining.view", "Times"),
                 ("times_panel", "times_table", "duration_chart", "durations_label",
                  "lifecycle_label")),
                ("findings", translate("ui.mining.view", "Findings"), ("findings",)),
                ("conformance", translate("ui.mining.view", "Conformance"), ("conformance",))):
            self.lazy_tabs.add(key, getattr(self, f"_make_{key}"), label)
            self.build_later(lambda key=key: self.lazy_tabs.page(key), names)

    def _make_variants(self) -> QWidget:
        self.variant_table = FigureTable(variant_headers(), "VariantTable")
        if self.result is not None:
            self.variant_table.fill(variant_rows(self.result.variants))
        return self.variant_table

    def _make_times(self) -> QWidget:
        panel = self.times_panel = TimesPanel()
        # The names the page (and its tests) used before the tab was a class of its own.
        self.durations_label, self.lifecycle_label = panel.durations_label, panel.lifecycle_label
        self.times_table, self.duration_chart = panel.times_table, panel.duration_chart
        if self.result is not None:
            panel.show_result(self.result)
        return panel

    def _make_findings(self) -> QWidget:
        self.findings = FindingsPanel()
        self.findings.logWaiting.connect(self.log_waiting_waste)
        self.findings.logRework.connect(self.log_rework_waste)
        if self.result is not None:
            self.findings.show_findings(self.result.bottlenecks, self.result.rework)
        self.findings.set_can_log(self.person is not None,
                                  translate("ui.mining.view", "Pick who is working first"))
        return self.findings

    def _make_conformance(self) -> QWidget:
        self.conformance = ConformancePanel()
        self.conformance.checkRequested.connect(self.check_conformance)
        self.conformance.set_processes(self.processes)
        return self.conformance

    def _show_page(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        has_graph = index == CONTENT and self.result is not None
        if index == CONTENT:
            # Until its first log is analysed the page stands greyed under "Loading…": its
            # filters and time scale are not the log's yet.
            self.stack.widget(CONTENT).setEnabled(self.result is not None)
        self.export_button.setVisible(has_graph)
        self.fit_button.setVisible(has_graph)
        self.log_picker.setEnabled(index != IMPORTING)
        self.log_picker.setVisible(bool(self.logs) or self.log_name == OWN_KEY)
        self.log_label.setVisible(self.log_picker.isVisibleTo(self))
        self.import_button.setEnabled(index != IMPORTING)
        self.kpi_button.setVisible(index == CONTENT and bool(self.log_name)
                                   and self.log_name != OWN_KEY)
        self.delete_button.setVisible(self.kpi_button.isVisibleTo(self))

    def say(self, text: str, error: bool = True) -> None:
        self.message.setStyleSheet("color: #b42318;" if error else "color: #0b5d56;")
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self._message_action = None
        self.message_action.hide()

    def _show_refusal(self, text: str, action: SaveAction | None, action_text: str) -> None:
        # The saver's message line: the refusal's words, and its Retry or Reload beside them.
        self.say(text)
        if action is not None:
            self._message_action = action
            self.message_action.setText(action_text)
            self.message_action.show()
            self.message_action.setFocus()

    def _on_message_action(self) -> None:
        action = self._message_action
        self.say("")
        if action is not None:
            action()

    # --- the person ------------------------------------------------------------------------

    def set_person(self, person: object) -> None:
        super().set_person(person)  # type: ignore[arg-type]
        # A findings tab made later reads the person then (the page may not be made yet).
        if self.is_built() and self.lazy_tabs.made("findings") is not None:
            self.findings.set_can_log(self.person is not None,
                                      translate("ui.mining.view", "Pick who is working first"))

    def _import_refusal(self) -> str:
        if self.person is None:
            return translate(
                "ui.mining.view",
                "Pick who is working first: imports are recorded under their name.")
        if not can(self.person.role, Action.MANAGE_EVENT_LOGS):
            return translate(
                "ui.mining.view", "Only a supervisor or an administrator can import event logs.")
        return ""

    # --- logs ------------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        # One read for the page: the logs and the processes from the same moment.
        worker.run_in_background(
            self.services.event_logs.mining_screen,
            on_success=lambda screen: self._on_screen(screen, select),
            on_failure=self._on_failure, owner=self, name="list event logs")

    def _built(self) -> None:
        if self._screen_waiting is not None:  # read while the page was being made
            waiting, self._screen_waiting = self._screen_waiting, None
            # In a turn of its own, not with the page's last part (a timer, not a posted
            # call: that would run before the paint Qt posts for the part).
            QTimer.singleShot(1, self, lambda: self._on_screen(*waiting))

    def _on_screen(self, screen: MiningScreen, select: str | None) -> None:
        if not self.is_built():  # shown once the page is made (not made at once for it)
            self._screen_waiting = (screen, select)
            return
        self._on_processes(screen.processes)
        self._on_listed(screen.logs, select)

    def _on_listed(self, logs: list[EventLogInfo], select: str | None) -> None:
        self.logs = logs
        wanted = select or self.log_name
        self.log_picker.blockSignals(True)
        self.log_picker.clear()
        for info in logs:
            self.log_picker.addItem(translate(
                "ui.mining.view", "{name}  ({cases} cases, {events} events)").format(
                name=info.name, cases=count(info.cases), events=count(info.events)), info.name)
        self.log_picker.addItem(resources.icon("mdi6.lightbulb-on-outline"),
                                translate(
                                    "ui.mining.view", "{name} (ideas and PDCA cycles)").format(
                                    name=display_log_name(OWN_KEY)), OWN_KEY)
        index = self.log_picker.findData(wanted) if wanted else -1
        self.log_picker.setCurrentIndex(index if index >= 0 else 0 if logs else -1)
        self.log_picker.blockSignals(False)
        self.logsListed.emit(logs)
        if not logs and wanted != OWN_KEY:
            self.log_picker.blockSignals(True)
            self.log_picker.setCurrentIndex(-1)
            self.log_picker.blockSignals(False)
            self.log, self.log_name, self.result = None, "", None
            self._show_page(EMPTY)
            return
        name = self.log_picker.currentData()
        if name != self.log_name or self.log is None or select:
            self.load(name)
        else:
            self._show_page(CONTENT)

    def _on_log_picked(self, _index: int) -> None:
        name = self.log_picker.currentData()
        if name:
            self.load(name)

    def load(self, name: str) -> None:
        """Read the log from the database and analyse it unfiltered, in a worker."""
        self._generation += 1
        generation = self._generation
        service = self.services.event_logs
        own = self.services.own_process_log
        shown = display_log_name(name)

        def run() -> tuple[EventLog, MiningResult]:
            loaded = own.improvement_log() if name == OWN_KEY else service.load(name)
            return loaded, analyse(loaded, FilterSpec(), log_name=shown)

        self.summary.setText(translate(
            "ui.mining.view", "Loading '{name}'…").format(name=display_log_name(name)))
        if self.stack.currentIndex() == EMPTY:
            # The analysis page says "Loading…" now, rather than "Drop an event log here"
            # until the log is read; and it is laid out and shown in this turn, not with the
            # log's graph (issue 21: 30 ms of the first log's stall).
            self._show_page(CONTENT)
        worker.run_in_background(
            run, on_success=lambda found: self._on_loaded(generation, name, *found),
            on_failure=self._on_failure, owner=self, name="load event log")

    def _on_loaded(self, generation: int, name: str, loaded: EventLog,
                   result: MiningResult) -> None:
        if generation != self._generation:
            return
        self.log, self.log_name = loaded, name
        if self.lazy_tabs.made("conformance") is not None:
            self.conformance.clear()
        self.filters.set_options(result.variants, result.resources,
                                 int(loaded.timestamp.min()), int(loaded.timestamp.max()))
        self._show_result(result)

    def apply_filters(self) -> None:
        """Re-run the analysis with the panel's filters, in a worker."""
        if self.log is None:
            return
        self._generation += 1
        generation = self._generation
        loaded, name, spec = self.log, self.log_name, self.filters.spec()
        self.graph_note.setText(translate("ui.mining.view", "Applying the filters\u2026"))
        self.graph_note.show()
        worker.run_in_background(
            lambda: analyse(loaded, spec, log_name=name),
            on_success=lambda result: self._on_filtered(generation, result),
            on_failure=self._on_failure, owner=self, name="filter event log")

    def _on_filtered(self, generation: int, result: MiningResult) -> None:
        if generation == self._generation:
            self._show_result(result)

    def _show_result(self, result: MiningResult) -> None:
        self.result = result
        self._show_page(CONTENT)
        self.say("")
        figures = dict(cases=count(result.cases), events=count(result.events),
                       activities=len(result.activity_events),
                       variants=count(len(result.variants)),
                       median=duration(result.durations.median_s))
        if result.spec.is_default:
            summary = translate(
                "ui.mining.view",
                "{cases} cases · {events} events · {activities} activities · {variants} variants "
                "· median case {median}")
        else:
            summary = translate(
                "ui.mining.view",
                "{cases} cases · {events} events · {activities} activities · {variants} variants "
                "· median case {median} (filtered)")
        self.summary.setText(summary.format(**figures))
        if result.layout is not None:
            self.graph.show_graph(result.layout, result.activity_events, result.edges)
            self.legend.set_scale(self.graph.time_scale)
        else:
            self.graph.clear_graph()
        note = result.layout_error or ""
        if not note and result.all_edges > len(result.edges):
            note = translate(
                "ui.mining.view", "Showing the {shown} most frequent of {total} paths.").format(
                shown=count(len(result.edges)), total=count(result.all_edges))
        if not note and result.cases == 0:
            note = translate("ui.mining.view", "No case is left by these filters: loosen them.")
        self.graph_note.setText(note)
        self.graph_note.setVisible(bool(note))
        self.details.clear()
        made = self.lazy_tabs.made  # a tab not made yet is filled when it is (_make_…)
        if made("variants") is not None:
            self.variant_table.fill(variant_rows(result.variants))
        if made("times") is not None:
            self.times_panel.show_result(result)
        if made("findings") is not None:
            self.findings.show_findings(result.bottlenecks, result.rework)
            self.findings.set_can_log(self.person is not None,
                                      translate("ui.mining.view", "Pick who is working first"))
        self.analysed.emit(result)

    def _on_processes(self, processes: list[ProcessInfo]) -> None:
        self.processes = processes
        if self.lazy_tabs.made("conformance") is not None:
            self.conformance.set_processes(processes)

    def show_own_process(self) -> None:
        """Kaizen's own ideas and PDCA cycles as the log shown: where ideas stall."""
        self.log_name = OWN_KEY  # a listing that lands meanwhile keeps this pick
        index = self.log_picker.findData(OWN_KEY)
        if index >= 0 and index != self.log_picker.currentIndex():
            self.log_picker.setCurrentIndex(index)  # loads it
        else:
            self.load(OWN_KEY)

    # --- KPI series from the log -----------------------------------------------------------

    def make_kpi_series(self) -> None:
        if self.person is None:
            self.say(translate(
                "ui.mining.view",
                "Pick who is working first: KPI points are recorded under their name."))
            return
        if not can(self.person.role, Action.RECORD_MEASUREMENT):
            self.say(translate(
                "ui.mining.view", "Only a supervisor or an administrator can add KPI points."))
            return
        if not self.processes:
            self.say(translate(
                "ui.mining.view",
                "Map a process first (Processes page): a KPI series belongs to one."))
            return
        dialog = LogKpiDialog(self.services, self.person.id, self.log_name, self.processes, self)
        dialog.saved.connect(self._on_kpi_made)
        dialog.finished.connect(lambda _r: setattr(self, "kpi_dialog", None))
        self.kpi_dialog = dialog
        dialog.open()

    def _on_kpi_made(self, done: DerivedKpi) -> None:
        figures = dict(points=count(done.points), unit=done.unit, series=done.series_name,
                       replaced=count(done.replaced))
        # One whole sentence for each case: a translator may need to reorder the parts.
        if done.created and done.replaced:
            text = translate(
                "ui.mining.view",
                "Added {points} points ({unit}) to the KPI '{series}' (a new series), replacing "
                "{replaced} from before: its chart is on the process's KPI tab.")
        elif done.created:
            text = translate(
                "ui.mining.view",
                "Added {points} points ({unit}) to the KPI '{series}' (a new series): its chart "
                "is on the process's KPI tab.")
        elif done.replaced:
            text = translate(
                "ui.mining.view",
                "Added {points} points ({unit}) to the KPI '{series}', replacing {replaced} from "
                "before: its chart is on the process's KPI tab.")
        else:
            text = translate(
                "ui.mining.view",
                "Added {points} points ({unit}) to the KPI '{series}': its chart is on the "
                "process's KPI tab.")
        self.say(text.format(**figures), error=False)
        self.kpiDerived.emit(done)

    # --- deleting a log -------------------------------------------------------------------

    def ask_delete(self) -> None:
        """Ask, in plain words, before removing the log shown; the delete runs in a worker."""
        if self.person is None:
            self.say(translate(
                "ui.mining.view",
                "Pick who is working first: a deletion is recorded under their name."))
            return
        if not can(self.person.role, Action.MANAGE_EVENT_LOGS):
            self.say(translate(
                "ui.mining.view", "Only a supervisor or an administrator can delete event logs."))
            return
        info = next((i for i in self.logs if i.name == self.log_name), None)
        if info is None or self.person is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, translate("ui.mining.view", "Delete event log"),
                          translate("ui.mining.view",
                                    "Delete the event log '{name}'?").format(name=info.name),
                          parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(translate(
            "ui.mining.view",
            "Its {cases} cases and {events} events are removed from the database, for everyone. "
            "This cannot be undone: to see it again, import the file again. Waste observations "
            "and KPI points made from it are kept.").format(cases=count(info.cases),
                                                            events=count(info.events)))
        delete = box.addButton(translate("ui.mining.view", "Delete the log"),
                               QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        person_id, name = self.person.id, info.name

        def answered() -> None:
            if box.clickedButton() is delete:
                self.delete_log(person_id, name)

        box.finished.connect(lambda _r: (answered(), setattr(self, "delete_box", None)))
        self.delete_box = box
        box.open()

    def delete_log(self, person_id: int, name: str) -> None:
        """Remove the log ``name`` (asked already) through the save mechanism."""
        service = self.services.event_logs
        self.saver.save(lambda: lambda: service.delete(person_id, name),
                        lambda _r: self._on_deleted(name), name="delete event log")

    def _on_deleted(self, name: str) -> None:
        self.say(translate(
            "ui.mining.view", "Deleted the event log '{name}'.").format(name=name), error=False)
        self.log, self.log_name, self.result = None, "", None
        self.logDeleted.emit(name)
        self.refresh()

    # --- conformance ----------------------------------------------------------------------

    def check_conformance(self, process_id: int) -> None:
        """Replay the stored log on the process's current map, in a worker."""
        if not self.log_name:
            return
        if self.log_name == OWN_KEY:
            self.say(translate(
                "ui.mining.view",
                "Conformance needs an imported event log and a process map; Kaizen's own process "
                "has no map."))
            return
        name, service = self.log_name, self.services.event_logs
        process = self.conformance.process_picker.currentText()
        self.conformance.set_busy(True)

        def done(found: object) -> None:
            self.conformance.set_busy(False)
            self.conformance.show_result(process, found)  # type: ignore[arg-type]
            self.conformanceChecked.emit(found)

        def failed(error: BaseException) -> None:
            self.conformance.set_busy(False)
            self.conformance.summary.setText("")
            self._on_failure(error)

        self._conformance_run.run(
            lambda: service.conformance(name, process_id), on_success=done,
            on_failure=failed, owner=self, name="conformance")

    # --- clicks ----------------------------------------------------------------------------

    def _on_activity_clicked(self, name: str) -> None:
        if self.result is not None:
            self.details.show_activity(self.result, name)

    def _on_edge_clicked(self, source: str, target: str) -> None:
        if self.result is not None:
            self.details.show_edge(self.result, source, target)

    # --- import ----------------------------------------------------------------------------

    def choose_file(self) -> None:
        refusal = self._import_refusal()
        if refusal:
            self.say(refusal)
            return
        path, _ = QFileDialog.getOpenFileName(self, translate(
            "ui.mining.view", "Import event log"), "",
                                              translate(
            "ui.mining.view", "Event logs (*.csv *.xes *.xes.gz *.gz);;All files (*)"))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        refusal = self._import_refusal()
        if refusal:
            self.say(refusal)
            return
        assert self.person is not None
        self.say("")
        self.importer.begin(path, self.person.id, {info.name for info in self.logs})

    def _on_imported(self, info: EventLogInfo) -> None:
        self.say(translate(
            "ui.mining.view", "Imported '{name}': {cases} cases, {events} events.").format(
            name=info.name, cases=count(info.cases), events=count(info.events)), error=False)
        self.log_name = ""
        self.refresh(select=info.name)

    def _on_import_failed(self, text: str) -> None:
        self._show_page(CONTENT if self.result is not None else EMPTY)
        self.say(text)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.import_file(files[0])

    # --- export ----------------------------------------------------------------------------

    def choose_export(self, kind: str) -> None:
        suggested = f"{display_log_name(self.log_name) or 'graph'}.{kind.lower()}"
        path, _ = QFileDialog.getSaveFileName(
            self, translate(
                "ui.mining.view", "Export the graph as {kind}").format(kind=kind), suggested,
            f"{kind} (*.{kind.lower()})")
        if path:
            self.export_graph(Path(path))

    def export_graph(self, path: Path) -> None:
        try:
            self.graph.export(path)
        except KaizenError as exc:
            self.say(str(exc))
        else:
            self.say(translate(
                "ui.mining.view", "Exported the graph to {path}.").format(path=path), error=False)

    # --- findings as waste -----------------------------------------------------------------

    def _on_failure(self, error: BaseException) -> None:
        if self.result is None and self.stack.currentIndex() == CONTENT:
            self._show_page(EMPTY)  # the first log did not load: no "Loading…" left standing
        if isinstance(error, KaizenError):
            self.say(str(error))
        else:
            log.error("Process mining step failed: %r", error)
            self.say(translate(
                "ui.mining.view", "Something went wrong: {error}").format(error=error))
