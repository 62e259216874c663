"""The one date editor (issue 16): a text box that may be empty, with a calendar drop-down.

Qt's QDateEdit cannot be empty, so "no date" used to be a stand-in day (1 Jan 2000) that was
shown, and stored, as such; its calendar opened in January 2000 and typed text was mangled by its
sections ("31 Jan 2027" became "date1Jan2027"). :class:`DateEdit` holds ``date | None``:

- empty text is "no date" (``None``), shown empty with a placeholder;
- it reads what people type: ISO (``2027-01-31``), the locale's short form (``31/01/2027``,
  ``1/31/27``; ``31.01.2027`` in German), and day, month name, year (``31 Jan 2027``,
  ``31 January 2027``, in English or in the app's language: ``31 Mär 2027``, ``31. März 2027``),
  and writes the date back as ``31 Jan 2027`` (``31 Mär 2027``) once the field is left;
- text it cannot read stays as typed, marked, and :meth:`DateEdit.checked_value` refuses it with
  a ``ValidationError`` naming the form's field (shown beside it by the save mechanism);
- the calendar (button, Alt+Down or F4) opens on the value, or on today, fully drawn: an opaque
  popup sized to the whole month grid with its weekday header; "Today" and "No date" below it;
- Up and Down move the date a day (Page Up/Down a month) when one is set.

Every form's date goes through it (idea due date, plan "By", action due, list filters).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from datetime import time as dt_time

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QPoint, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.errors import ValidationError
from kaizen.domain.input_domains import EARLIEST_DATE, LATEST_DATE
from kaizen.domain.months import MONTH_NAMES, MONTHS, format_day, month_name
from kaizen.i18n import translate
from kaizen.ui import resources

DISPLAY_FORMAT = "d MMM yyyy"  # what format_date writes in English (format_day's unpadded day)
_ISO = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")
# "31 Jan 2027", "31. März 2027", "31 de marzo de 2027", "Jan 31 2027": a day, a month's name
# and a year, in either order of day and month.
_DAY_NAME_YEAR = re.compile(r"(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?\s+(?:de\s+)?(\d{2}|\d{4})")
_NAME_DAY_YEAR = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2})\.?\s+(\d{2}|\d{4})")
# Day, month name, year in English whatever the locale ("31 Jan 2027", "31 January 2027").
_NAMED_FORMATS = ("d MMM yyyy", "d MMMM yyyy", "d MMM yy", "d MMMM yy", "MMM d yyyy",
                  "MMMM d yyyy")


def _to_date(value: QDate) -> date | None:
    if not value.isValid():
        return None
    try:
        result = date(value.year(), value.month(), value.day())
    except ValueError:
        return None
    return result if EARLIEST_DATE <= result <= LATEST_DATE else None


def _with_full_year(fmt: str) -> str:
    """The locale's short format with a four-digit year ("d/M/yy" -> "d/M/yyyy")."""
    return fmt if "yyyy" in fmt else fmt.replace("yy", "yyyy")


def _two_digit_year(value: QDate, fmt: str) -> QDate:
    """Qt reads "27" in a "yy" format as 1927; a plant's dates are this century."""
    if "yyyy" not in fmt and value.isValid() and value.year() < 2000:
        return value.addYears(100)
    return value


def _month_numbers(qt: QLocale) -> dict[str, int]:
    """Month names (short and long, folded, without a final dot) to 1..12: English always, the
    app's language (its stand-alone names, as :func:`format_date` writes them) and ``qt``'s."""
    names: dict[str, int] = {}
    for number in range(1, 13):
        for name in (MONTHS[number - 1], MONTH_NAMES[number - 1], month_name(number),
                     month_name(number, long=True),
                     qt.monthName(number, QLocale.FormatType.ShortFormat),
                     qt.monthName(number, QLocale.FormatType.LongFormat),
                     qt.standaloneMonthName(number, QLocale.FormatType.ShortFormat)):
            names.setdefault(name.casefold().rstrip("."), number)
    return names


def _named_date(text: str, locale: QLocale) -> date | None:
    """The day of "31 Jan 2027" and its kind (see :data:`_DAY_NAME_YEAR`), else None."""
    folded = text.casefold()
    found = _DAY_NAME_YEAR.fullmatch(folded)
    if found:
        day, name, year = found.groups()
    else:
        found = _NAME_DAY_YEAR.fullmatch(folded)
        if not found:
            return None
        name, day, year = found.groups()
    month = _month_numbers(locale).get(name)
    if month is None:
        return None
    full_year = int(year) + 2000 if len(year) == 2 else int(year)  # a plant's dates: this century
    try:
        result = date(full_year, month, int(day))
    except ValueError:
        return None
    return result if EARLIEST_DATE <= result <= LATEST_DATE else None


def parse_date(text: str, locale: QLocale | None = None) -> date | None:
    """The day ``text`` names, or None when it names none (see the module's formats)."""
    text = " ".join(text.replace(",", " ").split())
    if not text:
        return None
    iso = _ISO.fullmatch(text)
    if iso:
        try:
            result = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
        return result if EARLIEST_DATE <= result <= LATEST_DATE else None
    locale = locale or QLocale()
    named = _named_date(text, locale)
    if named is not None:
        return named
    short = locale.dateFormat(QLocale.FormatType.ShortFormat)
    candidates = [
        locale.toDate(text, _with_full_year(short)),
        _two_digit_year(locale.toDate(text, short), short),
    ]
    for fmt in _NAMED_FORMATS:
        candidates.append(_two_digit_year(QDate.fromString(text, fmt), fmt))  # English names
        candidates.append(_two_digit_year(locale.toDate(text, fmt), fmt))  # the locale's names
    for candidate in candidates:
        found = _to_date(candidate)
        if found is not None:
            return found
    return None


def format_date(value: date | None) -> str:
    """"31 Jan 2027" ("31 Mär 2027" in German), or "" for no date."""
    if value is None:
        return ""
    return format_day(value, padded=False)


# The app's table style pads every cell by 12 px a side (resources/style.qss), which left no
# room for "10".."31" or the weekday names in the month grid: the calendar keeps its own.
POPUP_STYLE = """
QFrame#CalendarPopup { background: #ffffff; border: 1px solid #98a2b3; }
QCalendarWidget QTableView {
    background: #ffffff; border: none; border-radius: 0px; gridline-color: #eaecf0;
    selection-background-color: #0f766e; selection-color: #ffffff;
}
QCalendarWidget QTableView::item { padding: 0px; border: none; }
QCalendarWidget QWidget#qt_calendar_navigationbar { background: #f2f4f7; }
QCalendarWidget QToolButton { color: #101828; font-weight: 600; background: transparent;
                              border: none; padding: 4px 8px; }
QCalendarWidget QToolButton:hover { background: #e6f3f1; border-radius: 6px; }
QCalendarWidget QSpinBox { background: #ffffff; color: #101828; }
"""


class CalendarPopup(QFrame):
    """The drop-down month: an opaque popup window holding the whole calendar."""

    picked = Signal(object)  # date | None ("No date")

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("CalendarPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(POPUP_STYLE)
        self.setAutoFillBackground(True)  # never see-through (after the style sheet)
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("DateCalendar")
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(
            QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setHorizontalHeaderFormat(
            QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        self.calendar.setMinimumDate(QDate(EARLIEST_DATE.year, EARLIEST_DATE.month,
                                           EARLIEST_DATE.day))
        self.calendar.setMaximumDate(QDate(LATEST_DATE.year, LATEST_DATE.month,
                                           LATEST_DATE.day))
        self.calendar.setAutoFillBackground(True)
        self.calendar.activated.connect(self._on_picked)  # Enter or double-click
        self.calendar.clicked.connect(self._on_picked)
        self.today_button = QPushButton(translate("ui.widgets.dates", "Today"))
        self.today_button.clicked.connect(lambda: self._on_picked(QDate.currentDate()))
        self.clear_button = QPushButton(translate("ui.widgets.dates", "No date"))
        self.clear_button.clicked.connect(lambda: self._emit(None))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(6, 0, 6, 6)
        buttons.addWidget(self.today_button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(4)
        layout.addWidget(self.calendar)
        layout.addLayout(buttons)

    def show_on(self, value: date | None, below: QWidget) -> None:
        """Open on ``value`` (or today) under ``below``, sized to show every day."""
        day = QDate.currentDate() if value is None else QDate(value.year, value.month,
                                                             value.day)
        self.calendar.setSelectedDate(day)
        self.calendar.setCurrentPage(day.year(), day.month())
        self.adjustSize()
        size = self.sizeHint().expandedTo(self.minimumSizeHint())
        self.resize(size)
        origin = below.mapToGlobal(QPoint(0, below.height()))
        screen = below.screen().availableGeometry() if below.screen() else None
        if screen is not None:
            # Keep the whole month on the screen: open upwards or leftwards when needed.
            if origin.y() + size.height() > screen.bottom():
                origin.setY(below.mapToGlobal(QPoint(0, 0)).y() - size.height())
            origin.setX(max(screen.left(), min(origin.x(), screen.right() - size.width())))
            origin.setY(max(screen.top(), origin.y()))
        self.move(origin)
        self.show()
        self.calendar.setFocus()

    def _on_picked(self, value: QDate) -> None:
        self._emit(_to_date(value))

    def _emit(self, value: date | None) -> None:
        self.hide()
        self.picked.emit(value)


class DateEdit(QWidget):
    """A date that may be empty; ``dateChanged(object)`` gives the new ``date`` or None.

    ``field`` and ``label`` name it in a refusal of text it cannot read; ``empty_text`` and
    ``label`` as shown (the caller translates them; by default "No date" and "Date")."""

    dateChanged = Signal(object)

    def __init__(self, empty_text: str | None = None, *, field: str = "date",
                 label: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if empty_text is None:
            empty_text = translate("ui.widgets.dates", "No date")
        self.setObjectName("DateEdit")
        self.field = field
        self.label = translate("ui.widgets.dates", "Date") if label is None else label
        self._value: date | None = None
        self.line = QLineEdit()
        self.line.setObjectName("DateText")
        self.line.setPlaceholderText(empty_text)
        self.line.setClearButtonEnabled(True)
        self.line.setToolTip(translate("ui.widgets.dates",
                                       "Type a date such as 2027-01-31 or 31 Jan 2027, or pick "
                                       "one (Alt+Down); leave it empty for no date"))
        self.line.editingFinished.connect(self._commit_text)
        self.line.textEdited.connect(self._on_edited)
        self.line.installEventFilter(self)
        self.button = QToolButton()
        self.button.setObjectName("DateButton")
        self.button.setIcon(resources.icon("mdi6.calendar-month-outline"))
        self.button.setToolTip(translate("ui.widgets.dates", "Pick from a calendar (Alt+Down)"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # one Tab stop: the text
        self.button.clicked.connect(self.open_calendar)
        self.popup: CalendarPopup | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line)
        self.setFocusPolicy(self.line.focusPolicy())
        self.setMinimumWidth(150)

    # -- value --------------------------------------------------------------------------------
    def value(self) -> date | None:
        """The date shown (None when empty or not readable; see :meth:`checked_value`)."""
        return parse_date(self.line.text())

    def checked_value(self) -> date | None:
        """The date, or a ``ValidationError`` naming :attr:`field` for unreadable text."""
        text = self.line.text().strip()
        if not text:
            return None
        parsed = parse_date(text)
        if parsed is None:
            raise ValidationError(
                translate("ui.widgets.dates",
                          "{label}: \"{text}\" is not a date. Type it as 2027-01-31 or "
                          "31 Jan 2027, or pick it from the calendar.").format(
                    label=self.label, text=text), self.field)
        return parsed

    def is_valid(self) -> bool:
        return not self.line.text().strip() or parse_date(self.line.text()) is not None

    def set_value(self, value: date | None) -> None:
        """Show ``value``; ``dateChanged`` when it differs (as Qt's own setters do)."""
        self._set(value, emit=True)

    def clear_value(self) -> None:
        self._set(None, emit=True)

    def text(self) -> str:
        return self.line.text()

    def set_text(self, text: str) -> None:
        """Put back what was typed (a draft kept over a reload), read as when left."""
        self.line.setText(text)
        self._commit_text()

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802 (Qt's spelling)
        self.line.setReadOnly(read_only)
        self.button.setEnabled(not read_only)

    def isReadOnly(self) -> bool:  # noqa: N802
        return self.line.isReadOnly()

    # -- calendar -----------------------------------------------------------------------------
    def open_calendar(self) -> CalendarPopup:
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self._on_picked)
        self.popup.show_on(self.value(), self)
        return self.popup

    def _on_picked(self, value: date | None) -> None:
        self._set(value, emit=True)
        self.line.setFocus()

    # -- internals ----------------------------------------------------------------------------
    def _set(self, value: date | None, *, emit: bool) -> None:
        changed = value != self._value
        self._value = value
        self.line.setText(format_date(value))
        self._mark(True)
        if changed and emit:
            self.dateChanged.emit(value)

    def _on_edited(self, text: str) -> None:
        self._mark(True)  # judged when the field is left, not at every key
        if not text.strip() and self._value is not None:
            self._value = None
            self.dateChanged.emit(None)

    def _commit_text(self) -> None:
        text = self.line.text().strip()
        if not text:
            self._set(None, emit=True)
            return
        parsed = parse_date(text)
        if parsed is None:
            self._mark(False)
            return
        self._set(parsed, emit=True)

    def _mark(self, valid: bool) -> None:
        if self.line.property("invalid") == (not valid):
            return
        self.line.setProperty("invalid", not valid)
        self.line.setStyleSheet("" if valid else "QLineEdit { border: 1px solid #b42318; }")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key, mods = event.key(), event.modifiers()
            if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down
                                        and mods & Qt.KeyboardModifier.AltModifier):
                self.open_calendar()
                return True
            steps = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1}
            months = {Qt.Key.Key_PageUp: 1, Qt.Key.Key_PageDown: -1}
            current = self.value() if self.is_valid() else None
            if current is None and not self.line.text().strip() and not mods and (
                    key in steps or key in months) and not self.line.isReadOnly():
                self._step(date.today())  # stepping an empty date starts from today
                return True
            if current is not None and key in steps and not mods:
                self._step(current + timedelta(days=steps[key]))
                return True
            if current is not None and key in months and not mods:
                moved = QDate(current.year, current.month, current.day).addMonths(months[key])
                self._step(_to_date(moved))
                return True
        return super().eventFilter(watched, event)

    def _step(self, value: date | None) -> None:
        if self.line.isReadOnly():
            return
        if value is not None and EARLIEST_DATE <= value <= LATEST_DATE:
            self._set(value, emit=True)


class DateTimeEdit(QWidget):
    """A moment: the one date editor beside a time of day (an observation, a measurement).

    Always holds a day (it says when something happened); ``checked_value`` refuses an empty
    or unreadable day under ``field``."""

    changed = Signal()

    def __init__(self, *, field: str = "moment", label: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DateTimeEdit")
        self.field = field
        self.label = translate("ui.widgets.dates", "Time") if label is None else label
        label = self.label
        self.date_edit = DateEdit(translate("ui.widgets.dates", "Day"), field=field,
                                  label=label)
        self.time_edit = QTimeEdit()
        self.time_edit.setObjectName("TimeOfDay")
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setMinimumWidth(80)
        self.time_edit.setToolTip(translate("ui.widgets.dates", "Time of day (24-hour)"))
        self.date_edit.dateChanged.connect(self.changed)
        self.time_edit.timeChanged.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.date_edit, 1)
        layout.addWidget(self.time_edit)
        self.setFocusProxy(self.date_edit)

    def value(self) -> datetime | None:
        day = self.date_edit.value()
        if day is None:
            return None
        clock = self.time_edit.time()
        return datetime.combine(day, dt_time(clock.hour(), clock.minute()))

    def checked_value(self) -> datetime:
        day = self.date_edit.checked_value()
        if day is None:
            raise ValidationError(translate("ui.widgets.dates", "{label} needs a day.").format(
                label=self.label), self.field)
        clock = self.time_edit.time()
        return datetime.combine(day, dt_time(clock.hour(), clock.minute()))

    def set_value(self, value: datetime) -> None:
        self.date_edit.set_value(value.date())
        self.time_edit.setTime(QTime(value.hour, value.minute))

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802 (Qt's spelling)
        self.date_edit.setReadOnly(read_only)
        self.time_edit.setReadOnly(read_only)


# --- the helpers the forms use --------------------------------------------------------------------


def date_edit(*, field: str = "date", label: str | None = None,
              empty_text: str | None = None) -> DateEdit:
    return DateEdit(empty_text, field=field, label=label)


def date_value(edit: DateEdit) -> date | None:
    """The edit's date for a save (a ``ValidationError`` for text that is not a date)."""
    return edit.checked_value()


def set_date(edit: DateEdit, value: date | None) -> None:
    edit.set_value(value)
