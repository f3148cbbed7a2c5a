"""Row-level audit: one odd article is quarantined under its own name and the good ones are
published; batch-level failures and the circuit breaker still hold the whole batch."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import ARTICLE_TABLES, IN_PROCESS, query, table_checksums

BRIEF = "The central bank held its main rate at 4 per cent on Thursday, its governor said.\n"
COUNCIL = """Council approves library budget after long debate

The city council on Tuesday approved next year's library budget by seven votes to two, ending a \
debate that ran for more than three hours.

Councillor Maria Lopez said the extra money would keep branches open on Sundays. Members who \
continue reading past the budget section of the report will find that the plan also cuts \
spending on new books by a tenth.

The mayor's office said the budget would be published in full on the council website next week.
"""
BRIDGE = """Date: {date}
By Jane Roe, Daily Courier

Officials opened the new bridge over the river on Monday after four years of building work and \
delays caused by floods.

The bridge carries two lanes of traffic and a cycle path, and the transport minister said it \
would cut journey times across the city by a quarter.
"""
FUTURE = BRIDGE.format(date="2091-05-04")


@pytest.fixture
def poison_inbox(seeds_dir: Path, tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    shutil.copytree(seeds_dir, inbox)
    (inbox / "brief.txt").write_text(BRIEF, encoding="utf-8")
    (inbox / "council.txt").write_text(COUNCIL, encoding="utf-8")
    (inbox / "future.txt").write_text(FUTURE, encoding="utf-8")
    return inbox


def names(db: Path, statement: str) -> set[str]:
    return {Path(row[0]).name for row in query(db, statement)}


def test_odd_articles_are_published_or_quarantined_by_name_and_the_flow_run_says_so(
    run_pipeline: Any, poison_inbox: Path, tmp_path: Path
) -> None:
    import httpx
    from newsflow.flow import newsflow_pipeline
    from prefect.settings import PREFECT_API_URL

    db = tmp_path / "news.duckdb"
    state = newsflow_pipeline(sources=[str(poison_inbox)], db=str(db), return_state=True)
    assert state.is_completed()
    assert state.message == "published 7 articles; 1 quarantined"
    # Read over HTTP: the pinned client's own filter request sends nulls this server rejects.
    # This run's: other test processes may share the server.
    response = httpx.post(f"{PREFECT_API_URL.value()}/artifacts/filter", json={
        "artifacts": {"key": {"any_": ["newsflow-run"]},
                      "flow_run_id": {"any_": [str(state.state_details.flow_run_id)]}},
        "sort": "UPDATED_DESC", "limit": 1, "offset": 0})
    [artifact] = response.raise_for_status().json()
    assert artifact["type"] == "markdown"
    assert "| 8 | 8 | 0 | 0 | 7 | 1 |" in artifact["data"]
    assert "future.txt | validate | published date in the future" in artifact["data"]

    summary = state.result()
    assert summary.status == "published", summary.message
    published = names(db, "SELECT source FROM articles")
    assert {"brief.txt", "council.txt"} <= published
    assert len(published) == 7  # the five seeds, the brief, the council article
    [(source, stage, expectation, reason, doc_id)] = query(
        db, "SELECT source, stage, expectation, reason, doc_id FROM quarantine")
    assert (Path(source).name, stage) == ("future.txt", "validate")
    assert expectation == "expect_column_values_to_be_between"
    assert "published date in the future" in reason
    # Nothing of the held article reached the analyst tables but its bytes and source.
    for table in ARTICLE_TABLES:
        assert query(db, f"SELECT count(*) FROM {table} WHERE article_id = ?", [doc_id]) == [(0,)]
    assert query(db, "SELECT count(*) FROM raw_documents WHERE doc_id = ?", [doc_id]) == [(1,)]
    assert query(db, "SELECT count(*) FROM entity_mentions WHERE entity_id NOT IN "
                     "(SELECT entity_id FROM entities)") == [(0,)]
    assert query(db, "SELECT count(*) FROM entities WHERE entity_id NOT IN "
                     "(SELECT entity_id FROM entity_mentions)") == [(0,)]
    [(status, quarantined)] = query(db, "SELECT status, quarantined FROM pipeline_runs")
    assert (status, quarantined) == ("published", 1)

    # The next run re-does nothing: the quarantined bytes are remembered.
    before = table_checksums(db, ("articles", "entity_mentions", "raw_documents", "quarantine"),
                             ignore_run_times=True)
    again = run_pipeline(sources=[poison_inbox])
    assert again.status == "unchanged", again.message
    assert (again.documents_new, again.documents_skipped) == (0, 8)
    assert table_checksums(db, ("articles", "entity_mentions", "raw_documents", "quarantine"),
                           ignore_run_times=True) == before


def test_quarantined_document_is_retried_on_request_and_released_when_fixed(
    run_pipeline: Any, tmp_path: Path
) -> None:
    inbox = tmp_path / "one"
    inbox.mkdir()
    (inbox / "bridge.txt").write_text(FUTURE, encoding="utf-8")
    db = tmp_path / "news.duckdb"
    assert run_pipeline(sources=[inbox]).status == "published"
    assert names(db, "SELECT source FROM quarantine") == {"bridge.txt"}

    retried = run_pipeline(sources=[inbox], retry_quarantined=True)
    assert (retried.status, retried.documents_new) == ("published", 1)
    assert query(db, "SELECT count(*) FROM quarantine") == [(1,)]

    (inbox / "bridge.txt").write_text(BRIDGE.format(date="2024-05-04"), encoding="utf-8")
    fixed = run_pipeline(sources=[inbox])
    assert fixed.status == "published", fixed.message
    assert names(db, "SELECT source FROM articles") == {"bridge.txt"}
    assert query(db, "SELECT count(*) FROM quarantine") == [(0,)]


def use_suite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, file: str, source: str) -> None:
    """Run with a suite folder holding this one module in place of expectations/: the module
    replaces the suite of the table it names; the other tables' suites run as they are."""
    strict = tmp_path / "strict_expectations"
    strict.mkdir()
    (strict / file).write_text(source)
    monkeypatch.setenv("NEWSFLOW_EXPECTATIONS_DIR", str(strict))


ROW_LEVEL_REUTERS_ONLY = '''
import great_expectations.expectations as gxe

SUITE = "articles"
FRAME_SQL = None
ROW_KEY = "article_id"


def expectations():
    return []


def row_expectations():
    return [gxe.ExpectColumnValuesToBeInSet(column="outlet", value_set=["Reuters"])]
'''


def test_circuit_breaker_holds_a_batch_where_most_articles_fail(
    run_pipeline: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_suite(tmp_path, monkeypatch, "articles.py", ROW_LEVEL_REUTERS_ONLY)
    monkeypatch.setenv("NEWSFLOW_QUARANTINE_MIN_DOCUMENTS", "5")
    summary = run_pipeline()
    assert summary.status == "failed_validation"
    rule = "circuit breaker: 3 of 5 documents quarantined = 60 % > 20 %"
    assert summary.failures == [rule]
    db = tmp_path / "news.duckdb"
    assert query(db, "SELECT count(*) FROM articles") == [(0,)]
    # Held as a batch: the three articles that tripped the breaker are named, the run says why.
    assert query(db, "SELECT count(*), min(stage) FROM quarantine") == [(3, "validate")]
    [(status, message)] = query(db, "SELECT status, message FROM pipeline_runs")
    assert (status, message) == ("failed_validation", f"batch failed {rule}")
    # dq_results says what each failure did: the row-level one quarantines, the breaker holds.
    assert set(query(db, "SELECT expectation, level FROM dq_results WHERE NOT success")) == {
        ("expect_column_values_to_be_in_set", "row"), ("quarantined_share_at_most", "batch")}


def test_below_the_breakers_batch_size_failing_articles_are_quarantined(
    run_pipeline: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_suite(tmp_path, monkeypatch, "articles.py", ROW_LEVEL_REUTERS_ONLY)
    summary = run_pipeline()  # five seeds: under the default minimum of 10 documents
    assert summary.status == "published", summary.message
    db = tmp_path / "news.duckdb"
    # Three seeds name an outlet that is not Reuters; two name none (not counted).
    assert query(db, "SELECT count(*) FROM articles") == [(2,)]
    assert query(db, "SELECT count(*), count(DISTINCT stage) FROM quarantine") == [(3, 1)]


def test_a_crashed_run_leaves_its_pipeline_runs_row(
    run_pipeline: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsflow.enrich import stories

    def broken(*_: object) -> None:
        raise RuntimeError("story index unavailable")

    monkeypatch.setattr(stories.StoryIndex, "assign", broken)
    with pytest.raises(RuntimeError, match="story index unavailable"):
        run_pipeline()
    db = tmp_path / "news.duckdb"
    [(status, message)] = query(db, "SELECT status, message FROM pipeline_runs")
    assert status == "crashed"
    assert message == "RuntimeError: story index unavailable"
    assert query(db, "SELECT count(*) FROM articles") == [(0,)]


def test_flow_run_state_says_the_batch_was_held(
    poison_inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefect_server: None
) -> None:
    """A held batch ends the flow run Failed (a published one: the odd-articles test above)."""
    from newsflow.flow import newsflow_pipeline

    for name, value in IN_PROCESS.items():  # the runs' state is the subject, not the pool
        monkeypatch.setenv(name, value)
    use_suite(tmp_path, monkeypatch, "articles.py", ROW_LEVEL_REUTERS_ONLY.replace(
        "def expectations():\n    return []", "def expectations():\n    return "
        "[gxe.ExpectColumnValuesToBeInSet(column='outlet', value_set=['Reuters'])]"))
    held = newsflow_pipeline(sources=[str(poison_inbox)], db=str(tmp_path / "b.duckdb"),
                             return_state=True)
    assert held.is_failed()
    assert held.message.startswith("batch failed articles.outlet: expect_column_values_to_be_in")
    assert held.result(raise_on_failure=False).status == "failed_validation"


def test_quarantines_at_every_stage_trip_the_breaker_and_the_held_batch_names_them(
    breaker_inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefect_server: None
) -> None:
    from newsflow.flow import newsflow_pipeline
    from newsflow.runs import run_artifact_markdown

    for name, value in IN_PROCESS.items():
        monkeypatch.setenv(name, value)
    db = tmp_path / "news.duckdb"
    state = newsflow_pipeline(sources=[str(breaker_inbox)], db=str(db), return_state=True)
    summary = state.result(raise_on_failure=False)
    # No row-level expectation failed: the four pages cleaning rejected are enough.
    assert state.is_failed() and summary.status == "failed_validation"
    rule = "4 of 12 documents quarantined = 33.3 % > 20 %"
    assert summary.message == f"batch failed circuit breaker: {rule}"
    rejected = ["account.txt", "furniture.txt", "menu.txt", "share.txt"]  # conftest's
    for name in rejected:
        assert f"{breaker_inbox / name} (clean: no article text left" in state.message, name
    artifact = run_artifact_markdown(summary)
    assert f"- circuit breaker: {rule}" in artifact
    assert all(f"| {breaker_inbox / name} | clean | no article text" in artifact
               for name in rejected)
    assert query(db, "SELECT count(*) FROM articles") == [(0,)]
    held = query(db, "SELECT source, stage, quarantined, judged, held_because "
                     "FROM v_held_batches ORDER BY source")
    assert [Path(source).name for source, *_ in held] == rejected
    assert {row[1:] for row in held} == {("clean", 4, 12, summary.message)}
    assert query(db, "SELECT success, unexpected_count, element_count FROM dq_results "
                     "WHERE expectation = 'quarantined_share_at_most'") == [(False, 4, 12)]


def test_the_breaker_is_judged_on_every_run_and_passes_a_good_one(
    run_pipeline: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFLOW_QUARANTINE_MIN_DOCUMENTS", "5")
    summary = run_pipeline()
    assert summary.status == "published", summary.message
    assert query(tmp_path / "news.duckdb",
                 "SELECT success, unexpected_count, element_count, level FROM dq_results "
                 "WHERE expectation = 'quarantined_share_at_most'") == [(True, 0, 5, "batch")]


NO_JOHNSON_MENTIONS = '''
import great_expectations.expectations as gxe

SUITE = "entity_mentions"
FRAME_SQL = "tables/entity_mentions/validation"
ROW_KEY = "article_id"


def expectations():
    return [gxe.ExpectColumnValuesToBeInSet(column="entity_exists", value_set=[True])]


def row_expectations():
    return [gxe.ExpectColumnValuesToNotBeInSet(column="name", value_set=["Boris Johnson"],
                                               description="mentions Boris Johnson")]
'''


def test_a_failing_mention_quarantines_its_article_with_all_its_rows(
    run_pipeline: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_suite(tmp_path, monkeypatch, "entity_mentions.py", NO_JOHNSON_MENTIONS)
    summary = run_pipeline()
    assert summary.status == "published", summary.message
    db = tmp_path / "news.duckdb"
    held = query(db, "SELECT doc_id, stage, reason FROM quarantine")
    assert len(held) == 2  # the two seeds that mention him
    assert {(stage, reason) for _, stage, reason in held} == {
        ("validate", "mentions Boris Johnson (entity_mentions.name)")}
    assert query(db, "SELECT count(*) FROM articles") == [(3,)]
    assert query(db, "SELECT count(*) FROM entity_mentions WHERE name = 'Boris Johnson'") == [(0,)]
    for table in ARTICLE_TABLES:
        assert query(db, f"SELECT count(*) FROM {table} WHERE article_id NOT IN "
                         "(SELECT article_id FROM articles)") == [(0,)], table
    assert query(db, "SELECT count(*) FROM entities WHERE entity_id NOT IN "
                     "(SELECT entity_id FROM entity_mentions)") == [(0,)]


def test_an_article_that_cannot_be_staged_is_quarantined_alone(tmp_path: Path) -> None:
    import datetime as dt

    from newsflow.records import Article, TableRows
    from newsflow.warehouse import StagingArea, stage_chunk

    def article(article_id: str, published: object) -> Article:
        return Article(article_id, f"/in/{article_id}.txt", title=None, text="Some text here.",
                       published_date=published, language="en")  # type: ignore[arg-type]

    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    raw = [{"doc_id": d, "media_type": "text/plain", "byte_size": 1, "encoding": "utf-8",
            "content": b"x", "ingested_at": now} for d in ("good", "bad")]
    sources = [{"source": f"/in/{d}.txt", "doc_id": d, "content_since": now, "final_url": None,
                "http_status": None} for d in ("good", "bad")]
    staging = StagingArea(tmp_path / "staging")
    staging.reset()
    articles = [article("good", dt.date(2024, 1, 1)), article("bad", "not a day")]
    rejected = stage_chunk(staging.append, {"raw_documents": raw, "document_sources": sources},
                           [TableRows("articles", articles)])
    assert [(q.doc_id, q.stage) for q in rejected] == [("bad", "stage")]
    with staging.reader() as con:
        assert con.execute("SELECT article_id FROM articles").fetchall() == [("good",)]
        assert con.execute("SELECT count(*) FROM raw_documents").fetchall() == [(2,)]
        assert con.execute("SELECT count(*) FROM document_sources").fetchall() == [(2,)]
