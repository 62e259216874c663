"""The style rules of the board and its detail panel, in the colours of resources/style.qss.

Kept beside the board (and set on the board view and the detail dialog only) so the shared
style sheet stays the app's; the colours are the same ones (text #1f2933, muted #667085, border
#e4e7ec, accent #0f766e, accent tint #d5ece9).
"""

from __future__ import annotations

from kaizen.ui.widgets.tab_style import UNDERLINED_TABS

_SHARED = """
QPushButton#LinkButton {
    border: none;
    background: transparent;
    color: #0f766e;
    font-weight: 600;
    padding: 2px 4px;
    text-align: left;
}
QPushButton#LinkButton:hover {
    color: #115e59;
    text-decoration: underline;
}
QPushButton#LinkButton:disabled {
    color: #98a2b3;
}
"""

BOARD_STYLE = _SHARED + """
QFrame#BoardColumn {
    background: #eef1f4;
    border: 1px solid #e4e7ec;
    border-radius: 12px;
}
QLabel#ColumnTitle {
    font-size: 11pt;
    font-weight: 600;
    color: #101828;
}
QLabel#ColumnCount {
    background: #ffffff;
    border: 1px solid #d0d5dd;
    border-radius: 9px;
    padding: 0px 8px;
    min-width: 12px;
    color: #344054;
    font-weight: 600;
}
QLabel#ColumnHint {
    color: #667085;
    font-size: 9pt;
}
QListView#CardList {
    background: transparent;
    border: none;
    padding: 2px 4px 4px 6px;
    outline: 0;
}
QListView#CardList QScrollBar:vertical {
    width: 7px;
    margin: 2px 0px 2px 1px;
}
QPushButton#FilterToggle {
    padding: 6px 12px;
}
QPushButton#FilterToggle:checked {
    background: #d5ece9;
    border-color: #0f766e;
    color: #0b5d56;
    font-weight: 600;
}
QLabel#BoardSummary {
    color: #667085;
}
QLabel#FilterCaption {
    color: #667085;
}
"""

DETAIL_STYLE = _SHARED + UNDERLINED_TABS + """
QLabel#DetailTitle {
    font-size: 15pt;
    font-weight: 600;
    color: #101828;
}
QLabel#DetailMeta {
    color: #667085;
}
QLabel#StagePill {
    background: #d5ece9;
    color: #0b5d56;
    border: 1px solid #b7dcd7;
    border-radius: 14px;
    padding: 6px 14px;
    font-weight: 600;
}
QLabel#StagePill[closed="true"] {
    background: #f2f4f7;
    border-color: #e4e7ec;
    color: #475467;
}
QLabel#FieldLabel {
    color: #344054;
    font-weight: 600;
}
QLabel#SectionTitle {
    color: #101828;
    font-weight: 600;
    font-size: 11pt;
}
QLabel#FieldHint, QLabel#TabNote {
    color: #667085;
}
QLabel#WhyLabel {
    color: #475467;
    font-weight: 600;
    min-width: 52px;
}
QTabWidget::pane {
    border: 1px solid #e4e7ec;
    border-radius: 10px;
    background: #ffffff;
    top: -1px;
}
QPlainTextEdit, QDateEdit {
    background: #ffffff;
    border: 1px solid #d0d5dd;
    border-radius: 8px;
    padding: 4px 8px;
    selection-background-color: #0f766e;
    selection-color: #ffffff;
}
QDateEdit {
    padding: 5px 8px;
    min-height: 20px;
}
QDateEdit::drop-down {
    border: none;
    width: 24px;
}
QPlainTextEdit:focus, QDateEdit:focus {
    border: 1px solid #0f766e;
}
QPlainTextEdit:read-only, QLineEdit:read-only {
    background: #f9fafb;
    color: #475467;
}
QRadioButton {
    spacing: 8px;
    font-weight: 600;
}
QFrame#DecisionCard {
    background: #ffffff;
    border: 1px solid #e4e7ec;
    border-radius: 10px;
}
QScrollArea#TabScroll, QWidget#TabBody, QWidget#TabPage {
    background: #ffffff;
    border: none;
}
QWidget#TabFooter {
    background: #ffffff;
    border-top: 1px solid #eaecf0;
}
"""
