"""Plain-text path: bylines and headline out, the learned line model picks the body, the
boilerplate rules clean what it keeps.

trafilatura alone cannot clean plain text (it returns nothing, or everything once the lines are
wrapped in markup). So the bylines and headline are taken out first, the line model
(linemodel.py) keeps the lines it reads as article body, and the rules of rules.toml drop the
furniture left inside it (credits, teasers, timestamps) and back-to-back repeats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from newsflow.clean.classify import line_features as shape_features
from newsflow.clean.classify import line_kind
from newsflow.clean.linemodel import LineModel, line_features, load_line_model
from newsflow.clean.metadata import (
    Byline,
    detect_language,
    find_date,
    find_outlet,
    outlet_from_source,
    parse_byline,
    wire_headline,
    wire_outlet,
)
from newsflow.clean.model import CleanedArticle, CleaningError
from newsflow.clean.rules import Rules, load_rules

_SPACES = re.compile(r"\s+")


def split_lines(content: str) -> list[str]:
    """Non-empty lines with runs of whitespace (no-break spaces included) made single spaces."""
    lines = (_SPACES.sub(" ", line).strip() for line in content.splitlines())
    return [line for line in lines if line]


def take_bylines(lines: list[str], rules: Rules) -> tuple[list[tuple[int, Byline]], list[str]]:
    """Every byline with its position among the other lines, and the other lines."""
    bylines: list[tuple[int, Byline]] = []
    rest: list[str] = []
    for line in lines:
        byline = parse_byline(line, rules)
        if byline is None:
            rest.append(line)
        else:
            bylines.append((len(rest), byline))
    return bylines, rest


def byline_for_body(bylines: list[tuple[int, Byline]], body_start: int) -> Byline:
    """The byline nearest above the body (teasers above an article carry bylines of their own),
    else the first one."""
    above = [byline for position, byline in bylines if position <= body_start]
    if above:
        return above[-1]
    return bylines[0][1] if bylines else Byline()


def looks_like_title(line: str, rules: Rules) -> bool:
    """A headline is short and does not close like a sentence or a caption."""
    words = rules.count_words(line)
    return (
        rules.title_min_words <= words <= rules.title_max_words
        and not rules.title_sentence_end.search(line)
    )


def first_content_line(lines: list[str], rules: Rules) -> str | None:
    """The first line no boilerplate rule drops: where a page's title line is."""
    return next((line for line in lines if not rules.drop_class(line)), None)


def find_title(lines: list[str], rules: Rules) -> str | None:
    """The headline: the first line that survives the boilerplate rules, when it reads as one.

    A page copied whole starts with the window title ("Headline | Site"); when the headline
    itself comes back later on a line of its own, the longest such line is the title (the
    site's name may come back too).
    """
    first = first_content_line(lines, rules)
    if first is None or not looks_like_title(first, rules):
        return None
    repeats = [
        line
        for line in lines
        if line != first and rules.count_words(line) >= rules.title_min_words and line in first
    ]
    return max(repeats, key=len, default=first)


def without_headlines(lines: list[str], title: str | None, rules: Rules) -> list[str]:
    """The lines without the title and without the window-title line that contains it."""
    if title is None:
        return lines
    first = first_content_line(lines, rules)
    return [line for line in lines if line != title and not (line == first and title in line)]


def site_name(lines: list[str], title: str | None, rules: Rules) -> str | None:
    """The site's name from a window-title line ("Headline | Site") around a known headline."""
    first = first_content_line(lines, rules)
    if title is None or first is None or first == title or title not in first:
        return None
    after_title = first.split(title)[-1].strip(rules.title_separator_chars)
    name = rules.title_separators.split(after_title)[0].strip()
    if name and rules.count_words(name) <= rules.site_name_max_words:
        return name
    return None


def drop_boilerplate(lines: list[str], rules: Rules) -> list[str]:
    """Lines left after whole-line rules and fragment stripping."""
    kept: list[str] = []
    for line in lines:
        if rules.drop_class(line):
            continue
        stripped = rules.strip_fragments(line)
        if stripped and not rules.drop_class(stripped):
            kept.append(stripped)
    return kept


def dedupe_lines(lines: list[str], window: int) -> list[str]:
    """Drop a line that repeats one of the `window` lines kept just before it.

    Captions and their credits repeat back to back; lines that recur far apart (interview
    questions, recipe headings) are content and stay.
    """
    kept: list[str] = []
    for line in lines:
        key = line.casefold()
        if all(key != previous.casefold() for previous in kept[-window:]):
            kept.append(line)
    return kept


def is_article(lines: list[str], rules: Rules) -> bool:
    """Enough words for an article body, and some prose: a menu or link list is not one."""
    return sum(rules.count_words(line) for line in lines) >= rules.min_body_words and any(
        line_kind(shape_features(line, rules), rules) == "prose" for line in lines
    )


@dataclass(frozen=True)
class Page:
    """A plain-text page split for cleaning: bylines and headline taken out of its lines."""

    lines: list[str]  # every line but the bylines
    bylines: list[tuple[int, Byline]]
    title: str | None
    candidates: list[str]  # the lines the body is chosen from (no headline, no window title)
    title_index: int | None  # where the headline stood among the candidates


def read_page(content: str, rules: Rules) -> Page:
    bylines, lines = take_bylines(split_lines(content), rules)
    title = find_title(lines, rules)
    candidates = without_headlines(lines, title, rules)
    title_index = None
    if title is not None:
        first_title = lines.index(title) if title in lines else 0
        title_index = sum(1 for line in lines[:first_title] if line in candidates)
    return Page(lines, bylines, title, candidates, title_index)


def choose_lines(page: Page, model: LineModel, rules: Rules) -> tuple[list[str], bool]:
    """The body's lines: all of them when the text is already clean, else those the model
    keeps; and whether it is already clean.

    A text in which no rule finds furniture and the model finds no article is taken whole, as
    received: a results table or a list of names from a wire feed is kept rather than lost."""
    rows = line_features(page.candidates, page.title, page.title_index, rules)
    words = np.array([rules.count_words(line) for line in page.candidates], dtype=float)
    probabilities = model.probabilities(rows, words)
    if model.already_clean(rows, probabilities, words):
        return list(page.candidates), True
    chosen = select_lines(page.candidates, probabilities, model.threshold, rules)
    if not is_article(chosen, rules) and not any(map(rules.drop_class, page.candidates)):
        return list(page.candidates), True
    return chosen, False


def select_lines(
    lines: list[str], probabilities: np.ndarray, threshold: float, rules: Rules
) -> list[str]:
    """Lines the model keeps, and short runs of doubtful lines (subheadings, a standfirst)
    between kept ones. Lines a boilerplate rule drops anyway (timestamps, ad labels) are
    skipped when looking for the kept lines around a run."""
    settings = rules.line_model
    keep = probabilities >= threshold
    content = [i for i, line in enumerate(lines) if not rules.drop_class(line)]
    doubtful = [not keep[i] and probabilities[i] >= threshold * settings.bridge_share
                for i in content]
    start = 0
    while start < len(content):
        end = start
        while end < len(content) and doubtful[end]:
            end += 1
        if end > start:
            before_kept = start > 0 and keep[content[start - 1]]
            after_kept = end < len(content) and keep[content[end]]
            if end - start <= settings.bridge_lines and before_kept and after_kept:
                keep[[content[i] for i in range(start, end)]] = True
        start = end + 1
    return [line for line, kept in zip(lines, keep, strict=True) if kept]


def refuse_error_page(title: str | None, lines: list[str], body: list[str], rules: Rules,
                      source: str) -> None:
    """Raise CleaningError when the page is an error page served as a page (a soft 404): its
    title or a whole line says so, and its body is short (rules.toml [error_page])."""
    settings = rules.error_page
    if sum(rules.count_words(line) for line in body) > settings.max_body_words:
        return
    if signal := settings.signal(title, lines):
        raise CleaningError(f"error page, not an article ({signal}): {source}")


def clean_text(content: str, source: str, model: LineModel | None = None) -> CleanedArticle:
    """Clean one plain-text article; raises CleaningError when no body text is left.

    `model` defaults to the packaged line model (benchmarks pass one trained on other pages).
    """
    rules = load_rules()
    model = model or load_line_model()
    page = read_page(content, rules)
    chosen, already_clean = choose_lines(page, model, rules)
    body = dedupe_lines(drop_boilerplate(chosen, rules), rules.repeat_window)
    refuse_error_page(page.title, page.lines, body, rules, source)
    if already_clean:  # lists and short lines are content: enough words make an article
        enough = sum(rules.count_words(line) for line in body) >= rules.min_body_words
    else:
        enough = bool(chosen) and is_article(body, rules)
    if not enough:
        raise CleaningError(f"no article text left after cleaning {source}")
    text = "\n\n".join(body)
    byline = byline_for_body(page.bylines, page.lines.index(chosen[0]))
    lines, title = page.lines, page.title
    return CleanedArticle(
        title=wire_headline(lines, title),
        text=text,
        authors=byline.authors,
        published_date=byline.published_date or find_date(lines, rules),
        outlet=(
            byline.outlet
            or find_outlet(lines, rules)
            or wire_outlet(lines)
            or site_name(lines, title, rules)
            or outlet_from_source(source)
        ),
        language=detect_language(text),
        cleaner_version=cleaner_version(model, rules),
    )


def cleaner_version(model: LineModel, rules: Rules) -> str:
    """What produced a cleaned text: the line model's version and the rules' version."""
    return f"{model.version}+rules.{rules.version}"
