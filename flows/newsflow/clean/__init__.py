"""Cleaning stage: raw article text or HTML in, article body and metadata out.

Pure functions, no I/O: the flow reads documents and quarantines what raises CleaningError.
"""

from __future__ import annotations

from newsflow.clean.html import clean_html
from newsflow.clean.linemodel import load_line_model
from newsflow.clean.model import CleanedArticle, CleaningError
from newsflow.clean.rules import load_rules
from newsflow.clean.text import clean_text
from newsflow.clean.text import cleaner_version as _cleaner_version

__all__ = [
    "CleanedArticle", "CleaningError", "clean_document", "cleaner_version", "rules_version",
]

_CLEANERS = {"text/plain": clean_text, "text/html": clean_html}


def clean_document(content: str, media_type: str, source: str) -> CleanedArticle:
    """Clean one decoded document of media type text/plain or text/html."""
    cleaner = _CLEANERS.get(media_type.split(";")[0].strip().lower())
    if cleaner is None:
        raise CleaningError(f"unsupported media type {media_type!r} for {source}")
    return cleaner(content, source)


def rules_version() -> int:
    """Version of the boilerplate rules in force, to record beside cleaned articles."""
    return load_rules().version


def cleaner_version() -> str:
    """Version of the line model (with its training data) and of the rules, as recorded with
    every article the cleaner produces."""
    return _cleaner_version(load_line_model(), load_rules())
