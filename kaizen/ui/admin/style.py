"""Style rules of the People & areas view and the admin dialogs, in the colours of style.qss.

Set on the view and on each admin dialog only, so the shared style sheet stays the app's. The
colours are the app's (text #1f2933, muted #667085, border #e4e7ec, accent #0f766e, accent tint
#d5ece9); the message bar rules match the board's, whose ``MessageBar`` the view reuses.
"""

from __future__ import annotations

_INPUTS = """
QSpinBox {
    background: #ffffff;
    border: 1px solid #d0d5dd;
    border-radius: 8px;
    padding: 5px 8px;
    min-height: 20px;
    selection-background-color: #0f766e;
    selection-color: #ffffff;
}
QSpinBox:hover {
    border-color: #98a2b3;
}
QSpinBox:focus {
    border: 1px solid #0f766e;
}
QSpinBox::up-button, QSpinBox::down-button {
    border: none;
    width: 18px;
}
QComboBox:disabled, QLineEdit:disabled, QSpinBox:disabled {
    background: #f9fafb;
    color: #667085;
    border-color: #e4e7ec;
}
QCheckBox {
    spacing: 8px;
}
QLabel#FieldHint {
    color: #667085;
    font-size: 9pt;
}
QLabel#FieldSuffix {
    color: #475467;
}
"""

DIALOG_STYLE = _INPUTS + """
QLabel#FormError {
    color: #b42318;
    background: #fef3f2;
    border: 1px solid #fecdca;
    border-radius: 8px;
    padding: 8px 10px;
}
"""

VIEW_STYLE = _INPUTS + """
QFrame#MessageBar {
    border-radius: 10px;
}
QFrame#MessageBar[kind="error"] {
    background: #fef3f2;
    border: 1px solid #fecdca;
}
QFrame#MessageBar[kind="warning"] {
    background: #fffaeb;
    border: 1px solid #fedf89;
}
QFrame#MessageBar[kind="info"] {
    background: #f0f8f7;
    border: 1px solid #b7dcd7;
}
QLabel#MessageText {
    color: #344054;
}
QToolButton#MessageClose {
    border: none;
    padding: 2px;
}
QTabWidget::pane {
    border: none;
    background: transparent;
    top: 0px;
}
QTabWidget::tab-bar {
    left: 0px;
}
QTabBar::tab {
    background: transparent;
    color: #475467;
    padding: 8px 18px;
    border: none;
    border-bottom: 2px solid transparent;
    margin-right: 4px;
    font-size: 10.5pt;
}
QTabBar::tab:hover {
    color: #101828;
}
QTabBar::tab:selected {
    color: #0b5d56;
    font-weight: 600;
    border-bottom: 2px solid #0f766e;
}
QTreeView {
    background: #ffffff;
    alternate-background-color: #f9fafb;
    border: 1px solid #e4e7ec;
    border-radius: 12px;
    selection-background-color: #d5ece9;
    selection-color: #0b5d56;
    show-decoration-selected: 1;
    outline: 0;
}
QTreeView::item {
    padding: 0px 6px;
    min-height: 34px;
    border: none;
}
QTreeView#AreaTree QHeaderView::section {
    /* Header text lines up with the cells below (their padding plus the text margin). */
    padding: 8px 9px 8px 9px;
}
QTreeView::item:selected {
    background: #d5ece9;
    color: #0b5d56;
}
QLineEdit#PeopleSearch {
    min-width: 260px;
}
"""
