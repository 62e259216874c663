"""Text and fonts for the PDF report: the width of a string in DejaVu Sans (read with
matplotlib's FreeType binding, the font both painters use), fitting with an ellipsis, wrapping
to a width, and the same font and colours registered with reportlab. Split from
:mod:`kaizen.reports.pdf` to keep each file small."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any


def _font_path(bold: bool) -> Path:
    """DejaVu Sans as matplotlib ships it: the charts' font, on every machine."""
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return Path(matplotlib.get_data_path(), "fonts", "ttf", name)


@lru_cache(maxsize=4)
def _font(bold: bool) -> Any:
    from matplotlib.ft2font import FT2Font

    font = FT2Font(str(_font_path(bold)))
    font.set_size(100, 72)
    return font


@lru_cache(maxsize=8192)
def _advance(char: str, bold: bool) -> float:
    """Advance width of one character at 100 pt, in points (unhinted)."""
    from matplotlib.ft2font import LoadFlags

    font = _font(bold)
    glyph = font.load_char(ord(char), flags=LoadFlags.NO_HINTING)
    return glyph.linearHoriAdvance / 65536.0


@lru_cache(maxsize=4)
def _line_metrics(bold: bool) -> tuple[float, float, float]:
    """(ascent, descent, line gap) in em, from the OS/2 table as matplotlib's Text reads them."""
    font = _font(bold)
    os2 = font.get_sfnt_table("OS/2")
    em = font.get_sfnt_table("head")["unitsPerEm"]
    if os2 is not None:
        return (os2["sTypoAscender"] / em, -os2["sTypoDescender"] / em,
                os2["sTypoLineGap"] / em)
    hhea = font.get_sfnt_table("hhea")
    return hhea["ascent"] / em, -hhea["descent"] / em, hhea["lineGap"] / em


def line_pitch(size: float, bold: bool = False) -> float:
    """Inches from one baseline to the next in a multi-line Text of ``size`` points."""
    ascent, descent, gap = _line_metrics(bold)
    return (ascent + descent + gap) * size / 72.0


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of one line of text in inches: the sum of the characters' advances (kerning only
    ever narrows DejaVu's pairs, so this errs on the safe side)."""
    return sum(_advance(char, bold) for char in text) * size / 100.0 / 72.0


def fit(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` on one line, cut with an ellipsis to ``width`` inches."""
    text = " ".join(text.split())
    if text_width(text, size, bold) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if text_width(text[:middle].rstrip() + "\u2026", size, bold) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "\u2026"


def wrap(text: str, width: float, size: float, bold: bool = False,
         max_lines: int = 3) -> list[str]:
    """``text`` broken into lines of at most ``width`` inches (the last one cut if need be)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if current and text_width(trial, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[:max_lines - 1], " ".join(lines[max_lines - 1:])]
    return [fit(line, width, size, bold) for line in lines]


def shrunk(text: str, width: float, size: float, smallest: float,
           bold: bool = True) -> float:
    """The largest size from ``size`` down to ``smallest``, in half points, at which ``text``
    fits ``width`` (a plant's millions in a card)."""
    while size > smallest and text_width(text, size, bold) > width:
        size -= 0.5
    return size


FONT_NAMES = {False: "KaizenSans", True: "KaizenSans-Bold"}


@lru_cache(maxsize=1)
def reportlab_fonts() -> dict[bool, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for bold, name in FONT_NAMES.items():
        pdfmetrics.registerFont(TTFont(name, str(_font_path(bold))))
    return FONT_NAMES


@lru_cache(maxsize=64)
def rl_colour(colour: str) -> Any:
    from reportlab.lib.colors import HexColor

    return HexColor(colour)
