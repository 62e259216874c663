"""The look of the app's tab bars: plain text tabs, the chosen one underlined in the accent.

Pages with tabs (People & areas, the cycle detail, Measurements) add these rules to their own
style sheet, then their own pane rules (a card, or nothing).
"""

UNDERLINED_TABS = """
QTabBar::tab {
    background: transparent;
    color: #475467;
    padding: 8px 18px;
    border: none;
    border-bottom: 2px solid transparent;
    margin-right: 2px;
}
QTabBar::tab:hover {
    color: #101828;
}
QTabBar::tab:selected {
    color: #0b5d56;
    font-weight: 600;
    border-bottom: 2px solid #0f766e;
}
"""
