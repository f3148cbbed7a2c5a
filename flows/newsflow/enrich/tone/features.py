"""What the tone model sees of a target in its sentence: named features, grouped in families.

A target is a character span of a sentence. Its own words are masked (`<t>`), so the model
learns how the sentence speaks about whoever stands there rather than who tends to be praised.
The families, each of which bench/tone.py can leave out to measure what it adds:

- `ngram`: the masked sentence's words and word pairs;
- `context`: the words of a window either side, marked by side, and the nearest one or two;
- `negation`: words in a negation's scope, marked, and whether a negation is near the target;
- `lexicon`: VADER's word valences (negated ones flipped), summed over the sentence, each side
  and the near window, and weighted by closeness to the target;
- `quote`: whether the target stands inside quotation marks, speaks (a speech verb next to it),
  or the sentence quotes anyone;
- `position`: where in the sentence the target stands, how long both are, pronoun targets;
- `embedding`: dense word vectors (word_vectors.npz: a sentence encoder's word-piece vectors,
  reduced), averaged over each side's window, the nearest words either side, the whole masked
  sentence and weighted by closeness: what words mean, where n-grams only know words seen in
  training. A vector of numbers (`target_vector`), not named features.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise

import numpy as np
from pydantic import BaseModel, ConfigDict, PositiveInt

from newsflow.datafile import packaged_toml

FAMILIES = ("ngram", "context", "negation", "lexicon", "quote", "position", "embedding")
# The families of named (sparse) features; `embedding` is a dense vector of its own.
NAMED_FAMILIES = FAMILIES[:-1]
VECTORS_FILE = "word_vectors.npz"
# The pooled windows of `target_vector`, in order: each side's window, the nearest words either
# side, the masked sentence, the sentence weighted by closeness to the target.
POOLS = ("left", "right", "left_near", "right_near", "sentence", "close")
TARGET = "<t>"
# VADER's damping of a negated word's valence.
NEGATED_VALENCE = -0.74
# VADER's valences run from -4 to 4.
VALENCE_RANGE = 4.0
# Distance bands of a polar word from the target: next to it, 2-3, 4-7 words off, further.
_BANDS = ("", "d1", "d3", "d3", "d7", "d7", "d7", "d7", "far")
_TOKEN = re.compile(r"[a-z0-9]+(?=n't)|n't|[a-z0-9]+(?:'[a-z]+)?|[^\w\s]")
Tokens = tuple[str, ...]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Windows(_Section):
    near: PositiveInt
    context: PositiveInt
    negation_scope: PositiveInt
    embedding_near: PositiveInt


class Words(_Section):
    negations: frozenset[str]
    speech: frozenset[str]
    pronouns: frozenset[str]
    clause_ends: frozenset[str]
    quote_marks: frozenset[str]


class Scope(_Section):
    languages: frozenset[str]
    labels: frozenset[str]


class ToneFile(_Section):
    """tone.toml: the word lists and window sizes the features use, and which mentions get a
    tone."""

    windows: Windows
    words: Words
    scope: Scope


@cache
def tone_file() -> ToneFile:
    return packaged_toml(ToneFile, __package__, "tone.toml")


@cache
def lexicon() -> dict[str, float]:
    """VADER's word valences (-4 to 4), read from the file its package ships."""
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(
        encoding="utf-8")
    valences: dict[str, float] = {}
    for line in text.splitlines():
        word, valence, *_ = line.split("\t")
        valences[word] = float(valence)
    return valences


@dataclass(frozen=True)
class WordVectors:
    """Word-piece vectors (a WordPiece vocabulary, "##" marking a piece inside a word)."""

    index: dict[str, int]
    vectors: np.ndarray  # one row per piece, float32

    @property
    def dims(self) -> int:
        return int(self.vectors.shape[1])

    def pieces(self, word: str) -> list[int]:
        """The word's pieces, longest match first (WordPiece); none if a part matches none."""
        found, start = [], 0
        while start < len(word):
            for end in range(len(word), start, -1):
                piece = word[start:end] if start == 0 else f"##{word[start:end]}"
                if piece in self.index:
                    found.append(self.index[piece])
                    start = end
                    break
            else:
                return []
        return found


@cache
def word_vectors() -> WordVectors:
    """The word-piece vectors shipped in the package, read once per process (no pickle)."""
    with resources.files(__package__).joinpath(VECTORS_FILE).open("rb") as data, np.load(
            data, allow_pickle=False) as table:
        pieces, vectors = table["pieces"], table["vectors"].astype(np.float32)
    if pieces.shape[0] != vectors.shape[0] or vectors.ndim != 2:
        raise ValueError(f"{VECTORS_FILE}: {pieces.shape[0]} pieces for {vectors.shape} vectors")
    return WordVectors({str(p): i for i, p in enumerate(pieces)}, vectors)


@lru_cache(maxsize=1 << 16)
def word_vector(word: str) -> np.ndarray | None:
    """A word's vector: the mean of its pieces' vectors (an apostrophe splits the word, as the
    encoder's tokenizer splits it); None for punctuation and words made of no known piece."""
    table = word_vectors()
    pieces = [i for part in word.split("'") for i in table.pieces(part)]
    return table.vectors[pieces].mean(axis=0) if pieces else None


def target_vector(sentence: str, start: int, end: int) -> np.ndarray:
    """The `embedding` family: word vectors averaged over each pool of POOLS, concatenated
    (zeros for a pool with no known word). The target's own words are left out."""
    windows = tone_file().windows
    left, _, right = sides(sentence, start, end)
    before, after = _known(left[::-1]), _known(right)
    if not before and not after:
        return np.zeros(len(POOLS) * word_vectors().dims, dtype=np.float32)
    # Columns: the known words left of the target, then right of it, nearest first; so each
    # side's window is a run of columns from its first.
    weights = np.zeros((len(POOLS), len(before) + len(after)), dtype=np.float32)
    for row, width in ((0, windows.context), (2, windows.embedding_near)):
        weights[row, :_within(before, width)] = 1.0
        weights[row + 1, len(before):len(before) + _within(after, width)] = 1.0
    weights[4] = 1.0
    weights[5] = 1.0 / np.array([d for d, _ in before] + [d for d, _ in after], dtype=np.float32)
    totals = weights.sum(axis=1, keepdims=True)
    weights /= np.where(totals > 0, totals, 1.0)
    return (weights @ np.array([v for _, v in before] + [v for _, v in after])).ravel()


def _known(words: Tokens) -> list[tuple[int, np.ndarray]]:
    """Each word with a vector: its distance from the target (1 right beside it), its vector."""
    return [(distance, vector) for distance, word in enumerate(words, 1)
            if (vector := word_vector(word)) is not None]


def _within(known: list[tuple[int, np.ndarray]], width: int) -> int:
    """How many of the known words (nearest first) are at most `width` words off."""
    return bisect_right(known, width, key=lambda found: found[0])


def tokens(text: str) -> list[str]:
    """Lower-cased word and punctuation tokens ("don't" -> "do", "n't")."""
    return _TOKEN.findall(text.lower().replace("’", "'"))


@lru_cache(maxsize=256)
def sides(sentence: str, start: int, end: int) -> tuple[Tokens, Tokens, Tokens]:
    """The tokens left of the target sentence[start:end], its own and those right of it; kept
    for the targets last scored, as the named features and the vector both read them."""
    return (tuple(tokens(sentence[:start])), tuple(tokens(sentence[start:end])),
            tuple(tokens(sentence[end:])))


def target_features(sentence: str, start: int, end: int,
                    families: Collection[str] = FAMILIES) -> dict[str, float]:
    """The features of the target sentence[start:end] (families: which to compute)."""
    config = tone_file()
    words, windows = config.words, config.windows
    left, target, right = sides(sentence, start, end)
    masked = [*left, TARGET, *right]
    at = len(left)  # the target's index in `masked`
    negated = _negated(masked, words.negations, words.clause_ends, windows.negation_scope)
    found: dict[str, float] = {}
    if "ngram" in families:
        found.update(dict.fromkeys((f"u:{w}" for w in masked), 1.0))
        found.update(dict.fromkeys((f"b:{a}_{b}" for a, b in pairwise(masked)), 1.0))
    if "context" in families:
        width = windows.context
        found.update(dict.fromkeys((f"l:{w}" for w in left[-width:]), 1.0))
        found.update(dict.fromkeys((f"r:{w}" for w in right[:width]), 1.0))
        found[f"l1:{left[-1] if left else '^'}"] = 1.0
        found[f"r1:{right[0] if right else '$'}"] = 1.0
        found[f"r2:{'_'.join(right[:2]) or '$'}"] = 1.0
        found[f"l2:{'_'.join(left[-2:]) or '^'}"] = 1.0
    if "negation" in families:
        found.update(dict.fromkeys((f"n:{masked[i]}" for i in negated), 1.0))
        near = masked[max(0, at - windows.near):at + windows.near + 1]
        if any(w in words.negations for w in near):
            found["neg:near"] = 1.0
        if any(w in words.negations for w in masked):
            found["neg:any"] = 1.0
    if "lexicon" in families:
        found.update(_lexicon_features(masked, at, negated, windows.near, words.clause_ends))
    if "quote" in families:
        found.update(_quote_features(sentence, start, end, masked, at, words))
    if "position" in families:
        found.update(_position_features(masked, at, target, words.pronouns))
    return found


def _negated(masked: list[str], negations: frozenset[str], clause_ends: frozenset[str],
             scope: int) -> set[int]:
    """Indexes of the words a negation word governs: up to `scope` words after it, stopping
    at a clause boundary."""
    inside: set[int] = set()
    for i, word in enumerate(masked):
        if word not in negations:
            continue
        for j in range(i + 1, min(len(masked), i + 1 + scope)):
            if masked[j] in clause_ends:
                break
            inside.add(j)
    return inside


def _lexicon_features(masked: list[str], at: int, negated: set[int], near: int,
                      clause_ends: frozenset[str]) -> dict[str, float]:
    """Valences summed by sign over the sentence, each side, the near window, the target's
    clause (between clause boundaries), distance bands per side, and weighted by closeness."""
    valences = lexicon()
    first, last = at, at
    while first > 0 and masked[first - 1] not in clause_ends:
        first -= 1
    while last < len(masked) - 1 and masked[last + 1] not in clause_ends:
        last += 1
    sums: dict[str, float] = {}

    def add(name: str, value: float) -> None:
        sums[name] = sums.get(name, 0.0) + value

    for i, word in enumerate(masked):
        valence = valences.get(word)
        if valence is None or i == at:
            continue
        valence /= VALENCE_RANGE
        if i in negated:
            valence *= NEGATED_VALENCE
        sign, size, distance = ("pos" if valence > 0 else "neg"), abs(valence), abs(i - at)
        side = "left" if i < at else "right"
        add(f"lex:{sign}", size)
        add(f"lex:{side}_{sign}", size)
        add(f"lex:close_{sign}", size / (1 + distance))
        add(f"lex:{side}_{_BANDS[min(distance, len(_BANDS) - 1)]}_{sign}", size)
        if distance <= near:
            add(f"lex:near_{sign}", size)
        if first <= i <= last:
            add(f"lex:clause_{sign}", size)
    return sums


def _quote_features(sentence: str, start: int, end: int, masked: list[str], at: int,
                    words: Words) -> dict[str, float]:
    found: dict[str, float] = {}
    marks_before = sum(sentence.count(m, 0, start) for m in words.quote_marks)
    marks_after = sum(sentence.count(m, end) for m in words.quote_marks)
    if marks_before or marks_after:
        found["q:sentence_quotes"] = 1.0
        if marks_before % 2 and marks_after:
            found["q:inside"] = 1.0
    after = masked[at + 1:at + 4]
    before = masked[max(0, at - 3):at]
    if any(w in words.speech for w in after):
        found["q:speaks"] = 1.0
    if any(w in words.speech for w in before) and "according" not in before:
        found["q:spoken_to_or_speaks"] = 1.0
    if "according" in before:
        found["q:according_to"] = 1.0
    return found


def _position_features(masked: list[str], at: int, target: Tokens,
                       pronouns: frozenset[str]) -> dict[str, float]:
    relative = at / max(1, len(masked) - 1)
    found = {f"p:fifth_{min(4, int(relative * 5))}": 1.0,
             f"p:target_words_{min(len(target), 4)}": 1.0,
             f"p:sentence_words_{min(len(masked) // 10, 5)}": 1.0}
    if at == 0:
        found["p:first"] = 1.0
    if len(target) == 1 and target[0] in pronouns:
        found["p:pronoun"] = 1.0
    return found
