"""The rules' prefilter: the phrases a pattern cannot match without, and nothing it matches
missed (clean/prefilter.py)."""

from __future__ import annotations

import re

import pytest
from newsflow.clean.prefilter import prefilter, required_phrases
from newsflow.clean.rules import load_rules


def test_the_longest_phrase_outside_optional_parts_is_required() -> None:
    pattern = r"\s*(?:follow|read) (?:our )?live (?:updates|coverage)\W*$"
    # "updates" or "coverage": the shortest (7) is longer than "live " (5) or "read" (4).
    assert required_phrases(pattern, re.IGNORECASE) == {"updates", "coverage"}
    assert required_phrases(r"all rights reserved\b.*") == {"all rights reserved"}


def test_a_choice_requires_one_phrase_of_each_alternative() -> None:
    assert required_phrases(r"(?:photo|image)s?\s*:") == {"photo", "image"}
    assert required_phrases(r"(?:photo|\w+)s?\s*:") == {":"}  # "\w+" has no phrase


def test_optional_and_negated_parts_require_nothing() -> None:
    assert required_phrases(r"(?:advert)?\W*") is None
    assert required_phrases(r"(?!sponsored)\w{1,9}") is None
    assert required_phrases(r"(?:ad|)x?") is None
    assert required_phrases(r"(?:ad){2}") == {"ad"}


def test_a_lookahead_requires_what_it_looks_for() -> None:
    assert required_phrases(r"(?=.*\bcookies?\b).{0,300}") == {"cookie"}


def test_case_folding_inside_only_where_the_pattern_folds() -> None:
    assert required_phrases("(?i:advert) x") == {" x"}  # the folded group is not used
    assert required_phrases("(?-i:AP) wire", re.IGNORECASE) == {" wire"}
    assert required_phrases("(?-i:AP wire)", re.IGNORECASE) == {"AP wire"}  # folded: wider


def test_phrases_starting_alike_share_their_start() -> None:
    found = prefilter([re.compile("directo"), re.compile("direct|diretta|foto")])
    assert found is not None
    assert found.pattern == "(?:dire(?:ct(?:o)?|tta)|foto)"
    assert [bool(found.search(text)) for text in ("en directo", "in diretta", "dire")] == [
        True, True, False]


def test_the_prefilter_folds_case_as_the_patterns_do() -> None:
    patterns = [re.compile("straße", re.IGNORECASE), re.compile(r"\bkelvin\b", re.IGNORECASE)]
    found = prefilter(patterns)
    assert found is not None
    for text in ("STRAẞE", "5 \u212aELVIN"):  # capital sharp s; the Kelvin sign folds to k
        assert any(p.search(text) for p in patterns)
        assert found.search(text)


def test_no_prefilter_when_a_pattern_requires_nothing_or_flags_differ() -> None:
    assert prefilter([re.compile("abc"), re.compile(r"\w+")]) is None
    assert prefilter([re.compile("abc"), re.compile("def", re.IGNORECASE)]) is None


# One line each strip_fragment pattern cuts something from, as rules.toml orders them.
STRIPPED = [
    "Talks resume on Monday. Follow FRANCE 24's live updates.",
    "Die Lage bleibt angespannt. Verfolgen Sie alle Entwicklungen in unserem Liveblog.",
    "El Gobierno se reúne hoy. Sigue toda la información en nuestro directo.",
    "Les négociations reprennent lundi. Suivez notre direct.",
    "Il governo si riunisce oggi. Segui la diretta.",
    "O governo reúne-se hoje. Acompanhe ao vivo.",
    "Het kabinet vergadert vandaag. Volg ons liveblog.",
    "Der Kanzler am Montag in Berlin. Foto: © dpa",
    "Smoke over the port on February 4, 2022. Satellite image ©2022 Maxar Technologies",
]


def test_every_fragment_pattern_is_tried_on_the_lines_it_cuts() -> None:
    patterns = [p for group in load_rules().strip_fragment.values() for p in group]
    found = prefilter(patterns)
    assert found is not None
    assert len(STRIPPED) == len(patterns)
    for line, pattern in zip(STRIPPED, patterns, strict=True):
        assert pattern.search(line), pattern.pattern
        assert found.search(line), line


@pytest.mark.parametrize("line", [
    *STRIPPED,
    "Moscow says the talks will resume next week.",
    "  Spaces around a line of prose.  ",
    "A caption (c) AP",
])
def test_stripping_is_what_the_patterns_alone_give(line: str) -> None:
    rules = load_rules()
    expected = line
    for group in rules.strip_fragment.values():
        for pattern in group:
            expected = pattern.sub("", expected)
    assert rules.strip_fragments(line) == expected.strip()
