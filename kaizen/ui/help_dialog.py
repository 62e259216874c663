"""The F1 help window: the offline pages of :mod:`kaizen.help` in a ``QTextBrowser``.

One window per main window, not modal, so the person can read and work side by side; F1 again
shows the current view's page in it. Links between pages are followed in place (relative links
resolve against the page's own file); Back (Alt+Left), Forward (Alt+Right) and Contents move
around. Links outside the help (http…) are not followed here: the window stays offline.
The pages open in the language of the moment (:func:`kaizen.help.page_path`); a translated
page links to its translated neighbours, which sit beside it in the same folder.

F1 in a dialog (issue 16): :func:`install_help_key` gives every window but the main one (which
has its own F1 action) an F1 shortcut of its own when it first gets the keyboard (the
application's ``focusWindowChanged``: a key press only ever arrives in the focus window). F1
opens the help of the innermost dialog or screen holding the focus, found by class name in
``kaizen.help``'s ``DIALOG_PAGES`` and ``VIEW_PAGES`` (:func:`help_target`). No dialog binds
F1 itself. The help window it opens belongs to that dialog: a modal dialog blocks every window
but its own children, so a help window owned by the main window could not be scrolled while
the dialog is open.

Why not one application event filter (the first way, issue 21): a Python filter costs every
event of the application a call into Python that needs the GIL; building a view sends thousands
(ChildAdded, Polish, Show), a third longer with it in place, and at start it waited on the import
threads holding the GIL. Qt's own shortcut map matches the key in C++; Python runs once per
window that gets the focus and once per F1.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kaizen import help as help_pages
from kaizen.i18n import translate

HELP_STYLE = """
body { font-size: 11pt; }
h1 { color: #0b5d56; }
p.nav { font-size: 10pt; }
dt { margin-top: 6px; }
"""


class HelpDialog(QDialog):
    """The help window; :meth:`show_page` opens a page file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HelpDialog")
        self.setWindowTitle(translate("ui.help_dialog", "Kaizen help"))
        self.setModal(False)
        self.resize(760, 620)
        self.browser = QTextBrowser()
        self.browser.setObjectName("HelpBrowser")
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(True)
        self.browser.document().setDefaultStyleSheet(HELP_STYLE)
        self.browser.setSearchPaths([str(help_pages.pages_dir()), str(help_pages.PAGES_DIR)])

        self.back_button = QPushButton(translate("ui.help_dialog", "Back"))
        self.back_button.setShortcut(QKeySequence("Alt+Left"))
        self.back_button.clicked.connect(self.browser.backward)
        self.forward_button = QPushButton(translate("ui.help_dialog", "Forward"))
        self.forward_button.setShortcut(QKeySequence("Alt+Right"))
        self.forward_button.clicked.connect(self.browser.forward)
        self.home_button = QPushButton(translate("ui.help_dialog", "Contents"))
        self.home_button.clicked.connect(lambda: self.show_page(help_pages.page_path(
            help_pages.INDEX)))
        self.close_button = QPushButton(translate("ui.help_dialog", "Close"))
        self.close_button.clicked.connect(self.close)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.browser.forwardAvailable.connect(self.forward_button.setEnabled)
        self.back_button.setEnabled(False)
        self.forward_button.setEnabled(False)
        for button in (self.back_button, self.forward_button, self.home_button,
                       self.close_button):
            button.setAutoDefault(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.forward_button)
        buttons.addWidget(self.home_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)

    def show_page(self, path: Path, anchor: str = "") -> None:
        """Show the page in ``path`` (at the section ``anchor``) and bring the window up."""
        url = QUrl.fromLocalFile(str(path))
        if anchor:
            url.setFragment(anchor)
        self.browser.setSource(url)
        self.show()
        self.raise_()
        self.activateWindow()
        self.browser.setFocus()

    def current_page(self) -> str:
        """The file name of the page shown (``"ideas.html"``)."""
        return Path(self.browser.source().toLocalFile()).name

    def current_anchor(self) -> str:
        """The section shown (``"person"``), empty for a page's top."""
        return self.browser.source().fragment()

    def show_target(self, target: str) -> None:
        """Show ``"page.html"`` or ``"page.html#section"`` in the language of the moment."""
        name, _, anchor = target.partition("#")
        self.show_page(help_pages.page_path(name), anchor)


def help_target(widget: QWidget | None) -> str | None:
    """The help page (``"page.html"`` or ``"page.html#section"``) of the innermost dialog or
    screen holding ``widget``: the first of it and its parents whose class, or a base class,
    ``kaizen.help`` names. None when nothing does."""
    pages = {**help_pages.VIEW_PAGES, **help_pages.DIALOG_PAGES}
    while widget is not None:
        for cls in type(widget).__mro__:
            page = pages.get(cls.__name__)
            if page is not None:
                return page
        widget = widget.parentWidget()
    return None


def help_window_of(window: QWidget) -> HelpDialog | None:
    """The help window a dialog's F1 opened, if any."""
    return window.findChild(HelpDialog, "HelpDialog", Qt.FindChildOption.FindDirectChildrenOnly)


def show_help_for(widget: QWidget) -> HelpDialog | None:
    """F1 on ``widget``: the help of its dialog or screen, in a help window the dialog owns (the
    main window shows its own, :meth:`MainWindow.show_help`). The contents when no page is
    named; nothing in the help window itself."""
    window = widget.window()
    if isinstance(window, HelpDialog):
        return None
    if _shows_own_help(window):
        window.show_help()  # type: ignore[attr-defined]
        return None
    dialog = help_window_of(window) or HelpDialog(window)
    dialog.show_target(help_target(widget) or help_pages.INDEX)
    return dialog


class _HelpShortcut(QShortcut):
    """F1 in one window: the help of what holds its focus (:func:`show_help_for`)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(QKeySequence(QKeySequence.StandardKey.HelpContents), window)
        self.setObjectName("HelpShortcut")
        self.setContext(Qt.ShortcutContext.WindowShortcut)
        self.activated.connect(self._show)

    def _show(self) -> None:
        window = self.parent()
        if not isinstance(window, QWidget):
            return
        focus = QApplication.focusWidget()
        if focus is None or focus.window() is not window:
            focus = window.focusWidget() or window
        show_help_for(focus)


def _shows_own_help(window: QWidget) -> bool:
    """Whether the window shows its own help (the main window). Asked of its class: a view built
    on first use (widgets/lazy_tabs.BuiltOnFirstUse) makes its hidden parts when a name it lacks
    is read from it, and a window taking the focus must not make them."""
    return callable(getattr(type(window), "show_help", None))


def give_help_key(window: QWidget) -> None:
    """``window``'s F1, once; none for the main window (its own action, two would be ambiguous
    and neither would fire), a help window, or a window whose class says ``without_help_key``
    (the kiosk)."""
    window = window.window()
    if (isinstance(window, HelpDialog) or _shows_own_help(window)
            or getattr(type(window), "without_help_key", False)):
        return
    flags = window.windowType()
    if flags in (Qt.WindowType.ToolTip, Qt.WindowType.Popup):
        return
    if window.findChild(_HelpShortcut, "HelpShortcut",
                        Qt.FindChildOption.FindDirectChildrenOnly) is None:
        _HelpShortcut(window)


class HelpKey(QObject):
    """Gives each window that gets the keyboard its F1 (:func:`give_help_key`); no event filter:
    see the module docstring."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        app.focusWindowChanged.connect(self._on_focus_window)
        active = QApplication.activeWindow()
        if active is not None:
            give_help_key(active)

    def _on_focus_window(self, window: QWindow | None) -> None:
        if window is None:
            return
        active = QApplication.activeWindow()
        if active is not None and active.windowHandle() is window:
            give_help_key(active)
            return
        for widget in QApplication.topLevelWidgets():
            if widget.windowHandle() is window:
                give_help_key(widget)
                return


def install_help_key(app: QApplication | None = None) -> HelpKey:
    """F1 in every window but the main one, from now on, once (the application calls this)."""
    target = app or QApplication.instance()
    assert isinstance(target, QApplication)
    existing = target.findChild(HelpKey, "HelpKey")
    if existing is not None:
        return existing
    key = HelpKey(target)
    key.setObjectName("HelpKey")
    return key
