"""A question before a step that cannot be undone.

A window-modal message box with two clearly named buttons, opened with
``open()`` (never a blocking ``exec()``): the step runs only when the
operator answers yes. "No" is the default and the Esc answer, so a stray
Enter never confirms. While the question is open it takes the bench's scans
and refuses them out loud: a scan never acts on the page behind a question.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from station.core.scan import Outcome, Scan
from station.ui.context import UiContext


class Confirmation(QMessageBox):
    """Ask ``question``; ``on_yes()`` runs on yes, ``on_no()`` (if given) on no or Esc."""

    def __init__(
        self,
        ctx: UiContext,
        title: str,
        question: str,
        yes_text: str,
        on_yes: Callable[[], None],
        *,
        on_no: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(title)
        self.setText(question)
        self.yes_button = self.addButton(yes_text, QMessageBox.ButtonRole.YesRole)
        self.no_button = self.addButton(self.tr("No, go back"), QMessageBox.ButtonRole.NoRole)
        self.setDefaultButton(self.no_button)
        self.setEscapeButton(self.no_button)
        self._on_yes = on_yes
        self._on_no = on_no
        self.answered_yes: bool | None = None
        self.finished.connect(self._answered)
        ctx.scan_targets.append(self)

    def _answered(self, _result: int) -> None:
        if self in self.ctx.scan_targets:
            self.ctx.scan_targets.remove(self)
        self.answered_yes = self.clickedButton() is self.yes_button
        if self.answered_yes:
            self._on_yes()
        elif self._on_no is not None:
            self._on_no()

    def handle_scan(self, scan: Scan) -> None:
        """A scan while the question is open is refused: answer it first."""
        self.ctx.feedback.give(
            Outcome.REFUSED,
            self.tr("Answer the question on the screen first: {question}").format(
                question=self.text()
            ),
        )


def ask(
    ctx: UiContext,
    parent: QWidget,
    title: str,
    question: str,
    yes_text: str,
    on_yes: Callable[[], None],
    *,
    on_no: Callable[[], None] | None = None,
) -> Confirmation:
    """Open a :class:`Confirmation` and return it (it answers through the callbacks)."""
    box = Confirmation(ctx, title, question, yes_text, on_yes, on_no=on_no, parent=parent)
    box.open()
    return box
