"""The mining page's "Log as waiting waste" and "Log as defects waste" (mixed into
:class:`kaizen.ui.mining.view.MiningView`): the areas read in a worker, the person asked for the
area (and a repeat's minutes), the observation written through the page's
:class:`~kaizen.ui.form_op.FormSaver` (issue 15) and announced on the page's message line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kaizen.domain.numbers import format_money, format_number
from kaizen.i18n import SOURCE_LANGUAGE, current_language, translate
from kaizen.mining.findings import Bottleneck, Rework
from kaizen.services.observations import ObservationInfo, ObservationInput
from kaizen.services.people import AreaInfo, PersonInfo
from kaizen.ui import worker
from kaizen.ui.mining.findings_panel import WasteDialog
from kaizen.ui.mining.text import display_log_name
from kaizen.ui.mining.waste import bottleneck_observation, per_year, rework_observation

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from kaizen.services import Services
    from kaizen.ui.form_op import FormSaver
    from kaizen.ui.mining.analysis import MiningResult


class WasteActions:
    """A finding logged as a waste observation; the page gives what is declared here."""

    services: Services
    person: PersonInfo | None
    saver: FormSaver
    log_name: str
    result: MiningResult | None
    waste_dialog: WasteDialog | None
    observationLogged: SignalInstance  # noqa: N815 (the page's Qt signal)

    if TYPE_CHECKING:  # the page's own
        def say(self, text: str, error: bool = True) -> None: ...

        def _on_failure(self, error: BaseException) -> None: ...

    def log_waiting_waste(self, finding: Bottleneck) -> None:
        text = translate(
            "ui.mining.view",
            "Waiting between '{source}' and '{target}': {hours} hours a year. Which area does it "
            "cost?").format(source=finding.source, target=finding.target,
                                                      hours=format_number(finding.hours_per_year))
        name = display_log_name(self.log_name)
        self._ask_area(translate(
            "ui.mining.view", "Log as waiting waste"), text, finding.hours_per_year, None,
                       lambda dialog: bottleneck_observation(name, finding, dialog.area_id()))

    def log_rework_waste(self, finding: Rework) -> None:
        assert self.result is not None
        repeats = per_year(finding.repeats, self.result.span_s)
        text = translate(
            "ui.mining.view",
            "'{activity}' is repeated {repeats} times a year. How long does a repeat take, and "
            "which area does it cost?").format(
                             activity=finding.activity, repeats=format_number(repeats))
        name = display_log_name(self.log_name)
        self._ask_area(
            translate("ui.mining.view", "Log as defects waste"), text, None, repeats,
            lambda d: rework_observation(name, finding, repeats, d.minutes.value(),
                                         d.area_id()))

    def _ask_area(self, title: str, text: str, hours: float | None, repeats: float | None,
                  build: Callable[[WasteDialog], ObservationInput]) -> None:
        """Read the areas in a worker, then ask; on OK write the observation in a worker."""
        if self.person is None:
            self.say(translate("ui.mining.view", "Pick who is working first."))
            return
        person = self.person
        worker.run_in_background(
            self.services.people.list_areas,
            on_success=lambda areas: self._open_waste_dialog(
                title, text, hours, repeats, build, areas, person),
            on_failure=self._on_failure, owner=self, name="areas for mining waste")

    def _open_waste_dialog(self, title: str, text: str, hours: float | None,
                           repeats: float | None,
                           build: Callable[[WasteDialog], ObservationInput],
                           areas: list[AreaInfo], person: PersonInfo) -> None:
        dialog = WasteDialog(title, text, areas, person.home_area_id, hours, self)
        if repeats is not None:
            dialog.set_repeats_per_year(repeats)
        service = self.services.observations

        def accepted() -> None:
            data = build(dialog)
            self.saver.save(lambda: lambda: service.create(person.id, data),
                            self._on_observation, name="log mining waste")

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _r: setattr(self, "waste_dialog", None))
        self.waste_dialog = dialog
        dialog.open()

    def _on_observation(self, info: ObservationInfo) -> None:
        self.say(translate(
            "ui.mining.view",
            "Logged {category} waste #{number} in {area}: {hours} hours, {cost} a year."
        ).format(category=category_word(info.category.label), number=info.id,
                 area=info.area_name,
                 hours=format_number(info.yearly_hours), cost=format_money(info.yearly_cost)),
            error=False)
        self.observationLogged.emit(info)


def category_word(label: str) -> str:
    # English writes the category in lower case mid-sentence ("Logged waiting waste"); German
    # nouns keep their capital, so other languages get the label as it is.
    return label.lower() if current_language() == SOURCE_LANGUAGE else label
