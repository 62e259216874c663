"""The filter bar shared by the Ideas and Waste walk lists, and the small widgets it is made of.

:class:`ListFilterBar` holds a search box (its changes are debounced by :data:`SEARCH_DELAY_MS`,
so typing a word asks the service once, not once per letter; Ctrl+F focuses it), an area combo
(an area means it and every area below it: the service expands it), a multi-select of statuses
or wastes showing how many rows each value has under the other filters, a person combo, a date
range and "Clear filters". It emits ``changed`` with nothing in it: the view reads
:meth:`ListFilterBar.values` and builds the service's filter from it. The bar never calls a
service; the view gives it the areas, the people and the counts. Its dates are the app's one date
editor (:class:`~kaizen.ui.widgets.dates.DateEdit`), empty meaning "any day".

:class:`MultiSelectButton` opens a checklist popup (a list view over a small item model).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPoint,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.months import format_day
from kaizen.domain.numbers import format_number
from kaizen.i18n import translate
from kaizen.ui import resources
from kaizen.ui.widgets.choices import AreaCombo, PersonCombo
from kaizen.ui.widgets.dates import DateEdit

if TYPE_CHECKING:
    from kaizen.services.people import AreaInfo, PersonInfo

SEARCH_DELAY_MS = 200
VALUE_ROLE = Qt.ItemDataRole.UserRole + 1
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2

# The look of the list pages (filter bar, count line, message bar); the board keeps its own.
LIST_STYLE = """
QPushButton#ChoiceFilter { padding: 6px 12px; text-align: left; }
QPushButton#ChoiceFilter[active="true"] {
    background: #d5ece9; border-color: #0f766e; color: #0b5d56; font-weight: 600;
}
QPushButton#ChoiceFilter:checked {
    background: #d5ece9; border-color: #0f766e; color: #0b5d56; font-weight: 600;
}
QPlainTextEdit {
    background: #ffffff; border: 1px solid #d0d5dd; border-radius: 8px; padding: 4px 6px;
}
QPlainTextEdit:focus { border: 1px solid #0f766e; }
QFrame#ChoicePopup { background: #ffffff; border: 1px solid #d0d5dd; border-radius: 10px; }
QFrame#ChoicePopup QListView { border: none; background: transparent; outline: 0; }
QPushButton#LinkButton {
    border: none; background: transparent; color: #0f766e; padding: 4px 6px; font-weight: 600;
}
QPushButton#LinkButton:hover { text-decoration: underline; }
QPushButton#LinkButton:disabled { color: #98a2b3; }
QLabel#FilterCaption { color: #667085; }
QLabel#FilterError { color: #b42318; }
QFrame#ExtraCriterion { background: #d5ece9; border: 1px solid #0f766e; border-radius: 12px; }
QLabel#ExtraCriterionText { color: #0b5d56; font-weight: 600; }
QToolButton#ExtraCriterionClear { border: none; background: transparent; padding: 0px; }
QLabel#ListCount { color: #475467; }
QLabel#SelectionCount { color: #667085; }
QDateEdit {
    background: #ffffff; border: 1px solid #d0d5dd; border-radius: 8px; padding: 5px 8px;
    min-height: 20px;
}
QDateEdit:focus { border: 1px solid #0f766e; }
QDateEdit::drop-down { border: none; width: 20px; }
"""


@dataclass(frozen=True, slots=True)
class FilterValues:
    """What the bar says, in plain values; ``choices`` are the enum values ticked."""

    text: str = ""
    area_id: int | None = None
    choices: tuple[str, ...] = ()
    person_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    @property
    def is_empty(self) -> bool:
        return self == FilterValues()


def _is_checked(index: QModelIndex) -> bool:
    value = index.data(Qt.ItemDataRole.CheckStateRole)
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    return value == Qt.CheckState.Checked.value


class _CountDelegate(QStyledItemDelegate):
    """A checklist row painted whole: a rounded tick box, the label, the count right-aligned in
    the muted colour (style-sheet item rules draw the indicator as a black square)."""

    BOX = 16

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        rect = option.rect
        state = option.state
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if state & (QStyle.StateFlag.State_MouseOver | QStyle.StateFlag.State_HasFocus):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#f0f8f7" if state & QStyle.StateFlag.State_HasFocus
                                    else "#f2f4f7"))
            painter.drawRoundedRect(QRectF(rect).adjusted(1, 1, -1, -1), 6, 6)
        checked = _is_checked(index)
        box = QRectF(rect.left() + 10, rect.center().y() - self.BOX / 2 + 1, self.BOX, self.BOX)
        painter.setPen(QPen(QColor(resources.ACCENT if checked else "#98a2b3"), 1.2))
        painter.setBrush(QColor(resources.ACCENT if checked else "#ffffff"))
        painter.drawRoundedRect(box, 4, 4)
        if checked:
            tick = QPainterPath()
            tick.moveTo(box.left() + 3.8, box.center().y() + 0.2)
            tick.lineTo(box.left() + 6.8, box.bottom() - 4.2)
            tick.lineTo(box.right() - 3.6, box.top() + 4.4)
            pen = QPen(QColor("#ffffff"), 2.0)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(tick)
        text_rect = rect.adjusted(int(self.BOX + 22), 0, -56, 0)
        painter.setPen(QColor(resources.TEXT))
        painter.setFont(option.font)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        count = index.data(COUNT_ROLE)
        if count is not None:
            painter.setPen(QColor(resources.MUTED))
            painter.drawText(rect.adjusted(0, 0, -10, 0),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             format_number(count))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 64, max(size.height(), 30))

    def editorEvent(self, event: QEvent, model: QAbstractItemModel,
                    option: QStyleOptionViewItem, index: QModelIndex) -> bool:
        # A click anywhere on the row ticks it, not only on the little box.
        if (event.type() == QEvent.Type.MouseButtonRelease
                and isinstance(event, QMouseEvent)
                and event.button() == Qt.MouseButton.LeftButton
                and option.rect.contains(event.position().toPoint())
                and index.flags() & Qt.ItemFlag.ItemIsUserCheckable):
            checked = _is_checked(index)
            model.setData(index, (Qt.CheckState.Unchecked if checked
                                  else Qt.CheckState.Checked).value,
                          Qt.ItemDataRole.CheckStateRole)
            return True
        return super().editorEvent(event, model, option, index)


class _ChoicePopup(QFrame):
    """The checklist under a :class:`MultiSelectButton`; Esc or Enter closes it."""

    def __init__(self, model: QStandardItemModel, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("ChoicePopup")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.view = QListView()
        self.view.setObjectName("ChoiceList")
        self.view.setModel(model)
        self.view.setItemDelegate(_CountDelegate(self.view))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setUniformItemSizes(True)
        self.view.installEventFilter(self)
        self.any_button = QPushButton(translate("ui.views.list_filters", "Any"))
        self.any_button.setObjectName("LinkButton")
        self.any_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.any_button.setAutoDefault(False)
        hint = QLabel(translate("ui.views.list_filters", "Space ticks · Enter closes"))
        hint.setObjectName("FilterCaption")
        footer = QHBoxLayout()
        footer.setContentsMargins(6, 0, 0, 0)
        footer.addWidget(hint)
        footer.addStretch(1)
        footer.addWidget(self.any_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        column.setSpacing(4)
        column.addWidget(self.view)
        column.addLayout(footer)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.close()
                return True
        return super().eventFilter(watched, event)


class MultiSelectButton(QPushButton):
    """A button naming what is ticked ("Status: 2 of 6"); click it for the checklist.

    ``changed`` fires on every tick. Values are strings (enum values); counts are optional.
    """

    changed = Signal()

    def __init__(self, caption: str, choices: Sequence[tuple[str, str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChoiceFilter")
        self.caption = caption
        self.setIcon(resources.icon("mdi6.chevron-down", resources.MUTED))
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # the chevron after the text
        self.setIconSize(QSize(16, 16))
        self.setAutoDefault(False)
        self.model = QStandardItemModel(self)
        for value, label, tip in choices:
            item = QStandardItem(label)
            item.setData(value, VALUE_ROLE)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(tip)
            self.model.appendRow(item)
        self.model.itemChanged.connect(self._on_item_changed)
        self.popup = _ChoicePopup(self.model, self)
        self.popup.any_button.clicked.connect(self.clear)
        self.clicked.connect(self.show_popup)
        self._update_text()

    def values(self) -> tuple[str, ...]:
        return tuple(
            str(self.model.item(r).data(VALUE_ROLE)) for r in range(self.model.rowCount())
            if self.model.item(r).checkState() == Qt.CheckState.Checked
        )

    def set_values(self, values: Sequence[str]) -> None:
        wanted = set(values)
        self.model.blockSignals(True)
        for r in range(self.model.rowCount()):
            item = self.model.item(r)
            item.setCheckState(Qt.CheckState.Checked if item.data(VALUE_ROLE) in wanted
                               else Qt.CheckState.Unchecked)
        self.model.blockSignals(False)
        self._update_text()
        self.changed.emit()

    def clear(self) -> None:
        if self.values():
            self.set_values(())

    def set_counts(self, counts: Mapping[str, int] | None) -> None:
        """Show ``counts[value]`` beside each value (None hides the counts)."""
        self.model.blockSignals(True)
        for r in range(self.model.rowCount()):
            item = self.model.item(r)
            item.setData(None if counts is None else counts.get(item.data(VALUE_ROLE), 0),
                         COUNT_ROLE)
        self.model.blockSignals(False)
        self.popup.view.viewport().update()

    def count_of(self, value: str) -> int | None:
        for r in range(self.model.rowCount()):
            item = self.model.item(r)
            if item.data(VALUE_ROLE) == value:
                return item.data(COUNT_ROLE)
        return None

    def show_popup(self) -> None:
        view = self.popup.view
        rows = self.model.rowCount()
        row_height = view.sizeHintForRow(0) if rows else 30
        view.setFixedHeight(row_height * rows + 2 * view.frameWidth() + 4)
        self.popup.setFixedWidth(max(self.width(), view.sizeHintForColumn(0) + 24, 240))
        self.popup.adjustSize()
        self.popup.move(self.mapToGlobal(QPoint(0, self.height() + 4)))
        self.popup.show()
        view.setFocus()
        if not view.currentIndex().isValid() and rows:
            view.setCurrentIndex(self.model.index(0, 0))

    def _on_item_changed(self, _item: QStandardItem) -> None:
        self._update_text()
        self.changed.emit()

    def _update_text(self) -> None:
        chosen = self.values()
        labels = {str(self.model.item(r).data(VALUE_ROLE)): self.model.item(r).text()
                  for r in range(self.model.rowCount())}
        if not chosen:
            text = self.caption
        elif len(chosen) == 1:
            text = f"{self.caption}: {labels[chosen[0]]}"
        else:
            text = translate("ui.views.list_filters", "{caption}: {count} of {total}").format(
                caption=self.caption, count=len(chosen), total=self.model.rowCount())
        self.setText(text)
        self.setToolTip(translate("ui.views.list_filters", "{caption}: {chosen} (click to choose)")
                        .format(caption=self.caption,
                                chosen=(", ".join(labels[c] for c in chosen) if chosen
                                        else translate("ui.views.list_filters", "any"))))
        self.setProperty("active", bool(chosen))
        self.style().unpolish(self)
        self.style().polish(self)


class ListFilterBar(QWidget):
    """Search, area, statuses or wastes, person, date range, Clear filters (see module doc).

    ``changed`` fires once the filters changed (after the search pause for typing).
    """

    changed = Signal()

    def __init__(self, *, noun: str, choice_caption: str,
                 choices: Sequence[tuple[str, str, str]], person_label: str,
                 person_tip: str, date_caption: str, date_tip: str,
                 shortcut_scope: QWidget | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ListFilterBar")
        self.search = QLineEdit()
        self.search.setObjectName("SearchBox")
        self.search.setPlaceholderText(
            translate("ui.views.list_filters", "Search {items}  (Ctrl+F)").format(items=noun))
        self.search.setAccessibleName(
            translate("ui.views.list_filters", "Search {items}").format(items=noun))
        self.search.setToolTip(translate("ui.views.list_filters", "Every word must appear in the "
                                         "text; the last one may be the start of a word"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(resources.icon("mdi6.magnify", resources.FAINT),
                              QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(240)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self._emit_changed)
        self.search.textEdited.connect(self._on_text_edited)
        self.search.returnPressed.connect(self.flush_search)

        self.area_combo = AreaCombo(translate("ui.views.list_filters", "All areas"))
        self.area_combo.setObjectName("AreaFilter")
        self.area_combo.setAccessibleName(translate("ui.views.list_filters", "Area"))
        self.area_combo.setToolTip(
            translate("ui.views.list_filters", "This area and every area below it"))
        self.area_combo.setMinimumContentsLength(16)
        self.area_combo.currentIndexChanged.connect(self._emit_changed)

        self.choice_button = MultiSelectButton(choice_caption, choices)
        self.choice_button.setAccessibleName(choice_caption)
        self.choice_button.changed.connect(self._emit_changed)

        self.person_combo = PersonCombo(person_label)
        self.person_combo.setObjectName("PersonFilter")
        self.person_combo.setAccessibleName(person_tip)
        self.person_combo.setToolTip(person_tip)
        self.person_combo.setMinimumContentsLength(14)
        self.person_combo.currentIndexChanged.connect(self._emit_changed)

        self.date_caption = QLabel(date_caption)
        self.date_caption.setObjectName("FilterCaption")
        any_day = translate("ui.views.list_filters", "any day")
        since = translate("ui.views.list_filters", "{caption} from").format(caption=date_caption)
        until = translate("ui.views.list_filters", "{caption} until").format(caption=date_caption)
        self.date_from = DateEdit(any_day, field="date_from", label=since)
        self.date_from.setObjectName("DateFrom")
        self.date_from.setAccessibleName(since)
        self.date_from.setToolTip(translate(
            "ui.views.list_filters", "{what} on or after this day (empty: any day)"
        ).format(what=date_tip))
        self.date_to = DateEdit(any_day, field="date_to", label=until)
        self.date_to.setObjectName("DateTo")
        self.date_to.setAccessibleName(until)
        self.date_to.setToolTip(translate(
            "ui.views.list_filters", "{what} on or before this day (empty: any day)"
        ).format(what=date_tip))
        dash = QLabel("–")
        dash.setObjectName("FilterCaption")
        for edit in (self.date_from, self.date_to):
            edit.setFixedWidth(150)
            edit.dateChanged.connect(self._emit_changed)

        self.clear_button = QPushButton(translate("ui.views.list_filters", "Clear filters"))
        self.clear_button.setObjectName("ClearFilters")
        self.clear_button.setIcon(resources.icon("mdi6.filter-remove-outline"))
        self.clear_button.setToolTip(translate("ui.views.list_filters", "Show everything again"))
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear)

        # A criterion the bar has no control for (a dashboard figure's "closed in October"),
        # shown as a chip that can be removed; the view reads it with extra_criterion().
        self.extra = ExtraCriterion()
        self.extra.cleared.connect(self._emit_changed)

        self.error_label = QLabel("")
        self.error_label.setObjectName("FilterError")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        # Two rows: the search gets room to breathe at 1280 pixels; the view puts its own
        # buttons at the end of the second row (``trailing``).
        first = QHBoxLayout()
        first.setContentsMargins(0, 0, 0, 0)
        first.setSpacing(8)
        first.addWidget(self.search, 1)
        first.addWidget(self.area_combo)
        first.addWidget(self.choice_button)
        first.addWidget(self.person_combo)
        second = QHBoxLayout()
        second.setContentsMargins(0, 0, 0, 0)
        second.setSpacing(8)
        second.addWidget(self.date_caption)
        second.addWidget(self.date_from)
        second.addWidget(dash)
        second.addWidget(self.date_to)
        second.addSpacing(4)
        second.addWidget(self.extra)
        second.addWidget(self.clear_button)
        second.addStretch(1)
        self.trailing = QHBoxLayout()
        self.trailing.setSpacing(12)
        second.addLayout(self.trailing)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addLayout(first)
        column.addLayout(second)
        column.addWidget(self.error_label)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        self.find_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find),
                                       shortcut_scope or self)
        self.find_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_shortcut.activated.connect(self.focus_search)
        self.setTabOrder(self.search, self.area_combo)
        self.setTabOrder(self.area_combo, self.choice_button)
        self.setTabOrder(self.choice_button, self.person_combo)
        self.setTabOrder(self.person_combo, self.date_from)
        self.setTabOrder(self.date_from, self.date_to)
        self.setTabOrder(self.date_to, self.clear_button)
        self._silent = False
        self._update_clear()

    # -- the values --------------------------------------------------------------------------
    def values(self) -> FilterValues:
        return FilterValues(
            text=self.search.text().strip(),
            area_id=self.area_combo.area_id(),
            choices=self.choice_button.values(),
            person_id=self.person_combo.person_id(),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
        )

    def is_filtered(self) -> bool:
        return not self.values().is_empty or self.extra.payload is not None

    def extra_criterion(self) -> Any:
        """What the chip stands for (the view's own value), or None when there is no chip."""
        return self.extra.payload

    def set_values(self, values: FilterValues, extra: tuple[str, Any] | None = None) -> None:
        """Show exactly these filters (and the chip ``(text, payload)``); one ``changed``.

        An area or person not loaded yet is selected once the choices arrive.
        """
        self._silent = True
        try:
            self.search_timer.stop()
            self.search.setText(values.text)
            self.area_combo.set_selected_id(values.area_id)
            self.choice_button.set_values(values.choices)
            self.person_combo.set_selected_id(values.person_id)
            self.date_from.set_value(values.date_from)
            self.date_to.set_value(values.date_to)
            if extra is None:
                self.extra.clear_silently()
            else:
                self.extra.show_criterion(*extra)
        finally:
            self._silent = False
        self._emit_changed()

    def clear(self) -> None:
        """Back to everything; one ``changed``."""
        self._silent = True
        try:
            self.extra.clear_silently()
            self.search_timer.stop()
            self.search.clear()
            self.area_combo.setCurrentIndex(0)
            self.choice_button.clear()
            self.person_combo.setCurrentIndex(0)
            self.date_from.clear_value()
            self.date_to.clear_value()
        finally:
            self._silent = False
        self._emit_changed()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def flush_search(self) -> None:
        """Enter in the search box: search now rather than after the pause."""
        if self.search_timer.isActive():
            self.search_timer.stop()
            self._emit_changed()

    # -- what the view gives it --------------------------------------------------------------
    def set_areas(self, areas: Sequence[AreaInfo]) -> None:
        self._silent = True
        try:
            self.area_combo.set_areas(areas)
        finally:
            self._silent = False

    def set_people(self, people: Sequence[PersonInfo]) -> None:
        self._silent = True
        try:
            self.person_combo.set_people(people)
        finally:
            self._silent = False

    def set_counts(self, counts: Mapping[str, int] | None) -> None:
        self.choice_button.set_counts(counts)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    # -- internals ---------------------------------------------------------------------------
    def _on_text_edited(self, _text: str) -> None:
        self.search_timer.start()  # restarts: only a pause in typing asks the service
        self._update_clear()

    def _emit_changed(self, *_args: Any) -> None:
        self._update_clear()
        if not self._silent:
            self.changed.emit()

    def _update_clear(self) -> None:
        self.clear_button.setEnabled(self.is_filtered())


def day_range_text(caption: str, start: date | None, end: date | None) -> str:
    """``Closed 1 Oct 2026 – 31 Oct 2026`` (either end may be open)."""
    def day(value: date) -> str:
        return format_day(value, padded=False)

    if start is not None and end is not None:
        return f"{caption} {day(start)} – {day(end)}"
    if start is not None:
        return translate("ui.views.list_filters", "{caption} on or after {day}").format(
            caption=caption, day=day(start))
    if end is not None:
        return translate("ui.views.list_filters", "{caption} on or before {day}").format(
            caption=caption, day=day(end))
    return caption


class ExtraCriterion(QFrame):
    """A removable chip for a criterion the filter bar has no control for; hidden when unset."""

    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ExtraCriterion")
        self.payload: Any = None
        self.label = QLabel("")
        self.label.setObjectName("ExtraCriterionText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.clear_button = QToolButton()
        self.clear_button.setObjectName("ExtraCriterionClear")
        self.clear_button.setIcon(resources.icon("mdi6.close", "#0b5d56"))
        self.clear_button.setToolTip(translate("ui.views.list_filters", "Remove this filter"))
        self.clear_button.setAccessibleName(
            translate("ui.views.list_filters", "Remove this filter"))
        self.clear_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.clear_button.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 3, 4, 3)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        layout.addWidget(self.clear_button)
        self.hide()

    def show_criterion(self, text: str, payload: Any) -> None:
        self.payload = payload
        self.label.setText(text)
        self.setToolTip(text)
        self.show()

    def clear_silently(self) -> None:
        self.payload = None
        self.hide()

    def clear(self) -> None:
        self.clear_silently()
        self.cleared.emit()


class CountLine(QLabel):
    """"12,418 ideas · 37 submitted · …": as many parts as fit the width, the first always;
    the tooltip has them all."""

    SEPARATOR = " · "

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("ListCount")
        self.setTextFormat(Qt.TextFormat.PlainText)
        # Long counts must not widen the page: the label takes the width it is given.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._parts: list[str] = [text] if text else []

    def set_parts(self, parts: Sequence[str]) -> None:
        self._parts = list(parts)
        self.setToolTip(self.SEPARATOR.join(self._parts))
        self._fit()

    def full_text(self) -> str:
        return self.SEPARATOR.join(self._parts)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        room = self.width()
        shown = self._parts[:1]
        for part in self._parts[1:]:
            candidate = self.SEPARATOR.join([*shown, part])
            rest = self.SEPARATOR + "…" if part is not self._parts[-1] else ""
            if metrics.horizontalAdvance(candidate + rest) > room:
                shown.append("…")
                break
            shown.append(part)
        self.setText(self.SEPARATOR.join(shown))

