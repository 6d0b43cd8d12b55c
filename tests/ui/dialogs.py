"""Answering the station's questions as an operator does: find the open box, click."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox


def open_question() -> QMessageBox | None:
    """The message box on screen, if any (the modal one first)."""
    modal = QApplication.activeModalWidget()
    if isinstance(modal, QMessageBox) and modal.isVisible():
        return modal
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.isVisible():
            return w
    return None


def wait_question(qtbot, timeout=3000) -> QMessageBox:
    qtbot.waitUntil(lambda: open_question() is not None, timeout=timeout)
    return open_question()


def answer(qtbot, yes: bool, timeout=3000) -> str:
    """Wait for the question, click its yes (the first accepting button) or no; returns
    the question's text."""
    box = wait_question(qtbot, timeout)
    text = box.text()
    wanted = (
        (QMessageBox.ButtonRole.YesRole, QMessageBox.ButtonRole.AcceptRole)
        if yes
        else (QMessageBox.ButtonRole.NoRole, QMessageBox.ButtonRole.RejectRole)
    )
    button = next(b for b in box.buttons() if box.buttonRole(b) in wanted)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible())
    return text


def no_question() -> bool:
    return open_question() is None
