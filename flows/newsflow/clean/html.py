"""HTML path: trafilatura's extractor with metadata, the project's rules over its text, and
fallbacks for pages where its precise setting finds little.

favor_precision without comments is trafilatura's best setting on the development pages, and the
boilerplate rules still find credits, teasers and widget lines in what it keeps, and the end of
the article where comments or a bio follow it (the text path's end marker). When that body
is short (under `fallback_below_words`) and less than `fallback_share` of what trafilatura's
default setting finds, the default body is taken; when neither reads as an article, the page's
whole text, one block a line, goes through the text path's line model; when that finds
no article either, a precise body of at least `min_words` words (a photo story, a fact box)
is kept rather than nothing. Repeats are removed
with the project's back-to-back rule rather than trafilatura's deduplicate option, which also
drops legitimately repeated lines (and keeps a process-wide cache when set to True).
"""

from __future__ import annotations

import justext
import trafilatura
from lxml.etree import ParserError
from trafilatura.settings import Document

from newsflow.clean.linemodel import LineModel, load_line_model
from newsflow.clean.metadata import detect_language, outlet_from_source, parse_date
from newsflow.clean.model import CleanedArticle, CleaningError
from newsflow.clean.rules import Rules, load_rules
from newsflow.clean.text import (
    choose_lines,
    cleaner_version,
    dedupe_lines,
    drop_boilerplate,
    is_article,
    read_page,
    refuse_error_page,
    split_lines,
)


def split_authors(value: str | None) -> list[str]:
    """trafilatura joins several authors with "; "."""
    if not value:
        return []
    return [name.strip() for name in value.split(";") if name.strip()]


def rules_body(text: str | None, title: str | None, rules: Rules) -> list[str]:
    """trafilatura's text as lines, without the headline, boilerplate and back-to-back repeats,
    and without what follows the article's end (a comments header or a bio after its prose:
    readers' comments trafilatura did not recognise as such)."""
    if not text:
        return []
    lines = [line for line in split_lines(text) if line != title]
    end = rules.article_end(lines, [rules.prose_words(line) for line in lines])
    if end is not None:
        lines = lines[:end]
    return dedupe_lines(drop_boilerplate(lines, rules), rules.repeat_window)


def page_text(content: str) -> str:
    """The page's whole text one block (paragraph, heading, list item, table cell) a line:
    jusText's segmentation, its verdicts unused. (trafilatura's html2txt joins the whole page
    into one line, which leaves a line model nothing to choose from.)"""
    try:
        blocks = justext.justext(
            content.encode("utf-8", errors="replace"), frozenset(), encoding="utf-8"
        )
    except ParserError:  # no document at all
        return ""
    return "\n".join(block.text for block in blocks)


def model_body(content: str, model: LineModel, rules: Rules) -> list[str]:
    """The page's whole text cleaned as the text path cleans a page copied as text."""
    page = read_page(page_text(content), rules)
    chosen, _ = choose_lines(page, model, rules)
    return dedupe_lines(drop_boilerplate(chosen, rules), rules.repeat_window)


def _words(lines: list[str], rules: Rules) -> int:
    return sum(rules.count_words(line) for line in lines)


def choose_body(
    content: str, url: str | None, precise: list[str], model: LineModel, rules: Rules
) -> list[str]:
    """The precise body unless it is short beside the default one; else the default body;
    else the line model's choice over the page's whole text; none of them unless it reads as
    an article (a menu or a link list is not one), save a precise body of an article's words."""
    settings = rules.html
    if is_article(precise, rules) and _words(precise, rules) >= settings.fallback_below_words:
        return precise
    default = trafilatura.bare_extraction(
        content, url=url, with_metadata=False, include_comments=False
    )
    broad = rules_body(default.text if default else None, None, rules)
    if is_article(precise, rules) and (
        _words(precise, rules) >= settings.fallback_share * _words(broad, rules)
    ):
        return precise
    if is_article(broad, rules):
        return broad
    chosen = model_body(content, model, rules)
    if is_article(chosen, rules):
        return chosen
    # Photo stories and fact boxes: short lines only, yet an article's worth of words in what
    # trafilatura's precise setting keeps (its default setting and the page keep menus too).
    return precise if _words(precise, rules) >= rules.min_body_words else []


def precise_extraction(
    content: str, url: str | None, rules: Rules
) -> tuple[Document | None, str | None, list[str]]:
    """trafilatura's precise pass with metadata: the document, its title, and its body through
    the rules (the body every page starts from)."""
    document = trafilatura.bare_extraction(
        content,
        url=url,
        with_metadata=True,
        include_comments=False,
        favor_precision=True,
    )
    title = (document.title or None) if document else None
    return document, title, rules_body(document.text if document else None, title, rules)


def clean_html(content: str, source: str, model: LineModel | None = None) -> CleanedArticle:
    """Clean one HTML page; raises CleaningError when no article text can be found.

    `model` defaults to the packaged line model (benchmarks pass one trained on other pages).
    """
    url = source if source.startswith(("http://", "https://")) else None
    rules = load_rules()
    model = model or load_line_model()
    document, title, precise = precise_extraction(content, url, rules)
    body = choose_body(content, url, precise, model, rules)
    refuse_error_page(title, body, body, rules, source)
    if not body:
        raise CleaningError(f"no article text found in {source}")
    text = "\n\n".join(body)
    return CleanedArticle(
        title=title,
        text=text,
        authors=split_authors(document.author if document else None),
        published_date=parse_date(document.date if document else None),
        outlet=(document.sitename if document else None) or outlet_from_source(source),
        language=detect_language(text),
        cleaner_version=cleaner_version(model, rules),
    )
