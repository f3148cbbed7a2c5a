"""Polite, bounded HTTP fetching for URL lists and feeds, from public addresses only.

Polite: a User-Agent, a delay between requests to one address (however many names lead to
it), and retries with exponential backoff only for failures that can succeed on retry
(connection errors, timeouts, 429 and 5xx); any other answer is final and reported as it is.

Public: each URL and each redirect hop is resolved and checked by `addresses.AddressPolicy`
before anything is sent, and the request goes to the address that was checked (the URL's host
kept in the Host header and for TLS), so loopback, private and link-local services stay out of
reach unless named in NEWSFLOW_FETCH_ALLOW_NETWORKS. Proxies from the environment are not used:
through one, the address checked would not be the address reached.

Bounded, however hostile the server: only http and https URLs are fetched (a redirect to any
other scheme ends the fetch); the body is streamed and decompressed here, a block at a time, and
the fetch stops as soon as `max_bytes` of decompressed content arrived (a gzip bomb costs no more
than `max_bytes`); and one document, retries and redirects included, gets `deadline` seconds in
all: when they run out, the connection is shut down under the read that waits on it, so a server
that drips a byte at a time cannot keep the run alive.
"""

from __future__ import annotations

import socket
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from newsflow import __version__
from newsflow.ingest.addresses import (
    AddressPolicy,
    IPAddress,
    RefusedAddressError,
    UnresolvedHostError,
)
from newsflow.settings import Settings

USER_AGENT = f"newsflow/{__version__} (news ingestion pipeline; polite crawler)"
RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
FETCHED_SCHEMES = frozenset({"http", "https"})
# Only encodings decoded here with an output bound; anything else a server sends is refused.
ACCEPT_ENCODING = "gzip, deflate"
READ_BLOCK = 64 * 1024


class FetchError(RuntimeError):
    """A URL that gave no usable answer; the message is the quarantine reason."""


class RunDeadlineError(FetchError):
    """The run's time for fetching is over: the URL is left, unfetched, to the next run."""


class _RetryableError(Exception):
    """An attempt failed in a way another attempt may not; the message is the reason."""


class _DeadlineError(_RetryableError):
    """The document's deadline ran out during an attempt: no time is left for another."""


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str


def check_scheme(url: str) -> None:
    """Refuse, at once and for good, a URL that is not http(s): file://, ftp://, data:, ..."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in FETCHED_SCHEMES:
        raise FetchError(f"unsupported URL scheme {scheme or '(none)'!r}: only http and https "
                         f"are fetched")


class _Decoder:
    """Content-Encoding decoding with a bound on the output of every step."""

    def __init__(self, encoding: str) -> None:
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in {"gzip", "x-gzip", "deflate"}):
            raise FetchError(f"unsupported Content-Encoding {encoding!r}")
        self._coding = codings[0] if codings else None
        self._raw_deflate = False
        self._started = False
        self._zlib = self._new_zlib()

    @property
    def identity(self) -> bool:
        return self._coding is None

    def _new_zlib(self) -> zlib._Decompress | None:
        if self._coding is None:
            return None
        # gzip: the gzip wrapper; deflate: a zlib stream (wbits 32 + 15 detects either header),
        # or, from servers that misread the standard, raw deflate data (negative wbits).
        if self._raw_deflate:
            return zlib.decompressobj(-zlib.MAX_WBITS)
        return zlib.decompressobj(16 + zlib.MAX_WBITS if "gzip" in self._coding
                                  else 32 + zlib.MAX_WBITS)

    def decode(self, data: bytes, room: int) -> Iterator[bytes]:
        """Decoded pieces of `data`, stopping once more than `room` bytes were produced."""
        if self._zlib is None:
            yield data
            return
        produced = 0
        while data and produced <= room:
            try:
                piece = self._zlib.decompress(data, room - produced + 1)
            except zlib.error as exc:
                if self._coding == "deflate" and not self._started and not self._raw_deflate:
                    self._raw_deflate = True
                    self._zlib = self._new_zlib()
                    continue
                raise FetchError(f"cannot decode {self._coding} content: {exc}") from exc
            self._started = True
            produced += len(piece)
            yield piece
            data = self._zlib.unconsumed_tail
            if self._zlib.eof:  # concatenated gzip members: decode the next one as well
                data = self._zlib.unused_data + data
                self._zlib = self._new_zlib()


class _Watchdog:
    """Shuts down every socket of one fetch once its deadline passes, ending any read."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._expire)
        self._timer.daemon = True

    def trace(self, event: str, info: dict) -> None:
        """httpcore trace hook: note each new connection's socket."""
        if event in {"connection.connect_tcp.complete", "connection.start_tls.complete"}:
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if sock is not None:
                with self._lock:
                    self._sockets.append(sock)
                    if self.expired:
                        self._shutdown(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shutdown(sock)

    @staticmethod
    def _shutdown(sock: socket.socket) -> None:
        with suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


@dataclass(frozen=True)
class _Pinned:
    """One hop's request: the URL with its host replaced by the checked address."""

    url: httpx.URL
    host: str  # the name, for TLS (SNI and certificate)
    host_header: str
    address: IPAddress


@dataclass
class PoliteFetcher:
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 1.0
    per_host_delay: float = 1.0
    max_bytes: int = 20_000_000
    # NEWSFLOW_FETCH_DEADLINE and NEWSFLOW_FETCH_ALLOW_NETWORKS unless given: the flow builds
    # its fetcher without naming them.
    deadline: float = field(default_factory=lambda: Settings().fetch_deadline)
    policy: AddressPolicy = field(
        default_factory=lambda: AddressPolicy(Settings().fetch_allow_networks))
    max_redirects: int = 5
    # Seconds from this fetcher's creation (the run's start) after which no fetch starts.
    run_deadline: float | None = None
    _created: float = field(default_factory=time.monotonic)
    _last_request: dict[IPAddress, float] = field(default_factory=dict)
    _client: httpx.Client | None = None

    def _http(self) -> httpx.Client:
        if self._client is None:
            # No keep-alive: each request opens its own connection, so the watchdog sees (and
            # can shut down) every socket a fetch reads from. No proxies from the environment:
            # the connection must go to the address the policy checked (its CA certificates,
            # SSL_CERT_FILE or SSL_CERT_DIR, are still read).
            self._client = httpx.Client(
                timeout=self.timeout, follow_redirects=False, trust_env=False,
                verify=httpx.create_ssl_context(),
                limits=httpx.Limits(max_keepalive_connections=0),
                headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING},
            )
        return self._client

    def _pin(self, url: str, attempt: int) -> _Pinned:
        """Resolve and check the URL's host; the request to send goes to a checked address
        (another of them on each retry, should one not answer)."""
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise FetchError(f"InvalidURL: {exc}") from exc
        if not parsed.host:
            raise FetchError(f"no host in {url!r}")
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        host = parsed.raw_host.decode("ascii")  # IDNA-encoded, as DNS and TLS want it
        try:
            addresses = self.policy.resolve(host, port)
        except RefusedAddressError as exc:
            raise FetchError(str(exc)) from exc
        except UnresolvedHostError as exc:
            raise _RetryableError(str(exc)) from exc
        address = addresses[attempt % len(addresses)]
        return _Pinned(url=parsed.copy_with(host=str(address)), host=host,
                       host_header=parsed.netloc.decode("ascii"), address=address)

    def _wait_for_address(self, address: IPAddress, ends_at: float) -> None:
        wait = self._last_request.get(address, 0.0) + self.per_host_delay - time.monotonic()
        if wait > 0:
            time.sleep(min(wait, max(ends_at - time.monotonic(), 0.0)))
        self._last_request[address] = time.monotonic()

    def fetch(self, url: str) -> FetchResult:
        """GET a URL within the deadline; raise FetchError with a clear reason when there is
        nothing to keep."""
        check_scheme(url)
        if self.run_deadline is not None and time.monotonic() - self._created > self.run_deadline:
            raise RunDeadlineError(f"the run's {self.run_deadline:g}-second fetch deadline "
                                   "passed")
        ends_at = time.monotonic() + self.deadline
        reason = ""
        for attempt in range(self.retries + 1):
            if attempt:
                pause = self.backoff * 2 ** (attempt - 1)
                if time.monotonic() + pause >= ends_at:
                    break
                time.sleep(pause)
            try:
                return self._attempt(url, ends_at, attempt)
            except _DeadlineError as exc:
                raise FetchError(str(exc)) from exc
            except _RetryableError as exc:
                reason = str(exc)
            if time.monotonic() >= ends_at:
                break
        else:
            raise FetchError(f"{reason} (after {self.retries + 1} attempts)")
        raise FetchError(f"{reason} (stopped at the {self.deadline:g}-second deadline)")

    def _attempt(self, url: str, ends_at: float, attempt: int) -> FetchResult:
        """One GET, redirects followed by hand so each target's scheme and address are
        checked before it is requested."""
        with _Watchdog(ends_at - time.monotonic()) as watchdog:
            try:
                current = url
                for hop in range(self.max_redirects + 1):
                    try:
                        pinned = self._pin(current, attempt)
                    except (FetchError, _RetryableError) as exc:
                        if hop:
                            raise type(exc)(f"redirect to {current}: {exc}") from exc
                        raise
                    self._wait_for_address(pinned.address, ends_at)
                    if time.monotonic() >= ends_at:
                        raise _DeadlineError(self._missed_deadline)
                    timeout = httpx.Timeout(max(min(self.timeout, ends_at - time.monotonic()),
                                                0.001))
                    request = self._http().build_request(
                        "GET", pinned.url, headers={"Host": pinned.host_header}, timeout=timeout,
                        extensions={"trace": watchdog.trace, "sni_hostname": pinned.host})
                    response = self._http().send(request, stream=True)
                    try:
                        if response.status_code in REDIRECT_STATUS:
                            location = response.headers.get("location")
                            if not location:
                                raise FetchError(f"HTTP {response.status_code} without Location")
                            current = urljoin(current, location)
                            check_scheme(current)
                            continue
                        result = self._read(url, current, response)
                        if watchdog.expired:  # a body that ends at close was cut short
                            raise _DeadlineError(self._missed_deadline)
                        return result
                    finally:
                        response.close()
                raise FetchError(f"more than {self.max_redirects} redirects")
            except httpx.TransportError as exc:
                if watchdog.expired:
                    raise _DeadlineError(self._missed_deadline) from exc
                raise _RetryableError(
                    f"network error: {type(exc).__name__}: {exc}".rstrip(": ")) from exc
            except httpx.HTTPError as exc:  # an invalid URL: final
                raise FetchError(f"{type(exc).__name__}: {exc}") from exc

    @property
    def _missed_deadline(self) -> str:
        return f"no complete answer within the {self.deadline:g}-second deadline"

    def _read(self, url: str, final_url: str, response: httpx.Response) -> FetchResult:
        """The body of a final answer, streamed and decoded under the size bound."""
        if response.status_code in RETRYABLE_STATUS:
            raise _RetryableError(f"HTTP {response.status_code}")
        if response.status_code != 200:
            raise FetchError(f"HTTP {response.status_code}")
        too_large = FetchError(f"response is larger than the {self.max_bytes:,}-byte limit")
        declared = response.headers.get("content-length", "")
        decoder = _Decoder(response.headers.get("content-encoding", ""))
        if declared.isdigit() and int(declared) > self.max_bytes and decoder.identity:
            raise too_large
        body = bytearray()
        for block in response.iter_raw(READ_BLOCK):
            for piece in decoder.decode(block, self.max_bytes - len(body)):
                body += piece
                if len(body) > self.max_bytes:
                    raise too_large
        return FetchResult(
            url=url,
            final_url=final_url,
            status=response.status_code,
            content=bytes(body),
            content_type=response.headers.get("content-type", ""),
        )

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

