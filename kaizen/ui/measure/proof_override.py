"""The question the savings ledger asks when savings have no statistical proof yet (issue 17):
the validator writes why they should be validated anyway (the service audits it), or cancels."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QWidget

from kaizen.i18n import translate


def ask_override(parent: QWidget, message: str, on_reason: Callable[[str], None]) -> QInputDialog:
    """Open (not exec) the reason dialog; ``on_reason`` gets the non-empty reason on accept."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(translate("ui.measure.proof_override", "No statistical proof yet"))
    dialog.setLabelText(message)
    dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput, True)
    dialog.setOkButtonText(translate("ui.measure.proof_override", "Validate with this reason"))

    def accepted() -> None:
        reason = dialog.textValue().strip()
        if reason:
            on_reason(reason)

    dialog.accepted.connect(accepted)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
