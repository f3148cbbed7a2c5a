"""Where documents come from: folders (the inbox), files of URLs, and RSS/Atom/JSON feeds.

A source lists candidates cheaply; each candidate's bytes are read or fetched only when its
chunk is processed, so a run never holds more than one chunk of documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urljoin, urlsplit

from newsflow import ingest
from newsflow.fetch import FetchError, PoliteFetcher
from newsflow.records import QuarantineRecord, RawDocument


@dataclass(frozen=True)
class Candidate:
    """One input a source found; `load` reads or fetches its bytes."""

    source: str
    load: Callable[[dt.datetime], RawDocument]


class Source(Protocol):
    def candidates(self) -> Iterator[Candidate | QuarantineRecord]: ...


@dataclass(frozen=True)
class FolderSource:
    """A file, or a folder walked recursively for .txt/.html/.htm (and .gz) files."""

    path: Path
    max_bytes: int

    def candidates(self) -> Iterator[Candidate | QuarantineRecord]:
        for item in ingest.discover([self.path]):
            if isinstance(item, QuarantineRecord):
                yield item
            else:
                yield Candidate(str(item), _file_loader(item, self.max_bytes))


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
    """An RSS, Atom or JSON feed: every item link becomes a candidate page."""

    url: str
    fetcher: PoliteFetcher

    def candidates(self) -> Iterator[Candidate | QuarantineRecord]:
        from trafilatura.feeds import FeedParameters, find_links

        try:
            feed = self.fetcher.fetch(self.url)
        except FetchError as exc:
            yield QuarantineRecord(self.url, "fetch", f"feed: {exc}")
            return
        parts = urlsplit(feed.final_url)
        params = FeedParameters(feed.final_url, parts.netloc, self.url)
        links = find_links(feed.content.decode("utf-8", errors="replace").strip(), params)
        if not links:
            yield QuarantineRecord(self.url, "discover", "no item links found in the feed")
        for link in dict.fromkeys(urljoin(feed.final_url, link) for link in links):
            yield Candidate(link, _url_loader(link, self.fetcher))


def _file_loader(path: Path, max_bytes: int) -> Callable[[dt.datetime], RawDocument]:
    return lambda now: ingest.read_document(path, max_bytes, now)


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
