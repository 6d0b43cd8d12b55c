"""Head office's HTTP/1.1 connections: uvicorn's h11 protocol with the limits a
public service needs and JSON for every error it answers itself.

- A request's head (request line and headers) must arrive whole within
  ``HEADER_TIMEOUT`` seconds of its first byte, and hold at most
  ``MAX_HEADER_BYTES``; else 408 or 431, and the connection is closed. A client
  that sends a few bytes and then nothing (slowloris) holds a connection for that
  long at most, and never a worker thread: connections wait on the event loop.
- A request h11 cannot read (``Content-Length: abc`` or ``-1``, a broken request
  line, a header without a colon) is answered 400 as JSON, not uvicorn's text.
- Tests' ``drop`` fault closes a connection from the application
  (:func:`drop_connection`), as a network failure after head office committed.

Used as ``uvicorn.Config(http=StationH11Protocol)`` (or by its import string
``station.headoffice.protocol:StationH11Protocol`` in worker processes).
"""

from __future__ import annotations

import json
import logging

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger(__name__)

HEADER_TIMEOUT = 10.0  # seconds from a request's first byte to its last header
MAX_HEADER_BYTES = 16 * 1024  # the request line and every header together

_OPEN: dict[tuple, StationH11Protocol] = {}  # (server address, client address) -> connection


def json_error_bytes(status: int, reason: str, error: str) -> bytes:
    """A whole HTTP/1.1 answer with a JSON body, closing the connection."""
    body = json.dumps({"error": error}).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "content-type: application/json\r\n"
        f"content-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    ).encode()
    return head + body


def drop_connection(scope: dict) -> bool:
    """Close the connection a request came on without an answer (tests' ``drop``
    fault). False if it is not one of ours (already gone)."""
    conn = _OPEN.get((tuple(scope.get("server") or ()), tuple(scope.get("client") or ())))
    if conn is None or conn.transport is None:
        return False
    conn.transport.abort()
    return True


class StationH11Protocol(H11Protocol):
    """uvicorn's h11 connection with a time limit on each request's head and JSON
    errors (see the module's docstring)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer = None
        self._protocol_error: h11.RemoteProtocolError | None = None
        self._key: tuple | None = None
        next_event = self.conn.next_event

        def remembered_next_event():
            try:
                return next_event()
            except h11.RemoteProtocolError as exc:
                self._protocol_error = exc
                raise

        self.conn.next_event = remembered_next_event

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._key = (tuple(self.server or ()), tuple(self.client or ()))
        _OPEN[self._key] = self
        self._arm_head_timer()  # a connection that never sends a whole head is closed

    def connection_lost(self, exc) -> None:
        self._disarm_head_timer()
        if self._key is not None and _OPEN.get(self._key) is self:
            del _OPEN[self._key]
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.transport.is_closing():
            self._disarm_head_timer()
        elif self.conn.their_state is h11.IDLE and self.conn.trailing_data[0]:
            self._arm_head_timer()  # part of a head is here: the rest within the limit
        elif self.conn.their_state is not h11.IDLE:
            self._disarm_head_timer()  # the head arrived (the body has its own limit)

    def on_response_complete(self) -> None:
        super().on_response_complete()  # an idle keep-alive connection: uvicorn's timer

    def _arm_head_timer(self) -> None:
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(HEADER_TIMEOUT, self._head_too_slow)

    def _disarm_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        if self.cycle is not None and not self.cycle.response_complete:
            return  # an answer is being made: uvicorn's own timers apply
        self.transport.write(
            json_error_bytes(408, "Request Timeout", "the request's headers came too slowly")
        )
        self.transport.close()

    def send_400_response(self, msg: str) -> None:
        """h11 could not read the request: 400 (or 431 for a head too large) as JSON."""
        exc, self._protocol_error = self._protocol_error, None
        status = getattr(exc, "error_status_hint", 400) if exc is not None else 400
        if status == 431:
            answer = json_error_bytes(
                431, "Request Header Fields Too Large", "the request's headers are too large"
            )
        else:
            detail = str(exc) if exc is not None else msg
            answer = json_error_bytes(400, "Bad Request", f"unreadable HTTP request: {detail}")
        self._disarm_head_timer()
        self.transport.write(answer)
        self.transport.close()
