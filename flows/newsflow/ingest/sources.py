"""Where documents come from: folders (the inbox), files of URLs, and RSS/Atom/JSON feeds.

A source lists candidates cheaply; each candidate's bytes are read or fetched only when its
chunk is processed, so a run never holds more than one chunk of documents.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Protocol, TypeVar
from urllib.parse import urljoin

from lxml import etree

from newsflow.ingest import documents as ingest
from newsflow.ingest.fetch import FetchError, PoliteFetcher
from newsflow.records import QuarantineRecord, RawDocument, storable
from newsflow.settings import Settings

T = TypeVar("T")


@dataclass(frozen=True)
class Candidate:
    """One input a source found; `load` reads or fetches its bytes."""

    source: str
    load: Callable[[dt.datetime], RawDocument]


class Source(Protocol):
    def candidates(self) -> Iterator[Candidate | QuarantineRecord]: ...


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
class FeedSource:
    """An RSS, Atom or JSON feed: every item's link becomes a candidate page.

    Only items' links: the channel's own <link> (the site's home page) is not an article.
    """

    url: str
    fetcher: PoliteFetcher

    def candidates(self) -> Iterator[Candidate | QuarantineRecord]:
        try:
            feed = self.fetcher.fetch(self.url)
        except FetchError as exc:
            yield QuarantineRecord(self.url, "fetch", f"feed: {exc}")
            return
        try:
            links = item_links(feed.content)
        except ValueError as exc:
            yield QuarantineRecord(self.url, "discover", f"feed cannot be read: {exc}")
            return
        if not links:
            yield QuarantineRecord(self.url, "discover", "no item links found in the feed")
        for link in dict.fromkeys(urljoin(feed.final_url, link) for link in links):
            yield Candidate(link, _url_loader(link, self.fetcher))


# RSS 2.0 and RSS 1.0 (RDF) items, Atom entries, in any namespace or none.
_RSS_ITEM_LINKS = "//*[local-name()='item']/*[local-name()='link']/text()"
_RSS_ITEM_PERMALINKS = ("//*[local-name()='item'][not(*[local-name()='link'])]"
                        "/*[local-name()='guid'][not(@isPermaLink='false')]/text()")
_ATOM_ENTRY_LINKS = ("//*[local-name()='entry']/*[local-name()='link']"
                     "[not(@rel) or @rel='alternate']/@href")


def item_links(content: bytes) -> list[str]:
    """The links of a feed's items, in feed order; ValueError if it is not a feed.

    XML is parsed without entity expansion, DTD loading or network access (XXE and entity
    bombs stay inert) and without lxml's huge-tree mode (absurd nesting is refused).
    """
    text = content.lstrip()
    if text[:1] == b"{":
        return _json_feed_links(text)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, recover=True)
    try:
        root = etree.fromstring(text, parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(str(exc)) from exc
    if root is None:
        raise ValueError("empty document")
    found = [*root.xpath(_RSS_ITEM_LINKS), *root.xpath(_RSS_ITEM_PERMALINKS),
             *root.xpath(_ATOM_ENTRY_LINKS)]
    return [str(link).strip() for link in found if str(link).strip()]


def _json_feed_links(content: bytes) -> list[str]:
    """JSON Feed (jsonfeed.org): each item's url, else its id when that is a URL."""
    try:
        feed = json.loads(content)
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"invalid JSON: {exc}") from exc
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        raise ValueError("a JSON feed without an items list")
    links = []
    for item in items:
        if isinstance(item, dict):
            link = item.get("url") or item.get("id")
            if isinstance(link, str) and link.strip():
                links.append(link.strip())
    return links


def _file_loader(path: Path, max_bytes: int,
                 root: Path) -> Callable[[dt.datetime], RawDocument]:
    return lambda now: ingest.read_document(path, max_bytes, now, root)


def _url_loader(url: str, fetcher: PoliteFetcher) -> Callable[[dt.datetime], RawDocument]:
    def load(now: dt.datetime) -> RawDocument:
        try:
            result = fetcher.fetch(url)
        except FetchError as exc:
            raise ingest.IngestError(str(exc)) from exc
        return ingest.document_from_bytes(
            result.content, source=url, now=now,
            media_type="text/plain" if "text/plain" in result.content_type else "text/html",
            http_status=result.status, final_url=result.final_url,
        )

    return load


def candidates_of(
    settings: Settings, fetcher: PoliteFetcher
) -> Iterator[Candidate | QuarantineRecord]:
    """Everything the configured sources offer, folders first, then URL lists, then feeds.

    A source offered twice (a file inside a folder also named on its own, a URL in two feeds
    or twice in a list) is offered once: its first offer.
    """
    sources: list[Source] = [FolderSource(p, settings.max_document_bytes) for p in settings.sources]
    sources += [UrlListSource(p, fetcher) for p in settings.url_lists]
    sources += [FeedSource(url, fetcher) for url in settings.feeds]
    offered: set[str] = set()
    for source in sources:
        for item in source.candidates():
            if isinstance(item, Candidate):
                if item.source in offered:
                    continue
                offered.add(item.source)
            yield item


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """The items in lists of `size` (the last one shorter): a run's chunks of candidates."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
