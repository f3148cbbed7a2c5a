"""The flow's own logic against an in-memory warehouse (tests/fakes.py), without Prefect or a
database file: what a chunk stages (quotations with their speakers' entities included), what it
holds, what a run with nothing new publishes. The
DuckDB runs of the same paths are in test_pipeline, test_quarantine and test_incremental."""

from __future__ import annotations

import datetime as dt
import inspect
import logging

import pytest
from fakes import InMemoryWarehouse, staged_ids
from newsflow import enrich, flow
from newsflow.enrich.ner import Span
from newsflow.enrich.quotations import FoundQuote, attribution, find_quotes
from newsflow.enrich.tone import Tone, mentions
from newsflow.ingest.seen import IngestedChunk
from newsflow.records import Article, QuarantineRecord
from newsflow.runs import RunStatus, RunSummary
from newsflow.settings import Settings
from newsflow.warehouse import DuckDBWarehouse, Warehouse
from newsflow.workers import Analysis
from prefect import Task


@pytest.fixture
def plain_flow(monkeypatch: pytest.MonkeyPatch) -> None:
    """The flow's tasks as the plain functions they wrap, outside any flow run."""
    for name, value in vars(flow).copy().items():
        if isinstance(value, Task):
            monkeypatch.setattr(flow, name, value.fn)
    monkeypatch.setattr(flow, "quote", lambda value: value)
    monkeypatch.setattr(flow, "get_run_logger", lambda: logging.getLogger("newsflow"))


NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize("implementation", [DuckDBWarehouse, InMemoryWarehouse])
def test_both_warehouses_implement_the_whole_protocol(implementation: type) -> None:
    """What the flow may call is what the fake and DuckDB both answer, with the same
    parameters: a method added to the protocol fails here until both have it."""
    methods = [name for name, value in vars(Warehouse).items()
               if callable(value) and not name.startswith("_")]
    assert "stage" in methods and "publish" in methods
    for name in methods:
        wanted = list(inspect.signature(getattr(Warehouse, name)).parameters)
        assert list(inspect.signature(getattr(implementation, name)).parameters) == wanted, name


def chunk_of(*doc_ids: str) -> IngestedChunk:
    raw = [{"doc_id": d, "media_type": "text/plain", "byte_size": 1, "encoding": "utf-8",
            "content": b"x", "ingested_at": NOW} for d in doc_ids]
    sources = [{"source": f"/in/{d}.txt", "doc_id": d, "content_since": NOW, "final_url": None,
                "http_status": None} for d in doc_ids]
    return IngestedChunk([], raw, sources, [], 0, len(doc_ids))


Analysed = tuple[Article, list[Span], list[FoundQuote]]  # as the workers hand an article on


def tagged(article_id: str, name: str) -> Analysed:
    """An article naming one person, with the span NER would give it."""
    text = f"{name} spoke to reporters on Monday about the budget and the coming election."
    article = Article(article_id, f"/in/{article_id}.txt", title=None, text=text, language="en")
    return article, [Span(0, len(name), name, "PERSON", text)], []


def analysis_of(*articles: Analysed) -> Analysis:
    return Analysis(articles=[a for a, _, _ in articles],
                    spans={a.article_id: spans for a, spans, _ in articles},
                    quotes={a.article_id: found for a, _, found in articles})


def enrich_and_stage(store: InMemoryWarehouse, analysis: Analysis
                     ) -> tuple[list[QuarantineRecord], enrich.EntityCatalog]:
    """The flow's enrich_and_stage on a chunk of the analysed articles, in a fresh batch:
    what it held, and the entities it catalogued."""
    catalog = enrich.EntityCatalog()
    store.start_batch()
    held = flow.enrich_and_stage(store, chunk_of(*(a.article_id for a in analysis.articles)),
                                 analysis, enrich.PublishedIndex(), catalog)
    return held, catalog


def test_a_chunk_without_articles_stages_its_documents_and_holds_its_rejects(
        plain_flow: None) -> None:
    store, chunk = InMemoryWarehouse(), chunk_of("empty")
    rejected = QuarantineRecord("/in/empty.txt", "clean", "no text", "empty")
    store.start_batch()
    held = flow.enrich_and_stage(store, chunk, Analysis(rejected=[rejected]), None,
                                 enrich.EntityCatalog())
    assert held == [rejected]
    assert store.batch is not None
    assert store.batch["raw_documents"] == chunk.raw_rows
    assert store.batch["document_sources"] == chunk.source_rows
    assert store.staged_counts() == (0, 0, 1)


def test_each_article_is_staged_with_its_mentions_story_and_signature(plain_flow: None) -> None:
    store = InMemoryWarehouse()
    held, catalog = enrich_and_stage(store, analysis_of(tagged("a", "Boris Johnson"),
                                                        tagged("b", "Angela Merkel")))
    assert held == []
    for table in ("articles", "entity_mentions", "stories", "article_minhashes"):
        assert sorted(staged_ids(store, table)) == ["a", "b"], table
    assert sorted(e.canonical_name for e in catalog.entities()) == ["Angela Merkel",
                                                                    "Boris Johnson"]


def test_an_article_that_cannot_be_staged_is_held_alone_and_names_no_entity(
        plain_flow: None) -> None:
    store = InMemoryWarehouse(refuse=lambda row: getattr(row, "article_id", None) == "bad")
    held, catalog = enrich_and_stage(store, analysis_of(tagged("good", "Boris Johnson"),
                                                        tagged("bad", "Angela Merkel")))
    assert [(q.doc_id, q.stage) for q in held] == [("bad", "stage")]
    assert staged_ids(store, "articles") == ["good"]
    assert set(staged_ids(store, "entity_mentions")) == {"good"}
    assert store.staged_counts().sources == 2  # the bytes and source of both stay staged
    assert [e.canonical_name for e in catalog.entities()] == ["Boris Johnson"]


def test_a_run_with_nothing_staged_publishes_only_its_records(plain_flow: None) -> None:
    store, summary = InMemoryWarehouse(), RunSummary(run_id="r1")
    store.start_batch()
    flow.validate_and_publish(Settings(), summary, NOW, store)
    assert summary.status == RunStatus.UNCHANGED
    [(with_batch, records)] = store.published
    assert not with_batch
    assert records["batch_pipeline_run"]["status"].tolist() == ["unchanged"]


def quoted(article_id: str, name: str) -> Analysed:
    """An article quoting one person by name, with its span and quotation as the workers
    hand them on."""
    text = f"“We will win this election and then the next one,” {name} said on Monday."
    article = Article(article_id, f"/in/{article_id}.txt", title=None, text=text, language="en")
    start = text.index(name)
    return article, [Span(start, start + len(name), name, "PERSON", text)], find_quotes(text)


def test_quotations_are_staged_with_their_speakers_entities(plain_flow: None) -> None:
    store = InMemoryWarehouse()
    held, catalog = enrich_and_stage(store, analysis_of(quoted("a", "Boris Johnson"),
                                                        quoted("b", "Angela Merkel")))
    assert held == []
    assert store.batch is not None
    names = {e.entity_id: e.canonical_name for e in catalog.entities()}
    assert sorted((q.article_id, q.speaker, names[q.speaker_entity_id])
                  for q in store.batch["quotations"]) == [
        ("a", "Boris Johnson", "Boris Johnson"), ("b", "Angela Merkel", "Angela Merkel")]


def test_an_article_whose_speakers_cannot_be_linked_is_held_alone(
        plain_flow: None, monkeypatch: pytest.MonkeyPatch) -> None:
    linked = attribution.attribute

    def attribute(article: Article, found: list, mentions: list) -> list:
        if article.article_id == "bad":
            raise ValueError("offsets outside the text")
        return linked(article, found, mentions)

    monkeypatch.setattr(attribution, "attribute", attribute)
    store = InMemoryWarehouse()
    held, catalog = enrich_and_stage(store, analysis_of(quoted("good", "Boris Johnson"),
                                                        quoted("bad", "Angela Merkel")))
    assert [(q.doc_id, q.stage) for q in held] == [("bad", "quotations")]
    for table in ("articles", "entity_mentions", "quotations"):
        assert staged_ids(store, table) == ["good"], table
    assert [e.canonical_name for e in catalog.entities()] == ["Boris Johnson"]


def test_an_article_whose_mentions_cannot_be_toned_is_held_alone(
        plain_flow: None, monkeypatch: pytest.MonkeyPatch) -> None:
    scored = mentions.scored_tone

    def scored_tone(text: str, sentence: str, start: int, end: int) -> Tone:
        if text.startswith("Angela Merkel"):
            raise ValueError("sentence outside the text")
        return scored(text, sentence, start, end)

    monkeypatch.setattr(mentions, "scored_tone", scored_tone)
    store = InMemoryWarehouse()  # no worker tones: the flow scores every mention itself
    held, catalog = enrich_and_stage(store, analysis_of(tagged("good", "Boris Johnson"),
                                                        tagged("bad", "Angela Merkel")))
    assert [(q.doc_id, q.stage) for q in held] == [("bad", "tone")]
    assert "tone scoring failed: ValueError: sentence outside the text" in held[0].reason
    for table in ("articles", "entity_mentions", "mention_tones", "stories",
                  "article_minhashes"):
        assert staged_ids(store, table) == ["good"], table
    assert [e.canonical_name for e in catalog.entities()] == ["Boris Johnson"]
