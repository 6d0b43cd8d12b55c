"""Pack-out's side of platform e-waybills (station.services.ewaybills): a file
order's e-waybill asked of head office off the GUI thread as the order opens, a
close that waits for that answer, and the amber lines about a refusal, a low
balance or parcels still waiting for their number. Part of
:class:`station.ui.pages.pack_page.PackPage`."""

from __future__ import annotations

from station.core.scan import Outcome
from station.ui.messages import message, waiting_reason
from station.ui.workers import run_in_background


class EwaybillAsking:
    """Mixed into PackPage: uses its ``ctx``, ``state``, ``_asking``,
    ``_close_pending``, ``_pending_weight``, ``ewaybill_note``, ``ewaybill_waiting``,
    ``_render``, ``close_parcel`` and ``_close_now``."""

    def _ask_ahead(self, order) -> None:
        """An order without a fetched e-waybill (one imported from a file) gets its
        number asked of head office as it is opened, off the GUI thread: by its last
        unit the number is here and the close does not wait for the network. A
        refusal or an outage is met again, and said, at the close."""
        packing = self.ctx.services.packing
        if order.id in self._asking or not packing.waybill_needs_network(order):
            return
        self._asking.add(order.id)
        session = self.ctx.session

        def done(_result=None) -> None:
            self._asking.discard(order.id)
            pending = self._close_pending == order.id  # its last unit came meanwhile
            if pending:
                self._close_pending = None
            if self.state is not None and self.state.order.id == order.id:
                self._render()
                if pending:
                    self.close_parcel(final=True)
            elif pending and session is not None:
                # the packer went on to the next order: this one closes all the same
                weight = self._pending_weight.pop(order.id, None)
                self._close_now(order, session, True, weight, None, None, None, None)

        run_in_background(
            self, lambda: packing.prepare_waybill(order, ahead=True), done, lambda exc: done()
        )

    def _close_with(self, final, weight, shorts, approved_by, weight_approved_by) -> None:
        """Close with the scale's reading ``weight`` (a Weight, None without a scale);
        the packing service refuses a reading that is not a parcel's weight."""
        st = self.state
        if st is None:
            return
        if st.order.id in self._asking:
            if final and not shorts and approved_by is None:
                self._close_pending = st.order.id  # closed when the question is answered
                self._pending_weight[st.order.id] = weight
            else:
                self.ctx.feedback.give(Outcome.WARNING, message("ewaybill_asking"))
            return
        order, session = st.order, self.ctx.session
        packing = self.ctx.services.packing
        if packing.waybill_needs_network(order):
            # the e-waybill is asked of head office off the GUI thread; the close
            # follows with its answer, for this order even if the packer has gone on
            # to the next one meanwhile
            self._asking.add(order.id)
            self._render()  # says it is asking

            def asked(prepared) -> None:
                self._asking.discard(order.id)
                self._close_now(
                    order,
                    session,
                    final,
                    weight,
                    shorts,
                    approved_by,
                    weight_approved_by,
                    prepared,
                )

            def failed(exc: BaseException) -> None:
                self._asking.discard(order.id)
                self._render()
                self.ctx.feedback.give(
                    Outcome.REFUSED, message("ewaybill_ask_failed", {"error": str(exc)})
                )

            run_in_background(self, lambda: packing.prepare_waybill(order), asked, failed)
            return
        self._close_now(
            order, session, final, weight, shorts, approved_by, weight_approved_by, None
        )

    def show_ewaybill_note(self, text: str) -> None:
        """The amber line under the order (empty: hidden)."""
        self.ewaybill_note.setText(text)
        self.ewaybill_note.setVisible(bool(text))

    def _show_waiting(self) -> None:
        waybills = self.ctx.services.waybills
        rows = waybills.waiting() if waybills is not None else []
        if rows:
            reason = waiting_reason(rows[-1].reason)
            self.ewaybill_waiting.setText(
                message("ewaybill_waiting_count", {"n": len(rows), "reason": reason})
            )
        self.ewaybill_waiting.setVisible(bool(rows))
