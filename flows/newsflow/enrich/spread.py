"""Where a quotation travelled: the same words of the same speaker carried by several articles.

Quotations are compared only with those of the same speaker entity, on their words: case,
diacritics, quotation marks and every other mark are dropped (`normalised_words`). Two
quotations are the same one when (thresholds in spread.toml)
- their words are equal (`verbatim`: other quotation marks, other punctuation, other case),
- the shorter, of at least `min_fragment_words`, lies whole inside the other (`fragment`), or
- both have at least `min_edit_words` (and at most `max_edit_words`) and their word-level
  similarity reaches `min_edit_ratio` (`edited`: a word changed, dropped or added here and
  there).
An index per speaker (exact word sequences, and runs of `shingle_words` words) finds the few
candidates worth comparing, so a quotation is never compared with all the others.

Each quotation joins the cluster of its best match (verbatim before fragment before edited,
then the closest, then the lowest cluster id) among the published quotations and those placed
earlier in the run, or starts a cluster named after itself. Within a chunk, quotations are
placed oldest article first, so a cluster is named after its earliest quotation; a published
quotation keeps its cluster, and one of an article processed again is placed again.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import IntEnum
from functools import cache
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field, model_validator

from newsflow.datafile import packaged_toml
from newsflow.enrich.names import stable_id
from newsflow.enrich.stories import _age_order
from newsflow.records import Article

SPREAD_FILE = "spread.toml"
_WORD = re.compile(r"[^\W_]+")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MatchRules(_Section):
    min_words: int = Field(ge=1)
    min_fragment_words: int = Field(ge=1)
    min_edit_words: int = Field(ge=1)
    min_edit_ratio: float = Field(gt=0, le=1)
    max_edit_words: int = Field(ge=1)


class IndexRules(_Section):
    shingle_words: int = Field(ge=1)
    max_postings: int = Field(ge=1)
    max_candidates: int = Field(ge=1)


class SpreadRules(_Section):
    """spread.toml, validated."""

    match: MatchRules
    index: IndexRules

    @model_validator(mode="after")
    def _shingles_fit(self) -> SpreadRules:
        # A fragment or an edited quotation shorter than one run of words would have no
        # run to be found by.
        shortest = min(self.match.min_fragment_words, self.match.min_edit_words)
        if self.index.shingle_words > shortest:
            raise ValueError(f"index.shingle_words ({self.index.shingle_words}) exceeds the "
                             f"fewest words a fragment or an edited quotation has ({shortest})")
        return self


@cache
def spread_rules() -> SpreadRules:
    """The packaged spread.toml, validated."""
    return packaged_toml(SpreadRules, __package__, SPREAD_FILE)


class Match(IntEnum):
    """How a quotation joined its cluster; the lower, the better a match."""

    VERBATIM = 0
    FRAGMENT = 1
    EDITED = 2
    FIRST = 3  # it started the cluster

    @property
    def label(self) -> str:
        return self.name.lower()


class QuotationRow(Protocol):
    """What clustering reads of a quotations row (enrich.quotations.Quotation is one)."""

    @property
    def quote_id(self) -> str: ...
    @property
    def article_id(self) -> str: ...
    @property
    def content(self) -> str: ...
    @property
    def speaker_entity_id(self) -> str | None: ...
    @property
    def start_char(self) -> int: ...


@dataclass(frozen=True)
class ClusterMember:
    """One row of quote_clusters."""

    quote_id: str
    article_id: str
    quote_cluster_id: str
    match: str  # a Match label


@dataclass(frozen=True)
class KnownQuote:
    """A published quotation with a speaker entity, and its cluster."""

    quote_id: str
    article_id: str
    speaker_entity_id: str
    content: str
    quote_cluster_id: str


Words = tuple[str, ...]


def normalised_words(content: str) -> Words:
    """The words of `content`: case-folded, without diacritics, marks or punctuation."""
    decomposed = unicodedata.normalize("NFKD", content.casefold())
    return tuple(_WORD.findall("".join(c for c in decomposed if not unicodedata.combining(c))))


def compare(a: Words, b: Words, rules: MatchRules) -> tuple[Match, float] | None:
    """How `a` matches `b` and how closely (share of the longer's words for a fragment, the
    similarity ratio for an edit), or None when they are not the same quotation."""
    if min(len(a), len(b)) < rules.min_words:
        return None
    if a == b:
        return Match.VERBATIM, 1.0
    short, long = sorted((a, b), key=len)
    if len(short) >= rules.min_fragment_words and f" {' '.join(short)} " in f" {' '.join(long)} ":
        return Match.FRAGMENT, len(short) / len(long)
    if rules.min_edit_words <= len(short) and len(long) <= rules.max_edit_words:
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        if (matcher.real_quick_ratio() >= rules.min_edit_ratio
                and matcher.quick_ratio() >= rules.min_edit_ratio):
            ratio = matcher.ratio()
            if ratio >= rules.min_edit_ratio:
                return Match.EDITED, ratio
    return None


@dataclass(frozen=True)
class _Entry:
    article_id: str
    speaker: str
    words: Words
    runs: int  # how many runs of words it is indexed by
    cluster_id: str


# Reads the published quotations (with their clusters) of the given speaker entities.
PublishedQuotations = Callable[[Sequence[str]], Iterable[KnownQuote]]


class SpreadIndex:
    """The clustered quotations of the speakers met so far, indexed by their words.

    A speaker's published quotations are read (through `published`) when a chunk first quotes
    that speaker, so a run holds and reads only the quotations of the speakers it meets, never
    the whole warehouse's; the index grows with each chunk of the run.
    """

    def __init__(self, published: PublishedQuotations | None = None,
                 rules: SpreadRules | None = None) -> None:
        self.rules = rules or spread_rules()
        self._published = published
        self._speakers_read: set[str] = set()
        self._replaced: set[str] = set()  # published articles this run processes again
        self._entries: dict[str, _Entry] = {}
        self._by_article: defaultdict[str, list[str]] = defaultdict(list)
        # Per speaker: quote ids by their exact words, and by each run of words.
        self._exact: defaultdict[str, defaultdict[Words, set[str]]] = defaultdict(
            lambda: defaultdict(set))
        self._postings: defaultdict[str, defaultdict[Words, set[str]]] = defaultdict(
            lambda: defaultdict(set))

    def __len__(self) -> int:
        return len(self._entries)

    def _shingles(self, words: Words) -> set[Words]:
        n = self.rules.index.shingle_words
        return {words[i:i + n] for i in range(len(words) - n + 1)}

    def _add(self, quote_id: str, article_id: str, speaker: str, words: Words,
             cluster_id: str) -> None:
        if len(words) < self.rules.match.min_words:
            return  # never matched: nothing to find it by
        shingles = self._shingles(words)
        self._entries[quote_id] = _Entry(article_id, speaker, words, len(shingles), cluster_id)
        self._by_article[article_id].append(quote_id)
        self._exact[speaker][words].add(quote_id)
        for shingle in shingles:
            self._postings[speaker][shingle].add(quote_id)

    def read_speakers(self, speakers: Iterable[str]) -> None:
        """Add the published quotations of the speakers not read yet (but of no article this
        run processes again)."""
        unread = sorted(set(speakers) - self._speakers_read)
        self._speakers_read.update(unread)
        if not unread or self._published is None:
            return
        for quote in self._published(unread):
            if quote.article_id not in self._replaced and quote.quote_id not in self._entries:
                self._add(quote.quote_id, quote.article_id, quote.speaker_entity_id,
                          normalised_words(quote.content), quote.quote_cluster_id)

    def forget(self, article_ids: Iterable[str]) -> None:
        """Drop the quotations of these articles (published ones processed again), and never
        read them again."""
        for article_id in article_ids:
            self._replaced.add(article_id)
            for quote_id in self._by_article.pop(article_id, ()):
                entry = self._entries.pop(quote_id)
                self._exact[entry.speaker][entry.words].discard(quote_id)
                for shingle in self._shingles(entry.words):
                    self._postings[entry.speaker][shingle].discard(quote_id)

    def _candidates(self, speaker: str, words: Words) -> list[str]:
        """The speaker's quotations with the same words, then those sharing most runs of
        words relative to the shorter one's runs (at most `max_candidates`)."""
        same = sorted(self._exact[speaker].get(words, ()))
        postings = self._postings[speaker]
        shingles = self._shingles(words)
        shared: Counter[str] = Counter()
        for shingle in shingles:
            holders = postings.get(shingle, ())
            if len(holders) <= self.rules.index.max_postings:
                shared.update(holders)

        def overlap(quote_id: str) -> tuple[float, str]:
            fewest = min(len(shingles), self._entries[quote_id].runs) or 1
            return -shared[quote_id] / fewest, quote_id

        ranked = sorted((q for q in shared if q not in same), key=overlap)
        return same + ranked[:self.rules.index.max_candidates]

    def best_match(self, speaker: str, words: Words) -> tuple[Match, str] | None:
        """The kind of match and the cluster of the best match for these words, if any."""
        scored = []
        for quote_id in self._candidates(speaker, words):
            entry = self._entries[quote_id]
            found = compare(words, entry.words, self.rules.match)
            if found is not None:
                kind, closeness = found
                scored.append((kind, -closeness, entry.cluster_id))
        if not scored:
            return None
        kind, _, cluster_id = min(scored)
        return kind, cluster_id

    def assign(self, articles: Sequence[Article], quotations: Sequence[QuotationRow]
               ) -> list[ClusterMember]:
        """The cluster of each quotation of these articles that has a speaker entity (oldest
        article first)."""
        age = {article.article_id: _age_order(article) for article in articles}
        spoken = sorted(((q, q.speaker_entity_id) for q in quotations
                         if q.speaker_entity_id is not None and q.article_id in age),
                        key=lambda pair: (age[pair[0].article_id], pair[0].start_char,
                                          pair[0].quote_id))
        self.read_speakers(speaker for _, speaker in spoken)
        self.forget(age)
        members = []
        for quote, speaker in spoken:
            words = normalised_words(quote.content)
            found = self.best_match(speaker, words)
            kind, cluster_id = found or (Match.FIRST, stable_id("quote_cluster", quote.quote_id))
            self._add(quote.quote_id, quote.article_id, speaker, words, cluster_id)
            members.append(ClusterMember(quote.quote_id, quote.article_id, cluster_id,
                                         kind.label))
        return members
