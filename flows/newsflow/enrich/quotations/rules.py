"""quotations.toml, read once per process: validated as a typed model (a key misspelt or missing
fails here in one line naming it) and compiled into the patterns finding.py runs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from pydantic import BaseModel, ConfigDict

from newsflow.datafile import packaged_toml, parse_toml

QUOTATIONS_FILE = "quotations.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Marks(_Section):
    pairs: list[tuple[str, list[str]]]  # each opening mark with the marks that may close it


class Direct(_Section):
    min_words_without_cue: int
    speaker_goes_on: int  # paragraphs after a speaker's quotation that still speak for it
    join_within_words: int  # words between two pieces of one quotation
    join_after_attribution_words: int  # the same after the first piece's attribution
    head_cue_within_words: int  # words between a cue before a quotation and its opening mark


class Windows(_Section):
    """How far the speaker rules look, in words (quotations.toml [windows])."""

    role_words: int
    tail_role_words: int
    tail_title_words: int
    tail_rest_words: int
    opening_phrase_words: int
    adverb_min_letters: int
    min_reported_words: int
    speaker_before_chars: int
    appositive_chars: int
    max_sentence_chars: int
    headline_words: int


class Parsing(_Section):
    languages: list[str]  # whose sentences with a cue the rules left open are parsed
    most_speaker_tokens: int
    verb_labels: frozenset[str]  # a cue word under one of these is a verb
    shared_subject_labels: frozenset[str]  # a verb whose subject is its head's
    clause_labels: frozenset[str]  # the clause a cue takes: the content
    complement_labels: frozenset[str]  # the content where the cue takes no clause
    name_labels: frozenset[str]  # the words naming a long subject's head
    cue_prepositions: frozenset[str]  # a preposition right after a cue is the cue's


class Sentences(_Section):
    abbreviations: list[str]


class LanguageWords(_Section):
    """One language's words, as quotations.toml [languages.<code>] writes them."""

    cues: list[str]
    learned_cues: list[str]
    unlearned_cues: list[str]
    source_after: list[str]
    pronouns: list[str]
    person_pronouns: list[str]
    speaker_links: list[str]
    not_speakers: list[str]
    determiners: list[str]
    connectives: list[str]
    complementisers: list[str]
    between: list[str]
    address_cues: list[str]
    circumstance_openers: list[str]
    anonymous_sources: list[str] = []
    anonymous_links: list[str] = []
    group_pronouns: list[str] = []
    relative_pronouns: list[str] = []
    roles: list[str] = []
    clause_joints: list[str] = []
    aside_relatives: list[str] = []
    subordinators: list[str] = []
    participle_links: list[str] = []
    headline_cues: list[str] = []


class Learning(_Section):
    """How bench/quotations.py learns the cue lists (the pipeline does not read this)."""

    min_count: int
    min_precision: float
    min_attribution_precision: float
    min_verb_share: float
    verb_share_sample: int
    not_cues: list[str]


class QuotationsFile(_Section):
    marks: Marks
    direct: Direct
    windows: Windows
    parsing: Parsing
    sentences: Sentences
    languages: dict[str, LanguageWords]
    learning: Learning


@dataclass(frozen=True)
class Language:
    written_cues: tuple[str, ...]  # reporting verbs, written as general knowledge
    learned_cues: tuple[str, ...]  # cue words learned from an attributed corpus
    unlearned_cues: tuple[str, ...]  # written cues that corpus shows to mislead
    cues: re.Pattern[str]  # the written ones less the unlearned, and the learned
    source_after: re.Pattern[str]
    pronouns: frozenset[str]
    determiners: frozenset[str]
    connectives: frozenset[str]
    complementisers: frozenset[str]
    person_pronouns: frozenset[str]
    not_speakers: frozenset[str]  # words of time that end no speaker's name
    speaker_links: frozenset[str]  # "a spokesman for the ministry": words inside one speaker
    between: frozenset[str]  # auxiliaries and adverbs between a speaker and the cue
    address_cues: frozenset[str]  # cues followed by whom they address ("told reporters")
    circumstance_openers: frozenset[str]  # "In an interview on Sunday, Trump said ..."
    anonymous_sources: frozenset[str]  # "officials", "a spokesperson": speakers left unnamed
    anonymous_links: frozenset[str]  # "officials on both sides": words inside such a speaker
    group_pronouns: frozenset[str]  # "they": the nearest body named before
    relative_pronouns: frozenset[str]  # "who": the name right before
    roles: frozenset[str]  # "the minister": the nearest person named before with that role
    clause_joints: frozenset[str]  # "A and Trump says B": a conjunction before another's speech
    aside_relatives: frozenset[str]  # "..., who has been battered by ...": the writer's aside
    subordinators: frozenset[str]  # "When X said A, B": the speech ends at the clause's comma
    participle_links: frozenset[str]  # "by saying": the participle's speaker is the subject
    headline_cues: frozenset[str]  # "Glenn Beck Blasts Drudge": cues as a headline capitalises them

    @classmethod
    def of(cls, words: LanguageWords) -> Language:
        return cls(
            written_cues=tuple(words.cues),
            learned_cues=tuple(words.learned_cues),
            unlearned_cues=tuple(words.unlearned_cues),
            cues=_cue_pattern(_cues(words.cues, words.learned_cues, words.unlearned_cues)),
            source_after=re.compile(rf"(?<![\w’'-])(?:{_alternation(words.source_after)})"
                                    rf"(?![\w’'-])", re.IGNORECASE),
            pronouns=frozenset(p.casefold() for p in words.pronouns),
            determiners=frozenset(d.casefold() for d in words.determiners),
            connectives=frozenset(c.casefold() for c in words.connectives),
            complementisers=frozenset(words.complementisers),
            person_pronouns=frozenset(words.person_pronouns),
            speaker_links=frozenset(words.speaker_links),
            not_speakers=frozenset(w.casefold() for w in words.not_speakers),
            between=frozenset(words.between),
            address_cues=frozenset(words.address_cues),
            circumstance_openers=frozenset(words.circumstance_openers),
            anonymous_sources=frozenset(w.casefold() for w in words.anonymous_sources),
            anonymous_links=frozenset(words.anonymous_links),
            group_pronouns=frozenset(words.group_pronouns),
            relative_pronouns=frozenset(words.relative_pronouns),
            roles=frozenset(w.casefold() for w in words.roles),
            clause_joints=frozenset(words.clause_joints),
            aside_relatives=frozenset(words.aside_relatives),
            subordinators=frozenset(words.subordinators),
            participle_links=frozenset(words.participle_links),
            headline_cues=frozenset(words.headline_cues),
        )


@dataclass(frozen=True)
class QuoteRules:
    opening_marks: re.Pattern[str]
    closing_marks: dict[str, re.Pattern[str]]  # by opening mark: the marks that close it
    direct: Direct
    windows: Windows
    parsing: Parsing
    abbreviations: frozenset[str]
    languages: dict[str, Language]

    def language(self, code: str | None) -> Language:
        return self.languages.get(code or "en", self.languages["en"])

    def with_learned_cues(self, code: str, learned: Sequence[str],
                          unlearned: Sequence[str] = ()) -> QuoteRules:
        """These rules with other learned cue lists for one language: bench/quotations.py
        learns them on some folds of a corpus and scores the others with them."""
        lang = self.languages[code]
        relearned = replace(lang, learned_cues=tuple(learned), unlearned_cues=tuple(unlearned),
                            cues=_cue_pattern(_cues(lang.written_cues, learned, unlearned)))
        return replace(self, languages={**self.languages, code: relearned})


def _alternation(phrases: Sequence[str]) -> str:
    """A pattern matching any of the phrases (the longest where several match; a space in one
    matches any white space), written as a trie: at each offset the engine follows one branch
    per letter instead of trying hundreds of words, which makes scanning for cues several
    times faster."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for token in re.findall(r"\s+|.", phrase, re.DOTALL):
            node = node.setdefault(r"\s+" if token.isspace() else re.escape(token), {})
        node[""] = {}  # a phrase ends here
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [token + _trie_pattern(child) for token, child in node.items() if token]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if "" not in node:
        return body
    return f"{body}?" if re.fullmatch(r"\\?.", body, re.DOTALL) else f"(?:{body})?"


def _cues(written: Sequence[str], learned: Sequence[str], unlearned: Sequence[str]
          ) -> list[str]:
    dropped = set(unlearned)
    return [*(c for c in written if c not in dropped), *learned]


def _cue_pattern(cues: Sequence[str]) -> re.Pattern[str]:
    # As written: a capitalised "States" or "Says" is a name's or a headline's.
    return re.compile(rf"(?<![\w’'-])(?:{_alternation(cues)})(?![\w’'-])")


def parse_quotations_file(text: str) -> QuotationsFile:
    """The file's text as its model; DataFileError names each key at fault, on one line."""
    return parse_toml(QuotationsFile, QUOTATIONS_FILE, text)


@cache
def quotations_file() -> QuotationsFile:
    """The packaged quotations.toml, validated."""
    return packaged_toml(QuotationsFile, __package__, QUOTATIONS_FILE)


def compile_rules(data: QuotationsFile) -> QuoteRules:
    marks = dict(data.marks.pairs)
    return QuoteRules(
        opening_marks=re.compile(_alternation(list(marks))),
        closing_marks={opening: re.compile(_alternation(closing))
                       for opening, closing in marks.items()},
        direct=data.direct,
        windows=data.windows,
        parsing=data.parsing,
        abbreviations=frozenset(data.sentences.abbreviations),
        languages={code: Language.of(words) for code, words in data.languages.items()},
    )


@cache
def quote_rules() -> QuoteRules:
    """quotations.toml, read and compiled once per process."""
    return compile_rules(quotations_file())
