"""HTML path: trafilatura's extractor with metadata, then the project's line rules over its text.

favor_precision without comments is trafilatura's best setting on the development set, and the
boilerplate rules still find credits, teasers and widget lines in what it keeps. Repeats are
removed with the project's back-to-back rule rather than trafilatura's deduplicate option, which
also drops legitimately repeated lines (and keeps a process-wide cache when set to True).
"""

from __future__ import annotations

import trafilatura

from newsflow.clean.linemodel import LineModel, load_line_model
from newsflow.clean.metadata import detect_language, outlet_from_source, parse_date
from newsflow.clean.model import CleanedArticle, CleaningError
from newsflow.clean.rules import load_rules
from newsflow.clean.text import cleaner_version, dedupe_lines, drop_boilerplate, is_article, split_lines


def split_authors(value: str | None) -> list[str]:
    """trafilatura joins several authors with "; "."""
    if not value:
        return []
    return [name.strip() for name in value.split(";") if name.strip()]


def clean_html(content: str, source: str, model: LineModel | None = None) -> CleanedArticle:
    """Clean one HTML page; raises CleaningError when trafilatura finds no article text."""
    url = source if source.startswith(("http://", "https://")) else None
    document = trafilatura.bare_extraction(
        content,
        url=url,
        with_metadata=True,
        include_comments=False,
        favor_precision=True,
    )
    if document is None or not document.text:
        raise CleaningError(f"trafilatura found no article text in {source}")
    rules = load_rules()
    title = document.title or None
    lines = [line for line in split_lines(document.text) if line != title]
    body = dedupe_lines(drop_boilerplate(lines, rules), rules.repeat_window)
    if not is_article(body, rules):
        raise CleaningError(f"no article text left after cleaning {source}")
    text = "\n\n".join(body)
    return CleanedArticle(
        title=title,
        text=text,
        authors=split_authors(document.author),
        published_date=parse_date(document.date),
        outlet=document.sitename or outlet_from_source(source),
        language=detect_language(text),
        cleaner_version=cleaner_version(model or load_line_model(), rules),
    )
