"""The "Process maps" page (issue 18): pick a process and one of its maps, edit it in the map
editor, compare a future state with the current one side by side, or start a new process from a
template. With no process yet it shows an empty state that says how to start.

Data comes from ``ProcessService`` through the background worker; the page holds no rules. Its
own writes (a new process, linking what a capture form saved to a step) go through the page's
:class:`~kaizen.ui.form_op.FormSaver`: refusals on the page's message line, Retry when the server
is away.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from kaizen.domain.errors import KaizenError
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui import worker
from kaizen.ui.form_op import FormSaver, Refusals
from kaizen.ui.process_map.compare import CompareView
from kaizen.ui.process_map.editor import MapEditor
from kaizen.ui.process_map.kpi_tab import KpiTab
from kaizen.ui.process_map.message_line import MessageLine
from kaizen.ui.views import ViewPage, translated
from kaizen.ui.views.empty_state import EmptyState
from kaizen.ui.widgets.lazy_tabs import LazyTabs

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.people import PersonInfo
    from kaizen.services.processes import MapView, ProcessInfo


TEMPLATE_LABELS = {
    "blank": QT_TRANSLATE_NOOP("ui.views.process_maps", "Blank map"),
    "manufacturing_line": QT_TRANSLATE_NOOP("ui.views.process_maps", "Manufacturing line"),
    "patient_flow": QT_TRANSLATE_NOOP("ui.views.process_maps",
                                      "Patient flow (primary care to hospital)"),
}


@functools.cache
def template_keys() -> tuple[str, ...]:
    """The process templates' keys in the order the picker lists them (read once: parsing
    them cost the view's first show ~9 ms of the GUI thread; issue 21)."""
    from kaizen.templates import process_templates

    return tuple(t.key for t in process_templates())


try:  # Read here, when the view's code is imported ahead on a worker (main_window preload).
    template_keys()
except Exception:  # noqa: BLE001 (a broken template is reported when the view is built)
    template_keys.cache_clear()


class ProcessMapsView(ViewPage):
    title = QT_TRANSLATE_NOOP("ui.views.process_maps", "Process maps")
    subtitle = QT_TRANSLATE_NOOP(
        "ui.views.process_maps",
        "Map a process step by step, see its waste and value stream, and compare a "
        "future state with the current one.")
    icon_name = "mdi6.sitemap-outline"

    processesLoaded = Signal(list)
    created = Signal(object)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.processes: list[ProcessInfo] = []
        self._pending_series: tuple[int, int | None] | None = None
        self.process_box = QComboBox()
        self.process_box.setMinimumWidth(260)
        self.process_box.currentIndexChanged.connect(self._on_process)
        self.map_box = QComboBox()
        self.map_box.setMinimumWidth(300)
        self.map_box.activated.connect(self._on_map)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(translate("ui.views.process_maps", "New process name"))
        self.template_box = QComboBox()
        for key in template_keys():
            label = TEMPLATE_LABELS.get(key)
            self.template_box.addItem(translated("ui.views.process_maps", label) if label
                                      else key.replace("_", " ").capitalize(), key)
        self.create_button = QPushButton(translate("ui.views.process_maps", "Create"))
        self.create_button.clicked.connect(self.create_process)
        self.message_line = MessageLine(hide_empty=True)
        self.message = self.message_line.label
        self.saver = FormSaver(self, Refusals(message=self.message_line.refusal),
                               what="the process", reload=self.refresh)
        self.new_name.setMinimumWidth(220)
        row = QHBoxLayout()
        # Hidden while there is no process: the empty state below says what to do.
        self.pickers = (QLabel(translate("ui.views.process_maps", "Process")), self.process_box,
                        QLabel(translate("ui.views.process_maps", "Map")),
                        self.map_box)
        for w in self.pickers:
            row.addWidget(w)
        row.addStretch(1)
        self.content_layout.addLayout(row)
        new_row = QHBoxLayout()  # its own row: the names above keep their width at 1280 px
        for w in (QLabel(translate("ui.views.process_maps", "New process")), self.new_name,
                  self.template_box, self.create_button):
            new_row.addWidget(w)
        new_row.addStretch(1)
        self.content_layout.addLayout(new_row)
        self.content_layout.addWidget(self.message_line)

        # The containers in place before their contents (issue 21): a tree moved under a new
        # parent is styled again, whole (docs/architecture.md).
        self.stack = QStackedWidget()
        self.content_layout.addWidget(self.stack, 1)
        self.content_layout.setContentsMargins(16, 12, 16, 12)
        self.empty = EmptyState(
            "mdi6.sitemap-outline", translate("ui.views.process_maps", "No process mapped yet"),
            translate("ui.views.process_maps", "Name a process above, pick a template (blank, a "
                      "manufacturing line or patient flow) and press Create. Then add steps, "
                      "connect them and save."))
        self.stack.addWidget(self.empty)
        self.tabs = QTabWidget()
        self.stack.addWidget(self.tabs)
        self.editor = MapEditor(services)
        self.editor.loaded.connect(self._on_loaded)
        self.editor.saved.connect(self._on_loaded)
        self.editor.futureMade.connect(self._on_future)
        self.editor.compareRequested.connect(self.compare)
        self.editor.logWaste.connect(lambda sid, name: self._capture(sid, "observation"))
        self.editor.suggestIdea.connect(lambda sid, name: self._capture(sid, "idea"))
        self.tabs.addTab(self.editor, translate("ui.views.process_maps", "Map"))
        # The other tabs are made when first opened or asked for (issue 21: the first show
        # made and filled them, the KPI chart drawn, for a tab nobody had opened yet).
        self._kpi_wanted: tuple[int, int | None] | None = None
        self.lazy_tabs = LazyTabs(self.tabs)
        self.lazy_tabs.add("compare", lambda: CompareView(services),
                           translate("ui.views.process_maps", "Current vs future"))
        self.lazy_tabs.add("kpis", self._make_kpi_tab, translate("ui.views.process_maps", "KPIs"))

    @property
    def compare_view(self) -> CompareView:
        """The "Current vs future" tab, made on first use."""
        return self.lazy_tabs.page("compare")  # type: ignore[return-value]

    @property
    def kpi_tab(self) -> KpiTab:
        """The KPI tab, made on first use (it then reads the process picked)."""
        return self.lazy_tabs.page("kpis")  # type: ignore[return-value]

    def _make_kpi_tab(self) -> KpiTab:
        tab = KpiTab(self.services)
        tab.person = self.person
        if self._kpi_wanted is not None:
            process_id, series = self._kpi_wanted
            self._kpi_wanted = None
            tab.load(process_id, series)
        return tab

    def set_person(self, person: PersonInfo | None) -> None:
        super().set_person(person)
        self.editor.person = person
        kpis = self.lazy_tabs.made("kpis")
        if kpis is not None:
            kpis.person = person  # type: ignore[attr-defined]

    def refresh(self) -> worker.Task:
        processes = self.services.processes
        return worker.run_in_background(processes.list_processes, on_success=self._on_list,
                                        on_failure=self._fail, owner=self,
                                        name="list_processes")

    def _on_list(self, items: list[ProcessInfo], select: int | None = None) -> None:
        current = select if select is not None else self.process_box.currentData()
        if self._pending_series is not None:
            current = self._pending_series[0]
        self.processes = items
        self.process_box.blockSignals(True)
        self.process_box.clear()
        for p in items:
            self.process_box.addItem(f"{p.name} ({p.area_name})", p.id)
        index = max(0, self.process_box.findData(current))
        self.process_box.setCurrentIndex(index)
        self.process_box.blockSignals(False)
        self.stack.setCurrentWidget(self.tabs if items else self.empty)
        for w in self.pickers:
            w.setVisible(bool(items))
        if items:
            self._on_process()
        self.processesLoaded.emit(items)

    def _keeps_edits(self) -> bool:
        """True when the editor holds unsaved edits the person wants to keep."""
        if self.editor.undo_stack.isClean():
            return False
        answer = QMessageBox.question(
            self, translate("ui.views.process_maps", "Unsaved changes"),
            translate("ui.views.process_maps",
                      "This map has changes that are not saved. Discard them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer != QMessageBox.StandardButton.Discard

    def _on_process(self, *_: Any) -> None:
        pid = self.process_box.currentData()
        info = next((p for p in self.processes if p.id == pid), None)
        shown = self.editor.view
        if shown is not None and not self.editor.undo_stack.isClean():
            if shown.process.id == pid:
                pass  # coming back to the page: keep the unsaved edits on screen
            elif self._keeps_edits():
                self.process_box.blockSignals(True)
                self.process_box.setCurrentIndex(self.process_box.findData(shown.process.id))
                self.process_box.blockSignals(False)
                return
            elif info is not None and info.current_map_id is not None:
                self.editor.load_map(info.current_map_id)
        elif info is not None and info.current_map_id is not None:
            self.editor.load_map(info.current_map_id)
        if info is not None:
            pending = self._pending_series
            series = pending[1] if pending is not None and pending[0] == info.id else None
            self._pending_series = None
            kpis = self.lazy_tabs.made("kpis")
            if kpis is None:  # read when the tab is first made
                self._kpi_wanted = (info.id, series)
            else:
                kpis.load(info.id, series)  # type: ignore[attr-defined]

    def _on_map(self, *_: Any) -> None:
        map_id = self.map_box.currentData()
        shown = self.editor.view
        if map_id is None or (shown is not None and shown.map.id == map_id):
            return
        if self._keeps_edits():
            self.map_box.setCurrentIndex(self.map_box.findData(shown.map.id) if shown else 0)
            return
        self.editor.load_map(map_id)

    def _on_loaded(self, view: MapView) -> None:
        self.map_box.clear()
        maps = sorted({m.id: m for m in (view.map, *view.siblings)}.values(),
                      key=lambda m: (m.kind.value != "current", m.id))
        for m in maps:  # the map's name says its state ("..., current state")
            self.map_box.addItem(m.name, m.id)
        self.map_box.setCurrentIndex(max(0, self.map_box.findData(view.map.id)))

    def _on_future(self, view: MapView) -> None:
        self.editor.show_view(view)

    def open_series(self, process_id: int, series_id: int | None) -> None:
        """Show a process's KPI tab with one series charted (the dashboard's signal click).

        The page may not have its process list yet: the next list picks the process and the
        KPI tab then opens on the series."""
        self._pending_series = (process_id, series_id)
        self.tabs.setCurrentWidget(self.kpi_tab)
        if self.process_box.findData(process_id) >= 0:
            self.process_box.setCurrentIndex(self.process_box.findData(process_id))
            self._on_process()

    def compare(self, current_id: int, future_id: int) -> worker.Task:
        self.tabs.setCurrentWidget(self.compare_view)
        return self.compare_view.load(current_id, future_id)

    def create_process(self) -> worker.Task | None:
        if self.person is None:
            self._say(translate("ui.views.process_maps", "Pick who is working first."))
            return None
        name, template = self.new_name.text(), self.template_box.currentData()
        area = self.person.home_area_id
        processes, people, actor = self.services.processes, self.services.people, self.person.id

        def create() -> MapView:
            area_id = area if area is not None else people.list_areas()[0].id
            return processes.create_from_template(actor, name=name, area_id=area_id,
                                                  template=template)

        def done(view: MapView) -> None:
            self.new_name.clear()
            self._say(translate("ui.views.process_maps", "Created {name}.").format(
                name=view.process.name))
            self.created.emit(view)
            worker.run_in_background(processes.list_processes, owner=self,
                                     on_success=lambda i: self._on_list(i, view.process.id))

        return self.saver.save(lambda: create, done, name="create_process")

    def _capture(self, step_id: int, kind: str) -> None:
        """Open the capture form; what it saves is linked to the step."""
        if self.person is None:
            self._say(translate("ui.views.process_maps", "Pick who is working first."))
            return
        if kind == "idea":
            from kaizen.ui.capture.idea_form import IdeaDialog as Dialog
        else:
            from kaizen.ui.capture.observation_form import ObservationDialog as Dialog
        dialog = Dialog(self.services, self.person, self)
        processes, actor = self.services.processes, self.person.id
        link = processes.link_idea if kind == "idea" else processes.link_observation

        def linked(_id: int) -> None:
            if self.editor.view is not None:
                self.editor.load_map(self.editor.view.map.id)

        dialog.saved.connect(lambda info: self.saver.save(
            lambda: lambda: link(actor, step_id, info.id), linked, name="link_step"))
        self.capture_dialog = dialog
        dialog.open()

    def _say(self, text: str) -> None:
        self.message_line.say(text)

    def _fail(self, exc: BaseException) -> None:
        self._say(exc.message if isinstance(exc, KaizenError) else translate(
            "ui.views.process_maps", "Something went wrong: {error}").format(error=exc))
