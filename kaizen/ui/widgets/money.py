"""The one editor of an amount of money (issue 15): savings, costs, a cost each time.

:class:`MoneyEdit` is a line edit with the site's currency written inside it, at the right end,
where a spin box shows its suffix. Amounts are written and read the way
:mod:`kaizen.domain.numbers` writes them in the language of the work ("1,250.50" / "1.250,50"),
so what the form shows reads back to the same value. Anything may be typed: a text that is not
a number is refused on save, under the field, in words that name it (:meth:`MoneyEdit.read`),
and a minus goes on to the service, which says what the field's range is.

Empty is allowed everywhere: an optional amount reads as None, a required one as 0 (its
placeholder says "0"). Services take floats, so :meth:`MoneyEdit.value` gives a float
(:meth:`MoneyEdit.read`: the same, or the refusal naming the field); :meth:`MoneyEdit.amount`
gives the exact Decimal.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from kaizen.domain.errors import ValidationError
from kaizen.domain.numbers import format_number, parse_number
from kaizen.i18n import translate

_CURRENCY_STYLE = "color: #667085; background: transparent;"
_PADDING = 8  # between the typed digits and the currency, and from the right edge
MAX_DECIMALS = 6  # a unit price may need them (0.0125 EUR a part); an amount shows cents


class MoneyEdit(QLineEdit):
    """An amount in the site's currency (``set_currency``); ``optional`` reads empty as None."""

    def __init__(self, *, optional: bool = False, placeholder: str = "0",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MoneyEdit")
        self.optional = optional
        self.setPlaceholderText(placeholder)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.currency_label = QLabel(self)
        self.currency_label.setObjectName("MoneyCurrency")
        self.currency_label.setTextFormat(Qt.TextFormat.PlainText)
        self.currency_label.setStyleSheet(_CURRENCY_STYLE)
        self.currency_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.currency_label.hide()
        self._currency = ""

    # -- the currency -------------------------------------------------------------------------
    def currency(self) -> str:
        return self._currency

    def set_currency(self, currency: str) -> None:
        """Show ``currency`` (a code such as "EUR") inside the field; "" shows none."""
        self._currency = currency
        self.currency_label.setText(currency)
        self.currency_label.setVisible(bool(currency))
        self.currency_label.adjustSize()
        room = self.currency_label.sizeHint().width() + 2 * _PADDING if currency else 0
        self.setTextMargins(0, 0, room, 0)
        self._place_currency()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._place_currency()

    def _place_currency(self) -> None:
        hint = self.currency_label.sizeHint()
        self.currency_label.setGeometry(self.width() - hint.width() - _PADDING,
                                        (self.height() - hint.height()) // 2,
                                        hint.width(), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        size = super().minimumSizeHint()
        size.setWidth(size.width() + self.textMargins().right())
        return size

    # -- the amount ---------------------------------------------------------------------------
    def amount(self) -> Decimal | None:
        """The typed amount; None when empty and optional, 0 when empty and required.
        ValueError when the text is not a number."""
        value = parse_number(self.text())
        if value is None and not self.optional:
            return Decimal(0)
        return value

    def value(self) -> float | None:
        """The amount as the services take it: a float (None when empty and optional).
        ValueError when the text is not a number."""
        amount = self.amount()
        return None if amount is None else float(amount)

    def read(self, field: str, label: str) -> float | None:
        """The amount as the services take it (a float; None for an empty optional field), or a
        ValidationError on ``field`` naming it (``label`` as shown: the caller translates it)."""
        try:
            return self.value()
        except ValueError:
            raise ValidationError(
                translate("ui.widgets.money", "{label} must be a number, like 12 or 2.5.")
                .format(label=label), field) from None

    def set_value(self, value: float | Decimal | None) -> None:
        """Show ``value`` as the language writes it: cents only when it has them, and the
        digits a smaller unit price has (0.0125) up to :data:`MAX_DECIMALS`."""
        if value is None:
            self.clear()
            return
        exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
        digits = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        decimals = 0 if digits == 0 else min(max(digits, 2), MAX_DECIMALS)
        self.setText(format_number(float(value), decimals))
