"""Plain records passed between stages; one row of a table each (CleanedArticle: the cleaner's
part of an articles row), no behaviour beyond a derived column; the two rules every stage
follows to turn a name or a failure into text a table can hold; and TableRows, in which a
chunk's rows travel to the staging area, one per table, whatever produced them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar


class TableRows(NamedTuple):
    """Rows of one warehouse table (named as its folder under sql/tables/): dataclass instances
    or dicts whose fields are the table's columns."""

    table: str
    rows: list[Any]


def by_table(groups: Iterable[TableRows]) -> list[TableRows]:
    """One TableRows per table, sorted by table name; a table's groups are joined in order."""
    merged: dict[str, list[Any]] = {}
    for table, rows in groups:
        merged.setdefault(table, []).extend(rows)
    return [TableRows(table, merged[table]) for table in sorted(merged)]


def rows_of(groups: Iterable[TableRows], table: str) -> list[Any]:
    """The rows of one table among `groups`."""
    return [row for name, rows in groups if name == table for row in rows]


@dataclass(frozen=True)
class RawDocument:
    """An input exactly as received, identified by the SHA-256 of its bytes."""

    doc_id: str
    source: str
    media_type: str
    content: bytes
    ingested_at: dt.datetime
    http_status: int | None = None  # for fetched URLs
    final_url: str | None = None  # after redirects


@dataclass(frozen=True)
class DecodedDocument:
    raw: RawDocument
    text: str
    encoding: str


@dataclass(frozen=True, kw_only=True)
class CleanedArticle:
    """What the cleaner makes of one document: the article body and its metadata.

    `word_count` is derived from the text here, once, for the articles table.
    """

    title: str | None
    text: str
    authors: list[str] = field(default_factory=list)
    published_date: dt.date | None = None
    outlet: str | None = None
    language: str | None = None
    cleaner_version: str | None = None  # what cleaned the text: line model and rules versions
    word_count: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "word_count", len(self.text.split()))


@dataclass(frozen=True)
class Article(CleanedArticle):
    """One row of articles: a cleaned document under its content hash and source."""

    article_id: str
    source: str
    ner_model: str | None = None  # the spaCy model that tagged it; None: none for its language

    @classmethod
    def from_cleaned(cls, article_id: str, source: str, cleaned: CleanedArticle) -> Article:
        return cls(article_id, source, title=cleaned.title, text=cleaned.text,
                   authors=list(cleaned.authors), published_date=cleaned.published_date,
                   outlet=cleaned.outlet, language=cleaned.language,
                   cleaner_version=cleaned.cleaner_version)


@dataclass(frozen=True)
class Entity:
    entity_id: str
    canonical_name: str
    label: str
    aliases: list[str] = field(default_factory=list)
    # A place linked to the gazetteer (GeoNames id, ISO 3166 alpha-2 country, coordinates);
    # None where the entity is no place or could not be linked.
    geonames_id: int | None = None
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class QuarantineRecord:
    """An input that could not go on, with the stage that stopped it and why."""

    source: str
    stage: str
    reason: str
    doc_id: str | None = None
    expectation: str | None = None  # the expectation it failed (stage validate)


def storable(text: str) -> str:
    """Text as UTF-8 (and so a warehouse column) can hold it: a file name's bytes that are not
    UTF-8, which Python carries as surrogate escapes (`caf\\udce9.txt`), are written as
    `\\xNN` escapes (`caf\\xe9.txt`); any other lone surrogate as `\\uNNNN`."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def failure_reason(exc: BaseException, what: str = "") -> str:
    """An exception as a quarantine reason: `what` failed, the exception's type and message,
    on one line of at most 500 characters."""
    message = " ".join(f"{type(exc).__name__}: {exc}".split())
    return storable(f"{what}: {message}" if what else message)[:500]


Result = TypeVar("Result")


def each_article(articles: Sequence[Article], stage: str, failure: str,
                 work: Callable[[Article], Result]
                 ) -> tuple[dict[str, Result], list[QuarantineRecord]]:
    """`work` on each article, by article_id; an article it fails on is quarantined at `stage`
    (`failure` and the error as the reason) and the others go on: one article's failure is not
    the chunk's."""
    done: dict[str, Result] = {}
    rejected = []
    for article in articles:
        try:
            done[article.article_id] = work(article)
        except Exception as exc:  # that article's failure, not the chunk's (see docstring)
            rejected.append(QuarantineRecord(article.source, stage, failure_reason(exc, failure),
                                             article.article_id))
    return done, rejected
