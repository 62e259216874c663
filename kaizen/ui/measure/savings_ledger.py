"""The savings ledger of one idea: monthly entries, their validation, corrections, ROI and payback.

- :class:`SavingsTableModel`: the entries (month, kind, forecast / actual / correction, amount,
  note, who validated them), over ``SavingsEntryInfo`` rows; it never reads the database.
- :class:`EntryDialog`: add an entry or edit one that is not validated yet.
- :class:`CorrectionDialog`: fix a validated (locked) entry with a correction entry.
- :class:`ProposeSavingsDialog`: estimate yearly savings from the measurements
  (:func:`kaizen.domain.savings_math.estimate_yearly_savings`: the difference × a yearly volume ×
  the cost of one unit) and hand a pre-filled monthly forecast to the entry dialog.
- :class:`SavingsLedger`: the tiles (validated, actual and forecast totals, one-off cost, ROI,
  payback month), the buttons and the table.

The ledger rules are the services': a supervisor validates actuals, a validated entry is locked
(Edit is disabled, "Correct…" adds a correction), a forecast is never validated, staff only read.
The widget greys out what the service would surely refuse and says why; whatever it shows, the
service decides. ROI and payback count validated actuals only, the money a supervisor confirmed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.enums import MetricDirection, SavingsKind
from kaizen.domain.errors import KaizenError, ValidationError
from kaizen.domain.permissions import Action, can
from kaizen.domain.savings_math import estimate_yearly_savings, payback_month, roi
from kaizen.ui import resources
from kaizen.ui.board.message_bar import MessageBar
from kaizen.ui.measure.common import (
    PICK_PERSON,
    format_money,
    format_sample,
    format_stat,
    month_label,
)
from kaizen.ui.measure.proof_override import ask_override
from kaizen.ui.measure.style import DIALOG_STYLE, polish
from kaizen.ui.widgets.form import FieldForm
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from PySide6.QtWidgets import QInputDialog

    from kaizen.services import Services
    from kaizen.services.analytics import SuggestionSavings
    from kaizen.services.people import PersonInfo
    from kaizen.services.savings import SavingsEntryInfo

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_AMOUNT = 1e12
STAFF_READ_ONLY = "Supervisors and admins record savings; staff see the ledger read-only."
LOCKED = "Validated entries are locked: use Correct… to fix one with a correction entry."
FORECAST_NOT_VALIDATED = ("A forecast is a promise, not money: it is never validated. Record "
                          "the actual amount once the month is over and validate that.")
KIND_HELP = {
    SavingsKind.HARD: "Money that no longer leaves the business: less scrap, overtime, "
                      "material, energy.",
    SavingsKind.SOFT: "Time or capacity freed and used for other work.",
    SavingsKind.AVOIDANCE: "A cost that would have come and now will not (a hire, a "
                           "machine, a penalty).",
}


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def next_month(day: date) -> str:
    return month_of(date(day.year + day.month // 12, day.month % 12 + 1, 1))


def _qdate(month: str) -> QDate:
    try:
        return QDate(int(month[:4]), int(month[5:7]), 1)
    except (ValueError, IndexError):
        return QDate.currentDate()


def _money(amount: float, currency: str) -> str:
    decimals = 0 if float(amount).is_integer() else 2
    return format_money(amount, currency, decimals)


# --- the table model ---------------------------------------------------------------------------

COL_MONTH = 0
COL_TYPE = 1
COL_AMOUNT = 2
COL_STATUS = 3
COL_NOTE = 4
COLUMN_TITLES = ("Month", "Entry", "Amount", "Validated", "Note")


def entry_type(entry: SavingsEntryInfo) -> str:
    """"Actual, hard", "Forecast, soft", "Correction of #12, hard"."""
    if entry.corrects_id is not None:
        what = f"Correction of #{entry.corrects_id}"
    else:
        what = "Forecast" if entry.is_forecast else "Actual"
    return f"{what}, {entry.kind.label.lower()}"


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
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMN_TITLES[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == COL_AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def validated_by(self, entry: SavingsEntryInfo) -> str:
        return self._names.get(entry.validated_by_id or -1, "a supervisor")

    def status_text(self, entry: SavingsEntryInfo) -> str:
        if entry.is_forecast:
            return "—"
        if entry.validated_at is None:
            return "Not yet"
        return f"{entry.validated_at.day} {entry.validated_at:%b %Y} · {self.validated_by(entry)}"

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
                return _money(entry.amount, self.currency)
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
                    return (f"Validated by {self.validated_by(entry)} on "
                            f"{entry.validated_at:%Y-%m-%d %H:%M}. {LOCKED}")
                if entry.is_forecast:
                    return FORECAST_NOT_VALIDATED
                return "Not validated yet: a supervisor confirms actual amounts."
            if column == COL_TYPE:
                return f"#{entry.id} · {entry.kind.label}: {KIND_HELP.get(entry.kind, '')}"
        return None


# --- dialogs -----------------------------------------------------------------------------------


def _amount_box(currency: str, *, allow_negative: bool) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setDecimals(2)
    box.setRange(-MAX_AMOUNT if allow_negative else 0.0, MAX_AMOUNT)
    box.setGroupSeparatorShown(True)
    box.setSuffix(f" {currency}")
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    box.setAccelerated(True)
    return box


class _ServiceDialog(QDialog):
    """A dialog whose Save runs one service call in the worker and shows refusals by field."""

    saved = Signal(object)

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setStyleSheet(DIALOG_STYLE)
        self.setMinimumWidth(480)
        self.saving = False
        self.result_value: Any = None
        self.form = FieldForm()
        self.heading = QLabel(title)
        self.heading.setObjectName("DialogHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("PrimaryButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(24, 20, 24, 20)
        self.body.setSpacing(12)
        self.body.addWidget(self.heading)

    def finish_layout(self) -> None:
        self.body.addLayout(self.form)
        self.body.addWidget(self.form.general_error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        self.body.addLayout(buttons)

    def call(self) -> Callable[[], Any]:
        raise NotImplementedError

    def save(self) -> None:
        if self.saving:
            return
        try:
            work = self.call()
        except KaizenError as error:
            self.form.show_error(error)
            return
        self.saving = True
        self.save_button.setEnabled(False)
        self.form.clear_errors()
        run_in_background(work, on_success=self._on_saved, on_failure=self._on_refused,
                          owner=self, name=self.windowTitle())

    def _on_saved(self, value: Any) -> None:
        self.saving = False
        self.result_value = value
        self.saved.emit(value)
        self.accept()

    def _on_refused(self, error: BaseException) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        if isinstance(error, KaizenError):
            self.form.show_error(error, retry=self.save)  # Retry when the server was away
        else:
            log.error("Savings entry not saved", exc_info=error)
            self.form.general_error.show_message(f"Not saved: {error}")

    def error_text(self, field: str) -> str:
        return self.form.error_text(field)


@dataclass(frozen=True, slots=True)
class EntryDraft:
    """What the entry dialog starts with (an estimate's forecast, or nothing)."""

    month: str
    kind: SavingsKind = SavingsKind.HARD
    amount: float = 0.0
    is_forecast: bool = False
    note: str = ""


class EntryDialog(_ServiceDialog):
    """Add an entry (``entry`` None) or edit one that is not validated yet."""

    def __init__(self, services: Services, actor_id: int, suggestion_id: int, *,
                 currency: str, draft: EntryDraft | None = None,
                 entry: SavingsEntryInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit savings entry" if entry else "Add a savings entry", parent)
        self.setObjectName("EntryDialog")
        self.services = services
        self.actor_id = actor_id
        self.suggestion_id = suggestion_id
        self.entry = entry
        start = draft or EntryDraft(month=month_of(date.today()))
        if entry is not None:
            start = EntryDraft(entry.month, entry.kind, entry.amount, entry.is_forecast,
                               entry.note)
        correction = entry is not None and entry.corrects_id is not None

        self.month_edit = QDateEdit(_qdate(start.month))
        self.month_edit.setDisplayFormat("MMMM yyyy")
        self.month_edit.setCalendarPopup(True)
        self.month_edit.setAccessibleName("Month")
        self.month_edit.setCurrentSection(QDateEdit.Section.MonthSection)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Kind")
        for kind in SavingsKind:
            self.kind_combo.addItem(kind.label, kind)
            self.kind_combo.setItemData(self.kind_combo.count() - 1, KIND_HELP[kind],
                                        Qt.ItemDataRole.ToolTipRole)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(start.kind))
        self.kind_help = QLabel(KIND_HELP[start.kind])
        self.kind_help.setObjectName("DialogNote")
        self.kind_help.setWordWrap(True)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.forecast_check = QCheckBox("Forecast: expected, not yet realised")
        self.forecast_check.setChecked(start.is_forecast)
        self.forecast_check.setEnabled(not correction)
        self.amount_box = _amount_box(currency, allow_negative=correction)
        self.amount_box.setValue(start.amount)
        self.amount_box.setAccessibleName("Amount")
        self.note_edit = QLineEdit(start.note)
        self.note_edit.setCursorPosition(0)
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setPlaceholderText("How it was counted, where the figure comes from")
        self.note_edit.setMaxLength(2000)
        kind = QWidget()
        kind_column = QVBoxLayout(kind)
        kind_column.setContentsMargins(0, 0, 0, 0)
        kind_column.setSpacing(4)
        kind_column.addWidget(self.kind_combo)
        kind_column.addWidget(self.kind_help)

        self.form.add_field("month", "Month", self.month_edit)
        self.form.add_field("kind", "Kind", kind)
        self.form.add_field("amount", "Amount", self.amount_box)
        self.form.add_field("is_forecast", "", self.forecast_check)
        self.form.add_field("note", "Note", self.note_edit)
        self.finish_layout()
        self.save_button.setText("Save changes" if entry else "Add entry")
        self.amount_box.setFocus()
        self.amount_box.selectAll()

    def _on_kind_changed(self) -> None:
        kind = self.kind_combo.currentData()
        self.kind_help.setText(KIND_HELP.get(kind, ""))

    def call(self) -> Callable[[], Any]:
        services, actor = self.services, self.actor_id
        month = month_of(self.month_edit.date().toPython())
        kind = self.kind_combo.currentData()
        amount = float(self.amount_box.value())
        forecast = self.forecast_check.isChecked()
        note = self.note_edit.text()
        if self.entry is None:
            idea = self.suggestion_id
            return lambda: services.savings.add_entry(actor, idea, month=month, amount=amount,
                                                      kind=kind, is_forecast=forecast,
                                                      note=note)
        entry = self.entry
        correction = entry.corrects_id is not None
        # ``expected``: a save over someone else's change meanwhile is refused, not merged.
        return lambda: services.savings.update_entry(
            actor, entry.id, month=month, amount=amount, kind=kind,
            is_forecast=None if correction else forecast, note=note, expected=entry)


class CorrectionDialog(_ServiceDialog):
    """Fix a validated entry: a signed change and the reason, stored as a correction entry."""

    def __init__(self, services: Services, actor_id: int, entry: SavingsEntryInfo, *,
                 net_amount: float, currency: str, validated_by: str,
                 parent: QWidget | None = None) -> None:
        super().__init__("Correct a validated entry", parent)
        self.setObjectName("CorrectionDialog")
        self.services = services
        self.actor_id = actor_id
        self.entry = entry
        self.net = net_amount
        self.currency = currency

        box = QFrame()
        box.setObjectName("OriginalBox")
        original = QLabel(
            f"{entry.kind.label} savings, {month_label(entry.month, long=True)}: "
            f"{_money(entry.amount, currency)}, validated by {validated_by}"
            + (f" on {entry.validated_at.day} {entry.validated_at:%b %Y}"
               if entry.validated_at else "") + "."
            + (f"\nWith its corrections so far: {_money(net_amount, currency)}."
               if net_amount != entry.amount else "")
        )
        original.setTextFormat(Qt.TextFormat.PlainText)
        original.setWordWrap(True)
        lock = QLabel()
        lock.setPixmap(resources.icon("mdi6.lock-outline", resources.ACCENT).pixmap(
            QSize(20, 20)))
        row = QHBoxLayout(box)
        row.setContentsMargins(12, 10, 12, 10)
        row.addWidget(lock, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(original, 1)
        explain = QLabel("The entry stays as validated. The correction is a new entry of the "
                         "same month and kind that adds (or, negative, takes away) the "
                         "difference; it can be validated in turn.")
        explain.setObjectName("DialogNote")
        explain.setWordWrap(True)
        self.body.addWidget(box)
        self.body.addWidget(explain)

        self.delta_box = _amount_box(currency, allow_negative=True)
        self.delta_box.setAccessibleName("Change by")
        self.delta_box.setToolTip("Negative to take away, positive to add")
        self.delta_box.valueChanged.connect(self._update_result)
        self.result_label = QLabel("")
        self.result_label.setObjectName("DialogNote")
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName("Reason")
        self.note_edit.setPlaceholderText("Why the amount was wrong (required)")
        self.note_edit.setMaxLength(2000)
        delta = QWidget()
        delta_column = QVBoxLayout(delta)
        delta_column.setContentsMargins(0, 0, 0, 0)
        delta_column.setSpacing(4)
        delta_column.addWidget(self.delta_box)
        delta_column.addWidget(self.result_label)
        self.form.add_field("amount_delta", "Change by", delta)
        self.form.add_field("note", "Reason", self.note_edit)
        self.finish_layout()
        self.save_button.setText("Add correction")
        self._update_result()
        self.delta_box.setFocus()
        self.delta_box.selectAll()

    def _update_result(self) -> None:
        after = self.net + self.delta_box.value()
        self.result_label.setText(f"This entry will then count {_money(after, self.currency)}.")

    def call(self) -> Callable[[], Any]:
        services, actor, entry_id = self.services, self.actor_id, self.entry.id
        delta, note = float(self.delta_box.value()), self.note_edit.text()
        return lambda: services.savings.correct(actor, entry_id, amount_delta=delta, note=note)


@dataclass(frozen=True, slots=True)
class MetricBasis:
    """What an estimate starts from: one metric's name, unit, direction and phase means."""

    name: str
    unit: str
    direction: MetricDirection
    before_mean: float
    after_mean: float


class ProposeSavingsDialog(QDialog):
    """Yearly savings = the better-by amount × a yearly volume × the cost of one unit.

    "Use as forecast…" emits ``proposed(EntryDraft)``: a monthly forecast (a twelfth of the
    year) for ``first_month``, with the arithmetic in its note.
    """

    proposed = Signal(object)

    def __init__(self, basis: MetricBasis, *, currency: str, first_month: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProposeSavingsDialog")
        self.setWindowTitle("Propose savings")
        self.setStyleSheet(DIALOG_STYLE)
        self.setMinimumWidth(520)
        self.basis = basis
        self.currency = currency
        self.first_month = first_month
        self.draft: EntryDraft | None = None

        heading = QLabel("Propose savings from the measurements")
        heading.setObjectName("DialogHeading")
        unit = f" {basis.unit}" if basis.unit else ""
        gain = basis.before_mean - basis.after_mean
        if basis.direction is MetricDirection.HIGHER_IS_BETTER:
            gain = -gain
        self.gain = gain
        better = "better" if gain > 0 else "worse" if gain < 0 else "unchanged"
        summary = QLabel(
            f"{basis.name}: mean {format_stat(basis.before_mean)}{unit} before, "
            f"{format_stat(basis.after_mean)}{unit} after, "
            f"{format_stat(abs(gain))}{unit} {better} per unit."
        )
        summary.setObjectName("DialogNote")
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setWordWrap(True)

        self.volume_box = QDoubleSpinBox()
        self.volume_box.setDecimals(0)
        self.volume_box.setRange(0, 1e10)
        self.volume_box.setGroupSeparatorShown(True)
        self.volume_box.setSuffix(" a year")
        self.volume_box.setAccessibleName("Yearly volume")
        self.volume_box.setToolTip("How many times a year the measured thing happens: parts "
                                   "made, orders picked, changeovers done…")
        self.cost_box = QDoubleSpinBox()
        self.cost_box.setDecimals(4)
        self.cost_box.setRange(0, 1e9)
        self.cost_box.setGroupSeparatorShown(True)
        self.cost_box.setSuffix(f" {currency}")
        self.cost_box.setAccessibleName("Cost of one unit")
        self.kind_combo = QComboBox()
        for kind in SavingsKind:
            self.kind_combo.addItem(kind.label, kind)
            self.kind_combo.setItemData(self.kind_combo.count() - 1, KIND_HELP[kind],
                                        Qt.ItemDataRole.ToolTipRole)
        form = FieldForm()
        form.add_field("yearly_volume", "Yearly volume", self.volume_box)
        form.add_field("unit_cost", f"Cost of one{unit or ' unit'}", self.cost_box)
        form.add_field("kind", "Kind", self.kind_combo)

        box = QFrame()
        box.setObjectName("EstimateBox")
        self.estimate_label = QLabel("")
        self.estimate_label.setObjectName("EstimateValue")
        self.estimate_label.setTextFormat(Qt.TextFormat.PlainText)
        self.explain_label = QLabel("")
        self.explain_label.setObjectName("EstimateNote")
        self.explain_label.setTextFormat(Qt.TextFormat.PlainText)
        self.explain_label.setWordWrap(True)
        estimate = QVBoxLayout(box)
        estimate.setContentsMargins(14, 10, 14, 10)
        estimate.setSpacing(2)
        estimate.addWidget(self.estimate_label)
        estimate.addWidget(self.explain_label)

        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        self.use_button = QPushButton("Use as forecast…")
        self.use_button.setObjectName("PrimaryButton")
        self.use_button.setDefault(True)
        self.use_button.clicked.connect(self.use)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.use_button)

        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(12)
        column.addWidget(heading)
        column.addWidget(summary)
        column.addLayout(form)
        column.addWidget(box)
        column.addLayout(buttons)

        self.volume_box.valueChanged.connect(self._update)
        self.cost_box.valueChanged.connect(self._update)
        self._update()
        self.volume_box.setFocus()

    @property
    def yearly(self) -> float:
        return estimate_yearly_savings(self.basis.before_mean, self.basis.after_mean,
                                       self.basis.direction, self.volume_box.value(),
                                       self.cost_box.value())

    def _update(self) -> None:
        yearly = self.yearly
        unit = f" {self.basis.unit}" if self.basis.unit else ""
        self.estimate_label.setText(f"{_money(round(yearly), self.currency)} a year")
        polish(self.estimate_label, "tone", "" if yearly > 0 else "muted")
        if self.gain <= 0:
            self.explain_label.setText(
                f"{self.basis.name} did not get better, so there is nothing to propose.")
        else:
            self.explain_label.setText(
                f"{format_stat(self.gain)}{unit} better × "
                f"{self.volume_box.value():,.0f} a year × "
                f"{format_sample(self.cost_box.value())} {self.currency}; "
                f"{_money(round(yearly / 12, 2), self.currency)} a month."
            )
        self.use_button.setEnabled(yearly > 0)

    def use(self) -> None:
        yearly = self.yearly
        if yearly <= 0:
            return
        unit = f" {self.basis.unit}" if self.basis.unit else ""
        note = (f"Estimate from {self.basis.name}: {format_stat(self.gain)}{unit} better × "
                f"{self.volume_box.value():,.0f} a year × "
                f"{format_sample(self.cost_box.value())} {self.currency} ÷ 12")
        self.draft = EntryDraft(month=self.first_month, kind=self.kind_combo.currentData(),
                                amount=round(yearly / 12, 2), is_forecast=True, note=note)
        self.proposed.emit(self.draft)
        self.accept()


# --- the ledger --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LedgerData:
    suggestion_id: int
    entries: list[SavingsEntryInfo]
    summary: SuggestionSavings
    names: dict[int, str]
    currency: str
    roi: float | None
    payback: str | None
    forecast_payback: str | None


def load_ledger(services: Services, suggestion_id: int) -> LedgerData:
    """Entries, totals, ROI and payback of one idea (worker thread)."""
    entries = services.savings.list_entries(suggestion_id)
    summary = services.analytics.suggestion_savings(suggestion_id)
    names = {p.id: p.name for p in services.people.list_people(active_only=False)}
    currency = services.people.settings().currency
    cost = summary.one_off_cost
    return LedgerData(
        suggestion_id=suggestion_id, entries=entries, summary=summary, names=names,
        currency=currency, roi=roi(summary.total_validated, cost),
        payback=payback_month(summary.monthly_validated, cost) if cost > 0 else None,
        forecast_payback=payback_month(summary.monthly_forecast, cost) if cost > 0 else None,
    )


class SummaryTile:
    """One figure of the ledger's summary: a caption and a value (with its detail as a tip)."""

    def __init__(self, caption: str, tip: str) -> None:
        self.tip = tip
        self.caption_label = QLabel(caption)
        self.caption_label.setObjectName("TileCaption")
        self.caption_label.setToolTip(tip)
        self.value_label = QLabel("—")
        self.value_label.setObjectName("TileValue")
        self.value_label.setTextFormat(Qt.TextFormat.PlainText)
        self.value_label.setToolTip(tip)
        self.detail = ""

    def set_value(self, value: str, detail: str = "", tone: str = "") -> None:
        self.value_label.setText(value)
        self.detail = detail
        tip = f"{detail[0].upper()}{detail[1:]}.\n{self.tip}" if detail else self.tip
        self.value_label.setToolTip(tip)
        polish(self.value_label, "tone", tone)

    @property
    def value_text(self) -> str:
        return self.value_label.text()


class SavingsLedger(QWidget):
    """The ledger of one idea. ``loaded`` fires when entries are shown; ``changed`` after a
    save, a validation or a correction (the view may refresh other figures)."""

    loaded = Signal()
    changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.person: PersonInfo | None = None
        self.suggestion_id: int | None = None
        self.data: LedgerData | None = None
        self.currency = "EUR"
        self.dialog: QDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.override_dialog: QInputDialog | None = None
        self._generation = 0
        self._select_after: int | None = None

        self.tiles = {
            "validated": SummaryTile("Validated", "Actual savings a supervisor validated; "
                                     "ROI and payback count these."),
            "actual": SummaryTile("Actual", "Every actual entry, validated or not, corrections "
                                  "included."),
            "forecast": SummaryTile("Forecast", "What the forecasts promise."),
            "cost": SummaryTile("One-off cost", "The implementation cost on the idea."),
            "roi": SummaryTile("ROI", "(Validated savings − one-off cost) ÷ one-off cost."),
            "payback": SummaryTile("Payback", "The first month in which validated savings add "
                                   "up to the one-off cost."),
        }
        summary = QFrame()
        summary.setObjectName("Panel")
        summary.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        grid = QGridLayout(summary)
        grid.setContentsMargins(16, 10, 16, 10)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        order = (("validated", "forecast", "roi"), ("actual", "cost", "payback"))
        for row, keys in enumerate(order):
            for pair, key in enumerate(keys):
                grid.addWidget(self.tiles[key].caption_label, row, pair * 2)
                grid.addWidget(self.tiles[key].value_label, row, pair * 2 + 1)
        for pair in range(3):
            grid.setColumnStretch(pair * 2 + 1, 1)
        self.summary = summary

        self.add_button = self._button("Add entry…", "mdi6.plus", self.add_entry)
        self.edit_button = self._button("Edit…", "mdi6.pencil-outline", self.edit_entry)
        self.validate_button = self._button("Validate", "mdi6.check-decagram-outline",
                                            self.validate_entry)
        self.correct_button = self._button("Correct…", "mdi6.file-document-edit-outline",
                                           self.correct_entry)
        self.hint_label = QLabel("")
        self.hint_label.setObjectName("LockNote")
        self.hint_label.setTextFormat(Qt.TextFormat.PlainText)
        self.hint_label.setWordWrap(True)
        bar = QHBoxLayout()
        bar.setSpacing(8)
        for button in (self.add_button, self.edit_button, self.validate_button,
                       self.correct_button):
            bar.addWidget(button)
        bar.addSpacing(8)
        bar.addWidget(self.hint_label, 1)

        self.model = SavingsTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("SavingsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in ((COL_MONTH, 104), (COL_TYPE, 160), (COL_AMOUNT, 120),
                              (COL_STATUS, 170)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.setAccessibleName("Savings entries")

        self.empty_label = QLabel("No savings recorded yet. Add a forecast when the change is "
                                  "planned, and the actual amount each month once it runs.")
        self.empty_label.setObjectName("PanelNote")
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(False)
        self.message_bar = MessageBar()

        column = QVBoxLayout(self)
        column.setContentsMargins(14, 14, 14, 14)
        column.setSpacing(10)
        column.addWidget(summary)
        column.addLayout(bar)
        column.addWidget(self.message_bar)
        column.addWidget(self.empty_label)
        column.addWidget(self.table, 1)

        add = QShortcut(QKeySequence("Ctrl+N"), self)
        add.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        add.activated.connect(self.add_entry)
        # Enter on a row opens it; a key filter, not a shortcut, so that Enter in a dialog
        # opened from here is never taken for the table's.
        self.table.installEventFilter(self)
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._open_current()
            return True
        return super().eventFilter(watched, event)

    def _open_current(self) -> None:
        entry = self.selected_entry()
        if entry is not None and entry.locked:
            self.correct_entry()
        else:
            self.edit_entry()

    def _button(self, text: str, icon: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.setIcon(resources.icon(icon))
        button.clicked.connect(slot)
        return button

    # -- state ------------------------------------------------------------------------------------
    def set_person(self, person: PersonInfo | None) -> None:
        self.person = person
        self._update_buttons()

    def set_idea(self, suggestion_id: int | None) -> None:
        if suggestion_id != self.suggestion_id:
            self.model.set_entries([])
            self.data = None
            self.message_bar.dismiss()
        self.suggestion_id = suggestion_id
        self.reload()

    def selected_entry(self) -> SavingsEntryInfo | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.entry(index.row())

    def select_entry(self, entry_id: int) -> None:
        row = self.model.row_of(entry_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _refusal(self, action: Action) -> str | None:
        if self.person is None:
            return f"{PICK_PERSON}: supervisors and admins record and validate savings."
        if not can(self.person.role, action):
            return STAFF_READ_ONLY
        if self.suggestion_id is None:
            return "Pick an idea first."
        return None

    def _update_buttons(self, *_args: Any) -> None:
        entry = self.selected_entry()
        record = self._refusal(Action.RECORD_SAVINGS)
        validate = self._refusal(Action.VALIDATE_SAVINGS)
        if entry is None:
            edit_why = correct_why = validate_why = "Select an entry first."
        else:
            edit_why = LOCKED if entry.locked else None
            correct_why = None if entry.locked else (
                "Only validated entries are corrected; this one can still be edited.")
            validate_why = (FORECAST_NOT_VALIDATED if entry.is_forecast else
                            "Already validated." if entry.locked else None)
        states = (
            (self.add_button, record, "Add a forecast or an actual amount (Ctrl+N)"),
            (self.edit_button, record or edit_why, "Change this entry (Enter)"),
            (self.validate_button, validate or validate_why,
             "Confirm this actual amount; it is then locked"),
            (self.correct_button, record or correct_why,
             "Add a correction entry to this validated amount"),
        )
        for button, why, tip in states:
            button.setEnabled(why is None)
            button.setToolTip(why or tip)
        if record is not None and self.person is not None:
            self.hint_label.setText(STAFF_READ_ONLY)
        elif record is not None:
            self.hint_label.setText(record)
        elif entry is not None and entry.locked:
            self.hint_label.setText("Validated, so locked: use Correct… to fix it.")
        else:
            self.hint_label.setText("")

    # -- loading ----------------------------------------------------------------------------------
    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        idea = self.suggestion_id
        if idea is None:
            self.model.set_entries([])
            self._update_buttons()
            return
        services = self.services
        run_in_background(
            lambda: load_ledger(services, idea),
            on_success=lambda data: self._show(generation, data),
            on_failure=lambda error: self._show_failure(generation, error),
            owner=self,
            name="savings ledger",
        )

    def _show(self, generation: int, data: LedgerData) -> None:
        if generation != self._generation or data.suggestion_id != self.suggestion_id:
            return
        keep = self._select_after
        if keep is None:
            current = self.selected_entry()
            keep = current.id if current is not None else None
        self._select_after = None
        self.data = data
        self.currency = data.currency
        self.model.set_entries(data.entries, data.names, data.currency)
        self.empty_label.setVisible(not data.entries)
        self.table.setVisible(bool(data.entries))
        self._show_summary(data)
        if keep is not None:
            self.select_entry(keep)
        self._update_buttons()
        self.loaded.emit()

    def _show_summary(self, data: LedgerData) -> None:
        s, c = data.summary, data.currency
        self.tiles["validated"].set_value(_money(round(s.total_validated), c),
                                          tone="good" if s.total_validated > 0 else "")
        self.tiles["actual"].set_value(_money(round(s.total_actual), c),
                                       f"{_money(round(s.total_actual - s.total_validated), c)}"
                                       " to validate" if s.total_actual != s.total_validated
                                       else "all validated" if s.total_actual else "")
        self.tiles["forecast"].set_value(_money(round(s.total_forecast), c))
        self.tiles["cost"].set_value(_money(round(s.one_off_cost), c) if s.one_off_cost
                                     else "None", "" if s.one_off_cost else "on the idea")
        if data.roi is None or s.total_validated == 0:
            why = "no one-off cost" if s.one_off_cost <= 0 else "nothing validated yet"
            self.tiles["roi"].set_value("—", why, "muted")
        else:
            self.tiles["roi"].set_value(f"{data.roi * 100:,.0f}%", "on validated savings",
                                        "good" if data.roi > 0 else "")
        if data.payback is not None:
            self.tiles["payback"].set_value(month_label(data.payback), "paid back", "good")
        elif s.one_off_cost <= 0:
            self.tiles["payback"].set_value("—", "no one-off cost", "muted")
        else:
            detail = (f"forecast: {month_label(data.forecast_payback)}"
                      if data.forecast_payback else "not yet")
            self.tiles["payback"].set_value("Not yet", detail, "muted")

    def _show_failure(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        message = error.message if isinstance(error, KaizenError) else str(error)
        self.message_bar.show_message(f"The ledger could not be read: {message}", "error")
        self.loaded.emit()

    # -- actions ----------------------------------------------------------------------------------
    def add_entry(self, draft: EntryDraft | None = None) -> EntryDialog | None:
        if not isinstance(draft, EntryDraft):
            draft = None  # called from a button's clicked(bool)
        if self._refusal(Action.RECORD_SAVINGS) is not None or self.suggestion_id is None:
            return None
        assert self.person is not None
        dialog = EntryDialog(self.services, self.person.id, self.suggestion_id,
                             currency=self.currency, draft=draft, parent=self)
        return self._open(dialog)

    def edit_entry(self) -> EntryDialog | None:
        entry = self.selected_entry()
        if (entry is None or entry.locked or self.suggestion_id is None
                or self._refusal(Action.RECORD_SAVINGS) is not None):
            return None
        assert self.person is not None
        dialog = EntryDialog(self.services, self.person.id, self.suggestion_id,
                             currency=self.currency, entry=entry, parent=self)
        return self._open(dialog)

    def correct_entry(self) -> CorrectionDialog | None:
        entry = self.selected_entry()
        if entry is None or not entry.locked or self._refusal(Action.RECORD_SAVINGS):
            return None
        assert self.person is not None
        dialog = CorrectionDialog(
            self.services, self.person.id, entry, net_amount=self.model.net_amount(entry.id),
            currency=self.currency,
            validated_by=self.model.validated_by(entry), parent=self,
        )
        return self._open(dialog)

    def _open(self, dialog: _ServiceDialog) -> Any:
        self.dialog = dialog
        dialog.saved.connect(self._on_saved)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _on_saved(self, entry: SavingsEntryInfo) -> None:
        self._select_after = entry.id
        self.message_bar.dismiss()
        self.reload()
        self.changed.emit()

    def validate_entry(self) -> QMessageBox | None:
        entry = self.selected_entry()
        if (entry is None or entry.locked or entry.is_forecast
                or self._refusal(Action.VALIDATE_SAVINGS) is not None):
            return None
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Validate savings")
        box.setText(f"Validate {_money(entry.amount, self.currency)} of "
                    f"{entry.kind.label.lower()} savings for "
                    f"{month_label(entry.month, long=True)}?")
        box.setInformativeText("A validated entry is locked: a mistake is then fixed with a "
                               "correction entry, never by editing it.")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText("Validate")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        entry_id = entry.id
        box.finished.connect(lambda result: self._on_confirmed(result, entry_id))
        box.finished.connect(box.deleteLater)
        self.confirm_box = box
        box.open()
        return box

    def _on_confirmed(self, result: int, entry_id: int, reason: str | None = None) -> None:
        self.confirm_box = None
        if result != QMessageBox.StandardButton.Yes or self.person is None:
            return
        services, actor = self.services, self.person.id
        run_in_background(
            lambda: services.savings.validate(actor, entry_id, override_reason=reason),
            on_success=self._on_saved,
            on_failure=lambda error: self._on_action_refused(error, entry_id),
            owner=self,
            name="validate savings",
        )

    def _on_action_refused(self, error: BaseException, entry_id: int | None = None) -> None:
        message = error.message if isinstance(error, KaizenError) else str(error)
        if (isinstance(error, ValidationError) and error.field == "override_reason"
                and entry_id is not None):
            self._ask_override(message, entry_id)
        else:
            self.message_bar.show_message(message, "error")
        self.reload()

    def _ask_override(self, message: str, entry_id: int) -> None:
        """Savings follow proof: without it the validator writes why (audited) or cancels."""
        self.override_dialog = ask_override(
            self, message,
            lambda reason: self._on_confirmed(QMessageBox.StandardButton.Yes, entry_id, reason))

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._open_current()

    def propose(self, basis: MetricBasis, today: date) -> ProposeSavingsDialog | None:
        """Open the estimate helper; its forecast opens the entry dialog pre-filled."""
        if self._refusal(Action.RECORD_SAVINGS) is not None:
            return None
        dialog = ProposeSavingsDialog(basis, currency=self.currency,
                                      first_month=next_month(today), parent=self)
        dialog.proposed.connect(self.add_entry)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def tile_text(self, key: str) -> str:
        return self.tiles[key].value_text


__all__ = [
    "CorrectionDialog",
    "EntryDialog",
    "EntryDraft",
    "LedgerData",
    "MetricBasis",
    "ProposeSavingsDialog",
    "SavingsLedger",
    "SavingsTableModel",
    "load_ledger",
]
