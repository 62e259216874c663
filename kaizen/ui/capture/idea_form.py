"""The "New idea" form: an idea in under a minute, mostly from the keyboard.

Fields in Tab order: title, what is wrong now, what to change, area (the person's home area to
start with), the wastes it attacks (chips: digits 1–7 or Space), expected yearly savings in the
site's currency, impact and effort (1–5 segments: digits or arrows), photos. The save goes to
``services.suggestions.create`` through :class:`~kaizen.ui.capture.CaptureDialog`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.services.suggestions import SuggestionInput
from kaizen.ui.capture import (
    CaptureDialog,
    line_edit,
    row_of,
    suffix_label,
)
from kaizen.ui.capture.similar_ideas import SimilarIdeas
from kaizen.ui.widgets.choices import AreaCombo
from kaizen.ui.widgets.form import FieldForm
from kaizen.ui.widgets.keyed_buttons import DEFAULT_SCALE, ScaleSelector
from kaizen.ui.widgets.money import MoneyEdit
from kaizen.ui.widgets.wastes import WasteChips

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.people import PersonInfo
    from kaizen.services.suggestions import SuggestionInfo

TEXT_LINES = 3
MONEY_WIDTH = 130  # the digits and the currency inside the field ("12,500 EUR")


def _text_edit(placeholder: str, name: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(name)
    # Tab moves on, as in every other field; the text itself rarely needs a tab character.
    edit.setTabChangesFocus(True)
    lines = edit.fontMetrics().lineSpacing() * TEXT_LINES
    edit.setFixedHeight(lines + 16)
    return edit


class IdeaDialog(CaptureDialog):
    """New idea by ``person``; ``saved(SuggestionInfo)`` after each save."""

    kind = "idea"
    heading = QT_TRANSLATE_NOOP("ui.capture.idea_form", "New idea")
    icon_name = "mdi6.lightbulb-on-outline"
    width_px = 700

    def __init__(self, services: Services, person: PersonInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, person, parent)
        self.title_edit.textChanged.connect(self._on_edited)
        for edit in (self.problem_edit, self.proposal_edit):
            edit.textChanged.connect(self._on_edited)
        self.title_edit.setFocus()

    def heading_text(self) -> str:
        return translate("ui.capture.idea_form", self.heading)

    def save_tip(self) -> str:
        return translate("ui.capture.idea_form", "Save the idea and close (Ctrl+Enter)")

    def save_new_tip(self) -> str:
        return translate("ui.capture.idea_form",
                         "Save, then clear the form for the next idea (Ctrl+Shift+Enter)")

    def discard_question(self) -> str:
        return translate("ui.capture.idea_form", "Discard this idea?")

    def subtitle_text(self) -> str:
        return translate("ui.capture.idea_form", "By {name} · a supervisor reviews it next"
                         ).format(name=self.person.name)

    def build_fields(self, form: FieldForm) -> None:
        title = translate("ui.capture.idea_form", "Title")
        problem = translate("ui.capture.idea_form", "What is wrong now")
        proposal = translate("ui.capture.idea_form", "What to change")
        area = translate("ui.capture.idea_form", "Area")
        self.title_edit = line_edit(
            translate("ui.capture.idea_form", "A short name for the idea"), title)
        self.title_edit.setObjectName("TitleField")
        self.problem_edit = _text_edit(
            translate("ui.capture.idea_form", "What goes wrong today, where and how often?"),
            problem)
        self.problem_edit.setObjectName("ProblemField")
        self.proposal_edit = _text_edit(
            translate("ui.capture.idea_form", "What would you change, and how?"), proposal)
        self.proposal_edit.setObjectName("ProposalField")
        self.area_combo = AreaCombo()
        self.area_combo.setObjectName("AreaField")
        self.area_combo.setAccessibleName(area)
        self.waste_chips = WasteChips()
        self.savings_edit = MoneyEdit()
        self.savings_edit.setAccessibleName(translate("ui.capture.idea_form",
                                                      "Expected savings a year"))
        self.savings_edit.setObjectName("SavingsField")
        self.savings_edit.setFixedWidth(MONEY_WIDTH)
        self.currency_label = suffix_label(translate("ui.capture.idea_form", "a year"))
        self.impact = ScaleSelector(translate("ui.capture.idea_form", "Impact"),
                                    translate("ui.capture.idea_form", "small"),
                                    translate("ui.capture.idea_form", "large"), key="Impact")
        self.effort = ScaleSelector(translate("ui.capture.idea_form", "Effort"),
                                    translate("ui.capture.idea_form", "easy"),
                                    translate("ui.capture.idea_form", "hard"), key="Effort")

        form.add_field("title", title, self.title_edit)  # i18n: no
        # "Similar ideas already exist" under the title, while it is typed.
        self.similar = SimilarIdeas(self.services)
        self.similar.openRequested.connect(self.open_similar)
        self.similar.shown.connect(self._fit_height)
        self.title_edit.textChanged.connect(self.similar.set_title)
        form.addRow("", self.similar)
        form.add_field("problem", problem, self.problem_edit)  # i18n: no
        form.add_field("proposal", proposal, self.proposal_edit)  # i18n: no
        form.add_field("area_id", area, self.area_combo)  # i18n: no
        form.add_field("wastes", translate("ui.capture.idea_form", "Wastes it attacks"),  # i18n: no
                       self.waste_chips)
        savings = translate("ui.capture.idea_form", "Expected savings")
        form.add_field("expected_savings", savings,  # i18n: no
                       row_of(self.savings_edit, self.currency_label))
        # One row for both scales; which end is which is in their tooltips.
        form.add_field("impact", translate("ui.capture.idea_form", "Impact"),  # i18n: no
                       row_of(self.impact, 24,
                              _caption(translate("ui.capture.idea_form", "Effort")),
                              self.effort))
        form.alias("effort", "impact")
        self.area_combo.currentIndexChanged.connect(self._on_edited)
        self.waste_chips.changed.connect(self._on_edited)
        self.savings_edit.textChanged.connect(self._on_edited)

    def _fit_height(self, _ids: list[int]) -> None:
        """The hint appeared: grow the dialog so nothing is squeezed (within the screen)."""
        self.layout().activate()
        wanted = self.sizeHint().height()
        screen = self.screen().availableGeometry().height() if self.screen() else wanted
        if wanted > self.height():
            self.resize(self.width(), min(wanted, screen))

    def open_similar(self, suggestion_id: int) -> None:
        """A similar idea's link: its detail over this form (what is typed stays)."""
        from kaizen.ui.views.list_page import open_detail

        dialog_class = open_detail("kaizen.ui.detail.idea_detail", "IdeaDetailDialog")
        if dialog_class is None:
            return
        dialog = dialog_class(self.services, self.person, suggestion_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.similar_dialog = dialog
        dialog.open()

    def on_reference_loaded(self) -> None:
        self.savings_edit.set_currency(self.site.currency if self.site is not None else "")

    def area_combo_widget(self) -> AreaCombo:
        return self.area_combo

    def first_field(self) -> QWidget:
        return self.title_edit

    def make_save(self) -> Callable[[], SuggestionInfo]:
        savings = self.savings_edit.read("expected_savings",
                                         translate("ui.capture.idea_form", "Expected savings"))
        area_id = self.area_combo.area_id()
        data = SuggestionInput(
            title=self.title_edit.text(),
            problem=self.problem_edit.toPlainText(),
            proposal=self.proposal_edit.toPlainText(),
            # No area (none could be loaded) goes to the service as-is: it says what to do.
            area_id=area_id if area_id is not None else 0,
            wastes=self.waste_chips.selected(),
            expected_savings=savings if savings is not None else 0.0,
            impact=self.impact.value(),
            effort=self.effort.value(),
        )
        service = self.services.suggestions
        actor_id = self.person.id
        photos = self.photos.paths()

        def save() -> SuggestionInfo:
            return service.create(actor_id, data, photos=photos)

        return save

    def clear_for_next(self) -> None:
        self.title_edit.clear()
        self.problem_edit.clear()
        self.proposal_edit.clear()
        self.waste_chips.set_selected([])
        self.savings_edit.clear()
        self.impact.set_value(DEFAULT_SCALE)
        self.effort.set_value(DEFAULT_SCALE)

    def has_typed_input(self) -> bool:
        return bool(
            self.title_edit.text().strip() or self.problem_edit.toPlainText().strip()
            or self.proposal_edit.toPlainText().strip() or self.savings_edit.text().strip()
            or self.waste_chips.selected() or self.photos.paths() or self.photos.is_busy()
        )

    def saved_message(self, info: Any) -> str:
        return translate("ui.capture.idea_form", "Idea #{id} saved").format(id=info.id)



def _caption(text: str) -> QLabel:
    """A label inside a row, looking like the form's own labels."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
