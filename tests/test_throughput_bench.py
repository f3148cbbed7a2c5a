"""What bench/throughput.py measures is what a run does: its corpus is the same for any size and
repeats no document, the batch it times validation on is staged by the flow's own code, and the
quotation rules are timed on what a run published."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from helpers import IN_PROCESS
from newsflow.devtools.throughput import corpus, tables
from newsflow.devtools.throughput.fixed import STAGE_SEEDS, VALIDATE
from newsflow.devtools.throughput.processes import Measured
from newsflow.devtools.throughput.quotations import QuotationCost, quotation_cost
from newsflow.devtools.throughput.runs import articles_in
from newsflow.settings import Settings


def test_a_document_is_the_same_in_any_corpus_size_and_none_repeats(
        eval_dir: Path, tmp_path: Path) -> None:
    templates = corpus.load_templates(eval_dir / "extraction-dev")
    small = corpus.build_corpus(templates, 3, tmp_path / "small")
    large = corpus.build_corpus(templates, 8, tmp_path / "large")
    assert [p.name for p in sorted(small.iterdir())] == [
        "doc000000.html", "doc000001.txt", "doc000002.html"]
    for path in small.iterdir():
        assert path.read_bytes() == (large / path.name).read_bytes()
    contents = [p.read_text() for p in large.iterdir()]
    assert len(set(contents)) == len(contents) == 8
    assert not any(corpus.SLOT in c or corpus.TITLE_SLOT in c for c in contents)


def test_the_seeds_are_staged_by_the_flow_before_validation_is_timed(
        prefect_server: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bench's setup stages what a run stages (quotations included, which a copy of the
    staging wiring once left out), and the timed step is the flow's validation, passing."""
    for name, value in IN_PROCESS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    namespace: dict = {}
    exec(STAGE_SEEDS, namespace)
    store = namespace["store"]
    assert store.staged_counts().articles == store.staged_counts().sources == 5
    with store.staged_batch().reader() as con:
        [(quotations,)] = con.execute("SELECT count(*) FROM quotations").fetchall()
    assert quotations > 0
    assert eval(VALIDATE, namespace).success


def test_the_quotation_rules_are_timed_on_the_published_articles(tmp_path: Path) -> None:
    import duckdb

    db = tmp_path / "news.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE articles (article_id VARCHAR, text VARCHAR, language VARCHAR, "
                    "ner_model VARCHAR)")
        model = Settings().spacy_models["en"]
        con.execute("INSERT INTO articles VALUES ('a', '“We will win this state,” Smith said.', "
                    "'en', ?), ('b', 'Nobody spoke here.', 'en', ?)", [model, model])
    cost = quotation_cost(db)
    assert (cost.articles, cost.quotations) == (2, 1)
    run = Measured("first run", seconds=4.0, returncode=0)
    assert QuotationCost(2, 1, 0.2).share_of(run) == pytest.approx(0.05)
    assert QuotationCost(0, 0, 0.0).share_of(run) is None  # nothing published: no share
    assert cost.share_of(Measured("failed run", seconds=4.0, returncode=1)) is None


def test_a_measured_run_is_checked_by_what_it_published(tmp_path: Path) -> None:
    import duckdb

    db = tmp_path / "news.duckdb"
    assert articles_in(db) == {}  # no warehouse: the run did nothing
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE articles (article_id VARCHAR, word_count INTEGER)")
        con.execute("CREATE TABLE pipeline_runs (status VARCHAR, started_at TIMESTAMP)")
        con.execute("INSERT INTO articles VALUES ('a', 120), ('b', 80)")
        con.execute("INSERT INTO pipeline_runs VALUES ('held', '2026-12-01'), "
                    "('published', '2026-12-02')")
    assert articles_in(db) == {"articles": 2, "words": 200, "status": "published"}


def test_a_stage_share_is_read_from_the_run_log_whatever_the_stages_are_named() -> None:
    import time

    started = time.mktime((2026, 12, 7, 10, 0, 0, 0, 0, -1))
    log = "\n".join(f"10:00:{second} | INFO    | {what}" for second, what in [
        ("01.000", "Flow run 'x' - Beginning flow run 'x' for flow 'newsflow'"),
        ("03.000", "Task run 'score_tone-1ab' - Finished in state Completed()"),
        ("04.000", "Task run 'stage_chunk-2cd' - Finished in state Completed()"),
        ("06.000", "Task run 'score_tone-3ef' - Finished in state Completed()"),
        ("09.000", "Flow run 'x' - Finished in state Completed()"),
    ])
    run = Measured("first run", seconds=10.0, returncode=0, started_at=started, stderr=log)
    assert dict(tables.stage_times(run))["score_tone"] == pytest.approx(4.0)
    assert tables.stage_share(run, "tone") == (pytest.approx(0.4), ["score_tone"])
    assert tables.stage_share(run, "quot") is None  # no such stage: no share
    assert tables.stage_share(Measured("failed", 10.0, 1, started, stderr=log), "tone") is None


def test_the_pipeline_bound_target_is_tighter_for_large_runs() -> None:
    assert tables.pipeline_bound_target(300) == 1.25
    assert tables.pipeline_bound_target(1000) == 1.10
    assert tables.verdict("seeds, warm server s", 5.2).endswith("target <= 6.00: met")
    assert tables.verdict("tone/pipeline", 0.04).endswith("target <= 0.10: met")
    assert tables.verdict("stories/pipeline", 0.04) == "stories/pipeline = 0.04 (0.0400)"
