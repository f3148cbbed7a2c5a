"""Plain records passed between stages; one row of a table each, no behaviour."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


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


@dataclass(frozen=True)
class Article:
    article_id: str
    source: str
    title: str | None
    text: str
    authors: list[str]
    published_date: dt.date | None
    outlet: str | None
    language: str | None
    cleaner_version: str | None = None  # what cleaned the text: line model and rules versions


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
