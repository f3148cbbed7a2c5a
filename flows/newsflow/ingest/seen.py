"""Seen before: which inputs' bytes the warehouse (or this run) already holds.

A document is identified by the SHA-256 of its bytes, so an input whose bytes are stored is
skipped, and a source whose bytes changed is recorded as changed. What is new is decoded here,
ready for cleaning; what cannot be read or decoded is quarantined with its reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from newsflow.ingest.documents import IngestError, decode
from newsflow.ingest.fetch import RunDeadlineError
from newsflow.ingest.sources import Candidate
from newsflow.records import DecodedDocument, QuarantineRecord, RawDocument, failure_reason


class KnownState:
    """What the warehouse holds (source -> content hash, every stored hash) and the hashes
    this run has taken so far.

    A plain class, not a dataclass: Prefect passes it to every chunk's task without walking
    its contents, which grow with the warehouse.
    """

    def __init__(self, sources: dict[str, str], doc_ids: frozenset[str]) -> None:
        self.sources = sources
        self.doc_ids = doc_ids
        self.taken: set[str] = set()

    def holds(self, raw: RawDocument) -> bool:
        """Whether this source's latest bytes in the warehouse are these: nothing of the input
        is news (unless a retry or a full refresh asks for it again)."""
        return self.sources.get(raw.source) == raw.doc_id


@dataclass(frozen=True)
class IngestedChunk:
    """A chunk of inputs after ingest: the new documents decoded for cleaning, the rows of
    raw_documents and document_sources to stage, and what was held or skipped."""

    decoded: list[DecodedDocument]
    raw_rows: list[dict]
    source_rows: list[dict]
    quarantine: list[QuarantineRecord]
    skipped: int
    changed: int
    deferred: int = 0  # URLs left unfetched to the next run: the run's fetch deadline passed

    @property
    def rows(self) -> dict[str, list[dict]]:
        """The chunk's rows of raw_documents and document_sources, to stage."""
        return {"raw_documents": self.raw_rows, "document_sources": self.source_rows}


def ingest_chunk(candidates: Sequence[Candidate], known: KnownState,
                 full_refresh: bool) -> IngestedChunk:
    """Read and decode a chunk of inputs, skipping bytes already stored or taken by this run
    (and adding the chunk's own to `known.taken`)."""
    now = dt.datetime.now(dt.UTC)
    decoded, raw_rows, source_rows, quarantine, skipped = [], [], [], [], 0
    changed = deferred = 0
    for candidate in candidates:
        try:
            raw = candidate.load(now)
        except RunDeadlineError:
            deferred += 1
            continue
        except Exception as exc:  # whatever one input carries stops that input alone
            quarantine.append(QuarantineRecord(candidate.source, "ingest", _reason(exc)))
            continue
        source_row = {"source": raw.source, "doc_id": raw.doc_id, "content_since": now,
                      "final_url": raw.final_url, "http_status": raw.http_status}
        changed += raw.source in known.sources and known.sources[raw.source] != raw.doc_id
        if raw.doc_id in known.taken or (not full_refresh and raw.doc_id in known.doc_ids):
            # Content already stored or staged: record the source only if it is news.
            skipped += 1
            if full_refresh or not known.holds(raw):
                source_rows.append(source_row)
            continue
        known.taken.add(raw.doc_id)
        source_rows.append(source_row)
        row = {"doc_id": raw.doc_id, "media_type": raw.media_type, "byte_size": len(raw.content),
               "encoding": None, "content": raw.content, "ingested_at": now}
        try:
            document = decode(raw)
            row["encoding"] = document.encoding
            decoded.append(document)
        except Exception as exc:  # whatever one input carries stops that input alone
            quarantine.append(QuarantineRecord(raw.source, "decode", _reason(exc), raw.doc_id))
        raw_rows.append(row)
    return IngestedChunk(decoded, raw_rows, source_rows, quarantine, skipped, changed, deferred)


def _reason(exc: Exception) -> str:
    """An IngestError's message is the reason; any other error is named with its type."""
    return str(exc) if isinstance(exc, IngestError) else failure_reason(exc, "unexpected error")
