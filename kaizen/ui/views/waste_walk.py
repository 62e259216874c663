"""The Waste walk view: every waste observation in one list, and turning one into an idea.

A :class:`FilteredListPage` like the Ideas view (the list machinery: ids in the clicked header's
order and rows a page at a time, all in the worker, stale answers dropped) over
:class:`ObservationsTableModel`. The filter bar
picks wastes (with how many observations each has) instead of statuses, and the person is the
one who saw it.

"Turn into idea" (Ctrl+I) on the selected observation asks
``services.observations.create_suggestion_from``: one unit of work makes the idea (carrying the
text, area, waste and yearly cost over) and links the observation to it, run through the page's
:class:`~kaizen.ui.form_op.FormSaver` (refusals, Retry, Reload, disk full as in every form). The
new idea is then announced and opened. Double-click or Enter opens the observation in
``ObservationDetailDialog`` (imported when first used).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from kaizen.domain.enums import WasteCategory
from kaizen.domain.numbers import format_number
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.services.listing import ObservationFilter
from kaizen.ui import resources
from kaizen.ui.form_op import FormSaver, Refusals, bar_message
from kaizen.ui.models.observations_table import (
    COL_CATEGORY,
    COL_SUMMARY,
    COLUMN_WIDTHS,
    HIDDEN_BY_DEFAULT,
    ObservationsTableModel,
)
from kaizen.ui.views import in_sentence, translated
from kaizen.ui.views.list_filters import FilterValues
from kaizen.ui.views.list_page import (
    FilteredListPage,
    ListTexts,
    TableSetup,
    plural,
)
from kaizen.ui.widgets.form import offers_retry

if TYPE_CHECKING:
    from collections.abc import Callable

    from kaizen.services import Services
    from kaizen.services.listing import ObservationRow
    from kaizen.services.suggestions import SuggestionInfo

NO_OBSERVATIONS_TEXT = QT_TRANSLATE_NOOP(
    "ui.views.waste_walk",
    "Record the waste you see on a walk with Log waste (Ctrl+W): which of the seven wastes, "
    "where and how often. Each one is priced in time and money a year, and can become an idea.")


def list_texts() -> ListTexts:
    """What the list says about itself, in the language of the work."""
    return ListTexts(
        noun=translate("ui.views.waste_walk", "observations"),
        one=translate("ui.views.waste_walk", "observation"),
        empty_title=translate("ui.views.waste_walk", "No waste observations yet"),
        empty_text=translated("ui.views.waste_walk", NO_OBSERVATIONS_TEXT),
        no_match_title=translate("ui.views.waste_walk", "No observations match these filters"),
        no_match_text=translate("ui.views.waste_walk", "Try other words, another waste or a "
                                "wider date range, or clear the filters."),
    )


ObservationCounts = tuple[dict[WasteCategory, int], int]  # per waste, and turned into ideas


class WasteWalkView(FilteredListPage):
    title = QT_TRANSLATE_NOOP("ui.views.waste_walk", "Waste walk")
    subtitle = QT_TRANSLATE_NOOP("ui.views.waste_walk",
                                 "What people see on the floor, sorted by the seven Lean wastes.")
    list_name = "observations"
    icon_name = "mdi6.shoe-print"

    ideaOpenRequested = Signal(int)  # the idea just made from an observation is to be opened
    ideaCreated = Signal(int)  # an observation became this idea

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        svc = services  # the worker reads through this, never through the widget
        super().__init__(
            services,
            {"noun": translate("ui.views.waste_walk", "observations"),
             "choice_caption": translate("ui.views.waste_walk", "Waste"),
             "choices": [(w.value, w.label, w.help_text) for w in WasteCategory],
             "person_label": translate("ui.views.waste_walk", "Anyone"),
             "person_tip": translate("ui.views.waste_walk", "Seen by"),
             "date_caption": translate("ui.views.waste_walk", "Seen"),
             "date_tip": translate("ui.views.waste_walk", "Observations made")},
            ObservationsTableModel(lambda ids: svc.observations.rows(ids)),
            TableSetup("ObservationsTable", translate("ui.views.waste_walk", "Waste observations"),
                       COL_CATEGORY,
                       "lists/wasteWalk/hiddenColumns", COLUMN_WIDTHS, HIDDEN_BY_DEFAULT,
                       COL_SUMMARY),
            list_texts(), parent,
        )
        self.category_counts: dict[WasteCategory, int] = {}
        self.linked_count = 0
        # Turning into an idea is this page's one change: the one save mechanism shows its
        # refusals on the message bar (Retry when the server is away, Reload on a Conflict:
        # someone turned it first).
        self.saver = FormSaver(self, Refusals(message=bar_message(self.message_bar)),
                               what="the idea from an observation",
                               reload=lambda: self.reload(keep_position=True))
        self.saver.busyChanged.connect(self.update_actions)
        self.model.pageLoaded.connect(self._on_page_loaded)
        self.table.selectionModel().currentRowChanged.connect(self.update_actions)

        self.turn_button = QPushButton(translate("ui.views.waste_walk", "Turn into idea"))
        self.turn_button.setObjectName("PrimaryButton")
        self.turn_button.setIcon(resources.icon("mdi6.lightbulb-on-outline", "#ffffff"))
        self.turn_button.setAutoDefault(False)
        self.turn_button.clicked.connect(self.turn_into_idea)
        self.filter_bar.trailing.addWidget(self.turn_button)
        self.turn_shortcut = self.shortcut("Ctrl+I", self.turn_into_idea)
        self.update_actions()

    # -- the person working and the selection ------------------------------------------------
    def selected_observation(self) -> ObservationRow | None:
        """The one selected observation (read already), or None."""
        rows = self.table.selected_rows()
        if len(rows) != 1:
            return None
        return self.model.row_at(rows[0])

    def turn_refusal(self) -> str | None:
        """Why "Turn into idea" is off now, or None when it may be used."""
        if self.person is None:
            return translate("ui.views.waste_walk",
                             "Pick who is working first: the new idea is logged in their name.")
        rows = self.table.selected_rows()
        if len(rows) != 1:
            return translate("ui.views.waste_walk", "Select one observation to turn into an idea.")
        row = self.model.row_at(rows[0])
        if row is None:
            return translate("ui.views.waste_walk", "The observation is still being read.")
        if row.suggestion_id is not None:
            return translate("ui.views.waste_walk", "This observation already led to idea #{id}."
                             ).format(id=row.suggestion_id)
        if self.saver.busy:
            return translate("ui.views.waste_walk", "An idea is being made from the observation.")
        return None

    def update_actions(self, *_args: Any) -> None:
        refusal = self.turn_refusal()
        self.turn_button.setEnabled(refusal is None)
        self.turn_button.setToolTip(
            refusal or translate("ui.views.waste_walk", "Make an idea from this observation, "
                                 "carrying its text, area, waste and yearly cost over (Ctrl+I)")
        )

    def _on_page_loaded(self, first: int, last: int) -> None:
        rows = self.table.selected_rows()
        if len(rows) == 1 and first <= rows[0] <= last:
            self.update_actions()

    # -- the list ----------------------------------------------------------------------------
    def current_filter(self) -> ObservationFilter:
        values = self.filter_bar.values()
        return ObservationFilter(
            text=values.text, area_id=values.area_id,
            categories=tuple(WasteCategory(v) for v in values.choices),
            person_id=values.person_id, date_from=values.date_from, date_to=values.date_to,
        )

    def show_filter(self, flt: ObservationFilter) -> None:
        """Show the observations ``flt`` selects, from the top (a dashboard figure's list)."""
        self.loaded_filter = None  # a new list: start at its top, not where the old one was
        self.filter_bar.set_values(FilterValues(
            text=flt.text, area_id=flt.area_id, choices=tuple(c.value for c in flt.categories),
            person_id=flt.person_id, date_from=flt.date_from, date_to=flt.date_to,
        ))

    def id_query(self, flt: ObservationFilter) -> Callable[[int, bool], list[int]]:
        observations = self.services.observations
        return lambda sort, descending: observations.query_ids(flt, sort, descending)

    def counts_job(self, flt: ObservationFilter) -> Callable[[], ObservationCounts]:
        observations = self.services.observations
        linked = ObservationFilter(
            text=flt.text, area_id=flt.area_id, categories=flt.categories,
            person_id=flt.person_id, date_from=flt.date_from, date_to=flt.date_to, linked=True,
        )
        return lambda: (observations.category_counts(flt), observations.count(linked))

    def show_counts(self, flt: ObservationFilter, counts: ObservationCounts) -> None:
        per_waste, linked = counts
        self.category_counts, self.linked_count = per_waste, linked
        self.filter_bar.set_counts({waste.value: n for waste, n in per_waste.items()})
        shown = flt.categories or tuple(WasteCategory)
        total = sum(per_waste.get(w, 0) for w in shown)
        if not total:
            self.count_label.set_parts([translate("ui.views.waste_walk", "No observations")])
            return
        parts = [plural(total, translate("ui.views.waste_walk", "{count} observation"),
                        translate("ui.views.waste_walk", "{count} observations"))]
        parts += [translate("ui.views.waste_walk", "{count} {waste}").format(
            count=format_number(per_waste[w]), waste=in_sentence(w.label))
            for w in shown if per_waste.get(w)]
        parts.append(translate("ui.views.waste_walk", "{count} turned into ideas").format(
            count=format_number(linked)))
        self.count_label.set_parts(parts)

    # -- opening -----------------------------------------------------------------------------
    def open_row(self, row_id: int) -> None:
        self.open_observation(row_id)

    def open_observation(self, observation_id: int) -> None:
        """Open the observation's detail dialog; after a saved change the list reloads."""
        self.openRequested.emit(observation_id)
        missing = translate(
            "ui.views.waste_walk",
            "Observation #{id}: the detail view is not available in this version.",
        ).format(id=observation_id)
        self.show_detail("kaizen.ui.detail.observation_detail", "ObservationDetailDialog",
                         observation_id, missing)

    def open_idea(self, suggestion_id: int) -> None:
        self.ideaOpenRequested.emit(suggestion_id)
        self.show_detail("kaizen.ui.detail.idea_detail", "IdeaDetailDialog", suggestion_id)

    # -- turning an observation into an idea -------------------------------------------------
    def turn_into_idea(self) -> None:
        """Ctrl+I: make an idea from the selected observation (see the module docstring)."""
        if self.message_bar.refused(self.turn_refusal()):
            return
        row = self.selected_observation()
        assert row is not None and self.person is not None
        observations, person_id, obs_id = self.services.observations, self.person.id, row.id
        self.message_bar.dismiss()
        self.saver.save(lambda: lambda: observations.create_suggestion_from(person_id, obs_id),
                        self._on_idea_created, on_failure=self._on_turn_refused,
                        name="observation to idea")

    def _on_idea_created(self, info: SuggestionInfo) -> None:
        self.message_bar.show_message(
            translate("ui.views.waste_walk", "Idea #{id} “{title}” was made from the "
                      "observation, with its yearly cost as the expected savings.").format(
                id=info.id, title=info.title), kind="info")
        self.reload(keep_position=True)
        self.ideaCreated.emit(info.id)
        self.open_idea(info.id)

    def _on_turn_refused(self, error: BaseException) -> None:
        # After the saver said why: the list read again shows the observation as it is now
        # (already turned, gone), unless the server is away (Retry is offered instead).
        if not offers_retry(error):
            self.reload(keep_position=True)
