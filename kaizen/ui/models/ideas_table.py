"""The ideas list as a table: columns, what each cell shows, what each column sorts by.

Rows are ``IdeaRow`` dataclasses read a page at a time by :class:`LazyTableModel`; sorting is the
service's (``IdeaColumn`` per column). Money is shown in whole units of the site currency, dates
as "2 Nov 2026" (in the app's language), the status as a coloured pill (:class:`PillDelegate`
paints ``PILL_ROLE``), and an open idea past its due date in the warning colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from kaizen.domain.enums import SuggestionStatus
from kaizen.domain.months import format_day
from kaizen.domain.numbers import format_money
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.services.listing import IdeaColumn, IdeaRow
from kaizen.ui import resources
from kaizen.ui.models.lazy_table import PILL_ROLE, SORT_ROLE, LazyTableModel, RowSource

COL_ID = 0
COL_TITLE = 1
COL_STATUS = 2
COL_AREA = 3
COL_SUBMITTER = 4
COL_OWNER = 5
COL_IMPACT = 6
COL_EFFORT = 7
COL_SAVINGS = 8
COL_CREATED = 9
COL_DUE = 10
COLUMN_TITLES = (
    "#",
    QT_TRANSLATE_NOOP("ui.models.ideas_table", "Title"),
    QT_TRANSLATE_NOOP("ui.models.ideas_table", "Status"),
    QT_TRANSLATE_NOOP("ui.models.ideas_table", "Area"),
    QT_TRANSLATE_NOOP("ui.models.ideas_table", "Submitted by"),
    QT_TRANSLATE_NOOP("ui.models.ideas_table", "Owner"),
    QT_TRANSLATE_NOOP("ui.models.ideas_table", "Impact"),
    QT_TRANSLATE_NOOP("ui.models.ideas_table", "Effort"),
    QT_TRANSLATE_NOOP("ui.models.ideas_table", "Savings / yr"),
    QT_TRANSLATE_NOOP("ui.models.ideas_table", "Created"),
    QT_TRANSLATE_NOOP("ui.models.ideas_table", "Due"),
)
SORT_KEYS = (
    IdeaColumn.ID, IdeaColumn.TITLE, IdeaColumn.STATUS, IdeaColumn.AREA, IdeaColumn.SUBMITTER,
    IdeaColumn.OWNER, IdeaColumn.IMPACT, IdeaColumn.EFFORT, IdeaColumn.EXPECTED_SAVINGS,
    IdeaColumn.CREATED_AT, IdeaColumn.DUE_DATE,
)
HEADER_TIPS = {
    COL_ID: QT_TRANSLATE_NOOP("ui.models.ideas_table", "The idea's number"),
    COL_SUBMITTER: QT_TRANSLATE_NOOP("ui.models.ideas_table", "Who logged the idea"),
    COL_OWNER: QT_TRANSLATE_NOOP("ui.models.ideas_table",
                                 "Who carries the idea out, once accepted"),
    COL_IMPACT: QT_TRANSLATE_NOOP("ui.models.ideas_table",
                                  "Expected impact, 1 (small) to 5 (large)"),
    COL_EFFORT: QT_TRANSLATE_NOOP("ui.models.ideas_table",
                                  "Expected effort, 1 (small) to 5 (large)"),
    COL_SAVINGS: QT_TRANSLATE_NOOP("ui.models.ideas_table", "Expected savings a year"),
    COL_DUE: QT_TRANSLATE_NOOP("ui.models.ideas_table", "When the owner plans to be done"),
}
# Widths that fit 1280 x 800 with the columns shown by default; the title takes the rest.
COLUMN_WIDTHS = {COL_ID: 90, COL_TITLE: 300, COL_STATUS: 138, COL_AREA: 122,
                 COL_SUBMITTER: 142, COL_OWNER: 142, COL_IMPACT: 76, COL_EFFORT: 72,
                 COL_SAVINGS: 112, COL_CREATED: 118, COL_DUE: 118}
HIDDEN_BY_DEFAULT = (COL_OWNER, COL_IMPACT, COL_EFFORT, COL_DUE)

# (background, text) per status: calm tints, the text colour carrying the meaning.
STATUS_COLOURS: dict[SuggestionStatus, tuple[str, str]] = {
    SuggestionStatus.SUBMITTED: ("#eff4ff", "#3538cd"),
    SuggestionStatus.UNDER_REVIEW: ("#fffaeb", "#b54708"),
    SuggestionStatus.ACCEPTED: ("#d5ece9", "#0b5d56"),
    SuggestionStatus.REJECTED: ("#fef3f2", "#b42318"),
    SuggestionStatus.STANDARDISED: ("#ecfdf3", "#067647"),
    SuggestionStatus.ABANDONED: ("#f2f4f7", "#475467"),
}

# Plain ints and ready colours: data() runs for every cell of every paint, and looking a Qt
# enum member up costs ten times an int comparison.
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_MUTED = QColor(resources.MUTED)
_WARNING = QColor(resources.WARNING)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTRE = Qt.AlignmentFlag.AlignCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_ALIGNMENT = {COL_ID: _RIGHT, COL_IMPACT: _CENTRE, COL_EFFORT: _CENTRE, COL_SAVINGS: _RIGHT}
NO_VALUE = "—"


def day_text(value: date | datetime | None) -> str:
    """ "2 Nov 2026" (no leading zero, in the app's language), or a dash."""
    if value is None:
        return NO_VALUE
    return format_day(value, padded=False)


def money_text(amount: float, currency: str) -> str:
    return format_money(amount, currency)


class IdeasTableModel(LazyTableModel):
    """The Ideas view's table (see the module docstring)."""

    column_titles: ClassVar[tuple[str, ...]] = COLUMN_TITLES
    sort_keys: ClassVar[tuple[Any, ...]] = SORT_KEYS
    default_sort = (COL_CREATED, Qt.SortOrder.DescendingOrder)
    placeholder_column = COL_TITLE

    def __init__(self, row_source: RowSource, parent: Any = None, *, currency: str = "EUR",
                 today: date | None = None, **kwargs: Any) -> None:
        super().__init__(row_source, parent, **kwargs)
        self._currency = currency
        self._today = today or date.today()

    def set_currency(self, currency: str) -> None:
        if currency != self._currency:
            self._currency = currency
            self.refresh_columns((COL_SAVINGS,))

    def refresh_columns(self, columns: Sequence[int]) -> None:
        if self.rowCount():
            for column in columns:
                self.dataChanged.emit(self.index(0, column),
                                      self.index(self.rowCount() - 1, column))

    def column_title(self, section: int) -> str:
        return translate("ui.models.ideas_table", COLUMN_TITLES[section])

    def header_tooltip(self, section: int) -> str | None:
        tip = HEADER_TIPS.get(section)
        return translate("ui.models.ideas_table", tip) if tip is not None else None

    def display(self, row: IdeaRow, column: int, role: int) -> Any:
        if role == DISPLAY:
            return self._text(row, column)
        if role == ALIGNMENT:
            return _ALIGNMENT.get(column, _LEFT)
        if role == PILL_ROLE and column == COL_STATUS:
            return STATUS_COLOURS.get(row.status)
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        if role == TOOLTIP:
            return self._tooltip(row, column)
        if role == FOREGROUND:
            if column == COL_DUE and self._overdue(row):
                return _WARNING
            if column in (COL_ID, COL_CREATED) or (column == COL_OWNER and not row.owner_name):
                return _MUTED
        return None

    def _text(self, row: IdeaRow, column: int) -> str | None:
        if column == COL_ID:
            return f"{row.id}"
        if column == COL_TITLE:
            return row.title
        if column == COL_STATUS:
            return row.status.label
        if column == COL_AREA:
            return row.area_name
        if column == COL_SUBMITTER:
            return row.submitter_name
        if column == COL_OWNER:
            return row.owner_name or NO_VALUE
        if column == COL_IMPACT:
            return str(row.impact)
        if column == COL_EFFORT:
            return str(row.effort)
        if column == COL_SAVINGS:
            return money_text(row.expected_savings, self._currency)
        if column == COL_CREATED:
            return day_text(row.created_at)
        if column == COL_DUE:
            return day_text(row.due_date)
        return None

    @staticmethod
    def _sort_value(row: IdeaRow, column: int) -> Any:
        values = {
            COL_ID: row.id, COL_TITLE: row.title.casefold(), COL_STATUS: row.status.value,
            COL_AREA: row.area_name.casefold(), COL_SUBMITTER: row.submitter_name.casefold(),
            COL_OWNER: (row.owner_name or "").casefold(), COL_IMPACT: row.impact,
            COL_EFFORT: row.effort, COL_SAVINGS: row.expected_savings,
            COL_CREATED: row.created_at, COL_DUE: row.due_date,
        }
        return values.get(column)

    def _tooltip(self, row: IdeaRow, column: int) -> str | None:
        if column in (COL_TITLE, COL_ID):
            lines = [f"#{row.id} {row.title}"]
            if row.wastes:
                lines.append(translate("ui.models.ideas_table", "Attacks: {wastes}").format(
                    wastes=", ".join(w.label for w in row.wastes)))
            if row.comment_count == 1:
                lines.append(translate("ui.models.ideas_table", "{count} comment").format(
                    count=row.comment_count))
            elif row.comment_count:
                lines.append(translate("ui.models.ideas_table", "{count} comments").format(
                    count=row.comment_count))
            return "\n".join(lines)
        if column == COL_STATUS:
            tip = _STATUS_TIPS.get(row.status)
            return translate("ui.models.ideas_table", tip) if tip is not None else None
        if column == COL_DUE and self._overdue(row):
            return translate("ui.models.ideas_table", "Overdue")
        if column == COL_SAVINGS:
            savings = format_money(row.expected_savings, self._currency, 2)
            return translate("ui.models.ideas_table", "Expected savings: {savings} a year").format(
                savings=savings)
        return None

    def _overdue(self, row: IdeaRow) -> bool:
        return (row.due_date is not None and row.due_date < self._today
                and not row.status.is_closed)


_STATUS_TIPS = {
    SuggestionStatus.SUBMITTED: QT_TRANSLATE_NOOP("ui.models.ideas_table",
                                                  "Waiting for a supervisor to look at it"),
    SuggestionStatus.UNDER_REVIEW: QT_TRANSLATE_NOOP("ui.models.ideas_table",
                                                     "A supervisor is looking at it"),
    SuggestionStatus.ACCEPTED: QT_TRANSLATE_NOOP(
        "ui.models.ideas_table", "Accepted: running through Plan, Do, Check and Act"),
    SuggestionStatus.REJECTED: QT_TRANSLATE_NOOP("ui.models.ideas_table",
                                                 "Rejected, with a reason"),
    SuggestionStatus.STANDARDISED: QT_TRANSLATE_NOOP("ui.models.ideas_table",
                                                     "Done: the change is the new standard"),
    SuggestionStatus.ABANDONED: QT_TRANSLATE_NOOP("ui.models.ideas_table",
                                                  "Stopped after trying it"),
}
