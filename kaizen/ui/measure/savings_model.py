""":class:`SavingsTableModel`: one idea's savings entries (month, kind, forecast / actual /
correction, amount, note, who validated them), over ``SavingsEntryInfo`` rows; it never reads the
database."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from kaizen.domain.months import format_day
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui import resources
from kaizen.ui.measure.common import (
    month_label,
)
from kaizen.ui.measure.savings_common import (
    ENTRY_ROLE,
    FORECAST_NOT_VALIDATED,
    KIND_HELP,
    LOCKED,
    Index,
    entry_money,
    kind_help,
    rule,
)
from kaizen.ui.models.headers import column_header

if TYPE_CHECKING:
    from kaizen.services.savings import SavingsEntryInfo

log = logging.getLogger(__name__)

COL_MONTH = 0
COL_TYPE = 1
COL_AMOUNT = 2
COL_STATUS = 3
COL_NOTE = 4
COLUMN_TITLES = (
    QT_TRANSLATE_NOOP("ui.measure.savings_model", "Month"),
    QT_TRANSLATE_NOOP("ui.measure.savings_model", "Entry"),
    QT_TRANSLATE_NOOP("ui.measure.savings_model", "Amount"),
    QT_TRANSLATE_NOOP("ui.measure.savings_model", "Validated"),
    QT_TRANSLATE_NOOP("ui.measure.savings_model", "Note"),
)


def entry_type(entry: SavingsEntryInfo) -> str:
    """"Actual, hard", "Forecast, soft", "Correction of #12, hard"."""
    kind = entry.kind.label.lower()
    if entry.corrects_id is not None:
        return translate("ui.measure.savings_model",
                         "Correction of #{id}, {kind}").format(id=entry.corrects_id, kind=kind)
    if entry.is_forecast:
        return translate("ui.measure.savings_model", "Forecast, {kind}").format(kind=kind)
    return translate("ui.measure.savings_model", "Actual, {kind}").format(kind=kind)


class SavingsTableModel(QAbstractTableModel):
    """The ledger's entries in the service's order (by month, each correction after the entry
    it corrects). ``names`` maps person ids to names for "validated by"."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[SavingsEntryInfo] = []
        self._names: dict[int, str] = {}
        self.currency = "EUR"

    def set_entries(self, entries: list[SavingsEntryInfo], names: dict[int, str] | None = None,
                    currency: str | None = None) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        if names is not None:
            self._names = dict(names)
        if currency is not None:
            self.currency = currency
        self.endResetModel()

    def entry(self, row: int) -> SavingsEntryInfo:
        return self._entries[row]

    def entries(self) -> list[SavingsEntryInfo]:
        return list(self._entries)

    def row_of(self, entry_id: int | None) -> int:
        return next((row for row, e in enumerate(self._entries) if e.id == entry_id), -1)

    def net_amount(self, entry_id: int) -> float:
        """An entry's amount with its corrections added."""
        return sum(e.amount for e in self._entries
                   if e.id == entry_id or e.corrects_id == entry_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMN_TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return column_header("ui.measure.savings_model", COLUMN_TITLES, section, orientation,
                             role, right=(COL_AMOUNT,))

    def validated_by(self, entry: SavingsEntryInfo) -> str:
        return self._names.get(entry.validated_by_id or -1,
                               translate("ui.measure.savings_model", "a supervisor"))

    def status_text(self, entry: SavingsEntryInfo) -> str:
        if entry.is_forecast:
            return "—"
        if entry.validated_at is None:
            return translate("ui.measure.savings_model", "Not yet")
        return f"{format_day(entry.validated_at, padded=False)} · {self.validated_by(entry)}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_MONTH:
                return month_label(entry.month)
            if column == COL_TYPE:
                return entry_type(entry)
            if column == COL_AMOUNT:
                return entry_money(entry.amount, self.currency)
            if column == COL_NOTE:
                return entry.note.splitlines()[0] if entry.note else ""
            if column == COL_STATUS:
                return self.status_text(entry)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_STATUS:
            if entry.locked:
                return resources.icon("mdi6.lock-outline", resources.ACCENT)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if entry.is_forecast:
                return QColor(resources.MUTED)
            if column == COL_AMOUNT and entry.amount < 0:
                return QColor("#b42318")
            if column == COL_STATUS and not entry.locked:
                return QColor(resources.WARNING)
            if column == COL_TYPE and entry.corrects_id is not None:
                return QColor("#b54708")
        if role == Qt.ItemDataRole.FontRole and entry.is_forecast:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_NOTE and entry.note:
                return entry.note
            if column == COL_STATUS:
                if entry.locked and entry.validated_at is not None:
                    return translate("ui.measure.savings_model",
                                     "Validated by {name} on {when}.").format(
                        name=self.validated_by(entry),
                        when=f"{entry.validated_at:%Y-%m-%d %H:%M}") + " " + rule(LOCKED)
                if entry.is_forecast:
                    return rule(FORECAST_NOT_VALIDATED)
                return translate("ui.measure.savings_model",
                                 "Not validated yet: a supervisor confirms actual amounts.")
            if column == COL_TYPE:
                help_text = kind_help(entry.kind) if entry.kind in KIND_HELP else ""
                return f"#{entry.id} · {entry.kind.label}: {help_text}"
        return None


# --- dialogs -----------------------------------------------------------------------------------
