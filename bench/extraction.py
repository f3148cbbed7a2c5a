"""Score the cleaning stage on an extraction evaluation folder.

The folder holds `text/<id>.txt`, `html/<id>.html.gz` and `ground-truth.json` ({id: {articleBody}}).
Both paths run through `newsflow clean --jsonl`, the way the pipeline runs them, and are scored with
the benchmark's word 4-gram metric beside trafilatura's reference runs on the same pages, so a
change to the rules shows up as a number that compares with published figures.

Usage: python bench/extraction.py EVAL_DIR [--worst N]
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import trafilatura
from rich.console import Console
from rich.table import Table

SHINGLE = 4
TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Run:
    """One method's predictions on one input kind, with what it cost."""

    name: str
    texts: dict[str, str]
    seconds: float
    titles: int | None = None
    dates: int | None = None


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    per_doc: dict[str, tuple[float, float, float]]


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def doc_counts(truth: str, prediction: str) -> tuple[float, float, float]:
    """TP, FP, FN over 4-gram multisets, normalised to sum 1 so every page weighs the same."""
    true, pred = shingles(truth), shingles(prediction)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn or 1
    return tp / total, fp / total, fn / total


def score(truth: dict[str, str], predictions: dict[str, str]) -> Score:
    """Precision and recall from the averaged per-page counts, F1 from those two."""
    per_doc = {doc: doc_counts(body, predictions.get(doc, "")) for doc, body in truth.items()}
    tp, fp, fn = (statistics.mean(column) for column in zip(*per_doc.values(), strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1, per_doc)


def doc_id(path: str) -> str:
    return Path(path).name.split(".")[0]


def newsflow_executable() -> str:
    """The CLI installed beside this interpreter, so the bench scores the checkout's code."""
    beside = Path(sys.executable).with_name("newsflow")
    found = str(beside) if beside.exists() else shutil.which("newsflow")
    if found is None:
        sys.exit("newsflow CLI not found: install the project (make) first")
    return found


def run_newsflow(name: str, folder: Path) -> Run:
    """Clean a folder with `newsflow clean --jsonl`; pages it skips count as empty."""
    start = time.perf_counter()
    completed = subprocess.run(
        [newsflow_executable(), "clean", "--jsonl", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - start
    records = [json.loads(line) for line in completed.stdout.splitlines() if line.strip()]
    return Run(
        name=name,
        texts={doc_id(r["source"]): r["text"] for r in records},
        seconds=seconds,
        titles=sum(bool(r["title"]) for r in records),
        dates=sum(bool(r["published_date"]) for r in records),
    )


def run_reference(name: str, pages: dict[str, str], extract: Callable[[str], str | None]) -> Run:
    start = time.perf_counter()
    texts = {doc: extract(page) or "" for doc, page in pages.items()}
    return Run(name=name, texts=texts, seconds=time.perf_counter() - start)


def wrap_lines(text: str) -> str:
    """Plain text as one <p> per line: the simplest way to hand text to trafilatura."""
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
    return f"<html><body>{paragraphs}</body></html>"


def load_pages(folder: Path, truth: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    texts = {doc: (folder / "text" / f"{doc}.txt").read_text(encoding="utf-8") for doc in truth}
    pages = {}
    for doc in truth:
        with gzip.open(folder / "html" / f"{doc}.html.gz", "rt", encoding="utf-8") as fh:
            pages[doc] = fh.read()
    return texts, pages


def report(console: Console, truth: dict[str, str], runs: list[Run], worst: int) -> None:
    table = Table(title=f"Extraction on {len(truth)} pages (word {SHINGLE}-gram shingles)")
    for column in ("input", "method", "precision", "recall", "F1", "docs/s", "titles", "dates"):
        justify = "left" if column in ("input", "method") else "right"
        table.add_column(column, justify=justify, no_wrap=True)
    for run in runs:
        result = score(truth, run.texts)
        kind, method = run.name.split(": ", 1)
        table.add_row(
            kind,
            method,
            f"{result.precision:.3f}",
            f"{result.recall:.3f}",
            f"{result.f1:.3f}",
            f"{len(truth) / run.seconds:.1f}",
            "-" if run.titles is None else str(run.titles),
            "-" if run.dates is None else str(run.dates),
        )
        if worst and run.titles is not None:
            print_worst(console, run.name, result, worst)
    console.print(table)


def print_worst(console: Console, name: str, result: Score, count: int) -> None:
    """The pages pulling a path down, to find failure classes (not to tune single pages)."""
    ranked = sorted(result.per_doc.items(), key=lambda item: item[1][0])[:count]
    console.print(f"[bold]{name}[/]: worst {count} pages (tp, fp, fn)")
    for doc, (tp, fp, fn) in ranked:
        console.print(f"  {doc[:12]}  tp={tp:.2f} fp={fp:.2f} fn={fn:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", type=Path, help="folder with text/, html/, ground-truth.json")
    parser.add_argument("--worst", type=int, default=0, help="list the N lowest-scoring pages")
    args = parser.parse_args()

    ground_truth = json.loads((args.eval_dir / "ground-truth.json").read_text(encoding="utf-8"))
    truth = {doc: entry["articleBody"] for doc, entry in ground_truth.items()}
    texts, pages = load_pages(args.eval_dir, truth)
    runs = [
        run_newsflow("text: newsflow clean", args.eval_dir / "text"),
        run_reference(
            "text: trafilatura, one <p> a line",
            texts,
            lambda text: trafilatura.extract(wrap_lines(text)),
        ),
        run_newsflow("html: newsflow clean", args.eval_dir / "html"),
        run_reference("html: trafilatura defaults", pages, trafilatura.extract),
        run_reference(
            "html: trafilatura favor_precision",
            pages,
            lambda page: trafilatura.extract(page, favor_precision=True),
        ),
    ]
    report(Console(width=120), truth, runs, args.worst)


if __name__ == "__main__":
    main()
