"""The waste-walk list as a table: columns, what each cell shows, what each column sorts by.

Rows are ``ObservationRow`` dataclasses read a page at a time by :class:`LazyTableModel`; sorting
is the service's (``ObservationColumn`` per column). The waste is a coloured pill, the yearly
cost (derived by the service from the area's hourly rate) is in whole units of the currency, and
an observation that led to an idea shows that idea's number.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from kaizen.domain.enums import WasteCategory
from kaizen.domain.numbers import format_money, format_number
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.services.listing import ObservationColumn, ObservationRow
from kaizen.ui import resources
from kaizen.ui.models.ideas_table import NO_VALUE, day_text, money_text
from kaizen.ui.models.lazy_table import PILL_ROLE, SORT_ROLE, LazyTableModel, RowSource

COL_ID = 0
COL_CATEGORY = 1
COL_SUMMARY = 2
COL_AREA = 3
COL_OBSERVER = 4
COL_OBSERVED = 5
COL_MINUTES = 6
COL_OCCURRENCES = 7
COL_COST = 8
COL_LINKED = 9
COLUMN_TITLES = (
    "#",
    QT_TRANSLATE_NOOP("ui.models.observations_table", "Waste"),
    QT_TRANSLATE_NOOP("ui.models.observations_table", "What was seen"),
    QT_TRANSLATE_NOOP("ui.models.observations_table", "Area"),
    QT_TRANSLATE_NOOP("ui.models.observations_table", "Seen by"),
    QT_TRANSLATE_NOOP("ui.models.observations_table", "Seen on"),
    QT_TRANSLATE_NOOP("ui.models.observations_table", "Min lost"),
    QT_TRANSLATE_NOOP("ui.models.observations_table", "Per week"),
    QT_TRANSLATE_NOOP("ui.models.observations_table", "Cost / yr"),
    QT_TRANSLATE_NOOP("ui.models.observations_table", "Idea"),
)
SORT_KEYS = (
    ObservationColumn.ID, ObservationColumn.CATEGORY, None, ObservationColumn.AREA,
    ObservationColumn.OBSERVER, ObservationColumn.OBSERVED_AT, ObservationColumn.MINUTES,
    ObservationColumn.OCCURRENCES, ObservationColumn.YEARLY_COST, ObservationColumn.LINKED,
)
HEADER_TIPS = {
    COL_ID: QT_TRANSLATE_NOOP("ui.models.observations_table", "The observation's number"),
    COL_SUMMARY: QT_TRANSLATE_NOOP(
        "ui.models.observations_table",
        "The first line of what was seen (not sortable: search it instead)"),
    COL_MINUTES: QT_TRANSLATE_NOOP("ui.models.observations_table",
                                   "Minutes lost each time it happens"),
    COL_OCCURRENCES: QT_TRANSLATE_NOOP("ui.models.observations_table",
                                       "How many times a week it happens"),
    COL_COST: QT_TRANSLATE_NOOP(
        "ui.models.observations_table",
        "What it costs in a year: the minutes priced at the area's hourly rate, plus any "
        "cost per occurrence"),
    COL_LINKED: QT_TRANSLATE_NOOP("ui.models.observations_table",
                                  "The idea this observation led to"),
}
COLUMN_WIDTHS = {COL_ID: 90, COL_CATEGORY: 162, COL_SUMMARY: 300, COL_AREA: 128,
                 COL_OBSERVER: 136, COL_OBSERVED: 122, COL_MINUTES: 84, COL_OCCURRENCES: 84,
                 COL_COST: 112, COL_LINKED: 88}  # "#20,515" whole
HIDDEN_BY_DEFAULT = (COL_ID, COL_MINUTES, COL_OCCURRENCES)

# (background, text) per waste: seven soft tints that stay apart at a glance.
WASTE_COLOURS: dict[WasteCategory, tuple[str, str]] = {
    WasteCategory.TRANSPORT: ("#eff8ff", "#175cd3"),
    WasteCategory.INVENTORY: ("#f4f3ff", "#5925dc"),
    WasteCategory.MOTION: ("#fdf2fa", "#c11574"),
    WasteCategory.WAITING: ("#fffaeb", "#b54708"),
    WasteCategory.OVERPRODUCTION: ("#fff4ed", "#c4320a"),
    WasteCategory.OVER_PROCESSING: ("#ecfdff", "#0e7090"),
    WasteCategory.DEFECTS: ("#fef3f2", "#b42318"),
}

# Plain ints and ready colours: data() runs for every cell of every paint, and looking a Qt
# enum member up costs ten times an int comparison.
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_MUTED = QColor(resources.MUTED)
_ACCENT = QColor(resources.ACCENT)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_ALIGNMENT = {COL_ID: _RIGHT, COL_MINUTES: _RIGHT, COL_OCCURRENCES: _RIGHT, COL_COST: _RIGHT}


def number_text(value: float) -> str:
    """12 or 2.5, never 12.0 (in the app's language: 2,5 in German)."""
    rounded = round(value, 1)
    return format_number(value, 0 if rounded == int(rounded) else 1)


class ObservationsTableModel(LazyTableModel):
    """The Waste walk view's table (see the module docstring)."""

    column_titles: ClassVar[tuple[str, ...]] = COLUMN_TITLES
    sort_keys: ClassVar[tuple[Any, ...]] = SORT_KEYS
    default_sort = (COL_OBSERVED, Qt.SortOrder.DescendingOrder)
    placeholder_column = COL_SUMMARY

    def __init__(self, row_source: RowSource, parent: Any = None, *, currency: str = "EUR",
                 **kwargs: Any) -> None:
        super().__init__(row_source, parent, **kwargs)
        self._currency = currency

    def set_currency(self, currency: str) -> None:
        if currency != self._currency:
            self._currency = currency
            if self.rowCount():
                self.dataChanged.emit(self.index(0, COL_COST),
                                      self.index(self.rowCount() - 1, COL_COST))

    def column_title(self, section: int) -> str:
        return translate("ui.models.observations_table", COLUMN_TITLES[section])

    def header_tooltip(self, section: int) -> str | None:
        tip = HEADER_TIPS.get(section)
        return translate("ui.models.observations_table", tip) if tip is not None else None

    def display(self, row: ObservationRow, column: int, role: int) -> Any:
        if role == DISPLAY:
            return self._text(row, column)
        if role == ALIGNMENT:
            return _ALIGNMENT.get(column, _LEFT)
        if role == PILL_ROLE and column == COL_CATEGORY:
            return WASTE_COLOURS.get(row.category)
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        if role == TOOLTIP:
            return self._tooltip(row, column)
        if role == FOREGROUND:
            if column == COL_LINKED and row.suggestion_id is not None:
                return _ACCENT
            if column in (COL_ID, COL_OBSERVED) or column == COL_LINKED:
                return _MUTED
        return None

    def _text(self, row: ObservationRow, column: int) -> str | None:
        if column == COL_ID:
            return f"{row.id}"
        if column == COL_CATEGORY:
            return row.category.label
        if column == COL_SUMMARY:
            return row.summary
        if column == COL_AREA:
            return row.area_name
        if column == COL_OBSERVER:
            return row.observer_name
        if column == COL_OBSERVED:
            return day_text(row.observed_at)
        if column == COL_MINUTES:
            return number_text(row.minutes_per_occurrence)
        if column == COL_OCCURRENCES:
            return number_text(row.occurrences_per_week)
        if column == COL_COST:
            return money_text(row.yearly_cost, self._currency)
        if column == COL_LINKED:
            return f"#{row.suggestion_id}" if row.suggestion_id is not None else NO_VALUE
        return None

    @staticmethod
    def _sort_value(row: ObservationRow, column: int) -> Any:
        values = {
            COL_ID: row.id, COL_CATEGORY: row.category.value, COL_SUMMARY: row.summary.casefold(),
            COL_AREA: row.area_name.casefold(), COL_OBSERVER: row.observer_name.casefold(),
            COL_OBSERVED: row.observed_at, COL_MINUTES: row.minutes_per_occurrence,
            COL_OCCURRENCES: row.occurrences_per_week, COL_COST: row.yearly_cost,
            COL_LINKED: row.suggestion_id,
        }
        return values.get(column)

    def _tooltip(self, row: ObservationRow, column: int) -> str | None:
        if column == COL_CATEGORY:
            return row.category.help_text
        if column in (COL_SUMMARY, COL_ID):
            return f"#{row.id} {row.summary}"
        if column in (COL_COST, COL_MINUTES, COL_OCCURRENCES):
            return translate(
                "ui.models.observations_table",
                "{minutes} min lost each time, {per_week} times a week: about {cost} a year",
            ).format(minutes=number_text(row.minutes_per_occurrence),
                     per_week=number_text(row.occurrences_per_week),
                     cost=format_money(row.yearly_cost, self._currency, 2))
        if column == COL_LINKED:
            if row.suggestion_id is not None:
                return translate("ui.models.observations_table", "Led to idea #{id}").format(
                    id=row.suggestion_id)
            return translate("ui.models.observations_table", "Not turned into an idea yet")
        return None
