"""Sync: is head office reachable, what waits, since when, and what it refused."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout

from station.core.scan import Outcome
from station.db.models import OutboxRecord, utcnow
from station.services.dispatch.reports import (
    NO_AUTHORISATION,
    refused_reports,
    unrelayed_reports,
)
from station.services.status import snapshot
from station.ui.approval import ApprovalDialog
from station.ui.messages import message
from station.ui.pages.base import Page
from station.ui.widgets import big_label, local_time


class SyncPage(Page):
    context = "sync"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.heading = big_label(size=18, bold=True)
        self.server = big_label(size=14)
        self.state = big_label(size=16, bold=True)
        self.backlog = big_label(size=28, bold=True)
        self.oldest = big_label(size=14)
        self.error = big_label(size=13)
        self.error.setStyleSheet("color: #c62828;")
        self.parked = big_label(size=14)
        self.shipments = big_label(size=13)
        self.shipments.setStyleSheet("color: #c62828;")
        self.unrelayed = big_label(size=13)
        self.unrelayed.setStyleSheet("color: #c62828;")
        self.bar = QProgressBar()
        self.bar.hide()
        row = QHBoxLayout()
        self.sync_now = QPushButton()
        self.sync_now.clicked.connect(self._sync_now)
        self.release = QPushButton()
        self.release.clicked.connect(self.release_parked)
        row.addWidget(self.sync_now)
        row.addWidget(self.release)
        row.addStretch(1)
        for w in (
            self.heading,
            self.server,
            self.state,
            self.backlog,
            self.oldest,
            self.bar,
            self.error,
            self.parked,
            self.shipments,
            self.unrelayed,
        ):
            layout.addWidget(w)
        layout.addLayout(row)
        layout.addStretch(1)
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("Sync")

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Head office"))
        self.sync_now.setText(self.tr("Send now"))
        self.release.setText(self.tr("Send refused records again…"))
        self.refresh()

    def _hub(self):
        return getattr(self.ctx, "sync", None)

    def refresh(self) -> None:
        s = snapshot(self.ctx.services.settings)
        hub = self._hub()
        if s.head_office:
            self.server.setText(self.tr("Server: {url}").format(url=s.head_office))
        else:
            self.server.setText(
                self.tr("No head office configured: records wait safely on this bench.")
            )
        last = hub.last if hub else None
        refused = bool(hub and hub.configured and last and getattr(last, "token_refused", False))
        self.state.setStyleSheet("color: #c62828;" if refused else "")
        if hub is None or not hub.configured:
            self.state.setText(self.tr("Offline: not set up (URL and bench token)"))
        elif last is None:
            self.state.setText(self.tr("Connecting…"))
        elif refused:
            self.state.setText(
                self.tr(
                    "Head office refused this bench's token: nothing is sent, the records "
                    "wait here and go once the token is right"
                )
            )
        elif last.done:
            self.state.setText(
                self.tr("Online · last sent {when}").format(when=local_time(hub.last_success))
            )
        else:
            self.state.setText(
                self.tr("Offline · trying again in {s:.0f} s").format(s=last.retry_in or 0)
            )
        notes = []
        if last and last.error:
            notes.append(self.tr("Last error: {error}").format(error=self.error_text(last)))
        conflicts = last.downloaded.conflicts if last and last.downloaded else []
        for conflict in conflicts:
            notes.append(
                self.tr("Conflict with head office: {what}").format(
                    what=self.conflict_text(conflict)
                )
            )
        self.error.setText("\n".join(notes))
        self.backlog.setText(self.tr("Records to send: {n}").format(n=s.outbox_pending))
        if s.outbox_oldest is not None:
            minutes = int((utcnow() - s.outbox_oldest).total_seconds() // 60)
            self.oldest.setText(
                self.tr("Oldest from {when} ({minutes} min ago)").format(
                    when=local_time(s.outbox_oldest), minutes=minutes
                )
            )
        else:
            self.oldest.setText("")
        self.parked.setText(
            self.tr("Records refused by head office, waiting for a supervisor: {n}").format(
                n=s.outbox_parked
            )
            if s.outbox_parked
            else ""
        )
        refusals = refused_reports()
        self.shipments.setText(
            "\n".join(
                [self.tr("Shipment reports refused by the platform: {n}").format(n=len(refusals))]
                + [
                    self.tr("{order} · {tracking}: {reason}").format(
                        order=r.order, tracking=r.tracking, reason=r.reason
                    )
                    for r in refusals[:20]
                ]
            )
            if refusals
            else ""
        )
        unrelayed = unrelayed_reports()
        self.unrelayed.setText(
            "\n".join(
                [
                    self.tr(
                        "Shipment reports head office did not pass to the platform: {n} "
                        "(report these orders shipped at the platform, or send them again "
                        "once head office holds the shop's authorisation)"
                    ).format(n=len(unrelayed))
                ]
                + [
                    self.tr("{order} · {tracking}: {reason}").format(
                        order=r.order, tracking=r.tracking, reason=self.unrelayed_reason(r.reason)
                    )
                    for r in unrelayed[:20]
                ]
            )
            if unrelayed
            else ""
        )
        self.release.setEnabled(bool(s.outbox_parked))
        self.sync_now.setEnabled(hub is not None and hub.configured)

    def unrelayed_reason(self, reason: str) -> str:
        """Head office's reason for not relaying, in the operator's language where
        it is the contract's own (no authorisation); other words quoted as sent."""
        if reason == NO_AUTHORISATION:
            return self.tr("the shop has no platform authorisation at head office")
        return reason

    def error_text(self, result) -> str:
        """The last fault in the operator's language (from its code, never the log's
        English); head office's own words, when it gave a reason, are quoted as sent."""
        if not result.error_code:
            return message("sync_error")
        text = message(result.error_code, result.error_params)
        if result.error_stage == "master":
            return self.tr("master data: {error}").format(error=text)
        return text

    @staticmethod
    def conflict_text(conflict) -> str:
        """A change from head office not applied here, in the operator's language."""
        code = getattr(conflict, "code", "")
        if not code:
            return str(conflict)
        params = dict(conflict.params)
        if code == "conflict.order_status":  # the states in words, as the pages say them
            for key in ("theirs", "ours"):
                params[key] = message(f"order_status_{params[key]}")
        return message(code, params)

    def show_progress(self, done: int, total: int) -> None:
        self.bar.setVisible(done < total)
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def _sync_now(self) -> None:
        hub = self._hub()
        if hub is not None:
            hub.sync_now()

    def release_parked(self) -> ApprovalDialog:
        dialog = ApprovalDialog(
            self.ctx,
            "release_parked",
            self.tr("Send the refused records to head office again?"),
            parent=self,
        )

        def approved(_supervisor) -> None:
            n = OutboxRecord.update(state="pending").where(OutboxRecord.state == "parked").execute()
            self.ctx.feedback.give(Outcome.OK, self.tr("Records to be sent again: {n}").format(n=n))
            self._sync_now()
            self.refresh()

        dialog.approved.connect(approved)
        dialog.open()
        return dialog
