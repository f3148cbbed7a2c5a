"""Ingest: find inputs, keep their bytes as received, decode them for cleaning."""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import hashlib
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from charset_normalizer import from_bytes

from newsflow.records import DecodedDocument, QuarantineRecord, RawDocument, storable

MEDIA_TYPES = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_SNIFF = (b"<!doctype html", b"<html", b"<head", b"<body")
_BINARY_SIGNATURES = (
    (b"\x89PNG", "PNG image"), (b"PK\x03\x04", "zip archive"), (b"%PDF-", "PDF"),
    (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"), (b"\x1f\x8b", "gzip data"),
)
# A few NULs are noise in a text file; more than this share of the first 4 KiB means binary.
MAX_NUL_SHARE = 0.01
# charset-normalizer's "chaos" above which a guessed decoding is taken to be mojibake.
MAX_DECODING_CHAOS = 0.2
# A charset declared in an HTML page's first bytes: <meta charset=...>, http-equiv
# Content-Type's "charset=...", or an XML declaration's encoding.
_CHARSET_SNIFF_BYTES = 4096
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-z0-9_.:-]+)""",
    re.IGNORECASE)
_WINDOWS_1252_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1",
                                  "us-ascii", "ascii", "windows-1252", "cp1252"})
# DOS and classic Mac OS code pages: taken only when no Windows or ISO code page reads the
# bytes as text. English with curly quotes in cp1252 otherwise reads as cp775 (its quotes
# turned into letters): charset-normalizer ranks them first on so few non-ASCII bytes.
_RARE_CODE_PAGES = re.compile(r"cp(?:437|7\d\d|8\d\d|1125)|mac_\w+")
# C0/C1 control characters other than tab, newline and carriage return.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


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

    A folder is walked (without recursion, however deep) and never left: a symlink (file or
    folder) that resolves outside it is quarantined with its reason and not read; one that stays
    inside is not followed twice (a linked file whose target is walked anyway is read once,
    under the target's name). A file named as a source is read wherever it points: the user
    chose it. A missing source, or a folder that cannot be listed, is reported as a quarantine
    record rather than aborting the run.
    """
    for source in sources:
        if source.is_file():
            yield source
        elif source.is_dir():
            yield from _walk(source)
        else:
            yield QuarantineRecord(storable(str(source)), "discover", "source does not exist")


def source_root(source: Path) -> Path:
    """What reads under `source` must stay within: the folder, or the file itself."""
    return source.resolve()


def _resolved(path: Path) -> Path | None:
    """Where a symlink leads, or None if nowhere: dangling, or a loop."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return target


def _outside(path: Path, root: Path) -> QuarantineRecord | None:
    """A quarantine record if the symlink `path` resolves outside `root`, else None.

    A link that leads nowhere is left to the reader, which reports it (`cannot read file`) and,
    should its target appear meanwhile, checks the file it opens against the root itself.
    """
    target = _resolved(path)
    if target is None or target.is_relative_to(root):
        return None
    return QuarantineRecord(storable(str(path)), "discover",
                            f"symlink resolves outside the source root {root}: not read")


def _walk(source: Path) -> Iterator[Path | QuarantineRecord]:
    """The folder's files, each folder's own before its subfolders', by name; a stack of
    folders to visit instead of recursion, so no nesting depth can exhaust the interpreter's
    stack. Symlinked folders are never entered."""
    root = source_root(source)
    walked: set[Path] = set()
    links: list[Path] = []
    folders = [source]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            yield QuarantineRecord(storable(str(folder)), "discover",
                                   f"cannot list folder: {exc.strerror or exc}")
            continue
        subfolders = []
        for entry in entries:
            path = Path(entry.path)
            if _is_folder(entry):
                if not entry.is_symlink():
                    subfolders.append(path)
                elif record := _outside(path, root):
                    yield record  # inside the root: its files are read under their own names
            elif not media_type_for(path):
                continue
            elif entry.is_symlink():
                links.append(path)
            else:
                walked.add(path.resolve())
                yield path
        folders.extend(reversed(subfolders))
    for path in links:
        if record := _outside(path, root):
            yield record
            continue
        target = _resolved(path)
        if target is None or target not in walked:
            if target is not None:
                walked.add(target)
            yield path


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """A folder, or a symlink to one; a link that leads nowhere is not."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def read_document(path: Path, max_bytes: int, now: dt.datetime,
                  root: Path | None = None) -> RawDocument:
    """Read one input as received; `.gz` inputs are stored decompressed (bounded by max_bytes).

    With a `root`, the file actually opened must lie under it: checked on the open file, so a
    file swapped for a symlink after discovery is refused too. Only regular files are read (a
    FIFO would block the run).
    """
    media_type = media_type_for(path)
    if media_type is None:
        raise IngestError(f"unsupported file type {path.suffix!r}")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc}") from exc
    with os.fdopen(fd, "rb") as fh:
        if root is not None and not _opened_path(fd, path).is_relative_to(root):
            raise IngestError(f"resolves outside the source root {root}: not read")
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise IngestError("not a regular file")
            if info.st_size > max_bytes:
                raise IngestError(f"file is larger than the {max_bytes:,}-byte limit")
            if path.suffix.lower() == ".gz":
                with gzip.GzipFile(fileobj=fh, mode="rb") as unzipped:
                    content = unzipped.read(max_bytes + 1)
            else:
                content = fh.read(max_bytes + 1)
        except (OSError, EOFError, zlib.error) as exc:  # a corrupt .gz: zlib.error
            raise IngestError(f"cannot read file: {exc}") from exc
    if len(content) > max_bytes:
        raise IngestError(f"decompressed content is larger than the {max_bytes:,}-byte limit")
    return document_from_bytes(content, source=storable(str(path)), now=now,
                               media_type=media_type)


def _opened_path(fd: int, path: Path) -> Path:
    """Where the open file really is (Linux: its /proc link), else the path resolved now."""
    try:
        return Path(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        return path.resolve()


def document_from_bytes(content: bytes, *, source: str, now: dt.datetime, media_type: str,
                        http_status: int | None = None,
                        final_url: str | None = None) -> RawDocument:
    """Wrap received bytes as a content-addressed document; HTML sent as text is sniffed.

    Empty content is a document too (decode quarantines it): stored under its hash like any
    other bytes, it is remembered, and later runs skip it instead of quarantining it again."""
    if media_type == "text/plain" and content.lstrip()[:20].lower().startswith(_HTML_SNIFF):
        media_type = "text/html"
    return RawDocument(
        doc_id=hashlib.sha256(content).hexdigest(),
        source=source,
        media_type=media_type,
        content=content,
        ingested_at=now,
        http_status=http_status,
        final_url=final_url,
    )


def decode(raw: RawDocument) -> DecodedDocument:
    """Decode bytes to text: BOM, then strict UTF-8, then the charset an HTML page declares,
    then a confident charset guess.

    Binary files are refused; stray NUL and control characters in real text are dropped. UTF-8
    with invalid bytes in it is refused rather than guessed: a guess decodes its every accent
    and quote into mojibake (`â€™`), while a text in a legacy charset has no valid UTF-8
    sequences to speak of.
    """
    content = raw.content
    if not content:
        raise IngestError("empty input")
    if not content.strip():
        raise IngestError("input is only whitespace")
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return _decoded(raw, content.decode(encoding, errors="replace"), encoding)
    kind = binary_kind(content)
    if kind:
        raise IngestError(f"binary content ({kind}) in a text document")
    content = content.replace(b"\x00", b"")
    try:
        return _decoded(raw, content.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        invalid_at = exc.start
    declared = declared_charset(content) if raw.media_type == "text/html" else None
    if declared and declared != "utf-8":
        try:
            return _decoded(raw, content.decode(declared), declared)
        except UnicodeDecodeError:
            pass  # declared wrongly: judged like an undeclared page
    if declared == "utf-8" or mostly_utf8(content):
        raise IngestError(f"invalid UTF-8 (first at byte {invalid_at:,}) in a UTF-8 text: "
                          "not guessed")
    readable = [match for match in from_bytes(content) if match.chaos <= MAX_DECODING_CHAOS]
    if not readable:
        raise IngestError("text encoding cannot be determined with confidence")
    common = [m for m in readable if not _RARE_CODE_PAGES.fullmatch(m.encoding)] or readable
    least = min(m.chaos for m in common)
    # Of the least chaotic, the most coherent (letters as a language uses them); between
    # equals the web's default legacy encoding, windows-1252 (Latin-1 text reads the same in
    # cp1250, its è as č).
    best = max((m for m in common if m.chaos == least),
               key=lambda m: (m.coherence, "cp1252" in m.could_be_from_charset))
    return _decoded(raw, str(best), best.encoding)


def declared_charset(content: bytes) -> str | None:
    """The codec an HTML page's `<meta charset>` (or http-equiv Content-Type, or XML
    declaration) names near its top, as Python calls it; None if none, unknown or not a text
    encoding (`rot13`, `hex`, `base64`, `undefined`): the page is then judged as an undeclared
    one, as browsers judge a label they do not know. As browsers
    do (WHATWG Encoding), labels of windows-1252's subsets (iso-8859-1, us-ascii) are read as
    windows-1252, and UTF-16 or UTF-32 declared in bytes that are not is read as UTF-8."""
    match = _DECLARED_CHARSET.search(content[:_CHARSET_SNIFF_BYTES])
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    label = "cp1252" if label in _WINDOWS_1252_LABELS else label
    try:
        name = codecs.lookup(label).name
        if name.startswith(("utf-16", "utf-32")):
            return "utf-8"
        b"a".decode(name)  # rot13, hex, base64: codecs, but not of bytes to text
    except (LookupError, UnicodeError):  # `undefined` decodes nothing
        return None
    return name


def mostly_utf8(content: bytes) -> bool:
    """Whether bytes that are not valid UTF-8 have at least as many valid multi-byte UTF-8
    characters as invalid bytes: UTF-8 with a few broken bytes, not a legacy charset."""
    text = content.decode("utf-8", errors="surrogateescape")
    invalid = sum(1 for char in text if "\udc80" <= char <= "\udcff")
    valid = sum(1 for char in text if char > "\x7f") - invalid
    return valid >= invalid


def binary_kind(content: bytes) -> str | None:
    """Name of the binary format the bytes are in, or None if they may be text."""
    for signature, kind in _BINARY_SIGNATURES:
        if content.startswith(signature):
            return kind
    if content[:4096].count(b"\x00") > MAX_NUL_SHARE * min(len(content), 4096):
        return "NUL bytes"
    return None


def _decoded(raw: RawDocument, text: str, encoding: str) -> DecodedDocument:
    text = _CONTROL_CHARS.sub("", text)
    if not text.strip():
        raise IngestError("input is only whitespace and control characters")
    return DecodedDocument(raw, text, encoding)
