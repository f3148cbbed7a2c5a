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
import html
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import trafilatura
from newsflow.clean.linemodel import LineModel
from newsflow.devtools.linetraining import (
    fold_of,
    load_training_pages,
    read_extraction_truth,
    read_snippet_gold,
)
from newsflow.devtools.scoring import (
    CLEANERS,
    Score,
    clean_whole,
    read_inputs,
    shingle_score,
    snippet_score,
    train_models,
    words_kept,
)
from rich.console import Console
from rich.table import Table


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
