"""Load the boilerplate rules data file once, checked by a typed model, and compile its
patterns."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from pydantic import BaseModel, ConfigDict

from newsflow.clean.prefilter import prefilter
from newsflow.datafile import packaged_toml

RULES_FILE = "rules.toml"


class _Section(BaseModel):
    """A table of rules.toml: a misspelt or missing key fails the load, naming it."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class _Byline(_Section):
    patterns: list[str]
    author_separators: str
    author_role: str


class _Outlet(_Section):
    patterns: list[str]


class _Body(_Section):
    min_words: int
    repeat_window: int


class _ErrorPage(_Section):
    max_body_words: int
    headings: list[str]
    lines: list[str]


class _Dates(_Section):
    max_line_words: int
    patterns: list[str]


class _Title(_Section):
    max_words: int
    min_words: int
    sentence_end: str
    separators: str
    separator_chars: str
    site_name_max_words: int


class ClassifierSettings(_Section):
    """Patterns and thresholds describing a line of plain text (classify.py, linemodel.py);
    the patterns are compiled as the file is read."""

    word: re.Pattern[str]
    sentence_end: re.Pattern[str]
    list_marker: re.Pattern[str]
    min_sentence_words: int
    long_line_words: int
    min_lowercase_share: float
    min_cased_share: float
    min_data_words: int
    min_numeric_share: float
    min_phrase_words: int
    min_phrase_lowercase_share: float
    end_marker_classes: list[str]
    end_marker_min_words: int


class LineModelSettings(_Section):
    """Word lists and patterns the learned line model's features count (see linemodel.py)."""

    stopwords: frozenset[str]
    url: re.Pattern[str]
    email: re.Pattern[str]
    phone: re.Pattern[str]
    short_line_words: int
    context_lines: int
    bridge_share: float
    bridge_lines: int


class _Html(_Section):
    fallback_below_words: int
    fallback_share: float


class RulesFile(_Section):
    """rules.toml as read: the classifier's and line model's patterns compiled on reading, the
    others as text for `load_rules` to compile."""

    version: int
    drop_line: dict[str, list[str]]
    strip_fragment: dict[str, list[str]]
    byline: _Byline
    outlet: _Outlet
    body: _Body
    error_page: _ErrorPage
    dates: _Dates
    title: _Title
    classifier: ClassifierSettings
    line_model: LineModelSettings
    html: _Html


@dataclass(frozen=True)
class HtmlSettings:
    """When the HTML path falls back from trafilatura's precise setting (see html.py)."""

    fallback_below_words: int
    fallback_share: float


@dataclass(frozen=True)
class ErrorPageSettings:
    """What marks an error page served as a page (a soft 404); see rules.toml [error_page]."""

    heading: re.Pattern[str]  # a whole title (a site's name may flank it) or line
    line: re.Pattern[str]  # a whole line
    max_body_words: int

    def signal(self, title: str | None, lines: Sequence[str]) -> str | None:
        """What says the page is an error page (its title, or its first line that does), or
        None."""
        if title and self.heading.fullmatch(title):
            return f"title {title!r}"
        said = next((line for line in lines
                     if self.heading.fullmatch(line) or self.line.fullmatch(line)), None)
        return None if said is None else f"line {said[:80]!r}"


@dataclass(frozen=True)
class Rules:
    """Compiled rules; see rules.toml for what each class is for."""

    version: int
    drop_line: re.Pattern[str]  # one alternative a class, a named group each, in file order
    strip_fragment: dict[str, list[re.Pattern[str]]]
    byline: list[re.Pattern[str]]
    author_separators: re.Pattern[str]
    author_role: re.Pattern[str]
    outlet: list[re.Pattern[str]]
    min_body_words: int
    repeat_window: int
    date_patterns: list[re.Pattern[str]]
    date_max_line_words: int
    title_max_words: int
    title_min_words: int
    title_sentence_end: re.Pattern[str]
    title_separators: re.Pattern[str]
    title_separator_chars: str
    site_name_max_words: int
    classifier: ClassifierSettings
    line_model: LineModelSettings
    html: HtmlSettings
    error_page: ErrorPageSettings
    _first_class: Callable[[str], str | None] = field(init=False, repr=False, compare=False)
    _stripped: Callable[[str], str] = field(init=False, repr=False, compare=False)
    _words: Callable[[str], int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_first_class", _class_finder(self.drop_line))
        object.__setattr__(self, "_stripped", _fragment_stripper(self.strip_fragment))
        object.__setattr__(self, "_words", _word_counter(self.classifier.word))

    def count_words(self, line: str) -> int:
        """Words as the classifier counts them (one per character in Chinese and Japanese)."""
        return self._words(line)

    def prose_words(self, line: str) -> int:
        """The line's words when it ends a sentence, else 0: the prose the end marker waits for."""
        return self.count_words(line) if self.classifier.sentence_end.search(line) else 0

    def article_end(self, lines: Sequence[str], prose_words: Sequence[float]) -> int | None:
        """Index of the first end marker (a comments header, a bio) once `end_marker_min_words`
        words of prose have been seen (`prose_words`: each line's, as prose_words counts them):
        readers' comments and bios come after the article."""
        settings = self.classifier
        seen = 0.0
        for index, line in enumerate(lines):
            seen += prose_words[index]
            if seen >= settings.end_marker_min_words and (
                self.drop_class(line) in settings.end_marker_classes
            ):
                return index
        return None

    @property
    def drop_classes(self) -> tuple[str, ...]:
        """The boilerplate classes, in file order."""
        return tuple(self.drop_line.groupindex)

    def drop_class(self, line: str) -> str | None:
        """Name of the first boilerplate class whose pattern matches the whole line.

        Every line of every page is tested, so all classes are one compiled alternation: the
        regex engine tries them in order, in one call; the class's group is the outermost, so it
        is the match's last group.
        """
        return self._first_class(line)

    def strip_fragments(self, line: str) -> str:
        """The line with boilerplate heads and tails cut off."""
        return self._stripped(line)


def _class_finder(drop_line: re.Pattern[str]) -> Callable[[str], str | None]:
    """The first matching class of a line, cached by line: the cleaner asks about each line
    several times (features, neighbours, rules) and menus and footers repeat from page to page,
    while the alternation of six languages' phrases costs tens of microseconds a line."""

    @lru_cache(maxsize=1 << 14)
    def first_class(line: str) -> str | None:
        match = drop_line.fullmatch(line)
        return None if match is None else match.lastgroup

    return first_class


def _fragment_stripper(classes: dict[str, list[re.Pattern[str]]]) -> Callable[[str], str]:
    """Fragment stripping, cached by line as the classes are (the line model's features and
    the rules ask about the same lines), and skipped where a line holds none of the phrases the
    patterns require (prefilter.py): nearly every line."""
    patterns = [pattern for group in classes.values() for pattern in group]
    required = prefilter(patterns)

    @lru_cache(maxsize=1 << 14)
    def stripped(line: str) -> str:
        # Exact: where the prefilter finds nothing, no pattern has a match to cut.
        if required is not None and required.search(line) is None:
            return line.strip()
        for pattern in patterns:
            line = pattern.sub("", line)
        return line.strip()

    return stripped


def _word_counter(word: re.Pattern[str]) -> Callable[[str], int]:
    """A line's words, cached by line as the classes are: the cleaner counts them for the line
    model, the dates, the headline and the body checks."""

    @lru_cache(maxsize=1 << 14)
    def count(line: str) -> int:
        return len(word.findall(line))

    return count


def _compile_classes(
    section: dict[str, list[str]], flags: re.RegexFlag
) -> dict[str, list[re.Pattern[str]]]:
    return {name: [re.compile(p, flags) for p in patterns] for name, patterns in section.items()}


def _compile_alternation(section: dict[str, list[str]], flags: re.RegexFlag) -> re.Pattern[str]:
    """One pattern: each class a named group of its own patterns, classes in file order.

    A class without patterns would compile to an empty group that matches every blank line.
    """
    if empty := [name for name, patterns in section.items() if not patterns]:
        raise ValueError(f"rule classes without patterns: {', '.join(empty)}")
    groups = (f"(?P<{name}>{'|'.join(f'(?:{p})' for p in patterns)})"
              for name, patterns in section.items())
    return re.compile("|".join(groups), flags)


@cache
def rules_file() -> RulesFile:
    """The packaged rules file as written, validated."""
    return packaged_toml(RulesFile, __package__, RULES_FILE)


@cache
def load_rules() -> Rules:
    """The rules compiled; cached because every document uses the same rules."""
    raw = rules_file()
    title = raw.title
    return Rules(
        version=raw.version,
        drop_line=_compile_alternation(raw.drop_line, re.IGNORECASE),
        strip_fragment=_compile_classes(raw.strip_fragment, re.IGNORECASE),
        byline=[re.compile(p) for p in raw.byline.patterns],
        author_separators=re.compile(raw.byline.author_separators),
        author_role=re.compile(raw.byline.author_role),
        outlet=[re.compile(p) for p in raw.outlet.patterns],
        min_body_words=raw.body.min_words,
        repeat_window=raw.body.repeat_window,
        date_patterns=[re.compile(p, re.IGNORECASE) for p in raw.dates.patterns],
        date_max_line_words=raw.dates.max_line_words,
        title_max_words=title.max_words,
        title_min_words=title.min_words,
        title_sentence_end=re.compile(title.sentence_end),
        title_separators=re.compile(title.separators),
        title_separator_chars=title.separator_chars,
        site_name_max_words=title.site_name_max_words,
        classifier=raw.classifier,
        line_model=raw.line_model,
        html=HtmlSettings(**raw.html.model_dump()),
        error_page=_error_page_settings(raw.error_page, title.separators),
    )


def _error_page_settings(section: _ErrorPage, separators: str) -> ErrorPageSettings:
    """The headings as one pattern, a site's name allowed before or after them behind a title
    separator; the lines as another."""
    headings = "|".join(f"(?:{p})" for p in section.headings)
    site = f"(?:.{{1,80}}?(?:{separators}))?(?:{headings})(?:(?:{separators}).{{1,80}})?"
    lines = "|".join(f"(?:{p})" for p in section.lines)
    return ErrorPageSettings(heading=re.compile(site, re.IGNORECASE),
                             line=re.compile(lines, re.IGNORECASE),
                             max_body_words=section.max_body_words)
