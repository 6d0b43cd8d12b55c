"""Talking to head office: one class, the contract of docs/headoffice-openapi.yaml."""

from __future__ import annotations

import gzip
import json
import logging
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

log = logging.getLogger(__name__)


class SyncError(Exception):
    """A sync fault. ``code`` and ``params`` name it for the station's screens, which
    say it in the operator's language (``station.ui.messages``); ``str()`` is the
    English for logs and the command line."""

    code = "sync_error"

    @property
    def params(self) -> dict:
        return {}


@dataclass
class Retryable(SyncError):
    """Try again later: network down, timeout, 5xx, 429. ``retry_after`` in seconds if told.
    ``code``: sync.timeout, sync.unreachable, sync.busy (``status``) or sync_bad_answer."""

    message: str
    retry_after: float | None = None
    code: str = "sync.unreachable"
    details: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message

    @property
    def params(self) -> dict:
        return self.details


class BadAnswer(SyncError):
    """Head office answered something this bench cannot read; nothing of it was kept."""

    code = "sync_bad_answer"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass
class Refused(SyncError):
    """A 4xx: trying again unchanged cannot help; a person must look. ``message`` is
    head office's own words."""

    status: int
    message: str
    code = "sync_refused"

    def __str__(self) -> str:
        return f"HTTP {self.status}: {self.message}"

    @property
    def params(self) -> dict:
        return {"status": self.status, "message": self.message}


@dataclass
class TokenRefused(Refused):
    """401 or 403: head office does not accept this bench's token. Nothing is
    wrong with the records: they stay pending and go once the token is right
    (never parked)."""

    code = "sync_token_refused"

    def __str__(self) -> str:
        return f"head office refused this bench's token (HTTP {self.status}: {self.message})"


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number of seconds or an
    HTTP date (RFC 9110 10.2.3); None when absent or unreadable, 0 for a date past."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


class HeadOfficeClient:
    def __init__(
        self, url: str, token: str, *, verify: bool = True, timeout: float = 15.0, transport=None
    ):
        if not url:
            raise ValueError("no head-office URL")
        self.url = url.rstrip("/")
        if not verify and self.url.startswith("https:"):
            log.warning("TLS certificates of %s are NOT checked (head_office.verify_tls)", self.url)
        self.http = httpx.Client(
            base_url=self.url,
            headers={"Authorization": f"Bearer {token}"},
            verify=verify,  # TLS verified unless the settings say otherwise, loudly
            timeout=timeout,
            transport=transport,
        )

    def close(self) -> None:
        self.http.close()

    def set_token(self, token: str) -> None:
        """Use ``token`` from the next request on (the token was changed)."""
        self.http.headers["Authorization"] = f"Bearer {token}"

    def _call(self, method: str, path: str, **kw) -> dict:
        try:
            r = self.http.request(method, path, **kw)
        except httpx.TimeoutException as exc:
            raise Retryable(
                f"no answer in time ({exc.__class__.__name__})", code="sync.timeout"
            ) from exc
        except httpx.TransportError as exc:
            raise Retryable(
                f"head office unreachable ({exc.__class__.__name__})", code="sync.unreachable"
            ) from exc
        if r.status_code == 429 or r.status_code >= 500:
            wait = retry_after(r.headers.get("Retry-After"))
            raise Retryable(
                f"HTTP {r.status_code}", wait, code="sync.busy", details={"status": r.status_code}
            )
        if r.status_code >= 400:
            try:
                body = r.json()
            except ValueError:
                body = None
            message = body.get("error", r.text) if isinstance(body, dict) else r.text
            if r.status_code in (401, 403):
                raise TokenRefused(r.status_code, str(message)[:500])
            raise Refused(r.status_code, str(message)[:500])
        try:
            answer = r.json()
        except ValueError as exc:
            raise Retryable(f"unreadable answer: {exc}", code="sync_bad_answer") from exc
        if not isinstance(answer, dict):
            raise Retryable("the answer is not a JSON object", code="sync_bad_answer")
        return answer

    def upload(
        self, bench_id: str, records: list[dict], key: str, anchor: dict | None = None
    ) -> list[dict]:
        """Send a batch; ``anchor`` ({"seq", "hash"}: the audit-chain head) goes with it."""
        body = {"bench_id": bench_id, "records": records}
        if anchor is not None:
            body["anchor"] = anchor
        body = gzip.compress(json.dumps(body).encode(), 5)
        answer = self._call(
            "POST",
            "/v1/records",
            content=body,
            headers={
                "Content-Encoding": "gzip",
                "Content-Type": "application/json",
                "Idempotency-Key": key,
            },
        )
        acks = answer.get("acks")
        if not isinstance(acks, list):
            raise Retryable("answer without acks", code="sync_bad_answer")
        return acks

    def anchor(self) -> dict | None:
        """The newest audit-chain head head office holds for this bench:
        {"seq", "hash", "received_at", "conflicts"} or None. BadAnswer if unreadable."""
        found = self._call("GET", "/v1/anchor").get("anchor")
        if found is None:
            return None
        if (
            not isinstance(found, dict)
            or type(found.get("seq")) is not int
            or not isinstance(found.get("hash"), str)
        ):
            raise BadAnswer("head office's audit anchor is not {seq, hash}")
        return found

    def master(self, cursor: int, limit: int = 1000) -> dict:
        return self._call("GET", "/v1/master", params={"cursor": cursor, "limit": limit})

    def held(self, bench_id: str) -> set[str]:
        return set(self._call("GET", "/v1/records", params={"bench_id": bench_id})["uuids"])

    def tracking_numbers(self) -> set[str]:
        """Every tracking number head office holds a record of (any bench)."""
        numbers = self._call("GET", "/v1/tracking-numbers").get("numbers")
        if not isinstance(numbers, list):
            raise Retryable("answer without numbers")
        return {n for n in numbers if isinstance(n, str)}

    def daily(self, day: str, utc_offset_minutes: int) -> dict:
        """Every bench's figures for a local day (the supervisor's board)."""
        return self._call(
            "GET", "/v1/daily", params={"date": day, "utc_offset": utc_offset_minutes}
        )

    def waybills(self, requests: list[dict], key: str) -> list[dict]:
        """E-waybills for ``requests`` (station.headoffice.waybills for the shapes),
        one result each, in order. ``key``: the Idempotency-Key (asking again with it
        answers the same). Retryable when head office cannot be reached; Refused 404
        when it issues none (no e-waybill desk); BadAnswer for an unreadable answer."""
        answer = self._call(
            "POST", "/v1/waybills", json={"requests": requests}, headers={"Idempotency-Key": key}
        )
        results = answer.get("results")
        if (
            not isinstance(results, list)
            or len(results) != len(requests)
            or not all(isinstance(r, dict) and isinstance(r.get("status"), str) for r in results)
        ):
            raise BadAnswer("head office's e-waybill answer is not one result per request")
        return results

    def health(self) -> bool:
        return bool(self._call("GET", "/v1/health").get("ok"))
