"""The database's safety in the app: the backups dialog (back up now, restore from a backup with a
preview) and the start-up dialog offering the newest good backup when the database is damaged.

The decisions live in :mod:`kaizen.db.backup` and :mod:`kaizen.db.recovery` (no Qt); these
widgets show them and run the slow parts (checks, copies) in the background worker. "Back up
now" and "Restore" run through the one save mechanism (:class:`~kaizen.ui.form_op.FormSaver`,
issue 15): one at a time, a refusal said as every form says it (the disk full with Retry, an
unexpected error logged with its traceback), on the dialog's error line.
:func:`add_database_entry` puts "Database and backups…" on the main window (Ctrl+Shift+B and a
button in the status bar, beside the database's location).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.db.backup import (
    BACKUP_SUFFIX,
    BackupSummary,
    RestoreOutcome,
    backup_sqlite,
    backup_time,
    describe_age,
    describe_backup,
    list_backups,
    restore_backup,
)
from kaizen.db.engine import Database
from kaizen.db.migrate import prepare_database
from kaizen.db.recovery import RecoveryOffer, accept_offer
from kaizen.domain.errors import KaizenError
from kaizen.domain.numbers import format_number
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui import resources, worker
from kaizen.ui.form_op import Action, FormSaver, Refusals
from kaizen.ui.models.headers import column_header
from kaizen.ui.widgets.dialog_parts import button_row, read_only_rows
from kaizen.ui.widgets.form import ErrorLabel

_Index = QModelIndex | QPersistentModelIndex


def _error_text(error: BaseException) -> str:
    if isinstance(error, KaizenError):
        return error.message
    return str(error) or repr(error)


def _label(text: str, name: str, *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


def _moment(value: datetime) -> str:
    """A backup's time as the backups are named: 2026-12-07 14:05 (the same in every language)."""
    return f"{value:%Y-%m-%d %H:%M}"


def _preview_lines(summary: BackupSummary) -> str:
    """What a backup holds, for a preview (its date and file are shown in the heading): the
    summary's lines less the one naming the file and the first, saying when it was taken (found
    by their values, not their words, which are in the app's language)."""
    taken = _moment(summary.taken_at)
    lines = summary.describe().splitlines()
    return "\n".join(line for number, line in enumerate(lines)
                     if str(summary.path) not in line and not (number == 0 and taken in line))


def _fit_height(dialog: QDialog, width: int) -> None:
    """Size a dialog of wrapped labels to show all of them at ``width`` (top-level windows do
    not ask their layout for height-for-width by themselves)."""
    layout = dialog.layout()
    height = max(dialog.sizeHint().height(), layout.totalHeightForWidth(width))
    dialog.resize(width, height)
    dialog.setMinimumHeight(height)


# --- the backups list ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BackupRow:
    path: Path
    taken_at: datetime
    kind: str
    size_bytes: int


def _kind(path: Path) -> str:
    reason = path.name[16:].removesuffix(BACKUP_SUFFIX)
    if reason == "auto":
        return translate("ui.database_dialog", "Daily (automatic)")
    if reason == "manual":
        return translate("ui.database_dialog", "Taken by hand")
    if reason.startswith("pre-upgrade-"):
        return translate("ui.database_dialog", "Before upgrading from {revision}").format(
            revision=reason.removeprefix("pre-upgrade-"))
    return reason or translate("ui.database_dialog", "Backup")


def backup_rows(backup_dir: Path) -> list[BackupRow]:
    """The folder's backups, newest first (file facts only: cheap enough for the GUI thread)."""
    rows = []
    for path in list_backups(backup_dir):
        try:
            size = path.stat().st_size
        except OSError:
            continue
        rows.append(BackupRow(path, backup_time(path), _kind(path), size))
    return rows


class BackupTableModel(QAbstractTableModel):
    TAKEN, KIND, SIZE = range(3)
    HEADERS = (QT_TRANSLATE_NOOP("ui.database_dialog", "Taken"),
               QT_TRANSLATE_NOOP("ui.database_dialog", "Kind"),
               QT_TRANSLATE_NOOP("ui.database_dialog", "Size"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[BackupRow] = []

    def set_rows(self, rows: list[BackupRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return column_header("ui.database_dialog", self.HEADERS, section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TAKEN:
                return _moment(row.taken_at)
            if column == self.KIND:
                return row.kind
            return translate("ui.database_dialog", "{size} MB").format(
                size=format_number(row.size_bytes / 1_048_576, 1))
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(row.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


# --- the backups dialog --------------------------------------------------------------------------


class DatabaseDialog(QDialog):
    """Where the database is, how old the newest backup is, the backups with a preview of each,
    "Back up now" and "Restore from backup…"."""

    def __init__(self, db: Database, db_file: Path, backup_dir: Path,
                 parent: QWidget | None = None, *,
                 on_restored: Callable[[RestoreOutcome], None] | None = None,
                 now: Callable[[], datetime] = datetime.now) -> None:
        super().__init__(parent)
        self.setObjectName("DatabaseDialog")
        self.setWindowTitle(translate("ui.database_dialog", "Database and backups"))
        self.setMinimumSize(760, 460)
        self.db, self.db_file, self.backup_dir = db, Path(db_file), Path(backup_dir)
        self._on_restored = on_restored
        self._now = now
        self.preview: BackupSummary | None = None
        self.restored: RestoreOutcome | None = None

        title = _label(translate("ui.database_dialog", "Database and backups"), "DialogTitle",
                       wrap=False)
        self.location_label = _label(translate("ui.database_dialog", "Database: {file}").format(
            file=self.db_file), "DialogText")
        self.age_label = _label("", "DialogText")
        note = _label(translate("ui.database_dialog",
                                "Kaizen takes a verified backup on start when the newest is over "
                                "a day old, and keeps the recent ones plus one a week and one a "
                                "month."), "DialogNote")

        self.model = BackupTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("BackupTable")
        self.table.setModel(self.model)
        read_only_rows(self.table)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(BackupTableModel.TAKEN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(BackupTableModel.KIND, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(BackupTableModel.SIZE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName(translate("ui.database_dialog", "Backups"))
        self.empty_label = _label(translate("ui.database_dialog",
                                            "No backups yet. \u201cBack up now\u201d takes the "
                                            "first one."), "EmptyText")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        preview_card = QFrame()
        preview_card.setObjectName("Card")
        preview_card.setMinimumWidth(290)
        self.preview_title = _label(translate("ui.database_dialog", "What the backup holds"),
                                    "DialogHeading")
        self.preview_label = _label(translate("ui.database_dialog",
                                              "Pick a backup to see what it holds."), "DialogText")
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.preview_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        card_layout = QVBoxLayout(preview_card)
        card_layout.setContentsMargins(16, 14, 16, 14)
        card_layout.setSpacing(8)
        card_layout.addWidget(self.preview_title)
        card_layout.addWidget(self.preview_label, 1)

        middle = QHBoxLayout()
        middle.setSpacing(14)
        list_column = QVBoxLayout()
        list_column.addWidget(self.table, 1)
        list_column.addWidget(self.empty_label, 1)
        middle.addLayout(list_column, 3)
        middle.addWidget(preview_card, 2)

        self.message_label = _label("", "DialogText")
        self.message_label.setVisible(False)
        self.error_label = ErrorLabel()
        # Two savers (each says its own unexpected error) sharing the dialog's busy state.
        refusals = Refusals(message=self._refused)
        self.backup_saver = FormSaver(self, refusals, what="the backup", unexpected=translate(
            "ui.database_dialog", "The backup could not be taken: {error}"))
        self.restore_saver = FormSaver(self, refusals, what="the restore", unexpected=translate(
            "ui.database_dialog", "The backup could not be restored: {error}"))
        for saver in (self.backup_saver, self.restore_saver):
            saver.busyChanged.connect(self._busy_changed)

        self.backup_button = QPushButton(resources.icon("mdi6.content-save-outline"),
                                         translate("ui.database_dialog", "Back up now"))
        self.backup_button.setAutoDefault(False)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(resources.icon("mdi6.backup-restore", "#ffffff"),
                                          translate("ui.database_dialog",
                                                    "Restore from backup\u2026"))
        self.restore_button.setObjectName("PrimaryButton")
        self.restore_button.setAutoDefault(False)
        self.restore_button.setEnabled(False)
        self.restore_button.setToolTip(translate("ui.database_dialog", "Pick a backup first"))
        self.restore_button.clicked.connect(self.ask_restore)
        self.close_button = QPushButton(translate("ui.database_dialog", "Close"))
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.reject)
        buttons = button_row(self.backup_button, None, self.restore_button, self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(self.location_label)
        layout.addWidget(self.age_label)
        layout.addWidget(note)
        layout.addSpacing(6)
        layout.addLayout(middle, 1)
        layout.addWidget(self.message_label)
        layout.addWidget(self.error_label)
        layout.addSpacing(4)
        layout.addLayout(buttons)

        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.reload()

    # -- list and preview ---------------------------------------------------------------------
    def reload(self) -> None:
        rows = backup_rows(self.backup_dir)
        self.model.set_rows(rows)
        has_rows = bool(rows)
        self.table.setVisible(has_rows)
        self.empty_label.setVisible(not has_rows)
        if rows:
            newest = rows[0].taken_at
            self.age_label.setText(
                translate("ui.database_dialog", "Newest backup: {moment} ({age}), {count} in all.")
                .format(moment=_moment(newest), age=describe_age(newest, self._now()),
                        count=len(rows)))
            self.table.selectRow(0)
        else:
            self.age_label.setText(translate("ui.database_dialog", "No backup yet."))
            self._show_preview(None)

    def selected_row(self) -> BackupRow | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self._show_preview(None)
            return
        path = self.model.rows[current.row()].path
        self.preview = None
        self.restore_button.setEnabled(False)
        self.preview_label.setText(translate("ui.database_dialog", "Reading the backup\u2026"))
        worker.run_in_background(
            lambda: describe_backup(path),
            on_success=self._preview_ready,
            on_failure=lambda error: self.preview_label.setText(_error_text(error)),
            owner=self,
            name="describe backup",
        )

    def _preview_ready(self, summary: BackupSummary) -> None:
        row = self.selected_row()
        if row is None or row.path != summary.path:
            return  # another backup was picked meanwhile
        self._show_preview(summary)

    def _show_preview(self, summary: BackupSummary | None) -> None:
        self.preview = summary
        if summary is None:
            self.preview_title.setText(translate("ui.database_dialog", "What the backup holds"))
            self.preview_label.setText(translate("ui.database_dialog",
                                                 "Pick a backup to see what it holds."))
        else:
            self.preview_title.setText(translate("ui.database_dialog", "Backup of {moment}")
                                       .format(moment=_moment(summary.taken_at)))
            self.preview_label.setText(_preview_lines(summary))
        usable = summary is not None and summary.ok and not self.busy
        self.restore_button.setEnabled(usable)
        self.restore_button.setToolTip(
            "" if usable else translate("ui.database_dialog", "Pick a usable backup first"))

    # -- actions ------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.backup_saver.busy or self.restore_saver.busy

    def _busy_changed(self, _busy: bool) -> None:
        busy = self.busy
        self.backup_button.setEnabled(not busy)
        self.close_button.setEnabled(not busy)
        self.table.setEnabled(not busy)
        self.restore_button.setEnabled(not busy and self.preview is not None and self.preview.ok)
        if not busy:
            self._say("")

    def _say(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.setVisible(bool(message))
        self.error_label.show_message("")

    def _refused(self, text: str, action: Action | None, action_text: str) -> None:
        self.message_label.setVisible(False)
        self.error_label.show_message(text, action=action, action_text=action_text)

    def back_up_now(self) -> worker.Task | None:
        if self.busy:
            return None
        db, folder = self.db, self.backup_dir

        def collect() -> Callable[[], Path]:
            self._say(translate("ui.database_dialog", "Taking a backup\u2026"))
            return lambda: backup_sqlite(db, folder)

        return self.backup_saver.save(collect, self._backed_up, name="back up now")

    def _backed_up(self, path: Path) -> None:
        self.reload()
        self._say(translate("ui.database_dialog", "Backup written and verified: {file}").format(
            file=path.name))

    def confirmation_text(self, summary: BackupSummary) -> str:
        return translate(
            "ui.database_dialog",
            "Restore the backup from {moment}?\n\n{contents}\n\nEverything saved since then is "
            "replaced by the backup. The current database is kept beside it, renamed, not "
            "deleted.").format(moment=_moment(summary.taken_at),
                               contents=_preview_lines(summary))

    def ask_restore(self) -> None:
        summary = self.preview
        if self.busy or summary is None or not summary.ok:
            return
        box = QMessageBox(QMessageBox.Icon.Question,
                          translate("ui.database_dialog", "Restore from backup"),
                          self.confirmation_text(summary), parent=self)
        box.setObjectName("RestoreConfirm")
        box.setTextFormat(Qt.TextFormat.PlainText)
        restore = box.addButton(translate("ui.database_dialog", "Restore"),
                                QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        cancel.setText(translate("ui.database_dialog", "Cancel"))
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.buttonClicked.connect(
            lambda button: self.restore(summary) if button is restore else None
        )
        self.confirm_box = box
        box.open()

    def restore(self, summary: BackupSummary) -> worker.Task | None:
        """Put ``summary``'s backup in place (no question asked; see :meth:`ask_restore`)."""
        if self.busy:
            return None
        db, db_file, folder = self.db, self.db_file, self.backup_dir
        # Shown to anyone whose save is refused meanwhile.
        why = translate("ui.database_dialog", "a backup is being restored")

        def run() -> RestoreOutcome:
            with db.maintenance(why):
                outcome = restore_backup(summary.path, db_file)
            # The backup may be from an older Kaizen: bring its schema up to date (after a
            # backup of its own), or open it read-only when it is from a newer one.
            prepare_database(db, folder)
            return outcome

        def collect() -> Callable[[], RestoreOutcome]:
            # Work already running finishes on the old file before the connections close.
            worker.wait_for_all()
            self._say(translate("ui.database_dialog", "Restoring the backup\u2026"))
            return run

        return self.restore_saver.save(collect, self._restored_ok, name="restore")

    def _restored_ok(self, outcome: RestoreOutcome) -> None:
        self.restored = outcome
        self.reload()
        moment = _moment(outcome.summary.taken_at)
        if outcome.set_aside is not None:
            self._say(translate("ui.database_dialog",
                                "Restored the backup from {moment}. The previous database was "
                                "kept as {file}.").format(moment=moment,
                                                          file=outcome.set_aside.name))
        else:
            self._say(translate("ui.database_dialog", "Restored the backup from {moment}.")
                      .format(moment=moment))
        if self._on_restored is not None:
            self._on_restored(outcome)

    def reject(self) -> None:
        if not self.busy:
            super().reject()


def add_database_entry(window: QMainWindow, db: Database, db_file: Path,
                       backup_dir: Path) -> QAction:
    """"Database and backups…" on the main window: Ctrl+Shift+B and a status-bar button."""
    action = QAction(resources.icon("mdi6.database-cog-outline"),
                     translate("ui.database_dialog", "Backups\u2026"), window)
    action.setObjectName("DatabaseAction")
    action.setShortcut(QKeySequence("Ctrl+Shift+B"))
    action.setToolTip(translate("ui.database_dialog", "Database and backups: back up now, "
                                "restore from a backup (Ctrl+Shift+B)"))

    def restored(_outcome: RestoreOutcome) -> None:
        refresh = getattr(window, "refresh", None)
        if callable(refresh):
            refresh()
        window.statusBar().showMessage(translate("ui.database_dialog", "The backup was restored."),
                                       10_000)

    def open_dialog() -> None:
        dialog = DatabaseDialog(db, db_file, backup_dir, window, on_restored=restored)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        window.database_dialog = dialog  # type: ignore[attr-defined]  # for tests
        dialog.open()

    action.triggered.connect(open_dialog)
    window.addAction(action)
    button = QToolButton()
    button.setObjectName("DatabaseButton")
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setIconSize(QSize(16, 16))
    button.setAutoRaise(True)
    window.statusBar().addPermanentWidget(button)
    return action


# --- a damaged database on start -----------------------------------------------------------------


class Choice(enum.Enum):
    RESTORED = "restored"
    START_EMPTY = "start_empty"
    QUIT = "quit"


RESTORE_OFFER = QT_TRANSLATE_NOOP("ui.database_dialog", "Restore this backup")


class DamagedDatabaseDialog(QDialog):
    """Shown on start when the database was damaged and set aside: restore the newest good
    backup (named with its date), start with an empty database, or quit."""

    def __init__(self, offer: RecoveryOffer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DamagedDatabaseDialog")
        self.setWindowTitle(translate("ui.database_dialog", "The database is damaged"))
        self.setModal(True)
        self.offer = offer
        self.choice = Choice.QUIT
        self.outcome: RestoreOutcome | None = None

        icon = QLabel()
        icon.setPixmap(resources.icon("mdi6.database-alert-outline", resources.WARNING)
                       .pixmap(QSize(32, 32)))
        title = _label(translate("ui.database_dialog", "The database is damaged"), "DialogTitle",
                       wrap=False)
        heading = QHBoxLayout()
        heading.setSpacing(12)
        heading.addWidget(icon)
        heading.addWidget(title, 1)

        problem = (offer.problems[0] if offer.problems
                   else translate("ui.database_dialog", "unknown problem"))
        what = _label(translate("ui.database_dialog",
                                "SQLite found a problem in {file}, so Kaizen did not open it: "
                                "{problem}").format(file=offer.original.name, problem=problem),
                      "DialogText")
        kept = _label(translate("ui.database_dialog",
                                "The damaged file was kept, renamed to {file}, in {folder}. "
                                "Nothing was deleted.").format(file=offer.set_aside.name,
                                                               folder=offer.set_aside.parent),
                      "DialogText")

        self.restore_button = QPushButton()
        self.restore_button.setObjectName("PrimaryButton")
        self.empty_button = QPushButton(translate("ui.database_dialog",
                                                  "Start with an empty database"))
        self.empty_button.setAutoDefault(False)
        self.quit_button = QPushButton(translate("ui.database_dialog", "Quit"))
        self.quit_button.setAutoDefault(False)
        self.backup_label: QLabel | None = None
        card: QFrame | None = None
        if offer.backup is not None:
            card = QFrame()
            card.setObjectName("Card")
            self.backup_heading = _label(translate("ui.database_dialog",
                                                   "Newest good backup: {moment}").format(
                moment=offer.backup_date), "DialogHeading", wrap=False)
            self.backup_label = _label(_preview_lines(offer.backup), "DialogText")
            card_layout = QVBoxLayout(card)
            card_layout.setContentsMargins(16, 12, 16, 12)
            card_layout.setSpacing(6)
            card_layout.addWidget(self.backup_heading)
            card_layout.addWidget(self.backup_label)
            self.restore_button.setText(translate("ui.database_dialog", RESTORE_OFFER))
            self.restore_button.setToolTip(translate("ui.database_dialog",
                                                     "Restore the backup from {moment}").format(
                moment=offer.backup_date))
            self.restore_button.setDefault(True)
            self.restore_button.clicked.connect(self.restore)
        else:
            self.restore_button.setVisible(False)
            self.empty_button.setDefault(True)
        self.no_backup_label = _label(translate(
            "ui.database_dialog",
            "No good backup was found. Kaizen can start with an empty database; the damaged "
            "file stays where it is, for anyone who can rescue rows from it."), "DialogText")
        self.no_backup_label.setVisible(offer.backup is None)
        self.empty_button.clicked.connect(self._start_empty)
        self.quit_button.clicked.connect(self.reject)

        self.error_label = ErrorLabel()
        self.saver = FormSaver(
            self, Refusals(message=lambda text, action, action_text: self.error_label.show_message(
                text, action=action, action_text=action_text)),
            what="the restore after damage", unexpected=translate(
                "ui.database_dialog", "The backup could not be restored: {error}"))
        self.saver.busyChanged.connect(self._set_busy)
        buttons = button_row(self.quit_button, None, self.empty_button, self.restore_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addWidget(what)
        layout.addWidget(kept)
        if card is not None:
            layout.addWidget(card)
        layout.addWidget(self.no_backup_label)
        layout.addWidget(self.error_label)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        _fit_height(self, 600)

    def restore(self) -> worker.Task | None:
        if self.saver.busy or self.offer.backup is None:
            return None
        offer = self.offer
        return self.saver.save(lambda: lambda: accept_offer(offer), self._restored,
                               name="restore after damage")

    def _set_busy(self, busy: bool) -> None:
        for button in (self.restore_button, self.empty_button, self.quit_button):
            button.setEnabled(not busy)
        if busy:
            self.restore_button.setText(translate("ui.database_dialog", "Restoring\u2026"))
        elif self.offer.backup is not None:
            self.restore_button.setText(translate("ui.database_dialog", RESTORE_OFFER))

    def _restored(self, outcome: RestoreOutcome) -> None:
        self.outcome = outcome
        self.choice = Choice.RESTORED
        self.accept()

    def _start_empty(self) -> None:
        self.choice = Choice.START_EMPTY
        self.accept()

    def reject(self) -> None:
        if not self.saver.busy:
            self.choice = Choice.QUIT
            super().reject()
