"""Poison pills: an input that once crashed every run, beside the seeds, is quarantined (or read)
on the first run and on the next, and the seeds are published; the steps each pill reached,
unit by unit."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from helpers import query
from newsflow import ingest
from newsflow.cli.render import printable
from newsflow.ingest.fetch import FetchResult
from newsflow.ingest.seen import KnownState, ingest_chunk
from newsflow.ingest.sources import Candidate, candidates_of
from newsflow.records import Article, RawDocument, storable
from newsflow.settings import Settings
from newsflow.warehouse import stage_chunk

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
SEED = "001_7ae1a928e654e4ad.txt"
# Bytes that are not UTF-8 (Latin-1 accents), so the page's declared charset is consulted.
PAGE = ('<html><head><meta charset="{charset}"><title>Caf\xe9</title></head><body><p>Le caf\xe9 '
        'de la gare a rouvert ses portes lundi apr\xe8s six mois de travaux, a indiqu\xe9 la '
        'mairie.</p></body></html>')
NON_TEXT_CHARSETS = ("rot13", "hex", "base64", "undefined")
DEPTH = 1_100


def variant(seeds_dir: Path, words: int = 5) -> bytes:
    """A seed with its first `words` "the" changed: new bytes, so not skipped as known content
    (two pills of one batch take different counts, so as not to be one document)."""
    return (seeds_dir / SEED).read_bytes().replace(b"the", b"a", words)


def odd_name(folder: Path, name: bytes) -> Path:
    """The path of `name`, a file name that need not be UTF-8, in `folder`."""
    return folder / os.fsdecode(name)


def corrupt_gzip(content: bytes) -> bytes:
    """gzip data with bytes 20-60 flipped."""
    data = bytearray(gzip.compress(content))
    for at in range(20, 60):
        data[at] ^= 0xFF
    return bytes(data)


def nested(folder: Path, depth: int) -> Path:
    """`depth` folders one inside the other under `folder` (relative steps: the whole path is
    longer than the system lets one call name); returns the innermost."""
    here = os.getcwd()
    try:
        os.chdir(folder)
        for _ in range(depth):
            os.mkdir("d")
            os.chdir("d")
        return Path(os.getcwd())
    finally:
        os.chdir(here)


def unnest(folder: Path) -> None:
    """Remove what `nested` made under `folder`, bottom up: shutil.rmtree (pytest's clean-up of
    its temporary folders) recurses, and would fail on it."""
    here = os.getcwd()
    try:
        os.chdir(folder)
        depth = 0
        while os.path.isdir("d"):
            os.chdir("d")
            depth += 1
        for _ in range(depth):
            for name in os.listdir("."):
                os.unlink(name)
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(here)


@pytest.fixture
def deep_inbox(tmp_path: Path) -> Iterator[Path]:
    """An empty inbox whose nested folders are removed after the test."""
    inbox = tmp_path / "inbox"
    yield inbox
    if inbox.is_dir():
        unnest(inbox)


def add_pills(inbox: Path, seeds_dir: Path) -> list[Path]:
    """Put every pill beside the seeds; returns the extra sources the run is given (a seed
    offered twice, once inside its folder and once by name)."""
    for charset in NON_TEXT_CHARSETS:
        (inbox / f"{charset}.html").write_bytes(PAGE.format(charset=charset).encode("latin-1"))
    (inbox / "story.txt.gz").write_bytes(corrupt_gzip(variant(seeds_dir)))
    odd_name(inbox, b"caf\xe9.txt").write_bytes(variant(seeds_dir))
    (nested(inbox, DEPTH) / "deep.txt").write_bytes(variant(seeds_dir, words=6))
    return [inbox / SEED]


def test_poison_pills_beside_the_seeds_are_held_or_read_and_the_seeds_published_run_after_run(
    run_pipeline: Any, seeds_dir: Path, deep_inbox: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every pill in one batch, each judged as when it came alone: pages declaring a charset
    that is no text encoding, a corrupt gzip file, a file name that is not UTF-8, a file below
    1,100 folders, a seed offered twice."""
    # Alone beside the five seeds, no pill made a batch the circuit breaker judges (under 10
    # documents); together they make 12, where the held pills could hold the whole batch.
    monkeypatch.setenv("NEWSFLOW_QUARANTINE_MIN_DOCUMENTS", "100")
    inbox = deep_inbox
    shutil.copytree(seeds_dir, inbox)
    sources = [inbox, *add_pills(inbox, seeds_dir)]
    db = tmp_path / "news.duckdb"
    seeds = {str(inbox / path.name) for path in seeds_dir.glob("*.txt")}
    pages = {str(inbox / f"{charset}.html") for charset in NON_TEXT_CHARSETS}
    gzip_pill, odd = str(inbox / "story.txt.gz"), str(inbox / "caf\\xe9.txt")
    for attempt, status in enumerate(["published", "unchanged"]):
        summary = run_pipeline(sources=sources)
        assert summary.status == status, (attempt, summary.message)
        published = {source for (source,) in query(db, "SELECT source FROM articles")}
        held = query(db, "SELECT source, stage, reason FROM quarantine")
        held_sources = {source for source, *_ in held}
        assert seeds <= published and not seeds & held_sources
        # The corrupt gzip file: held at ingest, once.
        [(stage, reason)] = {(stage, reason) for source, stage, reason in held
                             if source == gzip_pill}
        assert stage == "ingest"
        assert reason.startswith("cannot read file: Error -3 while decompressing")
        # The odd name: read, stored escaped.
        assert odd in published
        # The deep file: read.
        [deep] = {source for source in published if source.endswith("/deep.txt")}
        assert deep.endswith("/d" * DEPTH + "/deep.txt")
        # The pages: judged as undeclared pages, as browsers do: read, or held by the cleaner;
        # nothing else is published or held.
        assert (published - seeds - {odd, deep}) | (held_sources - {gzip_pill}) == pages
        assert not {odd, deep} & held_sources
        # The seed offered twice: one document source per seed, nothing held for it.
        stored = [source for (source,) in query(db, "SELECT source FROM document_sources")]
        assert sorted(source for source in stored if source in seeds) == sorted(seeds)


def test_a_document_over_its_time_budget_is_held_as_timeout_and_the_seeds_published(
    run_pipeline: Any, inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the worker pool a run uses by default: a page the cleaner takes far longer than the
    budget over (20,000 paragraphs on one line, under the element cap). The page burns the
    budget twice (in the chunk, then alone), so the budget is tests/test_document_limits.py's
    3 seconds, not more."""
    monkeypatch.setenv("NEWSFLOW_WORKERS", "2")
    monkeypatch.setenv("NEWSFLOW_DOCUMENT_TIME_BUDGET", "3")
    wide = inbox / "wide.html"
    wide.write_text("<html><body>" + "".join(f"<p>Paragraph {i} of a wide page.</p>"
                                             for i in range(20_000)) + "</body></html>")
    summary = run_pipeline(sources=[inbox])
    assert summary.status == "published", summary.message
    db = tmp_path / "news.duckdb"
    assert query(db, "SELECT count(*) FROM articles") == [(5,)]
    assert query(db, "SELECT source, stage, reason FROM quarantine") == [(
        str(wide), "timeout", "analysis took longer than the 3-second budget per document "
                              "(NEWSFLOW_DOCUMENT_TIME_BUDGET)")]


def test_run_and_clean_name_a_file_whose_name_is_not_utf8_escaped(
    cli: Any, inbox: Path, seeds_dir: Path, tmp_path: Path
) -> None:
    # Not UTF-8 (\xe9), then a right-to-left override (U+202E) that would reverse the name.
    pill = odd_name(inbox, b"caf\xe9\xe2\x80\xae.txt.gz")
    pill.write_bytes(corrupt_gzip(variant(seeds_dir)))
    shown = f"{inbox}/caf\\xe9\\u202e.txt.gz"
    db = tmp_path / "news.duckdb"
    for _ in range(2):
        run = cli("run", "--source", str(inbox), "--db", str(db), COLUMNS="500")
        assert run.returncode == 0, run.stderr[-2000:]
        assert f"  {shown}" in run.stdout.splitlines()
        assert "\u202e" not in run.stdout
    assert query(db, "SELECT source, stage FROM quarantine") == [
        (f"{inbox}/caf\\xe9\u202e.txt.gz", "ingest")]
    assert query(db, "SELECT count(*) FROM articles") == [(5,)]
    cleaned = cli("clean", str(inbox), "--jsonl", COLUMNS="500")
    assert cleaned.returncode == 0, cleaned.stderr[-2000:]
    assert f"skipped {shown}: cannot read file: Error -3" in cleaned.stderr
    assert cleaned.stdout.count("\n") == 5


# --- each step on its own -------------------------------------------------------------------


@pytest.mark.parametrize("charset", NON_TEXT_CHARSETS)
def test_a_declared_charset_that_is_no_text_encoding_is_ignored(charset: str) -> None:
    content = PAGE.format(charset=charset).encode("latin-1")
    raw = ingest.document_from_bytes(content, source="page.html", now=NOW,
                                     media_type="text/html")
    assert ingest.documents.declared_charset(content) is None
    assert "Le café de la gare" in ingest.decode(raw).text


def test_a_corrupt_gzip_file_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "story.txt.gz"
    path.write_bytes(corrupt_gzip(b"An article. " * 500))
    with pytest.raises(ingest.IngestError, match=r"^cannot read file: Error -3"):
        ingest.read_document(path, 1_000_000, NOW)


def test_a_file_name_that_is_not_utf8_is_stored_escaped_and_printed_safely(
    tmp_path: Path
) -> None:
    odd_name(tmp_path, b"caf\xe9.txt").write_bytes(b"text")
    [found] = ingest.discover([tmp_path])
    raw = ingest.read_document(found, 1000, NOW)
    assert raw.source == f"{tmp_path}/caf\\xe9.txt"
    assert raw.source.encode("utf-8")  # a warehouse column can hold it
    assert printable(found) == f"{tmp_path}/caf\\xe9.txt"
    assert storable("caf\udce9") == "caf\\xe9"
    assert printable("a\u202etxt.exe\u2066\u200f") == "a\\u202etxt.exe\\u2066\\u200f"


def test_folders_nested_deeper_than_the_recursion_limit_are_walked_inside_the_root(
    tmp_path: Path, deep_inbox: Path
) -> None:
    inbox = deep_inbox
    inbox.mkdir()
    (tmp_path / "outside.txt").write_text("never read")
    innermost = nested(inbox, DEPTH)
    (innermost / "deep.txt").write_text("deep")
    (innermost / "out.txt").symlink_to(tmp_path / "outside.txt")
    (inbox / "top.txt").write_text("top")
    found = list(ingest.discover([inbox]))
    assert [str(p) for p in found if isinstance(p, Path)] == [
        str(inbox / "top.txt"), str(innermost / "deep.txt")]
    [outside] = [q for q in found if not isinstance(q, Path)]
    assert outside.stage == "discover" and "outside the source root" in outside.reason


class Feeds:
    """A fetcher serving two feeds that share an item."""

    def fetch(self, url: str) -> FetchResult:
        items = {"https://a.example/feed": ["/one", "/shared"],
                 "https://b.example/feed": ["https://a.example/shared", "/two"]}[url]
        body = "".join(f"<item><link>{link}</link></item>" for link in items)
        return FetchResult(url, url, 200, f"<rss><channel>{body}</channel></rss>".encode(),
                           "application/rss+xml")


def test_a_source_offered_twice_is_offered_once(tmp_path: Path, seeds_dir: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("https://c.example/x\nhttps://c.example/x\nhttps://a.example/one\n")
    settings = Settings(sources=[seeds_dir, seeds_dir / SEED], url_lists=[urls],
                        feeds=["https://a.example/feed", "https://b.example/feed"])
    offered = [c.source for c in candidates_of(settings, Feeds())]  # type: ignore[arg-type]
    assert len(offered) == len(set(offered))
    assert offered[5:] == ["https://c.example/x", "https://a.example/one",
                           "https://a.example/shared", "https://b.example/two"]
    assert offered.count(str(seeds_dir / SEED)) == 1


def test_any_error_reading_or_decoding_one_input_quarantines_that_input() -> None:
    def broken(now: dt.datetime) -> RawDocument:
        raise MemoryError("no room for this one")

    good = ingest.document_from_bytes(b"An article.", source="good.txt", now=NOW,
                                      media_type="text/plain")
    chunk = ingest_chunk([Candidate("bad.txt", broken), Candidate("good.txt", lambda now: good)],
                         KnownState({}, frozenset()), full_refresh=False)
    [held] = chunk.quarantine
    assert (held.source, held.stage) == ("bad.txt", "ingest")
    assert held.reason == "unexpected error: MemoryError: no room for this one"
    assert [d.raw.source for d in chunk.decoded] == ["good.txt"]


def test_a_document_that_cannot_be_staged_is_held_and_the_others_staged() -> None:
    staged: list[dict] = []

    def stage(rows: dict) -> None:
        if any(r.get("source") == "bad" for table in rows.values() for r in table):
            raise ValueError("cannot be written")
        staged.append(rows)

    documents = {"raw_documents": [{"doc_id": "1"}, {"doc_id": "2"}],
                 "document_sources": [{"doc_id": "1", "source": "good"},
                                      {"doc_id": "2", "source": "bad"}]}
    [held] = stage_chunk(stage, documents, [])
    assert (held.source, held.stage, held.doc_id) == ("bad", "stage", "2")
    assert held.reason == "cannot be staged: ValueError: cannot be written"
    assert staged == [{"raw_documents": [{"doc_id": "1"}],
                       "document_sources": [{"doc_id": "1", "source": "good"}]}]


def test_an_article_table_producer_failing_on_one_article_quarantines_that_article(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsflow import workers
    from newsflow.clean import DocumentLimits
    from newsflow.enrich import NerSettings, article_tables
    from newsflow.records import TableRows

    def picky(articles: Sequence[Article]) -> TableRows:
        if any("teh" in a.text for a in articles):
            raise ValueError("cannot score this one")
        return TableRows("notes", [{"article_id": a.article_id} for a in articles])

    monkeypatch.setattr(article_tables, "PRODUCERS", (picky,))
    settings = Settings()
    docs = [ingest.decode(ingest.document_from_bytes(
        content, source=name, now=NOW, media_type="text/plain"))
        for name, content in [("good.txt", (seeds_dir / SEED).read_bytes()),
                              ("odd.txt", (seeds_dir / SEED).read_bytes().replace(
                                  b"the", b"teh", 3))]]
    analysis = workers.analyse(docs, NerSettings.of(settings), DocumentLimits.of(settings))
    assert [a.source for a in analysis.articles] == ["good.txt"]
    [held] = analysis.rejected
    assert (held.source, held.stage, held.reason) == (
        "odd.txt", "tables", "article tables failed: ValueError: cannot score this one")
    assert analysis.rows == [TableRows("notes", [{"article_id": analysis.articles[0].article_id}])]


def test_tone_scoring_failing_on_one_article_quarantines_that_article(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsflow import workers
    from newsflow.clean import DocumentLimits
    from newsflow.enrich import NerSettings

    original = workers.tone_spans

    def picky(articles: Sequence[Article], spans: dict) -> dict:
        if any("teh" in a.text for a in articles):
            raise ZeroDivisionError("division by zero")
        return original(articles, spans)

    monkeypatch.setattr(workers, "tone_spans", picky)
    settings = Settings()
    docs = [ingest.decode(ingest.document_from_bytes(
        content, source=name, now=NOW, media_type="text/plain"))
        for name, content in [("good.txt", (seeds_dir / SEED).read_bytes()),
                              ("odd.txt", (seeds_dir / SEED).read_bytes().replace(
                                  b"the", b"teh", 3))]]
    analysis = workers.analyse(docs, NerSettings.of(settings), DocumentLimits.of(settings))
    assert [a.source for a in analysis.articles] == ["good.txt"]
    [held] = analysis.rejected
    assert (held.source, held.stage, held.reason) == (
        "odd.txt", "tone", "tone scoring failed: ZeroDivisionError: division by zero")
