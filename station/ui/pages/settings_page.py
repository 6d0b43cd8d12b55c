"""Settings: language, bench, devices, head office, feedback, security.

Anyone may look; saving needs the right to change settings, or a
supervisor's approval on the spot (audited with both names).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from station.core.auth import Permission
from station.core.scan import Outcome
from station.ui.approval import ApprovalDialog
from station.ui.messages import message
from station.ui.pages.base import Page
from station.ui.widgets import big_label

LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}


class SettingsPage(Page):
    context = "settings"
    saved = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.heading = big_label(size=18, bold=True)
        layout.addWidget(self.heading)
        form = QFormLayout()
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.bench_name = QLineEdit()
        self.scanner = QLineEdit()
        self.printer = QLineEdit()
        self.standby_printer = QLineEdit()
        self.document_printer = QLineEdit()
        self.scale = QLineEdit()
        self.head_office = QLineEdit()
        self.sound = QCheckBox()
        self.idle_lock = QSpinBox()
        self.idle_lock.setRange(1, 240)
        self.fields = [
            self.language,
            self.bench_name,
            self.scanner,
            self.printer,
            self.standby_printer,
            self.document_printer,
            self.scale,
            self.head_office,
            self.sound,
            self.idle_lock,
        ]
        self.labels = [QLabel() for _ in self.fields]
        for label, field in zip(self.labels, self.fields, strict=True):
            form.addRow(label, field)
        layout.addLayout(form)
        self.save = QPushButton()
        self.save.clicked.connect(self.request_save)
        layout.addWidget(self.save)
        layout.addStretch(1)
        self.retranslate_ui()
        self.refresh()

    def title(self) -> str:
        return self.tr("Settings")

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Settings of this bench"))
        texts = [
            self.tr("Language"),
            self.tr("Bench name"),
            self.tr("Scanner"),
            self.tr("Label printer"),
            self.tr("Standby label printer"),
            self.tr("Document printer"),
            self.tr("Scale"),
            self.tr("Head office URL"),
            self.tr("Sounds"),
            self.tr("Lock after idle (minutes)"),
        ]
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.sound.setText(self.tr("Play a sound on every scan"))
        self.save.setText(self.tr("Save settings"))

    def refresh(self) -> None:
        s = self.ctx.services.settings
        self.language.setCurrentIndex(self.language.findData(s.bench.language))
        self.bench_name.setText(s.bench.bench_name)
        self.scanner.setText(s.devices.scanner)
        self.printer.setText(s.devices.printer)
        self.standby_printer.setText(s.devices.standby_printer)
        self.document_printer.setText(s.devices.document_printer)
        self.scale.setText(s.devices.scale)
        self.head_office.setText(s.head_office.url)
        self.sound.setChecked(s.feedback.sound)
        self.idle_lock.setValue(s.security.idle_lock_minutes)

    def edited_settings(self):
        s = self.ctx.services.settings
        s = s.replace(
            "bench",
            language=self.language.currentData(),
            bench_name=self.bench_name.text().strip() or s.bench.bench_name,
        )
        s = s.replace(
            "devices",
            scanner=self.scanner.text().strip(),
            printer=self.printer.text().strip(),
            standby_printer=self.standby_printer.text().strip(),
            document_printer=self.document_printer.text().strip(),
            scale=self.scale.text().strip(),
        )
        s = s.replace("head_office", url=self.head_office.text().strip())
        s = s.replace("feedback", sound=self.sound.isChecked())
        return s.replace("security", idle_lock_minutes=self.idle_lock.value())

    def request_save(self) -> ApprovalDialog | None:
        session = self.ctx.session
        if session is None:
            return None
        if session.can(Permission.CHANGE_SETTINGS):
            self._save(None)
            return None
        dialog = ApprovalDialog(
            self.ctx, "change_settings", self.tr("Change this bench's settings"), parent=self
        )
        dialog.approved.connect(self._save)
        dialog.open()
        return dialog

    def _save(self, approved_by) -> None:
        new = self.edited_settings()
        old_language = self.ctx.services.settings.bench.language
        self.ctx.services.change_settings(new, self.ctx.session.operator, approved_by)
        if new.bench.language != old_language:
            self.ctx.translations.set_language(new.bench.language)
        self.ctx.feedback.give(Outcome.OK, message("settings_saved"))
        self.saved.emit()
