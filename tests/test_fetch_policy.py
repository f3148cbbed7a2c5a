"""No fetch reaches a loopback, private or link-local address unless its network is allowed.

A counting server on loopback is the "internal service" a hostile feed, URL list or redirect
points at; with the allow-setting off it must see no request at all.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from helpers import query
from newsflow.ingest import IngestError
from newsflow.ingest.addresses import AddressPolicy, address_kind
from newsflow.ingest.fetch import FetchError, FetchResult, PoliteFetcher
from newsflow.ingest.sources import Candidate, FeedSource
from newsflow.netaddr import networks

SECRET = b"<html><body><p>INTERNAL-ONLY: the password is hunter2</p></body></html>"


@dataclass
class Internal:
    """An internal service: counts every request, by path, and the Host headers it was sent."""

    port: int
    port6: int | None
    hits: Counter[str]
    hosts: list[str]

    def aliases(self, path: str) -> list[str]:
        """The same service under the names and spellings an attacker would try."""
        p = self.port
        urls = [f"http://127.0.0.1:{p}{path}", f"http://localhost:{p}{path}",
                f"http://0.0.0.0:{p}{path}", f"http://2130706433:{p}{path}",
                f"http://0x7f.1:{p}{path}", f"http://017700000001:{p}{path}",
                f"http://127.1:{p}{path}", f"http://[::ffff:127.0.0.1]:{p}{path}",
                "http://169.254.169.254/latest/meta-data/"]
        if self.port6 is not None:
            urls.append(f"http://[::1]:{self.port6}{path}")
        return urls


class _Server(ThreadingHTTPServer):
    daemon_threads = True


class _V6Server(_Server):
    address_family = socket.AF_INET6


@contextmanager
def internal_service() -> Iterator[Internal]:
    """The service on 127.0.0.1, and on ::1 too where IPv6 loopback exists."""
    hits: Counter[str] = Counter()
    hosts: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits[self.path] += 1
            hosts.append(self.headers.get("Host", ""))
            if self.path == "/to-unspecified":
                self.send_response(302)
                self.send_header("Location", f"http://0.0.0.0:{servers[0].server_port}/secret")
            elif self.path == "/to-metadata":
                self.send_response(302)
                self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            elif self.path == "/to-secret":
                self.send_response(302)
                self.send_header("Location", "/secret")
            else:
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(SECRET)))
                self.end_headers()
                self.wfile.write(SECRET)
                return
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    servers: list[ThreadingHTTPServer] = [_Server(("127.0.0.1", 0), Handler)]
    with suppress(OSError):  # without IPv6 loopback the [::1] alias is left out
        servers.append(_V6Server(("::1", 0), Handler))
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield Internal(servers[0].server_port,
                       servers[1].server_port if len(servers) > 1 else None, hits, hosts)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


@pytest.fixture
def internal() -> Iterator[Internal]:
    with internal_service() as service:
        yield service


def fetcher(*allowed: str, delay: float = 0) -> PoliteFetcher:
    return PoliteFetcher(timeout=2, retries=1, backoff=0.01, per_host_delay=delay, deadline=5,
                         policy=AddressPolicy(networks(allowed)))


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("0.0.0.0", "unspecified"),
    ("::", "unspecified"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("10.1.2.3", "private"), ("192.168.0.1", "private"), ("fd00::1", "private"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"), ("240.0.0.1", "private"),
    ("100.64.0.1", "non-public"), ("::ffff:127.0.0.1", "loopback"),
    ("::ffff:169.254.169.254", "link-local"), ("2002:7f00:1::", "loopback"),
    ("64:ff9b::7f00:1", "reserved"), ("93.184.215.14", None), ("2606:4700::1", None),
])
def test_addresses_are_classified(address: str, kind: str | None) -> None:
    assert address_kind(ipaddress.ip_address(address)) == kind


def test_an_allowed_network_admits_its_addresses_in_any_spelling() -> None:
    policy = AddressPolicy(networks(["127.0.0.0/8"]))
    for spelling in ("127.0.0.1", "2130706433", "0x7f.1", "127.1", "::ffff:127.0.0.1"):
        assert policy.resolve(spelling, 80) == [ipaddress.ip_address(
            "::ffff:127.0.0.1" if ":" in spelling else "127.0.0.1")]
    assert policy.check(ipaddress.ip_address("10.0.0.1")) == "private"


class _FeedFromOutside(PoliteFetcher):
    """A fetcher whose feed arrives from an allowed place (here: memory); every item link
    goes through the real fetch and its address policy."""

    feed: bytes = b""

    def fetch(self, url: str) -> FetchResult:
        if url == "https://news.example/feed.xml":
            return FetchResult(url, url, 200, self.feed, "application/rss+xml")
        return super().fetch(url)


def test_feed_items_pointing_inside_are_refused_unfetched(internal: Internal) -> None:
    links = internal.aliases("/secret")
    items = "".join(f"<item><title>{n}</title><link>{url}</link></item>"
                    for n, url in enumerate(links))
    feeds = _FeedFromOutside(timeout=2, retries=2, backoff=0.01, per_host_delay=0, deadline=5,
                             policy=AddressPolicy())
    feeds.feed = f"<rss version='2.0'><channel>{items}</channel></rss>".encode()
    candidates = list(FeedSource("https://news.example/feed.xml", feeds).candidates())
    assert [c.source for c in candidates if isinstance(c, Candidate)] == links
    for candidate in candidates:
        assert isinstance(candidate, Candidate)
        with pytest.raises(IngestError, match=r"^refused: .* is a [a-z-]+ address"):
            candidate.load(dt.datetime.now(dt.UTC))
    assert sum(internal.hits.values()) == 0


def test_url_list_aliases_of_loopback_are_quarantined_unfetched(
    run_pipeline: Any, internal: Internal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSFLOW_FETCH_ALLOW_NETWORKS", raising=False)
    monkeypatch.setenv("NEWSFLOW_FETCH_PER_HOST_DELAY", "0")
    urls = tmp_path / "urls.txt"
    aliases = internal.aliases("/secret")
    urls.write_text("\n".join(aliases) + "\n")
    summary = run_pipeline(sources=[], url_lists=[str(urls)])
    assert sum(internal.hits.values()) == 0
    db = tmp_path / "news.duckdb"
    assert query(db, "SELECT count(*) FROM articles") == [(0,)]
    reasons = dict(query(db, "SELECT source, reason FROM quarantine WHERE stage = 'ingest'"))
    assert set(reasons) == set(aliases), summary.message
    assert reasons[f"http://2130706433:{internal.port}/secret"] == (
        "refused: 2130706433 (127.0.0.1) is a loopback address; only public addresses and "
        "networks named in NEWSFLOW_FETCH_ALLOW_NETWORKS are fetched from")
    assert reasons["http://169.254.169.254/latest/meta-data/"].startswith(
        "refused: 169.254.169.254 is a link-local address")


def test_the_allow_setting_opens_the_named_network(internal: Internal) -> None:
    result = fetcher("127.0.0.0/8", "::1/128").fetch(f"http://localhost:{internal.port}/secret")
    assert result.content == SECRET
    assert internal.hits["/secret"] == 1


@pytest.mark.parametrize(("path", "refused"), [
    ("/to-unspecified", "0.0.0.0 is a unspecified address"),
    ("/to-metadata", "169.254.169.254 is a link-local address"),
])
def test_a_redirect_to_a_refused_address_is_not_followed(
    internal: Internal, path: str, refused: str
) -> None:
    with pytest.raises(FetchError, match=f"^redirect to http://.*: refused: {refused}"):
        fetcher("127.0.0.1/32").fetch(f"http://127.0.0.1:{internal.port}{path}")
    assert internal.hits == Counter({path: 1})  # asked once, never retried, never followed
    # The same server's redirect within the allowed network is followed.
    assert fetcher("127.0.0.1/32").fetch(
        f"http://127.0.0.1:{internal.port}/to-secret").content == SECRET


def test_the_connection_goes_to_the_address_that_was_checked(
    internal: Internal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the name answers an allowed address once, then anything else. The fetch
    must not ask again between the check and the connection."""
    real = socket.getaddrinfo
    lookups: list[str] = []

    def rebinding(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.test":
            return real(host, *args, **kwargs)
        lookups.append(host)
        if len(lookups) > 1:
            raise socket.gaierror(socket.EAI_NONAME, "rebound")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", internal.port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    result = fetcher("127.0.0.1/32").fetch(f"http://rebind.test:{internal.port}/secret")
    assert result.content == SECRET
    assert result.final_url == f"http://rebind.test:{internal.port}/secret"
    assert lookups == ["rebind.test"]
    assert internal.hosts == [f"rebind.test:{internal.port}"]  # the name kept in Host


def test_politeness_is_per_address_not_per_name(internal: Internal) -> None:
    polite = fetcher("127.0.0.0/8", "::1/128", delay=0.4)
    started = time.monotonic()
    for host in ("127.0.0.1", "localhost", "2130706433"):
        polite.fetch(f"http://{host}:{internal.port}/secret")
    assert time.monotonic() - started >= 0.8


def test_https_goes_to_the_checked_address_with_the_name_for_tls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection is pinned to the address, yet TLS still asks for (SNI) and verifies the
    certificate of the URL's name."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make the test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=news.test", "-addext", "subjectAltName=DNS:news.test",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    asked_for: list[str | None] = []
    context.sni_callback = lambda _sock, name, _ctx: asked_for.append(name)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(SECRET)))
            self.end_headers()
            self.wfile.write(SECRET)

        def log_message(self, *args: Any) -> None:
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    real = socket.getaddrinfo

    def news_test_is_loopback(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        return real("127.0.0.1" if host == "news.test" else host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", news_test_is_loopback)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    try:
        port = server.server_address[1]
        assert fetcher("127.0.0.1/32").fetch(f"https://news.test:{port}/").content == SECRET
        assert asked_for == ["news.test"]
        with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED"):
            fetcher("127.0.0.1/32").fetch(f"https://127.0.0.1:{port}/")  # not its name
    finally:
        server.shutdown()
        server.server_close()
