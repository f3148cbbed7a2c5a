"""Ingest: where documents come from, their bytes as received, decoded for cleaning.

Read in order: sources.py (folders, URL lists, feeds offer candidates), fetch.py (polite HTTP
for the URLs), addresses.py (the addresses a fetch may reach), documents.py (read, hash and
decode one input), seen.py (skip bytes the warehouse already holds; a chunk's new documents
and the rows to stage).
"""

from newsflow.ingest.documents import (
    IngestError,
    decode,
    discover,
    document_from_bytes,
    read_document,
    source_root,
)

__all__ = [
    "IngestError", "decode", "discover", "document_from_bytes", "read_document", "source_root",
]
