"""The text path's line model, trained on the development pages (bench/train_line_model.py
writes it into the package; bench/extraction.py and the quality gate train one per fold).

Labels come from each page's ground truth, line by line:
- extraction pages (`ground-truth.json`): a line of four or more words is body when most of its
  word 4-grams are in the article body; a shorter line when its words occur in the body in that
  order and the nearest longer line is body (a subheading, a list item);
- snippet pages (`gold.json`): a line is body when it holds or is part of a `with` snippet,
  furniture when it holds or is part of a `without` snippet; other lines are left out;
- the article bodies of the extraction pages fed back as pages of their own, every line body:
  already clean text must come through whole.

The first stage is a logistic regression (scikit-learn); the second, which sees the first
stage's verdicts around each line, is gradient-boosted trees (LightGBM), written into the model
file as arrays that newsflow/clean/linemodel.py evaluates with numpy. Both libraries come with
the `test` extra and are imported by the functions that fit, so importing this module needs
neither.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsflow.clean.linemodel import (
    LineModel,
    Stage,
    TreeStage,
    context_columns,
    feature_names,
    line_features,
    page_columns,
    stacked_probabilities,
)
from newsflow.clean.rules import Rules, load_rules
from newsflow.clean.text import read_page

# Recorded with every article; a new number whenever the way of training changes (the data
# digest after it changes with the pages and labels).
MODEL_NAME = "line-lr-gbt-2"
TOKEN = re.compile(r"\w+")
SPACES = re.compile(r"\s+")
SHINGLE = 4
# Regularisation strength of the logistic regression (sklearn's C).
REGULARISATION = 1.0
# Each page's labelled lines together weigh this much, so long pages do not drown short ones.
PAGE_WEIGHT = 50.0
# The second stage's trees: small trees, many rounds, row and column sampling; one thread and a
# fixed seed, so the same pages always give the same model. A leaf also needs rows of some weight
# (min_sum_hessian_in_leaf), not only 40 of them: a leaf made of a few pages' lines is memory,
# not a rule (5-fold: extraction-dev 0.931 -> 0.932 on unseen pages, 2.1 -> 1.6 points below
# the training pages).
TREE_PARAMETERS = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 40,
    "min_sum_hessian_in_leaf": 10.0,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "num_threads": 1,
    "seed": 1,
    "verbose": -1,
}
TREE_ROUNDS = 300
# Folds inside the training pages that give the second stage honest first-stage probabilities.
INNER_FOLDS = 3
# A line is kept when the model's probability reaches this.
THRESHOLD = 0.5
# A text is taken as already clean when the page stage's probability reaches this: high, because
# a page copy taken for clean text keeps all its furniture.
PAGE_THRESHOLD = 0.8


@dataclass(frozen=True)
class TrainingPage:
    """One page's feature rows with a label per row (NaN: no label) and a weight per row."""

    corpus: str
    doc_id: str
    rows: np.ndarray
    labels: np.ndarray
    weights: np.ndarray
    words: np.ndarray


def fold_of(doc_id: str, folds: int) -> int:
    """A page's fold, fixed by its id so every run and every corpus split the same way."""
    return int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % folds


def read_extraction_truth(folder: Path) -> dict[str, str]:
    raw = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return {doc: entry["articleBody"] for doc, entry in raw.items()}


def read_snippet_gold(folder: Path) -> dict[str, dict[str, list[str]]]:
    return json.loads((folder / "gold.json").read_text(encoding="utf-8"))


def shingle_labels(lines: Sequence[str], body: str) -> list[float]:
    """1.0 for lines of the body, 0.0 for the rest (see the module docstring)."""
    tokens = TOKEN.findall(body)
    truth = {tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}
    joined = f" {' '.join(tokens)} "
    labels: list[float | None] = []
    for line in lines:
        words = TOKEN.findall(line)
        if len(words) >= SHINGLE:
            grams = [tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
            labels.append(float(sum(g in truth for g in grams) >= 0.5 * len(grams)))
        elif words and f" {' '.join(words)} " in joined:
            labels.append(None)  # decided by its neighbours below
        else:
            labels.append(0.0)
    resolved = []
    for index, label in enumerate(labels):
        if label is None:
            before = next((x for x in reversed(labels[:index]) if x is not None), 0.0)
            after = next((x for x in labels[index + 1 :] if x is not None), 0.0)
            label = float(before == 1.0 or after == 1.0)
        resolved.append(label)
    return resolved


def snippet_labels(lines: Sequence[str], gold: dict[str, list[str]]) -> list[float]:
    """1.0 / 0.0 for lines that overlap a `with` / `without` snippet, NaN for the others."""
    wanted = [SPACES.sub(" ", s).strip() for s in gold.get("with", []) if s.strip()]
    unwanted = [SPACES.sub(" ", s).strip() for s in gold.get("without", []) if s.strip()]

    def overlaps(line: str, snippets: list[str]) -> bool:
        return any(s in line or (len(line) >= 15 and line in s) for s in snippets)

    labels = []
    for line in lines:
        good, bad = overlaps(line, wanted), overlaps(line, unwanted)
        labels.append(1.0 if good and not bad else 0.0 if bad and not good else float("nan"))
    return labels


def weighted(rows: np.ndarray, labels: Sequence[float], lines: Sequence[str]) -> np.ndarray:
    """Row weights: square root of the words, scaled so a page's labelled rows sum to
    PAGE_WEIGHT."""
    raw = np.array([np.sqrt(len(TOKEN.findall(line)) + 1.0) for line in lines])
    raw[np.isnan(np.array(labels, dtype=float))] = 0.0
    total = raw.sum()
    return raw * (PAGE_WEIGHT / total) if total else raw


def training_page(corpus: str, doc_id: str, text: str, rules: Rules, labeler) -> TrainingPage:
    page = read_page(text, rules)
    rows = line_features(page.candidates, page.title, page.title_index, rules)
    labels = labeler(page.candidates)
    return TrainingPage(
        corpus, doc_id, rows, np.array(labels, dtype=float),
        weighted(rows, labels, page.candidates),
        np.array([rules.count_words(line) for line in page.candidates], dtype=float),
    )


def load_training_pages(extraction: Path, snippets: Path,
                        wanted: Callable[[str], bool] = lambda doc: True) -> list[TrainingPage]:
    """The development pages as training rows: extraction pages, their clean bodies, and the
    snippet pages; only the documents `wanted` says yes to (a held-out fold needs no rows)."""
    rules = load_rules()
    pages = []
    for doc, body in read_extraction_truth(extraction).items():
        if not wanted(doc):
            continue
        text = (extraction / "text" / f"{doc}.txt").read_text(encoding="utf-8")
        pages.append(training_page(
            "extraction", doc, text, rules, lambda lines, body=body: shingle_labels(lines, body)
        ))
        pages.append(training_page(
            "clean-body", doc, body, rules, lambda lines: [1.0] * len(lines)
        ))
    for doc, gold in read_snippet_gold(snippets).items():
        if not wanted(doc):
            continue
        text = (snippets / "text" / f"{doc}.txt").read_text(encoding="utf-8")
        pages.append(training_page(
            "snippets", doc, text, rules, lambda lines, gold=gold: snippet_labels(lines, gold)
        ))
    return pages


def data_version(pages: Iterable[TrainingPage]) -> str:
    """A short digest of the training rows and labels: which data a model was fitted on."""
    digest = hashlib.sha1()
    for page in sorted(pages, key=lambda p: (p.corpus, p.doc_id)):
        digest.update(f"{page.corpus}/{page.doc_id}".encode())
        digest.update(np.nan_to_num(page.labels, nan=-1).astype(np.int8).tobytes())
    return digest.hexdigest()[:10]


def fit_stage(rows: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> Stage:
    """A logistic regression over the labelled rows."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    labelled = ~np.isnan(labels)
    rows, labels, weights = rows[labelled], labels[labelled], weights[labelled]
    scaler = StandardScaler().fit(rows)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    classifier = LogisticRegression(C=REGULARISATION, max_iter=3000)
    classifier.fit((rows - scaler.mean_) / scale, labels, sample_weight=weights)
    return Stage(scaler.mean_, scale, classifier.coef_[0], float(classifier.intercept_[0]))


def fit_trees(rows: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> TreeStage:
    """Gradient-boosted trees over the labelled rows, flattened for the model file."""
    import lightgbm

    labelled = ~np.isnan(labels)
    booster = lightgbm.train(
        TREE_PARAMETERS,
        lightgbm.Dataset(rows[labelled], labels[labelled], weight=weights[labelled]),
        num_boost_round=TREE_ROUNDS,
    )
    stage = flatten_trees(booster.dump_model())
    gap = np.abs(stage.probabilities(rows) - booster.predict(rows)).max()
    if gap > 1e-6:
        raise RuntimeError(f"flattened trees disagree with LightGBM by {gap:g}")
    return stage


def flatten_trees(dump: dict) -> TreeStage:
    """LightGBM's JSON dump as TreeStage arrays (numeric `<=` splits only)."""
    feature, threshold, left, right, value, roots = [], [], [], [], [], []

    def add(node: dict) -> int:
        index = len(feature)
        for column in (feature, threshold, left, right, value):
            column.append(0)
        if "leaf_value" in node:
            feature[index], value[index] = -1, float(node["leaf_value"])
            return index
        if node["decision_type"] != "<=" or node["missing_type"] == "NaN":
            raise ValueError(f"unsupported split {node['decision_type']!r} "
                             f"(missing values: {node['missing_type']})")
        feature[index], threshold[index] = int(node["split_feature"]), float(node["threshold"])
        left[index] = add(node["left_child"])
        right[index] = add(node["right_child"])
        return index

    for tree in dump["tree_info"]:
        roots.append(add(tree["tree_structure"]))
    ints = {name: np.array(column, dtype=np.int32) for name, column in
            (("roots", roots), ("feature", feature), ("left", left), ("right", right))}
    return TreeStage(threshold=np.array(threshold, dtype=float),
                     value=np.array(value, dtype=float), **ints)


def _stack(pages: Sequence[TrainingPage], attribute: str) -> np.ndarray:
    arrays = [getattr(p, attribute) for p in pages]
    return np.vstack(arrays) if attribute == "rows" else np.concatenate(arrays)


def fit(pages: Sequence[TrainingPage], name: str = MODEL_NAME) -> LineModel:
    """Both stages. The second stage learns from first-stage probabilities the first stage
    gives pages it was not fitted on (inner folds), as it will on new pages."""
    first = fit_stage(*(_stack(pages, a) for a in ("rows", "labels", "weights")))
    inner: dict[int, Stage] = {}
    for k in range(INNER_FOLDS):
        rest = [p for p in pages if fold_of("inner:" + p.doc_id, INNER_FOLDS) != k]
        inner[k] = fit_stage(*(_stack(rest, a) for a in ("rows", "labels", "weights")))
    second_rows = [
        np.hstack([
            page.rows,
            context_columns(
                inner[fold_of("inner:" + page.doc_id, INNER_FOLDS)].probabilities(page.rows),
                page.words,
            ),
        ])
        for page in pages
        if len(page.rows)
    ]
    kept = [page for page in pages if len(page.rows)]
    second = fit_trees(
        np.vstack(second_rows), _stack(kept, "labels"), _stack(kept, "weights")
    )
    features = feature_names(load_rules())
    # The page stage learns from the line stages' outputs on pages they were not fitted on.
    summaries, clean = [], []
    for page in kept:
        stage = inner[fold_of("inner:" + page.doc_id, INNER_FOLDS)]
        probabilities = stacked_probabilities(stage, second, page.rows, page.words)
        summaries.append(page_columns(page.rows, features, probabilities, page.words, THRESHOLD))
        clean.append(float(page.corpus == "clean-body"))
    labels = np.array(clean)
    balance = np.where(labels == 1.0, (labels == 0).sum() / max(labels.sum(), 1), 1.0)
    page_stage = fit_stage(np.vstack(summaries), labels, balance)
    return LineModel(
        version=f"{name}.data-{data_version(pages)}",
        features=features,
        first=first,
        second=second,
        threshold=THRESHOLD,
        page=page_stage,
        page_threshold=PAGE_THRESHOLD,
    )
