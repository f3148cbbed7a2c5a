"""Where documents come from: folders (the inbox), files of URLs, and RSS/Atom/JSON feeds.

A source lists candidates cheaply; each candidate's bytes are read or fetched only when its
chunk is processed, so a run never holds more than one chunk of documents.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Protocol, TypeVar
from urllib.parse import urljoin, urlsplit

from lxml import etree

from newsflow.ingest import documents as ingest
from newsflow.ingest.fetch import FetchError, PoliteFetcher, RunDeadlineError
from newsflow.records import QuarantineRecord, RawDocument, storable
from newsflow.settings import Settings

T = TypeVar("T")


@dataclass(frozen=True)
class Candidate:
    """One input a source found; `load` reads or fetches its bytes."""

    source: str
    load: Callable[[dt.datetime], RawDocument]


class Source(Protocol):
    def candidates(self) -> Iterator[Candidate | QuarantineRecord | Deferred]: ...


@dataclass(frozen=True)
class FolderSource:
    """A file, or a folder walked recursively for .txt/.html/.htm (and .gz) files; nothing
    outside the folder is read (see ingest.discover)."""

    path: Path
    max_bytes: int

    def candidates(self) -> Iterator[Candidate | QuarantineRecord]:
        root = ingest.source_root(self.path)
        for item in ingest.discover([self.path]):
            if isinstance(item, QuarantineRecord):
                yield item
            else:
                yield Candidate(storable(str(item)), _file_loader(item, self.max_bytes, root))


@dataclass(frozen=True)
class UrlListSource:
    """A text file with one URL a line (blank lines and # comments ignored)."""

    path: Path
    fetcher: PoliteFetcher

    def candidates(self) -> Iterator[Candidate | QuarantineRecord]:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            yield QuarantineRecord(str(self.path), "discover", f"cannot read URL list: {exc}")
            return
        for line in lines:
            url = line.strip()
            if url and not url.startswith("#"):
                yield Candidate(url, _url_loader(url, self.fetcher))


@dataclass(frozen=True)
class Deferred:
    """Inputs a source offered that this run leaves to the next one, and why."""

    source: str
    count: int
    reason: str


@dataclass(frozen=True)
class FeedItem:
    link: str
    published: dt.datetime | None = None


@dataclass(frozen=True)
class FeedSource:
    """An RSS, Atom or JSON feed: every item's link becomes a candidate page, at most
    `max_items` of them a run.

    Only items' links: the channel's own <link> (the site's home page) is not an article.
    Items whose link the warehouse does not hold yet (`known` sources) come first, newest
    first (undated ones after, in feed order), then known ones, newest first; those past the
    cap are left to the next run, which takes the next newest new ones.
    """

    url: str
    fetcher: PoliteFetcher
    max_items: int = 1_000
    known: Container[str] = frozenset()

    def candidates(self) -> Iterator[Candidate | QuarantineRecord | Deferred]:
        try:
            feed = self.fetcher.fetch(self.url)
        except RunDeadlineError as exc:
            yield Deferred(self.url, 1, str(exc))
            return
        except FetchError as exc:
            yield QuarantineRecord(self.url, "fetch", f"feed: {exc}")
            return
        try:
            items = feed_items(feed.content)
        except ValueError as exc:
            yield QuarantineRecord(self.url, "discover", f"feed cannot be read: {exc}")
            return
        if not items:
            yield QuarantineRecord(self.url, "discover", "no item links found in the feed")
        latest: dict[str, dt.datetime | None] = {}
        for item in items:
            latest.setdefault(urljoin(feed.final_url, item.link), item.published)
        links = sorted(latest, key=lambda link: (link in self.known, *_newest_first(latest[link])))
        for link in links[:self.max_items]:
            yield Candidate(link, _url_loader(link, self.fetcher))
        if len(links) > self.max_items:
            yield Deferred(self.url, len(links) - self.max_items,
                           f"over the {self.max_items:,}-item cap per feed")


def _newest_first(published: dt.datetime | None) -> tuple[bool, float]:
    return published is None, -published.timestamp() if published else 0.0


# RSS 2.0 and RSS 1.0 (RDF) items, Atom entries, in any namespace or none.
_RSS_ITEMS = "//*[local-name()='item']"
_RSS_LINK = "*[local-name()='link']/text()"
_RSS_PERMALINK = "*[local-name()='guid'][not(@isPermaLink='false')]/text()"
_RSS_DATE = "*[local-name()='pubDate' or local-name()='date']/text()"
_ATOM_ENTRIES = "//*[local-name()='entry']"
_ATOM_LINK = "*[local-name()='link'][not(@rel) or @rel='alternate']/@href"
_ATOM_DATE = "*[local-name()='updated' or local-name()='published']/text()"


def feed_items(content: bytes) -> list[FeedItem]:
    """The items of a feed (link and date, when it has one it can be read by), in feed order;
    ValueError if it is not a feed.

    XML is parsed without entity expansion, DTD loading or network access (XXE and entity
    bombs stay inert) and without lxml's huge-tree mode (absurd nesting is refused).
    """
    text = content.lstrip()
    if text[:1] == b"{":
        return _json_feed_items(text)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, recover=True)
    try:
        root = etree.fromstring(text, parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(str(exc)) from exc
    if root is None:
        raise ValueError("empty document")
    items = []
    for path, link_paths, date_path in ((_RSS_ITEMS, (_RSS_LINK, _RSS_PERMALINK), _RSS_DATE),
                                        (_ATOM_ENTRIES, (_ATOM_LINK,), _ATOM_DATE)):
        for element in root.xpath(path):
            links = [str(v).strip() for lp in link_paths for v in element.xpath(lp)]
            if link := next((link for link in links if link), None):
                dates = [str(v) for v in element.xpath(date_path)]
                items.append(FeedItem(link, _date(dates[0]) if dates else None))
    return items


def _date(text: str) -> dt.datetime | None:
    """An RSS (RFC 822) or Atom and JSON Feed (ISO 8601) date, as an aware datetime."""
    text = text.strip()
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _url_id(item_id: object) -> str | None:
    """A JSON Feed item's id when it is an http(s) URL (ids are often tags or numbers)."""
    if not isinstance(item_id, str):
        return None
    try:
        scheme = urlsplit(item_id.strip()).scheme
    except ValueError:
        return None
    return item_id if scheme in ("http", "https") else None


def _json_feed_items(content: bytes) -> list[FeedItem]:
    """JSON Feed (jsonfeed.org): each item's url, else its id when that is a URL."""
    try:
        feed = json.loads(content)
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"invalid JSON: {exc}") from exc
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        raise ValueError("a JSON feed without an items list")
    found = []
    for item in items:
        if isinstance(item, dict):
            link = item.get("url") or _url_id(item.get("id"))
            if isinstance(link, str) and link.strip():
                published = item.get("date_modified") or item.get("date_published")
                found.append(FeedItem(link.strip(), _date(published)
                                      if isinstance(published, str) else None))
    return found


def _file_loader(path: Path, max_bytes: int,
                 root: Path) -> Callable[[dt.datetime], RawDocument]:
    return lambda now: ingest.read_document(path, max_bytes, now, root)


def _url_loader(url: str, fetcher: PoliteFetcher) -> Callable[[dt.datetime], RawDocument]:
    def load(now: dt.datetime) -> RawDocument:
        try:
            result = fetcher.fetch(url)
        except RunDeadlineError:
            raise  # not the URL's fault: left to the next run
        except FetchError as exc:
            raise ingest.IngestError(str(exc)) from exc
        return ingest.document_from_bytes(
            result.content, source=url, now=now,
            media_type="text/plain" if "text/plain" in result.content_type else "text/html",
            http_status=result.status, final_url=result.final_url,
        )

    return load


def candidates_of(
    settings: Settings, fetcher: PoliteFetcher, known: Container[str] = frozenset()
) -> Iterator[Candidate | QuarantineRecord | Deferred]:
    """Everything the configured sources offer, folders first, then URL lists, then feeds
    (`known`: the sources the warehouse holds, which feeds take after new items).

    A source offered twice (a file inside a folder also named on its own, a URL in two feeds
    or twice in a list) is offered once: its first offer.
    """
    sources: list[Source] = [FolderSource(p, settings.max_document_bytes) for p in settings.sources]
    sources += [UrlListSource(p, fetcher) for p in settings.url_lists]
    sources += [FeedSource(url, fetcher, settings.feed_max_items, known)
                for url in settings.feeds]
    offered: set[str] = set()
    for source in sources:
        for item in source.candidates():
            if isinstance(item, Candidate):
                if item.source in offered:
                    continue
                offered.add(item.source)
            yield item


def run_chunks(items: Sequence[T], size: int, workers: int) -> Iterator[list[T]]:
    """A run's chunks of candidates: `size` at a time, then smaller towards the end (guided
    self-scheduling: a chunk is the rest over twice the workers, but no less than half of
    `size` unless it is the last), so that the workers finish together. With equal chunks one
    worker analysed the last while the others had nothing left: half a chunk's analysis lost on
    average, about 3 s for 50 documents on two workers."""
    start, least = 0, max(1, size // 2)
    while start < len(items):
        rest = len(items) - start
        step = min(size, max(least, -(-rest // (2 * max(1, workers)))))
        yield list(items[start:start + step])
        start += step
