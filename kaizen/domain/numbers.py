"""How Kaizen writes numbers for people: thousand separators, a real minus sign, halves rounded
up, and as many decimals as a measured value's size needs. Shared by the charts, the reports and
the widgets (pure Python, so a widget can use it without importing matplotlib).

:func:`format_money` is the one way money is written, on screen and in the reports: 2,350.5 EUR
is "2,351 EUR" on the dashboard and in the PDF alike.

They follow the language of the work (:mod:`kaizen.i18n`): "2.351 EUR" in German, with Babel
(CLDR) writing the separators; English, the source language, is written without it."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from kaizen.i18n import SOURCE_LANGUAGE, current_language, locale_name


def format_number(value: float, decimals: int = 0) -> str:
    """Thousand separators, halves rounded up (1,350.5 -> 1,351, as an accountant would, where
    Python's own formatting rounds half to even) and a real minus sign: 12,345 / −1,234.5."""
    rounded = Decimal(repr(abs(float(value)))).quantize(Decimal(1).scaleb(-decimals),
                                                        rounding=ROUND_HALF_UP)
    if current_language() == SOURCE_LANGUAGE:
        text = f"{rounded:,.{decimals}f}"
    else:
        from babel.numbers import format_decimal  # only a translated app pays for Babel

        pattern = "#,##0." + "0" * decimals if decimals > 0 else "#,##0"
        text = format_decimal(rounded, format=pattern, locale=locale_name(),
                              decimal_quantization=False)
    return f"\u2212{text}" if value < 0 and rounded != 0 else text


def format_money(value: float, currency: str = "", decimals: int = 0) -> str:
    """An amount of money and its currency: "2,351 EUR" (``decimals`` for rates and exact
    entries: "38.50 EUR"); without a currency, the number alone."""
    text = format_number(value, decimals)
    return f"{text} {currency}" if currency else text


def format_measure(value: float) -> str:
    """A measured value with as many decimals as its size needs (1,234 / 12.3 / 0.123)."""
    size = abs(value)
    if size >= 100 or size == 0:
        decimals = 0 if size >= 1000 or float(value).is_integer() else 1
    elif size >= 1:
        decimals = 1 if size >= 10 else 2
    else:
        decimals = min(4, 1 - math.floor(math.log10(size)))  # two significant digits
    return format_number(value, decimals)
