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


def _signs() -> tuple[str, str]:
    """The decimal sign and the thousands sign :func:`format_number` writes now ("." and ","
    in English; "," and "." in German and Spanish)."""
    return format_number(0.5, 1)[1], format_number(12345)[2]


def _grouped(whole: str, sign: str) -> bool:
    """Whether ``whole`` (digits and ``sign``) is written in thousands: 1,234,567."""
    parts = whole.lstrip("-").split(sign)
    return (1 <= len(parts[0]) <= 3 and parts[0].isdigit()
            and all(len(p) == 3 and p.isdigit() for p in parts[1:]))


def parse_number(text: str) -> Decimal | None:
    """The number typed in ``text``, read the way :func:`format_number` writes it in the
    language of the work, so what a form shows reads back to the same value: "1,234.5" in
    English, "1.234,5" in German. None when blank; ValueError when it is not a number.

    A person used to the other convention is understood where it is not ambiguous: without the
    language's decimal sign, the other sign is a thousands sign only where it groups by three
    ("1.250" is 1250 in German), else a decimal sign ("2.5" is 2.5 in German, "2,5" in English).
    """
    cleaned = "".join(text.split()).replace("\u2212", "-")  # spaces, no-break spaces, "−"
    if not cleaned:
        return None
    decimal_sign, group_sign = _signs()
    if decimal_sign in cleaned:
        whole, _, fraction = cleaned.rpartition(decimal_sign)
        if group_sign in whole and not _grouped(whole, group_sign):
            raise ValueError(text)
        cleaned = whole.replace(group_sign, "") + "." + fraction
    elif group_sign in cleaned:
        if _grouped(cleaned, group_sign):
            cleaned = cleaned.replace(group_sign, "")
        elif cleaned.count(group_sign) == 1:
            cleaned = cleaned.replace(group_sign, ".")
        else:
            raise ValueError(text)
    if not all(c.isdigit() or c in "-." for c in cleaned) or not any(c.isdigit() for c in cleaned):
        raise ValueError(text)
    try:
        value = Decimal(cleaned)
    except ArithmeticError:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value
