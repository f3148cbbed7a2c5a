"""Score the cleaning stage on the development pages, cross-validated, beside trafilatura.

Two evaluation folders, two metrics:
- EXTRACTION_DIR (`text/`, `html/`, `ground-truth.json`): word 4-gram ("shingle") precision and
  recall averaged over pages, F1 from the two averages (the benchmark's published metric);
- SNIPPET_DIR (`text/`, `html/`, `gold.json`): trafilatura's snippet metric, `with` snippets found
  are true positives, missed ones false negatives, `without` snippets found false positives.

The text path's line model is trained on the development pages, so its figures on those pages
are worth nothing alone. Pages are split into K folds by id (the same split for every corpus);
for each fold a model is trained on the other folds of both corpora and scores the held-out
fold ("cross-validated"). The model trained on every page scores every page too ("training"):
the gap between the two shows how much of a figure is memorised. Each row also gives the
lowest and highest F1 of the folds scored one at a time.

Clean input kept: the share of words that come back (title and text) when already clean text is
cleaned: the extraction pages' ground-truth bodies (cross-validated, their bodies are training
pages) and, when ENTITIES_DIR is given, its `text/` articles (never trained on).

Usage: python bench/extraction.py EXTRACTION_DIR SNIPPET_DIR [ENTITIES_DIR] [--folds K]
       [--worst N] [--only text|html]
"""

from __future__ import annotations

import argparse
import gzip
import html
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import trafilatura
from charset_normalizer import from_bytes
from newsflow.clean import CleaningError
from newsflow.clean.html import clean_html
from newsflow.clean.linemodel import LineModel
from newsflow.clean.text import clean_text
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_line_model import (
    TrainingPage,
    fit,
    fold_of,
    load_training_pages,
    read_extraction_truth,
    read_snippet_gold,
)

SHINGLE = 4
TOKEN = re.compile(r"\w+")
SPACES = re.compile(r"\s+")

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


def wrap_lines(text: str) -> str:
    """Plain text as one <p> per line: the simplest way to hand text to trafilatura."""
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
    return f"<html><body>{paragraphs}</body></html>"


REFERENCES: dict[str, dict[str, Callable[[str], str | None]]] = {
    "text": {
        "page as-is": lambda text: text,
        "trafilatura, one <p> a line": lambda text: trafilatura.extract(wrap_lines(text)),
    },
    "html": {
        "trafilatura defaults": trafilatura.extract,
        "trafilatura favor_precision": lambda page: trafilatura.extract(page, favor_precision=True),
    },
}


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


def kept_row(name: str, texts: Mapping[str, str], model_for: Callable[[str], LineModel]) -> list:
    shares, kept_total, all_total = [], 0, 0
    for doc, text in texts.items():
        kept, total = words_kept(text, clean_whole(text, doc, model_for(doc)))
        shares.append(kept / total if total else 1.0)
        kept_total, all_total = kept_total + kept, all_total + total
    below = sum(share < 0.99 for share in shares)
    return [name, str(len(texts)), f"{kept_total / all_total:.4f}", f"{min(shares):.3f}",
            str(below)]


def fold_spread(reference: Mapping, predictions: Mapping[str, str],
                score: Callable[[Mapping, Mapping[str, str]], Score], folds: int) -> str:
    """The lowest and highest F1 of the folds scored one at a time: how far a figure on one
    fifth of the pages moves, a guide to how far it may move on new pages."""
    figures = [
        score({doc: truth for doc, truth in reference.items() if fold_of(doc, folds) == k},
              predictions).f1
        for k in range(folds)
    ]
    return f"{min(figures):.3f}–{max(figures):.3f}"


def gate_figures(eval_dir: Path, folds: int, fold: int) -> dict[str, float]:
    """The quality gate's figures: a model trained outside one fold scores that fold.

    Keys: `<corpus>_<input>_f1` for extraction (shingle) and snippets (snippet metric) on the
    text and HTML paths, `html_empty_pages`, and `clean_words_kept` (entities-dev articles and
    the held-out extraction bodies fed as input, pooled).
    """
    extraction, snippets = eval_dir / "extraction-dev", eval_dir / "cleaning-trafilatura-dev"
    pages = load_training_pages(extraction, snippets)
    model = fit([p for p in pages if fold_of(p.doc_id, folds) != fold])
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("extraction_dir", type=Path, help="extraction-dev folder")
    parser.add_argument("snippet_dir", type=Path, help="cleaning-trafilatura-dev folder")
    parser.add_argument("entities_dir", type=Path, nargs="?", help="entities-dev folder")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (K)")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst held-out pages")
    parser.add_argument("--only", choices=("text", "html"), help="score one input kind")
    args = parser.parse_args()
    console = Console(width=120)

    started = time.perf_counter()
    pages = load_training_pages(args.extraction_dir, args.snippet_dir)
    models = train_models(pages, args.folds)
    console.print(f"{args.folds} fold models and the full model trained in "
                  f"{time.perf_counter() - started:.0f} s ({models.everything.version})")

    truth = read_extraction_truth(args.extraction_dir)
    gold = read_snippet_gold(args.snippet_dir)
    corpora: list[tuple[str, Path, Mapping, Callable[[Mapping, Mapping[str, str]], Score]]] = [
        ("extraction (shingle F1)", args.extraction_dir, truth, shingle_score),
        ("snippets (snippet F1)", args.snippet_dir, gold, snippet_score),
    ]
    kinds = [args.only] if args.only else ["text", "html"]
    table = Table(title=f"Cleaning, {args.folds}-fold cross-validated")
    for column in ("corpus", "input", "method", "precision", "recall", "F1", "fold F1s", "empty",
                   "s"):
        table.add_column(column, justify="left" if column in ("corpus", "input", "method")
                         else "right", no_wrap=True)
    for corpus, folder, reference, score in corpora:
        ids = list(reference)
        inputs = read_inputs(folder, ids)
        for kind in kinds:
            contents = inputs[kind]
            runs: list[tuple[str, Callable[[str, str], str]]] = [
                ("newsflow, cross-validated",
                 lambda doc, c, kind=kind: CLEANERS[kind](c, doc, models.held_out(doc))),
                ("newsflow, training pages",
                 lambda doc, c, kind=kind: CLEANERS[kind](c, doc, models.everything)),
            ]
            runs += [(name, lambda doc, c, f=f: f(c) or "")
                     for name, f in REFERENCES[kind].items()]
            for method, run in runs:
                start = time.perf_counter()
                predictions = {doc: run(doc, contents[doc]) for doc in ids}
                result = score(reference, predictions)
                empty = sum(not predictions[doc].strip() for doc in ids)
                table.add_row(corpus, kind, method, f"{result.precision:.3f}",
                              f"{result.recall:.3f}", f"{result.f1:.3f}",
                              fold_spread(reference, predictions, score, args.folds), str(empty),
                              f"{time.perf_counter() - start:.0f}")
                if args.worst and method.endswith("cross-validated"):
                    worst = sorted(result.per_doc.items(), key=lambda item: item[1])
                    console.print(f"{corpus} {kind}: worst held-out pages: " + ", ".join(
                        f"{doc} {f1:.2f}" for doc, f1 in worst[: args.worst]))
    console.print(table)

    kept = Table(title="Already clean text fed as input: words that come back (title + text)")
    for column in ("input", "documents", "words kept", "worst document", "documents < 99 %"):
        kept.add_column(column, justify="left" if column == "input" else "right")
    kept.add_row(*kept_row("extraction ground-truth bodies (cross-validated)", truth,
                           models.held_out))
    if args.entities_dir:
        articles = {path.stem: path.read_text(encoding="utf-8")
                    for path in sorted((args.entities_dir / "text").glob("*.txt"))}
        kept.add_row(*kept_row("entities-dev articles (never trained on)", articles,
                               lambda doc: models.everything))
    console.print(kept)


if __name__ == "__main__":
    main()
