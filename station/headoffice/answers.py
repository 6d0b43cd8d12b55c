"""How head office answers, besides the JSON it writes: JSON by orjson, an answer
sent with a time limit on each piece (a client that reads nothing loses its
connection), a file sent in pieces as the client takes them, and the tests'
dropped connection."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse as StarletteJSONResponse
from starlette.responses import Response

from station.headoffice.protocol import drop_connection

log = logging.getLogger("station.headoffice.server")


class JSONResponse(StarletteJSONResponse):
    """Starlette's JSON answer, written by orjson (the same compact text, some ten
    times as fast: an upload's answer holds an acknowledgement per record); the
    standard library's for what orjson does not write (an integer beyond 64 bits)."""

    def render(self, content) -> bytes:
        try:
            return orjson.dumps(content)
        except TypeError:
            return super().render(content)


def error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status, headers=headers)


class Dropped(Response):
    """No answer: the connection is closed (tests' ``drop`` fault, after the commit)."""

    def __init__(self):
        super().__init__(b"")

    async def __call__(self, scope, receive, send) -> None:
        if drop_connection(scope):
            for _ in range(20):  # until uvicorn has seen the connection go
                await asyncio.sleep(0.005)


async def close_unfinished(scope, receive) -> None:
    """Close the request's connection, its answer unfinished, and wait (a second at
    most) until the server has seen it go (else it reports an unfinished answer)."""
    if drop_connection(scope):
        with contextlib.suppress(TimeoutError):
            while (await asyncio.wait_for(receive(), 1.0))["type"] != "http.disconnect":
                pass


class _SendStalled(Exception):
    """The client took nothing of an answer for the send timeout."""


class Sent(Response):
    """``answer`` sent with a time limit on each piece: a client that takes nothing
    for ``timeout`` seconds has its connection closed (its unsent bytes freed);
    ``release`` runs once the answer is sent or abandoned."""

    def __init__(self, answer: Response, timeout: float, release=None):
        super().__init__(b"")
        self.answer, self.timeout, self.release = answer, timeout, release

    async def __call__(self, scope, receive, send) -> None:
        async def timed_send(message) -> None:
            try:
                await asyncio.wait_for(send(message), self.timeout)
            except TimeoutError:
                log.warning("head office: a client read nothing for %ss; closed", self.timeout)
                raise _SendStalled from None

        try:
            await self.answer(scope, receive, timed_send)
        except _SendStalled:
            await close_unfinished(scope, receive)
        finally:
            if self.release is not None:
                self.release()


class FileAnswer(Response):
    """A file sent in pieces of ``CHUNK`` bytes, each once the client has taken the
    one before (memory held: a piece, whatever the file's size)."""

    CHUNK = 64 * 1024

    def __init__(self, path: Path, size: int, media_type: str):
        super().__init__(b"", 200, {"Cache-Control": "max-age=86400"}, media_type=media_type)
        self.path, self.size = path, size
        self.headers["content-length"] = str(size)

    async def __call__(self, scope, receive, send) -> None:
        try:
            f = open(self.path, "rb")  # noqa: SIM115 (closed below, after the last piece)
        except OSError:  # gone since it was found
            await error(404, "no such media file")(scope, receive, send)
            return
        with f:
            await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
            if scope.get("method") == "HEAD":
                await send({"type": "http.response.body", "body": b""})
                return
            left = self.size
            if not left:
                await send({"type": "http.response.body", "body": b""})
            while left > 0:
                piece = await run_in_threadpool(f.read, min(self.CHUNK, left))
                if not piece:  # the file got shorter meanwhile: the answer is cut
                    await close_unfinished(scope, receive)
                    return
                left -= len(piece)
                await send({"type": "http.response.body", "body": piece, "more_body": left > 0})
