"""The History tab of the detail dialogs: the record's audit trail as a table.

It reuses the PDCA panel's ``AuditTableModel`` (when, who, what, changes; newest first) and only
words the "what" for ideas and observations the way people say it ("Idea: sent back",
"Observation: linked to idea #12").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui.board.models import U_CHANGES, U_WHAT, U_WHEN, U_WHO, AuditTableModel

if TYPE_CHECKING:
    from kaizen.services.board import AuditEntry

_KINDS = {"suggestion": QT_TRANSLATE_NOOP("ui.detail.history", "Idea"),
          "waste_observation": QT_TRANSLATE_NOOP("ui.detail.history", "Observation"),
          "comment": QT_TRANSLATE_NOOP("ui.detail.history", "Comment"),
          "attachment": QT_TRANSLATE_NOOP("ui.detail.history", "Photo")}
_ACTIONS = {
    "create": QT_TRANSLATE_NOOP("ui.detail.history", "created"),
    "update": QT_TRANSLATE_NOOP("ui.detail.history", "edited"),
    "start_review": QT_TRANSLATE_NOOP("ui.detail.history", "review started"),
    "accept": QT_TRANSLATE_NOOP("ui.detail.history", "accepted"),
    "reject": QT_TRANSLATE_NOOP("ui.detail.history", "rejected"),
    "send_back": QT_TRANSLATE_NOOP("ui.detail.history", "sent back"),
    "assign": QT_TRANSLATE_NOOP("ui.detail.history", "owner or due date set"),
    "link": QT_TRANSLATE_NOOP("ui.detail.history", "linked"),
    "unlink": QT_TRANSLATE_NOOP("ui.detail.history", "unlinked"),
    "delete": QT_TRANSLATE_NOOP("ui.detail.history", "removed"),
}


class HistoryModel(AuditTableModel):
    """The audit trail with the idea and observation actions in words."""

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (index.isValid() and index.column() == U_WHAT
                and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)):
            entry: AuditEntry = self._rows[index.row()]
            kind = entry.entity.replace("_", " ").capitalize()
            if entry.entity in _KINDS:
                kind = translate("ui.detail.history", _KINDS[entry.entity])
            action = entry.action.replace("_", " ")
            if entry.action in _ACTIONS:
                action = translate("ui.detail.history", _ACTIONS[entry.action])
            if entry.action == "link":
                target = next((after for name, _before, after in entry.changes
                               if name == "suggestion_id"), None)
                if target is not None:
                    action = translate("ui.detail.history", "linked to idea #{number}").format(
                        number=target)
            return translate("ui.detail.history", "{kind}: {action}").format(kind=kind,
                                                                             action=action)
        return super().data(index, role)


def history_tab(model: HistoryModel) -> tuple[QWidget, QTableView]:
    body = QWidget()
    column = QVBoxLayout(body)
    column.setContentsMargins(16, 14, 16, 14)
    table = QTableView()
    table.setObjectName("HistoryTable")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(32)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)  # one line per event; the tooltip has every change
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    for section in (U_WHEN, U_WHO, U_WHAT):
        header.setSectionResizeMode(section, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(U_CHANGES, QHeaderView.ResizeMode.Stretch)
    column.addWidget(table)
    return body, table
