"""Ingest: discovery, content hashes, media types and decoding of what arrives."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
from pathlib import Path

import pytest
from newsflow import ingest
from newsflow.records import QuarantineRecord, RawDocument

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
TEXT = "Kremlin spokesman Dmitry Peskov told a briefing – “it is tense”, said Zoë in Kraków."


def read(path: Path) -> RawDocument:
    return ingest.read_document(path, max_bytes=1_000_000, now=NOW)


def test_discover_walks_folders_in_order_and_ignores_other_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ("b/2.html.gz", "a.txt", "b/1.htm", "notes.pdf", "c.TXT"):
        (tmp_path / name).write_bytes(b"x")
    found = [p.relative_to(tmp_path).as_posix() for p in ingest.discover([tmp_path])]
    assert found == ["a.txt", "c.TXT", "b/1.htm", "b/2.html.gz"]


def test_discover_reports_missing_source(tmp_path: Path) -> None:
    [item] = ingest.discover([tmp_path / "nope"])
    assert isinstance(item, QuarantineRecord)
    assert item.reason == "source does not exist"


def test_discover_survives_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert [p.name for p in ingest.discover([tmp_path])] == ["a.txt"]


def test_raw_bytes_are_kept_with_their_hash(seeds_dir: Path) -> None:
    path = sorted(seeds_dir.glob("*.txt"))[0]
    raw = read(path)
    assert raw.content == path.read_bytes()
    assert raw.doc_id == hashlib.sha256(path.read_bytes()).hexdigest()
    assert raw.media_type == "text/plain"
    assert raw.source == str(path)


def test_gzip_html_is_decompressed_and_typed(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(b"<html><body><p>hi</p></body></html>"))
    raw = read(path)
    assert raw.media_type == "text/html"
    assert raw.content.startswith(b"<html>")


def test_html_saved_as_txt_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(b"  <!DOCTYPE html><html></html>")
    assert read(path).media_type == "text/html"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-8-sig"])
def test_decode_detects_unicode_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT.encode(encoding))
    assert ingest.decode(read(path)).text == TEXT


def test_decode_cp1252_typographic_quotes(tmp_path: Path) -> None:
    text = "“It is tense” – the minister’s words were clear, he said on Thursday.\n" * 10
    path = tmp_path / "quotes.txt"
    path.write_bytes(text.encode("cp1252"))
    assert ingest.decode(read(path)).text == text


def test_decode_latin1(tmp_path: Path) -> None:
    text = "Le président a déclaré à l'Élysée que la réunion était très importante.\n" * 10
    path = tmp_path / "fr.txt"
    path.write_bytes(text.encode("latin-1"))
    assert ingest.decode(read(path)).text == text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"  \n\t \n", "input is only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary content \\(PNG image\\)"),
    ],
)
def test_decode_rejects_unusable_input(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ingest.IngestError, match=reason):
        ingest.decode(read(path))


def test_an_empty_file_is_a_document_refused_at_decode(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    raw = read(path)  # kept under its hash, so later runs know it
    assert raw.doc_id == hashlib.sha256(b"").hexdigest()
    with pytest.raises(ingest.IngestError, match="empty input"):
        ingest.decode(raw)


ARTICLE_TEXT = ("Le président a déclaré à l'Élysée que la réunion était très importante, "
                "selon l’agence « France Info ».\n") * 10


ENCODED = ARTICLE_TEXT.encode("utf-8")


@pytest.mark.parametrize("broken", [
    b"\xff" + ENCODED,  # a stray byte first
    ENCODED[:300] + b"\xe9" + ENCODED[300:],  # a Latin-1 é amid UTF-8
    ENCODED[:-3],  # cut inside the last character
])
def test_utf8_with_invalid_bytes_is_refused_not_guessed(tmp_path: Path, broken: bytes) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(broken)
    with pytest.raises(ingest.IngestError, match=r"invalid UTF-8 .* not guessed"):
        ingest.decode(read(path))


@pytest.mark.parametrize(("text", "encoding"), [
    (ARTICLE_TEXT.replace("’", "'"), "latin-1"),
    ("Rząd przedstawił w środę projekt ustawy o reformie systemu emerytalnego po kilku "
     "miesiącach konsultacji ze związkami zawodowymi.\n" * 5, "cp1250"),
    ("Правительство представило в среду законопроект о реформе пенсионной системы.\n" * 5,
     "cp1251"),
])
def test_legacy_charsets_are_read_as_written(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    assert ingest.decode(read(path)).text == text


@pytest.mark.parametrize("declaration", [
    '<meta charset="iso-8859-1">',
    '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
])
def test_a_charset_an_html_page_declares_is_used(tmp_path: Path, declaration: str) -> None:
    page = f"<html><head>{declaration}</head><body><p>Caf\u00e9 “crème” à Zürich</p></body></html>"
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("cp1252"))
    decoded = ingest.decode(read(path))
    assert (decoded.text, decoded.encoding) == (page, "cp1252")


@pytest.mark.parametrize("charset", ["utf-8", "utf-16"])  # UTF-16 in 8-bit bytes: UTF-8
def test_a_page_declared_utf8_with_invalid_bytes_is_refused(tmp_path: Path, charset: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(f'<meta charset="{charset}"><p>Café à Zürich</p>'.encode("cp1252"))
    with pytest.raises(ingest.IngestError, match="invalid UTF-8"):
        ingest.decode(read(path))


def test_size_limit_is_enforced_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2000)
    with pytest.raises(ingest.IngestError, match="larger than"):
        ingest.read_document(path, max_bytes=1000, now=NOW)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the inbox holding what the inbox must never read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash\n")
    return folder


def test_symlinks_out_of_the_source_root_are_quarantined(tmp_path: Path, outside: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "a.txt").write_text("kept")
    (inbox / "passwd.txt").symlink_to("/etc/passwd")
    (inbox / "sub" / "secret.txt").symlink_to(outside / "secret.txt")
    (inbox / "elsewhere").symlink_to(outside, target_is_directory=True)
    (inbox / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    found = list(ingest.discover([inbox]))
    paths = [p.relative_to(inbox).as_posix() for p in found if isinstance(p, Path)]
    reasons = {Path(q.source).relative_to(inbox).as_posix(): q.reason
               for q in found if isinstance(q, QuarantineRecord)}
    assert paths == ["a.txt", "dangling.txt"]  # leads nowhere: the reader reports it
    assert set(reasons) == {"passwd.txt", "sub/secret.txt", "elsewhere"}
    assert all("resolves outside the source root" in r for r in reasons.values())
    assert all(q.stage == "discover" for q in found if isinstance(q, QuarantineRecord))
    with pytest.raises(ingest.IngestError, match="cannot read file"):
        ingest.read_document(inbox / "dangling.txt", 1000, NOW, root=ingest.source_root(inbox))
    (tmp_path / "nowhere.txt").write_text("appeared after discovery")
    with pytest.raises(ingest.IngestError, match="outside the source root"):
        ingest.read_document(inbox / "dangling.txt", 1000, NOW, root=ingest.source_root(inbox))


def test_symlinks_inside_the_root_are_read_once(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "real").mkdir(parents=True)
    (inbox / "real" / "story.txt").write_text("story")
    (inbox / "real" / "notes.dat").write_text("only reachable through a link")
    (inbox / "alias").symlink_to(inbox / "real", target_is_directory=True)
    (inbox / "a-link.txt").symlink_to(inbox / "real" / "story.txt")
    (inbox / "notes.txt").symlink_to("real/notes.dat")
    found = [p.relative_to(inbox).as_posix() for p in ingest.discover([inbox])]
    assert found == ["real/story.txt", "notes.txt"]
    assert read(inbox / "notes.txt").content == b"only reachable through a link"


def test_a_file_swapped_for_an_outside_link_after_discovery_is_not_read(
    tmp_path: Path, outside: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = inbox / "story.txt"
    path.write_text("story")
    [found] = ingest.discover([inbox])
    path.unlink()
    path.symlink_to(outside / "secret.txt")
    with pytest.raises(ingest.IngestError, match="outside the source root"):
        ingest.read_document(found, 1000, NOW, root=ingest.source_root(inbox))


def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ingest.IngestError, match="not a regular file"):
        read(fifo)
