"""The look of the app: style sheet, fonts, palette, app icon and qtawesome icons.

Files come from ``kaizen.config.RESOURCES_DIR``; nothing else in the UI computes a resource path.
Colours used from code (icons) live here next to the style sheet that uses the same values.
"""

from __future__ import annotations

from pathlib import Path

import qtawesome
from PySide6.QtGui import QColor, QFont, QIcon, QPalette
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


def icon(name: str, color: str = MUTED, *, active_color: str | None = None,
         selected_color: str | None = None) -> QIcon:
    """A qtawesome icon ("mdi6.lightbulb-on-outline") in the app's muted colour by default."""
    options: dict[str, str] = {"color": color}
    if active_color:
        options["color_active"] = active_color
    if selected_color:
        options["color_selected"] = selected_color
    return qtawesome.icon(name, **options)


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
