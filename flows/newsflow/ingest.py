"""Ingest: find inputs, keep their bytes as received, decode them for cleaning."""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from charset_normalizer import from_bytes

from newsflow.records import DecodedDocument, QuarantineRecord, RawDocument

MEDIA_TYPES = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_SNIFF = (b"<!doctype html", b"<html", b"<head", b"<body")


class IngestError(ValueError):
    """An input that cannot be read or decoded; the message is the quarantine reason."""


def media_type_for(path: Path) -> str | None:
    """Media type from the name (`.gz` stripped), or None for files we do not ingest."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return MEDIA_TYPES.get(suffixes[-1]) if suffixes else None


def discover(sources: Iterable[Path]) -> Iterator[Path | QuarantineRecord]:
    """Yield every ingestible file under the sources, in a stable order.

    Folders are walked recursively without following symlinked folders (no loops);
    a missing source is reported as a quarantine record rather than aborting the run.
    """
    for source in sources:
        if source.is_file():
            yield source
        elif source.is_dir():
            for root, dirs, files in os.walk(source, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    path = Path(root) / name
                    if media_type_for(path):
                        yield path
        else:
            yield QuarantineRecord(str(source), "discover", "source does not exist")


def read_document(path: Path, max_bytes: int, now: dt.datetime) -> RawDocument:
    """Read one input as received; `.gz` inputs are stored decompressed (bounded by max_bytes)."""
    media_type = media_type_for(path)
    if media_type is None:
        raise IngestError(f"unsupported file type {path.suffix!r}")
    try:
        if path.stat().st_size > max_bytes:
            raise IngestError(f"file is larger than the {max_bytes:,}-byte limit")
        if path.suffix.lower() == ".gz":
            with gzip.open(path, "rb") as fh:
                content = fh.read(max_bytes + 1)
        else:
            content = path.read_bytes()
    except (OSError, EOFError) as exc:
        raise IngestError(f"cannot read file: {exc}") from exc
    if len(content) > max_bytes:
        raise IngestError(f"decompressed content is larger than the {max_bytes:,}-byte limit")
    if not content:
        raise IngestError("empty input")
    if media_type == "text/plain" and content.lstrip()[:20].lower().startswith(_HTML_SNIFF):
        media_type = "text/html"
    return RawDocument(
        doc_id=hashlib.sha256(content).hexdigest(),
        source=str(path),
        media_type=media_type,
        content=content,
        ingested_at=now,
    )


def decode(raw: RawDocument) -> DecodedDocument:
    """Decode bytes to text: BOM, then strict UTF-8, then a confident charset guess."""
    content = raw.content
    if not content.strip():
        raise IngestError("input is only whitespace")
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return DecodedDocument(raw, content.decode(encoding), encoding)
    if b"\x00" in content:
        raise IngestError("binary content (NUL bytes) in a text document")
    try:
        return DecodedDocument(raw, content.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(content).best()
    if best is None or best.chaos > 0.2:
        raise IngestError("text encoding cannot be determined with confidence")
    return DecodedDocument(raw, str(best), best.encoding)
