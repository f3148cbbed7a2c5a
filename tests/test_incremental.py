"""Incremental runs: unchanged inputs cost nothing, changed ones replace their old version, and
a run waits for analysts' read-only sessions instead of failing or losing its batch."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import duckdb
import pytest
from helpers import ARTICLE_TABLES, query, table_checksums
from newsflow import workers
from newsflow.devtools.servers import BIN, clean_env, free_port
from newsflow.settings import run_settings
from newsflow.unchanged import unchanged_inputs
from newsflow.warehouse import database
from newsflow.workers import Analysis

READER = """
import os, sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
con.execute("SELECT count(*) FROM articles").fetchall()
print("ready", flush=True)
deadline = time.monotonic() + 120
while not os.path.exists(sys.argv[2]) and time.monotonic() < deadline:
    time.sleep(0.05)
"""


@pytest.fixture
def inbox(seeds_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    shutil.copytree(seeds_dir, folder)
    return folder


def hold_read_only(db: Path, release: Path) -> subprocess.Popen:
    """An analyst's read-only session in another process, open until `release` exists."""
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), str(release)],
                              stdout=subprocess.PIPE, text=True)
    assert reader.stdout is not None and reader.stdout.readline().strip() == "ready"
    return reader


def test_unchanged_inputs_are_not_reprocessed(
    run_pipeline: Any, seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seeds again, on the session's run that published them."""
    db = seeded
    before = table_checksums(db)

    def must_not_analyse(documents: list, *args: object) -> Analysis:
        if documents:
            raise AssertionError("an unchanged document was cleaned again")
        return Analysis()

    monkeypatch.setenv("NEWSFLOW_WORKERS", "1")  # analysis in this process, where it is patched
    monkeypatch.setattr(workers, "analyse", must_not_analyse)
    summary = run_pipeline()
    assert summary.status == "unchanged"
    assert (summary.documents_seen, summary.documents_new, summary.documents_skipped) == (5, 0, 5)
    assert table_checksums(db) == before
    assert query(db, "SELECT status, documents_new FROM pipeline_runs ORDER BY started_at") == [
        ("published", 5), ("unchanged", 0)
    ]


def test_an_unchanged_inbox_is_recorded_without_prefect(seeded: Path, seeds_dir: Path) -> None:
    """`newsflow run` on what the warehouse holds already: the run is recorded, the tables and
    Prefect are left alone (the API named cannot answer: a flow run would fail to start)."""
    before = table_checksums(seeded)
    env = clean_env(PREFECT_API_URL=f"http://127.0.0.1:{free_port()}/api", COLUMNS="120")
    done = subprocess.run([str(BIN / "newsflow"), "run", "--source", str(seeds_dir), "--db",
                           str(seeded)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no flow run" in done.stdout and "unchanged" in done.stdout
    assert table_checksums(seeded) == before
    assert query(seeded, "SELECT status, flow_run_id IS NULL, documents_seen, documents_skipped "
                         "FROM pipeline_runs ORDER BY started_at DESC LIMIT 1") == [
        ("unchanged", True, 5, 5)]


def test_anything_to_ingest_or_report_goes_to_the_flow(seeded: Path, seeds_dir: Path,
                                                       tmp_path: Path) -> None:
    """Only a rerun with nothing new skips the flow: a new file, a source whose latest stored
    bytes are others, an input that cannot be read, a URL list all go to the flow."""
    settings = run_settings([str(seeds_dir)], None, None, str(seeded))
    assert unchanged_inputs(settings) == 5

    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "new.txt").write_text("A new article\n\nIts only paragraph, long enough.\n")
    urls = tmp_path / "urls.txt"
    urls.write_text("http://127.0.0.1:9/a\n")
    assert unchanged_inputs(settings.model_copy(update={"sources": [seeds_dir, extra]})) is None
    assert unchanged_inputs(settings.model_copy(update={"url_lists": [urls]})) is None
    assert unchanged_inputs(settings.model_copy(update={"max_document_bytes": 100})) is None
    with duckdb.connect(str(seeded)) as con:
        con.execute("UPDATE document_sources SET doc_id = 'older' WHERE source = "
                    "(SELECT min(source) FROM document_sources)")
    assert unchanged_inputs(settings) is None


def test_changed_file_replaces_its_article_everywhere(
    run_pipeline: Any, inbox: Path, tmp_path: Path
) -> None:
    run_pipeline(sources=[inbox])
    db = tmp_path / "news.duckdb"
    changed = sorted(inbox.glob("004_*.txt"))[0]
    [(old_id,)] = query(db, "SELECT doc_id FROM document_sources WHERE source = ?", [str(changed)])
    others_before = query(db, "SELECT article_id, text FROM articles WHERE article_id <> ? "
                              "ORDER BY 1", [old_id])

    changed.write_text(changed.read_text().replace("1,000 troops", "2,000 troops"))
    summary = run_pipeline(sources=[inbox])
    assert summary.status == "published", summary.message
    counts = (summary.documents_new, summary.documents_changed, summary.documents_skipped)
    assert counts == (1, 1, 4)

    [(new_id,)] = query(db, "SELECT doc_id FROM document_sources WHERE source = ?", [str(changed)])
    assert new_id != old_id
    for table, key in [("raw_documents", "doc_id"),
                       *((table, "article_id") for table in ARTICLE_TABLES)]:
        assert query(db, f"SELECT count(*) FROM {table} WHERE {key} = ?", [old_id]) == [(0,)]
    assert query(db, "SELECT count(*) FROM articles") == [(5,)]
    [(text,)] = query(db, "SELECT text FROM articles WHERE article_id = ?", [new_id])
    assert "2,000 troops" in text
    assert query(db, "SELECT count(*) FROM entity_mentions WHERE article_id = ?", [new_id])[0][0]
    assert query(db, "SELECT article_id, text FROM articles WHERE article_id <> ? ORDER BY 1",
                 [new_id]) == others_before
    assert query(db, "SELECT count(*) FROM entities WHERE entity_id NOT IN "
                     "(SELECT entity_id FROM entity_mentions)") == [(0,)]


NEW_ARTICLE = """Council approves library budget after long debate

The city council on Tuesday approved next year's library budget by seven votes to two, ending a \
debate that ran for more than three hours.

Councillor Maria Lopez said the extra money would keep branches open on Sundays.
"""


def with_one_new_article(seeds_dir: Path, tmp_path: Path) -> list[Path]:
    """The sources of the session's published seeds plus a folder holding one article they lack:
    a run on them has exactly one new article to publish."""
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "library.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    return [seeds_dir, extra]


def test_run_waits_for_a_read_only_session_and_loses_nothing(
    run_pipeline: Any, seeded: Path, seeds_dir: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    db = seeded
    sources = with_one_new_article(seeds_dir, tmp_path)

    release = tmp_path / "release"
    waited: list[float] = []

    def sleep_then_release(seconds: float) -> None:
        waited.append(seconds)
        release.touch()
        time.sleep(seconds)

    monkeypatch.setattr(database, "time", SimpleNamespace(monotonic=time.monotonic,
                                                           sleep=sleep_then_release))
    reader = hold_read_only(db, release)
    summary = run_pipeline(sources=sources)
    reader.wait(timeout=30)
    assert waited, "the run never had to wait: the reader did not hold the database"
    assert summary.status == "published", summary.message
    assert query(db, "SELECT count(*) FROM articles") == [(6,)]


def test_publish_is_deferred_not_lost_when_readers_stay(
    run_pipeline: Any, seeded: Path, seeds_dir: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    db = seeded
    sources = with_one_new_article(seeds_dir, tmp_path)

    release = tmp_path / "release"
    monkeypatch.setenv("NEWSFLOW_PUBLISH_WAIT_SECONDS", "1")
    reader = hold_read_only(db, release)
    try:
        summary = run_pipeline(sources=sources)
    finally:
        release.touch()
        reader.wait(timeout=30)
    assert summary.status == "publish_deferred"
    assert "next run" in summary.message
    assert query(db, "SELECT count(*) FROM articles") == [(5,)]

    summary = run_pipeline(sources=sources)
    assert summary.status == "published", summary.message
    assert query(db, "SELECT count(*) FROM articles") == [(6,)]
    # The deferred run's row, kept beside the database while it was held, is written now.
    assert query(db, "SELECT status FROM pipeline_runs ORDER BY started_at") == [
        ("published",), ("publish_deferred",), ("published",)]
