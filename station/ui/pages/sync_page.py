"""Sync: what waits for head office, and since when."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from station.db.models import utcnow
from station.services.status import snapshot
from station.ui.pages.base import Page
from station.ui.widgets import big_label, local_time


class SyncPage(Page):
    context = "sync"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.heading = big_label(size=18, bold=True)
        self.server = big_label(size=14)
        self.backlog = big_label(size=28, bold=True)
        self.oldest = big_label(size=14)
        for w in (self.heading, self.server, self.backlog, self.oldest):
            layout.addWidget(w)
        layout.addStretch(1)
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("Sync")

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Head office"))
        self.refresh()

    def refresh(self) -> None:
        s = snapshot(self.ctx.services.settings)
        if s.head_office:
            self.server.setText(self.tr("Server: {url}").format(url=s.head_office))
        else:
            self.server.setText(
                self.tr("No head office configured: records wait safely on this bench.")
            )
        self.backlog.setText(self.tr("{n} records to send").format(n=s.outbox_pending))
        if s.outbox_oldest is not None:
            minutes = int((utcnow() - s.outbox_oldest).total_seconds() // 60)
            self.oldest.setText(
                self.tr("Oldest from {when} ({minutes} min ago)").format(
                    when=local_time(s.outbox_oldest), minutes=minutes
                )
            )
        else:
            self.oldest.setText("")
