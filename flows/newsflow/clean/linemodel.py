"""The learned line model: is a line of a page part of its article body?

A page copied as text keeps no markup, so each line is described by what survives that loss:
its own shape (length, sentence end, case, punctuation and function-word share, links, e-mail
addresses and phone numbers, which boilerplate rule class matches it, how like the headline it
is), the shape of the lines around it (runs of short lines are menus and link lists) and the
page's (how much of it the rules call furniture). A logistic regression over these features,
trained by bench/train_line_model.py on the development pages, gives each line a probability.

The model is a JSON file of feature names, scaling and coefficients: it loads without
unpickling anything and is read once per process.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from newsflow.clean.classify import _lowercase_share
from newsflow.clean.rules import Rules

MODEL_FILE = "line_model.json"

_NEIGHBOUR_FEATURES = ("words", "sentence", "rule", "lowercase")


@dataclass(frozen=True)
class LineModel:
    """A trained logistic regression over line_features' columns."""

    version: str
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """Probability that each row's line is article body."""
        if rows.size == 0:
            return np.zeros(0)
        z = ((rows - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": self.version,
                "threshold": self.threshold,
                "intercept": self.intercept,
                "features": list(self.features),
                "mean": [round(float(v), 6) for v in self.mean],
                "scale": [round(float(v), 6) for v in self.scale],
                "coef": [round(float(v), 6) for v in self.coef],
            },
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> LineModel:
        raw = json.loads(text)
        return cls(
            version=str(raw["version"]),
            features=tuple(raw["features"]),
            mean=np.array(raw["mean"], dtype=float),
            scale=np.array(raw["scale"], dtype=float),
            coef=np.array(raw["coef"], dtype=float),
            intercept=float(raw["intercept"]),
            threshold=float(raw["threshold"]),
        )


@cache
def load_line_model() -> LineModel:
    """The packaged model; cached, so each worker process parses it once."""
    text = resources.files(__package__).joinpath(MODEL_FILE).read_text("utf-8")
    model = LineModel.from_json(text)
    expected = feature_names(_rules_for_names())
    if model.features != expected:
        raise ValueError(f"{MODEL_FILE} was trained on other features: retrain it")
    return model


def _rules_for_names() -> Rules:
    from newsflow.clean.rules import load_rules

    return load_rules()


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
    letters = [c for c in line if c.isalpha()]
    cased = [c for c in letters if c.lower() != c.upper()]
    rule = rules.drop_class(line)
    lowered = {w.casefold() for w in words}
    sentence = bool(rules.classifier.sentence_end.search(line))
    row = [
        math.log1p(count),
        math.log1p(len(line)),
        float(sentence),
        _lowercase_share(words, rules.classifier.min_cased_share),
        sum(c.isupper() for c in cased) / len(cased) if cased else 0.0,
        sum(w[0].isdigit() for w in words) / count if count else 0.0,
        sum(not (c.isalnum() or c.isspace()) for c in line) / len(line),
        sum(w.casefold() in settings.stopwords for w in words) / count if count else 0.0,
        line.count(",") / count if count else 0.0,
        float(bool(settings.url.search(line))),
        float(bool(settings.email.search(line))),
        float(bool(settings.phone.search(line))),
        float(bool(rules.classifier.list_marker.match(line))),
        float(sum(line.count(c) for c in "|•·»")),
        float(count < settings.short_line_words),
        float(rule is not None),
        float(rule is None and rules.strip_fragments(line) != line),
        len(lowered & title_words) / len(lowered) if lowered else 0.0,
    ]
    row += [0.0, 0.0, 0.0, 0.0]  # before_title, position, title_distance, repeated: page-level
    row += [float(rule == name) for name in rules.drop_classes]
    return row, count, sentence, rule is not None


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
    ended = _after_end_marker(lines, counts, sentences, rules)
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


def _after_end_marker(
    lines: list[str], counts: list[int], sentences: list[bool], rules: Rules
) -> list[float]:
    """1.0 for lines after the first end marker (a comments header, a bio) that follows prose."""
    settings = rules.classifier
    prose_words = 0
    for index, line in enumerate(lines):
        prose_words += counts[index] if sentences[index] else 0
        if prose_words >= settings.end_marker_min_words and (
            rules.drop_class(line) in settings.end_marker_classes
        ):
            return [float(i > index) for i in range(len(lines))]
    return [0.0] * len(lines)
