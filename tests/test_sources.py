"""URL lists and feeds, fetched from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from helpers import query
from newsflow.ingest.addresses import AddressPolicy
from newsflow.ingest.fetch import FetchError, PoliteFetcher
from newsflow.ingest.sources import run_chunks
from newsflow.netaddr import networks

# The test site is on loopback, which fetches may reach only when it is allowed.
LOOPBACK = AddressPolicy(networks(["127.0.0.0/8"]))

PARAGRAPHS = [
    "The city council approved a new budget on Tuesday after a debate that lasted into the "
    "night, allocating more money to public transport and to the repair of ageing bridges.",
    "Mayor Anna Kowalski said the plan would be financed without raising local taxes, relying "
    "instead on savings in administration and on a grant from the regional government.",
    "Opposition members criticised the speed of the vote and said residents had too little "
    "time to comment on the proposals before the council reached its final decision.",
]


def article_page(title: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>© Example</footer></body></html>"
            ).encode()


class Site:
    """Routes of the test site; counts requests per path."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.flaky_failures = 1

    def answer(self, path: str) -> tuple[int, dict[str, str], bytes]:
        if path == "/feed.xml":
            items = "".join(
                f"<item><title>{p}</title><link>http://{{host}}{p}</link></item>"
                for p in ("/news/budget", "/news/missing", "/news/slow", "/old/moved", "/flaky")
            )
            return 200, {"Content-Type": "application/rss+xml"}, (
                f"<?xml version='1.0'?><rss version='2.0'><channel><title>Local</title>"
                f"<link>http://{{host}}/home</link>"
                f"{items}</channel></rss>").encode()
        if path == "/news/budget":
            return 200, {"Content-Type": "text/html; charset=utf-8"}, article_page("Budget vote")
        if path == "/news/moved-here":
            return 200, {"Content-Type": "text/html"}, article_page("Bridges to be repaired")
        if path == "/old/moved":
            return 301, {"Location": "/news/moved-here"}, b""
        if path == "/news/slow":
            time.sleep(3)
            return 200, {"Content-Type": "text/html"}, article_page("Too late")
        if path == "/flaky":
            if self.hits[path] <= self.flaky_failures:
                return 503, {}, b"busy"
            return 200, {"Content-Type": "text/html"}, article_page("Transport plan after retry")
        return 404, {}, b"not found"


@pytest.fixture
def site() -> Iterator[tuple[str, Site]]:
    routes = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            routes.hits[self.path] += 1
            status, headers, body = routes.answer(self.path)
            body = body.replace(b"{host}", self.headers["Host"].encode())
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", routes
    server.shutdown()
    server.server_close()


@pytest.fixture
def fast_fetch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short timeouts, and loopback (the test site) allowed for the run's fetches."""
    monkeypatch.setenv("NEWSFLOW_FETCH_ALLOW_NETWORKS", "127.0.0.0/8")
    monkeypatch.setenv("NEWSFLOW_FETCH_TIMEOUT", "1")
    monkeypatch.setenv("NEWSFLOW_FETCH_RETRIES", "1")
    monkeypatch.setenv("NEWSFLOW_FETCH_PER_HOST_DELAY", "0")


def test_fetch_retries_only_what_can_succeed(site: tuple[str, Site]) -> None:
    base, routes = site
    fetcher = PoliteFetcher(timeout=1, retries=2, backoff=0.01, per_host_delay=0,
                            policy=LOOPBACK)
    assert fetcher.fetch(f"{base}/flaky").status == 200
    assert routes.hits["/flaky"] == 2  # one 503, then success
    with pytest.raises(FetchError, match="HTTP 404"):
        fetcher.fetch(f"{base}/news/missing")
    assert routes.hits["/news/missing"] == 1  # a 404 is final


def test_fetch_sends_a_user_agent_and_follows_redirects(site: tuple[str, Site]) -> None:
    base, _ = site
    result = PoliteFetcher(per_host_delay=0, policy=LOOPBACK).fetch(f"{base}/old/moved")
    assert result.final_url.endswith("/news/moved-here")
    assert b"Bridges to be repaired" in result.content


def test_per_host_delay_spaces_requests(site: tuple[str, Site]) -> None:
    base, _ = site
    fetcher = PoliteFetcher(per_host_delay=0.3, policy=LOOPBACK)
    started = time.monotonic()
    for _ in range(3):
        fetcher.fetch(f"{base}/news/budget")
    assert time.monotonic() - started >= 0.6


def test_feed_is_ingested_with_status_and_quarantine(
    run_pipeline: Any, site: tuple[str, Site], tmp_path: Path, fast_fetch: None
) -> None:
    base, routes = site
    summary = run_pipeline(sources=[], feeds=[f"{base}/feed.xml"])
    assert summary.status == "published", summary.message
    assert routes.hits["/home"] == 0  # the channel's own link is not an item
    db = tmp_path / "news.duckdb"
    stored = dict(query(db, """
        SELECT replace(source, $base, ''), http_status || ' ' || final_url FROM document_sources
    """, {"base": base}))
    assert stored == {
        "/news/budget": f"200 {base}/news/budget",
        "/old/moved": f"200 {base}/news/moved-here",
        "/flaky": f"200 {base}/flaky",
    }
    quarantined = dict(query(db, "SELECT replace(source, $base, ''), reason FROM quarantine",
                             {"base": base}))
    assert quarantined["/news/missing"] == "HTTP 404"
    assert quarantined["/news/slow"].startswith("network error: ReadTimeout")
    titles = {t for (t,) in query(db, "SELECT title FROM articles")}
    assert titles == {"Budget vote", "Bridges to be repaired", "Transport plan after retry"}
    # The page is kept exactly as it was served.
    [(content,)] = query(db, """
        SELECT r.content FROM raw_documents r JOIN document_sources s USING (doc_id)
        WHERE s.source LIKE '%/news/budget'
    """)
    assert content == article_page("Budget vote")


def test_url_list_is_ingested(
    run_pipeline: Any, site: tuple[str, Site], tmp_path: Path, fast_fetch: None
) -> None:
    base, _ = site
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# morning list\n{base}/news/budget\n\n{base}/nowhere\n")
    summary = run_pipeline(sources=[], url_lists=[str(urls)])
    assert summary.status == "published", summary.message
    db = tmp_path / "news.duckdb"
    assert query(db, "SELECT count(*) FROM articles") == [(1,)]
    assert query(db, "SELECT source, stage, reason FROM quarantine") == [
        (f"{base}/nowhere", "ingest", "HTTP 404")
    ]


def test_hostile_urls_are_quarantined_with_their_reasons(
    run_pipeline: Any, tmp_path: Path, fast_fetch: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsflow.devtools.hostile_site import hostile_site

    monkeypatch.setenv("NEWSFLOW_MAX_DOCUMENT_BYTES", "2000000")
    monkeypatch.setenv("NEWSFLOW_FETCH_DEADLINE", "3")
    with hostile_site(bomb_bytes=64 << 20, drip_every=0.3) as (base, hostile):
        urls = tmp_path / "urls.txt"
        paths = ["/article", "/endless", "/gzip-bomb", "/drip", "/to-file"]
        urls.write_text("".join(f"{base}{p}\n" for p in paths) + "file:///etc/passwd\n")
        summary = run_pipeline(sources=[], url_lists=[str(urls)])
        assert summary.status == "published", summary.message
        assert {p: hostile.hits.get(p) for p in paths} == dict.fromkeys(paths, 1)
    db = tmp_path / "news.duckdb"
    assert query(db, "SELECT title FROM articles") == [("Harbour reopens",)]
    reasons = dict(query(db, "SELECT replace(source, $base, ''), reason FROM quarantine",
                         {"base": base}))
    assert reasons["/endless"] == reasons["/gzip-bomb"] == (
        "response is larger than the 2,000,000-byte limit")
    assert "deadline" in reasons["/drip"]
    assert reasons["/to-file"].startswith("unsupported URL scheme 'file'")
    assert reasons["file:///etc/passwd"].startswith("unsupported URL scheme 'file'")
    assert all(b"root:" not in c for (c,) in query(db, "SELECT content FROM raw_documents"))


class _OneFeed(PoliteFetcher):
    """A fetcher whose feed is in memory; item pages are never fetched here."""

    feed: bytes = b""

    def fetch(self, url: str) -> Any:
        from newsflow.ingest.fetch import FetchResult

        return FetchResult(url, url, 200, self.feed, "application/rss+xml")


def test_a_feed_gives_at_most_its_cap_new_items_first_newest_first() -> None:
    import datetime as dt
    from email.utils import format_datetime

    from newsflow.ingest.sources import Deferred, FeedSource

    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    # 3,000 items, oldest first; every tenth undated.
    items = "".join(
        f"<item><link>https://news.example/{i}</link>"
        + ("" if i % 10 == 0 else
           f"<pubDate>{format_datetime(start + dt.timedelta(minutes=i))}</pubDate>")
        + "</item>" for i in range(3_000))
    fetcher = _OneFeed(per_host_delay=0)
    fetcher.feed = f"<rss><channel>{items}</channel></rss>".encode()
    known = {f"https://news.example/{i}" for i in range(2_000, 3_000)}
    offered = list(FeedSource("https://news.example/feed", fetcher, 1_000, known).candidates())
    *candidates, deferred = offered
    assert deferred == Deferred("https://news.example/feed", 2_000,
                                "over the 1,000-item cap per feed")
    numbers = [int(c.source.rsplit("/", 1)[1]) for c in candidates]
    # Not yet stored first, newest first (the undated ones and the stored ones would come
    # after them, past the cap); the next run takes the next newest new ones.
    assert numbers == [i for i in range(1_999, -1, -1) if i % 10][:1_000]
    again = list(FeedSource("https://news.example/feed", fetcher, 1_000,
                            known | {c.source for c in candidates}).candidates())
    assert {int(c.source.rsplit("/", 1)[1]) for c in again[:-1]}.isdisjoint(numbers)


def test_a_json_feed_item_without_url_is_taken_by_its_id_only_when_that_is_a_web_url() -> None:
    import json

    from newsflow.ingest.sources import feed_items

    feed = {"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": "1", "url": "https://news.example/with-url"},
        {"id": "https://news.example/by-id"},
        {"id": "HTTP://news.example/upper-case-scheme"},
        {"id": "tag:news.example,2026:42"},
        {"id": "urn:uuid:2b2b1c1e-0000-4000-8000-000000000000"},
        {"id": "42"},
        {"id": "/relative/path"},
        {"id": "javascript:alert(1)"},
        {"id": 7},
    ]}
    links = [item.link for item in feed_items(json.dumps(feed).encode())]
    assert links == ["https://news.example/with-url", "https://news.example/by-id",
                     "HTTP://news.example/upper-case-scheme"]


def test_no_fetch_starts_after_the_runs_fetch_deadline_and_the_rest_is_deferred(
    tmp_path: Path
) -> None:
    from newsflow.ingest.seen import KnownState, ingest_chunk
    from newsflow.ingest.sources import UrlListSource

    urls = tmp_path / "urls.txt"
    urls.write_text("https://news.example/a\nhttps://news.example/b\n")
    fetcher = PoliteFetcher(run_deadline=0, policy=LOOPBACK)
    time.sleep(0.01)
    candidates = list(UrlListSource(urls, fetcher).candidates())
    chunk = ingest_chunk(candidates, KnownState({}, frozenset()), full_refresh=False)  # type: ignore[arg-type]
    assert (chunk.deferred, chunk.quarantine, chunk.raw_rows) == (2, [], [])
    with pytest.raises(FetchError, match="the run's 0-second fetch deadline passed"):
        fetcher.fetch("https://news.example/c")


def test_a_runs_chunks_shrink_towards_the_end_so_the_workers_finish_together() -> None:
    items = list(range(300))
    chunks = list(run_chunks(items, 50, 2))
    assert [c for chunk in chunks for c in chunk] == items  # every candidate once, in order
    sizes = [len(chunk) for chunk in chunks]
    assert sizes == [50, 50, 50, 38, 28, 25, 25, 25, 9]
    assert [len(chunk) for chunk in run_chunks(list(range(5)), 50, 2)] == [5]  # the seeds
    assert max(len(chunk) for chunk in run_chunks(list(range(1000)), 50, 4)) == 50
    assert list(run_chunks([], 50, 2)) == []
