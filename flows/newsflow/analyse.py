"""The CPU-bound half of a run, cleaning and NER, as plain functions a worker process can run.

Resolution to canonical entities, story grouping and staging need the run's shared state and
stay in the flow's process; everything here depends only on the chunk it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from newsflow.clean import CleaningError, clean_document
from newsflow.enrich.ner import Span, find_spans
from newsflow.records import Article, DecodedDocument, QuarantineRecord


@dataclass(frozen=True)
class NerSettings:
    model: str
    labels: tuple[str, ...]
    languages: tuple[str, ...]
    batch_size: int


@dataclass
class Analysis:
    """A chunk's articles, its rejected documents, and each tagged article's entity spans."""

    articles: list[Article] = field(default_factory=list)
    rejected: list[QuarantineRecord] = field(default_factory=list)
    spans: dict[str, list[Span]] = field(default_factory=dict)  # by article_id


def clean_one(document: DecodedDocument) -> Article:
    raw = document.raw
    cleaned = clean_document(document.text, raw.media_type, raw.source)
    return Article(
        article_id=raw.doc_id,
        source=raw.source,
        title=cleaned.title,
        text=cleaned.text,
        authors=list(cleaned.authors),
        published_date=cleaned.published_date,
        outlet=cleaned.outlet,
        language=cleaned.language,
        cleaner_version=cleaned.cleaner_version,
    )


def clean_documents(
    documents: Sequence[DecodedDocument],
) -> tuple[list[Article], list[QuarantineRecord]]:
    """Clean every document; one that yields no article text is quarantined, the rest go on.

    Any failure of the parsers on one hostile page (deep nesting, broken markup) is that
    page's problem, not the batch's: it is quarantined with the error as the reason.
    """
    articles, quarantine = [], []
    for document in documents:
        try:
            articles.append(clean_one(document))
        except Exception as exc:  # one bad page must not stop the batch (see docstring)
            reason = str(exc) if isinstance(exc, CleaningError) else (
                f"cleaner failed: {type(exc).__name__}: {exc}"[:500])
            quarantine.append(
                QuarantineRecord(document.raw.source, "clean", reason, document.raw.doc_id)
            )
    return articles, quarantine


def tag_articles(articles: Sequence[Article], ner: NerSettings
                 ) -> tuple[dict[str, list[Span]], list[QuarantineRecord]]:
    """Each article's entity spans, in one nlp.pipe pass; if the pass fails, article by article,
    so the article that made it fail is quarantined (stage `ner`) and the others are tagged."""
    try:
        spans = find_spans([a.text for a in articles], ner.model, ner.labels, ner.batch_size)
        return {a.article_id: s for a, s in zip(articles, spans, strict=True)}, []
    except Exception:  # the article at fault is found below
        pass
    tagged, rejected = {}, []
    for article in articles:
        try:
            [tagged[article.article_id]] = find_spans([article.text], ner.model, ner.labels)
        except Exception as exc:  # one article's failure is that article's (see docstring)
            rejected.append(QuarantineRecord(
                article.source, "ner", f"NER failed: {type(exc).__name__}: {exc}"[:500],
                article.article_id))
    return tagged, rejected


def analyse(documents: Sequence[DecodedDocument], ner: NerSettings) -> Analysis:
    """Clean a chunk, then tag the articles in a language the model was trained on.

    Unknown language counts as the model's; an English model on French text invents
    entities rather than finding them, so such articles are kept untagged.
    """
    articles, rejected = clean_documents(documents)
    tagged = [a for a in articles if a.language in (None, *ner.languages)]
    spans, failed = tag_articles(tagged, ner)
    failed_ids = {q.doc_id for q in failed}
    return Analysis([a for a in articles if a.article_id not in failed_ids], rejected + failed,
                    spans)
