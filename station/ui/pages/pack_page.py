"""Pack-out: scan the order, scan every unit, close the parcel; the label prints itself.

Keys (typed by a person; a scanner's keys never reach them): digits set the
quantity of the next scan, Enter closes the parcel, N closes it and starts
another for the same order, S ships what is missing short (supervisor),
R acknowledges the seller's remark, Esc puts the order aside.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
)

from station.core.auth import Permission
from station.core.scan import Outcome, Scan
from station.db.models import utcnow
from station.labels.layout import TemplateError
from station.services.documents import DocumentError
from station.services.packing import CloseResult, PackError, PackState
from station.services.scale_worker import refusal
from station.ui.approval import ApprovalDialog
from station.ui.messages import ewaybill_refusal, label_failure, message
from station.ui.pages.base import Page
from station.ui.pages.pack_ewaybills import EwaybillAsking
from station.ui.pictures import PICTURE_PX, ProductPicture, picture_book
from station.ui.widgets import BigTable, big_label, due_text, local_time

URGENCY_COLOURS = {"late": "#c62828", "at_risk": "#e65100"}


class PackPage(EwaybillAsking, Page):
    context = "pack"
    permission = Permission.PACK
    parcel_closed = Signal(object)  # CloseResult

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.state: PackState | None = None
        self.remark_read = False
        self.qty_typed = ""
        self.started: tuple = (None, None)  # (Operator, naive UTC) who started the open order
        self._asking: set[int] = set()  # orders whose e-waybill is being asked of head office
        self._close_pending: int | None = None  # an order to close once that is answered
        self._pending_weight: dict[int, object] = {}  # the scale's reading for that close
        self._parcel_count: dict[int, int] = {}  # order id -> parcels it will have (JD)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        self.heading = big_label(size=20, bold=True)
        self.buyer = big_label(size=14)
        self.remarks = QLabel()
        self.remarks.setWordWrap(True)
        self.remarks.setFrameShape(QFrame.Shape.StyledPanel)
        self.remarks.hide()
        self.remark_button = QPushButton()
        self.remark_button.clicked.connect(self.acknowledge_remark)
        self.remark_button.hide()
        self.lines = BigTable(5)
        # each line with its product's picture; the line packed last also shown large
        self.pictures = picture_book(ctx)
        self.pictures.arrived.connect(self._pictures_arrived)
        self.lines.verticalHeader().setDefaultSectionSize(PICTURE_PX + 8)
        self.picture = ProductPicture(self.pictures)
        self.picture_line: int | None = None
        lines_row = QHBoxLayout()
        lines_row.addWidget(self.lines, 1)
        lines_row.addWidget(self.picture)
        self.info = big_label(size=14)
        # amber: a platform's refusal or a low e-waybill balance, with what to do; and
        # the parcels that closed without an e-waybill and wait for it
        self.ewaybill_note = QLabel()
        self.ewaybill_note.setWordWrap(True)
        self.ewaybill_note.setStyleSheet(
            "background: #ffe0b2; color: #4e2600; font-size: 14pt; padding: 6px;"
        )
        self.ewaybill_note.hide()
        self.ewaybill_waiting = QLabel()
        self.ewaybill_waiting.setWordWrap(True)
        self.ewaybill_waiting.setStyleSheet(
            "background: #fff3cd; color: #5d4037; font-size: 12pt; padding: 4px;"
        )
        self.ewaybill_waiting.hide()
        bar = QHBoxLayout()
        self.qty_label = big_label(size=16, bold=True)
        self.close_button = QPushButton()
        self.next_button = QPushButton()
        self.short_button = QPushButton()
        self.clear_button = QPushButton()
        for b, slot in (
            (self.close_button, lambda: self.close_parcel(final=True)),
            (self.next_button, lambda: self.close_parcel(final=False)),
            (self.short_button, self.ship_short),
            (self.clear_button, self.put_aside),
        ):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(slot)
        self.remark_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        bar.addWidget(self.qty_label)
        bar.addStretch(1)
        for b in (self.close_button, self.next_button, self.short_button, self.clear_button):
            bar.addWidget(b)
        for w in (self.heading, self.buyer, self.remarks, self.remark_button):
            layout.addWidget(w)
        layout.addLayout(lines_row, 1)
        layout.addWidget(self.info)
        layout.addWidget(self.ewaybill_note)
        layout.addWidget(self.ewaybill_waiting)
        layout.addLayout(bar)
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("Pack-out")

    # --- showing ---

    def retranslate_ui(self) -> None:
        self.lines.setHorizontalHeaderLabels(
            [
                self.tr("SKU"),
                self.tr("Product"),
                self.tr("Packed"),
                self.tr("Short"),
                self.tr("Note"),
            ]
        )
        self.remark_button.setText(self.tr("I have read the remark (R)"))
        self.close_button.setText(self.tr("Close parcel (Enter)"))
        self.next_button.setText(self.tr("Next parcel (N)"))
        self.short_button.setText(self.tr("Ship short… (S)"))
        self.clear_button.setText(self.tr("Put aside (Esc)"))
        self._render()

    def refresh(self) -> None:
        picture_book(self.ctx)  # pictures the sync hub fetches show when they arrive
        if self.state is None and self.ctx.session is not None:
            # the order this bench was packing when it stopped (never one put aside)
            order = self.ctx.services.packing.interrupted()
            if order is not None:
                self.state = self.ctx.services.packing.state(order)
                self.started = self.ctx.services.packing.started(order)
                self.remark_read = False
                self._ask_ahead(order)
        elif self.state is not None:
            self.state = self.ctx.services.packing.state(self.state.order)
        self._render()
        self.setFocus()

    def _render(self) -> None:
        st = self.state
        self.qty_label.setText(self.tr("Qty: {n}").format(n=self.qty_typed or "1"))
        for b in (self.close_button, self.next_button, self.short_button, self.clear_button):
            b.setEnabled(st is not None)
        self._show_waiting()
        if st is None:
            self.heading.setText(self.tr("Scan an order or pick ticket to start"))
            self.heading.setStyleSheet("")
            self.buyer.setText("")
            self.info.setText("")
            self.remarks.hide()
            self.remark_button.hide()
            self.lines.setRowCount(0)
            self.picture.hide()
            return
        o = st.order
        due = local_time(o.promised_dispatch_at)
        left = due_text(o.promised_dispatch_at, utcnow())
        text = self.tr("Order {number} · due {due} ({left})").format(
            number=o.number, due=due, left=left
        )
        if st.urgency in ("late", "at_risk"):
            text += " · " + self.tr("penalty at risk ¥{amount:.2f}").format(
                amount=st.penalty_fen / 100
            )
        self.heading.setText(text)
        self.heading.setStyleSheet(f"color: {URGENCY_COLOURS.get(st.urgency, '#000000')};")
        self.buyer.setText(f"{o.buyer_name} · {o.address} · {o.carrier or ''}")
        notes = []
        if o.seller_remark:
            notes.append(self.tr("Seller remark: {text}").format(text=o.seller_remark))
        if o.buyer_message:
            notes.append(self.tr("Buyer message: {text}").format(text=o.buyer_message))
        self.remarks.setText("\n".join(notes))
        self.remarks.setVisible(bool(notes))
        colours = (
            "background: #fff3cd; color: #5d4037;"
            if not self.remark_read
            else "background: #e8f5e9; color: #1b5e20;"
        )
        self.remarks.setStyleSheet(f"{colours} font-size: 16pt; padding: 8px;")
        self.remark_button.setVisible(bool(notes) and not self.remark_read)
        self.lines.setRowCount(len(st.lines))
        dpr = self.lines.devicePixelRatioF()
        for row, ln in enumerate(st.lines):
            cells = [
                ln.sku,
                ln.name,
                f"{ln.packed} / {ln.qty}",
                str(ln.short) if ln.short else "",
                self.tr("GIFT") if ln.is_gift else "",
            ]
            colour = QColor("#c8e6c9") if ln.done else (QColor("#fff3cd") if ln.is_gift else None)
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if col in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if col == 1:
                    picture = self.pictures.pixmap(ln.image, PICTURE_PX, dpr)
                    item.setData(Qt.ItemDataRole.DecorationRole, picture)
                if colour is not None:
                    item.setBackground(colour)
                self.lines.setItem(row, col, item)
        self._show_picture(st)
        parts = [self.tr("Parcel {n}").format(n=st.parcel.seq)]
        if st.expected_g is not None:
            parts.append(self.tr("expected {g} g").format(g=st.expected_g))
        who, when = self.started
        if who is not None:
            parts.append(
                self.tr("started by {name} at {time}").format(name=who.name, time=local_time(when))
            )
        if st.order.id in self._asking:
            parts.append(message("ewaybill_asking"))
        batches = self.ctx.services.batches
        batch = batches.of_order(st.order) if batches is not None else None
        if batch is not None:  # how many of its batch are left, this one included
            view = batches.view(batch)
            parts.append(
                message(
                    "batch_left", {"batch": view.number, "left": view.left, "total": view.total}
                )
            )
        self.info.setText(" · ".join(parts))

    def _pictures_arrived(self) -> None:
        """New pictures from head office: the lines again, with their (new) references."""
        if self.state is not None:
            self.state = self.ctx.services.packing.state(self.state.order)
        self._render()

    def _show_picture(self, st: PackState) -> None:
        """Large: the line a unit went on last; before the first, the next to pack."""
        line = next((ln for ln in st.lines if ln.line_id == self.picture_line), None)
        line = line or next((ln for ln in st.lines if not ln.done), None)
        line = line or (st.lines[0] if st.lines else None)
        if line is None:
            self.picture.hide()
            return
        self.picture.show_product(line.image, f"{line.sku}\n{line.name}")
        row = st.lines.index(line)
        if self.lines.item(row, 1) is not None:  # a long order: keep that line in view
            self.lines.scrollToItem(self.lines.item(row, 1))

    # --- scans ---

    def handle_scan(self, scan: Scan) -> None:
        """With an order open, a scan is an item unless it names another order."""
        svc = self.ctx.services.packing
        if self.state is not None and (svc.is_item(scan.data) or svc.find_order(scan.data) is None):
            self.scan_item(scan)
        else:
            self.open_order(scan)

    def open_order(self, scan: Scan, override_by=None) -> None:
        verdict, state = self.ctx.services.packing.open(
            scan, self.ctx.session, override_by=override_by
        )
        text = message(verdict.code, verdict.params)
        if state is not None:
            started = self.ctx.services.packing.started(state.order)
            if verdict.code == "order_resumed" and started[0] is not None:
                # a resumed pack says whose it was: units on the bench may be theirs
                text += " · " + message(
                    "pack_started_by", {"name": started[0].name, "time": local_time(started[1])}
                )
        self.ctx.feedback.give(verdict.outcome, text)
        if verdict.code in ("already_packed", "already_shipped"):
            dialog = ApprovalDialog(
                self.ctx,
                "duplicate_override",
                self.tr("Order {number} was packed already. Pack it again?").format(
                    number=verdict.params["number"]
                ),
                parent=self,
            )
            dialog.approved.connect(lambda sup: self.open_order(scan, override_by=sup))
            dialog.open()
            return
        if state is not None:
            if self.state is None or self.state.order.id != state.order.id:
                self.remark_read = False
                self.picture_line = None
                self.show_ewaybill_note("")  # the last order's refusal is not this one's
            self.state = state
            self.started = started
            self.qty_typed = ""
            self._ask_ahead(state.order)
        self._render()
        if state is not None and verdict.code == "order_resumed" and state.complete:
            # every unit was verified before the station stopped, the close was not:
            # finish what the last unit had started
            self.close_parcel(final=True)

    def scan_item(self, scan: Scan) -> None:
        qty = int(self.qty_typed or 1)
        before = {ln.line_id: ln.packed for ln in self.state.lines}
        verdict, state = self.ctx.services.packing.scan_item(
            self.state, scan, self.ctx.session, qty=qty
        )
        self.state = state
        for ln in state.lines:  # the line the units went on: its picture shown large
            if ln.packed > before.get(ln.line_id, ln.packed):
                self.picture_line = ln.line_id
        # the typed quantity was for this scan: accepted or refused, the next scan counts 1
        # (a refused wrong item must not carry a 6 over to the next product)
        self.qty_typed = ""
        waits_for_remark = state.has_remark and not self.remark_read
        if verdict.outcome is Outcome.OK and state.complete and waits_for_remark:
            # the unit is counted (amber, not red): the parcel waits for the remark
            self.ctx.feedback.give(Outcome.WARNING, message("complete_read_remark"))
            self._render()
            return
        self.ctx.feedback.give(verdict.outcome, message(verdict.code, verdict.params))
        self._render()
        if verdict.outcome is Outcome.OK and state.complete:
            self.close_parcel(final=True)  # the label prints itself on the last unit

    # --- keys ---

    def hotkey(self, key: int, modifiers, text: str) -> bool:
        if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        if text.isdigit() and self.state is not None:
            self.qty_typed = (self.qty_typed + text)[-4:].lstrip("0")
        elif key == Qt.Key.Key_Backspace:
            self.qty_typed = self.qty_typed[:-1]
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.close_parcel(final=True)
        elif key == Qt.Key.Key_N:
            self.close_parcel(final=False)
        elif key == Qt.Key.Key_S:
            self.ship_short()
        elif key == Qt.Key.Key_R:
            self.acknowledge_remark()
        elif key == Qt.Key.Key_Escape:
            self.put_aside()
        else:
            return False
        self._render()
        return True

    # --- actions ---

    def acknowledge_remark(self) -> None:
        if self.state is not None and self.state.has_remark and not self.remark_read:
            self.remark_read = True
            self.ctx.feedback.give(Outcome.OK, self.tr("Remark read"))
            self._render()
            if self.state.complete:
                self.close_parcel(final=True)  # every unit was in: it closes now

    def put_aside(self) -> None:
        """Stop showing the order; it stays 'packing' with what is packed, and stays put
        aside (this page does not reopen it, nor does a restart) until it is scanned
        again, when it resumes."""
        if self.state is not None:
            order = self.state.order
            self.ctx.services.packing.put_aside(order, self.ctx.session)
            self.ctx.feedback.give(Outcome.OK, message("order_put_aside", {"number": order.number}))
        self.state = None
        self.started = (None, None)
        self.qty_typed = ""
        self._render()

    def close_parcel(
        self, *, final: bool, shorts=None, approved_by=None, weight_approved_by=None
    ) -> None:
        st = self.state
        if st is None:
            return
        if st.has_remark and not self.remark_read:
            self.ctx.feedback.give(Outcome.REFUSED, message("remark_not_acknowledged"))
            return
        if final and self.ctx.services.packing.parcel_count_needed(st.order):
            self._parcel_count.pop(st.order.id, None)  # a first parcel that is the last: 1
        elif not final and not self.ask_parcel_count(st.order):
            return
        devices = self.ctx.devices
        if devices is not None and self.ctx.services.settings.devices.scale:
            # only a stable weight comes back; anything else is refused with its reason
            # (not settled, overload, underload, below zero, a wrong unit…)
            devices.weigh(
                lambda w: self._close_with(final, w, shorts, approved_by, weight_approved_by),
                lambda exc: self.ctx.feedback.give(Outcome.REFUSED, message(*refusal(exc))),
                expected_g=st.expected_g,
            )
            return
        self._close_with(final, None, shorts, approved_by, weight_approved_by)

    def ask_parcel_count(self, order) -> bool:
        """Before the first parcel of a JD order closes with another to follow:
        how many parcels the order will have in all (its numbers carry the
        count, ``PackClosing.parcel_count_needed``). False when the packer
        cancels (nothing is closed)."""
        packing = self.ctx.services.packing
        if not packing.parcel_count_needed(order):
            self._parcel_count.pop(order.id, None)
            return True
        count, ok = QInputDialog.getInt(
            self,
            self.tr("Parcels of the order"),
            message("parcel_count_ask", {"order": order.number, "carrier": order.carrier}),
            2,
            2,
            999,
        )
        if ok:
            self._parcel_count[order.id] = count
        return ok

    def _close_now(
        self, order, session, final, weight, shorts, approved_by, weight_approved_by, prepared
    ) -> None:
        if session is None:
            return
        try:
            result = self.ctx.services.packing.close(
                order,
                session,
                weight=weight,
                shorts=shorts,
                short_reason="out_of_stock" if shorts else "",
                approved_by=approved_by,
                weight_approved_by=weight_approved_by,
                final=final,
                prepared=prepared,
                parcel_count=self._parcel_count.get(order.id),
            )
        except PackError as exc:
            if self.state is None or self.state.order.id != order.id:
                # the packer went on to another order meanwhile: say which one failed
                self.ctx.feedback.give(
                    Outcome.REFUSED,
                    message("found_sales_order", {"code": order.number})
                    + " · "
                    + (
                        ewaybill_refusal(exc.params)[0]
                        if exc.code == "ewaybill_refused"
                        else message(exc.code, exc.params)
                    ),
                )
                self._render()
                return
            if exc.code == "ewaybill_refused":
                text, todo = ewaybill_refusal(exc.params)
                self.ctx.feedback.give(Outcome.REFUSED, text)
                self.show_ewaybill_note(f"{text}\n{todo}")
                self._render()
                return
            self.ctx.feedback.give(Outcome.REFUSED, message(exc.code, exc.params))
            self._render()
            if exc.code == "weight_off":
                dialog = ApprovalDialog(
                    self.ctx,
                    "weight_off",
                    message(exc.code, exc.params),
                    parent=self,
                )
                dialog.approved.connect(
                    lambda sup: self._close_with(final, weight, shorts, approved_by, sup)
                )
                dialog.open()
            return
        self.finish(result)

    def finish(self, result: CloseResult) -> None:
        services = self.ctx.services
        outcome = Outcome.OK
        note = ""
        if result.waybill_source == "waiting":
            # closed without a number: the sync loop gets it and prints it by itself
            text = message("parcel_closed", {"tracking": "—"})
            text += " · " + message(result.waiting_reason or "ewaybill_wait_unreachable")
            outcome = Outcome.WARNING
        else:
            text = message("parcel_closed", {"tracking": result.tracking_number})
            ew = services.waybills.of_parcel(result.parcel) if services.waybills else None
            source = (
                message("waybill_source_platform", {"provider": ew.provider})
                if result.waybill_source == "platform" and ew is not None
                else message("waybill_source_pool")
            )
            text += " · " + source
            if result.preprinted:  # printed with its batch: on the box already
                text += " · " + message("batch_preprinted")
            try:
                services.documents.print_parcel(
                    result.parcel,
                    services.printing,
                    self.ctx.session.operator,
                    waybill=not result.preprinted,
                )
            except (DocumentError, TemplateError) as exc:
                # the parcel is closed and recorded; the label can be printed again from
                # Waybills
                text += " · " + label_failure(exc)
                outcome = Outcome.WARNING
        if result.balance_low is not None:
            note = message("ewaybill_balance_low", {"balance": result.balance_low})
            outcome = Outcome.WARNING
        self.show_ewaybill_note(note)
        self.parcel_closed.emit(result)
        if result.reship is not None:
            text += " · " + message("reship_created", {"number": result.reship.number})
        if result.batch:
            code = "batch_left" if result.batch_left else "batch_packed_all"
            text += " · " + message(
                code,
                {"batch": result.batch, "left": result.batch_left, "total": result.batch_total},
            )
        for warning in result.warnings:
            carrier, free = warning.split(":")
            text += " · " + message("pool_low", {"carrier": carrier, "free": free})
            outcome = Outcome.WARNING
        self.ctx.feedback.give(outcome, text)
        if self.state is not None and self.state.order.id == result.parcel.sales_order_id:
            if result.order_done:
                self.state = None
            else:
                self.state = self.ctx.services.packing.state(self.state.order)
        # else the packer went on to another order while this one's e-waybill was asked
        self._render()

    def ship_short(self) -> None:
        st = self.state
        if st is None:
            return
        if st.has_remark and not self.remark_read:
            # refused before any supervisor is asked: the close would refuse it after
            self.ctx.feedback.give(Outcome.REFUSED, message("remark_not_acknowledged"))
            return
        left = [ln for ln in st.lines if ln.remaining > 0]
        if not left:
            self.close_parcel(final=True)
            return
        listing = ", ".join(f"{ln.name} ×{ln.remaining}" for ln in left)
        dialog = ApprovalDialog(
            self.ctx,
            "short_ship",
            self.tr("Ship without: {lines}").format(lines=listing),
            entity="sales_order",
            entity_uuid=st.order.uuid,
            details={"missing": listing},
            parent=self,
        )
        shorts = {ln.line_id: ln.remaining for ln in left}
        dialog.approved.connect(
            lambda sup: self.close_parcel(final=True, shorts=shorts, approved_by=sup)
        )
        dialog.open()
