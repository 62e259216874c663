"""The look of the Measurements view, its dialogs and the savings ledger, on top of
resources/style.qss (same palette: slate text, teal accent, calm light cards)."""

from __future__ import annotations

from kaizen.ui.widgets.tab_style import UNDERLINED_TABS

INPUTS = """
QPlainTextEdit, QDateEdit, QDoubleSpinBox, QSpinBox, QLineEdit#NumberEdit, QLineEdit#MoneyEdit {
    background: #ffffff;
    border: 1px solid #d0d5dd;
    border-radius: 8px;
    padding: 4px 8px;
    selection-background-color: #0f766e;
    selection-color: #ffffff;
}
QDateEdit, QDoubleSpinBox, QSpinBox, QLineEdit#NumberEdit, QLineEdit#MoneyEdit {
    padding: 5px 8px;
    min-height: 20px;
}
QAbstractSpinBox QLineEdit {
    border: none;
    padding: 0px 6px;
    margin: 0px;
    min-height: 0px;
    background: transparent;
}
QDoubleSpinBox::up-button, QDoubleSpinBox::down-button,
QSpinBox::up-button, QSpinBox::down-button {
    width: 0px;
    border: none;
}
QDateEdit::drop-down {
    border: none;
    width: 24px;
}
QPlainTextEdit:focus, QDateEdit:focus, QDoubleSpinBox:focus, QSpinBox:focus,
QLineEdit#NumberEdit:focus, QLineEdit#MoneyEdit:focus {
    border: 1px solid #0f766e;
}
QPlainTextEdit:read-only, QLineEdit:read-only {
    background: #f9fafb;
    color: #475467;
}
QPlainTextEdit:disabled, QDoubleSpinBox:disabled, QDateEdit:disabled,
QLineEdit#NumberEdit:disabled, QLineEdit#MoneyEdit:disabled {
    background: #f9fafb;
    color: #98a2b3;
}
QRadioButton, QCheckBox {
    spacing: 8px;
}
"""

MEASURE_STYLE = INPUTS + UNDERLINED_TABS + """
QFrame#Panel {
    background: #ffffff;
    border: 1px solid #e4e7ec;
    border-radius: 12px;
}
QLabel#IdeaTitle {
    font-size: 14pt;
    font-weight: 600;
    color: #101828;
}
QLabel#IdeaMeta, QLabel#PanelNote, QLabel#PickerCount {
    color: #667085;
}
QLabel#SectionTitle {
    color: #101828;
    font-weight: 600;
    font-size: 11pt;
}
QLabel#StatHead {
    color: #667085;
    font-size: 9pt;
    font-weight: 600;
}
QLabel#StatPhase {
    color: #344054;
    font-weight: 600;
}
QLabel#StatValue {
    color: #101828;
}
QLabel#Improvement {
    font-size: 20pt;
    font-weight: 600;
    color: #101828;
}
QLabel#Improvement[tone="good"] {
    color: #067647;
}
QLabel#Improvement[tone="bad"] {
    color: #b42318;
}
QLabel#Improvement[tone="muted"] {
    color: #98a2b3;
}
QFrame#Verdict {
    border-radius: 10px;
    background: #f2f4f7;
    border: 1px solid #e4e7ec;
}
QFrame#Verdict[tone="good"] {
    background: #ecfdf3;
    border-color: #abefc6;
}
QFrame#Verdict[tone="bad"] {
    background: #fef3f2;
    border-color: #fecdca;
}
QFrame#Verdict[tone="neutral"] {
    background: #fffaeb;
    border-color: #fedf89;
}
QLabel#VerdictText {
    color: #101828;
    font-weight: 600;
    background: transparent;
}
QLabel#TestText {
    color: #475467;
    background: transparent;
}
QLabel#EditorReport[tone="good"] {
    color: #067647;
}
QLabel#EditorReport[tone="warning"] {
    color: #b54708;
}
QLabel#EditorReport[tone="error"] {
    color: #b42318;
}
QListView#IdeaList {
    background: #ffffff;
    border: 1px solid #e4e7ec;
    border-radius: 12px;
    outline: 0;
    padding: 4px;
}
QTabWidget::pane {
    border: 1px solid #e4e7ec;
    border-radius: 12px;
    background: #ffffff;
    top: -1px;
}
QTabWidget#ChartTabs::pane {
    border: none;
    background: transparent;
}
QFrame#SummaryTile {
    background: #ffffff;
    border: 1px solid #e4e7ec;
    border-radius: 10px;
}
QLabel#TileCaption {
    color: #667085;
}
QLabel#TileValue {
    color: #101828;
    font-weight: 600;
}
QLabel#TileValue[tone="good"] {
    color: #067647;
}
QLabel#TileValue[tone="muted"] {
    color: #98a2b3;
}
QLabel#TileDetail {
    color: #667085;
    font-size: 9pt;
}
QLabel#LockNote {
    color: #667085;
}
"""

DIALOG_STYLE = INPUTS + """
QLabel#DialogNote, QLabel#EstimateNote {
    color: #667085;
}
QLabel#EstimateValue {
    font-size: 16pt;
    font-weight: 600;
    color: #0b5d56;
}
QLabel#EstimateValue[tone="muted"] {
    color: #98a2b3;
}
QFrame#EstimateBox {
    background: #f0f8f7;
    border: 1px solid #b7dcd7;
    border-radius: 10px;
}
QFrame#OriginalBox {
    background: #f9fafb;
    border: 1px solid #e4e7ec;
    border-radius: 10px;
}
QPushButton#Chip {
    border-radius: 14px;
    padding: 4px 12px;
    min-height: 18px;
    color: #344054;
}
QPushButton#Chip:checked {
    background: #d5ece9;
    border-color: #0f766e;
    color: #0b5d56;
}
"""


def polish(widget, name: str, value: str) -> None:  # noqa: ANN001 (any QWidget)
    """Set a dynamic property used by the style sheet and re-apply the style."""
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
