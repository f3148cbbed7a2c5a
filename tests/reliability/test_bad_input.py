"""Bad input: every case ends in quarantine with a clear stage and reason, or is decoded
correctly; the rest of the batch is published either way."""

from __future__ import annotations

import io
import os
import random
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from helpers import query
from newsflow.ingest.sources import FolderSource


def seed_text(seeds_dir: Path, prefix: str) -> str:
    return next(seeds_dir.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("story.txt", "not an article")
    return buffer.getvalue()


FRENCH = (
    "Le gouvernement a présenté mercredi un projet de loi destiné à réformer le système de "
    "retraite, après plusieurs mois de concertation avec les syndicats et le patronat.\n\n"
    "Selon le ministre du Travail, la réforme permettra de garantir l'équilibre financier du "
    "régime d'ici à 2030, tout en protégeant les carrières longues et les métiers pénibles.\n\n"
    "Les syndicats ont annoncé une journée de mobilisation nationale la semaine prochaine et "
    "dénoncent un texte qui, selon eux, fera peser l'essentiel de l'effort sur les salariés.\n"
)


@pytest.fixture
def bad_inbox(seeds_dir: Path, tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    cnn = seed_text(seeds_dir, "001")
    (inbox / "good.txt").write_text(cnn, encoding="utf-8")
    (inbox / "good copy.txt").write_text(cnn, encoding="utf-8")
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "blank.txt").write_bytes(b" \n\t\r\n  ")
    (inbox / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (inbox / "archive.html").write_bytes(zip_bytes())
    rng = random.Random(7)
    (inbox / "noise.txt").write_bytes(bytes(rng.randrange(128, 256) for _ in range(4000)))
    (inbox / "utf16.txt").write_text(seed_text(seeds_dir, "003"), encoding="utf-16")
    (inbox / "cp1252.txt").write_bytes(seed_text(seeds_dir, "004").encode("cp1252"))
    latin1 = seed_text(seeds_dir, "000").translate(str.maketrans("’“”–", "'\"\"-"))
    (inbox / "latin1.txt").write_bytes(latin1.encode("latin-1"))
    control = seed_text(seeds_dir, "002").replace("\n", "\x07\n", 3) + "\x00\x1b[0m"
    (inbox / "control.txt").write_text(control, encoding="utf-8")
    with (inbox / "huge.txt").open("wb") as big:
        big.truncate(50 * 1024 * 1024)
    deep = "<html><body>" + "<div>" * 100_000 + "<p>deep</p>" + "</div>" * 100_000 + "</body>"
    (inbox / "deep.html").write_text(deep)
    menu = "".join(f"<li><a href='/s{i}'>Section {i}</a></li>\n" for i in range(40))
    (inbox / "menu.html").write_text(f"<html><body><nav><ul>{menu}</ul></nav></body></html>")
    (inbox / "french.txt").write_text(FRENCH, encoding="utf-8")
    (inbox / "gone.txt").symlink_to(tmp_path / "deleted-before-read.txt")
    (inbox / "self.txt").symlink_to(inbox / "self.txt")
    (inbox / "loop").symlink_to(inbox, target_is_directory=True)
    return inbox


def test_bad_inputs_are_quarantined_and_good_ones_published_and_other_languages_kept(
    run_pipeline: Any, bad_inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An inbox of mostly bad inputs, on purpose: the circuit breaker would hold it whole.
    monkeypatch.setenv("NEWSFLOW_QUARANTINE_MAX_SHARE", "1")
    summary = run_pipeline(sources=[bad_inbox])
    assert summary.status == "published", summary.message
    db = tmp_path / "news.duckdb"
    reasons = {
        Path(source).name: (stage, reason)
        for source, stage, reason in query(db, "SELECT source, stage, reason FROM quarantine")
    }
    assert reasons.pop("empty.txt") == ("decode", "empty input")
    assert reasons.pop("blank.txt") == ("decode", "input is only whitespace")
    assert reasons.pop("picture.txt") == ("decode", "binary content (PNG image) in a text document")
    assert reasons.pop("archive.html") == ("decode",
                                           "binary content (zip archive) in a text document")
    assert reasons.pop("noise.txt") == ("decode",
                                        "text encoding cannot be determined with confidence")
    assert reasons.pop("huge.txt") == ("ingest", "file is larger than the 20,000,000-byte limit")
    assert reasons.pop("deep.html")[0] == "clean"
    assert reasons.pop("menu.html")[0] == "clean"
    assert reasons.pop("gone.txt")[1].startswith("cannot read file")
    assert reasons.pop("self.txt")[1].startswith("cannot read file")
    assert reasons == {}

    articles = {Path(s).name: (lang, text) for s, lang, text in
                query(db, "SELECT source, language, text FROM articles")}
    assert sorted(articles) == ["control.txt", "cp1252.txt", "french.txt", "good copy.txt",
                                "latin1.txt", "utf16.txt"]
    # French has a model of its own (NEWSFLOW_SPACY_MODELS); the English one never tags it.
    assert query(db, "SELECT language, ner_model FROM articles WHERE source LIKE '%/french.txt'"
                 ) == [("fr", "fr_core_news_sm")]
    assert "“suppressing and repelling external aggression,”" in articles["utf16.txt"][1]
    assert "1,000 troops" in articles["cp1252.txt"][1]
    assert not any(ch in articles["control.txt"][1] for ch in "\x00\x07\x1b")
    # One article, two sources recorded.
    assert query(db, """
        SELECT count(*) FROM document_sources s JOIN articles a ON a.article_id = s.doc_id
        WHERE s.source LIKE '%good%'
    """) == [(2,)]

    # The next run quarantines again only what it could not read (no bytes to remember): the
    # empty file is known content like every other held input.
    held_before = query(db, "SELECT source, run_id FROM quarantine WHERE doc_id <> ''")
    again = run_pipeline(sources=[bad_inbox])
    assert again.status == "unchanged", again.message
    assert sorted(Path(q.source).name for q in again.quarantine) == [
        "gone.txt", "huge.txt", "self.txt"]
    assert query(db, "SELECT source, run_id FROM quarantine WHERE doc_id <> ''") == held_before


def test_file_vanishing_between_discovery_and_read(tmp_path: Path) -> None:
    path = tmp_path / "soon-gone.txt"
    path.write_text("text")
    [candidate] = FolderSource(tmp_path, max_bytes=1000).candidates()
    os.remove(path)
    import datetime as dt

    from newsflow.ingest import IngestError

    with pytest.raises(IngestError, match="cannot read file"):
        candidate.load(dt.datetime.now(dt.UTC))


FUTURE_DATED = """Date: 2091-05-04
By Jane Roe, Daily Courier

Officials opened the new bridge over the river on Monday after four years of building work and \
delays caused by floods, the transport minister said at the opening ceremony.
"""


def test_held_documents_are_named_as_plain_text_and_fit_80_columns(
    cli: Any, tmp_path: Path, seeds_dir: Path
) -> None:
    inbox = tmp_path / "in [/b] box [red]"  # a folder "in [" holding "b] box [red]"
    inbox.mkdir(parents=True)
    (inbox / next(seeds_dir.glob("001_*.txt")).name).write_bytes(
        next(seeds_dir.glob("001_*.txt")).read_bytes())
    odd = inbox / ("a long file name that does not fit [bold] in one line of eighty columns, "
                   "not at all, future.txt")
    odd.write_text(FUTURE_DATED, encoding="utf-8")
    db = tmp_path / "news.duckdb"
    run = cli("run", "--source", str(inbox), "--db", str(db), COLUMNS="80")
    assert run.returncode == 0, run.stderr[-2000:]
    assert f"  {odd}" in run.stdout.splitlines()  # in full, on a line of its own
    assert "published date in the future" in run.stdout

    report = cli("report", "--db", str(db), COLUMNS="80")
    assert report.returncode == 0, report.stderr[-2000:]
    lines = report.stdout.splitlines()
    # Paths (the held document's, the offline HTML report the run wrote) whole on lines of
    # their own; every other line fits.
    paths = {f"  {odd}", str(tmp_path / "report.html")}
    assert paths <= set(lines)
    assert max(len(line) for line in lines if line not in paths) <= 80
    assert any(line.strip() == "published date in the future or over a century ago"
               for line in lines)
    assert any("validate  expect_column_values_to_be_between" in line for line in lines)
    # The failed expectation, and what it did: a row-level one quarantines, the rest goes on.
    assert any(re.fullmatch(r"1 of \d+ rows: their articles quarantined", line.strip())
               for line in lines)
    # Words are whole: every header and status appears unbroken.
    for word in ("started", "status", "quarantined", "articles", "published"):
        assert any(word in line for line in lines), word


def test_a_batch_held_by_the_breaker_is_explained_by_run_and_report(
    cli: Any, breaker_inbox: Path, tmp_path: Path
) -> None:
    db = tmp_path / "news.duckdb"
    run = cli("run", "--source", str(breaker_inbox), "--db", str(db), COLUMNS="200")
    assert run.returncode == 1, run.stderr[-2000:]
    rule = "circuit breaker: 4 of 12 documents quarantined = 33.3 % > 20 %"
    assert rule in " ".join(run.stderr.split())
    rejected = ["account.txt", "furniture.txt", "menu.txt", "share.txt"]  # conftest's
    lines = run.stdout.splitlines()
    assert all(f"  {breaker_inbox / name}" in lines for name in rejected)

    report = cli("report", "--db", str(db), COLUMNS="200")
    assert report.returncode == 0, report.stderr[-2000:]
    lines = report.stdout.splitlines()
    [header] = [line for line in lines if line.startswith("Batch held ")]
    assert header.endswith(f": batch failed {rule}")
    named = lines[lines.index(header) + 1:lines.index(header) + 1 + 3 * len(rejected):3]
    assert named == [f"  {breaker_inbox / name}" for name in rejected]
