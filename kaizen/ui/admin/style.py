"""Style rules of the People & areas view and the admin dialogs, in the colours of style.qss.

Set on the view and on each admin dialog only, so the shared style sheet stays the app's. The
colours are the app's (text #1f2933, muted #667085, border #e4e7ec, accent #0f766e, accent tint
#d5ece9); the tab bar is the app's (:mod:`kaizen.ui.widgets.tab_style`).
"""

from __future__ import annotations

from kaizen.ui.widgets.tab_style import UNDERLINED_TABS

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

VIEW_STYLE = _INPUTS + UNDERLINED_TABS + """
QTabWidget::pane {
    border: none;
    background: transparent;
    top: 0px;
}
QTabWidget::tab-bar {
    left: 0px;
}
QTabBar::tab {
    /* The page's own tabs: a little larger and further apart than a dialog's. */
    margin-right: 4px;
    font-size: 10.5pt;
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
