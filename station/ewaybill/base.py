"""One interface for every e-waybill provider, and what they share: settings,
batching, and the HTTP call with its timeouts.

Settings come from the caller (head office holds the shops' authorisations);
nothing here reads the bench's settings or any file.
"""

from __future__ import annotations

import abc
import functools
import json
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import httpx

from station.ewaybill.errors import (
    EwaybillError,
    PlatformRefused,
    PlatformUnreachable,
    RateLimited,
)
from station.ewaybill.model import (
    CancelResult,
    Subscription,
    WaybillRequest,
    WaybillResult,
)

log = logging.getLogger(__name__)

_SECRET_QUERY = re.compile(r"(?<=[?&])(access_token|session|sign|app_secret|client_secret)=[^&\s]*")


def redact_query(text: str) -> str:
    """``text`` with the values of token and signature query parameters as ``***``."""
    return _SECRET_QUERY.sub(r"\1=***", text)


class _RedactTokens(logging.Filter):
    """httpx logs every request's URL at INFO; Douyin carries the shop's
    access_token and the sign in the query. The log keeps ``access_token=***``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                redact_query(str(a)) if isinstance(a, httpx.URL | str) else a for a in record.args
            )
        return True


logging.getLogger("httpx").addFilter(_RedactTokens())

# errors after which the next batch of the same call would be refused the same way
_STOPS_THE_RUN = (
    "ewaybill_bad_signature",
    "ewaybill_token_expired",
    "ewaybill_no_balance",
    "ewaybill_platform_unreachable",
    "ewaybill_rate_limited",
)


@dataclass(frozen=True)
class PlatformSettings:
    """How to reach one platform for one shop.

    ``endpoint``: the gateway URL (TOP ``https://eco.taobao.com/router/rest``,
    Pinduoduo ``https://gw-api.pinduoduo.com/api/router``, Douyin
    ``https://openapi-fxg.jinritemai.com``). ``app_key``/``app_secret``: the
    application's; ``access_token``: the shop's authorisation (TOP ``session``).
    ``sign_method``: ``md5`` or ``hmac`` (TOP also ``hmac-sha256``; Douyin
    ``md5``/``hmac-sha256``). ``batch_size``: orders a call (the platforms take 10;
    never more than a platform's own limit). ``timeout_s``: per call, connect and
    read. ``need_encrypt``: ask Cainiao/Pinduoduo for encrypted print data.
    ``user_id``: the seller's id that uses the e-waybill account (Cainiao requires
    it in every request; Pinduoduo and Douyin where one account serves several
    shops)."""

    endpoint: str
    app_key: str
    app_secret: str = field(repr=False)
    access_token: str = field(default="", repr=False)
    sign_method: str = "md5"
    batch_size: int = 10
    timeout_s: float = 10.0
    need_encrypt: bool = False
    user_id: int | None = None


def reads_answer(fn: Callable) -> Callable:
    """An answer of the wrong shape (a list where an object belongs, text where a
    count belongs) becomes PlatformUnreachable ``answer``, never a traceback."""

    @functools.wraps(fn)
    def wrapper(self, *args, **kw):
        try:
            return fn(self, *args, **kw)
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            log.warning("%s: unreadable answer: %r", self.platform, exc)
            raise PlatformUnreachable(
                self.platform, "answer", f"the answer has an unexpected shape: {exc}"
            ) from None

    return wrapper


def typed_error(
    platform: str,
    err: dict,
    *,
    code_key: str,
    msg_key: str,
    codes: dict[int, type[EwaybillError]],
    sub_codes: dict[str, type[EwaybillError]],
    sub_prefixes: Sequence[tuple[str, type[EwaybillError]]] = (),
) -> EwaybillError:
    """The typed error for a platform's refusal ``err`` (TOP's and Pinduoduo's
    ``error_response``, Douyin's whole answer): its class from the sub code first
    (``sub_codes``), then the code (``codes``, an int; 0 when it is none), then the
    first of ``sub_prefixes`` the sub code starts with, else PlatformRefused. The
    code and message are read under the platform's keys (``code_key``,
    ``msg_key``); ``sub_code``/``sub_msg`` are named alike everywhere."""
    try:
        code = int(err.get(code_key, 0))
    except (TypeError, ValueError):
        code = 0
    sub = str(err.get("sub_code") or "")
    cls = sub_codes.get(sub) or codes.get(code)
    if cls is None:
        cls = next((c for prefix, c in sub_prefixes if sub.startswith(prefix)), PlatformRefused)
    return cls(
        platform,
        code,
        str(err.get(msg_key) or ""),
        sub_code=sub,
        sub_msg=str(err.get("sub_msg") or ""),
    )


def chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for i in range(0, len(items), max(1, size)):
        yield items[i : i + size]


class WaybillProvider(abc.ABC):
    """Numbers, cancels, updates and balances from one source.

    ``platform`` names it (``cainiao``, ``pdd``, ``douyin``, ``pool``);
    ``max_batch`` is the most orders the platform takes in one call."""

    platform: str = ""
    max_batch: int = 10

    @property
    def batch_size(self) -> int:
        return self.max_batch

    def request_waybills(self, requests: Sequence[WaybillRequest]) -> list[WaybillResult]:
        """Numbers for ``requests``, in their order, asked ``batch_size`` at a time.

        Never raises for a platform's refusal: each result holds its waybills or its
        error, so numbers already issued in an earlier call are never lost when a
        later call fails. After a refusal that the next call would meet too (bad
        signature, expired token, no balance, unreachable, rate limited) the rest are
        not asked and carry that same error (no balance: only that carrier's). When a
        call is refused for one order's sake (an address), its orders are asked one
        at a time so the others still get their numbers. Requests are grouped by
        :meth:`call_key` first: one call never mixes carriers or senders."""
        requests = list(requests)
        groups: dict[tuple, list[int]] = {}
        for i, r in enumerate(requests):
            groups.setdefault(self.call_key(r), []).append(i)
        done: dict[int, WaybillResult] = {}
        stop_all: EwaybillError | None = None  # the shop or the platform: every call
        stop_group: dict[tuple, EwaybillError] = {}  # a carrier's balance: its calls

        def stopped(key: tuple) -> EwaybillError | None:
            return stop_all or stop_group.get(key)

        def note(key: tuple, exc: EwaybillError) -> None:
            nonlocal stop_all
            if exc.code == "ewaybill_no_balance":
                stop_group[key] = exc
            elif exc.code in _STOPS_THE_RUN:
                stop_all = exc

        for key, indexes in groups.items():
            for part in chunks(indexes, self.batch_size):
                batch = [requests[i] for i in part]
                if stopped(key) is not None:
                    done.update((i, WaybillResult(requests[i], error=stopped(key))) for i in part)
                    continue
                try:
                    done.update(zip(part, self._guarded_batch(batch), strict=True))
                    continue
                except EwaybillError as exc:
                    note(key, exc)
                    if exc.code in _STOPS_THE_RUN or len(part) == 1:
                        done.update((i, WaybillResult(requests[i], error=exc)) for i in part)
                        continue
                # one order's refusal (an address) refuses the whole call at Cainiao
                # and Pinduoduo: ask one at a time, so only that order fails
                for i in part:
                    if stopped(key) is not None:
                        done[i] = WaybillResult(requests[i], error=stopped(key))
                        continue
                    try:
                        (done[i],) = self._guarded_batch([requests[i]])
                    except EwaybillError as one:
                        done[i] = WaybillResult(requests[i], error=one)
                        note(key, one)
        return [done[i] for i in range(len(requests))]

    def call_key(self, request: WaybillRequest) -> tuple:
        """What the requests of one call share (one carrier, one sender)."""
        return (request.carrier_code, request.sender)

    @reads_answer
    def _guarded_batch(self, batch: Sequence[WaybillRequest]) -> list[WaybillResult]:
        return self._request_batch(batch)

    @abc.abstractmethod
    def _request_batch(self, batch: Sequence[WaybillRequest]) -> list[WaybillResult]:
        """One call of at most ``batch_size`` requests; raises EwaybillError when the
        whole call is refused."""

    @abc.abstractmethod
    def cancel(self, carrier_code: str, waybill_code: str, **kw) -> CancelResult:
        """Cancel a number (回收). A second cancel is not an error: it answers
        ``already=True``. Raises EwaybillError."""

    @abc.abstractmethod
    def update(self, request: WaybillRequest, waybill_code: str) -> str:
        """Change the recipient, sender or package of an issued number; returns the
        new print data exactly as the platform sent it. Raises EwaybillError."""

    @abc.abstractmethod
    def search(self, carrier_code: str = "") -> list[Subscription]:
        """The seller's subscriptions (carrier branches) and their counts; all
        carriers when ``carrier_code`` is empty. Raises EwaybillError."""

    def balance(self, carrier_code: str) -> int:
        """Numbers left for ``carrier_code`` (the sum over its branches)."""
        wanted = carrier_code.upper()
        return sum(
            s.quantity for s in self.search(carrier_code) if s.carrier_code.upper() == wanted
        )

    def close(self) -> None:  # noqa: B027 (nothing to release unless a provider holds connections)
        """Release connections."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class HttpProvider(WaybillProvider):
    """A provider that speaks to a platform over HTTP with ``settings``."""

    def __init__(self, settings: PlatformSettings, client: httpx.Client | None = None):
        self.settings = settings
        self._own_client = client is None
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(settings.timeout_s), follow_redirects=False
        )

    @property
    def batch_size(self) -> int:
        return max(1, min(self.settings.batch_size, self.max_batch))

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    @abc.abstractmethod
    def call(self, method: str, params: dict) -> dict:
        """One signed call of the platform's ``method``: its answer object, or raise
        the typed EwaybillError. Each platform's provider defines it."""

    def _cancel(
        self, method: str, params: dict, waybill_code: str, already_cancelled: str
    ) -> CancelResult:
        """One cancel call (``call(method, params)``): a refusal whose sub code is
        the platform's ``already_cancelled`` answers ``already=True``; an answer
        without ``cancel_result`` true is PlatformRefused."""
        try:
            answer = self.call(method, params)
        except EwaybillError as exc:
            if exc.sub_code == already_cancelled:
                return CancelResult(waybill_code, already=True)
            raise
        if not answer.get("cancel_result"):
            raise PlatformRefused(self.platform, "cancel_result", "cancel_result false")
        return CancelResult(waybill_code)

    def _post(self, url: str, **kw) -> dict:
        """POST and decode the platform's JSON; PlatformUnreachable when there is no
        usable answer (connection, timeout, 5xx, not JSON)."""
        try:
            resp = self.client.post(url, **kw)
        except httpx.TimeoutException as exc:
            raise PlatformUnreachable(self.platform, "timeout", str(exc) or "timeout") from None
        except httpx.HTTPError as exc:
            raise PlatformUnreachable(
                self.platform, "network", str(exc) or type(exc).__name__
            ) from None
        if resp.status_code == 429:
            raise RateLimited(self.platform, "http:429", resp.reason_phrase)
        if resp.status_code >= 500 or resp.status_code == 404:
            raise PlatformUnreachable(self.platform, f"http:{resp.status_code}", resp.reason_phrase)
        try:
            body = resp.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise PlatformUnreachable(
                self.platform, f"http:{resp.status_code}", "answer is not JSON"
            ) from None
        if not isinstance(body, dict):
            raise PlatformUnreachable(
                self.platform, f"http:{resp.status_code}", "answer is not an object"
            )
        return body
