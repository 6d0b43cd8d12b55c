"""The login screen: pick your name and type your PIN, or scan your badge.

Also what the bench shows after it locks itself for idleness.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.config import SettingsError
from station.core.scan import Outcome, Scan
from station.services.operators import AuthError, Session
from station.ui.context import UiContext
from station.ui.i18n import LANGUAGE_NAMES
from station.ui.messages import message
from station.ui.widgets import big_label


class LoginPage(QWidget):
    logged_in = Signal(object)  # Session

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._badge: tuple[str, int] | None = None  # a badge waiting for its PIN
        self._pending_badge = ""
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        col = QVBoxLayout()
        outer.addLayout(col, 2)
        outer.addStretch(1)
        self.heading = big_label(size=24, bold=True)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = big_label(size=14)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.operators = QListWidget()
        font = self.operators.font()
        font.setPointSize(18)
        self.operators.setFont(font)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.pin.setFont(font)
        self.pin.returnPressed.connect(self.login_with_pin)
        self.button = QPushButton()
        self.button.setFont(font)
        self.button.clicked.connect(self.login_with_pin)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828; font-size: 16pt; font-weight: bold;")
        self.demo_hint = QLabel()
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setVisible(ctx.services.demo)
        self.language = self._language_choice()
        col.addWidget(self.language, 0, Qt.AlignmentFlag.AlignRight)
        for w in (
            self.heading,
            self.hint,
            self.operators,
            self.pin,
            self.button,
            self.error,
            self.demo_hint,
        ):
            col.addWidget(w)
        self.operators.currentItemChanged.connect(self._focus_pin)
        # the PIN field keeps the cursor; Up and Down there move in the list of names
        self.pin.installEventFilter(self)
        self.retranslate_ui()

    def _focus_pin(self, *_) -> None:
        """A name chosen: the PIN field takes the keys, but only while the login
        screen is in front; the list is also reloaded behind a page (a language
        change), and a hidden PIN field must never collect the page's keys."""
        if self.isVisible():
            self.pin.setFocus()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.pin and event.type() == QEvent.Type.KeyPress:
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(event.key())
            if step is not None and self.operators.count():
                row = self.operators.currentRow()
                row = 0 if row < 0 else min(max(row + step, 0), self.operators.count() - 1)
                self.operators.setCurrentRow(row)
                return True
        return super().eventFilter(obj, event)

    def retranslate_ui(self) -> None:
        self.reload_operators()
        running = self.ctx.translations.language
        self.language.setCurrentIndex(max(0, self.language.findData(running)))
        self.heading.setText(
            self.tr("Station · {bench}").format(bench=self.ctx.services.settings.bench.bench_name)
        )
        self.hint.setText(self.tr("Scan your badge, or choose your name and enter your PIN"))
        self.pin.setPlaceholderText(self.tr("PIN"))
        self.button.setText(self.tr("Log in"))
        self.demo_hint.setText(
            self.tr(
                "Demo PINs: 张伟 (packer) 1357 · 李娜 (receiver) 2468 · 王芳 (supervisor) 9876 "
                "· Admin 8642. Badges: OP-0001, OP-0002, SV-0001."
            )
        )

    # --- the interface language, chosen before logging in ---

    def _language_choice(self) -> QComboBox:
        """Each language named in itself; a choice applies at once and is saved."""
        box = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            box.addItem(name, code)
        box.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the name list and PIN
        font = box.font()
        font.setPointSize(14)
        box.setFont(font)
        box.setCurrentIndex(max(0, box.findData(self.ctx.translations.language)))
        box.activated.connect(lambda i: self.choose_language(box.itemData(i)))
        return box

    def choose_language(self, language: str) -> None:
        """Switch the interface to ``language`` now and keep it for the next start."""
        if language == self.ctx.translations.language:
            return
        try:
            self.ctx.services.choose_language(language)
        except SettingsError as exc:
            self.ctx.feedback.give(Outcome.REFUSED, message(exc.code, exc.params))
            return
        except OSError as exc:  # the settings file cannot be written
            text = message("settings_invalid", {"error": exc.strerror or exc})
            self.ctx.feedback.give(Outcome.REFUSED, text)
            return
        self.ctx.translations.set_language(language)  # LanguageChange: every widget retranslates

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def reload_operators(self) -> None:
        self.operators.clear()
        for op in self.ctx.services.operators.active_operators():
            item = QListWidgetItem(f"{op.name}  ·  {message('role_' + op.role)}")
            item.setData(Qt.ItemDataRole.UserRole, op.id)
            self.operators.addItem(item)

    def show_reason(self, text: str) -> None:
        """Why the screen is here (e.g. locked for idleness)."""
        self.error.setText(text)

    def reset(self) -> None:
        self._badge = None
        self.pin.clear()
        self.operators.clearSelection()

    # --- logging in ---

    def handle_scan(self, scan: Scan) -> None:
        self._badge = None
        self._pending_badge = scan.data
        self._attempt(lambda: self.ctx.services.operators.login_with_badge(scan.data))

    def login_with_pin(self) -> None:
        item = self.operators.currentItem()
        operator_id = item.data(Qt.ItemDataRole.UserRole) if item else -1
        pin = self.pin.text()
        ops = self.ctx.services.operators
        badge = self._badge
        if badge is not None and badge[1] == operator_id:
            # a supervisor's badge was scanned and the settings ask their PIN too
            self._attempt(lambda: ops.login_with_badge(badge[0], pin))
        else:
            self._attempt(lambda: ops.login_with_pin(operator_id, pin))

    def _attempt(self, login) -> None:
        try:
            session: Session = login()
        except AuthError as exc:
            if exc.code == "badge_needs_pin":
                # badge and PIN: the badge is kept, its owner chosen, the cursor waits
                self._badge = (self._pending_badge, exc.params["operator_id"])
                for row in range(self.operators.count()):
                    if self.operators.item(row).data(Qt.ItemDataRole.UserRole) == self._badge[1]:
                        self.operators.setCurrentRow(row)
                self.pin.setFocus()
            self.pin.clear()
            text = message(exc.code, exc.params)
            self.error.setText(text)
            self.ctx.feedback.give(Outcome.REFUSED, text)
            return
        self.error.clear()
        self._badge = None
        self.reset()
        self.ctx.feedback.give(Outcome.OK, message("logged_in", {"name": session.operator.name}))
        self.logged_in.emit(session)
