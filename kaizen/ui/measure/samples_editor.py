"""Adding samples to a metric, and the table of the samples already recorded.

:class:`SamplesEditor`: pick Before or After, then type values one per line, paste a column
copied from a spreadsheet (Ctrl+V, or the "Paste" button) and press "Add values"
(Ctrl+Enter); or "Import CSV…" a file of ``phase,value[,measured_at]`` rows. Reading the text
(:func:`kaizen.services.measurement_import.parse_pasted_values`) and storing it happen together in
the worker. Lines that are not numbers are not stored: the report names them and they stay in the
box to be fixed, while the numbers are added. A CSV file is all or nothing: its problems are
listed by line and nothing is stored. Both save through the editor's
:class:`~kaizen.ui.form_op.FormSaver` (the one save mechanism): refusals, Retry when the server
is away or the disk is full, and anything unexpected (logged) show on the report line.

:class:`SamplesTableModel` shows a metric's samples (before first, then after, each in the order
measured) over the plain lists of ``MetricSamples``; it never reads the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.enums import MeasurementPhase
from kaizen.domain.months import format_day
from kaizen.domain.numbers import format_number
from kaizen.domain.permissions import Action, can
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui import resources
from kaizen.ui.form_op import FormSaver, Refusals
from kaizen.ui.measure.common import format_sample
from kaizen.ui.measure.style import polish
from kaizen.ui.models.headers import column_header
from kaizen.ui.widgets.dates import DateTimeEdit

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.analytics import MetricSamples
    from kaizen.services.measurement_import import RejectedLine
    from kaizen.services.people import PersonInfo

Index = QModelIndex | QPersistentModelIndex

STAFF_READ_ONLY = QT_TRANSLATE_NOOP(
    "ui.measure.samples_editor",
    "Supervisors and admins record measurements; staff see them read-only.")
MAX_LISTED = 5


# --- the samples table -------------------------------------------------------------------------

COL_NUMBER = 0
COL_PHASE = 1
COL_VALUE = 2
COL_MEASURED = 3
COLUMN_TITLES = ("#", QT_TRANSLATE_NOOP("ui.measure.samples_editor", "Phase"),
                 QT_TRANSLATE_NOOP("ui.measure.samples_editor", "Value"),
                 QT_TRANSLATE_NOOP("ui.measure.samples_editor", "Measured"))


class SamplesTableModel(QAbstractTableModel):
    """Read-only: row i is the i-th before sample, then the after samples."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._samples: MetricSamples | None = None

    def set_samples(self, samples: MetricSamples | None) -> None:
        self.beginResetModel()
        self._samples = samples
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.isValid() or self._samples is None:
            return 0
        return len(self._samples.before) + len(self._samples.after)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMN_TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return column_header("ui.measure.samples_editor", COLUMN_TITLES, section, orientation,
                             role, right=(COL_NUMBER, COL_VALUE))

    def sample(self, row: int) -> tuple[MeasurementPhase, int, float, datetime]:
        """(phase, number within the phase from 1, value, time) of a row."""
        assert self._samples is not None
        before = len(self._samples.before)
        if row < before:
            return (MeasurementPhase.BEFORE, row + 1, self._samples.before[row],
                    self._samples.before_times[row])
        i = row - before
        return (MeasurementPhase.AFTER, i + 1, self._samples.after[i],
                self._samples.after_times[i])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._samples is None:
            return None
        phase, number, value, when = self.sample(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_NUMBER:
                return str(number)
            if column == COL_PHASE:
                return (translate("ui.measure.samples_editor",
                                  "Before") if phase is MeasurementPhase.BEFORE
                        else translate("ui.measure.samples_editor", "After"))
            if column == COL_VALUE:
                return format_sample(value)
            if column == COL_MEASURED:
                return format_day(when, time=True)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_NUMBER, COL_VALUE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_PHASE:
            return QColor("#667085" if phase is MeasurementPhase.BEFORE else resources.ACCENT)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_VALUE:
            return repr(value)
        return None


# --- adding samples ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PasteOutcome:
    phase: MeasurementPhase
    added: int
    rejected: list[RejectedLine]
    header: str | None


def add_pasted(services: Services, actor_id: int, metric_id: int, phase: MeasurementPhase,
               text: str, measured_at: datetime | None = None) -> PasteOutcome:
    """Read pasted text and store its numbers in one unit of work (worker thread); at
    ``measured_at``, or now when None."""
    from kaizen.services.measurement_import import parse_pasted_values

    parsed = parse_pasted_values(text)
    added = services.measurements.add_measurements(actor_id, metric_id, phase, parsed.values,
                                                   measured_at=measured_at)
    return PasteOutcome(phase, added, parsed.rejected_lines, parsed.header)


def import_csv(services: Services, actor_id: int, metric_id: int,
               path: Path) -> dict[MeasurementPhase, int]:
    """Read a CSV file and store all its rows, or none (worker thread)."""
    from kaizen.services.measurement_import import parse_measurement_csv

    rows = parse_measurement_csv(path)
    return services.measurements.import_rows(actor_id, metric_id, rows)


def describe_rejected(rejected: Sequence[RejectedLine]) -> str:
    """"Line 3 (“abc”): not a number." for the first few lines, and how many more."""
    parts = [translate("ui.measure.samples_editor", "Line {line} (“{text}”): {reason}.").format(
        line=r.line, text=_short(r.text), reason=r.reason) for r in rejected[:MAX_LISTED]]
    more = len(rejected) - MAX_LISTED
    if more == 1:
        parts.append(translate("ui.measure.samples_editor", "And 1 more line."))
    elif more > 1:
        parts.append(translate("ui.measure.samples_editor",
                               "And {count} more lines.").format(count=format_number(more)))
    return "\n".join(parts)


def added_text(count: int, phase: MeasurementPhase, metric: str) -> str:
    """"Added 3 before values to Cycle time." (the phase as a word of its own: "before")."""
    word = (translate("ui.measure.samples_editor", "before") if phase is MeasurementPhase.BEFORE
            else translate("ui.measure.samples_editor", "after"))
    if metric:
        said = (translate("ui.measure.samples_editor",
                          "Added {count} {phase} value to {metric}.") if count == 1
                else translate("ui.measure.samples_editor",
                               "Added {count} {phase} values to {metric}."))
    else:
        said = (translate("ui.measure.samples_editor", "Added {count} {phase} value.") if count == 1
                else translate("ui.measure.samples_editor", "Added {count} {phase} values."))
    return said.format(count=format_number(count), phase=word, metric=metric)


def _typing_hint() -> str:
    return translate("ui.measure.samples_editor",
                     "Type or paste values, one per line.\nA column copied from a spreadsheet "
                     "works: 12,5 or 12.5, with or without a header.")


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SamplesEditor(QFrame):
    """Type, paste or import samples of one metric. ``samplesAdded`` fires after a store."""

    samplesAdded = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Panel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumWidth(280)
        self.services = services
        self.person: PersonInfo | None = None
        self.metric_id: int | None = None
        self.metric_name = ""
        self.last_outcome: PasteOutcome | dict[MeasurementPhase, int] | None = None

        title = QLabel(translate("ui.measure.samples_editor", "Add samples"))
        title.setObjectName("SectionTitle")
        self.before_radio = QRadioButton(translate("ui.measure.samples_editor", "&Before"))
        self.after_radio = QRadioButton(translate("ui.measure.samples_editor", "&After"))
        self.before_radio.setToolTip(translate("ui.measure.samples_editor",
                                               "Samples measured before the change (Alt+B)"))
        self.after_radio.setToolTip(translate("ui.measure.samples_editor",
                                              "Samples measured after the change (Alt+A)"))
        phase_caption = QLabel(translate("ui.measure.samples_editor", "Measured"))
        phase_caption.setObjectName("PanelNote")
        self.before_radio.setChecked(True)
        self.phase_group = QButtonGroup(self)
        self.phase_group.addButton(self.before_radio)
        self.phase_group.addButton(self.after_radio)
        phases = QHBoxLayout()
        phases.setSpacing(16)
        phases.addWidget(phase_caption)
        phases.addWidget(self.before_radio)
        phases.addWidget(self.after_radio)
        phases.addStretch(1)

        # When they were measured: now unless said otherwise (issue 16: always "now" before).
        self.other_time_box = QCheckBox(translate("ui.measure.samples_editor", "At another time"))
        self.other_time_box.setToolTip(translate(
            "ui.measure.samples_editor", "Measured earlier than now: give the day and time"))
        self.time_edit = DateTimeEdit(field="measured_at",
                                      label=translate("ui.measure.samples_editor",
                                                      "The measurement time"))
        self.time_edit.set_value(datetime.now().replace(second=0, microsecond=0))
        self.time_edit.setEnabled(False)
        self.time_edit.setVisible(False)  # a row only when asked for: the panel is short
        self.other_time_box.toggled.connect(self._on_other_time)
        # One above the other: the panel is narrow (280 px at least).
        when = QVBoxLayout()
        when.setSpacing(4)
        when.addWidget(self.other_time_box, 0, Qt.AlignmentFlag.AlignLeft)  # clickable text
        when.addWidget(self.time_edit)

        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("SamplesText")
        self.text_edit.setPlaceholderText(_typing_hint())
        self.text_edit.setAccessibleName(translate("ui.measure.samples_editor",
                                                   "Values, one per line"))
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.text_edit.setMinimumHeight(60)
        self.text_edit.installEventFilter(self)

        self.add_button = QPushButton(translate("ui.measure.samples_editor", "Add values"))
        self.add_button.setObjectName("PrimaryButton")
        self.add_button.setIcon(resources.icon("mdi6.plus", "#ffffff"))
        self.add_button.setToolTip(translate("ui.measure.samples_editor",
                                             "Store the numbers in the box (Ctrl+Enter)"))
        self.add_button.clicked.connect(self.add_values)
        self.paste_button = QPushButton(translate("ui.measure.samples_editor", "Paste"))
        self.paste_button.setIcon(resources.icon("mdi6.content-paste"))
        self.paste_button.setToolTip(translate(
            "ui.measure.samples_editor", "Put the column copied from a spreadsheet into the box"))
        self.paste_button.clicked.connect(self.paste_clipboard)
        self.import_button = QPushButton(translate("ui.measure.samples_editor", "Import CSV…"))
        self.import_button.setIcon(resources.icon("mdi6.file-delimited-outline"))
        self.import_button.setToolTip(translate(
            "ui.measure.samples_editor",
            "Import a CSV file with the columns phase (before or after), value and optionally "
            "measured_at (2026-03-31 or 2026-03-31 14:05)"))
        self.import_button.clicked.connect(self.choose_csv)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.paste_button)
        buttons.addStretch(1)
        heading = QHBoxLayout()
        heading.addWidget(title, 1)
        heading.addWidget(self.import_button)

        self.report_label = QLabel("")
        self.report_label.setObjectName("EditorReport")
        self.report_label.setTextFormat(Qt.TextFormat.PlainText)
        self.report_label.setWordWrap(True)
        self.report_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report_label.setVisible(False)
        # The action a refusal offers (Retry when the server is away or the disk is full).
        self.report_action = QPushButton()
        self.report_action.setObjectName("EditorReportAction")
        self.report_action.setAutoDefault(False)
        self.report_action.setVisible(False)
        self.report_action.clicked.connect(self._on_report_action)
        self._action: Callable[[], None] | None = None
        # In a short window the panel scrolls (kaizen.ui.views.measurements): a new report is
        # brought into sight once the layout has made room for it.
        self._reveal_timer = QTimer(self)
        self._reveal_timer.setSingleShot(True)
        self._reveal_timer.setInterval(0)
        self._reveal_timer.timeout.connect(self._reveal_report)
        report_row = QHBoxLayout()
        report_row.setSpacing(8)
        report_row.addWidget(self.report_label, 1)
        report_row.addWidget(self.report_action, 0, Qt.AlignmentFlag.AlignBottom)

        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(8)
        column.addLayout(heading)
        column.addLayout(phases)
        column.addLayout(when)
        column.addWidget(self.text_edit, 1)
        column.addLayout(buttons)
        column.addLayout(report_row)

        # The one save mechanism (kaizen.ui.form_op): the busy state, Retry, disk full, logging.
        # Every refusal shows on the report line; one naming a field focuses that field.
        self.refusals = Refusals(message=self._show_refusal)
        for field, widget in (("values", self.text_edit), ("file", self.import_button),
                              ("measured_at", self.time_edit), ("phase", self.before_radio)):
            self.refusals.add_route(field, self._show_field_refusal, widget)
        self.saver = FormSaver(self, self.refusals, what="samples")
        self.saver.busyChanged.connect(self._on_busy)
        self.saver.submit_on(self.add_values)
        self._update_enabled()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # The text box would take Ctrl+Enter as a new line; here it stores the values.
        if (watched is self.text_edit and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.add_values()
            return True
        return super().eventFilter(watched, event)

    # -- state ------------------------------------------------------------------------------------
    def set_metric(self, metric_id: int | None, name: str = "") -> None:
        if metric_id != self.metric_id:
            self.report("")
        self.metric_id = metric_id
        self.metric_name = name
        self._update_enabled()

    def set_person(self, person: PersonInfo | None) -> None:
        self.person = person
        self._update_enabled()

    @property
    def phase(self) -> MeasurementPhase:
        return MeasurementPhase.AFTER if self.after_radio.isChecked() else (
            MeasurementPhase.BEFORE)

    def refusal(self) -> str | None:
        """Why nothing can be added now, or None."""
        if self.person is None:
            return translate("ui.measure.samples_editor",
                             "Pick who is working first: supervisors and admins record "
                             "measurements.")
        if not can(self.person.role, Action.RECORD_MEASUREMENT):
            return translate("ui.measure.samples_editor", STAFF_READ_ONLY)
        if self.metric_id is None:
            return translate("ui.measure.samples_editor", "Add a metric first.")
        return None

    def _on_other_time(self, checked: bool) -> None:
        self.time_edit.setVisible(checked)
        if checked:  # start from the present minute, then go back to when it was measured
            self.time_edit.set_value(datetime.now().replace(second=0, microsecond=0))
            self.time_edit.setFocus()
        self._update_enabled()

    def _update_enabled(self) -> None:
        why = self.refusal()
        allowed = why is None and not self.busy
        for widget in (self.add_button, self.paste_button, self.import_button, self.text_edit,
                       self.before_radio, self.after_radio, self.other_time_box):
            widget.setEnabled(allowed)
        self.time_edit.setEnabled(allowed and self.other_time_box.isChecked())
        tips = {self.add_button: translate("ui.measure.samples_editor",
                                           "Store the numbers in the box (Ctrl+Enter)"),
                self.paste_button: translate(
                    "ui.measure.samples_editor",
                    "Put the column copied from a spreadsheet into the box"),
                self.import_button: translate(
                    "ui.measure.samples_editor",
                    "Import a CSV file with the columns phase, value and optionally "
                    "measured_at")}
        for button, tip in tips.items():
            button.setToolTip(why or tip)
        if why is not None and why != translate("ui.measure.samples_editor", "Add a metric first."):
            self.text_edit.setPlaceholderText(why)
        else:
            self.text_edit.setPlaceholderText(_typing_hint())

    @property
    def busy(self) -> bool:
        return self.saver.busy

    def report(self, text: str, tone: str = "") -> None:
        self.report_label.setText(text)
        self.report_label.setVisible(bool(text))
        polish(self.report_label, "tone", tone)
        self._action = None
        self.report_action.setVisible(False)
        if text:
            self._reveal_timer.start()

    def _reveal_report(self) -> None:
        scroll = self.parentWidget()
        while scroll is not None and not isinstance(scroll, QScrollArea):
            scroll = scroll.parentWidget()
        if scroll is not None and self.report_label.isVisible():
            scroll.ensureWidgetVisible(self.report_label, 0, 8)
            if not self.report_action.isHidden():
                scroll.ensureWidgetVisible(self.report_action, 0, 8)

    def _show_field_refusal(self, message: str) -> None:
        self.report(message, "error")

    def _show_refusal(self, text: str, action: Callable[[], None] | None,
                      action_text: str) -> None:
        """The saver's message line: the report, with its action (Retry) beside it."""
        self.report(text, "error")
        if action is not None:
            self._action = action
            self.report_action.setText(action_text)
            self.report_action.setVisible(True)
            self.report_action.setFocus()
        else:
            self.text_edit.setFocus()

    def _on_report_action(self) -> None:
        action = self._action
        self.report("")
        if action is not None:
            action()

    def _on_busy(self, busy: bool) -> None:
        if busy:
            self.report(translate("ui.measure.samples_editor", "Saving…"))
        self._update_enabled()

    # -- actions ----------------------------------------------------------------------------------
    def paste_clipboard(self) -> None:
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self.report(translate("ui.measure.samples_editor",
                                  "The clipboard holds no text; copy a column in your "
                                       "spreadsheet first."), "warning")
            return
        cursor = self.text_edit.textCursor()
        if self.text_edit.toPlainText() and not self.text_edit.toPlainText().endswith("\n"):
            cursor.movePosition(cursor.MoveOperation.End)
            cursor.insertText("\n")
        cursor.insertText(text)
        self.text_edit.setFocus()

    def add_values(self) -> None:
        if self.refusal() is not None or self.busy:
            return
        if not self.text_edit.toPlainText().strip():
            self.report(translate("ui.measure.samples_editor",
                                  "Type or paste at least one number."), "warning")
            self.text_edit.setFocus()
            return
        self.saver.save(self._collect_values, self._on_added, name="add samples")

    def _collect_values(self) -> Callable[[], PasteOutcome]:
        """What was typed, as the worker's job (a time that cannot be read is refused here)."""
        assert self.person is not None and self.metric_id is not None
        at = self.time_edit.checked_value() if self.other_time_box.isChecked() else None
        services, actor, metric, phase = (self.services, self.person.id, self.metric_id,
                                          self.phase)
        text = self.text_edit.toPlainText()
        return lambda: add_pasted(services, actor, metric, phase, text, at)

    def choose_csv(self) -> None:
        if self.refusal() is not None:
            return
        path, _filter = QFileDialog.getOpenFileName(
            self, translate("ui.measure.samples_editor", "Import measurements"), "",
            translate("ui.measure.samples_editor", "CSV files (*.csv *.txt);;All files (*)")
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        if self.refusal() is not None or self.busy:
            return
        assert self.person is not None and self.metric_id is not None
        services, actor, metric = self.services, self.person.id, self.metric_id
        self.saver.save(lambda: lambda: import_csv(services, actor, metric, path),
                        lambda counts: self._on_imported(path, counts), name="import samples")

    def _on_added(self, outcome: PasteOutcome) -> None:
        self.last_outcome = outcome
        lines = [added_text(outcome.added, outcome.phase, self.metric_name)]
        if outcome.header:
            lines.append(translate("ui.measure.samples_editor",
                                   "The first line (“{text}”) was taken as a header.")
                         .format(text=_short(outcome.header)))
        if outcome.rejected:
            count = len(outcome.rejected)
            lines.append(translate("ui.measure.samples_editor",
                                   "Not added (1 line, left in the box to fix):") if count == 1 else
                         translate("ui.measure.samples_editor",
                                   "Not added ({count} lines, left in the box to fix):")
                         .format(count=format_number(count)))
            lines.append(describe_rejected(outcome.rejected))
            self.text_edit.setPlainText("\n".join(r.text for r in outcome.rejected))
            self.report("\n".join(lines), "warning")
        else:
            self.text_edit.clear()
            self.report("\n".join(lines), "good")
        self.samplesAdded.emit()

    def _on_imported(self, path: Path, counts: dict[MeasurementPhase, int]) -> None:
        self.last_outcome = counts
        before, after = counts.get(MeasurementPhase.BEFORE, 0), counts.get(
            MeasurementPhase.AFTER, 0)
        total = before + after
        said = (translate("ui.measure.samples_editor",
                          "Imported {total} value from {file}: {before} before, "
                               "{after} after.") if total == 1 else
                translate("ui.measure.samples_editor",
                          "Imported {total} values from {file}: {before} before, "
                               "{after} after."))
        self.report(said.format(total=format_number(total), file=path.name,
                                before=format_number(before), after=format_number(after)),
                    "good")
        self.samplesAdded.emit()
