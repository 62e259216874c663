"""The one editor of a typed number (issue 15: spin boxes and text fields both edited them):
minutes lost, times a week, and, through :class:`~kaizen.ui.widgets.money.MoneyEdit`, money.

:class:`NumberEdit` is a line edit with its unit written inside it, at the right end, where a
spin box shows its suffix. Numbers are written and read the way :mod:`kaizen.domain.numbers`
writes them in the language of the work ("1,250.5" / "1.250,5"), so what the form shows reads
back to the same value. Anything may be typed: a text that is not a number is refused on save,
under the field, in words that name it (:meth:`NumberEdit.read`), and a number out of range goes
on to the service, which says what the field's range is.

Empty is allowed everywhere: an optional number reads as None (the service says when it is
required), a required one as 0 (its placeholder says "0"). Services take floats:
:meth:`NumberEdit.value` gives one (:meth:`NumberEdit.read`: the same, or the refusal naming the
field); :meth:`NumberEdit.amount` gives the exact Decimal.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from kaizen.domain.errors import ValidationError
from kaizen.domain.numbers import format_number, parse_number
from kaizen.i18n import translate

_UNIT_STYLE = "color: #667085; background: transparent;"
_PADDING = 8  # between the typed digits and the unit, and from the right edge
MAX_DECIMALS = 6  # a unit price may need them (0.0125 EUR a part)


class NumberEdit(QLineEdit):
    """A number with its unit inside (``set_unit``); ``optional`` reads empty as None."""

    # Decimals shown once a value has a fraction: 2.5 min shows "2.5"; money shows cents.
    min_decimals = 0

    def __init__(self, *, optional: bool = False, placeholder: str = "0",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NumberEdit")
        self.optional = optional
        self.setPlaceholderText(placeholder)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.unit_label = QLabel(self)
        self.unit_label.setObjectName("NumberUnit")
        self.unit_label.setTextFormat(Qt.TextFormat.PlainText)
        self.unit_label.setStyleSheet(_UNIT_STYLE)
        self.unit_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.unit_label.hide()

    # -- the unit -----------------------------------------------------------------------------
    def unit(self) -> str:
        return self.unit_label.text()

    def set_unit(self, unit: str) -> None:
        """Show ``unit`` ("min", "EUR") inside the field, after the digits; "" shows none."""
        self.unit_label.setText(unit)
        self.unit_label.setVisible(bool(unit))
        self.unit_label.adjustSize()
        room = self.unit_label.sizeHint().width() + 2 * _PADDING if unit else 0
        self.setTextMargins(0, 0, room, 0)
        self._place_unit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._place_unit()

    def _place_unit(self) -> None:
        hint = self.unit_label.sizeHint()
        self.unit_label.setGeometry(self.width() - hint.width() - _PADDING,
                                    (self.height() - hint.height()) // 2,
                                    hint.width(), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        size = super().minimumSizeHint()
        size.setWidth(size.width() + self.textMargins().right())
        return size

    # -- the number ---------------------------------------------------------------------------
    def amount(self) -> Decimal | None:
        """The typed number; None when empty and optional, 0 when empty and required.
        ValueError when the text is not a number."""
        value = parse_number(self.text())
        if value is None and not self.optional:
            return Decimal(0)
        return value

    def value(self) -> float | None:
        """The number as the services take it: a float (None when empty and optional).
        ValueError when the text is not a number."""
        amount = self.amount()
        return None if amount is None else float(amount)

    def read(self, field: str, label: str) -> float | None:
        """:meth:`value`, or a ValidationError on ``field`` naming it (``label`` as shown: the
        caller translates it)."""
        try:
            return self.value()
        except ValueError:
            raise ValidationError(
                translate("ui.widgets.numbers", "{label} must be a number, like 12 or 2.5.")
                .format(label=label), field) from None

    def set_value(self, value: float | Decimal | None) -> None:
        """Show ``value`` as the language writes it, with the digits its fraction has (at least
        :attr:`min_decimals` once it has one, at most :data:`MAX_DECIMALS`)."""
        if value is None:
            self.clear()
            return
        exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
        digits = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        decimals = 0 if digits == 0 else min(max(digits, self.min_decimals), MAX_DECIMALS)
        self.setText(format_number(float(value), decimals))
