"""The Measurements view: the proof that a change worked, and what it saved.

On the left, the accepted and closed ideas (the newest first, searched in SQL by the listing
service as you type). On the right, the idea picked, in two tabs:

- **Measurements**: its metrics (a combo, and "Add metric…"), the statistics of the metric
  picked (:class:`~kaizen.ui.measure.stats_panel.StatsPanel`: n, mean, median and standard
  deviation per phase, improvement, test, p-value and verdict), "Plan…" (the statistics plan: the
  metric dialog: spec limits, primary test, chart, rules), and tabs below: the before/after
  box-and-strip chart, the control chart of the plan's kind with its signals
  (:class:`~kaizen.ui.measure.control_panel.ControlChartPanel`), the samples with the editor to
  type, paste or import more, the statistics in full and the capability chart. "Propose
  savings…" estimates yearly savings from the means and
  pre-fills a forecast in the ledger.
- **Savings ledger**: :class:`~kaizen.ui.measure.savings_ledger.SavingsLedger`.

Everything is read in the background worker; the statistics (scipy) and the figures
(matplotlib) are computed there too, so the first chart costs the GUI thread nothing but the
drawing. Staff see everything read-only.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.enums import MetricDirection
from kaizen.domain.errors import KaizenError
from kaizen.domain.numbers import format_number
from kaizen.domain.permissions import Action, can
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui import resources
from kaizen.ui.charts import ChartWidget
from kaizen.ui.charts.chart_widget import CHART_STYLE
from kaizen.ui.measure.action_bar import ActionBar
from kaizen.ui.measure.chart_split import ChartStatsSplitter
from kaizen.ui.measure.control_panel import ControlChartPanel
from kaizen.ui.measure.figures import (
    XMR_MAX_PER_PHASE,
    build_before_after,
    build_capability,
    build_xmr,
    xmr_values,
)
from kaizen.ui.measure.metric_dialog import MetricDialog
from kaizen.ui.measure.propose_dialog import MetricBasis
from kaizen.ui.measure.samples_editor import (
    COL_MEASURED,
    COL_NUMBER,
    COL_PHASE,
    COL_VALUE,
    SamplesEditor,
    SamplesTableModel,
)
from kaizen.ui.measure.savings_ledger import SavingsLedger
from kaizen.ui.measure.stats_panel import MetricStats, StatsPanel
from kaizen.ui.measure.style import MEASURE_STYLE
from kaizen.ui.views import ViewPage, translated
from kaizen.ui.views.empty_state import EmptyState
from kaizen.ui.views.measurement_ideas import (
    IDEA_ROLE,
    IdeaData,
    IdeaDelegate,
    IdeaListModel,
    IdeaPage,
    idea_meta,
    load_idea,
    load_ideas,
    load_metric,
    metric_label,
)
from kaizen.ui.widgets.lazy_tabs import BuiltOnFirstUse
from kaizen.ui.widgets.message_bar import MessageBar
from kaizen.ui.worker import Latest

if TYPE_CHECKING:

    from kaizen.services import Services
    from kaizen.services.measurements import MetricInfo
    from kaizen.services.people import PersonInfo

log = logging.getLogger(__name__)

# The list's pieces live in measurement_ideas; the tests and callers find them here too.
__all__ = ["IDEA_ROLE", "IdeaData", "IdeaListModel", "MeasurementsView", "XMR_MAX_PER_PHASE",
           "idea_meta", "load_idea", "load_ideas", "load_metric", "metric_label", "xmr_values"]

PICK_TITLE = QT_TRANSLATE_NOOP("ui.views.measurements", "Pick an idea")
PICK_TEXT = QT_TRANSLATE_NOOP(
    "ui.views.measurements", "Accepted and closed ideas are listed on the left. Pick one to see "
    "its metrics, whether the change made a real difference, and what it saved.")
PICKER_WIDTH = 220
COMBO_LEAST = 160  # px: the metric's name stays readable; buttons give way to it (More menu)
SEARCH_DELAY_MS = 250
METRICS_PAGE, LEDGER_PAGE = 0, 1
CHART_BEFORE_AFTER, CHART_XMR, CHART_SAMPLES, CHART_STATISTICS, CHART_CAPABILITY = 0, 1, 2, 3, 4


class MeasurementsView(BuiltOnFirstUse, ViewPage):
    title = QT_TRANSLATE_NOOP("ui.views.measurements", "Measurements")
    subtitle = QT_TRANSLATE_NOOP(
        "ui.views.measurements",
        "Before and after data, and whether the change made a real difference.")
    icon_name = "mdi6.chart-bell-curve"

    ideasLoaded = Signal()
    ideaLoaded = Signal()  # the header, metrics and ledger of the picked idea are shown
    metricLoaded = Signal()  # the statistics of the picked metric are shown

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setStyleSheet(MEASURE_STYLE + CHART_STYLE)
        self.today = date.today  # injectable for tests: "next month" for forecasts
        self.idea_id: int | None = None
        self.idea: IdeaData | None = None
        self.metric_id: int | None = None
        self.stats: MetricStats | None = None
        self.metric_dialog: MetricDialog | None = None
        self.plan_dialog: MetricDialog | None = None
        self.currency = "EUR"
        self.xmr_note = ""
        self._sized = False
        # One load in flight per element: a newer pick or search supersedes an older one.
        self._idea_loads = Latest()
        self._metric_loads = Latest()
        self._list_loads = Latest()

        # Built from the outside in (issue 21): a widget moved under a new parent is styled
        # again with everything below it, so a tree built bottom-up and then put in place is
        # styled once per level; the containers go in place first, their contents after.
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("MeasureSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(16)
        self.splitter = splitter
        self.content_layout.addWidget(splitter, 1)
        self._build_picker()
        splitter.addWidget(self.picker)
        self.detail_stack = QStackedWidget()
        splitter.addWidget(self.detail_stack)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([PICKER_WIDTH, 1000])
        self.pick_state = EmptyState("mdi6.gesture-tap",
                                     translated("ui.views.measurements", PICK_TITLE),
                                     translated("ui.views.measurements", PICK_TEXT))
        self.pick_state.setProperty("framed", True)
        self.detail_stack.addWidget(self.pick_state)
        # The idea's tabs, charts and ledger are hidden until an idea is picked: made then, or
        # when one of them is first read (issue 21: they were 3/4 of the first show).
        self.build_later(self._build_detail)

        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.activated.connect(self.refresh)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.search_edit.setFocus)

    # -- building ---------------------------------------------------------------------------------
    def _build_picker(self) -> None:
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("IdeaSearch")
        self.search_edit.setPlaceholderText(
            translate("ui.views.measurements", "Find an idea (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(resources.icon("mdi6.magnify"),
                                   QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.setAccessibleName(translate("ui.views.measurements", "Find an idea"))
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.reload_ideas)
        self.search_edit.textChanged.connect(self.search_timer.start)

        self.idea_model = IdeaListModel(self)
        self.idea_list = QListView()
        self.idea_list.setObjectName("IdeaList")
        self.idea_list.setModel(self.idea_model)
        self.idea_list.setItemDelegate(IdeaDelegate(self.idea_list))
        self.idea_list.setMouseTracking(True)
        self.idea_list.setUniformItemSizes(True)
        self.idea_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.idea_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.idea_list.setAccessibleName(
            translate("ui.views.measurements", "Accepted and closed ideas"))
        self.idea_list.selectionModel().currentChanged.connect(self._on_idea_current)
        self.count_label = QLabel("")
        self.count_label.setObjectName("PickerCount")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setWordWrap(True)

        self.picker = QWidget()
        self.picker.setMinimumWidth(260)
        self.picker.setMaximumWidth(440)
        column = QVBoxLayout(self.picker)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(self.search_edit)
        column.addWidget(self.idea_list, 1)
        column.addWidget(self.count_label)

    def _build_detail(self) -> None:
        self.idea_title = QLabel("")
        self.idea_title.setObjectName("IdeaTitle")
        self.idea_title.setTextFormat(Qt.TextFormat.PlainText)
        self.idea_title.setWordWrap(True)
        self.idea_meta = QLabel("")
        self.idea_meta.setObjectName("IdeaMeta")
        self.idea_meta.setTextFormat(Qt.TextFormat.PlainText)
        self.message_bar = MessageBar()

        self.tabs = QTabWidget()
        self.tabs.setObjectName("MeasureTabs")
        self.tabs.setDocumentMode(False)

        # In place before the tabs' pages are built (see __init__).
        detail = QWidget()
        column = QVBoxLayout(detail)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.idea_title)
        column.addWidget(self.idea_meta)
        column.addWidget(self.message_bar)
        column.addSpacing(4)
        column.addWidget(self.tabs, 1)
        self.detail = detail
        self.detail_stack.addWidget(detail)

        self._build_metrics_page()
        self.ledger = SavingsLedger(self.services)
        self.ledger.loaded.connect(self._on_ledger_loaded)
        self.tabs.addTab(self.ledger, resources.icon("mdi6.cash-multiple"),
                         translate("ui.views.measurements", "Savings ledger"))
        self.samples_editor.set_person(self.person)
        self.ledger.set_person(self.person)
        self._update_actions()

    def _build_metrics_page(self) -> QWidget:
        """The Measurements tab, put in the tabs before it is filled (outside in, see
        __init__)."""
        page = QWidget()
        page.setObjectName("MetricsPage")
        self.tabs.addTab(page, resources.icon("mdi6.chart-bell-curve"),
                         translate("ui.views.measurements", "Measurements"))
        column = QVBoxLayout(page)
        column.setContentsMargins(14, 12, 14, 12)
        column.setSpacing(10)

        self.metric_combo = QComboBox()
        self.metric_combo.setObjectName("MetricCombo")
        self.metric_combo.setAccessibleName(translate("ui.views.measurements", "Metric"))
        self.metric_combo.setToolTip(translate(
            "ui.views.measurements", "The metric shown: its statistics, charts and samples"))
        self.metric_combo.setMinimumContentsLength(10)
        # A long metric name must not run under "Add metric…" (issue 16): the combo keeps a
        # bounded width and elides; the full name is in its tooltip and the popup.
        self.metric_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.metric_combo.setSizePolicy(QSizePolicy.Policy.Expanding,
                                        QSizePolicy.Policy.Fixed)
        self.metric_combo.setMaximumWidth(420)
        self.metric_combo.currentTextChanged.connect(self.metric_combo.setToolTip)
        self.metric_combo.currentIndexChanged.connect(self._on_metric_picked)
        self.add_metric_button = QPushButton(translate("ui.views.measurements", "Add metric…"))
        self.add_metric_button.setIcon(resources.icon("mdi6.plus"))
        self.add_metric_button.clicked.connect(self.open_metric_dialog)
        # "Plan…", not "Statistics plan…": the bar has no room for more at 1280 px (the
        # tooltip and the dialog's title say what plan it is).
        self.plan_button = QPushButton(translate("ui.views.measurements", "Plan…"))
        self.plan_button.setAccessibleName(translate("ui.views.measurements", "Statistics plan"))
        self.plan_button.setIcon(resources.icon("mdi6.tune-variant"))
        self.plan_button.clicked.connect(self.open_plan_dialog)
        self.add_samples_button = QPushButton(translate("ui.views.measurements", "Add samples"))
        self.add_samples_button.setIcon(resources.icon("mdi6.table-edit"))
        self.add_samples_button.clicked.connect(self.show_samples_editor)
        self.propose_button = QPushButton(translate("ui.views.measurements", "Propose savings…"))
        self.propose_button.setIcon(resources.icon("mdi6.calculator-variant-outline"))
        self.propose_button.clicked.connect(self.propose_savings)
        # The buttons it has no room for (1280 px, German) go into its More menu, whole.
        self.metric_bar = ActionBar(
            [self.metric_combo, self.add_metric_button],
            [self.plan_button, self.add_samples_button, self.propose_button])
        column.addWidget(self.metric_bar)
        self.metric_stack = QStackedWidget()
        column.addWidget(self.metric_stack, 1)
        self.metric_empty = EmptyState(
            "mdi6.ruler", translate("ui.views.measurements", "No metric yet"),
            translate("ui.views.measurements", "Add what you will measure before and after the "
                      "change (cycle time, defect rate, throughput…), then its samples; the "
                      "statistics and charts appear here."),
            action_text=translate("ui.views.measurements", "Add metric…"), action_icon="mdi6.plus")
        self.metric_empty.actionTriggered.connect(self.open_metric_dialog)
        self.metric_stack.addWidget(self.metric_empty)

        self.stats_panel = StatsPanel()
        self.chart_tabs = QTabWidget()
        self.chart_tabs.setObjectName("ChartTabs")
        # The charts first, the statistics under them (issue 16: above, they left the
        # control chart 110 px at 1280x720).
        self.chart_split = ChartStatsSplitter(self.chart_tabs, self.stats_panel)
        self.metric_stack.addWidget(self.chart_split)

        self.before_after_chart = ChartWidget(file_stem="before-after", show_header=False)
        self.control_panel = ControlChartPanel()
        self.xmr_chart = self.control_panel.chart
        self.capability_chart = ChartWidget(file_stem="capability", show_header=False)
        for chart in (self.before_after_chart, self.xmr_chart):
            chart.figureShown.connect(self._update_chart_corner)
        self.samples_model = SamplesTableModel(self)
        self.samples_table = QTableView()
        self.samples_table.setObjectName("SamplesTable")
        self.samples_table.setModel(self.samples_model)
        self.samples_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.samples_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.samples_table.setAlternatingRowColors(True)
        self.samples_table.setShowGrid(False)
        self.samples_table.verticalHeader().setVisible(False)
        self.samples_table.verticalHeader().setDefaultSectionSize(28)
        self.samples_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.samples_table.setMinimumWidth(300)
        for col, width in ((COL_NUMBER, 44), (COL_PHASE, 84), (COL_VALUE, 88)):
            self.samples_table.setColumnWidth(col, width)
        self.samples_table.horizontalHeader().setSectionResizeMode(
            COL_MEASURED, QHeaderView.ResizeMode.Stretch)
        self.samples_editor = SamplesEditor(self.services)
        self.samples_editor.samplesAdded.connect(self._on_samples_added)
        samples_page = QWidget()
        samples_row = QHBoxLayout(samples_page)
        samples_row.setContentsMargins(0, 8, 0, 0)
        samples_row.setSpacing(12)
        samples_row.addWidget(self.samples_table, 5)
        # In a scroll area: at 1280x720 the panel is shorter than its fields (issue 16 added
        # the measurement time), and squeezed widgets drew over each other.
        editor_scroll = QScrollArea()
        editor_scroll.setObjectName("SamplesEditorScroll")
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setFrameShape(QFrame.Shape.NoFrame)
        editor_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        editor_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        editor_scroll.setStyleSheet("QScrollArea#SamplesEditorScroll { background: transparent; }")
        editor_scroll.viewport().setAutoFillBackground(False)
        editor_scroll.setWidget(self.samples_editor)
        samples_row.addWidget(editor_scroll, 4)

        self.chart_tabs.addTab(self.before_after_chart,
                               translate("ui.views.measurements", "Before / after"))
        self.chart_tabs.addTab(self.control_panel,
                               translate("ui.views.measurements", "Control chart"))
        self.chart_tabs.addTab(samples_page, translate("ui.views.measurements", "Samples"))
        # Issue 17's figures (tests, capability, signals) in a tab of their own: the panel
        # above keeps the verdict, the lines below have the room to be read whole.
        details = QScrollArea()
        details.setWidgetResizable(True)
        details.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        holder_column = QVBoxLayout(holder)
        holder_column.setContentsMargins(4, 10, 4, 4)
        holder_column.addWidget(self.stats_panel.details_label)
        holder_column.addStretch(1)
        details.setWidget(holder)
        self.chart_tabs.addTab(details, translate("ui.views.measurements", "Statistics"))
        self.chart_tabs.addTab(self.capability_chart,
                               translate("ui.views.measurements", "Capability"))
        # The control chart's note sits in its own tab's bar, and "Save chart…" is an icon in
        # the corner: with their words beside the tabs, the tabs scrolled at 1280 px (issue 16).
        self.chart_note = self.control_panel.note
        self.save_chart_button = QToolButton()
        self.save_chart_button.setObjectName("ChartSave")
        self.save_chart_button.setText(translate("ui.views.measurements", "Save chart…"))
        self.save_chart_button.setIcon(resources.icon("mdi6.tray-arrow-down"))
        self.save_chart_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.save_chart_button.setAutoRaise(True)
        self.save_chart_button.setToolTip(translate(
            "ui.views.measurements", "Save the chart shown as a PNG image or an SVG drawing"))
        self.save_chart_button.setAccessibleName(self.save_chart_button.text())
        self.save_chart_button.clicked.connect(self.save_current_chart)
        corner = QWidget()
        corner_row = QHBoxLayout(corner)
        corner_row.setContentsMargins(0, 0, 0, 4)
        corner_row.addWidget(self.save_chart_button)
        self.chart_tabs.setCornerWidget(corner, Qt.Corner.TopRightCorner)
        self.chart_tabs.currentChanged.connect(self._update_chart_corner)
        return page

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._sized:
            # A fifth of the room for the list (within its bounds), the first time only:
            # afterwards the splitter keeps where the user put it. The metric's bar and tabs
            # need the rest at 1280 px (its titles elide in the list).
            self._sized = True
            total = max(self.splitter.width(), 800)
            picker = max(PICKER_WIDTH, min(400, total // 5))
            self.splitter.setSizes([picker, total - picker])

    # -- the person working -----------------------------------------------------------------------
    def set_person(self, person: PersonInfo | None) -> None:
        super().set_person(person)
        if self.is_built():  # else _build_detail passes the person on
            self.samples_editor.set_person(person)
            self.ledger.set_person(person)
            self._update_actions()

    def _refusal(self, action: Action) -> str | None:
        if self.person is None:
            return translate("ui.views.measurements", "Pick who is working first: supervisors "
                             "and admins record measurements and savings.")
        if not can(self.person.role, action):
            return translate("ui.views.measurements", "Supervisors and admins record "
                             "measurements and savings; staff see them read-only.")
        return None

    def _update_actions(self) -> None:
        record = self._refusal(Action.RECORD_MEASUREMENT)
        no_idea = (None if self.idea is not None
                   else translate("ui.views.measurements", "Pick an idea first."))
        why = record or no_idea
        buttons = [self.add_metric_button]
        if self.metric_empty.action_button is not None:
            buttons.append(self.metric_empty.action_button)
        for button in buttons:
            button.setEnabled(why is None)
            button.setToolTip(why or translate(
                "ui.views.measurements", "Add a metric to measure before and after the change"))
        self.add_samples_button.setEnabled(self.metric_id is not None)
        plan_why = record or (translate("ui.views.measurements", "Pick a metric first.")
                              if self.stats is None or self.stats.analysis is None else None)
        self.plan_button.setEnabled(plan_why is None)
        self.plan_button.setToolTip(plan_why or translate(
            "ui.views.measurements", "The statistics plan: spec limits, the primary test, the "
            "control chart and its rules for this metric"))
        self.add_samples_button.setToolTip(
            translate("ui.views.measurements", "Type, paste or import samples of this metric")
            if record is None
            else translate("ui.views.measurements", "See the samples of this metric"))
        self.add_samples_button.setText(
            translate("ui.views.measurements", "Add samples") if record is None
            else translate("ui.views.measurements", "Samples"))
        savings = self._refusal(Action.RECORD_SAVINGS)
        stats = self.stats
        has_means = (stats is not None and stats.before.mean is not None
                     and stats.after.mean is not None)
        propose_why = savings or (None if has_means else translate(
            "ui.views.measurements", "Measure before and after first: the estimate starts from "
            "the difference of the means."))
        self.propose_button.setEnabled(propose_why is None)
        self.propose_button.setToolTip(propose_why or translate(
            "ui.views.measurements",
            "Estimate yearly savings from this metric and pre-fill a forecast"))
        self.metric_bar.fit()  # a button's text may have changed ("Samples" for staff)

    # -- the idea list ----------------------------------------------------------------------------
    def refresh(self) -> None:
        self.reload_ideas()
        if self.idea_id is not None:
            self.select_idea(self.idea_id)

    def reload_ideas(self) -> None:
        self.search_timer.stop()
        services, text = self.services, self.search_edit.text()
        self._list_loads.run(
            lambda: load_ideas(services, text),
            on_success=self._show_ideas,
            on_failure=lambda error: self._show_error(
                error, translate("ui.views.measurements", "The ideas could not be read")),
            owner=self,
            name="measurement ideas",
        )

    def _show_ideas(self, page: IdeaPage) -> None:
        selection = self.idea_list.selectionModel()
        selection.blockSignals(True)
        self.idea_model.set_rows(page.rows)
        row = self.idea_model.row_of(self.idea_id)
        if row >= 0:
            selection.setCurrentIndex(self.idea_model.index(row, 0),
                                      QItemSelectionModel.SelectionFlag.ClearAndSelect)
        selection.blockSignals(False)
        shown = len(page.rows)
        if page.total == 0 and not self.search_edit.text():
            self.pick_state.set_text(
                translate("ui.views.measurements", "No accepted idea yet"),
                translate("ui.views.measurements", "Ideas appear here once a supervisor accepts "
                          "them in Ideas. Then measure them before and after the change, and "
                          "record what they save."))
        else:
            self.pick_state.set_text(translated("ui.views.measurements", PICK_TITLE),
                                     translated("ui.views.measurements", PICK_TEXT))
        if page.total == 0:
            self.count_label.setText(
                translate("ui.views.measurements", "No accepted or closed idea matches.")
                if self.search_edit.text()
                else translate("ui.views.measurements", "No accepted idea yet: ideas appear here "
                               "once a supervisor accepts them."))
        elif shown < page.total:
            self.count_label.setText(translate(
                "ui.views.measurements", "The newest {shown} of {total}; type to find others."
            ).format(shown=format_number(shown), total=format_number(page.total)))
        else:
            self.count_label.setText((
                translate("ui.views.measurements", "{count} accepted or closed idea.")
                if page.total == 1 else
                translate("ui.views.measurements", "{count} accepted or closed ideas.")
            ).format(count=format_number(page.total)))
        self.ideasLoaded.emit()

    def _on_idea_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.select_idea(self.idea_model.idea(current.row()).id)

    # -- one idea ---------------------------------------------------------------------------------
    def select_idea(self, suggestion_id: int, metric_id: int | None = None) -> None:
        """Show an idea (listed or not); keeps the metric picked when it is the same idea."""
        if suggestion_id != self.idea_id:
            self.metric_id = None
            self.stats = None
        self.idea_id = suggestion_id
        if metric_id is not None:
            self.metric_id = metric_id
        row = self.idea_model.row_of(suggestion_id)
        selection = self.idea_list.selectionModel()
        if row >= 0 and self.idea_list.currentIndex().row() != row:
            selection.blockSignals(True)
            selection.setCurrentIndex(self.idea_model.index(row, 0),
                                      QItemSelectionModel.SelectionFlag.ClearAndSelect)
            selection.blockSignals(False)
        self._load_idea(suggestion_id)
        self.ledger.set_idea(suggestion_id)

    def _load_idea(self, suggestion_id: int) -> None:
        """Read the idea's header and metrics again (not its ledger)."""
        services = self.services
        self._idea_loads.run(
            lambda: load_idea(services, suggestion_id),
            on_success=self._show_idea,
            on_failure=lambda error: self._show_error(
                error, translate("ui.views.measurements", "The idea could not be read")),
            owner=self,
            name="measurement idea",
        )

    def _show_idea(self, data: IdeaData) -> None:
        self.idea = data
        self.currency = data.currency
        info = data.info
        self.idea_title.setText(info.title)
        owner = " · " + translate("ui.views.measurements", "owner {name}").format(
            name=info.owner_name) if info.owner_name else ""
        stage = f" · {info.current_stage.label}" if info.current_stage else ""
        self.idea_meta.setText(f"#{info.id} · {info.status.label}{stage} · {info.area_name}"
                               f"{owner}")
        self.detail_stack.setCurrentWidget(self.detail)
        self.message_bar.dismiss()

        keep = self.metric_id
        self.metric_combo.blockSignals(True)
        self.metric_combo.clear()
        for metric in data.metrics:
            self.metric_combo.addItem(metric_label(metric), metric.id)
            self.metric_combo.setItemData(
                self.metric_combo.count() - 1,
                translate("ui.views.measurements", "{before} before, {after} after").format(
                    before=format_number(metric.before_n), after=format_number(metric.after_n)),
                Qt.ItemDataRole.ToolTipRole)
        # The style sheet's padding is not in the combo's size hint: size it to the longest.
        widest = max((self.metric_combo.fontMetrics().horizontalAdvance(metric_label(m))
                      for m in data.metrics), default=120)
        # At most that wide, and narrower when the bar has no room (the combo elides, issue 16:
        # a fixed 300 px ran the name under "Add metric…" at 1280x720).
        self.metric_combo.setMinimumWidth(COMBO_LEAST)
        self.metric_combo.setMaximumWidth(max(COMBO_LEAST, min(420, widest + 64)))
        self.metric_bar.fit()
        index = self.metric_combo.findData(keep) if keep is not None else -1
        if index < 0 and data.metrics:
            index = 0
        self.metric_combo.setCurrentIndex(index)
        self.metric_combo.blockSignals(False)
        self.tabs.setTabText(METRICS_PAGE, translate(
            "ui.views.measurements", "Measurements ({count})").format(count=len(data.metrics))
            if data.metrics else translate("ui.views.measurements", "Measurements"))
        self.metric_stack.setCurrentIndex(1 if data.metrics else 0)
        self.metric_bar.setVisible(bool(data.metrics))
        self.ideaLoaded.emit()
        if data.metrics:
            self.select_metric(int(self.metric_combo.currentData()))
        else:
            self._metric_loads.supersede()  # the last idea's metric must not land here
            self.metric_id = None
            self.stats = None
            self.samples_editor.set_metric(None)
            self.stats_panel.clear()
            self.before_after_chart.clear()
            self.control_panel.clear()
            self.samples_model.set_samples(None)
            self._update_actions()

    def _on_ledger_loaded(self) -> None:
        data = self.ledger.data
        count = len(data.entries) if data is not None else 0
        self.tabs.setTabText(LEDGER_PAGE, translate(
            "ui.views.measurements", "Savings ledger ({count})").format(count=count) if count
                             else translate("ui.views.measurements", "Savings ledger"))

    # -- one metric -------------------------------------------------------------------------------
    def _on_metric_picked(self, index: int) -> None:
        if index >= 0:
            self.select_metric(int(self.metric_combo.itemData(index)))

    def select_metric(self, metric_id: int) -> None:
        index = self.metric_combo.findData(metric_id)
        if index >= 0 and index != self.metric_combo.currentIndex():
            self.metric_combo.blockSignals(True)
            self.metric_combo.setCurrentIndex(index)
            self.metric_combo.blockSignals(False)
        if metric_id != self.metric_id:
            self.stats = None
            self.stats_panel.set_loading()
        self.metric_id = metric_id
        self.samples_editor.set_metric(metric_id, self.metric_combo.currentText())
        self._update_actions()
        services = self.services
        self._metric_loads.run(
            lambda: load_metric(services, metric_id),
            on_success=self._show_metric,
            on_failure=lambda error: self._show_error(
                error, translate("ui.views.measurements", "The metric could not be read")),
            owner=self,
            name="metric statistics",
        )

    def _show_metric(self, stats: MetricStats) -> None:
        self.stats = stats
        samples = stats.samples
        self.stats_panel.show_stats(stats)
        self.samples_model.set_samples(samples)
        total = len(samples.before) + len(samples.after)
        self.chart_tabs.setTabText(CHART_SAMPLES, translate(
            "ui.views.measurements", "Samples ({count})").format(count=format_number(total)))
        values, n_before = xmr_values(samples)
        self.xmr_note = (translate("ui.views.measurements",
                                   "The latest {before} before and {after} after").format(
            before=format_number(n_before), after=format_number(len(values) - n_before))
            if len(values) < total else "")
        self.before_after_chart.file_stem = translate(
            "ui.views.measurements", "{metric} before-after").format(metric=samples.name)
        self.xmr_chart.file_stem = translate(
            "ui.views.measurements", "{metric} control chart").format(metric=samples.name)
        analysis = stats.analysis
        if analysis is not None and (analysis.plan.lsl is not None
                                     or analysis.plan.usl is not None):
            self.capability_chart.file_stem = translate(
                "ui.views.measurements", "{metric} capability").format(metric=samples.name)
            self.capability_chart.draw(lambda: build_capability(analysis),
                                       name="capability chart")
        else:
            self.capability_chart.show_message(
                translate("ui.views.measurements",
                          "Set the metric's spec limits to see its capability."))
        self.before_after_chart.draw(lambda: build_before_after(stats),
                                     name="before/after chart")
        if analysis is not None:
            self.control_panel.show_analysis(analysis)
            from kaizen.domain.metric_chart import SHORT_LABELS

            # The chart's short name is marked by its owner, kaizen/domain/metric_chart.py.
            short = translated("domain.metric_chart", SHORT_LABELS[analysis.plan.chart])
            self.chart_tabs.setTabText(CHART_XMR, translate(
                "ui.views.measurements", "Control chart ({chart})").format(chart=short))
        else:
            self.xmr_chart.draw(lambda: build_xmr(samples), name="control chart")
        self._update_actions()
        self.metricLoaded.emit()

    def current_chart(self) -> ChartWidget | None:
        index = self.chart_tabs.currentIndex()
        return {CHART_BEFORE_AFTER: self.before_after_chart,
                CHART_XMR: self.xmr_chart,
                CHART_CAPABILITY: self.capability_chart}.get(index)

    def _update_chart_corner(self, *_args: Any) -> None:
        chart = self.current_chart()
        self.save_chart_button.setVisible(chart is not None)
        self.save_chart_button.setEnabled(chart is not None and chart.figure is not None)
        self.chart_note.setText(self.xmr_note)

    def save_current_chart(self) -> None:
        chart = self.current_chart()
        if chart is not None:
            chart.save_as()

    def _on_samples_added(self) -> None:
        # New samples change the metrics and their statistics, not the savings ledger.
        if self.idea_id is not None:
            self._load_idea(self.idea_id)

    def show_samples_editor(self) -> None:
        self.tabs.setCurrentIndex(METRICS_PAGE)
        self.chart_tabs.setCurrentIndex(CHART_SAMPLES)
        if self.samples_editor.text_edit.isEnabled():
            self.samples_editor.text_edit.setFocus()

    # -- actions ----------------------------------------------------------------------------------
    def open_metric_dialog(self) -> MetricDialog | None:
        if (self._refusal(Action.RECORD_MEASUREMENT) is not None or self.idea_id is None
                or self.person is None):
            return None
        dialog = MetricDialog(self.services, self.person.id, self.idea_id,
                              currency=self.currency, parent=self,
                              site_rule_set=self.idea.rule_set if self.idea else
                              "western_electric")
        dialog.metricAdded.connect(self._on_metric_added)
        dialog.finished.connect(dialog.deleteLater)
        self.metric_dialog = dialog
        dialog.open()
        return dialog

    def open_plan_dialog(self) -> MetricDialog | None:
        """The picked metric's statistics plan (fixed parts shown fixed once after-data exist)."""
        stats, data = self.stats, self.idea
        if (self._refusal(Action.RECORD_MEASUREMENT) is not None or self.person is None
                or stats is None or stats.analysis is None or data is None):
            return None
        metric = next((m for m in data.metrics if m.id == stats.analysis.metric_id), None)
        if metric is None:
            return None
        dialog = MetricDialog(self.services, self.person.id, metric.suggestion_id,
                              currency=self.currency, parent=self, metric=metric,
                              plan=stats.analysis.plan, site_rule_set=data.rule_set)
        dialog.planSaved.connect(lambda _plan: self.select_metric(metric.id))
        dialog.finished.connect(dialog.deleteLater)
        self.plan_dialog = dialog
        dialog.open()
        return dialog

    def _on_metric_added(self, metric: MetricInfo) -> None:
        self.metric_id = metric.id
        if self.idea_id is not None:  # a new metric: the metrics change, the ledger does not
            self._load_idea(self.idea_id)
        self.chart_tabs.setCurrentIndex(CHART_SAMPLES)

    def propose_savings(self) -> Any:
        stats = self.stats
        if (stats is None or stats.before.mean is None or stats.after.mean is None
                or self._refusal(Action.RECORD_SAVINGS) is not None):
            return None
        samples = stats.samples
        basis = MetricBasis(name=samples.name, unit=samples.unit,
                            direction=MetricDirection(samples.direction),
                            before_mean=stats.before.mean, after_mean=stats.after.mean)
        self.tabs.setCurrentIndex(LEDGER_PAGE)
        return self.ledger.propose(basis, self.today())

    def _show_error(self, error: BaseException, what: str) -> None:
        message = error.message if isinstance(error, KaizenError) else str(error)
        log.error("%s", what, exc_info=error)
        self.message_bar.show_message(f"{what}: {message}", kind="error")
        if self.detail_stack.currentWidget() is not self.detail:
            self.pick_state.set_text(what, message)


__all__ = ["XMR_MAX_PER_PHASE", "MeasurementsView", "xmr_values"]
