"""``CardDelegate`` paints each PDCA card: a column of 2,000 cards is one view, not 2,000 widgets.

A card is a white rounded rectangle with a coloured bar on its left edge for its age band (fresh,
ageing, stale; a Done card's bar says how it ended), the title wrapped to two lines, the owner,
the area, the cycle number, the days in stage and a red badge when actions are overdue. Every card
has the same height (``ITEM_HEIGHT``), so the list view lays thousands out without asking each.
Wrapped titles and icon pixmaps are cached; only the visible cards are ever painted.

A card painted once is kept as a picture (``CARD_CACHE`` of them, the last used): the board's
refresh every visit reads the same cards again, and drawing each afresh (a few dozen shapes and
texts) held the GUI thread for 25-40 ms a refresh (issue 21: never over 50 ms). The picture is keyed
by the card's data (a frozen ``CardInfo``: any change is a new key), its size, its state (selected,
hover, focus), the font, the screen's pixel ratio and the language, so it is what painting afresh
would draw. At most ``NEW_PER_TURN`` new pictures are drawn in one turn of the event loop (all
columns together): the board's first fill drew its twenty-odd cards in one paint, 35-55 ms; a card
past that is painted as its bare shell (shadow, card, age bar) and drawn whole on the next turn.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from kaizen.domain.enums import ActDecision, PdcaStage
from kaizen.domain.months import format_day
from kaizen.i18n import QT_TRANSLATE_NOOP, current_language, translate
from kaizen.ui import resources
from kaizen.ui.board.models import CARD_ROLE, PENDING_ROLE, closed_label

if TYPE_CHECKING:
    from kaizen.services.board import CardInfo

ITEM_HEIGHT = 132  # the card and the gap below it
GAP = 10
SIDE = 1
RADIUS = 10
BAR = 5
PAD_X = 12
PAD_Y = 11
ICON = 14

BAND_COLOURS = {"fresh": "#12b76a", "ageing": "#f79009", "stale": "#f04438"}
BAND_TEXT = {"fresh": resources.MUTED, "ageing": "#b54708", "stale": "#b42318"}
BAND_NAMES = {"fresh": QT_TRANSLATE_NOOP("ui.board.delegate", "Fresh"),
              "ageing": QT_TRANSLATE_NOOP("ui.board.delegate", "Ageing"),
              "stale": QT_TRANSLATE_NOOP("ui.board.delegate", "Stale")}
DONE_COLOURS = {ActDecision.ADOPT: resources.ACCENT, ActDecision.ABANDON: "#98a2b3"}
TITLE = "#101828"
BORDER = "#e4e7ec"
BORDER_HOVER = "#b9c0cb"
SELECTED_FILL = "#f0f8f7"
CHIP_FILL = "#f2f4f7"
CHIP_TEXT = "#475467"
OVERDUE_FILL = "#fee4e2"
OVERDUE_TEXT = "#b42318"
SHADOW = QColor(16, 24, 40, 18)
CARD_CACHE = 96  # pictures of cards kept: a full board on a large screen, and its hovers
NEW_PER_TURN = 8  # new card pictures drawn per event-loop turn, ~1-1.5 ms each
SHELL_CACHE = 48  # card shells kept (a few age colours and states per column width)
_STATE_BITS = (QStyle.StateFlag.State_Selected.value | QStyle.StateFlag.State_MouseOver.value
               | QStyle.StateFlag.State_HasFocus.value)

Index = QModelIndex | QPersistentModelIndex


class _TurnBudget:
    """How many new card pictures the current event-loop turn may still draw (every column's
    delegate shares it); refilled by a zero timer, which fires once the turn's paints are done."""

    def __init__(self) -> None:
        self.left = NEW_PER_TURN
        self._armed = False

    def take(self) -> bool:
        if not self._armed:
            self._armed = True
            QTimer.singleShot(0, self._refill)
        if self.left <= 0:
            return False
        self.left -= 1
        return True

    def _refill(self) -> None:
        self.left = NEW_PER_TURN
        self._armed = False


_budget = _TurnBudget()


class CardDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._titles: OrderedDict[tuple[str, int, int], tuple[str, ...]] = OrderedDict()
        self._icons: dict[tuple[str, str], QPixmap] = {}
        self._fonts: dict[int, tuple[QFont, QFont, QFont]] = {}
        self._cards: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()
        self._shells: dict[tuple[object, ...], QPixmap] = {}

    # -- Qt interface -------------------------------------------------------------------------
    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(max(option.rect.width(), 160), ITEM_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card: CardInfo | None = index.data(CARD_ROLE)
        if card is None:
            return
        if not index.data(PENDING_ROLE):
            picture = self._card_picture(painter, option, card)
            if picture is not None:
                painter.drawPixmap(option.rect.topLeft(), picture)
                return
            # Over this turn's budget: the shell now, the whole card on the next turn.
            painter.drawPixmap(option.rect.topLeft(), self._shell_picture(
                option, card, painter.device().devicePixelRatioF()))
            self._update_later(option.widget, QRect(option.rect))
            return
        painter.save()
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            if index.data(PENDING_ROLE):
                painter.setOpacity(0.5)
            self._paint_card(painter, option, card)
        finally:
            painter.restore()

    @staticmethod
    def _update_later(view: QWidget | None, rect: QRect) -> None:
        """Paint ``rect`` of the list ``view`` again on the next turn (not from inside this
        paint, whose region Qt is still drawing)."""
        if view is None:
            return
        viewport = view.viewport() if hasattr(view, "viewport") else view

        def update() -> None:
            if shiboken6.isValid(viewport):
                viewport.update(rect)

        QTimer.singleShot(0, update)

    # -- painting -----------------------------------------------------------------------------
    def _paint_card(self, painter: QPainter, option: QStyleOptionViewItem,
                    card: CardInfo) -> None:
        rect = self._paint_shell(painter, option, card)
        title_font, text_font, small_font = self._fonts_for(option.font)
        self._paint_content(painter, option, card, rect, title_font, text_font, small_font)

    @staticmethod
    def _shell_rect(option: QStyleOptionViewItem) -> QRectF:
        return QRectF(option.rect).adjusted(SIDE + 0.5, 0.5, -SIDE - 0.5, -GAP - 0.5)

    def _paint_shell(self, painter: QPainter, option: QStyleOptionViewItem,
                     card: CardInfo) -> QRectF:
        """The card without its texts: shadow, card, age bar and outline; its rectangle."""
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        rect = self._shell_rect(option)

        shadow = QPainterPath()
        shadow.addRoundedRect(rect.translated(0, 1.5), RADIUS, RADIUS)
        painter.fillPath(shadow, SHADOW)

        shape = QPainterPath()
        shape.addRoundedRect(rect, RADIUS, RADIUS)
        painter.fillPath(shape, QColor(SELECTED_FILL if selected else "#ffffff"))
        painter.save()
        painter.setClipPath(shape)
        painter.fillRect(QRectF(rect.left(), rect.top(), BAR, rect.height()),
                         QColor(self._bar_colour(card)))
        painter.restore()
        if selected or focused:
            # The keyboard's card: the accent outline, also when focus has just arrived.
            painter.setPen(QPen(QColor(resources.ACCENT), 2))
            painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), RADIUS, RADIUS)
        else:
            painter.setPen(QPen(QColor(BORDER_HOVER if hovered else BORDER), 1))
            painter.drawPath(shape)
        return rect

    def _paint_content(self, painter: QPainter, option: QStyleOptionViewItem, card: CardInfo,
                       rect: QRectF, title_font: QFont, text_font: QFont,
                       small_font: QFont) -> None:
        left = int(rect.left()) + BAR + PAD_X - 4
        right = int(rect.right()) - PAD_X + 2
        width = max(right - left, 20)
        top = int(rect.top()) + PAD_Y

        # Title: two lines at most, the second elided.
        painter.setFont(title_font)
        painter.setPen(QColor(TITLE))
        title_metrics = QFontMetrics(title_font)
        line_height = title_metrics.height()
        for number, line in enumerate(self._title_lines(card.title, title_font, width)):
            painter.drawText(QRect(left, top + number * line_height, width, line_height),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             line)
        y = top + 2 * line_height + 6

        # Owner, then the area with the cycle number on its right.
        painter.setFont(text_font)
        text_metrics = QFontMetrics(text_font)
        small_metrics = QFontMetrics(small_font)
        row = text_metrics.height() + 2
        self._icon_text(painter, "mdi6.account-outline", resources.MUTED, left, y, width, row,
                        card.owner_name or translate("ui.board.delegate", "No owner"),
                        resources.TEXT if card.owner_name else resources.FAINT, text_metrics)
        y += row
        cycle_text = translate("ui.board.delegate", "Cycle {number}").format(
            number=card.cycle_number)
        cycle_width = small_metrics.horizontalAdvance(cycle_text) + 12
        self._icon_text(painter, "mdi6.map-marker-outline", resources.MUTED, left, y,
                        width - cycle_width - 4, row, card.area_name, resources.MUTED,
                        text_metrics)
        painter.setFont(small_font)
        self._chip(painter, QRect(right - cycle_width, y + 1, cycle_width, row - 2), cycle_text,
                   CHIP_FILL, CHIP_TEXT)
        y += row
        self._paint_footer(painter, card, small_font, left, right,
                           max(y + 6, int(rect.bottom()) - PAD_Y + 2))

    def _paint_footer(self, painter: QPainter, card: CardInfo, font: QFont, left: int,
                      right: int, bottom: int) -> None:
        """Days in stage (or how a Done card ended) on the left, the overdue badge on the right.
        Narrow columns get the short forms, never a clipped badge."""
        painter.setFont(font)
        metrics = QFontMetrics(font)
        bold = QFont(font)
        bold.setWeight(QFont.Weight.DemiBold)
        bold_metrics = QFontMetrics(bold)
        height = metrics.height() + 6
        y = bottom - height
        width = right - left

        if card.stage is PdcaStage.DONE:
            adopted = card.decision is ActDecision.ADOPT
            colour = resources.ACCENT if adopted else resources.MUTED
            icon = "mdi6.check-circle-outline" if adopted else "mdi6.close-circle-outline"
            when = " " + format_day(card.closed_at, year=False) if card.closed_at else ""
            statuses = [closed_label(card) + when, closed_label(card)]
            badges: list[str] = []
        else:
            colour = BAND_TEXT[card.age_band]
            icon = "mdi6.clock-outline"
            days = card.days_in_stage
            statuses = [translate("ui.board.delegate", "{days} d in stage").format(days=days),
                        translate("ui.board.delegate", "{days} d").format(days=days)]
            overdue = card.overdue_actions
            badges = ([translate("ui.board.delegate", "{count} overdue").format(count=overdue),
                       str(overdue)] if overdue else [])

        def badge_width(text: str) -> int:
            return bold_metrics.horizontalAdvance(text) + 20 + ICON

        # The first pairing that fits: full texts, then a short status, then a short badge.
        choices = [(status, badge) for badge in (badges or [""]) for status in statuses]
        status, badge = choices[-1]
        for status_text, badge_text in choices:
            used = (ICON + 5 + metrics.horizontalAdvance(status_text) + 6
                    + (badge_width(badge_text) + 8 if badge_text else 0))
            if used <= width:
                status, badge = status_text, badge_text
                break

        x = right
        if badge:
            w = badge_width(badge)
            x -= w
            self._chip(painter, QRect(x, y, w, height), badge, OVERDUE_FILL, OVERDUE_TEXT,
                       icon=("mdi6.alert-circle-outline", OVERDUE_TEXT), bold=True)
            painter.setFont(font)
            x -= 8
        self._icon_text(painter, icon, colour, left, y, x - left - 6, height, status, colour,
                        metrics)

    def _bar_colour(self, card: CardInfo) -> str:
        if card.stage is PdcaStage.DONE:
            return DONE_COLOURS.get(card.decision, resources.FAINT) if card.decision else (
                resources.FAINT)
        return BAND_COLOURS[card.age_band]

    def _icon_text(self, painter: QPainter, icon: str, icon_colour: str, x: int, y: int,
                   width: int, height: int, text: str, colour: str,
                   metrics: QFontMetrics) -> None:
        painter.drawPixmap(QPointF(x, y + (height - ICON) / 2), self._pixmap(icon, icon_colour))
        painter.setPen(QColor(colour))
        text_x = x + ICON + 5
        available = max(width - ICON - 5, 0)
        painter.drawText(QRect(text_x, y, available, height),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         metrics.elidedText(text, Qt.TextElideMode.ElideRight, available))

    def _chip(self, painter: QPainter, rect: QRect, text: str, fill: str, colour: str, *,
              icon: tuple[str, str] | None = None, bold: bool = False) -> None:
        path = QPainterPath()
        path.addRoundedRect(QRectF(rect), rect.height() / 2, rect.height() / 2)
        painter.fillPath(path, QColor(fill))
        text_rect = rect
        if icon is not None:
            painter.drawPixmap(QPointF(rect.left() + 6, rect.top() + (rect.height() - ICON) / 2),
                               self._pixmap(*icon))
            text_rect = rect.adjusted(ICON + 8, 0, -2, 0)
        if bold:
            font = QFont(painter.font())
            font.setWeight(QFont.Weight.DemiBold)
            painter.setFont(font)
        painter.setPen(QColor(colour))
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignCenter), text)

    # -- caches -------------------------------------------------------------------------------
    def _card_picture(self, painter: QPainter, option: QStyleOptionViewItem,
                      card: CardInfo) -> QPixmap | None:
        """The card as ``_paint_card`` draws it at ``option``'s size and state, from the cache
        or painted now into a transparent picture at the screen's pixel ratio; None when this
        turn has drawn its ``NEW_PER_TURN`` new pictures already."""
        width, height = option.rect.width(), option.rect.height()
        ratio = painter.device().devicePixelRatioF()
        font = option.font
        key = (card, width, height, option.state.value & _STATE_BITS, font.key(), ratio,
               current_language())
        picture = self._cards.get(key)
        if picture is not None:
            self._cards.move_to_end(key)
            return picture
        if not _budget.take():
            return None
        picture, local = _blank_picture(option, width, height, ratio)
        local.font = font
        into = QPainter(picture)
        try:
            into.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            into.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            # The shell (its antialiased rounded shapes are most of a card's cost) is shared by
            # every card of the same size, state and age colour.
            into.drawPixmap(QPointF(0, 0), self._shell_picture(local, card, ratio))
            self._paint_content(into, local, card, self._shell_rect(local),
                                *self._fonts_for(font))
        finally:
            into.end()
        self._cards[key] = picture
        if len(self._cards) > CARD_CACHE:
            self._cards.popitem(last=False)
        return picture

    def _shell_picture(self, option: QStyleOptionViewItem, card: CardInfo,
                       ratio: float) -> QPixmap:
        """``_paint_shell``'s drawing at ``option``'s size and state, kept per age colour."""
        width, height = option.rect.width(), option.rect.height()
        key = (width, height, option.state.value & _STATE_BITS, self._bar_colour(card), ratio)
        picture = self._shells.get(key)
        if picture is not None:
            return picture
        picture, local = _blank_picture(option, width, height, ratio)
        into = QPainter(picture)
        try:
            into.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            self._paint_shell(into, local, card)
        finally:
            into.end()
        if len(self._shells) >= SHELL_CACHE:
            self._shells.clear()  # a resize: the old widths are not coming back soon
        self._shells[key] = picture
        return picture

    def _fonts_for(self, base: QFont) -> tuple[QFont, QFont, QFont]:
        key = base.pointSize() * 1000 + base.pixelSize()
        fonts = self._fonts.get(key)
        if fonts is None:
            title = QFont(base)
            title.setWeight(QFont.Weight.DemiBold)
            text = QFont(base)
            small = QFont(base)
            if base.pointSizeF() > 0:
                small.setPointSizeF(base.pointSizeF() - 1)
            fonts = (title, text, small)
            self._fonts[key] = fonts
        return fonts

    def _pixmap(self, name: str, colour: str) -> QPixmap:
        key = (name, colour)
        pixmap = self._icons.get(key)
        if pixmap is None:
            pixmap = resources.icon(name, colour).pixmap(QSize(ICON, ICON))
            self._icons[key] = pixmap
        return pixmap

    def _title_lines(self, title: str, font: QFont, width: int) -> tuple[str, ...]:
        key = (title, width, font.pointSize())
        lines = self._titles.get(key)
        if lines is not None:
            self._titles.move_to_end(key)
            return lines
        lines = wrap_two_lines(title, font, width)
        self._titles[key] = lines
        if len(self._titles) > 4096:
            self._titles.popitem(last=False)
        return lines


def wrap_two_lines(text: str, font: QFont, width: int) -> tuple[str, ...]:
    """``text`` wrapped at word boundaries to ``width``; a third line is folded into an ellipsis
    at the end of the second."""
    text = " ".join(text.split())
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    starts: list[tuple[int, int]] = []
    while len(starts) < 3:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append((line.textStart(), line.textLength()))
    layout.endLayout()
    if not starts:
        return ("",)
    first = text[starts[0][0]:starts[0][0] + starts[0][1]].rstrip()
    if len(starts) == 1:
        return (first,)
    rest = text[starts[1][0]:].strip()
    second = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return (first, second)


def _blank_picture(option: QStyleOptionViewItem, width: int, height: int,
                   ratio: float) -> tuple[QPixmap, QStyleOptionViewItem]:
    """A transparent picture of ``width`` x ``height`` at ``ratio``, and a copy of ``option``
    placed at its origin, to paint a card (or its shell) into once and keep."""
    picture = QPixmap(max(1, round(width * ratio)), max(1, round(height * ratio)))
    picture.setDevicePixelRatio(ratio)
    picture.fill(Qt.GlobalColor.transparent)
    local = QStyleOptionViewItem(option)
    local.rect = QRect(0, 0, width, height)
    return picture, local
