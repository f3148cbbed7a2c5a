"""HTML cleaning on small pages written here: article kept, page furniture and repeats dropped."""

from __future__ import annotations

import datetime

import pytest
import trafilatura
from newsflow.clean import CleanedArticle, CleaningError, clean_document

PARAGRAPHS = [
    "The harbour authority said on Monday that talks with the dock workers' union would resume "
    "next week, after a month in which neither side moved on pay or on the new shift rota.",
    "Union leaders told reporters outside the port offices that a strike ballot remained on the "
    "table if the authority did not put a written offer to members before the end of the month.",
    "Shipping companies have already diverted several container vessels to other ports along "
    "the coast, adding days to delivery times for retailers ahead of the busy winter season.",
    "The regional government has offered to mediate, a spokesperson said, though no date for a "
    "first meeting under its chairmanship has yet been agreed by either party to the dispute.",
]

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Port talks to resume next week | Harbour Herald</title>
<meta property="og:title" content="Port talks to resume next week">
<meta property="og:site_name" content="Harbour Herald">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-03-11T08:30:00Z">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<main><article>
<h1>Port talks to resume next week</h1>
<p class="byline">By Jane Roe</p>
{body}
<p>Advertisement</p>
<p>Read more: Ferry timetable changes for the spring</p>
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Council approves new bus lanes</a></li>
<li><a href="/b">Weather warning for the weekend</a></li></ul></aside>
</main>
<footer><p>© 2024 Harbour Herald. All rights reserved.</p>
<p>We use cookies to improve your experience. Accept cookies or manage your settings.</p>
</footer></body></html>
"""


def page(paragraphs: list[str]) -> str:
    return PAGE.replace("{body}", "\n".join(f"<p>{p}</p>" for p in paragraphs))


@pytest.fixture(scope="module")
def article() -> CleanedArticle:
    return clean_document(page(PARAGRAPHS), "text/html", "https://harbour.example/port-talks")


def test_every_paragraph_is_kept_word_for_word(article: CleanedArticle) -> None:
    assert article.text.split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize(
    "furniture",
    ["Advertisement", "Read more", "Most read", "cookies", "All rights reserved", "Weather"],
)
def test_page_furniture_is_gone(article: CleanedArticle, furniture: str) -> None:
    assert furniture not in article.text


def test_metadata_comes_from_the_page(article: CleanedArticle) -> None:
    assert article.title == "Port talks to resume next week"
    assert article.authors == ["Jane Roe"]
    assert article.published_date == datetime.date(2024, 3, 11)
    assert article.outlet == "Harbour Herald"
    assert article.language == "en"


def test_repeated_caption_is_kept_once() -> None:
    caption = "Container cranes stand idle at the northern quay during the stoppage on Friday."
    body = [PARAGRAPHS[0], caption, PARAGRAPHS[1], caption, *PARAGRAPHS[2:]]
    article = clean_document(page(body), "text/html", "port.html")
    assert article.text.count(caption) == 1


def test_same_page_twice_gives_the_same_text() -> None:
    html = page(PARAGRAPHS)
    first = clean_document(html, "text/html", "port.html")
    second = clean_document(html, "text/html", "port.html")
    assert first.text == second.text
    assert first.text


@pytest.mark.parametrize(
    "empty", ["<html><body><nav><a href='/'>Home</a></nav></body></html>", "", " \n "]
)
def test_page_without_article_text_raises(empty: str) -> None:
    with pytest.raises(CleaningError):
        clean_document(empty, "text/html", "empty.html")


def test_media_type_parameters_are_ignored(article: CleanedArticle) -> None:
    again = clean_document(page(PARAGRAPHS), "text/html; charset=utf-8", "port.html")
    assert again.text == article.text


def test_short_precise_extraction_falls_back_to_the_default_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = trafilatura.bare_extraction

    def precise_finds_nothing(content: str, **options: object) -> object:
        return None if options.get("favor_precision") else real(content, **options)

    monkeypatch.setattr(trafilatura, "bare_extraction", precise_finds_nothing)
    article = clean_document(page(PARAGRAPHS), "text/html", "port.html")
    assert all(paragraph in article.text for paragraph in PARAGRAPHS)


def test_page_trafilatura_finds_nothing_in_is_cleaned_by_the_line_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The page's text reaches the line model one block a line, so it keeps the paragraphs
    alone: no menu, headline, byline or teaser run into them."""
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda content, **options: None)
    article = clean_document(page(PARAGRAPHS), "text/html", "port.html")
    assert article.text.split("\n\n") == PARAGRAPHS


def test_html_article_records_the_cleaner_version(article: CleanedArticle) -> None:
    from newsflow.clean import cleaner_version

    assert article.cleaner_version == cleaner_version()


READER_COMMENTS = [
    "3 Comments",
    "Marco from Lisbon: I worked on those docks for twenty years and the rota was always the "
    "real fight, never the pay, whatever the union says in public.",
    "Ann: The shipping lines will not wait for a ballot, they will simply move elsewhere.",
]


def test_reader_comments_after_the_article_are_cut() -> None:
    """Comments trafilatura keeps as article text (plain paragraphs in the article element)
    end the body at their header, as the text path's end marker says."""
    article = clean_document(page(PARAGRAPHS + READER_COMMENTS), "text/html", "port.html")
    assert article.text.split("\n\n") == PARAGRAPHS


def test_a_comment_count_above_the_article_does_not_cut_it() -> None:
    """The end marker counts only after an article's worth of prose: a comment count under the
    headline is dropped as a line, and the article after it stays whole."""
    article = clean_document(page(["3 Comments", *PARAGRAPHS]), "text/html", "port.html")
    assert article.text.split("\n\n") == PARAGRAPHS
