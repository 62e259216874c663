"""Pick the idea a scenario forecasts for. The view then writes the forecast (the scenario's
lead time saved, as hours and money a year) into the idea's expected savings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from kaizen.i18n import translate


class AttachDialog(QDialog):
    def __init__(self, ideas: list[tuple[int, str]], scenario_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("ui.simulation.attach_dialog", "Attach to idea as forecast"))
        layout = QVBoxLayout(self)
        text = QLabel(translate(
            "ui.simulation.attach_dialog",
            "The lead time \"{scenario}\" saves becomes hours a year and, at the area's hourly "
            "rate, the idea's expected savings.").format(scenario=scenario_name))
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.ideas = QComboBox()
        for idea_id, title in ideas:
            self.ideas.addItem(f"#{idea_id} {title}", idea_id)
        layout.addWidget(self.ideas)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(translate(
            "ui.simulation.attach_dialog", "Attach"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(ideas))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def suggestion_id(self) -> int | None:
        return self.ideas.currentData()
