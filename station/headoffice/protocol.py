"""Head office's HTTP/1.1 connections: uvicorn's h11 protocol with the limits a
public service needs and JSON for every error it answers itself.

- A request's head (request line and headers) must arrive whole within
  ``HEADER_TIMEOUT`` seconds of its first byte, and hold at most
  ``MAX_HEADER_BYTES``; else 408 or 431, and the connection is closed. A client
  that sends a few bytes and then nothing (slowloris) holds a connection for that
  long at most, and never a worker thread: connections wait on the event loop.
- A request h11 cannot read (``Content-Length: abc`` or ``-1``, a broken request
  line, a header without a colon) is answered 400 as JSON, not uvicorn's text.
- A connection closed while the client may still be sending (an answer given
  before the request's body was read: 503, 429, 401, 413, 415, 400, 408, 431) is
  closed gently (RFC 9112 section 9.6; nginx's "lingering close"): the answer is
  sent, the write side shut (the client reads the answer, then the end), and
  what the client still sends is read and thrown away until it closes its side,
  for at most ``LINGER_SECONDS`` and ``LINGER_BYTES``. Closed at once instead,
  unread bytes would make the kernel answer with a reset, which can destroy the
  answer in the client's buffers before it reads it (a "dropped" request).
- A keep-alive connection whose idle time runs out just as a request arrives
  answers that request rather than closing under it.
- Tests' ``drop`` fault closes a connection from the application
  (:func:`drop_connection`), as a network failure after head office committed.

Used as ``uvicorn.Config(http=StationH11Protocol)`` (or by its import string
``station.headoffice.protocol:StationH11Protocol`` in worker processes).
"""

from __future__ import annotations

import json
import logging
import struct

try:
    import fcntl
    import termios
except ImportError:  # Windows: no FIONREAD through fcntl
    fcntl = termios = None

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger(__name__)

HEADER_TIMEOUT = 10.0  # seconds from a request's first byte to its last header
MAX_HEADER_BYTES = 16 * 1024  # the request line and every header together
LINGER_SECONDS = 5.0  # at most this long reading what a client sends after its answer
LINGER_BYTES = 8 * 1024 * 1024  # and at most this much of it (then closed, reset or not)

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


def bytes_waiting(transport) -> int:
    """Bytes the kernel holds received on ``transport``'s socket and not yet read
    (FIONREAD); 0 where that cannot be asked (no socket, Windows)."""
    sock = transport.get_extra_info("socket")
    if sock is None or fcntl is None:
        return 0
    try:
        raw = fcntl.ioctl(sock.fileno(), termios.FIONREAD, b"\0\0\0\0")
    except (OSError, ValueError):  # closed meanwhile
        return 0
    return struct.unpack("i", raw)[0]


# headers a request has at most once: a second one (which a proxy in front may read
# instead of the first) makes the request mean two things
ONCE = (b"authorization", b"content-type", b"content-encoding", b"idempotency-key")


def ambiguous_head(headers) -> str:
    """Why a request's head can be read two ways ("" if it cannot): a header of
    ``ONCE`` twice, or a body framed both by Content-Length and Transfer-Encoding
    (RFC 9112 6.3: such a request is a smuggling attempt; the connection closes)."""
    names = [name.lower() for name, _ in headers]
    for name in ONCE:
        if names.count(name) > 1:
            return f"the {name.decode()} header is given more than once"
    if b"content-length" in names and b"transfer-encoding" in names:
        return "the body is framed by both Content-Length and Transfer-Encoding"
    return ""


class _GentleTransport:
    """The connection's transport as uvicorn sees it: the same, except that
    ``close()`` is :meth:`StationH11Protocol.close_gently`, and while the connection
    lingers it counts as closing and what is written is dropped (as a closed
    transport drops it: an answer the application still makes after h11 answered
    400 for the same connection)."""

    def __init__(self, transport, protocol: StationH11Protocol):
        self._transport, self._protocol = transport, protocol

    def close(self) -> None:
        self._protocol.close_gently()

    def is_closing(self) -> bool:
        return self._protocol.lingering or self._transport.is_closing()

    def write(self, data) -> None:
        if not self._protocol.lingering:
            self._transport.write(data)

    def writelines(self, lines) -> None:
        if not self._protocol.lingering:
            self._transport.writelines(lines)

    def pause_reading(self) -> None:
        if not self._protocol.lingering:  # lingering reads (and throws away) to the end
            self._transport.pause_reading()

    def __getattr__(self, name):
        return getattr(self._transport, name)


def drop_connection(scope: dict) -> bool:
    """Close the connection a request came on without an answer (tests' ``drop``
    fault). False if it is not one of ours (already gone)."""
    conn = _OPEN.get((tuple(scope.get("server") or ()), tuple(scope.get("client") or ())))
    if conn is None or conn.transport is None:
        return False
    conn.transport.abort()
    return True


class StationH11Protocol(H11Protocol):
    """uvicorn's h11 connection with a time limit on each request's head, JSON
    errors and a gentle close (see the module's docstring)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer = None
        self._raw = None  # the event loop's transport (self.transport wraps it)
        self.lingering = False
        self._linger_timer = None
        self.lingered = 0  # bytes read and thrown away while lingering
        self._discarding = False  # the request is unreadable, its answer still being sent
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
        self._raw = transport
        super().connection_made(_GentleTransport(transport, self))
        self._key = (tuple(self.server or ()), tuple(self.client or ()))
        _OPEN[self._key] = self
        self._arm_head_timer()  # a connection that never sends a whole head is closed

    def connection_lost(self, exc) -> None:
        self._disarm_head_timer()
        if self._linger_timer is not None:
            self._linger_timer.cancel()
            self._linger_timer = None
        if self._key is not None and _OPEN.get(self._key) is self:
            del _OPEN[self._key]
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.lingering or self._discarding:  # read and thrown away, within the bounds
            self.lingered += len(data)
            if self.lingered > LINGER_BYTES:
                self._stop_lingering()
            return
        super().data_received(data)
        if self.transport.is_closing():
            self._disarm_head_timer()
        elif self.conn.their_state is h11.IDLE and self.conn.trailing_data[0]:
            self._arm_head_timer()  # part of a head is here: the rest within the limit
        elif self.conn.their_state is not h11.IDLE:
            self._disarm_head_timer()  # the head arrived (the body has its own limit)

    def eof_received(self) -> None:
        if self.lingering:  # the client has sent all it will: closed (by the transport)
            self.lingering = False
        return super().eof_received()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # an idle keep-alive connection: uvicorn's timer

    def timeout_keep_alive_handler(self) -> None:
        if bytes_waiting(self._raw):  # a request arrived as the idle time ran out
            self.timeout_keep_alive_task = None
            return  # it is read and answered (the loop reads it next)
        super().timeout_keep_alive_handler()

    def shutdown(self) -> None:
        if not self.lingering:
            super().shutdown()
        if self.lingering:  # the server stops: nothing more is waited for
            self._stop_lingering()

    def _may_still_send(self) -> bool:
        """Whether the client may be sending bytes head office has not read: a
        body not read to its end, a request h11 could not read, part of a next
        request, or bytes in the kernel's buffer."""
        if self.conn.their_state in (h11.SEND_BODY, h11.ERROR) or self.conn.trailing_data[0]:
            return True
        return bytes_waiting(self._raw) > 0

    def close_gently(self) -> None:
        """Close the connection; if the client may still be sending, after its
        answer: shut the write side, read and throw away what comes until the
        client closes, ``LINGER_SECONDS`` pass or ``LINGER_BYTES`` came."""
        raw = self._raw
        if self.lingering or raw.is_closing():
            return
        if not self._may_still_send() or not raw.can_write_eof():
            raw.close()
            return
        self.lingering = True
        self._disarm_head_timer()
        self._unset_keepalive_if_required()
        self._linger_timer = self.loop.call_later(LINGER_SECONDS, self._stop_lingering)
        raw.write_eof()  # after what is buffered: the client reads the answer, then the end
        raw.resume_reading()

    def _stop_lingering(self) -> None:
        self.lingering = False
        if self._linger_timer is not None:
            self._linger_timer.cancel()
            self._linger_timer = None
        self._raw.close()

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
        cycle = self.cycle
        if cycle is not None and cycle.response_started and not cycle.response_complete:
            # the application is answering this request (h11 failed on its body): that
            # answer is finished, not cut by a second one; what comes is thrown away
            # and the connection closes after the answer
            cycle.keep_alive = False
            self._discarding = True
            return
        self.transport.write(answer)
        self.transport.close()
