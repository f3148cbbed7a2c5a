"""Cleaning stage: raw article text or HTML in, article body and metadata out.

Pure functions, no I/O: the flow hands over decoded documents (`clean_documents`) and gets
articles back, and quarantines the documents that raise CleaningError.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsflow.clean.html import clean_html
from newsflow.clean.linemodel import load_line_model
from newsflow.clean.model import CleanedArticle, CleaningError, DocumentLimits
from newsflow.clean.rules import load_rules
from newsflow.clean.text import clean_text
from newsflow.clean.text import cleaner_version as _cleaner_version
from newsflow.records import Article, DecodedDocument, QuarantineRecord, failure_reason

__all__ = [
    "CleanedArticle", "CleaningError", "DocumentLimits", "clean_document", "clean_documents",
    "cleaner_version", "rules_version",
]

_CLEANERS = {"text/plain": clean_text, "text/html": clean_html}


def clean_document(content: str, media_type: str, source: str,
                   limits: DocumentLimits | None = None) -> CleanedArticle:
    """Clean one decoded document of media type text/plain or text/html; one over the
    `limits` (the run's and `newsflow clean`'s) is refused untouched."""
    cleaner = _CLEANERS.get(media_type.split(";")[0].strip().lower())
    if cleaner is None:
        raise CleaningError(f"unsupported media type {media_type!r} for {source}")
    if limits is not None and (too_long := limits.exceeded(content, cleaner is clean_html)):
        raise CleaningError(too_long)
    return cleaner(content, source)


def rules_version() -> int:
    """Version of the boilerplate rules in force, to record beside cleaned articles."""
    return load_rules().version


def cleaner_version() -> str:
    """Version of the line model (with its training data) and of the rules, as recorded with
    every article the cleaner produces."""
    return _cleaner_version(load_line_model(), load_rules())


def clean_documents(
    documents: Sequence[DecodedDocument], limits: DocumentLimits,
) -> tuple[list[Article], list[QuarantineRecord]]:
    """Clean every document; one over the limits or that yields no article text is
    quarantined, the rest go on.

    Any failure of the parsers on one hostile page (deep nesting, broken markup) is that
    page's problem, not the batch's: it is quarantined with the error as the reason.
    """
    articles, quarantine = [], []
    for document in documents:
        raw = document.raw
        try:
            cleaned = clean_document(document.text, raw.media_type, raw.source, limits)
            articles.append(Article.from_cleaned(raw.doc_id, raw.source, cleaned))
        except Exception as exc:  # one bad page must not stop the batch (see docstring)
            reason = str(exc) if isinstance(exc, CleaningError) else (
                failure_reason(exc, "cleaner failed"))
            quarantine.append(QuarantineRecord(raw.source, "clean", reason, raw.doc_id))
    return articles, quarantine
