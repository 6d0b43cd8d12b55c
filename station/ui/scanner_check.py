"""The scanner set-up check, as the IT person sees it: scan this code, read the verdict."""

from __future__ import annotations

import barcode
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.core.scan import Outcome, Scan
from station.core.scanner_check import TEST_CODE, Finding, diagnose
from station.ui.context import UiContext
from station.ui.widgets import big_label

NO_TERMINATOR_PAUSE_MS = 600


def check_code_modules() -> str:
    """The test code as Code 128 modules ('1' bar, '0' space), from python-barcode."""
    return barcode.get("code128", TEST_CODE).build()[0]


class BarcodeView(QWidget):
    """Draws a 1-D barcode from its modules: whole pixels per module, quiet zones kept."""

    QUIET = 12  # modules of white each side

    def __init__(self, modules: str, parent=None):
        super().__init__(parent)
        self.modules = modules
        # 3 px a module at least: a scanner reading a screen needs wide enough bars
        self.setMinimumSize((len(modules) + 2 * self.QUIET) * 3, 150)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        total = len(self.modules) + 2 * self.QUIET
        unit = max(1, self.width() // total)
        x = (self.width() - len(self.modules) * unit) // 2
        margin = self.height() // 10
        for bit in self.modules:
            if bit == "1":
                painter.fillRect(x, margin, unit, self.height() - 2 * margin, QColor("black"))
            x += unit
        painter.end()


class ScannerCheckDialog(QDialog):
    apply_requested = Signal(dict)  # scanner settings to change

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.findings: list[Finding] = []
        self.fixes: dict[str, str] = {}
        layout = QVBoxLayout(self)
        # the dialog grows with the verdict's lines instead of drawing them over the code
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.heading = big_label(size=16, bold=True)
        self.picture = BarcodeView(check_code_modules())
        self.catch_hint = QLabel()
        self.catch_hint.setWordWrap(True)
        self.catch = QLineEdit()  # where a scanner without Enter leaves its text
        self.catch.textEdited.connect(self._typed)
        self.catch_timer = QTimer(self)
        self.catch_timer.setSingleShot(True)
        self.catch_timer.timeout.connect(self._typed_done)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setStyleSheet("font-size: 14pt;")
        self.apply = QPushButton()
        self.apply.setVisible(False)
        self.apply.clicked.connect(lambda: self.apply_requested.emit(self.fixes))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        for w in (
            self.heading,
            self.picture,
            self.catch_hint,
            self.catch,
            self.result,
            self.apply,
            self.buttons,
        ):
            layout.addWidget(w)
        self.retranslate_ui()
        ctx.scan_targets.append(self)
        self.finished.connect(self._detach)

    def _detach(self) -> None:
        if self in self.ctx.scan_targets:
            self.ctx.scan_targets.remove(self)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Scanner check"))
        self.heading.setText(self.tr("Scan this code with the bench's scanner"))
        self.catch_hint.setText(self.tr("If nothing happens, click in this field and scan again:"))
        self.apply.setText(self.tr("Use these settings"))
        if self.findings:
            self._show(self.findings)

    # --- scans ---

    def handle_scan(self, scan: Scan) -> None:
        self.check(scan.raw or scan.data, terminated=scan.terminated)

    def _typed(self, _text: str) -> None:
        self.catch_timer.start(NO_TERMINATOR_PAUSE_MS)

    def _typed_done(self) -> None:
        text = self.catch.text()
        self.catch.clear()
        if text:
            self.check(text, terminated=False)

    def check(self, received: str, *, terminated: bool) -> list[Finding]:
        self.findings = diagnose(received, terminated=terminated)
        self._show(self.findings)
        ok = [f.code for f in self.findings] == ["scanner_ok"]
        self.ctx.feedback.give(
            Outcome.OK if ok else Outcome.WARNING,
            self.tr("Scanner works") if ok else self.tr("Scanner needs changes: see the check"),
        )
        return self.findings

    def _show(self, findings: list[Finding]) -> None:
        self.fixes = {}
        lines = []
        for f in findings:
            lines.append("• " + self.explain(f))
            if f.code == "prefix":
                self.fixes["prefix"] = f.params["text"]
            elif f.code == "suffix":
                self.fixes["suffix"] = f.params["text"]
            elif f.code == "gs_standin":
                self.fixes["gs_standin"] = f.params["text"]
        self.result.setText("\n".join(lines))
        self.apply.setVisible(bool(self.fixes))
        self.adjustSize()  # a word-wrapped verdict needs its height for the dialog's width

    def explain(self, f: Finding) -> str:
        p = f.params
        layouts = {"uk": self.tr("British"), "de": self.tr("German"), "fr": self.tr("French")}
        texts = {  # built lazily: each entry formats only its own parameters
            "scanner_ok": lambda: self.tr("Everything arrived as printed. The scanner is ready."),
            "no_terminator": lambda: self.tr(
                "The scanner sends no Enter after the code. Set its suffix to CR (Enter) "
                "with its configuration barcodes."
            ),
            "prefix": lambda: self.tr("The scanner adds {text!r} before each code.").format(**p),
            "suffix": lambda: self.tr("The scanner adds {text!r} after each code.").format(**p),
            "gs_dropped": lambda: self.tr(
                "The GS1 separator is lost: GS1 barcodes with lot or serial numbers will be "
                "read wrong. Set the scanner to send the separator as a stand-in such as ^] "
                "and enter that stand-in here."
            ),
            "gs_standin": lambda: self.tr(
                "The scanner sends the GS1 separator as {text!r}; the station will read it so."
            ).format(**p),
            "caps_lock": lambda: self.tr("Upper and lower case are swapped: Caps Lock is on."),
            "keyboard_layout": lambda: self.tr(
                "The scanner types for a {layout} keyboard but the PC has another one "
                "({chars} come out wrong). Set the scanner's keyboard country to the PC's."
            ).format(layout=layouts.get(p["layout"], p["layout"]), chars=p["chars"]),
            "dropped_keys": lambda: self.tr(
                "Characters lost on the way: {count}. The PC is too slow for the "
                "scanner's typing speed. Slow the scanner down (inter-character delay)."
            ).format(**p),
            "not_test_code": lambda: self.tr(
                "{received!r} is another barcode, not the test code: scan the code shown above."
            ).format(**p),
            "garbled": lambda: self.tr(
                "The code arrived garbled ({differences}). Check the scanner's keyboard "
                "country and code page."
            ).format(**p),
        }
        return texts[f.code]() if f.code in texts else f.code
