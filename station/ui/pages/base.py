"""What every page has: a title, the kinds of code it accepts, its scan handling."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

from station.core.auth import Permission
from station.core.scan import Scan
from station.services.lookup import Found
from station.ui.context import UiContext
from station.ui.messages import message


class Page(QWidget):
    context = ""  # the job's name in the scan log
    accepts: frozenset[str] = frozenset()  # kinds of code this page takes
    permission: Permission | None = None  # needed to open the page

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx

    def title(self) -> str:
        return self.context

    def handle_scan(self, scan: Scan) -> None:
        """Identify the code, log the scan, answer with banner and sound, show what it is."""
        operator = self.ctx.session.operator if self.ctx.session else None
        verdict, found = self.ctx.services.lookup.scan(
            scan, context=self.context, accepts=self.accepts, operator=operator
        )
        params = dict(verdict.params)
        if found.product is not None:
            params.setdefault("name", found.product.name)
        self.ctx.feedback.give(verdict.outcome, message(verdict.code, params))
        if found.kind in self.accepts:
            self.show_found(found)

    def hotkey(self, key: int, modifiers, text: str) -> bool:
        """A key a person typed while this page is in front, wherever the focus is.

        Pages with hotkeys override this and return True for the keys they take;
        the key then reaches no widget. A scanner's keys never arrive here.
        """
        return False

    def keyPressEvent(self, event) -> None:
        if not self.hotkey(event.key(), event.modifiers(), event.text()):
            super().keyPressEvent(event)

    def show_found(self, found: Found) -> None:
        """Show what a scan found; pages override."""

    def refresh(self) -> None:
        """Reload what the page shows; called when it comes to the front."""

    def retranslate_ui(self) -> None:
        """Set every visible text; called at start and on a language change."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
