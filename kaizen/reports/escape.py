"""Escaping of user text for the exports: spreadsheet formulas, HTML and matplotlib's mathtext.

Every piece of text a person typed (idea titles, names, area names, notes, metric names and
units, the site name) goes through one of these before it reaches a file:

- :func:`cell_text` for spreadsheet cells (XLSX and CSV). A cell whose text starts with ``=``,
  ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula by Excel, LibreOffice and
  Google Sheets (CSV injection, OWASP "CSV Injection"); OWASP's advice is to prefix such a cell
  with a single quote so it is shown as text. Numbers are never passed through here: they are
  written as numbers, so a negative amount stays a number.
- :func:`html_text` for anything shown as rich text (HTML entities for ``& < > " '``).
- :func:`plain_text` for text drawn on a PDF page: control characters that would break a line
  are replaced by spaces. The painters read no markup (reportlab's ``drawString`` draws the
  characters; the preview's matplotlib Texts are made with ``parse_math=False``, so ``$...$``
  is not mathematics), so nothing else needs escaping.
"""

from __future__ import annotations

import html
import re

# The characters that make a spreadsheet cell a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS)


def cell_text(value: object) -> str:
    """User text as a safe spreadsheet cell: a leading formula character gets a quote before it.

    Other control characters (except the line breaks a cell may hold) are dropped, as XLSX
    cannot store them.
    """
    text = "" if value is None else str(value)
    if is_formula_like(text):
        text = QUOTE + text
    return _CONTROL.sub("", text.replace("\t", " ").replace("\r", " "))


def html_text(value: object) -> str:
    """User text for a rich-text (HTML) context: ``<b>`` shows as ``&lt;b&gt;``, never bold."""
    return html.escape("" if value is None else str(value), quote=True)


def plain_text(value: object) -> str:
    """User text for a PDF page: control characters become spaces; dollars stay dollars."""
    text = "" if value is None else str(value)
    return _CONTROL.sub(" ", text.replace("\t", " ").replace("\r", " "))
