"""Export a map scene to PNG, SVG and PDF, and print it. The scene renders itself
(``QGraphicsScene.render``) onto an image, an SVG generator, a PDF writer or a printer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QGraphicsScene

from kaizen.i18n import translate

MARGIN = 24.0
PNG_SCALE = 2.0  # sharp on high-density screens and in slides


def _source(scene: QGraphicsScene) -> QRectF:
    return scene.itemsBoundingRect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


def _draw(scene: QGraphicsScene, painter: QPainter, target: QRectF) -> None:
    selected = scene.selectedItems()
    scene.clearSelection()  # a picture of the map, not of the selection
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, target, _source(scene), Qt.AspectRatioMode.KeepAspectRatio)
    for item in selected:
        item.setSelected(True)


def to_png(scene: QGraphicsScene, path: str | Path) -> None:
    src = _source(scene)
    size = QSize(int(src.width() * PNG_SCALE), int(src.height() * PNG_SCALE))
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    _draw(scene, painter, QRectF(0, 0, size.width(), size.height()))
    painter.end()
    if not image.save(str(path), "PNG"):
        raise OSError(translate("ui.process_map.export", "Could not write {path}.").format(
            path=path))


def to_svg(scene: QGraphicsScene, path: str | Path, title: str | None = None) -> None:
    from PySide6.QtSvg import QSvgGenerator  # in PySide6-Essentials (checked: QtSvg is there)

    src = _source(scene)
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(int(src.width()), int(src.height())))
    generator.setViewBox(QRectF(0, 0, src.width(), src.height()))
    generator.setTitle(title or _default_title())
    painter = QPainter(generator)
    _draw(scene, painter, QRectF(0, 0, src.width(), src.height()))
    painter.end()


def _page_for(scene: QGraphicsScene) -> QPageLayout:
    src = _source(scene)
    orientation = (QPageLayout.Orientation.Landscape if src.width() >= src.height()
                   else QPageLayout.Orientation.Portrait)
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                       QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter)


def to_pdf(scene: QGraphicsScene, path: str | Path, title: str | None = None) -> None:
    writer = QPdfWriter(str(path))
    writer.setTitle(title or _default_title())
    writer.setPageLayout(_page_for(scene))
    writer.setResolution(300)
    painter = QPainter(writer)
    area = writer.pageLayout().paintRectPixels(writer.resolution())
    _draw(scene, painter, QRectF(0, 0, area.width(), area.height()))
    painter.end()


def print_scene(scene: QGraphicsScene, parent=None) -> bool:
    """Ask for a printer (QPrintDialog) and print the map on one page; False if cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(_page_for(scene))
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    painter = QPainter(printer)
    area = printer.pageLayout().paintRectPixels(printer.resolution())
    _draw(scene, painter, QRectF(0, 0, area.width(), area.height()))
    painter.end()
    return True


def _default_title() -> str:
    return translate("ui.process_map.export", "Process map")


__all__ = ["print_scene", "to_pdf", "to_png", "to_svg"]
