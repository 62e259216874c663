"""The Dashboard: the site's figures for a period and the year to date, and two charts.

Above: the period (this month, last month, year to date, the last 12 months or a custom range)
and the area (with the areas below it). Then a card per figure of
:meth:`kaizen.services.dashboard.DashboardService.figures`: ideas submitted, ideas per person per
year, participation, implementation rate, median days to done, validated savings, overdue
actions, stalled cards and the top wastes. Each card is clickable (mouse, or Tab and Enter) and
emits ``drilldownRequested(Drilldown)`` with the list behind its figure; its "Year to date" line
emits the year-to-date list. Below: cumulative savings by month (stacked by kind, with the
forecast) and the waste Pareto.

Everything is read in the background worker: the page's one read,
:meth:`~kaizen.services.dashboard.DashboardService.screen` (figures, areas, site name and
currency in one transaction; the cards fill in first), then each chart in its own task that also
builds and renders its matplotlib Figure in the currency that read gave. A newer refresh wins over
an older one still on its way (:class:`kaizen.ui.worker.Latest`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.numbers import format_number
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.services.dashboard import (
    DashboardFigures,
    DashboardFilter,
    DashboardScreen,
    Drilldown,
)
from kaizen.ui import resources
from kaizen.ui.charts import ChartWidget
from kaizen.ui.measure.common import (
    ElidedLabel,
    compact_number,
    format_money,
)
from kaizen.ui.measure.style import INPUTS
from kaizen.ui.views import ViewPage, translated
from kaizen.ui.views.dashboard_cards import (
    CARDS,
    UNKNOWN,
    CardSpec,
    CardText,
    Period,
    card_texts,
    chart_months,
    drilldowns,
    format_day,
    format_range,
    period_label,
    period_range,
    ytd_value,
)
from kaizen.ui.views.dashboard_grid import (
    NARROW_COLUMNS,
    WIDE_COLUMNS,
    columns_for,
    place_cards,
)
from kaizen.ui.views.dashboard_style import DASHBOARD_STYLE
from kaizen.ui.widgets.choices import AreaCombo
from kaizen.ui.widgets.dates import DateEdit
from kaizen.ui.widgets.message_bar import MessageBar
from kaizen.ui.worker import Latest, run_later

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure

    from kaizen.services import Services
    from kaizen.services.dashboard import TopWaste
    from kaizen.services.people import AreaInfo
    from kaizen.ui.charts.kept import KeptCharts

log = logging.getLogger(__name__)

LOADING = "…"
ALL_AREAS = QT_TRANSLATE_NOOP("ui.views.dashboard", "All areas")
CHART_MIN_HEIGHT = 280



# --- cards -------------------------------------------------------------------------------------


class _Clickable(QFrame):
    """A focusable frame that emits ``clicked`` on a left click, Enter or Space."""

    clicked = Signal()

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._pressed = False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = event.button() == Qt.MouseButton.LeftButton
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        inside = self.rect().contains(event.position().toPoint())
        if self._pressed and event.button() == Qt.MouseButton.LeftButton and inside:
            self.clicked.emit()
        self._pressed = False
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class LinkRow(_Clickable):
    """A one-line link inside a card: text on the left (elided), an amount on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("LinkRow", parent)
        self.text_label = ElidedLabel()
        self.text_label.setObjectName("LinkText")
        self.amount_label = QLabel("")
        self.amount_label.setObjectName("LinkAmount")
        self.amount_label.setTextFormat(Qt.TextFormat.PlainText)
        # The amount is never cut ("441k EUF", issue 16); the text beside it is elided first.
        self.amount_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.setSpacing(6)
        row.addWidget(self.text_label, 1)
        row.addWidget(self.amount_label)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def set_text(self, text: str, amount: str = "") -> None:
        self.text_label.setText(text)
        self.amount_label.setText(amount)
        self.amount_label.setVisible(bool(amount))

    def needed_width(self) -> int:
        """Width showing the whole text and amount (margins and spacing included)."""
        text = self.text_label.fontMetrics().horizontalAdvance(self.text_label.text())
        amount = (self.amount_label.sizeHint().width() + 6) if self.amount_label.text() else 0
        return text + amount + 8 + 4

    def text(self) -> str:
        amount = self.amount_label.text()
        return f"{self.text_label.text()} {amount}".strip()


class FigureCard(_Clickable):
    """Caption, the period's value with the figure's icon, a detail line and a "Year to date"
    link."""

    ytdClicked = Signal()

    def __init__(self, spec: CardSpec, parent: QWidget | None = None) -> None:
        super().__init__("FigureCard", parent)
        self.spec = spec
        self.setAccessibleName(spec.caption_text())
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(140)
        self.caption_label = ElidedLabel(spec.caption_text())
        self.caption_label.setObjectName("FigureCaption")
        self.icon_label = QLabel()
        self.icon_label.setObjectName("FigureIcon")
        self.icon_label.setPixmap(resources.icon(spec.icon, resources.ACCENT).pixmap(
            QSize(20, 20)))
        self.value_label = QLabel(LOADING)
        self.value_label.setObjectName("FigureValue")
        self.value_label.setProperty("tone", "")  # before its first polish: see set_text
        self.value_label.setTextFormat(Qt.TextFormat.PlainText)
        self.value_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.detail_label = QLabel("")
        self.detail_label.setObjectName("FigureDetail")
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setWordWrap(True)
        self.detail_label.setSizePolicy(QSizePolicy.Policy.Ignored,
                                        QSizePolicy.Policy.Preferred)
        self.ytd_link = LinkRow()
        self.ytd_link.setObjectName("YtdLink")
        self.ytd_link.setToolTip(translate("ui.views.dashboard", "Year to date (1 January to the "
                                           "end of the period): click to see its list"))
        self.ytd_link.clicked.connect(self.ytdClicked)
        self.ytd_link.setVisible(False)

        value_row = QHBoxLayout()
        value_row.setSpacing(6)
        value_row.addWidget(self.value_label, 1)
        value_row.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignVCenter)
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 10, 10, 8)
        column.setSpacing(1)
        column.addWidget(self.caption_label)
        column.addLayout(value_row)
        column.addWidget(self.detail_label)
        column.addStretch(1)
        column.addSpacing(2)
        column.addWidget(self.ytd_link)
        self._tip = translate("ui.views.dashboard",
                              "{caption}: {tip}\nClick to see the list behind it.").format(
            caption=spec.caption_text(), tip=spec.tip_text())
        self.setToolTip(self._tip)

    def set_text(self, text: CardText, ytd: str | None = None) -> None:
        self.value_label.setText(text.value)
        if self.value_label.property("tone") != text.tone:
            # Styled again only when its tone changes: each polish costs the GUI thread.
            self.value_label.setProperty("tone", text.tone)
            self.value_label.style().unpolish(self.value_label)
            self.value_label.style().polish(self.value_label)
        self.detail_label.setText(text.detail)
        self.ytd_link.setVisible(ytd is not None)
        if ytd is not None:
            self.ytd_link.set_text(translate("ui.views.dashboard", "YTD"), f"{ytd}  ›")
            # The card grows to show the whole year-to-date line (issue 16).
            self.setMinimumWidth(max(140, self.ytd_link.needed_width() + 24))
        self.setToolTip(self._tip)

    def set_failed(self, error: str) -> None:
        self.set_text(CardText(UNKNOWN, translate("ui.views.dashboard", "Could not be read"),
                               "muted"))
        self.setToolTip(translate("ui.views.dashboard", "Could not be read: {error}").format(
            error=error))

    @property
    def value_text(self) -> str:
        return self.value_label.text()

    @property
    def detail_text(self) -> str:
        return self.detail_label.text()

    @property
    def ytd_text(self) -> str:
        return self.ytd_link.amount_label.text() if not self.ytd_link.isHidden() else ""


class TopWastesCard(QFrame):
    """The three costliest wastes of the period (and of the year), each a link to its list."""

    wasteClicked = Signal(object)  # the Drilldown of the waste clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FigureCard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(280)
        self.setAccessibleName(translate("ui.views.dashboard", "Top wastes"))
        self._tip = translate(
            "ui.views.dashboard", "Top wastes: the wastes whose observations in the period cost "
            "the most a year (minutes lost at the area's hourly rate plus the cost per "
            "occurrence, × occurrences a week × 52). Click one to see its observations.")
        self.setToolTip(self._tip)
        self.caption_label = ElidedLabel(translate("ui.views.dashboard", "Top wastes"))
        self.caption_label.setObjectName("FigureCaption")
        icon = QLabel()
        icon.setPixmap(resources.icon("mdi6.delete-variant", resources.ACCENT).pixmap(
            QSize(20, 20)))
        caption_row = QHBoxLayout()
        caption_row.addWidget(self.caption_label, 1)
        caption_row.addWidget(icon)
        self.period_heading = QLabel(translate("ui.views.dashboard", "This period"))
        self.ytd_heading = QLabel(translate("ui.views.dashboard", "Year to date"))
        self.period_rows: list[LinkRow] = []
        self.ytd_rows: list[LinkRow] = []
        self.period_empty = QLabel(translate("ui.views.dashboard", "No waste observed"))
        self.ytd_empty = QLabel(translate("ui.views.dashboard", "No waste observed"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(0)
        for column, (heading, rows, empty) in enumerate((
            (self.period_heading, self.period_rows, self.period_empty),
            (self.ytd_heading, self.ytd_rows, self.ytd_empty),
        )):
            heading.setObjectName("WasteHeading")
            heading.setTextFormat(Qt.TextFormat.PlainText)
            grid.addWidget(heading, 0, column)
            for line in range(3):
                link = LinkRow()
                link.setObjectName("WasteRow")
                link.setVisible(False)
                link.clicked.connect(self._on_row_clicked)
                rows.append(link)
                grid.addWidget(link, line + 1, column)
            empty.setObjectName("FigureDetail")
            empty.setTextFormat(Qt.TextFormat.PlainText)
            empty.setVisible(False)
            grid.addWidget(empty, 1, column)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(4, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 10, 8)
        outer.setSpacing(3)
        outer.addLayout(caption_row)
        outer.addLayout(grid, 1)
        self._drills: dict[LinkRow, Drilldown] = {}

    def set_wastes(self, period: tuple[TopWaste, ...], ytd: tuple[TopWaste, ...] | None,
                   currency: str) -> None:
        self._drills.clear()
        self.setToolTip(self._tip)
        show_ytd = ytd is not None
        self.ytd_heading.setVisible(show_ytd)
        this_period = translate("ui.views.dashboard", "This period · {currency} a year")
        year_to_date = translate("ui.views.dashboard", "Year to date · {currency} a year")
        self.period_heading.setText((this_period if show_ytd else year_to_date).format(
            currency=currency))
        self.ytd_heading.setText(year_to_date.format(currency=currency))
        self._fill(self.period_rows, self.period_empty, period, currency)
        self._fill(self.ytd_rows, self.ytd_empty, ytd or (), currency, visible=show_ytd)
        # Room for the longest waste's name and amount in each column, never "Over-proces…".
        widest = max((row.needed_width() for row in self.period_rows + self.ytd_rows
                      if not row.isHidden()), default=0)
        self.setMinimumWidth(widest * (2 if show_ytd else 1) + 14 + 24)

    def _fill(self, rows: list[LinkRow], empty: QLabel, wastes: tuple[TopWaste, ...],
              currency: str, *, visible: bool = True) -> None:
        for rank, link in enumerate(rows):
            waste = wastes[rank] if rank < len(wastes) else None
            link.setVisible(visible and waste is not None)
            if waste is None:
                continue
            link.set_text(f"{rank + 1}. {waste.label}", compact_number(waste.yearly_cost))
            tip = (translate("ui.views.dashboard", "{waste}: {count} observation, costing "
                             "{cost} a year. Click to see them.") if waste.count == 1 else
                   translate("ui.views.dashboard", "{waste}: {count} observations, costing "
                             "{cost} a year. Click to see them."))
            link.setToolTip(tip.format(waste=waste.label, count=format_number(waste.count),
                                       cost=format_money(waste.yearly_cost, currency)))
            self._drills[link] = waste.drilldown
        empty.setVisible(visible and not wastes)

    def set_failed(self, error: str) -> None:
        for link in self.period_rows + self.ytd_rows:
            link.setVisible(False)
        self.period_empty.setText(translate("ui.views.dashboard", "Could not be read"))
        self.setToolTip(translate("ui.views.dashboard", "Could not be read: {error}").format(
            error=error))
        self.period_empty.setVisible(True)
        self.ytd_empty.setVisible(False)

    def row_texts(self, ytd: bool = False) -> list[str]:
        rows = self.ytd_rows if ytd else self.period_rows
        return [link.text() for link in rows if not link.isHidden()]

    def _on_row_clicked(self) -> None:
        link = self.sender()
        if isinstance(link, LinkRow) and link in self._drills:
            self.wasteClicked.emit(self._drills[link])


# --- loading -----------------------------------------------------------------------------------


def savings_chart_data(services: Services, flt: DashboardFilter, currency: str
                       ) -> tuple[Any, ...]:
    """The savings chart's data as plain values (worker thread): months, actual, forecast and
    the currency, what :func:`savings_chart_figure` draws and what its kept picture is keyed
    by. ``currency`` is the one the page's read gave (:class:`DashboardScreen`)."""
    months = chart_months(flt.period_start, flt.period_end)
    series = services.analytics.savings_by_month(flt, months, validated_only=True)
    actual = tuple((kind, tuple(values)) for kind, values in series.actual.items())
    return (tuple(series.months), actual, tuple(series.forecast), currency)


def savings_chart_figure(data: tuple[Any, ...]) -> MplFigure:
    """Cumulative validated savings by month with the forecast."""
    from kaizen.charts import cumulative_savings_figure

    months, actual, forecast, currency = data
    return cumulative_savings_figure(list(months), {kind: list(values) for kind, values in actual},
                                     list(forecast), currency=currency)


def build_savings_chart(services: Services, flt: DashboardFilter, currency: str) -> MplFigure:
    """Cumulative validated savings by month with the forecast (worker thread). ``currency`` is
    the one the page's read gave (:class:`DashboardScreen`): the settings are not read again."""
    return savings_chart_figure(savings_chart_data(services, flt, currency))


def pareto_chart_data(services: Services, flt: DashboardFilter, currency: str
                      ) -> tuple[Any, ...]:
    """The Pareto's data as plain values (worker thread): (label, yearly cost) bars and the
    currency."""
    bars = services.analytics.waste_pareto(flt)
    return (tuple((bar.label, bar.yearly_cost) for bar in bars), currency)


def pareto_chart_figure(data: tuple[Any, ...]) -> MplFigure:
    """Yearly cost by waste of the observations of the period."""
    from kaizen.charts import pareto_figure

    bars, currency = data
    return pareto_figure(list(bars), currency=currency)


def build_pareto_chart(services: Services, flt: DashboardFilter, currency: str) -> MplFigure:
    """Yearly cost by waste of the observations of the period (worker thread)."""
    return pareto_chart_figure(pareto_chart_data(services, flt, currency))


# --- the view ----------------------------------------------------------------------------------


class DashboardView(ViewPage):
    title = QT_TRANSLATE_NOOP("ui.views.dashboard", "Dashboard")
    subtitle = QT_TRANSLATE_NOOP("ui.views.dashboard", "Where the site stands today.")
    icon_name = "mdi6.view-dashboard-outline"

    loaded = Signal()  # the cards show a new set of figures (or their failure)
    settled = Signal()  # ... and the charts are in too (or failed): the whole screen is filled
    drilldownRequested = Signal(object)  # a Drilldown: the list behind a figure
    stallsRequested = Signal()  # "Where ideas stall": the ideas mined on the mining page

    def __init__(self, services: Services, parent: QWidget | None = None, *,
                 staged: bool = False) -> None:
        super().__init__(services, parent)
        self.setStyleSheet(INPUTS + DASHBOARD_STYLE)
        # Injectable for tests; the presets are counted from this day.
        self.today = date.today
        # Where the charts are kept as pictures between runs (issue 21); the main window gives
        # the folder of the last dashboard's picture. None: always drawn.
        self.kept_charts: KeptCharts | None = None
        self.figures: DashboardFigures | None = None
        self.error: str | None = None
        # A newer refresh supersedes a load still in flight: its figures are dropped on arrival.
        self._loads = Latest()
        self._columns = 0
        self._areas: list[AreaInfo] | None = None
        self._filling = False
        self._shown_filter: DashboardFilter | None = None
        # Charts still being drawn for the newest refresh; the process signals are read once
        # they are in (see _chart_done).
        self._charts_pending = 0
        # Fills of the page begun (see _show): a newer one drops the rest of an older.
        self._fills = 0

        self._built = False
        self._steps = self._build()
        if not staged:
            self.finish_build()

    # -- building ---------------------------------------------------------------------------------
    @property
    def built(self) -> bool:
        """True once every part of the page is made (see :meth:`build_step`)."""
        return self._built

    def build_step(self) -> bool:
        """Make the next part of the page; False once it is whole. A page made with
        ``staged=True`` is built a part per event-loop turn by the main window, each a few
        milliseconds of the GUI thread, behind the kept picture of the last dashboard: made in
        one go it held the GUI thread 40-50 ms at start (issue 21)."""
        if not self._built:
            next(self._steps, None)
        return not self._built

    def finish_build(self) -> None:
        """Make whatever parts are still missing, now."""
        while self.build_step():
            pass

    def _build(self) -> Iterator[None]:
        """The parts, from the top down, in four turns of under 10 ms each (each turn more is a
        wait for the CPU on a busy machine): each widget is made inside its parent (a tree made
        on its own and then put in the styled page was styled again on every move)."""
        self._build_filters()
        self.content_layout.addLayout(self.filters_row)
        self.message_bar = MessageBar(self)
        self.content_layout.addWidget(self.message_bar)
        from kaizen.ui.views.process_signals import ProcessSignalsStrip

        self.process_signals = ProcessSignalsStrip(self.services, self)  # issue 18
        self.content_layout.addWidget(self.process_signals)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("DashboardScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget()
        content.setObjectName("DashboardContent")
        self.scroll.setWidget(content)
        self.content_layout.addWidget(self.scroll, 1)
        self.cards_grid = QGridLayout()
        self.cards_grid.setHorizontalSpacing(12)
        self.cards_grid.setVerticalSpacing(12)
        self.charts_grid = QGridLayout()
        self.charts_grid.setSpacing(12)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(16)
        column.addLayout(self.cards_grid)
        column.addLayout(self.charts_grid, 1)
        yield

        self.cards: dict[str, FigureCard] = {}
        for number, spec in enumerate(CARDS, start=1):
            card = FigureCard(spec, content)
            card.clicked.connect(self._on_card_clicked)
            card.ytdClicked.connect(self._on_ytd_clicked)
            self.cards[spec.key] = card
            if number == len(CARDS) // 2:
                yield
        self.top_wastes = TopWastesCard(content)
        self.top_wastes.wasteClicked.connect(self.drilldownRequested)
        yield

        self.savings_chart = ChartWidget(translate("ui.views.dashboard", "Savings by month"),
                                         file_stem="savings-by-month", parent=content)
        self.pareto_chart = ChartWidget(translate("ui.views.dashboard", "Waste Pareto"),
                                        file_stem="waste-pareto", parent=content)
        for chart in (self.savings_chart, self.pareto_chart):
            chart.setMinimumHeight(CHART_MIN_HEIGHT)
            chart.figureShown.connect(self._chart_done)
            chart.failed.connect(self._chart_done)
        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.activated.connect(self.refresh)
        self._built = True
        # Five across until the page has its size (its resizeEvent places them again).
        sized = self.testAttribute(Qt.WidgetAttribute.WA_Resized)
        self._place(wide=not sized or columns_for(self._content_width(self.width()))
                    == WIDE_COLUMNS)

    def _build_filters(self) -> None:
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("PeriodFilter")
        self.period_combo.setAccessibleName(translate("ui.views.dashboard", "Period"))
        self.period_combo.setToolTip(translate("ui.views.dashboard", "The days the figures count"))
        for period in Period:
            self.period_combo.addItem(resources.icon("mdi6.calendar-range"),
                                      period_label(period), period)
        self.period_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period_combo.currentIndexChanged.connect(self._on_period_changed)

        self.from_edit = self._date_edit("from", translate("ui.views.dashboard", "From"),
                                         translate("ui.views.dashboard", "First day counted"))
        self.to_edit = self._date_edit("to", translate("ui.views.dashboard", "To"),
                                       translate("ui.views.dashboard", "Last day counted"))
        self.to_label = QLabel(translate("ui.views.dashboard", "to"))
        self.to_label.setObjectName("DashboardRange")

        self.area_combo = AreaCombo(none_label=translated("ui.views.dashboard", ALL_AREAS))
        self.area_combo.setObjectName("AreaFilter")
        self.area_combo.setAccessibleName(translate("ui.views.dashboard", "Area"))
        self.area_combo.setToolTip(
            translate("ui.views.dashboard", "Count this area and the areas below it"))
        self.area_combo.setItemIcon(0, resources.icon("mdi6.map-marker-outline"))
        self.area_combo.currentIndexChanged.connect(self._on_filter_changed)

        self.range_label = QLabel("")
        self.range_label.setObjectName("DashboardRange")
        self.range_label.setTextFormat(Qt.TextFormat.PlainText)
        self.refresh_button = QPushButton(translate("ui.views.dashboard", "Refresh"))
        self.refresh_button.setObjectName("RefreshButton")
        self.refresh_button.setIcon(resources.icon("mdi6.refresh"))
        self.refresh_button.setToolTip(
            translate("ui.views.dashboard", "Read the figures again (F5)"))
        self.refresh_button.clicked.connect(self.refresh)

        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.period_combo)
        row.addWidget(self.range_label)
        row.addWidget(self.from_edit)
        row.addWidget(self.to_label)
        row.addWidget(self.to_edit)
        row.addSpacing(4)
        row.addWidget(self.area_combo)
        row.addStretch(1)
        self.stalls_button = QPushButton(translate("ui.views.dashboard", "Where ideas stall"))
        self.stalls_button.setObjectName("StallsButton")
        self.stalls_button.setIcon(resources.icon("mdi6.graph-outline"))
        self.stalls_button.setToolTip(translate(
            "ui.views.dashboard",
            "Mine the ideas' own status and PDCA stage changes: where they wait longest"))
        self.stalls_button.clicked.connect(self.stallsRequested)
        row.addWidget(self.stalls_button)
        row.addWidget(self.refresh_button)
        self.filters_row = row
        self._show_custom(False)

    def _date_edit(self, field: str, name: str, tip: str) -> DateEdit:
        # The app's one date editor (issue 16); an emptied or unreadable day keeps the range
        # shown until a day is given.
        edit = DateEdit(translate("ui.views.dashboard", "Pick a day"), field=field, label=name)
        edit.setAccessibleName(name)
        edit.line.setToolTip(tip)
        edit.dateChanged.connect(self._on_filter_changed)
        return edit

    def _show_custom(self, visible: bool) -> None:
        for widget in (self.from_edit, self.to_label, self.to_edit):
            widget.setVisible(visible)

    def _place(self, *, wide: bool) -> None:
        """Lay the cards out five (or three) across and the charts side by side (or stacked)."""
        columns = WIDE_COLUMNS if wide else NARROW_COLUMNS
        if columns == self._columns:
            return
        self._columns = columns
        items: list[tuple[QWidget, int]] = [(card, 1) for card in self.cards.values()]
        items.append((self.top_wastes, 2))
        place_cards(self.cards_grid, items, columns)
        for chart in (self.savings_chart, self.pareto_chart):
            self.charts_grid.removeWidget(chart)
        self.charts_grid.addWidget(self.savings_chart, 0, 0)
        self.charts_grid.addWidget(self.pareto_chart, 0 if wide else 1, 1 if wide else 0)
        # The Pareto's category names need more room across than the twelve months do.
        self.charts_grid.setColumnStretch(0, 9 if wide else 1)
        self.charts_grid.setColumnStretch(1, 11 if wide else 0)

    def _content_width(self, width: int) -> int:
        margins = self.content_layout.contentsMargins()
        return width - margins.left() - margins.right()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._built:  # else placed as the build ends
            width = self._content_width(event.size().width())
            self._place(wide=columns_for(width) == WIDE_COLUMNS)

    # -- the filter -------------------------------------------------------------------------------
    @property
    def period(self) -> Period:
        value = self.period_combo.currentData()
        return value if isinstance(value, Period) else Period.THIS_MONTH

    def set_period(self, period: Period, start: date | None = None,
                   end: date | None = None) -> None:
        """Pick a preset, or CUSTOM with its days; refreshes."""
        if period is Period.CUSTOM and start is not None and end is not None:
            self._shown_filter = DashboardFilter(start, end, self.area_combo.area_id())
            for edit, day in ((self.from_edit, start), (self.to_edit, end)):
                edit.blockSignals(True)
                edit.set_value(day)
                edit.blockSignals(False)
        index = self.period_combo.findData(period)
        if index == self.period_combo.currentIndex():
            self._on_period_changed()
        else:
            self.period_combo.setCurrentIndex(index)

    def current_filter(self) -> DashboardFilter:
        if self.period is Period.CUSTOM:
            shown = self._shown_filter
            fallback = (shown.period_start, shown.period_end) if shown is not None else (
                period_range(Period.THIS_MONTH, self.today()))
            start = self.from_edit.value() or fallback[0]
            end = self.to_edit.value() or fallback[1]
            if end < start:
                start, end = end, start
        else:
            start, end = period_range(self.period, self.today())
        return DashboardFilter(start, end, self.area_combo.area_id())

    def _on_period_changed(self, *_args: Any) -> None:
        custom = self.period is Period.CUSTOM
        if custom and self._shown_filter is not None:
            # A custom range starts from the days shown, so it is a small edit away.
            shown = self._shown_filter
            for edit, day in ((self.from_edit, shown.period_start),
                              (self.to_edit, shown.period_end)):
                edit.blockSignals(True)
                edit.set_value(day)
                edit.blockSignals(False)
        self._show_custom(custom)
        self.refresh()

    def _on_filter_changed(self, *_args: Any) -> None:
        if not self._filling:
            self.refresh()

    # -- loading ----------------------------------------------------------------------------------
    def focus_target(self) -> QWidget | None:
        """The first figure card (Enter opens the list behind it), not the period filter."""
        return next(iter(self.cards.values()))

    def refresh(self) -> None:
        if not self._built:
            return  # the main window shows (and so refreshes) the page once it is whole
        self._fills += 1  # the rest of a fill still to come is of an older read
        dashboard = self.services.dashboard
        flt = self.current_filter()
        self._shown_filter = flt
        self._charts_pending = 2
        self.range_label.setText(
            "" if self.period is Period.CUSTOM else format_range(flt.period_start, flt.period_end)
        )
        # One read for the page (figures, areas, site name, currency); the areas come along (a
        # few dozen rows) so that one added meanwhile is offered next time the page is shown.
        self._loads.run(
            lambda: dashboard.screen(flt),
            on_success=lambda screen: self._show(screen, flt),
            on_failure=self._show_failure,
            owner=self,
            name="dashboard figures",
        )
        self.savings_chart.set_caption(self._savings_caption(flt))
        self.pareto_chart.set_caption(
            translate("ui.views.dashboard", "Waste Pareto · seen {period}").format(
                period=format_range(flt.period_start, flt.period_end))
        )
        for chart in (self.savings_chart, self.pareto_chart):
            chart.show_loading()

    def _draw_charts(self, flt: DashboardFilter, currency: str) -> None:
        """Build both charts in the worker, once the cards are filled: the cards' new text
        settles the layout first, so each chart is rendered at the size it will be shown."""
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self._charts_pending = 2
        services = self.services
        kept = self.kept_charts
        self.savings_chart.draw_kept(lambda: savings_chart_data(services, flt, currency),
                                     savings_chart_figure, kept=kept, name="dashboard-savings")
        self.pareto_chart.draw_kept(lambda: pareto_chart_data(services, flt, currency),
                                    pareto_chart_figure, kept=kept, name="dashboard-pareto")

    def _chart_done(self, *_args: Any) -> None:
        """Once both charts of the newest refresh are in: the process signals (issue 18). They
        come after the figures and the charts (issue 21: the first screen first); reading them
        meanwhile took CPU from both and, when a strip appeared, resized the charts drawn."""
        if self._charts_pending <= 0:
            return
        self._charts_pending -= 1
        if self._charts_pending == 0:
            self.process_signals.refresh()
            self.settled.emit()

    @staticmethod
    def _savings_caption(flt: DashboardFilter) -> str:
        months = chart_months(flt.period_start, flt.period_end)
        return translate("ui.views.dashboard", "Validated savings · last {count} months").format(
            count=months)

    def _show(self, screen: DashboardScreen, flt: DashboardFilter) -> None:
        if screen.areas != self._areas:
            self._areas = screen.areas
            # set_areas re-selects the area picked, which emits a change: not a new filter.
            self._filling = True
            try:
                self.area_combo.set_areas(screen.areas)
                self.area_combo.setItemIcon(0, resources.icon("mdi6.map-marker-outline"))
            finally:
                self._filling = False
        figures = screen.figures
        self.error = None
        self.message_bar.dismiss()
        same_range = figures.period == figures.year_to_date
        for spec in CARDS:
            card = self.cards[spec.key]
            text = card_texts(spec.key, figures.period, figures)
            ytd = None if spec.snapshot or same_range else ytd_value(spec.key, figures)
            card.set_text(text, ytd)
        # The rest a turn later, once the cards are laid out and painted: the whole page
        # filled, laid out and painted in one turn held the GUI thread 20-25 ms of CPU, twice
        # that on a busy machine (issue 21).
        self._fills += 1
        fill = self._fills
        run_later(lambda: self._show_rest(fill, screen, flt), owner=self)

    def _show_rest(self, fill: int, screen: DashboardScreen, flt: DashboardFilter) -> None:
        """The top wastes and the subtitle, then ``figures``, ``loaded`` and the charts;
        nothing when a newer refresh came after the cards were filled."""
        if fill != self._fills:
            return
        figures = screen.figures
        self.figures = figures
        same_range = figures.period == figures.year_to_date
        self.top_wastes.set_wastes(figures.period.top_wastes,
                                   None if same_range else figures.year_to_date.top_wastes,
                                   figures.currency)
        site = screen.site_name or translate("ui.views.dashboard", "the site")
        period = format_range(figures.period.start, figures.period.end)
        self.subtitle_label.setText(translate(
            "ui.views.dashboard", "Where {site} stands: ideas, savings and wastes of {period}; "
            "open actions and cards as of {day}.").format(
            site=site, period=period, day=format_day(figures.as_of)))
        self.loaded.emit()
        self._draw_charts(flt, screen.currency)

    def _show_failure(self, error: BaseException) -> None:
        self._fills += 1
        log.error("Dashboard could not read its figures", exc_info=error)
        message = str(error) or type(error).__name__
        self.figures = None
        self.error = message
        for card in self.cards.values():
            card.set_failed(message)
        self.top_wastes.set_failed(message)
        failure = translate("ui.views.dashboard", "The figures could not be read: {error}").format(
            error=message)
        self.message_bar.show_message(failure, kind="error")
        # The charts' currency comes with the figures: without them, the charts say why.
        for chart in (self.savings_chart, self.pareto_chart):
            chart.clear(failure)
        self._charts_pending = 0
        self.process_signals.refresh()
        self.loaded.emit()
        self.settled.emit()

    # -- drilldowns -------------------------------------------------------------------------------
    def _card_key(self) -> str | None:
        sender = self.sender()
        for key, card in self.cards.items():
            if card is sender:
                return key
        return None

    def _on_card_clicked(self) -> None:
        key = self._card_key()
        if key is not None and self.figures is not None:
            self.drilldownRequested.emit(drilldowns(key, self.figures)[0])

    def _on_ytd_clicked(self) -> None:
        key = self._card_key()
        if key is not None and self.figures is not None:
            ytd = drilldowns(key, self.figures)[1]
            if ytd is not None:
                self.drilldownRequested.emit(ytd)
