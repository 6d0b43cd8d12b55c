"""A request's body as head office reads it: streamed within its limits,
decompressed (gzip, deflate) and parsed as the contract's JSON. Every refusal is
an :class:`ApiError`, which the application answers as JSON with its status
(station.headoffice.api)."""

from __future__ import annotations

import asyncio
import json
import zlib
from typing import TYPE_CHECKING, Any

import orjson
from starlette.requests import Request

if TYPE_CHECKING:
    from station.headoffice.office import Limits, Office

MAX_VALUES = 1_000_000  # JSON values in a body (each costs memory once parsed)


class ApiError(Exception):
    """An answer other than 200: ``status``, the JSON ``{"error": message}``;
    ``close``: the request's body was not read to its end, so the connection goes."""

    def __init__(self, status: int, message: str, *, close: bool = False, headers=None):
        super().__init__(message)
        self.status, self.message, self.close = status, message, close
        self.headers = dict(headers or {})


async def read_body(request: Request, limits: Limits, office: Office | None = None) -> bytes:
    """The request's body, decompressed (gzip or deflate), within the limits:
    ApiError 413 (too large, as sent or inflated), 415 (another encoding or a body
    that is not JSON), 400 (a broken or truncated compressed stream), 408 (the
    body stopped coming); 503 when the bodies ``office``'s requests hold would
    pass ``limits.max_bodies`` (this body's share, ``request.state.body_bytes``,
    is given back when the request's answer is sent). Memory held is bounded by
    the limits, whatever is sent."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limits.max_body:
        raise ApiError(413, f"the body is larger than {limits.max_body} bytes", close=True)
    kind = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if kind and kind != "application/json" and not kind.endswith("+json"):
        raise ApiError(415, "the body must be application/json", close=True)
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("", "identity"):
        inflate = None
    elif encoding in ("gzip", "x-gzip"):
        inflate = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        inflate = zlib.decompressobj(wbits=zlib.MAX_WBITS)
    else:
        raise ApiError(415, f"Content-Encoding {encoding!r}: gzip or deflate only", close=True)
    out = bytearray()
    received = 0

    def held() -> None:
        if office is None:
            return
        office.body_bytes += len(out) - request.state.body_bytes
        request.state.body_bytes = len(out)
        if office.body_bytes > limits.max_bodies:
            raise ApiError(
                503,
                "head office is busy, try again later",
                close=True,
                headers={"Retry-After": str(limits.retry_after)},
            )

    if office is not None and not hasattr(request.state, "body_bytes"):
        request.state.body_bytes = 0
    while True:
        try:
            message = await asyncio.wait_for(request.receive(), limits.body_timeout)
        except TimeoutError:
            raise ApiError(408, "the request's body stopped coming", close=True) from None
        if message["type"] == "http.disconnect":
            raise ApiError(400, "the client went away", close=True)
        chunk = message.get("body", b"")
        received += len(chunk)
        if received > limits.max_body:
            raise ApiError(413, f"the body is larger than {limits.max_body} bytes", close=True)
        if inflate is None:
            out += chunk
        else:
            try:
                _inflate_into(out, inflate, chunk, limits.max_inflated)
            except zlib.error as exc:
                raise ApiError(400, f"the {encoding} body is broken: {exc}", close=True) from None
        held()
        if not message.get("more_body", False):
            break
    if inflate is not None and (not inflate.eof or inflate.unused_data):
        what = "cut short" if not inflate.eof else "followed by other bytes"
        raise ApiError(400, f"the {encoding} body is {what}")
    return bytes(out)


def _inflate_into(out: bytearray, inflate, chunk: bytes, limit: int) -> None:
    data = chunk
    while data and not inflate.eof:
        out += inflate.decompress(data, limit - len(out) + 1)
        if len(out) > limit:
            raise ApiError(413, f"the body inflates to more than {limit} bytes", close=True)
        data = inflate.unconsumed_tail


def _no_constants(name: str):
    raise ValueError(f"{name} is not JSON")


def _finite(text: str) -> float:
    value = float(text)
    if value in (INFINITY, -INFINITY):
        raise ValueError(f"the number {text[:40]} is too large")
    return value


INFINITY = float("inf")
BOM = b"\xef\xbb\xbf"
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_RUN = b"0" * 19


def has_long_number(raw: bytes) -> bool:
    """Whether ``raw`` holds 19 digits in a row: a number that may not fit 64 bits
    (orjson would read it as a float), so the standard library parses it and keeps
    it exact. (Two C passes over the bytes: a fifth of a regular expression's time.)"""
    return _LONG_RUN in raw.translate(_DIGITS_AS_ZERO)


CONTAINERS = (dict, list)


def parse_json(raw: bytes, max_depth: int, max_values: int = MAX_VALUES) -> Any:
    """JSON as the contract has it (RFC 8259): UTF-8, no NaN/Infinity, no number too
    large for a double, no lone surrogates, nested at most ``max_depth`` deep.
    ApiError 400 otherwise; 413 for more than ``max_values`` values, counted before
    parsing (a value takes 50-100 bytes of memory once parsed: 32 MiB of ``[],``
    would take some 1.5 GiB). Parsed by orjson (which checks the text and the
    surrogates itself, 3-4 times as fast); a body with a run of 19 digits by the
    standard library, so an integer beyond 64 bits stays exact."""
    # every value but the first follows a comma, '[' or '{' (those inside strings
    # counted too: an upper bound, so what passes parses within the bound)
    values = raw.count(b",") + raw.count(b"[") + raw.count(b"{")
    if values >= max_values:
        raise ApiError(413, f"the body holds more than {max_values} JSON values")
    if raw.startswith(BOM):  # RFC 8259 8.1: a parser may ignore it (the standard library does)
        raw = raw[len(BOM) :]
    if has_long_number(raw):
        return _parse_exact(raw, max_depth)
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        message = str(exc)
        if "depth" in message:
            raise ApiError(400, f"JSON nested deeper than {max_depth}") from None
        if "surrogate" in message and "UTF-8" not in message:
            raise ApiError(400, LONE_SURROGATE) from None
        raise ApiError(400, f"not JSON: {message[:200]}") from None
    if type(value) in CONTAINERS:
        _check_depth(value, max_depth)
    return value


LONE_SURROGATE = "a string holds a lone surrogate (not UTF-8 text)"


def _check_depth(value: dict | list, max_depth: int) -> None:
    """ApiError 400 when ``value`` nests deeper than ``max_depth`` (read a level at a
    time: the containers of each level, nothing else)."""
    level, depth = [value], 1
    while level:
        if depth > max_depth:
            raise ApiError(400, f"JSON nested deeper than {max_depth}")
        deeper = []
        for item in level:
            for sub in item.values() if type(item) is dict else item:
                if type(sub) is dict or type(sub) is list:
                    deeper.append(sub)
        level, depth = deeper, depth + 1


def _parse_exact(raw: bytes, max_depth: int) -> Any:
    """The standard library's reading of ``raw`` (integers of any size), with the
    checks orjson makes itself: UTF-8 only (the standard library would guess UTF-16
    and UTF-32 from bytes), lone surrogates, numbers too large for a double."""
    try:
        value = json.loads(raw.decode(), parse_constant=_no_constants, parse_float=_finite)
    except RecursionError:
        raise ApiError(400, f"JSON nested deeper than {max_depth}") from None
    except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError too
        raise ApiError(400, f"not JSON: {str(exc)[:200]}") from None
    # depth counted in containers, as _check_depth counts it for orjson's reading
    # (a scalar inside the deepest container is no level of its own)
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > max_depth and type(item) in CONTAINERS:
            raise ApiError(400, f"JSON nested deeper than {max_depth}")
        if isinstance(item, str):
            _utf8(item)
        elif isinstance(item, dict):
            for key, sub in item.items():
                _utf8(key)
                stack.append((sub, depth + 1))
        elif isinstance(item, list):
            stack.extend((sub, depth + 1) for sub in item)
    return value


def _utf8(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ApiError(400, LONE_SURROGATE) from None
