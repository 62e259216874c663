"""The one editor of an amount of money (issue 15): savings, costs, a cost each time, a unit
price, a savings entry.

:class:`MoneyEdit` is a :class:`~kaizen.ui.widgets.numbers.NumberEdit` whose unit is the site's
currency, and which shows cents once an amount has any ("2.50", not "2.5"). It reads and writes
through :mod:`kaizen.domain.numbers`, refuses text that is not a number under the field, and
leaves the range to the service.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kaizen.ui.widgets.numbers import NumberEdit


class MoneyEdit(NumberEdit):
    """An amount in the site's currency (``set_currency``); ``optional`` reads empty as None."""

    min_decimals = 2

    def __init__(self, *, optional: bool = False, placeholder: str = "0",
                 parent: QWidget | None = None) -> None:
        super().__init__(optional=optional, placeholder=placeholder, parent=parent)
        self.setObjectName("MoneyEdit")
        self.currency_label = self.unit_label

    def currency(self) -> str:
        return self.unit()

    def set_currency(self, currency: str) -> None:
        """Show ``currency`` (a code such as "EUR") inside the field; "" shows none."""
        self.set_unit(currency)
