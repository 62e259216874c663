"""The F1 help window: the offline pages of :mod:`kaizen.help` in a ``QTextBrowser``.

One window per main window, not modal, so the person can read and work side by side; F1 again
shows the current view's page in it. Links between pages are followed in place (relative links
resolve against the page's own file); Back (Alt+Left), Forward (Alt+Right) and Contents move
around. Links outside the help (http…) are not followed here: the window stays offline.
The pages open in the language of the moment (:func:`kaizen.help.page_path`); a translated
page links to its translated neighbours, which sit beside it in the same folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
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

    def show_page(self, path: Path) -> None:
        """Show the page in ``path`` and bring the window up."""
        self.browser.setSource(QUrl.fromLocalFile(str(path)))
        self.show()
        self.raise_()
        self.activateWindow()
        self.browser.setFocus()

    def current_page(self) -> str:
        """The file name of the page shown (``"ideas.html"``)."""
        return Path(self.browser.source().toLocalFile()).name
