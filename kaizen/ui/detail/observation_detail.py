"""The detail dialog of one waste observation: what was seen, what it costs, its photos and the
idea it led to.

- Details: the waste (one of the seven, with its help text), the area, when it was seen, what
  was seen, minutes lost each time, times a week and the optional cost each time. The yearly
  cost and hours are derived, never typed: as read from the service (``ObservationInfo``) and
  recomputed live with the same domain formula while the numbers are edited.
- The idea it led to, as a link that opens the idea; or "Turn into idea", which makes the idea
  from the observation in one click (``create_suggestion_from``; unsaved edits are saved first),
  emits ``ideaCreated(id)`` and offers to open it.
- History: the observation's audit trail, when the app has a reader for it.

Staff edit their own observation until it leads to an idea; others see it read only, with the
reason. The service decides; the dialog only greys out what it would refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.costs import observation_yearly_cost, observation_yearly_hours
from kaizen.domain.enums import WasteCategory
from kaizen.domain.errors import ValidationError
from kaizen.domain.numbers import format_money, format_number
from kaizen.domain.permissions import Action, can, can_edit_observation
from kaizen.i18n import translate
from kaizen.services.observations import ObservationInput
from kaizen.ui import resources
from kaizen.ui.detail.base import DetailDialog, grow_in_form
from kaizen.ui.detail.idea_detail import IdeaDetailDialog
from kaizen.ui.detail.widgets import (
    DASH,
    LinkButton,
    label,
    money,
    no_default_buttons,
    show_date,
    text_edit,
)
from kaizen.ui.widgets.choices import AreaCombo
from kaizen.ui.widgets.dates import DateTimeEdit
from kaizen.ui.widgets.money import MoneyEdit
from kaizen.ui.widgets.numbers import NumberEdit

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.observations import ObservationDetail, ObservationInfo
    from kaizen.services.people import PersonInfo
    from kaizen.services.suggestions import SuggestionInfo

TAB_DETAILS, TAB_HISTORY = range(2)


def read_only_reason(person: PersonInfo | None, info: ObservationInfo) -> str:
    if person is None:
        return translate(
            "ui.detail.observation_detail", "Pick who is working first to edit this observation.")
    linked = info.suggestion_id is not None
    if can_edit_observation(person.role, person.id, info.observer_id, linked):
        return ""
    if person.id != info.observer_id:
        return translate(
            "ui.detail.observation_detail",
            "Read only: only {name}, who logged it, or a supervisor can "
                              "change this observation.").format(name=info.observer_name)
    return translate("ui.detail.observation_detail", "Read only: this observation already led to "
                                                     "an idea; ask a supervisor to change it.")


class ObservationDetailDialog(DetailDialog):
    """One waste observation. ``ideaCreated(id)`` after "Turn into idea" made an idea."""

    ideaCreated = Signal(int)
    what = "observation"

    def __init__(self, services: Services, person: PersonInfo | None, observation_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, person, observation_id, parent)
        self.setObjectName("ObservationDetailDialog")
        self.observation_id = observation_id
        self.idea_dialog: IdeaDetailDialog | None = None
        self.setWindowTitle(translate(
            "ui.detail.observation_detail", "Waste observation #{number}").format(
            number=observation_id))
        self.tabs.addTab(self._build_details(), translate(
            "ui.detail.observation_detail", "Details"))
        self.tabs.addTab(self.history_page(), translate(
            "ui.detail.observation_detail", "History"))
        no_default_buttons(self)
        self.update_enabled()
        self.load()

    # -- building -----------------------------------------------------------------------------
    def _build_details(self) -> QWidget:
        self.start_columns()

        self.category_combo = QComboBox()
        for waste in WasteCategory:
            self.category_combo.addItem(waste.label, waste.value)
            self.category_combo.setItemData(self.category_combo.count() - 1, waste.help_text,
                                            Qt.ItemDataRole.ToolTipRole)
        self.category_help = label("", "FieldHint")
        waste_box = QWidget()
        waste_column = QVBoxLayout(waste_box)
        waste_column.setContentsMargins(0, 0, 0, 0)
        waste_column.setSpacing(3)
        waste_column.addWidget(self.category_combo)
        waste_column.addWidget(self.category_help)
        self.category_combo.currentIndexChanged.connect(self._show_category_help)
        self.add_field(self.left_form, "category",  # i18n: no (the field key)
                       translate("ui.detail.observation_detail", "Waste"), waste_box)
        self.area_combo = AreaCombo()
        self.area_combo.currentIndexChanged.connect(self._update_cost)
        self.add_field(self.left_form, "area_id",  # i18n: no (the field key)
                       translate("ui.detail.observation_detail", "Area"), self.area_combo)
        self.seen_edit = DateTimeEdit(field="observed_at",
                                      label=translate(
                                          "ui.detail.observation_detail", "When it was seen"))
        self.seen_edit.setMinimumWidth(240)
        self.add_field(self.left_form, "observed_at",  # i18n: no (the field key)
                       translate(
                           "ui.detail.observation_detail", "When it was seen"), self.seen_edit)
        self.description_edit = text_edit(
            translate(
                "ui.detail.observation_detail",
                "What was seen: where, what happened, who waited"), 140)
        self.add_field(self.left_form, "description",  # i18n: no (the field key)
                       translate(
                           "ui.detail.observation_detail", "What was seen"), self.description_edit)

        # Optional, as in the capture form: a blank goes to the service, which says it is
        # required (and gives the ranges).
        self.minutes_edit = NumberEdit(optional=True)
        self.minutes_edit.set_unit(translate("ui.detail.observation_detail", "min"))
        self.occurrences_edit = NumberEdit(optional=True)
        self.occurrences_edit.set_unit(translate("ui.detail.observation_detail", "a week"))
        self.cost_edit = MoneyEdit(optional=True, placeholder=translate(
            "ui.detail.observation_detail", "Optional"))
        for number in (self.minutes_edit, self.occurrences_edit, self.cost_edit):
            number.textChanged.connect(self._update_cost)
            number.returnPressed.connect(self.save)
        numbers = QWidget()
        grid = QGridLayout(numbers)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        grid.setVerticalSpacing(4)
        self.cost_caption = label(translate(
            "ui.detail.observation_detail", "Cost each time"), "PairLabel")
        self.minutes_edit.setToolTip(translate(
            "ui.detail.observation_detail", "Minutes lost each time it happens"))
        self.occurrences_edit.setToolTip(translate(
            "ui.detail.observation_detail", "How many times it happens in a week"))
        self.cost_edit.setToolTip(translate(
            "ui.detail.observation_detail",
            "A direct cost each time it happens (scrap, material); leave empty if none"))
        for column, (caption, widget) in enumerate((
            (label(translate(
                "ui.detail.observation_detail", "Minutes lost"), "PairLabel"), self.minutes_edit),
            (label(translate(
                "ui.detail.observation_detail",
                "Times a week"), "PairLabel"), self.occurrences_edit),
            (self.cost_caption, self.cost_edit),
        )):
            grid.addWidget(caption, 0, column)
            grid.addWidget(widget, 1, column)
            grid.setColumnStretch(column, 1)
        # The captions above are the labels: an empty row label takes no room.
        self.add_field(self.right_form, "minutes_per_occurrence", "", numbers)  # i18n: no
        self.alias(self.right_form, "occurrences_per_week", "minutes_per_occurrence")
        self.alias(self.right_form, "cost_per_occurrence", "minutes_per_occurrence")

        card = QFrame()
        card.setObjectName("CostCard")
        card_column = QVBoxLayout(card)
        card_column.setContentsMargins(14, 10, 14, 10)
        card_column.setSpacing(2)
        self.cost_value_label = label("", "CostValue")
        self.cost_caption_label = label("", "CostCaption")
        card_column.addWidget(self.cost_value_label)
        card_column.addWidget(self.cost_caption_label)
        self.right_form.addRow(card)

        self.idea_link = LinkButton()
        self.idea_link.setIcon(resources.icon("mdi6.lightbulb-on-outline", resources.ACCENT))
        self.idea_link.clicked.connect(self.open_linked_idea)
        self.no_idea_label = label(translate(
            "ui.detail.observation_detail", "Not turned into an idea yet."), "TabNote")
        self.turn_button = QPushButton(translate("ui.detail.observation_detail", "Turn into idea"))
        self.turn_button.setIcon(resources.icon("mdi6.lightbulb-on-outline"))
        self.turn_button.setToolTip(translate(
            "ui.detail.observation_detail",
            "Make an idea from this observation, with its text, area, waste and yearly cost, and "
            "link the two"))
        self.turn_button.clicked.connect(self.turn_into_idea)
        idea_row = QWidget()
        row = QHBoxLayout(idea_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(self.idea_link, 1)
        row.addWidget(self.no_idea_label, 1)
        row.addWidget(self.turn_button)
        self.add_field(self.right_form, "suggestion_id",  # i18n: no (the field key)
                       translate("ui.detail.observation_detail", "Idea"), idea_row)
        self.add_field(self.right_form, "photos",  # i18n: no (the field key)
                       translate("ui.detail.observation_detail", "Photos"), self.make_photo_panel())
        page = self.finish_columns()
        grow_in_form(self.description_edit)
        self.link_idea_refs(self.description_edit)
        return page

    # -- filling ------------------------------------------------------------------------------
    def read(self) -> Any:
        services, obs_id = self.services, self.observation_id
        return lambda: services.observations.detail(obs_id)

    def apply(self, detail: ObservationDetail) -> None:
        info = detail.info
        self.setWindowTitle(translate(
            "ui.detail.observation_detail", "Waste observation #{number}").format(
            number=info.id))
        self.title_label.setText(translate(
            "ui.detail.observation_detail", "{waste} in {area}").format(
            waste=info.category.label, area=info.area_name))
        self.status_pill.set_plain(translate(
            "ui.detail.observation_detail", "Led to an idea") if info.suggestion_id
                                   else translate("ui.detail.observation_detail", "Open"))
        self.meta_label.setText(
            translate(
                "ui.detail.observation_detail",
                "Observation #{number} · seen by {name} · {moment}").format(
                number=info.id, name=info.observer_name,
                moment=show_date(info.observed_at, time=True))
        )
        self.area_combo.show_record_area(detail.areas, info.area_id, info.area_name)
        self.cost_edit.set_currency(detail.currency)
        self.category_combo.setCurrentIndex(self.category_combo.findData(info.category.value))
        self.seen_edit.set_value(info.observed_at.replace(second=0, microsecond=0))
        self.description_edit.setPlainText(info.description)
        self.minutes_edit.set_value(info.minutes_per_occurrence)
        self.occurrences_edit.set_value(info.occurrences_per_week)
        self.cost_edit.set_value(info.cost_per_occurrence)
        linked = info.suggestion_id is not None
        self.idea_link.set_full_text(
            translate("ui.detail.observation_detail", "Idea #{number}: {title}").format(
                number=info.suggestion_id, title=info.suggestion_title) if linked else "")
        self.idea_link.setVisible(linked)
        self.no_idea_label.setVisible(not linked)
        self.photos.show_existing(detail.photos)
        self.history_model.set_rows(detail.history)
        self._update_cost()

    def _show_category_help(self) -> None:
        value = self.category_combo.currentData()
        self.category_help.setText(WasteCategory(value).help_text if value else "")

    def _rate(self) -> float:
        if self.detail is None:
            return 0.0
        area_id = self.area_combo.area_id()
        for area in self.detail.areas:
            if area.id == area_id:
                return area.effective_hourly_rate
        return self.detail.info.hourly_rate

    def _live_numbers(self) -> tuple[float, float, float | None] | None:
        """Minutes lost, times a week and the cost each time as typed (a blank count is 0, a
        blank cost none); None while one is not a number or is below 0 (Save says why)."""
        try:
            minutes = self.minutes_edit.value() or 0.0
            times = self.occurrences_edit.value() or 0.0
            cost = self.cost_edit.value()
        except ValueError:
            return None
        if min(minutes, times, cost or 0.0) < 0:
            return None
        return minutes, times, cost

    def _update_cost(self) -> None:
        if self.detail is None:
            return
        numbers = self._live_numbers()
        if numbers is None:
            self.cost_value_label.setText(DASH)
            self.cost_caption_label.setText("")
            return
        minutes, times, cost = numbers
        rate = self._rate()
        yearly = observation_yearly_cost(minutes, times, rate, cost)
        hours = observation_yearly_hours(minutes, times)
        currency = self.detail.currency
        self.cost_value_label.setText(translate(
            "ui.detail.observation_detail", "≈ {amount} a year").format(
            amount=money(yearly, currency)))
        if cost:
            text = translate(
                "ui.detail.observation_detail",
                "{hours} hours a year, at {rate}/h for the time lost plus the cost each time")
        else:
            text = translate(
                "ui.detail.observation_detail",
                "{hours} hours a year, at {rate}/h for the time lost")
        self.cost_caption_label.setText(text.format(hours=format_number(hours, 1),
                                                    rate=format_money(rate, currency, 2)))

    def values(self) -> dict[str, Any]:
        return {
            "category": self.category_combo.currentData(),
            "area_id": self.area_combo.area_id(),
            "observed_at": self.seen_edit.value(),
            "description": self.description_edit.toPlainText(),
            # As typed: a text that is not a number is kept over a reload and refused on save.
            "minutes_per_occurrence": self.minutes_edit.text(),
            "occurrences_per_week": self.occurrences_edit.text(),
            "cost_per_occurrence": self.cost_edit.text(),
        }

    def setters(self) -> dict[str, Callable[[Any], None]]:
        return {
            "category": lambda value: self.category_combo.setCurrentIndex(
                self.category_combo.findData(value)),
            "area_id": self.area_combo.set_selected_id,
            "observed_at": self.seen_edit.set_value,
            "description": self.description_edit.setPlainText,
            "minutes_per_occurrence": self.minutes_edit.setText,
            "occurrences_per_week": self.occurrences_edit.setText,
            "cost_per_occurrence": self.cost_edit.setText,
        }

    def person_may_edit(self, person: PersonInfo, info: ObservationInfo) -> bool:
        return can_edit_observation(person.role, person.id, info.observer_id,
                                    info.suggestion_id is not None)

    def read_only_reason(self) -> str:
        return read_only_reason(self.person, self.detail.info)

    def update_enabled(self) -> None:
        info = self.detail.info if self.detail is not None else None
        editable = self.may_edit
        for text in (self.description_edit, self.minutes_edit, self.occurrences_edit,
                     self.cost_edit):
            text.setReadOnly(not editable)
        for widget in (self.category_combo, self.area_combo, self.seen_edit):
            widget.setEnabled(editable)
        self.show_editable(editable)
        reason = self.note_label.text()
        may_turn = bool(
            editable and info is not None and info.suggestion_id is None
            and self.person is not None and can(self.person.role, Action.CREATE_SUGGESTION)
        )
        self.turn_button.setVisible(info is None or info.suggestion_id is None)
        self.turn_button.setEnabled(may_turn and not self.busy)
        if not may_turn and reason:
            self.turn_button.setToolTip(reason)

    # -- saving -------------------------------------------------------------------------------
    def form_input(self) -> ObservationInput | None:
        """The form as service input, or None after showing why a field cannot be read."""
        values = self.values()
        context = "ui.detail.observation_detail"
        try:
            minutes = self.minutes_edit.read("minutes_per_occurrence",
                                             translate(context, "Minutes lost"))
            times = self.occurrences_edit.read("occurrences_per_week",
                                               translate(context, "Times a week"))
            cost = self.cost_edit.read("cost_per_occurrence",
                                       translate(context, "Cost each time"))
        except ValidationError as error:
            self.show_error(error)
            return None
        seen = values["observed_at"]
        return ObservationInput(
            category=WasteCategory(values["category"]),
            area_id=values["area_id"] if values["area_id"] is not None else -1,
            description=values["description"],
            # Blank numbers go as None: the service says they are required.
            minutes_per_occurrence=minutes,  # type: ignore[arg-type]
            occurrences_per_week=times,  # type: ignore[arg-type]
            cost_per_occurrence=cost,
            # Unchanged: keep the stored time to the second (the edit shows minutes).
            observed_at=seen if seen != self._baseline.get("observed_at") else None,
        )

    def save(self) -> None:
        if not self.may_save():
            return
        data = self.form_input()
        if data is None:
            return
        person_id = self.person_id
        observations, obs_id = self.services.observations, self.observation_id
        version, photos = self.detail.info.version, self.new_photo_paths()
        self.save_form(
            lambda: observations.update(person_id, obs_id, data, expected_version=version,
                                        photos=photos),
            translate("ui.detail.observation_detail", "Saved."),
        )

    # -- the idea -----------------------------------------------------------------------------
    def turn_into_idea(self) -> None:
        """Make the idea (saving unsaved edits first), then offer to open it."""
        if self.detail is None or self.busy:
            return
        if self.person is None:
            self.message_bar.show_message(
                translate("ui.detail.observation_detail", "Pick who is working first."),
                "warning")  # i18n: no (a level)
            return
        if not self.photos_ready():
            return
        data = None
        photos = self.new_photo_paths()
        if self.may_edit and (self.unsaved() or photos):
            data = self.form_input()
            if data is None:
                return
        observations, obs_id, person_id = (self.services.observations, self.observation_id,
                                           self.person.id)
        version = self.detail.info.version

        def work() -> SuggestionInfo:
            if data is not None:
                observations.update(person_id, obs_id, data, expected_version=version,
                                    photos=photos)
            return observations.create_suggestion_from(person_id, obs_id)

        def done(idea: SuggestionInfo) -> None:
            if data is not None:
                self.photos.clear_new()
            self.message_bar.show_message(
                translate(
                    "ui.detail.observation_detail",
                    "Idea #{number} is made from this observation and linked to "
                               "it.").format(number=idea.id),
                "info",  # i18n: no (a level)
                action_text=translate(
                    "ui.detail.observation_detail",
                    "Open idea"), action=lambda: self.open_idea(idea.id))
            self.message_bar.action_button.setFocus()
            self.load(keep={})
            self.ideaCreated.emit(idea.id)

        self.run("turn into idea", work, done)

    def open_linked_idea(self) -> None:
        if self.detail is not None and self.detail.info.suggestion_id is not None:
            self.open_idea(self.detail.info.suggestion_id)

    def open_idea(self, suggestion_id: int) -> IdeaDetailDialog:
        dialog = IdeaDetailDialog(self.services, self.person, suggestion_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self._on_idea_changed)
        self.idea_dialog = dialog
        dialog.open()
        return dialog

    def _on_idea_changed(self) -> None:
        self.load()
        self.changed.emit()
