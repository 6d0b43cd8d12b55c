"""Product pictures down from head office into the picture cache, off the GUI thread.

Runs after master data on the sync thread (``Downloader.pull``). A reference is a
path under head office's media (``products/MAT-240.png`` → ``GET /v1/media/…``, with
the bench's token) or an ``http(s)`` URL (the token goes only to head office's own
address, never to another host). Each picture is tried once per round; a failure
(HTTP error, no answer, more than ``max_bytes``, not a picture) is logged with the
product and tried again after ``retry_after`` seconds; nothing here raises.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import httpx

from station.services.pictures import (
    MAX_DOWNLOAD_BYTES,
    PictureCache,
    PictureRefused,
    picture_key,
)

log = logging.getLogger(__name__)

MEDIA_PATH = "/v1/media/"


@dataclass
class PictureRound:
    """What one round did: references fetched, failed (with why) and left for later."""

    fetched: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    left: int = 0


class PictureFetcher:
    """Fetch the pictures the cache lacks. ``http`` is the head-office client's
    ``httpx.Client`` (base URL and bearer token); other hosts get a client without it."""

    def __init__(
        self,
        cache: PictureCache,
        http: httpx.Client,
        *,
        max_bytes: int = MAX_DOWNLOAD_BYTES,
        per_round: int = 200,
        budget_s: float = 60.0,
        retry_after: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.cache = cache
        self.http = http
        self.max_bytes = max_bytes
        self.per_round = per_round
        self.budget_s = budget_s  # a round stops starting downloads after this long
        self.retry_after = retry_after
        self.clock = clock
        self._failed_at: dict[str, float] = {}
        self._told: dict[str, str] = {}  # the problem last logged as a warning, per reference
        self._foreign: httpx.Client | None = None

    def close(self) -> None:
        if self._foreign is not None:
            self._foreign.close()
            self._foreign = None

    def fetch(self, references: dict[str, str]) -> PictureRound:
        """``references``: SKU → picture reference of every product that has one.
        Fetches those not in the cache (at most ``per_round``, for at most ``budget_s``
        seconds: the uploads wait meanwhile), then trims the cache. Never raises."""
        result = PictureRound()
        now = self.clock()
        wanted = sorted({ref.strip() for ref in references.values() if ref and ref.strip()})
        kept = self.cache.kept_keys()  # one listing of the folder, not a look per product
        missing = [
            ref
            for ref in wanted
            if picture_key(ref) not in kept
            and now - self._failed_at.get(ref, -1e18) >= self.retry_after
        ]
        skus = {ref.strip(): sku for sku, ref in references.items() if ref}
        todo = missing[: self.per_round]
        for done, ref in enumerate(todo):
            if self.clock() - now > self.budget_s:
                todo = todo[:done]
                break
            try:
                problem = self._fetch_one(ref)
            except Exception as exc:  # a fault of ours: logged, and the round goes on
                log.exception("picture of %s (%s) could not be fetched", skus.get(ref, "?"), ref)
                problem = f"unexpected {type(exc).__name__}"
            if problem:
                self._failed_at[ref] = self.clock()
                result.failed[ref] = problem
                # said once as a warning; the same failure again (every retry) only as info
                level = logging.INFO if self._told.get(ref) == problem else logging.WARNING
                self._told[ref] = problem
                log.log(level, "picture of %s not kept (%s): %s", skus.get(ref, "?"), ref, problem)
            else:
                self._failed_at.pop(ref, None)
                self._told.pop(ref, None)
                result.fetched.append(ref)
        result.left = len(missing) - len(todo)
        if result.fetched:
            log.info("%d product pictures fetched", len(result.fetched))
        try:
            self.cache.trim(wanted)
        except OSError as exc:
            log.warning("picture cache could not be trimmed: %s", exc)
        return result

    def _fetch_one(self, ref: str) -> str:
        """Download and keep one picture; returns the problem, or "" when kept."""
        try:
            client, url = self._where(ref)
        except ValueError as exc:
            return str(exc)
        try:
            # redirects are followed; httpx drops the token when one leaves head office
            with client.stream("GET", url, follow_redirects=True) as r:
                if r.status_code != 200:
                    return f"HTTP {r.status_code}"
                declared = r.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    return f"{int(declared)} bytes is larger than {self.max_bytes}"
                chunks, size = [], 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        return f"larger than {self.max_bytes} bytes"
                    chunks.append(chunk)
        except httpx.TimeoutException as exc:
            return f"no answer in time ({exc.__class__.__name__})"
        except httpx.TransportError as exc:
            return f"unreachable ({exc.__class__.__name__})"
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, UnicodeError) as exc:
            return f"cannot be fetched ({exc.__class__.__name__})"
        try:
            self.cache.store(ref, b"".join(chunks))
        except PictureRefused as exc:
            return str(exc)
        except OSError as exc:
            return f"cannot be saved: {exc}"
        return ""

    def _where(self, ref: str) -> tuple[httpx.Client, str]:
        """The client and URL for a reference; ValueError for one that cannot be fetched."""
        parts = urlsplit(ref)
        if parts.scheme in ("http", "https"):
            if not parts.netloc:
                raise ValueError("a URL without a host")
            base = urlsplit(str(self.http.base_url))
            if (parts.scheme, parts.netloc) == (base.scheme, base.netloc):
                return self.http, ref
            if self._foreign is None:  # another host never sees the bench's token
                self._foreign = httpx.Client(
                    timeout=self.http.timeout, verify=True, follow_redirects=True
                )
            return self._foreign, ref
        if parts.scheme or parts.netloc or ref.startswith(("/", "\\")):
            raise ValueError("only http(s) URLs and paths under head office's media are fetched")
        segments = ref.replace("\\", "/").split("/")
        if any(s in ("", ".", "..") for s in segments):
            raise ValueError("a media path with empty, . or .. parts")
        return self.http, MEDIA_PATH + "/".join(quote(s) for s in segments)
