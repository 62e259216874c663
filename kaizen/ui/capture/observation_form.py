"""The "Log waste" form: one waste observation from a walk, priced live as the numbers are typed.

The waste is picked from seven large buttons (keys 1–7 while they have focus, Alt+1…7 from
anywhere in the form), then area, what was seen, minutes lost each time, times a week, an
optional direct cost each time, and photos. Below the numbers the yearly cost and hours update on
every keystroke ("≈ 1,560 EUR a year · 52 h"), priced with the chosen area's effective hourly
rate by :func:`kaizen.domain.costs.observation_yearly_cost`, the same function the service uses,
so the form and the saved record always agree. The save goes to
``services.observations.create`` through :class:`~kaizen.ui.capture.CaptureDialog`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QPlainTextEdit, QVBoxLayout, QWidget

from kaizen.domain.costs import observation_yearly_cost, observation_yearly_hours
from kaizen.domain.enums import WasteCategory
from kaizen.domain.errors import ValidationError
from kaizen.domain.numbers import format_money, format_number
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.services.observations import ObservationInput
from kaizen.ui.capture import (
    CaptureDialog,
    hint_label,
    row_of,
    suffix_label,
)
from kaizen.ui.capture.waste_picker import WASTES, WastePicker
from kaizen.ui.widgets.choices import AreaCombo
from kaizen.ui.widgets.form import ErrorLabel, FieldForm
from kaizen.ui.widgets.money import MoneyEdit
from kaizen.ui.widgets.numbers import NumberEdit

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.observations import ObservationInfo
    from kaizen.services.people import PersonInfo

DESCRIPTION_LINES = 3
SHORT_NUMBER_WIDTH = 76
MONEY_WIDTH = 130  # the digits and the currency inside the field ("1,250.50 EUR")
COST_PROMPT = QT_TRANSLATE_NOOP("ui.capture.observation_form",
                                "Type the minutes and the times a week to see the yearly cost.")
NO_COST = "—"  # a number that cannot be priced (not a number, below zero): the save says why

_STYLE = """
QLabel#SectionTitle { font-weight: 600; color: #344054; }
QLabel#YearlyCost { font-size: 13pt; font-weight: 600; color: #0b5d56; }
QLabel#YearlyCost[empty="true"] { font-size: 10pt; font-weight: 400; color: #98a2b3; }
"""


def format_hours(hours: float) -> str:
    return translate("ui.capture.observation_form", "{hours} h").format(
        hours=format_number(hours, 1 if hours < 10 else 0))


def plain_number(value: float) -> str:
    """A typed number as typed, with the language's separators: 1,000 / 2.5 (Python's "g")."""
    text = f"{value:g}"
    if "e" in text:
        return format_number(value)
    return format_number(value, len(text.partition(".")[2]))


def yearly_text(minutes: float, per_week: float, rate: float, cost: float | None,
                currency: str) -> str:
    """'≈ 1,560 EUR a year · 52 h' for what was typed, priced by the domain's own formula."""
    money = observation_yearly_cost(minutes, per_week, rate, cost)
    hours = observation_yearly_hours(minutes, per_week)
    return translate("ui.capture.observation_form", "≈ {money} a year · {hours}").format(
        money=format_money(money, currency), hours=format_hours(hours))


class ObservationDialog(CaptureDialog):
    """Log a waste seen by ``person``; ``saved(ObservationInfo)`` after each save."""

    kind = "observation"
    heading = QT_TRANSLATE_NOOP("ui.capture.observation_form", "Log waste")
    icon_name = "mdi6.shoe-print"
    width_px = 940

    def __init__(self, services: Services, person: PersonInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, person, parent)
        self.setStyleSheet(self.styleSheet() + _STYLE)
        for number in range(1, len(WASTES) + 1):
            QShortcut(QKeySequence(f"Alt+{number}"), self,
                      activated=lambda n=number: self._pick_by_key(n))
        self.update_yearly_cost()
        self.picker.setFocus()

    def heading_text(self) -> str:
        return translate("ui.capture.observation_form", self.heading)

    def save_tip(self) -> str:
        return translate("ui.capture.observation_form",
                         "Save the observation and close (Ctrl+Enter)")

    def save_new_tip(self) -> str:
        return translate("ui.capture.observation_form",
                         "Save, then clear the form for the next observation (Ctrl+Shift+Enter)")

    def discard_question(self) -> str:
        return translate("ui.capture.observation_form", "Discard this observation?")

    def subtitle_text(self) -> str:
        return translate("ui.capture.observation_form",
                         "Seen by {name} · priced at the area's hourly rate").format(
            name=self.person.name)

    def build_above(self) -> QWidget:
        section = QWidget()
        column = QVBoxLayout(section)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        title = QLabel(translate("ui.capture.observation_form", "Which waste did you see?"))
        title.setObjectName("SectionTitle")
        title.setTextFormat(Qt.TextFormat.PlainText)
        keys = hint_label(translate("ui.capture.observation_form",
                                    "keys 1–7 pick one, arrows move"))
        title_row = row_of(title, keys)
        column.addWidget(title_row)
        column.addWidget(self.picker)
        column.addWidget(self.category_error)
        return section

    def build_fields(self, form: FieldForm) -> None:
        self.picker = WastePicker(columns=4)
        self.picker.categoryChanged.connect(self._on_edited)
        self.category_error = ErrorLabel()
        self.refusals.add_label("category", self.category_error, self.picker)
        self.area_combo = AreaCombo()
        self.area_combo.setObjectName("AreaField")
        area = translate("ui.capture.observation_form", "Area")
        seen = translate("ui.capture.observation_form", "What was seen")
        self.area_combo.setAccessibleName(area)
        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("DescriptionField")
        self.description_edit.setPlaceholderText(
            translate("ui.capture.observation_form", "What did you see? Where, doing what?"))
        self.description_edit.setAccessibleName(seen)
        self.description_edit.setTabChangesFocus(True)
        lines = self.description_edit.fontMetrics().lineSpacing() * DESCRIPTION_LINES
        self.description_edit.setFixedHeight(lines + 16)
        # Optional here: a blank goes to the service, which says it is required.
        self.minutes_edit = NumberEdit(optional=True)
        self.minutes_edit.setAccessibleName(translate("ui.capture.observation_form",
                                                      "Minutes lost each time"))
        self.minutes_edit.setObjectName("MinutesField")
        self.per_week_edit = NumberEdit(optional=True)
        self.per_week_edit.setAccessibleName(translate("ui.capture.observation_form",
                                                       "Times a week"))
        self.per_week_edit.setObjectName("PerWeekField")

        # "0" like its neighbours: the words beside it say it is optional ("optional" itself
        # did not fit the field and showed as "optio…").
        self.cost_edit = MoneyEdit(optional=True)
        self.cost_edit.setAccessibleName(translate("ui.capture.observation_form",
                                                   "Cost each time"))
        self.cost_edit.setObjectName("CostField")
        for edit in (self.minutes_edit, self.per_week_edit):
            # They share a row with their words; the cost lines up under the first.
            edit.setFixedWidth(SHORT_NUMBER_WIDTH)
        self.cost_edit.setFixedWidth(MONEY_WIDTH)
        self.cost_currency = suffix_label(
            translate("ui.capture.observation_form", "each time (material, scrap; optional)"))
        self.yearly_label = QLabel(translate("ui.capture.observation_form", COST_PROMPT))
        self.yearly_label.setObjectName("YearlyCost")
        self.yearly_label.setTextFormat(Qt.TextFormat.PlainText)
        self.yearly_label.setAccessibleName(translate("ui.capture.observation_form",
                                                      "Yearly cost"))
        self.yearly_label.setWordWrap(True)
        self.basis_label = hint_label("")
        self.basis_label.setWordWrap(True)  # a long area name wraps rather than being cut
        yearly = QWidget()
        yearly_column = QVBoxLayout(yearly)
        yearly_column.setContentsMargins(0, 2, 0, 0)
        yearly_column.setSpacing(1)
        yearly_column.addWidget(self.yearly_label)
        yearly_column.addWidget(self.basis_label)

        form.add_field("area_id", area, self.area_combo)  # i18n: no
        form.add_field("description", seen, self.description_edit)  # i18n: no
        form.add_field("minutes_per_occurrence",  # i18n: no
                       translate("ui.capture.observation_form", "Time lost"),
                       row_of(self.minutes_edit,
                              suffix_label(translate("ui.capture.observation_form",
                                                     "min each time")), 2,
                              suffix_label("×"), 2, self.per_week_edit,
                              suffix_label(translate("ui.capture.observation_form",
                                                     "times a week"))))
        form.alias("occurrences_per_week", "minutes_per_occurrence")
        form.add_field("cost_per_occurrence",  # i18n: no
                       translate("ui.capture.observation_form", "Direct cost"),
                       row_of(self.cost_edit, self.cost_currency))
        in_a_year = translate("ui.capture.observation_form", "In a year")
        form.add_field("yearly_cost", in_a_year, yearly)  # i18n: no

        for edit in (self.minutes_edit, self.per_week_edit, self.cost_edit):
            edit.textChanged.connect(self.update_yearly_cost)
            edit.textChanged.connect(self._on_edited)
        self.description_edit.textChanged.connect(self._on_edited)
        self.area_combo.currentIndexChanged.connect(self.update_yearly_cost)
        self.area_combo.currentIndexChanged.connect(self._on_edited)

    def build_body(self) -> QLayout:
        # Photos beside the rows, not under them: the big waste buttons already take the height
        # a 1280×800 screen can spare.
        photos_title = QLabel(translate("ui.capture.observation_form", "Photos"))
        photos_title.setObjectName("SectionTitle")
        photos_title.setTextFormat(Qt.TextFormat.PlainText)
        side = QVBoxLayout()
        side.setSpacing(6)
        side.addWidget(photos_title)
        side.addWidget(self.photos)
        side.addStretch(1)
        body = QHBoxLayout()
        body.setSpacing(24)
        body.addLayout(self.form, 3)
        body.addLayout(side, 2)
        return body

    def on_reference_loaded(self) -> None:
        currency = self.site.currency if self.site is not None else ""
        self.cost_edit.set_currency(currency)
        self.update_yearly_cost()

    def area_combo_widget(self) -> AreaCombo:
        return self.area_combo

    def first_field(self) -> QWidget:
        return self.picker

    # -- live cost --------------------------------------------------------------------------
    def update_yearly_cost(self) -> None:
        area = self.areas.get(self.area_combo.area_id() or -1)
        currency = self.site.currency if self.site is not None else ""
        try:
            minutes = self.minutes_edit.value()
            per_week = self.per_week_edit.value()
            cost = self.cost_edit.value()
        except ValueError:
            self._set_yearly(NO_COST, "", empty=True)
            return
        if area is None or minutes is None or per_week is None:
            self._set_yearly(translate("ui.capture.observation_form", COST_PROMPT), "",
                             empty=True)
            return
        if not all(0 <= v < float("inf") for v in (minutes, per_week, cost or 0.0)):
            self._set_yearly(NO_COST, "", empty=True)  # NaN fails the comparison too
            return
        rate = area.effective_hourly_rate
        basis = translate("ui.capture.observation_form",
                          "{per_week} times a week, 52 weeks; time at {rate} an hour ({area})"
                          ).format(per_week=plain_number(per_week),
                                   rate=format_money(rate, currency, 2), area=area.name)
        self._set_yearly(yearly_text(minutes, per_week, rate, cost, currency), basis,
                         empty=False)

    def _set_yearly(self, text: str, basis: str, *, empty: bool) -> None:
        self.yearly_label.setText(text)
        self.basis_label.setText(basis)
        self.basis_label.setVisible(bool(basis))
        if self.isVisible():
            self._grow_to_fit()
        if bool(self.yearly_label.property("empty")) != empty:
            self.yearly_label.setProperty("empty", empty)
            self.yearly_label.style().unpolish(self.yearly_label)
            self.yearly_label.style().polish(self.yearly_label)

    def _grow_to_fit(self) -> None:
        """A wrapped line (a long area name, a longer language) got taller: grow the dialog so
        nothing is squeezed (within the screen); never shrink it under the person."""
        layout = self.layout()
        layout.activate()
        wanted = (layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth()
                  else self.sizeHint().height())
        screen = self.screen().availableGeometry().height() if self.screen() else wanted
        if wanted > self.height():
            self.resize(self.width(), min(wanted, screen))

    # -- saving -------------------------------------------------------------------------------
    def make_save(self) -> Callable[[], ObservationInfo]:
        category = self.picker.category()
        if category is None:
            message = translate("ui.capture.observation_form",
                                "Pick the waste you saw (keys 1–7).")
            raise ValidationError(message, "category")  # i18n: no
        minutes = self.minutes_edit.read("minutes_per_occurrence", translate(
            "ui.capture.observation_form", "Minutes lost each time"))
        per_week = self.per_week_edit.read("occurrences_per_week", translate(
            "ui.capture.observation_form", "Times a week"))
        cost = self.cost_edit.read("cost_per_occurrence",
                                   translate("ui.capture.observation_form", "Cost each time"))
        area_id = self.area_combo.area_id()
        data = ObservationInput(
            category=category,
            area_id=area_id if area_id is not None else 0,
            description=self.description_edit.toPlainText(),
            # Blank numbers go as None: the service says they are required.
            minutes_per_occurrence=minutes,  # type: ignore[arg-type]
            occurrences_per_week=per_week,  # type: ignore[arg-type]
            cost_per_occurrence=cost,
        )
        service = self.services.observations
        actor_id = self.person.id
        photos = self.photos.paths()

        def save() -> ObservationInfo:
            return service.create(actor_id, data, photos=photos)

        return save

    def clear_for_next(self) -> None:
        self.picker.set_category(None)
        self.description_edit.clear()
        self.minutes_edit.clear()
        self.per_week_edit.clear()
        self.cost_edit.clear()

    def has_typed_input(self) -> bool:
        return bool(
            self.picker.category() is not None or self.description_edit.toPlainText().strip()
            or self.minutes_edit.text().strip() or self.per_week_edit.text().strip()
            or self.cost_edit.text().strip() or self.photos.paths() or self.photos.is_busy()
        )

    def saved_message(self, info: Any) -> str:
        return translate("ui.capture.observation_form", "Observation #{id} saved").format(
            id=info.id)

    def _pick_by_key(self, number: int) -> None:
        self.picker.set_category(WASTES[number - 1])
        self.picker.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @property
    def category(self) -> WasteCategory | None:
        return self.picker.category()
