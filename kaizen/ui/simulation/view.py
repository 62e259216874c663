"""The "What-if" page: the setup column (map, changes, run options, the unstable-model warning,
Run with progress and Cancel, attach as forecast, calibrate from a log) beside the results
(chart and table). Everything slow runs in the background worker; the page only shows data.
Its two writes, storing the calibrated model as a map and attaching a forecast to an idea, save
through :class:`~kaizen.ui.form_op.FormSaver` (issue 15): a refusal shows on the line under the
button that asked (the run status, the forecast line), with Reload on a Conflict and Retry when
the server is away.

Signals for tests and the window: ``loaded`` after the maps and ideas are read, ``mapLoaded``
after a map's model arrives, ``runFinished(info)``, ``runCancelled()``, ``forecastAttached``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.errors import ValidationError
from kaizen.domain.numbers import format_money, format_number
from kaizen.domain.permissions import Action, can
from kaizen.domain.process_model import ProcessModel, model_to_dict
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.simulation.change_doc import change_from_dict
from kaizen.simulation.scenario import apply_changes
from kaizen.simulation.stability import stability_warnings
from kaizen.ui.form_op import FormSaver, MessageFn, Refusals
from kaizen.ui.simulation.attach_dialog import AttachDialog
from kaizen.ui.simulation.calibration_panel import CalibrationPanel
from kaizen.ui.simulation.changes_editor import ChangesEditor
from kaizen.ui.simulation.options_form import OptionsForm
from kaizen.ui.simulation.results_data import unit_plural
from kaizen.ui.simulation.results_panel import ResultsPanel
from kaizen.ui.simulation.run import ScenarioRun
from kaizen.ui.views import ViewPage
from kaizen.ui.views.empty_state import EmptyState
from kaizen.ui.widgets.built_in_steps import build_in_steps
from kaizen.ui.widgets.lazy_tabs import BuiltOnFirstUse
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.people import PersonInfo
    from kaizen.services.scenarios import ScenarioInfo

SETUP_WIDTH = 400
WARNING_STYLE = ("QLabel#SimWarning { background: #fffaeb; border: 1px solid #fedf89; "
                 "border-radius: 8px; color: #93370d; padding: 8px; }")


@dataclass(frozen=True)
class Choices:
    """What the page's pickers offer, read in the background."""

    maps: list[tuple[int, str]]  # map id, "Process: map name"
    ideas: list[tuple[int, str]]
    logs: list[str]


def load_choices(services: Services) -> Choices:
    """The pickers' entries from the page's one read (``ScenarioService.what_if_screen``)."""
    screen = services.scenarios.what_if_screen()
    maps = []
    for pmap in screen.maps:
        # A map's own name usually starts with its process's ("X, current state").
        shown = (pmap.name if pmap.name.casefold().startswith(pmap.process_name.casefold())
                 else f"{pmap.process_name}: {pmap.name}")  # i18n: no (two names)
        maps.append((pmap.id, shown))
    ideas = [(i.id, i.title) for i in screen.ideas]
    logs = [log.name for log in screen.logs]
    return Choices(maps, ideas, logs)


def load_map(services: Services, map_id: int) -> tuple[ProcessModel, list[ScenarioInfo]]:
    """The picked map's model and scenarios, in one read (``ScenarioService.what_if_map``)."""
    picked = services.scenarios.what_if_map(map_id)
    return picked.model, picked.scenarios


class SimulationView(BuiltOnFirstUse, ViewPage):
    title = QT_TRANSLATE_NOOP("ui.simulation.view", "What-if")
    subtitle = QT_TRANSLATE_NOOP(
        "ui.simulation.view",
        "Simulate a change before making it: the current state against a scenario, with 95% "
        "intervals, and its forecast on an idea.")
    icon_name = "mdi6.flask-outline"

    loaded = Signal()
    mapLoaded = Signal()
    runFinished = Signal(object)
    runCancelled = Signal()
    forecastAttached = Signal(object)
    calibratedUsed = Signal(object)  # ImportResult

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        # The page's header in the language of the work (the class attributes are only marked).
        self.title_label.setText(translate("ui.simulation.view", "What-if"))
        self.subtitle_label.setText(translate(
            "ui.simulation.view",
            "Simulate a change before making it: the current state against a scenario, with 95% "
            "intervals, and its forecast on an idea."))
        self.setStyleSheet(WARNING_STYLE)
        self.model: ProcessModel | None = None
        self.scenario: ScenarioInfo | None = None
        self.choices = Choices([], [], [])
        self._select_map: int | None = None  # the map to pick once the choices are read again
        self.attach_dialog: AttachDialog | None = None
        self.run = ScenarioRun(self)
        self.run.progress.connect(self._progress)
        self.run.finished.connect(self._finished)
        self.run.cancelled.connect(self._cancelled)
        self.run.failed.connect(self._failed)

        # The containers in place before their contents (issue 21): a tree moved under a new
        # parent is styled again, whole (docs/architecture.md).
        self.stack = QStackedWidget()
        self.content_layout.addWidget(self.stack, 1)
        self.empty_state = EmptyState(
            "mdi6.flask-outline", translate("ui.simulation.view", "No process map to simulate yet"),
            translate(
                "ui.simulation.view",
                "Map a process first (or start one from a template such as the patient flow, "
                "kaizen process new), then come back to try a change on it before making it."))
        self.stack.addWidget(self.empty_state)
        # The setup and results page (hidden until the maps are read) is made after the first
        # show, a part per turn of the event loop (issue 21: 37 ms of widgets in one go); a
        # part read before is made at once (widgets/built_in_steps.py).
        page = QWidget()
        self.stack.addWidget(page)
        self._row = QHBoxLayout(page)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(16)
        self._choices_waiting: Choices | None = None
        build_in_steps(self, (self._build_setup, self._build_setup_rest, self._build_results,
                              # styled ahead, in a turn of its own, not when the maps show
                              page.ensurePolished), then=self._built)

    def _built(self) -> None:
        # The two writes through the one save mechanism, each refusal under its own button.
        self.store_saver = FormSaver(
            self, Refusals(message=_line_message(self.status, self.status_action)),
            what="the calibrated model", reload=self.refresh)
        self.attach_saver = FormSaver(
            self, Refusals(message=_line_message(self.forecast_label, self.forecast_action)),
            what="the forecast", reload=self.refresh)
        self._set_running(False)
        if self._choices_waiting is not None:  # read while the page was being made
            waiting, self._choices_waiting = self._choices_waiting, None
            # In a turn of its own, not with the page's last part (a timer, not a posted
            # call: that would run before the paint Qt posts for the part).
            QTimer.singleShot(1, self, lambda: self._choices_loaded(waiting))

    # --- layout ------------------------------------------------------------------------------

    def _build_setup(self) -> None:
        """The setup column, its map picker and scenario (first of the page's parts)."""
        row = self._row
        # The setup column scrolls; Run, Cancel and the progress stay in view under it.
        side = QWidget()
        side.setFixedWidth(SETUP_WIDTH)
        row.addWidget(side)
        side_column = self._side_column = QVBoxLayout(side)
        side_column.setContentsMargins(0, 0, 0, 0)
        side_column.setSpacing(8)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_column.addWidget(scroll, 1)
        setup = QWidget()
        scroll.setWidget(setup)
        column = self._setup_column = QVBoxLayout(setup)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(10)

        self.map_picker = QComboBox()
        self.map_picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.map_picker.setMinimumContentsLength(20)
        self.map_picker.currentIndexChanged.connect(self._map_picked)
        column.addWidget(_caption(translate("ui.simulation.view", "Process map")))
        column.addWidget(self.map_picker)

        box = QGroupBox(translate("ui.simulation.view", "Scenario"))
        inner = QVBoxLayout(box)
        self.name_edit = QLineEdit(_default_name())
        self.name_edit.setPlaceholderText(translate(
            "ui.simulation.view", "A name for this scenario"))
        inner.addWidget(self.name_edit)
        self.editor = ChangesEditor()
        self.editor.changed.connect(self._changes_edited)
        inner.addWidget(self.editor)
        column.addWidget(box)

    def _build_setup_rest(self) -> None:
        """The run options, the forecast, the calibration and the run bar under them."""
        column = self._setup_column
        box = QGroupBox(translate("ui.simulation.view", "Run"))
        inner = QVBoxLayout(box)
        self.options = OptionsForm()
        inner.addWidget(self.options)
        self.warning = QLabel("")
        self.warning.setObjectName("SimWarning")
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setWordWrap(True)
        self.warning.hide()
        inner.addWidget(self.warning)
        column.addWidget(box)

        box = QGroupBox(translate("ui.simulation.view", "Forecast"))
        inner = QVBoxLayout(box)
        self.attach_button = QPushButton(translate(
            "ui.simulation.view", "Attach to idea as forecast…"))
        self.attach_button.setEnabled(False)
        self.attach_button.clicked.connect(self.open_attach_dialog)
        self.forecast_label = QLabel("")
        self.forecast_label.setTextFormat(Qt.TextFormat.PlainText)
        self.forecast_label.setWordWrap(True)
        # A refused attach's Retry or Reload sits beside the button, in view however far the
        # setup column is scrolled; the words go on the forecast line under it.
        self.forecast_action = _action_button("ForecastAction")
        attach_row = QHBoxLayout()
        attach_row.addWidget(self.attach_button, 1)
        attach_row.addWidget(self.forecast_action)
        inner.addLayout(attach_row)
        inner.addWidget(self.forecast_label)
        column.addWidget(box)

        box = QGroupBox(translate("ui.simulation.view", "Calibrate from an event log"))
        inner = QVBoxLayout(box)
        self.calibration = CalibrationPanel(self.services)
        self.calibration.useRequested.connect(self.use_calibrated)
        inner.addWidget(self.calibration)
        column.addWidget(box)
        column.addStretch(1)
        self._side_column.addWidget(self._build_run_bar())

    def _build_results(self) -> None:
        """The chart and the table beside the setup column."""
        self.results = ResultsPanel()
        self.results.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._row.addWidget(self.results, 1)

    def _build_run_bar(self) -> QWidget:
        bar = QWidget()
        column = QVBoxLayout(bar)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(6)
        buttons = QHBoxLayout()
        self.run_button = QPushButton(translate("ui.simulation.view", "Run"))
        self.run_button.setDefault(True)
        self.cancel_button = QPushButton(translate("ui.simulation.view", "Cancel"))
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        column.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        column.addWidget(self.progress)
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        # A refused store's Retry or Reload beside the status line that says why.
        self.status_action = _action_button("StatusAction")
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.status_action, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(status_row)
        self.run_button.clicked.connect(self.start_run)
        self.cancel_button.clicked.connect(self.run.cancel)
        return bar

    # --- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        services = self.services
        run_in_background(lambda: load_choices(services), owner=self,
                          on_success=self._choices_loaded, name="what-if choices")

    def _choices_loaded(self, choices: Choices) -> None:
        if not self.is_built():  # shown once the page is made (not made at once for them)
            self._choices_waiting = choices
            return
        self.choices = choices
        previous = self.map_picker.currentData()
        self.map_picker.blockSignals(True)
        self.map_picker.clear()
        for map_id, label in choices.maps:
            self.map_picker.addItem(label, map_id)
        index = self.map_picker.findData(self._select_map or previous)
        self._select_map = None
        self.map_picker.setCurrentIndex(max(index, 0))
        self.map_picker.blockSignals(False)
        self.stack.setCurrentIndex(1 if choices.maps else 0)
        self.calibration.set_logs(choices.logs)
        if choices.maps and (self.model is None or index < 0):
            self._map_picked(self.map_picker.currentIndex())
        self.loaded.emit()

    def _map_picked(self, index: int) -> None:
        map_id = self.map_picker.itemData(index)
        if map_id is None:
            return
        services = self.services
        self.model = None
        self._update_buttons()
        run_in_background(lambda: load_map(services, map_id), owner=self,
                          on_success=self._map_loaded, name="what-if map")

    def _map_loaded(self, outcome: tuple[ProcessModel, list[ScenarioInfo]]) -> None:
        model, scenarios = outcome
        self.model = model
        self.options.set_time_unit(model.time_unit)
        self.editor.set_model(model, self.scenario_model)
        done = [s for s in scenarios if s.results is not None]
        if done:  # show the newest result the map has
            latest = max(done, key=lambda s: s.run_at)
            self.name_edit.setText(latest.name)
            self.editor.set_changes([change_from_dict(c, i)
                                     for i, c in enumerate(latest.changes)])
            self._show(latest)
        else:
            self.scenario = None
            self.results.clear()
            self.forecast_label.setText("")
        self._update_buttons()
        self.mapLoaded.emit()

    # --- the scenario and its warning ------------------------------------------------------------

    def scenario_model(self) -> ProcessModel | None:
        """The map with the changes so far (None when they break it)."""
        if self.model is None:
            return None
        try:
            return apply_changes(self.model, self.editor.changes())
        except ValidationError:
            return None

    def _changes_edited(self, changes: list[Any]) -> None:
        self.refresh_warning()

    def refresh_warning(self) -> None:
        """Before the run: name any step loaded at or above 100%, today and in the scenario."""
        if self.model is None:
            self.warning.hide()
            return
        on_map = translate("ui.simulation.view", "The map: {warning}")
        lines = [on_map.format(warning=w) for w in stability_warnings(self.model)]
        try:
            changed = apply_changes(self.model, self.editor.changes())
        except ValidationError as exc:
            lines.append(translate(
                "ui.simulation.view", "The scenario cannot be built: {reason}").format(reason=exc))
        else:
            in_scenario = translate("ui.simulation.view", "Scenario: {warning}")
            lines += [in_scenario.format(warning=w) for w in stability_warnings(changed)]
        self.warning.setText("\n\n".join(lines))
        self.warning.setVisible(bool(lines))

    # --- running -----------------------------------------------------------------------------

    def set_person(self, person: PersonInfo | None) -> None:
        super().set_person(person)
        self._update_buttons()

    def _update_buttons(self) -> None:
        if not self.is_built():  # the page's parts still to make (it calls this when made)
            return
        running = self.run.running
        # Scenarios are saved with the map: the same right as mapping a process.
        allowed = self.person is not None and can(self.person.role, Action.MAP_PROCESS)
        self.run_button.setEnabled(not running and self.model is not None and allowed)
        self.cancel_button.setEnabled(running)
        self.attach_button.setEnabled(not running and allowed and self.scenario is not None
                                      and self.scenario.results is not None)
        if running:
            return
        if self.person is None:
            self.status.setText(translate(
                "ui.simulation.view", "Pick who is working (top right) to run a scenario."))
        elif not allowed:
            self.status.setText(translate(
                "ui.simulation.view",
                "Supervisors and admins run scenarios (they are saved with the map)."))

    def _set_running(self, running: bool) -> None:
        self._update_buttons()
        self.progress.setVisible(running)
        if running:  # the status line now tells the run: an old Retry or Reload goes
            self.status_action.hide()

    def start_run(self) -> None:
        if self.model is None or self.person is None or self.run.running:
            return
        name = self.name_edit.text().strip() or _default_name()
        map_id = self.map_picker.currentData()
        self.progress.setRange(0, 0)
        self.status.setText(translate(
            "ui.simulation.view", "Simulating the current state and the scenario…"))
        self.run.start(self.services, self.person.id, map_id, name, self.editor.changes(),
                       self.options.options())
        self._set_running(True)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setFormat(translate(
            "ui.simulation.view", "{done} of {total} replications").format(
            done=done, total=total))

    def _finished(self, info: ScenarioInfo) -> None:
        self._set_running(False)
        self.status.setText(translate(
            "ui.simulation.view", "Saved and simulated \"{name}\".").format(name=info.name))
        self._show(info)
        self._update_buttons()
        self.runFinished.emit(info)

    def _cancelled(self) -> None:
        self._set_running(False)
        self.status.setText(translate("ui.simulation.view", "Cancelled: no results were recorded."))
        self.runCancelled.emit()

    def _failed(self, error: BaseException) -> None:
        self._set_running(False)
        self.status.setText(translate(
            "ui.simulation.view", "Could not run the scenario: {error}").format(
            error=error))

    def _show(self, info: ScenarioInfo) -> None:
        self.scenario = info
        if info.results is not None:
            self.results.show_results(info.results, info.name, info.map_name)
        self.forecast_label.setText(
            "" if info.forecast_amount is None else
            translate(
                "ui.simulation.view",
                "Forecast on idea #{number}: {hours} hours and {amount} a year.").format(
                number=info.suggestion_id, hours=format_number(info.forecast_hours or 0),
                amount=format_money(info.forecast_amount, decimals=2)))

    # --- the calibrated model as the base --------------------------------------------------

    def use_calibrated(self, calibration: Any) -> None:
        """Store the calibrated model as the current state of the process it names (a new
        process in the person's home area, or a new version of one calibrated before) and
        make it the map the scenarios change."""
        if calibration is None:
            return
        person = self.person
        if person is None or not can(person.role, Action.MAP_PROCESS):
            self.status.setText(translate(
                "ui.simulation.view", "Supervisors and admins store a calibrated model as a map."))
            return
        area = person.home_area_id
        if area is None:
            self.status.setText(translate(
                "ui.simulation.view",
                "{name} has no home area to keep the calibrated process in: set one on the People "
                "page.").format(name=person.name))
            return
        services, document = self.services, model_to_dict(calibration.model)
        self.status_action.hide()
        self.status.setText(translate(
            "ui.simulation.view", "Storing the calibrated model as a map…"))
        self.store_saver.save(
            lambda: lambda: services.processes.import_map(person.id, document, area_id=area),
            self._calibrated_stored, name="use calibrated model")

    def _calibrated_stored(self, result: Any) -> None:
        if result.created:
            text = translate(
                "ui.simulation.view",
                "The calibrated model is a new process '{name}': scenarios now change it.")
        else:
            text = translate(
                "ui.simulation.view",
                "The calibrated model replaced the current state of '{name}': scenarios now change "
                "it.")
        self.status.setText(text.format(name=result.process.name))
        self._select_map = result.map.id
        self.model = None  # the picked map is read again
        self.refresh()
        self.calibratedUsed.emit(result)

    # --- forecast ------------------------------------------------------------------------------

    def open_attach_dialog(self) -> AttachDialog | None:
        if self.scenario is None or self.person is None:
            return None
        dialog = AttachDialog(self.choices.ideas, self.scenario.name, self)
        dialog.accepted.connect(lambda: self.attach_to_idea(dialog.suggestion_id()))
        self.attach_dialog = dialog
        dialog.open()
        return dialog

    def attach_to_idea(self, suggestion_id: int | None) -> None:
        if suggestion_id is None or self.scenario is None or self.person is None:
            return
        services, actor, scenario_id = self.services, self.person.id, self.scenario.id

        def job() -> Any:
            forecast = services.scenarios.attach_forecast(actor, scenario_id, suggestion_id)
            return forecast, services.scenarios.get(scenario_id)

        self.forecast_action.hide()
        self.attach_saver.save(lambda: job, self._attached, name="attach forecast")

    def _attached(self, outcome: Any) -> None:
        forecast, info = outcome
        self._show(info)
        real = {True: translate("ui.simulation.view", "a real difference"),
                False: translate("ui.simulation.view", "not shown to be real"),
                None: translate("ui.simulation.view", "not tested")}[forecast.real]
        self.forecast_label.setText(translate(
            "ui.simulation.view",
            "Idea #{number}: {saved} {units} saved per case ({real}) x {cases} cases a year = "
            "{hours} hours, at {rate}/h = {amount} a year, now the idea's expected savings."
        ).format(number=info.suggestion_id, saved=format_number(forecast.lead_time_saved, 2),
                 units=unit_plural(forecast.time_unit), real=real,
                 cases=format_number(forecast.cases_per_year),
                 hours=format_number(forecast.hours_per_year),
                 rate=format_money(forecast.hourly_rate, forecast.currency, 2),
                 amount=format_money(forecast.amount_per_year, forecast.currency, 2)))
        self.forecastAttached.emit(forecast)



def _action_button(name: str) -> QPushButton:
    """The Retry or Reload a refusal offers, under its line (hidden until then)."""
    button = QPushButton()
    button.setObjectName(name)
    button.setAutoDefault(False)
    button.hide()
    return button


def _line_message(label: QLabel, button: QPushButton) -> MessageFn:
    """A save's message line over a label and the action button under it: the refusal's words,
    and its Retry or Reload, which runs once and goes."""
    pending: list[Callable[[], None]] = []

    def clicked() -> None:
        button.hide()
        label.setText("")
        if pending:
            pending.pop()()

    button.clicked.connect(clicked)

    def show(text: str, action: Callable[[], None] | None, action_text: str) -> None:
        label.setText(text)
        pending.clear()
        if action is None:
            button.hide()
            return
        pending.append(action)
        button.setText(action_text)
        button.show()
        button.setFocus()

    return show


def _default_name() -> str:
    """The name a new scenario starts with (the user's to change)."""
    return translate("ui.simulation.view", "Scenario 1")


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("font-weight: 600;")
    return label
