"""The kiosk window: pick yourself, then New idea, Log waste or My ideas; nothing else.

No sidebar, no menus, no toolbar and no shortcuts into other views: the window holds three
pages (who are you, what to do, my ideas) and opens only the two capture forms. Every target is
at least :data:`TOUCH` pixels high, for fingers on a touch screen. A person picks themselves
from the list or by badge number (scanned or typed); staff need no PIN, supervisors and admins
confirm with theirs (the main window's PIN dialog). Signing in, by name or badge, goes through
the one save mechanism (:class:`~kaizen.ui.form_op.FormSaver`, issue 15: the sign-in is a
write): busy while it runs, a refusal on the line right under the badge field, the server away
with Retry beside it, anything unexpected logged. After :data:`IDLE_SECONDS` without a touch,
click or key the kiosk closes what is open and returns to its start page, so the next person
does not work as the last one. The idle time is read from an injected clock (tests move it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kaizen.i18n import translate
from kaizen.ui import resources, worker
from kaizen.ui.form_op import Action, line_saver
from kaizen.ui.widgets.form import ErrorLabel, offers_retry, refusal_text

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.kiosk import KioskPerson, KioskService
    from kaizen.services.people import PeopleService, PersonInfo

TOUCH = 48  # the smallest target, in pixels (Material Design's and Apple's touch minimum)
BIG = 72  # the three actions
IDLE_SECONDS = 90
START, HOME, MY_IDEAS = range(3)
PERSON_ROLE = Qt.ItemDataRole.UserRole + 1
_ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin,
             QEvent.Type.TouchUpdate, QEvent.Type.Wheel}
# Capture forms opened here get touch-sized controls too.
_TOUCH_STYLE = f"""
QPushButton, QToolButton {{ min-height: {TOUCH}px; padding: 0 18px; }}
QLineEdit, QComboBox, QDoubleSpinBox, QSpinBox, QDateEdit {{ min-height: {TOUCH}px; }}
"""


# The app's style sheet styles PrimaryButton; the kiosk adds big, rounded, touchable rows.
# The start page's message line: the app's red, at the size of the kiosk's other small text.
_MESSAGE_STYLE = "color: #b42318; font-size: 13pt;"
_KIOSK_STYLE = f"""
QPushButton#KioskButton, QPushButton#PrimaryButton {{ border-radius: 10px; padding: 0 22px;
                                                     min-height: {TOUCH}px; }}
QPushButton[kioskSize="big"] {{ min-height: {BIG}px; }}
QLineEdit#BadgeEdit {{ min-height: {TOUCH + 8}px; padding: 0 12px; }}
QPushButton#KioskButton {{ background: #ffffff; border: 1px solid #d0d5dd;
                          color: {resources.TEXT}; }}
QPushButton#KioskButton:pressed {{ background: #e6f3f1; }}
QPushButton#FieldErrorAction {{ min-height: {TOUCH}px; padding: 0 22px; font-size: 13pt; }}
QListWidget#KioskPeople, QListWidget#KioskMyIdeas {{ border: 1px solid #d0d5dd;
                                                     border-radius: 10px; background: #ffffff; }}
QListWidget#KioskPeople::item, QListWidget#KioskMyIdeas::item {{
    padding-left: 16px; border-bottom: 1px solid #eaecf0; color: {resources.TEXT}; }}
QListWidget#KioskPeople::item:selected {{ background: #e6f3f1; color: {resources.TEXT}; }}
"""


def _button(text: str, icon_name: str, *, height: int = TOUCH, primary: bool = False,
            ) -> QPushButton:
    button = QPushButton(resources.icon(icon_name, "#ffffff" if primary else resources.ACCENT),
                         text)
    button.setObjectName("PrimaryButton" if primary else "KioskButton")
    button.setMinimumHeight(height)
    if height >= BIG:
        button.setProperty("kioskSize", "big")
    button.setIconSize(QSize(28, 28) if height >= BIG else QSize(22, 22))
    font = QFont(button.font())
    font.setPointSize(16 if height >= BIG else 13)
    button.setFont(font)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


def _label(text: str, size: int, *, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    font = QFont(label.font())
    font.setPointSize(size)
    font.setBold(bold)
    label.setFont(font)
    return label


def _touch_list(name: str) -> QListWidget:
    view = QListWidget()
    view.setObjectName(name)
    font = QFont(view.font())
    font.setPointSize(14)
    view.setFont(font)
    view.setSpacing(3)
    view.setUniformItemSizes(True)
    view.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return view


def _page(spacing: int) -> tuple[QWidget, QVBoxLayout]:
    """One of the kiosk's pages: a column with room around it for the fingers."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(48, 36, 48, 36)
    layout.setSpacing(spacing)
    return page, layout


def _title_row(title: QLabel, button: QPushButton) -> QHBoxLayout:
    """A page's title with its way out (Done, Back) at the top right."""
    row = QHBoxLayout()
    row.addWidget(title, 1)
    row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
    return row


class KioskWindow(QMainWindow):
    # A shared terminal locked to its own pages: no keyboard shortcut of any kind, F1's help
    # window included (its pages link out of the kiosk). See help_dialog.give_help_key.
    without_help_key = True

    def __init__(self, services: Services, *, clock: Callable[[], float] = time.monotonic,
                 idle_seconds: float = IDLE_SECONDS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KioskWindow")
        self.setWindowTitle(translate("ui.kiosk.window", "Kaizen kiosk"))
        self.setWindowIcon(resources.app_icon())
        self.services = services
        self.clock = clock
        self.idle_seconds = idle_seconds
        self.person: PersonInfo | None = None
        self.dialog: QDialog | None = None
        self.people: list[KioskPerson] = []
        self._last_activity = clock()
        self._people_load = worker.Latest()
        self._ideas_load = worker.Latest()
        self.setMenuBar(None)  # type: ignore[arg-type]  # no menus: no way out of the kiosk
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_start())
        self.stack.addWidget(self._build_home())
        self.stack.addWidget(self._build_my_ideas())
        self.setCentralWidget(self.stack)
        self.setStyleSheet(_KIOSK_STYLE)
        self.statusBar().hide()
        # Touches, clicks and keys anywhere in the app (dialogs too) count as activity.
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(1000)
        self.idle_timer.timeout.connect(self.check_idle)
        self.idle_timer.start()
        self.reload_people()

    # -- pages --------------------------------------------------------------------------------
    def _build_start(self) -> QWidget:
        page, layout = _page(16)
        layout.addWidget(_label(translate("ui.kiosk.window", "Who are you?"), 26, bold=True))
        layout.addWidget(_label(translate("ui.kiosk.window",
                                   "Scan your badge, type its number, or tap your name."), 14))
        row = QHBoxLayout()
        self.badge_edit = QLineEdit()
        self.badge_edit.setObjectName("BadgeEdit")
        self.badge_edit.setPlaceholderText(translate("ui.kiosk.window", "Badge number"))
        self.badge_edit.setMinimumHeight(TOUCH + 8)
        font = QFont(self.badge_edit.font())
        font.setPointSize(16)
        self.badge_edit.setFont(font)
        self.badge_edit.returnPressed.connect(self.find_badge)
        self.badge_button = _button(translate("ui.kiosk.window", "Go"),
                                    "mdi6.badge-account-outline", height=TOUCH + 8, primary=True)
        self.badge_button.clicked.connect(self.find_badge)
        row.addWidget(self.badge_edit, 1)
        row.addWidget(self.badge_button)
        layout.addLayout(row)
        # Every sign-in refusal on this line, right under the badge field (hidden when empty).
        self.start_message = ErrorLabel(style=_MESSAGE_STYLE)
        layout.addWidget(self.start_message)
        self.sign_in = line_saver(
            self, "badge_number", self.start_message, self.badge_edit, what="the kiosk sign-in",
            unexpected=translate("ui.kiosk.window", "You could not be signed in: {error}"),
            message=self._say)
        self.sign_in.busyChanged.connect(self._set_signing_in)
        self.people_list = _touch_list("KioskPeople")
        self.people_list.itemClicked.connect(self._on_person_clicked)
        self.people_list.itemActivated.connect(self._on_person_clicked)
        layout.addWidget(self.people_list, 1)
        return page

    def _build_home(self) -> QWidget:
        page, layout = _page(20)
        self.hello_label = _label("", 26, bold=True)
        self.done_button = _button(translate("ui.kiosk.window", "Done"), "mdi6.logout")
        self.done_button.setToolTip(translate(
            "ui.kiosk.window", "Finish: the kiosk goes back to its start for the next person"))
        self.done_button.clicked.connect(self.return_to_start)
        layout.addLayout(_title_row(self.hello_label, self.done_button))
        self.home_message = _label("", 14)
        self.home_message.setObjectName("KioskMessage")
        layout.addWidget(self.home_message)
        self.idea_button = _button(translate("ui.kiosk.window", "New idea"),
                                   "mdi6.lightbulb-on-outline", height=BIG, primary=True)
        self.waste_button = _button(translate("ui.kiosk.window", "Log waste"), "mdi6.shoe-print",
                                    height=BIG)
        self.my_ideas_button = _button(translate("ui.kiosk.window", "My ideas"),
                                       "mdi6.format-list-bulleted", height=BIG)
        self.idea_button.clicked.connect(self.open_idea_form)
        self.waste_button.clicked.connect(self.open_waste_form)
        self.my_ideas_button.clicked.connect(self.show_my_ideas)
        for button in (self.idea_button, self.waste_button, self.my_ideas_button):
            layout.addWidget(button)
        layout.addStretch(1)
        return page

    def _build_my_ideas(self) -> QWidget:
        page, layout = _page(16)
        self.my_ideas_title = _label(translate("ui.kiosk.window", "My ideas"), 26, bold=True)
        self.back_button = _button(translate("ui.kiosk.window", "Back"), "mdi6.arrow-left")
        self.back_button.clicked.connect(lambda: self.stack.setCurrentIndex(HOME))
        layout.addLayout(_title_row(self.my_ideas_title, self.back_button))
        self.ideas_list = _touch_list("KioskMyIdeas")
        self.ideas_list.setWordWrap(True)
        self.ideas_list.setUniformItemSizes(False)
        layout.addWidget(self.ideas_list, 1)
        return page

    # -- who is working -----------------------------------------------------------------------
    def reload_people(self) -> None:
        kiosk = self.services.kiosk
        self._people_load.run(kiosk.people, on_success=self._show_people,
                              on_failure=self._start_error, owner=self, name="kiosk people")

    def _show_people(self, people: list[KioskPerson]) -> None:
        self.people = people
        self.people_list.clear()
        for person in people:
            item = QListWidgetItem(person.name)
            item.setData(PERSON_ROLE, person)
            item.setSizeHint(QSize(0, 56))
            self.people_list.addItem(item)

    def _on_person_clicked(self, item: QListWidgetItem) -> None:
        person = item.data(PERSON_ROLE)
        if person is not None:
            self.pick(person)

    def find_badge(self) -> None:
        """Sign in the badge's person (staff at once; the PIN dialog for the others)."""
        kiosk, people = self.services.kiosk, self.services.people

        def collect() -> Callable[[], tuple[KioskPerson, PersonInfo | None]]:
            text = self.badge_edit.text()
            return lambda: _badge_sign_in(kiosk, people, text)

        self.sign_in.save(collect, self._on_badge_signed_in, name="kiosk badge")

    def _on_badge_signed_in(self, found: tuple[KioskPerson, PersonInfo | None]) -> None:
        person, signed_in = found
        if signed_in is None:
            self.pick(person)  # a PIN to confirm first
        else:
            self._signed_in(signed_in)

    def _start_error(self, error: BaseException) -> None:
        """The list of people could not be read: said on the start line (Retry reads again
        when the server was away)."""
        retry = self.reload_people if offers_retry(error) else None
        self._say(refusal_text(error), retry, "")

    def _say(self, text: str, action: Action | None, action_text: str) -> None:
        self.start_message.show_message(text, action=action, action_text=action_text or None)

    def _set_signing_in(self, busy: bool) -> None:
        # Nothing else is picked while one sign-in runs (the saver runs one at a time anyway).
        # The badge field stays enabled, only read-only, so it keeps the focus: the scanner
        # types the next badge into it after a refusal.
        self.badge_edit.setReadOnly(busy)
        for widget in (self.badge_button, self.people_list):
            widget.setEnabled(not busy)

    def pick(self, person: KioskPerson) -> None:
        """``person`` starts working here: staff at once, others after their PIN."""
        self.start_message.show_message("")
        if person.needs_pin:
            from kaizen.ui.who_picker import PinDialog

            # The dialog needs the id, name and role the list already holds: no read here, on
            # the GUI thread.
            dialog = PinDialog(person, self.services.people.authenticate, self)
            dialog.setStyleSheet(_TOUCH_STYLE)
            dialog.accepted.connect(lambda: self._signed_in(dialog.authenticated))
            self._open(dialog)
            return
        people = self.services.people
        self.sign_in.save(lambda: lambda: people.authenticate(person.id, None),
                          self._signed_in, name="kiosk sign in")

    def _signed_in(self, person: PersonInfo | None) -> None:
        if person is None:
            return
        self.person = person
        self.badge_edit.clear()
        self.hello_label.setText(
            translate("ui.kiosk.window", "Hello, {name}").format(name=person.name))
        self.home_message.setText(translate("ui.kiosk.window", "What would you like to do?"))
        self.stack.setCurrentIndex(HOME)

    # -- the three things to do ---------------------------------------------------------------
    def open_idea_form(self) -> QDialog | None:
        from kaizen.ui.capture.idea_form import IdeaDialog

        return self._capture(IdeaDialog)

    def open_waste_form(self) -> QDialog | None:
        from kaizen.ui.capture.observation_form import ObservationDialog

        return self._capture(ObservationDialog)

    def _capture(self, form: Any) -> QDialog | None:
        if self.person is None:
            return None
        dialog = form(self.services, self.person, self)
        dialog.setStyleSheet(dialog.styleSheet() + _TOUCH_STYLE)
        dialog.saved.connect(self._on_saved)
        self._open(dialog)
        return dialog  # type: ignore[no-any-return]

    def _on_saved(self, info: object) -> None:
        number = getattr(info, "id", None)
        # Two whole sentences: "idea" and "waste observation" take different words around them.
        if hasattr(info, "proposal"):
            text = translate("ui.kiosk.window", "Thank you: your idea #{number} is saved.")
        else:
            text = translate("ui.kiosk.window",
                             "Thank you: your waste observation #{number} is saved.")
        self.home_message.setText(text.format(number=number))

    def show_my_ideas(self) -> None:
        person = self.person
        if person is None:
            return
        self.ideas_list.clear()
        self.my_ideas_title.setText(translate("ui.kiosk.window", "My ideas"))
        self.stack.setCurrentIndex(MY_IDEAS)
        kiosk = self.services.kiosk
        self._ideas_load.run(lambda: kiosk.my_ideas(person.id), on_success=self._show_ideas,
                             on_failure=lambda e: self.my_ideas_title.setText(str(e)),
                             owner=self, name="kiosk my ideas")

    def _show_ideas(self, ideas: list[Any]) -> None:
        self.ideas_list.clear()
        if not ideas:
            item = QListWidgetItem(
                translate("ui.kiosk.window", "You have no ideas yet: tap Back, then New idea."))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setSizeHint(QSize(0, 56))
            self.ideas_list.addItem(item)
        for idea in ideas:
            # The day stays ISO (YYYY-MM-DD): the same in every language, and what tests read.
            item = QListWidgetItem(f"#{idea.id} {idea.title}\n{idea.status.label} · "  # i18n: no
                                   f"{idea.created_at:%Y-%m-%d} · {idea.area_name}")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setSizeHint(QSize(0, 72))
            self.ideas_list.addItem(item)
        self.my_ideas_title.setText(
            translate("ui.kiosk.window", "My ideas ({count})").format(count=len(ideas)))

    # -- dialogs and idleness -----------------------------------------------------------------
    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    def _on_dialog_finished(self, _result: int) -> None:
        self.dialog = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in _ACTIVITY:
            self._last_activity = self.clock()
        return False

    def check_idle(self) -> bool:
        """Back to the start page when nobody touched anything for the idle time; True then."""
        if self.clock() - self._last_activity < self.idle_seconds:
            return False
        if self.person is None and self.dialog is None and self.stack.currentIndex() == START:
            return False
        self.return_to_start()
        return True

    def return_to_start(self) -> None:
        """Close what is open, forget who was working, show the start page."""
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            # done(), not reject(): the person has gone, so a half-typed form is dropped
            # without asking "discard?" (nobody is there to answer).
            for child in dialog.findChildren(QDialog):
                child.done(QDialog.DialogCode.Rejected)
            dialog.done(QDialog.DialogCode.Rejected)
        self.person = None
        self.badge_edit.clear()
        self.start_message.show_message("")
        self.ideas_list.clear()
        self.stack.setCurrentIndex(START)
        self._last_activity = self.clock()
        self.reload_people()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.idle_timer.stop()
        super().closeEvent(event)


def _badge_sign_in(kiosk: KioskService, people: PeopleService,
                   badge: str) -> tuple[KioskPerson, PersonInfo | None]:
    """On the worker: the badge's person, signed in when they need no PIN (one round trip
    for the sign-in, so Retry after the server was away repeats both)."""
    person = kiosk.person_by_badge(badge)
    if person.needs_pin:
        return person, None
    return person, people.authenticate(person.id, None)
