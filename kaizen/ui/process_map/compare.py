"""Current state and future state side by side, with the deltas: lead time, value-added ratio,
process time, steps removed, added and changed, and whether the bottleneck moved
(:func:`kaizen.domain.map_compare.compare_maps` through ``ProcessService.compare``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from kaizen.domain.errors import KaizenError
from kaizen.domain.numbers import format_number
from kaizen.i18n import translate
from kaizen.ui import worker
from kaizen.ui.process_map import layout, style
from kaizen.ui.process_map.canvas import MapCanvas
from kaizen.ui.process_map.draft import MapDraft
from kaizen.ui.process_map.scene import MapScene

if TYPE_CHECKING:
    from kaizen.domain.map_compare import MapDelta
    from kaizen.services import Services
    from kaizen.services.processes import MapView


# Each side gets half the width: a little smaller than the editor's minimum, still legible.
COMPARE_MIN_ZOOM = 0.6


def delta_lines(delta: MapDelta, unit: str) -> list[str]:
    """The deltas in words, as the view shows them."""
    u = style.unit_short(unit)
    before, after = delta.before, delta.after

    def sign(x: float) -> str:
        return ("+" if x > 0 else "−" if x < 0 else "±") + style.shown(abs(x))

    def percent(ratio: float) -> str:
        return format_number(round(ratio * 100, 1), 1)

    def names(steps: list[str]) -> str:
        return ", ".join(steps) or translate("ui.process_map.compare", "none")

    lines = [
        translate(
            "ui.process_map.compare",
            "Lead time {before} → {after} {unit} ({change} {unit})").format(
            before=style.shown(before.lead_time), after=style.shown(after.lead_time), unit=u,
            change=sign(delta.lead_time)),
        translate(
            "ui.process_map.compare",
            "Value-added ratio {before} % → {after} % ({change} points)").format(
            before=percent(before.va_ratio), after=percent(after.va_ratio),
            change=sign(round(delta.va_ratio * 100, 1))),
        translate(
            "ui.process_map.compare",
            "Process time {before} → {after} {unit} ({change} {unit})").format(
            before=style.shown(before.process_time), after=style.shown(after.process_time),
            unit=u, change=sign(delta.process_time)),
        translate(
            "ui.process_map.compare",
            "Steps removed: {steps}").format(steps=names(list(delta.removed))),
        translate(
            "ui.process_map.compare",
            "Steps added: {steps}").format(steps=names(list(delta.added))),
        translate(
            "ui.process_map.compare",
            "Steps changed: {steps}").format(steps=names(list(delta.changed))),
        (translate("ui.process_map.compare", "The bottleneck moved: {before} → {after}").format(
            before=before.bottleneck, after=after.bottleneck)
         if delta.bottleneck_moved else
         translate(
             "ui.process_map.compare",
             "The bottleneck stays at {step}").format(step=after.bottleneck)),
    ]
    return lines


class _Side(QWidget):
    def __init__(self, heading: str) -> None:
        super().__init__()
        self.heading = QLabel(heading)
        self.heading.setObjectName("SectionTitle")
        self.heading.setWordWrap(True)
        self.draft = MapDraft({"name": "", "steps": [], "flows": []})
        self.scene = MapScene(self.draft, self)
        self.canvas = MapCanvas(self.scene)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(self.canvas, 1)

    def show_map(self, view: MapView, positions: dict[str, tuple[float, float]]) -> None:
        self.heading.setText(translate(
            "ui.process_map.compare", "{name} (version {version})").format(
            name=view.map.name, version=view.map.version))
        self.draft = MapDraft(view.document)
        self.draft.positions.update(positions)
        self.scene.draft = self.draft
        self.scene.rebuild(full=True)
        for item in self.scene.nodes.values():
            item.setFlag(item.GraphicsItemFlag.ItemIsMovable, False)
        self.canvas.fit(minimum=COMPARE_MIN_ZOOM)


class CompareView(QWidget):
    """``shown()`` once both maps and their deltas are on screen."""

    shown = Signal()

    def __init__(self, services: Services | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.delta: MapDelta | None = None
        self.deltas = QLabel("")
        self.deltas.setTextFormat(Qt.TextFormat.PlainText)
        self.deltas.setWordWrap(True)
        self.deltas.setObjectName("CompareDeltas")
        self.deltas.setStyleSheet("QLabel#CompareDeltas { background: #f2f4f7; padding: 10px;"
                                  " border-radius: 6px; }")
        self.current = _Side(translate("ui.process_map.compare", "Current state"))
        self.future = _Side(translate("ui.process_map.compare", "Future state"))
        splitter = QSplitter()
        splitter.addWidget(self.current)
        splitter.addWidget(self.future)
        # The two sides scroll together: the same part of the process stays face to face.
        for a, b in ((self.current, self.future), (self.future, self.current)):
            a.canvas.horizontalScrollBar().valueChanged.connect(
                b.canvas.horizontalScrollBar().setValue)
            a.canvas.verticalScrollBar().valueChanged.connect(
                b.canvas.verticalScrollBar().setValue)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.deltas, 1)
        column.addLayout(top)
        column.addWidget(splitter, 1)

    def show_maps(self, current: MapView, future: MapView, delta: MapDelta,
                  positions: tuple[dict, dict] = ({}, {})) -> None:
        self.delta = delta
        self.deltas.setText("\n".join(delta_lines(delta, current.model.time_unit)))
        self.current.show_map(current, positions[0])
        self.future.show_map(future, positions[1])
        self.shown.emit()

    def load(self, current_id: int, future_id: int) -> worker.Task:
        """Both maps, their deltas and dot's positions, read on a pool thread."""
        assert self.services is not None
        processes = self.services.processes

        def read():
            a, b = processes.map_view(current_id), processes.map_view(future_id)
            delta = processes.compare(current_id, future_id)
            return a, b, delta, (_positions(a), _positions(b))

        def failed(exc: BaseException) -> None:
            text = exc.message if isinstance(exc, KaizenError) else str(exc)
            self.deltas.setText(translate(
                "ui.process_map.compare", "Could not compare: {reason}").format(reason=text))

        return worker.run_in_background(read, on_success=lambda r: self.show_maps(*r),
                                        on_failure=failed, owner=self, name="compare_maps")


def _positions(view: MapView) -> dict[str, tuple[float, float]]:
    nodes = ["start", *[s.name for s in view.model.steps], "end"]
    edges = [(f.source, f.target) for f in view.model.flows]
    try:
        return layout.dot_positions(nodes, edges)
    except (layout.DotMissing, OSError, ValueError):
        return layout.grid_positions(nodes, edges)
