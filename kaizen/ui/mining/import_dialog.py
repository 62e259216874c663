"""The CSV column-mapping step: which column holds the case, activity, timestamp, resource and
lifecycle, guessed from the header (:func:`kaizen.mining.csv_reader.guess_columns`), with the
first rows previewed so the user can see the guess is right before the file is read."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kaizen.i18n import translate
from kaizen.mining.csv_reader import REQUIRED, ROLES, CsvPreview


def role_label(role: str) -> str:
    """A column role (kaizen.mining.csv_reader.ROLES) as the form's label."""
    return {"case": translate("ui.mining.import_dialog", "Case"),
            "activity": translate("ui.mining.import_dialog", "Activity"),
            "timestamp": translate("ui.mining.import_dialog", "Timestamp"),
            "resource": translate("ui.mining.import_dialog", "Resource"),
            "lifecycle": translate("ui.mining.import_dialog", "Lifecycle")}[role]


def role_word(role: str) -> str:
    """The role in lower case, for the sentences and the preview's headers."""
    return {"case": translate("ui.mining.import_dialog", "case"),
            "activity": translate("ui.mining.import_dialog", "activity"),
            "timestamp": translate("ui.mining.import_dialog", "timestamp"),
            "resource": translate("ui.mining.import_dialog", "resource"),
            "lifecycle": translate("ui.mining.import_dialog", "lifecycle")}[role]


class ColumnMappingDialog(QDialog):
    """Pick the columns and the log's name; ``columns()`` and ``name()`` read the choice."""

    def __init__(self, file_name: str, found: CsvPreview, default_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ColumnMappingDialog")
        self.setWindowTitle(translate("ui.mining.import_dialog", "Import event log: columns"))
        self.resize(1000, 640)
        self.preview = found
        column = QVBoxLayout(self)
        intro = QLabel(translate(
            "ui.mining.import_dialog",
            "{file}: check which column holds each part of an event. Case, activity and "
            "timestamp are needed; timestamps with an offset (+01:00) are read as instants.")
            .format(file=file_name))
        intro.setWordWrap(True)
        column.addWidget(intro)

        form = QFormLayout()
        self.name_edit = QLineEdit(default_name)
        self.name_edit.setObjectName("LogName")
        self.name_edit.textChanged.connect(self._check)
        form.addRow(translate("ui.mining.import_dialog", "Name of the log"), self.name_edit)
        self.combos: dict[str, QComboBox] = {}
        for role in ROLES:
            combo = QComboBox()
            combo.setObjectName(f"Column_{role}")
            if role not in REQUIRED:
                combo.addItem(translate("ui.mining.import_dialog", "(none)"), None)
            for header in found.header:
                combo.addItem(header or translate(
                    "ui.mining.import_dialog", "(unnamed column)"), header)
            guess = found.guess.get(role)
            if guess is not None:
                combo.setCurrentIndex(combo.findData(guess))
            elif role in REQUIRED:
                combo.setCurrentIndex(-1)
            combo.currentIndexChanged.connect(self._check)
            self.combos[role] = combo
            form.addRow(role_label(role) + (" *" if role in REQUIRED else ""), combo)
        column.addLayout(form)

        column.addWidget(QLabel(translate(
            "ui.mining.import_dialog", "The first {count} rows:").format(count=len(found.rows))))
        self.table = QTableWidget(len(found.rows), len(found.header))
        self.table.setObjectName("PreviewTable")
        self.table.setHorizontalHeaderLabels(list(found.header))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        for r, row in enumerate(found.rows):
            for c, value in enumerate(row[:len(found.header)]):
                self.table.setItem(r, c, QTableWidgetItem(value))
        column.addWidget(self.table, 1)

        self.error_label = QLabel()
        self.error_label.setObjectName("FieldError")
        self.error_label.setStyleSheet("color: #b42318;")
        self.error_label.setWordWrap(True)
        column.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(translate(
            "ui.mining.import_dialog", "Import"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)
        self._check()

    def columns(self) -> dict[str, str | None]:
        return {role: combo.currentData() for role, combo in self.combos.items()}

    def name(self) -> str:
        return self.name_edit.text().strip()

    def problem(self) -> str:
        """What is wrong with the choice, in words ('' when it can be imported)."""
        chosen = self.columns()
        for role in REQUIRED:
            if chosen[role] is None:
                return translate("ui.mining.import_dialog", "Pick the {role} column.").format(
                    role=role_word(role))
        used = [value for value in chosen.values() if value is not None]
        if len(used) != len(set(used)):
            return translate("ui.mining.import_dialog", "One column cannot have two roles.")
        if not self.name():
            return translate("ui.mining.import_dialog", "Give the log a name.")
        return ""

    def _check(self, *_args: object) -> None:
        problem = self.problem()
        self.error_label.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)
        highlight_role_columns(self)

    def accept(self) -> None:
        if not self.problem():
            super().accept()


def highlight_role_columns(dialog: ColumnMappingDialog) -> None:
    """Name each column's role in its header and bold it (a glance shows the mapping)."""
    roles = {header: role for role, header in dialog.columns().items() if header is not None}
    for c, header in enumerate(dialog.preview.header):
        role = roles.get(header)
        text = header or translate("ui.mining.import_dialog", "(unnamed)")
        item = QTableWidgetItem(f"{text}\n\u2192 {role_word(role)}" if role else text)
        font = item.font()
        font.setBold(role is not None)
        item.setFont(font)
        dialog.table.setHorizontalHeaderItem(c, item)
    header_view = dialog.table.horizontalHeader()
    header_view.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    # The mapped columns come first, in role order, so a wide file shows them without scrolling.
    position = 0
    for role in ROLES:
        chosen = dialog.columns()[role]
        if chosen is not None and chosen in dialog.preview.header:
            logical = dialog.preview.header.index(chosen)
            header_view.moveSection(header_view.visualIndex(logical), position)
            position += 1
