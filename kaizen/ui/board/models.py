"""Qt models of the PDCA board: the cards of one column, and the detail panel's tables.

``CardListModel`` holds the ``CardInfo`` rows of one stage. Cards are dragged between columns as
``CARD_MIME`` data (cycle id, version and stage, as JSON); dropping on another column's model
emits ``moveRequested`` and the view decides (the model never calls a service). A card being
moved is kept in ``pending`` and painted faded until the board reloads.

The table models (``ActionsTableModel``, ``MetricsTableModel``, ``StageHistoryModel``,
``AuditTableModel``) are plain read models over the service dataclasses; the actions table has a
checkable "Done" column whose ticks are reported by ``doneToggled`` for the view to save.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from kaizen.domain.enums import (
    ActDecision,
    MetricDirection,
    PdcaStage,
    SuggestionStatus,
    WasteCategory,
)
from kaizen.domain.months import format_day
from kaizen.domain.numbers import format_number
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui import resources
from kaizen.ui.models.headers import column_header

if TYPE_CHECKING:
    from kaizen.services.board import AuditEntry, CardInfo
    from kaizen.services.measurements import MetricInfo
    from kaizen.services.pdca import ActionInfo, StageChangeInfo

CARD_MIME = "application/x-kaizen-pdca-card"
CARD_ROLE = Qt.ItemDataRole.UserRole + 1
PENDING_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex

OVERDUE_TEXT = "#b42318"
OVERDUE_FILL = "#fef3f2"
DASH = "—"


@dataclass(frozen=True, slots=True)
class CardRef:
    """What a dragged card carries: enough to ask the service for the move."""

    cycle_id: int
    version: int
    stage: PdcaStage


def encode_card(card: CardInfo) -> QMimeData:
    mime = QMimeData()
    payload = {"cycle_id": card.cycle_id, "version": card.version, "stage": card.stage.value}
    mime.setData(CARD_MIME, json.dumps(payload).encode("utf-8"))
    mime.setText(card.title)  # dropping on a text field gives the title, as a person expects
    return mime


def decode_card(mime: QMimeData | None) -> CardRef | None:
    """The card in ``mime``, or None for anything else (a file, text, a damaged payload)."""
    if mime is None or not mime.hasFormat(CARD_MIME):
        return None
    try:
        payload = json.loads(bytes(mime.data(CARD_MIME).data()).decode("utf-8"))
        ref = CardRef(int(payload["cycle_id"]), int(payload["version"]),
                      PdcaStage(payload["stage"]))
    except (ValueError, KeyError, TypeError):
        return None
    return ref


class CardListModel(QAbstractListModel):
    """The cards of one stage. ``moveRequested(CardRef, PdcaStage)`` fires on a drop."""

    moveRequested = Signal(object, object)

    def __init__(self, stage: PdcaStage, parent: Any = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self._cards: list[CardInfo] = []
        self.pending: set[int] = set()

    # -- data in ------------------------------------------------------------------------------
    def set_cards(self, cards: Sequence[CardInfo]) -> None:
        self.beginResetModel()
        self._cards = list(cards)
        self.pending.clear()
        self.endResetModel()

    def cards(self) -> list[CardInfo]:
        return list(self._cards)

    def shows(self, cards: Sequence[CardInfo]) -> bool:
        """Whether the column shows exactly ``cards``, none of them on its way (pending)."""
        return not self.pending and self._cards == list(cards)

    def card(self, row: int) -> CardInfo:
        return self._cards[row]

    def row_of(self, cycle_id: int) -> int:
        for row, card in enumerate(self._cards):
            if card.cycle_id == cycle_id:
                return row
        return -1

    def take(self, cycle_id: int) -> CardInfo | None:
        """Remove a card (it is moving to another column); None when it is not here."""
        row = self.row_of(cycle_id)
        if row < 0:
            return None
        self.beginRemoveRows(QModelIndex(), row, row)
        card = self._cards.pop(row)
        self.endRemoveRows()
        return card

    def put_pending(self, card: CardInfo) -> None:
        """Show a card that is on its way here, at the top, faded until the board reloads."""
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._cards.insert(0, card)
        self.pending.add(card.cycle_id)
        self.endInsertRows()

    # -- Qt model interface -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._cards)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cards):
            return None
        card = self._cards[index.row()]
        if role == CARD_ROLE:
            return card
        if role == PENDING_ROLE:
            return card.cycle_id in self.pending
        if role == Qt.ItemDataRole.DisplayRole:
            return card.title
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return describe_card(card)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            # Drops land on the column itself, wherever the pointer is.
            return Qt.ItemFlag.ItemIsDropEnabled
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled)

    def mimeTypes(self) -> list[str]:
        return [CARD_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData | None:
        rows = [i.row() for i in indexes if i.isValid() and 0 <= i.row() < len(self._cards)]
        if not rows:
            return None
        return encode_card(self._cards[rows[0]])

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        ref = decode_card(data)
        return ref is not None and ref.stage is not self.stage

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        """A card dropped here from another column: ask for the move, change nothing yet."""
        if action == Qt.DropAction.IgnoreAction:
            return True
        ref = decode_card(data)
        if ref is None or ref.stage is self.stage:
            return False
        self.moveRequested.emit(ref, self.stage)
        return True


_OUTCOMES = {ActDecision.ADOPT: QT_TRANSLATE_NOOP("ui.board.models", "Standardised"),
             ActDecision.ADAPT: QT_TRANSLATE_NOOP("ui.board.models", "Adapted"),
             ActDecision.ABANDON: QT_TRANSLATE_NOOP("ui.board.models", "Abandoned")}


def closed_label(card: CardInfo) -> str:
    """How a Done card ended: "Standardised" (adopted) or "Abandoned"."""
    outcome = _OUTCOMES.get(card.decision) if card.decision else None
    if outcome:
        return translate("ui.board.models", outcome)
    return translate("ui.board.models", "Closed")


def describe_card(card: CardInfo) -> str:
    """One plain sentence per card, for tooltips and screen readers."""
    owner = card.owner_name or translate("ui.board.models", "nobody")
    parts = [card.title,
             translate("ui.board.models", "cycle {number}").format(number=card.cycle_number),
             translate("ui.board.models", "owner {name}").format(name=owner), card.area_name]
    if card.stage is PdcaStage.DONE:
        if card.closed_at is not None:
            outcome = closed_label(card).lower()
            parts.append(translate("ui.board.models", "{outcome} on {day}").format(
                outcome=outcome, day=format_day(card.closed_at)))
    else:
        parts.append(translate("ui.board.models", "{days} days in {stage}").format(
            days=card.days_in_stage, stage=card.stage.label))
        if card.open_actions:
            parts.append(translate("ui.board.models", "{count} open actions").format(
                count=card.open_actions))
        if card.overdue_actions:
            parts.append(translate("ui.board.models", "{count} overdue").format(
                count=card.overdue_actions))
    return " · ".join(parts)


# ---------------------------------------------------------------------------------- detail tables


def _date(value: date | datetime | None) -> str:
    if value is None:
        return DASH
    return format_day(value, time=isinstance(value, datetime))


class _RowsModel(QAbstractTableModel):
    """A read-only table over a list of dataclasses, with column titles."""

    titles: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.titles)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return column_header("ui.board.models", self.titles, section, orientation, role)


A_DONE, A_TEXT, A_OWNER, A_DUE = range(4)


class ActionsTableModel(_RowsModel):
    """The Do actions. Ticking "Done" emits ``doneToggled(action_id, done)``; the view saves it
    and resets the model from the service's answer, so a refused tick never sticks."""

    titles = (QT_TRANSLATE_NOOP("ui.board.models", "Done"),
              QT_TRANSLATE_NOOP("ui.board.models", "Action"),
              QT_TRANSLATE_NOOP("ui.board.models", "Owner"),
              QT_TRANSLATE_NOOP("ui.board.models", "Due"))
    doneToggled = Signal(int, bool)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.editable = False

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        action: ActionInfo = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == A_DONE:
            return Qt.CheckState.Checked if action.done_at else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            if column == A_TEXT:
                return action.text
            if column == A_OWNER:
                return action.owner_name or DASH
            if column == A_DUE:
                text = _date(action.due_date)
                if action.overdue:
                    return translate("ui.board.models", "{day} · overdue").format(day=text)
                return text
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if action.done_at:
                return translate("ui.board.models", "Done on {day}").format(
                    day=_date(action.done_at))
            if action.overdue:
                return translate("ui.board.models", "Overdue: past its due date and not done")
            return None
        if role == Qt.ItemDataRole.ForegroundRole and action.overdue:
            return QBrush(QColor(OVERDUE_TEXT))
        if role == Qt.ItemDataRole.ForegroundRole and action.done_at:
            return QBrush(QColor(resources.MUTED))
        if role == Qt.ItemDataRole.BackgroundRole and action.overdue:
            return QBrush(QColor(OVERDUE_FILL))
        if role == Qt.ItemDataRole.FontRole and action.overdue and column == A_DUE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole and column == A_DUE and action.overdue:
            return resources.icon("mdi6.alert-circle-outline", OVERDUE_TEXT)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and index.column() == A_DONE and self.editable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (not index.isValid() or index.column() != A_DONE
                or role != Qt.ItemDataRole.CheckStateRole or not self.editable):
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(
            value, bool) else value
        action: ActionInfo = self._rows[index.row()]
        self.doneToggled.emit(action.id, bool(checked))
        return False  # the row changes when the service has saved it


M_NAME, M_BEFORE_N, M_BEFORE, M_AFTER_N, M_AFTER, M_CHANGE = range(6)


class MetricsTableModel(_RowsModel):
    """The idea's metrics with their before/after sample counts and means."""

    titles = (QT_TRANSLATE_NOOP("ui.board.models", "Metric"),
              QT_TRANSLATE_NOOP("ui.board.models", "Before n"),
              QT_TRANSLATE_NOOP("ui.board.models", "Before mean"),
              QT_TRANSLATE_NOOP("ui.board.models", "After n"),
              QT_TRANSLATE_NOOP("ui.board.models", "After mean"),
              QT_TRANSLATE_NOOP("ui.board.models", "Change"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        metric: MetricInfo = self._rows[index.row()]
        column = index.column()
        change = _change(metric)
        if role == Qt.ItemDataRole.DisplayRole:
            unit = f" {metric.unit}" if metric.unit else ""
            if column == M_NAME:
                unit_name = metric.unit or translate("ui.board.models", "no unit")
                if metric.direction is MetricDirection.LOWER_IS_BETTER:
                    return translate("ui.board.models", "{name} ({unit}, lower is better)").format(
                        name=metric.name, unit=unit_name)
                return translate("ui.board.models", "{name} ({unit}, higher is better)").format(
                    name=metric.name, unit=unit_name)
            if column == M_BEFORE_N:
                return format_number(metric.before_n)
            if column == M_AFTER_N:
                return format_number(metric.after_n)
            if column == M_BEFORE:
                return DASH if metric.before_mean is None else (
                    format_number(metric.before_mean, 2) + unit)
            if column == M_AFTER:
                return DASH if metric.after_mean is None else (
                    format_number(metric.after_mean, 2) + unit)
            if column == M_CHANGE:
                return DASH if change is None else _signed_percent(change)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column != M_NAME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == M_CHANGE and change is not None:
            better = (change < 0) == (metric.direction is MetricDirection.LOWER_IS_BETTER)
            return QBrush(QColor(resources.ACCENT if better and change else OVERDUE_TEXT
                                 if change else resources.MUTED))
        if role == Qt.ItemDataRole.ToolTipRole and column == M_CHANGE:
            return translate("ui.board.models",
                             "Change of the mean from before to after; whether it is "
                             "statistically real is shown in Measurements.")
        return None


def _signed_percent(change: float) -> str:
    """"+12.5 %" / "-3.0 %": the sign always shown, the number in the language's way."""
    text = format_number(abs(change), 1)
    negative = change < 0 and text.strip("0.,") != ""
    return ("-" if negative else "+") + text + " %"


def _change(metric: MetricInfo) -> float | None:
    """Relative change of the mean from before to after, in percent (None without both)."""
    if metric.before_mean is None or metric.after_mean is None or metric.before_mean == 0:
        return None
    return (metric.after_mean - metric.before_mean) / abs(metric.before_mean) * 100


H_WHEN, H_MOVE, H_WHO, H_NOTE = range(4)


class StageHistoryModel(_RowsModel):
    """Every stage change of the cycle, newest first."""

    titles = (QT_TRANSLATE_NOOP("ui.board.models", "When"),
              QT_TRANSLATE_NOOP("ui.board.models", "Move"),
              QT_TRANSLATE_NOOP("ui.board.models", "Who"),
              QT_TRANSLATE_NOOP("ui.board.models", "Note"))

    def set_rows(self, rows: Sequence[StageChangeInfo]) -> None:
        super().set_rows(sorted(rows, key=lambda c: (c.at, c.id), reverse=True))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        change: StageChangeInfo = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == H_WHEN:
                return _date(change.at)
            if column == H_MOVE:
                if change.from_stage is None:
                    return translate("ui.board.models", "Opened in {stage}").format(
                        stage=change.to_stage.label)
                back = change.to_stage.order < change.from_stage.order
                text = f"{change.from_stage.label} → {change.to_stage.label}"
                if back:
                    return translate("ui.board.models", "{move} (back)").format(move=text)
                return text
            if column == H_WHO:
                return change.person_name
            if column == H_NOTE:
                return change.note or ""
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == H_NOTE and change.note:
            return change.note
        return None


U_WHEN, U_WHO, U_WHAT, U_CHANGES = range(4)

_ENTITY_NAMES = {"pdca_cycle": QT_TRANSLATE_NOOP("ui.board.models", "Cycle"),
                 "pdca_action": QT_TRANSLATE_NOOP("ui.board.models", "Action"),
                 "suggestion": QT_TRANSLATE_NOOP("ui.board.models", "Idea"),
                 "metric": QT_TRANSLATE_NOOP("ui.board.models", "Metric")}

# What was done, as the trail stores it (the words are the key's, spaced).
_ACTION_WORDS = {
    "open": QT_TRANSLATE_NOOP("ui.board.models", "open"),
    "add": QT_TRANSLATE_NOOP("ui.board.models", "add"),
    "update_plan": QT_TRANSLATE_NOOP("ui.board.models", "update plan"),
    "done": QT_TRANSLATE_NOOP("ui.board.models", "done"),
    "undone": QT_TRANSLATE_NOOP("ui.board.models", "undone"),
    "record_check": QT_TRANSLATE_NOOP("ui.board.models", "record check"),
    "decide": QT_TRANSLATE_NOOP("ui.board.models", "decide"),
    "move": QT_TRANSLATE_NOOP("ui.board.models", "move"),
    "standardise": QT_TRANSLATE_NOOP("ui.board.models", "standardise"),
    "abandon": QT_TRANSLATE_NOOP("ui.board.models", "abandon"),
    "add_measurements": QT_TRANSLATE_NOOP("ui.board.models", "add measurements"),
    "import_measurements": QT_TRANSLATE_NOOP("ui.board.models", "import measurements"),
}
# The fields a trail names, in words (an unknown one shows its key, spaced).
_FIELD_WORDS = {
    "stage": QT_TRANSLATE_NOOP("ui.board.models", "stage"),
    "stage_entered_at": QT_TRANSLATE_NOOP("ui.board.models", "stage entered at"),
    "number": QT_TRANSLATE_NOOP("ui.board.models", "number"),
    "problem_statement": QT_TRANSLATE_NOOP("ui.board.models", "problem statement"),
    "why_chain": QT_TRANSLATE_NOOP("ui.board.models", "why chain"),
    "root_cause": QT_TRANSLATE_NOOP("ui.board.models", "root cause"),
    "target_metric": QT_TRANSLATE_NOOP("ui.board.models", "target metric"),
    "target_from": QT_TRANSLATE_NOOP("ui.board.models", "target from"),
    "target_to": QT_TRANSLATE_NOOP("ui.board.models", "target to"),
    "target_by": QT_TRANSLATE_NOOP("ui.board.models", "target by"),
    "countermeasure": QT_TRANSLATE_NOOP("ui.board.models", "countermeasure"),
    "check_result": QT_TRANSLATE_NOOP("ui.board.models", "check result"),
    "act_decision": QT_TRANSLATE_NOOP("ui.board.models", "act decision"),
    "standard_change": QT_TRANSLATE_NOOP("ui.board.models", "standard change"),
    "share_note": QT_TRANSLATE_NOOP("ui.board.models", "share note"),
    "closed_at": QT_TRANSLATE_NOOP("ui.board.models", "closed at"),
    "text": QT_TRANSLATE_NOOP("ui.board.models", "text"),
    "due_date": QT_TRANSLATE_NOOP("ui.board.models", "due date"),
    "done_at": QT_TRANSLATE_NOOP("ui.board.models", "done at"),
    "name": QT_TRANSLATE_NOOP("ui.board.models", "name"),
    "unit": QT_TRANSLATE_NOOP("ui.board.models", "unit"),
    "direction": QT_TRANSLATE_NOOP("ui.board.models", "direction"),
    "status": QT_TRANSLATE_NOOP("ui.board.models", "status"),
    "title": QT_TRANSLATE_NOOP("ui.board.models", "title"),
    "problem": QT_TRANSLATE_NOOP("ui.board.models", "problem"),
    "proposal": QT_TRANSLATE_NOOP("ui.board.models", "proposal"),
    "wastes": QT_TRANSLATE_NOOP("ui.board.models", "wastes"),
    "expected_savings": QT_TRANSLATE_NOOP("ui.board.models", "expected savings"),
    "implementation_cost": QT_TRANSLATE_NOOP("ui.board.models", "implementation cost"),
    "impact": QT_TRANSLATE_NOOP("ui.board.models", "impact"),
    "effort": QT_TRANSLATE_NOOP("ui.board.models", "effort"),
    "review_note": QT_TRANSLATE_NOOP("ui.board.models", "review note"),
    "category": QT_TRANSLATE_NOOP("ui.board.models", "category"),
    "description": QT_TRANSLATE_NOOP("ui.board.models", "description"),
    "minutes_per_occurrence": QT_TRANSLATE_NOOP("ui.board.models", "minutes per occurrence"),
    "occurrences_per_week": QT_TRANSLATE_NOOP("ui.board.models", "occurrences per week"),
    "cost_per_occurrence": QT_TRANSLATE_NOOP("ui.board.models", "cost per occurrence"),
    "observed_at": QT_TRANSLATE_NOOP("ui.board.models", "observed at"),
    "body": QT_TRANSLATE_NOOP("ui.board.models", "body"),
    "file_name": QT_TRANSLATE_NOOP("ui.board.models", "file name"),
    "from_stage": QT_TRANSLATE_NOOP("ui.board.models", "from stage"),
    "to_stage": QT_TRANSLATE_NOOP("ui.board.models", "to stage"),
    "note": QT_TRANSLATE_NOOP("ui.board.models", "note"),
    "reason": QT_TRANSLATE_NOOP("ui.board.models", "reason"),
}


_EMPTY = (None, "", [])
_LABELLED = frozenset({"stage", "act_decision", "status", "from_stage", "to_stage",
                       "category", "wastes"})


def _shown(field: str, before: Any, after: Any) -> bool:
    # Record ids are links, not news to a reader; an empty field added empty is no change.
    return not field.endswith("_id") and not (before in _EMPTY and after in _EMPTY)


class AuditTableModel(_RowsModel):
    """The audit trail: who changed what and when, newest first."""

    titles = (QT_TRANSLATE_NOOP("ui.board.models", "When"),
              QT_TRANSLATE_NOOP("ui.board.models", "Who"),
              QT_TRANSLATE_NOOP("ui.board.models", "What"),
              QT_TRANSLATE_NOOP("ui.board.models", "Changes"))

    def set_rows(self, rows: Sequence[AuditEntry]) -> None:
        super().set_rows(sorted(rows, key=lambda e: (e.at, e.id), reverse=True))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry: AuditEntry = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == U_WHEN:
                return _date(entry.at)
            if column == U_WHO:
                return entry.person_name or translate("ui.board.models", "System")
            if column == U_WHAT:
                known = _ENTITY_NAMES.get(entry.entity)
                kind = translate("ui.board.models", known) if known else entry.entity
                return translate("ui.board.models", "{kind}: {action}").format(
                    kind=kind, action=_words(_ACTION_WORDS, entry.action))
            if column == U_CHANGES:
                separator = "\n" if role == Qt.ItemDataRole.ToolTipRole else "; "
                return separator.join(_describe_change(*change) for change in entry.changes
                                      if _shown(*change))
        return None


def _words(table: dict[str, str], key: str) -> str:
    """``key`` in words: its marked entry translated, else the key with spaces."""
    if key in table:
        return translate("ui.board.models", table[key])
    return key.replace("_", " ")


def _label(field: str, value: str) -> str:
    """A stored stage, decision, status or waste as people read it (the enum's label, which
    kaizen.domain.enums translates)."""
    kinds: dict[str, Any] = {"act_decision": ActDecision, "status": SuggestionStatus,
                             "category": WasteCategory, "wastes": WasteCategory}
    try:
        return str(kinds.get(field, PdcaStage)(value).label)
    except ValueError:
        return value.replace("_", " ").capitalize()


def _describe_change(field: str, before: Any, after: Any) -> str:
    name = _words(_FIELD_WORDS, field)

    def show(value: Any) -> str:
        if value in _EMPTY:
            return translate("ui.board.models", "empty")
        if field in _LABELLED and isinstance(value, str):
            return _label(field, value)
        if isinstance(value, list):
            if field in _LABELLED:
                return " / ".join(_label(field, str(v)) for v in value)
            return " / ".join(str(v) for v in value)
        text = str(value)
        if isinstance(value, str) and len(value) in (10, 19, 26) and value[4:5] == "-":
            # Dates and times are stored as ISO text in the trail (a moment read from the clock
            # has microseconds); people read them as the language writes days.
            with contextlib.suppress(ValueError):
                text = _date(datetime.fromisoformat(value) if len(value) > 10
                             else date.fromisoformat(value))
        return text if len(text) <= 60 else text[:57] + "…"

    if before in _EMPTY:
        return f"{name}: {show(after)}"
    return f"{name}: {show(before)} → {show(after)}"
