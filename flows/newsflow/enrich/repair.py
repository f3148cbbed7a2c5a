"""Spans before resolution: repaired where the model ran words into a name, and persons the
model missed found in the text.

The small model runs role words and list punctuation into names (`defender Hassan Abbas`,
`West Indies - Sherwin Campbell`, `Laurent Cabannes and Laurent Benezech`, `Songo'o.`), tags
people as organisations or places (`Nick Price` ORG, `Les Ferdinand` GPE), and leaves names of
list-like copy untagged (team sheets, results). Here, with the data of heuristics.toml
(`[repair]`, `[recall]`):

- repair_spans: a span is split at line breaks, brackets and list separators between capitalised
  words, and loses leading role words and demonyms and trailing punctuation;
- person_shape: the evidence that capitalised words are a person's name (a given name or an
  initial first), which turns a span of another label into PERSON;
- untagged_persons: given name + capitalised surname pairs no span covers, as PERSON candidates;
- find_again: a confirmed person's full name or surname written where no span is.

A given name counts only when it is not also an ordinary word of the chunk (`General`, `Grant`
are given names of gender-guesser's list, and common words in lower case) nor a stop word
(`The`, `Will`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.metadata import version
from itertools import accumulate

from newsflow.buildcache import cached_build
from newsflow.enrich.gazetteer import gazetteer
from newsflow.enrich.heuristics_file import heuristics_file
from newsflow.enrich.names import fold_token, heuristics
from newsflow.enrich.ner import Span
from newsflow.enrich.typecheck import (
    GIVEN_NAME,
    TITLE,
    TypeRules,
    is_given_name,
    last_word_before,
)

# Words with their offsets: letters, then letters joined by hyphens, apostrophes or dots, and an
# optional final dot (`A.`, `Songo'o`, `Ata-ur-Rehman`).
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’.][^\W\d_]+)*\.?")
_TOKEN_OR_GAP = re.compile(f"({_TOKEN.pattern})")  # re.split keeps the words
_LOWER_WORD = re.compile(r"(?<![\w'’-])[^\W\d_A-Z]+(?![\w'’-])")
_SINGLE_INITIAL = re.compile(r"^[^\W\d_]\.$")
_POSSESSIVE = re.compile(r"[’']s$")
_BREAKS = re.compile(r"\s*(?:\n|\(|\)|\[|\])\s*")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+")
NONE_LABEL = "NONE"  # ner_label of a mention the model did not tag


@dataclass(frozen=True)
class RepairRules:
    """The `[repair]` and `[recall]` sections of heuristics.toml."""

    role_words: frozenset[str]
    list_separators: tuple[str, ...]
    trailing_punctuation: str
    not_names: frozenset[str]
    max_surname_words: int
    min_surname_chars: int
    prominent_city_population: int


@cache
def repair_rules() -> RepairRules:
    data = heuristics_file()
    repair, recall = data.repair, data.recall
    return RepairRules(
        not_names=frozenset(w.casefold() for w in recall.not_names),
        role_words=frozenset(w.casefold() for w in repair.role_words),
        list_separators=tuple(repair.list_separators),
        trailing_punctuation=repair.trailing_punctuation,
        max_surname_words=recall.max_surname_words,
        min_surname_chars=recall.min_surname_chars,
        prominent_city_population=recall.prominent_city_population,
    )


def common_words(texts: Iterable[str]) -> frozenset[str]:
    """Folded words written in lower case somewhere in the texts: ordinary words, whatever
    gender-guesser says."""
    words: set[str] = set()
    for text in texts:
        words.update(_LOWER_WORD.findall(text))
    return frozenset(map(fold_token, words))


def _is_title_case(word: str) -> bool:
    return word[:1].isupper() and any(c.islower() for c in word)


@cache
def stop_words() -> frozenset[str]:
    """spaCy's English stop words: `The`, `Will`, `May` open sentences, not names. Read from the
    build cache: importing them imports spaCy (0.45 s of CPU), which the flow's process
    otherwise never needs."""
    return cached_build("stop-words", [version("spacy")], _spacy_stop_words,
                        accept=lambda value: isinstance(value, frozenset))


def _spacy_stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _strong_given_name(word: str, common: frozenset[str]) -> bool:
    return _given_name_word(word) and fold_token(word) not in common


@lru_cache(maxsize=1 << 16)
def _given_name_word(word: str) -> bool:
    """A given name written as one that is not a stop word, particle or other non-name: what
    makes a strong given name, but for the chunk's ordinary words."""
    return (_is_title_case(word) and is_given_name(word)
            and word.casefold() not in stop_words()
            and word.casefold() not in heuristics().name_particles
            and word.casefold() not in repair_rules().not_names)


def _name_word(word: str) -> bool:
    """A word that may follow a given name in a person's name (not `Kong-based`, `Monday`)."""
    if word.rstrip(".").casefold() in repair_rules().not_names:
        return False
    return ((_is_title_case(word) and word.split("-")[-1][:1].isupper())
            or bool(_SINGLE_INITIAL.match(word))
            or word.casefold() in heuristics().name_particles)


def _ends_sentence(word: str) -> bool:
    return word.endswith(".") and not _SINGLE_INITIAL.match(word)


def _suffix_cue(word: str, rules: TypeRules) -> bool:
    return any(word.casefold() in cue.suffix for cue in rules.cues)


def person_shape(words: Sequence[str], common: frozenset[str], rules: TypeRules) -> bool:
    """Capitalised words that read as a person's name: a given name (not an ordinary word) or an
    initial, then name words ending in a capitalised one; not a known place as a whole, no
    company or format suffix."""
    if len(words) < 2 or fold_token(words[0]) in rules.titles or not (
            _strong_given_name(words[0], common) or _SINGLE_INITIAL.match(words[0])):
        return False
    if not all(_name_word(w) for w in words[1:]) or not _is_title_case(words[-1]):
        return False
    if _suffix_cue(words[-1], rules) or any(w.casefold() in heuristics().demonyms
                                            for w in words[1:]):
        return False
    # A place as the whole or its start (`Hong Kong Open`, `Jordan Valley`), or after an
    # initial (`N. Korea`). One word must be a country, a state or a large city (`London
    # Newsroom`): many given names and surnames are a town somewhere.
    places = gazetteer()
    if places.prominent(words[0], repair_rules().prominent_city_population) or (
            _SINGLE_INITIAL.match(words[0]) and " ".join(words[1:]) in places):
        return False
    return not any(" ".join(words[:k]) in places for k in range(2, len(words) + 1))


def _sub_span(text: str, start: int, end: int, label: str, original: Span) -> Span | None:
    """The span of text[start:end] stripped of whitespace, None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end or not any(c.isalpha() for c in text[start:end]):
        return None
    if (start, end) == (original.start_char, original.end_char):
        return original
    return Span(start, end, text[start:end], label, sentence_at(text, start, end))


def _pieces(text: str, span: Span, common: frozenset[str], rules: TypeRules,
            repair: RepairRules) -> list[tuple[int, int]]:
    """(start, end) of the span's pieces: split at line breaks and brackets, then at list
    separators between capitalised words when the span is a PERSON or a piece reads as one."""
    start, last, pieces = span.start_char, 0, []
    for m in _BREAKS.finditer(span.text):
        pieces.append((start + last, start + m.start()))
        last = m.end()
    pieces.append((start + last, span.end_char))
    result = []
    for start, end in pieces:
        piece = text[start:end]
        if not any(separator in piece for separator in repair.list_separators):
            result.append((start, end))  # most spans: nothing to split at
            continue
        parts = [(start, end)]
        for separator in repair.list_separators:
            split = []
            for a, b in parts:
                inner, last = text[a:b], 0
                if separator not in inner:
                    split.append((a, b))
                    continue
                for m in re.finditer(re.escape(separator), inner):
                    before, after = inner[last:m.start()], inner[m.end():]
                    if before[:1].isupper() and after[:1].isupper():
                        split.append((a + last, a + m.start()))
                        last = m.end()
                split.append((a + last, b))
            parts = split
        if len(parts) > 1:
            words = [_TOKEN.findall(text[a:b]) for a, b in parts]
            if (any(w and _suffix_cue(w[-1], rules) for w in words)  # `Edward D. Jones & Co.`
                    or (span.label != "PERSON"
                        and not any(person_shape(w, common, rules) for w in words))):
                parts = [(start, end)]
        result += parts
    return result


def _trim(text: str, start: int, end: int, span_label: str, common: frozenset[str],
          rules: TypeRules, repair: RepairRules) -> tuple[int, int]:
    """Leading role words, demonyms and lower-case words and trailing punctuation and lower-case
    words off a piece: always for a PERSON, otherwise only when a person's name remains."""
    tokens = [(m.start() + start, m.end() + start, m.group()) for m in
              _TOKEN.finditer(text[start:end])]
    names = heuristics()
    first = 0
    while first < len(tokens) - 1 and (
            tokens[first][2].casefold().rstrip(".") in repair.role_words
            or tokens[first][2].casefold() in names.demonyms
            or (tokens[first][2][:1].islower()
                and tokens[first][2].casefold() not in names.name_particles)):
        first += 1
    last = len(tokens)
    while last - 1 > first and tokens[last - 1][2].isalpha() and tokens[last - 1][2].islower() \
            and tokens[last - 1][2] not in names.name_particles:
        last -= 1
    if not tokens:
        return start, end
    new_start = tokens[first][0] if first else start
    new_end = tokens[last - 1][1] if last < len(tokens) else end
    while new_end > new_start and text[new_end - 1] in repair.trailing_punctuation + " ":
        if text[new_end - 1] == "." and _SINGLE_INITIAL.match(tokens[last - 1][2]):
            break
        new_end -= 1
    if (new_start, new_end) == (start, end):
        return start, end
    if span_label != "PERSON" and not person_shape(
            _TOKEN.findall(text[new_start:new_end]), common, rules):
        return start, end
    return new_start, new_end


def repair_spans(text: str, spans: Iterable[Span], common: frozenset[str],
                 rules: TypeRules) -> list[Span]:
    """Each span split and trimmed where the model ran other words into a name."""
    repair = repair_rules()
    repaired = []
    for span in spans:
        for start, end in _pieces(text, span, common, rules, repair):
            start, end = _trim(text, start, end, span.label, common, rules, repair)
            if piece := _sub_span(text, start, end, span.label, span):
                repaired.append(piece)
    return repaired


def person_evidence(span: Span, text: str, common: frozenset[str],
                    rules: TypeRules) -> str | None:
    """Why a span of another label is a person (GIVEN_NAME, TITLE), or None."""
    words = _TOKEN.findall(span.text)
    if span.text.split() != words:  # punctuation between or around the words
        return None
    if person_shape(words, common, rules) and not (
            _SINGLE_INITIAL.match(words[0]) and span.label in rules.place_labels):
        return GIVEN_NAME
    if not words or not all(_is_title_case(w) for w in words):
        return None
    before = last_word_before(text, span.start_char)
    if (before and _is_title_case(before) and fold_token(before) in rules.titles
            and not _suffix_cue(words[-1], rules)):
        return TITLE
    return None


def with_untagged_persons(text: str, spans: Sequence[Span], common: frozenset[str],
                          rules: TypeRules) -> list[Span]:
    """The spans with the given name (or initial) + capitalised surname runs the model did not
    tag, as spans of NONE_LABEL; a run replaces spans inside it (`Coetzer` of `Amanda
    Coetzer`), and is not taken where a span crosses its edge."""
    repair = repair_rules()
    covered = sorted((s.start_char, s.end_char, s.label) for s in spans)
    covered_starts = [a for a, _, _ in covered]
    longest = max((b - a for a, b, _ in covered), default=0)
    inside: set[tuple[int, int]] = set()
    # The text split into gap, word, gap, word, ..., gap: words[k] starts at edges[2k] and ends
    # at edges[2k + 1], gaps[k] is the text before it (strings only: a match object per word
    # would cost more than the rest of this function).
    parts = _TOKEN_OR_GAP.split(text)
    words, gaps = parts[1::2], parts[0::2]
    edges = list(accumulate(map(len, parts)))
    # Each distinct word judged once: only a given name (capitalised) or an initial (ending in
    # a dot) opens a run.
    opening = {w for w in set(words) if (w[0].isupper() or w[-1] == ".") and (
        _strong_given_name(w, common) or _SINGLE_INITIAL.match(w))}
    found: list[Span] = []
    resume = 0  # words before this one are in a run already found
    for i in [k for k, word in enumerate(words) if word in opening]:
        if i < resume:
            continue
        previous = words[i - 1] if i else None
        joined_before = (previous is not None and gaps[i] == " "
                         and not _ends_sentence(previous))
        if joined_before and (_is_title_case(previous)
                              and previous.casefold() not in repair.role_words
                              and fold_token(previous) not in rules.titles
                              and previous.casefold() not in heuristics().demonyms):
            continue
        j = i + 1
        while (j < len(words) and j - i <= repair.max_surname_words
               and gaps[j] == " "
               and not _POSSESSIVE.search(words[j - 1])  # `Hoddle's England`
               and not _ends_sentence(words[j - 1])  # `Campbell. France`
               and _name_word(words[j])):
            j += 1
        while j > i + 1 and not _is_title_case(words[j - 1]):
            j -= 1
        run = words[i:j]
        start, end = edges[2 * i], edges[2 * j - 1] - run[-1].endswith(".")
        run[-1] = run[-1].rstrip(".")
        # Spans starting before `end` and no further back than the longest span is long.
        overlapping = [(a, b, label) for a, b, label in covered[
            bisect_left(covered_starts, start - longest):bisect_left(covered_starts, end)]
            if start < b]
        if j > i + 1 and all(start <= a and b <= end and (a, b) != (start, end)
                             for a, b, _ in overlapping) and not (
                _SINGLE_INITIAL.match(run[0])  # `N. Korea`
                and any(label in rules.place_labels for *_, label in overlapping)
        ) and person_shape(run, common, rules):
            found.append(Span(start, end, text[start:end], NONE_LABEL,
                              sentence_at(text, start, end)))
            inside.update((a, b) for a, b, _ in overlapping)
            resume = j
    return [s for s in spans if (s.start_char, s.end_char) not in inside] + found


def find_again(text: str, names: dict[str, str], taken: Iterable[tuple[int, int]]
               ) -> list[tuple[Span, str]]:
    """Occurrences of the forms (form as written -> full name) where no span is: each as a span
    of NONE_LABEL with the full name it stands for. Longer forms are found first.

    A form is found as a whole word: no letter, digit, `_`, apostrophe or hyphen on either side.
    The (non-empty) spans taken are marked in one array of the text's length, so each
    occurrence is checked against all of them at once."""
    occupied = bytearray(len(text))
    for a, b in taken:
        occupied[a:b] = b"\x01" * (b - a)
    found = []
    for form in sorted(names, key=len, reverse=True):
        for start in _whole_word_occurrences(text, form):
            end = start + len(form)
            if occupied.find(1, start, end) != -1:
                continue
            occupied[start:end] = b"\x01" * (end - start)
            found.append((Span(start, end, form, NONE_LABEL, sentence_at(text, start, end)),
                          names[form]))
    return found


def _joins_word(char: str) -> bool:
    """A character that would make a found form part of a longer word (regex `[\\w'’-]`)."""
    return char.isalnum() or char in "_'’-"


def _whole_word_occurrences(text: str, form: str) -> Iterator[int]:
    """Start offsets of the form in the text as a whole word, left to right, not overlapping."""
    start = text.find(form) if form else -1
    while start != -1:
        end = start + len(form)
        if (start == 0 or not _joins_word(text[start - 1])) and (
                end == len(text) or not _joins_word(text[end])):
            yield start
            start = text.find(form, end)
        else:
            start = text.find(form, start + 1)


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], within its paragraph (line)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    sentence_start = line_start
    for m in _SENTENCE_END.finditer(text, line_start, start):
        sentence_start = m.end()
    m = _SENTENCE_END.search(text, end, line_end)
    sentence_end = m.start() + 1 if m else line_end
    return text[sentence_start:sentence_end].strip()
