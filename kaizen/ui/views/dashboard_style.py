"""The dashboard's style sheet: its cards, their links and the top wastes
(:mod:`kaizen.ui.views.dashboard`)."""

DASHBOARD_STYLE = """
QScrollArea#DashboardScroll, QWidget#DashboardContent {
    background: transparent;
    border: none;
}
QFrame#FigureCard {
    background: #ffffff;
    border: 1px solid #e4e7ec;
    border-radius: 12px;
}
QFrame#FigureCard:hover {
    border-color: #99c9c4;
    background: #fbfefd;
}
QFrame#FigureCard:focus {
    border: 2px solid #0f766e;
}
QLabel#FigureCaption {
    color: #475467;
    font-weight: 600;
}
QLabel#FigureValue {
    font-size: 20pt;
    font-weight: 600;
    color: #101828;
}
QLabel#FigureValue[tone="warning"] {
    color: #b54708;
}
QLabel#FigureValue[tone="muted"] {
    color: #98a2b3;
}
QLabel#FigureDetail {
    color: #667085;
    font-size: 9pt;
}
QFrame#YtdLink, QFrame#WasteRow {
    background: transparent;
    border: none;
    border-radius: 6px;
}
QFrame#YtdLink {
    background: #f6f7f9;
}
QFrame#YtdLink:hover, QFrame#WasteRow:hover,
QFrame#YtdLink:focus, QFrame#WasteRow:focus {
    background: #e6f3f1;
}
QLabel#LinkText, QLabel#LinkAmount {
    color: #475467;
    background: transparent;
}
QFrame#YtdLink QLabel#LinkText {
    color: #667085;
    font-size: 9pt;
}
QLabel#LinkAmount {
    font-weight: 600;
}
QLabel#WasteHeading {
    color: #667085;
    font-size: 9pt;
}
QLabel#DashboardRange {
    color: #667085;
}
"""
