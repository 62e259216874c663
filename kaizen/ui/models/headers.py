"""The horizontal header of a table model whose column titles are marked constants.

Every table model answered ``headerData`` the same way (the title translated in the model's
context, number columns right-aligned, nothing for rows); :func:`column_header` is that answer,
so a model only names its titles, its context and its number columns.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from PySide6.QtCore import Qt

from kaizen.i18n import translate

# Numbers line up on their last digit, the header over them too.
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def column_header(context: str, titles: Sequence[str], section: int,
                  orientation: Qt.Orientation, role: int,
                  right: Collection[int] = ()) -> Any:
    """``headerData`` for ``titles`` (marked with QT_TRANSLATE_NOOP in ``context``, translated
    here, when shown); the columns in ``right`` are right-aligned."""
    if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(titles):
        return None
    if role == Qt.ItemDataRole.DisplayRole:
        return translate(context, titles[section])
    if role == Qt.ItemDataRole.TextAlignmentRole and section in right:
        return RIGHT
    return None
