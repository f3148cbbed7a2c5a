"""The learned line model: is a line of a page part of its article body?

A page copied as text keeps no markup, so each line is described by what survives that loss:
its own shape (length, sentence end, case, punctuation and function-word share, links, e-mail
addresses and phone numbers, which boilerplate rule class matches it, how like the headline it
is), the shape of the lines around it (runs of short lines are menus and link lists) and the
page's (how much of it the rules call furniture). Models trained by bench/train_line_model.py
on the development pages give each line a probability.

Two stacked stages and a page stage (see LineModel): a logistic regression first, then
gradient-boosted trees (trained with LightGBM) that see the first stage's verdicts around each
line. The model is a JSON file of feature names, coefficients and tree arrays, evaluated here
with numpy: it loads without unpickling anything, needs neither scikit-learn nor LightGBM at
run time (no OpenMP runtime in every worker process), and is read once per process.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Literal, Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict

from newsflow.clean.classify import lowercase_share
from newsflow.clean.rules import Rules, load_rules
from newsflow.datafile import parse_json

MODEL_FILE = "line_model.json"

_NEIGHBOUR_FEATURES = ("words", "sentence", "rule", "lowercase")
# Rows the trees are walked over at once (TreeStage.probabilities).
BLOCK_ROWS = 1024


@dataclass(frozen=True)
class Stage:
    """One logistic regression: standardise the columns, weigh them, squash to a probability."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        z = ((rows - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_dict(self) -> dict[str, object]:
        return {
            "intercept": round(self.intercept, 6),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef],
        }

    @classmethod
    def from_file(cls, raw: RegressionFile) -> Stage:
        return cls(mean=np.array(raw.mean, dtype=float), scale=np.array(raw.scale, dtype=float),
                   coef=np.array(raw.coef, dtype=float), intercept=raw.intercept)


@dataclass(frozen=True)
class TreeStage:
    """Gradient-boosted decision trees, flattened into arrays: node i splits on feature[i]
    (rows with a value <= threshold[i] go to left[i], the others to right[i]); a leaf has
    feature -1 and adds value[i] to the score; roots[t] is tree t's first node. The
    probability is the logistic of the summed leaves, as LightGBM's binary objective gives."""

    roots: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray

    @cached_property
    def _walk(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """Arrays for walking all trees at once: every leaf made a node that leads to itself,
        children interleaved (node i goes to children[2i] on the right, children[2i + 1] on
        the left), and the trees' depth: that many steps from the roots reach every leaf."""
        leaf = self.feature < 0
        index = np.arange(len(self.feature))
        children = np.empty(2 * len(index), dtype=np.intp)
        children[0::2] = np.where(leaf, index, self.right)
        children[1::2] = np.where(leaf, index, self.left)
        depth, frontier = 0, self.roots
        while (inner := frontier[self.feature[frontier] >= 0]).size:
            frontier, depth = np.concatenate([self.left[inner], self.right[inner]]), depth + 1
        return np.where(leaf, 0, self.feature), np.where(leaf, np.inf, self.threshold), \
            children, depth

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """Walked BLOCK_ROWS rows at a time: the walk holds a few arrays of rows x trees
        elements, about 12 KB a line with 300 trees, which would make a page's peak memory
        grow with its length (200,000 lines took 2.3 GB) instead of staying a few MB."""
        scores = np.concatenate([self._scores(rows[start:start + BLOCK_ROWS])
                                 for start in range(0, len(rows), BLOCK_ROWS)] or [np.zeros(0)])
        return 1.0 / (1.0 + np.exp(-scores))

    def _scores(self, rows: np.ndarray) -> np.ndarray:
        """The summed leaves of every tree for each row."""
        feature, threshold, children, depth = self._walk
        count, columns = rows.shape
        trees = len(self.roots)
        values = np.ascontiguousarray(rows, dtype=float).ravel()
        nodes = np.tile(self.roots.astype(np.intp), count)  # row-major: row r, tree t
        row_start = np.repeat(np.arange(count, dtype=np.intp) * columns, trees)
        for _ in range(depth):
            goes_left = values[row_start + feature[nodes]] <= threshold[nodes]
            nodes = children[2 * nodes + goes_left]
        return self.value[nodes].reshape(count, trees).sum(axis=1)

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": "trees",
            "roots": self.roots.tolist(),
            "feature": self.feature.tolist(),
            "threshold": self.threshold.tolist(),
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": self.value.tolist(),
        }

    @classmethod
    def from_file(cls, raw: TreesFile) -> TreeStage:
        ints = {name: np.array(getattr(raw, name), dtype=np.int32)
                for name in ("roots", "feature", "left", "right")}
        return cls(threshold=np.array(raw.threshold, dtype=float),
                   value=np.array(raw.value, dtype=float), **ints)


class LineStage(Protocol):
    def probabilities(self, rows: np.ndarray) -> np.ndarray: ...

    def to_dict(self) -> dict[str, object]: ...


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RegressionFile(_File):
    """A logistic regression as the model file holds it (Stage.to_dict)."""

    intercept: float
    mean: list[float]
    scale: list[float]
    coef: list[float]


class TreesFile(_File):
    """Gradient-boosted trees as the model file holds them (TreeStage.to_dict)."""

    kind: Literal["trees"]
    roots: list[int]
    feature: list[int]
    threshold: list[float]
    left: list[int]
    right: list[int]
    value: list[float]


class LineModelFile(_File):
    """line_model.json: a key misspelt, missing or of the wrong type fails the load, naming
    it."""

    version: str
    threshold: float
    features: tuple[str, ...]
    first: TreesFile | RegressionFile
    second: TreesFile | RegressionFile
    page: RegressionFile
    page_threshold: float


def stage_from_file(raw: TreesFile | RegressionFile) -> LineStage:
    """A stage read back from the model file: trees when marked so, else a regression."""
    return TreeStage.from_file(raw) if isinstance(raw, TreesFile) else Stage.from_file(raw)


@dataclass(frozen=True)
class LineModel:
    """Two stacked stages: a logistic regression, then gradient-boosted trees.

    The first judges each line on its own features and its neighbours' shapes; the second adds
    what the first said about the lines around it and about the whole page (context_columns), so
    a short line inside a run of body lines is kept and a page the first stage finds all body
    (already clean text) is kept whole.
    """

    version: str
    features: tuple[str, ...]
    first: LineStage
    second: LineStage
    threshold: float
    page: Stage  # is the whole text already clean (no page furniture to remove)?
    page_threshold: float

    def probabilities(self, rows: np.ndarray, words: np.ndarray) -> np.ndarray:
        """Probability that each row's line is article body; `words` counts each line's words."""
        return stacked_probabilities(self.first, self.second, rows, words)

    def to_json(self) -> str:
        """One top-level key a line: the tree arrays stay compact, the rest readable."""
        fields = {
            "version": self.version,
            "threshold": self.threshold,
            "features": list(self.features),
            "first": self.first.to_dict(),
            "second": self.second.to_dict(),
            "page": self.page.to_dict(),
            "page_threshold": self.page_threshold,
        }
        lines = (f"{json.dumps(key)}: {json.dumps(value, separators=(',', ':'))}"
                 for key, value in fields.items())
        return "{\n" + ",\n".join(lines) + "\n}"

    @classmethod
    def from_json(cls, text: str) -> LineModel:
        raw = parse_json(LineModelFile, MODEL_FILE, text)
        return cls(version=raw.version, features=raw.features, first=stage_from_file(raw.first),
                   second=stage_from_file(raw.second), threshold=raw.threshold,
                   page=Stage.from_file(raw.page), page_threshold=raw.page_threshold)


    def already_clean(self, rows: np.ndarray, line_probabilities: np.ndarray,
                      words: np.ndarray) -> bool:
        """Whether the text as a whole reads as an article body with nothing around it."""
        if rows.size == 0:
            return False
        summary = page_columns(rows, self.features, line_probabilities, words, self.threshold)
        return bool(self.page.probabilities(summary[None, :])[0] >= self.page_threshold)


PAGE_NAMES = (
    "rule_lines", "rule_share", "body_share", "p_mean", "p_min_long", "lines", "short_share",
    "sentence_share", "label_share", "contact_share",
)


def page_columns(rows: np.ndarray, names: tuple[str, ...], line_probabilities: np.ndarray,
                 words: np.ndarray, threshold: float) -> np.ndarray:
    """One row describing a whole text for the page stage (columns PAGE_NAMES)."""
    column = {name: rows[:, i] for i, name in enumerate(names)}
    furniture = column["rule"] * (1 - column.get("rule_residue", 0.0))
    total = max(float(words.sum()), 1.0)
    long_lines = line_probabilities[words >= 8]
    label = (column["short"] > 0) & (column["lowercase"] < 0.5)
    contact = np.maximum.reduce([column["url"], column["email"], column["phone"]])
    return np.array([
        np.log1p(furniture.sum()),
        furniture.mean(),
        float(words[line_probabilities >= threshold].sum()) / total,
        float(line_probabilities.mean()),
        float(long_lines.min()) if long_lines.size else 1.0,
        np.log1p(len(rows)),
        float(column["short"].mean()),
        float(column["sentence"].mean()),
        float(label.mean()),
        float(contact.mean()),
    ])


def stacked_probabilities(
    first: LineStage, second: LineStage, rows: np.ndarray, words: np.ndarray
) -> np.ndarray:
    """The second stage's probabilities over the rows and the first stage's context."""
    if rows.size == 0:
        return np.zeros(0)
    context = context_columns(first.probabilities(rows), words)
    return second.probabilities(np.hstack([rows, context]))


CONTEXT_NAMES = (
    "p", "p_mean_1", "p_mean_3", "p_mean_8", "p_max_before", "p_max_after", "p_between",
    "page_body_share", "page_p_mean",
)


def context_columns(first: np.ndarray, words: np.ndarray) -> np.ndarray:
    """What the first stage said around each line: window means, the best line above and
    below, and the share of the page's words it calls body."""
    n = len(first)
    index = np.arange(n)
    sums = np.concatenate([[0.0], np.cumsum(first)])

    def window_mean(span: int) -> np.ndarray:
        low, high = np.maximum(index - span, 0), np.minimum(index + span + 1, n)
        return (sums[high] - sums[low]) / (high - low)

    padded = np.concatenate([np.zeros(3), first, np.zeros(3)])
    before = np.max([padded[3 - k : 3 - k + n] for k in (1, 2, 3)], axis=0)
    after = np.max([padded[3 + k : 3 + k + n] for k in (1, 2, 3)], axis=0)
    total = max(float(words.sum()), 1.0)
    page = [float(words[first >= 0.5].sum()) / total, float(first.mean())]
    return np.column_stack([
        first, window_mean(1), window_mean(3), window_mean(8), before, after,
        np.minimum(before, after), np.tile(page, (n, 1)),
    ])


@cache
def load_line_model() -> LineModel:
    """The packaged model; cached, so each worker process parses it once."""
    text = resources.files(__package__).joinpath(MODEL_FILE).read_text("utf-8")
    model = LineModel.from_json(text)
    expected = feature_names(load_rules())
    if model.features != expected:
        raise ValueError(f"{MODEL_FILE} was trained on other features: retrain it")
    return model


def _own_names(rules: Rules) -> list[str]:
    names = [
        "words", "chars", "sentence", "lowercase", "uppercase", "numeric", "punctuation",
        "stopwords", "commas", "url", "email", "phone", "list_item", "separators", "short",
        "rule", "fragment", "title_similarity", "before_title", "position",
        "title_distance", "repeated",
    ]
    return names + [f"rule_{name}" for name in rules.drop_classes]


def feature_names(rules: Rules) -> tuple[str, ...]:
    """Column names of line_features' rows, in order."""
    names = _own_names(rules)
    span = rules.line_model.context_lines
    for offset in [*range(-span, 0), *range(1, span + 1)]:
        names += [f"{name}@{offset:+d}" for name in _NEIGHBOUR_FEATURES]
    names += [
        "short_run", "prose_nearby", "words_before", "after_end_marker",
        "page_rule_share", "page_short_share", "page_lines", "page_sentence_share",
    ]
    return tuple(names)


def _own_features(
    line: str, title_words: set[str], rules: Rules
) -> tuple[list[float], int, bool, bool]:
    settings = rules.line_model
    words = rules.classifier.word.findall(line)
    count = len(words)
    characters = Counter(line)
    cased, upper, marks = _character_counts(characters)
    rule = rules.drop_class(line)
    folded = [w.casefold() for w in words]
    lowered = set(folded)
    sentence = bool(rules.classifier.sentence_end.search(line))
    row = [
        math.log1p(count),
        math.log1p(len(line)),
        float(sentence),
        lowercase_share(words, rules.classifier.min_cased_share),
        upper / cased if cased else 0.0,
        sum(w[0].isdigit() for w in words) / count if count else 0.0,
        marks / len(line),
        sum(w in settings.stopwords for w in folded) / count if count else 0.0,
        characters[","] / count if count else 0.0,
        float(bool(settings.url.search(line))),
        float(bool(settings.email.search(line))),
        float(bool(settings.phone.search(line))),
        float(bool(rules.classifier.list_marker.match(line))),
        float(sum(characters[c] for c in "|•·»")),
        float(count < settings.short_line_words),
        float(rule is not None),
        float(rule is None and rules.strip_fragments(line) != line),
        len(lowered & title_words) / len(lowered) if lowered else 0.0,
    ]
    row += [0.0, 0.0, 0.0, 0.0]  # before_title, position, title_distance, repeated: page-level
    row += [float(rule == name) for name in rules.drop_classes]
    return row, count, sentence, rule is not None


def _character_counts(characters: Counter[str]) -> tuple[int, int, int]:
    """How many of a line's characters are cased letters, upper-case ones among them, and
    neither letters, digits nor spaces (punctuation, symbols): each distinct character's kind
    times its count, rather than each character's in turn."""
    cased = upper = marks = 0
    for character, times in characters.items():
        is_cased, is_upper, is_mark = _character_kind(character)
        cased += is_cased * times
        upper += is_upper * times
        marks += is_mark * times
    return cased, upper, marks


@lru_cache(maxsize=1 << 12)
def _character_kind(character: str) -> tuple[bool, bool, bool]:
    """Cased letter, upper-case cased letter, neither alphanumeric nor a space."""
    cased = character.isalpha() and character.lower() != character.upper()
    return cased, cased and character.isupper(), not (character.isalnum() or character.isspace())


def line_features(
    lines: list[str], title: str | None, title_index: int | None, rules: Rules
) -> np.ndarray:
    """One row of features per line (columns as feature_names)."""
    settings = rules.line_model
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(feature_names(rules))))
    title_words = {w.casefold() for w in rules.classifier.word.findall(title or "")}
    own, counts, sentences, ruled = [], [], [], []
    for line in lines:
        row, count, sentence, rule = _own_features(line, title_words, rules)
        own.append(row)
        counts.append(count)
        sentences.append(sentence)
        ruled.append(rule)
    names = _own_names(rules)
    base = np.array(own, dtype=float)
    seen: dict[str, int] = {}
    for line in lines:
        seen[line.casefold()] = seen.get(line.casefold(), 0) + 1
    anchor = title_index if title_index is not None else 0
    index = np.arange(n)
    base[:, names.index("before_title")] = (index < anchor).astype(float)
    base[:, names.index("position")] = index / max(n - 1, 1)
    base[:, names.index("title_distance")] = np.log1p(np.abs(index - anchor))
    base[:, names.index("repeated")] = [float(seen[line.casefold()] > 1) for line in lines]

    neighbour_columns = [names.index(name) for name in _NEIGHBOUR_FEATURES]
    span = settings.context_lines
    padded = np.vstack([np.zeros((span, base.shape[1])), base, np.zeros((span, base.shape[1]))])
    context = [
        padded[span + offset : span + offset + n][:, neighbour_columns]
        for offset in [*range(-span, 0), *range(1, span + 1)]
    ]

    short = [c < settings.short_line_words for c in counts]
    runs = _run_lengths(short)
    prose = np.array([c if s else 0 for c, s in zip(counts, sentences, strict=True)], float)
    sums = np.concatenate([[0.0], np.cumsum(prose)])
    window = sums[np.minimum(index + 4, n)] - sums[np.maximum(index - 3, 0)]
    total = max(sum(counts), 1)
    before = np.cumsum([0, *counts[:-1]]) / total
    end = rules.article_end(lines, prose)
    ended = (index > end).astype(float) if end is not None else np.zeros(n)
    page = [
        sum(ruled) / n,
        sum(short) / n,
        math.log1p(n),
        sum(sentences) / n,
    ]
    extra = np.column_stack([
        np.log1p(runs),
        np.log1p(window),
        before,
        ended,
        np.tile(page, (n, 1)),
    ])
    return np.hstack([base, *context, extra])


def _run_lengths(flags: list[bool]) -> list[int]:
    """For every line, the length of the run of flagged lines it is in (0 when not flagged)."""
    runs = [0] * len(flags)
    start = 0
    while start < len(flags):
        end = start
        while end < len(flags) and flags[end] == flags[start]:
            end += 1
        if flags[start]:
            runs[start:end] = [end - start] * (end - start)
        start = end
    return runs

