"""Generated documents ingested and analysed in this process, for the benches that time what the
flow's process does with a chunk the workers hand back (bench/chunk_cost.py,
bench/resolution_cost.py)."""

from __future__ import annotations

from newsflow.clean import DocumentLimits
from newsflow.enrich.ner import NerSettings
from newsflow.ingest import seen
from newsflow.ingest.fetch import PoliteFetcher
from newsflow.ingest.sources import Candidate, candidates_of, run_chunks
from newsflow.settings import Settings
from newsflow.workers import Analysis, analyse


def analysed_chunks(settings: Settings) -> list[tuple[seen.IngestedChunk, Analysis]]:
    """The settings' sources ingested and analysed in a run's chunks (run_chunks; by
    workers.analyse, the workers' own function), as a run's first pass."""
    fetcher = PoliteFetcher(max_bytes=settings.max_document_bytes)  # folders fetch nothing
    known, chunks = seen.KnownState({}, frozenset()), []
    offered = list(candidates_of(settings, fetcher))
    for items in run_chunks(offered, settings.documents_per_chunk, settings.workers):
        chunk = seen.ingest_chunk([c for c in items if isinstance(c, Candidate)], known, False)
        chunks.append((chunk, analyse(chunk.decoded, NerSettings.of(settings),
                                      DocumentLimits.of(settings))))
    fetcher.close()
    return chunks
