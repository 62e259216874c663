"""The look of the app: style sheet, fonts, palette, app icon and the Material Design icons.

Files come from ``kaizen.config.RESOURCES_DIR``; nothing else in the UI computes a resource path.
Colours used from code (icons) live here next to the style sheet that uses the same values.

Icons ("mdi6.lightbulb-on-outline") are the glyphs of the Material Design Icons 6 font that
qtawesome ships, drawn by :class:`GlyphIconEngine` exactly as qtawesome draws them (the glyph at
7/8 of the icon's height, centred, one colour per icon mode), but without importing qtawesome:
its import through qtpy cost about 0.5 s of the start (issue 8). The font file and its charmap
are read from qtawesome's package folder on the first icon.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QApplication

from kaizen.config import RESOURCES_DIR

STYLE_PATH: Path = RESOURCES_DIR / "style.qss"
ICONS_DIR: Path = RESOURCES_DIR / "icons"
APP_ICON_PATH: Path = ICONS_DIR / "kaizen.svg"

# Keep in step with resources/style.qss.
ACCENT = "#0f766e"
TEXT = "#1f2933"
MUTED = "#667085"
FAINT = "#98a2b3"
WARNING = "#b54708"

BASE_POINT_SIZE = 10
_STYLE_PROPERTY = "kaizenStyleApplied"


def style_sheet() -> str:
    """The application style sheet, or an empty one when the file is missing."""
    try:
        return STYLE_PATH.read_text(encoding="utf-8")
    except OSError:
        return ""


def app_icon() -> QIcon:
    return QIcon(str(APP_ICON_PATH))


ICON_FONT_PREFIX = "mdi6"
_ICON_FONT_GLOB = "materialdesignicons6-webfont-*"
# qtawesome draws a glyph at this share of the icon's height (room for the font's bearings).
_GLYPH_SCALE = 0.875


@functools.cache
def _icon_font() -> tuple[str, dict[str, str]]:
    """The icon font's family (registered with Qt once) and its name -> character map."""
    spec = importlib.util.find_spec("qtawesome")  # finds the folder; runs no qtawesome code
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("qtawesome (which ships the icon font) is not installed")
    fonts = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    [ttf] = sorted(fonts.glob(f"{_ICON_FONT_GLOB}.ttf"))[-1:]
    [charmap_file] = sorted(fonts.glob(f"{_ICON_FONT_GLOB}charmap*.json"))[-1:]
    charmap = {name: chr(int(code, 16)) for name, code in
               json.loads(charmap_file.read_text(encoding="utf-8")).items()}
    font_id = QFontDatabase.addApplicationFont(str(ttf))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        raise OSError(f"Qt could not load the icon font {ttf}")
    return families[0], charmap


def icon_character(name: str) -> str:
    """The font character of an icon name such as mdi6.cog; KeyError when the font has none."""
    prefix, _, short = name.partition(".")
    if prefix != ICON_FONT_PREFIX:
        raise KeyError(f"Unknown icon set in {name!r} (only {ICON_FONT_PREFIX} is shipped)")
    charmap = _icon_font()[1]
    if short not in charmap:
        raise KeyError(f"The icon font has no icon named {name!r}")
    return charmap[short]


class GlyphIconEngine(QIconEngine):
    """One font glyph, drawn in the colour of the icon's mode (normal, active, selected,
    disabled), as qtawesome's CharIconEngine draws it."""

    def __init__(self, character: str, colours: dict[QIcon.Mode, QColor]) -> None:
        super().__init__()
        self._character = character
        self._colours = colours

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode,
              state: QIcon.State) -> None:
        painter.save()
        painter.setPen(self._colours.get(mode, self._colours[QIcon.Mode.Normal]))
        font = QFont()
        font.setFamily(_icon_font()[0])
        font.setPixelSize(round(_GLYPH_SCALE * rect.height()))
        painter.setFont(font)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self._character)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return GlyphIconEngine(self._character, dict(self._colours))


def icon(name: str, color: str = MUTED, *, active_color: str | None = None,
         selected_color: str | None = None) -> QIcon:
    """A Material Design icon ("mdi6.lightbulb-on-outline") in the app's muted colour by
    default; the colours of the other modes follow qtawesome's defaults (selected as active,
    active as normal, disabled in the palette's disabled text colour)."""
    active = active_color or color
    app = QApplication.instance()
    disabled = (app.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
                if isinstance(app, QApplication) else QColor(150, 150, 150))
    colours = {
        QIcon.Mode.Normal: QColor(color),
        QIcon.Mode.Active: QColor(active),
        QIcon.Mode.Selected: QColor(selected_color or active),
        QIcon.Mode.Disabled: disabled,
    }
    return QIcon(GlyphIconEngine(icon_character(name), colours))


def light_palette() -> QPalette:
    """A light palette under the style sheet, so dark desktop themes do not leak in."""
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#f6f7f9",
        QPalette.ColorRole.WindowText: TEXT,
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f8fafb",
        QPalette.ColorRole.ToolTipBase: "#ffffff",
        QPalette.ColorRole.ToolTipText: TEXT,
        QPalette.ColorRole.PlaceholderText: FAINT,
        QPalette.ColorRole.Text: TEXT,
        QPalette.ColorRole.Button: "#ffffff",
        QPalette.ColorRole.ButtonText: TEXT,
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: ACCENT,
    }
    for role, value in colours.items():
        palette.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(FAINT))
    return palette


def apply_style(app: QApplication) -> None:
    """Fusion, a light palette, a 10 pt system font and the style sheet; safe to call twice."""
    if app.property(_STYLE_PROPERTY):
        return
    app.setStyle("Fusion")
    app.setPalette(light_palette())
    font = QFont(app.font())
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    app.setStyleSheet(style_sheet())
    app.setProperty(_STYLE_PROPERTY, True)
