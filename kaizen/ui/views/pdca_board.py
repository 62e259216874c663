"""The PDCA board: every accepted change as a card moving through Plan, Do, Check and Act to Done.

Five columns (``kaizen.ui.board.column.BoardColumn``), each a list view over its own model,
painted by a delegate, so thousands of cards cost one view per column. Above them: filters (area,
owner, "Mine", "Overdue", "Stalled"), a summary, the refresh button, and a non-modal message bar.

Moving a card (drag it to another column, or Ctrl+Right / Ctrl+Left on the selected card, or its
context menu) asks ``services.pdca.move`` in the background worker with the version the card was
read at. A forward move shows the card in its new column at once, faded, until the service
agrees; a refusal (a gate, a permission, someone else's change) shows the service's message in
the bar and the board reloads, so the card snaps back. A backward move first asks for a note.
Only supervisors and admins move cards; staff are told so, and nothing moves without a person
picked as working.

The board reloads on F5 and whenever it is shown, and quietly polls ``services.board.token()``
every ``POLL_MS`` while visible: another user's change reloads it. Double-click or Enter opens the
card in ``CycleDetailDialog``.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QFont,
    QFontMetrics,
    QHideEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from kaizen.domain.enums import ActDecision, PdcaStage
from kaizen.domain.errors import KaizenError
from kaizen.domain.numbers import format_number
from kaizen.domain.pdca import is_backward
from kaizen.domain.permissions import Action, can
from kaizen.i18n import QT_TRANSLATE_NOOP, current_language, translate
from kaizen.services.board import BOARD_STAGES, BoardFilter, BoardSnapshot, CardInfo
from kaizen.ui import resources, worker
from kaizen.ui.board.column import BoardColumn, CardListView
from kaizen.ui.board.detail import CycleDetailDialog
from kaizen.ui.board.filter_row import BoardSummary, refill
from kaizen.ui.board.models import CARD_ROLE, CardRef
from kaizen.ui.board.move_note import MoveNoteDialog
from kaizen.ui.board.style import BOARD_STYLE
from kaizen.ui.form_op import FormSaver, Refusals, bar_message
from kaizen.ui.undo_offer import UndoOffer
from kaizen.ui.views import ViewPage, in_sentence, translated
from kaizen.ui.views.empty_state import EmptyState
from kaizen.ui.widgets.built_in_steps import build_in_steps
from kaizen.ui.widgets.form import offers_retry
from kaizen.ui.widgets.lazy_tabs import BuiltOnFirstUse
from kaizen.ui.widgets.message_bar import ActionMessageBar
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.pdca import CycleInfo
    from kaizen.services.people import AreaInfo, PersonInfo

log = logging.getLogger(__name__)

POLL_MS = 10_000
PICK_PERSON = QT_TRANSLATE_NOOP(
    "ui.views.pdca_board", "Pick who is working first: cards are moved by a supervisor or an "
                           "admin.")
ALL_AREAS = QT_TRANSLATE_NOOP("ui.views.pdca_board", "All areas")
ALL_OWNERS = QT_TRANSLATE_NOOP("ui.views.pdca_board", "All owners")


class PdcaBoardView(BuiltOnFirstUse, ViewPage):
    title = QT_TRANSLATE_NOOP("ui.views.pdca_board", "PDCA board")
    subtitle = QT_TRANSLATE_NOOP("ui.views.pdca_board",
                                 "Accepted ideas moving through Plan, Do, Check and Act.")
    icon_name = "mdi6.autorenew"

    loaded = Signal()  # a snapshot was applied to the columns
    built = Signal()  # the columns are all made (a part per turn after the first show)
    moveFinished = Signal(bool)  # the service answered a move: True moved, False refused
    # A card's Check tab asked for Measurements on (idea id, metric id or 0).
    measurementsRequested = Signal(int, int)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setStyleSheet(BOARD_STYLE)
        self.snapshot: BoardSnapshot | None = None
        self._shown_language = ""  # the language the board was last filled in
        self.note_dialog: MoveNoteDialog | None = None
        self.detail_dialog: CycleDetailDialog | None = None
        self._loads = worker.Latest()  # a newer load (other filters) supersedes one in flight
        self._loading = False
        self._moving = 0
        self._polling = False
        self._loaded_filter = BoardFilter()
        self._select_after: tuple[int, int | None] | None = None
        self._choices_loaded = False

        self.message_bar = ActionMessageBar()
        # Moves save through the one save mechanism; refusals (Retry when the server is away)
        # show in the message bar. Moves of different cards may overlap.
        self.saver = FormSaver(self, Refusals(message=bar_message(self.message_bar)),
                               what="the card move", exclusive=False)
        self._refusal_text: str | None = None
        self.saver.refused.connect(self._remember_refusal)
        self._build_filters()
        # The containers in place before their contents (a tree moved under a new parent is
        # styled again, whole); the columns and the empty state are made after the first show,
        # one per turn of the event loop (issue 21: the five columns in the show's own turn held
        # the GUI thread 56-63 ms), the board's room left blank until they are all there. A
        # part read before is made at once, with every one left (widgets/built_in_steps.py).
        self.stack = QStackedWidget()
        self.content_layout.addLayout(self.filters_row)
        self.content_layout.addWidget(self.message_bar)
        self.content_layout.addWidget(self.stack, 1)
        self._room = QWidget()  # the board's room while its columns are made
        self.stack.addWidget(self._room)
        board = QWidget()
        board.setObjectName("Board")
        self._row = QHBoxLayout(board)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(12)
        self.stack.addWidget(board)
        self.board = board
        self._made: dict[PdcaStage, BoardColumn] = {}
        self._built = False
        self._focus_when_built = False
        self._snapshot_waiting: BoardSnapshot | None = None
        build_in_steps(self, [*(partial(self._add_column, stage) for stage in BOARD_STAGES),
                              self._add_empty_state, self._show_columns],
                       then=self._on_built, names=("columns", "empty_state"))

        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.poll_now)
        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.activated.connect(self.reload)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.message_bar.dismiss)
        self.undo = UndoOffer(self, self.message_bar, after=self.reload)
        self._update_person_controls()

    # -- building -----------------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.area_combo = QComboBox()
        self.area_combo.setObjectName("AreaFilter")
        self.area_combo.setAccessibleName(translate("ui.views.pdca_board", "Area"))
        self.area_combo.setToolTip(translate(
            "ui.views.pdca_board", "Show the cards of this area and the areas below it"))
        self.area_combo.setMinimumWidth(170)
        self.area_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.area_combo.addItem(resources.icon("mdi6.map-marker-outline"),
                                translated("ui.views.pdca_board", ALL_AREAS), None)
        self.area_combo.currentIndexChanged.connect(self._on_filter_changed)

        self.owner_combo = QComboBox()
        self.owner_combo.setObjectName("OwnerFilter")
        self.owner_combo.setAccessibleName(translate("ui.views.pdca_board", "Owner"))
        self.owner_combo.setToolTip(
            translate("ui.views.pdca_board", "Show the cards owned by this person"))
        self.owner_combo.setMinimumWidth(160)
        self.owner_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.owner_combo.addItem(resources.icon("mdi6.account-outline"),
                                 translated("ui.views.pdca_board", ALL_OWNERS), None)
        self.owner_combo.currentIndexChanged.connect(self._on_filter_changed)

        self.mine_button = self._toggle(translate("ui.views.pdca_board", "Mine"),
                                        "mdi6.account-check-outline",
                                        translate("ui.views.pdca_board", "Only the cards you own"))
        self.overdue_button = self._toggle(
            translate("ui.views.pdca_board", "Overdue"), "mdi6.alert-circle-outline",
            translate("ui.views.pdca_board", "Only the cards with overdue actions"))
        self.stalled_button = self._toggle(translate("ui.views.pdca_board", "Stalled"),
                                           "mdi6.timer-sand", translate(
            "ui.views.pdca_board", "Only the open cards that have waited in their stage for the "
            "site's \u201cstale after\u201d days"))
        # An area asked for before the choices arrived (a dashboard drilldown).
        self._pending_area_id: int | None = None
        self.summary_label = BoardSummary()
        self.refresh_button = QPushButton(translate("ui.views.pdca_board", "Refresh"))
        self.refresh_button.setObjectName("RefreshButton")
        self.refresh_button.setIcon(resources.icon("mdi6.refresh"))
        self.refresh_button.setToolTip(translate(
            "ui.views.pdca_board",
            "Read the board again (F5); it also refreshes by itself when someone else changes it"))
        self.refresh_button.clicked.connect(self.reload)

        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.area_combo)
        row.addWidget(self.owner_combo)
        row.addSpacing(4)
        row.addWidget(self.mine_button)
        row.addWidget(self.overdue_button)
        row.addWidget(self.stalled_button)
        # The summary takes the room left, its text on the right beside Refresh.
        row.addWidget(self.summary_label, 1)
        row.addSpacing(8)
        row.addWidget(self.refresh_button)
        self.filters_row = row

    def _toggle(self, text: str, icon: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("FilterToggle")
        button.setCheckable(True)
        button.setIcon(resources.icon(icon, resources.MUTED, active_color=resources.ACCENT))
        button.setIconSize(QSize(16, 16))
        button.setToolTip(tip)
        button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        # Checked, the text turns bold: size for that, or it is cut off when switched on.
        bold = QFont(button.font())
        bold.setBold(True)
        button.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(text) + 16 + 6 + 2 * 12 + 4)
        button.toggled.connect(self._on_filter_changed)
        return button

    def _add_column(self, stage: PdcaStage) -> None:
        """One column, made inside the board (a step of the first show)."""
        column = BoardColumn(stage, self.board)
        column.view.empty_text = translate("ui.views.pdca_board", "Loading…")
        column.model.moveRequested.connect(self.request_move)
        column.view.stepRequested.connect(self._on_step_requested)
        column.view.openRequested.connect(self._on_open_requested)
        column.view.neighbourRequested.connect(self._on_neighbour_requested)
        column.view.customContextMenuRequested.connect(self._on_context_menu)
        self._made[stage] = column
        self._row.addWidget(column, 1)
        column.ensurePolished()  # styled here, not all five in the turn they are shown

    def _add_empty_state(self) -> None:
        self.empty_state = EmptyState(
            "mdi6.view-column-outline",
            translate("ui.views.pdca_board", "No changes on the board yet"),
            translate("ui.views.pdca_board", "Accepted ideas appear here in Plan and move through "
                      "Do, Check and Act to Done. Accept an idea in Ideas to start its first PDCA "
                      "cycle."),
            action_text=translate("ui.views.pdca_board", "Clear filters"),
            action_icon="mdi6.filter-remove-outline",
        )
        self.empty_state.setProperty("framed", True)
        self.empty_state.actionTriggered.connect(self.clear_filters)
        if self.empty_state.action_button is not None:
            self.empty_state.action_button.setVisible(False)
        self.stack.addWidget(self.empty_state)
        self.empty_state.ensurePolished()

    def _show_columns(self) -> None:
        """The last step: the columns take the board's room, all at once ("Loading…" until the
        cards come)."""
        self.columns: dict[PdcaStage, BoardColumn] = self._made
        focused = self.stack.hasFocus()
        self.stack.setCurrentWidget(self.board)
        self.stack.removeWidget(self._room)
        self._room.deleteLater()
        if self._focus_when_built and focused:
            # Chosen by the keyboard while it was made: the Plan column, as focus_target says.
            self.columns[BOARD_STAGES[0]].view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._focus_when_built = False

    def _on_built(self) -> None:
        self._built = True
        self.built.emit()
        if self._snapshot_waiting is not None:  # read while the columns were being made
            # In a turn of its own, not with the columns' first paint.
            QTimer.singleShot(1, self, self._apply_waiting)

    def _apply_waiting(self) -> None:
        snapshot, self._snapshot_waiting = self._snapshot_waiting, None
        if snapshot is not None:
            self._on_loaded(snapshot)

    def is_built(self) -> bool:
        """Whether the columns are all made (and ``built`` was emitted)."""
        return self._built

    # -- the person working -------------------------------------------------------------------
    def set_person(self, person: PersonInfo | None) -> None:
        """Called by the main window whenever the person working changes."""
        super().set_person(person)
        self._update_person_controls()
        if self.detail_dialog is not None:
            self.detail_dialog.set_person(person)
        if self.mine_button.isChecked() and self._choices_loaded:
            self.reload()

    def _update_person_controls(self) -> None:
        self.mine_button.setEnabled(self.person is not None)
        self.mine_button.setToolTip(
            translate("ui.views.pdca_board", "Only the cards you own") if self.person is not None
            else translate("ui.views.pdca_board", "Pick who is working first")
        )
        if self.person is None and self.mine_button.isChecked():
            self.mine_button.blockSignals(True)
            self.mine_button.setChecked(False)
            self.mine_button.blockSignals(False)

    def _move_refusal(self, card_title: str) -> str | None:
        """Why the person working may not move cards, or None. The service checks again."""
        if self.person is None:
            return translated("ui.views.pdca_board", PICK_PERSON)
        if not can(self.person.role, Action.MOVE_PDCA):
            return translate("ui.views.pdca_board", "{name} is {role}: only supervisors and "
                             "admins move cards on the board. Ask one to move “{title}”.").format(
                name=self.person.name, role=in_sentence(self.person.role.label), title=card_title)
        return None

    # -- filters ------------------------------------------------------------------------------
    def current_filter(self) -> BoardFilter:
        mine = self.person.id if self.mine_button.isChecked() and self.person else None
        return BoardFilter(
            area_id=self.area_combo.currentData(),
            owner_id=self.owner_combo.currentData(),
            mine_for=mine,
            overdue_only=self.overdue_button.isChecked(),
            stalled_only=self.stalled_button.isChecked(),
        )

    def is_filtered(self) -> bool:
        return self.current_filter() != BoardFilter()

    def clear_filters(self) -> None:
        self.show_filter(BoardFilter())

    def focus_target(self) -> QWidget | None:
        """The first column (Plan): its first card is outlined at once (issue 16). While the
        columns are made, the board's room holds the focus and hands it to Plan once they are
        there."""
        if not self._built:
            self._focus_when_built = True
            return self.stack
        if self.stack.currentWidget() is not self.board:
            return super().focus_target()
        return self.columns[BOARD_STAGES[0]].view

    def show_filter(self, flt: BoardFilter) -> None:
        """Show the cards ``flt`` selects (a dashboard figure's list, or Clear filters)."""
        widgets = (self.area_combo, self.owner_combo, self.mine_button, self.overdue_button,
                   self.stalled_button)
        for widget in widgets:
            widget.blockSignals(True)
        area = self.area_combo.findData(flt.area_id) if flt.area_id is not None else 0
        self._pending_area_id = flt.area_id if area < 0 else None
        self.area_combo.setCurrentIndex(max(area, 0))
        owner = self.owner_combo.findData(flt.owner_id) if flt.owner_id is not None else 0
        self.owner_combo.setCurrentIndex(max(owner, 0))
        self.mine_button.setChecked(flt.mine_for is not None and self.person is not None)
        self.overdue_button.setChecked(flt.overdue_only)
        self.stalled_button.setChecked(flt.stalled_only)
        for widget in widgets:
            widget.blockSignals(False)
        self.reload()

    def _on_filter_changed(self, *_args: Any) -> None:
        self.reload()

    def _load_choices(self) -> None:
        services = self.services

        def read() -> tuple[list[AreaInfo], list[PersonInfo]]:
            return services.people.list_areas(), services.people.list_people()

        run_in_background(read, on_success=self._on_choices, on_failure=self._on_load_failed,
                          owner=self, name="board filters")

    def _on_choices(self, result: tuple[list[AreaInfo], list[PersonInfo]]) -> None:
        areas, people = result
        pending, self._pending_area_id = self._pending_area_id, None
        refill(self.area_combo, translated("ui.views.pdca_board", ALL_AREAS),
               [("    " * area.depth + area.name, area.id, area.path) for area in areas],
               chosen=pending)
        refill(self.owner_combo, translated("ui.views.pdca_board", ALL_OWNERS),
               [(person.name, person.id, person.role.label) for person in people])
        self._choices_loaded = True
        if self.current_filter() != self._loaded_filter:
            self.reload()  # the chosen area or owner is gone: show the board without it

    # -- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Shown again (or data changed underneath): read the filters' choices and the cards."""
        self._load_choices()
        self.reload()

    def reload(self) -> None:
        """Read the cards for the current filters in the background (F5)."""
        self._loading = True
        board, flt = self.services.board, self.current_filter()
        self._loaded_filter = flt
        self._loads.run(
            lambda: board.cards(flt),
            on_success=self._on_loaded,
            on_failure=self._on_load_failed,
            owner=self,
            name="board cards",
        )

    def _on_loaded(self, snapshot: BoardSnapshot) -> None:
        self._loading = False
        if not self._built:
            self._snapshot_waiting = snapshot  # shown once the columns are made (_on_built)
            return
        if self._shows(snapshot):
            # Read again, unchanged (the board shown again, a poll): the columns as they are;
            # setting them again reset and repainted every column (issue 21).
            self.loaded.emit()
            return
        self.apply_snapshot(snapshot)

    def _shows(self, snapshot: BoardSnapshot) -> bool:
        """Whether the board shows ``snapshot`` already, exactly (no card on its way, nothing
        to select, the same language)."""
        return (self._select_after is None and not self._moving
                and self._shown_language == current_language() and snapshot == self.snapshot
                and all(column.model.shows(snapshot.columns.get(stage, []))
                        for stage, column in self.columns.items()))

    def _on_load_failed(self, error: BaseException) -> None:
        self._loading = False
        if offers_retry(error) and not self.message_bar.action_button.isHidden() \
                and not self.message_bar.isHidden():
            return  # a move's Retry is on show: it says the server is away, and offers more
        message = error.message if isinstance(error, KaizenError) else (
            translate("ui.views.pdca_board", "The board could not be read: {error}").format(
                error=error))
        if not isinstance(error, KaizenError):
            log.error("Reading the board failed: %r", error)
        self.message_bar.show_message(message, kind="error")

    def apply_snapshot(self, snapshot: BoardSnapshot) -> None:
        """Show a snapshot, keeping the selected card, the focus and (quietly) the scroll."""
        focused = self._focused_column()
        selected = self._select_after or self._selected_ids()
        self._select_after = None
        scrolls = {stage: c.view.verticalScrollBar().value() for stage, c in self.columns.items()}
        self.snapshot = snapshot
        self._shown_language = current_language()
        for stage, column in self.columns.items():
            column.view.empty_text = (
                translate("ui.views.pdca_board", "No cards") if stage is not PdcaStage.DONE
                else translate("ui.views.pdca_board", "Nothing closed this month"))
            column.model.set_cards(snapshot.columns.get(stage, []))
            column.view.restore_scroll(scrolls[stage])
        self._update_summary(snapshot)
        self._update_empty_state(snapshot)
        if selected is not None:
            self._select(selected, focus=focused is not None)
        elif focused is not None and focused.model.rowCount() > 0:
            # Focused before the cards came (the view's shortcut): outline the first card, as
            # the focus arriving on a filled column does (issue 16).
            focused.view.select_row(0)
        self.loaded.emit()

    def _update_summary(self, snapshot: BoardSnapshot) -> None:
        open_cards = sum(len(snapshot.columns[s]) for s in BOARD_STAGES
                         if s is not PdcaStage.DONE)
        overdue = sum(1 for s in BOARD_STAGES for c in snapshot.columns[s]
                      if c.overdue_actions)
        done = len(snapshot.columns[PdcaStage.DONE])
        parts = [translate("ui.views.pdca_board", "{count} open").format(
            count=format_number(open_cards))]
        if overdue:
            parts.append(translate("ui.views.pdca_board", "{count} overdue").format(
                count=format_number(overdue)))
        # This month: the Done column says so.
        parts.append(translate("ui.views.pdca_board", "{count} done").format(
            count=format_number(done)))
        # Never cut ("2 done tl", issue 16): the filters' stretch gives way first, then (longer
        # words, a narrow window) whole parts after the first.
        self.summary_label.set_parts(parts)
        self.summary_label.setToolTip(translate(
            "ui.views.pdca_board",
            "{open} cards in Plan, Do, Check or Act; {overdue} of them with overdue actions; "
            "{done} changes standardised or abandoned this month. Cards turn amber after "
            "{ageing} days in a stage and red after {stale} (site settings).").format(
            open=format_number(open_cards), overdue=format_number(overdue),
            done=format_number(done), ageing=snapshot.ageing_after_days,
            stale=snapshot.stale_after_days))

    def _update_empty_state(self, snapshot: BoardSnapshot) -> None:
        if snapshot.total:
            self.stack.setCurrentWidget(self.board)
            return
        filtered = self.is_filtered()
        if filtered:
            self.empty_state.set_text(
                translate("ui.views.pdca_board", "No cards match these filters"),
                translate("ui.views.pdca_board",
                          "Try another area or owner, or switch off “Mine”, “Overdue” and "
                          "“Stalled”."),
            )
        else:
            self.empty_state.set_text(
                translate("ui.views.pdca_board", "No changes on the board yet"),
                translate("ui.views.pdca_board", "Accepted ideas appear here in Plan and move "
                          "through Do, Check and Act to Done. Accept an idea in Ideas to start "
                          "its first PDCA cycle."),
            )
        if self.empty_state.action_button is not None:
            self.empty_state.action_button.setVisible(filtered)
        self.stack.setCurrentWidget(self.empty_state)

    # -- polling ------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.drop_stale_refusal()  # coming back: the board is read again, the refusal is old
        self.poll_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.poll_timer.stop()

    def poll_now(self) -> None:
        """Ask for the board's change token; reload when someone changed the board."""
        if (self._loading or self._moving or self._polling or self.snapshot is None
                or self.note_dialog is not None):
            return
        self._polling = True
        board = self.services.board
        run_in_background(board.token, on_success=self._on_token,
                          on_failure=self._on_token_failed, owner=self, name="board token")

    def _on_token(self, token: str) -> None:
        self._polling = False
        if self.snapshot is not None and token != self.snapshot.version_token and not (
            self._loading or self._moving
        ):
            self.reload()

    def _on_token_failed(self, error: BaseException) -> None:
        # A poll that fails (database busy for long) is tried again at the next tick.
        self._polling = False
        log.warning("Polling the board failed: %r", error)  # i18n: no

    # -- moving -------------------------------------------------------------------------------
    def request_move(self, ref: CardRef, to_stage: PdcaStage) -> None:
        """Move a card (from a drop, a key or the menu); see the module docstring."""
        to_stage = PdcaStage(to_stage)
        card = self.snapshot.find(ref.cycle_id) if self.snapshot else None
        title = card.title if card else translate("ui.views.pdca_board", "cycle #{id}").format(
            id=ref.cycle_id)
        if self.message_bar.refused(self._move_refusal(title)):
            return
        if ref.stage is to_stage:
            return
        if ref.stage is not PdcaStage.DONE and is_backward(ref.stage, to_stage):
            self._ask_note(ref, to_stage, title, card.cycle_number if card else 0)
            return
        self._start_move(ref, to_stage, "", title)

    def _ask_note(self, ref: CardRef, to_stage: PdcaStage, title: str, number: int) -> None:
        dialog = MoveNoteDialog(title, number, ref.stage, to_stage, self)
        self.note_dialog = dialog

        def done(result: int) -> None:
            self.note_dialog = None
            if result == MoveNoteDialog.DialogCode.Accepted:
                self._start_move(ref, to_stage, dialog.note, title)
            else:
                self.message_bar.show_message(translate(
                    "ui.views.pdca_board", "“{title}” stays in {stage}: a move back needs a note."
                ).format(title=title, stage=ref.stage.label), kind="info")
            dialog.deleteLater()

        dialog.finished.connect(done)
        # Opened from the event loop: a drop arrives inside the drag's own loop, where a dialog
        # must not start.
        QTimer.singleShot(0, dialog.open)

    def _start_move(self, ref: CardRef, to_stage: PdcaStage, note: str, title: str) -> None:
        assert self.person is not None
        source, target = self.columns[ref.stage], self.columns[to_stage]
        card = source.model.take(ref.cycle_id)
        if card is not None:
            target.model.put_pending(card)
            target.view.select_row(0)
        self._select_after = (ref.cycle_id, card.suggestion_id if card else None)
        self._moving += 1
        pdca, person_id = self.services.pdca, self.person.id
        self.saver.save(
            lambda: lambda: pdca.move(person_id, ref.cycle_id, to_stage, note=note,
                                      expected_version=ref.version),
            lambda info: self._on_moved(info, to_stage, title, person_id),
            on_failure=lambda _error: self._on_move_refused(ref),
            retry=lambda: self._retry_move(ref, to_stage, note, title),
            name="move card",
        )

    def _on_moved(self, info: CycleInfo, to_stage: PdcaStage, title: str,
                  person_id: int) -> None:
        self._moving -= 1
        if to_stage is PdcaStage.DONE and info.act_decision is ActDecision.ADAPT:
            message = translate("ui.views.pdca_board", "Cycle {number} of “{title}” is closed "
                                "and adapted: cycle {next} starts in Plan, carrying the learning."
                                ).format(number=info.number, title=title, next=info.number + 1)
            # Select the new cycle: the same idea, now in Plan.
            self._select_after = (-1, info.suggestion_id)
        elif to_stage is PdcaStage.DONE and info.act_decision is ActDecision.ADOPT:
            message = translate("ui.views.pdca_board", "“{title}” is standardised.").format(
                title=title)
        elif to_stage is PdcaStage.DONE:
            message = translate("ui.views.pdca_board", "“{title}” is abandoned; its note is "
                                "shared with the other areas.").format(title=title)
        else:
            message = translate("ui.views.pdca_board", "Moved “{title}” to {stage}.").format(
                title=title, stage=to_stage.label)
        # Ctrl+Z takes a move back for a short while; a move to Done applied its decision.
        undo, cycle_id, version = self.services.undo, info.id, info.version
        self.undo.offer(message, [] if to_stage is PdcaStage.DONE else [
            lambda: undo.undo_move(person_id, cycle_id, expected_version=version)])
        self.moveFinished.emit(True)
        self.reload()

    def _on_move_refused(self, ref: CardRef) -> None:
        """After the saver said why: the card snaps back to where the database says it is."""
        self._moving -= 1
        self._select_after = (ref.cycle_id, None)
        self.moveFinished.emit(False)
        self.reload()

    def _retry_move(self, ref: CardRef, to_stage: PdcaStage, note: str, title: str) -> None:
        if self.person is None:
            self.message_bar.show_message(
                translate("ui.views.pdca_board", "Pick who is working first."), kind="warning")
            return
        self._start_move(ref, to_stage, note, title)

    # -- keyboard, menu, selection ------------------------------------------------------------
    def _on_step_requested(self, step: int) -> None:
        view = self.sender()
        if isinstance(view, CardListView):
            self.step_card(view, step)

    def step_card(self, view: CardListView, step: int) -> None:
        """Move the card selected in ``view`` one stage forward (+1) or back (-1)."""
        card: CardInfo | None = view.current_card()
        if card is None:
            self.message_bar.show_message(translate(
                "ui.views.pdca_board", "Select a card first, then press Ctrl+Right to move it "
                "forward or Ctrl+Left to move it back."), kind="info")
            return
        position = BOARD_STAGES.index(card.stage) + step
        if not 0 <= position < len(BOARD_STAGES):
            edge = (translate("ui.views.pdca_board", "{stage} is the first stage.") if step < 0
                    else translate("ui.views.pdca_board", "{stage} is the last stage."))
            self.message_bar.show_message(edge.format(stage=card.stage.label), kind="info")
            return
        self.request_move(CardRef(card.cycle_id, card.version, card.stage),
                          BOARD_STAGES[position])

    def _on_neighbour_requested(self, step: int) -> None:
        view = self.sender()
        stages = list(self.columns)
        here = next((s for s, c in self.columns.items() if c.view is view), None)
        if here is None:
            return
        position = stages.index(here) + step
        while 0 <= position < len(stages):
            column = self.columns[stages[position]]
            if column.count:
                row = min(max(view.currentIndex().row(), 0), column.count - 1)  # type: ignore[union-attr]
                column.view.setFocus()
                column.view.select_row(row)
                return
            position += step

    def _on_open_requested(self, index: Any) -> None:
        card = index.data(CARD_ROLE) if index is not None and index.isValid() else None
        if card is not None:
            self.open_card(card.cycle_id)

    def _on_context_menu(self, pos: QPoint) -> None:
        view = self.sender()
        if not isinstance(view, CardListView):
            return
        index = view.indexAt(pos)
        if not index.isValid():
            return
        view.setCurrentIndex(index)
        card: CardInfo = index.data(CARD_ROLE)
        menu = QMenu(view)
        open_action = QAction(resources.icon("mdi6.open-in-app"),
                              translate("ui.views.pdca_board", "Open details"), menu)
        open_action.setShortcut(QKeySequence(Qt.Key.Key_Return))
        open_action.triggered.connect(lambda: self.open_card(card.cycle_id))
        menu.addAction(open_action)
        menu.addSeparator()
        position = BOARD_STAGES.index(card.stage)
        if position + 1 < len(BOARD_STAGES):
            forward = QAction(resources.icon("mdi6.arrow-right"),
                              translate("ui.views.pdca_board", "Move to {stage}").format(
                                  stage=BOARD_STAGES[position + 1].label), menu)
            forward.setShortcut(QKeySequence("Ctrl+Right"))
            forward.triggered.connect(lambda: self.step_card(view, 1))
            menu.addAction(forward)
        if position > 0:
            back = QAction(resources.icon("mdi6.arrow-left"),
                           translate("ui.views.pdca_board", "Move back to {stage}…").format(
                               stage=BOARD_STAGES[position - 1].label), menu)
            back.setShortcut(QKeySequence("Ctrl+Left"))
            back.triggered.connect(lambda: self.step_card(view, -1))
            menu.addAction(back)
        self.context_menu = menu
        menu.popup(view.viewport().mapToGlobal(pos))

    def _focused_column(self) -> BoardColumn | None:
        for column in self.columns.values():
            if column.view.hasFocus():
                return column
        return None

    def _selected_ids(self) -> tuple[int, int | None] | None:
        for column in self.columns.values():
            card = column.view.current_card()
            if card is not None:
                return card.cycle_id, card.suggestion_id
        return None

    def _select(self, wanted: tuple[int, int | None], *, focus: bool) -> None:
        cycle_id, suggestion_id = wanted
        for column in self.columns.values():
            for row, card in enumerate(column.model.cards()):
                if card.cycle_id == cycle_id or (
                    cycle_id < 0 and card.suggestion_id == suggestion_id
                    and card.stage is PdcaStage.PLAN
                ):
                    column.view.select_row(row)
                    if focus:
                        column.view.setFocus()
                    return

    def card_view(self, stage: PdcaStage) -> CardListView:
        return self.columns[stage].view

    # -- detail -------------------------------------------------------------------------------
    def open_card(self, cycle_id: int) -> CycleDetailDialog:
        """Open the detail panel of a card; the board reloads when something is saved there."""
        if self.detail_dialog is not None:
            self.detail_dialog.close()
        dialog = CycleDetailDialog(self.services, cycle_id, self.person, self)
        dialog.changed.connect(self._on_detail_changed)
        dialog.finished.connect(self._on_detail_closed)
        dialog.ideaRequested.connect(self.open_idea)
        dialog.measurementsRequested.connect(self.measurementsRequested)
        self.detail_dialog = dialog
        dialog.open()
        return dialog

    def open_idea(self, suggestion_id: int) -> None:
        """A "#123" link in a card's texts: the idea's detail, over the card."""
        from kaizen.ui.views.list_page import open_detail

        dialog_class = open_detail("kaizen.ui.detail.idea_detail", "IdeaDetailDialog")
        parent = self.detail_dialog if self.detail_dialog is not None else self
        dialog = dialog_class(self.services, self.person, suggestion_id, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.idea_dialog = dialog
        dialog.open()

    def _on_detail_changed(self) -> None:
        # The card was changed in its dialog (the plan fixed, say): a gate's refusal shown for
        # it is out of date (issue 16: it stayed after the plan was fixed).
        self.drop_stale_refusal()
        self.reload()

    def _remember_refusal(self, text: str) -> None:
        self._refusal_text = text

    def drop_stale_refusal(self) -> None:
        """Take down the last move's refusal if it is still the message shown."""
        text, self._refusal_text = self._refusal_text, None
        if text and not self.message_bar.isHidden() and self.message_bar.text == text:
            self.message_bar.dismiss()

    def _on_detail_closed(self, _result: int) -> None:
        dialog, self.detail_dialog = self.detail_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self.reload()
