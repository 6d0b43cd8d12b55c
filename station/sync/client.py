"""Talking to head office: one class, the contract of docs/headoffice-openapi.yaml."""

from __future__ import annotations

import gzip
import json
import logging
from dataclasses import dataclass

import httpx

log = logging.getLogger(__name__)


class SyncError(Exception):
    code = "sync_error"


@dataclass
class Retryable(SyncError):
    """Try again later: network down, timeout, 5xx, 429. ``retry_after`` in seconds if told."""

    message: str
    retry_after: float | None = None
    code = "sync_retry"

    def __str__(self) -> str:
        return self.message


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
    """A 4xx: trying again unchanged cannot help; a person must look."""

    status: int
    message: str
    code = "sync_refused"

    def __str__(self) -> str:
        return f"HTTP {self.status}: {self.message}"


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

    def _call(self, method: str, path: str, **kw) -> dict:
        try:
            r = self.http.request(method, path, **kw)
        except httpx.TimeoutException as exc:
            raise Retryable(f"no answer in time ({exc.__class__.__name__})") from exc
        except httpx.TransportError as exc:
            raise Retryable(f"head office unreachable ({exc.__class__.__name__})") from exc
        if r.status_code == 429 or r.status_code >= 500:
            after = r.headers.get("Retry-After")
            try:
                wait = float(after) if after is not None else None
            except ValueError:
                wait = None
            raise Retryable(f"HTTP {r.status_code}", wait)
        if r.status_code >= 400:
            try:
                body = r.json()
            except ValueError:
                body = None
            message = body.get("error", r.text) if isinstance(body, dict) else r.text
            raise Refused(r.status_code, str(message)[:500])
        try:
            answer = r.json()
        except ValueError as exc:
            raise Retryable(f"unreadable answer: {exc}") from exc
        if not isinstance(answer, dict):
            raise Retryable("the answer is not a JSON object")
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
            raise Retryable("answer without acks")
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

    def daily(self, day: str, utc_offset_minutes: int) -> dict:
        """Every bench's figures for a local day (the supervisor's board)."""
        return self._call(
            "GET", "/v1/daily", params={"date": day, "utc_offset": utc_offset_minutes}
        )

    def health(self) -> bool:
        return bool(self._call("GET", "/v1/health").get("ok"))
