"""How Kaizen writes numbers for people: thousand separators, a real minus sign, and as many
decimals as a measured value's size needs. Shared by the charts, the reports and the widgets
(pure Python, so a widget can use it without importing matplotlib)."""

from __future__ import annotations

import math


def format_number(value: float, decimals: int = 0) -> str:
    """Thousand separators and a real minus sign: 12,345 / −1,234.5."""
    text = f"{abs(value):,.{decimals}f}"
    return f"\u2212{text}" if value < 0 and float(text.replace(",", "")) != 0 else text


def format_money(value: float, currency: str, decimals: int = 0) -> str:
    return f"{format_number(value, decimals)} {currency}"


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
