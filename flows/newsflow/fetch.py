"""Polite HTTP fetching for URL lists and feeds: timeouts, per-host delay, bounded retries.

Only failures that can succeed on retry (connection errors, timeouts, 429 and 5xx answers) are
retried, with exponential backoff; any other answer is final and reported as it is.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from newsflow import __version__

USER_AGENT = f"newsflow/{__version__} (news ingestion pipeline; polite crawler)"
RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})


class FetchError(RuntimeError):
    """A URL that gave no usable answer; the message is the quarantine reason."""


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str


@dataclass
class PoliteFetcher:
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 1.0
    per_host_delay: float = 1.0
    max_bytes: int = 20_000_000
    _last_request: dict[str, float] = field(default_factory=dict)
    _client: httpx.Client | None = None

    def _http(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=self.timeout, follow_redirects=True, max_redirects=5,
                headers={"User-Agent": USER_AGENT},
            )
        return self._client

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc
        wait = self._last_request.get(host, 0.0) + self.per_host_delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last_request[host] = time.monotonic()

    def fetch(self, url: str) -> FetchResult:
        """GET a URL; raise FetchError with a clear reason when there is nothing to keep."""
        reason = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            self._wait_for_host(url)
            try:
                response = self._http().get(url)
            except httpx.TransportError as exc:
                reason = f"network error: {type(exc).__name__}: {exc}".rstrip(": ")
                continue
            except httpx.HTTPError as exc:  # too many redirects, invalid URL: final
                raise FetchError(f"{type(exc).__name__}: {exc}") from exc
            if response.status_code in RETRYABLE_STATUS:
                reason = f"HTTP {response.status_code}"
                continue
            if response.status_code != 200:
                raise FetchError(f"HTTP {response.status_code}")
            if len(response.content) > self.max_bytes:
                raise FetchError(f"response is larger than the {self.max_bytes:,}-byte limit")
            return FetchResult(
                url=url,
                final_url=str(response.url),
                status=response.status_code,
                content=response.content,
                content_type=response.headers.get("content-type", ""),
            )
        raise FetchError(f"{reason} (after {self.retries + 1} attempts)")

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
