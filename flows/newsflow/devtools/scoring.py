"""Scores of the cleaning stage on the development pages, and the quality gate's figures.

Two metrics: word 4-gram ("shingle") precision and recall averaged over pages, F1 from the two
averages (the extraction benchmark's published metric), and trafilatura's snippet metric. The
line model is trained on those pages, so every figure that counts comes from a model trained
without the pages it scores (`Models.held_out`, `gate_figures`).
"""

from __future__ import annotations

import gzip
import statistics
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from newsflow.clean import CleaningError
from newsflow.clean.html import clean_html
from newsflow.clean.linemodel import LineModel
from newsflow.clean.text import clean_text
from newsflow.devtools.linetraining import (
    SHINGLE,
    SPACES,
    TOKEN,
    TrainingPage,
    fit,
    fold_of,
    load_training_pages,
    read_extraction_truth,
    read_snippet_gold,
)

Cleaner = Callable[[str, str, LineModel], str]


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    per_doc: dict[str, float]  # a page's own F1, to list the worst ones


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def shingle_score(truth: Mapping[str, str], predictions: Mapping[str, str]) -> Score:
    """Per page TP/FP/FN over 4-gram multisets normalised to sum 1; P and R from the averages."""
    counts, per_doc = [], {}
    for doc, body in truth.items():
        true, pred = shingles(body), shingles(predictions.get(doc, ""))
        tp, fp, fn = (sum(c.values()) for c in (true & pred, pred - true, true - pred))
        total = tp + fp + fn or 1
        counts.append((tp / total, fp / total, fn / total))
        per_doc[doc] = _f1(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)
    tp, fp, fn = (statistics.mean(column) for column in zip(*counts, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return Score(precision, recall, _f1(precision, recall), per_doc)


def snippet_score(gold: Mapping[str, dict], predictions: Mapping[str, str]) -> Score:
    """trafilatura's evaluation: snippets matched with whitespace collapsed on both sides."""
    tp = fp = fn = 0
    per_doc = {}
    for doc, entry in gold.items():
        text = SPACES.sub(" ", predictions.get(doc, ""))
        found = [SPACES.sub(" ", s).strip() in text for s in entry["with"]]
        leaked = [SPACES.sub(" ", s).strip() in text for s in entry["without"]]
        tp, fn, fp = tp + sum(found), fn + found.count(False), fp + sum(leaked)
        doc_p = sum(found) / (sum(found) + sum(leaked)) if sum(found) + sum(leaked) else 0.0
        per_doc[doc] = _f1(doc_p, sum(found) / len(found) if found else 0.0)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return Score(precision, recall, _f1(precision, recall), per_doc)


def read_html(path: Path) -> str:
    """A saved page decoded as ingest decodes: UTF-8, else the charset detector's best guess."""
    with gzip.open(path) as fh:
        raw = fh.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(raw).best()
        return str(best) if best is not None else raw.decode("cp1252", errors="replace")


def read_inputs(folder: Path, ids: list[str]) -> dict[str, dict[str, str]]:
    return {
        "text": {d: (folder / "text" / f"{d}.txt").read_text(encoding="utf-8") for d in ids},
        "html": {d: read_html(folder / "html" / f"{d}.html.gz") for d in ids},
    }


def newsflow_text(content: str, source: str, model: LineModel) -> str:
    try:
        return clean_text(content, source, model).text
    except CleaningError:
        return ""


def newsflow_html(content: str, source: str, model: LineModel) -> str:
    try:
        return clean_html(content, source, model).text
    except CleaningError:
        return ""


CLEANERS: dict[str, Cleaner] = {"text": newsflow_text, "html": newsflow_html}


@dataclass(frozen=True)
class Models:
    """One model per fold (trained without it) and one trained on every page."""

    folds: int
    by_fold: list[LineModel]
    everything: LineModel

    def held_out(self, doc_id: str) -> LineModel:
        return self.by_fold[fold_of(doc_id, self.folds)]


def train_models(pages: list[TrainingPage], folds: int) -> Models:
    by_fold = [fit([p for p in pages if fold_of(p.doc_id, folds) != k]) for k in range(folds)]
    return Models(folds, by_fold, fit(pages))


def words_kept(source: str, cleaned: str) -> tuple[int, int]:
    """Words of the source that come back in the cleaned text (as a multiset), and all."""
    before, after = Counter(TOKEN.findall(source)), Counter(TOKEN.findall(cleaned))
    return sum((before & after).values()), sum(before.values())


def clean_whole(content: str, source: str, model: LineModel) -> str:
    try:
        article = clean_text(content, source, model)
    except CleaningError:
        return ""
    return f"{article.title or ''}\n{article.text}"


def gate_figures(eval_dir: Path, folds: int, fold: int) -> dict[str, float]:
    """The quality gate's figures: a model trained outside one fold scores that fold.

    Keys: `<corpus>_<input>_f1` for extraction (shingle) and snippets (snippet metric) on the
    text and HTML paths, `html_empty_pages`, and `clean_words_kept` (entities-dev articles and
    the held-out extraction bodies fed as input, pooled).
    """
    extraction, snippets = eval_dir / "extraction-dev", eval_dir / "cleaning-trafilatura-dev"
    model = fit(load_training_pages(extraction, snippets,
                                    wanted=lambda doc: fold_of(doc, folds) != fold))
    truth = read_extraction_truth(extraction)
    gold = read_snippet_gold(snippets)
    figures: dict[str, float] = {"html_empty_pages": 0}
    for corpus, folder, reference, scorer in (
        ("extraction", extraction, truth, shingle_score),
        ("snippets", snippets, gold, snippet_score),
    ):
        ids = [doc for doc in reference if fold_of(doc, folds) == fold]
        inputs = read_inputs(folder, ids)
        held_out = {doc: reference[doc] for doc in ids}
        for kind, cleaner in CLEANERS.items():
            predictions = {doc: cleaner(inputs[kind][doc], doc, model) for doc in ids}
            figures[f"{corpus}_{kind}_f1"] = scorer(held_out, predictions).f1
            if kind == "html":
                empty = sum(not text.strip() for text in predictions.values())
                figures["html_empty_pages"] += empty
    kept = total = 0
    articles = [path.read_text(encoding="utf-8")
                for path in sorted((eval_dir / "entities-dev" / "text").glob("*.txt"))]
    bodies = [body for doc, body in truth.items() if fold_of(doc, folds) == fold]
    for index, text in enumerate(articles + bodies):
        got, words = words_kept(text, clean_whole(text, f"clean-{index}", model))
        kept, total = kept + got, total + words
    figures["clean_words_kept"] = kept / total
    return figures
